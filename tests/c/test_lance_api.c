/*
 * test_lance_api.c - the Lance writer's C API, used as a library user would.
 *
 *   test_lance_api          error cases and a small write, checked in C
 *   test_lance_api DIR      also writes datasets of every supported type
 *                           (nulls, several batches, split pages, several
 *                           data files) plus DIR/expected.json for
 *                           tests/js/lance_check.mjs (lancedb reads them back)
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "lance_writer.h"
#include "test_lance_util.h"

/* 1 when tpch_lance_writer_create fails the way the convention says: a
 * status that `err` repeats, and no writer. */
static int tl_create_fails(const char *uri, const struct ArrowSchema *sc, const tpch_lance_writer_options *o,
                           tpch_error *err) {
  tpch_lance_writer *w = NULL;
  int rc = tpch_lance_writer_create(&w, uri, sc, o, err);
  if (rc == TPCH_OK) tpch_lance_writer_destroy(w);
  return rc != TPCH_OK && rc == err->code && w == NULL;
}

/* Every type the writer supports; all nullable except the id. */
static void all_types(tl_table *t, int nullable) {
  tl_init(t);
  tl_add_col(t, "id", "l", 0);
  tl_add_col(t, "c_bool", "b", nullable);
  tl_add_col(t, "c_i8", "c", nullable);
  tl_add_col(t, "c_i16", "s", nullable);
  tl_add_col(t, "c_i32", "i", nullable);
  tl_add_col(t, "c_i64", "l", nullable);
  tl_add_col(t, "c_f32", "f", nullable);
  tl_add_col(t, "c_f64", "g", nullable);
  tl_add_col(t, "c_dec", "d:15,2", nullable);
  tl_add_col(t, "c_dec38", "d:38,10", nullable);
  tl_add_col(t, "c_date", "tdD", nullable);
  tl_add_col(t, "c_str", "u", nullable);
  tl_add_col(t, "c_lstr", "U", nullable);
  tl_add_col(t, "c_bin", "z", nullable);
  tl_add_col(t, "c_lbin", "Z", nullable);
}

static const double special_f64[] = {-0.0,   0.1,       1.0 / 3,    1e308,    -1e-300,
                                     5e-324, 1.0 / 0.0, -1.0 / 0.0, 123456.75};

/* Row r of the typed tables: extremes first, then a formula. Nullable
 * columns get scattered nulls and a long null run (whole pages of nulls). */
static void fill_row(tl_table *t, int64_t r, int nullable) {
  tl_add_row(t);
  tl_set_int(t, 0, r, r);
  for (int c = 1; c < t->ncols; c++) {
    int null_here = nullable && ((r * 7 + c) % 11 == 0 || (r >= 1200 && r < 1700 && c % 2 == 0));
    if (null_here) continue; /* tl_add_row left it null */
    int64_t k = r * 2654435761ll + c;
    switch (t->cols[c].t.kind) {
    case TPCH_ARROW_BOOL: tl_set_int(t, c, r, (r / 3 + c) & 1); break;
    case TPCH_ARROW_INT8: tl_set_int(t, c, r, r == 0 ? -128 : r == 1 ? 127 : (int8_t)k); break;
    case TPCH_ARROW_INT16: tl_set_int(t, c, r, r == 0 ? -32768 : r == 1 ? 32767 : (int16_t)k); break;
    case TPCH_ARROW_INT32: tl_set_int(t, c, r, r == 0 ? INT32_MIN : r == 1 ? INT32_MAX : (int32_t)k); break;
    case TPCH_ARROW_INT64: tl_set_int(t, c, r, r == 0 ? INT64_MIN : r == 1 ? INT64_MAX : k * 1000003); break;
    case TPCH_ARROW_FLOAT32: {
      float f = r == 0 ? -0.0f : (float)(r * 0.5 - 77.25);
      uint32_t b;
      memcpy(&b, &f, 4);
      if (r == 2) b = 0x7fc00001u; /* a NaN payload must survive */
      tl_set_bits(t, c, r, b);
      break;
    }
    case TPCH_ARROW_FLOAT64:
      if (r < 9)
        tl_set_f64(t, c, r, special_f64[r]);
      else if (r == 9)
        tl_set_bits(t, c, r, 0x7ff8000000000123ull);
      else
        tl_set_f64(t, c, r, r * 0.25 - 300.125);
      break;
    case TPCH_ARROW_DECIMAL128:
      if (t->cols[c].t.precision == 15) {
        int64_t v = r == 0   ? -999999999999999ll
                    : r == 1 ? 999999999999999ll
                    : r == 2 ? -1
                             : (k % 1000000000000000ll);
        tl_set_int(t, c, r, v);
      } else if (r == 0) { /* -(10^38 - 1) and 10^38 - 1 */
        tl_set_dec(t, c, r, (int64_t)0xf675ddc000000001ull, (int64_t)0xb4c4b357a5793b85ull);
      } else if (r == 1) {
        tl_set_dec(t, c, r, (int64_t)0x098a223fffffffffull, (int64_t)0x4b3b4ca85a86c47aull);
      } else {
        tl_set_dec(t, c, r, k * 977, r % 3 == 0 ? -1 : 5);
      }
      break;
    case TPCH_ARROW_DATE32:
      tl_set_int(t, c, r, r == 0 ? -719162 : r == 1 ? 2932896 : r == 2 ? 0 : r * 37 - 20000);
      break;
    default: {
      char s[64];
      if (r < 4) {
        const char *fixed[] = {"", "\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x9a\x80", "tab\tnl\nquote\"",
                               "x"};
        tl_set_str(t, c, r, fixed[r]);
      } else if (r == 4) {
        char big[3000];
        memset(big, 'a' + c, sizeof big);
        tl_set_bytes(t, c, r, big, sizeof big); /* longer than a test page */
      } else if (r == 5 &&
                 (t->cols[c].t.kind == TPCH_ARROW_BINARY || t->cols[c].t.kind == TPCH_ARROW_LARGE_BINARY)) {
        tl_set_bytes(t, c, r, "\0\xff\x01\x80", 4);
      } else {
        snprintf(s, sizeof s, "row-%lld-%d", (long long)r, (int)(k % 1000));
        tl_set_str(t, c, r, s);
      }
    }
    }
  }
}

static int64_t *iota(int64_t n) {
  int64_t *v = malloc((size_t)(n ? n : 1) * sizeof *v);
  for (int64_t i = 0; i < n; i++)
    v[i] = i;
  return v;
}

/* Writes rows [0, n) of t in batches of `bs` rows with changing offsets,
 * through the seed API when `seed_api` (then `w` was created by it). */
static int write_batches(LanceWriter *w, const tl_table *t, int64_t n, int64_t bs, int pass_schema) {
  struct ArrowSchema sc;
  tl_schema(t, &sc);
  int rc = 0;
  for (int64_t r = 0, b = 0; r < n && rc == 0; r += bs, b++) {
    struct ArrowArray a;
    int64_t len = n - r < bs ? n - r : bs;
    tl_batch(t, r, len, b % 3, (b * 5) % 7, (uint64_t)b + 1, &a);
    rc = lance_writer_write_batch(w, &a, pass_schema ? &sc : NULL);
    a.release(&a);
  }
  sc.release(&sc);
  return rc;
}

static void json_dataset(FILE *f, int first, const char *path, const tl_table *t, const int64_t *ids,
                         const int64_t *frag_rows, int nfrags) {
  int64_t *rows = iota(t->nrows);
  fprintf(f, "%s{\"path\":\"%s\",\"all_versions\":[1],", first ? "" : ",", path);
  tl_json_schema(f, t);
  fputs(",\"versions\":[{\"version\":1,", f);
  if (nfrags >= 0) {
    tl_json_fragments(f, ids, frag_rows, nfrags);
    fputc(',', f);
  }
  tl_json_columns(f, t, rows, t->nrows);
  fputs("}]}", f);
  free(rows);
}

/* ---- datasets for lancedb ---------------------------------------------------- */

static void write_for_lancedb(const char *dir) {
  char path[512];
  FILE *f;
  snprintf(path, sizeof path, "%s/expected.json", dir);
  f = fopen(path, "w");
  CHECK(f != NULL, "cannot write %s", path);
  if (f == NULL) return;
  fputs("{\"datasets\":[", f);

  /* 1. seed API, default options: nullable columns of every type, batches
   * with struct and child offsets. */
  tl_table t;
  all_types(&t, 1);
  for (int64_t r = 0; r < 2000; r++)
    fill_row(&t, r, 1);
  snprintf(path, sizeof path, "%s/types.lance", dir);
  struct ArrowSchema sc;
  tl_schema(&t, &sc);
  LanceWriter *w = lance_writer_create(path, &sc);
  CHECK(w != NULL, "lance_writer_create(%s) failed", path);
  if (w) {
    CHECK(write_batches(w, &t, t.nrows, 700, 1) == 0, "types: write_batch failed");
    CHECK(lance_writer_close(w) == 0, "types: close failed");
    lance_writer_destroy(w);
  }
  sc.release(&sc);
  int64_t one_id = 0, one_rows = 2000;
  json_dataset(f, 1, path, &t, &one_id, &one_rows, 1);

  /* 2. extended API: small pages and small files -> pages split inside
   * batches, whole null pages, 4 data files (fragments 0..3). */
  snprintf(path, sizeof path, "%s/multi.lance", dir);
  tl_schema(&t, &sc);
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.page_bytes = 256;
  o.max_rows_per_file = 600;
  o.no_fsync = 1;
  tpch_error err;
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w != NULL, "create_ex(%s): %s", path, err.message);
  if (w) {
    CHECK(write_batches(w, &t, t.nrows, 333, 0) == 0, "multi: %s", lance_writer_last_error(w));
    CHECK(lance_writer_close(w) == 0, "multi close: %s", lance_writer_last_error(w));
    CHECK(tpch_lance_writer_version(w) == 1, "multi version %llu",
          (unsigned long long)tpch_lance_writer_version(w));
    lance_writer_destroy(w);
  }
  sc.release(&sc);
  int64_t ids[4] = {0, 1, 2, 3}, rows[4] = {600, 600, 600, 200};
  json_dataset(f, 0, path, &t, ids, rows, 4);
  tl_free(&t);

  /* 3. the same types, not nullable */
  all_types(&t, 0);
  for (int64_t r = 0; r < 300; r++)
    fill_row(&t, r, 0);
  snprintf(path, sizeof path, "%s/notnull.lance", dir);
  tl_schema(&t, &sc);
  o.page_bytes = 1000;
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w != NULL, "create_ex(%s): %s", path, err.message);
  if (w) {
    CHECK(write_batches(w, &t, t.nrows, 128, 1) == 0, "notnull: %s", lance_writer_last_error(w));
    CHECK(lance_writer_close(w) == 0, "notnull close: %s", lance_writer_last_error(w));
    lance_writer_destroy(w);
  }
  sc.release(&sc);
  json_dataset(f, 0, path, &t, NULL, NULL, -1);

  /* 4. no batches at all: version 1 with no rows */
  snprintf(path, sizeof path, "%s/empty.lance", dir);
  tl_schema(&t, &sc);
  w = lance_writer_create(path, &sc);
  CHECK(w && lance_writer_close(w) == 0, "empty dataset");
  lance_writer_destroy(w);
  sc.release(&sc);
  int64_t nrows = t.nrows;
  t.nrows = 0;
  json_dataset(f, 0, path, &t, NULL, NULL, 0);
  t.nrows = nrows;
  tl_free(&t);
  fputs("]}\n", f);
  fclose(f);
}

/* ---- checks in C (no reader) ---------------------------------------------------- */

static void one_col(tl_table *t, const char *fmt, int nullable) {
  tl_init(t);
  tl_add_col(t, "a", fmt, nullable);
}

static void check_errors(const char *dir) {
  char path[512];
  tpch_error err;
  tl_table t;
  struct ArrowSchema sc;
  struct ArrowArray a;

  /* NULL arguments never crash */
  CHECK(lance_writer_create(NULL, NULL) == NULL, "create(NULL)");
  {
    tpch_lance_writer *nw = NULL;
    CHECK(tpch_lance_writer_create(NULL, "x", NULL, NULL, &err) == TPCH_EINVAL, "create(NULL out)");
    CHECK(tpch_lance_writer_create(&nw, NULL, NULL, NULL, &err) == TPCH_EINVAL && err.code == TPCH_EINVAL &&
              nw == NULL,
          "create(NULL uri)");
    CHECK(tpch_lance_writer_write(NULL, NULL, &err) == TPCH_EINVAL, "write(NULL)");
    CHECK(tpch_lance_writer_close(NULL, &err) == TPCH_EINVAL, "close(NULL)");
    tpch_lance_writer_destroy(NULL);
  }
  CHECK(lance_writer_write_batch(NULL, NULL, NULL) == TPCH_EINVAL, "write_batch(NULL)");
  CHECK(lance_writer_close(NULL) == TPCH_EINVAL, "close(NULL)");
  lance_writer_destroy(NULL);
  CHECK(tpch_lance_writer_version(NULL) == 0, "version(NULL)");
  CHECK(strlen(lance_writer_last_error(NULL)) > 0, "last_error(NULL)");
  CHECK(tpch_lance_dataset_commit(NULL, NULL, NULL, 0, NULL, NULL, &err) == TPCH_EINVAL, "commit(NULL)");
  CHECK(tpch_lance_file_writer_create(NULL, "x", NULL, NULL, &err) == TPCH_EINVAL,
        "file_writer_create(NULL)");
  tpch_lance_file_writer_destroy(NULL);

  /* unsupported types name the column and the type */
  tl_init(&t);
  tl_add_col(&t, "ok", "l", 0);
  tl_add_col(&t, "when", "tsu:", 0);
  tl_schema(&t, &sc);
  snprintf(path, sizeof path, "%s/unsupported.lance", dir);
  CHECK(tl_create_fails(path, &sc, NULL, &err), "timestamp column accepted");
  CHECK(err.code == TPCH_EUNSUPPORTED && strstr(err.message, "when") && strstr(err.message, "tsu:"),
        "unsupported type error: %d %s", err.code, err.message);
  sc.release(&sc);
  tl_free(&t);

  /* create on an existing dataset */
  one_col(&t, "i", 0);
  for (int r = 0; r < 10; r++) {
    tl_add_row(&t);
    tl_set_int(&t, 0, r, r);
  }
  tl_schema(&t, &sc);
  snprintf(path, sizeof path, "%s/exists.lance", dir);
  LanceWriter *w = lance_writer_create(path, &sc);
  CHECK(w != NULL, "create %s", path);
  tl_batch(&t, 0, 10, 0, 0, 1, &a);
  CHECK(lance_writer_write_batch(w, &a, NULL) == 0, "write: %s", lance_writer_last_error(w));
  CHECK(lance_writer_close(w) == 0, "close: %s", lance_writer_last_error(w));
  /* after close */
  CHECK(lance_writer_write_batch(w, &a, NULL) == TPCH_ESTATE, "write after close");
  CHECK(lance_writer_close(w) == TPCH_ESTATE, "close twice");
  CHECK(strstr(lance_writer_last_error(w), "closed") != NULL, "message after close: %s",
        lance_writer_last_error(w));
  lance_writer_destroy(w);
  CHECK(lance_writer_create(path, &sc) == NULL, "create over an existing dataset succeeded");
  CHECK(tl_create_fails(path, &sc, NULL, &err) && err.code == TPCH_EEXIST, "create existing: %d %s", err.code,
        err.message);

  /* append with a different schema (nullability, then type, then name) */
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.mode = TPCH_WRITE_APPEND;
  const char *fmts[] = {"i", "l", "i"};
  const char *names[] = {"a", "a", "b"};
  int nulls[] = {1, 0, 0};
  for (int k = 0; k < 3; k++) {
    tl_table t2;
    struct ArrowSchema s2;
    tl_init(&t2);
    tl_add_col(&t2, names[k], fmts[k], nulls[k]);
    tl_schema(&t2, &s2);
    tpch_lance_writer_create(&w, path, &s2, &o, &err);
    CHECK(w == NULL && err.code == TPCH_ESCHEMA, "append mismatch %d: %d %s", k, err.code, err.message);
    lance_writer_destroy(w);
    s2.release(&s2);
  }
  /* and the commit-level check of the same */
  {
    tl_table t2;
    struct ArrowSchema s2;
    tpch_lance_file_writer *fw = NULL;
    tpch_lance_fragment fr = {0};
    struct ArrowArray a2;
    tl_init(&t2);
    tl_add_col(&t2, "a", "l", 0);
    tl_add_row(&t2);
    tl_set_int(&t2, 0, 0, 1);
    tl_schema(&t2, &s2);
    tl_batch(&t2, 0, 1, 0, 0, 1, &a2);
    CHECK(tpch_lance_file_writer_create(&fw, path, &s2, NULL, &err) == 0, "file writer: %s", err.message);
    CHECK(tpch_lance_file_writer_write(fw, &a2, &err) == 0, "one row: %s", err.message);
    CHECK(tpch_lance_file_writer_finish(fw, &fr, &err) == 0, "finish: %s", err.message);
    tpch_lance_file_writer_destroy(fw);
    a2.release(&a2);
    tpch_lance_commit_options co;
    tpch_lance_commit_options_init(&co);
    co.mode = TPCH_WRITE_APPEND;
    CHECK(tpch_lance_dataset_commit(path, &s2, &fr, 1, &co, NULL, &err) == TPCH_ESCHEMA,
          "commit mismatch: %s", err.message);
    tpch_lance_fragment_clear(&fr);
    tpch_lance_fragment_clear(NULL);
    s2.release(&s2);
    tl_free(&t2);
  }

  /* a batch whose schema differs from the writer's */
  snprintf(path, sizeof path, "%s/mismatch.lance", dir);
  w = lance_writer_create(path, &sc);
  {
    tl_table t2;
    struct ArrowSchema s2;
    tl_init(&t2);
    tl_add_col(&t2, "a", "l", 0);
    tl_schema(&t2, &s2);
    CHECK(lance_writer_write_batch(w, &a, &s2) == TPCH_ESCHEMA, "batch with another schema accepted");
    CHECK(strstr(lance_writer_last_error(w), "'a'") != NULL, "mismatch message: %s",
          lance_writer_last_error(w));
    CHECK(lance_writer_close(w) == TPCH_ESTATE, "close after a failure");
    s2.release(&s2);
  }
  lance_writer_destroy(w);
  /* a batch with the wrong number of columns (no schema passed) */
  tpch_lance_writer_create(&w, path, &sc, NULL, &err);
  CHECK(w != NULL, "mismatch dataset was committed by a failed writer: %s", err.message);
  {
    tl_table t2;
    struct ArrowArray a2;
    tl_init(&t2);
    tl_add_col(&t2, "a", "i", 0);
    tl_add_col(&t2, "b", "i", 0);
    tl_add_row(&t2);
    tl_set_int(&t2, 0, 0, 1);
    tl_set_int(&t2, 1, 0, 1);
    tl_batch(&t2, 0, 1, 0, 0, 1, &a2);
    CHECK(lance_writer_write_batch(w, &a2, NULL) == TPCH_ESCHEMA, "2-column batch for a 1-column writer");
    CHECK(lance_writer_write_batch(w, NULL, NULL) == TPCH_ESTATE, "write after failure");
    a2.release(&a2);
    tl_free(&t2);
  }
  lance_writer_destroy(w);
  /* NULL batch, a batch without child arrays, top-level null rows */
  tpch_lance_writer_create(&w, path, &sc, NULL, &err);
  CHECK(w && lance_writer_write_batch(w, NULL, NULL) == TPCH_EINVAL, "NULL batch");
  lance_writer_destroy(w);
  {
    struct ArrowArray hollow = a;
    hollow.children = NULL;
    tpch_lance_writer_create(&w, path, &sc, NULL, &err);
    CHECK(w && lance_writer_write_batch(w, &hollow, NULL) == TPCH_EINVAL, "batch without children");
    lance_writer_destroy(w);
    struct ArrowArray nulls = a;
    nulls.null_count = 1;
    tpch_lance_writer_create(&w, path, &sc, NULL, &err);
    CHECK(w && lance_writer_write_batch(w, &nulls, NULL) == TPCH_EINVAL, "top-level nulls");
    lance_writer_destroy(w);
  }
  /* bad options */
  o.mode = TPCH_WRITE_CREATE;
  o.max_rows_per_file = -5;
  CHECK(tl_create_fails(path, &sc, &o, &err) && err.code == TPCH_EINVAL, "negative max rows");
  tpch_lance_writer_options_init(&o);
  o.file_version = "2.2";
  CHECK(tl_create_fails(path, &sc, &o, &err) && err.code == TPCH_EUNSUPPORTED, "file version 2.2 refused");
  a.release(&a);
  sc.release(&sc);
  tl_free(&t);

  /* a path that is a file, and a dataset whose latest manifest is garbage */
  {
    tl_table t2;
    struct ArrowSchema s2;
    tl_init(&t2);
    tl_add_col(&t2, "a", "i", 0);
    tl_schema(&t2, &s2);
    snprintf(path, sizeof path, "%s/plainfile", dir);
    FILE *pf = fopen(path, "w");
    if (pf) fclose(pf);
    tpch_lance_writer_create(&w, path, &s2, NULL, &err);
    int rc = w ? lance_writer_close(w) : err.code;
    CHECK(rc == TPCH_EIO, "dataset path is a file: %d %s", rc, w ? lance_writer_last_error(w) : err.message);
    lance_writer_destroy(w);
    snprintf(path, sizeof path, "%s/exists.lance/_versions/18446744073709551613.manifest", dir);
    pf = fopen(path, "w");
    if (pf) {
      fputs("not a manifest at all", pf);
      fclose(pf);
    }
    snprintf(path, sizeof path, "%s/exists.lance", dir);
    tpch_lance_writer_options ao;
    tpch_lance_writer_options_init(&ao);
    ao.mode = TPCH_WRITE_APPEND;
    CHECK(tl_create_fails(path, &s2, &ao, &err) && err.code == TPCH_EFORMAT, "corrupt latest manifest: %d %s",
          err.code, err.message);
    s2.release(&s2);
  }

  /* a schema that is not a struct */
  struct ArrowSchema bad;
  memset(&bad, 0, sizeof bad);
  bad.format = "i";
  CHECK(tl_create_fails(path, &bad, NULL, &err) && err.code == TPCH_EINVAL, "non-struct schema");
}

/* A write read back at the file level: the footer and sizes agree. */
static void check_small_write(const char *dir) {
  char path[512];
  tl_table t;
  struct ArrowSchema sc;
  all_types(&t, 1);
  for (int64_t r = 0; r < 50; r++)
    fill_row(&t, r, 1);
  tl_schema(&t, &sc);
  snprintf(path, sizeof path, "%s/small.lance", dir);
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.max_rows_per_file = 20;
  o.page_bytes = 100;
  o.no_fsync = 1;
  tpch_error err;
  LanceWriter *w = NULL;
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w != NULL, "create small: %s", err.message);
  CHECK(write_batches(w, &t, t.nrows, 17, 1) == 0, "small write: %s", lance_writer_last_error(w));
  CHECK(lance_writer_close(w) == 0, "small close: %s", lance_writer_last_error(w));
  CHECK(tpch_lance_writer_version(w) == 1, "small version");
  lance_writer_destroy(w);
  sc.release(&sc);
  tl_free(&t);
  /* 50 rows / 20 per file = 3 data files, each ending in the 2.0 footer */
  snprintf(path, sizeof path, "%s/small.lance/data", dir);
  DIR *d = opendir(path);
  int files = 0, footers = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    files++;
    char fp[1024];
    snprintf(fp, sizeof fp, "%s/%s", path, e->d_name);
    FILE *f = fopen(fp, "rb");
    unsigned char tail[40];
    if (f && fseek(f, -40, SEEK_END) == 0 && fread(tail, 1, 40, f) == 40 &&
        memcmp(tail + 36, "LANC", 4) == 0 && tail[32] == 2 && tail[34] == 1)
      footers++;
    if (f) fclose(f);
  }
  if (d) closedir(d);
  CHECK(files == 3 && footers == 3, "small: %d data files, %d with a 2.1 footer (the default)", files,
        footers);
}

static void rm_rf(const char *p) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", p);
  if (system(cmd) != 0) fprintf(stderr, "cleanup of %s failed\n", p);
}

int main(int argc, char **argv) {
  char tmpl[] = "/tmp/test_lance_api.XXXXXX";
  char *dir = mkdtemp(tmpl);
  CHECK(dir != NULL, "mkdtemp");
  if (dir == NULL) return check_finish();
  check_errors(dir);
  check_small_write(dir);
  rm_rf(dir);
  if (argc > 1) {
    mkdir(argv[1], 0755);
    write_for_lancedb(argv[1]);
  }
  return check_finish();
}
