/*
 * pending.h - records of finished data files that a later commit turns into
 * one table version: how separate processes (--parts N --part K) contribute
 * files to one Iceberg or Paimon snapshot.
 *
 * A record is DIR/<file>.pending beside the data file DIR/<file>: a small
 * text file, one item per line, single spaces (docs/iceberg.md, docs/paimon.md):
 *
 *   tpchgen-pending 1
 *   name <file>
 *   rows <num_rows>
 *   bytes <file_bytes>
 *   row_groups <num_row_groups>
 *   columns <n>
 *   col <num_values> <null_count> <compressed_bytes> <has_min_max> <min_exact> <max_exact> <min> <max>
 *   ...                                 (n "col" lines, in column order)
 *   end
 *
 * <min> and <max> are the Parquet PLAIN statistics bytes in lowercase hex,
 * "-" when absent. A record is written atomically and only after its data
 * file is closed, so it never describes a file still being written; "end"
 * proves it complete.
 */
#ifndef TPCH_FORMAT_COMMON_PENDING_H
#define TPCH_FORMAT_COMMON_PENDING_H

#include <stddef.h>

#include "parquet_writer.h"
#include "tpch_error.h"

/* One record read back. */
typedef struct tpch_pending {
  char *record;                /* the record's file name in DIR ("<name>.pending") */
  char *name;                  /* the data file it describes, in DIR */
  tpch_parquet_file_info info; /* info.columns points at cols */
  tpch_parquet_column_info *cols;
} tpch_pending;

/*
 * Writes DIR/<name>.pending for the closed data file DIR/<name> described by
 * `info`, replacing an older record of the same file. `name` must be a
 * plain file name (no '/', no space or newline, not hidden): TPCH_EINVAL;
 * statistics longer than 64 bytes: TPCH_EINVAL. fsync: 1 to fsync the file
 * and the directory.
 */
int tpch_pending_write(const char *dir, const char *name, const tpch_parquet_file_info *info, int fsync,
                       tpch_error *err);

/*
 * Reads every record in DIR (hidden temporary files skipped) into a new
 * array *out of *n entries, in natural name order ("x-2" before "x-10"), so
 * files named by part number come in part order. A missing DIR is no
 * records. A damaged record, or one that describes another file than the
 * one it sits beside: TPCH_EFORMAT naming it. Free with tpch_pending_free.
 */
int tpch_pending_load(const char *dir, tpch_pending **out, size_t *n, tpch_error *err);

/* Frees what tpch_pending_load returned. NULL is fine. */
void tpch_pending_free(tpch_pending *list, size_t n);

/*
 * After the commit that took them in: removes the `n` records of `list`
 * from DIR (never their data files), then fsyncs DIR when `fsync`.
 * TPCH_EIO only when that fsync fails; the records are gone either way.
 */
int tpch_pending_remove(const char *dir, const tpch_pending *list, size_t n, int fsync, tpch_error *err);

#endif /* TPCH_FORMAT_COMMON_PENDING_H */
