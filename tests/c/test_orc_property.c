/*
 * test_orc_property.c - random flat schemas (every type the ORC writer takes,
 * nullable or not, null rates up to all-null), random values (repeats,
 * sorted runs, extremes, empty strings, low and high cardinality strings),
 * random batching with struct and child offsets, random codecs, row index
 * strides, chunk and stripe sizes (fixed seeds).
 *
 *   test_orc_property        seeds 1..4 into a temporary directory, checked
 *                            in C: every write succeeds, the same input gives
 *                            the same bytes, nothing else is left behind
 *   test_orc_property DIR    seeds 1..24 written to DIR/pK.orc with the values
 *                            meant in DIR/pK.json, for tests/py/orc_property_check.py
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "orc_writer.h"
#include "test_parquet_arrow.h"

static uint64_t rnd(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static const char kinds[] = "bcsilfgtduUz";

static const char *words[] = {"", "a", "ORC", "stripe", "row group", "Ünïcødé", "zzzz", "A", "tpch"};

static int64_t rand_int(uint64_t *st, int bits) {
  if (bits >= 64) return (int64_t)rnd(st);
  uint64_t span = (uint64_t)1 << (bits - 1);
  return (int64_t)(rnd(st) % (2 * span) - span); /* in [-span, span) */
}

static void build(tb_table *t, uint64_t *st, int rows) {
  tb_init(t);
  int ncols = 1 + (int)(rnd(st) % 8);
  for (int c = 0; c < ncols; c++) {
    char name[16];
    snprintf(name, sizeof name, "c%d", c);
    int k = kinds[rnd(st) % (sizeof kinds - 1)];
    int p = 0, s = 0;
    if (k == 'd') {
      p = 1 + (int)(rnd(st) % 38);
      s = (int)(rnd(st) % (uint64_t)(p + 1));
    }
    tb_add_col(t, name, k, (int)(rnd(st) % 2), p, s);
  }
  for (int c = 0; c < ncols; c++) {
    tb_col *col = &t->cols[c];
    int nullpct = !col->nullable ? 0 : (int)(rnd(st) % 4) == 0 ? 100 : (int)(rnd(st) % 60);
    int mode = (int)(rnd(st) % 4); /* 0 random, 1 sorted with repeats, 2 few values, 3 extremes */
    int bits = 1 + (int)(rnd(st) % 64);
    int64_t run = 0, cur = rand_int(st, 20);
    for (int r = 0; r < rows; r++) {
      if ((int)(rnd(st) % 100) < nullpct) {
        tb_push_null(col);
        continue;
      }
      int64_t v;
      if (mode == 1) {
        if (run-- <= 0) {
          cur += (int64_t)(rnd(st) % 5);
          run = (int64_t)(rnd(st) % 12);
        }
        v = cur;
      } else if (mode == 2) {
        v = (int64_t)(rnd(st) % 5) - 2;
      } else if (mode == 3) {
        v = (rnd(st) & 1) ? INT64_MAX - (int64_t)(rnd(st) % 3) : INT64_MIN + (int64_t)(rnd(st) % 3);
      } else {
        v = rand_int(st, bits);
      }
      switch (col->kind) {
      case 'b': tb_push_bool(col, (int)(v & 1)); break;
      case 'c': {
        int8_t x = (int8_t)v;
        tb_push_fixed(col, &x);
        break;
      }
      case 's': {
        int16_t x = (int16_t)v;
        tb_push_fixed(col, &x);
        break;
      }
      case 'i': tb_push_i32(col, (int32_t)v); break;
      case 'l': tb_push_i64(col, v); break;
      case 'f': {
        float x = (float)((double)(v % 1000000) / 64.0);
        tb_push_fixed(col, &x);
        break;
      }
      case 'g':
        tb_push_f64(col, mode == 3 ? (double)v * 1e280 / 9.2e18 : (double)(v % 100000000) / 1024.0);
        break;
      case 't':
        tb_push_i32(col, (int32_t)(mode == 3 ? (v & 1 ? 47482 : -25567) : v % 40000));
        break; /* 1900..2100 */
      case 'd': {
        /* |value| < 10^precision */
        unsigned __int128 lim = 1;
        for (int i = 0; i < col->precision; i++)
          lim *= 10;
        unsigned __int128 u = ((unsigned __int128)rnd(st) << 64 | rnd(st));
        if (mode == 2) u = (unsigned __int128)(rnd(st) % 7);
        if (mode == 3) u = lim - 1;
        __int128 x = (__int128)(u % lim);
        if (rnd(st) & 1) x = -x;
        tb_push_dec(col, (int64_t)(uint64_t)x, (int64_t)((unsigned __int128)x >> 64));
        break;
      }
      default: {
        char buf[200];
        if (mode == 2 || mode == 1) {
          snprintf(buf, sizeof buf, "%s", words[(uint64_t)v % (sizeof words / sizeof *words)]);
        } else {
          int len = (int)(rnd(st) % (mode == 3 ? 150 : 30));
          for (int i = 0; i < len; i++)
            buf[i] = (char)('!' + rnd(st) % 90);
          buf[len] = '\0';
        }
        tb_push_str(col, buf);
      }
      }
    }
  }
}

static tpch_orc_writer_options random_options(uint64_t *st) {
  tpch_orc_writer_options o;
  tpch_orc_writer_options_init(&o);
  o.compression = (tpch_orc_compression)(rnd(st) % 5);
  if (rnd(st) % 2) o.row_index_stride = 1 + (int64_t)(rnd(st) % 3000);
  if (rnd(st) % 2) o.compression_block = 1024 + (int64_t)(rnd(st) % 8192);
  if (rnd(st) % 2) o.stripe_bytes = 1 + (int64_t)(rnd(st) % 200000);
  o.no_fsync = 1;
  return o;
}

/* Writes rows [0, n) of t in random batches through slices of the arrays. */
static int write_file(const char *path, tb_table *t, const tpch_orc_writer_options *o, uint64_t *st) {
  tpch_error err;
  tpch_orc_writer *w;
  int rc = tpch_orc_writer_create(&w, path, &t->schema, o, &err);
  if (rc != TPCH_OK) {
    fprintf(stderr, "create: %s\n", err.message);
    return rc;
  }
  int64_t n = t->ncols ? t->cols[0].n : 0;
  for (int64_t at = 0; at < n && rc == TPCH_OK;) {
    int64_t take = 1 + (int64_t)(rnd(st) % 7000);
    if (take > n - at) take = n - at;
    /* split the offset between the struct and its children */
    int64_t so = (int64_t)(rnd(st) % (uint64_t)(at + 1));
    struct ArrowArray kids[TB_MAX_COLS], *kp[TB_MAX_COLS], top = t->array;
    for (int i = 0; i < t->ncols; i++) {
      kids[i] = t->cols[i].arr;
      kids[i].offset = at - so;
      kids[i].length = n - (at - so);
      kp[i] = &kids[i];
    }
    top.children = kp;
    top.offset = so;
    top.length = take;
    rc = tpch_orc_writer_write(w, &top, &err);
    at += take;
  }
  if (rc == TPCH_OK) rc = tpch_orc_writer_close(w, &err);
  if (rc != TPCH_OK) fprintf(stderr, "%s: %s\n", path, err.message);
  tpch_orc_writer_destroy(w);
  return rc;
}

static int same_file(const char *a, const char *b) {
  FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
  int same = x && y;
  while (same) {
    int cx = fgetc(x), cy = fgetc(y);
    if (cx != cy) same = 0;
    if (cx == EOF || cy == EOF) break;
  }
  if (x) fclose(x);
  if (y) fclose(y);
  return same;
}

int main(int argc, char **argv) {
  char tmpl[] = "/tmp/tpch-orc-prop-XXXXXX";
  const char *dir = argc > 1 ? argv[1] : mkdtemp(tmpl);
  int seeds = argc > 1 ? 24 : 4;
  if (dir == NULL || (argc > 1 && mkdir(dir, 0755) != 0 && access(dir, W_OK) != 0)) {
    fprintf(stderr, "cannot use directory\n");
    return 1;
  }
  for (int seed = 1; seed <= seeds; seed++) {
    uint64_t st = 0x9E3779B97F4A7C15ull * (uint64_t)seed + 1;
    int rows = seed % 6 == 0 ? 0 : seed % 5 == 0 ? 1 : (int)(rnd(&st) % 40000);
    tb_table t;
    build(&t, &st, rows);
    tb_finish(&t, 0, 0);
    tpch_orc_writer_options o = random_options(&st);
    char path[4200], again[4200], json[4200];
    snprintf(path, sizeof path, "%s/p%d.orc", dir, seed);
    uint64_t st2 = st;
    CHECK(write_file(path, &t, &o, &st) == TPCH_OK, "seed %d: write", seed);
    if (argc > 1) {
      snprintf(json, sizeof json, "%s/p%d.json", dir, seed);
      FILE *f = fopen(json, "w");
      char extra[160];
      snprintf(extra, sizeof extra, "\"compression\":%d,\"stride\":%lld", (int)o.compression,
               (long long)(o.row_index_stride ? o.row_index_stride : 10000));
      if (f) tb_json_write(f, &t, 0, extra);
      CHECK(f != NULL && fclose(f) == 0, "seed %d: expected values", seed);
    } else {
      /* other batch cuts, same bytes */
      snprintf(again, sizeof again, "%s/q%d.orc", dir, seed);
      st2 ^= 0x5555;
      CHECK(write_file(again, &t, &o, &st2) == TPCH_OK, "seed %d: second write", seed);
      CHECK(same_file(path, again), "seed %d: batching changed the bytes", seed);
      unlink(again);
      unlink(path);
    }
    tb_free(&t);
  }
  if (argc <= 1) {
    DIR *d = opendir(dir);
    int left = 0;
    for (struct dirent *e; d && (e = readdir(d));)
      left += e->d_name[0] != '.' || strstr(e->d_name, ".tmp-") != NULL;
    if (d) closedir(d);
    CHECK(left == 0, "%d files left behind", left);
    rmdir(dir);
  }
  return check_finish();
}
