/*
 * parquet_writer.h - a Parquet file writer for Arrow C Data Interface batches.
 *
 * No Arrow or Parquet library underneath: thrift compact footer, PLAIN and
 * RLE_DICTIONARY pages, zstd/snappy/none compression, statistics and a page
 * index. Types: bool, int32, int64, float64, decimal128 (precision <= 18 as
 * INT64, larger as FIXED_LEN_BYTE_ARRAY), date32, utf8/binary; nullable or not.
 *
 * Lifetime: parquet_writer_create -> parquet_writer_write_batch (any number of
 * times) -> parquet_writer_close -> parquet_writer_destroy. The file appears
 * under its final name only when close succeeds; destroy without close (or
 * after a failure) removes the temporary file.
 *
 * Ownership: the caller keeps the ArrowSchema and ArrowArray structs it
 * passes; the writer copies what it needs during the call and keeps no
 * pointer into them. Every function returns TPCH_OK (0) or a negative
 * tpch_error code and, when `err` is non-NULL, fills it with a message.
 *
 * Parallel use: a parquet_rowgroup_encoder turns batches into one encoded row
 * group without touching any file; several encoders may run on different
 * threads, and parquet_writer_append_rowgroup() then writes the finished row
 * groups in the caller's order. The bytes do not depend on which thread
 * encoded what.
 */
#ifndef TPCH_PARQUET_WRITER_H
#define TPCH_PARQUET_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "tpch_arrow.h"
#include "tpch_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is the library's public API, exported from
 * libtpchgen.so (which is built with -fvisibility=hidden). */
#pragma GCC visibility push(default)

typedef enum parquet_compression {
  PARQUET_COMPRESSION_NONE = 0,
  PARQUET_COMPRESSION_SNAPPY = 1,
  PARQUET_COMPRESSION_ZSTD = 6
} parquet_compression;

typedef struct parquet_writer_options {
  parquet_compression compression; /* default ZSTD */
  int compression_level;           /* zstd level; default 3 */
  int64_t row_group_rows;          /* > 0: cut row groups by rows; default 0 */
  int64_t row_group_bytes;         /* else by uncompressed bytes; default 128 MiB */
  int64_t page_bytes;              /* target uncompressed data page size; default 1 MiB */
  int data_page_version;           /* 1 (default) or 2 */
  int dictionary;                  /* 1 (default): dictionary-encode where it pays */
  int64_t dictionary_max_bytes;    /* fallback to PLAIN past this; default 1 MiB */
  int write_page_index;            /* 1 (default): ColumnIndex + OffsetIndex */
  int overwrite;                   /* 1: replace an existing file; default 0 */
  int fsync;                       /* 1 (default): fsync before the rename */
  const int32_t *field_ids;        /* NULL, or one Parquet field_id per top-level column
                                      (Iceberg); copied at create */
  const char *const *kv_metadata;  /* NULL, or key, value, key, value, ..., NULL; copied */
  int64_t sorting_column;          /* -1 (default) or the index of a column the rows are
                                      sorted by (ascending), written as sorting_columns */
  int64_t page_rows;               /* > 0: also end a data page after this many rows (smaller
                                      pages let a page index skip more); default 0 = only
                                      page_bytes (and an internal cap of 1 Mi rows) */
} parquet_writer_options;

/* Fills `opts` with the defaults above. */
void parquet_writer_options_init(parquet_writer_options *opts);

typedef struct parquet_writer parquet_writer;

/*
 * Opens a writer for `path` with the columns of `schema` (a struct schema,
 * format "+s", one child per column). `opts` may be NULL for defaults. On
 * success *out is a new writer; on failure *out is NULL and nothing exists at
 * `path`. Fails with TPCH_EEXIST if `path` exists and opts->overwrite is 0,
 * TPCH_EUNSUPPORTED for a column type it cannot write.
 */
int parquet_writer_create(parquet_writer **out, const char *path, const struct ArrowSchema *schema,
                          const parquet_writer_options *opts, tpch_error *err);

/*
 * Appends the rows of `batch` (a struct array matching the schema given at
 * create). Row groups are cut and written as they fill. A batch that does not
 * match gives TPCH_ESCHEMA (see tpch_arrow_check_batch for every check). Any
 * failure is final: later calls give TPCH_ESTATE and close publishes nothing.
 * Zero-length batches are allowed.
 */
int parquet_writer_write_batch(parquet_writer *w, const struct ArrowArray *batch, tpch_error *err);

/*
 * Writes every batch of `stream`, whose schema must equal the writer's
 * (TPCH_ESCHEMA otherwise). Consumes the stream: it is released before the
 * call returns, whatever the outcome. Any failure is final (the writer then
 * only answers TPCH_ESTATE and close publishes nothing).
 */
int parquet_writer_write_stream(parquet_writer *w, struct ArrowArrayStream *stream, tpch_error *err);

/*
 * Flushes the last row group, writes the page index and footer, fsyncs and
 * renames the file to its final name. After a failure nothing is left under
 * the final name.
 */
int parquet_writer_close(parquet_writer *w, tpch_error *err);

/* Frees the writer; removes the temporary file if close did not succeed. NULL is fine. */
void parquet_writer_destroy(parquet_writer *w);

/* What a closed file holds, per column (for Iceberg manifests and summaries). */
typedef struct parquet_column_info {
  int64_t num_values;      /* including nulls */
  int64_t null_count;
  int64_t compressed_bytes; /* sum over row groups of the chunk sizes */
  int has_min_max;         /* 0 when every value is null */
  /* min and max in Parquet's PLAIN statistics encoding (little-endian ints,
   * raw bytes for strings; FIXED_LEN_BYTE_ARRAY decimals big-endian) */
  uint8_t min[64], max[64];
  int min_len, max_len;
  int min_exact, max_exact;
} parquet_column_info;

typedef struct parquet_file_info {
  int64_t num_rows;
  int64_t file_bytes;
  int64_t num_row_groups;
  int64_t num_columns;
  const parquet_column_info *columns; /* owned by the writer; valid until destroy */
} parquet_file_info;

/* After a successful close: fills `info`. TPCH_ESTATE before that. */
int parquet_writer_file_info(const parquet_writer *w, parquet_file_info *info, tpch_error *err);

/* ---- parallel row-group encoding ---------------------------------------- */

typedef struct parquet_rowgroup_encoder parquet_rowgroup_encoder;
typedef struct parquet_rowgroup parquet_rowgroup; /* one encoded row group */

/* An encoder for the columns of `schema` with `opts` (NULL = defaults). */
int parquet_rowgroup_encoder_create(parquet_rowgroup_encoder **out, const struct ArrowSchema *schema,
                                    const parquet_writer_options *opts, tpch_error *err);

/* Adds all rows of `batch` to the row group being built (no size limit is
 * applied: the caller decides where row groups end). */
int parquet_rowgroup_encoder_add(parquet_rowgroup_encoder *e, const struct ArrowArray *batch,
                                 tpch_error *err);

/* Finishes the row group into *out (the caller owns it) and resets the
 * encoder for the next one. */
int parquet_rowgroup_encoder_finish(parquet_rowgroup_encoder *e, parquet_rowgroup **out,
                                    tpch_error *err);

void parquet_rowgroup_encoder_destroy(parquet_rowgroup_encoder *e);

/* Rows and encoded bytes of a finished row group. */
int64_t parquet_rowgroup_rows(const parquet_rowgroup *rg);
int64_t parquet_rowgroup_bytes(const parquet_rowgroup *rg);

/*
 * Writes a finished row group (from an encoder with the same schema and
 * options) as the next row group of `w`, and frees it whether or not the
 * write succeeds. Must not be mixed with row groups still half-built by
 * parquet_writer_write_batch (flushes those first).
 */
int parquet_writer_append_rowgroup(parquet_writer *w, parquet_rowgroup *rg, tpch_error *err);

void parquet_rowgroup_free(parquet_rowgroup *rg);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCH_PARQUET_WRITER_H */
