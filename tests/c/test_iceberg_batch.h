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
#include <stdlib.h>
#include <string.h>

#include "tpch_arrow.h"

#define IB_NCOL 7

typedef struct ib_batch {
  int64_t n;
  int64_t id[1 << 12];
  int32_t qty[1 << 12];
  int64_t price[2 << 12]; /* decimal128: low, high words */
  int32_t day[1 << 12];
  int32_t comment_off[(1 << 12) + 1], note_off[(1 << 12) + 1];
  char comment[1 << 18], note[1 << 16];
  uint8_t note_valid[1 << 9];
  double rate[1 << 12];
  const void *bufs[IB_NCOL][3];
  const void *struct_bufs[1];
  struct ArrowArray cols[IB_NCOL], root;
  struct ArrowArray *kids[IB_NCOL];
} ib_batch;

#define IB_MAX_ROWS (1 << 12)

static const char *const ib_names[IB_NCOL] = {"o_id", "o_qty", "o_price", "o_date", "o_comment", "o_note", "o_rate"};
static const char *const ib_formats[IB_NCOL] = {"l", "i", "d:15,2", "tdD", "u", "u", "g"};

/* ---- row r's values ---- */
static int64_t ib_id(int64_t r) { return r + 1; }
static int32_t ib_qty(int64_t r) { return (int32_t)((r * 7) % 50 + 1); }
static int64_t ib_price(int64_t r) { return (r * 104729) % 10000000 - 2000000; } /* cents, may be negative */
static int32_t ib_day(int64_t r) { return (int32_t)(8035 + (r * 13) % 2557); }   /* 1992-01-01 .. 1998-12-31 */
static double ib_rate(int64_t r) { return (double)r * 0.25 - 100.0; }
static int ib_note_null(int64_t r) { return r % 5 == 0; }
static int ib_comment(int64_t r, char *out) {
  static const char *const words[] = {"furiously", "quick", "pending \"deposits\"", "caf\xc3\xa9", "ideas", "x"};
  return sprintf(out, "%s %lld %s", words[r % 6], (long long)r, words[(r / 6) % 6]);
}
static int ib_note(int64_t r, char *out) { return sprintf(out, "note-%lld", (long long)(r * 31 % 1000)); }

static void ib_release(struct ArrowArray *a) { a->release = NULL; }
static void ib_release_schema(struct ArrowSchema *s) { s->release = NULL; }

/* The batch of rows [start, start + n), n <= IB_MAX_ROWS. */
static void ib_make(ib_batch *b, int64_t start, int64_t n) {
  b->n = n;
  int32_t co = 0, no = 0;
  int64_t nulls = 0;
  memset(b->note_valid, 0, sizeof b->note_valid);
  b->comment_off[0] = b->note_off[0] = 0;
  for (int64_t i = 0; i < n; i++) {
    int64_t r = start + i;
    b->id[i] = ib_id(r);
    b->qty[i] = ib_qty(r);
    b->price[2 * i] = ib_price(r);
    b->price[2 * i + 1] = ib_price(r) < 0 ? -1 : 0;
    b->day[i] = ib_day(r);
    b->rate[i] = ib_rate(r);
    co += ib_comment(r, b->comment + co);
    b->comment_off[i + 1] = co;
    if (ib_note_null(r)) {
      nulls++;
    } else {
      b->note_valid[i / 8] |= (uint8_t)(1 << (i % 8));
      no += ib_note(r, b->note + no);
    }
    b->note_off[i + 1] = no;
  }
  const void *data[IB_NCOL] = {b->id, b->qty, b->price, b->day, NULL, NULL, b->rate};
  for (int c = 0; c < IB_NCOL; c++) {
    struct ArrowArray *a = &b->cols[c];
    memset(a, 0, sizeof *a);
    a->length = n;
    a->release = ib_release;
    a->buffers = b->bufs[c];
    b->bufs[c][0] = NULL;
    if (c == 4 || c == 5) {
      a->n_buffers = 3;
      b->bufs[c][1] = c == 4 ? b->comment_off : b->note_off;
      b->bufs[c][2] = c == 4 ? b->comment : b->note;
    } else {
      a->n_buffers = 2;
      b->bufs[c][1] = data[c];
    }
    b->kids[c] = a;
  }
  b->cols[5].null_count = nulls;
  b->bufs[5][0] = b->note_valid;
  memset(&b->root, 0, sizeof b->root);
  b->root.length = n;
  b->root.n_buffers = 1;
  b->root.buffers = b->struct_bufs;
  b->root.n_children = IB_NCOL;
  b->root.children = b->kids;
  b->root.release = ib_release;
}

typedef struct ib_schema {
  struct ArrowSchema cols[IB_NCOL], root;
  struct ArrowSchema *kids[IB_NCOL];
} ib_schema;

static void ib_schema_init(ib_schema *s) {
  for (int c = 0; c < IB_NCOL; c++) {
    memset(&s->cols[c], 0, sizeof s->cols[c]);
    s->cols[c].format = ib_formats[c];
    s->cols[c].name = ib_names[c];
    s->cols[c].flags = c == 5 ? ARROW_FLAG_NULLABLE : 0;
    s->cols[c].release = ib_release_schema;
    s->kids[c] = &s->cols[c];
  }
  memset(&s->root, 0, sizeof s->root);
  s->root.format = "+s";
  s->root.name = "";
  s->root.n_children = IB_NCOL;
  s->root.children = s->kids;
  s->root.release = ib_release_schema;
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
