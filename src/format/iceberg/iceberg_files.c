/*
 * iceberg_files.c - which data files the newest version of a local table
 * reads: its current snapshot's manifest list -> manifests -> live entries.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/iceberg/iceberg_internal.h"
#include "io/files.h"

typedef struct file_list {
  char **paths;
  size_t n, cap;
} file_list;

static int list_add(file_list *l, const char *p, size_t len) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    char **np = realloc(l->paths, cap * sizeof *np);
    if (np == NULL) return TPCH_ENOMEM;
    l->paths = np;
    l->cap = cap;
  }
  char *s = malloc(len + 1);
  if (s == NULL) return TPCH_ENOMEM;
  memcpy(s, p, len);
  s[len] = '\0';
  l->paths[l->n++] = s;
  return TPCH_OK;
}

/* Parses a small JSON or Avro file of the table at `rel` (under table_dir). */
static int read_at(const char *table_dir, const char *rel, tpch_buf *b, tpch_error *err) {
  char path[PATH_MAX];
  int rc = tpch_path_join(path, sizeof path, table_dir, rel, err);
  return rc == 0 ? tpch_read_file(path, b, err) : rc;
}

/* The part of `uri` after "<location>/", or NULL when it is elsewhere. */
static const char *under(const char *uri, const char *loc, size_t ll) {
  return uri && strncmp(uri, loc, ll) == 0 && uri[ll] == '/' ? uri + ll + 1 : NULL;
}

static int read_avro(const char *table_dir, const char *rel, ice_avro_file *out, tpch_error *err) {
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = read_at(table_dir, rel, &b, err);
  if (rc == 0 && (rc = ice_avro_read(b.data, b.len, out, err)) != 0 && err) {
    char why[TPCH_ERROR_MESSAGE_SIZE];
    snprintf(why, sizeof why, "%s", err->message);
    tpch_error_set(err, rc, "'%s/%s': %s", table_dir, rel, why);
  }
  tpch_buf_free(&b);
  return rc;
}

static int collect(const char *table_dir, const ice_json *meta, file_list *l, tpch_error *err) {
  const char *loc = ice_json_get_str(meta, "location");
  int64_t cur = -1;
  if (loc == NULL)
    return tpch_error_set(err, TPCH_EFORMAT, "the metadata of '%s' has no location", table_dir);
  size_t ll = strlen(loc);
  while (ll > 1 && loc[ll - 1] == '/')
    ll--;
  if (!ice_json_int64(ice_json_get(meta, "current-snapshot-id"), &cur) || cur < 0) return TPCH_OK;
  const ice_json *snaps = ice_json_get(meta, "snapshots"), *snap = NULL;
  for (size_t i = 0; snaps && snaps->kind == ICE_JSON_ARRAY && i < snaps->n; i++) {
    int64_t id;
    if (ice_json_int64(ice_json_get(snaps->items[i], "snapshot-id"), &id) && id == cur)
      snap = snaps->items[i];
  }
  if (snap == NULL)
    return tpch_error_set(err, TPCH_EFORMAT, "'%s' names current snapshot %lld, which it does not hold",
                          table_dir, (long long)cur);
  const char *list_rel = under(ice_json_get_str(snap, "manifest-list"), loc, ll);
  if (list_rel == NULL)
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "'%s' lists manifests outside its location", table_dir);
  ice_avro_file list = {0};
  int rc = read_avro(table_dir, list_rel, &list, err);
  for (size_t m = 0; rc == 0 && list.records && m < list.records->n; m++) {
    const char *man_rel = under(ice_json_get_str(list.records->items[m], "manifest_path"), loc, ll);
    if (man_rel == NULL) {
      rc = tpch_error_set(err, TPCH_EUNSUPPORTED, "'%s' has a manifest outside its location", table_dir);
      break;
    }
    ice_avro_file man = {0};
    rc = read_avro(table_dir, man_rel, &man, err);
    for (size_t e = 0; rc == 0 && man.records && e < man.records->n; e++) {
      const ice_json *entry = man.records->items[e];
      int64_t status = 0;
      const char *p = ice_json_get_str(ice_json_get(entry, "data_file"), "file_path");
      if (p == NULL || (ice_json_int64(ice_json_get(entry, "status"), &status) && status == 2)) continue;
      const char *rel = under(p, loc, ll);
      if (rel == NULL) rel = p;
      if (list_add(l, rel, strlen(rel)) != 0) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    }
    ice_avro_file_free(&man);
  }
  ice_avro_file_free(&list);
  return rc;
}

int tpch_iceberg_table_files(const char *table_dir, char ***paths, size_t *n, tpch_error *err) {
  *paths = NULL;
  *n = 0;
  if (table_dir == NULL) return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  char meta_dir[PATH_MAX], name[64];
  int64_t version = 0;
  int rc = tpch_path_join(meta_dir, sizeof meta_dir, table_dir, "metadata", err);
  if (rc == 0) rc = ice_latest_version(meta_dir, &version, err);
  if (rc != 0 || version == 0) return rc;
  snprintf(name, sizeof name, "metadata/v%lld.metadata.json", (long long)version);
  tpch_buf b;
  tpch_buf_init(&b);
  ice_json *meta = NULL;
  rc = read_at(table_dir, name, &b, err);
  if (rc == 0) rc = ice_json_parse((const char *)b.data, b.len, &meta, err);
  tpch_buf_free(&b);
  file_list l = {0};
  if (rc == 0) rc = collect(table_dir, meta, &l, err);
  ice_json_free(meta);
  if (rc != 0) {
    tpch_iceberg_free_paths(l.paths, l.n);
    return rc;
  }
  *paths = l.paths;
  *n = l.n;
  return TPCH_OK;
}

void tpch_iceberg_free_paths(char **paths, size_t n) {
  for (size_t i = 0; paths && i < n; i++)
    free(paths[i]);
  free(paths);
}
