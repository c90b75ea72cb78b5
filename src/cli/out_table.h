/*
 * out_table.h - what Iceberg and Paimon output share. Both write a table
 * directory whose data files are Parquet files made by the Parquet task
 * functions: one data file per job, committed as a new version when the job
 * closes, or with --parts left pending beside a record until `tpchgen
 * commit` commits every part at once. A format only says where its files go
 * (part_layout), which Parquet options its readers need, and how it commits.
 */
#ifndef TPCH_CLI_OUT_TABLE_H
#define TPCH_CLI_OUT_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "out_parquet.h"
#include "parts.h"

typedef struct table_format {
  const part_layout *parts; /* the data directory and the part file names */
  /* What a commit in `mode` would refuse (the library's
   * tpch_X_table_check_write): TPCH_EEXIST for a table that exists in
   * CREATE mode, the schema and metadata checks of an append. */
  int (*check_write)(const char *table_dir, const struct ArrowSchema *schema, tpch_write_mode mode,
                     tpch_error *err);
  /* Per job: sets the Parquet options the format's readers need (field
   * ids); may keep something in *ctx until release(ctx). */
  int (*prepare)(const job *j, tpch_parquet_writer_options *po, void **ctx, tpch_error *err);
  void (*release)(void *ctx);
  /* Records the closed data file `name` (in the data directory) as pending. */
  int (*pending)(const job *j, const char *name, const tpch_parquet_file_info *info, tpch_error *err);
  /* Commits it as a new version in `mode`. TPCH_ECOMMITTED: committed,
   * `err` names what failed after. */
  int (*commit)(const job *j, const char *name, const tpch_parquet_file_info *info, tpch_write_mode mode,
                tpch_error *err);
  /* `tpchgen commit`: one version of every pending file in `mode` (APPEND
   * or OVERWRITE); *rows = rows added. TPCH_ECOMMITTED as for commit. */
  int (*commit_pending)(const char *table_dir, const struct ArrowSchema *schema, tpch_write_mode mode,
                        int fsync, int64_t *rows, tpch_error *err);
} table_format;

extern const table_format iceberg_table_format;
extern const table_format paimon_table_format;

/* output_ops.open of a table format: checks, part rules, the Parquet writer. */
int out_table_open(const table_format *f, job *j, tpch_error *err);
/* output_ops.close and .abort of every table format. */
int out_table_close(job *j, tpch_error *err);
void out_table_abort(job *j);

/* The output_ops of a table format whose open calls out_table_open. */
#define OUT_TABLE_OPS(open_fn)                                                                               \
  {                                                                                                          \
    .open = (open_fn), .task_rows = out_parquet_task_rows, .begin = out_parquet_begin,                       \
    .add_batch = out_chunks_add_batch, .end = out_chunks_end, .deliver = out_parquet_deliver,                \
    .free_result = out_parquet_free_result, .close = out_table_close, .abort = out_table_abort,              \
    .worker_done = out_chunks_worker_done, .worker_slot = FMT_PARQUET /* Parquet's row-group encoders */     \
  }

/*
 * `tpchgen commit` for one table (its Arrow schema): checks the part set (part_check_commit),
 * then commits the pending files as one version; *rows = rows added.
 * TPCH_ECOMMITTED: committed, but a step after the commit point failed.
 */
int out_table_commit_parts(const table_format *f, const char *table_dir, const struct ArrowSchema *schema,
                           int overwrite, int partial, int fsync, int64_t *rows, tpch_error *err);

#endif
