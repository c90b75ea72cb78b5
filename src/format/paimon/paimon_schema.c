/*
 * paimon_schema.c - Arrow columns as Paimon fields, and schema/schema-0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_schema.h"
#include "arrow/arrow_type.h"
#include "format/common/table_schema.h"
#include "format/paimon/paimon_internal.h"

static int map_type(const struct ArrowSchema *col, pmn_field *f, tpch_error *err) {
  tpch_arrow_type t;
  int rc = tpch_arrow_type_parse(col->format, &t, err);
  if (rc != 0) return rc;
  static const char *names[] = {"BOOLEAN", "INT", "BIGINT", "DOUBLE", "", "DATE", "STRING", "BYTES"};
  switch (t.kind) {
  case TPCH_ARROW_BOOL: f->kind = PMN_BOOLEAN; break;
  case TPCH_ARROW_INT32: f->kind = PMN_INT; break;
  case TPCH_ARROW_INT64: f->kind = PMN_BIGINT; break;
  case TPCH_ARROW_FLOAT64: f->kind = PMN_DOUBLE; break;
  case TPCH_ARROW_DATE32: f->kind = PMN_DATE; break;
  case TPCH_ARROW_UTF8:
  case TPCH_ARROW_LARGE_UTF8: f->kind = PMN_STRING; break;
  case TPCH_ARROW_BINARY:
  case TPCH_ARROW_LARGE_BINARY: f->kind = PMN_BYTES; break;
  case TPCH_ARROW_DECIMAL128:
    /* precision <= 18 is Paimon's compact decimal (a long in a binary row) and
     * an INT64 Parquet column, which is what the Parquet writer writes */
    if (t.precision < 1 || t.precision > 18 || t.scale < 0 || t.scale > t.precision)
      return tpch_error_set(err, TPCH_EUNSUPPORTED,
                            "column '%s': decimal(%d,%d) is not written to Paimon here", f->name, t.precision,
                            t.scale);
    f->kind = PMN_DECIMAL;
    f->precision = t.precision;
    f->scale = t.scale;
    break;
  default:
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "column '%s': Arrow type '%s' has no Paimon mapping here",
                          f->name, col->format);
  }
  const char *nn = f->nullable ? "" : " NOT NULL";
  if (f->kind == PMN_DECIMAL)
    snprintf(f->type, sizeof f->type, "DECIMAL(%d, %d)%s", f->precision, f->scale, nn);
  else
    snprintf(f->type, sizeof f->type, "%s%s", names[f->kind], nn);
  return TPCH_OK;
}

static int add_field(pmn_schema *out, const struct ArrowSchema *col, size_t i, tpch_error *err) {
  if (col == NULL || col->format == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "column %zu of the schema is missing", i);
  const char *name = col->name;
  if (name == NULL || name[0] == '\0')
    return tpch_error_set(err, TPCH_EINVAL, "column %zu has no name (Paimon fields need one)", i);
  for (size_t j = 0; j < i; j++)
    if (out->fields[j].name != NULL && strcmp(out->fields[j].name, name) == 0)
      return tpch_error_set(err, TPCH_EINVAL, "column name '%s' appears twice", name);
  pmn_field *f = &out->fields[i];
  if ((f->name = strdup(name)) == NULL) return pmn_oom(err);
  f->nullable = (col->flags & ARROW_FLAG_NULLABLE) != 0;
  return map_type(col, f, err);
}

int pmn_schema_from_arrow(const struct ArrowSchema *schema, pmn_schema *out, tpch_error *err) {
  memset(out, 0, sizeof *out);
  int rc = tpch_arrow_schema_check_table(schema, PMN_MAX_COLUMNS, err);
  if (rc != TPCH_OK) return rc;
  out->n = (size_t)schema->n_children;
  out->fields = calloc(out->n, sizeof *out->fields);
  if (out->fields == NULL) return pmn_oom(err);
  for (size_t i = 0; i < out->n; i++) {
    rc = add_field(out, schema->children[i], i, err);
    if (rc != 0) {
      pmn_schema_free(out);
      return rc;
    }
  }
  return TPCH_OK;
}

void pmn_schema_free(pmn_schema *s) {
  for (size_t i = 0; s->fields && i < s->n; i++)
    free(s->fields[i].name);
  free(s->fields);
  s->fields = NULL;
  s->n = 0;
}

int pmn_schema_json(const pmn_schema *s, int64_t id, int64_t time_ms, tpch_buf *out) {
  int rc = ice_json_put_raw(out, "{\n  \"version\" : 3,\n  \"id\" : ");
  rc |= ice_json_put_int(out, id);
  rc |= ice_json_put_raw(out, ",\n  \"fields\" : [");
  for (size_t i = 0; i < s->n; i++) {
    rc |= ice_json_put_raw(out, i ? ", {\n    \"id\" : " : " {\n    \"id\" : ");
    rc |= ice_json_put_int(out, (int64_t)i);
    rc |= ice_json_put_raw(out, ",\n    \"name\" : ");
    rc |= ice_json_put_cstr(out, s->fields[i].name);
    rc |= ice_json_put_raw(out, ",\n    \"type\" : ");
    rc |= ice_json_put_cstr(out, s->fields[i].type);
    rc |= ice_json_put_raw(out, "\n  }");
  }
  rc |= ice_json_put_raw(out, " ],\n  \"highestFieldId\" : ");
  rc |= ice_json_put_int(out, (int64_t)s->n - 1);
  rc |= ice_json_put_raw(out, ",\n  \"partitionKeys\" : [ ],\n  \"primaryKeys\" : [ ],\n  \"options\" : {\n"
                              "    \"bucket\" : \"-1\",\n    \"file.format\" : \"parquet\"\n  },\n"
                              "  \"timeMillis\" : ");
  rc |= ice_json_put_int(out, time_ms);
  rc |= ice_json_put_raw(out, "\n}");
  return rc ? TPCH_ENOMEM : TPCH_OK;
}

int pmn_schema_check(const pmn_schema *s, const ice_json *js, tpch_error *err) {
  const ice_json *fields = ice_json_get(js, "fields");
  if (fields == NULL || fields->kind != ICE_JSON_ARRAY)
    return tpch_error_set(err, TPCH_EFORMAT, "the table's schema file has no fields");
  const ice_json *pk = ice_json_get(js, "primaryKeys"), *part = ice_json_get(js, "partitionKeys");
  if ((pk && pk->kind == ICE_JSON_ARRAY && pk->n) || (part && part->kind == ICE_JSON_ARRAY && part->n))
    return tpch_error_set(err, TPCH_EUNSUPPORTED,
                          "the table has primary or partition keys; only append tables "
                          "without partitions are written here");
  if (fields->n != s->n)
    return tpch_error_set(err, TPCH_ESCHEMA, "the table has %zu columns, the data %zu", fields->n, s->n);
  for (size_t i = 0; i < s->n; i++) {
    const char *name = ice_json_get_str(fields->items[i], "name");
    const char *type = ice_json_get_str(fields->items[i], "type");
    int64_t id = -1;
    ice_json_int64(ice_json_get(fields->items[i], "id"), &id);
    if (!tpch_table_field_equal(name, type, s->fields[i].name, s->fields[i].type) || id != (int64_t)i)
      return tpch_error_set(err, TPCH_ESCHEMA,
                            "column %zu ('%s' %s) does not match the table's field '%s' %s", i,
                            s->fields[i].name, s->fields[i].type, name ? name : "?", type ? type : "?");
  }
  return TPCH_OK;
}

/* Field ids 0..1023 as constants (Paimon numbers fields from 0). */
#define PMN_I2(n) (n), (n) + 1
#define PMN_I8(n) PMN_I2(n), PMN_I2((n) + 2), PMN_I2((n) + 4), PMN_I2((n) + 6)
#define PMN_I32(n) PMN_I8(n), PMN_I8((n) + 8), PMN_I8((n) + 16), PMN_I8((n) + 24)
#define PMN_I128(n) PMN_I32(n), PMN_I32((n) + 32), PMN_I32((n) + 64), PMN_I32((n) + 96)
#define PMN_I512(n) PMN_I128(n), PMN_I128((n) + 128), PMN_I128((n) + 256), PMN_I128((n) + 384)
static const int32_t field_ids[PMN_MAX_COLUMNS] = {PMN_I512(0), PMN_I512(512)};

void tpch_paimon_parquet_options(size_t ncols, tpch_parquet_writer_options *o) {
  (void)ncols;
  o->field_ids = field_ids;
}
