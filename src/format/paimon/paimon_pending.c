/*
 * paimon_pending.c - data files that separate processes (--parts N --part
 * K) leave in TABLE/bucket-0/ with a pending record (format/common/pending.h),
 * and the one commit that turns every record into one snapshot.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/common/pending.h"
#include "format/paimon/paimon_internal.h"

static int bucket_dir(char *out, const char *table_dir, tpch_error *err) {
  int n = snprintf(out, PATH_MAX, "%s/bucket-0", table_dir);
  if (n < 0 || n >= PATH_MAX) return tpch_error_set(err, TPCH_EINVAL, "path too long under '%s'", table_dir);
  return TPCH_OK;
}

int tpch_paimon_pending_write(const char *table_dir, const tpch_paimon_data_file *file,
                              const tpch_paimon_writer_options *opts, tpch_error *err) {
  if (table_dir == NULL || file == NULL) return tpch_error_set(err, TPCH_EINVAL, "no table or file given");
  const tpch_parquet_file_info *in = &file->info;
  if (in->num_columns <= 0 || in->num_columns > PMN_MAX_COLUMNS || in->columns == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "data file info has no columns");
  char dir[PATH_MAX];
  int rc = bucket_dir(dir, table_dir, err);
  if (rc == TPCH_OK) rc = tpch_pending_write(dir, file->name, in, !opts || !opts->no_fsync, err);
  return rc;
}

int tpch_paimon_commit_pending(const char *table_dir, const struct ArrowSchema *schema,
                               const tpch_paimon_writer_options *opts, tpch_paimon_commit_info *info,
                               tpch_error *err) {
  if (info) memset(info, 0, sizeof *info);
  if (table_dir == NULL) return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  char dir[PATH_MAX];
  int rc = bucket_dir(dir, table_dir, err);
  tpch_pending *list = NULL;
  size_t count = 0;
  if (rc == TPCH_OK) rc = tpch_pending_load(dir, &list, &count, err);
  if (rc == TPCH_OK && count == 0)
    rc = tpch_error_set(err, TPCH_EINVAL, "no pending data files in '%s'", dir);
  tpch_paimon_data_file *files = rc == TPCH_OK ? calloc(count + 1, sizeof *files) : NULL;
  if (rc == TPCH_OK && files == NULL) rc = pmn_oom(err);
  for (size_t i = 0; rc == TPCH_OK && files && i < count; i++) {
    files[i].name = list[i].name;
    files[i].info = list[i].info;
  }
  tpch_paimon_writer_options o;
  if (opts)
    o = *opts;
  else
    tpch_paimon_writer_options_init(&o);
  if (o.mode == TPCH_WRITE_CREATE) o.mode = TPCH_WRITE_APPEND; /* parts add to whatever the table holds */
  if (rc == TPCH_OK) rc = tpch_paimon_commit(table_dir, schema, files, count, &o, info, err);
  /* the snapshot has landed (maybe with a warning): the records have done their job */
  if (rc == TPCH_OK || rc == TPCH_ECOMMITTED) {
    tpch_error serr;
    if (tpch_pending_remove(dir, list, count, !o.no_fsync, &serr) != TPCH_OK && rc == TPCH_OK)
      rc = tpch_error_set(err, TPCH_ECOMMITTED, "the table is committed, but %s", serr.message);
  }
  free(files);
  tpch_pending_free(list, count);
  return rc;
}
