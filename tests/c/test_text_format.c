/* Value formatting and the tbl/CSV dialects on hand-built Arrow batches. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "format/text/text_encoder.h"

static void expect(const char *got, int n, const char *want) {
  CHECK((size_t)n == strlen(want) && memcmp(got, want, (size_t)n) == 0, "got '%.*s' want '%s'", n, got, want);
}

/* tpch_fmt_int against printf at every digit-count and 32-bit boundary. */
static void test_int_boundaries(void) {
  char b[64], want[64];
  for (int k = 0; k <= 18; k++) {
    int64_t v = 1;
    for (int i = 0; i < k; i++)
      v *= 10;
    int64_t around[] = {v - 1, v, v + 1, -v, -v + 1, -v - 1};
    for (int i = 0; i < 6; i++) {
      snprintf(want, sizeof want, "%" PRId64, around[i]);
      expect(b, tpch_fmt_int(b, around[i]), want);
    }
  }
  for (int k = 0; k < 63; k++) {
    int64_t p = (int64_t)1 << k;
    snprintf(want, sizeof want, "%" PRId64, p);
    expect(b, tpch_fmt_int(b, p), want);
    snprintf(want, sizeof want, "%" PRId64, p - 1);
    expect(b, tpch_fmt_int(b, p - 1), want);
  }
}

/* tpch_fmt_int and tpch_fmt_decimal against printf for every value below
 * 10^6 and 400,000 pseudo-random ones of every length and sign, written
 * into a buffer full of a
 * marker byte: the text, its length, and no store past 32 bytes. */
static void test_int_sweep(void) {
  char b[64], want[64];
  int bad = 0;
  uint64_t x = 88172645463325252ULL; /* xorshift64 */
  for (int64_t i = 0; i < 1400000; i++) {
    int64_t v = i;
    if (i >= 1000000) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      int bits = (int)(i % 64); /* every magnitude, both signs */
      v = (int64_t)(bits == 0 ? x : x >> bits);
      if (i % 3 == 0) v = -v;
    }
    memset(b, '#', sizeof b);
    snprintf(want, sizeof want, "%" PRId64, v);
    int n = tpch_fmt_int(b, v);
    if ((size_t)n != strlen(want) || memcmp(b, want, (size_t)n) != 0 || b[32] != '#') {
      if (bad++ == 0) expect(b, n, want); /* the first difference, in full */
      continue;
    }
    if (v > -1000000000000000000LL && v < 1000000000000000000LL) {
      uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
      snprintf(want, sizeof want, "%s%" PRIu64 ".%02u", v < 0 ? "-" : "", m / 100, (unsigned)(m % 100));
      memset(b, '#', sizeof b);
      n = tpch_fmt_decimal(b, v, 2, -1);
      if ((size_t)n != strlen(want) || memcmp(b, want, (size_t)n) != 0 || b[32] != '#') {
        if (bad++ == 0) expect(b, n, want);
      }
    }
  }
  CHECK(bad == 0, "%d formatted values differ from printf's or stored past 32 bytes", bad);
}

static void test_numbers(void) {
  char b[64];
  test_int_boundaries();
  test_int_sweep();
  expect(b, tpch_fmt_decimal(b, 4294967296LL * 100 + 5, 2, -1), "4294967296.05");
  expect(b, tpch_fmt_decimal(b, 1234, 3, -1), "1.234");
  expect(b, tpch_fmt_int(b, 0), "0");
  expect(b, tpch_fmt_int(b, 42), "42");
  expect(b, tpch_fmt_int(b, -7), "-7");
  expect(b, tpch_fmt_int(b, INT64_MAX), "9223372036854775807");
  expect(b, tpch_fmt_int(b, INT64_MIN), "-9223372036854775808");
  expect(b, tpch_fmt_decimal(b, 90100, 2, -1), "901.00");
  expect(b, tpch_fmt_decimal(b, -99999, 2, -1), "-999.99");
  expect(b, tpch_fmt_decimal(b, -5, 2, -1), "-0.05");
  expect(b, tpch_fmt_decimal(b, 7, 2, -1), "0.07");
  expect(b, tpch_fmt_decimal(b, 1700, 2, 0), "17");
  expect(b, tpch_fmt_decimal(b, 123, 0, -1), "123");
  expect(b, tpch_fmt_decimal(b, 999999999999999LL, 2, -1), "9999999999999.99");
  expect(b, tpch_fmt_date(b, 8035), "1992-01-01");
  expect(b, tpch_fmt_date(b, 10591), "1998-12-31");
  expect(b, tpch_fmt_date(b, 0), "1970-01-01");
  expect(b, tpch_fmt_date(b, -1), "1969-12-31");
  expect(b, tpch_fmt_date(b, 9555), "1996-02-29");
  expect(b, tpch_fmt_date(b, 9298), "1995-06-17");
  expect(b, tpch_fmt_date(b, 11016), "2000-02-29");
  /* outside the cached 1900-2099 table: the calendar arithmetic */
  expect(b, tpch_fmt_date(b, -25568), "1899-12-31");
  expect(b, tpch_fmt_date(b, 47482), "2100-01-01");
  expect(b, tpch_fmt_date(b, -719162), "0001-01-01");
  expect(b, tpch_fmt_date(b, 2932896), "9999-12-31");
}

/* A two-row batch: int64, decimal(15,2), date32, nullable utf8. */
typedef struct mini {
  int64_t keys[2];
  int64_t dec[4];
  int32_t dates[2];
  int32_t offs[3];
  char chars[32];
  uint8_t valid;
  const void *b0[2], *b1[2], *b2[2], *b3[3], *bp[1];
  struct ArrowArray c[4], *cp[4], parent;
  struct ArrowSchema sc[4], *scp[4], schema;
} mini;

static void noop_release_a(struct ArrowArray *a) {
  a->release = NULL;
}
static void noop_release_s(struct ArrowSchema *s) {
  s->release = NULL;
}

static void mini_init(mini *m, const char *s0, const char *s1, int second_null) {
  memset(m, 0, sizeof *m);
  m->keys[0] = 1;
  m->keys[1] = -2;
  m->dec[0] = 12345;
  m->dec[2] = -5;
  m->dec[3] = -1;
  m->dates[0] = 8035;
  m->dates[1] = 10591;
  size_t l0 = strlen(s0), l1 = strlen(s1);
  memcpy(m->chars, s0, l0);
  memcpy(m->chars + l0, s1, l1);
  m->offs[1] = (int32_t)l0;
  m->offs[2] = (int32_t)(l0 + l1);
  m->valid = second_null ? 1 : 3;
  const char *fmts[4] = {"l", "d:15,2", "tdD", "u"}, *names[4] = {"k", "price", "day", "text"};
  const void **bufs[4] = {m->b0, m->b1, m->b2, m->b3};
  m->b0[1] = m->keys;
  m->b1[1] = m->dec;
  m->b2[1] = m->dates;
  m->b3[0] = &m->valid;
  m->b3[1] = m->offs;
  m->b3[2] = m->chars;
  for (int i = 0; i < 4; i++) {
    m->c[i] = (struct ArrowArray){
        2, i == 3 && second_null ? 1 : 0, 0, i == 3 ? 3 : 2, 0, bufs[i], NULL, NULL, noop_release_a, NULL};
    m->cp[i] = &m->c[i];
    m->sc[i] = (struct ArrowSchema){fmts[i], names[i],       NULL, i == 3 ? ARROW_FLAG_NULLABLE : 0, 0, NULL,
                                    NULL,    noop_release_s, NULL};
    m->scp[i] = &m->sc[i];
  }
  m->parent = (struct ArrowArray){2, 0, 0, 1, 4, m->bp, m->cp, NULL, noop_release_a, NULL};
  m->schema = (struct ArrowSchema){"+s", "", NULL, 0, 4, m->scp, NULL, noop_release_s, NULL};
}

static void encode(mini *m, tpch_text_dialect d, const char *want) {
  tpch_text_encoder *e;
  tpch_error err;
  tpch_buf out;
  tpch_buf_init(&out);
  CHECK(tpch_text_encoder_create(&e, &m->schema, d, NULL, &err) == TPCH_OK, "create: %s", err.message);
  tpch_text_encoder_header(e, &out, &err);
  tpch_text_encoder_encode(e, &m->parent, &out, &err);
  CHECK(out.len == strlen(want) && memcmp(out.data, want, out.len) == 0, "dialect %d:\n%.*s\nwant:\n%s", d,
        (int)out.len, (const char *)out.data, want);
  tpch_buf_free(&out);
  tpch_text_encoder_destroy(e);
}

static void test_dialects(void) {
  mini m;
  mini_init(&m, "plain", "x", 0);
  encode(&m, TPCH_TEXT_TBL, "1|123.45|1992-01-01|plain|\n-2|-0.05|1998-12-31|x|\n");
  encode(&m, TPCH_TEXT_CSV, "k,price,day,text\n1,123.45,1992-01-01,plain\n-2,-0.05,1998-12-31,x\n");
  mini_init(&m, "a, b", "say \"hi\"\n", 0);
  encode(&m, TPCH_TEXT_CSV,
         "k,price,day,text\n1,123.45,1992-01-01,\"a, b\"\n-2,-0.05,1998-12-31,\"say \"\"hi\"\"\n\"\n");
  mini_init(&m, " lead", "", 1);
  encode(&m, TPCH_TEXT_CSV, "k,price,day,text\n1,123.45,1992-01-01, lead\n-2,-0.05,1998-12-31,\n");
  encode(&m, TPCH_TEXT_TBL, "1|123.45|1992-01-01| lead|\n-2|-0.05|1998-12-31||\n");
  /* Quoting must see a special byte wherever it is (the test goes eight
   * bytes at a time): each of them at every position of fields of 1 to 20. */
  const char specials[] = ",\"\n\r";
  for (int len = 1; len <= 20; len++) {
    for (int at = -1; at < len; at++) {
      for (int k = 0; k < (at < 0 ? 1 : 4); k++) {
        char f[24], want[160];
        memset(f, 'a' + len % 26, (size_t)len);
        f[len] = '\0';
        if (at >= 0) f[at] = specials[k];
        /* RFC 4180 by hand: quoted, inner quotes doubled, when a special byte is in it */
        char q[64];
        int n = 0;
        if (at >= 0) q[n++] = '"';
        for (int i = 0; i < len; i++) {
          if (f[i] == '"') q[n++] = '"';
          q[n++] = f[i];
        }
        if (at >= 0) q[n++] = '"';
        q[n] = '\0';
        snprintf(want, sizeof want, "k,price,day,text\n1,123.45,1992-01-01,%s\n-2,-0.05,1998-12-31,z\n", q);
        mini_init(&m, f, "z", 0);
        encode(&m, TPCH_TEXT_CSV, want);
      }
    }
  }
  /* An offset into the batch. */
  mini_init(&m, "p", "q", 0);
  m.parent.offset = 1;
  m.parent.length = 1;
  encode(&m, TPCH_TEXT_TBL, "-2|-0.05|1998-12-31|q|\n");
  /* Unsupported types are refused at create. */
  m.sc[1].format = "+s";
  tpch_text_encoder *e;
  tpch_error err;
  CHECK(tpch_text_encoder_create(&e, &m.schema, TPCH_TEXT_CSV, NULL, &err) == TPCH_EUNSUPPORTED && e == NULL,
        "struct child refused: %s", err.message);
}

int main(void) {
  test_numbers();
  test_dialects();
  return check_finish();
}
