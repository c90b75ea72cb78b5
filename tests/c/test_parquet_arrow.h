/*
 * test_parquet_arrow.h - the C tests' one Arrow batch builder: builds Arrow
 * C Data Interface schemas and batches (with struct and child offsets, junk
 * under nulls) from pushed values, and prints the values as JSON for the JS
 * readers. The Lance and Iceberg/Paimon test helpers build through it.
 * Header-only (static functions) so each test program stays one file.
 */
#ifndef TEST_PARQUET_ARROW_H
#define TEST_PARQUET_ARROW_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpch_arrow.h"

#define TB_MAX_COLS 64

typedef struct tb_col {
  char name[64];
  char format[24];
  int nullable;
  int kind; /* 'b' bool, 'c' int8, 's' int16, 'i' int32, 'l' int64, 'f' float, 'g' double, 'd' decimal,
               't' date, 'u' utf8, 'U' large utf8, 'z' binary, 'Z' large binary */
  int precision, scale;
  int64_t n, cap;
  uint8_t *valid; /* one byte per slot while building */
  uint8_t *data;  /* fixed-width values (16 bytes for decimals) */
  int width;
  int64_t *offs; /* string offsets while building */
  uint8_t *bytes;
  int64_t nbytes, bytes_cap;
  /* the finished Arrow view */
  uint8_t *bitmap, *bits;
  void *offsets_out;
  const void *bufs[3];
  struct ArrowArray arr;
  struct ArrowSchema sch;
} tb_col;

typedef struct tb_table {
  int ncols;
  tb_col cols[TB_MAX_COLS];
  struct ArrowSchema schema;
  struct ArrowSchema *schema_children[TB_MAX_COLS];
  struct ArrowArray array;
  struct ArrowArray *array_children[TB_MAX_COLS];
  const void *struct_bufs[1];
} tb_table;

static inline void tb_release_schema(struct ArrowSchema *s) {
  s->release = NULL;
}
static inline void tb_release_array(struct ArrowArray *a) {
  a->release = NULL;
}

static inline void tb_init(tb_table *t) {
  memset(t, 0, sizeof *t);
}

/* kind: see tb_col; precision/scale for decimals. Returns the column index. */
static inline int tb_add_col(tb_table *t, const char *name, int kind, int nullable, int precision,
                             int scale) {
  tb_col *c = &t->cols[t->ncols];
  memset(c, 0, sizeof *c);
  snprintf(c->name, sizeof c->name, "%s", name);
  c->kind = kind, c->nullable = nullable, c->precision = precision, c->scale = scale;
  switch (kind) {
  case 'b': strcpy(c->format, "b"), c->width = 1; break;
  case 'c': strcpy(c->format, "c"), c->width = 1; break; /* int8, int16, float32: ORC tests */
  case 's': strcpy(c->format, "s"), c->width = 2; break;
  case 'f': strcpy(c->format, "f"), c->width = 4; break;
  case 'i': strcpy(c->format, "i"), c->width = 4; break;
  case 'l': strcpy(c->format, "l"), c->width = 8; break;
  case 'g': strcpy(c->format, "g"), c->width = 8; break;
  case 't': strcpy(c->format, "tdD"), c->width = 4; break;
  case 'd': snprintf(c->format, sizeof c->format, "d:%d,%d", precision, scale), c->width = 16; break;
  case 'u': strcpy(c->format, "u"); break;
  case 'U': strcpy(c->format, "U"); break;
  case 'z': strcpy(c->format, "z"); break;
  case 'Z': strcpy(c->format, "Z"); break;
  }
  return t->ncols++;
}

static inline void tb_grow(tb_col *c) {
  if (c->n < c->cap) return;
  c->cap = c->cap ? c->cap * 2 : 64;
  c->valid = realloc(c->valid, (size_t)c->cap);
  if (c->width)
    c->data = realloc(c->data, (size_t)(c->cap * c->width));
  else
    c->offs = realloc(c->offs, (size_t)(c->cap + 1) * sizeof *c->offs);
  if (!c->width && c->n == 0) c->offs[0] = 0;
}

static inline void tb_push_fixed(tb_col *c, const void *v) {
  tb_grow(c);
  c->valid[c->n] = 1;
  memcpy(c->data + c->n * c->width, v, (size_t)c->width);
  c->n++;
}

static inline void tb_push_null(tb_col *c) {
  tb_grow(c);
  c->valid[c->n] = 0;
  if (c->width)
    memset(c->data + c->n * c->width, 0xAB, (size_t)c->width); /* junk under nulls */
  else
    c->offs[c->n + 1] = c->offs[c->n];
  c->n++;
}

static inline void tb_push_bool(tb_col *c, int v) {
  uint8_t b = (uint8_t)(v != 0);
  tb_push_fixed(c, &b);
}
static inline void tb_push_i32(tb_col *c, int32_t v) {
  tb_push_fixed(c, &v);
}
static inline void tb_push_i64(tb_col *c, int64_t v) {
  tb_push_fixed(c, &v);
}
static inline void tb_push_f64(tb_col *c, double v) {
  tb_push_fixed(c, &v);
}
/* A decimal128 from its two 64-bit halves (little-endian words). */
static inline void tb_push_dec(tb_col *c, int64_t lo, int64_t hi) {
  uint8_t v[16];
  memcpy(v, &lo, 8);
  memcpy(v + 8, &hi, 8);
  tb_push_fixed(c, v);
}
static inline void tb_push_dec64(tb_col *c, int64_t v) {
  tb_push_dec(c, v, v < 0 ? -1 : 0);
}

static inline void tb_push_bytes(tb_col *c, const void *p, size_t n) {
  tb_grow(c);
  if (c->nbytes + (int64_t)n > c->bytes_cap) {
    while (c->nbytes + (int64_t)n > c->bytes_cap)
      c->bytes_cap = c->bytes_cap ? c->bytes_cap * 2 : 256;
    c->bytes = realloc(c->bytes, (size_t)c->bytes_cap);
  }
  if (n) memcpy(c->bytes + c->nbytes, p, n);
  c->nbytes += (int64_t)n;
  c->valid[c->n] = 1;
  c->offs[c->n + 1] = c->nbytes;
  c->n++;
}
static inline void tb_push_str(tb_col *c, const char *s) {
  tb_push_bytes(c, s, strlen(s));
}

/*
 * Builds the Arrow structs over everything pushed so far. The struct array
 * covers slots [struct_off + child_off, n) of each column: children get
 * offset `child_off`, the struct `struct_off`, so both offsets are used.
 */
static inline void tb_finish(tb_table *t, int64_t struct_off, int64_t child_off) {
  int64_t n = t->ncols ? t->cols[0].n : 0;
  for (int i = 0; i < t->ncols; i++) {
    tb_col *c = &t->cols[i];
    free(c->bitmap), free(c->bits), free(c->offsets_out);
    c->bitmap = calloc((size_t)(c->n / 8 + 1), 1);
    int64_t nulls = 0;
    for (int64_t k = 0; k < c->n; k++) {
      if (c->valid[k])
        c->bitmap[k / 8] |= (uint8_t)(1 << (k % 8));
      else
        nulls++;
    }
    c->bufs[0] = nulls ? c->bitmap : NULL;
    c->offsets_out = NULL;
    if (c->kind == 'b') {
      c->bits = calloc((size_t)(c->n / 8 + 1), 1);
      for (int64_t k = 0; k < c->n; k++)
        if (c->data[k]) c->bits[k / 8] |= (uint8_t)(1 << (k % 8));
      c->bufs[1] = c->bits;
    } else if (c->width) {
      c->bufs[1] = c->data;
    } else if (c->kind == 'U' || c->kind == 'Z') {
      int64_t *o = malloc((size_t)(c->n + 1) * 8);
      for (int64_t k = 0; k <= c->n; k++)
        o[k] = c->n ? c->offs[k] : 0;
      c->offsets_out = o;
      c->bufs[1] = o, c->bufs[2] = c->bytes ? (const void *)c->bytes : (const void *)"";
    } else {
      int32_t *o = malloc((size_t)(c->n + 1) * 4);
      for (int64_t k = 0; k <= c->n; k++)
        o[k] = c->n ? (int32_t)c->offs[k] : 0;
      c->offsets_out = o;
      c->bufs[1] = o, c->bufs[2] = c->bytes ? (const void *)c->bytes : (const void *)"";
    }
    memset(&c->arr, 0, sizeof c->arr);
    c->arr.length = c->n - child_off;
    c->arr.offset = child_off;
    c->arr.null_count = nulls ? -1 : 0; /* -1 = "unknown": the writer must read the bitmap */
    c->arr.n_buffers = c->width ? 2 : 3;
    c->arr.buffers = c->bufs;
    c->arr.release = tb_release_array;
    memset(&c->sch, 0, sizeof c->sch);
    c->sch.format = c->format;
    c->sch.name = c->name;
    c->sch.flags = c->nullable ? ARROW_FLAG_NULLABLE : 0;
    c->sch.release = tb_release_schema;
    t->schema_children[i] = &c->sch;
    t->array_children[i] = &c->arr;
  }
  memset(&t->schema, 0, sizeof t->schema);
  t->schema.format = "+s";
  t->schema.name = "";
  t->schema.n_children = t->ncols;
  t->schema.children = t->schema_children;
  t->schema.release = tb_release_schema;
  memset(&t->array, 0, sizeof t->array);
  t->array.length = n - child_off - struct_off;
  t->array.offset = struct_off;
  t->array.n_buffers = 1;
  t->array.buffers = t->struct_bufs;
  t->array.n_children = t->ncols;
  t->array.children = t->array_children;
  t->array.release = tb_release_array;
}

static inline void tb_free(tb_table *t) {
  for (int i = 0; i < t->ncols; i++) {
    tb_col *c = &t->cols[i];
    free(c->valid), free(c->data), free(c->offs), free(c->bytes);
    free(c->bitmap), free(c->bits), free(c->offsets_out);
  }
  memset(t, 0, sizeof *t);
}

/* ---- JSON of values (what the JS readers must find) ---- */

static inline void tb_json_string(FILE *f, const uint8_t *p, size_t n) {
  fputc('"', f);
  for (size_t i = 0; i < n; i++) {
    uint8_t ch = p[i];
    if (ch == '"' || ch == '\\')
      fprintf(f, "\\%c", ch);
    else if (ch < 0x20)
      fprintf(f, "\\u%04x", ch);
    else
      fputc(ch, f);
  }
  fputc('"', f);
}

/* Unscaled 128-bit decimal as text with `scale` fraction digits. */
static inline void tb_decimal_text(const uint8_t *v, int scale, char *out) {
  unsigned __int128 u;
  memcpy(&u, v, 16);
  int neg = (int64_t)(u >> 64) < 0;
  if (neg) u = ~u + 1;
  char digits[64];
  int nd = 0;
  do {
    digits[nd++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u);
  while (nd <= scale)
    digits[nd++] = '0';
  char *p = out;
  if (neg) *p++ = '-';
  for (int k = nd - 1; k >= 0; k--) {
    *p++ = digits[k];
    if (k == scale && scale > 0) *p++ = '.';
  }
  *p = '\0';
}

/* Value of slot k of column c as JSON: strings for everything but doubles
 * (so 64/128-bit integers survive JSON), hex for binary. */
static inline void tb_json_value(FILE *f, const tb_col *c, int64_t k) {
  if (!c->valid[k]) {
    fputs("null", f);
    return;
  }
  const uint8_t *v = c->width ? c->data + k * c->width : NULL;
  switch (c->kind) {
  case 'b': fputs(v[0] ? "\"true\"" : "\"false\"", f); break;
  case 'i':
  case 't': {
    int32_t x;
    memcpy(&x, v, 4);
    fprintf(f, "\"%d\"", x);
    break;
  }
  case 'l': {
    int64_t x;
    memcpy(&x, v, 8);
    fprintf(f, "\"%lld\"", (long long)x);
    break;
  }
  case 'c': fprintf(f, "\"%d\"", (int)(int8_t)v[0]); break;
  case 's': {
    int16_t x;
    memcpy(&x, v, 2);
    fprintf(f, "\"%d\"", x);
    break;
  }
  case 'f': {
    float x;
    memcpy(&x, v, 4);
    fprintf(f, "\"%.9g\"", (double)x);
    break;
  }
  case 'g': {
    double x;
    memcpy(&x, v, 8);
    if (isnan(x))
      fputs("\"nan\"", f);
    else if (isinf(x))
      fputs(x > 0 ? "\"inf\"" : "\"-inf\"", f);
    else if (x == 0 && signbit(x))
      fputs("\"-0\"", f);
    else
      fprintf(f, "\"%.17g\"", x);
    break;
  }
  case 'd': {
    char buf[64];
    tb_decimal_text(v, c->scale, buf);
    fprintf(f, "\"%s\"", buf);
    break;
  }
  case 'z':
  case 'Z': {
    fputc('"', f);
    for (int64_t b = c->offs[k]; b < c->offs[k + 1]; b++)
      fprintf(f, "%02X", c->bytes[b]);
    fputc('"', f);
    break;
  }
  default: tb_json_string(f, c->bytes + c->offs[k], (size_t)(c->offs[k + 1] - c->offs[k]));
  }
}

/* {"columns":[...], "rows":[[...]...], <extra>} for slots [from, c->n). */
static inline void tb_json_write(FILE *f, const tb_table *t, int64_t from, const char *extra) {
  fputs("{\"columns\":[", f);
  for (int i = 0; i < t->ncols; i++) {
    const tb_col *c = &t->cols[i];
    fprintf(f, "%s{\"name\":\"%s\",\"kind\":\"%c\",\"nullable\":%d,\"precision\":%d,\"scale\":%d}",
            i ? "," : "", c->name, c->kind, c->nullable, c->precision, c->scale);
  }
  fputs("],\n\"rows\":[", f);
  int64_t n = t->ncols ? t->cols[0].n : 0;
  for (int64_t k = from; k < n; k++) {
    fputs(k > from ? ",\n[" : "\n[", f);
    for (int i = 0; i < t->ncols; i++) {
      if (i) fputc(',', f);
      tb_json_value(f, &t->cols[i], k);
    }
    fputc(']', f);
  }
  fprintf(f, "]%s%s}\n", extra && *extra ? "," : "", extra ? extra : "");
}

#endif /* TEST_PARQUET_ARROW_H */
