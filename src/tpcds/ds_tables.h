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

/* dsdgen table ids whose row counts a builder may ask for (the 24 tables
 * and the pseudo tables up to active_states). */
#define DS_COUNTED_TABLES (DST_ACTIVE_STATES + 1)

typedef struct ds_ctx {
  ds_rng rng;
  double sf;                       /* a whole number from 1, or a fraction in [0.01, 1) */
  int64_t rows[DS_COUNTED_TABLES]; /* ds_rowcount(sf, t), looked up once */
  int64_t ids[DS_COUNTED_TABLES];  /* ds_id_count(sf, t) */
  ds_scd scd;
} ds_ctx;

/* Sets up a context for scale `sf`: streams at their initial seeds, the
 * row counts looked up. */
void ds_ctx_init(ds_ctx *c, double sf);

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

/* Row count of dsdgen table id `t` (0..24, and the pseudo tables) at scale
 * `sf`: dsdgen's at a whole scale; below 1 the SF 1 count scaled down
 * (docs/tpcds.md, "Fractional scales"). */
int64_t ds_rowcount(double sf, int t);

/* Business keys of dsdgen table `t` (getIDCount): the row count, or for a
 * type-2 table the number of distinct business keys among its rows. */
int64_t ds_id_count(double sf, int t);

/* genrand_key(DIST_UNIFORM): min + next % (max - min + 1), in int. */
int64_t ds_uniform_key(ds_ctx *c, int stream, int64_t min, int64_t max);

/* matchSCDSK: the row of a type-2 table (`rows` rows) holding the revision
 * of business key `u` current at Julian day `jdate`. */
int64_t ds_match_scd_sk(int64_t u, int64_t jdate, int64_t rows);

/* scd_join: a random business key of type-2 table `table` drawn from
 * `stream`, mapped to its revision at `jdate` (-1 past the data's end). */
int64_t ds_scd_join(ds_ctx *c, int table, int stream, int64_t jdate);

/* ---- sales and returns (ds_sales.c) ---------------------------------------- */

/* 1 for the six sales and returns tables, which dsdgen builds a ticket or
 * order at a time (a sales table and its returns table in one pass). */
int ds_is_sales(int table);

/* 1 for the sales and returns tables known to match dsdgen. */
int ds_sales_available(int table);

/* The sales table whose tickets/orders make table `table` (itself for a
 * sales table). */
int ds_sales_parent(int table);

/* The state a run of tickets/orders carries: the item permutation, the
 * lines of the current unit, counts looked up once. */
typedef struct ds_sales ds_sales;

/* Starts sales/returns table `table` (a tpcds_table) at ticket/order
 * `first_unit` (1-based): seeks the streams of the sales table and of its
 * returns table there. NULL when out of memory. */
ds_sales *ds_sales_create(ds_ctx *c, int table, int64_t first_unit);

/* Builds ticket/order `unit` (the next one) and points *rows at the lines
 * of the table asked for: the sales lines, or the returns among them.
 * Returns how many (0 is possible for a returns table). */
int ds_sales_unit(ds_ctx *c, ds_sales *s, int64_t unit, ds_row **rows);

/* The returns lines of the ticket/order the last ds_sales_unit built
 * (whichever table it was asked for); returns how many. */
int ds_sales_unit_returns(ds_sales *s, ds_row **rows);

/* NULL-safe. */
void ds_sales_destroy(ds_sales *s);

#endif /* TPCDS_DS_TABLES_H */
