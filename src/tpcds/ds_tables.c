#include "ds_tables.h"

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
    while (sf > scale_volume[i]) i++;
    int delta = ds_dist_weight(DSD_ROWCOUNTS, row, i + 1) - ds_dist_weight(DSD_ROWCOUNTS, row, i);
    float off = (float)(sf - scale_volume[i - 1]) / (float)(scale_volume[i] - scale_volume[i - 1]);
    int64_t n = (int)(off * (float)delta);
    return n + ds_dist_weight(DSD_ROWCOUNTS, row, 1);
  }
  default: return 0;
  }
}

static int64_t id_count(int sf, int t) {
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

int64_t ds_rowcount(int sf, int t) {
  if (t == DST_INVENTORY) {
    int64_t days = ds_julian(2002, 12, 31) - ds_julian(1998, 1, 1) + 1;
    return id_count(sf, DST_ITEM) * ds_rowcount(sf, DST_WAREHOUSE) * ((days + 6) / 7);
  }
  int64_t n = base_count(sf, t);
  int64_t mult = is_type2(t) ? 2 : 1;
  for (int i = 1; i <= ds_dist_int(DSD_ROWCOUNTS, t + 1, 2); i++) mult *= 10;
  return n * mult;
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
  put_str(o, 2, DSC_CD_MARITAL_STATUS, ds_dist_str(DSD_MARITAL_STATUS, bitmap_row(DSD_MARITAL_STATUS, &m), 1));
  put_str(o, 3, DSC_CD_EDUCATION_STATUS, ds_dist_str(DSD_EDUCATION, bitmap_row(DSD_EDUCATION, &m), 1));
  put_int(o, 4, DSC_CD_PURCHASE_ESTIMATE, ds_dist_int(DSD_PURCHASE_BAND, bitmap_row(DSD_PURCHASE_BAND, &m), 1));
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

/* ---- the registry ------------------------------------------------------------ */

#define RANGE(P) DSC_##P##_START, DSC_##P##_END

const ds_table_info ds_table_infos[TPCDS_TABLE_COUNT] = {
  [TPCDS_CALL_CENTER] = {RANGE(CALL_CENTER), 100, 0x0B, DSC_CC_NULLS, NULL, 0},
  [TPCDS_CATALOG_PAGE] = {RANGE(CATALOG_PAGE), 200, 0x03, DSC_CP_NULLS, NULL, 0},
  [TPCDS_CATALOG_RETURNS] = {RANGE(CATALOG_RETURNS), 400, 0x10007, DSC_CR_NULLS, NULL, 0},
  [TPCDS_CATALOG_SALES] = {RANGE(CATALOG_SALES), 100, 0x28000, DSC_CS_NULLS, NULL, 0},
  [TPCDS_CUSTOMER] = {RANGE(CUSTOMER), 700, 0x13, DSC_C_NULLS, NULL, 0},
  [TPCDS_CUSTOMER_ADDRESS] = {RANGE(CUSTOMER_ADDRESS), 600, 0x03, DSC_CA_NULLS, NULL, 0},
  [TPCDS_CUSTOMER_DEMOGRAPHICS] = {RANGE(CUSTOMER_DEMOGRAPHICS), 0, 0x1, DSC_CD_NULLS, build_customer_demographics,
                                   1},
  [TPCDS_DATE_DIM] = {RANGE(DATE), 0, 0x03, DSC_D_NULLS, build_date_dim, 1},
  [TPCDS_HOUSEHOLD_DEMOGRAPHICS] = {RANGE(HOUSEHOLD_DEMOGRAPHICS), 0, 0x01, DSC_HD_NULLS,
                                    build_household_demographics, 1},
  [TPCDS_INCOME_BAND] = {RANGE(INCOME_BAND), 0, 0x1, DSC_IB_NULLS, build_income_band, 1},
  [TPCDS_INVENTORY] = {RANGE(INVENTORY), 1000, 0x07, DSC_INV_NULLS, NULL, 0},
  [TPCDS_ITEM] = {RANGE(ITEM), 50, 0x0B, DSC_I_NULLS, NULL, 0},
  [TPCDS_PROMOTION] = {RANGE(PROMOTION), 200, 0x03, DSC_P_NULLS, NULL, 0},
  [TPCDS_REASON] = {RANGE(REASON), 0, 0x03, DSC_R_NULLS, build_reason, 1},
  [TPCDS_SHIP_MODE] = {RANGE(SHIP_MODE), 0, 0x03, DSC_SM_NULLS, build_ship_mode, 1},
  [TPCDS_STORE] = {RANGE(STORE), 100, 0xB, DSC_W_STORE_NULLS, NULL, 0},
  [TPCDS_STORE_RETURNS] = {RANGE(STORE_RETURNS), 700, 0x204, DSC_SR_NULLS, NULL, 0},
  [TPCDS_STORE_SALES] = {RANGE(STORE_SALES), 900, 0x204, DSC_SS_NULLS, NULL, 0},
  [TPCDS_TIME_DIM] = {RANGE(TIME), 0, 0x03, DSC_T_NULLS, build_time_dim, 1},
  [TPCDS_WAREHOUSE] = {RANGE(WAREHOUSE), 200, 0x03, DSC_W_NULLS, NULL, 0},
  [TPCDS_WEB_PAGE] = {RANGE(WEB_PAGE), 250, 0x0B, DSC_WP_NULLS, NULL, 0},
  [TPCDS_WEB_RETURNS] = {RANGE(WEB_RETURNS), 900, 0x2004, DSC_WR_NULLS, NULL, 0},
  [TPCDS_WEB_SALES] = {RANGE(WEB_SALES), 5, 0x20008, DSC_WS_NULLS, NULL, 0},
  [TPCDS_WEB_SITE] = {RANGE(WEB_SITE), 100, 0x0B, DSC_WEB_NULLS, NULL, 0},
};
