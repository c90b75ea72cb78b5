/*
 * orc_codec.h - ORC's generic compression: chunks of at most `block` bytes,
 * each behind a 3-byte little-endian header (length * 2 + isOriginal), the
 * original bytes kept when compressing does not make them smaller. zlib is
 * raw deflate (no zlib header), snappy is raw snappy, zstd is one frame per
 * chunk. NONE writes the bytes as they are, without headers.
 */
#ifndef TPCH_ORC_CODEC_H
#define TPCH_ORC_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"

/* The values are ORC's CompressionKind. */
typedef enum orc_codec_kind {
  ORC_CODEC_NONE = 0,
  ORC_CODEC_ZLIB = 1,
  ORC_CODEC_SNAPPY = 2,
  ORC_CODEC_ZSTD = 5
} orc_codec_kind;

typedef struct orc_codec {
  orc_codec_kind kind;
  int level;
  size_t block; /* chunk size (uncompressed), < 8 MiB */
  void *zstd;   /* ZSTD_CCtx, reused for every chunk */
  void *zlib;   /* z_stream */
  tpch_buf scratch;
} orc_codec;

/* Sets up a codec of `kind` at `level` (0 = the codec's default). Returns
 * TPCH_OK or TPCH_ENOMEM. */
int orc_codec_init(orc_codec *c, orc_codec_kind kind, int level, size_t block);

/* Frees what init allocated (safe on a zeroed or freed codec). */
void orc_codec_free(orc_codec *c);

/* Appends one chunk of `n` <= block bytes (header included unless NONE).
 * Returns TPCH_OK, TPCH_ENOMEM, or TPCH_EIO if the compressor fails. */
int orc_codec_chunk(orc_codec *c, const uint8_t *p, size_t n, tpch_buf *out);

/* Appends `n` bytes as consecutive chunks (footer, metadata, indexes). */
int orc_codec_blob(orc_codec *c, const uint8_t *p, size_t n, tpch_buf *out);

#endif /* TPCH_ORC_CODEC_H */
