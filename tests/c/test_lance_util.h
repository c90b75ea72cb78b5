/*
 * test_lance_util.h - helpers shared by the Lance tests: a small table model
 * (values as the test means them), Arrow C Data Interface batches built from
 * it by hand (with offsets, garbage slots and null slots that carry bytes),
 * and the expected-values JSON the lancedb checker (tests/js/lance_check.mjs)
 * compares against.
 *
 * The expected values come from the model, never from the writer under test.
 * Everything is static inline so each test uses what it needs.
 */
#ifndef TEST_LANCE_UTIL_H
#define TEST_LANCE_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_type.h"
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

/* ---- Arrow schema ------------------------------------------------------------ */

typedef struct tl_schema_priv {
  struct ArrowSchema *kids;
  struct ArrowSchema **kid_ptrs;
} tl_schema_priv;

static inline void tl_release_child_schema(struct ArrowSchema *s) {
  s->release = NULL;
}

static inline void tl_release_schema(struct ArrowSchema *s) {
  tl_schema_priv *p = s->private_data;
  for (int64_t i = 0; i < s->n_children; i++)
    if (p->kids[i].release) p->kids[i].release(&p->kids[i]);
  free(p->kids);
  free(p->kid_ptrs);
  free(p);
  s->release = NULL;
}

/* Builds the struct schema of `t` (names and formats point into `t`). */
static inline void tl_schema(const tl_table *t, struct ArrowSchema *out) {
  tl_schema_priv *p = calloc(1, sizeof *p);
  p->kids = calloc((size_t)t->ncols + 1, sizeof *p->kids);
  p->kid_ptrs = calloc((size_t)t->ncols + 1, sizeof *p->kid_ptrs);
  for (int c = 0; c < t->ncols; c++) {
    struct ArrowSchema *k = &p->kids[c];
    k->format = t->cols[c].format;
    k->name = t->cols[c].name;
    k->flags = t->cols[c].nullable ? ARROW_FLAG_NULLABLE : 0;
    k->release = tl_release_child_schema;
    p->kid_ptrs[c] = k;
  }
  memset(out, 0, sizeof *out);
  out->format = "+s";
  out->name = "";
  out->n_children = t->ncols;
  out->children = p->kid_ptrs;
  out->release = tl_release_schema;
  out->private_data = p;
}

/* ---- Arrow arrays ------------------------------------------------------------ */

typedef struct tl_array_priv {
  void *bufs[3];
  const void *buf_ptrs[3];
  struct ArrowArray *kids;
  struct ArrowArray **kid_ptrs;
} tl_array_priv;

static inline void tl_release_array(struct ArrowArray *a) {
  tl_array_priv *p = a->private_data;
  for (int64_t i = 0; i < a->n_children; i++)
    if (p->kids[i].release) p->kids[i].release(&p->kids[i]);
  for (int i = 0; i < 3; i++)
    free(p->bufs[i]);
  free(p->kids);
  free(p->kid_ptrs);
  free(p);
  a->release = NULL;
}

static inline void tl_bit(uint8_t *bm, int64_t i, int v) {
  if (v)
    bm[i >> 3] |= (uint8_t)(1u << (i & 7));
  else
    bm[i >> 3] &= (uint8_t) ~(1u << (i & 7));
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

/* Builds one child array: `lead` garbage slots, then rows [r0, r0+n) of
 * column c, with child offset `coff` (coff <= lead). */
static inline void tl_child(const tl_col *c, int64_t r0, int64_t n, int64_t lead, int64_t coff, uint64_t *st,
                            struct ArrowArray *out) {
  int64_t L = lead + n;
  tl_array_priv *p = calloc(1, sizeof *p);
  uint8_t scratch[16];
  int var = tl_is_var(c), large = c->t.kind == TPCH_ARROW_LARGE_UTF8 || c->t.kind == TPCH_ARROW_LARGE_BINARY;
  int width = c->t.bit_width / 8;
  uint8_t *valid = calloc((size_t)(L + 8) / 8 + 1, 1);
  uint8_t *vals = calloc(
      (size_t)(var ? (L + 1) * (large ? 8 : 4) : (c->t.bit_width == 1 ? L / 8 + 1 : L * width)) + 1, 1);
  size_t dcap = 64, dlen = 0;
  uint8_t *data = var ? malloc(dcap) : NULL;
  int64_t nulls = 0;
  for (int64_t s = 0; s < L; s++) {
    tl_val g = tl_garbage(st, scratch);
    const tl_val *v = s < lead ? &g : &c->v[r0 + s - lead];
    int ok = s < lead ? g.valid : v->valid;
    tl_bit(valid, s, ok);
    if (!ok && s >= coff) nulls++;
    /* a null slot still gets a value (Arrow allows any bytes there) */
    const tl_val *src = (!ok && s >= lead) ? &g : v;
    if (var) {
      if (large) {
        int64_t o = (int64_t)dlen;
        memcpy(vals + s * 8, &o, 8);
      } else {
        int32_t o = (int32_t)dlen;
        memcpy(vals + s * 4, &o, 4);
      }
      while (dlen + src->slen > dcap) {
        uint8_t *grown = realloc(data, dcap *= 2);
        if (grown == NULL) abort(); /* a test helper: no memory, no test */
        data = grown;
      }
      if (src->slen) memcpy(data + dlen, src->s, src->slen);
      dlen += src->slen;
    } else if (c->t.bit_width == 1) {
      tl_bit(vals, s, (int)(src->i & 1));
    } else if (c->t.kind == TPCH_ARROW_FLOAT32 || c->t.kind == TPCH_ARROW_FLOAT64) {
      memcpy(vals + s * width, &src->u, (size_t)width);
    } else if (width == 16) {
      memcpy(vals + s * 16, &src->i, 8);
      memcpy(vals + s * 16 + 8, &src->hi, 8);
    } else {
      memcpy(vals + s * width, &src->i, (size_t)width); /* little-endian truncation */
    }
  }
  if (var) {
    if (large) {
      int64_t o = (int64_t)dlen;
      memcpy(vals + L * 8, &o, 8);
    } else {
      int32_t o = (int32_t)dlen;
      memcpy(vals + L * 4, &o, 4);
    }
  }
  p->bufs[0] = valid;
  p->bufs[1] = vals;
  p->bufs[2] = data;
  memset(out, 0, sizeof *out);
  out->length = L - coff;
  out->offset = coff;
  out->null_count = nulls;
  /* nullable columns without nulls sometimes come without a bitmap, and
   * sometimes say "unknown" (-1) */
  uint64_t r = tl_rand(st) % 4;
  p->buf_ptrs[0] = valid;
  if (!c->nullable || (nulls == 0 && r == 0)) p->buf_ptrs[0] = NULL;
  if (c->nullable && nulls > 0 && r == 1) out->null_count = -1;
  if (!c->nullable) out->null_count = 0;
  p->buf_ptrs[1] = vals;
  p->buf_ptrs[2] = data ? data : (void *)vals;
  out->n_buffers = var ? 3 : 2;
  out->buffers = p->buf_ptrs;
  out->release = tl_release_array;
  out->private_data = p;
}

/*
 * Builds a struct batch of rows [r0, r0+n) with struct offset `soff` and
 * per-child offsets `coff` (both become garbage slots in front). The caller
 * releases it with out->release(out).
 */
static inline void tl_batch(const tl_table *t, int64_t r0, int64_t n, int64_t soff, int64_t coff,
                            uint64_t seed, struct ArrowArray *out) {
  uint64_t st = seed * 0x9E3779B97F4A7C15ull + 1;
  tl_array_priv *p = calloc(1, sizeof *p);
  p->kids = calloc((size_t)t->ncols + 1, sizeof *p->kids);
  p->kid_ptrs = calloc((size_t)t->ncols + 1, sizeof *p->kid_ptrs);
  for (int c = 0; c < t->ncols; c++) {
    tl_child(&t->cols[c], r0, n, soff + coff, coff, &st, &p->kids[c]);
    p->kid_ptrs[c] = &p->kids[c];
  }
  memset(out, 0, sizeof *out);
  out->length = n;
  out->offset = soff;
  out->null_count = 0;
  out->n_buffers = 1;
  p->buf_ptrs[0] = NULL;
  out->buffers = p->buf_ptrs;
  out->n_children = t->ncols;
  out->children = p->kid_ptrs;
  out->release = tl_release_array;
  out->private_data = p;
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
