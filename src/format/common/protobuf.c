/* protobuf.c - the protobuf wire format: field writer and pull reader. */
#include "protobuf.h"

#include <string.h>

#include "tpch_error.h"

int tpch_pb_tag(tpch_buf *b, uint32_t field, int wire) {
  return tpch_pb_varint(b, ((uint64_t)field << 3) | (uint64_t)wire);
}

int tpch_pb_uint(tpch_buf *b, uint32_t field, uint64_t v) {
  int rc = tpch_pb_tag(b, field, TPCH_PB_VARINT);
  return rc != TPCH_OK ? rc : tpch_pb_varint(b, v);
}

int tpch_pb_int(tpch_buf *b, uint32_t field, int64_t v) {
  return tpch_pb_uint(b, field, (uint64_t)v);
}

int tpch_pb_sint(tpch_buf *b, uint32_t field, int64_t v) {
  return tpch_pb_uint(b, field, tpch_zigzag64(v));
}

int tpch_pb_double(tpch_buf *b, uint32_t field, double v) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  int rc = tpch_pb_tag(b, field, TPCH_PB_I64);
  return rc != TPCH_OK ? rc : tpch_buf_put_le(b, bits, 8);
}

int tpch_pb_bytes(tpch_buf *b, uint32_t field, const void *p, size_t n) {
  int rc = tpch_pb_tag(b, field, TPCH_PB_LEN);
  if (rc == TPCH_OK) rc = tpch_pb_varint(b, n);
  if (rc == TPCH_OK) rc = tpch_buf_append(b, p, n);
  return rc;
}

int tpch_pb_str(tpch_buf *b, uint32_t field, const char *s) {
  return tpch_pb_bytes(b, field, s, strlen(s));
}

int tpch_pb_packed(tpch_buf *b, uint32_t field, const uint64_t *v, size_t n) {
  if (n == 0) return TPCH_OK;
  size_t body = 0;
  for (size_t i = 0; i < n; i++)
    body += tpch_uvarint_size(v[i]);
  int rc = tpch_pb_tag(b, field, TPCH_PB_LEN);
  if (rc == TPCH_OK) rc = tpch_pb_varint(b, body);
  if (rc == TPCH_OK) rc = tpch_buf_reserve(b, body);
  if (rc != TPCH_OK) return rc;
  for (size_t i = 0; i < n; i++)
    b->len += tpch_uvarint_put(b->data + b->len, v[i]);
  return TPCH_OK;
}

int tpch_pb_begin(tpch_buf *b, uint32_t field, size_t *mark) {
  int rc = tpch_pb_tag(b, field, TPCH_PB_LEN);
  *mark = b->len;
  return rc;
}

int tpch_pb_end(tpch_buf *b, size_t mark) {
  size_t body = b->len - mark;
  uint8_t len[10];
  size_t n = tpch_uvarint_put(len, body);
  int rc = tpch_buf_reserve(b, n);
  if (rc != TPCH_OK) return rc;
  memmove(b->data + mark + n, b->data + mark, body);
  memcpy(b->data + mark, len, n);
  b->len += n;
  return TPCH_OK;
}

int tpch_pb_read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out) {
  return tpch_uvarint_get(p, end, out);
}

int tpch_pb_next(tpch_pb_reader *r, tpch_pb_field *f) {
  if (r->p >= r->end) return 0;
  const uint8_t *start = r->p;
  uint64_t key;
  if (tpch_pb_read_varint(&r->p, r->end, &key) != 0) return -1;
  memset(f, 0, sizeof *f);
  f->num = (uint32_t)(key >> 3);
  f->wire = (int)(key & 7);
  if (f->num == 0 || (key >> 3) > 0x1fffffff) return -1;
  switch (f->wire) {
  case TPCH_PB_VARINT:
    if (tpch_pb_read_varint(&r->p, r->end, &f->v) != 0) return -1;
    break;
  case TPCH_PB_I64:
  case TPCH_PB_I32: {
    size_t n = f->wire == TPCH_PB_I64 ? 8 : 4;
    if ((size_t)(r->end - r->p) < n) return -1;
    for (size_t i = 0; i < n; i++)
      f->v |= (uint64_t)r->p[i] << (8 * i);
    r->p += n;
    break;
  }
  case TPCH_PB_LEN: {
    uint64_t n;
    if (tpch_pb_read_varint(&r->p, r->end, &n) != 0) return -1;
    if (n > (uint64_t)(r->end - r->p)) return -1;
    f->data = r->p;
    f->len = (size_t)n;
    r->p += n;
    break;
  }
  default: return -1; /* groups (3, 4) and reserved types */
  }
  f->start = start;
  f->raw_len = (size_t)(r->p - start);
  return 1;
}
