/*
 * out_parquet.c - Parquet output (and the Parquet half of Iceberg and
 * Paimon output, see out_iceberg.c, out_paimon.c): each task is one row group
 * (out_chunks.h), appended to the file in task order.
 */
#include <stdio.h>
#include <stdlib.h>

#include "out_parquet.h"
#include "outputs.h"

static tpch_parquet_compression compression_of(compression_kind k) {
  switch (k) {
  case COMP_NONE: return TPCH_PARQUET_COMPRESSION_NONE;
  case COMP_SNAPPY: return TPCH_PARQUET_COMPRESSION_SNAPPY;
  case COMP_ZSTD: return TPCH_PARQUET_COMPRESSION_ZSTD;
  default: return TPCH_PARQUET_COMPRESSION_DEFAULT;
  }
}

void out_parquet_fill_options(const job *j, tpch_parquet_writer_options *o) {
  const cli_options *c = j->opt;
  tpch_parquet_writer_options_init(o);
  o->compression = compression_of(c->compression);
  o->compression_level = c->compression_level; /* 0 = the default */
  o->data_page_version = c->data_page_version;
  o->mode = c->overwrite ? TPCH_WRITE_OVERWRITE : TPCH_WRITE_CREATE;
  o->no_fsync = !c->fsync;
  o->sorted = 1, o->sort_column = 0; /* dbgen writes every table in ascending order of its first key */
  /* the engine cuts row groups at task boundaries; the writer must not cut again */
  o->row_group_rows = INT64_MAX / 4;
  o->row_group_bytes = INT64_MAX / 4;
}

int64_t out_parquet_task_rows(const job *j) {
  const cli_options *c = j->opt;
  if (c->row_group_rows > 0) return c->row_group_rows;
  /* --row-group-bytes means uncompressed PLAIN bytes */
  int64_t rows = c->row_group_bytes / job_plain_bytes_per_row(j);
  return rows < 1 ? 1 : rows;
}

static void free_state(job *j) {
  parquet_state *s = j->state;
  if (s == NULL) return;
  tpch_parquet_writer_destroy(s->w); /* removes the temporary file if not closed */
  free(s);
  j->state = NULL;
}

static int parquet_open(job *j, tpch_error *err) {
  parquet_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  out_parquet_fill_options(j, &s->opts);
  snprintf(s->file, sizeof s->file, "%s", j->path);
  j->state = s;
  int rc = tpch_parquet_writer_create(&s->w, s->file, &j->schema, &s->opts, err);
  if (rc != TPCH_OK) free_state(j);
  return rc;
}

static int enc_create(job *j, void **enc, tpch_error *err) {
  parquet_state *s = j->state;
  return tpch_parquet_rowgroup_encoder_create((tpch_parquet_rowgroup_encoder **)enc, &j->schema, &s->opts,
                                              err);
}

static void enc_destroy(void *enc) {
  tpch_parquet_rowgroup_encoder_destroy(enc);
}

static int enc_add(void *enc, const struct ArrowArray *batch, tpch_error *err) {
  return tpch_parquet_rowgroup_encoder_add(enc, batch, err);
}

static int enc_finish(void *enc, void **chunk, tpch_error *err) {
  return tpch_parquet_rowgroup_encoder_finish(enc, (tpch_parquet_rowgroup **)chunk, err);
}

static const chunk_codec parquet_rowgroups = {enc_create, enc_destroy, enc_add, enc_finish};

int out_parquet_begin(job *j, void **slot, int64_t t, void **task, tpch_error *err) {
  (void)t;
  return out_chunks_begin(&parquet_rowgroups, j, slot, task, err);
}

void out_parquet_free_result(job *j, void *r) {
  (void)j;
  tpch_parquet_rowgroup_free(r);
}

int out_parquet_deliver(job *j, void *result, tpch_error *err) {
  parquet_state *s = j->state;
  return tpch_parquet_writer_append_rowgroup(s->w, result, err); /* frees the row group */
}

static int parquet_close(job *j, tpch_error *err) {
  parquet_state *s = j->state;
  int rc = tpch_parquet_writer_close(s->w, err);
  tpch_parquet_file_info info;
  if (rc == TPCH_OK && tpch_parquet_writer_file_info(s->w, &info, NULL) == TPCH_OK)
    atomic_store(&j->bytes, (long long)info.file_bytes);
  free_state(j);
  return rc;
}

static void parquet_abort(job *j) {
  free_state(j);
}

const output_ops parquet_output_ops = {
    .open = parquet_open,
    .task_rows = out_parquet_task_rows,
    .begin = out_parquet_begin,
    .add_batch = out_chunks_add_batch,
    .end = out_chunks_end,
    .deliver = out_parquet_deliver,
    .free_result = out_parquet_free_result,
    .close = parquet_close,
    .abort = parquet_abort,
    .worker_done = out_chunks_worker_done,
    .worker_slot = FMT_PARQUET,
};
