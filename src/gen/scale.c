#include <ctype.h>
#include <string.h>

#include "tpch_gen.h"

#define MAX_SF_INT 100000 /* keeps every key and count far inside int64 */

static const int64_t base_parts = 200000, base_suppliers = 10000, base_customers = 150000,
                     base_orders = 1500000;

/* floor(base * num / den) without overflow for the ranges we accept. */
static int64_t scaled(int64_t base, uint64_t num, uint64_t den) {
  return (int64_t)(((unsigned __int128)base * num) / den);
}

/* Parses "123", "0.37", "1.5" into num / den exactly (den a power of 10). */
static int parse_decimal(const char *text, uint64_t *num, uint64_t *den) {
  const char *p = text;
  uint64_t n = 0, d = 1;
  int digits = 0, frac = 0;
  int huge = 0;
  while (isdigit((unsigned char)*p)) {
    if (n > UINT32_MAX) huge = 1; /* far above any accepted SF; keep parsing */
    if (!huge) n = n * 10 + (uint64_t)(*p - '0');
    p++;
    digits++;
  }
  if (*p == '.') {
    p++;
    while (isdigit((unsigned char)*p)) {
      if (frac == 12 || huge ||
          n > (UINT64_MAX - 9) / 10) { /* ignore digits past 1e-12: no row count depends on them */
        p++;
        continue;
      }
      n = n * 10 + (uint64_t)(*p++ - '0');
      d *= 10;
      frac++;
      digits++;
    }
  }
  if (*p != '\0' || digits == 0) return 0;
  if (huge) d = 1;
  *num = n;
  *den = d;
  return 1;
}

int tpch_scale_parse(const char *text, tpch_scale *out, tpch_error *err) {
  uint64_t num, den;
  memset(out, 0, sizeof *out);
  if (text != NULL && text[0] == '-' && parse_decimal(text + 1, &num, &den))
    return tpch_error_set(err, TPCH_EINVAL, "scale factor must be positive, got '%s'", text);
  if (text == NULL || !parse_decimal(text, &num, &den))
    return tpch_error_set(err, TPCH_EINVAL, "scale factor '%s' is not a number (expected e.g. 1, 0.01, 10)",
                          text ? text : "");
  if (num == 0)
    return tpch_error_set(err, TPCH_EINVAL, "scale factor must be greater than 0, got '%s'", text);
  if (num / den > MAX_SF_INT || (num / den == MAX_SF_INT && num % den != 0))
    return tpch_error_set(err, TPCH_EINVAL, "scale factor '%s' is larger than %d", text, MAX_SF_INT);
  out->sf = (double)num / (double)den;
  if (num < den) {
    /* dbgen below 1: (int)(1000 * SF) thousandths of the base, at least 1 row. */
    int64_t k = scaled(1000, num, den);
    int64_t base[4] = {base_parts, base_suppliers, base_customers, base_orders};
    int64_t *dst[4] = {&out->parts, &out->suppliers, &out->customers, &out->orders};
    for (int i = 0; i < 4; i++) {
      *dst[i] = k * base[i] / 1000;
      if (*dst[i] == 0) *dst[i] = 1;
    }
    out->scale = 1;
    out->clerks = 1000;
  } else {
    out->scale = (int64_t)(num / den);
    out->clerks = scaled(1000, num, den);
    out->parts = scaled(base_parts, num, den);
    out->suppliers = scaled(base_suppliers, num, den);
    out->customers = scaled(base_customers, num, den);
    out->orders = scaled(base_orders, num, den);
  }
  return TPCH_OK;
}

static const char *const table_names[TPCH_TABLE_COUNT] = {"part",   "partsupp", "supplier", "customer",
                                                          "orders", "lineitem", "nation",   "region"};

const char *tpch_table_name(tpch_table t) {
  return (t >= 0 && t < TPCH_TABLE_COUNT) ? table_names[t] : "?";
}

int tpch_table_from_name(const char *name, tpch_table *out, tpch_error *err) {
  for (int i = 0; i < TPCH_TABLE_COUNT; i++) {
    if (name && strcmp(name, table_names[i]) == 0) {
      *out = (tpch_table)i;
      return TPCH_OK;
    }
  }
  return tpch_error_set(err, TPCH_EINVAL,
                        "unknown table '%s' (tables: part, partsupp, supplier, customer, orders, "
                        "lineitem, nation, region)",
                        name ? name : "");
}

int64_t tpch_table_units(const tpch_scale *s, tpch_table t) {
  switch (t) {
  case TPCH_PART:
  case TPCH_PARTSUPP: return s->parts;
  case TPCH_SUPPLIER: return s->suppliers;
  case TPCH_CUSTOMER: return s->customers;
  case TPCH_ORDERS:
  case TPCH_LINEITEM: return s->orders;
  case TPCH_NATION: return 25;
  case TPCH_REGION: return 5;
  default: return 0;
  }
}

int tpch_table_rows_per_unit(tpch_table t) {
  return t == TPCH_PARTSUPP ? 4 : t == TPCH_LINEITEM ? 7 : 1;
}

int tpch_table_mean_rows_per_unit(tpch_table t) {
  return t == TPCH_PARTSUPP || t == TPCH_LINEITEM ? 4 : 1; /* lineitem: 1..7 lines per order */
}

int64_t tpch_table_plain_bytes_per_row(tpch_table t) {
  /* fixed widths of the columns plus the mean length of each string column
   * (with its 4-byte length prefix), counted from the spec's value ranges */
  switch (t) {
  case TPCH_PART: return 150;
  case TPCH_PARTSUPP: return 156;
  case TPCH_SUPPLIER: return 167;
  case TPCH_CUSTOMER: return 183;
  case TPCH_ORDERS: return 121;
  case TPCH_LINEITEM: return 137;
  default: return 104;
  }
}
