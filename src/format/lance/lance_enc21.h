/*
 * lance_enc21.h - page encoder for Lance file format 2.1: the structural
 * mini-block layout with per-column compression (FastLanes bit-packing,
 * dictionaries, zstd or lz4 around chunks). I/O-free: it turns one buffered page of
 * a column into the page's buffers and its PageLayout message.
 *
 * Layout only: no full-zip. A page is refused (TPCH_EUNSUPPORTED) when a
 * value is longer than LANCE21_MAX_VALUE_BYTES, because a mini-block chunk
 * holds at least two values in 32 KiB. Facts: LANCE21.md.
 */
#ifndef TPCH_LANCE_ENC21_H
#define TPCH_LANCE_ENC21_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"
#include "lance_schema.h"
#include "lance_writer.h"
#include "tpch_error.h"

/* Longest variable-width value (bytes) a 2.1 page stores. */
#define LANCE21_MAX_VALUE_BYTES 16000

/* Default zstd level inside General chunks (as our Parquet's default). */
#define LANCE21_ZSTD_LEVEL 3

/* One buffered page of one column, as lance_file.c keeps it. */
typedef struct lance21_page {
  const lance_column_def *def;
  uint8_t *values; /* fixed width: rows * bits/8 bytes (null slots may be overwritten);
                      variable width: the non-null values' bytes */
  size_t values_len;
  const uint8_t *ends;     /* variable width: u64 LE end offset per row into `values` */
  const uint8_t *validity; /* bitmap, 1 = valid; NULL when the page has no null */
  int64_t rows, nulls;
} lance21_page;

typedef struct lance21_encoder lance21_encoder;

/* A new encoder (scratch buffers and, for zstd, a context) that wraps
 * chunks in `codec` where it pays (zstd at `zstd_level`, 0 = the default);
 * NULL when out of memory. Free with lance21_encoder_free (NULL is fine). */
lance21_encoder *lance21_encoder_new(tpch_lance_compression codec, int zstd_level);
void lance21_encoder_free(lance21_encoder *e);

/*
 * Encodes page `p` (rows > 0). On success *layout is the PageLayout message
 * and bufs[0..*nbufs) the page buffers, all owned by `e` and valid until the
 * next call. The choice of encodings depends only on the page's values.
 * TPCH_ENOMEM, TPCH_EUNSUPPORTED (a value too long), or TPCH_EIO (the
 * compressor failed).
 */
int lance21_encode_page(lance21_encoder *e, const lance21_page *p, const tpch_buf **layout,
                        const tpch_buf *bufs[3], int *nbufs, tpch_error *err);

/*
 * FastLanes bit-packing of exactly 1024 values of `t` bits (8/16/32/64)
 * given as u64 (each < 2^w) into 1024*w/t words of `t` bits, appended to
 * `out` little-endian. Exposed for the unit test.
 */
int lance21_fastlanes_pack(tpch_buf *out, const uint64_t *v, int t, int w);

#endif /* TPCH_LANCE_ENC21_H */
