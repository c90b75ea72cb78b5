/*
 * paimon_table_writer.c - tpch_paimon_writer: batches -> Parquet files in
 * TABLE/bucket-0/ -> one snapshot at close (the tpch_writer.h convention).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arrow/arrow_schema.h"
#include "arrow/arrow_stream.h"
#include "format/paimon/paimon_internal.h"
#include "io/sink.h"

struct tpch_paimon_writer {
  char *dir;
  tpch_paimon_writer_options o;
  tpch_parquet_writer_options popts;
  pmn_schema schema;
  struct ArrowSchema arrow; /* own copy: files are opened after create returns */
  char uuid[37];
  tpch_parquet_writer *cur;
  int64_t cur_rows;
  tpch_paimon_data_file *files; /* closed files; names and column infos owned here */
  size_t n_files, cap_files;
  int failed, closed;
};

static int fail(tpch_paimon_writer *w, int rc) {
  if (rc != TPCH_OK && w != NULL) w->failed = 1;
  return rc;
}

static int open_next_file(tpch_paimon_writer *w, tpch_error *err) {
  char path[PATH_MAX];
  int n = snprintf(path, sizeof path, "%s/bucket-0/data-%s-%zu.parquet", w->dir, w->uuid, w->n_files);
  if (n < 0 || (size_t)n >= sizeof path) return tpch_error_set(err, TPCH_EINVAL, "table path too long");
  w->cur_rows = 0;
  return tpch_parquet_writer_create(&w->cur, path, &w->arrow, &w->popts, err);
}

/* Closes the current file and keeps what the manifest needs from it. */
static int finish_file(tpch_paimon_writer *w, tpch_error *err) {
  tpch_parquet_file_info info;
  int rc = tpch_parquet_writer_close(w->cur, err);
  if (rc == 0) rc = tpch_parquet_writer_file_info(w->cur, &info, err);
  if (rc == 0 && w->n_files == w->cap_files) {
    size_t cap = w->cap_files ? w->cap_files * 2 : 8;
    tpch_paimon_data_file *nf = realloc(w->files, cap * sizeof *nf);
    if (nf == NULL) return pmn_oom(err);
    w->files = nf;
    w->cap_files = cap;
  }
  if (rc != 0) return rc;
  tpch_paimon_data_file *f = &w->files[w->n_files];
  char name[96];
  snprintf(name, sizeof name, "data-%s-%zu.parquet", w->uuid, w->n_files);
  f->name = strdup(name);
  if (f->name == NULL) return pmn_oom(err);
  rc = tpch_parquet_file_info_copy(&info, &f->info, err); /* the Parquet writer's info dies with it */
  if (rc != TPCH_OK) {
    free((char *)f->name);
    return rc;
  }
  w->n_files++;
  tpch_parquet_writer_destroy(w->cur);
  w->cur = NULL;
  return TPCH_OK;
}

static void remove_files(tpch_paimon_writer *w) {
  for (size_t i = 0; i < w->n_files; i++) {
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/bucket-0/%s", w->dir, w->files[i].name) < sizeof path)
      unlink(path);
  }
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
    int n = snprintf(p, sizeof p, "%s/bucket-0", path);
    rc = (n < 0 || (size_t)n >= sizeof p) ? tpch_error_set(err, TPCH_EINVAL, "table path too long")
                                          : tpch_mkdirs(p, err);
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
  if (w->cur == NULL) rc = open_next_file(w, err);
  if (rc == 0) rc = tpch_parquet_writer_write(w->cur, batch, err);
  if (rc == 0) {
    w->cur_rows += batch->length;
    if (w->o.target_file_rows > 0 && w->cur_rows >= w->o.target_file_rows) rc = finish_file(w, err);
  }
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
  if (w->cur != NULL) rc = finish_file(w, err);
  tpch_paimon_writer_options o = w->o;
  if (w->n_files == 0 && o.mode == TPCH_WRITE_APPEND) o.mode = TPCH_WRITE_CREATE; /* nothing to add */
  int skip = w->n_files == 0 && o.mode == TPCH_WRITE_CREATE && w->o.mode == TPCH_WRITE_APPEND &&
             pmn_table_exists(w->dir);
  if (rc == 0 && !skip) rc = pmn_commit(w->dir, &w->schema, w->files, w->n_files, &o, NULL, err);
  if (rc == TPCH_ECOMMITTED) { /* the snapshot holds the files: keep them */
    w->closed = 1;
    return rc;
  }
  if (rc != 0) {
    remove_files(w); /* referenced by no snapshot */
    return fail(w, rc);
  }
  w->closed = 1;
  return TPCH_OK;
}

void tpch_paimon_writer_destroy(tpch_paimon_writer *w) {
  if (w == NULL) return;
  tpch_parquet_writer_destroy(w->cur); /* removes a file still being written */
  if (!w->closed) remove_files(w);
  for (size_t i = 0; i < w->n_files; i++) {
    free((char *)w->files[i].name);
    tpch_parquet_file_info_free(&w->files[i].info);
  }
  free(w->files);
  if (w->arrow.release) w->arrow.release(&w->arrow);
  pmn_schema_free(&w->schema);
  free(w->dir);
  free(w);
}
