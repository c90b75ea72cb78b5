/*
 * out_chunks.h - the task side of the columnar outputs whose file is a
 * sequence of independently encoded chunks (Parquet row groups, ORC
 * stripes): each task is one chunk, encoded on a worker by an encoder the
 * worker keeps for the table it worked on last; the engine delivers the
 * finished chunks in task order, so the bytes do not depend on -j.
 */
#ifndef TPCH_CLI_OUT_CHUNKS_H
#define TPCH_CLI_OUT_CHUNKS_H

#include "engine.h"

/* A format's chunk encoder. */
typedef struct chunk_codec {
  /* A new encoder for job j's table (its schema and options). */
  int (*create)(job *j, void **enc, tpch_error *err);
  void (*destroy)(void *enc); /* NULL-safe */
  int (*add)(void *enc, const struct ArrowArray *batch, tpch_error *err);
  /* Ends the chunk: *chunk is what deliver takes; the encoder can start
   * another chunk afterwards. */
  int (*finish)(void *enc, void **chunk, tpch_error *err);
} chunk_codec;

/* output_ops.begin for codec c: the worker's encoder in *slot, made anew
 * when the slot held one for another job. */
int out_chunks_begin(const chunk_codec *c, job *j, void **slot, void **task, tpch_error *err);

/* output_ops members shared by every chunk codec (task is what begin gave). */
int out_chunks_add_batch(job *j, void *task, const struct ArrowArray *batch, tpch_error *err);
int out_chunks_end(job *j, void **slot, void *task, int ok, void **result, tpch_error *err);
void out_chunks_worker_done(void **slot);

#endif
