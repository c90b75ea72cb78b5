/* orc_schema.c - Arrow schema to ORC types. */
#include "orc_schema.h"

#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_schema.h"
#include "format/common/protobuf.h"

static int map_kind(const tpch_arrow_type *t, orc_type_kind *k) {
  switch (t->kind) {
  case TPCH_ARROW_BOOL: *k = ORC_BOOLEAN; return 1;
  case TPCH_ARROW_INT8: *k = ORC_BYTE; return 1;
  case TPCH_ARROW_INT16: *k = ORC_SHORT; return 1;
  case TPCH_ARROW_INT32: *k = ORC_INT; return 1;
  case TPCH_ARROW_INT64: *k = ORC_LONG; return 1;
  case TPCH_ARROW_FLOAT32: *k = ORC_FLOAT; return 1;
  case TPCH_ARROW_FLOAT64: *k = ORC_DOUBLE; return 1;
  case TPCH_ARROW_DECIMAL128: *k = ORC_DECIMAL; return t->precision >= 1 && t->precision <= 38;
  case TPCH_ARROW_DATE32: *k = ORC_DATE; return 1;
  case TPCH_ARROW_UTF8:
  case TPCH_ARROW_LARGE_UTF8: *k = ORC_STRING; return 1;
  case TPCH_ARROW_BINARY:
  case TPCH_ARROW_LARGE_BINARY: *k = ORC_BINARY; return 1;
  default: return 0;
  }
}

void orc_schema_free(orc_schema *s) {
  for (int i = 0; s->fields && i < s->nfields; i++)
    free(s->fields[i].name);
  free(s->fields);
  s->fields = NULL;
  s->nfields = 0;
  if (s->arrow.release) s->arrow.release(&s->arrow);
}

int orc_schema_build(orc_schema *s, const struct ArrowSchema *schema, tpch_error *err) {
  memset(s, 0, sizeof *s);
  int rc = tpch_arrow_schema_check_table(schema, 100000, err);
  if (rc != TPCH_OK) return rc;
  s->fields = calloc((size_t)schema->n_children, sizeof *s->fields);
  if (s->fields == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  s->nfields = (int)schema->n_children;
  for (int i = 0; i < s->nfields; i++) {
    const struct ArrowSchema *c = schema->children[i];
    orc_field *f = &s->fields[i];
    const char *name = c && c->name ? c->name : "";
    rc = c ? tpch_arrow_type_parse(c->format, &f->arrow, err) : TPCH_EINVAL;
    if (rc == TPCH_OK && !map_kind(&f->arrow, &f->kind))
      rc = tpch_error_set(err, TPCH_EUNSUPPORTED, "column '%s': Arrow type '%s' has no ORC mapping here",
                          name, c->format);
    else if (rc != TPCH_OK)
      rc = tpch_error_set(err, rc == TPCH_EINVAL ? TPCH_EINVAL : TPCH_EUNSUPPORTED,
                          "column '%s': unsupported Arrow type '%s'", name, c && c->format ? c->format : "?");
    if (rc == TPCH_OK && (f->name = strdup(name)) == NULL)
      rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    if (rc != TPCH_OK) {
      orc_schema_free(s);
      return rc;
    }
    f->precision = f->arrow.precision;
    f->scale = f->arrow.scale;
  }
  rc = tpch_arrow_schema_copy(&s->arrow, schema, err);
  if (rc != TPCH_OK) orc_schema_free(s);
  return rc;
}

int orc_schema_encode_types(const orc_schema *s, tpch_buf *b) {
  size_t m;
  int rc = tpch_pb_begin(b, 4, &m);
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 1, ORC_STRUCT);
  uint64_t *sub = malloc((size_t)s->nfields * sizeof *sub);
  if (sub == NULL) return TPCH_ENOMEM;
  for (int i = 0; i < s->nfields; i++)
    sub[i] = (uint64_t)i + 1;
  if (rc == TPCH_OK) rc = tpch_pb_packed(b, 2, sub, (size_t)s->nfields);
  free(sub);
  for (int i = 0; rc == TPCH_OK && i < s->nfields; i++)
    rc = tpch_pb_str(b, 3, s->fields[i].name);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  for (int i = 0; rc == TPCH_OK && i < s->nfields; i++) {
    const orc_field *f = &s->fields[i];
    rc = tpch_pb_begin(b, 4, &m);
    if (rc == TPCH_OK) rc = tpch_pb_uint(b, 1, f->kind);
    if (rc == TPCH_OK && f->kind == ORC_DECIMAL) rc = tpch_pb_uint(b, 5, (uint64_t)f->precision);
    if (rc == TPCH_OK && f->kind == ORC_DECIMAL) rc = tpch_pb_uint(b, 6, (uint64_t)f->scale);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  }
  return rc;
}

uint64_t orc_schema_fingerprint(const orc_schema *s) {
  uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < s->nfields; i++) {
    const orc_field *f = &s->fields[i];
    uint64_t v = ((uint64_t)f->kind << 32) ^ ((uint64_t)f->precision << 16) ^ (uint64_t)f->scale ^
                 ((uint64_t)f->arrow.kind << 40);
    h = (h ^ v) * 1099511628211ull;
  }
  return h ^ (uint64_t)s->nfields;
}
