/*
 * test_parquet_unit.c - the Parquet writer's pieces, checked against bytes
 * from outside this code base: the thrift compact examples of PARQUET.md
 * section 2 (produced by an independent writer) and the RLE examples of the
 * encoding spec; an RLE decoder written here for round trips; dictionary
 * fallback decisions; statistics order and truncation.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "format/parquet/parquet_column.h"
#include "format/parquet/parquet_rle.h"
#include "format/parquet/parquet_thrift.h"
#include "test_parquet_arrow.h"

/* Parses "15 00 2c" into bytes; returns the count. */
static size_t hex(const char *s, uint8_t *out) {
  size_t n = 0;
  unsigned v;
  int k;
  while (sscanf(s, " %2x%n", &v, &k) == 1)
    out[n++] = (uint8_t)v, s += k;
  return n;
}

static int bytes_equal(const tpch_buf *b, const char *expect_hex) {
  uint8_t e[512];
  size_t n = hex(expect_hex, e);
  return b->len == n && memcmp(b->data, e, n) == 0;
}

static int contains(const tpch_buf *b, const uint8_t *needle, size_t n) {
  for (size_t i = 0; i + n <= b->len; i++)
    if (memcmp(b->data + i, needle, n) == 0) return 1;
  return 0;
}

static void dump(const char *what, const tpch_buf *b) {
  fprintf(stderr, "%s:", what);
  for (size_t i = 0; i < b->len && i < 64; i++)
    fprintf(stderr, " %02x", b->data[i]);
  fputc('\n', stderr);
}

/* ---- thrift: the worked bytes of PARQUET.md section 2 ---- */
static void test_thrift(void) {
  tpch_buf b;
  tpch_buf_init(&b);
  pq_thrift t;

  pq_thrift_begin(&t, &b);
  pq_thrift_i64(&t, 16, 5); /* id jump of 16: long form */
  CHECK(pq_thrift_end(&t) == TPCH_OK && bytes_equal(&b, "06 20 0a 00"), "i64 field 16");
  if (!bytes_equal(&b, "06 20 0a 00")) dump("got", &b);

  tpch_buf_reset(&b);
  pq_thrift_begin(&t, &b);
  pq_thrift_list_begin(&t, 2, PQ_T_I32, 3);
  pq_thrift_elem_i32(&t, 0), pq_thrift_elem_i32(&t, 3), pq_thrift_elem_i32(&t, 8);
  CHECK(pq_thrift_end(&t) == TPCH_OK && bytes_equal(&b, "29 35 00 06 10 00"), "list<i32>");

  tpch_buf_reset(&b);
  pq_thrift_begin(&t, &b);
  pq_thrift_list_begin(&t, 1, PQ_T_TRUE, 3);
  pq_thrift_elem_bool(&t, 0), pq_thrift_elem_bool(&t, 1), pq_thrift_elem_bool(&t, 0);
  CHECK(pq_thrift_end(&t) == TPCH_OK && bytes_equal(&b, "19 31 02 01 02 00"), "list<bool>");

  tpch_buf_reset(&b);
  pq_thrift_begin(&t, &b);
  pq_thrift_list_begin(&t, 1, PQ_T_I64, 20);
  CHECK(b.len == 3 && memcmp(b.data, "\x19\xf6\x14", 3) == 0, "long list header");

  /* nested structs restart the delta base; deltas > 15 and negative ids */
  tpch_buf_reset(&b);
  pq_thrift_begin(&t, &b);
  pq_thrift_struct_begin(&t, 3);
  pq_thrift_i32(&t, 1, -1);
  pq_thrift_struct_end(&t);
  pq_thrift_i32(&t, 4, 300);
  pq_thrift_binary(&t, 40, "ab", 2);
  CHECK(pq_thrift_end(&t) == TPCH_OK && bytes_equal(&b, "3c 15 01 00 15 d8 04 08 50 02 61 62 00"), "nesting");
  if (!bytes_equal(&b, "3c 15 01 00 15 d8 04 08 50 02 61 62 00")) dump("got", &b);

  /* unbalanced use is reported, not crashed on */
  tpch_buf_reset(&b);
  pq_thrift_begin(&t, &b);
  pq_thrift_struct_end(&t);
  pq_thrift_struct_end(&t);
  CHECK(pq_thrift_end(&t) != TPCH_OK, "extra struct_end is an error");
  tpch_buf_free(&b);
}

/* One-column schema through the real schema code. */
static int one_column(pq_schema *s, const char *name, const char *format, tpch_parquet_writer_options *o) {
  struct ArrowSchema child = {0}, root = {0}, *kids[1] = {&child};
  child.format = format, child.name = name;
  root.format = "+s", root.n_children = 1, root.children = kids;
  return pq_schema_build(s, &root, o, NULL);
}

/* SchemaElement and Statistics bytes of PARQUET.md, found inside a footer
 * written by the real footer code. */
static void test_footer_bytes(void) {
  uint8_t e[256];
  size_t n;
  tpch_buf b;
  tpch_buf_init(&b);
  pq_schema s;

  CHECK(one_column(&s, "l_extendedprice", "d:15,2", NULL) == TPCH_OK, "decimal schema");
  CHECK(pq_footer_write(&s, NULL, 0, 0, &b) == TPCH_OK, "footer");
  n = hex("15 04 25 00 18 0f 6c 5f 65 78 74 65 6e 64 65 64 70 72 69 63 65 25 0a 15 04 15 1e 2c 5c 15 04 15 "
          "1e 00 00 00",
          e);
  CHECK(contains(&b, e, n), "DECIMAL(15,2) SchemaElement bytes");
  pq_schema_free(&s);

  tpch_buf_reset(&b);
  CHECK(one_column(&s, "l_linenumber", "i", NULL) == TPCH_OK, "int32 schema");
  /* one row group whose chunk has max 5, min -3, no nulls */
  pq_chunk_meta m;
  memset(&m, 0, sizeof m);
  m.dict_page_offset = -1;
  m.has_minmax = 1, m.min_exact = m.max_exact = 1;
  int32_t mn = -3, mx = 5;
  tpch_buf_append(&m.min, &mn, 4);
  tpch_buf_append(&m.max, &mx, 4);
  pq_rg_entry rg = {.rows = 1, .cols = &m};
  CHECK(pq_footer_write(&s, &rg, 1, 1, &b) == TPCH_OK, "footer with a row group");
  n = hex("15 02 25 00 18 0c 6c 5f 6c 69 6e 65 6e 75 6d 62 65 72 25 22 4c ac 13 20 11 00 00 00", e);
  CHECK(contains(&b, e, n), "INT32 INTEGER(32,true) SchemaElement bytes");
  n = hex("18 04 05 00 00 00 18 04 fd ff ff ff 16 00 28 04 05 00 00 00 18 04 fd ff ff ff 11 11 00", e);
  CHECK(contains(&b, e, n), "Statistics bytes");
  /* the library object may carry an older build hash than this test */
  const char *cb = "tpchgen-c version " TPCH_VERSION " (build ";
  CHECK(contains(&b, (const uint8_t *)cb, strlen(cb)), "created_by");
  pq_chunk_meta_free(&m);
  pq_schema_free(&s);
  tpch_buf_free(&b);
}

/* ---- RLE / bit-packing hybrid ---- */

/* Decoder written from the spec, for round trips. Returns values decoded
 * or -1 on malformed input; a padded literal run anywhere but the end
 * shows up as too many values. */
static long rle_decode(const uint8_t *p, size_t len, int bw, uint32_t *out, size_t max) {
  size_t pos = 0, n = 0;
  while (pos < len) {
    uint64_t h = 0;
    int shift = 0;
    while (pos < len) {
      uint8_t c = p[pos++];
      h |= (uint64_t)(c & 0x7f) << shift;
      shift += 7;
      if (!(c & 0x80)) break;
    }
    if (h & 1) {
      size_t cnt = (size_t)(h >> 1) * 8;
      if (n + cnt > max + 7) return -1;
      for (size_t k = 0; k < cnt; k++) {
        uint64_t v = 0;
        for (int bit = 0; bit < bw; bit++) {
          size_t at = (k * (size_t)bw + (size_t)bit);
          if (pos + at / 8 >= len) return -1;
          v |= (uint64_t)((p[pos + at / 8] >> (at % 8)) & 1) << bit;
        }
        if (n < max) out[n] = (uint32_t)v;
        n++;
      }
      pos += (size_t)(h >> 1) * (size_t)bw;
    } else {
      size_t cnt = (size_t)(h >> 1);
      uint32_t v = 0;
      for (int k = 0; k < (bw + 7) / 8; k++)
        v |= (uint32_t)p[pos++] << (8 * k);
      if (n + cnt > max) return -1;
      for (size_t k = 0; k < cnt; k++)
        out[n++] = v;
    }
  }
  return (long)n;
}

static void test_rle(void) {
  tpch_buf b;
  tpch_buf_init(&b);
  uint8_t nine_then_zero[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
  pq_rle_encode(&b, nine_then_zero, 10, 1, 1);
  CHECK(bytes_equal(&b, "12 01 03 00"), "nine 1s then a 0");
  tpch_buf_reset(&b);
  uint8_t hundred[100];
  memset(hundred, 1, sizeof hundred);
  pq_rle_encode(&b, hundred, 100, 1, 1);
  CHECK(bytes_equal(&b, "c8 01 01"), "a hundred 1s");
  tpch_buf_reset(&b);
  uint32_t seq[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  pq_rle_encode(&b, seq, 8, 4, 3);
  CHECK(bytes_equal(&b, "03 88 c6 fa"), "0..7 at width 3");
  tpch_buf_reset(&b);
  CHECK(pq_rle_encode(&b, seq, 8, 4, 33) == TPCH_EINVAL && pq_rle_encode(&b, seq, 8, 2, 3) == TPCH_EINVAL,
        "bad width / element size rejected");
  CHECK(pq_bit_width(0) == 0 && pq_bit_width(1) == 1 && pq_bit_width(7) == 3 && pq_bit_width(8) == 4 &&
            pq_bit_width(UINT32_MAX) == 32,
        "bit widths");

  /* round trips: runs of every length around 8, literals, all widths */
  uint64_t st = 12345;
  static uint32_t in[5000], out[5000 + 8];
  for (int iter = 0; iter < 300; iter++) {
    int bw = iter % 33;
    uint32_t mask = bw == 32 ? UINT32_MAX : (1u << bw) - 1;
    size_t n = 0, want = (size_t)(iter * 16 % 5000);
    while (n < want) {
      st = st * 6364136223846793005ull + 1442695040888963407ull;
      uint32_t v = (uint32_t)(st >> 33) & mask;
      size_t run = (st >> 20) % 4 == 0 ? (st >> 8) % 20 + 1 : 1;
      for (size_t k = 0; k < run && n < want; k++)
        in[n++] = v;
    }
    tpch_buf_reset(&b);
    int rc = pq_rle_encode(&b, in, n, 4, bw);
    long got = rle_decode(b.data, b.len, bw, out, n);
    int same = got >= (long)n && memcmp(in, out, n * 4) == 0;
    CHECK(rc == TPCH_OK && same, "round trip %d (width %d, %zu values): decoded %ld", iter, bw, n, got);
  }
  tpch_buf_free(&b);
}

/* ---- column chunks: dictionary decisions and statistics ---- */

typedef struct chunk {
  pq_schema s;
  pq_scratch x;
  pq_colenc c;
  tpch_buf blob;
  pq_chunk_meta m;
} chunk;

static int encode(chunk *k, tb_table *t, tpch_parquet_writer_options *o) {
  tb_finish(t, 0, 0);
  int rc = pq_schema_build(&k->s, &t->schema, o, NULL);
  if (rc != TPCH_OK) return rc;
  pq_scratch_init(&k->x, &k->s.opts, NULL);
  pq_colenc_init(&k->c, &k->s, 0, &k->x);
  tpch_buf_init(&k->blob);
  rc = pq_colenc_add(&k->c, t->array_children[0], 0, t->array.length, NULL);
  if (rc == TPCH_OK) rc = pq_colenc_finish(&k->c, &k->blob, &k->m, NULL);
  return rc;
}

static void chunk_free(chunk *k) {
  pq_colenc_free(&k->c);
  pq_scratch_free(&k->x);
  pq_schema_free(&k->s);
  tpch_buf_free(&k->blob);
  pq_chunk_meta_free(&k->m);
}

/* Like encode, but the rows arrive in batches of pseudo-random sizes
 * (1 row up to a few thousand) drawn from `seed`. */
static int encode_batched(chunk *k, tb_table *t, tpch_parquet_writer_options *o, uint64_t seed) {
  tb_finish(t, 0, 0);
  int rc = pq_schema_build(&k->s, &t->schema, o, NULL);
  if (rc != TPCH_OK) return rc;
  pq_scratch_init(&k->x, &k->s.opts, NULL);
  pq_colenc_init(&k->c, &k->s, 0, &k->x);
  tpch_buf_init(&k->blob);
  int64_t done = 0, n = t->array.length;
  while (rc == TPCH_OK && done < n) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    int64_t step = (seed >> 33) % 4 == 0 ? 1 : (int64_t)((seed >> 40) % 5000) + 1;
    if (step > n - done) step = n - done;
    rc = pq_colenc_add(&k->c, t->array_children[0], done, step, NULL);
    done += step;
  }
  if (rc == TPCH_OK) rc = pq_colenc_finish(&k->c, &k->blob, &k->m, NULL);
  return rc;
}

/* 256 INT64 values, uncompressed v1: the page header of PARQUET.md. */
static void test_page_header(void) {
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.compression = TPCH_PARQUET_COMPRESSION_NONE;
  tb_table t;
  tb_init(&t);
  tb_add_col(&t, "k", 'l', 0, 0, 0);
  for (int i = 0; i < 256; i++)
    tb_push_i64(&t.cols[0], i);
  t.cols[0].nullable = 0;
  chunk k = {0};
  CHECK(encode(&k, &t, &o) == TPCH_OK, "encode 256 int64");
  uint8_t e[64];
  size_t n = hex("15 00 15 80 20 15 80 20 2c 15 80 04 15 00 15 06 15 06 00 00", e);
  CHECK(k.blob.len == n + 2048 && memcmp(k.blob.data, e, n) == 0, "DATA_PAGE header bytes");
  CHECK(k.m.compressed_size == (int64_t)(n + 2048) && k.m.uncompressed_size == k.m.compressed_size,
        "chunk sizes include the header");
  int64_t v;
  memcpy(&v, k.blob.data + n + 8 * 255, 8);
  CHECK(v == 255, "PLAIN int64 values follow the header");
  chunk_free(&k);
  tb_free(&t);
}

static void test_dictionary(void) {
  tpch_parquet_writer_options o;
  char buf[64];
  /* low cardinality: dictionary only */
  {
    tpch_parquet_writer_options_init(&o);
    o.page_rows = 1000;
    tb_table t;
    tb_init(&t);
    tb_add_col(&t, "mode", 'u', 0, 0, 0);
    for (int i = 0; i < 10000; i++)
      tb_push_str(&t.cols[0], (const char *[]){"AIR", "RAIL", "SHIP"}[i % 3]);
    chunk k = {0};
    CHECK(encode(&k, &t, &o) == TPCH_OK, "encode low cardinality");
    CHECK(k.m.dict_page_offset == 0 && k.m.n_dict_data_pages == 10 && k.m.n_plain_data_pages == 0,
          "low cardinality: dictionary page + 10 RLE_DICTIONARY pages (%lld %d %d)",
          (long long)k.m.dict_page_offset, k.m.n_dict_data_pages, k.m.n_plain_data_pages);
    CHECK(k.m.compressed_size < 2000, "dictionary pages are small (%lld bytes)",
          (long long)k.m.compressed_size);
    chunk_free(&k);
    tb_free(&t);
  }
  /* all distinct: the probe gives up before any page is written: no dictionary page at all */
  {
    tpch_parquet_writer_options_init(&o);
    tb_table t;
    tb_init(&t);
    tb_add_col(&t, "comment", 'u', 0, 0, 0);
    for (int i = 0; i < 10000; i++)
      snprintf(buf, sizeof buf, "comment %d", i), tb_push_str(&t.cols[0], buf);
    chunk k = {0};
    CHECK(encode(&k, &t, &o) == TPCH_OK, "encode high cardinality");
    CHECK(k.m.dict_page_offset == -1 && k.m.n_dict_data_pages == 0 && k.m.n_plain_data_pages == 1 &&
              k.m.encodings == (1u << PQ_ENC_PLAIN),
          "high cardinality falls back to PLAIN with no dictionary page");
    chunk_free(&k);
    tb_free(&t);
  }
  /* grows past dictionary_max_bytes after pages were written: dictionary, then PLAIN */
  {
    tpch_parquet_writer_options_init(&o);
    o.page_rows = 100;
    o.dictionary_max_bytes = 100; /* 10 entries of 10 bytes */
    tb_table t;
    tb_init(&t);
    tb_add_col(&t, "grow", 'u', 0, 0, 0);
    for (int i = 0; i < 2000; i++)
      snprintf(buf, sizeof buf, "val%03d", i / 100), tb_push_str(&t.cols[0], buf);
    chunk k = {0};
    CHECK(encode(&k, &t, &o) == TPCH_OK, "encode growing dictionary");
    CHECK(k.m.dict_page_offset == 0 && k.m.n_dict_data_pages == 10 && k.m.n_plain_data_pages == 10 &&
              k.m.encodings == (1u << PQ_ENC_PLAIN | 1u << PQ_ENC_RLE_DICTIONARY),
          "fallback after 10 dictionary pages (%d dict, %d plain)", k.m.n_dict_data_pages,
          k.m.n_plain_data_pages);
    CHECK(k.m.n_pages == 20 && k.m.pages[10].first_row == 1000, "page locations");
    chunk_free(&k);
    tb_free(&t);
  }
  /* dictionary off */
  {
    tpch_parquet_writer_options_init(&o);
    o.no_dictionary = 1;
    tb_table t;
    tb_init(&t);
    tb_add_col(&t, "mode", 'u', 1, 0, 0);
    for (int i = 0; i < 100; i++)
      tb_push_str(&t.cols[0], "x");
    chunk k = {0};
    CHECK(encode(&k, &t, &o) == TPCH_OK && k.m.dict_page_offset == -1 &&
              k.m.encodings == (1u << PQ_ENC_PLAIN | 1u << PQ_ENC_RLE),
          "dictionary off: PLAIN (+ RLE levels)");
    chunk_free(&k);
    tb_free(&t);
  }
}

/* ---- fixed-width dictionary ---- */

static int is_bytes(const tpch_buf *b, const void *p, size_t n);

/* The table on its own: keys that differ only in high bits (where a weak
 * multiplicative hash collides), bit-exact doubles, FLBA widths, reset. */
static void test_fixed_table(void) {
  pq_dict d;
  pq_dict_init_fixed(&d, 8);
  enum { N = 20000 };
  int ok = 1;
  uint32_t e;
  for (uint64_t i = 0; i < N; i++) {
    uint64_t v = i << 44;
    uint32_t h = pq_dict_fixed_hash((const uint8_t *)&v, 8);
    if (pq_dict_find_fixed(&d, (const uint8_t *)&v, 8, h, &e)) ok = 0;
    if (pq_dict_add_fixed(&d, (const uint8_t *)&v, h, &e) != TPCH_OK || e != i) ok = 0;
  }
  CHECK(ok && d.n == N && d.plain.len == (size_t)N * 8, "20000 keys added in order");
  int found = 1, absent = 1, layout = 1;
  for (uint64_t i = 0; i < N; i++) {
    uint64_t v = i << 44, w = v + 1, got;
    if (!pq_dict_find_fixed(&d, (const uint8_t *)&v, 8, pq_dict_fixed_hash((const uint8_t *)&v, 8), &e) ||
        e != i)
      found = 0;
    if (pq_dict_find_fixed(&d, (const uint8_t *)&w, 8, pq_dict_fixed_hash((const uint8_t *)&w, 8), &e))
      absent = 0;
    memcpy(&got, pq_dict_entry(&d, (uint32_t)i), 8);
    if (got != v) layout = 0;
  }
  CHECK(found && absent && layout,
        "every key found at its entry, neighbours absent, entries are the PLAIN body");
  /* probe chains stay short: the mean distance of an entry from its home slot */
  uint64_t dist = 0;
  for (uint32_t s = 0; s <= d.mask; s++) {
    if (d.slots[s] == 0) continue;
    uint32_t home = pq_dict_fixed_hash(pq_dict_entry(&d, d.slots[s] - 1), 8) & d.mask;
    dist += (s - home) & d.mask;
  }
  CHECK(dist < 2 * (uint64_t)N, "keys differing only in high bits spread out (mean probe distance %.2f)",
        (double)dist / N);
  pq_dict_reset(&d);
  uint64_t z = 0;
  CHECK(d.n == 0 &&
            !pq_dict_find_fixed(&d, (const uint8_t *)&z, 8, pq_dict_fixed_hash((const uint8_t *)&z, 8), &e),
        "reset forgets every entry");
  /* doubles by their bits: -0.0 and 0.0 differ, a NaN matches only itself */
  double vals[] = {0.0, -0.0, NAN, -NAN, 0.0, 1.5, NAN};
  uint32_t ids[7];
  for (int i = 0; i < 7; i++) {
    const uint8_t *p = (const uint8_t *)&vals[i];
    uint32_t h = pq_dict_fixed_hash(p, 8);
    if (!pq_dict_find_fixed(&d, p, 8, h, &ids[i])) pq_dict_add_fixed(&d, p, h, &ids[i]);
  }
  CHECK(d.n == 5 && ids[4] == ids[0] && ids[6] == ids[2] && ids[1] != ids[0] && ids[3] != ids[2],
        "doubles compared by bits (%u entries)", d.n);
  pq_dict_free(&d);

  /* 16-byte (FLBA) and 9-byte entries: values differing in the first or last byte only */
  for (int w = 9; w <= 16; w += 7) {
    pq_dict_init_fixed(&d, w);
    uint8_t v[16];
    ok = 1;
    for (int i = 0; i < 512; i++) {
      memset(v, 0xA5, sizeof v);
      if (i < 256)
        v[0] = (uint8_t)i;
      else
        v[w - 1] = (uint8_t)i;
      uint32_t h = pq_dict_fixed_hash(v, w);
      int dup = pq_dict_find_fixed(&d, v, w, h, &e);
      if (!dup && pq_dict_add_fixed(&d, v, h, &e) != TPCH_OK) ok = 0;
    }
    /* v[0] = 0xA5 and v[w-1] = 0xA5 are the same all-0xA5 value: seen twice, at i = 165 and 421 */
    CHECK(ok && d.n == 511, "width %d: 511 distinct values (%u)", w, d.n);
    memset(v, 0xA5, sizeof v);
    v[w - 1] = 7;
    CHECK(pq_dict_find_fixed(&d, v, w, pq_dict_fixed_hash(v, w), &e) && e == 256 + 7,
          "width %d: lookup by the last byte (entry %u)", w, e);
    pq_dict_free(&d);
  }
  /* 4 bytes */
  pq_dict_init_fixed(&d, 4);
  ok = 1;
  for (int32_t i = -3000; i < 3000; i++) {
    uint32_t h = pq_dict_fixed_hash((const uint8_t *)&i, 4);
    if (pq_dict_find_fixed(&d, (const uint8_t *)&i, 4, h, &e) ||
        pq_dict_add_fixed(&d, (const uint8_t *)&i, h, &e) != TPCH_OK || e != (uint32_t)(i + 3000))
      ok = 0;
  }
  int32_t m5 = -5;
  CHECK(
      ok &&
          pq_dict_find_fixed(&d, (const uint8_t *)&m5, 4, pq_dict_fixed_hash((const uint8_t *)&m5, 4), &e) &&
          e == 2995,
      "int32 entries");
  pq_dict_free(&d);
}

/* A one-column table of `rows` values from fn(i) (kind 'i', 'l', 't'; 'd'
 * for DECIMAL(15,2) from the unscaled value); fn returning INT64_MIN is a null. */
static void column_of(tb_table *t, int kind, int nullable, int64_t rows, int64_t (*fn)(int64_t)) {
  tb_init(t);
  tb_add_col(t, "c", kind, nullable, kind == 'd' ? 15 : 0, 2);
  for (int64_t i = 0; i < rows; i++) {
    int64_t v = fn(i);
    if (v == INT64_MIN)
      tb_push_null(&t->cols[0]);
    else if (kind == 'l')
      tb_push_i64(&t->cols[0], v);
    else if (kind == 'd')
      tb_push_dec64(&t->cols[0], v);
    else
      tb_push_i32(&t->cols[0], (int32_t)v);
  }
}

/* 1..7 in no period a compressor could exploit */
static int64_t seven(int64_t i) {
  uint64_t x = (uint64_t)i * 0x9E3779B97F4A7C15ull;
  return 1 + (int64_t)((x ^ (x >> 29)) % 7);
}
static int64_t distinct(int64_t i) {
  return (i * 2654435761LL) % 1000000007LL - 500000000LL;
}
static int64_t sorted_runs(int64_t i) {
  return 1000000 + i / 4;
}
static int64_t per_hundred(int64_t i) {
  return 7000 + i / 100;
}
static int64_t ten(int64_t i) {
  return (i * 3) % 10 - 4;
}
static int64_t all_null(int64_t i) {
  return (void)i, INT64_MIN;
}
static int64_t sparse(int64_t i) {
  return i % 3 == 1 ? INT64_MIN : (i % 11) * 100 - 300;
}
/* a hundred repeated values for 5000 rows, then a new value every row */
static int64_t turns_distinct(int64_t i) {
  return i < 5000 ? (i * 37) % 100 : 100000 + i;
}

typedef struct dict_case {
  const char *what;
  int kind, nullable;
  int64_t rows, (*fn)(int64_t);
  tpch_parquet_compression codec;
  int64_t page_rows, dict_max;
  /* expected: dictionary page, RLE_DICTIONARY data pages, PLAIN data pages (-1: any),
   * first row of the first PLAIN page after dictionary pages (-1: not checked) */
  int dict_page, n_dict, n_plain;
  int64_t first_plain_row;
} dict_case;

static const dict_case dict_cases[] = {
    {"int32, 7 values", 'i', 0, 10000, seven, TPCH_PARQUET_COMPRESSION_NONE, 1000, -1, 1, 10, 0, -1},
    {"decimal(15,2), 10 values, nullable", 'd', 1, 10000, ten, TPCH_PARQUET_COMPRESSION_ZSTD, 1000, -1, 1, 10,
     0, -1},
    {"date, 7 values, v1 zstd", 't', 0, 3000, seven, TPCH_PARQUET_COMPRESSION_ZSTD, 0, -1, 1, 1, 0, -1},
    {"int64 nulls and 11 values", 'l', 1, 5000, sparse, TPCH_PARQUET_COMPRESSION_SNAPPY, 700, -1, 1, 8, 0,
     -1},
    /* the first check (4096 values) sees mostly new values: PLAIN, no dictionary page */
    {"int64 all distinct", 'l', 0, 10000, distinct, TPCH_PARQUET_COMPRESSION_NONE, 0, -1, 0, 0, 1, -1},
    /* with pages written before it, the failed check ends the dictionary mid-chunk */
    {"int64 distinct, small pages", 'l', 0, 10000, distinct, TPCH_PARQUET_COMPRESSION_NONE, 1000, -1, 1, 5, 6,
     4096},
    /* a sorted key with runs of 4: trial compression says PLAIN at the first check */
    {"sorted key, zstd", 'l', 0, 20000, sorted_runs, TPCH_PARQUET_COMPRESSION_ZSTD, 0, -1, 0, 0, 1, -1},
    /* uncompressed the trial keeps the dictionary; one new entry per 4 values fails
     * the check at 65536 (limit 223/1024), after 65 full pages */
    {"sorted key, none, pages", 'l', 0, 100000, sorted_runs, TPCH_PARQUET_COMPRESSION_NONE, 1000, -1, 1, 66,
     35, 65536},
    /* 100 repeated values, then all new: the 8192 check fails */
    {"decimal turning distinct", 'd', 0, 12000, turns_distinct, TPCH_PARQUET_COMPRESSION_SNAPPY, 1000, -1, 1,
     9, 4, 8192},
    /* dictionary_max_bytes 80 = 10 int64 entries: the 11th value (row 1000) ends it */
    {"int64 past dictionary_max_bytes", 'l', 0, 2000, per_hundred, TPCH_PARQUET_COMPRESSION_NONE, 100, 80, 1,
     10, 10, 1000},
    /* the same within the first page: PLAIN, no dictionary page */
    {"int64 past dictionary_max_bytes in page 1", 'l', 0, 2000, per_hundred, TPCH_PARQUET_COMPRESSION_NONE, 0,
     80, 0, 0, 1, -1},
    {"dictionary_max_bytes 1", 'i', 0, 100, seven, TPCH_PARQUET_COMPRESSION_NONE, 0, 1, 0, 0, 1, -1},
    /* chunks shorter than the first check are checked at their end */
    {"1000 distinct int32", 'i', 0, 1000, distinct, TPCH_PARQUET_COMPRESSION_NONE, 0, -1, 0, 0, 1, -1},
    {"1000 int32 of 10 values", 'i', 0, 1000, ten, TPCH_PARQUET_COMPRESSION_NONE, 0, -1, 1, 1, 0, -1},
    {"all null int64", 'l', 1, 500, all_null, TPCH_PARQUET_COMPRESSION_ZSTD, 0, -1, 0, 0, 1, -1},
};

static void test_fixed_decisions(void) {
  for (size_t i = 0; i < sizeof dict_cases / sizeof dict_cases[0]; i++) {
    const dict_case *dc = &dict_cases[i];
    tpch_parquet_writer_options o;
    tpch_parquet_writer_options_init(&o);
    o.compression = dc->codec;
    o.page_rows = dc->page_rows;
    if (dc->dict_max >= 0) o.dictionary_max_bytes = dc->dict_max;
    tb_table t;
    column_of(&t, dc->kind, dc->nullable, dc->rows, dc->fn);
    chunk k = {0}, kb = {0};
    int rc = encode(&k, &t, &o);
    CHECK(rc == TPCH_OK, "%s: encode", dc->what);
    unsigned enc = (dc->dict_page ? 1u << PQ_ENC_RLE_DICTIONARY : 0) |
                   (dc->n_plain || dc->dict_page ? 1u << PQ_ENC_PLAIN : 0) |
                   (dc->nullable ? 1u << PQ_ENC_RLE : 0);
    CHECK((k.m.dict_page_offset == 0) == dc->dict_page && k.m.n_dict_data_pages == dc->n_dict &&
              k.m.n_plain_data_pages == dc->n_plain && k.m.encodings == enc,
          "%s: dictionary page %lld, %d RLE_DICTIONARY + %d PLAIN pages, encodings %x (expected %d, %d, %d, "
          "%x)",
          dc->what, (long long)k.m.dict_page_offset, k.m.n_dict_data_pages, k.m.n_plain_data_pages,
          k.m.encodings, dc->dict_page, dc->n_dict, dc->n_plain, enc);
    if (dc->first_plain_row >= 0 && k.m.n_pages > dc->n_dict)
      CHECK(k.m.pages[dc->n_dict].first_row == dc->first_plain_row, "%s: PLAIN from row %lld (expected %lld)",
            dc->what, (long long)k.m.pages[dc->n_dict].first_row, (long long)dc->first_plain_row);
    CHECK(k.m.num_values == dc->rows, "%s: num_values", dc->what);
    /* any batching gives the same bytes */
    rc = encode_batched(&kb, &t, &o, 77 + i);
    CHECK(rc == TPCH_OK && kb.blob.len == k.blob.len && memcmp(kb.blob.data, k.blob.data, k.blob.len) == 0 &&
              kb.m.n_pages == k.m.n_pages,
          "%s: batched encoding gives other bytes (%zu vs %zu)", dc->what, kb.blob.len, k.blob.len);
    chunk_free(&k), chunk_free(&kb);
    tb_free(&t);
  }
}

/* The dictionary page of an uncompressed chunk ends where the data pages
 * start; its body is the distinct values in order of first appearance. */
static int dict_body_is(const chunk *k, const void *expect, size_t n) {
  if (k->m.dict_page_offset != 0 || (size_t)k->m.data_page_offset < n) return 0;
  return memcmp(k->blob.data + k->m.data_page_offset - n, expect, n) == 0;
}

static void test_fixed_types(void) {
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.compression = TPCH_PARQUET_COMPRESSION_NONE;
  o.page_rows = 3;
  tb_table t;
  chunk k = {0};

  /* int32 values whose order of appearance is not their order: stats are of the values */
  column_of(&t, 'i', 0, 600, seven);
  CHECK(encode(&k, &t, &o) == TPCH_OK && k.m.n_dict_data_pages == 200, "int32 dictionary");
  int32_t first7[7], one = 1, svn = 7;
  for (int i = 0, n = 0; n < 7; i++) {
    int seen = 0;
    for (int j = 0; j < n; j++)
      seen |= first7[j] == seven(i);
    if (!seen) first7[n++] = (int32_t)seven(i);
  }
  CHECK(dict_body_is(&k, first7, sizeof first7), "int32 dictionary page: values in order of appearance");
  CHECK(k.m.has_minmax && is_bytes(&k.m.min, &one, 4) && is_bytes(&k.m.max, &svn, 4),
        "int32 dictionary: statistics are values 1..7, not indices");
  chunk_free(&k), tb_free(&t);

  /* DECIMAL(15,2) on INT64 */
  column_of(&t, 'd', 1, 600, sparse);
  CHECK(encode(&k, &t, &o) == TPCH_OK && k.m.dict_page_offset == 0 && k.m.null_count == 200,
        "decimal dictionary");
  int64_t dfirst[11], dmin = -300, dmax = 700;
  for (int i = 0, n = 0; n < 11; i++)
    if (i % 3 != 1) {
      int64_t v = (i % 11) * 100 - 300, seen = 0;
      for (int j = 0; j < n; j++)
        seen |= dfirst[j] == v;
      if (!seen) dfirst[n++] = v;
    }
  CHECK(dict_body_is(&k, dfirst, sizeof dfirst), "decimal dictionary page: INT64 unscaled values");
  CHECK(is_bytes(&k.m.min, &dmin, 8) && is_bytes(&k.m.max, &dmax, 8), "decimal dictionary statistics");
  chunk_free(&k), tb_free(&t);

  /* DECIMAL(38,4) as 16-byte FIXED_LEN_BYTE_ARRAY: big-endian entries and order */
  tb_init(&t);
  tb_add_col(&t, "c", 'd', 1, 38, 4);
  for (int i = 0; i < 300; i++) {
    if (i % 5 == 0)
      tb_push_null(&t.cols[0]);
    else if (i % 5 == 1)
      tb_push_dec(&t.cols[0], -2, -1);
    else
      tb_push_dec(&t.cols[0], i % 5 == 2 ? 1 : 0x0102, 0);
  }
  CHECK(encode(&k, &t, &o) == TPCH_OK && k.m.dict_page_offset == 0, "FLBA decimal dictionary");
  uint8_t be[3][16] = {{0}}, bm2[16], bp[16] = {0};
  memset(be[0], 0xFF, 16), be[0][15] = 0xFE, be[1][15] = 1, be[2][14] = 1, be[2][15] = 2;
  memcpy(bm2, be[0], 16), bp[14] = 1, bp[15] = 2;
  CHECK(dict_body_is(&k, be, sizeof be), "FLBA dictionary page: big-endian entries");
  CHECK(is_bytes(&k.m.min, bm2, 16) && is_bytes(&k.m.max, bp, 16), "FLBA dictionary statistics -2..258");
  chunk_free(&k), tb_free(&t);

  /* doubles: -0.0 and 0.0 are two entries; NaN is one but takes no part in min/max */
  tb_init(&t);
  tb_add_col(&t, "c", 'g', 0, 0, 0);
  double dv[] = {2.5, NAN, 0.0, -0.0, -7.25, 2.5};
  for (int i = 0; i < 600; i++)
    tb_push_f64(&t.cols[0], dv[i % 6]);
  CHECK(encode(&k, &t, &o) == TPCH_OK && k.m.dict_page_offset == 0, "double dictionary");
  CHECK((size_t)k.m.data_page_offset > 5 * 8 && dict_body_is(&k, dv, 5 * 8),
        "double dictionary page: 5 entries by bits");
  double mn, mx;
  memcpy(&mn, k.m.min.data, 8), memcpy(&mx, k.m.max.data, 8);
  CHECK(k.m.has_minmax && mn == -7.25 && mx == 2.5, "double dictionary statistics ignore NaN (%g..%g)", mn,
        mx);
  chunk_free(&k), tb_free(&t);

  /* a page of only NaN in a dictionary chunk: no min/max, no ColumnIndex */
  tb_init(&t);
  tb_add_col(&t, "c", 'g', 0, 0, 0);
  for (int i = 0; i < 600; i++)
    tb_push_f64(&t.cols[0], i < 3 ? NAN : (double)(i % 4));
  CHECK(encode(&k, &t, &o) == TPCH_OK && k.m.dict_page_offset == 0 && k.m.column_index.len == 0,
        "all-NaN dictionary page: no ColumnIndex");
  chunk_free(&k), tb_free(&t);

  /* a decimal that does not fit its precision, in dictionary mode */
  tb_init(&t);
  tb_add_col(&t, "c", 'd', 0, 3, 0);
  tb_push_dec64(&t.cols[0], 5);
  tb_push_dec64(&t.cols[0], 1000);
  CHECK(encode(&k, &t, &o) == TPCH_EINVAL, "decimal(3) 1000 refused in dictionary mode");
  chunk_free(&k), tb_free(&t);

  /* dictionary off, and an all-null string chunk: no dictionary page */
  o.no_dictionary = 1;
  column_of(&t, 'i', 0, 600, seven);
  CHECK(encode(&k, &t, &o) == TPCH_OK && k.m.dict_page_offset == -1 && k.m.encodings == 1u << PQ_ENC_PLAIN,
        "dictionary off: int32 PLAIN");
  chunk_free(&k), tb_free(&t);
  o.no_dictionary = 0;
  tb_init(&t);
  tb_add_col(&t, "c", 'u', 1, 0, 0);
  for (int i = 0; i < 10; i++)
    tb_push_null(&t.cols[0]);
  tpch_parquet_writer_options_init(&o);
  CHECK(encode(&k, &t, &o) == TPCH_OK && k.m.dict_page_offset == -1,
        "all-null string chunk: no dictionary page");
  chunk_free(&k), tb_free(&t);
}

/* Chunk min/max of a column built by `fill`. */
static int minmax(int kind, int precision, void (*fill)(tb_col *), tpch_buf *mn, tpch_buf *mx, int *has) {
  tb_table t;
  tb_init(&t);
  tb_add_col(&t, "c", kind, 1, precision, 2);
  fill(&t.cols[0]);
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.page_rows = 2; /* several pages, so page stats must combine */
  chunk k = {0};
  int rc = encode(&k, &t, &o);
  *has = k.m.has_minmax;
  tpch_buf_reset(mn), tpch_buf_reset(mx);
  tpch_buf_append(mn, k.m.min.data, k.m.min.len);
  tpch_buf_append(mx, k.m.max.data, k.m.max.len);
  chunk_free(&k);
  tb_free(&t);
  return rc;
}

static void fill_strings(tb_col *c) {
  const char *v[] = {"b", "ÿ", "a", "", "ab", "Z", "é"};
  for (int i = 0; i < 7; i++)
    tb_push_str(c, v[i]);
  tb_push_null(c);
}
static void fill_ints(tb_col *c) {
  int32_t v[] = {3, -5, 0, 7, -1};
  for (int i = 0; i < 5; i++)
    tb_push_i32(c, v[i]);
}
static void fill_i64(tb_col *c) {
  tb_push_null(c);
  tb_push_i64(c, 42);
  tb_push_i64(c, INT64_MIN);
  tb_push_null(c);
  tb_push_i64(c, -1);
}
static void fill_dec(tb_col *c) {
  tb_push_dec64(c, 5);
  tb_push_dec64(c, -999999999999999LL);
  tb_push_dec64(c, 0);
  tb_push_dec64(c, 999999999999999LL);
}
static void fill_dec_wide(tb_col *c) { /* FLBA big-endian: -2 < -1 < 0 < 1 */
  tb_push_dec(c, 1, 0);
  tb_push_dec(c, -2, -1);
  tb_push_dec(c, 0, 0);
  tb_push_dec(c, -1, -1);
}
static void fill_doubles(tb_col *c) {
  tb_push_f64(c, NAN);
  tb_push_f64(c, 0.0);
  tb_push_f64(c, 2.5);
  tb_push_f64(c, NAN);
  tb_push_f64(c, -0.0);
}
static void fill_nan(tb_col *c) {
  tb_push_f64(c, NAN);
  tb_push_null(c);
}
static void fill_nulls(tb_col *c) {
  tb_push_null(c);
  tb_push_null(c);
  tb_push_null(c);
}
static void fill_bools(tb_col *c) {
  tb_push_bool(c, 1);
  tb_push_null(c);
  tb_push_bool(c, 1);
}

static int is_bytes(const tpch_buf *b, const void *p, size_t n) {
  return b->len == n && (n == 0 || memcmp(b->data, p, n) == 0);
}

static void test_stats(void) {
  tpch_buf mn, mx;
  tpch_buf_init(&mn), tpch_buf_init(&mx);
  int has;
  minmax('u', 0, fill_strings, &mn, &mx, &has);
  CHECK(has && is_bytes(&mn, "", 0) && is_bytes(&mx, "ÿ", 2), "strings: unsigned bytewise order ('' .. 'ÿ')");
  minmax('i', 0, fill_ints, &mn, &mx, &has);
  int32_t i5 = -5, i7 = 7;
  CHECK(has && is_bytes(&mn, &i5, 4) && is_bytes(&mx, &i7, 4), "int32: signed order");
  minmax('l', 0, fill_i64, &mn, &mx, &has);
  int64_t lmin = INT64_MIN, l42 = 42;
  CHECK(has && is_bytes(&mn, &lmin, 8) && is_bytes(&mx, &l42, 8), "int64 with nulls: INT64_MIN..42");
  minmax('d', 15, fill_dec, &mn, &mx, &has);
  int64_t dmin = -999999999999999LL, dmax = 999999999999999LL;
  CHECK(has && is_bytes(&mn, &dmin, 8) && is_bytes(&mx, &dmax, 8), "decimal(15): signed unscaled");
  minmax('d', 38, fill_dec_wide, &mn, &mx, &has);
  uint8_t be_m2[16], be_p1[16] = {0};
  memset(be_m2, 0xFF, 16), be_m2[15] = 0xFE, be_p1[15] = 1;
  CHECK(has && is_bytes(&mn, be_m2, 16) && is_bytes(&mx, be_p1, 16), "decimal(38): big-endian signed -2..1");
  minmax('g', 0, fill_doubles, &mn, &mx, &has);
  double dm, dM;
  memcpy(&dm, mn.data, 8), memcpy(&dM, mx.data, 8);
  CHECK(has && dm == 0 && signbit(dm) && dM == 2.5, "double: NaN ignored, zero min written as -0.0");
  minmax('g', 0, fill_nan, &mn, &mx, &has);
  CHECK(!has, "double: only NaN and nulls -> no min/max");
  minmax('l', 0, fill_nulls, &mn, &mx, &has);
  CHECK(!has, "all null -> no min/max");
  minmax('b', 0, fill_bools, &mn, &mx, &has);
  CHECK(has && mn.len == 1 && mn.data[0] == 1 && mx.data[0] == 1, "bool: true..true");

  /* truncation */
  tpch_buf out;
  tpch_buf_init(&out);
  CHECK(pq_stat_truncate((const uint8_t *)"abcdef", 6, 4, 0, 1, &out) == 0 && is_bytes(&out, "abcd", 4),
        "min cut");
  CHECK(pq_stat_truncate((const uint8_t *)"abcdef", 6, 4, 1, 1, &out) == 0 && is_bytes(&out, "abce", 4),
        "max cut + 1");
  CHECK(pq_stat_truncate((const uint8_t *)"abc", 3, 4, 1, 1, &out) == 1 && is_bytes(&out, "abc", 3),
        "short: exact");
  CHECK(pq_stat_truncate((const uint8_t *)"ab\xc3\xbf\xc3\xbf", 6, 4, 0, 1, &out) == 0 &&
            is_bytes(&out, "ab\xc3\xbf", 4),
        "utf8 min cut at a character boundary");
  CHECK(pq_stat_truncate((const uint8_t *)"a\x7f\xc3\xbfzz", 6, 4, 1, 1, &out) == 0 && is_bytes(&out, "b", 1),
        "utf8 max: DEL and multi-byte characters skipped");
  CHECK(pq_stat_truncate((const uint8_t *)"\xff\xff\xff", 3, 2, 1, 0, &out) == 1 && out.len == 3,
        "binary max of 0xFF bytes stays whole");
  CHECK(pq_stat_truncate((const uint8_t *)"\x01\xff\xff", 3, 2, 1, 0, &out) == 0 && is_bytes(&out, "\x02", 1),
        "binary max carries past 0xFF");
  tpch_buf_free(&out), tpch_buf_free(&mn), tpch_buf_free(&mx);
}

int main(void) {
  test_thrift();
  test_footer_bytes();
  test_rle();
  test_page_header();
  test_dictionary();
  test_fixed_table();
  test_fixed_decisions();
  test_fixed_types();
  test_stats();
  return check_finish();
}
