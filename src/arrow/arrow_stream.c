#include "arrow_stream.h"

#include <string.h>

#include "arrow/arrow_schema.h"

static int pull_failed(struct ArrowArrayStream *s, int code, const char *what, tpch_error *err) {
  const char *msg = s->get_last_error ? s->get_last_error(s) : NULL;
  return tpch_error_set(err, TPCH_EIO, "the Arrow stream failed %s: %s", what,
                        msg && *msg ? msg : strerror(code));
}

static int drain(struct ArrowArrayStream *stream, const struct ArrowSchema *schema, tpch_arrow_batch_fn fn,
                 void *ctx, tpch_error *err) {
  struct ArrowSchema got;
  memset(&got, 0, sizeof got);
  int code = stream->get_schema(stream, &got);
  if (code != 0) return pull_failed(stream, code, "to give its schema", err);
  int rc = tpch_arrow_schema_equal(schema, &got, err);
  if (got.release) got.release(&got);
  while (rc == TPCH_OK) {
    struct ArrowArray batch;
    memset(&batch, 0, sizeof batch);
    code = stream->get_next(stream, &batch);
    if (code != 0) return pull_failed(stream, code, "to give a batch", err);
    if (batch.release == NULL) break; /* end of stream */
    rc = fn(ctx, &batch, err);
    batch.release(&batch);
  }
  return rc;
}

int tpch_arrow_stream_consume(struct ArrowArrayStream *stream, const struct ArrowSchema *schema,
                              tpch_arrow_batch_fn fn, void *ctx, tpch_error *err) {
  if (stream == NULL || stream->release == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "NULL or already released Arrow stream");
  int rc = drain(stream, schema, fn, ctx, err);
  stream->release(stream);
  return rc;
}
