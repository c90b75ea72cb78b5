/*
 * parts.h - part bookkeeping of Iceberg and Paimon tables written with
 * --parts N --part K, from the data file names: each part's file is named
 * <prefix>K-of-N-<random>... (K and N five digits) in the table's data
 * directory, with a ".pending" record beside it until `tpchgen commit`
 * commits it. Files named otherwise (older runs) take no part in the checks.
 */
#ifndef TPCH_CLI_PARTS_H
#define TPCH_CLI_PARTS_H

#include <stddef.h>
#include <stdint.h>

#include "tpch_error.h"

/* Where a format keeps the files of its parts and how it names them. */
typedef struct part_layout {
  const char *data_dir; /* inside the table: "data" (Iceberg), "bucket-0" (Paimon) */
  const char *prefix;   /* file names start <prefix>K-of-N- */
  const char *suffix;   /* and end <random><suffix> */
  /* the data files the table's newest version reads (any path; the base
   * name counts), *n = 0 for a table without one; freed by free_files */
  int (*committed)(const char *table_dir, char ***files, size_t *n, tpch_error *err);
  void (*free_files)(char **files, size_t n);
} part_layout;

extern const part_layout iceberg_parts; /* data/part-K-of-N-<random>.parquet */
extern const part_layout paimon_parts;  /* bucket-0/data-part-K-of-N-<random>-0.parquet */

/* The file name (no directory) of part K of N with the random tag `r`. */
void part_file_name(const part_layout *l, int k, int n, uint32_t r, char *out, size_t cap);

/*
 * Before part K of N writes anything into TABLE_DIR: TPCH_EINVAL when the
 * table holds (pending or committed) parts of another N, TPCH_EEXIST when
 * part K is already committed and `overwrite` is 0. With `overwrite` a
 * table whose newest version cannot be read counts as holding no parts.
 * Then, when part K is already pending: TPCH_EEXIST without `overwrite`;
 * with it, the pending file and its record are removed (the run replaces
 * them). `table` names the table in messages.
 */
int part_check_write(const part_layout *l, const char *table_dir, const char *table, int k, int n,
                     int overwrite, tpch_error *err);

/*
 * Before `tpchgen commit`: the pending parts must share one N with the
 * committed ones, none may be pending twice, none may be committed already
 * (unless `overwrite`, which replaces the table's rows), and together they
 * must be parts 1..N (pending alone with `overwrite`) unless `partial`.
 * With `overwrite` a table whose newest version cannot be read counts as
 * holding no parts.
 */
int part_check_commit(const part_layout *l, const char *table_dir, int overwrite, int partial,
                      tpch_error *err);

#endif
