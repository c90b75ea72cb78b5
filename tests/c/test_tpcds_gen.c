/*
 * test_tpcds_gen.c - the TPC-DS generator's library contract: schemas match
 * the column lists, NOT NULL columns have no NULLs, any row range equals the
 * same rows of a whole-table run (whatever the batch size; for the sales
 * and returns tables, any range of tickets/orders), and tables not done
 * yet, bad scales and ranges outside the table are refused. At a fractional
 * scale (SF 0.01), the row counts follow the documented rule and any range
 * still equals the same rows of a whole-table run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "support/md5.h"
#include "tpcds_gen.h"

/* md5 over every value of rows [first, first + n), each value with its
 * validity, from batches of `batch` rows. */
static int notnull_violations;

static int digest_into(md5_ctx *m, tpcds_table t, double sf, int64_t first, int64_t n, int64_t batch) {
  tpch_error err;
  tpcds_gen *g;
  if (tpcds_gen_create(&g, sf, t, first, n, &err) != TPCH_OK) return -1;
  struct ArrowSchema s;
  tpcds_table_schema(t, &s, &err);
  struct ArrowArray a;
  int64_t got, total = 0;
  while ((got = tpcds_gen_next(g, batch, &a, &err)) > 0) {
    total += got;
    for (int64_t r = 0; r < a.length; r++)
      for (int64_t c = 0; c < a.n_children; c++) {
        const struct ArrowArray *col = a.children[c];
        const uint8_t *valid = col->buffers[0];
        uint8_t ok = valid == NULL || (valid[r / 8] >> (r % 8) & 1);
        md5_update(m, &ok, 1);
        if (!ok) continue;
        const char *f = s.children[c]->format;
        if (f[0] == 'u') {
          const int32_t *off = col->buffers[1];
          md5_update(m, (const char *)col->buffers[2] + off[r], (size_t)(off[r + 1] - off[r]));
          md5_update(m, "|", 1);
        } else if (f[0] == 'l') {
          md5_update(m, (const int64_t *)col->buffers[1] + r, 8);
        } else if (f[0] == 'd') {
          md5_update(m, (const uint8_t *)col->buffers[1] + 16 * r, 16);
        } else {
          md5_update(m, (const int32_t *)col->buffers[1] + r, 4);
        }
      }
    for (int64_t c = 0; c < a.n_children; c++)
      if (s.children[c]->flags == 0 && a.children[c]->null_count != 0) notnull_violations++;
    a.release(&a);
  }
  s.release(&s);
  tpcds_gen_destroy(g);
  /* by-unit tables: n tickets/orders give 0..16 rows each */
  if (tpcds_table_by_unit(t)) return got < 0 || total > n * TPCDS_MAX_UNIT_LINES ? -1 : 0;
  return got < 0 ? -1 : (total == n ? 0 : -1);
}

static int digest(tpcds_table t, double sf, int64_t first, int64_t n, int64_t batch, char hex[33]) {
  md5_ctx m;
  md5_init(&m);
  int rc = digest_into(&m, t, sf, first, n, batch);
  md5_hex(&m, hex);
  return rc;
}

/* md5 of every value of batch a (of table t's schema s), as digest_into. */
static void hash_batch(md5_ctx *m, const struct ArrowSchema *s, const struct ArrowArray *a) {
  for (int64_t r = 0; r < a->length; r++)
    for (int64_t c = 0; c < a->n_children; c++) {
      const struct ArrowArray *col = a->children[c];
      const uint8_t *valid = col->buffers[0];
      uint8_t ok = valid == NULL || (valid[r / 8] >> (r % 8) & 1);
      md5_update(m, &ok, 1);
      if (!ok) continue;
      const char *f = s->children[c]->format;
      if (f[0] == 'u') {
        const int32_t *off = col->buffers[1];
        md5_update(m, (const char *)col->buffers[2] + off[r], (size_t)(off[r + 1] - off[r]));
        md5_update(m, "|", 1);
      } else if (f[0] == 'l') {
        md5_update(m, (const int64_t *)col->buffers[1] + r, 8);
      } else if (f[0] == 'd') {
        md5_update(m, (const uint8_t *)col->buffers[1] + 16 * r, 16);
      } else {
        md5_update(m, (const int32_t *)col->buffers[1] + r, 4);
      }
    }
}

/* One pass for sales table st and returns table rt (tpcds_gen_attach_returns):
 * both tables' values equal their own generators' for `n` tickets/orders
 * from `first`, whatever the batch size; and the state rules hold. */
static void check_one_pass(tpcds_table st, tpcds_table rt, int64_t first, int64_t n, int64_t batch) {
  tpch_error err;
  char want_s[33], want_r[33], got_s[33], got_r[33];
  CHECK(digest(st, 1, first, n, 4096, want_s) == 0 && digest(rt, 1, first, n, 4096, want_r) == 0,
        "%s/%s reference digests", tpcds_table_name(st), tpcds_table_name(rt));
  struct ArrowSchema ss, rs;
  tpcds_table_schema(st, &ss, &err);
  tpcds_table_schema(rt, &rs, &err);
  md5_ctx ms, mr;
  md5_init(&ms);
  md5_init(&mr);
  tpcds_gen *g;
  int rc = tpcds_gen_create(&g, 1, st, first, n, &err);
  if (rc == TPCH_OK) rc = tpcds_gen_attach_returns(g, &err);
  struct ArrowArray a;
  int64_t got, rgot = 0, sales = 0, rets = 0;
  while (rc == TPCH_OK && (got = tpcds_gen_next(g, batch, &a, &err)) > 0) {
    hash_batch(&ms, &ss, &a);
    a.release(&a);
    sales += got;
    if (sales == got) /* the first batch: the returns must be taken before the next */
      CHECK(tpcds_gen_next(g, batch, &a, &err) == TPCH_ESTATE, "a batch before the returns were taken");
    if ((rgot = tpcds_gen_next_returns(g, &a, &err)) < 0) break;
    if (rgot > 0) {
      hash_batch(&mr, &rs, &a);
      a.release(&a);
      rets += rgot;
    }
  }
  md5_hex(&ms, got_s);
  md5_hex(&mr, got_r);
  CHECK(rc == TPCH_OK && rgot >= 0 && sales > 0 && rets > 0 && rets < sales,
        "%s one pass ran (%lld, %lld rows)", tpcds_table_name(st), (long long)sales, (long long)rets);
  CHECK(strcmp(got_s, want_s) == 0, "%s lines differ in one pass (batch %lld)", tpcds_table_name(st),
        (long long)batch);
  CHECK(strcmp(got_r, want_r) == 0, "%s lines differ in one pass (batch %lld)", tpcds_table_name(rt),
        (long long)batch);
  tpcds_gen_destroy(g);
  /* only a new sales generator takes returns */
  CHECK(tpcds_gen_create(&g, 1, rt, first, n, &err) == TPCH_OK &&
            tpcds_gen_attach_returns(g, &err) == TPCH_ESTATE &&
            tpcds_gen_next_returns(g, &a, &err) == TPCH_ESTATE,
        "%s cannot attach returns", tpcds_table_name(rt));
  tpcds_gen_destroy(g);
  ss.release(&ss);
  rs.release(&rs);
}

int main(void) {
  tpch_error err;
  int avail = 0;
  for (int i = 0; i < TPCDS_TABLE_COUNT; i++) {
    tpcds_table t = (tpcds_table)i;
    struct ArrowSchema s;
    CHECK(tpcds_table_schema(t, &s, &err) == TPCH_OK, "schema of %s", tpcds_table_name(t));
    CHECK(s.n_children == tpcds_table_columns(t) && s.n_children > 0, "%s column count", tpcds_table_name(t));
    CHECK(strcmp(s.children[0]->name, tpcds_column_name(t, 0)) == 0, "%s first column", tpcds_table_name(t));
    s.release(&s);
    tpcds_table back;
    CHECK(tpcds_table_from_name(tpcds_table_name(t), &back, &err) == TPCH_OK && back == t, "name round trip");
    if (!tpcds_table_available(t)) {
      tpcds_gen *g = (tpcds_gen *)1;
      CHECK(tpcds_gen_create(&g, 1, t, 1, 1, &err) == TPCH_EUNSUPPORTED && g == NULL, "%s must be refused",
            tpcds_table_name(t));
      continue;
    }
    avail++;
    /* units: rows, or tickets/orders of the sales and returns tables */
    int64_t rows = tpcds_table_units(1, t);
    int64_t n = tpcds_table_by_unit(t) ? 600 : rows <= 120000 ? rows : 40000;
    CHECK(tpcds_table_by_unit(t) ? tpcds_table_rows(1, t) == -1 : tpcds_table_rows(1, t) == rows,
          "%s: rows vs units", tpcds_table_name(t));
    char whole[33], a[33], b[33], c[33];
    CHECK(digest(t, 1, 1, n, 65536, whole) == 0, "%s whole", tpcds_table_name(t));
    CHECK(digest(t, 1, 1, n, 7, a) == 0 && strcmp(a, whole) == 0, "%s: batch size changes values",
          tpcds_table_name(t));
    /* rows [1, k) + [k, n] in two generators equal one run */
    for (int64_t k = 2; k <= 7 && k < n; k++) { /* every position in a 6-row revision group */
      md5_ctx m;
      md5_init(&m);
      int r1 = digest_into(&m, t, 1, 1, k - 1, 1000);
      int r2 = digest_into(&m, t, 1, k, n - k + 1, 4096);
      md5_hex(&m, b);
      CHECK(r1 == 0 && r2 == 0 && strcmp(b, whole) == 0,
            "%s: rows [1,%lld) + [%lld,%lld] differ from one run", tpcds_table_name(t), (long long)k,
            (long long)k, (long long)n);
    }
    int64_t k = n / 3 + 1;
    md5_ctx m;
    md5_init(&m);
    int rc1 = digest_into(&m, t, 1, 1, k - 1, 1000);
    int rc2 = digest_into(&m, t, 1, k, n - k + 1, 999);
    md5_hex(&m, b);
    CHECK(rc1 == 0 && rc2 == 0 && strcmp(b, whole) == 0,
          "%s: rows [1,%lld) + [%lld,%lld] differ from one run", tpcds_table_name(t), (long long)k,
          (long long)k, (long long)n);
    CHECK(digest(t, 1, rows, 1, 10, c) == 0, "%s last row", tpcds_table_name(t));
    tpcds_gen *g = NULL;
    CHECK(tpcds_gen_create(&g, 1, t, rows, 2, &err) == TPCH_EINVAL && g == NULL, "past the end must fail");
    CHECK(tpcds_gen_create(&g, 0, t, 1, 1, &err) == TPCH_EINVAL && g == NULL, "scale 0 must fail");
  }
  CHECK(avail > 0, "some tables available");
  CHECK(notnull_violations == 0, "%d batches had NULLs in NOT NULL columns", notnull_violations);
  CHECK(tpcds_scale_check(1.5, &err) == TPCH_EINVAL, "1.5 is refused");
  CHECK(tpcds_scale_check(100001, &err) == TPCH_EINVAL, "100001 is refused");
  CHECK(tpcds_scale_check(100000, &err) == TPCH_OK, "100000 is fine");
  CHECK(tpcds_table_rows(1, TPCDS_INVENTORY) == 11745000, "inventory rows at SF 1");
  CHECK(tpcds_table_rows(2, TPCDS_INVENTORY) == 16966305, "inventory rows at SF 2");
  CHECK(tpcds_table_rows(2, TPCDS_CUSTOMER) == 144000, "customer rows at SF 2");
  CHECK(tpcds_table_rows(2, TPCDS_CALL_CENTER) == 8, "call_center rows at SF 2");
  CHECK(tpcds_table_units(1, TPCDS_STORE_SALES) == 240000 &&
            tpcds_table_units(1, TPCDS_STORE_RETURNS) == 240000,
        "store tickets at SF 1");
  CHECK(tpcds_table_units(1, TPCDS_CATALOG_RETURNS) == 160000 &&
            tpcds_table_units(1, TPCDS_WEB_SALES) == 60000,
        "catalog and web orders at SF 1");
  /* fractional scales: 0.01 .. 1 in millionths; above 1 whole numbers only */
  CHECK(tpcds_scale_check(0.01, &err) == TPCH_OK && tpcds_scale_check(0.999999, &err) == TPCH_OK &&
            tpcds_scale_check(0.25, &err) == TPCH_OK,
        "0.01, 0.25 and 0.999999 are fine");
  CHECK(tpcds_scale_check(0.009, &err) == TPCH_EINVAL && tpcds_scale_check(0.0123456, &err) == TPCH_EINVAL &&
            tpcds_scale_check(0, &err) == TPCH_EINVAL && tpcds_scale_check(-0.5, &err) == TPCH_EINVAL,
        "0.009, 0.0123456, 0 and -0.5 are refused");
  /* SF 1 counts times the scale, rounded down, at least 1; the fixed-size
   * dimensions keep their count; inventory = items x warehouses x 261 weeks */
  static const struct {
    double sf;
    tpcds_table t;
    int64_t units;
  } fr[] = {{0.01, TPCDS_CALL_CENTER, 1},
            {0.01, TPCDS_CATALOG_PAGE, 11718},
            {0.01, TPCDS_CUSTOMER, 1000},
            {0.01, TPCDS_CUSTOMER_DEMOGRAPHICS, 19208},
            {0.01, TPCDS_DATE_DIM, 73049},
            {0.01, TPCDS_ITEM, 180},
            {0.01, TPCDS_INVENTORY, 23490},
            {0.01, TPCDS_PROMOTION, 3},
            {0.01, TPCDS_STORE, 1},
            {0.01, TPCDS_STORE_SALES, 2400},
            {0.01, TPCDS_CATALOG_RETURNS, 1600},
            {0.01, TPCDS_WEB_SALES, 600},
            {0.29, TPCDS_CUSTOMER, 29000},
            {0.29, TPCDS_STORE, 3},
            {0.5, TPCDS_ITEM, 9000},
            {0.5, TPCDS_INVENTORY, 4500L * 2 * 261},
            {0.999999, TPCDS_STORE_SALES, 239999}};
  for (size_t i = 0; i < sizeof fr / sizeof fr[0]; i++)
    CHECK(tpcds_table_units(fr[i].sf, fr[i].t) == fr[i].units, "%s at SF %g: %lld units, want %lld",
          tpcds_table_name(fr[i].t), fr[i].sf, (long long)tpcds_table_units(fr[i].sf, fr[i].t),
          (long long)fr[i].units);
  CHECK(tpcds_table_rows(0.01, TPCDS_TIME_DIM) == 86400 && tpcds_table_rows(0.001, TPCDS_ITEM) == -1,
        "rows at fractional scales");
  for (int i = 0; i < TPCDS_TABLE_COUNT; i++) {
    tpcds_table t = (tpcds_table)i;
    if (!tpcds_table_available(t)) continue;
    int64_t n = tpcds_table_units(0.01, t);
    if (n > 30000) n = 30000;
    char whole[33], b[33];
    CHECK(digest(t, 0.01, 1, n, 65536, whole) == 0, "%s whole at SF 0.01", tpcds_table_name(t));
    if (n < 2) continue;
    int64_t k = n / 3 + 1;
    md5_ctx m;
    md5_init(&m);
    int rc1 = digest_into(&m, t, 0.01, 1, k - 1, 1000);
    int rc2 = digest_into(&m, t, 0.01, k, n - k + 1, 999);
    md5_hex(&m, b);
    CHECK(rc1 == 0 && rc2 == 0 && strcmp(b, whole) == 0, "%s at SF 0.01: rows [1,%lld) + [%lld,%lld] differ",
          tpcds_table_name(t), (long long)k, (long long)k, (long long)n);
  }
  check_one_pass(TPCDS_STORE_SALES, TPCDS_STORE_RETURNS, 101, 400, 7);
  check_one_pass(TPCDS_STORE_SALES, TPCDS_STORE_RETURNS, 1, 300, 65536);
  check_one_pass(TPCDS_CATALOG_SALES, TPCDS_CATALOG_RETURNS, 77, 400, 1000);
  check_one_pass(TPCDS_WEB_SALES, TPCDS_WEB_RETURNS, 5000, 400, 9);
  tpcds_gen_destroy(NULL);
  return check_finish();
}
