/*
 * test_lance_property.c - random schemas and random batches (fixed seeds):
 * nulls at random rates (including all-null columns), empty and long
 * strings, extreme values, NaN payloads, empty and one-row batches, struct
 * and child offsets, random page sizes and file sizes, and an append or an
 * overwrite on some seeds. Each write session uses one of the general codecs
 * (zstd, lz4, none) by seed, so appends mix them in one dataset. Some columns
 * repeat a few values, so Lance 2.1 pages get dictionaries too.
 *
 *   test_lance_property          seeds 1..6, checked in C (row counts per
 *                                version and fragment layout from the manifest)
 *   test_lance_property DIR      seeds 1..24 written to DIR/p<seed>.lance with
 *                                DIR/expected.json for lance_check.mjs
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "format/lance/lance_manifest.h"
#include "lance_writer.h"
#include "test_lance_util.h"

static const char *formats[] = {"b",      "c",   "s", "i", "l", "f", "g",
                                "d:15,2", "tdD", "u", "U", "z", "Z", "dec"};
#define NFORMATS (sizeof formats / sizeof formats[0])

static void random_schema(tl_table *t, uint64_t *st) {
  tl_init(t);
  int n = 1 + (int)(tl_rand(st) % 8);
  for (int c = 0; c < n; c++) {
    const char *f = formats[tl_rand(st) % NFORMATS];
    char fmt[24], name[40];
    if (strcmp(f, "dec") == 0) {
      int p = 1 + (int)(tl_rand(st) % 38);
      snprintf(fmt, sizeof fmt, "d:%d,%d", p, (int)(tl_rand(st) % (uint64_t)(p + 1)));
    } else {
      snprintf(fmt, sizeof fmt, "%s", f);
    }
    snprintf(name, sizeof name, "c%d", c);
    tl_add_col(t, name, fmt, (int)(tl_rand(st) % 2));
  }
}

static unsigned __int128 pow10_128(int p) {
  unsigned __int128 v = 1;
  while (p-- > 0)
    v *= 10;
  return v;
}

/* Random UTF-8 (valid) or random bytes, of a random, sometimes large, size. */
static void random_bytes(tl_table *t, int c, int64_t r, uint64_t *st, int utf8) {
  static uint8_t buf[4200];
  uint64_t kind = tl_rand(st) % 10;
  size_t want = kind < 2 ? 0 : kind < 9 ? tl_rand(st) % 12 : 100 + tl_rand(st) % 4000;
  size_t n = 0;
  static const char *multi[] = {"\xc3\xa9", "\xe6\x97\xa5", "\xf0\x9f\x9a\x80", "\x00"};
  while (n < want) {
    if (!utf8) {
      buf[n++] = (uint8_t)tl_rand(st);
    } else if (tl_rand(st) % 4 == 0) {
      const char *m = multi[tl_rand(st) % 4];
      size_t l = m[0] ? strlen(m) : 1;
      memcpy(buf + n, m, l);
      n += l;
    } else {
      buf[n++] = (uint8_t)(' ' + tl_rand(st) % 95);
    }
  }
  tl_set_bytes(t, c, r, buf, n);
}

static void random_value(tl_table *t, int c, int64_t r, uint64_t *st) {
  const tl_col *col = &t->cols[c];
  uint64_t x = tl_rand(st), pick = tl_rand(st) % 8;
  switch (col->t.kind) {
  case TPCH_ARROW_BOOL: tl_set_int(t, c, r, (int64_t)(x & 1)); break;
  case TPCH_ARROW_INT8:
  case TPCH_ARROW_INT16:
  case TPCH_ARROW_INT32:
  case TPCH_ARROW_INT64: {
    int bits = col->t.bit_width;
    int64_t mn = bits == 64 ? INT64_MIN : -((int64_t)1 << (bits - 1)), mx = bits == 64 ? INT64_MAX : -mn - 1;
    int64_t v = pick == 0   ? mn
                : pick == 1 ? mx
                : pick == 2 ? 0
                : pick == 3 ? -1
                            : (int64_t)(x >> (64 - bits));
    if (pick >= 4 && bits < 64) v = (int64_t)(x % (uint64_t)(mx - mn + 1)) + mn;
    tl_set_int(t, c, r, v);
    break;
  }
  case TPCH_ARROW_FLOAT32:
    tl_set_bits(t, c, r, pick == 0 ? 0x7f800000u : pick == 1 ? 0x80000000u : x & 0xffffffffu);
    break;
  case TPCH_ARROW_FLOAT64:
    tl_set_bits(t, c, r, pick == 0 ? 0xfff0000000000000ull : pick == 1 ? 0x7ff0000000000001ull : x);
    break;
  case TPCH_ARROW_DATE32:
    tl_set_int(t, c, r, pick == 0 ? -719162 : pick == 1 ? 2932896 : (int64_t)(x % 3652059) - 719162);
    break;
  case TPCH_ARROW_DECIMAL128: {
    unsigned __int128 lim = pow10_128(col->t.precision) - 1;
    unsigned __int128 u = (((unsigned __int128)tl_rand(st)) << 64 | x) % (lim + 1);
    if (pick == 0) u = lim;
    __int128 v = (tl_rand(st) & 1) ? -(__int128)u : (__int128)u;
    unsigned __int128 w = (unsigned __int128)v;
    tl_set_dec(t, c, r, (int64_t)(uint64_t)w, (int64_t)(uint64_t)(w >> 64));
    break;
  }
  case TPCH_ARROW_UTF8:
  case TPCH_ARROW_LARGE_UTF8: random_bytes(t, c, r, st, 1); break;
  default: random_bytes(t, c, r, st, 0); break;
  }
}

/* Row `dst` of column c gets the value of row `src`, unless that is null. */
static void copy_cell(tl_table *t, int c, int64_t dst, int64_t src) {
  const tl_val *s = tl_cell(t, c, src);
  if (!s->valid) return;
  if (tl_is_var(&t->cols[c])) {
    tl_set_bytes(t, c, dst, s->s, s->slen);
  } else {
    tl_val *d = tl_cell(t, c, dst);
    free(d->s);
    *d = *s;
  }
}

/* Fills rows [r0, r0+n): each nullable column has its own null rate; a
 * column with few[c] set mostly repeats one of the table's first 4 values. */
static void random_rows(tl_table *t, int64_t n, uint64_t *st, const int *null_pct, const int *few) {
  for (int64_t k = 0; k < n; k++) {
    int64_t r = tl_add_row(t);
    for (int c = 0; c < t->ncols; c++) {
      if (t->cols[c].nullable && (int)(tl_rand(st) % 100) < null_pct[c]) continue;
      random_value(t, c, r, st);
      if (few[c] && r >= 4 && tl_rand(st) % 16 != 0) copy_cell(t, c, r, (int64_t)(tl_rand(st) % 4));
    }
  }
}

typedef struct run {
  int nver;
  int64_t ver_rows[2][1200]; /* model rows of each version, scan order */
  int64_t ver_n[2];
  int64_t files[2]; /* data files (fragments) of each write */
  int append;       /* v2 appended (else overwrote) */
} run;

/* Writes model rows [r0, r1) as one writer session in `mode`, in random
 * batches; returns the LanceWriter status. */
static int write_session(const char *path, const tl_table *t, int64_t r0, int64_t r1, tpch_write_mode mode,
                         int session, uint64_t *st, int64_t *max_rows_out) {
  static const tpch_lance_compression codecs[] = {TPCH_LANCE_COMPRESSION_ZSTD, TPCH_LANCE_COMPRESSION_LZ4,
                                                  TPCH_LANCE_COMPRESSION_NONE};
  static const int64_t pages[] = {16, 64, 256, 4096, 0};
  static const int64_t files[] = {1, 7, 100, 0};
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.mode = mode;
  o.page_bytes = pages[tl_rand(st) % 5];
  o.max_rows_per_file = r1 - r0 < 40 ? files[tl_rand(st) % 4] : files[1 + tl_rand(st) % 3];
  o.no_fsync = 1;
  o.compression = codecs[session % 3];
  *max_rows_out = o.max_rows_per_file ? o.max_rows_per_file : 1048576;
  struct ArrowSchema sc;
  tl_schema(t, &sc);
  tpch_error err;
  LanceWriter *w = NULL;
  if (tpch_lance_writer_create(&w, path, &sc, &o, &err) != TPCH_OK) {
    fprintf(stderr, "%s: %s\n", path, err.message);
    sc.release(&sc);
    return err.code;
  }
  int rc = 0;
  for (int64_t r = r0; rc == 0 && r <= r1;) {
    uint64_t k = tl_rand(st) % 6;
    int64_t len = k == 0 ? 0 : k == 1 ? 1 : (int64_t)(tl_rand(st) % 150);
    if (len > r1 - r) len = r1 - r;
    struct ArrowArray a;
    tl_batch(t, r, len, (int64_t)(tl_rand(st) % 4), (int64_t)(tl_rand(st) % 4), tl_rand(st), &a);
    rc = lance_writer_write_batch(w, &a, (tl_rand(st) & 1) ? &sc : NULL);
    a.release(&a);
    r += len;
    if (r == r1) break;
  }
  if (rc == 0) rc = lance_writer_close(w);
  if (rc != 0) fprintf(stderr, "%s: %s\n", path, lance_writer_last_error(w));
  lance_writer_destroy(w);
  sc.release(&sc);
  return rc;
}

/* One seed: a random table written as v1 (create), plus on some seeds v2
 * (append or overwrite). Fills `out` with the expected versions. */
static int run_seed(const char *dir, int seed, tl_table *t, run *out) {
  uint64_t st = (uint64_t)seed * 0x2545F4914F6CDD1Dull + 7;
  char path[512];
  snprintf(path, sizeof path, "%s/p%d.lance", dir, seed);
  random_schema(t, &st);
  int null_pct[TL_MAX_COLS], few[TL_MAX_COLS];
  static const int rates[] = {0, 5, 30, 100};
  for (int c = 0; c < t->ncols; c++)
    null_pct[c] = rates[tl_rand(&st) % 4];
  for (int c = 0; c < t->ncols; c++)
    few[c] = tl_rand(&st) % 2 == 0;
  int64_t n1 = seed % 5 == 0 ? (int64_t)(tl_rand(&st) % 3) : 1 + (int64_t)(tl_rand(&st) % 600);
  int64_t n2 = 1 + (int64_t)(tl_rand(&st) % 300);
  random_rows(t, n1 + n2, &st, null_pct, few);
  memset(out, 0, sizeof *out);
  int64_t mr;
  int rc = write_session(path, t, 0, n1, TPCH_WRITE_CREATE, seed, &st, &mr);
  out->nver = 1;
  for (int64_t r = 0; r < n1; r++)
    out->ver_rows[0][out->ver_n[0]++] = r;
  out->files[0] = (n1 + mr - 1) / mr;
  int second = seed % 3; /* 0: none, 1: append, 2: overwrite */
  if (rc == 0 && second) {
    rc = write_session(path, t, n1, n1 + n2, second == 1 ? TPCH_WRITE_APPEND : TPCH_WRITE_OVERWRITE, seed + 2,
                       &st, &mr);
    out->nver = 2;
    out->append = second == 1;
    if (second == 1)
      for (int64_t r = 0; r < n1; r++)
        out->ver_rows[1][out->ver_n[1]++] = r;
    for (int64_t r = n1; r < n1 + n2; r++)
      out->ver_rows[1][out->ver_n[1]++] = r;
    out->files[1] = (n2 + mr - 1) / mr;
  }
  return rc;
}

/* Checks versions and per-version row counts through the manifests. */
static void check_in_c(const char *dir, int seed, const run *rn) {
  char path[512];
  snprintf(path, sizeof path, "%s/p%d.lance", dir, seed);
  uint64_t latest;
  int s;
  tpch_error err;
  CHECK(lance_dataset_latest(path, &latest, &s, &err) == 0 && latest == (uint64_t)rn->nver,
        "seed %d: %llu versions", seed, (unsigned long long)latest);
  for (int v = 0; v < rn->nver && v < (int)latest; v++) {
    lance_manifest m;
    if (lance_manifest_load(&m, path, (uint64_t)v + 1, s, &err) != 0) {
      CHECK(0, "seed %d v%d: %s", seed, v + 1, err.message);
      continue;
    }
    int64_t rows = 0;
    for (size_t i = 0; i < m.n_frags; i++)
      rows += (int64_t)m.frags[i].physical_rows;
    CHECK(rows == rn->ver_n[v], "seed %d v%d: %lld rows, want %lld", seed, v + 1, (long long)rows,
          (long long)rn->ver_n[v]);
    int64_t frags = v == 0 ? rn->files[0] : (rn->append ? rn->files[0] : 0) + rn->files[1];
    CHECK((int64_t)m.n_frags == frags, "seed %d v%d: %zu fragments, want %lld", seed, v + 1, m.n_frags,
          (long long)frags);
    lance_manifest_free(&m);
  }
}

static void json_seed(FILE *f, const char *dir, int seed, const tl_table *t, const run *rn, int first) {
  fprintf(f, "%s{\"path\":\"%s/p%d.lance\",\"all_versions\":[1%s],", first ? "" : ",", dir, seed,
          rn->nver == 2 ? ",2" : "");
  tl_json_schema(f, t);
  fputs(",\"versions\":[", f);
  for (int v = 0; v < rn->nver; v++) {
    fprintf(f, "%s{\"version\":%d,", v ? "," : "", v + 1);
    tl_json_columns(f, t, rn->ver_rows[v], rn->ver_n[v]);
    fputc('}', f);
  }
  fputs("]}", f);
}

int main(int argc, char **argv) {
  char tmpl[] = "/tmp/test_lance_property.XXXXXX";
  const char *dir = argc > 1 ? argv[1] : mkdtemp(tmpl);
  CHECK(dir != NULL, "mkdtemp");
  if (dir == NULL) return check_finish();
  mkdir(dir, 0755);
  int seeds = argc > 1 ? 24 : 6;
  static run rn;
  FILE *f = NULL;
  if (argc > 1) {
    char path[600];
    snprintf(path, sizeof path, "%s/expected.json", dir);
    f = fopen(path, "w");
    CHECK(f != NULL, "cannot write %s", path);
    if (f) fputs("{\"datasets\":[", f);
  }
  for (int seed = 1; seed <= seeds; seed++) {
    tl_table t;
    CHECK(run_seed(dir, seed, &t, &rn) == 0, "seed %d: write failed", seed);
    check_in_c(dir, seed, &rn);
    if (f) json_seed(f, dir, seed, &t, &rn, seed == 1);
    tl_free(&t);
  }
  if (f) {
    fputs("]}\n", f);
    fclose(f);
  } else {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
  }
  return check_finish();
}
