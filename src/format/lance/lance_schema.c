#include "lance_schema.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_schema.h"
#include "lance_proto.h"

/* Legacy lance.file.Field.encoding values; lance still writes them. */
enum { FIELD_ENC_PLAIN = 1, FIELD_ENC_VAR_BINARY = 2 };

/* Fills the Lance side of `c` from its Arrow type; 0 if Lance writing does
 * not handle the type. */
static int lance_layout(lance_column_def *c) {
  static const struct {
    tpch_arrow_kind kind;
    const char *logical;
    int bits, offset_bytes;
  } map[] = {
      {TPCH_ARROW_BOOL, "bool", 1, 0},       {TPCH_ARROW_INT8, "int8", 8, 0},
      {TPCH_ARROW_INT16, "int16", 16, 0},    {TPCH_ARROW_INT32, "int32", 32, 0},
      {TPCH_ARROW_INT64, "int64", 64, 0},    {TPCH_ARROW_FLOAT32, "float", 32, 0},
      {TPCH_ARROW_FLOAT64, "double", 64, 0}, {TPCH_ARROW_DATE32, "date32:day", 32, 0},
      {TPCH_ARROW_UTF8, "string", 0, 4},     {TPCH_ARROW_LARGE_UTF8, "large_string", 0, 8},
      {TPCH_ARROW_BINARY, "binary", 0, 4},   {TPCH_ARROW_LARGE_BINARY, "large_binary", 0, 8},
  };
  if (c->type.kind == TPCH_ARROW_DECIMAL128) {
    snprintf(c->logical, sizeof c->logical, "decimal:128:%d:%d", c->type.precision, c->type.scale);
    c->bits = 128;
    return 1;
  }
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
    if (map[i].kind != c->type.kind) continue;
    snprintf(c->logical, sizeof c->logical, "%s", map[i].logical);
    c->bits = map[i].bits;
    c->offset_bytes = map[i].offset_bytes;
    return 1;
  }
  return 0;
}

/* Describes column `i` of `a` (already checked by
 * tpch_arrow_schema_check_table) in `c`; the name is not copied. */
static int describe_child(const struct ArrowSchema *a, int64_t i, lance_column_def *c, tpch_error *err) {
  const struct ArrowSchema *ch = a->children[i];
  memset(c, 0, sizeof *c);
  if (tpch_arrow_type_parse(ch->format, &c->type, NULL) != TPCH_OK || !lance_layout(c))
    return tpch_error_set(err, TPCH_EUNSUPPORTED,
                          "column '%s': Arrow type '%s' is not supported by the Lance writer", ch->name,
                          ch->format);
  c->nullable = (ch->flags & ARROW_FLAG_NULLABLE) != 0;
  return TPCH_OK;
}

static int from_arrow(lance_schema *s, const struct ArrowSchema *a, tpch_error *err) {
  int rc = tpch_arrow_schema_check_table(a, INT32_MAX, err);
  if (rc != TPCH_OK) return rc;
  size_t n = (size_t)a->n_children;
  s->cols = calloc(n, sizeof *s->cols);
  if (s->cols == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory copying the schema");
  s->n = n;
  for (size_t i = 0; i < n; i++) {
    rc = describe_child(a, (int64_t)i, &s->cols[i], err);
    if (rc != TPCH_OK) return rc;
    s->cols[i].name = strdup(a->children[i]->name);
    if (s->cols[i].name == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory copying the schema");
  }
  return tpch_arrow_schema_copy(&s->arrow, a, err);
}

int lance_schema_from_arrow(lance_schema *s, const struct ArrowSchema *a, tpch_error *err) {
  memset(s, 0, sizeof *s);
  int rc = from_arrow(s, a, err);
  if (rc != TPCH_OK) lance_schema_free(s);
  return rc;
}

void lance_schema_free(lance_schema *s) {
  if (s == NULL) return;
  for (size_t i = 0; s->cols && i < s->n; i++)
    free(s->cols[i].name);
  free(s->cols);
  if (s->arrow.release) s->arrow.release(&s->arrow);
  memset(s, 0, sizeof *s);
}

int lance_schema_match_arrow(const lance_schema *s, const struct ArrowSchema *a, tpch_error *err) {
  if (a == NULL || a->format == NULL || strcmp(a->format, "+s") != 0 || a->children == NULL)
    return tpch_error_set(err, TPCH_ESCHEMA, "batch schema is not a struct schema");
  if ((size_t)a->n_children != s->n)
    return tpch_error_set(err, TPCH_ESCHEMA, "batch schema has %lld columns, the writer's has %zu",
                          (long long)a->n_children, s->n);
  for (size_t i = 0; i < s->n; i++) {
    const struct ArrowSchema *ch = a->children[i];
    const lance_column_def *c = &s->cols[i];
    tpch_arrow_type t;
    if (ch == NULL || ch->name == NULL || strcmp(ch->name, c->name) != 0)
      return tpch_error_set(err, TPCH_ESCHEMA, "batch column %zu is '%s', the writer expects '%s'", i,
                            ch && ch->name ? ch->name : "(null)", c->name);
    if (ch->format == NULL || tpch_arrow_type_parse(ch->format, &t, NULL) != TPCH_OK ||
        t.kind != c->type.kind || t.precision != c->type.precision || t.scale != c->type.scale)
      return tpch_error_set(err, TPCH_ESCHEMA, "column '%s': batch type '%s' differs from the writer's (%s)",
                            c->name, ch->format ? ch->format : "(null)", c->logical);
    if (((ch->flags & ARROW_FLAG_NULLABLE) != 0) != c->nullable)
      return tpch_error_set(err, TPCH_ESCHEMA, "column '%s': nullability differs from the writer's", c->name);
  }
  return TPCH_OK;
}

/* One lance.file.Field: type=1 (lance writes 0), name=2, id=3,
 * parent_id=4 (-1 = top level), logical_type=5, nullable=6, encoding=7. */
static int encode_field(tpch_buf *b, const lance_column_def *c, int32_t id) {
  int rc = lance_pb_str(b, 2, c->name);
  if (rc == TPCH_OK) rc = lance_pb_int(b, 3, id);
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 4, (uint64_t)(int64_t)-1);
  if (rc == TPCH_OK) rc = lance_pb_str(b, 5, c->logical);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 6, (uint64_t)c->nullable);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 7, c->bits ? FIELD_ENC_PLAIN : FIELD_ENC_VAR_BINARY);
  return rc;
}

int lance_schema_encode_fields(const lance_schema *s, tpch_buf *b, uint32_t field_no) {
  for (size_t i = 0; i < s->n; i++) {
    size_t mark;
    int rc = tpch_pb_begin(b, field_no, &mark);
    if (rc == TPCH_OK) rc = encode_field(b, &s->cols[i], (int32_t)i);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, mark);
    if (rc != TPCH_OK) return rc;
  }
  return TPCH_OK;
}
