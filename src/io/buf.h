/*
 * buf.h - a growable byte buffer. Encoders write into one of these; only the
 * sink touches files.
 */
#ifndef TPCH_BUF_H
#define TPCH_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct tpch_buf {
  uint8_t *data;
  size_t len;
  size_t cap;
} tpch_buf;

/* An empty buffer; no allocation until the first append. */
void tpch_buf_init(tpch_buf *b);

/* Frees the storage and leaves an empty buffer (safe to call twice). */
void tpch_buf_free(tpch_buf *b);

/* Makes room for `extra` more bytes. Returns TPCH_OK or TPCH_ENOMEM. */
int tpch_buf_grow(tpch_buf *b, size_t extra);

static inline int tpch_buf_reserve(tpch_buf *b, size_t extra) {
  return (b->cap - b->len >= extra) ? 0 : tpch_buf_grow(b, extra);
}

/* Appends `n` bytes. Returns TPCH_OK or TPCH_ENOMEM. */
static inline int tpch_buf_append(tpch_buf *b, const void *p, size_t n) {
  int rc = tpch_buf_reserve(b, n);
  if (rc != 0) return rc;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  return 0;
}

static inline int tpch_buf_put_u8(tpch_buf *b, uint8_t v) {
  return tpch_buf_append(b, &v, 1);
}

/* Little-endian fixed-width writes (the machines we target are LE, but the
 * byte order is spelled out so the encoders do not depend on it). */
static inline int tpch_buf_put_le(tpch_buf *b, uint64_t v, int nbytes) {
  uint8_t tmp[8];
  for (int i = 0; i < nbytes; i++)
    tmp[i] = (uint8_t)(v >> (8 * i));
  return tpch_buf_append(b, tmp, (size_t)nbytes);
}

static inline void tpch_buf_reset(tpch_buf *b) {
  b->len = 0;
}

/* Varints (LEB128: seven bits a byte, low group first, high bit = more), as
 * protobuf, Thrift compact and Avro all write them. */

/* Bytes the varint of `v` takes (1..10). */
static inline size_t tpch_uvarint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    n++;
  }
  return n;
}

/* Writes the varint of `v` into `out` (room for 10 bytes); returns its length. */
static inline size_t tpch_uvarint_put(uint8_t *out, uint64_t v) {
  size_t n = 0;
  while (v >= 0x80) {
    out[n++] = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  out[n++] = (uint8_t)v;
  return n;
}

/* Appends the varint of `v`. Returns TPCH_OK or TPCH_ENOMEM. */
static inline int tpch_buf_put_uvarint(tpch_buf *b, uint64_t v) {
  int rc = tpch_buf_reserve(b, 10);
  if (rc != 0) return rc;
  b->len += tpch_uvarint_put(b->data + b->len, v);
  return 0;
}

/* Reads the varint at [*p, end) into *out and advances *p past it. Returns
 * 0, or -1 (nothing advanced) when it is truncated or longer than 10 bytes. */
static inline int tpch_uvarint_get(const uint8_t **p, const uint8_t *end, uint64_t *out) {
  uint64_t v = 0;
  const uint8_t *q = *p;
  for (int shift = 0; shift < 70; shift += 7) {
    if (q >= end) return -1;
    uint8_t c = *q++;
    v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) {
      *p = q;
      *out = v;
      return 0;
    }
  }
  return -1;
}

/* Zigzag (0,-1,1,-2.. -> 0,1,2,3..) in unsigned arithmetic: a right shift of
 * a negative value is implementation-defined in C. */
static inline uint64_t tpch_zigzag64(int64_t v) {
  uint64_t u = (uint64_t)v;
  return (u << 1) ^ (0 - (u >> 63));
}

#endif /* TPCH_BUF_H */
