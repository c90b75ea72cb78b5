/*
 * out_text.c - tbl and CSV output: each task is encoded into a buffer on a
 * worker; buffers are written to one sink in task order.
 */
#include <pthread.h>
#include <stdlib.h>

#include "format/text/text_encoder.h"
#include "io/sink.h"
#include "outputs.h"

/* Output buffers go back to a small free list after they are written, so
 * the next task fills pages that are already mapped. */
#define SPARE_BUFFERS 2

typedef struct text_state {
  tpch_text_encoder *enc;
  tpch_sink sink;
  int sink_open;
  pthread_mutex_t lock;
  tpch_buf *spare[SPARE_BUFFERS];
  int nspare;
} text_state;

static void free_buf(tpch_buf *b) {
  tpch_buf_free(b);
  free(b);
}

static tpch_buf *take_buf(text_state *s) {
  tpch_buf *b = NULL;
  pthread_mutex_lock(&s->lock);
  if (s->nspare > 0) b = s->spare[--s->nspare];
  pthread_mutex_unlock(&s->lock);
  if (b == NULL && (b = malloc(sizeof *b)) != NULL) tpch_buf_init(b);
  if (b) tpch_buf_reset(b);
  return b;
}

static void give_buf(text_state *s, tpch_buf *b) {
  pthread_mutex_lock(&s->lock);
  if (s->nspare < SPARE_BUFFERS) {
    s->spare[s->nspare++] = b;
    b = NULL;
  }
  pthread_mutex_unlock(&s->lock);
  if (b) free_buf(b);
}

static int text_open(job *j, tpch_error *err) {
  text_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  pthread_mutex_init(&s->lock, NULL);
  int digits[16];
  for (int i = 0; i < 16; i++) digits[i] = -1;
  if (j->format == FMT_TBL && j->table == TPCH_LINEITEM) digits[4] = 0; /* dbgen prints l_quantity as "17" */
  tpch_text_dialect d = j->format == FMT_CSV ? TPCH_TEXT_CSV : TPCH_TEXT_TBL;
  int rc = tpch_text_encoder_create(&s->enc, &j->schema, d, digits, err);
  if (rc == TPCH_OK) {
    if (j->opt->to_stdout)
      rc = tpch_sink_open_stdout(&s->sink, err);
    else
      rc = tpch_sink_open(&s->sink, j->path,
                          (j->opt->overwrite ? TPCH_SINK_OVERWRITE : 0) | (j->opt->fsync ? 0 : TPCH_SINK_NOSYNC), err);
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

static int encode_batch(job *j, void *ctx, struct ArrowArray *batch, tpch_error *err) {
  text_state *s = j->state;
  return tpch_text_encoder_encode(s->enc, batch, ctx, err);
}

static int text_run_task(job *j, worker *w, int64_t t, void **result, tpch_error *err) {
  text_state *s = j->state;
  tpch_buf *b = take_buf(s);
  if (b == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  int64_t first, count;
  engine_task_range(j, t, &first, &count);
  int rc = engine_generate(j, w, first, count, engine_task_row_cap(j, t), encode_batch, b, err);
  if (rc != TPCH_OK) {
    give_buf(s, b);
    return rc;
  }
  *result = b;
  return TPCH_OK;
}

static void text_free_result(job *j, void *r) {
  (void)j;
  free_buf(r);
}

static int text_deliver(job *j, void *result, tpch_error *err) {
  text_state *s = j->state;
  tpch_buf *b = result;
  int rc = tpch_sink_write(&s->sink, b->data, b->len, err);
  if (rc == TPCH_OK) atomic_fetch_add(&j->bytes, (long long)b->len);
  give_buf(s, b);
  return rc;
}

static void text_free(job *j) {
  text_state *s = j->state;
  if (s == NULL) return;
  tpch_text_encoder_destroy(s->enc);
  for (int i = 0; i < s->nspare; i++) free_buf(s->spare[i]);
  pthread_mutex_destroy(&s->lock);
  free(s);
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
    .run_task = text_run_task,
    .deliver = text_deliver,
    .free_result = text_free_result,
    .close = text_close,
    .abort = text_abort,
    .worker_done = NULL,
    .task_rows = text_task_rows,
};
