#include "arrow_batch.h"

#include <string.h>

#include "arrow/arrow_type.h"

/* Rows and offsets are used as byte indexes of up to 16-byte values, so the
 * last slot any column names must stay below 2^59. */
#define MAX_SLOT (INT64_MAX / 16)

static int64_t buffers_needed(tpch_arrow_kind k) {
  switch (k) {
  case TPCH_ARROW_UTF8:
  case TPCH_ARROW_LARGE_UTF8:
  case TPCH_ARROW_BINARY:
  case TPCH_ARROW_LARGE_BINARY: return 3;
  case TPCH_ARROW_STRUCT: return 1;
  default: return 2;
  }
}

static int is_var(tpch_arrow_kind k) {
  return buffers_needed(k) == 3;
}

/* Offsets [first, first + n] of a string column: start >= 0, never
 * decreasing, no value above the size limit. */
static int check_offsets(const struct ArrowArray *ca, tpch_arrow_kind k, int64_t first, int64_t n,
                         const char *name, tpch_error *err) {
  int large = k == TPCH_ARROW_LARGE_UTF8 || k == TPCH_ARROW_LARGE_BINARY;
  const void *offs = ca->buffers[1];
  int64_t prev = tpch_arrow_offset_at(offs, large ? 8 : 4, first);
  if (prev < 0)
    return tpch_error_set(err, TPCH_EINVAL, "column '%s': string offset %lld is negative", name,
                          (long long)prev);
  for (int64_t i = 1; i <= n; i++) {
    int64_t o = tpch_arrow_offset_at(offs, large ? 8 : 4, first + i);
    if (o < prev || o - prev > TPCH_ARROW_MAX_VALUE_BYTES)
      return tpch_error_set(err, TPCH_EINVAL, "column '%s': bad string offsets %lld..%lld at row %lld", name,
                            (long long)prev, (long long)o, (long long)(i - 1));
    prev = o;
  }
  if (prev > tpch_arrow_offset_at(offs, large ? 8 : 4, first) && ca->buffers[2] == NULL)
    return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' has a NULL data buffer", name);
  return TPCH_OK;
}

/* 1 if any of bits [first, first + n) is zero. */
static int any_zero_bit(const uint8_t *bitmap, int64_t first, int64_t n) {
  for (int64_t i = 0; i < n; i++)
    if (!tpch_arrow_bit(bitmap, first + i)) return 1;
  return 0;
}

static int check_shape(const struct ArrowSchema *cs, const struct ArrowArray *ca, const tpch_arrow_type *t,
                       const struct ArrowArray *batch, tpch_error *err) {
  const char *name = cs->name ? cs->name : "?";
  if (ca->dictionary != NULL || cs->dictionary != NULL)
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "column '%s' is dictionary-encoded, which is not supported",
                          name);
  if (ca->n_children != 0) return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' has child arrays", name);
  if (ca->n_buffers != buffers_needed(t->kind))
    return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' (%s) has %lld buffers, expected %lld", name,
                          cs->format, (long long)ca->n_buffers, (long long)buffers_needed(t->kind));
  if (ca->buffers == NULL) return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' has no buffers array", name);
  if (ca->offset < 0 || ca->length < 0 || ca->length > MAX_SLOT - ca->offset)
    return tpch_error_set(err, TPCH_EINVAL, "column '%s' has a bad length or offset (%lld, %lld)", name,
                          (long long)ca->length, (long long)ca->offset);
  /* struct slot i is child slot batch->offset + i */
  if (ca->length - batch->offset < batch->length)
    return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' is shorter than the batch", name);
  return TPCH_OK;
}

static int check_column(const struct ArrowSchema *cs, const struct ArrowArray *ca,
                        const struct ArrowArray *batch, tpch_error *err) {
  const char *name = cs->name ? cs->name : "?";
  if (ca == NULL) return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' is missing from the batch", name);
  tpch_arrow_type t;
  int rc = tpch_arrow_type_parse(cs->format, &t, err);
  if (rc == TPCH_OK && t.kind == TPCH_ARROW_STRUCT)
    rc = tpch_error_set(err, TPCH_EUNSUPPORTED, "column '%s' is nested, which is not supported", name);
  if (rc == TPCH_OK) rc = check_shape(cs, ca, &t, batch, err);
  if (rc != TPCH_OK || batch->length == 0) return rc;
  int64_t first = ca->offset + batch->offset; /* <= ca->offset + ca->length: no overflow */
  /* values, or the offsets of a string column (its bytes may be NULL when all are empty) */
  if (ca->buffers[1] == NULL)
    return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' has a NULL data buffer", name);
  const uint8_t *valid = (const uint8_t *)ca->buffers[0];
  if (ca->null_count > 0 && valid == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "column '%s' has nulls but no validity bitmap", name);
  if (ca->null_count < -1) return tpch_error_set(err, TPCH_EINVAL, "column '%s' has a bad null count", name);
  if (!(cs->flags & ARROW_FLAG_NULLABLE) && ca->null_count != 0 && valid != NULL &&
      any_zero_bit(valid, first, batch->length))
    return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' is not nullable but has nulls", name);
  if (is_var(t.kind)) return check_offsets(ca, t.kind, first, batch->length, name, err);
  return TPCH_OK;
}

static int check_struct(const struct ArrowSchema *schema, const struct ArrowArray *a, tpch_error *err) {
  if (schema == NULL || a == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL schema or batch");
  if (a->release == NULL) return tpch_error_set(err, TPCH_EINVAL, "batch has already been released");
  if (a->dictionary != NULL)
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "a dictionary-encoded batch is not supported");
  if (a->n_children != schema->n_children)
    return tpch_error_set(err, TPCH_ESCHEMA, "batch has %lld columns, schema has %lld",
                          (long long)a->n_children, (long long)schema->n_children);
  if (a->n_children > 0 && a->children == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "batch has no child arrays");
  if (a->length < 0 || a->offset < 0 || a->length > MAX_SLOT - a->offset)
    return tpch_error_set(err, TPCH_EINVAL, "batch has a bad length or offset (%lld, %lld)",
                          (long long)a->length, (long long)a->offset);
  if (a->n_buffers > 1 || (a->n_buffers == 1 && a->buffers == NULL))
    return tpch_error_set(err, TPCH_EINVAL, "batch (a struct) has %lld buffers, expected 1",
                          (long long)a->n_buffers);
  const uint8_t *valid = a->n_buffers == 1 ? (const uint8_t *)a->buffers[0] : NULL;
  if (a->null_count > 0 && valid == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "batch has nulls but no validity bitmap");
  /* A null row of the table itself has no form in a flat file: writing its
   * columns' values would invent data. */
  if (a->null_count != 0 && valid != NULL)
    for (int64_t i = 0; i < a->length; i++)
      if (!tpch_arrow_bit(valid, a->offset + i))
        return tpch_error_set(err, TPCH_EUNSUPPORTED,
                              "batch row %lld is null (top-level null rows are not supported)", (long long)i);
  return TPCH_OK;
}

int tpch_arrow_check_batch(const struct ArrowSchema *schema, const struct ArrowArray *array,
                           tpch_error *err) {
  int rc = check_struct(schema, array, err);
  for (int64_t i = 0; rc == TPCH_OK && i < schema->n_children; i++)
    rc = check_column(schema->children[i], array->children[i], array, err);
  return rc;
}
