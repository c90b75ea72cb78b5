/*
 * out_chunks.c - a worker's chunk encoder (see out_chunks.h).
 */
#include "out_chunks.h"

#include <stdlib.h>

/* The worker's slot: one encoder, for the job it worked on last, so
 * consecutive chunks of a table reuse its buffers and switching tables frees
 * the old one (no encoder outlives its table by much). */
typedef struct worker_encoder {
  const chunk_codec *codec;
  const job *owner;
  void *enc;
} worker_encoder;

static void drop_encoder(worker_encoder *we) {
  if (we->enc) we->codec->destroy(we->enc);
  we->enc = NULL;
  we->owner = NULL;
}

int out_chunks_begin(const chunk_codec *c, job *j, void **slot, void **task, tpch_error *err) {
  worker_encoder *we = *slot;
  if (we == NULL) {
    we = calloc(1, sizeof *we);
    if (we == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    *slot = we;
  }
  if (we->owner != j || we->codec != c) {
    drop_encoder(we);
    we->codec = c;
    int rc = c->create(j, &we->enc, err);
    if (rc != TPCH_OK) {
      we->enc = NULL;
      return rc;
    }
    we->owner = j;
  }
  *task = we;
  return TPCH_OK;
}

int out_chunks_add_batch(job *j, void *task, const struct ArrowArray *batch, tpch_error *err) {
  (void)j;
  worker_encoder *we = task;
  return we->codec->add(we->enc, batch, err);
}

int out_chunks_end(job *j, void **slot, void *task, int ok, void **result, tpch_error *err) {
  (void)j;
  (void)slot;
  worker_encoder *we = task;
  int rc = ok ? we->codec->finish(we->enc, result, err) : TPCH_EIO;
  if (rc != TPCH_OK) {
    drop_encoder(we); /* it may hold half a chunk */
    return ok ? rc : TPCH_OK;
  }
  return TPCH_OK;
}

/* Called for every job when the worker exits; the first call frees it. */
void out_chunks_worker_done(void **slot) {
  worker_encoder *we = *slot;
  if (we == NULL) return;
  drop_encoder(we);
  free(we);
  *slot = NULL;
}
