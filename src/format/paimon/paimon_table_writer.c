/*
 * paimon_table_writer.c - tpch_paimon_writer: batches -> Parquet files in
 * TABLE/bucket-0/ -> one snapshot at close (the tpch_writer.h convention).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_schema.h"
#include "arrow/arrow_stream.h"
#include "format/common/data_files.h"
#include "format/paimon/paimon_internal.h"
#include "io/sink.h"

struct tpch_paimon_writer {
  char *dir;
  tpch_paimon_writer_options o;
  tpch_parquet_writer_options popts;
  pmn_schema schema;
  struct ArrowSchema arrow; /* own copy: files are opened after create returns */
  char *bucket;             /* TABLE/bucket-0, where the data files go */
  char uuid[37];
  tpch_data_files files; /* names inside bucket-0/ */
  int failed, closed;
};

static int fail(tpch_paimon_writer *w, int rc) {
  if (rc != TPCH_OK && w != NULL) w->failed = 1;
  return rc;
}

static int open_next_file(tpch_paimon_writer *w, tpch_error *err) {
  char name[96];
  snprintf(name, sizeof name, "data-%s-%zu.parquet", w->uuid, w->files.n);
  return tpch_data_files_open(&w->files, name, err);
}

int tpch_paimon_writer_create(tpch_paimon_writer **out, const char *path, const struct ArrowSchema *schema,
                              const tpch_paimon_writer_options *opts, tpch_error *err) {
  if (out == NULL) return tpch_error_set(err, TPCH_EINVAL, "out is NULL");
  *out = NULL;
  if (path == NULL || path[0] == '\0') return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  tpch_paimon_writer *w = calloc(1, sizeof *w);
  if (w == NULL) return pmn_oom(err);
  if (opts)
    w->o = *opts;
  else
    tpch_paimon_writer_options_init(&w->o);
  if (w->o.parquet)
    w->popts = *w->o.parquet;
  else
    tpch_parquet_writer_options_init(&w->popts);
  w->o.parquet = NULL;
  w->o.commit_user = NULL; /* not retained past create: commits use a random user */
  w->popts.mode = TPCH_WRITE_CREATE;
  w->popts.no_fsync = w->o.no_fsync;
  int rc = TPCH_OK;
  if (w->o.mode != TPCH_WRITE_CREATE && w->o.mode != TPCH_WRITE_APPEND && w->o.mode != TPCH_WRITE_OVERWRITE)
    rc = tpch_error_set(err, TPCH_EINVAL, "unknown write mode %d", (int)w->o.mode);
  if (rc == 0) rc = pmn_schema_from_arrow(schema, &w->schema, err);
  if (rc == 0) {
    tpch_paimon_parquet_options(w->schema.n, &w->popts);
    w->dir = strdup(path);
    if (w->dir == NULL) rc = pmn_oom(err);
  }
  if (rc == 0) rc = tpch_arrow_schema_copy(&w->arrow, schema, err);
  if (rc == 0 && w->o.mode == TPCH_WRITE_CREATE && pmn_table_exists(path))
    rc = tpch_error_set(err, TPCH_EEXIST, "table '%s' already exists", path);
  if (rc == 0) rc = tpch_uuid4(w->uuid, err);
  if (rc == 0) {
    char p[PATH_MAX];
    rc = tpch_path_join(p, sizeof p, path, "bucket-0", err);
    if (rc == 0) rc = tpch_mkdirs(p, err);
    if (rc == 0 && (w->bucket = strdup(p)) == NULL) rc = pmn_oom(err);
    tpch_data_files_init(&w->files, w->bucket, &w->arrow, &w->popts);
  }
  if (rc != 0) {
    tpch_paimon_writer_destroy(w);
    return rc;
  }
  *out = w;
  return TPCH_OK;
}

int tpch_paimon_writer_write(tpch_paimon_writer *w, const struct ArrowArray *batch, tpch_error *err) {
  if (w == NULL || batch == NULL) return tpch_error_set(err, TPCH_EINVAL, "writer or batch is NULL");
  if (w->failed || w->closed) return tpch_error_set(err, TPCH_ESTATE, "the writer is closed or has failed");
  int rc = TPCH_OK;
  if (w->files.cur == NULL) rc = open_next_file(w, err);
  if (rc == 0) rc = tpch_data_files_write(&w->files, batch, err);
  if (rc == 0 && w->o.target_file_rows > 0 && w->files.cur_rows >= w->o.target_file_rows)
    rc = tpch_data_files_finish(&w->files, err);
  return fail(w, rc);
}

static int write_one(void *w, const struct ArrowArray *batch, tpch_error *err) {
  return tpch_paimon_writer_write(w, batch, err);
}

int tpch_paimon_writer_write_stream(tpch_paimon_writer *w, struct ArrowArrayStream *s, tpch_error *err) {
  if (w == NULL || w->failed || w->closed) {
    if (s && s->release) s->release(s);
    if (w == NULL) return tpch_error_set(err, TPCH_EINVAL, "writer is NULL");
    return tpch_error_set(err, TPCH_ESTATE, "the writer is closed or has failed");
  }
  return fail(w, tpch_arrow_stream_consume(s, &w->arrow, write_one, w, err));
}

int tpch_paimon_writer_close(tpch_paimon_writer *w, tpch_error *err) {
  if (w == NULL) return tpch_error_set(err, TPCH_EINVAL, "writer is NULL");
  if (w->failed || w->closed) return tpch_error_set(err, TPCH_ESTATE, "the writer is closed or has failed");
  int rc = TPCH_OK;
  if (w->files.cur != NULL) rc = tpch_data_files_finish(&w->files, err);
  size_t n = w->files.n;
  tpch_paimon_writer_options o = w->o;
  if (n == 0 && o.mode == TPCH_WRITE_APPEND) o.mode = TPCH_WRITE_CREATE; /* nothing to add */
  int skip =
      n == 0 && o.mode == TPCH_WRITE_CREATE && w->o.mode == TPCH_WRITE_APPEND && pmn_table_exists(w->dir);
  tpch_paimon_data_file *files = NULL;
  if (rc == 0 && !skip) {
    files = calloc(n + 1, sizeof *files);
    if (files == NULL)
      rc = pmn_oom(err);
    else
      for (size_t i = 0; i < n; i++)
        files[i] = (tpch_paimon_data_file){w->files.names[i], w->files.infos[i]};
  }
  if (rc == 0 && !skip) rc = pmn_commit(w->dir, &w->schema, files, n, &o, NULL, err);
  free(files);
  if (rc == TPCH_ECOMMITTED) { /* the snapshot holds the files: keep them */
    w->closed = 1;
    return rc;
  }
  if (rc != 0) {
    tpch_data_files_remove(&w->files); /* referenced by no snapshot */
    return fail(w, rc);
  }
  w->closed = 1;
  return TPCH_OK;
}

void tpch_paimon_writer_destroy(tpch_paimon_writer *w) {
  if (w == NULL) return;
  if (!w->closed) tpch_data_files_remove(&w->files);
  tpch_data_files_free(&w->files); /* removes a file still being written */
  if (w->arrow.release) w->arrow.release(&w->arrow);
  pmn_schema_free(&w->schema);
  free(w->dir);
  free(w->bucket);
  free(w);
}
