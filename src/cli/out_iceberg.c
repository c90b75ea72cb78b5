/*
 * out_iceberg.c - Iceberg output: the rows of a table go to one Parquet data
 * file (written by the Parquet task functions, with Iceberg's field ids), then
 * close commits it as a snapshot, or with parts leaves it pending for
 * `tpchgen commit`.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iceberg_writer.h"
#include "io/random.h"
#include "io/sink.h"
#include "out_parquet.h"
#include "outputs.h"
#include "parts.h"

typedef struct iceberg_state {
  parquet_state pq; /* first: the shared Parquet task functions see a parquet_state */
  iceberg_schema *ischema;
  char rel[96]; /* the data file, relative to the table dir */
} iceberg_state;

static void free_state(job *j) {
  iceberg_state *s = j->state;
  if (s == NULL) return;
  parquet_writer_destroy(s->pq.w); /* removes the temporary file if not closed */
  iceberg_schema_destroy(s->ischema);
  free(s);
  j->state = NULL;
}

static void iceberg_fill(const job *j, iceberg_options *io) {
  iceberg_options_init(io);
  io->fsync = j->opt->fsync;
  io->sort_column = 0;
}

static int iceberg_open(job *j, tpch_error *err) {
  const cli_options *c = j->opt;
  if (!c->parts && !c->overwrite && !c->append) {
    int64_t version = 0;
    int rc = iceberg_table_latest_version(j->path, &version, err);
    if (rc != TPCH_OK) return rc;
    if (version > 0)
      return tpch_error_set(err, TPCH_EEXIST, "'%s' already exists (use --overwrite to replace it)", j->path);
  }
  char data[PATH_MAX + 8];
  snprintf(data, sizeof data, "%s/data", j->path);
  int rc = tpch_mkdirs(data, err);
  /* nation and region are written whole by part 1: one part of one */
  int nparts = j->table == TPCH_NATION || j->table == TPCH_REGION ? 1 : (int)c->parts;
  if (rc == TPCH_OK && c->parts)
    rc = part_check_write(&iceberg_parts, j->path, tpch_table_name(j->table), j->part_index, nparts, c->overwrite,
                          err);
  if (rc != TPCH_OK) return rc;
  iceberg_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  j->state = s;
  out_parquet_fill_options(j, &s->pq.opts);
  uint32_t r = 0;
  rc = iceberg_schema_create(&s->ischema, &j->schema, err);
  if (rc == TPCH_OK) {
    iceberg_schema_parquet_options(s->ischema, &s->pq.opts);
    /* Unique names: a new snapshot never rewrites a file an older one reads.
     * The part number leads, so name order is part order. */
    rc = tpch_random_bytes(&r, sizeof r, err);
  }
  if (rc == TPCH_OK) {
    char name[64];
    part_file_name(&iceberg_parts, j->part_index, nparts, r, name, sizeof name);
    snprintf(s->rel, sizeof s->rel, "data/%s", name);
    snprintf(s->pq.file, sizeof s->pq.file, "%s/%s", j->path, s->rel);
    rc = parquet_writer_create(&s->pq.w, s->pq.file, &j->schema, &s->pq.opts, err);
  }
  if (rc != TPCH_OK) free_state(j);
  return rc;
}

static int iceberg_close(job *j, tpch_error *err) {
  iceberg_state *s = j->state;
  const cli_options *c = j->opt;
  iceberg_data_file f = {s->rel, {0}};
  int rc = parquet_writer_close(s->pq.w, err);
  if (rc == TPCH_OK) rc = parquet_writer_file_info(s->pq.w, &f.info, err);
  if (rc == TPCH_OK) {
    atomic_store(&j->bytes, (long long)f.info.file_bytes);
    iceberg_options io;
    iceberg_fill(j, &io);
    if (c->parts) {
      rc = iceberg_pending_write(j->path, &f, &io, err);
    } else {
      io.mode = c->append ? ICEBERG_APPEND : c->overwrite ? ICEBERG_OVERWRITE : ICEBERG_CREATE;
      rc = iceberg_commit(j->path, &j->schema, &f, 1, &io, NULL, err);
    }
    if (rc == TPCH_ECOMMITTED) { /* the new version holds the file: keep it */
      snprintf(j->warning, sizeof j->warning, "%s", err->message);
      rc = TPCH_OK;
    }
    if (rc != TPCH_OK) unlink(s->pq.file); /* committed by nobody */
  }
  free_state(j);
  return rc;
}

static void iceberg_abort(job *j) {
  free_state(j);
}

const output_ops iceberg_output_ops = {
    .open = iceberg_open,
    .task_rows = out_parquet_task_rows,
    .begin = out_parquet_begin,
    .add_batch = out_parquet_add_batch,
    .end = out_parquet_end,
    .deliver = out_parquet_deliver,
    .free_result = out_parquet_free_result,
    .close = iceberg_close,
    .abort = iceberg_abort,
    .worker_done = out_parquet_worker_done,
    .worker_slot = FMT_PARQUET, /* the same row-group encoders as Parquet output */
};

int iceberg_commit_parts(const char *table_dir, tpch_table t, int overwrite, int fsync, int64_t *rows,
                         tpch_error *err) {
  struct ArrowSchema schema;
  int rc = tpch_table_schema(t, &schema, err);
  if (rc != TPCH_OK) return rc;
  iceberg_options io;
  iceberg_options_init(&io);
  io.fsync = fsync;
  io.sort_column = 0;
  io.mode = overwrite ? ICEBERG_OVERWRITE : ICEBERG_APPEND;
  iceberg_commit_info info;
  rc = iceberg_commit_pending(table_dir, &schema, &io, &info, err);
  if (rc == TPCH_OK || rc == TPCH_ECOMMITTED) *rows = info.added_records;
  schema.release(&schema);
  return rc;
}
