/* orc_codec.c - chunked zstd / snappy / zlib / none for ORC streams. */
#include "orc_codec.h"

#include <snappy-c.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "tpch_error.h"

int orc_codec_init(orc_codec *c, orc_codec_kind kind, int level, size_t block) {
  memset(c, 0, sizeof *c);
  c->kind = kind;
  c->level = level;
  c->block = block;
  tpch_buf_init(&c->scratch);
  if (kind == ORC_CODEC_ZSTD) {
    if (c->level == 0) c->level = 3;
    c->zstd = ZSTD_createCCtx();
    if (c->zstd == NULL) return TPCH_ENOMEM;
  } else if (kind == ORC_CODEC_ZLIB) {
    if (c->level == 0) c->level = 6;
    if (c->level > 9) c->level = 9;
    z_stream *z = calloc(1, sizeof *z);
    if (z == NULL) return TPCH_ENOMEM;
    if (deflateInit2(z, c->level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      free(z);
      return TPCH_ENOMEM;
    }
    c->zlib = z;
  }
  return TPCH_OK;
}

void orc_codec_free(orc_codec *c) {
  if (c->zstd) ZSTD_freeCCtx(c->zstd);
  if (c->zlib) {
    deflateEnd(c->zlib);
    free(c->zlib);
  }
  c->zstd = NULL;
  c->zlib = NULL;
  tpch_buf_free(&c->scratch);
}

/* Compresses p[0..n) into dst (capacity cap); returns the size, or 0 when it
 * does not fit (the caller then stores the original), or -1 on failure. */
static long compress_into(orc_codec *c, const uint8_t *p, size_t n, uint8_t *dst, size_t cap) {
  switch (c->kind) {
  case ORC_CODEC_ZSTD: {
    size_t r = ZSTD_compressCCtx(c->zstd, dst, cap, p, n, c->level);
    if (ZSTD_isError(r)) return -1; /* dst holds ZSTD_compressBound(n): a real failure */
    return (long)r;
  }
  case ORC_CODEC_SNAPPY: {
    size_t out = cap;
    snappy_status st = snappy_compress((const char *)p, n, (char *)dst, &out);
    if (st == SNAPPY_BUFFER_TOO_SMALL) return 0;
    return st == SNAPPY_OK ? (long)out : -1;
  }
  case ORC_CODEC_ZLIB: {
    z_stream *z = c->zlib;
    if (deflateReset(z) != Z_OK) return -1;
    z->next_in = (Bytef *)(uintptr_t)p;
    z->avail_in = (uInt)n;
    z->next_out = dst;
    z->avail_out = (uInt)cap;
    int r = deflate(z, Z_FINISH);
    if (r == Z_STREAM_END) return (long)(cap - z->avail_out);
    return r == Z_OK || r == Z_BUF_ERROR ? 0 : -1;
  }
  default: return 0;
  }
}

int orc_codec_chunk(orc_codec *c, const uint8_t *p, size_t n, tpch_buf *out) {
  if (c->kind == ORC_CODEC_NONE) return tpch_buf_append(out, p, n) ? TPCH_ENOMEM : TPCH_OK;
  size_t bound = n + 3;
  if (c->kind == ORC_CODEC_SNAPPY) bound = snappy_max_compressed_length(n) + 3;
  if (c->kind == ORC_CODEC_ZSTD) bound = ZSTD_compressBound(n) + 3;
  if (tpch_buf_reserve(out, bound) != 0) return TPCH_ENOMEM;
  uint8_t *h = out->data + out->len;
  /* Room for the compressed bytes: snappy and zstd need their bound; a
   * result of n bytes or more is no gain, so the original is kept. */
  long z = compress_into(c, p, n, h + 3, bound - 3);
  if (z < 0) return TPCH_EIO;
  size_t len;
  int original = z == 0 || (size_t)z >= n;
  if (original) {
    memcpy(h + 3, p, n);
    len = n;
  } else {
    len = (size_t)z;
  }
  uint32_t v = (uint32_t)(len * 2 + (original ? 1 : 0));
  h[0] = (uint8_t)v;
  h[1] = (uint8_t)(v >> 8);
  h[2] = (uint8_t)(v >> 16);
  out->len += 3 + len;
  return TPCH_OK;
}

int orc_codec_blob(orc_codec *c, const uint8_t *p, size_t n, tpch_buf *out) {
  for (size_t at = 0; at < n;) {
    size_t take = n - at < c->block ? n - at : c->block;
    int rc = orc_codec_chunk(c, p + at, take, out);
    if (rc != TPCH_OK) return rc;
    at += take;
  }
  return TPCH_OK;
}
