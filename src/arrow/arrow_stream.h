/*
 * arrow_stream.h - draining an Arrow C stream into a writer: the one loop
 * behind every writer's _write_stream.
 */
#ifndef TPCH_ARROW_STREAM_H
#define TPCH_ARROW_STREAM_H

#include "tpch_arrow.h"
#include "tpch_error.h"

/* Called once per batch; the batch is released after it returns. */
typedef int (*tpch_arrow_batch_fn)(void *ctx, const struct ArrowArray *batch, tpch_error *err);

/*
 * Checks that the stream's schema equals `schema` (tpch_arrow_schema_equal),
 * then pulls every batch and passes it to `fn` until the stream ends, a pull
 * fails (TPCH_EIO with the stream's own message) or `fn` fails (its status).
 * The stream is always released, on success and on failure, as the
 * _write_stream convention of tpch_writer.h promises.
 */
int tpch_arrow_stream_consume(struct ArrowArrayStream *stream, const struct ArrowSchema *schema,
                              tpch_arrow_batch_fn fn, void *ctx, tpch_error *err);

#endif /* TPCH_ARROW_STREAM_H */
