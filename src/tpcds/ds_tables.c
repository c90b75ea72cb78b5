#include "ds_tables.h"

#include <math.h>
#include <stdio.h>

/* ---- row counts ------------------------------------------------------------ */

static const int scale_volume[9] = {1, 10, 100, 300, 1000, 3000, 10000, 30000, 100000};

/* Table flags that change the count: FL_TYPE_2 tables (slowly changing
 * dimensions) have twice the distribution's rows. */
static int is_type2(int t) {
  return t == DST_CALL_CENTER || t == DST_ITEM || t == DST_STORE || t == DST_WEB_PAGE || t == DST_WEB_SITE;
}

static int64_t base_count(int sf, int t) {
  int row = t + 1;
  for (int i = 0; i < 9; i++)
    if (sf == scale_volume[i]) return ds_dist_weight(DSD_ROWCOUNTS, row, i + 1);
  switch (ds_dist_int(DSD_ROWCOUNTS, row, 3)) {
  case 2: { /* linear: sum the published scales that make up sf */
    int64_t n = 0;
    int left = sf;
    for (int i = 8; i >= 0; i--)
      while (left >= scale_volume[i]) {
        n += ds_dist_weight(DSD_ROWCOUNTS, row, i + 1);
        left -= scale_volume[i];
      }
    return n;
  }
  case 1: return ds_dist_weight(DSD_ROWCOUNTS, row, 1);
  case 3: { /* dsdgen's LogScale, in float, adding the 1 GB count */
    int i = 0;
    while (sf > scale_volume[i])
      i++;
    int delta = ds_dist_weight(DSD_ROWCOUNTS, row, i + 1) - ds_dist_weight(DSD_ROWCOUNTS, row, i);
    float off = (float)(sf - scale_volume[i - 1]) / (float)(scale_volume[i] - scale_volume[i - 1]);
    int64_t n = (int)(off * (float)delta);
    return n + ds_dist_weight(DSD_ROWCOUNTS, row, 1);
  }
  default: return 0;
  }
}

int64_t ds_id_count(double sf, int t) {
  int64_t n = ds_rowcount(sf, t);
  if (!is_type2(t)) return n;
  int64_t u = (n / 6) * 3;
  switch (n % 6) {
  case 1: u += 1; break;
  case 2:
  case 3: u += 2; break;
  case 4:
  case 5: u += 3; break;
  default: break;
  }
  return u;
}

/* A scale below 1 (ours; dsdgen stops): the table's SF 1 count times the
 * scale, in whole millionths (tpcds_scale_check allows no finer), rounded
 * down and at least 1 - except the tables dsdgen keeps at one count for
 * every scale without a multiplier (date_dim, time_dim, catalog_page,
 * household_demographics, income_band, ship_mode), which keep it. This is
 * the rule of DuckDB's dsdgen (get_rowcount for nScale < 1). */
static int64_t below_one(double sf, int t, int64_t n, int64_t mult) {
  if (ds_dist_int(DSD_ROWCOUNTS, t + 1, 3) == 1 && mult == 1) return n;
  int64_t micro = llround(sf * 1e6);
  n = n * micro / 1000000;
  return n < 1 ? 1 : n;
}

int64_t ds_rowcount(double sf, int t) {
  if (t == DST_INVENTORY) {
    int64_t days = ds_julian(2002, 12, 31) - ds_julian(1998, 1, 1) + 1;
    return ds_id_count(sf, DST_ITEM) * ds_rowcount(sf, DST_WAREHOUSE) * ((days + 6) / 7);
  }
  int64_t n = base_count(sf < 1 ? 1 : (int)sf, t);
  int64_t mult = is_type2(t) ? 2 : 1;
  for (int i = 1; i <= ds_dist_int(DSD_ROWCOUNTS, t + 1, 2); i++)
    mult *= 10;
  return sf < 1 ? below_one(sf, t, n * mult, mult) : n * mult;
}

void ds_ctx_init(ds_ctx *c, double sf) {
  ds_rng_init(&c->rng);
  c->sf = sf;
  for (int t = 0; t < DS_COUNTED_TABLES; t++) {
    c->rows[t] = ds_rowcount(sf, t);
    c->ids[t] = ds_id_count(sf, t);
  }
}

/* ---- shared pieces ---------------------------------------------------------- */

void ds_null_set(ds_ctx *c, const ds_table_info *ti, ds_row *out) {
  int threshold = ds_uniform(&c->rng, ti->nulls_stream, 0, 9999);
  int64_t bits = (int64_t)(ds_next(&c->rng, ti->nulls_stream) % DS_MAXINT) + 1;
  out->null_map = threshold < ti->null_pct ? (bits & ~ti->not_null) : 0;
}

static const char alphanum[] = "abcdefghijklmnopqrstuvxyzABCDEFGHIJKLMNOPQRSTUVXYZ0123456789";

/* gen_charset: a length in [min, max], then always `max` character draws. */
static int gen_charset(ds_rng *r, char *dst, const char *set, int min, int max, int stream) {
  int len = ds_uniform(r, stream, min, max);
  int n = (int)strlen(set);
  for (int i = 0; i < max; i++) {
    int k = ds_uniform(r, stream, 0, n - 1);
    if (i < len) dst[i] = set[k];
  }
  return len;
}

static void put_bkey(ds_row *r, int col, int stream, int64_t k) {
  char key[16];
  ds_bkey(key, k);
  put_strn(r, col, stream, key, 16);
}

/* bitmap_to_dist: row (m % size) + 1 of `dist`, then m /= size. */
static int bitmap_row(int dist, int64_t *m) {
  int size = ds_dist_size(dist);
  int row = (int)(*m % size) + 1;
  *m /= size;
  return row;
}

/* ---- small dimension tables ----------------------------------------------- */

#define TI(t) (&ds_table_infos[t])

static void build_income_band(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_INCOME_BAND), o);
  put_int(o, 0, DSC_IB_INCOME_BAND_ID, row);
  put_int(o, 1, DSC_IB_LOWER_BOUND, ds_dist_int(DSD_INCOME_BAND, (int)row, 1));
  put_int(o, 2, DSC_IB_UPPER_BOUND, ds_dist_int(DSD_INCOME_BAND, (int)row, 2));
}

static void build_reason(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_REASON), o);
  put_key(o, 0, DSC_R_REASON_SK, row);
  put_bkey(o, 1, DSC_R_REASON_ID, row);
  put_str(o, 2, DSC_R_REASON_DESCRIPTION, ds_dist_str(DSD_RETURN_REASONS, (int)row, 1));
}

static void build_ship_mode(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_SHIP_MODE), o);
  put_key(o, 0, DSC_SM_SHIP_MODE_SK, row);
  put_bkey(o, 1, DSC_SM_SHIP_MODE_ID, row);
  int64_t m = row;
  put_str(o, 2, DSC_SM_TYPE, ds_dist_str(DSD_SHIP_MODE_TYPE, bitmap_row(DSD_SHIP_MODE_TYPE, &m), 1));
  put_str(o, 3, DSC_SM_CODE, ds_dist_str(DSD_SHIP_MODE_CODE, bitmap_row(DSD_SHIP_MODE_CODE, &m), 1));
  put_str(o, 4, DSC_SM_CARRIER, ds_dist_str(DSD_SHIP_MODE_CARRIER, (int)row, 1));
  char buf[20];
  int len = gen_charset(&c->rng, buf, alphanum, 1, 20, DSC_SM_CONTRACT);
  put_strn(o, 5, DSC_SM_CONTRACT, buf, len);
}

static void build_household_demographics(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_HOUSEHOLD_DEMOGRAPHICS), o);
  put_key(o, 0, DSC_HD_DEMO_SK, row);
  int64_t m = row;
  put_key(o, 1, DSC_HD_INCOME_BAND_ID, (m % ds_dist_size(DSD_INCOME_BAND)) + 1);
  m /= ds_dist_size(DSD_INCOME_BAND);
  put_str(o, 2, DSC_HD_BUY_POTENTIAL, ds_dist_str(DSD_BUY_POTENTIAL, bitmap_row(DSD_BUY_POTENTIAL, &m), 1));
  put_int(o, 3, DSC_HD_DEP_COUNT, ds_dist_int(DSD_DEPENDENT_COUNT, bitmap_row(DSD_DEPENDENT_COUNT, &m), 1));
  put_int(o, 4, DSC_HD_VEHICLE_COUNT, ds_dist_int(DSD_VEHICLE_COUNT, bitmap_row(DSD_VEHICLE_COUNT, &m), 1));
}

static void build_customer_demographics(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_CUSTOMER_DEMOGRAPHICS), o);
  put_key(o, 0, DSC_CD_DEMO_SK, row);
  int64_t m = row - 1;
  put_str(o, 1, DSC_CD_GENDER, ds_dist_str(DSD_GENDER, bitmap_row(DSD_GENDER, &m), 1));
  put_str(o, 2, DSC_CD_MARITAL_STATUS,
          ds_dist_str(DSD_MARITAL_STATUS, bitmap_row(DSD_MARITAL_STATUS, &m), 1));
  put_str(o, 3, DSC_CD_EDUCATION_STATUS, ds_dist_str(DSD_EDUCATION, bitmap_row(DSD_EDUCATION, &m), 1));
  put_int(o, 4, DSC_CD_PURCHASE_ESTIMATE,
          ds_dist_int(DSD_PURCHASE_BAND, bitmap_row(DSD_PURCHASE_BAND, &m), 1));
  put_str(o, 5, DSC_CD_CREDIT_RATING, ds_dist_str(DSD_CREDIT_RATING, bitmap_row(DSD_CREDIT_RATING, &m), 1));
  put_int(o, 6, DSC_CD_DEP_COUNT, m % 7);
  m /= 7;
  put_int(o, 7, DSC_CD_DEP_EMPLOYED_COUNT, m % 7);
  m /= 7;
  put_int(o, 8, DSC_CD_DEP_COLLEGE_COUNT, m % 7);
}

static const char *const weekday_names[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                             "Thursday", "Friday", "Saturday"};

/* dsdgen's OP_SAME_LQ: the same offset into the previous quarter. */
static int same_day_lq(const ds_date *d) {
  static const int qstart[5] = {0, 1, 4, 7, 10};
  int q = (d->month - 1) / 3 + 1;
  int this_q = ds_julian(d->year, qstart[q], 1);
  int prev_q = q == 1 ? ds_julian(d->year - 1, 10, 1) : ds_julian(d->year, qstart[q - 1], 1);
  return d->julian - this_q + prev_q;
}

static void build_date_dim(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_DATE_DIM), o);
  int j = (int)row + ds_julian(1900, 1, 1);
  ds_date d;
  ds_jtodt(&d, j);
  int dow = ds_dow(&d);
  int week_seq = ((int)row + 6) / 7;
  int month_seq = (d.year - 1900) * 12 + d.month - 1;
  int quarter_seq = (d.year - 1900) * 4 + d.month / 3 + 1;
  int day_index = ds_day_number(&d);
  int qoy = ds_dist_int(DSD_CALENDAR, day_index, 6);
  put_key(o, 0, DSC_D_DATE_SK, j);
  put_bkey(o, 1, DSC_D_DATE_ID, j);
  put_date(o, 2, DSC_D_DATE_SK, j);
  put_int(o, 3, DSC_D_MONTH_SEQ, month_seq);
  put_int(o, 4, DSC_D_WEEK_SEQ, week_seq);
  put_int(o, 5, DSC_D_QUARTER_SEQ, quarter_seq);
  put_int(o, 6, DSC_D_YEAR, d.year);
  put_int(o, 7, DSC_D_DOW, dow);
  put_int(o, 8, DSC_D_MOY, d.month);
  put_int(o, 9, DSC_D_DOM, d.day);
  put_int(o, 10, DSC_D_QOY, qoy);
  put_int(o, 11, DSC_D_FY_YEAR, d.year);
  put_int(o, 12, DSC_D_FY_QUARTER_SEQ, quarter_seq);
  put_int(o, 13, DSC_D_FY_WEEK_SEQ, week_seq);
  put_str(o, 14, DSC_D_DAY_NAME, weekday_names[dow]);
  char qn[16];
  int qlen = snprintf(qn, sizeof qn, "%4dQ%d", d.year, qoy);
  put_strn(o, 15, DSC_D_QUARTER_NAME, qn, qlen);
  put_bool(o, 16, DSC_D_HOLIDAY, ds_dist_int(DSD_CALENDAR, day_index, 8));
  put_bool(o, 17, DSC_D_WEEKEND, dow == 5 || dow == 6);
  int prev = day_index == 1 ? 365 + ds_is_leap(d.year - 1) : day_index - 1;
  put_bool(o, 18, DSC_D_FOLLOWING_HOLIDAY, ds_dist_int(DSD_CALENDAR, prev, 8));
  static const int m_days[2][13] = {{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334},
                                    {0, 0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335}};
  put_int(o, 19, DSC_D_FIRST_DOM, j - d.day + 1);
  put_int(o, 20, DSC_D_LAST_DOM, j - d.day + m_days[ds_is_leap(d.year)][d.month]);
  int ly = (ds_is_leap(d.year) && d.month == 2 && d.day == 29) ? ds_julian(d.year - 1, 2, 28)
                                                               : ds_julian(d.year - 1, d.month, d.day);
  put_int(o, 21, DSC_D_SAME_DAY_LY, ly);
  put_int(o, 22, DSC_D_SAME_DAY_LQ, same_day_lq(&d));
  /* dsdgen keeps the current week/month/quarter flags from the last row of
   * the current year (2003), where they are all N again: so they can only be
   * Y inside 2003. */
  int cur_year = d.year == 2003;
  put_bool(o, 23, DSC_D_CURRENT_DAY, j == 8);
  put_bool(o, 24, DSC_D_CURRENT_WEEK, cur_year && week_seq == 2);
  put_bool(o, 25, DSC_D_CURRENT_MONTH, cur_year && d.month == 1);
  put_bool(o, 26, DSC_D_CURRENT_QUARTER, cur_year && qoy == 1);
  put_bool(o, 27, DSC_D_CURRENT_YEAR, cur_year);
}

static void build_time_dim(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_TIME_DIM), o);
  int t = (int)row - 1;
  int hour = t / 3600;
  put_key(o, 0, DSC_T_TIME_SK, t);
  put_bkey(o, 1, DSC_T_TIME_ID, row);
  put_int(o, 2, DSC_T_TIME, t);
  put_int(o, 3, DSC_T_HOUR, hour);
  put_int(o, 4, DSC_T_MINUTE, (t / 60) % 60);
  put_int(o, 5, DSC_T_SECOND, t % 60);
  put_str(o, 6, DSC_T_AM_PM, ds_dist_str(DSD_HOURS, hour + 1, 2));
  put_str(o, 7, DSC_T_SHIFT, ds_dist_str(DSD_HOURS, hour + 1, 3));
  put_str(o, 8, DSC_T_SUB_SHIFT, ds_dist_str(DSD_HOURS, hour + 1, 4));
  put_str(o, 9, DSC_T_MEAL_TIME, ds_dist_str(DSD_HOURS, hour + 1, 5));
}

/* ---- addresses and text ------------------------------------------------------- */

static void put_fmt_int(ds_row *r, int col, int stream, const char *fmt, int v) {
  char b[32];
  int n = snprintf(b, sizeof b, fmt, v);
  put_strn(r, col, stream, b, n);
}

static void put_text(ds_ctx *c, ds_row *o, int col, int stream, int min, int max) {
  char b[512];
  int n = ds_gen_text(&c->rng, b, min, max, stream);
  put_strn(o, col, stream, b, n);
}

/* mk_address for a table, FL_SMALL tables bounded by their row count. */
static void make_address(ds_ctx *c, ds_address *a, int stream, int table, int small) {
  ds_make_address(&c->rng, a, stream, small ? c->rows[table] : 0, (int)c->rows[DST_ACTIVE_CITIES],
                  (int)c->rows[DST_ACTIVE_COUNTIES]);
}

/* The 10 address columns as the w_* tables print them, starting at `col`;
 * `ids` are the ten print column ids (number, street name, type, suite,
 * city, county, state, zip, country, gmt offset). */
static void put_address(ds_row *o, int col, const int ids[10], const ds_address *a) {
  char b[160];
  put_fmt_int(o, col, ids[0], "%d", a->street_num);
  int n = snprintf(b, sizeof b, "%s %s", a->street_name1, a->street_name2);
  put_strn(o, col + 1, ids[1], b, n);
  put_str(o, col + 2, ids[2], a->street_type);
  put_strn(o, col + 3, ids[3], a->suite_num, (int)strlen(a->suite_num));
  put_str(o, col + 4, ids[4], a->city);
  put_str(o, col + 5, ids[5], a->county);
  put_str(o, col + 6, ids[6], a->state);
  put_fmt_int(o, col + 7, ids[7], "%05d", a->zip);
  put_str(o, col + 8, ids[8], "United States");
  put_dec(o, col + 9, ids[9], (int64_t)a->gmt_offset * 100);
}

static void build_warehouse(ds_ctx *c, int64_t row, ds_row *o) {
  static const int ids[10] = {DSC_W_ADDRESS_STREET_NUM, DSC_W_ADDRESS_STREET_NAME1, DSC_W_ADDRESS_STREET_TYPE,
                              DSC_W_ADDRESS_SUITE_NUM,  DSC_W_ADDRESS_CITY,         DSC_W_ADDRESS_COUNTY,
                              DSC_W_ADDRESS_STATE,      DSC_W_ADDRESS_ZIP,          DSC_W_ADDRESS_COUNTRY,
                              DSC_W_ADDRESS_GMT_OFFSET};
  ds_null_set(c, TI(TPCDS_WAREHOUSE), o);
  put_key(o, 0, DSC_W_WAREHOUSE_SK, row);
  put_bkey(o, 1, DSC_W_WAREHOUSE_ID, row);
  put_text(c, o, 2, DSC_W_WAREHOUSE_NAME, 10, 20);
  put_int(o, 3, DSC_W_WAREHOUSE_SQ_FT, ds_uniform(&c->rng, DSC_W_WAREHOUSE_SQ_FT, 50000, 1000000));
  ds_address a;
  make_address(c, &a, DSC_W_WAREHOUSE_ADDRESS, DST_WAREHOUSE, 1);
  put_address(o, 4, ids, &a);
}

/* ---- slowly changing dimensions ----------------------------------------------- */

static const int64_t j_min_data = 2450815; /* 1998-01-01 */
static const int64_t j_max_data = 2453005; /* 2003-12-31 */

/* setSCDKeys: the business key and record dates of row `row` (1-based) of
 * dsdgen table `table`; returns 1 on the first row of a business key. */
static int scd_keys(int64_t row, int table, int64_t *bkey, int64_t *start, int64_t *end) {
  int64_t h1 = j_min_data + (j_max_data - j_min_data) / 2;
  int64_t t2 = (j_max_data - j_min_data) / 3;
  int64_t t1 = j_min_data + t2;
  t2 += t1;
  int64_t sh = (int64_t)table * 6;
  int first = 0;
  switch (row % 6) {
  case 1:
    *bkey = row;
    first = 1;
    *start = j_min_data - sh;
    *end = -1;
    break;
  case 2:
    *bkey = row;
    first = 1;
    *start = j_min_data - sh;
    *end = h1 - sh;
    break;
  case 3:
    *bkey = row - 1;
    *start = h1 - sh + 1;
    *end = -1;
    break;
  case 4:
    *bkey = row;
    first = 1;
    *start = j_min_data - sh;
    *end = t1 - sh;
    break;
  case 5:
    *bkey = row - 1;
    *start = t1 - sh + 1;
    *end = t2 - sh;
    break;
  default:
    *bkey = row - 2;
    *start = t2 - sh + 1;
    *end = -1;
    break;
  }
  if (*end > j_max_data) *end = -1;
  return first;
}

/* changeSCD: an odd flag keeps the previous revision's value (never on a
 * key's first row); then the flags move on one bit. */
static int scd_keep(int64_t *flags, int first) {
  int keep = (*flags & 1) && !first;
  *flags /= 2;
  return keep;
}

static int64_t scd_int(ds_ctx *c, int slot, int64_t v, int64_t *flags, int first) {
  if (scd_keep(flags, first)) return c->scd.old_i[slot];
  c->scd.old_i[slot] = v;
  return v;
}

/* For SCD_CHAR: b/len hold the new value; replaced by the old one if kept. */
static void scd_str(ds_ctx *c, int slot, char *b, int *len, int64_t *flags, int first) {
  if (scd_keep(flags, first)) {
    memcpy(b, c->scd.old_s[slot], (size_t)c->scd.old_len[slot]);
    *len = c->scd.old_len[slot];
  } else {
    memcpy(c->scd.old_s[slot], b, (size_t)*len);
    c->scd.old_len[slot] = *len;
  }
}

/* SCD_PTR fields: dsdgen's changeSCD assigns its own parameter, so the new
 * value always wins; only the flag bit is used up. */
static void scd_ptr(int64_t *flags) {
  *flags /= 2;
}

/* mk_word: syllables of `src` in base distsize, while they fit in max. */
static int make_word(char *dst, int dist, int64_t src, int max) {
  int n = 0;
  int64_t i = src;
  while (i > 0) {
    int size = ds_dist_size(dist);
    const char *syl = ds_dist_str(dist, (int)(i % size) + 1, 1);
    i /= size;
    int l = (int)strlen(syl);
    if (n + l > max) break;
    memcpy(dst + n, syl, (size_t)l);
    n += l;
  }
  return n;
}

/* "First Last" from two picks on one stream. */
static int make_name(ds_ctx *c, char *dst, int stream) {
  const char *f = ds_dist_str(DSD_FIRST_NAMES, ds_dist_pick(&c->rng, DSD_FIRST_NAMES, 1, stream), 1);
  const char *l = ds_dist_str(DSD_LAST_NAMES, ds_dist_pick(&c->rng, DSD_LAST_NAMES, 1, stream), 1);
  return snprintf(dst, 128, "%s %s", f, l);
}

static void put_bkey_scd(ds_row *r, int col, int stream, int64_t k) {
  put_bkey(r, col, stream, k);
}

static void build_call_center(ds_ctx *c, int64_t row, ds_row *o) {
  ds_scd *st = &c->scd;
  ds_null_set(c, TI(TPCDS_CALL_CENTER), o);
  int64_t bkey, start, end;
  int first = scd_keys(row, DST_CALL_CENTER, &bkey, &start, &end);
  if (first) {
    int64_t j_start = j_min_data - DST_WEB_SITE;
    st->keep_i[0] = j_start - ds_uniform(&c->rng, DSC_CC_OPEN_DATE_ID, -365, 0);
    int size = ds_dist_size(DSD_CALL_CENTERS);
    int suffix = (int)(row / size);
    const char *cp = ds_dist_str(DSD_CALL_CENTERS, (int)(row % size) + 1, 1);
    st->keep_len[0] =
        suffix > 0 ? snprintf(st->keep_s[0], 64, "%s_%d", cp, suffix) : snprintf(st->keep_s[0], 64, "%s", cp);
    make_address(c, &st->addr, DSC_CC_ADDRESS, DST_CALL_CENTER, 1);
  }
  int64_t flags = ds_next(&c->rng, DSC_CC_SCD);
  put_key(o, 0, DSC_CC_CALL_CENTER_SK, row);
  put_bkey_scd(o, 1, DSC_CC_CALL_CENTER_ID, bkey);
  put_date(o, 2, DSC_CC_REC_START_DATE_ID, start);
  put_date(o, 3, DSC_CC_REC_END_DATE_ID, end);
  put_key(o, 4, DSC_CC_CLOSED_DATE_ID, -1);
  put_key(o, 5, DSC_CC_OPEN_DATE_ID, st->keep_i[0]);
  put_strn(o, 6, DSC_CC_NAME, st->keep_s[0], st->keep_len[0]);
  put_str(
      o, 7, DSC_CC_CLASS,
      ds_dist_str(DSD_CALL_CENTER_CLASS, ds_dist_pick(&c->rng, DSD_CALL_CENTER_CLASS, 1, DSC_CC_CLASS), 1));
  scd_ptr(&flags);
  /* CC_EMPLOYEE_MAX * scale * scale in dsdgen's int; below SF 1 (where
   * dsdgen's integer scale would be 0) the SF 1 maximum, 7 */
  int isf = c->sf < 1 ? 1 : (int)c->sf;
  int64_t emp_max = (int64_t)7 * isf * isf;
  int64_t emp = scd_int(c, 0, ds_uniform(&c->rng, DSC_CC_EMPLOYEES, 1, (int)(int32_t)emp_max), &flags, first);
  put_int(o, 8, DSC_CC_EMPLOYEES, emp);
  int64_t sq = ds_uniform(&c->rng, DSC_CC_SQ_FT, 100, 700) * (int32_t)emp;
  sq = scd_int(c, 1, (int32_t)sq, &flags, first);
  put_int(o, 9, DSC_CC_SQ_FT, sq);
  put_str(
      o, 10, DSC_CC_HOURS,
      ds_dist_str(DSD_CALL_CENTER_HOURS, ds_dist_pick(&c->rng, DSD_CALL_CENTER_HOURS, 1, DSC_CC_HOURS), 1));
  scd_ptr(&flags);
  char b[256];
  int n = make_name(c, b, DSC_CC_MANAGER);
  scd_str(c, 0, b, &n, &flags, first);
  put_strn(o, 11, DSC_CC_MANAGER, b, n);
  put_int(o, 12, DSC_CC_MARKET_ID, scd_int(c, 2, ds_uniform(&c->rng, DSC_CC_MARKET_ID, 1, 6), &flags, first));
  n = ds_gen_text(&c->rng, b, 20, 50, DSC_CC_MARKET_CLASS);
  scd_str(c, 1, b, &n, &flags, first);
  put_strn(o, 13, DSC_CC_MARKET_CLASS, b, n);
  n = ds_gen_text(&c->rng, b, 20, 100, DSC_CC_MARKET_DESC);
  scd_str(c, 2, b, &n, &flags, first);
  put_strn(o, 14, DSC_CC_MARKET_DESC, b, n);
  n = make_name(c, b, DSC_CC_MARKET_MANAGER);
  scd_str(c, 3, b, &n, &flags, first);
  put_strn(o, 15, DSC_CC_MARKET_MANAGER, b, n);
  int64_t company = scd_int(c, 3, ds_uniform(&c->rng, DSC_CC_COMPANY, 1, 6), &flags, first);
  int64_t division = scd_int(c, 4, ds_uniform(&c->rng, DSC_CC_COMPANY, 1, 6), &flags, first);
  put_int(o, 16, DSC_CC_DIVISION, division);
  n = make_word(b, DSD_SYLLABLES, division, 50);
  scd_str(c, 4, b, &n, &flags, first);
  put_strn(o, 17, DSC_CC_DIVISION_NAME, b, n);
  put_int(o, 18, DSC_CC_COMPANY, company);
  n = make_word(b, DSD_SYLLABLES, company, 10);
  scd_str(c, 5, b, &n, &flags, first);
  put_strn(o, 19, DSC_CC_COMPANY_NAME, b, n);
  static const int ids[10] = {DSC_CC_ADDRESS, DSC_CC_ADDRESS, DSC_CC_ADDRESS, DSC_CC_ADDRESS, DSC_CC_ADDRESS,
                              DSC_CC_ADDRESS, DSC_CC_ADDRESS, DSC_CC_ADDRESS, DSC_CC_ADDRESS, DSC_CC_ADDRESS};
  put_address(o, 20, ids, &st->addr);
  put_dec(o, 30, DSC_CC_TAX_PERCENTAGE,
          scd_int(c, 5, ds_uniform(&c->rng, DSC_CC_TAX_PERCENTAGE, 0, 12), &flags, first));
}

static void build_web_site(ds_ctx *c, int64_t row, ds_row *o) {
  ds_scd *st = &c->scd;
  ds_null_set(c, TI(TPCDS_WEB_SITE), o);
  int64_t bkey, start, end;
  int first = scd_keys(row, DST_WEB_SITE, &bkey, &start, &end);
  if (first) {
    /* mk_join(WEB_OPEN_DATE / WEB_CLOSE_DATE, DATE): a year draw, then web_join */
    int64_t dur = (ds_julian(2002, 12, 31) - ds_julian(1998, 1, 1)) * c->rows[DST_CONCURRENT_WEB_SITES];
    ds_uniform(&c->rng, DSC_WEB_OPEN_DATE, 1998, 2002);
    int64_t open = j_min_data - ((row * 17) % dur / 2);
    ds_uniform(&c->rng, DSC_WEB_CLOSE_DATE, 1998, 2002);
    int64_t close = j_min_data - ((row * 17) % dur / 2) - dur;
    if (row % 2 == 0 && (row / 2) % 2 == 0) close -= (-dur) / 2;
    if (close > end) close = -1;
    st->keep_i[0] = open;
    st->keep_i[1] = close;
    st->keep_len[0] = snprintf(st->keep_s[0], 64, "site_%d", (int)(row / 6));
  }
  int64_t flags = ds_next(&c->rng, DSC_WEB_SCD);
  put_key(o, 0, DSC_WEB_SITE_SK, row);
  put_bkey(o, 1, DSC_WEB_SITE_ID, bkey);
  put_date(o, 2, DSC_WEB_REC_START_DATE_ID, start);
  put_date(o, 3, DSC_WEB_REC_END_DATE_ID, end);
  put_strn(o, 4, DSC_WEB_NAME, st->keep_s[0], st->keep_len[0]);
  put_key(o, 5, DSC_WEB_OPEN_DATE, st->keep_i[0]);
  put_key(o, 6, DSC_WEB_CLOSE_DATE, st->keep_i[1]);
  put_str(o, 7, DSC_WEB_CLASS, "Unknown");
  char b[256];
  int n = make_name(c, b, DSC_WEB_MANAGER);
  scd_str(c, 0, b, &n, &flags, first);
  put_strn(o, 8, DSC_WEB_MANAGER, b, n);
  put_int(o, 9, DSC_WEB_MARKET_ID,
          scd_int(c, 0, ds_uniform(&c->rng, DSC_WEB_MARKET_ID, 1, 6), &flags, first));
  n = ds_gen_text(&c->rng, b, 20, 50, DSC_WEB_MARKET_CLASS);
  scd_str(c, 1, b, &n, &flags, first);
  put_strn(o, 10, DSC_WEB_MARKET_CLASS, b, n);
  n = ds_gen_text(&c->rng, b, 20, 100, DSC_WEB_MARKET_DESC);
  scd_str(c, 2, b, &n, &flags, first);
  put_strn(o, 11, DSC_WEB_MARKET_DESC, b, n);
  n = make_name(c, b, DSC_WEB_MARKET_MANAGER);
  scd_str(c, 3, b, &n, &flags, first);
  put_strn(o, 12, DSC_WEB_MARKET_MANAGER, b, n);
  int64_t company = scd_int(c, 1, ds_uniform(&c->rng, DSC_WEB_COMPANY_ID, 1, 6), &flags, first);
  put_int(o, 13, DSC_WEB_COMPANY_ID, company);
  n = make_word(b, DSD_SYLLABLES, company, 100);
  scd_str(c, 4, b, &n, &flags, first);
  put_strn(o, 14, DSC_WEB_COMPANY_NAME, b, n);
  ds_address a;
  make_address(c, &a, DSC_WEB_ADDRESS, DST_WEB_SITE, 1);
  scd_ptr(&flags); /* city */
  scd_ptr(&flags); /* county */
  a.gmt_offset = (int)scd_int(c, 2, a.gmt_offset, &flags, first);
  scd_ptr(&flags); /* state */
  scd_ptr(&flags); /* street type */
  scd_ptr(&flags); /* street name 1 */
  scd_ptr(&flags); /* street name 2 */
  a.street_num = (int)scd_int(c, 3, a.street_num, &flags, first);
  a.zip = (int)scd_int(c, 4, a.zip, &flags, first);
  static const int ids[10] = {DSC_WEB_ADDRESS_STREET_NUM,  DSC_WEB_ADDRESS_STREET_NAME1,
                              DSC_WEB_ADDRESS_STREET_TYPE, DSC_WEB_ADDRESS_SUITE_NUM,
                              DSC_WEB_ADDRESS_CITY,        DSC_WEB_ADDRESS_COUNTY,
                              DSC_WEB_ADDRESS_STATE,       DSC_WEB_ADDRESS_ZIP,
                              DSC_WEB_ADDRESS_COUNTRY,     DSC_WEB_ADDRESS_GMT_OFFSET};
  put_address(o, 15, ids, &a);
  put_dec(o, 25, DSC_WEB_TAX_PERCENTAGE,
          scd_int(c, 5, ds_uniform(&c->rng, DSC_WEB_TAX_PERCENTAGE, 0, 12), &flags, first));
}

static void build_store(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_STORE), o);
  int64_t bkey, start, end;
  /* dsdgen keys the store's history on S_STORE_ID, a source-schema column,
   * so the record dates are shifted by that table's number (49) */
  int first = scd_keys(row, DST_S_STORE, &bkey, &start, &end);
  int64_t flags = ds_next(&c->rng, DSC_W_STORE_SCD);
  put_key(o, 0, DSC_W_STORE_SK, row);
  put_bkey(o, 1, DSC_W_STORE_ID, bkey);
  put_date(o, 2, DSC_W_STORE_REC_START_DATE_ID, start);
  put_date(o, 3, DSC_W_STORE_REC_END_DATE_ID, end);
  int pct = ds_uniform(&c->rng, DSC_W_STORE_CLOSED_DATE_ID, 1, 100);
  int days = ds_uniform(&c->rng, DSC_W_STORE_CLOSED_DATE_ID, 5, 500);
  int64_t closed = pct < 30 ? j_min_data + days : -1;
  closed = scd_int(c, 0, closed, &flags, first);
  if (closed == 0) closed = -1;
  put_key(o, 4, DSC_W_STORE_CLOSED_DATE_ID, closed);
  char b[256];
  int n = make_word(b, DSD_SYLLABLES, row, 5);
  scd_str(c, 0, b, &n, &flags, first);
  put_strn(o, 5, DSC_W_STORE_NAME, b, n);
  int type = ds_dist_pick(&c->rng, DSD_STORE_TYPE, 1, DSC_W_STORE_TYPE);
  int64_t emp = ds_uniform(&c->rng, DSC_W_STORE_EMPLOYEES, ds_dist_int(DSD_STORE_TYPE, type, 2),
                           ds_dist_int(DSD_STORE_TYPE, type, 3));
  put_int(o, 6, DSC_W_STORE_EMPLOYEES, scd_int(c, 1, emp, &flags, first));
  int64_t space = ds_uniform(&c->rng, DSC_W_STORE_FLOOR_SPACE, ds_dist_int(DSD_STORE_TYPE, type, 4),
                             ds_dist_int(DSD_STORE_TYPE, type, 5));
  put_int(o, 7, DSC_W_STORE_FLOOR_SPACE, scd_int(c, 2, space, &flags, first));
  put_str(o, 8, DSC_W_STORE_HOURS,
          ds_dist_str(DSD_CALL_CENTER_HOURS,
                      ds_dist_pick(&c->rng, DSD_CALL_CENTER_HOURS, 1, DSC_W_STORE_HOURS), 1));
  scd_ptr(&flags);
  n = make_name(c, b, DSC_W_STORE_MANAGER);
  scd_str(c, 1, b, &n, &flags, first);
  put_strn(o, 9, DSC_W_STORE_MANAGER, b, n);
  put_int(o, 10, DSC_W_STORE_MARKET_ID,
          scd_int(c, 3, ds_uniform(&c->rng, DSC_W_STORE_MARKET_ID, 1, 10), &flags, first));
  int64_t tax = scd_int(c, 4, ds_uniform(&c->rng, DSC_W_STORE_TAX_PERCENTAGE, 0, 11), &flags, first);
  put_str(o, 11, DSC_W_STORE_GEOGRAPHY_CLASS,
          ds_dist_str(DSD_GEOGRAPHY_CLASS,
                      ds_dist_pick(&c->rng, DSD_GEOGRAPHY_CLASS, 1, DSC_W_STORE_GEOGRAPHY_CLASS), 1));
  scd_ptr(&flags);
  n = ds_gen_text(&c->rng, b, 15, 100, DSC_W_STORE_MARKET_DESC);
  scd_str(c, 2, b, &n, &flags, first);
  put_strn(o, 12, DSC_W_STORE_MARKET_DESC, b, n);
  n = make_name(c, b, DSC_W_STORE_MARKET_MANAGER);
  scd_str(c, 3, b, &n, &flags, first);
  put_strn(o, 13, DSC_W_STORE_MARKET_MANAGER, b, n);
  int div = ds_dist_pick(&c->rng, DSD_DIVISIONS, 1, DSC_W_STORE_DIVISION_NAME);
  put_key(o, 14, DSC_W_STORE_DIVISION_ID, scd_int(c, 5, div, &flags, first));
  put_str(o, 15, DSC_W_STORE_DIVISION_NAME, ds_dist_str(DSD_DIVISIONS, div, 1));
  scd_ptr(&flags);
  int comp = ds_dist_pick(&c->rng, DSD_STORES, 1, DSC_W_STORE_COMPANY_NAME);
  put_key(o, 16, DSC_W_STORE_COMPANY_ID, scd_int(c, 6, comp, &flags, first));
  put_str(o, 17, DSC_W_STORE_COMPANY_NAME, ds_dist_str(DSD_STORES, comp, 1));
  scd_ptr(&flags);
  ds_address a;
  make_address(c, &a, DSC_W_STORE_ADDRESS, DST_STORE, 1);
  scd_ptr(&flags); /* city */
  scd_ptr(&flags); /* county */
  a.gmt_offset = (int)scd_int(c, 7, a.gmt_offset, &flags, first);
  scd_ptr(&flags); /* state */
  scd_ptr(&flags); /* street type */
  scd_ptr(&flags); /* street name 1 */
  scd_ptr(&flags); /* street name 2 */
  a.street_num = (int)scd_int(c, 8, a.street_num, &flags, first);
  a.zip = (int)scd_int(c, 9, a.zip, &flags, first);
  static const int ids[10] = {DSC_W_STORE_ADDRESS_STREET_NUM,  DSC_W_STORE_ADDRESS_STREET_NAME1,
                              DSC_W_STORE_ADDRESS_STREET_TYPE, DSC_W_STORE_ADDRESS_SUITE_NUM,
                              DSC_W_STORE_ADDRESS_CITY,        DSC_W_STORE_ADDRESS_COUNTY,
                              DSC_W_STORE_ADDRESS_STATE,       DSC_W_STORE_ADDRESS_ZIP,
                              DSC_W_STORE_ADDRESS_COUNTRY,     DSC_W_STORE_ADDRESS_GMT_OFFSET};
  put_address(o, 18, ids, &a);
  put_dec(o, 28, DSC_W_STORE_TAX_PERCENTAGE, tax);
}

/* genrand_key(DIST_UNIFORM): like ds_uniform, in int. */
int64_t ds_uniform_key(ds_ctx *c, int stream, int64_t min, int64_t max) {
  int v = (int)ds_next(&c->rng, stream);
  v %= (int)(max - min + 1);
  return v + (int)min;
}

/* matchSCDSK: the revision of unique id `u` of a type-2 table current at
 * Julian day `jdate`. */
int64_t ds_match_scd_sk(int64_t u, int64_t jdate, int64_t rows) {
  int64_t h1 = j_min_data + (j_max_data - j_min_data) / 2;
  int64_t t2 = (j_max_data - j_min_data) / 3;
  int64_t t1 = j_min_data + t2;
  t2 += t1;
  int64_t k = (u / 3) * 6;
  switch (u % 3) {
  case 1: k += 1; break;
  case 2: k += 2 + (jdate > h1); break;
  default: k += -2 + (jdate > t1) + (jdate > t2); break;
  }
  return k > rows ? rows : k;
}

/* scd_join: a random unique id of a type-2 table, mapped to its revision
 * at `jdate`. */
int64_t ds_scd_join(ds_ctx *c, int table, int stream, int64_t jdate) {
  int64_t u = ds_uniform_key(c, stream, 1, c->ids[table]);
  int64_t k = ds_match_scd_sk(u, jdate, c->rows[table]);
  if (jdate > j_max_data) k = -1;
  return k > c->rows[table] ? -1 : k;
}

static void build_catalog_page(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_CATALOG_PAGE), o);
  int page_max = ((int)c->rows[DST_CATALOG_PAGE] / 18) / (2002 - 1998 + 2);
  int64_t number = (row - 1) / page_max + 1;
  int64_t page = (row - 1) % page_max + 1;
  int interval = (int)((number - 1) % 18), type, duration, offset;
  if (interval < 2) {
    type = 1;
    duration = 182;
    offset = interval * duration;
  } else if (interval < 6) {
    type = 2;
    duration = 91;
    offset = (interval - 2) * duration;
  } else {
    type = 3;
    duration = 30;
    offset = (interval - 6) * duration;
  }
  int64_t start = j_min_data + offset + ((number - 1) / 18) * 365;
  put_key(o, 0, DSC_CP_CATALOG_PAGE_SK, row);
  put_bkey(o, 1, DSC_CP_CATALOG_PAGE_ID, row);
  put_key(o, 2, DSC_CP_START_DATE_ID, start);
  put_key(o, 3, DSC_CP_END_DATE_ID, start + duration - 1);
  put_str(o, 4, DSC_CP_DEPARTMENT, "DEPARTMENT");
  put_int(o, 5, DSC_CP_CATALOG_NUMBER, number);
  put_int(o, 6, DSC_CP_CATALOG_PAGE_NUMBER, page);
  put_text(c, o, 7, DSC_CP_DESCRIPTION, 50, 99);
  put_str(o, 8, DSC_CP_TYPE, ds_dist_str(DSD_CATALOG_PAGE_TYPE, type, 1));
}

static void build_promotion(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_PROMOTION), o);
  put_key(o, 0, DSC_P_PROMO_SK, row);
  put_bkey(o, 1, DSC_P_PROMO_ID, row);
  int64_t start = j_min_data + ds_uniform(&c->rng, DSC_P_START_DATE_ID, -720, 100);
  put_key(o, 2, DSC_P_START_DATE_ID, start);
  put_key(o, 3, DSC_P_END_DATE_ID, start + ds_uniform(&c->rng, DSC_P_END_DATE_ID, 1, 60));
  put_key(o, 4, DSC_P_ITEM_SK, ds_scd_join(c, DST_ITEM, DSC_P_ITEM_SK, 1));
  put_dec(o, 5, DSC_P_COST, 100000);
  put_int(o, 6, DSC_P_RESPONSE_TARGET, 1);
  char b[64];
  int n = make_word(b, DSD_SYLLABLES, row, 5);
  put_strn(o, 7, DSC_P_PROMO_NAME, b, n);
  /* dsdgen shifts the flags left before testing bit 0: only dmail varies */
  int flags = ds_uniform(&c->rng, DSC_P_CHANNEL_DMAIL, 0, 511);
  put_bool(o, 8, DSC_P_CHANNEL_DMAIL, flags & 1);
  static const int ids[8] = {DSC_P_CHANNEL_EMAIL, DSC_P_CHANNEL_CATALOG, DSC_P_CHANNEL_TV,
                             DSC_P_CHANNEL_RADIO, DSC_P_CHANNEL_PRESS,   DSC_P_CHANNEL_EVENT,
                             DSC_P_CHANNEL_DEMO,  DSC_P_DISCOUNT_ACTIVE};
  for (int i = 0; i < 7; i++)
    put_bool(o, 9 + i, ids[i], 0);
  put_text(c, o, 16, DSC_P_CHANNEL_DETAILS, 20, 60);
  put_str(o, 17, DSC_P_PURPOSE,
          ds_dist_str(DSD_PROMO_PURPOSE, ds_dist_pick(&c->rng, DSD_PROMO_PURPOSE, 1, DSC_P_PURPOSE), 1));
  put_bool(o, 18, DSC_P_DISCOUNT_ACTIVE, 0);
}

static void build_web_page(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_WEB_PAGE), o);
  int64_t bkey, start, end;
  int first = scd_keys(row, DST_WEB_PAGE, &bkey, &start, &end);
  int64_t flags = ds_next(&c->rng, DSC_WP_SCD);
  /* mk_join(WP_CREATION_DATE_SK, DATE): a year draw, then web_join; with
   * web_page's table parameter of -1 every site counts as replaced, so a
   * date between the site's start and 1998-01-01 is always drawn */
  ds_uniform(&c->rng, DSC_WP_CREATION_DATE_SK, 1998, 2002);
  int64_t dur = (ds_julian(2002, 12, 31) - ds_julian(1998, 1, 1)) * c->rows[DST_CONCURRENT_WEB_SITES];
  int64_t site = row / 123 + 1;
  int64_t created = j_min_data - (((int)site * 17) % dur / 2);
  created = ds_uniform(&c->rng, DSC_WP_CREATION_DATE_SK, (int)created, (int)j_min_data);
  created = scd_int(c, 0, created, &flags, first);
  int64_t access = ds_julian(2003, 1, 8) - ds_uniform(&c->rng, DSC_WP_ACCESS_DATE_SK, 0, 100);
  access = scd_int(c, 1, access, &flags, first);
  if (access == 0) access = -1;
  int autogen = ds_uniform(&c->rng, DSC_WP_AUTOGEN_FLAG, 0, 99) < 30;
  autogen = (int)scd_int(c, 2, autogen, &flags, first);
  int64_t cust = ds_uniform_key(c, DSC_WP_CUSTOMER_SK, 1, c->rows[DST_CUSTOMER]);
  cust = scd_int(c, 3, cust, &flags, first);
  if (!autogen) cust = -1;
  char url[32] = "http://www.foo.com";
  int n = (int)strlen(url);
  scd_str(c, 0, url, &n, &flags, first);
  const char *type =
      ds_dist_str(DSD_WEB_PAGE_USE, ds_dist_pick(&c->rng, DSD_WEB_PAGE_USE, 1, DSC_WP_TYPE), 1);
  scd_ptr(&flags);
  int64_t links = scd_int(c, 4, ds_uniform(&c->rng, DSC_WP_LINK_COUNT, 2, 25), &flags, first);
  int64_t images = scd_int(c, 5, ds_uniform(&c->rng, DSC_WP_IMAGE_COUNT, 1, 7), &flags, first);
  int64_t ads = scd_int(c, 6, ds_uniform(&c->rng, DSC_WP_MAX_AD_COUNT, 0, 4), &flags, first);
  int64_t chars = ds_uniform(&c->rng, DSC_WP_CHAR_COUNT, (int)(links * 125 + images * 50),
                             (int)(links * 300 + images * 150));
  chars = scd_int(c, 7, chars, &flags, first);
  put_key(o, 0, DSC_WP_PAGE_SK, row);
  put_bkey(o, 1, DSC_WP_PAGE_ID, bkey);
  put_date(o, 2, DSC_WP_REC_START_DATE_ID, start);
  put_date(o, 3, DSC_WP_REC_END_DATE_ID, end);
  put_key(o, 4, DSC_WP_CREATION_DATE_SK, created);
  put_key(o, 5, DSC_WP_ACCESS_DATE_SK, access);
  put_bool(o, 6, DSC_WP_AUTOGEN_FLAG, autogen);
  put_key(o, 7, DSC_WP_CUSTOMER_SK, cust);
  put_strn(o, 8, DSC_WP_URL, url, n);
  put_str(o, 9, DSC_WP_TYPE, type);
  put_int(o, 10, DSC_WP_CHAR_COUNT, chars);
  put_int(o, 11, DSC_WP_LINK_COUNT, links);
  put_int(o, 12, DSC_WP_IMAGE_COUNT, images);
  put_int(o, 13, DSC_WP_MAX_AD_COUNT, ads);
}

static void build_customer_address(ds_ctx *c, int64_t row, ds_row *o) {
  static const int ids[10] = {DSC_CA_ADDRESS_STREET_NUM,  DSC_CA_ADDRESS_STREET_NAME1,
                              DSC_CA_ADDRESS_STREET_TYPE, DSC_CA_ADDRESS_SUITE_NUM,
                              DSC_CA_ADDRESS_CITY,        DSC_CA_ADDRESS_COUNTY,
                              DSC_CA_ADDRESS_STATE,       DSC_CA_ADDRESS_ZIP,
                              DSC_CA_ADDRESS_COUNTRY,     DSC_CA_ADDRESS_GMT_OFFSET};
  ds_null_set(c, TI(TPCDS_CUSTOMER_ADDRESS), o);
  put_key(o, 0, DSC_CA_ADDRESS_SK, row);
  put_bkey(o, 1, DSC_CA_ADDRESS_ID, row);
  const char *loc =
      ds_dist_str(DSD_LOCATION_TYPE, ds_dist_pick(&c->rng, DSD_LOCATION_TYPE, 1, DSC_CA_LOCATION_TYPE), 1);
  ds_address a;
  make_address(c, &a, DSC_CA_ADDRESS, DST_CUSTOMER_ADDRESS, 0);
  put_address(o, 2, ids, &a);
  put_str(o, 12, DSC_CA_LOCATION_TYPE, loc);
}

/* genrand_date(DIST_UNIFORM): a day in [min, max]. */
static int64_t uniform_date(ds_ctx *c, int stream, int64_t min, int64_t max) {
  return min + ds_uniform(&c->rng, stream, 0, (int)(max - min));
}

static void build_customer(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_CUSTOMER), o);
  put_key(o, 0, DSC_C_CUSTOMER_SK, row);
  put_bkey(o, 1, DSC_C_CUSTOMER_ID, row);
  int preferred = ds_uniform(&c->rng, DSC_C_PREFERRED_CUST_FLAG, 1, 100) < 50;
  int64_t hdemo = ds_uniform_key(c, DSC_C_CURRENT_HDEMO_SK, 1, c->rows[DST_HOUSEHOLD_DEMOGRAPHICS]);
  int64_t cdemo = ds_uniform_key(c, DSC_C_CURRENT_CDEMO_SK, 1, c->rows[DST_CUSTOMER_DEMOGRAPHICS]);
  int64_t addr = ds_uniform_key(c, DSC_C_CURRENT_ADDR_SK, 1, c->rows[DST_CUSTOMER_ADDRESS]);
  int name_ix = ds_dist_pick(&c->rng, DSD_FIRST_NAMES, 3, DSC_C_FIRST_NAME);
  const char *first = ds_dist_str(DSD_FIRST_NAMES, name_ix, 1);
  const char *last =
      ds_dist_str(DSD_LAST_NAMES, ds_dist_pick(&c->rng, DSD_LAST_NAMES, 1, DSC_C_LAST_NAME), 1);
  int female = ds_dist_weight(DSD_FIRST_NAMES, name_ix, 2) != 0;
  const char *salutation = ds_dist_str(
      DSD_SALUTATIONS, ds_dist_pick(&c->rng, DSD_SALUTATIONS, female ? 3 : 2, DSC_C_SALUTATION), 1);
  ds_date birth;
  ds_jtodt(&birth, (int)uniform_date(c, DSC_C_BIRTH_DAY, ds_julian(1924, 1, 1), ds_julian(1992, 12, 31)));
  /* genrand_email: domain, a company length, then a 1..20 character
   * company name (always 21 draws); the shorter of the two lengths wins */
  const char *domain =
      ds_dist_str(DSD_TOP_DOMAINS, ds_dist_pick(&c->rng, DSD_TOP_DOMAINS, 1, DSC_C_EMAIL_ADDRESS), 1);
  int company_len = ds_uniform(&c->rng, DSC_C_EMAIL_ADDRESS, 10, 20);
  char company[24];
  int len = gen_charset(&c->rng, company, alphanum, 1, 20, DSC_C_EMAIL_ADDRESS);
  if (company_len < len) len = company_len;
  char email[160];
  int en = snprintf(email, sizeof email, "%s.%s@%.*s.%s", first, last, len, company, domain);
  int64_t today = ds_julian(2003, 1, 8);
  int64_t review = uniform_date(c, DSC_C_LAST_REVIEW_DATE, today - 365, today);
  int64_t first_sales = uniform_date(c, DSC_C_FIRST_SALES_DATE_ID, today - 3650, today);
  const char *country =
      ds_dist_str(DSD_COUNTRIES, ds_dist_pick(&c->rng, DSD_COUNTRIES, 1, DSC_C_BIRTH_COUNTRY), 1);
  put_key(o, 2, DSC_C_CURRENT_CDEMO_SK, cdemo);
  put_key(o, 3, DSC_C_CURRENT_HDEMO_SK, hdemo);
  put_key(o, 4, DSC_C_CURRENT_ADDR_SK, addr);
  put_int(o, 5, DSC_C_FIRST_SHIPTO_DATE_ID, first_sales + 30);
  put_int(o, 6, DSC_C_FIRST_SALES_DATE_ID, first_sales);
  put_str(o, 7, DSC_C_SALUTATION, salutation);
  put_str(o, 8, DSC_C_FIRST_NAME, first);
  put_str(o, 9, DSC_C_LAST_NAME, last);
  put_bool(o, 10, DSC_C_PREFERRED_CUST_FLAG, preferred);
  put_int(o, 11, DSC_C_BIRTH_DAY, birth.day);
  put_int(o, 12, DSC_C_BIRTH_MONTH, birth.month);
  put_int(o, 13, DSC_C_BIRTH_YEAR, birth.year);
  put_str(o, 14, DSC_C_BIRTH_COUNTRY, country);
  put_str(o, 15, DSC_C_LOGIN, "");
  put_strn(o, 16, DSC_C_EMAIL_ADDRESS, email, en);
  put_int(o, 17, DSC_C_LAST_REVIEW_DATE, review);
}

static void build_inventory(ds_ctx *c, int64_t row, ds_row *o) {
  ds_null_set(c, TI(TPCDS_INVENTORY), o);
  int64_t items = c->ids[DST_ITEM], warehouses = c->rows[DST_WAREHOUSE];
  int t = (int)row - 1; /* dsdgen works in int here */
  int64_t item = (t % items) + 1;
  t /= (int)items;
  int64_t wh = (t % warehouses) + 1;
  t /= (int)warehouses;
  int64_t date = j_min_data + (int64_t)t * 7; /* weekly */
  put_key(o, 0, DSC_INV_DATE_SK, date);
  put_key(o, 1, DSC_INV_ITEM_SK, ds_match_scd_sk(item, date, c->rows[DST_ITEM]));
  put_key(o, 2, DSC_INV_WAREHOUSE_SK, wh);
  put_int(o, 3, DSC_INV_QUANTITY_ON_HAND, ds_uniform(&c->rng, DSC_INV_QUANTITY_ON_HAND, 0, 1000));
}

/* strtodec for the two-decimal strings of the distributions ("4.99"). */
static int64_t dec2(const char *t) {
  int64_t ip = 0, fp = 0;
  int neg = *t == '-';
  if (neg) t++;
  while (*t >= '0' && *t <= '9')
    ip = ip * 10 + (*t++ - '0');
  int digits = 0;
  if (*t == '.')
    for (t++; *t >= '0' && *t <= '9'; t++, digits++)
      fp = fp * 10 + (*t - '0');
  while (digits < 2) {
    fp *= 10;
    digits++;
  }
  return neg ? -(ip * 100 + fp) : ip * 100 + fp;
}

static void build_item(ds_ctx *c, int64_t row, ds_row *o) {
  ds_rng *r = &c->rng;
  ds_null_set(c, TI(TPCDS_ITEM), o);
  int ix = ds_dist_pick(r, DSD_I_MANAGER_ID, 1, DSC_I_MANAGER_ID);
  int64_t manager = ds_uniform_key(c, DSC_I_MANAGER_ID, ds_dist_int(DSD_I_MANAGER_ID, ix, 2),
                                   ds_dist_int(DSD_I_MANAGER_ID, ix, 3));
  int64_t bkey, start, end;
  int first = scd_keys(row, DST_ITEM, &bkey, &start, &end);
  int64_t flags = ds_next(r, DSC_I_SCD);
  char desc[256];
  int desc_len = ds_gen_text(r, desc, 1, 200, DSC_I_ITEM_DESC);
  scd_str(c, 0, desc, &desc_len, &flags, first);
  ix = ds_dist_pick(r, DSD_I_CURRENT_PRICE, 1, DSC_I_CURRENT_PRICE);
  int64_t pmin = dec2(ds_dist_str(DSD_I_CURRENT_PRICE, ix, 2)),
          pmax = dec2(ds_dist_str(DSD_I_CURRENT_PRICE, ix, 3));
  int64_t price = (int64_t)((int)ds_next(r, DSC_I_CURRENT_PRICE) % (int)(pmax - pmin + 1)) + pmin;
  /* changeSCD(SCD_INT) on a decimal copies only its flags word: the price
   * is always the new one, but the flag bit is used */
  scd_keep(&flags, first);
  int64_t markdown = ds_uniform(r, DSC_I_WHOLESALE_COST, 30, 90);
  int64_t wholesale = scd_int(c, 0, price * markdown / 100, &flags, first);
  /* hierarchy_item: category, a class from the category's class list, a
   * brand named after both */
  int cat = ds_dist_pick(r, DSD_CATEGORIES, 1, DSC_I_CATEGORY);
  const ds_dist *classes = ds_dist_find(ds_dist_str(DSD_CATEGORIES, cat, 2));
  int cls = 1;
  if (classes) {
    int dist = (int)(classes - ds_dists);
    cls = ds_dist_pick(r, dist, 1, DSC_I_CLASS);
  }
  const char *class_name = classes ? classes->values[0][cls - 1] : "";
  int64_t class_id = scd_int(c, 1, cls, &flags, first);
  int brand_count = classes ? classes->ints[1][cls - 1] : 1;
  int64_t brand_id = row % brand_count + 1;
  char brand[96];
  int bn = make_word(brand, DSD_BRAND_SYLLABLES, (int64_t)cat * 10 + cls, 45);
  bn += snprintf(brand + bn, sizeof brand - (size_t)bn, " #%d", (int)brand_id);
  brand_id += ((int64_t)cat * 1000 + cls) * 1000;
  brand_id = scd_int(c, 2, brand_id, &flags, first);
  int use_size = ds_dist_int(DSD_CATEGORIES, cat, 3);
  const char *size = ds_dist_str(DSD_SIZES, ds_dist_pick(r, DSD_SIZES, use_size + 2, DSC_I_SIZE), 1);
  scd_ptr(&flags);
  ix = ds_dist_pick(r, DSD_I_MANUFACT_ID, 1, DSC_I_MANUFACT_ID);
  int64_t manufact_id = ds_uniform(r, DSC_I_MANUFACT_ID, ds_dist_int(DSD_I_MANUFACT_ID, ix, 2),
                                   ds_dist_int(DSD_I_MANUFACT_ID, ix, 3));
  manufact_id = scd_int(c, 3, manufact_id, &flags, first);
  char manufact[64];
  int mn = make_word(manufact, DSD_SYLLABLES, manufact_id, 50);
  scd_str(c, 1, manufact, &mn, &flags, first);
  /* formulation: 20 digits with a colour written over them */
  char form[24];
  int fn = gen_charset(r, form, "0123456789", 20, 20, DSC_I_FORMULATION);
  const char *fc = ds_dist_str(DSD_COLORS, ds_dist_pick(r, DSD_COLORS, 2, DSC_I_FORMULATION), 1);
  int fcl = (int)strlen(fc);
  int pos = ds_uniform(r, DSC_I_FORMULATION, 0, fn - fcl - 1);
  memcpy(form + pos, fc, (size_t)fcl);
  scd_str(c, 2, form, &fn, &flags, first);
  const char *color = ds_dist_str(DSD_COLORS, ds_dist_pick(r, DSD_COLORS, 2, DSC_I_COLOR), 1);
  scd_ptr(&flags);
  const char *units = ds_dist_str(DSD_UNITS, ds_dist_pick(r, DSD_UNITS, 1, DSC_I_UNITS), 1);
  scd_ptr(&flags);
  /* dsdgen draws the container from stream 11 (the ITEM table number used as
   * a stream: call_center's cc_hours), which no row_stop of item tops up:
   * it continues after call_center's rows, one draw per item */
  ds_stream_skip(r, DST_ITEM, c->rows[DST_CALL_CENTER] * ds_streams[DST_ITEM].per_row + (row - 1));
  const char *container = ds_dist_str(DSD_CONTAINER, ds_dist_pick(r, DSD_CONTAINER, 1, DST_ITEM), 1);
  scd_ptr(&flags);
  char product[64];
  int pn = make_word(product, DSD_SYLLABLES, row, 50);
  int64_t promo = ds_uniform_key(c, DSC_I_PROMO_SK, 1, c->rows[DST_PROMOTION]);
  if (ds_uniform(r, DSC_I_PROMO_SK, 1, 100) > 20) promo = -1;
  (void)promo; /* dsdgen computes it but item has no promotion column */
  put_key(o, 0, DSC_I_ITEM_SK, row);
  put_bkey(o, 1, DSC_I_ITEM_ID, bkey);
  put_date(o, 2, DSC_I_REC_START_DATE_ID, start);
  put_date(o, 3, DSC_I_REC_END_DATE_ID, end);
  put_strn(o, 4, DSC_I_ITEM_DESC, desc, desc_len);
  put_dec(o, 5, DSC_I_CURRENT_PRICE, price);
  put_dec(o, 6, DSC_I_WHOLESALE_COST, wholesale);
  put_key(o, 7, DSC_I_BRAND_ID, brand_id);
  put_strn(o, 8, DSC_I_BRAND, brand, bn);
  put_key(o, 9, DSC_I_CLASS_ID, class_id);
  put_str(o, 10, DSC_I_CLASS, class_name);
  put_key(o, 11, DSC_I_CATEGORY_ID, cat);
  put_str(o, 12, DSC_I_CATEGORY, ds_dist_str(DSD_CATEGORIES, cat, 1));
  put_key(o, 13, DSC_I_MANUFACT_ID, manufact_id);
  put_strn(o, 14, DSC_I_MANUFACT, manufact, mn);
  put_str(o, 15, DSC_I_SIZE, size);
  put_strn(o, 16, DSC_I_FORMULATION, form, fn);
  put_str(o, 17, DSC_I_COLOR, color);
  put_str(o, 18, DSC_I_UNITS, units);
  put_str(o, 19, DSC_I_CONTAINER, container);
  put_key(o, 20, DSC_I_MANAGER_ID, manager);
  put_strn(o, 21, DSC_I_PRODUCT_NAME, product, pn);
}

/* ---- the registry ------------------------------------------------------------ */

#define RANGE(P) DSC_##P##_START, DSC_##P##_END

const ds_table_info ds_table_infos[TPCDS_TABLE_COUNT] = {
    [TPCDS_CALL_CENTER] = {RANGE(CALL_CENTER), 100, 0x0B, DSC_CC_NULLS, build_call_center, 2},
    [TPCDS_CATALOG_PAGE] = {RANGE(CATALOG_PAGE), 200, 0x03, DSC_CP_NULLS, build_catalog_page, 1},
    [TPCDS_CATALOG_RETURNS] = {RANGE(CATALOG_RETURNS), 400, 0x10007, DSC_CR_NULLS, NULL, 0},
    [TPCDS_CATALOG_SALES] = {RANGE(CATALOG_SALES), 100, 0x28000, DSC_CS_NULLS, NULL, 0},
    [TPCDS_CUSTOMER] = {RANGE(CUSTOMER), 700, 0x13, DSC_C_NULLS, build_customer, 1},
    [TPCDS_CUSTOMER_ADDRESS] = {RANGE(CUSTOMER_ADDRESS), 600, 0x03, DSC_CA_NULLS, build_customer_address, 1},
    [TPCDS_CUSTOMER_DEMOGRAPHICS] = {RANGE(CUSTOMER_DEMOGRAPHICS), 0, 0x1, DSC_CD_NULLS,
                                     build_customer_demographics, 1},
    [TPCDS_DATE_DIM] = {RANGE(DATE), 0, 0x03, DSC_D_NULLS, build_date_dim, 1},
    [TPCDS_HOUSEHOLD_DEMOGRAPHICS] = {RANGE(HOUSEHOLD_DEMOGRAPHICS), 0, 0x01, DSC_HD_NULLS,
                                      build_household_demographics, 1},
    [TPCDS_INCOME_BAND] = {RANGE(INCOME_BAND), 0, 0x1, DSC_IB_NULLS, build_income_band, 1},
    [TPCDS_INVENTORY] = {RANGE(INVENTORY), 1000, 0x07, DSC_INV_NULLS, build_inventory, 1},
    [TPCDS_ITEM] = {RANGE(ITEM), 50, 0x0B, DSC_I_NULLS, build_item, 2},
    [TPCDS_PROMOTION] = {RANGE(PROMOTION), 200, 0x03, DSC_P_NULLS, build_promotion, 1},
    [TPCDS_REASON] = {RANGE(REASON), 0, 0x03, DSC_R_NULLS, build_reason, 1},
    [TPCDS_SHIP_MODE] = {RANGE(SHIP_MODE), 0, 0x03, DSC_SM_NULLS, build_ship_mode, 1},
    [TPCDS_STORE] = {RANGE(STORE), 100, 0xB, DSC_W_STORE_NULLS, build_store, 2},
    [TPCDS_STORE_RETURNS] = {RANGE(STORE_RETURNS), 700, 0x204, DSC_SR_NULLS, NULL, 0},
    [TPCDS_STORE_SALES] = {RANGE(STORE_SALES), 900, 0x204, DSC_SS_NULLS, NULL, 0},
    [TPCDS_TIME_DIM] = {RANGE(TIME), 0, 0x03, DSC_T_NULLS, build_time_dim, 1},
    [TPCDS_WAREHOUSE] = {RANGE(WAREHOUSE), 200, 0x03, DSC_W_NULLS, build_warehouse, 1},
    [TPCDS_WEB_PAGE] = {RANGE(WEB_PAGE), 250, 0x0B, DSC_WP_NULLS, build_web_page, 2},
    [TPCDS_WEB_RETURNS] = {RANGE(WEB_RETURNS), 900, 0x2004, DSC_WR_NULLS, NULL, 0},
    [TPCDS_WEB_SALES] = {RANGE(WEB_SALES), 5, 0x20008, DSC_WS_NULLS, NULL, 0},
    [TPCDS_WEB_SITE] = {RANGE(WEB_SITE), 100, 0x0B, DSC_WEB_NULLS, build_web_site, 2},
};
