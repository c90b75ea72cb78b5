/*
 * test_lance_util.h - helpers shared by the Lance tests: a small table model
 * (values as the test means them), Arrow C Data Interface batches built from
 * it by hand (with offsets, garbage slots and null slots that carry bytes),
 * and the expected-values JSON the lancedb checker (tests/js/lance_check.mjs)
 * compares against.
 *
 * The expected values come from the model, never from the writer under test.
 * The Arrow structs are made by the tests' one batch builder
 * (test_parquet_arrow.h). Everything is static inline so each test uses what
 * it needs.
 */
#ifndef TEST_LANCE_UTIL_H
#define TEST_LANCE_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_type.h"
#include "test_parquet_arrow.h"
#include "tpch_arrow.h"

#define TL_MAX_COLS 16

typedef struct tl_val {
  uint8_t valid;
  int64_t i;  /* ints, dates, bool (0/1), decimal low 64 bits */
  int64_t hi; /* decimal high 64 bits */
  uint64_t u; /* float bits */
  uint8_t *s; /* string / binary bytes */
  size_t slen;
} tl_val;

typedef struct tl_col {
  char name[40];
  char format[24];
  int nullable;
  tpch_arrow_type t;
  tl_val *v;
} tl_col;

typedef struct tl_table {
  int ncols;
  int64_t nrows, cap;
  tl_col cols[TL_MAX_COLS];
} tl_table;

/* xorshift64*: the tests' only randomness, seeded explicitly. */
static inline uint64_t tl_rand(uint64_t *st) {
  uint64_t x = *st;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *st = x;
  return x * 2685821657736338717ull;
}

static inline void tl_init(tl_table *t) {
  memset(t, 0, sizeof *t);
}

static inline int tl_add_col(tl_table *t, const char *name, const char *format, int nullable) {
  tl_col *c = &t->cols[t->ncols];
  snprintf(c->name, sizeof c->name, "%s", name);
  snprintf(c->format, sizeof c->format, "%s", format);
  c->nullable = nullable;
  tpch_arrow_type_parse(format, &c->t, NULL);
  c->v = NULL;
  return t->ncols++;
}

/* Adds a row of all-null/zero cells and returns its index. */
static inline int64_t tl_add_row(tl_table *t) {
  if (t->nrows == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    for (int c = 0; c < t->ncols; c++)
      t->cols[c].v = realloc(t->cols[c].v, (size_t)t->cap * sizeof(tl_val));
  }
  for (int c = 0; c < t->ncols; c++)
    memset(&t->cols[c].v[t->nrows], 0, sizeof(tl_val));
  return t->nrows++;
}

static inline tl_val *tl_cell(tl_table *t, int col, int64_t row) {
  return &t->cols[col].v[row];
}

static inline void tl_set_int(tl_table *t, int col, int64_t row, int64_t v) {
  tl_val *x = tl_cell(t, col, row);
  x->valid = 1;
  x->i = v;
  x->hi = v < 0 ? -1 : 0;
}

static inline void tl_set_dec(tl_table *t, int col, int64_t row, int64_t lo, int64_t hi) {
  tl_val *x = tl_cell(t, col, row);
  x->valid = 1;
  x->i = lo;
  x->hi = hi;
}

static inline void tl_set_bits(tl_table *t, int col, int64_t row, uint64_t bits) {
  tl_val *x = tl_cell(t, col, row);
  x->valid = 1;
  x->u = bits;
}

static inline void tl_set_f64(tl_table *t, int col, int64_t row, double d) {
  uint64_t b;
  memcpy(&b, &d, 8);
  tl_set_bits(t, col, row, b);
}

static inline void tl_set_bytes(tl_table *t, int col, int64_t row, const void *p, size_t n) {
  tl_val *x = tl_cell(t, col, row);
  free(x->s);
  x->valid = 1;
  x->s = malloc(n ? n : 1);
  if (n) memcpy(x->s, p, n);
  x->slen = n;
}

static inline void tl_set_str(tl_table *t, int col, int64_t row, const char *s) {
  tl_set_bytes(t, col, row, s, strlen(s));
}

static inline void tl_set_null(tl_table *t, int col, int64_t row) {
  tl_val *x = tl_cell(t, col, row);
  free(x->s);
  memset(x, 0, sizeof *x);
}

static inline void tl_free(tl_table *t) {
  for (int c = 0; c < t->ncols; c++) {
    for (int64_t r = 0; r < t->nrows; r++)
      free(t->cols[c].v[r].s);
    free(t->cols[c].v);
  }
  memset(t, 0, sizeof *t);
}

/* ---- Arrow schema and batches, through the one builder ------------------------ */

/* The builder's kind for a column ('l' for a type the model has no values
 * for: such a column only ever appears in a schema, with its own format). */
static inline int tl_kind(const tl_col *c) {
  switch (c->t.kind) {
  case TPCH_ARROW_BOOL: return 'b';
  case TPCH_ARROW_INT8: return 'c';
  case TPCH_ARROW_INT16: return 's';
  case TPCH_ARROW_INT32: return 'i';
  case TPCH_ARROW_INT64: return 'l';
  case TPCH_ARROW_FLOAT32: return 'f';
  case TPCH_ARROW_FLOAT64: return 'g';
  case TPCH_ARROW_DECIMAL128: return 'd';
  case TPCH_ARROW_DATE32: return 't';
  case TPCH_ARROW_UTF8: return 'u';
  case TPCH_ARROW_LARGE_UTF8: return 'U';
  case TPCH_ARROW_BINARY: return 'z';
  case TPCH_ARROW_LARGE_BINARY: return 'Z';
  default: return 'l';
  }
}

/* A builder table with the columns of `t` (the caller frees it with tl_tb_free). */
static inline tb_table *tl_tb_new(const tl_table *t) {
  tb_table *b = calloc(1, sizeof *b);
  if (b == NULL) abort(); /* a test helper: no memory, no test */
  tb_init(b);
  for (int c = 0; c < t->ncols; c++)
    tb_add_col(b, t->cols[c].name, tl_kind(&t->cols[c]), t->cols[c].nullable, t->cols[c].t.precision,
               t->cols[c].t.scale);
  return b;
}

static inline void tl_tb_free(tb_table *b) {
  tb_free(b);
  free(b);
}

static inline void tl_release_schema(struct ArrowSchema *s) {
  tl_tb_free(s->private_data);
  s->release = NULL;
}

/* Builds the struct schema of `t` (its formats point into `t`); the caller
 * releases it. */
static inline void tl_schema(const tl_table *t, struct ArrowSchema *out) {
  tb_table *b = tl_tb_new(t);
  tb_finish(b, 0, 0);
  for (int c = 0; c < t->ncols; c++)
    b->cols[c].sch.format = t->cols[c].format;
  *out = b->schema;
  out->release = tl_release_schema;
  out->private_data = b;
}

static inline void tl_release_array(struct ArrowArray *a) {
  tl_tb_free(a->private_data);
  a->release = NULL;
}

static inline int tl_is_var(const tl_col *c) {
  return c->t.kind == TPCH_ARROW_UTF8 || c->t.kind == TPCH_ARROW_LARGE_UTF8 ||
         c->t.kind == TPCH_ARROW_BINARY || c->t.kind == TPCH_ARROW_LARGE_BINARY;
}

/* A random cell for garbage slots (outside the batch, or behind nulls). */
static inline tl_val tl_garbage(uint64_t *st, uint8_t *scratch) {
  tl_val g;
  memset(&g, 0, sizeof g);
  g.valid = (uint8_t)(tl_rand(st) & 1);
  g.i = (int64_t)tl_rand(st);
  g.hi = (int64_t)tl_rand(st);
  g.u = tl_rand(st);
  g.slen = tl_rand(st) % 9;
  for (size_t k = 0; k < g.slen; k++)
    scratch[k] = (uint8_t)('!' + tl_rand(st) % 90);
  g.s = scratch;
  return g;
}

/* Pushes cell `v` of column `c` to the builder column `b`; a null (valid 0)
 * still carries the cell's value or bytes, as Arrow allows. */
static inline void tl_push(tb_col *b, const tl_col *c, const tl_val *v, int valid) {
  if (tl_is_var(c))
    tb_push_bytes(b, v->s, v->slen);
  else if (c->t.kind == TPCH_ARROW_BOOL)
    tb_push_bool(b, (int)(v->i & 1));
  else if (c->t.kind == TPCH_ARROW_FLOAT32 || c->t.kind == TPCH_ARROW_FLOAT64)
    tb_push_fixed(b, &v->u); /* the low bytes: little-endian */
  else if (c->t.kind == TPCH_ARROW_DECIMAL128)
    tb_push_dec(b, v->i, v->hi);
  else
    tb_push_fixed(b, &v->i); /* little-endian truncation */
  if (!valid) b->valid[b->n - 1] = 0;
}

/*
 * Builds a struct batch of rows [r0, r0+n) with struct offset `soff` and
 * per-child offsets `coff` (both become garbage slots in front). Null
 * counts are exact or sometimes "unknown" (-1), and a nullable column
 * without nulls sometimes comes without a bitmap. The caller releases it
 * with out->release(out).
 */
static inline void tl_batch(const tl_table *t, int64_t r0, int64_t n, int64_t soff, int64_t coff,
                            uint64_t seed, struct ArrowArray *out) {
  uint64_t st = seed * 0x9E3779B97F4A7C15ull + 1;
  uint64_t pick[TL_MAX_COLS];
  uint8_t scratch[16];
  tb_table *b = tl_tb_new(t);
  int64_t lead = soff + coff;
  for (int c = 0; c < t->ncols; c++) {
    for (int64_t s = 0; s < lead + n; s++) {
      tl_val g = tl_garbage(&st, scratch);
      const tl_val *v = s < lead ? &g : &t->cols[c].v[r0 + s - lead];
      int ok = s < lead ? g.valid : v->valid;
      tl_push(&b->cols[c], &t->cols[c], (!ok && s >= lead) ? &g : v, ok);
    }
    pick[c] = tl_rand(&st) % 4;
  }
  tb_finish(b, soff, coff);
  for (int c = 0; c < t->ncols; c++) {
    tb_col *bc = &b->cols[c];
    int64_t nulls = 0;
    for (int64_t s = coff; s < bc->n; s++)
      nulls += !bc->valid[s];
    bc->bufs[0] = bc->bitmap;
    bc->arr.null_count = nulls;
    if (!t->cols[c].nullable || (nulls == 0 && pick[c] == 0)) bc->bufs[0] = NULL;
    if (t->cols[c].nullable && nulls > 0 && pick[c] == 1) bc->arr.null_count = -1;
    if (!t->cols[c].nullable) bc->arr.null_count = 0;
  }
  *out = b->array;
  out->release = tl_release_array;
  out->private_data = b;
}

/* ---- expected JSON ------------------------------------------------------------ */

static inline const char *tl_lance_type(const tl_col *c, char *buf, size_t cap) {
  switch (c->t.kind) {
  case TPCH_ARROW_BOOL: return "bool";
  case TPCH_ARROW_INT8: return "int8";
  case TPCH_ARROW_INT16: return "int16";
  case TPCH_ARROW_INT32: return "int32";
  case TPCH_ARROW_INT64: return "int64";
  case TPCH_ARROW_FLOAT32: return "float";
  case TPCH_ARROW_FLOAT64: return "double";
  case TPCH_ARROW_DATE32: return "date32";
  case TPCH_ARROW_UTF8: return "utf8";
  case TPCH_ARROW_LARGE_UTF8: return "large_utf8";
  case TPCH_ARROW_BINARY: return "binary";
  case TPCH_ARROW_LARGE_BINARY: return "large_binary";
  case TPCH_ARROW_DECIMAL128: snprintf(buf, cap, "decimal(%d,%d)", c->t.precision, c->t.scale); return buf;
  default: return "?";
  }
}

static inline void tl_json_i128(FILE *f, int64_t lo, int64_t hi) {
  __int128 v = (__int128)(((unsigned __int128)(uint64_t)hi << 64) | (uint64_t)lo);
  char tmp[48];
  int n = 0, neg = v < 0;
  unsigned __int128 u = neg ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
  do {
    tmp[n++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u);
  fputc('"', f);
  if (neg) fputc('-', f);
  while (n)
    fputc(tmp[--n], f);
  fputc('"', f);
}

static inline void tl_json_cell(FILE *f, const tl_col *c, const tl_val *v) {
  if (!v->valid) {
    fputs("null", f);
    return;
  }
  switch (c->t.kind) {
  case TPCH_ARROW_BOOL: fputs(v->i & 1 ? "true" : "false", f); break;
  case TPCH_ARROW_INT8: fprintf(f, "%d", (int)(int8_t)v->i); break;
  case TPCH_ARROW_INT16: fprintf(f, "%d", (int)(int16_t)v->i); break;
  case TPCH_ARROW_INT32:
  case TPCH_ARROW_DATE32: fprintf(f, "%d", (int)(int32_t)v->i); break;
  case TPCH_ARROW_INT64: fprintf(f, "\"%lld\"", (long long)v->i); break;
  case TPCH_ARROW_FLOAT32: fprintf(f, "\"%08x\"", (unsigned)(uint32_t)v->u); break;
  case TPCH_ARROW_FLOAT64: fprintf(f, "\"%016llx\"", (unsigned long long)v->u); break;
  case TPCH_ARROW_DECIMAL128: tl_json_i128(f, v->i, v->hi); break;
  default:
    fputc('"', f);
    for (size_t k = 0; k < v->slen; k++)
      fprintf(f, "%02x", v->s[k]);
    fputc('"', f);
  }
}

/* Writes `"schema":[...]` for t. */
static inline void tl_json_schema(FILE *f, const tl_table *t) {
  char buf[32];
  fputs("\"schema\":[", f);
  for (int c = 0; c < t->ncols; c++)
    fprintf(f, "%s[\"%s\",\"%s\",%s]", c ? "," : "", t->cols[c].name,
            tl_lance_type(&t->cols[c], buf, sizeof buf), t->cols[c].nullable ? "true" : "false");
  fputc(']', f);
}

/* Writes `"columns":[[...],...]` with the model's rows listed in `rows`
 * (n indices, in the expected scan order). */
static inline void tl_json_columns(FILE *f, const tl_table *t, const int64_t *rows, int64_t n) {
  fputs("\"columns\":[", f);
  for (int c = 0; c < t->ncols; c++) {
    fputs(c ? ",[" : "[", f);
    for (int64_t r = 0; r < n; r++) {
      if (r) fputc(',', f);
      tl_json_cell(f, &t->cols[c], &t->cols[c].v[rows[r]]);
    }
    fputc(']', f);
  }
  fputc(']', f);
}

/* Writes `"fragments":[[id,rows],...]`. */
static inline void tl_json_fragments(FILE *f, const int64_t *ids, const int64_t *rows, int n) {
  fputs("\"fragments\":[", f);
  for (int i = 0; i < n; i++)
    fprintf(f, "%s[%lld,%lld]", i ? "," : "", (long long)ids[i], (long long)rows[i]);
  fputc(']', f);
}

#endif /* TEST_LANCE_UTIL_H */
