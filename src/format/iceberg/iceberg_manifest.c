/*
 * iceberg_manifest.c - manifests and manifest lists as Avro containers, with
 * the schemas and field ids of the Iceberg v2 spec ("Manifests", "Manifest
 * Lists"). Maps with int keys are Avro arrays of key/value records carrying
 * the map logical type, as Appendix A requires.
 */
#include <stdio.h>
#include <string.h>

#include "format/iceberg/iceberg_internal.h"

#define OPT(type) "[\"null\"," type "],\"default\":null"

/* An optional map<int, vtype> field: the array-of-records form with logicalType "map". */
#define MAP_FIELD(name, id, kid, vid, vtype)                                                                 \
  "{\"name\":\"" name "\",\"type\":" OPT(                                                                    \
      "{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"k" #kid "_v" #vid "\",\"fields\":["     \
      "{\"name\":\"key\",\"type\":\"int\",\"field-id\":" #kid "},"                                           \
      "{\"name\":\"value\",\"type\":\"" vtype "\",\"field-id\":" #vid                                        \
      "}]},\"logicalType\":\"map\"}") ",\"field-id\":" #id "}"

static const char manifest_entry_schema[] =
    "{\"type\":\"record\",\"name\":\"manifest_entry\",\"fields\":["
    "{\"name\":\"status\",\"type\":\"int\",\"field-id\":0},"
    "{\"name\":\"snapshot_id\",\"type\":" OPT(
        "\"long\"") ",\"field-id\":1},"
                    "{\"name\":\"sequence_number\",\"type\":" OPT(
                        "\"long\"") ",\"field-id\":3},"
                                    "{\"name\":\"file_sequence_number\",\"type\":" OPT(
                                        "\"long\"") ",\"field-id\":4},"
                                                    "{\"name\":\"data_file\",\"type\":{\"type\":"
                                                    "\"record\",\"name\":\"r2\",\"fields\":["
                                                    "{\"name\":\"content\",\"type\":\"int\",\"field-id\":"
                                                    "134},"
                                                    "{\"name\":\"file_path\",\"type\":\"string\",\"field-"
                                                    "id\":100},"
                                                    "{\"name\":\"file_format\",\"type\":\"string\","
                                                    "\"field-id\":101},"
                                                    "{\"name\":\"partition\",\"type\":{\"type\":"
                                                    "\"record\",\"name\":\"r102\",\"fields\":[]},"
                                                    "\"field-id\":102},"
                                                    "{\"name\":\"record_count\",\"type\":\"long\","
                                                    "\"field-id\":103},"
                                                    "{\"name\":\"file_size_in_bytes\",\"type\":\"long\","
                                                    "\"field-id\":104}," MAP_FIELD("column_sizes", 108, 117, 118, "long") "," MAP_FIELD(
                                                        "value_counts", 109, 119, 120,
                                                        "long") "," MAP_FIELD("null_value_counts", 110, 121,
                                                                              122,
                                                                              "long") "," MAP_FIELD("nan_"
                                                                                                    "valu"
                                                                                                    "e_"
                                                                                                    "coun"
                                                                                                    "ts",
                                                                                                    137, 138,
                                                                                                    139,
                                                                                                    "lon"
                                                                                                    "g") "," MAP_FIELD("lower_bounds",
                                                                                                                       125,
                                                                                                                       126,
                                                                                                                       127, "bytes") "," MAP_FIELD("upper_bounds",
                                                                                                                                                   128, 129, 130, "bytes") ","
                                                                                                                                                                           "{\"name\":\"key_metadata\",\"type\":" OPT(
                                                                                                                                                                               "\"bytes\"") ",\"field-id\":131},"
                                                                                                                                                                                            "{\"name\":\"split_offsets\",\"type\":" OPT("{\"type\":\"array\",\"items\":\"long\",\"element-id\":133}") ",\"field-id\":132},"
                                                                                                                                                                                                                                                                                                      "{\"name\":\"equality_ids\",\"type\":" OPT("{\"type\":\"array\",\"items\":\"int\",\"element-id\":136}") ",\"field-id\":135},"
                                                                                                                                                                                                                                                                                                                                                                                                              "{\"name\":\"sort_order_id\",\"type\":" OPT(
                                                                                                                                                                                                                                                                                                                                                                                                                  "\"int\"") ",\"field-id\":140}"
                                                                                                                                                                                                                                                                                                                                                                                                                             "]},\"field-id\":2}]}";

static const char manifest_file_schema[] =
    "{\"type\":\"record\",\"name\":\"manifest_file\",\"fields\":["
    "{\"name\":\"manifest_path\",\"type\":\"string\",\"field-id\":500},"
    "{\"name\":\"manifest_length\",\"type\":\"long\",\"field-id\":501},"
    "{\"name\":\"partition_spec_id\",\"type\":\"int\",\"field-id\":502},"
    "{\"name\":\"content\",\"type\":\"int\",\"field-id\":517},"
    "{\"name\":\"sequence_number\",\"type\":\"long\",\"field-id\":515},"
    "{\"name\":\"min_sequence_number\",\"type\":\"long\",\"field-id\":516},"
    "{\"name\":\"added_snapshot_id\",\"type\":\"long\",\"field-id\":503},"
    "{\"name\":\"added_files_count\",\"type\":\"int\",\"field-id\":504},"
    "{\"name\":\"existing_files_count\",\"type\":\"int\",\"field-id\":505},"
    "{\"name\":\"deleted_files_count\",\"type\":\"int\",\"field-id\":506},"
    "{\"name\":\"added_rows_count\",\"type\":\"long\",\"field-id\":512},"
    "{\"name\":\"existing_rows_count\",\"type\":\"long\",\"field-id\":513},"
    "{\"name\":\"deleted_rows_count\",\"type\":\"long\",\"field-id\":514},"
    "{\"name\":\"partitions\",\"type\":" OPT(
        "{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"r508\",\"fields\":["
        "{\"name\":\"contains_null\",\"type\":\"boolean\",\"field-id\":509},"
        "{\"name\":\"contains_nan\",\"type\":" OPT(
            "\"boolean\"") ",\"field-id\":518},"
                           "{\"name\":\"lower_bound\",\"type\":" OPT(
                               "\"bytes\"") ",\"field-id\":510},"
                                            "{\"name\":\"upper_bound\",\"type\":" OPT(
                                                "\"bytes\"") ",\"field-id\":511}"
                                                             "]},\"element-id\":508}") ",\"field-id\":507},"
                                                                                       "{\"name\":\"key_"
                                                                                       "metadata\","
                                                                                       "\"type\":" OPT(
                                                                                           "\"bytes\"") ",\"f"
                                                                                                        "ield"
                                                                                                        "-id"
                                                                                                        "\":"
                                                                                                        "519}"
                                                                                                        "]}";

/* ---- manifest --------------------------------------------------------------- */

typedef enum { MAP_SIZES, MAP_VALUES, MAP_NULLS } count_map;

static int put_count_map(tpch_buf *b, const tpch_parquet_file_info *info, size_t n_cols, count_map which) {
  int rc = ice_avro_put_long(b, 1); /* union branch: present */
  rc |= ice_avro_put_long(b, (int64_t)n_cols);
  for (size_t c = 0; c < n_cols; c++) {
    const tpch_parquet_column_info *ci = &info->columns[c];
    int64_t v = which == MAP_SIZES    ? ci->compressed_bytes
                : which == MAP_VALUES ? ci->num_values
                                      : ci->null_count;
    rc |= ice_avro_put_long(b, (int64_t)(c + 1)); /* field id */
    rc |= ice_avro_put_long(b, v);
  }
  rc |= ice_avro_put_long(b, 0);
  return rc ? TPCH_ENOMEM : TPCH_OK;
}

static int put_bounds_map(tpch_buf *b, const tpch_iceberg_schema *s, const tpch_parquet_file_info *info,
                          int upper) {
  uint8_t tmp[ICE_BOUND_MAX];
  int64_t count = 0;
  for (size_t c = 0; c < s->n; c++) {
    const tpch_parquet_column_info *ci = &info->columns[c];
    if (!ci->has_min_max) continue;
    int len = upper ? ice_bound_from_parquet(&s->fields[c], ci->max, ci->max_len, ci->max_exact, 1, tmp)
                    : ice_bound_from_parquet(&s->fields[c], ci->min, ci->min_len, ci->min_exact, 0, tmp);
    if (len > 0) count++;
  }
  int rc = ice_avro_put_long(b, 1);
  if (count > 0) rc |= ice_avro_put_long(b, count);
  for (size_t c = 0; c < s->n && count > 0; c++) {
    const tpch_parquet_column_info *ci = &info->columns[c];
    if (!ci->has_min_max) continue;
    int len = upper ? ice_bound_from_parquet(&s->fields[c], ci->max, ci->max_len, ci->max_exact, 1, tmp)
                    : ice_bound_from_parquet(&s->fields[c], ci->min, ci->min_len, ci->min_exact, 0, tmp);
    if (len <= 0) continue;
    rc |= ice_avro_put_long(b, s->fields[c].id);
    rc |= ice_avro_put_bytes(b, tmp, (size_t)len);
  }
  rc |= ice_avro_put_long(b, 0);
  return rc ? TPCH_ENOMEM : TPCH_OK;
}

static int put_entry(tpch_buf *b, const tpch_iceberg_schema *s, const tpch_iceberg_data_file *f,
                     const char *location, int64_t snapshot_id, int32_t sort_order_id) {
  int rc = ice_avro_put_long(b, 1); /* status ADDED */
  rc |= ice_avro_put_long(b, 1);    /* snapshot_id present */
  rc |= ice_avro_put_long(b, snapshot_id);
  rc |= ice_avro_put_long(b, 0); /* sequence_number: null, inherited */
  rc |= ice_avro_put_long(b, 0); /* file_sequence_number: null, inherited */
  rc |= ice_avro_put_long(b, 0); /* content DATA */
  rc |= ice_avro_put_string(b, location);
  rc |= ice_avro_put_string(b, "PARQUET");
  /* partition: an empty record encodes to nothing */
  rc |= ice_avro_put_long(b, f->info.num_rows);
  rc |= ice_avro_put_long(b, f->info.file_bytes);
  rc |= put_count_map(b, &f->info, s->n, MAP_SIZES);
  rc |= put_count_map(b, &f->info, s->n, MAP_VALUES);
  rc |= put_count_map(b, &f->info, s->n, MAP_NULLS);
  rc |= ice_avro_put_long(b, 0); /* nan_value_counts: unknown */
  rc |= put_bounds_map(b, s, &f->info, 0);
  rc |= put_bounds_map(b, s, &f->info, 1);
  rc |= ice_avro_put_long(b, 0); /* key_metadata */
  rc |= ice_avro_put_long(b, 0); /* split_offsets */
  rc |= ice_avro_put_long(b, 0); /* equality_ids */
  rc |= ice_avro_put_long(b, 1);
  rc |= ice_avro_put_long(b, sort_order_id);
  return rc ? TPCH_ENOMEM : TPCH_OK;
}

int ice_manifest_encode(const tpch_iceberg_schema *s, const tpch_iceberg_data_file *files,
                        const char *const *locations, size_t n, int64_t snapshot_id, int32_t sort_order_id,
                        tpch_buf *out, tpch_error *err) {
  const char *meta[] = {"avro.schema",
                        manifest_entry_schema,
                        "schema",
                        s->json,
                        "schema-id",
                        "0",
                        "partition-spec",
                        "[]",
                        "partition-spec-id",
                        "0",
                        "format-version",
                        "2",
                        "content",
                        "data",
                        NULL};
  ice_avro_writer w;
  int rc = ice_avro_writer_begin(&w, meta, NULL, err);
  if (rc != 0) return rc;
  for (size_t i = 0; i < n && rc == 0; i++) {
    if (put_entry(&w.block, s, &files[i], locations[i], snapshot_id, sort_order_id) != 0)
      rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory encoding a manifest");
    else
      rc = ice_avro_writer_record_done(&w, err);
  }
  if (rc == 0) return ice_avro_writer_finish_into(&w, out, "a manifest", err);
  ice_avro_writer_free(&w);
  return rc;
}

/* ---- manifest list -------------------------------------------------------- */

static int put_opt_bytes(tpch_buf *b, const ice_json *v) {
  if (v == NULL || v->kind != ICE_JSON_STRING) return ice_avro_put_long(b, 0);
  return ice_avro_put_long(b, 1) | ice_avro_put_bytes(b, v->text, v->len);
}

static int put_partitions(tpch_buf *b, const ice_json *parts) {
  if (parts != NULL && parts->kind != ICE_JSON_ARRAY) return ice_avro_put_long(b, 0); /* null */
  int rc = ice_avro_put_long(b, 1);
  size_t n = parts ? parts->n : 0; /* unpartitioned: an empty list */
  if (n > 0) rc |= ice_avro_put_long(b, (int64_t)n);
  for (size_t i = 0; i < n; i++) {
    const ice_json *fs = parts->items[i];
    const ice_json *cn = ice_json_get(fs, "contains_null");
    const ice_json *nan = ice_json_get(fs, "contains_nan");
    rc |= ice_avro_put_bool(b, cn && cn->kind == ICE_JSON_BOOL && cn->boolean);
    if (nan && nan->kind == ICE_JSON_BOOL)
      rc |= ice_avro_put_long(b, 1) | ice_avro_put_bool(b, nan->boolean);
    else
      rc |= ice_avro_put_long(b, 0);
    rc |= put_opt_bytes(b, ice_json_get(fs, "lower_bound"));
    rc |= put_opt_bytes(b, ice_json_get(fs, "upper_bound"));
  }
  rc |= ice_avro_put_long(b, 0);
  return rc ? TPCH_ENOMEM : TPCH_OK;
}

static int put_manifest_file(tpch_buf *b, const ice_manifest_file *m) {
  int rc = ice_avro_put_string(b, m->path);
  rc |= ice_avro_put_long(b, m->length);
  rc |= ice_avro_put_long(b, m->spec_id);
  rc |= ice_avro_put_long(b, m->content);
  rc |= ice_avro_put_long(b, m->sequence_number);
  rc |= ice_avro_put_long(b, m->min_sequence_number);
  rc |= ice_avro_put_long(b, m->added_snapshot_id);
  rc |= ice_avro_put_long(b, m->added_files);
  rc |= ice_avro_put_long(b, m->existing_files);
  rc |= ice_avro_put_long(b, m->deleted_files);
  rc |= ice_avro_put_long(b, m->added_rows);
  rc |= ice_avro_put_long(b, m->existing_rows);
  rc |= ice_avro_put_long(b, m->deleted_rows);
  rc |= put_partitions(b, m->partitions);
  rc |= put_opt_bytes(b, m->key_metadata);
  return rc ? TPCH_ENOMEM : TPCH_OK;
}

int ice_manifest_list_encode(const ice_manifest_file *m, size_t n, int64_t snapshot_id, int64_t parent_id,
                             int64_t sequence_number, tpch_buf *out, tpch_error *err) {
  char snap[24], parent[24], seq[24];
  snprintf(snap, sizeof snap, "%lld", (long long)snapshot_id);
  snprintf(parent, sizeof parent, "%lld", (long long)parent_id);
  snprintf(seq, sizeof seq, "%lld", (long long)sequence_number);
  const char *meta[] = {"avro.schema",
                        manifest_file_schema,
                        "snapshot-id",
                        snap,
                        "sequence-number",
                        seq,
                        "format-version",
                        "2",
                        parent_id >= 0 ? "parent-snapshot-id" : NULL,
                        parent,
                        NULL};
  ice_avro_writer w;
  int rc = ice_avro_writer_begin(&w, meta, NULL, err);
  if (rc != 0) return rc;
  for (size_t i = 0; i < n && rc == 0; i++) {
    if (put_manifest_file(&w.block, &m[i]) != 0)
      rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory encoding a manifest list");
    else
      rc = ice_avro_writer_record_done(&w, err);
  }
  if (rc == 0) return ice_avro_writer_finish_into(&w, out, "a manifest list", err);
  ice_avro_writer_free(&w);
  return rc;
}

/* An integer member, trying each of the NULL-terminated `names` (v2 first, then v1). */
static int get_int(const ice_json *rec, const char *const *names, int64_t dflt, int64_t *out) {
  for (; *names; names++) {
    const ice_json *v = ice_json_get(rec, *names);
    if (v == NULL) continue;
    if (v->kind == ICE_JSON_NULL) break;
    return ice_json_int64(v, out) ? 1 : 0;
  }
  if (dflt == INT64_MIN) return 0;
  *out = dflt;
  return 1;
}

int ice_manifest_file_from_json(const ice_json *rec, ice_manifest_file *m, tpch_error *err) {
  static const char
      *const path[] = {"manifest_path", NULL},
             *const length[] = {"manifest_length", NULL}, *const spec[] = {"partition_spec_id", NULL},
             *const content[] = {"content", NULL}, *const seq[] = {"sequence_number", NULL},
             *const minseq[] = {"min_sequence_number", NULL}, *const snap[] = {"added_snapshot_id", NULL},
             *const af[] = {"added_files_count", "added_data_files_count", NULL},
             *const ef[] = {"existing_files_count", "existing_data_files_count", NULL},
             *const df[] = {"deleted_files_count", "deleted_data_files_count", NULL},
             *const ar[] = {"added_rows_count", NULL}, *const er[] = {"existing_rows_count", NULL},
             *const dr[] = {"deleted_rows_count", NULL};
  int64_t v[12];
  memset(m, 0, sizeof *m);
  m->path = ice_json_get_str(rec, path[0]);
  /* v1 lists have no sequence numbers or content: the spec says read them as 0 */
  int ok = m->path != NULL && get_int(rec, length, INT64_MIN, &v[0]) &&
           get_int(rec, spec, INT64_MIN, &v[1]) && get_int(rec, content, 0, &v[2]) &&
           get_int(rec, seq, 0, &v[3]) && get_int(rec, minseq, 0, &v[4]) &&
           get_int(rec, snap, INT64_MIN, &v[5]) && get_int(rec, af, INT64_MIN, &v[6]) &&
           get_int(rec, ef, INT64_MIN, &v[7]) && get_int(rec, df, INT64_MIN, &v[8]) &&
           get_int(rec, ar, INT64_MIN, &v[9]) && get_int(rec, er, INT64_MIN, &v[10]) &&
           get_int(rec, dr, INT64_MIN, &v[11]);
  (void)path;
  if (!ok)
    return tpch_error_set(
        err, TPCH_EUNSUPPORTED,
        "a manifest list entry lacks a required field or count (%s); cannot carry it forward",
        m->path ? m->path : "no manifest_path");
  m->length = v[0];
  m->spec_id = (int32_t)v[1];
  m->content = (int32_t)v[2];
  m->sequence_number = v[3];
  m->min_sequence_number = v[4];
  m->added_snapshot_id = v[5];
  m->added_files = (int32_t)v[6];
  m->existing_files = (int32_t)v[7];
  m->deleted_files = (int32_t)v[8];
  m->added_rows = v[9];
  m->existing_rows = v[10];
  m->deleted_rows = v[11];
  m->partitions = ice_json_get(rec, "partitions");
  m->key_metadata = ice_json_get(rec, "key_metadata");
  return TPCH_OK;
}
