/*
 * paimon_commit.c - turning data files in bucket-0/ into a new snapshot.
 *
 * One attempt, from the newest snapshot N found by listing snapshot/:
 *   1. manifest/manifest-<uuid>-0          ADD entries for the new files (and, for
 *                                          OVERWRITE, DELETE entries for every live file)
 *   2. manifest/manifest-list-<uuid>-0     base: every manifest of snapshot N
 *      manifest/manifest-list-<uuid>-1     delta: the manifest of step 1
 *   3. snapshot/snapshot-<N+1>             created with a no-replace link: the commit point
 *   4. snapshot/LATEST (replaced), EARLIEST (created if missing): hints only
 * When step 3 finds snapshot-<N+1> taken, another writer won: the files of
 * steps 1-2 are removed and the attempt starts again from the new newest
 * snapshot. A table is created by linking schema/schema-0 the same way.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "format/paimon/paimon_internal.h"
#include "io/retry.h"
#include "io/sink.h"

typedef struct file_stats {
  tpch_buf min, max;
} file_stats;

typedef struct commit_ctx {
  const char *dir;
  const pmn_schema *s;
  const tpch_paimon_data_file *files;
  size_t n;
  tpch_paimon_writer_options o;
  int fsync;
  int64_t now_ms;
  char user[64];
  file_stats *stats;
  int64_t added_rows;
  ice_json *entry_schema, *list_schema;
  int64_t schema_id; /* the schema the commit writes under (-1: any, when only reading) */
  int fresh;         /* OVERWRITE of a table whose newest state cannot be read: build on nothing */
  /* the snapshot the attempt builds on */
  int64_t latest;
  int64_t prev_total;
  ice_json *prev_metas; /* ARRAY of ManifestFileMeta records (base + delta of `latest`) */
  ice_json *live;       /* ARRAY of live ADD entries of `latest` */
  tpch_error *err;
} commit_ctx;

/* a/b, or a/b/c when c is not NULL, into out[PATH_MAX]. */
static int join(char *out, const char *a, const char *b, const char *c, tpch_error *err) {
  char ab[PATH_MAX];
  if (c == NULL) return tpch_path_join(out, PATH_MAX, a, b, err);
  int rc = tpch_path_join(ab, sizeof ab, a, b, err);
  return rc != TPCH_OK ? rc : tpch_path_join(out, PATH_MAX, ab, c, err);
}

int pmn_write_file(const char *path, const void *data, size_t len, int overwrite, int fsync,
                   tpch_error *err) {
  return tpch_write_file(path, data, len, tpch_sink_flags(overwrite, fsync), err);
}

/* The highest N of DIR/sub/<prefix>N (-1: none); refuses an N that no
 * number can follow. */
static int newest_number(const char *dir, const char *sub, const char *prefix, int64_t *out,
                         tpch_error *err) {
  char p[PATH_MAX];
  *out = -1;
  int rc = join(p, dir, sub, NULL, err);
  if (rc == TPCH_OK) rc = tpch_dir_max_number(p, prefix, "", out, err);
  if (rc == TPCH_OK && *out == INT64_MAX) {
    *out = -1;
    rc = tpch_error_set(err, TPCH_EFORMAT, "'%s' holds %s%lld, after which no number can follow", p, prefix,
                        (long long)INT64_MAX);
  }
  return rc;
}

/* The highest N of schema/schema-N, -1 when there is none. */
static int newest_schema(const char *dir, int64_t *out, tpch_error *err) {
  return newest_number(dir, "schema", "schema-", out, err);
}

int pmn_table_exists(const char *table_dir) {
  char p[PATH_MAX];
  struct stat st;
  if (join(p, table_dir, "schema", "schema-0", NULL) != 0) return 0;
  return stat(p, &st) == 0;
}

/* ---- reading the table -------------------------------------------------------- */

/* The highest N of snapshot/snapshot-N (0: none; snapshots count from 1). */
static int latest_snapshot(const char *dir, int64_t *out, tpch_error *err) {
  int rc = newest_number(dir, "snapshot", "snapshot-", out, err);
  if (*out < 0) *out = 0;
  return rc;
}

static int read_json(const char *path, ice_json **out, tpch_error *err) {
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = tpch_read_file(path, &b, err);
  if (rc == 0) rc = ice_json_parse((const char *)b.data, b.len, out, err);
  tpch_buf_free(&b);
  if (rc == TPCH_EFORMAT) rc = tpch_error_set(err, rc, "'%s' is not valid JSON", path);
  return rc;
}

static int read_avro(const commit_ctx *c, const char *name, ice_avro_file *out) {
  char p[PATH_MAX];
  if (name == NULL || strchr(name, '/') != NULL)
    return tpch_error_set(c->err, TPCH_EFORMAT, "snapshot %lld names a bad manifest", (long long)c->latest);
  int rc = join(p, c->dir, "manifest", name, c->err);
  tpch_buf b;
  tpch_buf_init(&b);
  if (rc == 0) rc = tpch_read_file(p, &b, c->err);
  if (rc == 0) rc = ice_avro_read(b.data, b.len, out, c->err);
  tpch_buf_free(&b);
  return rc;
}

/* Moves every record of a decoded container into `dst` (an ARRAY). */
static int take_records(ice_avro_file *f, ice_json *dst, tpch_error *err) {
  for (size_t i = 0; f->records && i < f->records->n; i++) {
    if (ice_json_push(dst, f->records->items[i]) != 0) {
      f->records->items[i] = NULL;
      for (size_t k = i + 1; k < f->records->n; k++)
        f->records->items[k] = NULL;
      return pmn_oom(err);
    }
    f->records->items[i] = NULL;
  }
  if (f->records) f->records->n = 0;
  return TPCH_OK;
}

static const char *entry_file_name(const ice_json *entry) {
  return ice_json_get_str(ice_json_get(entry, "_FILE"), "_FILE_NAME");
}

/* Reads snapshot `latest`: its totals, its manifests, and the live files. */
static int load_latest(commit_ctx *c) {
  ice_json_free(c->prev_metas);
  ice_json_free(c->live);
  c->prev_metas = ice_json_new(ICE_JSON_ARRAY);
  c->live = ice_json_new(ICE_JSON_ARRAY);
  c->prev_total = 0;
  if (c->prev_metas == NULL || c->live == NULL) return pmn_oom(c->err);
  int rc = latest_snapshot(c->dir, &c->latest, c->err);
  if (rc != 0 || c->latest == 0) return rc;
  char p[PATH_MAX], name[48];
  snprintf(name, sizeof name, "snapshot-%lld", (long long)c->latest);
  ice_json *snap = NULL;
  rc = join(p, c->dir, "snapshot", name, c->err);
  if (rc == 0) rc = read_json(p, &snap, c->err);
  if (rc != 0) return rc;
  int64_t schema_id = -1;
  ice_json_int64(ice_json_get(snap, "schemaId"), &schema_id);
  if (c->schema_id >= 0 && schema_id != c->schema_id)
    rc = tpch_error_set(c->err, TPCH_EUNSUPPORTED,
                        "snapshot %lld uses schema %lld, not the table's newest schema %lld",
                        (long long)c->latest, (long long)schema_id, (long long)c->schema_id);
  ice_json_int64(ice_json_get(snap, "totalRecordCount"), &c->prev_total);
  const char *lists[2] = {ice_json_get_str(snap, "baseManifestList"),
                          ice_json_get_str(snap, "deltaManifestList")};
  for (int i = 0; rc == 0 && i < 2; i++) {
    ice_avro_file f = {0};
    rc = read_avro(c, lists[i], &f);
    if (rc == 0) rc = take_records(&f, c->prev_metas, c->err);
    ice_avro_file_free(&f);
  }
  ice_json_free(snap);
  /* live files: ADD entries not cancelled by a DELETE entry of the same file */
  ice_json *deleted = ice_json_new(ICE_JSON_ARRAY);
  if (deleted == NULL && rc == 0) rc = pmn_oom(c->err);
  for (size_t m = 0; rc == 0 && m < c->prev_metas->n; m++) {
    ice_avro_file f = {0};
    rc = read_avro(c, ice_json_get_str(c->prev_metas->items[m], "_FILE_NAME"), &f);
    for (size_t i = 0; rc == 0 && f.records && i < f.records->n; i++) {
      ice_json *e = f.records->items[i];
      int64_t kind = -1;
      if (!ice_json_int64(ice_json_get(e, "_KIND"), &kind) || entry_file_name(e) == NULL) {
        rc = tpch_error_set(c->err, TPCH_EFORMAT, "a manifest entry of snapshot %lld is damaged",
                            (long long)c->latest);
        break;
      }
      if (ice_json_push(kind == 0 ? c->live : deleted, e) != 0) rc = pmn_oom(c->err);
      f.records->items[i] = NULL;
    }
    if (f.records) {
      for (size_t i = 0; i < f.records->n; i++)
        ice_json_free(f.records->items[i]);
      f.records->n = 0;
    }
    ice_avro_file_free(&f);
  }
  for (size_t d = 0; rc == 0 && deleted && d < deleted->n; d++) {
    const char *dn = entry_file_name(deleted->items[d]);
    for (size_t i = 0; i < c->live->n; i++) {
      if (strcmp(entry_file_name(c->live->items[i]), dn) != 0) continue;
      ice_json_free(c->live->items[i]);
      c->live->items[i] = c->live->items[--c->live->n];
      break;
    }
  }
  ice_json_free(deleted);
  return rc;
}

int tpch_paimon_table_files(const char *table_dir, char ***files, size_t *n, tpch_error *err) {
  if (files == NULL || n == NULL) return tpch_error_set(err, TPCH_EINVAL, "no output given");
  *files = NULL;
  *n = 0;
  if (table_dir == NULL) return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  commit_ctx c;
  memset(&c, 0, sizeof c);
  c.dir = table_dir;
  c.err = err;
  c.schema_id = -1;
  int rc = load_latest(&c);
  char **out = rc == TPCH_OK ? calloc(c.live->n + 1, sizeof *out) : NULL;
  if (rc == TPCH_OK && out == NULL) rc = pmn_oom(err);
  for (size_t i = 0; rc == TPCH_OK && out && i < c.live->n; i++)
    if ((out[i] = strdup(entry_file_name(c.live->items[i]))) == NULL) rc = pmn_oom(err);
  if (rc == TPCH_OK) {
    *files = out;
    *n = c.live->n;
  } else {
    tpch_paimon_free_files(out, c.live ? c.live->n : 0);
  }
  ice_json_free(c.prev_metas);
  ice_json_free(c.live);
  return rc;
}

void tpch_paimon_free_files(char **files, size_t n) {
  for (size_t i = 0; files && i < n; i++)
    free(files[i]);
  free(files);
}

/* Appending a file the table already holds would count its rows twice. */
static int check_not_live(const commit_ctx *c) {
  if (c->o.mode != TPCH_WRITE_APPEND) return TPCH_OK;
  for (size_t i = 0; i < c->live->n; i++) {
    const char *ln = entry_file_name(c->live->items[i]);
    for (size_t k = 0; k < c->n; k++)
      if (strcmp(ln, c->files[k].name) == 0)
        return tpch_error_set(c->err, TPCH_EEXIST, "data file '%s' is already in the table", ln);
  }
  return TPCH_OK;
}

/* ---- writing ------------------------------------------------------------------ */

static int write_container(commit_ctx *c, ice_avro_writer *w, const char *name, int64_t *size) {
  char p[PATH_MAX];
  int rc = ice_avro_writer_finish(w, c->err);
  if (rc == 0) rc = join(p, c->dir, "manifest", name, c->err);
  if (rc == 0) rc = pmn_write_file(p, w->file.data, w->file.len, 0, c->fsync, c->err);
  if (rc == 0) *size = (int64_t)w->file.len;
  return rc;
}

static void remove_manifest(const commit_ctx *c, const char *name) {
  char p[PATH_MAX];
  if (name[0] && join(p, c->dir, "manifest", name, NULL) == 0) unlink(p);
}

static int write_delta_manifest(commit_ctx *c, const char *name, int64_t *size, int64_t *deleted_files,
                                int64_t *deleted_rows) {
  ice_avro_writer w;
  memset(&w, 0, sizeof w);
  int rc = pmn_avro_begin(&w, pmn_manifest_schema, c->err);
  *deleted_files = *deleted_rows = 0;
  if (c->o.mode == TPCH_WRITE_OVERWRITE) {
    for (size_t i = 0; rc == 0 && i < c->live->n; i++) {
      int64_t rows = 0;
      ice_json_int64(ice_json_get(ice_json_get(c->live->items[i], "_FILE"), "_ROW_COUNT"), &rows);
      rc = pmn_encode_json(&w.block, c->entry_schema, c->live->items[i], 1, c->err);
      if (rc == 0) rc = ice_avro_writer_record_done(&w, c->err);
      (*deleted_files)++;
      *deleted_rows += rows;
    }
  }
  for (size_t i = 0; rc == 0 && i < c->n; i++) {
    pmn_entry e = {0,
                   c->files[i].name,
                   c->files[i].info.file_bytes,
                   c->files[i].info.num_rows,
                   &c->stats[i].min,
                   &c->stats[i].max,
                   (int64_t)c->s->n,
                   c->now_ms,
                   c->schema_id};
    rc = pmn_encode_entry(&w, &e, c->err);
  }
  if (rc == 0) rc = write_container(c, &w, name, size);
  ice_avro_writer_free(&w);
  return rc;
}

static int write_lists(commit_ctx *c, const char *base, const char *delta, const pmn_manifest_meta *mine,
                       int64_t *base_size, int64_t *delta_size) {
  ice_avro_writer w;
  memset(&w, 0, sizeof w);
  int rc = pmn_avro_begin(&w, pmn_manifest_list_schema, c->err);
  for (size_t i = 0; rc == 0 && i < c->prev_metas->n; i++) {
    rc = pmn_encode_json(&w.block, c->list_schema, c->prev_metas->items[i], -1, c->err);
    if (rc == 0) rc = ice_avro_writer_record_done(&w, c->err);
  }
  if (rc == 0) rc = write_container(c, &w, base, base_size);
  ice_avro_writer_free(&w);
  if (rc != 0) return rc;
  memset(&w, 0, sizeof w);
  rc = pmn_avro_begin(&w, pmn_manifest_list_schema, c->err);
  if (rc == 0) rc = pmn_encode_manifest_meta(&w, mine, c->err);
  if (rc == 0) rc = write_container(c, &w, delta, delta_size);
  ice_avro_writer_free(&w);
  if (rc != 0) remove_manifest(c, base);
  return rc;
}

static int put_kv_int(tpch_buf *b, const char *key, int64_t v) {
  int rc = ice_json_put_raw(b, ",\n  \"");
  rc |= ice_json_put_raw(b, key);
  rc |= ice_json_put_raw(b, "\" : ");
  rc |= ice_json_put_int(b, v);
  return rc;
}

static int put_kv_str(tpch_buf *b, const char *key, const char *v) {
  int rc = ice_json_put_raw(b, ",\n  \"");
  rc |= ice_json_put_raw(b, key);
  rc |= ice_json_put_raw(b, "\" : ");
  rc |= ice_json_put_cstr(b, v);
  return rc;
}

/* Replaces a hint file unless a newer snapshot already exists (LATEST), or creates it (EARLIEST). */
static int write_hints(const commit_ctx *c, int64_t id) {
  char p[PATH_MAX], text[24];
  int n = snprintf(text, sizeof text, "%lld", (long long)id);
  int64_t newest = 0;
  int rc = TPCH_OK;
  if (latest_snapshot(c->dir, &newest, NULL) == 0 && newest <= id) {
    rc = join(p, c->dir, "snapshot", "LATEST", NULL);
    if (rc == 0) rc = pmn_write_file(p, text, (size_t)n, 1, c->fsync, NULL);
  }
  struct stat st;
  if (join(p, c->dir, "snapshot", "EARLIEST", NULL) == 0 && stat(p, &st) != 0) {
    int e = pmn_write_file(p, text, (size_t)n, 0, c->fsync, NULL);
    if (e != TPCH_OK && e != TPCH_EEXIST) rc = e;
  }
  return rc;
}

/* One attempt from snapshot c->latest; TPCH_ECONFLICT when another writer took the next one. */
static int attempt(commit_ctx *c, tpch_paimon_commit_info *info) {
  char uuid[37], man[64] = "", base[80] = "", delta[80] = "";
  int rc = tpch_uuid4(uuid, c->err);
  if (rc != 0) return rc;
  snprintf(man, sizeof man, "manifest-%s-0", uuid);
  int64_t man_size = 0, del_files = 0, del_rows = 0, base_size = 0, delta_size = 0;
  rc = write_delta_manifest(c, man, &man_size, &del_files, &del_rows);
  if (rc != 0) return rc;
  snprintf(base, sizeof base, "manifest-list-%s-0", uuid);
  snprintf(delta, sizeof delta, "manifest-list-%s-1", uuid);
  pmn_manifest_meta mine = {man, man_size, (int64_t)c->n, del_files, c->schema_id};
  rc = write_lists(c, base, delta, &mine, &base_size, &delta_size);
  if (rc != 0) {
    remove_manifest(c, man);
    return rc;
  }
  int64_t id = c->latest + 1;
  int64_t delta_rows = c->added_rows - del_rows;
  int64_t total = (c->o.mode == TPCH_WRITE_OVERWRITE ? 0 : c->prev_total) + c->added_rows;
  tpch_buf b;
  tpch_buf_init(&b);
  rc = ice_json_put_raw(&b, "{\n  \"version\" : 3");
  rc |= put_kv_int(&b, "id", id);
  rc |= put_kv_int(&b, "schemaId", c->schema_id);
  rc |= put_kv_str(&b, "baseManifestList", base);
  rc |= put_kv_int(&b, "baseManifestListSize", base_size);
  rc |= put_kv_str(&b, "deltaManifestList", delta);
  rc |= put_kv_int(&b, "deltaManifestListSize", delta_size);
  rc |= ice_json_put_raw(&b, ",\n  \"changelogManifestList\" : null");
  rc |= put_kv_str(&b, "commitUser", c->user);
  rc |= put_kv_int(&b, "commitIdentifier", INT64_MAX);
  rc |= put_kv_str(&b, "commitKind", c->o.mode == TPCH_WRITE_OVERWRITE ? "OVERWRITE" : "APPEND");
  rc |= put_kv_int(&b, "timeMillis", c->now_ms);
  rc |= put_kv_int(&b, "totalRecordCount", total);
  rc |= put_kv_int(&b, "deltaRecordCount", delta_rows);
  rc |= put_kv_int(&b, "changelogRecordCount", 0);
  rc |= ice_json_put_raw(&b, "\n}");
  char p[PATH_MAX], name[48];
  snprintf(name, sizeof name, "snapshot-%lld", (long long)id);
  if (rc != 0) rc = pmn_oom(c->err);
  if (rc == 0) rc = join(p, c->dir, "snapshot", name, c->err);
  /* the commit point: once linked the snapshot stays, even when the fsync of
   * snapshot/ after the link fails (TPCH_ECOMMITTED) */
  if (rc == 0)
    rc =
        tpch_write_file(p, b.data, b.len, TPCH_SINK_COMMIT_POINT | (c->fsync ? 0 : TPCH_SINK_NOSYNC), c->err);
  tpch_buf_free(&b);
  if (rc == TPCH_EEXIST)
    rc =
        tpch_error_set(c->err, TPCH_ECONFLICT, "another writer committed snapshot %lld first", (long long)id);
  if (rc != 0 && rc != TPCH_ECOMMITTED) {
    remove_manifest(c, man);
    remove_manifest(c, base);
    remove_manifest(c, delta);
    return rc;
  }
  info->snapshot_id = id;
  info->added_records = c->added_rows;
  info->total_records = total;
  info->hint_failed = write_hints(c, id) != TPCH_OK;
  return rc;
}

/* ---- checks and set-up -------------------------------------------------------- */

static int check_files(commit_ctx *c) {
  for (size_t i = 0; i < c->n; i++) {
    const tpch_paimon_data_file *f = &c->files[i];
    if (f->name == NULL || f->name[0] == '\0' || f->name[0] == '.' || strchr(f->name, '/') != NULL)
      return tpch_error_set(c->err, TPCH_EINVAL, "data file name '%s' must be a plain name inside bucket-0/",
                            f->name ? f->name : "");
    for (size_t k = 0; k < i; k++)
      if (strcmp(c->files[k].name, f->name) == 0)
        return tpch_error_set(c->err, TPCH_EINVAL, "data file '%s' is listed twice", f->name);
    char p[PATH_MAX];
    struct stat st;
    int rc = join(p, c->dir, "bucket-0", f->name, c->err);
    if (rc != 0) return rc;
    if (stat(p, &st) != 0 || !S_ISREG(st.st_mode))
      return tpch_error_set(c->err, TPCH_EINVAL, "data file '%s' does not exist", p);
    if (f->info.num_rows < 0 || f->info.file_bytes != (int64_t)st.st_size)
      return tpch_error_set(c->err, TPCH_EINVAL, "data file '%s' is %lld bytes but its info says %lld", p,
                            (long long)st.st_size, (long long)f->info.file_bytes);
    if (f->info.num_columns != (int64_t)c->s->n || f->info.columns == NULL)
      return tpch_error_set(c->err, TPCH_ESCHEMA, "data file '%s' has %lld columns, the table %zu", p,
                            (long long)f->info.num_columns, c->s->n);
  }
  return TPCH_OK;
}

/* Creates schema/schema-<id> with a no-replace link: TPCH_EEXIST when another writer made it first. */
static int create_schema(commit_ctx *c, int64_t id) {
  char p[PATH_MAX], name[40];
  snprintf(name, sizeof name, "schema-%lld", (long long)id);
  int rc = join(p, c->dir, "schema", name, c->err);
  tpch_buf b;
  tpch_buf_init(&b);
  if (rc == 0 && pmn_schema_json(c->s, id, c->now_ms, &b) != 0) rc = pmn_oom(c->err);
  if (rc == 0) rc = pmn_write_file(p, b.data, b.len, 0, c->fsync, c->err);
  tpch_buf_free(&b);
  return rc;
}

/* Reads schema/schema-<id> and checks it has our fields. TPCH_EFORMAT / TPCH_EIO: it cannot be read. */
static int check_schema(commit_ctx *c, int64_t id) {
  char p[PATH_MAX], name[40];
  snprintf(name, sizeof name, "schema-%lld", (long long)id);
  ice_json *js = NULL;
  int rc = join(p, c->dir, "schema", name, c->err);
  if (rc == 0) rc = read_json(p, &js, c->err);
  if (rc == 0) rc = pmn_schema_check(c->s, js, c->err);
  ice_json_free(js);
  return rc;
}

/* A message for a table that cannot be read: appending to it is refused, overwriting replaces it. */
static int unreadable(const commit_ctx *c, int rc) {
  char was[TPCH_ERROR_MESSAGE_SIZE] = "";
  if (c->err) snprintf(was, sizeof was, "%s", c->err->message);
  return tpch_error_set(c->err, rc, "%s (use --overwrite to replace the table)", was);
}

/*
 * Sets c->schema_id: creates schema/schema-0 for a new table, or checks the
 * newest schema there. An OVERWRITE of a table whose newest schema cannot
 * be read writes the next schema id instead (the old file stays: nothing
 * committed is removed) and builds on nothing (c->fresh).
 */
static int ensure_schema(commit_ctx *c) {
  for (int tries = 0; tries < 100; tries++) {
    int64_t id = -1;
    int rc = newest_schema(c->dir, &id, c->err);
    if (rc != 0) return rc;
    if (id < 0) {
      rc = create_schema(c, 0);
      if (rc == TPCH_EEXIST) continue; /* another writer created the table first */
      c->schema_id = 0;
      return rc;
    }
    if (c->o.mode == TPCH_WRITE_CREATE)
      return tpch_error_set(c->err, TPCH_EEXIST, "table '%s' already exists", c->dir);
    rc = check_schema(c, id);
    if (rc == TPCH_OK) {
      c->schema_id = id;
      return TPCH_OK;
    }
    if (rc != TPCH_EFORMAT && rc != TPCH_EIO) return rc;
    if (c->o.mode != TPCH_WRITE_OVERWRITE) return unreadable(c, rc);
    if (id >= INT32_MAX) return rc;
    rc = create_schema(c, id + 1);
    if (rc == TPCH_EEXIST) continue; /* another overwrite made it: check that one */
    c->schema_id = id + 1;
    c->fresh = 1;
    return rc;
  }
  return tpch_error_set(c->err, TPCH_ECONFLICT, "the schema of '%s' keeps changing", c->dir);
}

static int prepare(commit_ctx *c) {
  static const char *const sub[] = {"schema", "snapshot", "manifest", "bucket-0"};
  int rc = tpch_mkdirs(c->dir, c->err);
  for (int i = 0; rc == 0 && i < 4; i++) {
    char p[PATH_MAX];
    rc = join(p, c->dir, sub[i], NULL, c->err);
    if (rc == 0) rc = tpch_mkdirs(p, c->err);
  }
  if (rc == 0) rc = check_files(c);
  if (rc != 0) return rc;
  c->stats = calloc(c->n + 1, sizeof *c->stats);
  if (c->stats == NULL) return pmn_oom(c->err);
  for (size_t i = 0; rc == 0 && i < c->n; i++) {
    tpch_buf_init(&c->stats[i].min);
    tpch_buf_init(&c->stats[i].max);
    rc = pmn_stats_row(c->s, &c->files[i].info, 0, &c->stats[i].min, c->err);
    if (rc == 0) rc = pmn_stats_row(c->s, &c->files[i].info, 1, &c->stats[i].max, c->err);
    c->added_rows += c->files[i].info.num_rows;
  }
  if (rc == 0 &&
      (ice_json_parse(pmn_manifest_schema, strlen(pmn_manifest_schema), &c->entry_schema, c->err) != 0 ||
       ice_json_parse(pmn_manifest_list_schema, strlen(pmn_manifest_list_schema), &c->list_schema, c->err) !=
           0))
    rc = tpch_error_set(c->err, TPCH_EFORMAT, "internal: manifest schema does not parse");
  if (rc == 0 && c->o.commit_user == NULL) {
    char u[37];
    rc = tpch_uuid4(u, c->err);
    snprintf(c->user, sizeof c->user, "%s", u);
  } else if (rc == 0) {
    snprintf(c->user, sizeof c->user, "%s", c->o.commit_user);
  }
  if (rc == 0) rc = ensure_schema(c);
  return rc;
}

/* One try for tpch_commit_retry: every attempt starts from the newest snapshot. */
typedef struct pmn_try {
  commit_ctx *c;
  tpch_paimon_commit_info *info;
} pmn_try;

static int try_commit(void *p, int k) {
  (void)k;
  pmn_try *t = p;
  commit_ctx *c = t->c;
  tpch_error *err = c->err;
  int rc = c->fresh ? TPCH_OK : load_latest(c);
  /* the newest snapshot cannot be read: an OVERWRITE replaces it, building on nothing */
  int broken = rc == TPCH_EFORMAT || rc == TPCH_EIO || rc == TPCH_EUNSUPPORTED;
  if (c->fresh || (broken && c->o.mode == TPCH_WRITE_OVERWRITE)) {
    ice_json_free(c->prev_metas);
    ice_json_free(c->live);
    c->prev_metas = ice_json_new(ICE_JSON_ARRAY);
    c->live = ice_json_new(ICE_JSON_ARRAY);
    c->prev_total = 0;
    rc = latest_snapshot(c->dir, &c->latest, err);
    if (rc == 0 && (c->prev_metas == NULL || c->live == NULL)) rc = pmn_oom(err);
  } else if (broken) {
    rc = unreadable(c, rc);
  }
  if (rc == 0 && c->o.mode == TPCH_WRITE_CREATE && c->latest > 0)
    rc = tpch_error_set(err, TPCH_EEXIST, "table '%s' already has snapshots", c->dir);
  if (rc == 0) rc = check_not_live(c);
  if (rc == 0) rc = attempt(c, t->info);
  return rc;
}

int pmn_commit(const char *table_dir, const pmn_schema *s, const tpch_paimon_data_file *files, size_t n,
               const tpch_paimon_writer_options *opts, tpch_paimon_commit_info *info, tpch_error *err) {
  tpch_paimon_commit_info dummy;
  if (info == NULL) info = &dummy;
  memset(info, 0, sizeof *info);
  if (table_dir == NULL || table_dir[0] == '\0')
    return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  if (n > 0 && files == NULL) return tpch_error_set(err, TPCH_EINVAL, "files is NULL");
  commit_ctx *c = calloc(1, sizeof *c);
  if (c == NULL) return pmn_oom(err);
  c->dir = table_dir;
  c->s = s;
  c->files = files;
  c->n = n;
  c->err = err;
  if (opts)
    c->o = *opts;
  else
    tpch_paimon_writer_options_init(&c->o);
  c->fsync = !c->o.no_fsync;
  c->now_ms = c->o.timestamp_ms > 0 ? c->o.timestamp_ms : ice_now_ms();
  int rc = TPCH_OK;
  if (c->o.mode != TPCH_WRITE_CREATE && c->o.mode != TPCH_WRITE_APPEND && c->o.mode != TPCH_WRITE_OVERWRITE)
    rc = tpch_error_set(err, TPCH_EINVAL, "unknown write mode %d", (int)c->o.mode);
  else if (c->o.mode == TPCH_WRITE_APPEND && n == 0)
    rc = tpch_error_set(err, TPCH_EINVAL, "an append needs at least one data file");
  if (rc == 0) rc = prepare(c);
  int snapshot = rc == 0 && (n > 0 || c->o.mode != TPCH_WRITE_CREATE);
  pmn_try t = {c, info};
  if (snapshot) rc = tpch_commit_retry(try_commit, &t, c->o.max_retries, table_dir, err);
  for (size_t i = 0; c->stats && i < n; i++) {
    tpch_buf_free(&c->stats[i].min);
    tpch_buf_free(&c->stats[i].max);
  }
  free(c->stats);
  ice_json_free(c->entry_schema);
  ice_json_free(c->list_schema);
  ice_json_free(c->prev_metas);
  ice_json_free(c->live);
  free(c);
  return rc;
}

int tpch_paimon_table_check_write(const char *table_dir, const struct ArrowSchema *schema,
                                  tpch_write_mode mode, tpch_error *err) {
  if (table_dir == NULL || table_dir[0] == '\0')
    return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  if (mode != TPCH_WRITE_CREATE && mode != TPCH_WRITE_APPEND && mode != TPCH_WRITE_OVERWRITE)
    return tpch_error_set(err, TPCH_EINVAL, "unknown write mode %d", (int)mode);
  int64_t id = -1;
  int rc = mode == TPCH_WRITE_OVERWRITE ? TPCH_OK : newest_schema(table_dir, &id, err);
  if (rc != TPCH_OK || id < 0) return rc; /* overwrite, or no table yet: the commit creates it */
  if (mode == TPCH_WRITE_CREATE)
    return tpch_error_set(err, TPCH_EEXIST, "table '%s' already exists", table_dir);
  /* an append: the newest schema must be ours and the newest snapshot readable */
  pmn_schema s;
  rc = pmn_schema_from_arrow(schema, &s, err);
  if (rc != TPCH_OK) return rc;
  commit_ctx c;
  memset(&c, 0, sizeof c);
  c.dir = table_dir;
  c.s = &s;
  c.err = err;
  c.o.mode = mode;
  c.schema_id = id;
  rc = check_schema(&c, id);
  if (rc == TPCH_OK) rc = load_latest(&c);
  if (rc == TPCH_EFORMAT || rc == TPCH_EIO || rc == TPCH_EUNSUPPORTED) rc = unreadable(&c, rc);
  ice_json_free(c.prev_metas);
  ice_json_free(c.live);
  pmn_schema_free(&s);
  return rc;
}

void tpch_paimon_writer_options_init(tpch_paimon_writer_options *o) {
  memset(o, 0, sizeof *o);
}

int tpch_paimon_commit(const char *table_dir, const struct ArrowSchema *schema,
                       const tpch_paimon_data_file *files, size_t n, const tpch_paimon_writer_options *opts,
                       tpch_paimon_commit_info *info, tpch_error *err) {
  pmn_schema s;
  if (info) memset(info, 0, sizeof *info);
  int rc = pmn_schema_from_arrow(schema, &s, err);
  if (rc != 0) return rc;
  rc = pmn_commit(table_dir, &s, files, n, opts, info, err);
  pmn_schema_free(&s);
  return rc;
}
