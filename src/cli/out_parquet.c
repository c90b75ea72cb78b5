/*
 * out_parquet.c - Parquet output: each task is one row group, encoded on a
 * worker by that worker's row-group encoder; the finished row groups are
 * appended to the file in task order, so the bytes do not depend on -j.
 */
#include <stdlib.h>

#include "outputs.h"
#include "parquet_writer.h"

typedef struct parquet_state {
  parquet_writer_options opts;
  parquet_writer *w;
} parquet_state;

/* Uncompressed PLAIN bytes per row of each table, from its column widths and
 * average string lengths; turns --row-group-bytes into rows per row group. */
static int64_t plain_bytes_per_row(tpch_table t) {
  switch (t) {
  case TPCH_PART: return 150;
  case TPCH_PARTSUPP: return 156;
  case TPCH_SUPPLIER: return 167;
  case TPCH_CUSTOMER: return 183;
  case TPCH_ORDERS: return 121;
  case TPCH_LINEITEM: return 137;
  default: return 104;
  }
}

static void fill_options(const job *j, parquet_writer_options *o) {
  const cli_options *c = j->opt;
  parquet_writer_options_init(o);
  if (c->compression != COMP_DEFAULT) o->compression = (parquet_compression)c->compression;
  if (c->compression_level) o->compression_level = c->compression_level;
  o->data_page_version = c->data_page_version;
  o->overwrite = c->overwrite;
  o->fsync = c->fsync;
  o->sorting_column = 0; /* dbgen writes every table in ascending order of its first key */
  /* the engine cuts row groups at task boundaries; the writer must not cut again */
  o->row_group_rows = INT64_MAX / 4;
  o->row_group_bytes = INT64_MAX / 4;
}

static int64_t parquet_task_rows(const job *j) {
  const cli_options *c = j->opt;
  if (c->row_group_rows > 0) return c->row_group_rows;
  int64_t rows = c->row_group_bytes / plain_bytes_per_row(j->table);
  return rows < 1 ? 1 : rows;
}

static int parquet_open(job *j, tpch_error *err) {
  parquet_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  fill_options(j, &s->opts);
  j->state = s;
  int rc = parquet_writer_create(&s->w, j->path, &j->schema, &s->opts, err);
  if (rc != TPCH_OK) {
    free(s);
    j->state = NULL;
  }
  return rc;
}

static int add_batch(job *j, void *ctx, struct ArrowArray *batch, tpch_error *err) {
  (void)j;
  return parquet_rowgroup_encoder_add(ctx, batch, err);
}

/* One encoder per task: an encoder holds a whole row group's pages, so it
 * is not kept around between tasks (or after its table is done). */
static int parquet_run_task(job *j, worker *w, int64_t t, void **result, tpch_error *err) {
  (void)w;
  parquet_state *s = j->state;
  parquet_rowgroup_encoder *enc;
  int rc = parquet_rowgroup_encoder_create(&enc, &j->schema, &s->opts, err);
  if (rc != TPCH_OK) return rc;
  int64_t first, count;
  engine_task_range(j, t, &first, &count);
  rc = engine_generate(j, first, count, engine_task_row_cap(j, t), add_batch, enc, err);
  parquet_rowgroup *rg = NULL;
  if (rc == TPCH_OK) rc = parquet_rowgroup_encoder_finish(enc, &rg, err);
  parquet_rowgroup_encoder_destroy(enc);
  if (rc == TPCH_OK) *result = rg;
  return rc;
}

static void parquet_free_result(job *j, void *r) {
  (void)j;
  parquet_rowgroup_free(r);
}

static int parquet_deliver(job *j, void *result, tpch_error *err) {
  parquet_state *s = j->state;
  return parquet_writer_append_rowgroup(s->w, result, err); /* frees the row group */
}

static int parquet_close(job *j, tpch_error *err) {
  parquet_state *s = j->state;
  int rc = parquet_writer_close(s->w, err);
  parquet_file_info info;
  if (rc == TPCH_OK && parquet_writer_file_info(s->w, &info, NULL) == TPCH_OK)
    atomic_store(&j->bytes, (long long)info.file_bytes);
  parquet_writer_destroy(s->w);
  free(s);
  j->state = NULL;
  return rc;
}

static void parquet_abort(job *j) {
  parquet_state *s = j->state;
  if (s == NULL) return;
  parquet_writer_destroy(s->w); /* removes the temporary file */
  free(s);
  j->state = NULL;
}

const output_ops parquet_output_ops = {
    .open = parquet_open,
    .run_task = parquet_run_task,
    .deliver = parquet_deliver,
    .free_result = parquet_free_result,
    .close = parquet_close,
    .abort = parquet_abort,
    .worker_done = NULL,
    .task_rows = parquet_task_rows,
};
