/*
 * parquet_writer.h - a Parquet file writer for Arrow C Data Interface batches.
 *
 * No Arrow or Parquet library underneath: thrift compact footer, PLAIN and
 * RLE_DICTIONARY pages, zstd/snappy/none compression, statistics and a page
 * index. Types: bool, int32, int64, float64, decimal128 (precision <= 18 as
 * INT64, larger as FIXED_LEN_BYTE_ARRAY), date32, utf8/binary; nullable or not.
 *
 * Lifetime: tpch_parquet_writer_create -> tpch_parquet_writer_write (any number of
 * times) -> tpch_parquet_writer_close -> tpch_parquet_writer_destroy. The file appears
 * under its final name only when close succeeds; destroy without close (or
 * after a failure) removes the temporary file.
 *
 * Ownership: the caller keeps the ArrowSchema and ArrowArray structs it
 * passes; the writer copies what it needs during the call and keeps no
 * pointer into them. Every function returns TPCH_OK (0) or a negative
 * tpch_error code and, when `err` is non-NULL, fills it with a message.
 *
 * Parallel use: a tpch_parquet_rowgroup_encoder turns batches into one encoded row
 * group without touching any file; several encoders may run on different
 * threads, and tpch_parquet_writer_append_rowgroup() then writes the finished row
 * groups in the caller's order. The bytes do not depend on which thread
 * encoded what.
 */
#ifndef TPCH_PARQUET_WRITER_H
#define TPCH_PARQUET_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "tpch_arrow.h"
#include "tpch_error.h"
#include "tpch_writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is the library's public API, exported from
 * libtpchgen.so (which is built with -fvisibility=hidden). */
#pragma GCC visibility push(default)

typedef enum tpch_parquet_compression {
  TPCH_PARQUET_COMPRESSION_DEFAULT = 0, /* zstd */
  TPCH_PARQUET_COMPRESSION_ZSTD = 1,
  TPCH_PARQUET_COMPRESSION_SNAPPY = 2,
  TPCH_PARQUET_COMPRESSION_NONE = 4 /* (3 is ORC's zlib: the same numbers as tpch_orc_compression) */
} tpch_parquet_compression;

/* The defaults a 0 stands for in tpch_parquet_writer_options. */
#define TPCH_PARQUET_DEFAULT_ZSTD_LEVEL 3
#define TPCH_PARQUET_DEFAULT_ROW_GROUP_BYTES ((int64_t)128 << 20)
#define TPCH_PARQUET_DEFAULT_PAGE_BYTES ((int64_t)1 << 20)
#define TPCH_PARQUET_DEFAULT_DICTIONARY_MAX_BYTES ((int64_t)1 << 20)

/* Every field's zero is the default, so `= {0}` and _options_init agree. */
typedef struct tpch_parquet_writer_options {
  tpch_parquet_compression compression; /* 0 = zstd */
  int compression_level;                /* zstd level; 0 = 3 */
  int64_t row_group_rows;               /* > 0: cut row groups by rows; 0 = by bytes */
  int64_t row_group_bytes;              /* else by uncompressed bytes; 0 = 128 MiB */
  int64_t page_bytes;                   /* target uncompressed data page size; 0 = 1 MiB */
  int data_page_version;                /* 1 or 2; 0 = 1 */
  int no_dictionary;                    /* 1: PLAIN only; 0 = dictionary-encode where it pays */
  int64_t dictionary_max_bytes;         /* fallback to PLAIN past this; 0 = 1 MiB */
  int no_page_index;                    /* 1: no ColumnIndex/OffsetIndex; 0 = write them */
  tpch_write_mode mode;                 /* CREATE (default): TPCH_EEXIST if the file exists;
                                           OVERWRITE: replace it; APPEND is unsupported */
  int no_fsync;                         /* 1: skip the fsync before the rename; 0 = fsync */
  const int32_t *field_ids;             /* NULL, or one Parquet field_id per top-level column
                                           (Iceberg); copied at create */
  const char *const *kv_metadata;       /* NULL, or key, value, key, value, ..., NULL; copied */
  int sorted;                           /* 1: the rows are sorted ascending by sort_column,
                                           written as sorting_columns; 0 = unsorted */
  int64_t sort_column;                  /* the column index when `sorted` */
  int64_t page_rows;                    /* > 0: also end a data page after this many rows (smaller
                                           pages let a page index skip more); 0 = only
                                           page_bytes (and an internal cap of 1 Mi rows) */
} tpch_parquet_writer_options;

/* Fills `opts` with the defaults (all zero). NULL is fine. */
void tpch_parquet_writer_options_init(tpch_parquet_writer_options *opts);

typedef struct tpch_parquet_writer tpch_parquet_writer;

/*
 * Opens a writer for `path` with the columns of `schema` (a struct schema,
 * format "+s", one child per column). `opts` may be NULL for defaults. On
 * success *out is a new writer; on failure *out is NULL and nothing exists at
 * `path`. Fails with TPCH_EEXIST if `path` exists in CREATE mode,
 * TPCH_EUNSUPPORTED for a column type (or APPEND mode) it cannot write.
 */
int tpch_parquet_writer_create(tpch_parquet_writer **out, const char *path, const struct ArrowSchema *schema,
                               const tpch_parquet_writer_options *opts, tpch_error *err);

/*
 * Appends the rows of `batch` (a struct array matching the schema given at
 * create). Row groups are cut and written as they fill. A batch that does not
 * match gives TPCH_ESCHEMA (see tpch_arrow_check_batch for every check). Any
 * failure is final: later calls give TPCH_ESTATE and close publishes nothing.
 * Zero-length batches are allowed.
 */
int tpch_parquet_writer_write(tpch_parquet_writer *w, const struct ArrowArray *batch, tpch_error *err);

/*
 * Writes every batch of `stream`, whose schema must equal the writer's
 * (TPCH_ESCHEMA otherwise). Consumes the stream: it is released before the
 * call returns, whatever the outcome. Any failure is final (the writer then
 * only answers TPCH_ESTATE and close publishes nothing).
 */
int tpch_parquet_writer_write_stream(tpch_parquet_writer *w, struct ArrowArrayStream *stream,
                                     tpch_error *err);

/*
 * Flushes the last row group, writes the page index and footer, fsyncs and
 * renames the file to its final name. After a failure nothing is left under
 * the final name.
 */
int tpch_parquet_writer_close(tpch_parquet_writer *w, tpch_error *err);

/* Frees the writer; removes the temporary file if close did not succeed. NULL is fine. */
void tpch_parquet_writer_destroy(tpch_parquet_writer *w);

/* The longest min or max a tpch_parquet_column_info holds (longer values
 * are cut and flagged inexact). */
#define TPCH_PARQUET_INFO_STAT_BYTES 64

/* What a closed file holds, per column (for Iceberg manifests and summaries). */
typedef struct tpch_parquet_column_info {
  int64_t num_values; /* including nulls */
  int64_t null_count;
  int64_t compressed_bytes; /* sum over row groups of the chunk sizes */
  int has_min_max;          /* 0 when every value is null */
  /* min and max in Parquet's PLAIN statistics encoding (little-endian ints,
   * raw bytes for strings; FIXED_LEN_BYTE_ARRAY decimals big-endian), at
   * most TPCH_PARQUET_INFO_STAT_BYTES each, in memory owned by whoever
   * filled the info (see tpch_parquet_file_info.columns) */
  const uint8_t *min, *max;
  int min_len, max_len;
  int min_exact, max_exact;
} tpch_parquet_column_info;

typedef struct tpch_parquet_file_info {
  int64_t num_rows;
  int64_t file_bytes;
  int64_t num_row_groups;
  int64_t num_columns;
  /* From tpch_parquet_writer_file_info: owned by the writer, valid until
   * destroy (with the min/max bytes). From tpch_parquet_file_info_copy: owned
   * by the copy. */
  const tpch_parquet_column_info *columns;
} tpch_parquet_file_info;

/* After a successful close: fills `info`. TPCH_ESTATE before that. */
int tpch_parquet_writer_file_info(const tpch_parquet_writer *w, tpch_parquet_file_info *info,
                                  tpch_error *err);

/* A deep copy of `in` (its columns and their min/max bytes, in one
 * allocation) that outlives the writer. Free with tpch_parquet_file_info_free. */
int tpch_parquet_file_info_copy(const tpch_parquet_file_info *in, tpch_parquet_file_info *out,
                                tpch_error *err);

/* Frees what tpch_parquet_file_info_copy allocated and clears `info`. NULL is fine. */
void tpch_parquet_file_info_free(tpch_parquet_file_info *info);

/* ---- parallel row-group encoding ---------------------------------------- */

typedef struct tpch_parquet_rowgroup_encoder tpch_parquet_rowgroup_encoder;
typedef struct tpch_parquet_rowgroup tpch_parquet_rowgroup; /* one encoded row group */

/* An encoder for the columns of `schema` with `opts` (NULL = defaults). */
int tpch_parquet_rowgroup_encoder_create(tpch_parquet_rowgroup_encoder **out,
                                         const struct ArrowSchema *schema,
                                         const tpch_parquet_writer_options *opts, tpch_error *err);

/* Adds all rows of `batch` to the row group being built (no size limit is
 * applied: the caller decides where row groups end). */
int tpch_parquet_rowgroup_encoder_add(tpch_parquet_rowgroup_encoder *e, const struct ArrowArray *batch,
                                      tpch_error *err);

/* Finishes the row group into *out (the caller owns it) and resets the
 * encoder for the next one. */
int tpch_parquet_rowgroup_encoder_finish(tpch_parquet_rowgroup_encoder *e, tpch_parquet_rowgroup **out,
                                         tpch_error *err);

void tpch_parquet_rowgroup_encoder_destroy(tpch_parquet_rowgroup_encoder *e);

/* Rows and encoded bytes of a finished row group. */
int64_t tpch_parquet_rowgroup_rows(const tpch_parquet_rowgroup *rg);
int64_t tpch_parquet_rowgroup_bytes(const tpch_parquet_rowgroup *rg);

/*
 * Writes a finished row group (from an encoder with the same schema and
 * options) as the next row group of `w`, and frees it whether or not the
 * write succeeds. Must not be mixed with row groups still half-built by
 * tpch_parquet_writer_write (flushes those first).
 */
int tpch_parquet_writer_append_rowgroup(tpch_parquet_writer *w, tpch_parquet_rowgroup *rg, tpch_error *err);

void tpch_parquet_rowgroup_free(tpch_parquet_rowgroup *rg);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCH_PARQUET_WRITER_H */
