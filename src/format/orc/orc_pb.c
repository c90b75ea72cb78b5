/* orc_pb.c - protobuf encoding for the ORC writer. */
#include "orc_pb.h"

#include <string.h>

#include "tpch_error.h"

enum { PB_VARINT = 0, PB_I64 = 1, PB_LEN = 2 };

static size_t varint_put(uint8_t *out, uint64_t v) {
  size_t n = 0;
  while (v >= 0x80) {
    out[n++] = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  out[n++] = (uint8_t)v;
  return n;
}

static size_t varint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    n++;
  }
  return n;
}

int orc_pb_varint(tpch_buf *b, uint64_t v) {
  if (tpch_buf_reserve(b, 10) != 0) return TPCH_ENOMEM;
  b->len += varint_put(b->data + b->len, v);
  return TPCH_OK;
}

static int tag(tpch_buf *b, uint32_t field, int wire) {
  return orc_pb_varint(b, ((uint64_t)field << 3) | (uint64_t)wire);
}

int orc_pb_uint(tpch_buf *b, uint32_t field, uint64_t v) {
  int rc = tag(b, field, PB_VARINT);
  return rc != TPCH_OK ? rc : orc_pb_varint(b, v);
}

int orc_pb_sint(tpch_buf *b, uint32_t field, int64_t v) {
  return orc_pb_uint(b, field, ((uint64_t)v << 1) ^ (v < 0 ? ~0ull : 0));
}

int orc_pb_double(tpch_buf *b, uint32_t field, double v) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  int rc = tag(b, field, PB_I64);
  return rc != TPCH_OK ? rc : tpch_buf_put_le(b, bits, 8);
}

int orc_pb_bytes(tpch_buf *b, uint32_t field, const void *p, size_t n) {
  int rc = tag(b, field, PB_LEN);
  if (rc == TPCH_OK) rc = orc_pb_varint(b, n);
  if (rc == TPCH_OK && tpch_buf_append(b, p, n) != 0) rc = TPCH_ENOMEM;
  return rc;
}

int orc_pb_str(tpch_buf *b, uint32_t field, const char *s) {
  return orc_pb_bytes(b, field, s, strlen(s));
}

int orc_pb_packed(tpch_buf *b, uint32_t field, const uint64_t *v, size_t n) {
  if (n == 0) return TPCH_OK;
  size_t body = 0;
  for (size_t i = 0; i < n; i++)
    body += varint_size(v[i]);
  int rc = tag(b, field, PB_LEN);
  if (rc == TPCH_OK) rc = orc_pb_varint(b, body);
  if (rc == TPCH_OK && tpch_buf_reserve(b, body) != 0) rc = TPCH_ENOMEM;
  if (rc != TPCH_OK) return rc;
  for (size_t i = 0; i < n; i++)
    b->len += varint_put(b->data + b->len, v[i]);
  return TPCH_OK;
}

int orc_pb_begin(tpch_buf *b, uint32_t field, size_t *mark) {
  int rc = tag(b, field, PB_LEN);
  *mark = b->len;
  return rc;
}

int orc_pb_end(tpch_buf *b, size_t mark) {
  size_t body = b->len - mark;
  size_t n = varint_size(body);
  if (tpch_buf_reserve(b, n) != 0) return TPCH_ENOMEM;
  memmove(b->data + mark + n, b->data + mark, body);
  varint_put(b->data + mark, body);
  b->len += n;
  return TPCH_OK;
}
