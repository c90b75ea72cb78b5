/*
 * batch.h - a columnar batch the generator fills row by row and exports as
 * an Arrow C Data Interface struct array, without copying.
 *
 * Buffers are sized up front from each column's maximum string length, so
 * the hot loop never checks for room or reallocates.
 */
#ifndef TPCH_BATCH_H
#define TPCH_BATCH_H

#include <stdint.h>
#include <string.h>

#include "tpch_arrow.h"
#include "tpch_error.h"
#include "tpch_gen.h"

typedef enum col_kind { COL_I64, COL_I32, COL_DEC, COL_DATE, COL_STR } col_kind;

typedef struct col_def {
  const char *name;
  col_kind kind;
  int max_len; /* strings: longest value in bytes */
} col_def;

#define BATCH_MAX_COLS 16

typedef struct batch_col {
  uint8_t *values;  /* fixed width: 8, 4 or 16 bytes per row */
  int32_t *offsets; /* strings: rows + 1 offsets */
  char *chars;      /* strings: bytes */
  int32_t pos;      /* strings: bytes used */
} batch_col;

typedef struct batch {
  int ncols;
  int64_t cap_rows;
  int64_t rows; /* rows written so far (the row being written has index rows) */
  const col_def *defs;
  batch_col cols[BATCH_MAX_COLS];
  void *block; /* one allocation holding every buffer */
  size_t block_size;
  tpch_allocator alloc;
} batch;

/* Allocates buffers for `cap_rows` rows of the columns in `defs`, from
 * `a` (NULL: malloc). */
int batch_init(batch *b, const col_def *defs, int ncols, int64_t cap_rows, const tpch_allocator *a,
               tpch_error *err);

/* Moves the filled rows into *out (a struct array); `b` is left empty and
 * must be initialised again before reuse. */
int batch_export(batch *b, struct ArrowArray *out, tpch_error *err);

/* Frees a batch that was not exported. */
void batch_free(batch *b);

/* Exports a struct schema with one non-nullable child per column. */
int batch_schema(const col_def *defs, int ncols, struct ArrowSchema *out, tpch_error *err);

/* Arrow format string of a column kind. */
const char *batch_format(col_kind k);

static inline void put_i64(batch_col *c, int64_t r, int64_t v) {
  ((int64_t *)c->values)[r] = v;
}
static inline void put_i32(batch_col *c, int64_t r, int32_t v) {
  ((int32_t *)c->values)[r] = v;
}

/* decimal128: 16-byte little-endian two's complement. */
static inline void put_dec(batch_col *c, int64_t r, int64_t v) {
  int64_t *p = (int64_t *)(c->values + 16 * r);
  p[0] = v;
  p[1] = v < 0 ? -1 : 0;
}

/* Where the next string of column c is written; close it with str_end. */
static inline char *str_at(batch_col *c) {
  return c->chars + c->pos;
}
static inline void str_end(batch_col *c, int64_t r, int len) {
  c->pos += len;
  c->offsets[r + 1] = c->pos;
}
static inline void put_str(batch_col *c, int64_t r, const char *s, int len) {
  memcpy(c->chars + c->pos, s, (size_t)len);
  str_end(c, r, len);
}

#endif /* TPCH_BATCH_H */
