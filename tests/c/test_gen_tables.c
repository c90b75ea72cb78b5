/* The generator: scale factors, anchor rows from dbgen, jump-ahead, and the
 * Arrow batches it exports. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "support/md5.h"
#include "format/text/text_encoder.h"
#include "tpch_gen.h"

static tpch_text_pool *pool;

/* dbgen .tbl text of units [first, first + count) of table t. The caller frees it. */
static char *render(const char *sf, tpch_table t, int64_t first, int64_t count, int64_t batch_rows) {
  tpch_scale sc;
  tpch_error err;
  if (tpch_scale_parse(sf, &sc, &err) != TPCH_OK) return NULL;
  struct ArrowSchema schema;
  tpch_table_schema(t, &schema, &err);
  int digits[16];
  for (int i = 0; i < 16; i++)
    digits[i] = -1;
  if (t == TPCH_LINEITEM) digits[4] = 0;
  tpch_text_encoder *enc;
  tpch_gen *g;
  tpch_buf out;
  tpch_buf_init(&out);
  if (tpch_text_encoder_create(&enc, &schema, TPCH_TEXT_TBL, digits, &err) != TPCH_OK) return NULL;
  if (tpch_gen_create(&g, &sc, pool, t, first, count, &err) != TPCH_OK) return NULL;
  struct ArrowArray a;
  while (tpch_gen_next(g, batch_rows, &a, &err) > 0) {
    tpch_text_encoder_encode(enc, &a, &out, &err);
    a.release(&a);
  }
  tpch_buf_put_u8(&out, 0);
  tpch_gen_destroy(g);
  tpch_text_encoder_destroy(enc);
  schema.release(&schema);
  return (char *)out.data;
}

/* Line `n` (0-based) of text, without its newline, into buf. */
static const char *line(const char *text, int n, char *buf, size_t cap) {
  const char *p = text;
  for (int i = 0; i < n && p; i++) {
    p = strchr(p, '\n');
    if (p) p++;
  }
  if (p == NULL) return "";
  size_t len = strcspn(p, "\n");
  if (len >= cap) len = cap - 1;
  memcpy(buf, p, len);
  buf[len] = 0;
  return buf;
}

static void expect_line(const char *sf, tpch_table t, int64_t unit, int n, const char *want) {
  char *text = render(sf, t, unit, 1, 64);
  char buf[1024];
  const char *got = text ? line(text, n, buf, sizeof buf) : "";
  CHECK(strcmp(got, want) == 0, "SF %s %s unit %lld line %d:\n  got  %s\n  want %s", sf, tpch_table_name(t),
        (long long)unit, n, got, want);
  free(text);
}

static void test_anchors(void) {
  /* First rows of each table at SF 1 (DBGEN_NOTES section 13, dbgen output). */
  expect_line(
      "1", TPCH_PART, 1, 0,
      "1|goldenrod lavender spring chocolate lace|Manufacturer#1|Brand#13|PROMO BURNISHED COPPER|7|JUMBO "
      "PKG|901.00|ly. slyly ironi|");
  expect_line(
      "1", TPCH_PARTSUPP, 1, 0,
      "1|2|3325|771.64|, even theodolites. regular, final theodolites eat after the carefully pending "
      "foxes. furiously regular deposits sleep slyly. carefully bold realms above the ironic dependencies "
      "haggle careful|");
  expect_line(
      "1", TPCH_PARTSUPP, 1, 1,
      "1|2502|8076|993.49|ven ideas. quickly even packages print. pending multipliers must have to are "
      "fluff|");
  expect_line(
      "1", TPCH_SUPPLIER, 1, 0,
      "1|Supplier#000000001| N kD4on9OM Ipw3,gf0JBoQDd7tgrzrddZ|17|27-918-335-1736|5755.94|each slyly "
      "above the careful|");
  expect_line(
      "1", TPCH_CUSTOMER, 1, 0,
      "1|Customer#000000001|IVhzIApeRb ot,c,E|15|25-989-741-2988|711.56|BUILDING|to the even, regular "
      "platelets. regular, ironic epitaphs nag e|");
  expect_line("1", TPCH_ORDERS, 1, 0,
              "1|36901|O|173665.47|1996-01-02|5-LOW|Clerk#000000951|0|nstructions sleep furiously among |");
  expect_line("1", TPCH_LINEITEM, 1, 0,
              "1|155190|7706|1|17|21168.23|0.04|0.02|N|O|1996-03-13|1996-02-12|1996-03-22|DELIVER IN "
              "PERSON|TRUCK|egular courts above the|");
  expect_line("1", TPCH_LINEITEM, 1, 1,
              "1|67310|7311|2|36|45983.16|0.09|0.06|N|O|1996-04-12|1996-02-28|1996-04-20|TAKE BACK "
              "RETURN|MAIL|ly final dependencies: slyly bold |");
  expect_line("1", TPCH_NATION, 1, 0, "0|ALGERIA|0| haggle. carefully final deposits detect slyly agai|");
  expect_line("1", TPCH_REGION, 1, 0,
              "0|AFRICA|lar deposits. blithely final packages cajole. regular waters are final requests. "
              "regular accounts are according to |");
  /* Last rows at SF 1: generated straight from the end (jump-ahead). */
  expect_line("1", TPCH_PART, 200000, 0,
              "200000|peach royal cornsilk sky sandy|Manufacturer#5|Brand#53|MEDIUM ANODIZED TIN|22|LG "
              "CAN|1100.00|xes sleep quick|");
  expect_line("1", TPCH_ORDERS, 1500000, 0,
              "6000000|110063|O|37625.29|1996-08-31|2-HIGH|Clerk#000000411|0|ess pinto beans boost slyly "
              "regular accounts! furiously even|");
  /* SF 0.01: values that depend on P, S, C change. */
  expect_line("0.01", TPCH_ORDERS, 1, 0,
              "1|370|O|172799.49|1996-01-02|5-LOW|Clerk#000000951|0|nstructions sleep furiously among |");
  expect_line("0.01", TPCH_LINEITEM, 1, 0,
              "1|1552|93|1|17|24710.35|0.04|0.02|N|O|1996-03-13|1996-02-12|1996-03-22|DELIVER IN "
              "PERSON|TRUCK|egular courts above the|");
}

static void test_scale(void) {
  struct {
    const char *text;
    int64_t p, s, c, o, clerks;
  } cases[] = {
      {"1", 200000, 10000, 150000, 1500000, 1000},
      {"0.01", 2000, 100, 1500, 15000, 1000},
      {"0.1", 20000, 1000, 15000, 150000, 1000},
      {"0.37", 74000, 3700, 55500, 555000, 1000},
      {"0.0015", 200, 10, 150, 1500, 1000}, /* dbgen: (int)(1000*SF) */
      {"0.0001", 1, 1, 1, 1, 1000},         /* at least one row */
      {"1.5", 300000, 15000, 225000, 2250000, 1500},
      {"10", 2000000, 100000, 1500000, 15000000, 10000},
      {"1000", 200000000, 10000000, 150000000, 1500000000, 1000000},
      {"00.5", 100000, 5000, 75000, 750000, 1000},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tpch_scale sc;
    tpch_error err;
    int rc = tpch_scale_parse(cases[i].text, &sc, &err);
    CHECK(rc == TPCH_OK && sc.parts == cases[i].p && sc.suppliers == cases[i].s &&
              sc.customers == cases[i].c && sc.orders == cases[i].o && sc.clerks == cases[i].clerks,
          "SF %s: P=%lld S=%lld C=%lld O=%lld clerks=%lld", cases[i].text, (long long)sc.parts,
          (long long)sc.suppliers, (long long)sc.customers, (long long)sc.orders, (long long)sc.clerks);
  }
  const char *bad[] = {"0",   "0.0",    "-1", "abc", "",  "1.2.3",
                       "1e3", "100001", " 1", "1x",  ".", "99999999999999999999"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    tpch_scale sc;
    tpch_error err;
    err.message[0] = 0;
    int rc = tpch_scale_parse(bad[i], &sc, &err);
    CHECK(rc == TPCH_EINVAL && err.message[0], "SF '%s' is rejected with a message", bad[i]);
  }
  tpch_scale sc;
  tpch_scale_parse("100000", &sc, NULL);
  CHECK(sc.orders == 150000000000LL, "SF 100000 is accepted");
}

static void test_row_counts(void) {
  tpch_scale sc;
  tpch_scale_parse("0.01", &sc, NULL);
  CHECK(tpch_table_rows(&sc, TPCH_LINEITEM, 1, sc.orders) == 60175, "SF 0.01 lineitem rows");
  CHECK(tpch_table_rows(&sc, TPCH_PARTSUPP, 1, sc.parts) == 8000, "SF 0.01 partsupp rows");
  tpch_scale_parse("0.1", &sc, NULL);
  CHECK(tpch_table_rows(&sc, TPCH_LINEITEM, 1, sc.orders) == 600572, "SF 0.1 lineitem rows");
  int64_t u = tpch_table_units_for_rows(&sc, TPCH_LINEITEM, 1, sc.orders, 100);
  CHECK(tpch_table_rows(&sc, TPCH_LINEITEM, 1, u) >= 100 &&
            tpch_table_rows(&sc, TPCH_LINEITEM, 1, u - 1) < 100,
        "units_for_rows is the fewest units");
  CHECK(tpch_table_units_for_rows(&sc, TPCH_PARTSUPP, 1, sc.parts, 9) == 3, "partsupp: 3 parts for 9 rows");
  CHECK(tpch_table_units_for_rows(&sc, TPCH_ORDERS, 1, 10, 1000) == 10, "capped at max_units");
}

/* Any split of a table's units renders to the same bytes as one pass. */
static void test_jump_ahead(void) {
  tpch_scale sc;
  tpch_scale_parse("0.01", &sc, NULL);
  for (int t = 0; t < TPCH_TABLE_COUNT; t++) {
    int64_t n = tpch_table_units(&sc, (tpch_table)t);
    char *whole = render("0.01", (tpch_table)t, 1, n, 65536);
    int64_t cuts[] = {1, n / 3, n / 2 + 1, n - 1};
    size_t len = 0, total = strlen(whole);
    char *joined = calloc(total + 1, 1);
    int64_t at = 1;
    for (size_t k = 0; k <= sizeof cuts / sizeof cuts[0]; k++) {
      int64_t end = k < sizeof cuts / sizeof cuts[0] ? cuts[k] : n;
      if (end < at) continue;
      char *piece = render("0.01", (tpch_table)t, at, end - at + 1, 7 + (int64_t)k * 13);
      size_t pl = strlen(piece);
      if (len + pl <= total) memcpy(joined + len, piece, pl);
      len += pl;
      free(piece);
      at = end + 1;
    }
    CHECK(len == total && memcmp(joined, whole, total) == 0,
          "%s: split ranges and small batches equal one pass", tpch_table_name((tpch_table)t));
    free(joined);
    free(whole);
  }
}

static void test_arrow(void) {
  /* Canonical types from DESIGN.md. */
  const char *want[TPCH_TABLE_COUNT] = {"l u u u u i u d:15,2 u",
                                        "l l i d:15,2 u",
                                        "l u u l u d:15,2 u",
                                        "l u u l u d:15,2 u u",
                                        "l l u d:15,2 tdD u u i u",
                                        "l l l i d:15,2 d:15,2 d:15,2 d:15,2 u u tdD tdD tdD u u u",
                                        "l u l u",
                                        "l u u"};
  for (int t = 0; t < TPCH_TABLE_COUNT; t++) {
    struct ArrowSchema s;
    tpch_error err;
    CHECK(tpch_table_schema((tpch_table)t, &s, &err) == TPCH_OK, "schema");
    char got[256] = "";
    int nonnull = 1;
    for (int64_t i = 0; i < s.n_children; i++) {
      if (i) strcat(got, " ");
      strcat(got, s.children[i]->format);
      if (s.children[i]->flags & ARROW_FLAG_NULLABLE) nonnull = 0;
      if (strcmp(s.children[i]->name, tpch_column_name((tpch_table)t, (int)i)) != 0) nonnull = 0;
    }
    CHECK(strcmp(s.format, "+s") == 0 && strcmp(got, want[t]) == 0, "%s formats: %s",
          tpch_table_name((tpch_table)t), got);
    CHECK(nonnull, "%s columns are named and non-nullable", tpch_table_name((tpch_table)t));
    s.release(&s);
    CHECK(s.release == NULL, "schema released");
  }
  /* A batch: lengths, buffers, and a child moved out and released on its own. */
  tpch_scale sc;
  tpch_error err;
  tpch_scale_parse("0.01", &sc, NULL);
  tpch_gen *g;
  CHECK(tpch_gen_create(&g, &sc, pool, TPCH_LINEITEM, 1, 100, &err) == TPCH_OK, "create");
  struct ArrowArray a;
  int64_t n = tpch_gen_next(g, 1000, &a, &err);
  CHECK(n > 100 && a.length == n && a.n_children == 16 && a.null_count == 0, "lineitem batch of %lld rows",
        (long long)n);
  const int64_t *okeys = a.children[0]->buffers[1];
  const int32_t *lnum = a.children[3]->buffers[1];
  const int64_t *qty = a.children[4]->buffers[1];
  CHECK(okeys[0] == 1 && lnum[0] == 1 && qty[0] == 1700 && qty[1] == 0,
        "values: orderkey 1, line 1, qty 17.00");
  const int32_t *ship = a.children[10]->buffers[1];
  CHECK(ship[0] == 9568, "l_shipdate 1996-03-13 is day 9568");
  struct ArrowArray moved = *a.children[15];
  a.children[15]->release = NULL; /* moved out, as the C Data Interface allows */
  a.release(&a);
  const int32_t *off = moved.buffers[1];
  CHECK(moved.length == n && off[0] == 0 && off[1] == 23, "moved child still readable after parent release");
  moved.release(&moved);
  CHECK(tpch_gen_next(g, 1000, &a, &err) == 0, "range exhausted");
  CHECK(tpch_gen_next(g, 3, &a, &err) == TPCH_EINVAL, "a lineitem batch smaller than one order is refused");
  tpch_gen_destroy(g);
  CHECK(tpch_gen_create(&g, &sc, pool, TPCH_ORDERS, 14990, 100, &err) == TPCH_EINVAL && g == NULL,
        "a range past the end is refused: %s", err.message);
  CHECK(tpch_gen_create(&g, &sc, pool, TPCH_ORDERS, 0, 1, &err) == TPCH_EINVAL, "unit 0 is refused");
}

/*
 * SF >= 30000 deep inside the table: orders 33,554,332 .. 33,554,531 at SF
 * 30000 (they cross the l_partkey checkpoint at order 2 * 2^24 + 1; their
 * o_totalprice depends on every l_partkey) against dbgen 2.14's own output,
 * whose md5 is in tests/golden/README.md.
 */
static void test_deep_64bit(void) {
  char *text = render("30000", TPCH_ORDERS, 33554332, 200, 64);
  char hex[33] = "";
  if (text) {
    md5_ctx c;
    md5_init(&c);
    md5_update(&c, text, strlen(text));
    md5_hex(&c, hex);
  }
  CHECK(strcmp(hex, "3da9bae661ce4dd6422ca9dd9b17f9e2") == 0, "SF 30000 orders 33554332..33554531: md5 %s",
        hex);
  free(text);
}

/* Refresh set `set`'s rows [first, first + count) of `kind` as tbl text. */
static char *render_refresh(const char *sf, tpch_refresh_kind kind, int set, int64_t first, int64_t count) {
  tpch_scale sc;
  tpch_error err;
  if (tpch_scale_parse(sf, &sc, &err) != TPCH_OK) return NULL;
  tpch_table t = kind == TPCH_REFRESH_LINEITEM ? TPCH_LINEITEM : TPCH_ORDERS;
  struct ArrowSchema schema;
  tpch_table_schema(t, &schema, &err);
  int digits[16];
  for (int i = 0; i < 16; i++)
    digits[i] = -1;
  if (t == TPCH_LINEITEM) digits[4] = 0;
  tpch_text_encoder *enc;
  tpch_gen *g;
  tpch_buf out;
  tpch_buf_init(&out);
  if (tpch_text_encoder_create(&enc, &schema, TPCH_TEXT_TBL, digits, &err) != TPCH_OK) return NULL;
  if (tpch_refresh_create(&g, &sc, pool, kind, set, first, count, &err) != TPCH_OK) return NULL;
  struct ArrowArray a;
  while (tpch_gen_next(g, 4096, &a, &err) > 0) {
    tpch_text_encoder_encode(enc, &a, &out, &err);
    a.release(&a);
  }
  tpch_buf_put_u8(&out, 0);
  tpch_gen_destroy(g);
  tpch_text_encoder_destroy(enc);
  schema.release(&schema);
  return (char *)out.data;
}

/* a + b == whole (all three may be NULL on failure). */
static int concat_equals(const char *a, const char *b, const char *whole) {
  if (!a || !b || !whole) return 0;
  size_t la = strlen(a);
  return strncmp(whole, a, la) == 0 && strcmp(whole + la, b) == 0;
}

/*
 * The 64-bit partkey stream's state is remembered between generators (a
 * part's tasks do not each walk from the checkpoint): ranges created in any
 * order, each starting from whatever state is remembered, concatenate to
 * the same rows as one generator that steps through them itself.
 */
static void test_walk_memo(void) {
  const int64_t deep = 3 * (1LL << 24) + 5000000; /* 5e6 orders past a checkpoint */
  char *late = render("30000", TPCH_LINEITEM, deep + 150, 150, 1000);
  char *early = render("30000", TPCH_LINEITEM, deep, 150, 1000);
  char *whole = render("30000", TPCH_LINEITEM, deep, 300, 1000);
  CHECK(concat_equals(early, late, whole), "SF 30000 lineitem: two ranges (later one first) equal one");
  free(late);
  free(early);
  free(whole);
  char *o2 = render("100000", TPCH_ORDERS, deep + 7, 93, 1000);
  char *o1 = render("100000", TPCH_ORDERS, deep, 7, 1000);
  char *ow = render("100000", TPCH_ORDERS, deep, 100, 1000);
  CHECK(concat_equals(o1, o2, ow), "SF 100000 orders: two ranges equal one");
  free(o1);
  free(o2);
  free(ow);
  /* refresh set 2 at SF 30000: its walk starts at the set's first order */
  char *r1 = render_refresh("30000", TPCH_REFRESH_LINEITEM, 2, 1, 40);
  char *r2 = render_refresh("30000", TPCH_REFRESH_LINEITEM, 2, 41, 60);
  char *rw = render_refresh("30000", TPCH_REFRESH_LINEITEM, 2, 1, 100);
  CHECK(concat_equals(r1, r2, rw), "SF 30000 refresh set 2 lineitem: two ranges equal one");
  free(r1);
  free(r2);
  free(rw);
}

static volatile sig_atomic_t cancel_flag;

static void *set_flag_later(void *arg) {
  (void)arg;
  usleep(100000);
  cancel_flag = 1;
  return NULL;
}

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* tpch_set_cancel_flag: the long loops (text pool build, the 64-bit walks)
 * give up with TPCH_ECANCELED; work without a loop is not refused. */
static void test_cancel(void) {
  tpch_error err;
  tpch_scale big, small;
  tpch_scale_parse("100000", &big, &err);
  tpch_scale_parse("1", &small, &err);
  tpch_set_cancel_flag(&cancel_flag);
  cancel_flag = 1;
  tpch_text_pool *p = (tpch_text_pool *)&err;
  int rc = tpch_text_pool_build(&p, TPCH_TEXT_POOL_SIZE, &err);
  CHECK(rc == TPCH_ECANCELED && p == NULL && strcmp(err.message, "interrupted") == 0,
        "text pool build with the flag set: %d %s", rc, err.message);
  tpch_gen *g = (tpch_gen *)&err;
  rc = tpch_gen_create(&g, &big, pool, TPCH_LINEITEM, 7 * (1LL << 24) + 3000000, 100, &err);
  CHECK(rc == TPCH_ECANCELED && g == NULL, "SF 100000 lineitem deep inside: %d %s", rc, err.message);
  rc = tpch_refresh_create(&g, &big, pool, TPCH_REFRESH_ORDERS, 3, 1, 100, &err);
  CHECK(rc == TPCH_ECANCELED && g == NULL, "SF 100000 refresh set 3: %d %s", rc, err.message);
  CHECK(strcmp(tpch_status_name(TPCH_ECANCELED), "canceled") == 0, "status name");
  rc = tpch_gen_create(&g, &big, pool, TPCH_LINEITEM, 7 * (1LL << 24) + 1, 100, &err);
  CHECK(rc == TPCH_OK, "at a checkpoint nothing is walked: %d %s", rc, err.message);
  tpch_gen_destroy(g);
  rc = tpch_gen_create(&g, &small, pool, TPCH_LINEITEM, 1000, 100, &err);
  CHECK(rc == TPCH_OK, "SF 1 has no walk: %d %s", rc, err.message);
  tpch_gen_destroy(g);
  /* set while walking: refresh set 999 at SF 100000 walks ~1.5e11 orders (minutes) */
  cancel_flag = 0;
  pthread_t th;
  pthread_create(&th, NULL, set_flag_later, NULL);
  double t0 = seconds_now();
  rc = tpch_refresh_create(&g, &big, pool, TPCH_REFRESH_LINEITEM, 999, 1, 100, &err);
  double secs = seconds_now() - t0;
  pthread_join(th, NULL);
  CHECK(rc == TPCH_ECANCELED && g == NULL, "flag set during the walk of set 999: %d %s", rc, err.message);
  CHECK(secs < 60, "the walk stopped %.1f s after it started (the whole walk takes minutes)", secs);
  tpch_set_cancel_flag(NULL);
  cancel_flag = 1;
  rc = tpch_refresh_create(&g, &big, pool, TPCH_REFRESH_ORDERS, 1, 1, 10, &err);
  CHECK(rc == TPCH_OK, "no flag, no cancel: %d %s", rc, err.message);
  tpch_gen_destroy(g);
}

int main(void) {
  tpch_error err;
  if (tpch_text_pool_build(&pool, TPCH_TEXT_POOL_SIZE, &err) != TPCH_OK) {
    CHECK(0, "text pool: %s", err.message);
    return check_finish();
  }
  test_scale();
  test_anchors();
  test_row_counts();
  test_jump_ahead();
  test_arrow();
  test_deep_64bit();
  test_walk_memo();
  test_cancel();
  tpch_text_pool_destroy(pool);
  return check_finish();
}
