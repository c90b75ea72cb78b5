#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_schema.h"
#include "arrow/arrow_type.h"
#include "format/iceberg/iceberg_internal.h"

void tpch_iceberg_writer_options_init(tpch_iceberg_writer_options *opts) {
  if (opts != NULL) memset(opts, 0, sizeof *opts); /* every 0 is the default */
}

/* The Iceberg type of one Arrow column, or TPCH_EUNSUPPORTED. */
static int map_type(const struct ArrowSchema *col, ice_field *f, tpch_error *err) {
  tpch_arrow_type t;
  int rc = tpch_arrow_type_parse(col->format, &t, err);
  if (rc != 0) return rc;
  switch (t.kind) {
  case TPCH_ARROW_BOOL: f->kind = ICE_T_BOOLEAN; break;
  case TPCH_ARROW_INT32: f->kind = ICE_T_INT; break;
  case TPCH_ARROW_INT64: f->kind = ICE_T_LONG; break;
  case TPCH_ARROW_FLOAT64: f->kind = ICE_T_DOUBLE; break;
  case TPCH_ARROW_DATE32: f->kind = ICE_T_DATE; break;
  case TPCH_ARROW_UTF8:
  case TPCH_ARROW_LARGE_UTF8: f->kind = ICE_T_STRING; break;
  case TPCH_ARROW_BINARY:
  case TPCH_ARROW_LARGE_BINARY: f->kind = ICE_T_BINARY; break;
  case TPCH_ARROW_DECIMAL128:
    if (t.precision < 1 || t.precision > 38 || t.scale < 0 || t.scale > t.precision)
      return tpch_error_set(err, TPCH_EUNSUPPORTED, "column '%s': decimal(%d,%d) is not an Iceberg decimal",
                            f->name, t.precision, t.scale);
    f->kind = ICE_T_DECIMAL;
    f->precision = t.precision;
    f->scale = t.scale;
    break;
  default:
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "column '%s': Arrow type '%s' has no Iceberg mapping here",
                          f->name, col->format);
  }
  static const char *names[] = {"boolean", "int", "long", "double", "", "date", "string", "binary"};
  if (f->kind == ICE_T_DECIMAL)
    snprintf(f->type_name, sizeof f->type_name, "decimal(%d,%d)", f->precision, f->scale);
  else
    snprintf(f->type_name, sizeof f->type_name, "%s", names[f->kind]);
  return TPCH_OK;
}

static int build_json(tpch_iceberg_schema *s) {
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = ice_json_put_raw(&b, "{\"type\":\"struct\",\"schema-id\":0,\"fields\":[");
  for (size_t i = 0; i < s->n; i++) {
    const ice_field *f = &s->fields[i];
    rc |= ice_json_put_raw(&b, i ? ",{\"id\":" : "{\"id\":");
    rc |= ice_json_put_int(&b, f->id);
    rc |= ice_json_put_raw(&b, ",\"name\":");
    rc |= ice_json_put_cstr(&b, f->name);
    rc |=
        ice_json_put_raw(&b, f->required ? ",\"required\":true,\"type\":" : ",\"required\":false,\"type\":");
    rc |= ice_json_put_cstr(&b, f->type_name);
    rc |= ice_json_put_raw(&b, "}");
  }
  rc |= ice_json_put_raw(&b, "]}");
  rc |= tpch_buf_put_u8(&b, 0);
  if (rc != 0) {
    tpch_buf_free(&b);
    return TPCH_ENOMEM;
  }
  s->json = (char *)b.data;
  return TPCH_OK;
}

static int add_fields(tpch_iceberg_schema *s, const struct ArrowSchema *schema, tpch_error *err) {
  for (size_t i = 0; i < s->n; i++) {
    const struct ArrowSchema *col = schema->children[i];
    ice_field *f = &s->fields[i];
    /* present, named, unique, valid UTF-8: tpch_arrow_schema_check_table */
    f->name = strdup(col->name);
    if (f->name == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    f->id = (int32_t)(i + 1);
    f->required = !(col->flags & ARROW_FLAG_NULLABLE);
    s->ids[i] = f->id;
    int rc = map_type(col, f, err);
    if (rc != 0) return rc;
  }
  return TPCH_OK;
}

int tpch_iceberg_schema_create(tpch_iceberg_schema **out, const struct ArrowSchema *schema, tpch_error *err) {
  *out = NULL;
  int rc = tpch_arrow_schema_check_table(schema, 100000, err);
  if (rc != TPCH_OK) return rc;
  tpch_iceberg_schema *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  s->n = (size_t)schema->n_children;
  s->fields = calloc(s->n, sizeof *s->fields);
  s->ids = calloc(s->n, sizeof *s->ids);
  rc = (s->fields && s->ids) ? add_fields(s, schema, err) : ice_oom(err);
  if (rc == 0 && build_json(s) != 0) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (rc != 0) {
    tpch_iceberg_schema_destroy(s);
    return rc;
  }
  s->kv[0] = "iceberg.schema";
  s->kv[1] = s->json;
  s->kv[2] = NULL;
  *out = s;
  return TPCH_OK;
}

void tpch_iceberg_schema_parquet_options(const tpch_iceberg_schema *s, tpch_parquet_writer_options *opts) {
  opts->field_ids = s->ids;
  opts->kv_metadata = s->kv;
}

const char *tpch_iceberg_schema_json(const tpch_iceberg_schema *s) {
  return s->json;
}

size_t tpch_iceberg_schema_columns(const tpch_iceberg_schema *s) {
  return s->n;
}

void tpch_iceberg_schema_destroy(tpch_iceberg_schema *s) {
  if (s == NULL) return;
  for (size_t i = 0; s->fields && i < s->n; i++)
    free(s->fields[i].name);
  free(s->fields);
  free(s->ids);
  free(s->json);
  free(s);
}

/* ---- bounds --------------------------------------------------------------- */

int ice_decimal_minimal_bytes(int64_t v, uint8_t out[8]) {
  uint8_t be[8];
  for (int i = 0; i < 8; i++)
    be[i] = (uint8_t)((uint64_t)v >> (56 - 8 * i));
  int start = 0;
  /* drop a leading byte while the next one still carries the same sign */
  while (start < 7 &&
         ((be[start] == 0x00 && !(be[start + 1] & 0x80)) || (be[start] == 0xff && (be[start + 1] & 0x80))))
    start++;
  memcpy(out, be + start, (size_t)(8 - start));
  return 8 - start;
}

static int64_t le_signed(const uint8_t *v, int len) {
  uint64_t u = 0;
  for (int i = 0; i < len; i++)
    u |= (uint64_t)v[i] << (8 * i);
  if (len < 8 && (v[len - 1] & 0x80)) u |= ~(uint64_t)0 << (8 * len); /* sign-extend */
  return (int64_t)u;
}

/* Decimal stored as FIXED_LEN_BYTE_ARRAY: big-endian already, only trim the sign bytes. */
static int decimal_from_be(const uint8_t *v, int len, uint8_t *out) {
  int start = 0;
  while (start < len - 1 &&
         ((v[start] == 0x00 && !(v[start + 1] & 0x80)) || (v[start] == 0xff && (v[start + 1] & 0x80))))
    start++;
  memcpy(out, v + start, (size_t)(len - start));
  return len - start;
}

static int valid_utf8(const uint8_t *s, int len) {
  for (int i = 0; i < len;) {
    uint8_t c = s[i];
    int n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
    if (n < 0 || n > len - i - 1) return 0;
    for (int k = 1; k <= n; k++)
      if ((s[i + k] & 0xc0) != 0x80) return 0;
    i += n + 1;
  }
  return 1;
}

static int double_bound(const uint8_t *v, int len, int is_upper, uint8_t *out) {
  if (len != 8) return 0;
  double d;
  uint64_t u = (uint64_t)le_signed(v, 8);
  memcpy(&d, &u, 8);
  if (isnan(d)) return 0;
  /* -0.0 sorts before +0.0: a zero lower bound must be -0.0, a zero upper bound +0.0 */
  if (d == 0.0) d = is_upper ? 0.0 : -0.0;
  memcpy(&u, &d, 8);
  for (int i = 0; i < 8; i++)
    out[i] = (uint8_t)(u >> (8 * i));
  return 8;
}

int ice_bound_from_parquet(const ice_field *f, const uint8_t *v, int len, int exact, int is_upper,
                           uint8_t out[ICE_BOUND_MAX]) {
  if (len < 0 || len > ICE_BOUND_MAX) return 0;
  switch (f->kind) {
  case ICE_T_BOOLEAN:
    if (len < 1) return 0;
    out[0] = v[0] ? 1 : 0;
    return 1;
  case ICE_T_INT:
  case ICE_T_DATE:
    if (len != 4) return 0;
    memcpy(out, v, 4); /* both little-endian 4 bytes */
    return 4;
  case ICE_T_LONG:
    if (len != 8) return 0;
    memcpy(out, v, 8);
    return 8;
  case ICE_T_DOUBLE: return double_bound(v, len, is_upper, out);
  case ICE_T_DECIMAL:
    if (f->precision <= 18 && (len == 4 || len == 8))
      return ice_decimal_minimal_bytes(le_signed(v, len), out);
    if (len >= 1) return decimal_from_be(v, len, out);
    return 0;
  case ICE_T_STRING:
    /* A truncated statistic is still a valid bound (the Parquet writer rounds a
     * truncated max up), but only if it is still UTF-8. */
    if (!exact && !valid_utf8(v, len)) return 0;
    memcpy(out, v, (size_t)len);
    return len;
  case ICE_T_BINARY: memcpy(out, v, (size_t)len); return len;
  }
  return 0;
}
