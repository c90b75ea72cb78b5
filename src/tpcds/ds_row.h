/*
 * ds_row.h - one generated row, column by column, before it goes into a
 * batch. Builders set values through the put_* helpers, which apply
 * dsdgen's NULL rules: the row's null bitmap (bit = stream id minus the
 * table's first stream), key -1 and date <= 0 print as empty, and so do
 * NULL strings.
 */
#ifndef TPCDS_DS_ROW_H
#define TPCDS_DS_ROW_H

#include <stdint.h>
#include <string.h>

#include "ds_core.h"

#define DS_ROW_MAX_COLS 40
#define DS_ROW_BUF 8192

typedef struct ds_val {
  int64_t i; /* integers, keys, decimal unscaled, date32 days */
  const char *s;
  int32_t len;
  uint8_t null;
} ds_val;

typedef struct ds_row {
  ds_val v[DS_ROW_MAX_COLS];
  int64_t null_map; /* dsdgen's kNullBitMap for this row */
  int first_stream; /* the table's first stream id */
  int buf_pos;
  char buf[DS_ROW_BUF];
} ds_row;

static inline int ds_is_null(const ds_row *r, int stream) {
  return (r->null_map >> (stream - r->first_stream)) & 1;
}

static inline void put_null(ds_row *r, int col) {
  r->v[col].null = 1;
}

static inline void put_int(ds_row *r, int col, int stream, int64_t v) {
  r->v[col].null = (uint8_t)ds_is_null(r, stream);
  r->v[col].i = v;
}

/* print_key: -1 means NULL. */
static inline void put_key(ds_row *r, int col, int stream, int64_t v) {
  r->v[col].null = (uint8_t)(ds_is_null(r, stream) || v == -1);
  r->v[col].i = v;
}

/* A decimal as its unscaled value at the column's scale. */
static inline void put_dec(ds_row *r, int col, int stream, int64_t unscaled) {
  put_int(r, col, stream, unscaled);
}

/* print_date of a Julian day: empty when <= 0. Stored as days since 1970. */
static inline void put_date(ds_row *r, int col, int stream, int64_t julian) {
  r->v[col].null = (uint8_t)(ds_is_null(r, stream) || julian <= 0);
  r->v[col].i = julian - 2440588;
}

/* A string that outlives the row (a distribution value, a literal). */
static inline void put_str(ds_row *r, int col, int stream, const char *s) {
  r->v[col].null = (uint8_t)(ds_is_null(r, stream) || s == NULL);
  r->v[col].s = s;
  r->v[col].len = s ? (int32_t)strlen(s) : 0;
}

/* Copies `len` bytes into the row's own buffer. */
static inline void put_strn(ds_row *r, int col, int stream, const char *s, int len) {
  char *d = r->buf + r->buf_pos;
  memcpy(d, s, (size_t)len);
  r->buf_pos += len;
  r->v[col].null = (uint8_t)ds_is_null(r, stream);
  r->v[col].s = d;
  r->v[col].len = len;
}

static inline void put_bool(ds_row *r, int col, int stream, int b) {
  put_str(r, col, stream, b ? "Y" : "N");
}

#endif /* TPCDS_DS_ROW_H */
