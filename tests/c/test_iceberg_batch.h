/*
 * test_iceberg_batch.h - deterministic Arrow batches for the Iceberg tests:
 * seven columns covering every type a TPC-H table uses plus a nullable
 * string and a double. Row r's values are pure functions of r, so any row
 * range can be built on its own (like the generator) and the expected
 * values printed as JSON for the JS readers.
 */
#ifndef TEST_ICEBERG_BATCH_H
#define TEST_ICEBERG_BATCH_H

#include <stdint.h>
#include <stdio.h>

#include "test_parquet_arrow.h" /* the tests' one Arrow batch builder */

#define IB_NCOL 7
#define IB_MAX_ROWS (1 << 12)

/* A batch of rows (b->root) and what owns its memory. Zero-initialise it
 * (static, or calloc); ib_free releases the memory. */
typedef struct ib_batch {
  tb_table t;
  struct ArrowArray root; /* the batch: t.array */
} ib_batch;

static const char *const ib_names[IB_NCOL] = {"o_id",      "o_qty",  "o_price", "o_date",
                                              "o_comment", "o_note", "o_rate"};

/* ---- row r's values ---- */
static int64_t ib_id(int64_t r) {
  return r + 1;
}
static int32_t ib_qty(int64_t r) {
  return (int32_t)((r * 7) % 50 + 1);
}
static int64_t ib_price(int64_t r) {
  return (r * 104729) % 10000000 - 2000000;
} /* cents, may be negative */
static int32_t ib_day(int64_t r) {
  return (int32_t)(8035 + (r * 13) % 2557);
} /* 1992-01-01 .. 1998-12-31 */
static double ib_rate(int64_t r) {
  return (double)r * 0.25 - 100.0;
}
static int ib_note_null(int64_t r) {
  return r % 5 == 0;
}
static int ib_comment(int64_t r, char *out) {
  static const char *const words[] = {"furiously",   "quick", "pending \"deposits\"",
                                      "caf\xc3\xa9", "ideas", "x"};
  return sprintf(out, "%s %lld %s", words[r % 6], (long long)r, words[(r / 6) % 6]);
}
static int ib_note(int64_t r, char *out) {
  return sprintf(out, "note-%lld", (long long)(r * 31 % 1000));
}

static inline void ib_columns(tb_table *t) {
  tb_init(t);
  tb_add_col(t, ib_names[0], 'l', 0, 0, 0);
  tb_add_col(t, ib_names[1], 'i', 0, 0, 0);
  tb_add_col(t, ib_names[2], 'd', 0, 15, 2);
  tb_add_col(t, ib_names[3], 't', 0, 0, 0);
  tb_add_col(t, ib_names[4], 'u', 0, 0, 0);
  tb_add_col(t, ib_names[5], 'u', 1, 0, 0); /* the only nullable column */
  tb_add_col(t, ib_names[6], 'g', 0, 0, 0);
}

static inline void ib_free(ib_batch *b) {
  tb_free(&b->t);
}

/* The batch of rows [start, start + n), n <= IB_MAX_ROWS. */
static inline void ib_make(ib_batch *b, int64_t start, int64_t n) {
  char text[256];
  tb_free(&b->t);
  ib_columns(&b->t);
  tb_col *c = b->t.cols;
  for (int64_t r = start; r < start + n; r++) {
    tb_push_i64(&c[0], ib_id(r));
    tb_push_i32(&c[1], ib_qty(r));
    tb_push_dec64(&c[2], ib_price(r));
    tb_push_i32(&c[3], ib_day(r));
    tb_push_bytes(&c[4], text, (size_t)ib_comment(r, text));
    if (ib_note_null(r))
      tb_push_null(&c[5]);
    else
      tb_push_bytes(&c[5], text, (size_t)ib_note(r, text));
    tb_push_f64(&c[6], ib_rate(r));
  }
  tb_finish(&b->t, 0, 0);
  b->root = b->t.array;
}

/* The schema of the batches (s->root) and what owns it. */
typedef struct ib_schema {
  tb_table t;
  struct ArrowSchema root; /* t.schema */
} ib_schema;

static inline void ib_schema_init(ib_schema *s) {
  ib_columns(&s->t);
  tb_finish(&s->t, 0, 0);
  s->root = s->t.schema;
}

static inline void ib_schema_free(ib_schema *s) {
  tb_free(&s->t);
}

/* Row r as a JSON array of strings (null for a null note): what a reader must return. */
static void ib_json_row(FILE *f, int64_t r) {
  char text[256];
  int64_t p = ib_price(r), a = p < 0 ? -p : p;
  fprintf(f, "[\"%lld\",\"%d\",\"%s%lld.%02lld\",\"%d\",\"", (long long)ib_id(r), ib_qty(r), p < 0 ? "-" : "",
          (long long)(a / 100), (long long)(a % 100), ib_day(r));
  int n = ib_comment(r, text);
  for (int i = 0; i < n; i++) {
    if (text[i] == '"' || text[i] == '\\') fputc('\\', f);
    fputc(text[i], f);
  }
  fputs("\",", f);
  if (ib_note_null(r)) {
    fputs("null", f);
  } else {
    ib_note(r, text);
    fprintf(f, "\"%s\"", text);
  }
  fprintf(f, ",\"%.17g\"]", ib_rate(r));
}

#endif /* TEST_ICEBERG_BATCH_H */
