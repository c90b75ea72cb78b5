/*
 * ds_tables.h - how each TPC-DS table is built: dsdgen's stream range,
 * NULL rules, row count and a row builder per table.
 */
#ifndef TPCDS_DS_TABLES_H
#define TPCDS_DS_TABLES_H

#include <stdint.h>

#include "ds_core.h"
#include "ds_row.h"
#include "tpcds_gen.h"

/* What a slowly-changing dimension carries from one row to the next, as
 * dsdgen's static row and "old values" structs do: values a revision
 * keeps (old_i, old_s), fields set only on a business key's first row
 * (keep_i, keep_s, addr). */
typedef struct ds_scd {
  int64_t old_i[16];
  char old_s[8][256];
  int old_len[8];
  int64_t keep_i[8];
  char keep_s[2][64];
  int keep_len[2];
  ds_address addr;
} ds_scd;

typedef struct ds_ctx {
  ds_rng rng;
  int sf;
  ds_scd scd;
} ds_ctx;

typedef void (*ds_builder)(ds_ctx *c, int64_t row, ds_row *out);

typedef struct ds_table_info {
  int first_stream, last_stream;
  int null_pct;     /* basis points of rows that get NULLs */
  int64_t not_null; /* bits (stream - first) that are never NULL */
  int nulls_stream; /* stream nullSet draws from */
  ds_builder build; /* NULL: not implemented yet */
  /* 1: ds_rng_seek reproduces any start row; 2: it does at the first row
   * of a business key (type-2 tables carry values between revisions), so
   * a range starts there; 0: only a run from row 1 does */
  int seekable;
} ds_table_info;

extern const ds_table_info ds_table_infos[TPCDS_TABLE_COUNT];

/* dsdgen's nullSet: two draws from the table's NULLs stream. */
void ds_null_set(ds_ctx *c, const ds_table_info *ti, ds_row *out);

/* Row count of dsdgen table id `t` (0..24) at integer scale `sf`. */
int64_t ds_rowcount(int sf, int t);

#endif /* TPCDS_DS_TABLES_H */
