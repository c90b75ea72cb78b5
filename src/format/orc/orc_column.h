/*
 * orc_column.h - one column of a stripe being encoded: its streams, the
 * statistics of each row group and of the stripe, and the row-index
 * positions at the start of each row group.
 *
 * Strings are buffered for the first row group; then the column chooses
 * DICTIONARY_V2 when there are at most 0.8 distinct values per value, else
 * DIRECT_V2, and keeps that choice for the rest of the stripe.
 */
#ifndef TPCH_ORC_COLUMN_H
#define TPCH_ORC_COLUMN_H

#include <stdint.h>

#include "io/buf.h"
#include "orc_rle.h"
#include "orc_schema.h"
#include "orc_stats.h"
#include "orc_stream.h"
#include "tpch_arrow.h"

/* Stream kinds (ORC's Stream.Kind) and encodings (ColumnEncoding.Kind). */
enum {
  ORC_S_PRESENT = 0,
  ORC_S_DATA = 1,
  ORC_S_LENGTH = 2,
  ORC_S_DICT_DATA = 3,
  ORC_S_SECONDARY = 5,
  ORC_S_ROW_INDEX = 6
};
enum { ORC_E_DIRECT = 0, ORC_E_DIRECT_V2 = 2, ORC_E_DICTIONARY_V2 = 3 };

typedef struct orc_rg_pos {
  uint64_t p[3][4]; /* present, data, length/secondary */
  uint8_t n[3];
} orc_rg_pos;

typedef struct orc_column {
  const orc_field *f;
  orc_stream present, data, second, dict;
  orc_bool_rle pres;
  orc_rle2 ints; /* DATA of integers, dates and dictionary indexes */
  orc_rle2 lens; /* LENGTH or SECONDARY */
  orc_byte_rle bytes;
  orc_bool_rle bools;
  int has_nulls;
  uint64_t values; /* non-null values in the stripe */
  orc_rg_pos *pos;
  orc_stats *rg;    /* finished row groups */
  uint64_t *vstart; /* values before each row group */
  int64_t nrg, cap_rg;
  orc_stats cur;
  /* strings */
  int mode; /* 0 undecided, 1 direct, 2 dictionary */
  tpch_buf sbuf;
  uint32_t *slens; /* buffered value lengths (undecided) */
  uint32_t *idx;   /* dictionary index of every value (dictionary) */
  size_t nidx, cap_idx;
  tpch_buf dblob; /* distinct values */
  uint64_t *doff; /* offset of each in dblob (one extra at the end) */
  uint32_t *dhash;
  uint32_t *table; /* open addressing: entry + 1, 0 = empty */
  size_t ndict, cap_dict, table_cap;
  tpch_buf scratch;
} orc_column;

/* Sets up column `f` writing through `codec`. TPCH_OK or TPCH_ENOMEM. */
int orc_column_init(orc_column *c, const orc_field *f, orc_codec *codec);

void orc_column_free(orc_column *c);

/* Starts a stripe: empties the streams and records row group 0's start. */
int orc_column_begin(orc_column *c);

/* Adds slots [first, first + n) of child array `a` (first counts from the
 * start of a's buffers, a->offset already added). */
int orc_column_add(orc_column *c, const struct ArrowArray *a, int64_t first, int64_t n);

/* Ends the current row group; `more`: another one follows in this stripe. */
int orc_column_end_rowgroup(orc_column *c, int more);

/* Ends the stripe: flushes every stream (dictionaries are written here). */
int orc_column_finish(orc_column *c);

/* The column's encoding kind and dictionary size after finish. */
int orc_column_encoding(const orc_column *c, uint64_t *dict_size);

/* Positions of row group k for the row index; returns how many. */
int orc_column_positions(const orc_column *c, int64_t k, uint64_t *out);

/* Approximate bytes the stripe holds so far (uncompressed). */
uint64_t orc_column_bytes(const orc_column *c);

#endif /* TPCH_ORC_COLUMN_H */
