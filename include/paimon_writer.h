/*
 * paimon_writer.h - Apache Paimon append tables on top of the Parquet writer.
 *
 * A table is a directory laid out as Paimon's file system catalog keeps it:
 *
 *   TABLE/schema/schema-0                  the schema (fields with ids 0..n-1)
 *   TABLE/bucket-0/<name>.parquet          data files (unaware-bucket mode, bucket -1)
 *   TABLE/manifest/manifest-<uuid>-0       Avro manifest: one entry per data file
 *                                          added (or, on overwrite, deleted), with
 *                                          exact row counts and value statistics
 *   TABLE/manifest/manifest-list-<uuid>-N  Avro manifest lists (base and delta)
 *   TABLE/snapshot/snapshot-<N>            snapshot JSON; its link is the commit point
 *   TABLE/snapshot/LATEST, EARLIEST        hints (readers also list the directory)
 *
 * The table has no primary key and no partitions; columns are NOT NULL when
 * the Arrow field is non-nullable. Types (Arrow -> Paimon): int64 -> BIGINT,
 * int32 -> INT, decimal128(P<=18,S) -> DECIMAL(P, S), date32 -> DATE, utf8 ->
 * STRING, binary -> BYTES, float64 -> DOUBLE, bool -> BOOLEAN.
 *
 * Commits: every file is written beside its final name and linked into
 * place; snapshot-<N+1> is created with a no-replace link, so of two
 * writers racing from snapshot N exactly one wins and the other re-reads
 * the table and retries as N+2 (create fails instead). Before that link a
 * failed commit removes what it wrote; after it, nothing the snapshot
 * references is ever removed. A failure to update LATEST or EARLIEST after
 * the link does not fail the commit (see tpch_paimon_commit_info.hint_failed).
 *
 * Three ways to write a table, as for Iceberg (iceberg_writer.h):
 *  1. tpch_paimon_writer: create -> write / write_stream -> close -> destroy
 *     (the tpch_writer.h convention).
 *  2. Write Parquet files into TABLE/bucket-0/ yourself (any threads) with
 *     tpch_paimon_parquet_options(), then tpch_paimon_commit() them.
 *  3. Separate processes: each writes its files and tpch_paimon_pending_write()
 *     records them; one tpch_paimon_commit_pending() makes one snapshot.
 *
 * Every function returns TPCH_OK (0) or a negative tpch_error code and
 * fills `err` (may be NULL). The library never prints. The caller keeps
 * ownership of everything it passes; nothing is retained after a call.
 */
#ifndef TPCH_PAIMON_WRITER_H
#define TPCH_PAIMON_WRITER_H

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

typedef struct tpch_paimon_writer_options {
  tpch_write_mode mode;                       /* CREATE (default): fail with TPCH_EEXIST if the table has a
                                                 schema; APPEND: new snapshot = old files + new ones (creates a
                                                 missing table); OVERWRITE: an OVERWRITE snapshot holding only
                                                 the new files (creates a missing table) */
  int no_fsync;                               /* 1: skip fsyncs; 0 (default): fsync files and directories */
  int64_t timestamp_ms;                       /* commit time; 0 (default): now */
  const char *commit_user;                    /* NULL (default): a random UUID per commit */
  int max_retries;                            /* commit attempts after losing a race, each after a short
                                                 random back-off; 0 (default): 1000, < 0: none */
  int64_t target_file_rows;                   /* tpch_paimon_writer only: start a new data file once one holds
                                                 this many rows (files end at batch boundaries); 0 (default):
                                                 one file */
  const tpch_parquet_writer_options *parquet; /* tpch_paimon_writer only: NULL (default) =
                                            Parquet defaults; field ids are set here */
} tpch_paimon_writer_options;

/* Fills `o` with the defaults (all zero). */
void tpch_paimon_writer_options_init(tpch_paimon_writer_options *o);

/* ---- streaming writer (tpch_writer.h convention) -------------------------- */

typedef struct tpch_paimon_writer tpch_paimon_writer;

/*
 * Opens a writer for the table directory `path` with the columns of
 * `schema` ("+s"). Data files go to path/bucket-0/ as batches arrive; close
 * commits them as one snapshot. CREATE on a table that exists fails here
 * with TPCH_EEXIST; an unmappable column type with TPCH_EUNSUPPORTED.
 */
int tpch_paimon_writer_create(tpch_paimon_writer **out, const char *path, const struct ArrowSchema *schema,
                              const tpch_paimon_writer_options *opts, tpch_error *err);

/* Appends the rows of `batch` (a struct array matching the schema). */
int tpch_paimon_writer_write(tpch_paimon_writer *w, const struct ArrowArray *batch, tpch_error *err);

/* Appends every batch of `stream` (whose schema must match), then releases it. */
int tpch_paimon_writer_write_stream(tpch_paimon_writer *w, struct ArrowArrayStream *stream, tpch_error *err);

/* Closes the last data file and commits the snapshot (TPCH_ECOMMITTED as for
 * tpch_paimon_commit: committed, the writer is closed). */
int tpch_paimon_writer_close(tpch_paimon_writer *w, tpch_error *err);

/* Frees the writer; without a successful close its data files are removed. NULL is fine. */
void tpch_paimon_writer_destroy(tpch_paimon_writer *w);

/* ---- committing files written elsewhere ----------------------------------- */

/*
 * Sets what Paimon readers need in Parquet options for a table of `ncols`
 * columns: field ids 0..ncols-1 (static storage, valid for ever). Other
 * options are left as they are. Tables have at most 1024 columns.
 */
void tpch_paimon_parquet_options(size_t ncols, tpch_parquet_writer_options *o);

/* One finished data file in TABLE/bucket-0/. */
typedef struct tpch_paimon_data_file {
  const char *name;            /* file name inside bucket-0/ (no '/') */
  tpch_parquet_file_info info; /* from tpch_parquet_writer_file_info(); read during the call only */
} tpch_paimon_data_file;

typedef struct tpch_paimon_commit_info {
  int64_t snapshot_id; /* N of snapshot/snapshot-N; 0 when no snapshot was made */
  int64_t added_records;
  int64_t total_records;
  int hint_failed; /* 1: committed, but LATEST/EARLIEST could not be updated */
} tpch_paimon_commit_info;

/*
 * Commits `n` data files already in TABLE/bucket-0/ as one snapshot (APPEND,
 * or OVERWRITE per opts->mode; CREATE fails if the table has a schema). A
 * missing table is created with `schema`; an existing one must have the
 * same fields (TPCH_ESCHEMA). n == 0 with CREATE makes a table with a schema
 * and no snapshot. Appending a file the table already holds fails with
 * TPCH_EEXIST. TPCH_ECOMMITTED: the snapshot is linked (committed), but the
 * fsync of snapshot/ after the link failed; its files must stay. Errors:
 * TPCH_EINVAL (bad name, size or column count),
 * TPCH_ECONFLICT (still losing after max_retries), TPCH_EFORMAT (existing
 * metadata this library cannot read), TPCH_EIO. `info` may be NULL.
 */
int tpch_paimon_commit(const char *table_dir, const struct ArrowSchema *schema,
                       const tpch_paimon_data_file *files, size_t n, const tpch_paimon_writer_options *opts,
                       tpch_paimon_commit_info *info, tpch_error *err);

/*
 * What a commit in `mode` to the table at `table_dir` would refuse, checked
 * before any data is written (the rule tpch_iceberg_table_check_write
 * follows too): CREATE: TPCH_EEXIST when the table exists (has a schema);
 * APPEND: TPCH_ESCHEMA when its newest schema has other fields than
 * `schema` (names exact, types as in tpch_iceberg_table_check_write),
 * TPCH_EFORMAT / TPCH_EIO / TPCH_EUNSUPPORTED when its newest schema or
 * snapshot cannot be read; OVERWRITE, or no table yet: TPCH_OK. Writes
 * nothing.
 */
int tpch_paimon_table_check_write(const char *table_dir, const struct ArrowSchema *schema,
                                  tpch_write_mode mode, tpch_error *err);

/*
 * Records a closed data file for a later tpch_paimon_commit_pending():
 * writes TABLE/bucket-0/<name>.pending (a small text file, docs/paimon.md),
 * replacing an older one for the same file.
 */
int tpch_paimon_pending_write(const char *table_dir, const tpch_paimon_data_file *file,
                              const tpch_paimon_writer_options *opts, tpch_error *err);

/*
 * Commits every TABLE/bucket-0/<name>.pending record (in natural name order)
 * as one snapshot, then removes the records (also after TPCH_ECOMMITTED;
 * failing to fsync bucket-0/ then gives TPCH_ECOMMITTED). No records: TPCH_EINVAL. A
 * damaged record: TPCH_EFORMAT, nothing committed. Running it again after a
 * crash between the commit and the removal fails with TPCH_EEXIST and
 * changes nothing.
 */
int tpch_paimon_commit_pending(const char *table_dir, const struct ArrowSchema *schema,
                               const tpch_paimon_writer_options *opts, tpch_paimon_commit_info *info,
                               tpch_error *err);

/*
 * The data files (names inside bucket-0/) that the newest snapshot of the
 * table at `table_dir` reads; *n = 0 for a table without snapshots.
 * TPCH_EFORMAT / TPCH_EIO when that snapshot or its manifests cannot be
 * read. Free with tpch_paimon_free_files.
 */
int tpch_paimon_table_files(const char *table_dir, char ***files, size_t *n, tpch_error *err);

/* Frees what tpch_paimon_table_files returned. NULL is fine. */
void tpch_paimon_free_files(char **files, size_t n);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCH_PAIMON_WRITER_H */
