/*
 * paimon_avro.c - the records of Paimon manifests and manifest lists.
 *
 * Field names, order and types are those Paimon itself writes (version 2
 * ManifestEntry with DataFileMeta, and ManifestFileMeta); optional fields are
 * unions with null first. Entries of other writers' manifests are carried
 * over (an OVERWRITE deletes them, an append keeps their manifests) by
 * re-encoding the decoded record under this schema, field by field by name.
 */
#include <string.h>

#include "format/paimon/paimon_internal.h"

#define PMN_STATS_FIELDS                                                                                     \
  "[{\"name\":\"_MIN_VALUES\",\"type\":\"bytes\"},{\"name\":\"_MAX_VALUES\",\"type\":\"bytes\"},"            \
  "{\"name\":\"_NULL_COUNTS\",\"type\":[\"null\",{\"type\":\"array\",\"items\":[\"null\",\"long\"]}],"       \
  "\"default\":null}]"

#define PMN_OPT(name, type) "{\"name\":\"" name "\",\"type\":[\"null\"," type "],\"default\":null}"

const char pmn_manifest_schema[] =
    "{\"type\":\"record\",\"name\":\"ManifestEntry\",\"fields\":["
    "{\"name\":\"_VERSION\",\"type\":\"int\"},{\"name\":\"_KIND\",\"type\":\"int\"},"
    "{\"name\":\"_PARTITION\",\"type\":\"bytes\"},{\"name\":\"_BUCKET\",\"type\":"
    "\"int\"},"
    "{\"name\":\"_TOTAL_BUCKETS\",\"type\":\"int\"},"
    "{\"name\":\"_FILE\",\"type\":{\"type\":\"record\",\"name\":\"DataFileMeta\","
    "\"fields\":["
    "{\"name\":\"_FILE_NAME\",\"type\":\"string\"},{\"name\":\"_FILE_SIZE\",\"type\":"
    "\"long\"},"
    "{\"name\":\"_ROW_COUNT\",\"type\":\"long\"},{\"name\":\"_MIN_KEY\",\"type\":"
    "\"bytes\"},"
    "{\"name\":\"_MAX_KEY\",\"type\":\"bytes\"},"
    "{\"name\":\"_KEY_STATS\",\"type\":{\"type\":\"record\",\"name\":\"record_KEY_"
    "STATS\",\"fields\":" PMN_STATS_FIELDS "}},"
    "{\"name\":\"_VALUE_STATS\",\"type\":{\"type\":\"record\",\"name\":\"record_"
    "VALUE_STATS\",\"fields\":" PMN_STATS_FIELDS "}},"
    "{\"name\":\"_MIN_SEQUENCE_NUMBER\",\"type\":\"long\"},{\"name\":\"_MAX_SEQUENCE_"
    "NUMBER\",\"type\":\"long\"},"
    "{\"name\":\"_SCHEMA_ID\",\"type\":\"long\"},{\"name\":\"_LEVEL\",\"type\":"
    "\"int\"},"
    "{\"name\":\"_EXTRA_FILES\",\"type\":{\"type\":\"array\",\"items\":\"string\"}}"
    "," PMN_OPT(
        "_CREATION_TIME",
        "{\"type\":\"long\",\"logicalType\":\"timestamp-"
        "millis\"}") "," PMN_OPT("_DELETE_ROW_COUNT",
                                 "\"lo"
                                 "ng"
                                 "\"") "," PMN_OPT("_EMBEDDED_FILE_INDEX",
                                                   "\"bytes\"") "," PMN_OPT("_FILE_SOURCE",
                                                                            "\"int\"") "," PMN_OPT("_VALUE_"
                                                                                                   "STATS_"
                                                                                                   "COLS",
                                                                                                   "{\"type\""
                                                                                                   ":\"array"
                                                                                                   "\","
                                                                                                   "\"items\""
                                                                                                   ":"
                                                                                                   "\"string"
                                                                                                   "\"}") "," PMN_OPT("_EXTERNAL_"
                                                                                                                      "PATH",
                                                                                                                      "\"string"
                                                                                                                      "\"") "," PMN_OPT("_FIRST_ROW_ID",
                                                                                                                                        "\"long\"") "," PMN_OPT("_WRITE_COLS",
                                                                                                                                                                "{\"type\":\"array\",\"items\":\"string\"}") "," PMN_OPT("_WRITE_COLS_SEQUENCES",
                                                                                                                                                                                                                         "{\"type\":\"array\",\"items\":\"long\"}") "]}}]}";

const char pmn_manifest_list_schema[] =
    "{\"type\":\"record\",\"name\":\"ManifestFileMeta\",\"fields\":["
    "{\"name\":\"_VERSION\",\"type\":\"int\"},{\"name\":\"_FILE_NAME\",\"type\":\"string\"},"
    "{\"name\":\"_FILE_SIZE\",\"type\":\"long\"},{\"name\":\"_NUM_ADDED_FILES\",\"type\":\"long\"},"
    "{\"name\":\"_NUM_DELETED_FILES\",\"type\":\"long\"},"
    "{\"name\":\"_PARTITION_STATS\",\"type\":{\"type\":\"record\",\"name\":\"record_PARTITION_STATS\","
    "\"fields\":" PMN_STATS_FIELDS "}},"
    "{\"name\":\"_SCHEMA_ID\",\"type\":\"long\"}," PMN_OPT("_MIN_BUCKET", "\"int\"") "," PMN_OPT(
        "_MAX_BUCKET",
        "\"int\"") "," PMN_OPT("_MIN_LEVEL",
                               "\"int\"") "," PMN_OPT("_MAX_LEVEL",
                                                      "\"int\"") "," PMN_OPT("_MIN_ROW_ID",
                                                                             "\"long\"") "," PMN_OPT("_MAX_"
                                                                                                     "ROW_ID",
                                                                                                     "\"long"
                                                                                                     "\"") "," PMN_OPT("_TOTAL_BUCKETS",
                                                                                                                       "\"int\"") "," PMN_OPT("_EXTRA_FILES",
                                                                                                                                              "{\"type\":\"array\",\"items\":\"string\"}") "]}";

int pmn_avro_begin(ice_avro_writer *w, const char *schema_json, tpch_error *err) {
  const char *meta[] = {"avro.schema", schema_json, NULL};
  return ice_avro_writer_begin(w, meta, NULL, err);
}

/* Empty stats (arity-0 rows, no null counts): keys and partitions. */
static int put_empty_stats(tpch_buf *b) {
  tpch_buf row;
  tpch_buf_init(&row);
  int rc = pmn_empty_row(&row);
  rc |= ice_avro_put_bytes(b, row.data, row.len);
  rc |= ice_avro_put_bytes(b, row.data, row.len);
  rc |= ice_avro_put_long(b, 1); /* _NULL_COUNTS: the array branch */
  rc |= ice_avro_put_long(b, 0); /* with no items */
  tpch_buf_free(&row);
  return rc;
}

int pmn_encode_entry(ice_avro_writer *w, const pmn_entry *e, tpch_error *err) {
  tpch_buf *b = &w->block;
  tpch_buf row;
  tpch_buf_init(&row);
  int rc = pmn_empty_row(&row);
  rc |= ice_avro_put_long(b, 2);       /* _VERSION */
  rc |= ice_avro_put_long(b, e->kind); /* _KIND */
  rc |= ice_avro_put_bytes(b, row.data, row.len);
  rc |= ice_avro_put_long(b, 0);  /* _BUCKET */
  rc |= ice_avro_put_long(b, -1); /* _TOTAL_BUCKETS: unaware-bucket mode */
  rc |= ice_avro_put_string(b, e->name);
  rc |= ice_avro_put_long(b, e->size);
  rc |= ice_avro_put_long(b, e->rows);
  rc |= ice_avro_put_bytes(b, row.data, row.len); /* _MIN_KEY */
  rc |= ice_avro_put_bytes(b, row.data, row.len); /* _MAX_KEY */
  rc |= put_empty_stats(b);                       /* _KEY_STATS */
  rc |= ice_avro_put_bytes(b, e->min->data, e->min->len);
  rc |= ice_avro_put_bytes(b, e->max->data, e->max->len);
  rc |= ice_avro_put_long(b, 1);
  if (e->ncols > 0) {
    rc |= ice_avro_put_long(b, e->ncols);
    for (int64_t i = 0; i < e->ncols; i++)
      rc |= ice_avro_put_long(b, 1) | ice_avro_put_long(b, 0);
  }
  rc |= ice_avro_put_long(b, 0);
  rc |= ice_avro_put_long(b, 0);                             /* _MIN_SEQUENCE_NUMBER */
  rc |= ice_avro_put_long(b, e->rows > 0 ? e->rows - 1 : 0); /* _MAX_SEQUENCE_NUMBER */
  rc |= ice_avro_put_long(b, e->schema_id);                  /* _SCHEMA_ID */
  rc |= ice_avro_put_long(b, 0);                             /* _LEVEL */
  rc |= ice_avro_put_long(b, 0);                             /* _EXTRA_FILES: [] */
  rc |= ice_avro_put_long(b, 1) | ice_avro_put_long(b, e->creation_ms);
  rc |= ice_avro_put_long(b, 1) | ice_avro_put_long(b, 0); /* _DELETE_ROW_COUNT */
  rc |= ice_avro_put_long(b, 0);                           /* _EMBEDDED_FILE_INDEX: null */
  rc |= ice_avro_put_long(b, 1) | ice_avro_put_long(b, 0); /* _FILE_SOURCE: APPEND */
  for (int i = 0; i < 5; i++)
    rc |= ice_avro_put_long(b, 0); /* stats of all columns; no external path,
                                       row id or write columns */
  tpch_buf_free(&row);
  if (rc != 0) return pmn_oom(err);
  return ice_avro_writer_record_done(w, err);
}

int pmn_encode_manifest_meta(ice_avro_writer *w, const pmn_manifest_meta *m, tpch_error *err) {
  tpch_buf *b = &w->block;
  int rc = ice_avro_put_long(b, 2);
  rc |= ice_avro_put_string(b, m->name);
  rc |= ice_avro_put_long(b, m->size);
  rc |= ice_avro_put_long(b, m->added);
  rc |= ice_avro_put_long(b, m->deleted);
  rc |= put_empty_stats(b);
  rc |= ice_avro_put_long(b, m->schema_id);
  for (int i = 0; i < 4; i++)
    rc |= ice_avro_put_long(b, 1) | ice_avro_put_long(b, 0); /* buckets, levels 0..0 */
  for (int i = 0; i < 4; i++)
    rc |= ice_avro_put_long(b, 0); /* no row ids, total buckets, extra files */
  if (rc != 0) return pmn_oom(err);
  return ice_avro_writer_record_done(w, err);
}

/* ---- generic re-encoding ----------------------------------------------------- */

static int encode_value(tpch_buf *b, const ice_json *schema, const ice_json *v, int set_kind, int depth,
                        tpch_error *err);

static int is_null(const ice_json *v) {
  return v == NULL || v->kind == ICE_JSON_NULL;
}

static int encode_primitive(tpch_buf *b, const char *t, const ice_json *v, tpch_error *err) {
  if (strcmp(t, "null") == 0) return TPCH_OK;
  if (is_null(v)) return tpch_error_set(err, TPCH_EFORMAT, "a manifest value of type %s is missing", t);
  int64_t x;
  if (strcmp(t, "int") == 0 || strcmp(t, "long") == 0) {
    if (!ice_json_int64(v, &x))
      return tpch_error_set(err, TPCH_EFORMAT, "a manifest %s is not an integer", t);
    return ice_avro_put_long(b, x) ? pmn_oom(err) : TPCH_OK;
  }
  if (strcmp(t, "boolean") == 0) {
    if (v->kind != ICE_JSON_BOOL) return tpch_error_set(err, TPCH_EFORMAT, "a manifest boolean is not one");
    return ice_avro_put_bool(b, v->boolean) ? pmn_oom(err) : TPCH_OK;
  }
  if (strcmp(t, "string") == 0 || strcmp(t, "bytes") == 0) {
    if (v->kind != ICE_JSON_STRING) return tpch_error_set(err, TPCH_EFORMAT, "a manifest %s is not one", t);
    return ice_avro_put_bytes(b, v->text, v->len) ? pmn_oom(err) : TPCH_OK;
  }
  return tpch_error_set(err, TPCH_EUNSUPPORTED, "manifest type '%s' is not carried over here", t);
}

static int encode_union(tpch_buf *b, const ice_json *branches, const ice_json *v, int depth,
                        tpch_error *err) {
  for (size_t i = 0; i < branches->n; i++) {
    const ice_json *br = branches->items[i];
    int null_branch = br->kind == ICE_JSON_STRING && strcmp(br->text, "null") == 0;
    if (null_branch != is_null(v)) continue;
    if (ice_avro_put_long(b, (int64_t)i)) return pmn_oom(err);
    return encode_value(b, br, v, -1, depth + 1, err);
  }
  return tpch_error_set(err, TPCH_EFORMAT, "a manifest value fits no branch of its union");
}

static int encode_value(tpch_buf *b, const ice_json *schema, const ice_json *v, int set_kind, int depth,
                        tpch_error *err) {
  if (depth > 16) return tpch_error_set(err, TPCH_EFORMAT, "manifest schema nested too deeply");
  if (schema->kind == ICE_JSON_STRING) return encode_primitive(b, schema->text, v, err);
  if (schema->kind == ICE_JSON_ARRAY) return encode_union(b, schema, v, depth, err);
  const char *type = ice_json_get_str(schema, "type");
  if (type == NULL) return tpch_error_set(err, TPCH_EFORMAT, "manifest schema without a type");
  if (strcmp(type, "record") == 0) {
    const ice_json *fields = ice_json_get(schema, "fields");
    if (fields == NULL || fields->kind != ICE_JSON_ARRAY)
      return tpch_error_set(err, TPCH_EFORMAT, "bad record schema");
    for (size_t i = 0; i < fields->n; i++) {
      const char *name = ice_json_get_str(fields->items[i], "name");
      const ice_json *ft = ice_json_get(fields->items[i], "type");
      if (name == NULL || ft == NULL) return tpch_error_set(err, TPCH_EFORMAT, "bad record field");
      int rc;
      if (set_kind >= 0 && strcmp(name, "_KIND") == 0)
        rc = ice_avro_put_long(b, set_kind) ? pmn_oom(err) : TPCH_OK;
      else
        rc = encode_value(b, ft, ice_json_get(v, name), -1, depth + 1, err);
      if (rc != 0) return rc;
    }
    return TPCH_OK;
  }
  if (strcmp(type, "array") == 0) {
    const ice_json *items = ice_json_get(schema, "items");
    if (items == NULL || v == NULL || v->kind != ICE_JSON_ARRAY)
      return tpch_error_set(err, TPCH_EFORMAT, "a manifest array is not one");
    if (v->n > 0 && ice_avro_put_long(b, (int64_t)v->n)) return pmn_oom(err);
    for (size_t i = 0; i < v->n; i++) {
      int rc = encode_value(b, items, v->items[i], -1, depth + 1, err);
      if (rc != 0) return rc;
    }
    return ice_avro_put_long(b, 0) ? pmn_oom(err) : TPCH_OK;
  }
  return encode_primitive(b, type, v, err); /* {"type":"long","logicalType":...} */
}

int pmn_encode_json(tpch_buf *b, const ice_json *schema, const ice_json *rec, int set_kind, tpch_error *err) {
  return encode_value(b, schema, rec, set_kind, 0, err);
}
