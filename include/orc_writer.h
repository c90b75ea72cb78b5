/*
 * orc_writer.h - an Apache ORC file writer for Arrow C Data Interface
 * batches, following tpch_writer.h (create / write / write_stream / close /
 * destroy, options where 0 means the default, every failure final).
 *
 * No ORC or Arrow library underneath: ORC v1 files (file version 0.12) with
 * protobuf footer, postscript, stripe footers and row indexes; RLE v2
 * integers and dates, decimals as DATA varints + SECONDARY scales, strings
 * DIRECT_V2 or DICTIONARY_V2 (chosen per stripe), booleans, floating point,
 * PRESENT streams for nulls; zstd (default), snappy, zlib or no compression
 * in chunks with ORC's 3-byte headers; exact statistics per row group,
 * stripe and file.
 *
 * Types: bool, int8/16/32/64, float32/64, decimal128 (precision <= 38),
 * date32, utf8/large_utf8 (ORC string), binary/large_binary; any flat
 * struct schema of these, nullable or not.
 *
 * The file appears under its final name only when close succeeds.
 *
 * Parallel use: a tpch_orc_stripe_encoder turns batches into one finished
 * stripe without touching any file; several may run on different threads,
 * and tpch_orc_writer_append_stripe() adds finished stripes in the caller's
 * order. The bytes do not depend on which thread encoded what.
 */
#ifndef TPCH_ORC_WRITER_H
#define TPCH_ORC_WRITER_H

#include <stdint.h>

#include "tpch_writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Public API: exported from libtpchgen.so (built with -fvisibility=hidden). */
#pragma GCC visibility push(default)

typedef enum tpch_orc_compression {
  TPCH_ORC_COMPRESSION_DEFAULT = 0, /* zstd */
  TPCH_ORC_COMPRESSION_ZSTD = 1,
  TPCH_ORC_COMPRESSION_SNAPPY = 2,
  TPCH_ORC_COMPRESSION_ZLIB = 3,
  TPCH_ORC_COMPRESSION_NONE = 4
} tpch_orc_compression;

typedef struct tpch_orc_writer_options {
  tpch_orc_compression compression; /* 0 = zstd */
  int compression_level;            /* 0 = codec default (zstd 3, zlib 6) */
  int64_t stripe_bytes;             /* 0 = 64 MiB of encoded, uncompressed stream bytes
                                       (tpch_orc_writer_write cuts stripes at row-group
                                       boundaries once this is reached) */
  int64_t row_index_stride;         /* 0 = 10000 rows per row group */
  int64_t compression_block;        /* 0 = 256 KiB chunks */
  tpch_write_mode mode;             /* CREATE (default) or OVERWRITE; APPEND is unsupported */
  int no_fsync;                     /* 1: skip fsync before the rename (0 = fsync) */
} tpch_orc_writer_options;

/* Fills `opts` with the defaults (all zero). */
void tpch_orc_writer_options_init(tpch_orc_writer_options *opts);

typedef struct tpch_orc_writer tpch_orc_writer;

/*
 * Opens a writer for `path` with the columns of `schema` (format "+s").
 * On failure *out is NULL and nothing exists at `path`. TPCH_EEXIST if
 * `path` exists in CREATE mode, TPCH_EUNSUPPORTED for a column type (or
 * APPEND mode) it cannot write, TPCH_EINVAL for bad options.
 */
int tpch_orc_writer_create(tpch_orc_writer **out, const char *path, const struct ArrowSchema *schema,
                           const tpch_orc_writer_options *opts, tpch_error *err);

/* Appends the rows of `batch` (a struct array matching the schema). A batch
 * that does not match gives TPCH_ESCHEMA, a malformed one TPCH_EINVAL, null
 * rows of the struct TPCH_EUNSUPPORTED; like every failure it is final. */
int tpch_orc_writer_write(tpch_orc_writer *w, const struct ArrowArray *batch, tpch_error *err);

/* Writes every batch of `stream` and releases the stream (also on failure).
 * The stream's schema must match the writer's. */
int tpch_orc_writer_write_stream(tpch_orc_writer *w, struct ArrowArrayStream *stream, tpch_error *err);

/* Writes the last stripe, the metadata, footer and postscript, fsyncs and
 * renames the file to its final name. */
int tpch_orc_writer_close(tpch_orc_writer *w, tpch_error *err);

/* Frees the writer; removes the temporary file unless close succeeded. NULL is fine. */
void tpch_orc_writer_destroy(tpch_orc_writer *w);

/* After a successful close: the file's size in bytes and its row count. */
int tpch_orc_writer_info(const tpch_orc_writer *w, int64_t *file_bytes, int64_t *rows, tpch_error *err);

/* ---- parallel stripe encoding ------------------------------------------- */

typedef struct tpch_orc_stripe_encoder tpch_orc_stripe_encoder;
typedef struct tpch_orc_stripe tpch_orc_stripe; /* one encoded stripe */

/* An encoder for the columns of `schema` with `opts` (NULL = defaults). */
int tpch_orc_stripe_encoder_create(tpch_orc_stripe_encoder **out, const struct ArrowSchema *schema,
                                   const tpch_orc_writer_options *opts, tpch_error *err);

/* Adds all rows of `batch` to the stripe being built (no size limit: the
 * caller decides where stripes end). */
int tpch_orc_stripe_encoder_add(tpch_orc_stripe_encoder *e, const struct ArrowArray *batch, tpch_error *err);

/* Finishes the stripe into *out (the caller owns it; NULL-free with
 * tpch_orc_stripe_free) and resets the encoder for the next one. */
int tpch_orc_stripe_encoder_finish(tpch_orc_stripe_encoder *e, tpch_orc_stripe **out, tpch_error *err);

/* NULL is fine. */
void tpch_orc_stripe_encoder_destroy(tpch_orc_stripe_encoder *e);

/* Rows and bytes of a finished stripe. */
int64_t tpch_orc_stripe_rows(const tpch_orc_stripe *s);
int64_t tpch_orc_stripe_bytes(const tpch_orc_stripe *s);

/* Writes a finished stripe (from an encoder with the same schema and
 * options) as the next stripe of `w` and frees it, whether or not the write
 * succeeds. Rows added with tpch_orc_writer_write are flushed first. */
int tpch_orc_writer_append_stripe(tpch_orc_writer *w, tpch_orc_stripe *s, tpch_error *err);

/* NULL is fine. */
void tpch_orc_stripe_free(tpch_orc_stripe *s);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCH_ORC_WRITER_H */
