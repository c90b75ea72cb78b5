/*
 * iceberg_parts.h - part bookkeeping of Iceberg tables written with
 * --parts N --part K, from the data file names (part-K-of-N-*.parquet).
 */
#ifndef TPCH_CLI_ICEBERG_PARTS_H
#define TPCH_CLI_ICEBERG_PARTS_H

#include "tpch_error.h"

/* Before part K of N writes anything into TABLE_DIR: TPCH_EINVAL when the
 * table holds (pending or committed) parts of another N, TPCH_EEXIST when
 * part K is already committed and `overwrite` is 0. */
int iceberg_part_check(const char *table_dir, int k, int n, int overwrite, tpch_error *err);

/* Before `tpchgen commit`: the pending parts must share one N with the
 * committed ones, none may be pending twice, none may be committed already
 * (unless `overwrite`, which replaces the table), and together they must be
 * parts 1..N (pending alone with `overwrite`) unless `partial`. */
int iceberg_commit_check(const char *table_dir, int overwrite, int partial, tpch_error *err);

#endif
