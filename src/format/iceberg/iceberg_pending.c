/*
 * iceberg_pending.c - data files that separate processes (--parts N --part
 * K) leave in TABLE/data/ with a pending record (format/common/pending.h),
 * and the one commit that turns every record into one snapshot.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/common/pending.h"
#include "format/iceberg/iceberg_internal.h"

/* A path a record may describe: data/<name>, no deeper (the name itself is checked by the record). */
static int check_pending_path(const char *p, tpch_error *err) {
  if (p == NULL || strncmp(p, "data/", 5) != 0)
    return tpch_error_set(err, TPCH_EINVAL, "pending data file path '%s' must be data/<name>", p ? p : "");
  return TPCH_OK;
}

static int data_dir(char *out, const char *table_dir, tpch_error *err) {
  int n = snprintf(out, PATH_MAX, "%s/data", table_dir);
  if (n < 0 || n >= PATH_MAX) return tpch_error_set(err, TPCH_EINVAL, "path too long under '%s'", table_dir);
  return TPCH_OK;
}

int tpch_iceberg_pending_write(const char *table_dir, const tpch_iceberg_data_file *file,
                               const tpch_iceberg_writer_options *opts, tpch_error *err) {
  if (table_dir == NULL || file == NULL) return tpch_error_set(err, TPCH_EINVAL, "no table or file given");
  char dir[PATH_MAX];
  int rc = check_pending_path(file->path, err);
  if (rc == TPCH_OK) rc = data_dir(dir, table_dir, err);
  if (rc == TPCH_OK) rc = tpch_pending_write(dir, file->path + 5, &file->info, !opts || !opts->no_fsync, err);
  return rc;
}

int tpch_iceberg_commit_pending(const char *table_dir, const struct ArrowSchema *schema,
                                const tpch_iceberg_writer_options *opts, tpch_iceberg_commit_info *info,
                                tpch_error *err) {
  if (table_dir == NULL) return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  char dir[PATH_MAX];
  int rc = data_dir(dir, table_dir, err);
  tpch_pending *list = NULL;
  size_t count = 0;
  if (rc == TPCH_OK) rc = tpch_pending_load(dir, &list, &count, err);
  if (rc == TPCH_OK && count == 0 && (opts == NULL || opts->mode != TPCH_WRITE_CREATE))
    rc = tpch_error_set(err, TPCH_EINVAL, "no pending data files in '%s'", dir);
  tpch_iceberg_data_file *files = rc == TPCH_OK ? calloc(count + 1, sizeof *files) : NULL;
  char **paths = rc == TPCH_OK ? calloc(count + 1, sizeof *paths) : NULL;
  if (rc == TPCH_OK && (files == NULL || paths == NULL)) rc = ice_oom(err);
  for (size_t i = 0; rc == TPCH_OK && files && paths && i < count; i++) {
    size_t len = strlen(list[i].name) + 6;
    if ((paths[i] = malloc(len)) == NULL) {
      rc = ice_oom(err);
      break;
    }
    snprintf(paths[i], len, "data/%s", list[i].name);
    files[i].path = paths[i];
    files[i].info = list[i].info;
  }
  if (rc == TPCH_OK) rc = tpch_iceberg_commit(table_dir, schema, files, count, opts, info, err);
  /* the commit has landed (maybe with a warning): the records have done their job */
  if (rc == TPCH_OK || rc == TPCH_ECOMMITTED) {
    tpch_error serr;
    int fsync = opts == NULL || !opts->no_fsync;
    if (tpch_pending_remove(dir, list, count, fsync, &serr) != TPCH_OK && rc == TPCH_OK)
      rc = tpch_error_set(err, TPCH_ECOMMITTED, "the table is committed, but %s", serr.message);
  }
  for (size_t i = 0; paths && i < count; i++)
    free(paths[i]);
  free(paths);
  free(files);
  tpch_pending_free(list, count);
  return rc;
}
