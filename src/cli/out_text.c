/*
 * out_text.c - tbl and CSV output: each task is encoded into a buffer on a
 * worker; buffers are written to one sink in task order.
 */
#include <stdlib.h>
#include <string.h>

#include "format/text/text_encoder.h"
#include "io/sink.h"
#include "outputs.h"

typedef struct text_state {
  tpch_text_encoder *enc;
  tpch_sink sink;
  int sink_open;
} text_state;

static int text_open(job *j, tpch_error *err) {
  text_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  engine_buf_attach(j);
  int64_t ncols = j->schema.n_children;
  int *digits = malloc((size_t)(ncols > 0 ? ncols : 1) * sizeof *digits);
  /* tbl: dbgen prints l_quantity, a decimal, as "17"; dsdgen the *_gmt_offset
   * columns without decimals. CSV writes every decimal with its scale. */
  for (int64_t i = 0; digits && i < ncols; i++)
    digits[i] = j->format != FMT_TBL ? -1
                : j->ds_sf > 0       ? tpcds_column_text_digits(j->ds_table, (int)i)
                : strcmp(j->schema.children[i]->name, "l_quantity") == 0 ? 0
                                                                         : -1;
  tpch_text_dialect d = j->format == FMT_CSV ? TPCH_TEXT_CSV : TPCH_TEXT_TBL;
  int rc = digits ? tpch_text_encoder_create(&s->enc, &j->schema, d, digits, err)
                  : tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  free(digits);
  if (rc == TPCH_OK) {
    if (j->opt->to_stdout)
      rc = tpch_sink_open_stdout(&s->sink, err);
    else
      rc = tpch_sink_open(&s->sink, j->path, tpch_sink_flags(j->opt->overwrite, j->opt->fsync), err);
    s->sink_open = rc == TPCH_OK;
  }
  if (rc == TPCH_OK && d == TPCH_TEXT_CSV) {
    tpch_buf b;
    tpch_buf_init(&b);
    rc = tpch_text_encoder_header(s->enc, &b, err);
    if (rc == TPCH_OK) rc = tpch_sink_write(&s->sink, b.data, b.len, err);
    if (rc == TPCH_OK) atomic_fetch_add(&j->bytes, (long long)b.len);
    tpch_buf_free(&b);
  }
  j->state = s;
  if (rc != TPCH_OK) j->ops->abort(j);
  return rc;
}

static int text_begin(job *j, void **slot, int64_t t, void **task, tpch_error *err) {
  (void)j, (void)slot, (void)t;
  tpch_buf *b = engine_buf_take(j);
  if (b == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  *task = b;
  return TPCH_OK;
}

static int text_add_batch(job *j, void *task, const struct ArrowArray *batch, tpch_error *err) {
  text_state *s = j->state;
  return tpch_text_encoder_encode(s->enc, batch, task, err);
}

static int text_end(job *j, void **slot, void *task, int ok, void **result, tpch_error *err) {
  (void)j, (void)slot, (void)err;
  if (!ok) {
    engine_buf_give(j, task);
    return TPCH_OK;
  }
  *result = task;
  return TPCH_OK;
}

static void text_free_result(job *j, void *r) {
  (void)j;
  engine_buf_free(r);
}

static int text_deliver(job *j, void *result, tpch_error *err) {
  text_state *s = j->state;
  tpch_buf *b = result;
  int rc = tpch_sink_write(&s->sink, b->data, b->len, err);
  if (rc == TPCH_OK) atomic_fetch_add(&j->bytes, (long long)b->len);
  engine_buf_give(j, b);
  return rc;
}

static void text_free(job *j) {
  text_state *s = j->state;
  if (s == NULL) return;
  tpch_text_encoder_destroy(s->enc);
  free(s);
  engine_buf_detach(j);
  j->state = NULL;
}

static int text_close(job *j, tpch_error *err) {
  text_state *s = j->state;
  int rc = tpch_sink_commit(&s->sink, err);
  s->sink_open = 0;
  text_free(j);
  return rc;
}

static void text_abort(job *j) {
  text_state *s = j->state;
  if (s == NULL) return;
  if (s->sink_open) tpch_sink_abort(&s->sink);
  text_free(j);
}

static int64_t text_task_rows(const job *j) {
  (void)j;
  return 65536;
}

const output_ops text_output_ops = {
    .open = text_open,
    .task_rows = text_task_rows,
    .begin = text_begin,
    .add_batch = text_add_batch,
    .end = text_end,
    .deliver = text_deliver,
    .free_result = text_free_result,
    .close = text_close,
    .abort = text_abort,
    .worker_done = NULL,
    .worker_slot = FMT_TBL,
};
