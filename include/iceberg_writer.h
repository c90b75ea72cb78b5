/*
 * iceberg_writer.h - Apache Iceberg v2 tables on top of the Parquet writer.
 *
 * A table is a directory (the "file system table" layout):
 *
 *   TABLE/data/<name>.parquet               data files, each column carrying its field id
 *   TABLE/metadata/<uuid>-m0.avro           manifest: the data files one commit added
 *   TABLE/metadata/snap-<id>-<n>-<uuid>.avro manifest list of one snapshot
 *   TABLE/metadata/v<N>.metadata.json       table metadata, one file per commit
 *   TABLE/metadata/version-hint.text        N of the newest metadata file
 *
 * Every file is written beside its final name and then linked into place,
 * so a reader never sees half a file. v<N+1>.metadata.json is created with a
 * no-replace link: of two writers racing from version N exactly one wins and
 * the other retries from N+1 (append, overwrite) or fails (create). Earlier
 * metadata files are never modified, so every snapshot stays readable.
 *
 * Three ways to write a table:
 *  1. tpch_iceberg_writer: create -> write / write_stream -> close -> destroy
 *     (the tpch_writer.h convention).
 *  2. Write Parquet files yourself (many threads, tpch_parquet_writer or row-group
 *     encoders) with the field ids from tpch_iceberg_schema, then tpch_iceberg_commit()
 *     them as one snapshot.
 *  3. Separate processes (`--parts N --part K`): each writes its Parquet files
 *     plus a tpch_iceberg_pending_write() sidecar per file; afterwards one
 *     tpch_iceberg_commit_pending() turns every sidecar into one snapshot.
 *
 * Column types (Arrow -> Iceberg): int64 -> long, int32 -> int, decimal128
 * (P,S) -> decimal(P,S), date32 -> date, utf8/large utf8 -> string, binary ->
 * binary, float64 -> double, bool -> boolean. Field ids are 1..n in column
 * order; a non-nullable Arrow column is a required Iceberg field.
 *
 * Conventions: every function returns TPCH_OK (0) or a negative tpch_error
 * code and fills `err` (which may be NULL). The library never prints. The
 * caller keeps ownership of every struct and string it passes; nothing is
 * retained after a call returns unless a comment says so.
 */
#ifndef TPCH_ICEBERG_WRITER_H
#define TPCH_ICEBERG_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "parquet_writer.h"
#include "tpch_arrow.h"
#include "tpch_error.h"
#include "tpch_writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is the library's public API, exported from
 * libtpchgen.so (which is built with -fvisibility=hidden). */
#pragma GCC visibility push(default)

typedef struct tpch_iceberg_writer_options {
  tpch_write_mode mode;                       /* CREATE (default): TPCH_EEXIST if the table has metadata;
                                                 APPEND: new snapshot = previous files + the new ones;
                                                 OVERWRITE: new snapshot = only the new files (both
                                                 create a missing table) */
  const char *location;                       /* table location URI written into metadata, and the prefix of
                                                 every path in it (e.g. "s3://bucket/tpch/lineitem" when the
                                                 directory will be uploaded there). NULL (default): "file://"
                                                 + the absolute path of the table directory. An existing
                                                 table keeps its own location. */
  int64_t timestamp_ms;                       /* commit time; 0 (default): the current time */
  int no_fsync;                               /* 1: skip fsyncs; 0 = fsync files and directories before
                                                 linking */
  int sorted;                                 /* 1: the rows of every data file are sorted ascending by
                                                 sort_column (sort order 1); 0 (default): unsorted */
  int64_t sort_column;                        /* the column index when `sorted` */
  const char *const *properties;              /* NULL, or key, value, ..., NULL: extra table properties
                                                 written when the table is created */
  int max_retries;                            /* commit attempts after losing a race, each after a short
                                                 random back-off; 0 = 1000, < 0 = none */
  int64_t target_file_rows;                   /* tpch_iceberg_writer only: once a data file holds this many
                                                 rows, the next batch starts a new one (files end at batch
                                                 boundaries); 0 (default): one file per writer */
  const tpch_parquet_writer_options *parquet; /* tpch_iceberg_writer only: NULL (default) =
                                       Parquet defaults; the writer sets the field ids,
                                       iceberg.schema and the sort column itself */
} tpch_iceberg_writer_options;

/* Fills `opts` with the defaults (all zero). NULL is fine. */
void tpch_iceberg_writer_options_init(tpch_iceberg_writer_options *opts);

/* ---- schema --------------------------------------------------------------- */

/* The Iceberg view of an Arrow struct schema: field ids, types, schema JSON. */
typedef struct tpch_iceberg_schema tpch_iceberg_schema;

/*
 * Derives the Iceberg schema of `schema` (format "+s", one child per column).
 * TPCH_EUNSUPPORTED names a column whose type has no mapping; TPCH_EINVAL for
 * a missing or duplicate column name. Free with tpch_iceberg_schema_destroy.
 */
int tpch_iceberg_schema_create(tpch_iceberg_schema **out, const struct ArrowSchema *schema, tpch_error *err);

/*
 * Points opts->field_ids at the field ids and opts->kv_metadata at
 * {"iceberg.schema", <schema JSON>} (what Iceberg readers use to map Parquet
 * columns to fields). Both arrays are owned by `s`: keep `s` alive until the
 * Parquet writer or encoder has been created (it copies them). Replaces any
 * kv_metadata the caller had set.
 */
void tpch_iceberg_schema_parquet_options(const tpch_iceberg_schema *s, tpch_parquet_writer_options *opts);

/* The schema as Iceberg JSON ({"type":"struct","schema-id":0,"fields":[...]}); owned by `s`. */
const char *tpch_iceberg_schema_json(const tpch_iceberg_schema *s);

/* Number of columns. */
size_t tpch_iceberg_schema_columns(const tpch_iceberg_schema *s);

void tpch_iceberg_schema_destroy(tpch_iceberg_schema *s);

/* ---- committing data files ------------------------------------------------ */

/* One finished Parquet data file. */
typedef struct tpch_iceberg_data_file {
  const char *path;            /* relative to the table directory, e.g. "data/part-1.parquet";
                                  must not be absolute or contain ".." */
  tpch_parquet_file_info info; /* from tpch_parquet_writer_file_info(); info.columns is read during
                             the call only */
} tpch_iceberg_data_file;

/* What a successful commit produced. */
typedef struct tpch_iceberg_commit_info {
  int64_t version;     /* N of metadata/v<N>.metadata.json */
  int64_t snapshot_id; /* -1 when the commit made no snapshot (create with no files) */
  int64_t sequence_number;
  int64_t added_records;
  int64_t total_records;    /* -1 if unknown (a previous snapshot had no totals) */
  int64_t total_data_files; /* -1 if unknown */
} tpch_iceberg_commit_info;

/*
 * The current metadata version N (metadata/vN.metadata.json) of the table at
 * `table_dir` in *version, 0 when there is no table there. TPCH_OK or
 * TPCH_EIO when the metadata directory cannot be listed.
 */
int tpch_iceberg_table_latest_version(const char *table_dir, int64_t *version, tpch_error *err);

/*
 * What a commit in `mode` to the table at `table_dir` would refuse, checked
 * before any data is written (tpch_paimon_table_check_write follows the same
 * rule): CREATE: TPCH_EEXIST when the table has a metadata version; APPEND:
 * the error the commit would give (TPCH_ESCHEMA when the current schema's
 * fields differ from `schema`'s: names compared exactly, type strings
 * without regard to spaces or ASCII case; TPCH_EFORMAT for metadata it
 * cannot extend, TPCH_EINVAL for a table recorded at another location,
 * ...); OVERWRITE, or no table yet: TPCH_OK. Writes nothing.
 */
int tpch_iceberg_table_check_write(const char *table_dir, const struct ArrowSchema *schema,
                                   tpch_write_mode mode, tpch_error *err);

/*
 * Commits `n_files` Parquet files, already in place under `table_dir`, as one
 * new snapshot: writes a manifest, a manifest list and the next metadata
 * version. Each file must exist with the size its info states and the
 * column count of `schema`. When the table exists its current schema must
 * equal `schema` (TPCH_ESCHEMA otherwise). `opts` may be NULL (create).
 * In create mode with n_files == 0 the table gets metadata but no snapshot.
 * `info` may be NULL. On failure the table is unchanged: a commit is visible
 * only once its metadata file is linked, and then it is complete. That link
 * is the commit point: if a step after it fails (the directory fsync, the
 * version hint) the result is TPCH_ECOMMITTED, `info` is filled, the new
 * version is in place and the caller must not remove its data files.
 * Errors: TPCH_EEXIST (create: the table exists; append: a file is already
 * in the table), TPCH_ESCHEMA, TPCH_EINVAL (bad path, size or count),
 * TPCH_ECONFLICT (still losing the race after max_retries), TPCH_EFORMAT /
 * TPCH_EUNSUPPORTED (existing metadata this library cannot extend), TPCH_EIO.
 */
int tpch_iceberg_commit(const char *table_dir, const struct ArrowSchema *schema,
                        const tpch_iceberg_data_file *files, size_t n_files,
                        const tpch_iceberg_writer_options *opts, tpch_iceberg_commit_info *info,
                        tpch_error *err);

/*
 * Records a finished data file for a later tpch_iceberg_commit_pending(): writes
 * TABLE/<file->path>.pending, a small text file (format in docs/iceberg.md),
 * replacing an older one for the same file. The data file must be
 * TABLE/data/<name> and already closed. Uses opts->no_fsync (opts may be NULL).
 */
int tpch_iceberg_pending_write(const char *table_dir, const tpch_iceberg_data_file *file,
                               const tpch_iceberg_writer_options *opts, tpch_error *err);

/*
 * Gathers every TABLE/data/<name>.pending sidecar (in natural name order, so
 * part 2 comes before part 10) into one tpch_iceberg_commit() and, once that
 * commit has landed, removes the sidecars. With no sidecars it fails with
 * TPCH_EINVAL, unless opts->mode is TPCH_WRITE_CREATE (then an empty table).
 * A damaged sidecar fails with TPCH_EFORMAT and commits nothing. After
 * TPCH_ECOMMITTED (see tpch_iceberg_commit) the sidecars are removed too. Appending a
 * file the table already holds fails with TPCH_EEXIST, so running it again
 * after a crash between the commit and the sidecar removal is harmless.
 */
int tpch_iceberg_commit_pending(const char *table_dir, const struct ArrowSchema *schema,
                                const tpch_iceberg_writer_options *opts, tpch_iceberg_commit_info *info,
                                tpch_error *err);

/*
 * The data files the newest version of the table at `table_dir` reads (its
 * current snapshot's live entries), each relative to the table's location
 * ("data/x.parquet"), or its full location when elsewhere; *n = 0 when the
 * table has no metadata or no snapshot. Free with tpch_iceberg_free_paths.
 */
int tpch_iceberg_table_files(const char *table_dir, char ***paths, size_t *n, tpch_error *err);

/* Frees what tpch_iceberg_table_files returned. NULL is fine. */
void tpch_iceberg_free_paths(char **paths, size_t n);

/* ---- streaming writer ----------------------------------------------------- */

typedef struct tpch_iceberg_writer tpch_iceberg_writer;

/*
 * Opens a writer that turns batches into Parquet files under TABLE/data/ and
 * commits them as one snapshot at close (the tpch_writer.h convention).
 * `opts` may be NULL (defaults); Parquet options come from opts->parquet.
 * In create mode an existing table fails here with TPCH_EEXIST.
 */
int tpch_iceberg_writer_create(tpch_iceberg_writer **out, const char *table_dir,
                               const struct ArrowSchema *schema, const tpch_iceberg_writer_options *opts,
                               tpch_error *err);

/* Appends the rows of `batch` (a struct array matching the schema). */
int tpch_iceberg_writer_write(tpch_iceberg_writer *w, const struct ArrowArray *batch, tpch_error *err);

/* Writes every batch of `stream` (its schema must equal the writer's, else
 * TPCH_ESCHEMA). Consumes the stream: released before the call returns,
 * whatever the outcome. A failure is final. */
int tpch_iceberg_writer_write_stream(tpch_iceberg_writer *w, struct ArrowArrayStream *stream,
                                     tpch_error *err);

/* Closes the last data file and commits. TPCH_ECOMMITTED (see
 * tpch_iceberg_commit) counts as closed: destroy then keeps the files. */
int tpch_iceberg_writer_close(tpch_iceberg_writer *w, tpch_error *err);

/* After close succeeded (or gave TPCH_ECOMMITTED): what the commit made.
 * TPCH_ESTATE before. */
int tpch_iceberg_writer_commit_info(const tpch_iceberg_writer *w, tpch_iceberg_commit_info *info,
                                    tpch_error *err);

/* Frees the writer. Without a successful close, its data files are removed. NULL is fine. */
void tpch_iceberg_writer_destroy(tpch_iceberg_writer *w);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCH_ICEBERG_WRITER_H */
