/*
 * out_orc.c - ORC output: each task is one stripe (out_chunks.h), appended
 * to the file in task order.
 */
#include <stdio.h>
#include <stdlib.h>

#include "orc_writer.h"
#include "out_chunks.h"
#include "outputs.h"

#define ORC_STRIPE_PLAIN_BYTES (64ll << 20)

typedef struct orc_state {
  tpch_orc_writer_options opts;
  tpch_orc_writer *w;
} orc_state;

static void fill_options(const job *j, tpch_orc_writer_options *o) {
  const cli_options *c = j->opt;
  tpch_orc_writer_options_init(o);
  switch (c->compression) {
  case COMP_NONE: o->compression = TPCH_ORC_COMPRESSION_NONE; break;
  case COMP_SNAPPY: o->compression = TPCH_ORC_COMPRESSION_SNAPPY; break;
  case COMP_ZLIB: o->compression = TPCH_ORC_COMPRESSION_ZLIB; break;
  default: o->compression = TPCH_ORC_COMPRESSION_ZSTD; break;
  }
  o->compression_level = c->compression_level;
  o->mode = c->overwrite ? TPCH_WRITE_OVERWRITE : TPCH_WRITE_CREATE;
  o->no_fsync = !c->fsync;
}

static int64_t orc_task_rows(const job *j) {
  if (j->opt->row_group_rows > 0) return j->opt->row_group_rows;
  int64_t rows = ORC_STRIPE_PLAIN_BYTES / job_plain_bytes_per_row(j);
  return rows < 1 ? 1 : rows;
}

static void free_state(job *j) {
  orc_state *s = j->state;
  if (s == NULL) return;
  tpch_orc_writer_destroy(s->w); /* removes the temporary file if not closed */
  free(s);
  j->state = NULL;
}

static int orc_open(job *j, tpch_error *err) {
  orc_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  fill_options(j, &s->opts);
  j->state = s;
  int rc = tpch_orc_writer_create(&s->w, j->path, &j->schema, &s->opts, err);
  if (rc != TPCH_OK) free_state(j);
  return rc;
}

static int enc_create(job *j, void **enc, tpch_error *err) {
  orc_state *s = j->state;
  return tpch_orc_stripe_encoder_create((tpch_orc_stripe_encoder **)enc, &j->schema, &s->opts, err);
}

static void enc_destroy(void *enc) {
  tpch_orc_stripe_encoder_destroy(enc);
}

static int enc_add(void *enc, const struct ArrowArray *batch, tpch_error *err) {
  return tpch_orc_stripe_encoder_add(enc, batch, err);
}

static int enc_finish(void *enc, void **chunk, tpch_error *err) {
  return tpch_orc_stripe_encoder_finish(enc, (tpch_orc_stripe **)chunk, err);
}

static const chunk_codec orc_stripes = {enc_create, enc_destroy, enc_add, enc_finish};

static int orc_begin(job *j, void **slot, int64_t t, void **task, tpch_error *err) {
  (void)t;
  return out_chunks_begin(&orc_stripes, j, slot, task, err);
}

static void orc_free_result(job *j, void *r) {
  (void)j;
  tpch_orc_stripe_free(r);
}

static int orc_deliver(job *j, void *result, tpch_error *err) {
  orc_state *s = j->state;
  return tpch_orc_writer_append_stripe(s->w, result, err); /* frees the stripe */
}

static int orc_close(job *j, tpch_error *err) {
  orc_state *s = j->state;
  int rc = tpch_orc_writer_close(s->w, err);
  int64_t bytes = 0;
  if (rc == TPCH_OK && tpch_orc_writer_info(s->w, &bytes, NULL, NULL) == TPCH_OK)
    atomic_store(&j->bytes, (long long)bytes);
  free_state(j);
  return rc;
}

static void orc_abort(job *j) {
  free_state(j);
}

const output_ops orc_output_ops = {
    .open = orc_open,
    .task_rows = orc_task_rows,
    .begin = orc_begin,
    .add_batch = out_chunks_add_batch,
    .end = out_chunks_end,
    .deliver = orc_deliver,
    .free_result = orc_free_result,
    .close = orc_close,
    .abort = orc_abort,
    .worker_done = out_chunks_worker_done,
    .worker_slot = FMT_ORC,
};
