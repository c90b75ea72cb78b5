/*
 * test_parquet_samples.c - hand-built batches of every supported type,
 * nullable and not, written with each codec and data page version.
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
  }
}

typedef struct sample {
  const char *name;
  parquet_compression codec;
  int page_version;
  int64_t row_group_rows, page_rows, dict_max;
  int dictionary, page_index, kv;
  int64_t sorting_column;
} sample;

static const sample samples[] = {
    {"none_v1", PARQUET_COMPRESSION_NONE, 1, 1000, 256, -1, 1, 1, 0, -1},
    {"snappy_v1", PARQUET_COMPRESSION_SNAPPY, 1, 1000, 256, -1, 1, 1, 0, -1},
    {"zstd_v1", PARQUET_COMPRESSION_ZSTD, 1, 1000, 256, -1, 1, 1, 0, -1},
    {"none_v2", PARQUET_COMPRESSION_NONE, 2, 1000, 256, -1, 1, 1, 0, -1},
    {"snappy_v2", PARQUET_COMPRESSION_SNAPPY, 2, 1000, 256, -1, 1, 1, 0, -1},
    {"zstd_v2", PARQUET_COMPRESSION_ZSTD, 2, 1000, 256, -1, 1, 1, 0, -1},
    {"defaults", PARQUET_COMPRESSION_ZSTD, 1, 0, 0, -1, 1, 1, 1, 0},
    {"dict_fallback", PARQUET_COMPRESSION_SNAPPY, 1, 1500, 100, 40, 1, 1, 0, -1},
    {"no_dict", PARQUET_COMPRESSION_ZSTD, 2, 700, 0, -1, 0, 0, 0, -1},
};

/* Encodings the readers must report for the string columns. With a 40-byte
 * dictionary limit, "mode" overflows inside its first page (so the chunk
 * goes PLAIN with no dictionary page) while "grow" overflows after six
 * dictionary pages (dictionary page, RLE_DICTIONARY pages, then PLAIN). */
static void expectations(const sample *s, char *out, size_t cap) {
  const char *dt = s->page_version == 2 ? "DATA_PAGE_V2" : "DATA_PAGE";
  char dict[128], plain[64], fallback[192];
  snprintf(dict, sizeof dict, "DICTIONARY_PAGE:PLAIN,%s:RLE_DICTIONARY", dt);
  snprintf(plain, sizeof plain, "%s:PLAIN", dt);
  snprintf(fallback, sizeof fallback, "%s,%s:PLAIN", dict, dt);
  if (!s->dictionary)
    snprintf(out, cap,
             ",\"expect\":{\"mode\":{\"encodings\":\"PLAIN\",\"encoding_stats\":\"%s\"},"
             "\"mode_opt\":{\"encodings\":\"PLAIN, RLE\",\"encoding_stats\":\"%s\"},"
             "\"grow\":{\"encodings\":\"PLAIN\",\"encoding_stats\":\"%s\"}}",
             plain, plain, plain);
  else if (s->dict_max >= 0)
    snprintf(out, cap,
             ",\"expect\":{\"mode\":{\"encodings\":\"PLAIN\",\"encoding_stats\":\"%s\"},"
             "\"mode_opt\":{\"encodings\":\"PLAIN, RLE, RLE_DICTIONARY\",\"encoding_stats\":\"%s\"},"
             "\"grow\":{\"encodings\":\"PLAIN, RLE_DICTIONARY\",\"encoding_stats\":\"%s\"}}",
             plain, dict, fallback);
  else
    snprintf(out, cap,
             ",\"expect\":{\"mode\":{\"encodings\":\"PLAIN, RLE_DICTIONARY\",\"encoding_stats\":\"%s\"},"
             "\"mode_opt\":{\"encodings\":\"PLAIN, RLE, RLE_DICTIONARY\",\"encoding_stats\":\"%s\"},"
             "\"grow\":{\"encodings\":\"PLAIN, RLE_DICTIONARY\",\"encoding_stats\":\"%s\"}}",
             dict, dict, dict);
}

static int write_sample(const sample *s, const tb_table *t, const char *dir, parquet_file_info *info_out,
                        tpch_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.parquet", dir, s->name);
  parquet_writer_options o;
  parquet_writer_options_init(&o);
  o.compression = s->codec;
  o.data_page_version = s->page_version;
  if (s->row_group_rows) o.row_group_rows = s->row_group_rows;
  o.page_rows = s->page_rows;
  if (s->dict_max >= 0) o.dictionary_max_bytes = s->dict_max;
  o.dictionary = s->dictionary;
  o.write_page_index = s->page_index;
  o.overwrite = 1;
  o.fsync = 0;
  o.sorting_column = s->sorting_column;
  static const char *kv[] = {"origin", "tpchgen-c test", "empty", "", NULL};
  int32_t ids[TB_MAX_COLS];
  for (int i = 0; i < t->ncols; i++)
    ids[i] = 100 + i;
  if (s->kv) o.kv_metadata = kv, o.field_ids = ids;
  parquet_writer *w;
  int rc = parquet_writer_create(&w, path, &t->schema, &o, err);
  if (rc != TPCH_OK) return rc;
  /* Feed the rows in uneven batches: the output must not depend on it. */
  struct ArrowArray b = t->array;
  int64_t done = 0, step = 1;
  while (rc == TPCH_OK && done < t->array.length) {
    b.offset = t->array.offset + done;
    b.length = t->array.length - done < step ? t->array.length - done : step;
    rc = parquet_writer_write_batch(w, &b, err);
    done += b.length;
    step = step * 3 + 1;
  }
  if (rc == TPCH_OK) rc = parquet_writer_close(w, err);
  if (rc == TPCH_OK) rc = parquet_writer_file_info(w, info_out, err);
  static parquet_column_info col0; /* info_out->columns dies with the writer */
  if (rc == TPCH_OK) col0 = info_out->columns[0], info_out->columns = &col0;
  parquet_writer_destroy(w);
  if (rc != TPCH_OK) return rc;
  snprintf(path, sizeof path, "%s/%s.json", dir, s->name);
  FILE *f = fopen(path, "w");
  if (f == NULL) return TPCH_EIO;
  char extra[2048];
  snprintf(extra, sizeof extra,
           "\"file\":\"%s.parquet\",\"codec\":\"%s\",\"page_version\":%d,\"row_group_rows\":%lld,"
           "\"page_rows\":%lld,\"check_pages\":%d,\"dictionary\":%d,\"dict_max\":%lld,\"page_index\":%d,"
           "\"kv\":%d,\"sorting_column\":%lld",
           s->name,
           s->codec == PARQUET_COMPRESSION_NONE     ? "UNCOMPRESSED"
           : s->codec == PARQUET_COMPRESSION_SNAPPY ? "SNAPPY"
                                                    : "ZSTD",
           s->page_version, (long long)(s->row_group_rows ? s->row_group_rows : ROWS),
           (long long)s->page_rows, s->page_rows > 0, s->dictionary, (long long)s->dict_max, s->page_index,
           s->kv, (long long)s->sorting_column);
  size_t n = strlen(extra);
  int64_t rg = s->row_group_rows ? s->row_group_rows : ROWS;
  n += (size_t)snprintf(extra + n, sizeof extra - n, ",\"row_group_sizes\":[");
  for (int64_t done = 0; done < ROWS; done += rg)
    n += (size_t)snprintf(extra + n, sizeof extra - n, "%s%lld", done ? "," : "",
                          (long long)(ROWS - done < rg ? ROWS - done : rg));
  n += (size_t)snprintf(extra + n, sizeof extra - n, "]");
  expectations(s, extra + n, sizeof extra - n);
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
  tb_table t;
  tb_init(&t);
  fill(&t);
  tb_finish(&t, 3, JUNK - 3);
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
    tpch_error err = {0};
    parquet_file_info info;
    int rc = write_sample(&samples[i], &t, dir, &info, &err);
    CHECK(rc == TPCH_OK, "%s: %s", samples[i].name, err.message);
    if (rc != TPCH_OK) continue;
    CHECK(info.num_rows == ROWS, "%s: %lld rows", samples[i].name, (long long)info.num_rows);
    int64_t rg = samples[i].row_group_rows ? samples[i].row_group_rows : ROWS;
    CHECK(info.num_row_groups == (ROWS + rg - 1) / rg, "%s: %lld row groups", samples[i].name,
          (long long)info.num_row_groups);
    CHECK(info.columns[0].num_values == ROWS && info.columns[0].null_count == 0,
          "%s: column 0 counts %lld %lld", samples[i].name, (long long)info.columns[0].num_values,
          (long long)info.columns[0].null_count);
    check_framing(dir, samples[i].name, info.file_bytes);
  }
  if (argc <= 1) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup");
  }
  tb_free(&t);
  return check_finish();
}
