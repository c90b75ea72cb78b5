/*
 * out_paimon.c - Paimon output (out_table.h): data files in TABLE/bucket-0/
 * with Paimon's field ids, committed as a snapshot or left pending for
 * `tpchgen commit -f paimon`.
 */
#include <stdio.h>
#include <string.h>

#include "out_table.h"
#include "outputs.h"
#include "paimon_writer.h"

static int pa_prepare(const job *j, tpch_parquet_writer_options *po, void **ctx, tpch_error *err) {
  (void)err;
  tpch_paimon_parquet_options((size_t)j->schema.n_children, po);
  *ctx = NULL;
  return TPCH_OK;
}

static void pa_options(int fsync, tpch_paimon_writer_options *po) {
  tpch_paimon_writer_options_init(po);
  po->no_fsync = !fsync;
}

/* A failed hint is what Iceberg calls committed-with-a-warning. */
static int hint_warning(int rc, const tpch_paimon_commit_info *info, tpch_error *err) {
  if (rc == TPCH_OK && info->hint_failed)
    return tpch_error_set(err, TPCH_ECOMMITTED,
                          "snapshot %lld is committed, but its LATEST hint was not updated",
                          (long long)info->snapshot_id);
  return rc;
}

static int pa_pending(const job *j, const char *name, const tpch_parquet_file_info *info, tpch_error *err) {
  tpch_paimon_writer_options po;
  pa_options(j->opt->fsync, &po);
  tpch_paimon_data_file f = {name, *info};
  return tpch_paimon_pending_write(j->path, &f, &po, err);
}

static int pa_commit(const job *j, const char *name, const tpch_parquet_file_info *info, tpch_write_mode mode,
                     tpch_error *err) {
  tpch_paimon_writer_options po;
  pa_options(j->opt->fsync, &po);
  po.mode = mode;
  tpch_paimon_data_file f = {name, *info};
  tpch_paimon_commit_info ci;
  int rc = tpch_paimon_commit(j->path, &j->schema, &f, 1, &po, &ci, err);
  return hint_warning(rc, &ci, err);
}

static int pa_commit_pending(const char *table_dir, const struct ArrowSchema *schema, tpch_write_mode mode,
                             int fsync, int64_t *rows, tpch_error *err) {
  tpch_paimon_writer_options po;
  pa_options(fsync, &po);
  po.mode = mode;
  tpch_paimon_commit_info ci;
  int rc = tpch_paimon_commit_pending(table_dir, schema, &po, &ci, err);
  if (rc == TPCH_OK || rc == TPCH_ECOMMITTED) *rows = ci.added_records;
  return hint_warning(rc, &ci, err);
}

const table_format paimon_table_format = {
    &paimon_parts, tpch_paimon_table_check_write, pa_prepare, NULL, pa_pending, pa_commit, pa_commit_pending};

static int paimon_open(job *j, tpch_error *err) {
  return out_table_open(&paimon_table_format, j, err);
}

const output_ops paimon_output_ops = OUT_TABLE_OPS(paimon_open);
