/*
 * tpcds_gen.h - TPC-DS data, byte-identical to dsdgen 2.10, as Arrow batches.
 *
 *   tpcds_gen *g;             tpcds_gen_create(&g, 1, TPCDS_DATE_DIM, 1, n_rows, &err);
 *   struct ArrowArray batch;  while (tpcds_gen_next(g, 65536, &batch, &err) > 0) { ...;
 * batch.release(&batch); } tpcds_gen_destroy(g);
 *
 * Any row range [first, first + count) can be asked for; the rows are the
 * ones dsdgen writes at those line numbers, so ranges concatenate to the
 * whole table. Only tables for which tpcds_table_available() is 1 are
 * generated: the others are refused (TPCH_EUNSUPPORTED), never approximated.
 *
 * Columns follow the kit's schema: integer -> int32 (surrogate keys *_sk and
 * ticket/order numbers -> int64), decimal(p,s) -> decimal128(p,s), date ->
 * date32, char/varchar -> utf8 (dsdgen's bytes, never padded). Every column
 * but the primary key's is nullable, as in the kit.
 */
#ifndef TPCDS_GEN_H
#define TPCDS_GEN_H

#include <stdint.h>

#include "tpch_arrow.h"
#include "tpch_error.h"

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default) /* public API: exported from libtpchgen.so */

/* dsdgen's table numbering (alphabetical; returns tables are children of
 * their sales tables). */
typedef enum tpcds_table {
  TPCDS_CALL_CENTER = 0,
  TPCDS_CATALOG_PAGE,
  TPCDS_CATALOG_RETURNS,
  TPCDS_CATALOG_SALES,
  TPCDS_CUSTOMER,
  TPCDS_CUSTOMER_ADDRESS,
  TPCDS_CUSTOMER_DEMOGRAPHICS,
  TPCDS_DATE_DIM,
  TPCDS_HOUSEHOLD_DEMOGRAPHICS,
  TPCDS_INCOME_BAND,
  TPCDS_INVENTORY,
  TPCDS_ITEM,
  TPCDS_PROMOTION,
  TPCDS_REASON,
  TPCDS_SHIP_MODE,
  TPCDS_STORE,
  TPCDS_STORE_RETURNS,
  TPCDS_STORE_SALES,
  TPCDS_TIME_DIM,
  TPCDS_WAREHOUSE,
  TPCDS_WEB_PAGE,
  TPCDS_WEB_RETURNS,
  TPCDS_WEB_SALES,
  TPCDS_WEB_SITE,
  TPCDS_TABLE_COUNT
} tpcds_table;

/* "call_center", "date_dim", ... (the .dat base names). */
const char *tpcds_table_name(tpcds_table t);

/* Looks a table up by name. TPCH_EINVAL if unknown. */
int tpcds_table_from_name(const char *name, tpcds_table *out, tpch_error *err);

/* 1 when this build generates `t` byte-identical to dsdgen, else 0. */
int tpcds_table_available(tpcds_table t);

/*
 * Checks a scale factor: an integer from 1 to 100000, as dsdgen accepts.
 * TPCH_EINVAL (with a one-line reason) for anything else.
 */
int tpcds_scale_check(double sf, tpch_error *err);

/* Rows of `t` at integer scale `sf` (dsdgen's get_rowcount, with its
 * interpolation between the published scales). -1 if not known yet. */
int64_t tpcds_table_rows(int sf, tpcds_table t);

/* Number of columns, and name of column i. */
int tpcds_table_columns(tpcds_table t);
const char *tpcds_column_name(tpcds_table t, int i);

/* Fraction digits dsdgen prints for decimal column i (0 for the
 * *_gmt_offset columns, else the scale); -1 for non-decimal columns. */
int tpcds_column_text_digits(tpcds_table t, int i);

/* Exports the table's Arrow schema (a struct of nullable children, NOT NULL
 * key columns non-nullable). The caller owns *out. */
int tpcds_table_schema(tpcds_table t, struct ArrowSchema *out, tpch_error *err);

typedef struct tpcds_gen tpcds_gen;

/*
 * A generator for rows [first_row, first_row + row_count) (1-based) of `t`
 * at scale `sf`. TPCH_EUNSUPPORTED when the table is not available,
 * TPCH_EINVAL for a bad scale or a range outside the table.
 */
int tpcds_gen_create(tpcds_gen **out, int sf, tpcds_table t, int64_t first_row, int64_t row_count,
                     tpch_error *err);

/*
 * Fills *out with up to `max_rows` next rows. Returns the number of rows
 * (> 0), 0 when the range is done (*out untouched), or a negative error.
 * The caller owns *out and must call out->release(out).
 */
int64_t tpcds_gen_next(tpcds_gen *g, int64_t max_rows, struct ArrowArray *out, tpch_error *err);

/* NULL-safe. */
void tpcds_gen_destroy(tpcds_gen *g);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCDS_GEN_H */
