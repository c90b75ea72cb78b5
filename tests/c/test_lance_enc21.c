/*
 * test_lance_enc21.c - Lance 2.1 page encoder facts checked byte for byte
 * (LANCE21.md): FastLanes test vectors, the mini-block layout of a bit-packed
 * int64 page, dictionary and all-null pages, chunk metadata words, the
 * refusal of over-long values, which file version appends get, and the
 * general codecs (zstd at a level, lz4, none) around the same chunks.
 * Readers' verdicts on whole datasets: tests/sh/52_lance21_readers.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lz4.h>
#include <unistd.h>
#include <zstd.h>

#include "check.h"
#include "format/lance/lance_enc21.h"
#include "lance_writer.h"
#include "test_lance_util.h"

static size_t spec_bytes(const char *spec, uint8_t *out) {
  size_t n = 0;
  for (const char *p = spec; *p;) {
    if (*p == ' ') {
      p++;
      continue;
    }
    unsigned v;
    if (sscanf(p, "%2x", &v) != 1) break;
    out[n++] = (uint8_t)v;
    p += 2;
  }
  return n;
}

static int same_bytes(const tpch_buf *b, const char *spec) {
  uint8_t want[256];
  size_t n = spec_bytes(spec, want);
  return b->len == n && memcmp(b->data, want, n) == 0;
}

static int has_bytes(const tpch_buf *b, const char *spec) {
  uint8_t want[256];
  size_t n = spec_bytes(spec, want);
  return memmem(b->data, b->len, want, n) != NULL;
}

static uint64_t word_at(const tpch_buf *b, size_t i, size_t w) {
  uint64_t v = 0;
  memcpy(&v, b->data + i * w, w);
  return v;
}

static void test_fastlanes(void) {
  uint64_t v[1024];
  for (int i = 0; i < 1024; i++)
    v[i] = (uint64_t)i;
  tpch_buf b;
  tpch_buf_init(&b);
  CHECK(lance21_fastlanes_pack(&b, v, 32, 10) == 0 && b.len == 1024 * 10 / 8, "pack 32/10: %zu bytes", b.len);
  CHECK(word_at(&b, 0, 4) == 0x10020000 && word_at(&b, 1, 4) == 0x50120401 &&
            word_at(&b, 32, 4) == 0x0a020060,
        "T=32 W=10 vector: %llx %llx %llx", (unsigned long long)word_at(&b, 0, 4),
        (unsigned long long)word_at(&b, 1, 4), (unsigned long long)word_at(&b, 32, 4));
  tpch_buf_reset(&b);
  CHECK(lance21_fastlanes_pack(&b, v, 64, 10) == 0 && word_at(&b, 0, 8) == 0x0a02006010020000ULL,
        "T=64 W=10 vector: %llx", (unsigned long long)word_at(&b, 0, 8));
  /* every value comes back: unpack by the same index rule */
  for (int t = 8; t <= 64; t *= 2) {
    int w = t < 10 ? t : 10;
    for (int i = 0; i < 1024; i++)
      v[i] = ((uint64_t)i * 2654435761u) & ((1ULL << w) - 1);
    tpch_buf_reset(&b);
    lance21_fastlanes_pack(&b, v, t, w);
    static const int order[8] = {0, 4, 2, 6, 1, 5, 3, 7};
    int lanes = 1024 / t, bad = 0;
    for (int lane = 0; lane < lanes; lane++)
      for (int r = 0; r < t; r++) {
        uint64_t x = 0;
        for (int k = 0; k < w; k++) {
          int bit = r * w + k;
          uint64_t word = word_at(&b, (size_t)(lanes * (bit / t) + lane), (size_t)t / 8);
          x |= ((word >> (bit % t)) & 1) << k;
        }
        bad += x != v[order[r >> 3] * 16 + (r & 7) * 128 + lane];
      }
    CHECK(bad == 0, "T=%d W=%d round trip: %d wrong", t, w, bad);
  }
  tpch_buf_free(&b);
}

/* A page of one column built by hand. */
typedef struct page_data {
  lance_column_def def;
  uint8_t *values;
  uint8_t *ends;
  uint8_t *validity;
} page_data;

static void test_int64_page(lance21_encoder *e) {
  enum { N = 400000 };
  page_data d = {{.name = "k", .bits = 64}, malloc(8 * (size_t)N), NULL, NULL};
  d.def.type.kind = TPCH_ARROW_INT64;
  uint64_t st = 7;
  for (int i = 0; i < N; i++) {
    uint64_t x = tl_rand(&st) & ((1u << 20) - 1);
    memcpy(d.values + 8 * (size_t)i, &x, 8);
  }
  lance21_page p = {&d.def, d.values, 8 * (size_t)N, NULL, NULL, N, 0};
  const tpch_buf *layout, *bufs[3];
  int nb;
  tpch_error err;
  CHECK(lance21_encode_page(e, &p, &layout, bufs, &nb, &err) == 0 && nb == 2, "int64 page");
  /* LANCE21.md §2.1: the same bytes lance 10 writes */
  CHECK(same_bytes(layout, "0a 0f 1a 04 2a 02 08 40 32 01 01 38 01 48 80 b5 18"), "int64 PageLayout bytes");
  size_t chunks = (N + 1023) / 1024;
  CHECK(bufs[0]->len == 2 * chunks, "one metadata word per chunk: %zu", bufs[0]->len);
  /* W = 20: chunk = 8 header + (1 + 16*20) * 8 bytes */
  uint64_t w0 = word_at(bufs[0], 0, 2), last = word_at(bufs[0], chunks - 1, 2);
  CHECK(w0 == (((8 + 321 * 8) / 8 - 1) << 4 | 10), "chunk word 0x%llx", (unsigned long long)w0);
  CHECK((last & 15) == 0, "last chunk's count is implied (log2 0)");
  CHECK(bufs[1]->len == chunks * (8 + 321 * 8), "chunk bytes %zu", bufs[1]->len);
  CHECK(same_bytes(&(tpch_buf){bufs[1]->data, 8, 8}, "00 00 08 0a 00 00 00 00"),
        "chunk header: no levels, value size 2568, padded to 8");
  free(d.values);
}

/* Strings: 3 distinct values make a dictionary; a value too long is refused. */
static void test_strings(lance21_encoder *e) {
  enum { N = 3000 };
  static const char *words[] = {"AIR", "RAIL", "TRUCK"};
  page_data d = {{.name = "mode", .bits = 0, .offset_bytes = 4}, malloc(6 * N), malloc(8 * N), NULL};
  d.def.type.kind = TPCH_ARROW_UTF8;
  uint64_t end = 0;
  for (int i = 0; i < N; i++) {
    const char *w = words[i % 3];
    memcpy(d.values + end, w, strlen(w));
    end += strlen(w);
    memcpy(d.ends + 8 * i, &end, 8);
  }
  lance21_page p = {&d.def, d.values, end, d.ends, NULL, N, 0};
  const tpch_buf *layout, *bufs[3];
  int nb;
  tpch_error err;
  CHECK(lance21_encode_page(e, &p, &layout, bufs, &nb, &err) == 0 && nb == 3, "dictionary page: %d buffers",
        nb);
  CHECK(has_bytes(layout, "22 08 12 06 0a 04 0a 02 08 20 28 03"), "dictionary CE variable{flat 32}, 3 items");
  CHECK(has_bytes(layout, "1a 04 2a 02 08 20"), "indices bit-packed as u32");
  CHECK(bufs[2]->len == 8 + 4 * 4 + 12 && word_at(bufs[2], 0, 4) == 32 && word_at(bufs[2], 1, 4) == 24,
        "dictionary buffer: header, 4 offsets, 12 bytes");
  /* a value longer than a mini-block chunk holds */
  uint8_t *big = calloc(1, 20000);
  uint64_t e1 = 20000;
  lance21_page q = {&d.def, big, 20000, (const uint8_t *)&e1, NULL, 1, 0};
  CHECK(lance21_encode_page(e, &q, &layout, bufs, &nb, &err) == TPCH_EUNSUPPORTED &&
            strstr(err.message, "2.0"),
        "20000-byte value refused: %s", err.message);
  free(big);
  free(d.values);
  free(d.ends);
}

static void test_nulls(lance21_encoder *e) {
  enum { N = 100 };
  int32_t vals[N];
  uint8_t valid[(N + 7) / 8];
  memset(valid, 0, sizeof valid);
  memset(vals, 0x7f, sizeof vals);
  lance_column_def def = {.name = "n", .bits = 32, .nullable = 1};
  def.type.kind = TPCH_ARROW_INT32;
  lance21_page p = {&def, (uint8_t *)vals, sizeof vals, NULL, valid, N, N};
  const tpch_buf *layout, *bufs[3];
  int nb;
  tpch_error err;
  CHECK(lance21_encode_page(e, &p, &layout, bufs, &nb, &err) == 0 && nb == 0, "all-null page has no buffers");
  CHECK(same_bytes(layout, "12 03 2a 01 03"), "all_null_layout{layers [NULLABLE_ITEM]}");
  for (int i = 0; i < N; i += 2)
    valid[i / 8] |= (uint8_t)(1u << (i % 8));
  p.nulls = N / 2;
  CHECK(lance21_encode_page(e, &p, &layout, bufs, &nb, &err) == 0 && nb == 2, "some-null page");
  CHECK(has_bytes(layout, "12 04 0a 02 08 10") && has_bytes(layout, "32 01 03"),
        "def levels flat{16}, layer NULLABLE_ITEM");
  /* one chunk: 100 levels, def 200 bytes, value W = 31 (0x7f7f7f7f, null slots zeroed) */
  CHECK(word_at(bufs[1], 0, 2) == N && word_at(bufs[1], 1, 2) == 2 * N, "chunk header counts levels");
  CHECK(word_at(bufs[1], 4, 2) == 0 && word_at(bufs[1], 5, 2) == 1, "level 0 = valid, 1 = null");
}

/* The value buffers of a mini-block page without definition levels: chunk k
 * is [u16 0][u16 len][pad to 8][len bytes][pad], its size in metadata word k. */
static size_t chunk_values(const tpch_buf *const bufs[3], size_t k, const uint8_t **v) {
  size_t off = 0;
  for (size_t i = 0; i < k; i++)
    off += ((word_at(bufs[0], i, 2) >> 4) + 1) * 8;
  *v = bufs[1]->data + off + 8;
  return (size_t)(bufs[1]->data[off + 2] | bufs[1]->data[off + 3] << 8);
}

/* One page of slowly growing keys (bit-packed chunks that compress well)
 * through each codec: the chunks must decompress to the uncompressed
 * encoder's chunks, and the layout must name the codec. */
static void test_codecs(void) {
  enum { N = 20000 };
  lance_column_def def = {.name = "k", .bits = 64};
  def.type.kind = TPCH_ARROW_INT64;
  int64_t *vals = malloc(8 * (size_t)N);
  for (int i = 0; i < N; i++)
    vals[i] = 1000000 + i / 3;
  lance21_page p = {&def, (uint8_t *)vals, 8 * (size_t)N, NULL, NULL, N, 0};
  const tpch_buf *layout, *bufs[3];
  int nb;
  tpch_error err;
  size_t chunks = (N + 1023) / 1024;
  /* none: the plain bit-packed chunks (header word + 16 * W words) */
  lance21_encoder *e = lance21_encoder_new(TPCH_LANCE_COMPRESSION_NONE, 0);
  CHECK(e && lance21_encode_page(e, &p, &layout, bufs, &nb, &err) == 0, "none: page");
  if (e == NULL) {
    free(vals);
    return;
  }
  CHECK(same_bytes(layout, "0a 0f 1a 04 2a 02 08 40 32 01 01 38 01 48 a0 9c 01"),
        "none: plain bit-packing layout");
  uint8_t **plain = calloc(chunks, sizeof *plain);
  size_t *plain_len = calloc(chunks, sizeof *plain_len);
  for (size_t k = 0; k < chunks; k++) {
    const uint8_t *v;
    plain_len[k] = chunk_values(bufs, k, &v);
    plain[k] = malloc(plain_len[k]);
    memcpy(plain[k], v, plain_len[k]);
  }
  lance21_encoder_free(e);
  /* zstd at level 3 (the default) and 19; lz4 */
  struct {
    tpch_lance_compression codec;
    int level;
    const char *general;
  } cases[] = {{TPCH_LANCE_COMPRESSION_ZSTD, 0, "52 0c 0a 04 08 02 10 03 1a 04 2a 02 08 40"},
               {TPCH_LANCE_COMPRESSION_ZSTD, 19, "52 0c 0a 04 08 02 10 13 1a 04 2a 02 08 40"},
               {TPCH_LANCE_COMPRESSION_LZ4, 0, "52 0a 0a 02 08 01 1a 04 2a 02 08 40"}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    e = lance21_encoder_new(cases[c].codec, cases[c].level);
    CHECK(e && lance21_encode_page(e, &p, &layout, bufs, &nb, &err) == 0 && nb == 2, "codec %zu: page", c);
    if (e == NULL) continue;
    CHECK(has_bytes(layout, cases[c].general), "codec %zu: General{scheme, level} around bit-packing", c);
    int bad = 0;
    size_t packed = 0, raw = 0;
    for (size_t k = 0; k < chunks; k++) {
      const uint8_t *v;
      size_t len = chunk_values(bufs, k, &v);
      uint8_t out[9000];
      size_t got = 0;
      if (cases[c].codec == TPCH_LANCE_COMPRESSION_LZ4) {
        uint32_t n32;
        memcpy(&n32, v, 4);
        int r = LZ4_decompress_safe((const char *)v + 4, (char *)out, (int)len - 4, (int)sizeof out);
        got = r == (int)n32 ? (size_t)r : 0;
      } else {
        uint64_t n64;
        memcpy(&n64, v, 8);
        size_t r = ZSTD_decompress(out, sizeof out, v + 8, len - 8);
        got = !ZSTD_isError(r) && r == n64 ? r : 0;
      }
      bad += got != plain_len[k] || memcmp(out, plain[k], got) != 0;
      packed += len;
      raw += plain_len[k];
    }
    CHECK(bad == 0, "codec %zu: %d of %zu chunks do not decompress to the plain chunks", c, bad, chunks);
    CHECK(packed * 10 < raw * 9, "codec %zu: %zu bytes for %zu plain", c, packed, raw);
    lance21_encoder_free(e);
  }
  for (size_t k = 0; k < chunks; k++)
    free(plain[k]);
  free(plain);
  free(plain_len);
  free(vals);
}

/* Appends keep the dataset's file version; asking for another fails. */
static void test_append_versions(const char *dir) {
  tl_table t;
  tl_init(&t);
  tl_add_col(&t, "a", "l", 0);
  for (int r = 0; r < 10; r++)
    tl_set_int(&t, 0, tl_add_row(&t), r);
  struct ArrowSchema sc;
  struct ArrowArray a;
  tl_schema(&t, &sc);
  tl_batch(&t, 0, 10, 0, 0, 0, &a);
  const char *cases[][3] = {{"2.0", NULL, "0.3"}, {"2.1", NULL, "2.1"}, {NULL, NULL, "2.1"}};
  for (int k = 0; k < 3; k++) {
    char path[512];
    snprintf(path, sizeof path, "%s/v%d.lance", dir, k);
    tpch_lance_writer_options o;
    tpch_error err;
    tpch_lance_writer_options_init(&o);
    o.no_fsync = 1;
    o.file_version = cases[k][0];
    tpch_lance_writer *w = NULL;
    tpch_lance_writer_create(&w, path, &sc, &o, &err);
    CHECK(w && lance_writer_write_batch(w, &a, NULL) == 0 && lance_writer_close(w) == 0, "create %d", k);
    lance_writer_destroy(w);
    o.mode = TPCH_WRITE_APPEND;
    o.file_version = cases[k][1];
    tpch_lance_writer_create(&w, path, &sc, &o, &err);
    CHECK(w && lance_writer_write_batch(w, &a, NULL) == 0 && lance_writer_close(w) == 0, "append %d", k);
    lance_writer_destroy(w);
    /* every data file has the dataset's version */
    char cmd[1200], out[64] = "";
    snprintf(cmd, sizeof cmd,
             "for f in '%s'/data/*.lance; do tail -c 8 \"$f\" | od -An -tu2 | awk '{print $1\".\"$2}'; done "
             "| sort -u",
             path);
    FILE *pf = popen(cmd, "r");
    if (pf && fgets(out, sizeof out, pf) == NULL) out[0] = 0;
    if (pf) pclose(pf);
    out[strcspn(out, "\n")] = 0;
    CHECK(strcmp(out, cases[k][2]) == 0, "case %d: data files are %s, want %s", k, out, cases[k][2]);
    /* the other version is refused with a clear message */
    o.file_version = strcmp(cases[k][2], "0.3") == 0 ? "2.1" : "2.0"; /* footer 0.3 = 2.0 */
    tpch_lance_writer_create(&w, path, &sc, &o, &err);
    CHECK(w == NULL && err.code == TPCH_EUNSUPPORTED && strstr(err.message, "mixed versions"),
          "case %d: appending %s refused: %s", k, o.file_version, err.message);
    lance_writer_destroy(w);
  }
  a.release(&a);
  sc.release(&sc);
  tl_free(&t);
}

/* Codec options the library refuses: lz4 with 2.0 files (asked for, or a
 * 2.0 dataset's when appending), unknown codecs, zstd levels out of range. */
static void test_codec_options(const char *dir) {
  tl_table t;
  tl_init(&t);
  tl_add_col(&t, "a", "l", 0);
  tl_set_int(&t, 0, tl_add_row(&t), 1);
  struct ArrowSchema sc;
  tl_schema(&t, &sc);
  char path[512];
  snprintf(path, sizeof path, "%s/codec.lance", dir);
  tpch_lance_writer_options o;
  tpch_error err;
  tpch_lance_writer_options_init(&o);
  o.no_fsync = 1;
  o.compression = TPCH_LANCE_COMPRESSION_LZ4;
  o.file_version = "2.0";
  LanceWriter *w = NULL;
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w == NULL && err.code == TPCH_EUNSUPPORTED && strstr(err.message, "lz4") &&
            strstr(err.message, "2.1"),
        "lz4 with 2.0 refused: %s", err.message);
  lance_writer_destroy(w);
  tpch_lance_file_writer *f = NULL;
  CHECK(tpch_lance_file_writer_create(&f, path, &sc, &o, &err) == TPCH_EUNSUPPORTED && f == NULL,
        "lz4 with 2.0 refused by the data-file writer too: %s", err.message);
  /* a 2.0 dataset, then an lz4 append (automatic version = 2.0) */
  o.compression = TPCH_LANCE_COMPRESSION_ZSTD;
  struct ArrowArray a;
  tl_batch(&t, 0, 1, 0, 0, 0, &a);
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w && lance_writer_write_batch(w, &a, NULL) == 0 && lance_writer_close(w) == 0, "2.0 dataset");
  a.release(&a);
  lance_writer_destroy(w);
  o.mode = TPCH_WRITE_APPEND;
  o.file_version = NULL;
  o.compression = TPCH_LANCE_COMPRESSION_LZ4;
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w == NULL && err.code == TPCH_EUNSUPPORTED && strstr(err.message, "has 2.0 files"),
        "lz4 append onto a 2.0 dataset refused: %s", err.message);
  lance_writer_destroy(w);
  o.compression = TPCH_LANCE_COMPRESSION_NONE; /* 2.0 is uncompressed anyway */
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w != NULL, "none append onto a 2.0 dataset: %s", w ? "" : err.message);
  lance_writer_destroy(w);
  o.compression = (tpch_lance_compression)7;
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w == NULL && err.code == TPCH_EINVAL, "unknown codec refused: %s", err.message);
  lance_writer_destroy(w);
  o.compression = TPCH_LANCE_COMPRESSION_ZSTD;
  o.compression_level = 23;
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w == NULL && err.code == TPCH_EINVAL, "zstd level 23 refused: %s", err.message);
  lance_writer_destroy(w);
  sc.release(&sc);
  tl_free(&t);
}

int main(void) {
  char dir[] = "/tmp/tpch-enc21-XXXXXX";
  if (mkdtemp(dir) == NULL) return 1;
  test_fastlanes();
  lance21_encoder *e = lance21_encoder_new(TPCH_LANCE_COMPRESSION_ZSTD, 0);
  CHECK(e != NULL, "encoder");
  if (e) {
    test_int64_page(e);
    test_strings(e);
    test_nulls(e);
  }
  lance21_encoder_free(e);
  lance21_encoder_free(NULL);
  test_codecs();
  test_append_versions(dir);
  test_codec_options(dir);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
  return check_finish();
}
