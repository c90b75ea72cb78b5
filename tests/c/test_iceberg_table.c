/*
 * test_iceberg_table.c - committing data files into Iceberg tables: create,
 * append, overwrite, pending sidecars, concurrent committers, bad input.
 *
 * The data files here are stand-ins (bytes of the right size with made-up
 * Parquet statistics): this test is about the metadata layer. Real Parquet
 * tables are in test_iceberg_parquet.c.
 *
 *   test_iceberg_table [DIR]   with DIR, the tables stay there together with
 *                              DIR/expected.json (what the test put in) for
 *                              tests/js/iceberg_manifests.mjs to check.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "support/testutil.h"
#include "format/iceberg/iceberg_internal.h"
#include "iceberg_writer.h"
#include "io/sink.h"
#include "io/files.h"

#define NCOL 5

/* snprintf for paths; a path too long for the buffer is a test bug, caught by the checks that follow. */
/* ---- a five-column schema: long, int, decimal(15,2), date, string ---------- */

static struct ArrowSchema cols[NCOL], root;
static struct ArrowSchema *kids[NCOL];

static void make_schema(void) {
  const char *fmt[NCOL] = {"l", "i", "d:15,2", "tdD", "u"};
  const char *name[NCOL] = {"id", "qty", "price", "day", "name"};
  for (int i = 0; i < NCOL; i++) {
    memset(&cols[i], 0, sizeof cols[i]);
    cols[i].format = fmt[i];
    cols[i].name = name[i];
    kids[i] = &cols[i];
  }
  memset(&root, 0, sizeof root);
  root.format = "+s";
  root.name = "";
  root.n_children = NCOL;
  root.children = kids;
}

/* ---- stand-in data files ----------------------------------------------------- */

typedef struct fake_file {
  char path[128];
  int64_t rows, bytes;
  int64_t id_min, id_max;       /* long */
  int32_t qty_min, qty_max;     /* int */
  int64_t price_min, price_max; /* unscaled cents */
  int32_t day_min, day_max;
  char name_min[16], name_max[16];
  uint8_t stat[NCOL][2][TPCH_PARQUET_INFO_STAT_BYTES]; /* what ci[c].min and .max point at */
  tpch_parquet_column_info ci[NCOL];
  tpch_iceberg_data_file f;
} fake_file;

static void put_le(uint8_t *out, int *len, uint64_t v, int n) {
  for (int i = 0; i < n; i++)
    out[i] = (uint8_t)(v >> (8 * i));
  *len = n;
}

/* Describes a file with statistics derived from `seed`, as the Parquet writer would report them. */
static void fake_file_describe(fake_file *ff, const char *path, int64_t seed) {
  memset(ff, 0, sizeof *ff);
  snprintf(ff->path, sizeof ff->path, "%s", path);
  ff->rows = 100 + seed;
  ff->bytes = 1000 + 37 * seed;
  ff->id_min = seed * 1000;
  ff->id_max = seed * 1000 + ff->rows - 1;
  ff->qty_min = (int32_t)(1 + seed);
  ff->qty_max = (int32_t)(50 + seed);
  ff->price_min = -12345 - seed; /* negative decimals exercise two's complement */
  ff->price_max = 9999999 + seed * 100;
  ff->day_min = 8035 + (int32_t)seed; /* 1992-01-01 + seed */
  ff->day_max = 10591;                /* 1998-12-31 */
  snprintf(ff->name_min, sizeof ff->name_min, "Customer#%03d", (int)seed);
  snprintf(ff->name_max, sizeof ff->name_max, "Zeta\xc3\xa9%d", (int)seed);
  for (int c = 0; c < NCOL; c++) {
    tpch_parquet_column_info *ci = &ff->ci[c];
    ci->num_values = ff->rows;
    ci->null_count = c == 4 ? seed % 3 : 0;
    ci->compressed_bytes = 100 * (c + 1) + seed;
    ci->has_min_max = 1;
    ci->min_exact = ci->max_exact = 1;
    ci->min = ff->stat[c][0];
    ci->max = ff->stat[c][1];
  }
  put_le(ff->stat[0][0], &ff->ci[0].min_len, (uint64_t)ff->id_min, 8);
  put_le(ff->stat[0][1], &ff->ci[0].max_len, (uint64_t)ff->id_max, 8);
  put_le(ff->stat[1][0], &ff->ci[1].min_len, (uint32_t)ff->qty_min, 4);
  put_le(ff->stat[1][1], &ff->ci[1].max_len, (uint32_t)ff->qty_max, 4);
  put_le(ff->stat[2][0], &ff->ci[2].min_len, (uint64_t)ff->price_min, 8);
  put_le(ff->stat[2][1], &ff->ci[2].max_len, (uint64_t)ff->price_max, 8);
  put_le(ff->stat[3][0], &ff->ci[3].min_len, (uint32_t)ff->day_min, 4);
  put_le(ff->stat[3][1], &ff->ci[3].max_len, (uint32_t)ff->day_max, 4);
  ff->ci[4].min_len = (int)strlen(ff->name_min);
  memcpy(ff->stat[4][0], ff->name_min, (size_t)ff->ci[4].min_len);
  ff->ci[4].max_len = (int)strlen(ff->name_max);
  memcpy(ff->stat[4][1], ff->name_max, (size_t)ff->ci[4].max_len);
  ff->f.path = ff->path;
  ff->f.info.num_rows = ff->rows;
  ff->f.info.file_bytes = ff->bytes;
  ff->f.info.num_row_groups = 1;
  ff->f.info.num_columns = NCOL;
  ff->f.info.columns = ff->ci;
}

/* Writes `bytes` of filler at TABLE/path and describes it. */
static int fake_file_make(fake_file *ff, const char *table, const char *path, int64_t seed) {
  fake_file_describe(ff, path, seed);
  char full[4096], dir[4096];
  fmt(full, sizeof full, "%s/%s", table, path);
  fmt(dir, sizeof dir, "%s", full);
  *strrchr(dir, '/') = '\0';
  if (tpch_mkdirs(dir, NULL) != 0) return -1;
  FILE *fp = fopen(full, "wb");
  if (fp == NULL) return -1;
  for (int64_t i = 0; i < ff->bytes; i++)
    fputc((int)(i * 7 + seed) & 0xff, fp);
  fclose(fp);
  return 0;
}

/* ---- reading what was written ----------------------------------------------- */

static ice_json *read_json(const char *path) {
  tpch_buf b;
  tpch_buf_init(&b);
  ice_json *v = NULL;
  if (tpch_read_file(path, &b, NULL) == 0) ice_json_parse((const char *)b.data, b.len, &v, NULL);
  tpch_buf_free(&b);
  return v;
}

static ice_json *read_metadata(const char *table, int version) {
  char path[4096];
  fmt(path, sizeof path, "%s/metadata/v%d.metadata.json", table, version);
  return read_json(path);
}

static int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static char *slurp(const char *path, size_t *len) {
  tpch_buf b;
  tpch_buf_init(&b);
  if (tpch_read_file(path, &b, NULL) != 0) {
    tpch_buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return (char *)b.data;
}

/* Avro file at a location URI (file:// + absolute path). */
static int read_avro_uri(const char *uri, ice_avro_file *out) {
  if (strncmp(uri, "file://", 7) != 0) return -1;
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = tpch_read_file(uri + 7, &b, NULL);
  if (rc == 0) rc = ice_avro_read(b.data, b.len, out, NULL);
  tpch_buf_free(&b);
  return rc;
}

static const ice_json *current_snapshot(const ice_json *meta) {
  int64_t id, sid;
  if (!ice_json_int64(ice_json_get(meta, "current-snapshot-id"), &id)) return NULL;
  const ice_json *snaps = ice_json_get(meta, "snapshots");
  for (size_t i = 0; snaps && i < snaps->n; i++)
    if (ice_json_int64(ice_json_get(snaps->items[i], "snapshot-id"), &sid) && sid == id)
      return snaps->items[i];
  return NULL;
}

static int64_t summary(const ice_json *snap, const char *key) {
  return ice_summary_value(ice_json_get(snap, "summary"), key);
}

static int64_t get_i64(const ice_json *obj, const char *key) {
  int64_t v = INT64_MIN;
  ice_json_int64(ice_json_get(obj, key), &v);
  return v;
}

/* Map (array of key/value records) entry for field id `key`, or NULL. */
static const ice_json *map_get(const ice_json *arr, int key) {
  for (size_t i = 0; arr && arr->kind == ICE_JSON_ARRAY && i < arr->n; i++)
    if (get_i64(arr->items[i], "key") == key) return ice_json_get(arr->items[i], "value");
  return NULL;
}

static int bytes_are(const ice_json *v, const char *hex) {
  return v != NULL && v->kind == ICE_JSON_STRING && hex_eq(v->text, v->len, hex);
}

/* ---- the checks ---------------------------------------------------------------- */

static void check_manifest_entry(const ice_json *entry, const fake_file *ff, const char *table_uri) {
  const ice_json *df = ice_json_get(entry, "data_file");
  char want[4096];
  fmt(want, sizeof want, "%s/%s", table_uri, ff->path);
  CHECK(get_i64(entry, "status") == 1, "entry status ADDED");
  CHECK(ice_json_get(entry, "sequence_number")->kind == ICE_JSON_NULL, "sequence number inherited");
  CHECK(strcmp(ice_json_get_str(df, "file_path"), want) == 0, "file_path %s",
        ice_json_get_str(df, "file_path"));
  CHECK(strcmp(ice_json_get_str(df, "file_format"), "PARQUET") == 0, "file_format");
  CHECK(get_i64(df, "content") == 0, "content DATA");
  CHECK(get_i64(df, "record_count") == ff->rows, "record_count");
  CHECK(get_i64(df, "file_size_in_bytes") == ff->bytes, "file size");
  int64_t v = -1;
  ice_json_int64(map_get(ice_json_get(df, "column_sizes"), 3), &v);
  CHECK(v == ff->ci[2].compressed_bytes, "column_sizes[3]");
  ice_json_int64(map_get(ice_json_get(df, "null_value_counts"), 5), &v);
  CHECK(v == ff->ci[4].null_count, "null_value_counts[5]");
  ice_json_int64(map_get(ice_json_get(df, "value_counts"), 1), &v);
  CHECK(v == ff->rows, "value_counts[1]");
  const ice_json *lo = ice_json_get(df, "lower_bounds"), *hi = ice_json_get(df, "upper_bounds");
  char hex[64];
  fmt(hex, sizeof hex, "%02x%02x%02x%02x", (unsigned)(ff->qty_min & 0xff),
      (unsigned)((ff->qty_min >> 8) & 0xff), 0u, 0u);
  CHECK(bytes_are(map_get(lo, 2), hex), "int lower bound is 4-byte LE");
  const ice_json *nm = map_get(hi, 5);
  CHECK(nm && nm->len == strlen(ff->name_max) && memcmp(nm->text, ff->name_max, nm->len) == 0,
        "string upper bound");
}

static void test_create_append_overwrite(const char *base) {
  char table[512];
  fmt(table, sizeof table, "%s/t1", base);
  fake_file ff[6];
  tpch_iceberg_data_file files[6];
  const char *names[6] = {"data/a.parquet", "data/b.parquet", "data/c.parquet",
                          "data/d.parquet", "data/e.parquet", "data/f.parquet"};
  for (int i = 0; i < 6; i++) {
    CHECK(fake_file_make(&ff[i], table, names[i], i + 1) == 0, "fake file %d", i);
    files[i] = ff[i].f;
  }
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.no_fsync = 1;
  o.timestamp_ms = 1700000000000LL;
  tpch_iceberg_commit_info info;
  tpch_error err;
  int rc = tpch_iceberg_commit(table, &root, files, 3, &o, &info, &err);
  CHECK(rc == 0, "create: %s", err.message);
  CHECK(info.version == 1 && info.sequence_number == 1 && info.total_records == 306 && info.snapshot_id > 0,
        "create info: v%lld seq %lld total %lld", (long long)info.version, (long long)info.sequence_number,
        (long long)info.total_records);
  char path[4096];
  size_t len = 0;
  fmt(path, sizeof path, "%s/metadata/version-hint.text", table);
  char *hint = slurp(path, &len);
  CHECK(hint && len == 1 && hint[0] == '1', "version-hint.text says 1");
  free(hint);

  ice_json *m1 = read_metadata(table, 1);
  CHECK(m1 != NULL, "v1.metadata.json parses");
  if (m1 == NULL) return;
  char abs[1024], uri[2048];
  CHECK(realpath(table, abs) != NULL, "realpath");
  fmt(uri, sizeof uri, "file://%s", abs);
  CHECK(get_i64(m1, "format-version") == 2, "format-version 2");
  CHECK(strcmp(ice_json_get_str(m1, "location"), uri) == 0, "location %s", ice_json_get_str(m1, "location"));
  CHECK(strlen(ice_json_get_str(m1, "table-uuid")) == 36, "table-uuid");
  CHECK(get_i64(m1, "last-sequence-number") == 1, "last-sequence-number");
  CHECK(get_i64(m1, "last-updated-ms") == 1700000000000LL, "last-updated-ms");
  CHECK(get_i64(m1, "last-column-id") == NCOL, "last-column-id");
  CHECK(get_i64(m1, "current-schema-id") == 0 && get_i64(m1, "default-spec-id") == 0 &&
            get_i64(m1, "last-partition-id") == 999 && get_i64(m1, "default-sort-order-id") == 0,
        "ids");
  const ice_json *fields = ice_json_get(ice_json_get(m1, "schemas")->items[0], "fields");
  CHECK(fields && fields->n == NCOL &&
            strcmp(ice_json_get_str(fields->items[2], "type"), "decimal(15,2)") == 0 &&
            get_i64(fields->items[2], "id") == 3 && ice_json_get(fields->items[2], "required")->boolean,
        "schema field 3 is a required decimal(15,2)");
  const ice_json *snap = current_snapshot(m1);
  CHECK(snap != NULL, "current snapshot exists");
  if (snap == NULL) return;
  CHECK(get_i64(snap, "snapshot-id") == info.snapshot_id && get_i64(snap, "sequence-number") == 1 &&
            ice_json_get(snap, "parent-snapshot-id") == NULL,
        "snapshot ids");
  CHECK(strcmp(ice_json_get_str(ice_json_get(snap, "summary"), "operation"), "append") == 0,
        "operation append");
  CHECK(summary(snap, "added-data-files") == 3 && summary(snap, "added-records") == 306 &&
            summary(snap, "total-records") == 306 && summary(snap, "total-data-files") == 3 &&
            summary(snap, "added-files-size") == ff[0].bytes + ff[1].bytes + ff[2].bytes &&
            summary(snap, "total-files-size") == summary(snap, "added-files-size"),
        "summary counts");
  CHECK(get_i64(ice_json_get(ice_json_get(m1, "refs"), "main"), "snapshot-id") == info.snapshot_id,
        "refs.main");
  CHECK(ice_json_get(m1, "snapshot-log")->n == 1 && ice_json_get(m1, "metadata-log")->n == 0, "logs");

  ice_avro_file list, man;
  CHECK(read_avro_uri(ice_json_get_str(snap, "manifest-list"), &list) == 0 && list.records->n == 1,
        "manifest list with one manifest");
  const ice_json *mf = list.records->items[0];
  CHECK(get_i64(mf, "sequence_number") == 1 && get_i64(mf, "added_files_count") == 3 &&
            get_i64(mf, "added_rows_count") == 306 && get_i64(mf, "added_snapshot_id") == info.snapshot_id,
        "manifest_file counts");
  CHECK(strcmp(ice_json_get_str(list.meta, "format-version"), "2") == 0, "list metadata format-version");
  CHECK(read_avro_uri(ice_json_get_str(mf, "manifest_path"), &man) == 0 && man.records->n == 3,
        "manifest has 3");
  fmt(path, sizeof path, "%s", ice_json_get_str(mf, "manifest_path") + 7);
  struct stat st;
  CHECK(stat(path, &st) == 0 && st.st_size == get_i64(mf, "manifest_length"),
        "manifest_length is the file size");
  for (int i = 0; i < 3; i++)
    check_manifest_entry(man.records->items[i], &ff[i], uri);
  CHECK(strcmp(ice_json_get_str(man.meta, "content"), "data") == 0 &&
            strcmp(ice_json_get_str(man.meta, "partition-spec"), "[]") == 0 &&
            strcmp(ice_json_get_str(man.meta, "format-version"), "2") == 0 &&
            strcmp(ice_json_get_str(man.meta, "schema-id"), "0") == 0 &&
            strcmp(ice_json_get_str(man.meta, "partition-spec-id"), "0") == 0 &&
            strncmp(ice_json_get_str(man.meta, "schema"), "{\"type\":\"struct\"", 16) == 0,
        "manifest key-value metadata");
  const ice_json *lo = ice_json_get(ice_json_get(man.records->items[0], "data_file"), "lower_bounds");
  /* price_min = -12346 cents: -12346 = 0xffffcfc6 -> minimal two's complement cf c6 */
  CHECK(bytes_are(map_get(lo, 3), "cfc6"), "decimal lower bound -123.46 is cf c6");
  CHECK(bytes_are(map_get(lo, 4), "641f0000"), "date lower bound 8036 (1992-01-02) is 64 1f 00 00");
  ice_avro_file_free(&man);
  ice_avro_file_free(&list);

  size_t v1len;
  fmt(path, sizeof path, "%s/metadata/v1.metadata.json", table);
  char *v1 = slurp(path, &v1len);

  /* create again: refused, nothing new */
  CHECK(tpch_iceberg_commit(table, &root, files + 3, 1, &o, &info, &err) == TPCH_EEXIST,
        "second create refused");
  fmt(path, sizeof path, "%s/metadata/v2.metadata.json", table);
  CHECK(!file_exists(path), "no v2 after a refused create");

  /* append */
  o.mode = TPCH_WRITE_APPEND;
  o.timestamp_ms = 1700000001000LL;
  rc = tpch_iceberg_commit(table, &root, files + 3, 2, &o, &info, &err);
  CHECK(rc == 0 && info.version == 2 && info.sequence_number == 2 && info.total_records == 306 + 104 + 105,
        "append: %s", rc ? err.message : "");
  ice_json *m2 = read_metadata(table, 2);
  const ice_json *s2 = m2 ? current_snapshot(m2) : NULL;
  CHECK(s2 && get_i64(s2, "parent-snapshot-id") == get_i64(snap, "snapshot-id"),
        "append parent is snapshot 1");
  CHECK(s2 && summary(s2, "total-data-files") == 5 && summary(s2, "added-data-files") == 2, "append summary");
  CHECK(m2 && ice_json_get(m2, "snapshots")->n == 2 && ice_json_get(m2, "snapshot-log")->n == 2,
        "two snapshots");
  const ice_json *mlog = m2 ? ice_json_get(m2, "metadata-log") : NULL;
  CHECK(mlog && mlog->n == 1 &&
            strstr(ice_json_get_str(mlog->items[0], "metadata-file"), "/metadata/v1.metadata.json"),
        "metadata-log names v1");
  if (s2 && read_avro_uri(ice_json_get_str(s2, "manifest-list"), &list) == 0) {
    CHECK(list.records->n == 2, "append list carries the old manifest forward");
    CHECK(get_i64(list.records->items[0], "sequence_number") == 1 &&
              get_i64(list.records->items[1], "sequence_number") == 2 &&
              get_i64(list.records->items[1], "added_rows_count") == 209,
          "old manifest keeps sequence 1; new one has 2");
    ice_avro_file_free(&list);
  } else {
    CHECK(0, "append manifest list readable");
  }
  size_t v1len_after;
  fmt(path, sizeof path, "%s/metadata/v1.metadata.json", table);
  char *v1_after = slurp(path, &v1len_after);
  CHECK(v1 && v1_after && v1len == v1len_after && memcmp(v1, v1_after, v1len) == 0, "v1 untouched by append");
  free(v1_after);

  /* the same file again: its rows would count twice */
  CHECK(tpch_iceberg_commit(table, &root, files + 4, 1, &o, &info, &err) == TPCH_EEXIST &&
            strstr(err.message, "e.parquet"),
        "appending a file already in the table refused: %s", err.message);
  fmt(path, sizeof path, "%s/metadata/v3.metadata.json", table);
  CHECK(!file_exists(path), "no v3 from the refused append");

  /* overwrite */
  o.mode = TPCH_WRITE_OVERWRITE;
  o.timestamp_ms = 1700000002000LL;
  rc = tpch_iceberg_commit(table, &root, files + 5, 1, &o, &info, &err);
  CHECK(rc == 0 && info.version == 3 && info.total_records == 106 && info.total_data_files == 1,
        "overwrite: %s", rc ? err.message : "");
  ice_json *m3 = read_metadata(table, 3);
  const ice_json *s3 = m3 ? current_snapshot(m3) : NULL;
  CHECK(s3 && strcmp(ice_json_get_str(ice_json_get(s3, "summary"), "operation"), "overwrite") == 0,
        "operation overwrite");
  CHECK(s3 && summary(s3, "deleted-data-files") == 5 && summary(s3, "deleted-records") == 515 &&
            summary(s3, "total-records") == 106,
        "overwrite summary");
  if (s3 && read_avro_uri(ice_json_get_str(s3, "manifest-list"), &list) == 0) {
    CHECK(list.records->n == 1 && get_i64(list.records->items[0], "added_rows_count") == 106,
          "overwrite list holds only the new manifest");
    ice_avro_file_free(&list);
  }
  fmt(path, sizeof path, "%s/metadata/version-hint.text", table);
  hint = slurp(path, &len);
  CHECK(hint && len == 1 && hint[0] == '3', "version-hint.text says 3");
  free(hint);
  free(v1);
  ice_json_free(m1);
  ice_json_free(m2);
  ice_json_free(m3);
}

static void test_bad_input(const char *base) {
  char table[512], meta[1024];
  fmt(table, sizeof table, "%s/bad", base);
  fmt(meta, sizeof meta, "%s/metadata", table);
  fake_file ff;
  fake_file_make(&ff, table, "data/x.parquet", 1);
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.no_fsync = 1;
  tpch_error err;
  tpch_iceberg_data_file f = ff.f;
  f.info.file_bytes += 1;
  CHECK(tpch_iceberg_commit(table, &root, &f, 1, &o, NULL, &err) == TPCH_EINVAL &&
            strstr(err.message, "bytes"),
        "size mismatch: %s", err.message);
  f = ff.f;
  f.path = "../x.parquet";
  CHECK(tpch_iceberg_commit(table, &root, &f, 1, &o, NULL, &err) == TPCH_EINVAL, "'..' refused: %s",
        err.message);
  f.path = "/etc/passwd";
  CHECK(tpch_iceberg_commit(table, &root, &f, 1, &o, NULL, &err) == TPCH_EINVAL, "absolute path refused");
  f.path = "data/missing.parquet";
  CHECK(tpch_iceberg_commit(table, &root, &f, 1, &o, NULL, &err) == TPCH_EINVAL, "missing file refused");
  f.path = "";
  CHECK(tpch_iceberg_commit(table, &root, &f, 1, &o, NULL, &err) == TPCH_EINVAL, "empty path refused");
  f = ff.f;
  f.info.num_columns = 4;
  CHECK(tpch_iceberg_commit(table, &root, &f, 1, &o, NULL, &err) == TPCH_ESCHEMA,
        "column count mismatch refused");
  tpch_iceberg_data_file two[2] = {ff.f, ff.f};
  CHECK(tpch_iceberg_commit(table, &root, two, 2, &o, NULL, &err) == TPCH_EINVAL,
        "a file listed twice refused");
  CHECK(tpch_iceberg_commit(NULL, &root, &ff.f, 1, &o, NULL, &err) == TPCH_EINVAL, "NULL table refused");
  CHECK(tpch_iceberg_commit(table, &root, NULL, 1, &o, NULL, &err) == TPCH_EINVAL, "NULL files refused");
  o.mode = (tpch_write_mode)7;
  CHECK(tpch_iceberg_commit(table, &root, &ff.f, 1, &o, NULL, &err) == TPCH_EINVAL, "unknown mode refused");
  o.mode = TPCH_WRITE_APPEND;
  CHECK(tpch_iceberg_commit(table, &root, &ff.f, 0, &o, NULL, &err) == TPCH_EINVAL, "empty append refused");
  o.mode = TPCH_WRITE_CREATE;
  o.sorted = 1, o.sort_column = 9;
  CHECK(tpch_iceberg_commit(table, &root, &ff.f, 1, &o, NULL, &err) == TPCH_EINVAL,
        "sort column out of range");
  o.sorted = 0, o.sort_column = 0;
  CHECK(count_files(meta) == 0, "failed commits left nothing in metadata/ (%d entries)", count_files(meta));

  /* a good create, then appends that do not fit the table */
  CHECK(tpch_iceberg_commit(table, &root, &ff.f, 1, &o, NULL, &err) == 0, "create bad/: %s", err.message);
  int before = count_files(meta);
  fake_file g;
  fake_file_make(&g, table, "data/y.parquet", 2);
  o.mode = TPCH_WRITE_APPEND;
  cols[1].format = "l"; /* qty becomes long */
  CHECK(tpch_iceberg_commit(table, &root, &g.f, 1, &o, NULL, &err) == TPCH_ESCHEMA &&
            strstr(err.message, "qty"),
        "append with another type refused: %s", err.message);
  cols[1].format = "i";
  cols[1].flags = ARROW_FLAG_NULLABLE;
  CHECK(tpch_iceberg_commit(table, &root, &g.f, 1, &o, NULL, &err) == TPCH_ESCHEMA,
        "append with other nullability refused");
  cols[1].flags = 0;
  cols[4].name = "other";
  CHECK(tpch_iceberg_commit(table, &root, &g.f, 1, &o, NULL, &err) == TPCH_ESCHEMA,
        "append with another name refused");
  cols[4].name = "name";
  CHECK(count_files(meta) == before, "refused appends left nothing behind");

  /* metadata that is not ours is reported, not trusted */
  char v2[4096];
  fmt(v2, sizeof v2, "%s/v2.metadata.json", meta);
  FILE *fp = fopen(v2, "w");
  fputs("{\"format-version\": 2, \"location\": ", fp); /* cut short */
  fclose(fp);
  CHECK(tpch_iceberg_commit(table, &root, &g.f, 1, &o, NULL, &err) == TPCH_EFORMAT, "broken metadata: %s",
        err.message);
  fp = fopen(v2, "w");
  fputs("{\"format-version\": 3, \"location\": \"file:///x\"}", fp);
  fclose(fp);
  CHECK(tpch_iceberg_commit(table, &root, &g.f, 1, &o, NULL, &err) == TPCH_EUNSUPPORTED,
        "format 3 refused: %s", err.message);
  unlink(v2);
}

/* Several processes append at once: every commit lands exactly once. */
static void test_concurrent_appends(const char *base) {
  enum { WRITERS = 4 };
  char table[512];
  fmt(table, sizeof table, "%s/race", base);
  fake_file ff[WRITERS + 1];
  for (int i = 0; i <= WRITERS; i++) {
    char p[64];
    fmt(p, sizeof p, "data/w%d.parquet", i);
    fake_file_make(&ff[i], table, p, i + 10);
  }
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.no_fsync = 1;
  o.max_retries = 50;
  tpch_error err;
  CHECK(tpch_iceberg_commit(table, &root, &ff[0].f, 1, &o, NULL, &err) == 0, "race create: %s", err.message);
  o.mode = TPCH_WRITE_APPEND;
  pid_t pids[WRITERS];
  for (int i = 0; i < WRITERS; i++) {
    pids[i] = fork();
    if (pids[i] == 0) {
      tpch_error e;
      int rc = tpch_iceberg_commit(table, &root, &ff[i + 1].f, 1, &o, NULL, &e);
      if (rc != 0) fprintf(stderr, "writer %d: %s\n", i, e.message);
      _exit(rc == 0 ? 0 : 1);
    }
  }
  int ok = 1;
  for (int i = 0; i < WRITERS; i++) {
    int st = 0;
    waitpid(pids[i], &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) ok = 0;
  }
  CHECK(ok, "every concurrent append succeeded");
  int64_t latest = 0;
  char meta[4096];
  fmt(meta, sizeof meta, "%s/metadata", table);
  ice_latest_version(meta, &latest, NULL);
  CHECK(latest == WRITERS + 1, "versions 1..%d exist (latest %lld)", WRITERS + 1, (long long)latest);
  ice_json *m = read_metadata(table, (int)latest);
  const ice_json *s = m ? current_snapshot(m) : NULL;
  int64_t want = 0;
  for (int i = 0; i <= WRITERS; i++)
    want += ff[i].rows;
  CHECK(s && summary(s, "total-records") == want && summary(s, "total-data-files") == WRITERS + 1,
        "the last snapshot holds every writer's rows");
  CHECK(m && ice_json_get(m, "snapshots")->n == WRITERS + 1, "one snapshot per commit");
  ice_avro_file list;
  if (s && read_avro_uri(ice_json_get_str(s, "manifest-list"), &list) == 0) {
    int64_t rows = 0;
    for (size_t i = 0; i < list.records->n; i++)
      rows += get_i64(list.records->items[i], "added_rows_count");
    CHECK(list.records->n == WRITERS + 1 && rows == want, "the manifest list has every manifest once");
    ice_avro_file_free(&list);
  }
  ice_json_free(m);
}

static void test_pending(const char *base) {
  char table[512], data[1024];
  fmt(table, sizeof table, "%s/parts", base);
  fmt(data, sizeof data, "%s/data", table);
  const char *names[3] = {"data/part.10.parquet", "data/part.2.parquet", "data/part.1.parquet"};
  fake_file ff[3];
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.no_fsync = 1;
  tpch_error err;
  for (int i = 0; i < 3; i++) {
    fake_file_make(&ff[i], table, names[i], 20 + i);
    CHECK(tpch_iceberg_pending_write(table, &ff[i].f, &o, &err) == 0, "pending %d: %s", i, err.message);
  }
  tpch_iceberg_data_file bad = ff[0].f;
  bad.path = "elsewhere/x.parquet";
  CHECK(tpch_iceberg_pending_write(table, &bad, &o, &err) == TPCH_EINVAL, "pending outside data/ refused");
  tpch_iceberg_commit_info info;
  CHECK(tpch_iceberg_commit_pending(table, &root, &o, &info, &err) == 0, "commit pending: %s", err.message);
  CHECK(info.total_records == ff[0].rows + ff[1].rows + ff[2].rows && info.total_data_files == 3,
        "all three parts committed");
  CHECK(count_files(data) == 3, "sidecars removed after the commit (%d entries)", count_files(data));
  ice_json *m = read_metadata(table, 1);
  const ice_json *s = m ? current_snapshot(m) : NULL;
  ice_avro_file list, man;
  if (s && read_avro_uri(ice_json_get_str(s, "manifest-list"), &list) == 0) {
    if (read_avro_uri(ice_json_get_str(list.records->items[0], "manifest_path"), &man) == 0) {
      const char *order[3] = {"part.1.parquet", "part.2.parquet", "part.10.parquet"};
      int ok = man.records->n == 3;
      for (int i = 0; ok && i < 3; i++) {
        const char *p = ice_json_get_str(ice_json_get(man.records->items[i], "data_file"), "file_path");
        ok = strlen(p) > strlen(order[i]) && strcmp(p + strlen(p) - strlen(order[i]), order[i]) == 0 &&
             p[strlen(p) - strlen(order[i]) - 1] == '/';
      }
      CHECK(ok, "parts committed in natural order 1, 2, 10");
      /* the round trip through the sidecar kept the statistics */
      const ice_json *df = ice_json_get(man.records->items[2], "data_file");
      const ice_json *nm = map_get(ice_json_get(df, "upper_bounds"), 5);
      CHECK(nm && nm->len == strlen(ff[0].name_max) && memcmp(nm->text, ff[0].name_max, nm->len) == 0,
            "string bound survives the sidecar");
      ice_avro_file_free(&man);
    }
    ice_avro_file_free(&list);
  }
  ice_json_free(m);
  o.mode = TPCH_WRITE_APPEND;
  CHECK(tpch_iceberg_commit_pending(table, &root, &o, &info, &err) == TPCH_EINVAL, "nothing pending: %s",
        err.message);

  /* a damaged sidecar stops the commit; nothing is half-committed */
  fake_file g;
  fake_file_make(&g, table, "data/part.11.parquet", 30);
  tpch_iceberg_pending_write(table, &g.f, &o, &err);
  char p[4096];
  fmt(p, sizeof p, "%s/part.11.parquet.pending", data);
  size_t len;
  char *text = slurp(p, &len);
  FILE *fp = fopen(p, "w");
  fwrite(text, 1, len - 4, fp); /* drop "end\n" */
  fclose(fp);
  free(text);
  CHECK(tpch_iceberg_commit_pending(table, &root, &o, &info, &err) == TPCH_EFORMAT, "truncated sidecar: %s",
        err.message);
  fmt(p, sizeof p, "%s/metadata/v2.metadata.json", table);
  CHECK(!file_exists(p), "no version from a damaged sidecar");
}

/* Create with no files: metadata, no snapshot. */
static void test_empty_create(const char *base) {
  char table[512];
  fmt(table, sizeof table, "%s/empty", base);
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.no_fsync = 1;
  o.sorted = 1, o.sort_column = 0;
  const char *props[] = {"owner", "tests", NULL};
  o.properties = props;
  o.location = "s3://bucket/tpch/empty/";
  tpch_iceberg_commit_info info;
  tpch_error err;
  CHECK(tpch_iceberg_commit(table, &root, NULL, 0, &o, &info, &err) == 0 && info.snapshot_id == -1,
        "empty create: %s", err.message);
  ice_json *m = read_metadata(table, 1);
  CHECK(m && get_i64(m, "current-snapshot-id") == -1 && ice_json_get(m, "snapshots")->n == 0, "no snapshot");
  CHECK(m && strcmp(ice_json_get_str(m, "location"), "s3://bucket/tpch/empty") == 0,
        "given location, no slash");
  CHECK(m && get_i64(m, "default-sort-order-id") == 1, "sorted by column 1");
  const ice_json *orders = m ? ice_json_get(m, "sort-orders") : NULL;
  CHECK(orders && orders->n == 2 &&
            get_i64(ice_json_get(orders->items[1], "fields")->items[0], "source-id") == 1,
        "sort order 1 on field 1");
  CHECK(m && strcmp(ice_json_get_str(ice_json_get(m, "properties"), "owner"), "tests") == 0, "property kept");
  ice_json_free(m);
}

/* Upper-cases every "long" and "decimal(" type string of the metadata file
 * at path, in place; text[cap] holds what it then holds. */
static int upper_types(const char *path, char *text, size_t cap) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return -1;
  size_t len = fread(text, 1, cap - 1, f);
  fclose(f);
  text[len] = '\0';
  if (len == cap - 1) return -1; /* too long for the buffer */
  const char *words[] = {"\"long\"", "\"decimal("};
  for (int w = 0; w < 2; w++)
    for (char *p = strstr(text, words[w]); p; p = strstr(p + 1, words[w]))
      for (char *q = p + 1; *q >= 'a' && *q <= 'z'; q++)
        *q = (char)(*q - 'a' + 'A');
  f = fopen(path, "wb");
  int ok = f && fwrite(text, 1, len, f) == len;
  if (f && fclose(f) != 0) ok = 0;
  return ok ? 0 : -1;
}

/* The field rule of appends (format/common/table_schema.h), the same as
 * Paimon's: names exact, type strings without regard to spaces or case;
 * tpch_iceberg_table_check_write answers what the commit answers. */
static void test_field_rule(const char *base) {
  char table[512], meta[600];
  fmt(table, sizeof table, "%s/fields", base);
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.no_fsync = 1;
  tpch_error err;
  fake_file a, b;
  CHECK(fake_file_make(&a, table, "data/a.parquet", 41) == 0 &&
            fake_file_make(&b, table, "data/b.parquet", 42) == 0,
        "fake files");
  CHECK(tpch_iceberg_table_check_write(table, &root, TPCH_WRITE_CREATE, &err) == 0,
        "no table: create may go");
  CHECK(tpch_iceberg_commit(table, &root, &a.f, 1, &o, NULL, &err) == 0, "create fields/: %s", err.message);
  CHECK(tpch_iceberg_table_check_write(table, &root, TPCH_WRITE_CREATE, &err) == TPCH_EEXIST,
        "create on the table: EEXIST (%s)", err.message);
  CHECK(tpch_iceberg_table_check_write(table, &root, TPCH_WRITE_OVERWRITE, &err) == 0, "overwrite may go");
  CHECK(tpch_iceberg_table_check_write(table, &root, TPCH_WRITE_APPEND, &err) == 0,
        "append of the same fields");
  CHECK(tpch_iceberg_table_check_write(table, &root, (tpch_write_mode)9, &err) == TPCH_EINVAL,
        "unknown mode");
  /* a column name in other case is another column */
  cols[4].name = "NAME";
  CHECK(tpch_iceberg_table_check_write(table, &root, TPCH_WRITE_APPEND, &err) == TPCH_ESCHEMA &&
            strstr(err.message, "NAME"),
        "append of NAME to name refused before writing: %s", err.message);
  o.mode = TPCH_WRITE_APPEND;
  CHECK(tpch_iceberg_commit(table, &root, &b.f, 1, &o, NULL, &err) == TPCH_ESCHEMA, "and by the commit: %s",
        err.message);
  cols[4].name = "name";
  /* types spelled in capitals ("LONG", "DECIMAL(15,2)") are the same types */
  int64_t v = 0;
  CHECK(tpch_iceberg_table_latest_version(table, &v, &err) == 0 && v == 1, "version 1");
  fmt(meta, sizeof meta, "%s/metadata/v%lld.metadata.json", table, (long long)v);
  static char text[1 << 16];
  CHECK(upper_types(meta, text, sizeof text) == 0, "metadata rewritten");
  CHECK(strstr(text, "\"LONG\"") && strstr(text, "\"DECIMAL(15,2)\""), "capital types: %s", text);
  CHECK(tpch_iceberg_table_check_write(table, &root, TPCH_WRITE_APPEND, &err) == 0, "append check: %s",
        err.message);
  CHECK(tpch_iceberg_commit(table, &root, &b.f, 1, &o, NULL, &err) == 0, "append to capital types: %s",
        err.message);
}

/* expected.json: what the test put in, for the independent JS reader. */
static void write_expected(const char *base) {
  char path[4096];
  fmt(path, sizeof path, "%s/expected.json", base);
  FILE *fp = fopen(path, "w");
  if (fp == NULL) return;
  fputs("{\"tables\":{\n", fp);
  const char *tables[] = {"t1", "parts", "race"};
  for (int t = 0; t < 3; t++)
    fprintf(fp, "%s\"%s\":{\"dir\":\"%s/%s\"}\n", t ? "," : "", tables[t], base, tables[t]);
  fputs("},\"files\":{\n", fp);
  /* the stand-in statistics are a function of the seed; list every file the tables use */
  struct {
    const char *table, *path;
    int seed;
  } all[] = {{"t1", "data/a.parquet", 1},           {"t1", "data/b.parquet", 2},
             {"t1", "data/c.parquet", 3},           {"t1", "data/d.parquet", 4},
             {"t1", "data/e.parquet", 5},           {"t1", "data/f.parquet", 6},
             {"parts", "data/part.10.parquet", 20}, {"parts", "data/part.2.parquet", 21},
             {"parts", "data/part.1.parquet", 22},  {"race", "data/w0.parquet", 10},
             {"race", "data/w1.parquet", 11},       {"race", "data/w2.parquet", 12},
             {"race", "data/w3.parquet", 13},       {"race", "data/w4.parquet", 14}};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    fake_file ff;
    fake_file_describe(&ff, all[i].path, all[i].seed);
    fprintf(fp,
            "%s\"%s/%s\":{\"rows\":%lld,\"bytes\":%lld,\"id\":[%lld,%lld],\"qty\":[%d,%d],"
            "\"price\":[\"%lld\",\"%lld\"],\"day\":[%d,%d],\"name\":[\"%s\",\"%s\"],\"name_nulls\":%lld,"
            "\"sizes\":[%lld,%lld,%lld,%lld,%lld]}\n",
            i ? "," : "", all[i].table, all[i].path, (long long)ff.rows, (long long)ff.bytes,
            (long long)ff.id_min, (long long)ff.id_max, ff.qty_min, ff.qty_max, (long long)ff.price_min,
            (long long)ff.price_max, ff.day_min, ff.day_max, ff.name_min, ff.name_max,
            (long long)ff.ci[4].null_count, (long long)ff.ci[0].compressed_bytes,
            (long long)ff.ci[1].compressed_bytes, (long long)ff.ci[2].compressed_bytes,
            (long long)ff.ci[3].compressed_bytes, (long long)ff.ci[4].compressed_bytes);
  }
  fputs("}}\n", fp);
  fclose(fp);
}

int main(int argc, char **argv) {
  char tmpl[] = "/tmp/iceberg-table-XXXXXX";
  const char *base = argc > 1 ? argv[1] : mkdtemp(tmpl);
  if (base == NULL || tpch_mkdirs(base, NULL) != 0) {
    fprintf(stderr, "cannot make a scratch directory\n");
    return 2;
  }
  make_schema();
  test_create_append_overwrite(base);
  test_bad_input(base);
  test_concurrent_appends(base);
  test_pending(base);
  test_empty_create(base);
  test_field_rule(base);
  if (argc > 1) {
    write_expected(base);
  } else {
    char cmd[256];
    fmt(cmd, sizeof cmd, "rm -rf '%s'", base);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", base);
  }
  return check_finish();
}
