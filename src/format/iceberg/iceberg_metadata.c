/*
 * iceberg_metadata.c - the table metadata JSON (spec "Table Metadata" and
 * Appendix C). A new table's metadata is written as text and parsed back
 * into a tree, so creating and updating a table share one code path: the
 * commit always edits a tree and serializes it. Members this code does not
 * know (from another writer) are kept as they were.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/iceberg/iceberg_internal.h"

#ifndef TPCH_VERSION
#define TPCH_VERSION "dev"
#endif

/* Iceberg assigns partition field ids from 1000; an unpartitioned table's last id is 999. */
#define LAST_PARTITION_ID_NONE 999

static int put_sort_orders(tpch_buf *b, const tpch_iceberg_schema *s, const tpch_iceberg_writer_options *o) {
  int rc = ice_json_put_raw(b, "\"default-sort-order-id\":");
  if (!o->sorted) return rc | ice_json_put_raw(b, "0,\"sort-orders\":[{\"order-id\":0,\"fields\":[]}]");
  rc |= ice_json_put_raw(b, "1,\"sort-orders\":[{\"order-id\":0,\"fields\":[]},{\"order-id\":1,\"fields\":[{"
                            "\"transform\":\"identity\",\"source-id\":");
  rc |= ice_json_put_int(b, s->fields[o->sort_column].id);
  return rc | ice_json_put_raw(b, ",\"direction\":\"asc\",\"null-order\":\"nulls-first\"}]}]");
}

static int put_properties(tpch_buf *b, const tpch_iceberg_writer_options *o) {
  int rc = ice_json_put_raw(b, "\"properties\":{\"write.format.default\":\"parquet\",\"created-by\":");
  rc |= ice_json_put_cstr(b, "tpchgen-c " TPCH_VERSION);
  for (const char *const *p = o->properties; p && p[0] && p[1]; p += 2) {
    rc |= tpch_buf_put_u8(b, ',');
    rc |= ice_json_put_cstr(b, p[0]);
    rc |= tpch_buf_put_u8(b, ':');
    rc |= ice_json_put_cstr(b, p[1]);
  }
  return rc | tpch_buf_put_u8(b, '}');
}

int ice_metadata_new(const tpch_iceberg_schema *s, const char *uuid, const char *location,
                     int64_t timestamp_ms, const tpch_iceberg_writer_options *o, ice_json **out,
                     tpch_error *err) {
  if (o->sorted && (o->sort_column < 0 || o->sort_column >= (int64_t)s->n))
    return tpch_error_set(err, TPCH_EINVAL, "sort column %lld is past the last column",
                          (long long)o->sort_column);
  for (const char *const *p = o->properties; p && p[0]; p += 2)
    if (p[1] == NULL) return tpch_error_set(err, TPCH_EINVAL, "table property '%s' has no value", p[0]);
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = ice_json_put_raw(&b, "{\"format-version\":2,\"table-uuid\":");
  rc |= ice_json_put_cstr(&b, uuid);
  rc |= ice_json_put_raw(&b, ",\"location\":");
  rc |= ice_json_put_cstr(&b, location);
  rc |= ice_json_put_raw(&b, ",\"last-sequence-number\":0,\"last-updated-ms\":");
  rc |= ice_json_put_int(&b, timestamp_ms);
  rc |= ice_json_put_raw(&b, ",\"last-column-id\":");
  rc |= ice_json_put_int(&b, (int64_t)s->n);
  rc |= ice_json_put_raw(&b, ",\"current-schema-id\":0,\"schemas\":[");
  rc |= ice_json_put_raw(&b, s->json);
  rc |= ice_json_put_raw(&b, "],\"default-spec-id\":0,\"partition-specs\":[{\"spec-id\":0,\"fields\":[]}],"
                             "\"last-partition-id\":");
  rc |= ice_json_put_int(&b, LAST_PARTITION_ID_NONE);
  rc |= tpch_buf_put_u8(&b, ',');
  rc |= put_sort_orders(&b, s, o);
  rc |= tpch_buf_put_u8(&b, ',');
  rc |= put_properties(&b, o);
  /* -1 = no current snapshot: what Java writes for v2 and what v2 readers expect */
  rc |= ice_json_put_raw(&b, ",\"current-snapshot-id\":-1,\"refs\":{},\"snapshots\":[],\"statistics\":[],"
                             "\"partition-statistics\":[],\"snapshot-log\":[],\"metadata-log\":[]}");
  if (rc != 0) {
    tpch_buf_free(&b);
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory building table metadata");
  }
  rc = ice_json_parse((const char *)b.data, b.len, out, err);
  tpch_buf_free(&b);
  return rc;
}

int64_t ice_summary_value(const ice_json *summary, const char *key) {
  const char *s = ice_json_get_str(summary, key);
  if (s == NULL || *s == '\0') return -1;
  int64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10) return -1;
    v = v * 10 + (*s - '0');
  }
  return v;
}

static int set_num_string(ice_json *obj, const char *key, int64_t v) {
  char tmp[24];
  int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
  return ice_json_set(obj, key, ice_json_new_string(tmp, (size_t)n));
}

/* total-<what> after this snapshot: the new files alone, or the previous total plus them. */
static int set_total(ice_json *sum, const ice_snapshot_update *u, const char *key, int64_t added) {
  if (u->overwrite || u->prev_summary == NULL) return set_num_string(sum, key, added);
  int64_t prev = ice_summary_value(u->prev_summary, key);
  return prev < 0 ? TPCH_OK : set_num_string(sum, key, prev + added); /* unknown stays unknown */
}

static ice_json *build_summary(const ice_snapshot_update *u) {
  ice_json *sum = ice_json_new(ICE_JSON_OBJECT);
  if (sum == NULL) return NULL;
  const char *op = u->overwrite ? "overwrite" : "append";
  int rc = ice_json_set(sum, "operation", ice_json_new_string(op, strlen(op)));
  rc |= set_num_string(sum, "added-data-files", u->added_files);
  rc |= set_num_string(sum, "added-records", u->added_records);
  rc |= set_num_string(sum, "added-files-size", u->added_bytes);
  if (u->overwrite && u->prev_summary) {
    static const char *const from[] = {"total-data-files", "total-records", "total-files-size"};
    static const char *const to[] = {"deleted-data-files", "deleted-records", "removed-files-size"};
    for (int i = 0; i < 3; i++) {
      int64_t v = ice_summary_value(u->prev_summary, from[i]);
      if (v > 0) rc |= set_num_string(sum, to[i], v);
    }
  }
  rc |= set_total(sum, u, "total-data-files", u->added_files);
  rc |= set_total(sum, u, "total-records", u->added_records);
  rc |= set_total(sum, u, "total-files-size", u->added_bytes);
  rc |= set_total(sum, u, "total-delete-files", 0);
  rc |= set_total(sum, u, "total-position-deletes", 0);
  rc |= set_total(sum, u, "total-equality-deletes", 0);
  rc |= ice_json_set(sum, "engine-name", ice_json_new_string("tpchgen-c", 9));
  rc |= ice_json_set(sum, "engine-version", ice_json_new_string(TPCH_VERSION, strlen(TPCH_VERSION)));
  if (rc != 0) {
    ice_json_free(sum);
    return NULL;
  }
  return sum;
}

static ice_json *build_snapshot(const ice_snapshot_update *u) {
  ice_json *snap = ice_json_new(ICE_JSON_OBJECT);
  if (snap == NULL) return NULL;
  int rc = ice_json_set(snap, "sequence-number", ice_json_new_int(u->sequence_number));
  rc |= ice_json_set(snap, "snapshot-id", ice_json_new_int(u->snapshot_id));
  if (u->parent_id >= 0) rc |= ice_json_set(snap, "parent-snapshot-id", ice_json_new_int(u->parent_id));
  rc |= ice_json_set(snap, "timestamp-ms", ice_json_new_int(u->timestamp_ms));
  rc |= ice_json_set(snap, "summary", build_summary(u));
  rc |= ice_json_set(snap, "manifest-list", ice_json_new_string(u->manifest_list, strlen(u->manifest_list)));
  rc |= ice_json_set(snap, "schema-id", ice_json_new_int(0));
  if (rc != 0) {
    ice_json_free(snap);
    return NULL;
  }
  return snap;
}

/* The array member `key` of `obj`, created empty if missing or null. */
static ice_json *array_member(ice_json *obj, const char *key) {
  const ice_json *a = ice_json_get(obj, key);
  if (a == NULL || a->kind != ICE_JSON_ARRAY) {
    if (ice_json_set(obj, key, ice_json_new(ICE_JSON_ARRAY)) != 0) return NULL;
    a = ice_json_get(obj, key);
  }
  return (ice_json *)a;
}

static int log_entry(ice_json *arr, const char *key, ice_json *value, int64_t ts) {
  ice_json *e = ice_json_new(ICE_JSON_OBJECT);
  if (e == NULL) {
    ice_json_free(value);
    return TPCH_ENOMEM;
  }
  int rc = ice_json_set(e, "timestamp-ms", ice_json_new_int(ts));
  rc |= ice_json_set(e, key, value);
  if (rc != 0) {
    ice_json_free(e);
    return TPCH_ENOMEM;
  }
  return ice_json_push(arr, e);
}

int ice_metadata_add_snapshot(ice_json *meta, const ice_snapshot_update *u, tpch_error *err) {
  ice_json *snaps = array_member(meta, "snapshots");
  ice_json *slog = array_member(meta, "snapshot-log");
  ice_json *snap = build_snapshot(u);
  ice_json *main_ref = ice_json_new(ICE_JSON_OBJECT);
  ice_json *refs = (ice_json *)ice_json_get(meta, "refs");
  int rc = (snaps && slog && snap && main_ref) ? TPCH_OK : TPCH_ENOMEM;
  if (rc == 0) {
    rc |= ice_json_push(snaps, snap);
    snap = NULL;
    rc |= ice_json_set(main_ref, "snapshot-id", ice_json_new_int(u->snapshot_id));
    rc |= ice_json_set(main_ref, "type", ice_json_new_string("branch", 6));
    if (refs == NULL || refs->kind != ICE_JSON_OBJECT) {
      rc |= ice_json_set(meta, "refs", ice_json_new(ICE_JSON_OBJECT));
      refs = (ice_json *)ice_json_get(meta, "refs");
    }
    if (refs != NULL) {
      rc |= ice_json_set(refs, "main", main_ref);
      main_ref = NULL;
    } else {
      rc = TPCH_ENOMEM;
    }
    rc |= log_entry(slog, "snapshot-id", ice_json_new_int(u->snapshot_id), u->timestamp_ms);
    rc |= ice_json_set(meta, "current-snapshot-id", ice_json_new_int(u->snapshot_id));
    rc |= ice_json_set(meta, "last-sequence-number", ice_json_new_int(u->sequence_number));
    rc |= ice_json_set(meta, "last-updated-ms", ice_json_new_int(u->timestamp_ms));
  }
  ice_json_free(snap);
  ice_json_free(main_ref);
  return rc ? tpch_error_set(err, TPCH_ENOMEM, "out of memory updating table metadata") : TPCH_OK;
}

int ice_metadata_log_previous(ice_json *meta, const char *prev_uri, int64_t prev_updated_ms,
                              tpch_error *err) {
  ice_json *mlog = array_member(meta, "metadata-log");
  int rc = mlog ? log_entry(mlog, "metadata-file", ice_json_new_string(prev_uri, strlen(prev_uri)),
                            prev_updated_ms)
                : TPCH_ENOMEM;
  return rc ? tpch_error_set(err, TPCH_ENOMEM, "out of memory updating table metadata") : TPCH_OK;
}
