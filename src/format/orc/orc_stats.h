/*
 * orc_stats.h - ORC column statistics: what is kept per row group, stripe
 * and file, how two are merged, and their ColumnStatistics encoding.
 * Exact: integer and decimal sums that overflow are left out (as ORC says),
 * string min/max are the full values.
 */
#ifndef TPCH_ORC_STATS_H
#define TPCH_ORC_STATS_H

#include <stdint.h>

#include "io/buf.h"

/* ORC's Type.Kind values for the types this writer produces. */
typedef enum orc_type_kind {
  ORC_BOOLEAN = 0,
  ORC_BYTE = 1,
  ORC_SHORT = 2,
  ORC_INT = 3,
  ORC_LONG = 4,
  ORC_FLOAT = 5,
  ORC_DOUBLE = 6,
  ORC_STRING = 7,
  ORC_BINARY = 8,
  ORC_STRUCT = 12,
  ORC_DECIMAL = 14,
  ORC_DATE = 15
} orc_type_kind;

__extension__ typedef __int128 orc_i128;

typedef struct orc_stats {
  orc_type_kind kind;
  int scale;      /* decimal */
  uint64_t count; /* non-null values (rows for the struct root) */
  int has_null;
  int has_minmax;
  int64_t imin, imax, isum; /* integers and dates */
  int isum_ok;
  double dmin, dmax, dsum;
  orc_i128 cmin, cmax, csum; /* decimals, unscaled */
  int csum_ok;
  tpch_buf smin, smax; /* strings */
  int64_t slen;        /* strings and binary: total length */
  uint64_t trues;      /* booleans */
} orc_stats;

/* Empty statistics for a column of `kind` (scale: decimals only). */
void orc_stats_init(orc_stats *s, orc_type_kind kind, int scale);

/* Back to empty, keeping the string buffers. */
void orc_stats_reset(orc_stats *s);

void orc_stats_free(orc_stats *s);

/* Folds `src` into `dst` (same kind). Returns TPCH_OK or TPCH_ENOMEM. */
int orc_stats_merge(orc_stats *dst, const orc_stats *src);

/* Copies `src` into `dst` (dst initialised). */
int orc_stats_copy(orc_stats *dst, const orc_stats *src);

/* Appends the ColumnStatistics message body. */
int orc_stats_encode(const orc_stats *s, tpch_buf *b);

/* Writes `v` / 10^scale as decimal text ("-12.50") into out (>= 48 bytes);
 * returns its length. */
int orc_decimal_text(orc_i128 v, int scale, char *out);

/* Sets the string min/max from one value (copying it when it is new). */
int orc_stats_string(orc_stats *s, const uint8_t *p, size_t n);

#endif /* TPCH_ORC_STATS_H */
