/*
 * out_iceberg.c - Iceberg output (out_table.h): data files in TABLE/data/
 * with Iceberg's field ids, committed with tpch_iceberg_commit or left pending
 * for `tpchgen commit`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iceberg_writer.h"
#include "out_table.h"
#include "outputs.h"

static int ice_prepare(const job *j, tpch_parquet_writer_options *po, void **ctx, tpch_error *err) {
  tpch_iceberg_schema *s = NULL;
  int rc = tpch_iceberg_schema_create(&s, &j->schema, err);
  if (rc == TPCH_OK) tpch_iceberg_schema_parquet_options(s, po);
  *ctx = s;
  return rc;
}

static void ice_release(void *ctx) {
  tpch_iceberg_schema_destroy(ctx);
}

static void ice_options(int fsync, tpch_iceberg_writer_options *io) {
  tpch_iceberg_writer_options_init(io);
  io->no_fsync = !fsync;
  io->sorted = 1, io->sort_column = 0;
}

/* The data file `name` as the table records it: data/<name>. */
static void ice_file(const char *name, const tpch_parquet_file_info *info, char *rel, size_t cap,
                     tpch_iceberg_data_file *f) {
  snprintf(rel, cap, "data/%s", name);
  f->path = rel;
  f->info = *info;
}

static int ice_pending(const job *j, const char *name, const tpch_parquet_file_info *info, tpch_error *err) {
  char rel[96];
  tpch_iceberg_data_file f;
  tpch_iceberg_writer_options io;
  ice_file(name, info, rel, sizeof rel, &f);
  ice_options(j->opt->fsync, &io);
  return tpch_iceberg_pending_write(j->path, &f, &io, err);
}

static int ice_commit(const job *j, const char *name, const tpch_parquet_file_info *info,
                      tpch_write_mode mode, tpch_error *err) {
  char rel[96];
  tpch_iceberg_data_file f;
  tpch_iceberg_writer_options io;
  ice_file(name, info, rel, sizeof rel, &f);
  ice_options(j->opt->fsync, &io);
  io.mode = mode;
  return tpch_iceberg_commit(j->path, &j->schema, &f, 1, &io, NULL, err);
}

static int ice_commit_pending(const char *table_dir, const struct ArrowSchema *schema, tpch_write_mode mode,
                              int fsync, int64_t *rows, tpch_error *err) {
  tpch_iceberg_writer_options io;
  ice_options(fsync, &io);
  io.mode = mode;
  tpch_iceberg_commit_info info;
  int rc = tpch_iceberg_commit_pending(table_dir, schema, &io, &info, err);
  if (rc == TPCH_OK || rc == TPCH_ECOMMITTED) *rows = info.added_records;
  return rc;
}

const table_format iceberg_table_format = {
    &iceberg_parts,    tpch_iceberg_table_check_write, ice_prepare, ice_release, ice_pending, ice_commit,
    ice_commit_pending};

static int iceberg_open(job *j, tpch_error *err) {
  return out_table_open(&iceberg_table_format, j, err);
}

const output_ops iceberg_output_ops = OUT_TABLE_OPS(iceberg_open);
