/*
 * iceberg_table_writer.c - the streaming writer: batches -> Parquet files in
 * TABLE/data/ -> one commit at close. Built only from the public pieces
 * (tpch_parquet_writer, tpch_iceberg_schema, the commit), so it is also an example of
 * how a caller combines them.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_schema.h"
#include "arrow/arrow_stream.h"
#include "format/common/data_files.h"
#include "format/iceberg/iceberg_internal.h"
#include "io/files.h"
#include "io/sink.h"
#include "io/random.h"

struct tpch_iceberg_writer {
  char *table_dir;
  tpch_iceberg_writer_options opts;
  tpch_parquet_writer_options popts;
  tpch_iceberg_schema *schema;
  struct ArrowSchema arrow; /* our own copy: new files are opened after create returns */
  char uuid[37];
  tpch_data_files files; /* names relative to the table directory: data/... */
  char **properties;     /* deep copy of opts.properties */
  int failed, closed;
  tpch_iceberg_commit_info info; /* what close committed */
};

int tpch_iceberg_table_latest_version(const char *table_dir, int64_t *version, tpch_error *err) {
  char dir[PATH_MAX];
  if (table_dir == NULL || version == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "NULL table path or version");
  *version = 0;
  int rc = tpch_path_join(dir, sizeof dir, table_dir, "metadata", err);
  return rc != TPCH_OK ? rc : ice_latest_version(dir, version, err);
}

/* ---- files -------------------------------------------------------------------- */

static int open_next_file(tpch_iceberg_writer *w, tpch_error *err) {
  char rel[96];
  snprintf(rel, sizeof rel, "data/%05zu-%s.parquet", w->files.n, w->uuid);
  return tpch_data_files_open(&w->files, rel, err);
}

static int copy_properties(tpch_iceberg_writer *w, tpch_error *err) {
  size_t n = 0;
  const char *const *p = w->opts.properties;
  while (p && p[n])
    n++;
  w->opts.properties = NULL;
  if (n == 0) return TPCH_OK;
  w->properties = calloc(n + 1, sizeof *w->properties);
  if (w->properties == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++)
    if ((w->properties[i] = strdup(p[i])) == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  w->opts.properties = (const char *const *)w->properties;
  return TPCH_OK;
}

/* ---- public API ------------------------------------------------------------- */

int tpch_iceberg_writer_create(tpch_iceberg_writer **out, const char *table_dir,
                               const struct ArrowSchema *schema, const tpch_iceberg_writer_options *opts,
                               tpch_error *err) {
  if (out == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL writer pointer");
  *out = NULL;
  if (table_dir == NULL || table_dir[0] == '\0')
    return tpch_error_set(err, TPCH_EINVAL, "no table directory");
  tpch_iceberg_writer *w = calloc(1, sizeof *w);
  if (w == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (opts)
    w->opts = *opts;
  else
    tpch_iceberg_writer_options_init(&w->opts);
  if (w->opts.parquet)
    w->popts = *w->opts.parquet;
  else
    tpch_parquet_writer_options_init(&w->popts);
  w->opts.parquet = NULL;           /* not the caller's: it may be gone after create */
  int rc = copy_properties(w, err); /* the commit happens after create returns */
  if (rc == 0) rc = tpch_iceberg_schema_create(&w->schema, schema, err);
  if (rc == 0) {
    tpch_iceberg_schema_parquet_options(w->schema, &w->popts);
    if (w->opts.sorted && (w->opts.sort_column < 0 || w->opts.sort_column >= (int64_t)w->schema->n))
      rc = tpch_error_set(err, TPCH_EINVAL, "sort column past the last column");
    w->popts.sorted = w->opts.sorted;
    w->popts.sort_column = w->opts.sort_column;
    if (w->opts.no_fsync) w->popts.no_fsync = 1;
  }
  if (rc == 0) {
    rc = tpch_arrow_schema_copy(&w->arrow, schema, err);
  }
  w->table_dir = rc == 0 ? strdup(table_dir) : NULL;
  if (rc == 0 && w->table_dir == NULL) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  tpch_data_files_init(&w->files, w->table_dir, &w->arrow, &w->popts);
  char dir[PATH_MAX];
  if (rc == 0 && (size_t)snprintf(dir, sizeof dir, "%s/metadata", table_dir) >= sizeof dir)
    rc = tpch_error_set(err, TPCH_EINVAL, "table path too long");
  int64_t version = 0;
  if (rc == 0) rc = ice_latest_version(dir, &version, err);
  if (rc == 0 && version > 0 && w->opts.mode == TPCH_WRITE_CREATE)
    rc = tpch_error_set(err, TPCH_EEXIST, "table '%s' already exists", table_dir);
  if (rc == 0) rc = tpch_uuid4(w->uuid, err);
  if (rc == 0 && (size_t)snprintf(dir, sizeof dir, "%s/data", table_dir) >= sizeof dir)
    rc = tpch_error_set(err, TPCH_EINVAL, "table path too long");
  if (rc == 0) rc = tpch_mkdirs(dir, err);
  if (rc == 0) rc = open_next_file(w, err);
  if (rc != 0) {
    tpch_iceberg_writer_destroy(w);
    return rc;
  }
  *out = w;
  return TPCH_OK;
}

int tpch_iceberg_writer_write(tpch_iceberg_writer *w, const struct ArrowArray *batch, tpch_error *err) {
  if (w == NULL || batch == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL writer or batch");
  if (w->failed || w->closed)
    return tpch_error_set(err, TPCH_ESTATE, "the Iceberg writer is closed or failed");
  int rc = TPCH_OK;
  /* files end at batch boundaries, once they hold target_file_rows */
  if (w->opts.target_file_rows > 0 && w->files.cur_rows >= w->opts.target_file_rows) {
    rc = tpch_data_files_finish(&w->files, err);
    if (rc == 0) rc = open_next_file(w, err);
  }
  if (rc == 0) rc = tpch_data_files_write(&w->files, batch, err);
  if (rc != 0) w->failed = 1; /* every failure is final (tpch_writer.h) */
  return rc;
}

static int write_one(void *w, const struct ArrowArray *batch, tpch_error *err) {
  return tpch_iceberg_writer_write(w, batch, err);
}

int tpch_iceberg_writer_write_stream(tpch_iceberg_writer *w, struct ArrowArrayStream *stream,
                                     tpch_error *err) {
  if (w == NULL || w->failed || w->closed) {
    if (stream && stream->release) stream->release(stream);
    if (w == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL writer");
    return tpch_error_set(err, TPCH_ESTATE, "the Iceberg writer is closed or failed");
  }
  int rc = tpch_arrow_stream_consume(stream, &w->arrow, write_one, w, err);
  if (rc != TPCH_OK) w->failed = 1;
  return rc;
}

int tpch_iceberg_writer_close(tpch_iceberg_writer *w, tpch_error *err) {
  if (w == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL writer");
  if (w->failed || w->closed)
    return tpch_error_set(err, TPCH_ESTATE, "the Iceberg writer is closed or failed");
  int rc = tpch_data_files_finish(&w->files, err);
  size_t n = w->files.n;
  tpch_iceberg_data_file *files = NULL;
  if (rc == 0) {
    files = calloc(n + 1, sizeof *files);
    if (files == NULL)
      rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    else
      for (size_t i = 0; i < n; i++)
        files[i] = (tpch_iceberg_data_file){w->files.names[i], w->files.infos[i]};
  }
  if (rc == 0) rc = ice_commit_files(w->table_dir, w->schema, files, n, &w->opts, &w->info, err);
  free(files);
  if (rc == 0 || rc == TPCH_ECOMMITTED) /* the version references the files now */
    w->closed = 1;
  else
    w->failed = 1;
  return rc;
}

int tpch_iceberg_writer_commit_info(const tpch_iceberg_writer *w, tpch_iceberg_commit_info *info,
                                    tpch_error *err) {
  if (w == NULL || info == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL writer or info");
  if (!w->closed) return tpch_error_set(err, TPCH_ESTATE, "the Iceberg writer has not committed");
  *info = w->info;
  return TPCH_OK;
}

void tpch_iceberg_writer_destroy(tpch_iceberg_writer *w) {
  if (w == NULL) return;
  if (!w->closed) tpch_data_files_remove(&w->files); /* never committed: nothing references them */
  tpch_data_files_free(&w->files);
  for (size_t i = 0; w->properties && w->properties[i]; i++)
    free(w->properties[i]);
  free(w->properties);
  if (w->arrow.release) w->arrow.release(&w->arrow);
  tpch_iceberg_schema_destroy(w->schema);
  free(w->table_dir);
  free(w);
}
