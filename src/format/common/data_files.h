/*
 * data_files.h - the data files of a table writer (Iceberg, Paimon): Parquet
 * files written one after another into one directory, each closed with the
 * statistics its commit records. The caller names the files and decides
 * when one ends; until a commit references them they are the caller's to
 * remove (tpch_data_files_remove).
 */
#ifndef TPCH_FORMAT_COMMON_DATA_FILES_H
#define TPCH_FORMAT_COMMON_DATA_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "parquet_writer.h"
#include "tpch_arrow.h"
#include "tpch_error.h"

typedef struct tpch_data_files {
  const char *dir;                          /* borrowed: where the files go */
  const struct ArrowSchema *schema;         /* borrowed: every file's schema */
  const tpch_parquet_writer_options *popts; /* borrowed: every file's options */
  tpch_parquet_writer *cur;                 /* the open file, or NULL */
  char *cur_name;
  int64_t cur_rows;              /* rows written to the open file */
  char **names;                  /* closed files, relative to dir */
  tpch_parquet_file_info *infos; /* theirs, owned copies */
  size_t n, cap;
} tpch_data_files;

/* An empty list over `dir`; the three pointers must outlive it. */
void tpch_data_files_init(tpch_data_files *f, const char *dir, const struct ArrowSchema *schema,
                          const tpch_parquet_writer_options *popts);

/* Opens dir/name as the current file (none may be open). */
int tpch_data_files_open(tpch_data_files *f, const char *name, tpch_error *err);

/* Writes a batch to the current file. */
int tpch_data_files_write(tpch_data_files *f, const struct ArrowArray *batch, tpch_error *err);

/* Closes the current file and keeps its name and statistics (names[n - 1],
 * infos[n - 1]). On failure the file is gone and nothing is kept. */
int tpch_data_files_finish(tpch_data_files *f, tpch_error *err);

/* Removes every kept file from the disk (for files no commit references). */
void tpch_data_files_remove(const tpch_data_files *f);

/* Frees everything; an open file is abandoned (the Parquet writer removes
 * it), kept files stay on the disk. */
void tpch_data_files_free(tpch_data_files *f);

#endif /* TPCH_FORMAT_COMMON_DATA_FILES_H */
