/* data_files.c - a table writer's Parquet data files, one after another. */
#include "data_files.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/files.h"

void tpch_data_files_init(tpch_data_files *f, const char *dir, const struct ArrowSchema *schema,
                          const tpch_parquet_writer_options *popts) {
  memset(f, 0, sizeof *f);
  f->dir = dir;
  f->schema = schema;
  f->popts = popts;
}

int tpch_data_files_open(tpch_data_files *f, const char *name, tpch_error *err) {
  char path[PATH_MAX];
  if (f->cur != NULL) return tpch_error_set(err, TPCH_ESTATE, "a data file is already open");
  int rc = tpch_path_join(path, sizeof path, f->dir, name, err);
  if (rc != TPCH_OK) return rc;
  f->cur_name = strdup(name);
  if (f->cur_name == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  f->cur_rows = 0;
  rc = tpch_parquet_writer_create(&f->cur, path, f->schema, f->popts, err);
  if (rc != TPCH_OK) {
    free(f->cur_name);
    f->cur_name = NULL;
  }
  return rc;
}

int tpch_data_files_write(tpch_data_files *f, const struct ArrowArray *batch, tpch_error *err) {
  if (f->cur == NULL) return tpch_error_set(err, TPCH_ESTATE, "no data file is open");
  int rc = tpch_parquet_writer_write(f->cur, batch, err);
  if (rc == TPCH_OK) f->cur_rows += batch->length;
  return rc;
}

/* Makes room for one more kept file. */
static int grow(tpch_data_files *f, tpch_error *err) {
  if (f->n < f->cap) return TPCH_OK;
  size_t cap = f->cap ? f->cap * 2 : 8;
  char **names = realloc(f->names, cap * sizeof *names);
  if (names != NULL) f->names = names;
  tpch_parquet_file_info *infos = names ? realloc(f->infos, cap * sizeof *infos) : NULL;
  if (infos == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  f->infos = infos;
  f->cap = cap;
  return TPCH_OK;
}

int tpch_data_files_finish(tpch_data_files *f, tpch_error *err) {
  if (f->cur == NULL) return tpch_error_set(err, TPCH_ESTATE, "no data file is open");
  tpch_parquet_file_info info;
  int rc = tpch_parquet_writer_close(f->cur, err);
  int closed = rc == TPCH_OK;
  if (rc == TPCH_OK) rc = tpch_parquet_writer_file_info(f->cur, &info, err);
  if (rc == TPCH_OK) rc = grow(f, err);
  /* the Parquet writer's info dies with it */
  if (rc == TPCH_OK) rc = tpch_parquet_file_info_copy(&info, &f->infos[f->n], err);
  if (rc == TPCH_OK) {
    f->names[f->n++] = f->cur_name;
    f->cur_name = NULL;
  } else if (closed) { /* on the disk but kept by no one: remove it */
    char path[PATH_MAX];
    if (tpch_path_join(path, sizeof path, f->dir, f->cur_name, NULL) == TPCH_OK) unlink(path);
  }
  tpch_parquet_writer_destroy(f->cur);
  f->cur = NULL;
  free(f->cur_name);
  f->cur_name = NULL;
  return rc;
}

void tpch_data_files_remove(const tpch_data_files *f) {
  for (size_t i = 0; i < f->n; i++) {
    char path[PATH_MAX];
    if (tpch_path_join(path, sizeof path, f->dir, f->names[i], NULL) == TPCH_OK) unlink(path);
  }
}

void tpch_data_files_free(tpch_data_files *f) {
  tpch_parquet_writer_destroy(f->cur);
  free(f->cur_name);
  for (size_t i = 0; i < f->n; i++) {
    free(f->names[i]);
    tpch_parquet_file_info_free(&f->infos[i]);
  }
  free(f->names);
  free(f->infos);
  memset(f, 0, sizeof *f);
}
