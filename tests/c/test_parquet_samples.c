/*
 * test_parquet_samples.c - hand-built batches of every supported type,
 * nullable and not, written with each codec and data page version, with
 * columns made to be dictionary-encoded, to fall back to PLAIN in the middle
 * of a chunk (dictionary full, or the "does it pay" check failing), or to
 * stay PLAIN; the readers check the encodings each column must get.
 *   test_parquet_samples DIR   writes DIR/<name>.parquet + DIR/<name>.json
 *                              (the values and options the JS readers check)
 *   test_parquet_samples       writes them to a scratch dir and checks the
 *                              files' framing and file_info only
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "parquet_writer.h"
#include "test_parquet_arrow.h"

#define JUNK 5 /* leading slots hidden by the struct and child offsets */
#define ROWS 3000
#define PROBE_ROWS 10000

/* A well-mixed 64-bit function of the row: "random" picks without a
 * period a compressor could exploit. */
static uint64_t mix(int64_t r) {
  uint64_t x = (uint64_t)r * 0x9E3779B97F4A7C15ull;
  x ^= x >> 31, x *= 0xBF58476D1CE4E5B9ull;
  return x ^ (x >> 29);
}

static const char *modes[] = {"AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB", "REG AIR"};
static const char *words[] = {"",
                              "a",
                              "Zürich",
                              "東京",
                              "ÿ",
                              "quick brown fox",
                              "\"quoted\"",
                              "tab\there",
                              "zzzz",
                              "A",
                              "carefully final deposits"};

/* Ascending (the "defaults" file declares it as its sorting column), with
 * the int64 extremes at both ends. */
static int64_t i64_at(int64_t r) {
  if (r <= 0) return INT64_MIN;
  if (r == ROWS - 1) return INT64_MAX;
  return 5000000000LL + r * 1000003LL - (r % 3) * 7;
}

static int32_t i32_at(int64_t r) {
  if (r == 11) return INT32_MIN;
  if (r == 12) return INT32_MAX;
  return (int32_t)((r * 37) % 2001) - 1000;
}

static void fill(tb_table *t) {
  int c_key = tb_add_col(t, "k_i64", 'l', 0, 0, 0);
  int c_i32 = tb_add_col(t, "n_i32", 'i', 0, 0, 0);
  int c_dec = tb_add_col(t, "price", 'd', 0, 15, 2);
  int c_date = tb_add_col(t, "day", 't', 0, 0, 0);
  int c_str = tb_add_col(t, "comment", 'u', 0, 0, 0);
  int c_mode = tb_add_col(t, "mode", 'u', 0, 0, 0);
  int c_bool = tb_add_col(t, "flag", 'b', 1, 0, 0);
  int c_f64 = tb_add_col(t, "ratio", 'g', 1, 0, 0);
  int c_d38 = tb_add_col(t, "big", 'd', 1, 38, 10);
  int c_d9 = tb_add_col(t, "small_dec", 'd', 1, 9, 3);
  int c_opt = tb_add_col(t, "x_opt", 'l', 1, 0, 0);
  int c_large = tb_add_col(t, "large_text", 'U', 1, 0, 0);
  int c_bin = tb_add_col(t, "blob", 'z', 1, 0, 0);
  int c_mopt = tb_add_col(t, "mode_opt", 'u', 1, 0, 0);
  int c_grow = tb_add_col(t, "grow", 'u', 0, 0, 0); /* a new value every 100 rows */
  /* few distinct values: dictionary-encoded wherever the dictionary is on and big enough */
  int c_line = tb_add_col(t, "line", 'i', 0, 0, 0);
  int c_line_opt = tb_add_col(t, "line_opt", 'i', 1, 0, 0);
  int c_qty = tb_add_col(t, "qty", 'd', 0, 15, 2);
  int c_qty_opt = tb_add_col(t, "qty_opt", 'd', 1, 15, 2);
  int c_ship = tb_add_col(t, "ship", 't', 0, 0, 0);
  int c_ship_opt = tb_add_col(t, "ship_opt", 't', 1, 0, 0); /* all null in rows 256..511: a null page */
  int c_supp = tb_add_col(t, "supp", 'l', 0, 0, 0);
  int c_supp_opt = tb_add_col(t, "supp_opt", 'l', 1, 0, 0);
  int c_big_dict = tb_add_col(t, "big_dict", 'd', 1, 38, 4);
  int c_ratio_dict = tb_add_col(t, "ratio_dict", 'g', 0, 0, 0);
  /* a new value every 4 (8-byte) or 2 (4-byte) rows: with a 1024-byte dictionary
   * the 129th / 257th entry arrives at row 512 of each 1000-row chunk, a page
   * boundary, so the chunk goes on PLAIN from there */
  int c_igrow = tb_add_col(t, "igrow", 'l', 0, 0, 0);
  int c_dgrow = tb_add_col(t, "dgrow", 't', 1, 0, 0);
  int c_pgrow = tb_add_col(t, "pgrow", 'd', 0, 15, 2);
  char buf[256];
  for (int64_t k = 0; k < JUNK + ROWS; k++) {
    int64_t r = k - JUNK; /* junk slots get r < 0 values nobody checks */
    tb_push_i64(&t->cols[c_key], i64_at(r));
    tb_push_i32(&t->cols[c_i32], i32_at(r));
    int64_t price = r == 3   ? 999999999999999LL
                    : r == 4 ? -999999999999999LL
                             : (r * 7919) % 10000000 - 5000000;
    tb_push_dec64(&t->cols[c_dec], price);
    tb_push_i32(&t->cols[c_date], r == 5 ? -25567 : (int32_t)(8035 + (r * 13) % 2557));
    snprintf(buf, sizeof buf, "%s #%lld", words[(r < 0 ? 0 : r) % 11], (long long)(r * 31 % 1000));
    tb_push_str(&t->cols[c_str], r == 9 ? "" : buf);
    tb_push_str(&t->cols[c_mode], modes[(r < 0 ? 0 : r) * 5 / 11 % 7]);
    if (r % 5 == 2)
      tb_push_null(&t->cols[c_bool]);
    else
      tb_push_bool(&t->cols[c_bool], r % 3 == 0);
    if (r % 7 == 1)
      tb_push_null(&t->cols[c_f64]);
    else
      tb_push_f64(&t->cols[c_f64], r == 10   ? -0.0
                                   : r == 20 ? 1e300
                                   : r == 21 ? -2.5e-300
                                             : (double)r / 8.0 - 100);
    if (r % 4 == 3)
      tb_push_null(&t->cols[c_d38]);
    else if (r == 0) /* 10^38 - 1 and its negation: the DECIMAL(38) extremes */
      tb_push_dec(&t->cols[c_d38], (int64_t)0x098A223FFFFFFFFFULL, (int64_t)0x4B3B4CA85A86C47AULL);
    else if (r == 1)
      tb_push_dec(&t->cols[c_d38], (int64_t)0xF675DDC000000001ULL, (int64_t)0xB4C4B357A5793B85ULL);
    else
      tb_push_dec(&t->cols[c_d38], r * 123456789012345LL, r * 123456789012345LL < 0 ? -1 : 0);
    if (r % 6 == 5)
      tb_push_null(&t->cols[c_d9]);
    else
      tb_push_dec64(&t->cols[c_d9], r == 2 ? 999999999 : r == 6 ? -999999999 : r * 17 - 20000);
    if (r >= 256 && r < 512)
      tb_push_null(&t->cols[c_opt]);
    else if (r % 3 == 1)
      tb_push_null(&t->cols[c_opt]);
    else
      tb_push_i64(&t->cols[c_opt], r * r - 400000);
    if (r % 9 == 4)
      tb_push_null(&t->cols[c_large]);
    else {
      snprintf(buf, sizeof buf, "large %lld %s", (long long)r, words[(r < 0 ? 0 : r) % 11]);
      tb_push_str(&t->cols[c_large], buf);
    }
    if (r % 8 == 6)
      tb_push_null(&t->cols[c_bin]);
    else {
      uint8_t b[5] = {(uint8_t)r, (uint8_t)(r >> 8), 0, 0xFF, (uint8_t)(r * 7)};
      tb_push_bytes(&t->cols[c_bin], b, (size_t)((r < 0 ? 0 : r) % 6));
    }
    if (r % 10 == 3)
      tb_push_null(&t->cols[c_mopt]);
    else
      tb_push_str(&t->cols[c_mopt], modes[(r < 0 ? 0 : r) % 3]);
    snprintf(buf, sizeof buf, "g%lld", (long long)((r < 0 ? 0 : r) / 100));
    tb_push_str(&t->cols[c_grow], buf);
    uint64_t h = mix(r);
    tb_push_i32(&t->cols[c_line], (int32_t)(1 + h % 7));
    if (r % 5 == 4)
      tb_push_null(&t->cols[c_line_opt]);
    else
      tb_push_i32(&t->cols[c_line_opt], r == 7   ? INT32_MIN
                                        : r == 8 ? INT32_MAX
                                                 : (int32_t)((h >> 8) % 5) - 2);
    tb_push_dec64(&t->cols[c_qty], (int64_t)(1 + (h >> 12) % 50) * 100);
    if (r % 4 == 1)
      tb_push_null(&t->cols[c_qty_opt]);
    else
      tb_push_dec64(&t->cols[c_qty_opt], r == 2 ? -999999999999999LL : (int64_t)((h >> 20) % 11));
    tb_push_i32(&t->cols[c_ship], (int32_t)(9000 + (h >> 24) % 60));
    if (r % 3 == 0 || (r >= 256 && r < 512))
      tb_push_null(&t->cols[c_ship_opt]);
    else
      tb_push_i32(&t->cols[c_ship_opt], (int32_t)(9000 + (h >> 30) % 25) - (r == 1 ? 40000 : 0));
    tb_push_i64(&t->cols[c_supp], r == 6 ? INT64_MIN : (int64_t)(1 + (h >> 34) % 40));
    if (r % 6 == 0)
      tb_push_null(&t->cols[c_supp_opt]);
    else
      tb_push_i64(&t->cols[c_supp_opt], (int64_t)((h >> 40) % 30) * 1000003 - 7000000);
    static const int64_t big_lo[5] = {(int64_t)0x098A223FFFFFFFFFULL, -1, 0, 123456789,
                                      (int64_t)0xF675DDC000000001ULL};
    static const int64_t big_hi[5] = {(int64_t)0x4B3B4CA85A86C47AULL, -1, 0, 0,
                                      (int64_t)0xB4C4B357A5793B85ULL};
    if (r % 5 == 0)
      tb_push_null(&t->cols[c_big_dict]);
    else
      tb_push_dec(&t->cols[c_big_dict], big_lo[(h >> 44) % 5], big_hi[(h >> 44) % 5]);
    static const double ratios[7] = {-0.0, 0.0, 1.5, -2.25, NAN, INFINITY, 1e300};
    tb_push_f64(&t->cols[c_ratio_dict], ratios[(h >> 48) % 7]);
    int64_t q = r < 0 ? 0 : r;
    tb_push_i64(&t->cols[c_igrow], 100000 + q / 4);
    if (q % 2 == 1)
      tb_push_null(&t->cols[c_dgrow]);
    else
      tb_push_i32(&t->cols[c_dgrow], (int32_t)(10000 + q / 2));
    tb_push_dec64(&t->cols[c_pgrow], 500000 + q / 4 * 25);
  }
}

/* Long enough for the dictionary checks at 4096 and 8192 values. */
static void fill_probe(tb_table *t) {
  int c_pkey = tb_add_col(t, "pkey", 'l', 0, 0, 0); /* all distinct: fails the 4096 check */
  int c_okey =
      tb_add_col(t, "okey", 'l', 1, 0, 0); /* sorted, runs of 4: passes (no trial: pages came first) */
  int c_price = tb_add_col(t, "price2", 'd', 0, 15, 2); /* 100 values, then all new: fails at 8192 */
  int c_dist = tb_add_col(t, "dist32", 'i', 1, 0, 0);   /* distinct with nulls: fails at 4096 values */
  int c_sdate = tb_add_col(t, "sdate", 't', 1, 0, 0);   /* 60 values */
  int c_qty = tb_add_col(t, "qty2", 'd', 1, 15, 2);     /* 50 values */
  for (int64_t k = 0; k < JUNK + PROBE_ROWS; k++) {
    int64_t r = k - JUNK, q = r < 0 ? 0 : r;
    uint64_t h = mix(r);
    tb_push_i64(&t->cols[c_pkey], (int64_t)(h >> 1) - (int64_t)(h >> 2));
    if (r % 10 == 9)
      tb_push_null(&t->cols[c_okey]);
    else
      tb_push_i64(&t->cols[c_okey], 1 + q / 4 * 32);
    tb_push_dec64(&t->cols[c_price], q < 5000 ? 1000 + (int64_t)(h % 100) * 7 : 2000000 + q * 13);
    if (r % 5 == 0)
      tb_push_null(&t->cols[c_dist]);
    else
      tb_push_i32(&t->cols[c_dist], (int32_t)(q * 7919 % 100003) - 50000);
    if (r % 7 == 0)
      tb_push_null(&t->cols[c_sdate]);
    else
      tb_push_i32(&t->cols[c_sdate], (int32_t)(8000 + (h >> 20) % 60));
    if (r % 9 == 0)
      tb_push_null(&t->cols[c_qty]);
    else
      tb_push_dec64(&t->cols[c_qty], (int64_t)(1 + (h >> 30) % 50) * 100);
  }
}

typedef struct sample {
  const char *name;
  tpch_parquet_compression codec;
  int page_version;
  int64_t row_group_rows, page_rows, dict_max;
  int dictionary, page_index, kv;
  int64_t sorting_column;
  int probe;          /* 1: the PROBE_ROWS table */
  const char *expect; /* per column of the table, the encodings it must get: D dictionary,
                         F dictionary then PLAIN in the same chunk, P PLAIN only, - unchecked */
} sample;

/* Main table, one letter per column:
 *   k_i64 n_i32 price day comment mode flag ratio big small_dec x_opt large_text blob mode_opt grow
 *   line line_opt qty qty_opt ship ship_opt supp supp_opt big_dict ratio_dict igrow dgrow pgrow
 * With 1000-row chunks, 256-row pages and a 1024-byte dictionary: distinct 8-byte (and
 * longer) values overflow it inside the first page, so the chunk is PLAIN; distinct 4-byte
 * ones fill it exactly with page 1 (256 entries), so PLAIN follows from row 256. */
#define EXPECT_CODEC "PFPFP DPPPP PP-DD DDDDD DDDDD FFF"
/* one 3000-row page: the end-of-chunk check, trial compression included. Left
 * unchecked where the trial is close: "supp" (41 int64 values) is 5% smaller
 * PLAIN under zstd (Huffman on the one varying byte beats 6-bit indices). */
#define EXPECT_DEFAULTS "P-P-- DPPPP P--DD DDDDD D-DDD ---"
/* a 40-byte dictionary: of the fixed-width columns only "line" and "line_opt" (7 four-byte values) fit */
#define EXPECT_FALLBACK "PPPP- PPPPP P--DF DDPPP PPPPP PPP"
#define EXPECT_NONE "PPPPP PPPPP PPPPP PPPPP PPPPP PPP"
/* probe table: pkey okey price2 dist32 sdate qty2 */
#define EXPECT_PROBE "FDFFDD"

static const sample samples[] = {
    {"none_v1", TPCH_PARQUET_COMPRESSION_NONE, 1, 1000, 256, 1024, 1, 1, 0, -1, 0, EXPECT_CODEC},
    {"snappy_v1", TPCH_PARQUET_COMPRESSION_SNAPPY, 1, 1000, 256, 1024, 1, 1, 0, -1, 0, EXPECT_CODEC},
    {"zstd_v1", TPCH_PARQUET_COMPRESSION_ZSTD, 1, 1000, 256, 1024, 1, 1, 0, -1, 0, EXPECT_CODEC},
    {"none_v2", TPCH_PARQUET_COMPRESSION_NONE, 2, 1000, 256, 1024, 1, 1, 0, -1, 0, EXPECT_CODEC},
    {"snappy_v2", TPCH_PARQUET_COMPRESSION_SNAPPY, 2, 1000, 256, 1024, 1, 1, 0, -1, 0, EXPECT_CODEC},
    {"zstd_v2", TPCH_PARQUET_COMPRESSION_ZSTD, 2, 1000, 256, 1024, 1, 1, 0, -1, 0, EXPECT_CODEC},
    {"defaults", TPCH_PARQUET_COMPRESSION_ZSTD, 1, 0, 0, -1, 1, 1, 1, 0, 0, EXPECT_DEFAULTS},
    {"dict_fallback", TPCH_PARQUET_COMPRESSION_SNAPPY, 1, 1500, 100, 40, 1, 1, 0, -1, 0, EXPECT_FALLBACK},
    {"no_dict", TPCH_PARQUET_COMPRESSION_ZSTD, 2, 700, 0, -1, 0, 0, 0, -1, 0, EXPECT_NONE},
    {"probe_none_v2", TPCH_PARQUET_COMPRESSION_NONE, 2, 0, 500, -1, 1, 1, 0, -1, 1, EXPECT_PROBE},
    {"probe_snappy_v1", TPCH_PARQUET_COMPRESSION_SNAPPY, 1, 0, 500, -1, 1, 1, 0, -1, 1, EXPECT_PROBE},
    {"probe_zstd_v2", TPCH_PARQUET_COMPRESSION_ZSTD, 2, 0, 500, -1, 1, 1, 0, -1, 1, EXPECT_PROBE},
};

/* Encodings the readers must report, from the sample's expect string:
 * the chunk's encodings list (DuckDB) and its encoding_stats (hyparquet).
 * The strings "mode" and "grow" with the 40-byte dictionary: "mode"
 * overflows inside its first page (so the chunk goes PLAIN with no
 * dictionary page) while "grow" overflows after six dictionary pages. */
/* The expect letter of column i, or 0 past the end. */
static char expect_at(const sample *s, int i) {
  for (const char *p = s->expect; *p; p++)
    if (*p != ' ' && i-- == 0) return *p;
  return 0;
}

static void expectations(const sample *s, const tb_table *t, char *out, size_t cap) {
  const char *dt = s->page_version == 2 ? "DATA_PAGE_V2" : "DATA_PAGE";
  size_t n = (size_t)snprintf(out, cap, ",\"expect\":{");
  int first = 1;
  for (int i = 0; i < t->ncols && expect_at(s, i); i++) {
    char e = expect_at(s, i);
    if (e == '-') continue;
    const char *rle = t->cols[i].nullable ? "RLE, " : "";
    char encs[64], stats[160];
    if (e == 'P') {
      snprintf(encs, sizeof encs, "PLAIN%s", t->cols[i].nullable ? ", RLE" : "");
      snprintf(stats, sizeof stats, "%s:PLAIN", dt);
    } else {
      snprintf(encs, sizeof encs, "PLAIN, %sRLE_DICTIONARY", rle);
      snprintf(stats, sizeof stats, "DICTIONARY_PAGE:PLAIN,%s:RLE_DICTIONARY%s%s%s", dt, e == 'F' ? "," : "",
               e == 'F' ? dt : "", e == 'F' ? ":PLAIN" : "");
    }
    n += (size_t)snprintf(out + n, cap - n, "%s\"%s\":{\"encodings\":\"%s\",\"encoding_stats\":\"%s\"}",
                          first ? "" : ",", t->cols[i].name, encs, stats);
    first = 0;
  }
  snprintf(out + n, cap - n, "}");
}

static int write_sample(const sample *s, const tb_table *t, const char *dir, tpch_parquet_file_info *info_out,
                        tpch_error *err) {
  const int64_t rows = t->array.length;
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.parquet", dir, s->name);
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.compression = s->codec;
  o.data_page_version = s->page_version;
  if (s->row_group_rows) o.row_group_rows = s->row_group_rows;
  o.page_rows = s->page_rows;
  if (s->dict_max >= 0) o.dictionary_max_bytes = s->dict_max;
  o.no_dictionary = !s->dictionary;
  o.no_page_index = !s->page_index;
  o.mode = TPCH_WRITE_OVERWRITE;
  o.no_fsync = 1;
  o.sorted = s->sorting_column >= 0;
  o.sort_column = o.sorted ? s->sorting_column : 0;
  static const char *kv[] = {"origin", "tpchgen-c test", "empty", "", NULL};
  int32_t ids[TB_MAX_COLS];
  for (int i = 0; i < t->ncols; i++)
    ids[i] = 100 + i;
  if (s->kv) o.kv_metadata = kv, o.field_ids = ids;
  tpch_parquet_writer *w;
  int rc = tpch_parquet_writer_create(&w, path, &t->schema, &o, err);
  if (rc != TPCH_OK) return rc;
  /* Feed the rows in uneven batches: the output must not depend on it. */
  struct ArrowArray b = t->array;
  int64_t done = 0, step = 1;
  while (rc == TPCH_OK && done < t->array.length) {
    b.offset = t->array.offset + done;
    b.length = t->array.length - done < step ? t->array.length - done : step;
    rc = tpch_parquet_writer_write(w, &b, err);
    done += b.length;
    step = step * 3 + 1;
  }
  if (rc == TPCH_OK) rc = tpch_parquet_writer_close(w, err);
  if (rc == TPCH_OK) rc = tpch_parquet_writer_file_info(w, info_out, err);
  static tpch_parquet_column_info col0; /* info_out->columns dies with the writer */
  if (rc == TPCH_OK) col0 = info_out->columns[0], info_out->columns = &col0;
  tpch_parquet_writer_destroy(w);
  if (rc != TPCH_OK) return rc;
  snprintf(path, sizeof path, "%s/%s.json", dir, s->name);
  FILE *f = fopen(path, "w");
  if (f == NULL) return TPCH_EIO;
  char extra[8192];
  snprintf(extra, sizeof extra,
           "\"file\":\"%s.parquet\",\"codec\":\"%s\",\"page_version\":%d,\"row_group_rows\":%lld,"
           "\"page_rows\":%lld,\"check_pages\":%d,\"dictionary\":%d,\"dict_max\":%lld,\"page_index\":%d,"
           "\"kv\":%d,\"sorting_column\":%lld",
           s->name,
           s->codec == TPCH_PARQUET_COMPRESSION_NONE     ? "UNCOMPRESSED"
           : s->codec == TPCH_PARQUET_COMPRESSION_SNAPPY ? "SNAPPY"
                                                         : "ZSTD",
           s->page_version, (long long)(s->row_group_rows ? s->row_group_rows : rows),
           (long long)s->page_rows, s->page_rows > 0 && !s->probe, s->dictionary, (long long)s->dict_max,
           s->page_index, s->kv, (long long)s->sorting_column);
  size_t n = strlen(extra);
  int64_t rg = s->row_group_rows ? s->row_group_rows : rows;
  n += (size_t)snprintf(extra + n, sizeof extra - n, ",\"row_group_sizes\":[");
  for (int64_t done = 0; done < rows; done += rg)
    n += (size_t)snprintf(extra + n, sizeof extra - n, "%s%lld", done ? "," : "",
                          (long long)(rows - done < rg ? rows - done : rg));
  n += (size_t)snprintf(extra + n, sizeof extra - n, "]");
  expectations(s, t, extra + n, sizeof extra - n);
  tb_json_write(f, t, JUNK, extra);
  fclose(f);
  return TPCH_OK;
}

static void check_framing(const char *dir, const char *name, int64_t file_bytes) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.parquet", dir, name);
  FILE *f = fopen(path, "rb");
  CHECK(f != NULL, "%s missing", path);
  if (f == NULL) return;
  char head[4], tail[4];
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  CHECK(fread(head, 1, 4, f) == 4 && memcmp(head, "PAR1", 4) == 0, "%s: no leading magic", name);
  fseek(f, -4, SEEK_END);
  CHECK(fread(tail, 1, 4, f) == 4 && memcmp(tail, "PAR1", 4) == 0, "%s: no trailing magic", name);
  CHECK(size == file_bytes, "%s: file_info says %lld bytes, file has %ld", name, (long long)file_bytes, size);
  fclose(f);
}

int main(int argc, char **argv) {
  char scratch[] = "/tmp/tpch-pq-samples-XXXXXX";
  const char *dir = argc > 1 ? argv[1] : mkdtemp(scratch);
  CHECK(dir != NULL, "no output directory");
  if (dir == NULL) return check_finish();
  /* the probe table's fallbacks flush a page early, so its page boundaries move
   * (check_pages is off for it); its encodings are still checked */
  tb_table tables[2];
  tb_init(&tables[0]);
  fill(&tables[0]);
  tb_finish(&tables[0], 3, JUNK - 3);
  tb_init(&tables[1]);
  fill_probe(&tables[1]);
  tb_finish(&tables[1], 1, JUNK - 1);
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
    tpch_error err = {0};
    tpch_parquet_file_info info;
    const tb_table *t = &tables[samples[i].probe];
    int64_t rows = t->array.length;
    CHECK(expect_at(&samples[i], t->ncols - 1) && !expect_at(&samples[i], t->ncols),
          "%s: one expectation per column (%d)", samples[i].name, t->ncols);
    int rc = write_sample(&samples[i], t, dir, &info, &err);
    CHECK(rc == TPCH_OK, "%s: %s", samples[i].name, err.message);
    if (rc != TPCH_OK) continue;
    CHECK(info.num_rows == rows, "%s: %lld rows", samples[i].name, (long long)info.num_rows);
    int64_t rg = samples[i].row_group_rows ? samples[i].row_group_rows : rows;
    CHECK(info.num_row_groups == (rows + rg - 1) / rg, "%s: %lld row groups", samples[i].name,
          (long long)info.num_row_groups);
    CHECK(info.columns[0].num_values == rows && info.columns[0].null_count == 0,
          "%s: column 0 counts %lld %lld", samples[i].name, (long long)info.columns[0].num_values,
          (long long)info.columns[0].null_count);
    check_framing(dir, samples[i].name, info.file_bytes);
  }
  if (argc <= 1) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup");
  }
  tb_free(&tables[0]);
  tb_free(&tables[1]);
  return check_finish();
}
