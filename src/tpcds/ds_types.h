/*
 * ds_types.h - the shapes of the TPC-DS tables in ds_data.c (generated):
 * dsdgen's distributions, its random-stream layout, and the schema.
 */
#ifndef TPCDS_DS_TYPES_H
#define TPCDS_DS_TYPES_H

#include <stdint.h>

/* One distribution: `length` rows, each with `nvalues` values (kept as text
 * and, parsed the way atoi() does, as integers) and `nweights` cumulative
 * weight sets. */
typedef struct ds_dist {
  const char *name;
  int length;
  int nvalues;
  int nweights;
  const uint8_t *int_typed; /* per value set: 1 when declared int */
  const char *const *const *values;
  const int32_t *const *ints;
  const int32_t *const *weights; /* cumulative: weights[set][row] */
} ds_dist;

/* One random stream: draws given to it per row, its table, and the stream
 * dsdgen treats as its duplicate (itself when none). */
typedef struct ds_stream_def {
  int per_row;
  int table;
  int duplicate_of;
} ds_stream_def;

typedef enum ds_kind { DS_K_I64, DS_K_I32, DS_K_DEC, DS_K_DATE, DS_K_STR } ds_kind;

typedef struct ds_column_def {
  const char *name;
  ds_kind kind;
  int precision; /* decimals */
  int scale;
  int nullable;
} ds_column_def;

typedef struct ds_table_def {
  const char *name;
  int ncols;
  const ds_column_def *cols;
} ds_table_def;

#endif /* TPCDS_DS_TYPES_H */
