/*
 * out_text.c - tbl and CSV output: each task is encoded into a buffer on a
 * worker; buffers are written to one sink in task order.
 */
#include <pthread.h>
#include <stdlib.h>

#include "format/text/text_encoder.h"
#include "io/sink.h"
#include "outputs.h"

typedef struct text_state {
  tpch_text_encoder *enc;
  tpch_sink sink;
  int sink_open;
} text_state;

/* Output buffers go back to a small free list after they are written, so
 * the next task fills pages that are already mapped. The list is shared by
 * every text job of the run (one list per job would keep each running
 * table's spares alive at once), and emptied when the last one closes. */
#define SPARE_BUFFERS 2

static struct {
  pthread_mutex_t lock;
  tpch_buf *spare[SPARE_BUFFERS];
  int n;
  int open_jobs;
} spares = {PTHREAD_MUTEX_INITIALIZER, {NULL}, 0, 0};

static void free_buf(tpch_buf *b) {
  tpch_buf_free(b);
  free(b);
}

static tpch_buf *take_buf(void) {
  tpch_buf *b = NULL;
  pthread_mutex_lock(&spares.lock);
  if (spares.n > 0) b = spares.spare[--spares.n];
  pthread_mutex_unlock(&spares.lock);
  if (b == NULL && (b = malloc(sizeof *b)) != NULL) tpch_buf_init(b);
  if (b) tpch_buf_reset(b);
  return b;
}

static void give_buf(tpch_buf *b) {
  pthread_mutex_lock(&spares.lock);
  if (spares.n < SPARE_BUFFERS) {
    spares.spare[spares.n++] = b;
    b = NULL;
  }
  pthread_mutex_unlock(&spares.lock);
  if (b) free_buf(b);
}

static void job_opened(void) {
  pthread_mutex_lock(&spares.lock);
  spares.open_jobs++;
  pthread_mutex_unlock(&spares.lock);
}

static void job_closed(void) {
  pthread_mutex_lock(&spares.lock);
  if (--spares.open_jobs == 0) {
    while (spares.n > 0) free_buf(spares.spare[--spares.n]);
  }
  pthread_mutex_unlock(&spares.lock);
}

static int text_open(job *j, tpch_error *err) {
  text_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  job_opened();
  int digits[16];
  for (int i = 0; i < 16; i++) digits[i] = -1;
  if (j->format == FMT_TBL && j->table == TPCH_LINEITEM) digits[4] = 0; /* dbgen prints l_quantity as "17" */
  tpch_text_dialect d = j->format == FMT_CSV ? TPCH_TEXT_CSV : TPCH_TEXT_TBL;
  int rc = tpch_text_encoder_create(&s->enc, &j->schema, d, digits, err);
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
  tpch_buf *b = take_buf();
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
    give_buf(task);
    return TPCH_OK;
  }
  *result = task;
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
  give_buf(b);
  return rc;
}

static void text_free(job *j) {
  text_state *s = j->state;
  if (s == NULL) return;
  tpch_text_encoder_destroy(s->enc);
  free(s);
  job_closed();
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
