/*
 * gen_stream.c - a table (or a part, or a unit range) as an Arrow C stream,
 * the interface every Arrow consumer takes; and dbgen's part split.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpch_gen.h"

#define DEFAULT_BATCH_ROWS 65536

typedef struct gen_stream {
  tpch_gen *g;
  tpch_table table;
  int64_t rows_left; /* INT64_MAX without a limit */
  int64_t batch_rows;
  tpch_error err;
} gen_stream;

static int stream_schema(struct ArrowArrayStream *s, struct ArrowSchema *out) {
  gen_stream *p = s->private_data;
  return tpch_table_schema(p->table, out, &p->err) == TPCH_OK ? 0 : ENOMEM;
}

static int stream_next(struct ArrowArrayStream *s, struct ArrowArray *out) {
  gen_stream *p = s->private_data;
  out->release = NULL;
  if (p->rows_left <= 0) return 0;
  int64_t n = tpch_gen_next(p->g, p->batch_rows, out, &p->err);
  if (n < 0) return p->err.code == TPCH_ENOMEM ? ENOMEM : EIO;
  if (n == 0) {
    out->release = NULL; /* the end */
    return 0;
  }
  if (n > p->rows_left) out->length = n = p->rows_left; /* a row limit: the children stay longer */
  p->rows_left -= n;
  return 0;
}

static const char *stream_error(struct ArrowArrayStream *s) {
  gen_stream *p = s->private_data;
  return p->err.message;
}

static void stream_release(struct ArrowArrayStream *s) {
  gen_stream *p = s->private_data;
  if (p->g) tpch_gen_destroy(p->g);
  free(p);
  s->release = NULL;
}

int tpch_gen_stream(struct ArrowArrayStream *out, const tpch_scale *s, const tpch_text_pool *pool,
                    tpch_table t, const tpch_gen_stream_options *opts, tpch_error *err) {
  if (out == NULL || s == NULL || pool == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "NULL stream, scale or text pool");
  memset(out, 0, sizeof *out);
  tpch_gen_stream_options o;
  memset(&o, 0, sizeof o);
  if (opts) o = *opts;
  int64_t total = tpch_table_units(s, t);
  if (o.parts != 0) {
    int rc = tpch_table_part_units(s, t, o.part, o.parts, &o.first_unit, &o.unit_count, err);
    if (rc != TPCH_OK) return rc;
  } else {
    if (o.first_unit == 0) o.first_unit = 1;
    if (o.unit_count == 0) o.unit_count = total - o.first_unit + 1;
  }
  if (o.batch_rows == 0) o.batch_rows = DEFAULT_BATCH_ROWS;
  if (o.first_unit < 1 || o.unit_count < 0 || o.first_unit > total + 1 ||
      o.unit_count > total - o.first_unit + 1 || o.max_rows < 0 || o.batch_rows < tpch_table_rows_per_unit(t))
    return tpch_error_set(
        err, TPCH_EINVAL,
        "bad stream range: units %lld + %lld of %lld, max_rows %lld, batch_rows %lld (at least %d)",
        (long long)o.first_unit, (long long)o.unit_count, (long long)total, (long long)o.max_rows,
        (long long)o.batch_rows, tpch_table_rows_per_unit(t));
  gen_stream *p = calloc(1, sizeof *p);
  if (p == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  p->rows_left = o.max_rows > 0 ? o.max_rows : INT64_MAX;
  if (o.unit_count == 0) {
    p->rows_left = 0; /* an empty part */
  } else {
    int rc = tpch_gen_create(&p->g, s, pool, t, o.first_unit, o.unit_count, err);
    if (rc != TPCH_OK) {
      free(p);
      return rc;
    }
  }
  p->table = t;
  p->batch_rows = o.batch_rows;
  out->get_schema = stream_schema;
  out->get_next = stream_next;
  out->get_last_error = stream_error;
  out->release = stream_release;
  out->private_data = p;
  return TPCH_OK;
}

int tpch_table_part_units(const tpch_scale *s, tpch_table t, int64_t part, int64_t parts, int64_t *first_unit,
                          int64_t *unit_count, tpch_error *err) {
  if (parts < 1 || part < 1 || part > parts)
    return tpch_error_set(err, TPCH_EINVAL, "part %lld of %lld: need 1 <= part <= parts", (long long)part,
                          (long long)parts);
  int64_t total = tpch_table_units(s, t);
  if (t == TPCH_NATION || t == TPCH_REGION) { /* written whole by part 1 */
    *first_unit = 1;
    *unit_count = part == 1 ? total : 0;
    return TPCH_OK;
  }
  int64_t per = total / parts; /* dbgen -C/-S: equal shares, the last part takes the rest */
  *first_unit = per * (part - 1) + 1;
  *unit_count = part == parts ? total - per * (parts - 1) : per;
  return TPCH_OK;
}
