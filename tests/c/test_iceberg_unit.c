/*
 * test_iceberg_unit.c - the pieces under the Iceberg writer: Avro varints,
 * strings and containers, JSON escaping and parsing, Iceberg bound
 * serialization and the Arrow -> Iceberg schema mapping.
 *
 * Expected bytes come from the Avro and Iceberg specifications (worked by
 * hand), never from the code under test.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "support/testutil.h"

/* the bytes of a tpch_buf are exactly `hex` */
#define BYTES_EQ(b, hex) hex_eq((b).data, (b).len, (hex))
#include "format/iceberg/ice_avro.h"
#include "format/iceberg/ice_json.h"
#include "format/iceberg/iceberg_internal.h"

static int mem_eq_hex(const uint8_t *p, int len, const char *hex) {
  return hex_eq(p, (size_t)len, hex);
}

static void test_varints(void) {
  /* The Avro specification's zigzag table, plus the 64-bit extremes. */
  struct {
    int64_t v;
    const char *hex;
  } cases[] = {{0, "00"},
               {-1, "01"},
               {1, "02"},
               {-2, "03"},
               {2, "04"},
               {63, "7e"},
               {-64, "7f"},
               {64, "8001"},
               {-65, "8101"},
               {8191, "fe7f"},
               {8192, "808001"},
               {INT64_MAX, "feffffffffffffffff01"},
               {INT64_MIN, "ffffffffffffffffff01"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tpch_buf b;
    tpch_buf_init(&b);
    ice_avro_put_long(&b, cases[i].v);
    CHECK(BYTES_EQ(b, cases[i].hex), "zigzag(%lld) should be %s", (long long)cases[i].v, cases[i].hex);
    size_t pos = 0;
    int64_t back = 0;
    CHECK(ice_avro_get_long(b.data, b.len, &pos, &back) == 0 && back == cases[i].v && pos == b.len,
          "decode of zigzag(%lld)", (long long)cases[i].v);
    tpch_buf_free(&b);
  }
  /* a sweep of magnitudes round-trips */
  int ok = 1;
  for (int shift = 0; shift < 63; shift++) {
    int64_t vals[4] = {(int64_t)1 << shift, -((int64_t)1 << shift), ((int64_t)1 << shift) - 1,
                       -((int64_t)1 << shift) + 1};
    for (int k = 0; k < 4; k++) {
      tpch_buf b;
      tpch_buf_init(&b);
      ice_avro_put_long(&b, vals[k]);
      size_t pos = 0;
      int64_t back;
      if (ice_avro_get_long(b.data, b.len, &pos, &back) != 0 || back != vals[k]) ok = 0;
      tpch_buf_free(&b);
    }
  }
  CHECK(ok, "varint sweep round-trips");
  const uint8_t truncated[] = {0x80, 0x80};
  const uint8_t too_long[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  size_t pos = 0;
  int64_t v;
  CHECK(ice_avro_get_long(truncated, sizeof truncated, &pos, &v) == TPCH_EFORMAT,
        "truncated varint rejected");
  pos = 0;
  CHECK(ice_avro_get_long(too_long, sizeof too_long, &pos, &v) == TPCH_EFORMAT, "11-byte varint rejected");
}

static void test_strings(void) {
  tpch_buf b;
  tpch_buf_init(&b);
  ice_avro_put_string(&b, "foo"); /* the spec's example: 06 66 6f 6f */
  CHECK(BYTES_EQ(b, "06666f6f"), "Avro string \"foo\"");
  tpch_buf_reset(&b);
  ice_avro_put_bytes(&b, "", 0);
  CHECK(BYTES_EQ(b, "00"), "empty bytes");
  tpch_buf_reset(&b);
  ice_avro_put_bool(&b, 1);
  ice_avro_put_bool(&b, 0);
  CHECK(BYTES_EQ(b, "0100"), "booleans");
  tpch_buf_free(&b);
}

/* A container with one record of schema {"type":"long"}: every byte known. */
static void test_container_bytes(void) {
  const char *meta[] = {"avro.schema", "\"long\"", NULL};
  uint8_t sync[16];
  for (int i = 0; i < 16; i++)
    sync[i] = (uint8_t)(0xa0 + i);
  ice_avro_writer w;
  CHECK(ice_avro_writer_begin(&w, meta, sync, NULL) == 0, "begin");
  ice_avro_put_long(&w.block, 5);
  ice_avro_writer_record_done(&w, NULL);
  CHECK(ice_avro_writer_finish(&w, NULL) == 0, "finish");
  const char *expect = "4f626a01" /* Obj 1 */
                       "04"       /* map block of 2 entries */
                       "16"
                       "6176726f2e736368656d61" /* "avro.schema" */
                       "0c"
                       "226c6f6e6722" /* "\"long\"" */
                       "14"
                       "6176726f2e636f646563" /* "avro.codec" */
                       "08"
                       "6e756c6c"                         /* "null" */
                       "00"                               /* end of map */
                       "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf" /* sync */
                       "02"
                       "02"
                       "0a" /* 1 record, 1 byte, value 5 */
                       "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
  CHECK(BYTES_EQ(w.file, expect), "container bytes match the Avro layout");
  ice_avro_file f;
  CHECK(ice_avro_read(w.file.data, w.file.len, &f, NULL) == 0 && f.records->n == 1, "read back");
  int64_t v = 0;
  CHECK(f.records && f.records->n == 1 && ice_json_int64(f.records->items[0], &v) && v == 5, "value 5");
  ice_avro_file_free(&f);
  ice_avro_writer_free(&w);
  CHECK(ice_avro_writer_begin(&w, (const char *[]){"x", "y", NULL}, sync, NULL) == TPCH_EINVAL,
        "a container without avro.schema is refused");
  ice_avro_writer_free(&w);
  /* no sync given: a random marker, different for each file, that closes
   * the header and each block; finish_into appends the whole container */
  tpch_buf out;
  tpch_buf_init(&out);
  uint8_t first[16];
  for (int k = 0; k < 2; k++) {
    CHECK(ice_avro_writer_begin(&w, meta, NULL, NULL) == 0, "begin with a random sync");
    if (k == 0) memcpy(first, w.sync, 16);
    ice_avro_put_long(&w.block, 5);
    ice_avro_writer_record_done(&w, NULL);
    size_t before = out.len;
    uint8_t mine[16];
    memcpy(mine, w.sync, 16);
    CHECK(ice_avro_writer_finish_into(&w, &out, "a test file", NULL) == 0 && out.len > before + 32 &&
              memcmp(out.data + out.len - 16, mine, 16) == 0,
          "finish_into appends the container, ending in its sync");
    if (k == 1) CHECK(memcmp(first, mine, 16) != 0, "two files, two sync markers");
    if (k == 0) {
      ice_avro_file f2;
      CHECK(ice_avro_read(out.data, out.len, &f2, NULL) == 0 && f2.records && f2.records->n == 1,
            "the random-sync container reads back");
      ice_avro_file_free(&f2);
    }
  }
  tpch_buf_free(&out);
}

static const char *rec_schema =
    "{\"type\":\"record\",\"name\":\"r\",\"fields\":["
    "{\"name\":\"id\",\"type\":\"long\"},"
    "{\"name\":\"s\",\"type\":\"string\"},"
    "{\"name\":\"opt\",\"type\":[\"null\",\"int\"]},"
    "{\"name\":\"arr\",\"type\":{\"type\":\"array\",\"items\":\"long\"}},"
    "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},"
    "{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}},"
    "{\"name\":\"fx\",\"type\":{\"type\":\"fixed\",\"name\":\"F\",\"size\":2}},"
    "{\"name\":\"fx2\",\"type\":\"F\"},"
    "{\"name\":\"d\",\"type\":\"double\"}]}";

static void encode_rec(tpch_buf *b, int64_t i) {
  char s[200];
  memset(s, 'a' + (int)(i % 26), 150);
  s[150] = '\0';
  ice_avro_put_long(b, i);
  ice_avro_put_string(b, s);
  if (i % 2) {
    ice_avro_put_long(b, 1);
    ice_avro_put_long(b, -i);
  } else {
    ice_avro_put_long(b, 0);
  }
  ice_avro_put_long(b, 2); /* array block of 2 */
  ice_avro_put_long(b, i);
  ice_avro_put_long(b, i * 1000);
  ice_avro_put_long(b, 0);
  ice_avro_put_long(b, 1); /* map block of 1 */
  ice_avro_put_string(b, "k");
  ice_avro_put_string(b, "v");
  ice_avro_put_long(b, 0);
  ice_avro_put_long(b, i % 2); /* enum */
  tpch_buf_append(b, "xy", 2);
  tpch_buf_append(b, "zw", 2);
  double d = 0.5 * (double)i;
  uint64_t u;
  memcpy(&u, &d, 8);
  tpch_buf_put_le(b, u, 8);
}

static void test_container_records(void) {
  const char *meta[] = {"avro.schema", rec_schema, "extra", "value", NULL};
  uint8_t sync[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  ice_avro_writer w;
  ice_avro_writer_begin(&w, meta, sync, NULL);
  const int n = 1000; /* ~180 KB: several blocks */
  for (int i = 0; i < n; i++) {
    encode_rec(&w.block, i);
    ice_avro_writer_record_done(&w, NULL);
  }
  ice_avro_writer_finish(&w, NULL);
  size_t syncs = 0;
  for (size_t i = 0; i + 16 <= w.file.len; i++)
    if (memcmp(w.file.data + i, sync, 16) == 0) syncs++;
  CHECK(syncs >= 4, "several blocks, each ended by the sync marker (%zu markers)", syncs);
  ice_avro_file f;
  tpch_error err;
  int rc = ice_avro_read(w.file.data, w.file.len, &f, &err);
  CHECK(rc == 0, "read: %s", err.message);
  if (rc == 0) {
    CHECK(f.records->n == (size_t)n, "record count %zu", f.records->n);
    CHECK(strcmp(ice_json_get_str(f.meta, "extra"), "value") == 0, "user metadata kept");
    CHECK(strcmp(ice_json_get_str(f.meta, "avro.codec"), "null") == 0, "codec null");
    int ok = 1;
    for (int i = 0; i < n && ok; i++) {
      const ice_json *r = f.records->items[i];
      int64_t id = -1, o = 0, a1 = 0;
      const ice_json *opt = ice_json_get(r, "opt");
      const ice_json *arr = ice_json_get(r, "arr");
      ok = ice_json_int64(ice_json_get(r, "id"), &id) && id == i;
      ok = ok && strlen(ice_json_get_str(r, "s")) == 150;
      ok = ok && (i % 2 ? ice_json_int64(opt, &o) && o == -i : opt->kind == ICE_JSON_NULL);
      ok = ok && arr->n == 2 && ice_json_int64(arr->items[1], &a1) && a1 == (int64_t)i * 1000;
      ok = ok && strcmp(ice_json_get_str(ice_json_get(r, "m"), "k"), "v") == 0;
      ok = ok && strcmp(ice_json_get_str(r, "e"), i % 2 ? "B" : "A") == 0;
      ok =
          ok && strcmp(ice_json_get_str(r, "fx"), "xy") == 0 && strcmp(ice_json_get_str(r, "fx2"), "zw") == 0;
      ok = ok && atof(ice_json_get(r, "d")->text) == 0.5 * i;
      if (!ok) CHECK(0, "record %d decodes wrongly", i);
    }
    CHECK(ok, "every record decodes to what was encoded");
    ice_avro_file_free(&f);
  }
  /* corruptions are errors, never crashes */
  tpch_buf bad;
  tpch_buf_init(&bad);
  tpch_buf_append(&bad, w.file.data, w.file.len);
  bad.data[bad.len - 3] ^= 0xff; /* last sync marker */
  CHECK(ice_avro_read(bad.data, bad.len, &f, &err) == TPCH_EFORMAT, "flipped sync marker detected");
  CHECK(ice_avro_read(w.file.data, w.file.len - 20, &f, &err) == TPCH_EFORMAT, "truncated file detected");
  bad.data[0] = 'X';
  CHECK(ice_avro_read(bad.data, bad.len, &f, &err) == TPCH_EFORMAT, "bad magic detected");
  int crashes = 0;
  for (size_t cut = 0; cut < w.file.len; cut += 997) {
    int r = ice_avro_read(w.file.data, cut, &f, NULL);
    if (r == 0)
      ice_avro_file_free(&f);
    else if (r != TPCH_EFORMAT)
      crashes++;
  }
  CHECK(crashes == 0, "every truncation gives EFORMAT");
  tpch_buf_free(&bad);
  ice_avro_writer_free(&w);
  /* a deflate container is refused clearly */
  const char *dmeta[] = {"avro.schema", "\"long\"", NULL};
  ice_avro_writer_begin(&w, dmeta, sync, NULL);
  ice_avro_writer_finish(&w, NULL);
  char *p = memmem(w.file.data, w.file.len, "null", 4);
  if (p) memcpy(p, "nope", 4);
  CHECK(ice_avro_read(w.file.data, w.file.len, &f, &err) == TPCH_EUNSUPPORTED, "unknown codec refused");
  ice_avro_writer_free(&w);
}

static void test_json(void) {
  tpch_buf b;
  tpch_buf_init(&b);
  ice_json_put_string(&b, "a\"b\\c\n\t\x01\x7f\xc3\xa9/", 12);
  const char *expect = "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\xc3\xa9/\"";
  CHECK(b.len == strlen(expect) && memcmp(b.data, expect, b.len) == 0, "JSON escaping: %.*s", (int)b.len,
        (const char *)b.data);
  tpch_buf_reset(&b);
  ice_json_put_int(&b, INT64_MIN);
  tpch_buf_put_u8(&b, ' ');
  ice_json_put_int(&b, 0);
  tpch_buf_put_u8(&b, ' ');
  ice_json_put_int(&b, 1234567890123456789LL);
  CHECK(b.len == 42 && memcmp(b.data, "-9223372036854775808 0 1234567890123456789", 42) == 0, "integers");
  tpch_buf_free(&b);

  const char *text = "{ \"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\ud83d\\ude00\\u0000y\"],"
                     " \"big\": 9223372036854775807, \"neg\": -9223372036854775808, \"o\": {} }";
  ice_json *v = NULL;
  tpch_error err;
  CHECK(ice_json_parse(text, strlen(text), &v, &err) == 0, "parse: %s", err.message);
  if (v) {
    const ice_json *a = ice_json_get(v, "a");
    CHECK(a && a->n == 6, "array of 6");
    const ice_json *s = a->items[5];
    CHECK(s->len == 9 && memcmp(s->text, "x\xc3\xa9\xf0\x9f\x98\x80\0y", 9) == 0, "string escapes decoded");
    int64_t x;
    CHECK(ice_json_int64(ice_json_get(v, "big"), &x) && x == INT64_MAX, "int64 max kept");
    CHECK(ice_json_int64(ice_json_get(v, "neg"), &x) && x == INT64_MIN, "int64 min kept");
    CHECK(!ice_json_int64(a->items[1], &x), "-2.5e3 is not an integer");
    tpch_buf_init(&b);
    ice_json_write(&b, v);
    const char *compact = "{\"a\":[1,-2.5e3,true,false,null,\"x\xc3\xa9\xf0\x9f\x98\x80\\u0000y\"],"
                          "\"big\":9223372036854775807,\"neg\":-9223372036854775808,\"o\":{}}";
    CHECK(b.len == strlen(compact) && memcmp(b.data, compact, b.len) == 0, "round trip: %.*s", (int)b.len,
          (const char *)b.data);
    tpch_buf_free(&b);
    ice_json_free(v);
  }
  const char *bad[] = {"",    "{",     "[1,]",     "{\"a\" 1}",  "01", "1.", "\"\\x\"",    "\"\\ud800\"",
                       "tru", "[1] 2", "\"a\nb\"", "{\"a\":1,}", "-",  "1e", "\"\\u12G4\""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    v = NULL;
    CHECK(ice_json_parse(bad[i], strlen(bad[i]), &v, &err) == TPCH_EFORMAT && v == NULL, "'%s' rejected",
          bad[i]);
  }
  char deep[300];
  memset(deep, '[', 200);
  CHECK(ice_json_parse(deep, 200, &v, &err) == TPCH_EFORMAT, "deep nesting rejected, not a stack overflow");
  int64_t x;
  ice_json *o = NULL;
  ice_json_parse("[9223372036854775808, 1.5]", 26, &o, NULL);
  CHECK(o && !ice_json_int64(o->items[0], &x) && !ice_json_int64(o->items[1], &x),
        "overflow / fraction refused");
  ice_json_free(o);
}

static ice_field field_of(ice_type_kind k, int p, int s) {
  ice_field f;
  memset(&f, 0, sizeof f);
  f.kind = k;
  f.precision = p;
  f.scale = s;
  return f;
}

static void test_bounds(void) {
  uint8_t out[ICE_BOUND_MAX];
  ice_field fi = field_of(ICE_T_INT, 0, 0), fl = field_of(ICE_T_LONG, 0, 0), fd = field_of(ICE_T_DATE, 0, 0);
  const uint8_t i4[4] = {0x39, 0x30, 0, 0}; /* 12345 LE */
  CHECK(ice_bound_from_parquet(&fi, i4, 4, 1, 0, out) == 4 && mem_eq_hex(out, 4, "39300000"),
        "int: 4-byte LE");
  CHECK(ice_bound_from_parquet(&fd, i4, 4, 1, 0, out) == 4 && mem_eq_hex(out, 4, "39300000"),
        "date: 4-byte LE");
  const uint8_t l8[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  CHECK(ice_bound_from_parquet(&fl, l8, 8, 1, 1, out) == 8 && mem_eq_hex(out, 8, "ffffffffffffffff"),
        "long -1");
  CHECK(ice_bound_from_parquet(&fi, l8, 8, 1, 0, out) == 0, "int with 8 bytes is refused");

  /* decimal: unscaled value as minimal big-endian two's complement */
  struct {
    int64_t v;
    const char *hex;
  } dec[] = {{0, "00"},
             {1, "01"},
             {-1, "ff"},
             {127, "7f"},
             {128, "0080"},
             {-128, "80"},
             {-129, "ff7f"},
             {255, "00ff"},
             {12345, "3039"},
             {-12345, "cfc7"},
             {32768, "008000"},
             {INT64_MIN, "8000000000000000"},
             {INT64_MAX, "7fffffffffffffff"}};
  ice_field fdec = field_of(ICE_T_DECIMAL, 15, 2);
  for (size_t i = 0; i < sizeof dec / sizeof dec[0]; i++) {
    uint8_t le[8];
    for (int k = 0; k < 8; k++)
      le[k] = (uint8_t)((uint64_t)dec[i].v >> (8 * k));
    int n = ice_bound_from_parquet(&fdec, le, 8, 1, 0, out);
    CHECK(n > 0 && mem_eq_hex(out, n, dec[i].hex), "decimal %lld -> %s", (long long)dec[i].v, dec[i].hex);
  }
  ice_field fdec38 = field_of(ICE_T_DECIMAL, 38, 0);
  uint8_t be16[16];
  memset(be16, 0xff, 16);
  CHECK(ice_bound_from_parquet(&fdec38, be16, 16, 1, 0, out) == 1 && out[0] == 0xff, "decimal(38) -1 -> ff");
  memset(be16, 0, 16);
  be16[15] = 0x80;
  CHECK(ice_bound_from_parquet(&fdec38, be16, 16, 1, 0, out) == 2 && mem_eq_hex(out, 2, "0080"),
        "decimal(38) 128 -> 0080");

  ice_field fdbl = field_of(ICE_T_DOUBLE, 0, 0);
  double d = NAN, z = 0.0;
  uint8_t le[8];
  memcpy(le, &d, 8);
  CHECK(ice_bound_from_parquet(&fdbl, le, 8, 1, 0, out) == 0, "NaN is never a bound");
  memcpy(le, &z, 8);
  CHECK(ice_bound_from_parquet(&fdbl, le, 8, 1, 0, out) == 8 && mem_eq_hex(out, 8, "0000000000000080"),
        "zero lower bound is -0.0");
  CHECK(ice_bound_from_parquet(&fdbl, le, 8, 1, 1, out) == 8 && mem_eq_hex(out, 8, "0000000000000000"),
        "zero upper bound is +0.0");

  ice_field fs = field_of(ICE_T_STRING, 0, 0);
  CHECK(ice_bound_from_parquet(&fs, (const uint8_t *)"abc", 3, 1, 0, out) == 3 && memcmp(out, "abc", 3) == 0,
        "string: raw UTF-8");
  CHECK(ice_bound_from_parquet(&fs, (const uint8_t *)"ab\xc3", 3, 0, 0, out) == 0,
        "a truncated string cut inside a character is dropped");
  CHECK(ice_bound_from_parquet(&fs, (const uint8_t *)"ab\xc3\xa9", 4, 0, 0, out) == 4,
        "a truncated but valid UTF-8 string is kept");
  ice_field fb = field_of(ICE_T_BOOLEAN, 0, 0);
  const uint8_t t = 1;
  CHECK(ice_bound_from_parquet(&fb, &t, 1, 1, 0, out) == 1 && out[0] == 1, "boolean");
}

/* A minimal Arrow schema tree for the mapping tests. */
static struct ArrowSchema col(const char *fmt, const char *name, int nullable) {
  struct ArrowSchema s;
  memset(&s, 0, sizeof s);
  s.format = fmt;
  s.name = name;
  s.flags = nullable ? ARROW_FLAG_NULLABLE : 0;
  return s;
}

static void test_schema(void) {
  struct ArrowSchema c[8] = {col("l", "k", 0),     col("i", "n", 0),    col("d:15,2", "money", 0),
                             col("tdD", "day", 0), col("u", "t\"x", 1), col("g", "f", 1),
                             col("b", "flag", 0),  col("z", "blob", 1)};
  struct ArrowSchema *kids[8];
  for (int i = 0; i < 8; i++)
    kids[i] = &c[i];
  struct ArrowSchema root = col("+s", "", 0);
  root.n_children = 8;
  root.children = kids;
  tpch_iceberg_schema *s = NULL;
  tpch_error err;
  CHECK(tpch_iceberg_schema_create(&s, &root, &err) == 0, "schema: %s", err.message);
  if (s) {
    const char *expect = "{\"type\":\"struct\",\"schema-id\":0,\"fields\":["
                         "{\"id\":1,\"name\":\"k\",\"required\":true,\"type\":\"long\"},"
                         "{\"id\":2,\"name\":\"n\",\"required\":true,\"type\":\"int\"},"
                         "{\"id\":3,\"name\":\"money\",\"required\":true,\"type\":\"decimal(15,2)\"},"
                         "{\"id\":4,\"name\":\"day\",\"required\":true,\"type\":\"date\"},"
                         "{\"id\":5,\"name\":\"t\\\"x\",\"required\":false,\"type\":\"string\"},"
                         "{\"id\":6,\"name\":\"f\",\"required\":false,\"type\":\"double\"},"
                         "{\"id\":7,\"name\":\"flag\",\"required\":true,\"type\":\"boolean\"},"
                         "{\"id\":8,\"name\":\"blob\",\"required\":false,\"type\":\"binary\"}]}";
    CHECK(strcmp(tpch_iceberg_schema_json(s), expect) == 0, "schema JSON: %s", tpch_iceberg_schema_json(s));
    tpch_parquet_writer_options po;
    memset(&po, 0, sizeof po);
    tpch_iceberg_schema_parquet_options(s, &po);
    CHECK(po.field_ids && po.field_ids[0] == 1 && po.field_ids[7] == 8, "field ids 1..n");
    CHECK(po.kv_metadata && strcmp(po.kv_metadata[0], "iceberg.schema") == 0 &&
              strcmp(po.kv_metadata[1], expect) == 0 && po.kv_metadata[2] == NULL,
          "iceberg.schema key-value metadata");
    CHECK(tpch_iceberg_schema_columns(s) == 8, "8 columns");
    tpch_iceberg_schema_destroy(s);
  }
  c[5] = col("f", "f32", 0);
  CHECK(tpch_iceberg_schema_create(&s, &root, &err) == TPCH_EUNSUPPORTED && strstr(err.message, "f32"),
        "float32 refused with the column named: %s", err.message);
  c[5] = col("l", "k", 0);
  CHECK(tpch_iceberg_schema_create(&s, &root, &err) == TPCH_EINVAL && strstr(err.message, "twice"),
        "duplicate names refused");
  c[5] = col("l", NULL, 0);
  CHECK(tpch_iceberg_schema_create(&s, &root, &err) == TPCH_EINVAL, "unnamed column refused");
  CHECK(tpch_iceberg_schema_create(&s, &c[0], &err) == TPCH_EINVAL, "a non-struct schema refused");
  CHECK(tpch_iceberg_schema_create(&s, NULL, &err) == TPCH_EINVAL, "NULL schema refused");
}

/* Random damage to a real manifest and to metadata JSON: always a status, never a crash. */
static uint64_t fuzz_state = 0x9e3779b97f4a7c15ULL;
static uint64_t fuzz_next(void) {
  fuzz_state ^= fuzz_state << 13;
  fuzz_state ^= fuzz_state >> 7;
  fuzz_state ^= fuzz_state << 17;
  return fuzz_state;
}

static void test_fuzz(void) {
  struct ArrowSchema c[3] = {col("l", "a", 0), col("d:15,2", "b", 0), col("u", "c", 1)};
  struct ArrowSchema *kids[3] = {&c[0], &c[1], &c[2]};
  struct ArrowSchema root = col("+s", "", 0);
  root.n_children = 3;
  root.children = kids;
  tpch_iceberg_schema *s = NULL;
  tpch_iceberg_schema_create(&s, &root, NULL);
  tpch_parquet_column_info ci[3];
  static const uint8_t zero8[8];
  memset(ci, 0, sizeof ci);
  for (int i = 0; i < 3; i++) {
    ci[i].num_values = 10;
    ci[i].has_min_max = 1;
    ci[i].min_len = ci[i].max_len = i == 2 ? 3 : 8;
    ci[i].min_exact = ci[i].max_exact = 1;
    ci[i].min = ci[i].max = zero8;
  }
  ci[2].min = (const uint8_t *)"abc";
  ci[2].max = (const uint8_t *)"xyz";
  tpch_iceberg_data_file f[4];
  const char *locs[4] = {"file:///t/data/0.parquet", "file:///t/data/1.parquet", "file:///t/data/2.parquet",
                         "file:///t/data/3.parquet"};
  for (int i = 0; i < 4; i++) {
    memset(&f[i], 0, sizeof f[i]);
    f[i].path = locs[i] + 10;
    f[i].info.num_rows = 10;
    f[i].info.num_columns = 3;
    f[i].info.columns = ci;
  }
  tpch_buf m;
  tpch_buf_init(&m);
  CHECK(ice_manifest_encode(s, f, locs, 4, 42, 0, &m, NULL) == 0, "manifest encodes");
  ice_avro_file af;
  CHECK(ice_avro_read(m.data, m.len, &af, NULL) == 0 && af.records->n == 4, "manifest decodes");
  if (af.records) ice_avro_file_free(&af);
  int bad_status = 0, decoded = 0;
  uint8_t *copy = malloc(m.len);
  for (int round = 0; round < 3000; round++) {
    memcpy(copy, m.data, m.len);
    int flips = 1 + (int)(fuzz_next() % 4);
    for (int k = 0; k < flips; k++)
      copy[fuzz_next() % m.len] = (uint8_t)fuzz_next();
    size_t len = round % 3 ? m.len : (size_t)(fuzz_next() % m.len);
    int rc = ice_avro_read(copy, len, &af, NULL);
    if (rc == 0) {
      decoded++;
      ice_avro_file_free(&af);
    } else if (rc != TPCH_EFORMAT && rc != TPCH_EUNSUPPORTED) {
      bad_status++;
    }
  }
  CHECK(bad_status == 0, "damaged manifests give EFORMAT/EUNSUPPORTED (%d others, %d still decoded)",
        bad_status, decoded);
  free(copy);
  tpch_buf_free(&m);

  ice_json *meta = NULL;
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  CHECK(ice_metadata_new(s, "00000000-0000-4000-8000-000000000000", "file:///t", 1, &o, &meta, NULL) == 0,
        "metadata builds");
  tpch_buf j;
  tpch_buf_init(&j);
  ice_json_write(&j, meta);
  ice_json_free(meta);
  char *txt = malloc(j.len);
  bad_status = 0;
  for (int round = 0; round < 3000; round++) {
    memcpy(txt, j.data, j.len);
    txt[fuzz_next() % j.len] = "{}[]\",:0-e\x01"[fuzz_next() % 11];
    ice_json *v = NULL;
    int rc = ice_json_parse(txt, j.len - (round % 5 ? 0 : fuzz_next() % j.len), &v, NULL);
    if (rc == 0)
      ice_json_free(v);
    else if (rc != TPCH_EFORMAT)
      bad_status++;
  }
  CHECK(bad_status == 0, "damaged JSON gives EFORMAT");
  free(txt);
  tpch_buf_free(&j);
  tpch_iceberg_schema_destroy(s);
}

int main(void) {
  test_varints();
  test_strings();
  test_container_bytes();
  test_container_records();
  test_json();
  test_bounds();
  test_schema();
  test_fuzz();
  return check_finish();
}
