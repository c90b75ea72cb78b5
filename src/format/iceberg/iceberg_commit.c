/*
 * iceberg_commit.c - turning finished data files into a new table version.
 *
 * Order of writes, each through a tpch_sink (temp file -> fsync -> link):
 *   1. metadata/<uuid>-m0.avro          the manifest (written once)
 *   2. metadata/snap-<id>-<try>-<uuid>.avro   the manifest list
 *   3. metadata/v<N+1>.metadata.json    created with a no-replace link: the commit point
 *   4. metadata/version-hint.text       replaced (a hint; readers may also scan)
 * If step 3 finds v<N+1> already taken, another writer won: append and
 * overwrite re-read version N+1 and retry from step 2 (the manifest is
 * reused, since its entries inherit sequence numbers from the list); create
 * fails. Files of a commit that fails before step 3 are removed; the table
 * is never modified. Once step 3 has linked the metadata file nothing is
 * removed: a failure of the directory fsync or of step 4 is TPCH_ECOMMITTED.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "format/common/table_schema.h"
#include "format/iceberg/iceberg_internal.h"
#include "io/sink.h"
#include "io/files.h"
#include "io/random.h"
#include "io/retry.h"

typedef struct commit_ctx {
  const char *table_dir;
  char abs_dir[PATH_MAX];
  char meta_dir[PATH_MAX];
  const tpch_iceberg_schema *schema;
  const tpch_iceberg_data_file *files;
  size_t n_files;
  tpch_iceberg_writer_options opts;
  char uuid[37];
  int64_t snapshot_id;
  int64_t timestamp_ms;
  char *location; /* table location, no trailing '/' */
  char manifest_path[PATH_MAX];
  char *manifest_uri;
  char **uris; /* location of each new data file */
  int64_t manifest_length;
  int64_t added_rows, added_bytes;
  /* the table as last read */
  int64_t version;
  ice_json *meta;
  tpch_error *err;
} commit_ctx;

/* ---- small helpers ---------------------------------------------------------- */

static char *buf_to_cstr(tpch_buf *b) {
  if (tpch_buf_put_u8(b, 0) != 0) {
    tpch_buf_free(b);
    return NULL;
  }
  char *s = (char *)b->data;
  tpch_buf_init(b);
  return s;
}

/* location + "/" + rel, percent-encoding bytes a URI path cannot hold. */
static char *make_uri(const char *location, const char *rel) {
  static const char hex[] = "0123456789ABCDEF";
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = ice_json_put_raw(&b, location);
  rc |= tpch_buf_put_u8(&b, '/');
  for (const unsigned char *p = (const unsigned char *)rel; *p && rc == 0; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("/._~=+-", *p) != NULL) {
      rc = tpch_buf_put_u8(&b, *p);
    } else {
      uint8_t esc[3] = {'%', (uint8_t)hex[*p >> 4], (uint8_t)hex[*p & 15]};
      rc = tpch_buf_append(&b, esc, 3);
    }
  }
  if (rc != 0) {
    tpch_buf_free(&b);
    return NULL;
  }
  return buf_to_cstr(&b);
}

static int hexval(char c) {
  return (c >= '0' && c <= '9')   ? c - '0'
         : (c >= 'a' && c <= 'f') ? c - 'a' + 10
         : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                  : -1;
}

/* Local path of a location this table wrote: under the table location, or a file: URI. */
static int local_path_of(const commit_ctx *c, const char *uri, char *out, size_t cap) {
  size_t ll = strlen(c->location);
  const char *p;
  if (strncmp(uri, c->location, ll) == 0 && uri[ll] == '/') {
    int n = snprintf(out, cap, "%s", c->abs_dir);
    if (n < 0 || (size_t)n >= cap) return -1;
    p = uri + ll;
    out += n;
    cap -= (size_t)n;
  } else if (strncmp(uri, "file://", 7) == 0) {
    p = uri + 7;
  } else if (strncmp(uri, "file:/", 6) == 0) {
    p = uri + 5;
  } else {
    return -1;
  }
  size_t o = 0;
  for (; *p; p++) {
    char ch = *p;
    if (ch == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
      ch = (char)(hexval(p[1]) * 16 + hexval(p[2]));
      p += 2;
    }
    if (o + 1 >= cap) return -1;
    out[o++] = ch;
  }
  out[o] = '\0';
  return 0;
}

/* ---- checking the input ----------------------------------------------------- */

static int check_rel_path(const char *p, tpch_error *err) {
  if (p == NULL || p[0] == '\0') return tpch_error_set(err, TPCH_EINVAL, "a data file has no path");
  if (p[0] == '/')
    return tpch_error_set(err, TPCH_EINVAL, "data file path '%s' must be relative to the table", p);
  for (const char *s = p; *s;) {
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if ((n == 2 && s[0] == '.' && s[1] == '.') || n == 0)
      return tpch_error_set(err, TPCH_EINVAL, "data file path '%s' must stay inside the table directory", p);
    s += n + (e ? 1 : 0);
  }
  if (strlen(p) >= 9 && strncmp(p, "metadata/", 9) == 0)
    return tpch_error_set(err, TPCH_EINVAL, "data file path '%s' is inside metadata/", p);
  return TPCH_OK;
}

static int check_file(const commit_ctx *c, const tpch_iceberg_data_file *f, tpch_error *err) {
  char path[PATH_MAX];
  struct stat st;
  int rc = check_rel_path(f->path, err);
  if (rc == 0) rc = tpch_path_join(path, sizeof path, c->table_dir, f->path, err);
  if (rc != 0) return rc;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return tpch_error_set(err, TPCH_EINVAL, "data file '%s' does not exist", path);
  if (f->info.num_rows < 0 || f->info.file_bytes != (int64_t)st.st_size)
    return tpch_error_set(err, TPCH_EINVAL, "data file '%s' is %lld bytes but its info says %lld", path,
                          (long long)st.st_size, (long long)f->info.file_bytes);
  if (f->info.num_columns != (int64_t)c->schema->n || f->info.columns == NULL)
    return tpch_error_set(err, TPCH_ESCHEMA, "data file '%s' has %lld columns, the table %zu", path,
                          (long long)f->info.num_columns, c->schema->n);
  return TPCH_OK;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 if a sorted array of strings holds two equal ones. */
static int has_duplicate(char **sorted, size_t n) {
  for (size_t i = 1; i < n; i++)
    if (strcmp(sorted[i - 1], sorted[i]) == 0) return 1;
  return 0;
}

static int check_files(const commit_ctx *c, tpch_error *err) {
  for (size_t i = 0; i < c->n_files; i++) {
    int rc = check_file(c, &c->files[i], err);
    if (rc != 0) return rc;
  }
  return TPCH_OK;
}

/* The location of every new file; two entries for one file are refused. */
static int make_uris(commit_ctx *c) {
  c->uris = calloc(c->n_files + 1, sizeof *c->uris);
  char **sorted = calloc(c->n_files + 1, sizeof *sorted);
  if (c->uris == NULL || sorted == NULL) {
    free(sorted);
    return ice_oom(c->err);
  }
  int rc = TPCH_OK;
  for (size_t i = 0; rc == 0 && i < c->n_files; i++) {
    c->uris[i] = sorted[i] = make_uri(c->location, c->files[i].path);
    if (c->uris[i] == NULL) rc = ice_oom(c->err);
  }
  if (rc == 0 && c->n_files > 1) {
    qsort(sorted, c->n_files, sizeof *sorted, cmp_str);
    if (has_duplicate(sorted, c->n_files))
      rc = tpch_error_set(c->err, TPCH_EINVAL, "a data file is listed twice in one commit");
  }
  free(sorted);
  return rc;
}

/* ---- reading the current version -------------------------------------------- */

int ice_latest_version(const char *meta_dir, int64_t *out, tpch_error *err) {
  int64_t max;
  int rc = tpch_dir_max_number(meta_dir, "v", ".metadata.json", &max, err);
  *out = max > 0 ? max : 0; /* versions count from 1 */
  return rc;
}

static int load_metadata(commit_ctx *c);

/* Reads the newest version's metadata into c->meta. An overwrite does not
 * need what a corrupt one held: it starts the table afresh (c->meta NULL)
 * as version N+1, which is what --overwrite promises. */
static int load_version(commit_ctx *c) {
  int rc = load_metadata(c);
  if (rc == TPCH_EFORMAT && c->opts.mode == TPCH_WRITE_OVERWRITE && c->version > 0 &&
      c->version < INT64_MAX) {
    ice_json_free(c->meta);
    c->meta = NULL;
    return TPCH_OK;
  }
  return rc;
}

static int load_metadata(commit_ctx *c) {
  ice_json_free(c->meta);
  c->meta = NULL;
  int rc = ice_latest_version(c->meta_dir, &c->version, c->err);
  if (rc != 0 || c->version == 0) return rc;
  if (c->version == INT64_MAX) /* strtoll's ceiling too: no version can follow */
    return tpch_error_set(c->err, TPCH_EFORMAT, "'%s' holds version %lld, after which no version can follow",
                          c->meta_dir, (long long)c->version);
  char name[64], path[PATH_MAX];
  snprintf(name, sizeof name, "v%lld.metadata.json", (long long)c->version);
  if ((rc = tpch_path_join(path, sizeof path, c->meta_dir, name, c->err)) != 0) return rc;
  tpch_buf b;
  tpch_buf_init(&b);
  rc = tpch_read_file(path, &b, c->err);
  if (rc == 0) rc = ice_json_parse((const char *)b.data, b.len, &c->meta, c->err);
  tpch_buf_free(&b);
  if (rc != 0) return rc == TPCH_EFORMAT ? tpch_error_set(c->err, rc, "'%s' is not valid JSON", path) : rc;
  int64_t fv = 0;
  if (c->meta->kind != ICE_JSON_OBJECT || !ice_json_int64(ice_json_get(c->meta, "format-version"), &fv))
    return tpch_error_set(c->err, TPCH_EFORMAT, "'%s' is not Iceberg table metadata", path);
  if (fv != 2)
    return tpch_error_set(c->err, TPCH_EUNSUPPORTED, "'%s' is format-version %lld; only 2 is written here",
                          path, (long long)fv);
  if (ice_json_get_str(c->meta, "location") == NULL)
    return tpch_error_set(c->err, TPCH_EFORMAT, "'%s' has no location", path);
  return TPCH_OK;
}

static int check_schema(const commit_ctx *c) {
  int64_t cur = 0;
  const ice_json *schemas = ice_json_get(c->meta, "schemas");
  const ice_json *fields = NULL;
  ice_json_int64(ice_json_get(c->meta, "current-schema-id"), &cur);
  for (size_t i = 0; schemas && schemas->kind == ICE_JSON_ARRAY && i < schemas->n; i++) {
    int64_t id = -1;
    if (ice_json_int64(ice_json_get(schemas->items[i], "schema-id"), &id) && id == cur)
      fields = ice_json_get(schemas->items[i], "fields");
  }
  if (fields == NULL || fields->kind != ICE_JSON_ARRAY)
    return tpch_error_set(c->err, TPCH_EFORMAT, "table metadata has no current schema");
  if (fields->n != c->schema->n)
    return tpch_error_set(c->err, TPCH_ESCHEMA, "the table has %zu columns, the data %zu", fields->n,
                          c->schema->n);
  for (size_t i = 0; i < fields->n; i++) {
    const ice_field *f = &c->schema->fields[i];
    const ice_json *t = fields->items[i];
    const ice_json *req = ice_json_get(t, "required");
    const char *name = ice_json_get_str(t, "name"), *type = ice_json_get_str(t, "type");
    int64_t id = 0;
    if (!ice_json_int64(ice_json_get(t, "id"), &id) || id != f->id ||
        !tpch_table_field_equal(name, type, f->name, f->type_name) || req == NULL ||
        req->kind != ICE_JSON_BOOL || req->boolean != f->required)
      return tpch_error_set(
          c->err, TPCH_ESCHEMA, "column %zu ('%s' %s%s, id %d) does not match the table's field '%s' %s", i,
          f->name, f->type_name, f->required ? " required" : "", f->id, name ? name : "?", type ? type : "?");
  }
  return TPCH_OK;
}

/* ---- the pieces of one attempt ---------------------------------------------- */

static const ice_json *current_snapshot(const ice_json *meta, int64_t *id) {
  *id = -1;
  if (meta == NULL || !ice_json_int64(ice_json_get(meta, "current-snapshot-id"), id) || *id < 0) {
    *id = -1;
    return NULL;
  }
  const ice_json *snaps = ice_json_get(meta, "snapshots");
  for (size_t i = 0; snaps && snaps->kind == ICE_JSON_ARRAY && i < snaps->n; i++) {
    int64_t sid;
    if (ice_json_int64(ice_json_get(snaps->items[i], "snapshot-id"), &sid) && sid == *id)
      return snaps->items[i];
  }
  return NULL;
}

/* Reads a manifest (or manifest list) of this table by its location. */
static int read_avro_at(commit_ctx *c, const char *uri, ice_avro_file *out) {
  char path[PATH_MAX];
  if (uri == NULL || local_path_of(c, uri, path, sizeof path) != 0)
    return tpch_error_set(c->err, TPCH_EUNSUPPORTED, "cannot read '%s' from the local table",
                          uri ? uri : "?");
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = tpch_read_file(path, &b, c->err);
  if (rc == 0 && (rc = ice_avro_read(b.data, b.len, out, c->err)) != 0 && c->err) {
    char why[TPCH_ERROR_MESSAGE_SIZE];
    snprintf(why, sizeof why, "%s", c->err->message);
    tpch_error_set(c->err, rc, "'%s': %s", path, why);
  }
  tpch_buf_free(&b);
  return rc;
}

static int write_list(commit_ctx *c, int attempt, int64_t seq, int64_t parent, char *path, char **uri) {
  ice_avro_file prev = {0};
  const ice_json *snap = NULL;
  int64_t cur;
  int rc = TPCH_OK;
  if (c->opts.mode == TPCH_WRITE_APPEND && (snap = current_snapshot(c->meta, &cur)) != NULL)
    rc = read_avro_at(c, ice_json_get_str(snap, "manifest-list"), &prev);
  size_t n_prev = prev.records ? prev.records->n : 0;
  ice_manifest_file *m = calloc(n_prev + 1, sizeof *m);
  if (m == NULL) {
    ice_avro_file_free(&prev);
    return ice_oom(c->err);
  }
  size_t n = 0;
  for (size_t i = 0; rc == 0 && i < n_prev; i++)
    rc = ice_manifest_file_from_json(prev.records->items[i], &m[n++], c->err);
  if (rc == 0 && c->n_files > 0) {
    ice_manifest_file *nm = &m[n++];
    nm->path = c->manifest_uri;
    nm->length = c->manifest_length;
    nm->sequence_number = nm->min_sequence_number = seq;
    nm->added_snapshot_id = c->snapshot_id;
    nm->added_files = (int32_t)c->n_files;
    nm->added_rows = c->added_rows;
  }
  tpch_buf b;
  tpch_buf_init(&b);
  char name[128];
  snprintf(name, sizeof name, "snap-%lld-%d-%s.avro", (long long)c->snapshot_id, attempt + 1, c->uuid);
  if (rc == 0) rc = ice_manifest_list_encode(m, n, c->snapshot_id, parent, seq, &b, c->err);
  if (rc == 0) rc = tpch_path_join(path, PATH_MAX, c->meta_dir, name, c->err);
  if (rc == 0) rc = tpch_write_file(path, b.data, b.len, tpch_sink_flags(0, !c->opts.no_fsync), c->err);
  if (rc == 0) {
    char rel[160];
    snprintf(rel, sizeof rel, "metadata/%s", name);
    *uri = make_uri(c->location, rel);
    if (*uri == NULL) {
      unlink(path);
      rc = tpch_error_set(c->err, TPCH_ENOMEM, "out of memory");
    }
  }
  tpch_buf_free(&b);
  free(m);
  ice_avro_file_free(&prev);
  return rc;
}

/* Writes the manifest of this commit's files (once; reused by retries). */
static int write_manifest(commit_ctx *c) {
  for (size_t i = 0; i < c->n_files; i++) {
    c->added_rows += c->files[i].info.num_rows;
    c->added_bytes += c->files[i].info.file_bytes;
  }
  tpch_buf b;
  tpch_buf_init(&b);
  char rel[96];
  snprintf(rel, sizeof rel, "metadata/%s-m0.avro", c->uuid);
  int32_t sort_id = c->opts.sorted ? 1 : 0;
  int rc = ice_manifest_encode(c->schema, c->files, (const char *const *)c->uris, c->n_files, c->snapshot_id,
                               sort_id, &b, c->err);
  if (rc == 0) rc = tpch_path_join(c->manifest_path, sizeof c->manifest_path, c->table_dir, rel, c->err);
  if (rc == 0)
    rc = tpch_write_file(c->manifest_path, b.data, b.len, tpch_sink_flags(0, !c->opts.no_fsync), c->err);
  if (rc != 0) c->manifest_path[0] = '\0';
  if (rc == 0) {
    c->manifest_length = (int64_t)b.len;
    c->manifest_uri = make_uri(c->location, rel);
    if (c->manifest_uri == NULL) rc = tpch_error_set(c->err, TPCH_ENOMEM, "out of memory");
  }
  tpch_buf_free(&b);
  return rc;
}

/* The tree of the next version: the current one (or a new table) plus our snapshot. */
static int next_metadata(commit_ctx *c, const char *list_uri, int64_t seq, ice_json **out) {
  ice_json *meta = NULL;
  int rc;
  if (c->meta != NULL) {
    meta = ice_json_clone(c->meta);
    rc = meta ? TPCH_OK : tpch_error_set(c->err, TPCH_ENOMEM, "out of memory");
    char rel[64];
    snprintf(rel, sizeof rel, "metadata/v%lld.metadata.json", (long long)c->version);
    char *prev_uri = rc == 0 ? make_uri(c->location, rel) : NULL;
    int64_t prev_ms = 0;
    ice_json_int64(ice_json_get(c->meta, "last-updated-ms"), &prev_ms);
    if (rc == 0) rc = prev_uri ? ice_metadata_log_previous(meta, prev_uri, prev_ms, c->err) : TPCH_ENOMEM;
    free(prev_uri);
    if (prev_ms > c->timestamp_ms) c->timestamp_ms = prev_ms; /* time never runs backwards in a table */
  } else {
    rc = ice_metadata_new(c->schema, c->uuid, c->location, c->timestamp_ms, &c->opts, &meta, c->err);
  }
  if (rc == 0 && list_uri != NULL) {
    int64_t parent;
    const ice_json *cur = current_snapshot(c->meta, &parent);
    if (cur == NULL) parent = -1; /* a dangling current-snapshot-id is no parent */
    ice_snapshot_update u = {c->snapshot_id,
                             parent,
                             seq,
                             c->timestamp_ms,
                             list_uri,
                             c->opts.mode == TPCH_WRITE_OVERWRITE,
                             (int64_t)c->n_files,
                             c->added_rows,
                             c->added_bytes,
                             cur ? ice_json_get(cur, "summary") : NULL};
    rc = ice_metadata_add_snapshot(meta, &u, c->err);
  }
  if (rc != 0) {
    ice_json_free(meta);
    return rc;
  }
  *out = meta;
  return TPCH_OK;
}

/* The hint after the commit point: a failure here is reported, never undone. */
static int write_version_hint(commit_ctx *c, int64_t version, tpch_error *err) {
  char path[PATH_MAX], text[24];
  int n = snprintf(text, sizeof text, "%lld", (long long)version);
  int rc = tpch_path_join(path, sizeof path, c->meta_dir, "version-hint.text", err);
  if (rc != 0) return rc;
  /* A slower committer must not move the hint back to an older version. */
  int64_t latest = 0;
  if (ice_latest_version(c->meta_dir, &latest, err) == 0 && latest > version) return TPCH_OK;
  return tpch_write_file(path, text, (size_t)n, tpch_sink_flags(1, !c->opts.no_fsync), err);
}

/* One attempt from the version last read; TPCH_ECONFLICT when another writer took the next version. */
static int attempt_commit(commit_ctx *c, int attempt, tpch_iceberg_commit_info *info) {
  int64_t last_seq = 0, parent = -1;
  if (c->meta) ice_json_int64(ice_json_get(c->meta, "last-sequence-number"), &last_seq);
  if (current_snapshot(c->meta, &parent) == NULL) parent = -1;
  int64_t seq = last_seq + 1;
  int make_snapshot = c->n_files > 0 || c->opts.mode != TPCH_WRITE_CREATE;
  char list_path[PATH_MAX] = "", meta_path[PATH_MAX], name[64];
  char *list_uri = NULL;
  ice_json *meta = NULL;
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = make_snapshot ? write_list(c, attempt, seq, parent, list_path, &list_uri) : TPCH_OK;
  if (rc == 0) rc = next_metadata(c, list_uri, seq, &meta);
  if (rc == 0 && ice_json_write(&b, meta) != 0) rc = tpch_error_set(c->err, TPCH_ENOMEM, "out of memory");
  snprintf(name, sizeof name, "v%lld.metadata.json", (long long)(c->version + 1));
  if (rc == 0) rc = tpch_path_join(meta_path, sizeof meta_path, c->meta_dir, name, c->err);
  if (rc == 0)
    rc = tpch_write_file(meta_path, b.data, b.len,
                         tpch_sink_flags(0, !c->opts.no_fsync) | TPCH_SINK_COMMIT_POINT, c->err);
  if (rc == TPCH_EEXIST)
    rc = c->opts.mode == TPCH_WRITE_CREATE
             ? tpch_error_set(c->err, TPCH_EEXIST, "table '%s' was created by another writer", c->table_dir)
             : tpch_error_set(c->err, TPCH_ECONFLICT, "another writer committed version %lld first",
                              (long long)(c->version + 1));
  /* The link of the metadata file is the commit point: after it, nothing
   * this version references is removed, whatever fails next. */
  int linked = rc == 0 || rc == TPCH_ECOMMITTED;
  if (!linked && list_path[0]) unlink(list_path);
  if (linked) {
    info->version = c->version + 1;
    info->snapshot_id = make_snapshot ? c->snapshot_id : -1;
    info->sequence_number = make_snapshot ? seq : last_seq;
    info->added_records = c->added_rows;
    const ice_json *cur = current_snapshot(meta, &parent);
    const ice_json *sum = cur ? ice_json_get(cur, "summary") : NULL;
    info->total_records = sum ? ice_summary_value(sum, "total-records") : 0;
    info->total_data_files = sum ? ice_summary_value(sum, "total-data-files") : 0;
    tpch_error herr;
    int hrc = write_version_hint(c, info->version, &herr);
    if (rc == 0 && hrc != 0)
      rc = tpch_error_set(c->err, TPCH_ECOMMITTED, "version %lld of '%s' is committed, but %s",
                          (long long)info->version, c->table_dir, herr.message);
  }
  free(list_uri);
  ice_json_free(meta);
  tpch_buf_free(&b);
  return rc;
}

/* A snapshot id no snapshot of the table uses yet. */
static int fresh_snapshot_id(commit_ctx *c) {
  const ice_json *snaps = ice_json_get(c->meta, "snapshots");
  for (;;) {
    int rc = ice_snapshot_id(&c->snapshot_id, c->err);
    if (rc != 0) return rc;
    int clash = 0;
    for (size_t i = 0; snaps && snaps->kind == ICE_JSON_ARRAY && i < snaps->n; i++) {
      int64_t id;
      if (ice_json_int64(ice_json_get(snaps->items[i], "snapshot-id"), &id) && id == c->snapshot_id)
        clash = 1;
    }
    if (!clash) return TPCH_OK;
  }
}

/* Reads the newest version and checks it may take this commit. */
static int load_and_check(commit_ctx *c) {
  int rc = load_version(c);
  if (rc != 0) return rc;
  if (c->version > 0 && c->opts.mode == TPCH_WRITE_CREATE)
    return tpch_error_set(c->err, TPCH_EEXIST, "table '%s' already exists (version %lld)", c->table_dir,
                          (long long)c->version);
  if (c->version == 0 || c->meta == NULL) return TPCH_OK;
  int64_t cur;
  if (c->opts.mode == TPCH_WRITE_APPEND && current_snapshot(c->meta, &cur) == NULL && cur >= 0)
    return tpch_error_set(c->err, TPCH_EFORMAT,
                          "v%lld.metadata.json of '%s' names current snapshot %lld, which it does not hold "
                          "(an append would drop the table's rows; use --overwrite to replace it)",
                          (long long)c->version, c->table_dir, (long long)cur);
  return check_schema(c);
}

/* 1 if the table's recorded location is a local directory other than the
 * one being written (the table was moved or copied). */
static int moved_away(const commit_ctx *c, const char *given) {
  char p[PATH_MAX], real[PATH_MAX];
  if (strncmp(given, "file:", 5) != 0) return 0; /* a remote location: not ours to judge */
  commit_ctx probe = *c;
  probe.location = "";
  if (local_path_of(&probe, given, p, sizeof p) != 0) return 1;
  return realpath(p, real) == NULL || strcmp(real, c->abs_dir) != 0;
}

static int choose_location(commit_ctx *c) {
  tpch_buf b;
  tpch_buf_init(&b);
  const char *given = c->meta ? ice_json_get_str(c->meta, "location") : c->opts.location;
  if (c->meta && given && moved_away(c, given)) {
    /* New files would be recorded under the other directory: an append
     * cannot be made right; an overwrite starts the table afresh here. */
    if (c->opts.mode != TPCH_WRITE_OVERWRITE)
      return tpch_error_set(
          c->err, TPCH_EINVAL,
          "table '%s' records its location as '%s', another directory (was it moved or copied?); "
          "appending would record the new data files there (use --overwrite to start it afresh here)",
          c->table_dir, given);
    ice_json_free(c->meta);
    c->meta = NULL;
    given = c->opts.location;
  }
  int rc = given ? ice_json_put_raw(&b, given) : ice_file_uri(c->abs_dir, &b);
  while (rc == 0 && b.len > 1 && b.data[b.len - 1] == '/')
    b.len--; /* the spec joins with '/' */
  c->location = rc == 0 ? buf_to_cstr(&b) : NULL;
  if (c->location == NULL) {
    tpch_buf_free(&b);
    return tpch_error_set(c->err, TPCH_ENOMEM, "out of memory");
  }
  return TPCH_OK;
}

/* Appending a file the table already holds would count its rows twice (e.g. a
 * commit_pending run again after a crash between commit and sidecar removal). */
static int check_not_in_table(commit_ctx *c) {
  int64_t cur;
  const ice_json *snap = current_snapshot(c->meta, &cur);
  if (c->opts.mode != TPCH_WRITE_APPEND || snap == NULL || c->n_files == 0) return TPCH_OK;
  char **sorted = malloc(c->n_files * sizeof *sorted);
  if (sorted == NULL) return tpch_error_set(c->err, TPCH_ENOMEM, "out of memory");
  memcpy(sorted, c->uris, c->n_files * sizeof *sorted);
  qsort(sorted, c->n_files, sizeof *sorted, cmp_str);
  ice_avro_file list = {0};
  int rc = read_avro_at(c, ice_json_get_str(snap, "manifest-list"), &list);
  for (size_t m = 0; rc == 0 && list.records && m < list.records->n; m++) {
    ice_avro_file man = {0};
    rc = read_avro_at(c, ice_json_get_str(list.records->items[m], "manifest_path"), &man);
    for (size_t e = 0; rc == 0 && man.records && e < man.records->n; e++) {
      const ice_json *entry = man.records->items[e];
      int64_t status = 0;
      const char *p = ice_json_get_str(ice_json_get(entry, "data_file"), "file_path");
      if (p == NULL || (ice_json_int64(ice_json_get(entry, "status"), &status) && status == 2)) continue;
      if (bsearch(&p, sorted, c->n_files, sizeof *sorted, cmp_str) != NULL)
        rc = tpch_error_set(c->err, TPCH_EEXIST, "data file '%s' is already in the table", p);
    }
    ice_avro_file_free(&man);
  }
  ice_avro_file_free(&list);
  free(sorted);
  return rc;
}

static int prepare(commit_ctx *c) {
  int rc = tpch_mkdirs(c->table_dir, c->err);
  if (rc == 0 && realpath(c->table_dir, c->abs_dir) == NULL)
    rc = tpch_error_set(c->err, TPCH_EIO, "cannot resolve '%s': %s", c->table_dir, strerror(errno));
  if (rc == 0) rc = tpch_path_join(c->meta_dir, sizeof c->meta_dir, c->table_dir, "metadata", c->err);
  if (rc == 0) rc = tpch_mkdirs(c->meta_dir, c->err);
  if (rc == 0) rc = check_files(c, c->err);
  if (rc == 0) rc = tpch_uuid4(c->uuid, c->err);
  if (rc == 0) rc = load_and_check(c);
  if (rc == 0) rc = choose_location(c);
  if (rc == 0) rc = make_uris(c);
  if (rc == 0) rc = check_not_in_table(c);
  if (rc == 0) rc = fresh_snapshot_id(c);
  return rc;
}

/* One try for tpch_commit_retry. */
typedef struct ice_try {
  commit_ctx *c;
  tpch_iceberg_commit_info *info;
} ice_try;

static int try_commit(void *p, int attempt) {
  ice_try *t = p;
  if (attempt > 0) { /* someone else won: start again from their version */
    int rc = load_and_check(t->c);
    if (rc == 0) rc = check_not_in_table(t->c);
    if (rc != 0) return rc;
  }
  return attempt_commit(t->c, attempt, t->info);
}

static int run(commit_ctx *c, tpch_iceberg_commit_info *info) {
  int rc = prepare(c);
  if (rc == 0 && c->n_files > 0) rc = write_manifest(c);
  ice_try t = {c, info};
  if (rc == 0) rc = tpch_commit_retry(try_commit, &t, c->opts.max_retries, c->table_dir, c->err);
  if (rc != 0 && rc != TPCH_ECOMMITTED && c->manifest_path[0]) unlink(c->manifest_path);
  return rc;
}

int ice_commit_files(const char *table_dir, const tpch_iceberg_schema *s, const tpch_iceberg_data_file *files,
                     size_t n_files, const tpch_iceberg_writer_options *opts, tpch_iceberg_commit_info *info,
                     tpch_error *err) {
  tpch_iceberg_commit_info dummy;
  if (info == NULL) info = &dummy;
  memset(info, 0, sizeof *info);
  if (table_dir == NULL || table_dir[0] == '\0')
    return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  if (n_files > 0 && files == NULL) return tpch_error_set(err, TPCH_EINVAL, "files is NULL");
  if (n_files > INT32_MAX) return tpch_error_set(err, TPCH_EINVAL, "too many files for one manifest");
  commit_ctx *c = calloc(1, sizeof *c);
  if (c == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  c->table_dir = table_dir;
  c->schema = s;
  c->files = files;
  c->n_files = n_files;
  c->err = err;
  if (opts)
    c->opts = *opts;
  else
    tpch_iceberg_writer_options_init(&c->opts);
  c->timestamp_ms = c->opts.timestamp_ms > 0 ? c->opts.timestamp_ms : ice_now_ms();
  int rc = TPCH_OK;
  if (c->opts.mode != TPCH_WRITE_CREATE && c->opts.mode != TPCH_WRITE_APPEND &&
      c->opts.mode != TPCH_WRITE_OVERWRITE)
    rc = tpch_error_set(err, TPCH_EINVAL, "unknown Iceberg mode %d", (int)c->opts.mode);
  else if (c->opts.mode == TPCH_WRITE_APPEND && n_files == 0)
    rc = tpch_error_set(err, TPCH_EINVAL, "an append needs at least one data file");
  else if (c->opts.sorted && (c->opts.sort_column < 0 || c->opts.sort_column >= (int64_t)s->n))
    rc = tpch_error_set(err, TPCH_EINVAL, "sort column %lld is past the last column",
                        (long long)c->opts.sort_column);
  if (rc == 0) rc = run(c, info);
  ice_json_free(c->meta);
  free(c->location);
  free(c->manifest_uri);
  for (size_t i = 0; c->uris && i < n_files; i++)
    free(c->uris[i]);
  free(c->uris);
  free(c);
  return rc;
}

int tpch_iceberg_table_check_write(const char *table_dir, const struct ArrowSchema *schema,
                                   tpch_write_mode mode, tpch_error *err) {
  if (table_dir == NULL || table_dir[0] == '\0')
    return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  if (mode != TPCH_WRITE_CREATE && mode != TPCH_WRITE_APPEND && mode != TPCH_WRITE_OVERWRITE)
    return tpch_error_set(err, TPCH_EINVAL, "unknown Iceberg mode %d", (int)mode);
  if (mode == TPCH_WRITE_OVERWRITE) return TPCH_OK;
  if (mode == TPCH_WRITE_CREATE) {
    char meta[PATH_MAX];
    int64_t version = 0;
    int rc = tpch_path_join(meta, sizeof meta, table_dir, "metadata", err);
    if (rc == TPCH_OK) rc = ice_latest_version(meta, &version, err);
    if (rc == TPCH_OK && version > 0)
      rc = tpch_error_set(err, TPCH_EEXIST, "table '%s' already exists", table_dir);
    return rc;
  }
  struct stat st;
  if (stat(table_dir, &st) != 0) return TPCH_OK; /* nothing to append to: the append creates it */
  tpch_iceberg_schema *s = NULL;
  int rc = tpch_iceberg_schema_create(&s, schema, err);
  commit_ctx *c = rc == 0 ? calloc(1, sizeof *c) : NULL;
  if (rc == 0 && c == NULL) {
    tpch_iceberg_schema_destroy(s);
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  if (rc == 0 && c != NULL) {
    c->table_dir = table_dir;
    c->schema = s;
    c->err = err;
    tpch_iceberg_writer_options_init(&c->opts);
    c->opts.mode = TPCH_WRITE_APPEND;
    if (realpath(table_dir, c->abs_dir) == NULL)
      rc = tpch_error_set(err, TPCH_EIO, "cannot resolve '%s': %s", table_dir, strerror(errno));
    if (rc == 0) rc = tpch_path_join(c->meta_dir, sizeof c->meta_dir, table_dir, "metadata", err);
    if (rc == 0) rc = load_and_check(c);
    if (rc == 0 && c->meta) rc = choose_location(c);
    ice_json_free(c->meta);
    free(c->location);
  }
  free(c);
  tpch_iceberg_schema_destroy(s);
  return rc;
}

int tpch_iceberg_commit(const char *table_dir, const struct ArrowSchema *schema,
                        const tpch_iceberg_data_file *files, size_t n_files,
                        const tpch_iceberg_writer_options *opts, tpch_iceberg_commit_info *info,
                        tpch_error *err) {
  tpch_iceberg_schema *s = NULL;
  if (info) memset(info, 0, sizeof *info);
  int rc = tpch_iceberg_schema_create(&s, schema, err);
  if (rc == 0) rc = ice_commit_files(table_dir, s, files, n_files, opts, info, err);
  tpch_iceberg_schema_destroy(s);
  return rc;
}
