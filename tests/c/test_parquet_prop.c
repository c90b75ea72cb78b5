/*
 * test_parquet_prop.c - random schemas, random batches, random options.
 *   test_parquet_prop DIR   writes DIR/p<seed>.parquet + .json for a fixed
 *                           list of seeds; parquet_check.mjs reads them back
 *   test_parquet_prop       writes them to a scratch dir (library-side checks
 *                           only: every write succeeds, file_info adds up)
 * Values lean on the edges: INT64_MIN/MAX, the largest decimals of each
 * precision, NaN/inf/-0.0, empty, long and multi-byte strings, one-row and
 * empty batches, batches with non-zero struct and child offsets, columns
 * with one distinct value (a 0-bit dictionary) or all nulls, columns whose
 * distinct values keep growing (so dictionaries fill up mid-chunk), and
 * some long seeds whose chunks reach the dictionary checks at 4096 and
 * 8192 values.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "parquet_writer.h"
#include "test_parquet_arrow.h"

#define NSEEDS 120
#define JUNK 4

static uint64_t rng_state;
static uint64_t rnd(void) { /* splitmix64: reproducible on every platform */
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static int64_t rint_(int64_t lo, int64_t hi) {
  return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}
static int chance(int pct) {
  return (int)(rnd() % 100) < pct;
}

static const char *pieces[] = {"a", "Z", " ", "é", "ß", "東", "京", "😀", "~", "\x7f", "0", "ÿ", "\"", "\\"};

static void random_text(char *buf, int len) {
  int n = 0;
  while (n < len) {
    const char *p = pieces[rnd() % (sizeof pieces / sizeof pieces[0])];
    size_t k = strlen(p);
    if (n + (int)k > len) break;
    memcpy(buf + n, p, k);
    n += (int)k;
  }
  buf[n] = '\0';
}

/* Per-column generation plan. */
typedef struct plan {
  int kind, nullable, null_pct, pool; /* pool > 0: values come from `pool` distinct ones */
  int ramp;                           /* ramp > 0: from 1 + row / ramp distinct ones */
  int precision, scale, long_text, all_null;
} plan;

static void decimal_max(int precision, int neg, int64_t *lo, int64_t *hi) {
  unsigned __int128 v = 1;
  for (int i = 0; i < precision; i++)
    v *= 10;
  v -= 1;
  if (neg) v = ~v + 1;
  *lo = (int64_t)(uint64_t)v;
  *hi = (int64_t)(uint64_t)(v >> 64);
}

static void push_value(tb_col *c, const plan *p, uint64_t pick) {
  static char text[4096];
  rng_state ^= pick * 0x100000001B3ull; /* pooled columns repeat their values */
  switch (p->kind) {
  case 'b': tb_push_bool(c, (int)(rnd() & 1)); break;
  case 'i': {
    int64_t e = rint_(0, 9);
    tb_push_i32(c, e == 0 ? INT32_MIN : e == 1 ? INT32_MAX : (int32_t)rint_(-100000, 100000));
    break;
  }
  case 'l': {
    int64_t e = rint_(0, 9);
    tb_push_i64(c, e == 0 ? INT64_MIN : e == 1 ? INT64_MAX : (int64_t)rnd());
    break;
  }
  case 'g': {
    static const double special[] = {NAN, INFINITY, -INFINITY, -0.0, 0.0, 5e-324, -1.7976931348623157e308};
    double v = chance(20) ? special[rnd() % 7] : ((double)(int64_t)rnd()) / 1e9;
    tb_push_f64(c, v);
    break;
  }
  case 't': tb_push_i32(c, (int32_t)rint_(-700000, 2900000)); break;
  case 'd': {
    int64_t lo, hi;
    int64_t e = rint_(0, 5);
    if (e <= 1) {
      decimal_max(p->precision, (int)e, &lo, &hi);
    } else {
      /* below 10^precision; any int64 fits a precision of 19 or more */
      uint64_t lim = 1;
      for (int i = 0; i < p->precision && i < 18; i++)
        lim *= 10;
      int64_t v = p->precision > 18 ? (int64_t)rnd() : (int64_t)(rnd() % lim) * (chance(50) ? -1 : 1);
      lo = v, hi = v < 0 ? -1 : 0;
    }
    tb_push_dec(c, lo, hi);
    break;
  }
  case 'z': {
    uint8_t b[64];
    int n = (int)rint_(0, 40);
    for (int i = 0; i < n; i++)
      b[i] = (uint8_t)(chance(20) ? 0xFF : rnd());
    tb_push_bytes(c, b, (size_t)n);
    break;
  }
  default: {
    int len = p->long_text && chance(30) ? (int)rint_(200, 1200) : (int)rint_(0, 12);
    random_text(text, len);
    tb_push_str(c, text);
  }
  }
}

static const int kinds[] = {'b', 'i', 'l', 'g', 't', 'd', 'u', 'U', 'z'};

static void make_plans(plan *plans, int ncols) {
  for (int i = 0; i < ncols; i++) {
    plan *p = &plans[i];
    memset(p, 0, sizeof *p);
    p->kind = kinds[rnd() % 9];
    p->nullable = chance(60);
    p->null_pct = p->nullable ? (int)rint_(0, 60) : 0;
    p->all_null = p->nullable && chance(8);
    p->pool = chance(40) ? (int)rint_(1, 12) : 0;
    p->ramp = p->pool == 0 && chance(30) ? (int)rint_(1, 40) : 0;
    p->long_text = chance(30);
    if (p->kind == 'd') {
      p->precision = (int)(chance(50) ? rint_(1, 18) : rint_(19, 38));
      p->scale = (int)rint_(0, p->precision);
    }
  }
}

static const char *codec_name(tpch_parquet_compression c) {
  return c == TPCH_PARQUET_COMPRESSION_NONE     ? "UNCOMPRESSED"
         : c == TPCH_PARQUET_COMPRESSION_SNAPPY ? "SNAPPY"
                                                : "ZSTD";
}

static void random_options(tpch_parquet_writer_options *o) {
  static const tpch_parquet_compression codecs[] = {
      TPCH_PARQUET_COMPRESSION_NONE, TPCH_PARQUET_COMPRESSION_SNAPPY, TPCH_PARQUET_COMPRESSION_ZSTD};
  tpch_parquet_writer_options_init(o);
  o->compression = codecs[rnd() % 3];
  o->compression_level = (int)rint_(1, 5);
  o->data_page_version = (int)rint_(1, 2);
  if (chance(70))
    o->row_group_rows = rint_(1, 400);
  else
    o->row_group_bytes = rint_(1, 20000);
  if (chance(50)) o->page_rows = rint_(1, 150);
  if (chance(40)) o->page_bytes = rint_(1, 4000);
  o->no_dictionary = !chance(80);
  if (chance(50)) o->dictionary_max_bytes = rint_(1, 300);
  o->no_page_index = !chance(80);
  o->mode = TPCH_WRITE_OVERWRITE;
  o->no_fsync = 1;
}

/* One file: returns TPCH_OK and fills the JSON, or the failing status. */
static int one_seed(int seed, const char *dir, int64_t *rows_out, tpch_error *err) {
  rng_state = (uint64_t)seed * 7919u + 1;
  int ncols = (int)rint_(1, 8);
  plan plans[8];
  make_plans(plans, ncols);
  tpch_parquet_writer_options o;
  random_options(&o);
  tb_table t;
  tb_init(&t);
  for (int i = 0; i < ncols; i++) {
    char name[32];
    snprintf(name, sizeof name, "c%d_%c", i, plans[i].kind);
    tb_add_col(&t, name, plans[i].kind, plans[i].nullable, plans[i].precision, plans[i].scale);
  }
  /* batches: lengths 0, 1 or up to 250; a long seed adds one of 4000..9000
   * rows in row groups big enough for the dictionary checks */
  int long_seed = chance(15);
  int nbatches = (int)rint_(long_seed, 5);
  int64_t lens[6], total = 0;
  for (int b = 0; b < nbatches; b++) {
    int64_t r = rint_(0, 9);
    lens[b] = b == 0 && long_seed ? rint_(4000, 9000) : r == 0 ? 0 : r == 1 ? 1 : rint_(2, 250);
    total += lens[b];
  }
  if (long_seed) o.row_group_rows = rint_(4100, 12000), o.row_group_bytes = 1 << 30;
  for (int64_t k = 0; k < JUNK + total; k++) {
    for (int i = 0; i < ncols; i++) {
      plan *p = &plans[i];
      uint64_t save = rng_state;
      if (k >= JUNK && (p->all_null || (p->nullable && chance(p->null_pct)))) {
        tb_push_null(&t.cols[i]);
      } else if (p->pool || p->ramp) {
        uint64_t n = p->pool ? (uint64_t)p->pool : 1 + (uint64_t)k / (uint64_t)p->ramp;
        uint64_t pick = rnd() % n + 1;
        uint64_t keep = rng_state;
        rng_state = pick * 0x51ED27ull;
        push_value(&t.cols[i], p, pick);
        rng_state = keep;
      } else {
        push_value(&t.cols[i], p, 0);
      }
      rng_state = save + 0x632BE59BD9B4E019ull;
    }
  }
  tb_finish(&t, 0, 0);
  char path[4096];
  snprintf(path, sizeof path, "%s/p%03d.parquet", dir, seed);
  tpch_parquet_writer *w = NULL;
  int rc = tpch_parquet_writer_create(&w, path, &t.schema, &o, err);
  int64_t done = 0;
  for (int b = 0; b < nbatches && rc == TPCH_OK; b++) {
    /* child offsets vary per batch; the struct offset makes up the rest */
    struct ArrowArray kids[8], *kid_ptrs[8], batch = t.array;
    int64_t coff = rint_(0, JUNK + done);
    for (int i = 0; i < ncols; i++) {
      kids[i] = t.cols[i].arr;
      kids[i].offset = coff;
      kids[i].length = t.cols[i].n - coff;
      kid_ptrs[i] = &kids[i];
    }
    batch.children = kid_ptrs;
    batch.offset = JUNK + done - coff;
    batch.length = lens[b];
    rc = tpch_parquet_writer_write(w, &batch, err);
    done += lens[b];
  }
  if (rc == TPCH_OK) rc = tpch_parquet_writer_close(w, err);
  tpch_parquet_file_info info;
  if (rc == TPCH_OK && (rc = tpch_parquet_writer_file_info(w, &info, err)) == TPCH_OK) {
    CHECK(info.num_rows == total, "seed %d: file_info rows %lld vs %lld", seed, (long long)info.num_rows,
          (long long)total);
    for (int i = 0; i < ncols; i++)
      CHECK(info.columns[i].num_values == total, "seed %d col %d: num_values", seed, i);
  }
  if (w) tpch_parquet_writer_destroy(w);
  if (rc == TPCH_OK) {
    snprintf(path, sizeof path, "%s/p%03d.json", dir, seed);
    FILE *f = fopen(path, "w");
    char extra[512];
    snprintf(extra, sizeof extra,
             "\"file\":\"p%03d.parquet\",\"codec\":\"%s\",\"page_version\":%d,\"page_rows\":%lld,\"check_"
             "pages\":0,"
             "\"page_index\":%d,\"kv\":0,\"sorting_column\":-1,\"seed\":%d",
             seed, codec_name(o.compression), o.data_page_version, (long long)o.page_rows, !o.no_page_index,
             seed);
    if (f) {
      tb_json_write(f, &t, JUNK, extra);
      fclose(f);
    }
    rc = f ? TPCH_OK : TPCH_EIO;
  }
  *rows_out = total;
  tb_free(&t);
  return rc;
}

int main(int argc, char **argv) {
  char scratch[] = "/tmp/tpch-pq-prop-XXXXXX";
  const char *dir = argc > 1 ? argv[1] : mkdtemp(scratch);
  CHECK(dir != NULL, "no output directory");
  if (dir == NULL) return check_finish();
  int64_t rows = 0;
  for (int seed = 1; seed <= NSEEDS; seed++) {
    tpch_error err = {0};
    int64_t n;
    int rc = one_seed(seed, dir, &n, &err);
    CHECK(rc == TPCH_OK, "seed %d: %s", seed, err.message);
    rows += n;
  }
  printf("%d files, %lld rows\n", NSEEDS, (long long)rows);
  if (argc <= 1) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup");
  }
  return check_finish();
}
