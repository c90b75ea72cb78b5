/*
 * ds_sales.c - the sales and returns tables, built as dsdgen builds them: a
 * ticket (store) or order (catalog, web) at a time, its lines and the
 * returns among them in one pass. Every random stream these tables use
 * draws at most its per-row count per ticket, so ticket k starts from the
 * streams' initial seeds advanced by (k - 1) x count, and any run of
 * tickets can be generated without the ones before it.
 */
#include <stdlib.h>
#include <string.h>

#include "ds_tables.h"

#define MAX_LINES 16

/* dsdgen's pricing, every amount an unscaled decimal with two places. */
typedef struct pricing {
  int quantity;
  int64_t wholesale, list, sales, ext_discount, ext_sales, ext_wholesale, ext_list;
  int64_t tax_pct, ext_tax, coupon, ship_cost, ext_ship, net_paid, net_paid_inc_tax;
  int64_t net_paid_inc_ship, net_paid_inc_ship_tax, net_profit;
  int64_t refunded_cash, reversed_charge, store_credit, fee, net_loss;
} pricing;

/* The limits of pricing.c's table for one channel (two-place decimals). */
typedef struct price_limits {
  int quantity_max;
  int64_t markup_max, discount_max, wholesale_max;
} price_limits;

static const price_limits store_limits = {100, 100, 100, 10000};
static const price_limits catalog_limits = {100, 200, 100, 10000};
static const price_limits web_limits = {100, 200, 100, 10000};

struct ds_sales {
  int table;  /* the tpcds_table asked for */
  int parent; /* its sales table */
  int *perm;  /* the item permutation, 0-based entries */
  int nitems;
  int item_index; /* position in the permutation, 1-based */
  int64_t rows_item, rows_customer, rows_cdemo, rows_hdemo, rows_addr, rows_promo, rows_reason;
  int64_t rows_ship_mode, rows_warehouse;
  int pages_per_catalog;
  int64_t units;                 /* tickets/orders of the table */
  int64_t jdate, date_last_unit; /* the order-date walk (dateScaling) */
  int nsale, nret;
  ds_row sale[MAX_LINES];
  ds_row ret[MAX_LINES];
};

int ds_is_sales(int t) {
  return t == DST_STORE_SALES || t == DST_STORE_RETURNS || t == DST_CATALOG_SALES ||
         t == DST_CATALOG_RETURNS || t == DST_WEB_SALES || t == DST_WEB_RETURNS;
}

int ds_sales_available(int t) {
  return ds_is_sales(t);
}

int ds_sales_parent(int t) {
  switch (t) {
  case DST_STORE_RETURNS: return DST_STORE_SALES;
  case DST_CATALOG_RETURNS: return DST_CATALOG_SALES;
  case DST_WEB_RETURNS: return DST_WEB_SALES;
  default: return t;
  }
}

static int returns_of(int parent) {
  switch (parent) {
  case DST_STORE_SALES: return DST_STORE_RETURNS;
  case DST_CATALOG_SALES: return DST_CATALOG_RETURNS;
  default: return DST_WEB_RETURNS;
  }
}

static const int64_t j_today = 2452648;    /* 2003-01-08, dsdgen's TODAYS_DATE */
static const int64_t j_min_data = 2450815; /* 1998-01-01 */

/* genrand_decimal(DIST_UNIFORM) between two-place limits. */
static int64_t dec_uniform(ds_rng *r, int stream, int64_t min, int64_t max) {
  return ds_next(r, stream) % (max - min + 1) + min;
}

/* decimal_t_op(OP_MULT) of two two-place decimals: the product cut back to
 * two places by truncating division. */
static int64_t dec_mul(int64_t a, int64_t b) {
  return a * b / 100;
}

/* set_pricing for a sale line (8 draws from `stream`). */
static void price_sale(ds_rng *r, int stream, const price_limits *lim, pricing *p) {
  int q = ds_uniform(r, stream, 1, lim->quantity_max);
  p->quantity = q;
  p->wholesale = dec_uniform(r, stream, 100, lim->wholesale_max);
  p->ext_wholesale = q * p->wholesale;
  int64_t markup = dec_uniform(r, stream, 0, lim->markup_max) + 100;
  p->list = dec_mul(p->wholesale, markup);
  int64_t discount = dec_uniform(r, stream, 0, lim->discount_max);
  p->sales = dec_mul(p->list, 100 - discount);
  p->ext_list = p->list * q;
  p->ext_sales = p->sales * q;
  p->ext_discount = p->ext_list - p->ext_sales;
  /* the coupon is drawn up to 1.00 (the table's coupon limit is unused) */
  int64_t coupon = dec_uniform(r, stream, 0, 100);
  int usage = ds_uniform(r, stream, 1, 100);
  p->coupon = usage <= 20 ? dec_mul(p->ext_sales, coupon) : 0;
  p->net_paid = p->ext_sales - p->coupon;
  int64_t shipping = dec_uniform(r, stream, 0, 50);
  p->ship_cost = dec_mul(p->list, shipping);
  p->ext_ship = p->ship_cost * q;
  p->net_paid_inc_ship = p->net_paid + p->ext_ship;
  p->tax_pct = dec_uniform(r, stream, 0, 9);
  p->ext_tax = dec_mul(p->net_paid, p->tax_pct);
  p->net_paid_inc_tax = p->net_paid + p->ext_tax;
  p->net_paid_inc_ship_tax = p->net_paid_inc_ship + p->ext_tax;
  p->net_profit = p->net_paid - p->ext_wholesale;
}

/* set_pricing for a return: p holds the sale's pricing and the returned
 * quantity (5 more draws from `stream`). */
static void price_return(ds_rng *r, int stream, pricing *p) {
  int q = p->quantity;
  p->ext_wholesale = q * p->wholesale;
  p->ext_list = p->list * q;
  p->ext_sales = p->sales * q;
  p->net_paid = p->ext_sales;
  int64_t shipping = dec_uniform(r, stream, 0, 50);
  p->ship_cost = dec_mul(p->list, shipping);
  p->ext_ship = p->ship_cost * q;
  p->net_paid_inc_ship = p->net_paid + p->ext_ship;
  p->ext_tax = dec_mul(p->net_paid, p->tax_pct);
  p->net_paid_inc_tax = p->net_paid + p->ext_tax;
  p->net_paid_inc_ship_tax = p->net_paid_inc_ship + p->ext_tax;
  p->net_profit = p->net_paid - p->ext_wholesale;
  /* dsdgen divides the percentages by 100.00 in float; for 0..100 that is
   * exact, so the two-place result is the percentage itself */
  int64_t cash_pct = ds_uniform(r, stream, 0, 100);
  p->refunded_cash = dec_mul(cash_pct, p->net_paid);
  int64_t credit_pct = ds_uniform(r, stream, 1, 100);
  p->reversed_charge = dec_mul(p->net_paid - p->refunded_cash, credit_pct);
  p->store_credit = p->net_paid - p->reversed_charge - p->refunded_cash;
  p->fee = dec_uniform(r, stream, 50, 10000);
  p->net_loss = p->net_paid_inc_ship_tax - p->store_credit - p->refunded_cash - p->reversed_charge + p->fee;
}

/* mk_join(col, DATE) from a sales table: a year, then a day of it from the
 * calendar's sales weights; -1 after dsdgen's "today". */
static int64_t sale_date(ds_rng *r, int stream) {
  int year = ds_uniform(r, stream, 1998, 2002);
  int day = ds_dist_int(DSD_CALENDAR, ds_dist_pick(r, DSD_CALENDAR, 3 + ds_is_leap(year), stream), 1);
  int64_t j = ds_julian(year, 1, 1) + day;
  return j > j_today ? -1 : j;
}

/* mk_join(col, DATE, sale date) from a returns table: the year is drawn
 * and unused; the return follows the sale by 2 x [min, max] ship delay. */
static int64_t return_date(ds_rng *r, int stream, int64_t sold, int min_delay, int max_delay) {
  ds_uniform(r, stream, 1998, 2002);
  return sold + ds_uniform(r, stream, min_delay * 2, max_delay * 2);
}

/* time_join: an hour from the `hours` weight set, then the second. */
static int64_t time_join(ds_rng *r, int stream, int wset) {
  int hour = ds_dist_int(DSD_HOURS, ds_dist_pick(r, DSD_HOURS, wset, stream), 1);
  return (int64_t)hour * 3600 + ds_uniform(r, stream, 0, 3599);
}

/* A fresh row of `table` with its NULL map drawn from the table's stream. */
static ds_row *start_row(ds_ctx *c, ds_row *o, int table) {
  const ds_table_info *ti = &ds_table_infos[table];
  o->buf_pos = 0;
  o->first_stream = ti->first_stream;
  ds_null_set(c, ti, o);
  return o;
}

/* The next item of the permutation (wrapping), as the row current at `date`. */
static int64_t next_item(ds_sales *s, int64_t date) {
  if (++s->item_index > s->nitems) s->item_index = 1;
  return ds_match_scd_sk(s->perm[s->item_index - 1] + 1, date, s->rows_item);
}

/* ---- store ------------------------------------------------------------------ */

static void store_return(ds_ctx *c, ds_sales *s, const ds_row *sale, const pricing *sp, int64_t date,
                         int64_t customer) {
  ds_rng *r = &c->rng;
  ds_row *o = start_row(c, &s->ret[s->nret++], DST_STORE_RETURNS);
  int64_t cust = ds_uniform_key(c, DSC_SR_CUSTOMER_SK, 1, s->rows_customer);
  if (ds_uniform(r, DSC_SR_TICKET_NUMBER, 1, 100) < 80) cust = customer;
  int64_t returned = return_date(r, DSC_SR_RETURNED_DATE_SK, date, 2, 90);
  int64_t t = ds_uniform(r, DSC_SR_RETURNED_TIME_SK, 8 * 3600 - 1, 17 * 3600 - 1);
  int64_t cdemo = ds_uniform_key(c, DSC_SR_CDEMO_SK, 1, s->rows_cdemo);
  int64_t hdemo = ds_uniform_key(c, DSC_SR_HDEMO_SK, 1, s->rows_hdemo);
  int64_t addr = ds_uniform_key(c, DSC_SR_ADDR_SK, 1, s->rows_addr);
  int64_t store = ds_scd_join(c, DST_STORE, DSC_SR_STORE_SK, 1);
  int64_t reason = ds_uniform_key(c, DSC_SR_REASON_SK, 1, s->rows_reason);
  pricing p = *sp;
  p.quantity = ds_uniform(r, DSC_SR_PRICING, 1, sp->quantity);
  price_return(r, DSC_SR_PRICING, &p);
  put_key(o, 0, DSC_SR_RETURNED_DATE_SK, returned);
  put_key(o, 1, DSC_SR_RETURNED_TIME_SK, t);
  put_key(o, 2, DSC_SR_ITEM_SK, sale->v[2].i);
  put_key(o, 3, DSC_SR_CUSTOMER_SK, cust);
  put_key(o, 4, DSC_SR_CDEMO_SK, cdemo);
  put_key(o, 5, DSC_SR_HDEMO_SK, hdemo);
  put_key(o, 6, DSC_SR_ADDR_SK, addr);
  put_key(o, 7, DSC_SR_STORE_SK, store);
  put_key(o, 8, DSC_SR_REASON_SK, reason);
  put_key(o, 9, DSC_SR_TICKET_NUMBER, sale->v[9].i);
  put_int(o, 10, DSC_SR_PRICING_QUANTITY, p.quantity);
  put_dec(o, 11, DSC_SR_PRICING_NET_PAID, p.net_paid);
  put_dec(o, 12, DSC_SR_PRICING_EXT_TAX, p.ext_tax);
  put_dec(o, 13, DSC_SR_PRICING_NET_PAID_INC_TAX, p.net_paid_inc_tax);
  put_dec(o, 14, DSC_SR_PRICING_FEE, p.fee);
  put_dec(o, 15, DSC_SR_PRICING_EXT_SHIP_COST, p.ext_ship);
  put_dec(o, 16, DSC_SR_PRICING_REFUNDED_CASH, p.refunded_cash);
  put_dec(o, 17, DSC_SR_PRICING_REVERSED_CHARGE, p.reversed_charge);
  put_dec(o, 18, DSC_SR_PRICING_STORE_CREDIT, p.store_credit);
  put_dec(o, 19, DSC_SR_PRICING_NET_LOSS, p.net_loss);
}

static void store_ticket(ds_ctx *c, ds_sales *s, int64_t ticket) {
  ds_rng *r = &c->rng;
  /* mk_master: the ticket's store, time, date, customer and a start in
   * the item permutation */
  int64_t store = ds_scd_join(c, DST_STORE, DSC_SS_SOLD_STORE_SK, 1);
  int64_t t = time_join(r, DSC_SS_SOLD_TIME_SK, 2);
  int64_t date = sale_date(r, DSC_SS_SOLD_DATE_SK);
  int64_t cust = ds_uniform_key(c, DSC_SS_SOLD_CUSTOMER_SK, 1, s->rows_customer);
  int64_t cdemo = ds_uniform_key(c, DSC_SS_SOLD_CDEMO_SK, 1, s->rows_cdemo);
  int64_t hdemo = ds_uniform_key(c, DSC_SS_SOLD_HDEMO_SK, 1, s->rows_hdemo);
  int64_t addr = ds_uniform_key(c, DSC_SS_SOLD_ADDR_SK, 1, s->rows_addr);
  s->item_index = ds_uniform(r, DSC_SS_SOLD_ITEM_SK, 1, s->nitems);
  int lines = ds_uniform(r, DSC_SS_TICKET_NUMBER, 8, 16);
  for (int i = 0; i < lines; i++) {
    ds_row *o = start_row(c, &s->sale[s->nsale++], DST_STORE_SALES);
    int64_t item = next_item(s, date);
    int64_t promo = ds_uniform_key(c, DSC_SS_SOLD_PROMO_SK, 1, s->rows_promo);
    pricing p;
    price_sale(r, DSC_SS_PRICING, &store_limits, &p);
    put_key(o, 0, DSC_SS_SOLD_DATE_SK, date);
    put_key(o, 1, DSC_SS_SOLD_TIME_SK, t);
    put_key(o, 2, DSC_SS_SOLD_ITEM_SK, item);
    put_key(o, 3, DSC_SS_SOLD_CUSTOMER_SK, cust);
    put_key(o, 4, DSC_SS_SOLD_CDEMO_SK, cdemo);
    put_key(o, 5, DSC_SS_SOLD_HDEMO_SK, hdemo);
    put_key(o, 6, DSC_SS_SOLD_ADDR_SK, addr);
    put_key(o, 7, DSC_SS_SOLD_STORE_SK, store);
    put_key(o, 8, DSC_SS_SOLD_PROMO_SK, promo);
    put_key(o, 9, DSC_SS_TICKET_NUMBER, ticket);
    put_int(o, 10, DSC_SS_PRICING_QUANTITY, p.quantity);
    put_dec(o, 11, DSC_SS_PRICING_WHOLESALE_COST, p.wholesale);
    put_dec(o, 12, DSC_SS_PRICING_LIST_PRICE, p.list);
    put_dec(o, 13, DSC_SS_PRICING_SALES_PRICE, p.sales);
    /* dsdgen prints the coupon amount where ss_ext_discount_amt belongs */
    put_dec(o, 14, DSC_SS_PRICING_COUPON_AMT, p.coupon);
    put_dec(o, 15, DSC_SS_PRICING_EXT_SALES_PRICE, p.ext_sales);
    put_dec(o, 16, DSC_SS_PRICING_EXT_WHOLESALE_COST, p.ext_wholesale);
    put_dec(o, 17, DSC_SS_PRICING_EXT_LIST_PRICE, p.ext_list);
    put_dec(o, 18, DSC_SS_PRICING_EXT_TAX, p.ext_tax);
    put_dec(o, 19, DSC_SS_PRICING_COUPON_AMT, p.coupon);
    put_dec(o, 20, DSC_SS_PRICING_NET_PAID, p.net_paid);
    put_dec(o, 21, DSC_SS_PRICING_NET_PAID_INC_TAX, p.net_paid_inc_tax);
    put_dec(o, 22, DSC_SS_PRICING_NET_PROFIT, p.net_profit);
    /* 10 % of the lines come back */
    if (ds_uniform(r, DSC_SR_IS_RETURNED, 0, 99) < 10) store_return(c, s, o, &p, date, cust);
  }
}

/* ---- catalog ---------------------------------------------------------------- */

/* dateScaling: the orders dated Julian day `j`, from the calendar's sales
 * weights spread over five years, rounded. */
static int64_t day_orders(int64_t orders, int64_t j) {
  ds_date d;
  ds_jtodt(&d, (int)j);
  int w = 3 + ds_is_leap(d.year);
  const ds_dist *cal = &ds_dists[DSD_CALENDAR];
  int64_t total = (int64_t)cal->weights[w - 1][cal->length - 1] * 5;
  int64_t n = orders * ds_dist_weight(DSD_CALENDAR, ds_day_number(&d), w);
  return (n + total / 2) / total;
}

/* The order date of catalog order `unit`: dsdgen walks the days from
 * 1998-01-01, each day taking its share of the orders (the first one more).
 * Units arrive in increasing order, so the walk goes on from the previous
 * unit's day. */
static int64_t order_date(ds_sales *s, int64_t unit) {
  while (unit > s->date_last_unit) {
    s->jdate += 1;
    s->date_last_unit += day_orders(s->units, s->jdate);
  }
  return s->jdate;
}

/* cp_join: a page of a catalog current at `date`; the catalog type is
 * picked, then a page, from `stream`. */
static int64_t catalog_page(ds_ctx *c, ds_sales *s, int stream, int64_t date) {
  int type = ds_dist_pick(&c->rng, DSD_CATALOG_PAGE_TYPE, 2, stream);
  int page = ds_uniform(&c->rng, stream, 1, s->pages_per_catalog);
  int offset = (int)(date - j_min_data - 1);
  int count = (offset / 365) * 18;
  offset %= 365;
  switch (type) {
  case 1: count += offset > 183; break;
  case 2: count += offset / 91; break;
  default: count += offset / 31; break;
  }
  return (int64_t)count * s->pages_per_catalog + page;
}

typedef struct order_head {
  int64_t date, time, call_center;
  int64_t bill[4]; /* customer, cdemo, hdemo, address */
  int64_t ship[4];
} order_head;

static void catalog_return(ds_ctx *c, ds_sales *s, const ds_row *sale, const order_head *h, const pricing *sp,
                           int64_t ship_date) {
  ds_rng *r = &c->rng;
  ds_row *o = start_row(c, &s->ret[s->nret++], DST_CATALOG_RETURNS);
  int64_t ret[4];
  ret[0] = ds_uniform_key(c, DSC_CR_RETURNING_CUSTOMER_SK, 1, s->rows_customer);
  ret[1] = ds_uniform_key(c, DSC_CR_RETURNING_CDEMO_SK, 1, s->rows_cdemo);
  ret[2] = ds_uniform_key(c, DSC_CR_RETURNING_HDEMO_SK, 1, s->rows_hdemo);
  ret[3] = ds_uniform_key(c, DSC_CR_RETURNING_ADDR_SK, 1, s->rows_addr);
  if (ds_uniform(r, DSC_CR_RETURNING_CUSTOMER_SK, 0, 99) < 10) {
    /* returned by the one it was shipped to (the household stays drawn) */
    ret[0] = h->ship[0];
    ret[1] = h->ship[1];
    ret[3] = h->ship[3];
  }
  int64_t returned = return_date(r, DSC_CR_RETURNED_DATE_SK, ship_date, 2, 90);
  int64_t t = time_join(r, DSC_CR_RETURNED_TIME_SK, 3);
  int64_t ship_mode = ds_uniform_key(c, DSC_CR_SHIP_MODE_SK, 1, s->rows_ship_mode);
  int64_t warehouse = ds_uniform_key(c, DSC_CR_WAREHOUSE_SK, 1, s->rows_warehouse);
  int64_t reason = ds_uniform_key(c, DSC_CR_REASON_SK, 1, s->rows_reason);
  pricing p = *sp;
  p.quantity = ds_uniform(r, DSC_CR_PRICING, 1, sp->quantity);
  price_return(r, DSC_CR_PRICING, &p);
  put_key(o, 0, DSC_CR_RETURNED_DATE_SK, returned);
  put_key(o, 1, DSC_CR_RETURNED_TIME_SK, t);
  put_key(o, 2, DSC_CR_ITEM_SK, sale->v[15].i);
  put_key(o, 3, DSC_CR_REFUNDED_CUSTOMER_SK, h->bill[0]);
  put_key(o, 4, DSC_CR_REFUNDED_CDEMO_SK, h->bill[1]);
  put_key(o, 5, DSC_CR_REFUNDED_HDEMO_SK, h->bill[2]);
  put_key(o, 6, DSC_CR_REFUNDED_ADDR_SK, h->bill[3]);
  put_key(o, 7, DSC_CR_RETURNING_CUSTOMER_SK, ret[0]);
  put_key(o, 8, DSC_CR_RETURNING_CDEMO_SK, ret[1]);
  put_key(o, 9, DSC_CR_RETURNING_HDEMO_SK, ret[2]);
  put_key(o, 10, DSC_CR_RETURNING_ADDR_SK, ret[3]);
  put_key(o, 11, DSC_CR_CALL_CENTER_SK, h->call_center);
  put_key(o, 12, DSC_CR_CATALOG_PAGE_SK, sale->v[12].i);
  put_key(o, 13, DSC_CR_SHIP_MODE_SK, ship_mode);
  put_key(o, 14, DSC_CR_WAREHOUSE_SK, warehouse);
  put_key(o, 15, DSC_CR_REASON_SK, reason);
  put_key(o, 16, DSC_CR_ORDER_NUMBER, sale->v[17].i);
  put_int(o, 17, DSC_CR_PRICING_QUANTITY, p.quantity);
  put_dec(o, 18, DSC_CR_PRICING_NET_PAID, p.net_paid);
  put_dec(o, 19, DSC_CR_PRICING_EXT_TAX, p.ext_tax);
  put_dec(o, 20, DSC_CR_PRICING_NET_PAID_INC_TAX, p.net_paid_inc_tax);
  put_dec(o, 21, DSC_CR_PRICING_FEE, p.fee);
  put_dec(o, 22, DSC_CR_PRICING_EXT_SHIP_COST, p.ext_ship);
  put_dec(o, 23, DSC_CR_PRICING_REFUNDED_CASH, p.refunded_cash);
  put_dec(o, 24, DSC_CR_PRICING_REVERSED_CHARGE, p.reversed_charge);
  put_dec(o, 25, DSC_CR_PRICING_STORE_CREDIT, p.store_credit);
  put_dec(o, 26, DSC_CR_PRICING_NET_LOSS, p.net_loss);
}

/* The pricing columns a catalog or web sales line ends with, from `col`;
 * `ids` are the 16 print column ids in print order. */
static void put_sale_pricing(ds_row *o, int col, const int ids[16], const pricing *p) {
  put_int(o, col, ids[0], p->quantity);
  const int64_t v[15] = {p->wholesale,
                         p->list,
                         p->sales,
                         p->ext_discount,
                         p->ext_sales,
                         p->ext_wholesale,
                         p->ext_list,
                         p->ext_tax,
                         p->coupon,
                         p->ext_ship,
                         p->net_paid,
                         p->net_paid_inc_tax,
                         p->net_paid_inc_ship,
                         p->net_paid_inc_ship_tax,
                         p->net_profit};
  for (int i = 0; i < 15; i++)
    put_dec(o, col + 1 + i, ids[1 + i], v[i]);
}

static void catalog_order(ds_ctx *c, ds_sales *s, int64_t order) {
  static const int price_ids[16] = {DSC_CS_PRICING_QUANTITY,
                                    DSC_CS_PRICING_WHOLESALE_COST,
                                    DSC_CS_PRICING_LIST_PRICE,
                                    DSC_CS_PRICING_SALES_PRICE,
                                    DSC_CS_PRICING_EXT_DISCOUNT_AMOUNT,
                                    DSC_CS_PRICING_EXT_SALES_PRICE,
                                    DSC_CS_PRICING_EXT_WHOLESALE_COST,
                                    DSC_CS_PRICING_EXT_LIST_PRICE,
                                    DSC_CS_PRICING_EXT_TAX,
                                    DSC_CS_PRICING_COUPON_AMT,
                                    DSC_CS_PRICING_EXT_SHIP_COST,
                                    DSC_CS_PRICING_NET_PAID,
                                    DSC_CS_PRICING_NET_PAID_INC_TAX,
                                    DSC_CS_PRICING_NET_PAID_INC_SHIP,
                                    DSC_CS_PRICING_NET_PAID_INC_SHIP_TAX,
                                    DSC_CS_PRICING_NET_PROFIT};
  ds_rng *r = &c->rng;
  order_head h;
  h.date = order_date(s, order);
  h.time = time_join(r, DSC_CS_SOLD_TIME_SK, 3);
  h.call_center = h.date == -1 ? -1 : ds_scd_join(c, DST_CALL_CENTER, DSC_CS_CALL_CENTER_SK, h.date);
  h.bill[0] = ds_uniform_key(c, DSC_CS_BILL_CUSTOMER_SK, 1, s->rows_customer);
  h.bill[1] = ds_uniform_key(c, DSC_CS_BILL_CDEMO_SK, 1, s->rows_cdemo);
  h.bill[2] = ds_uniform_key(c, DSC_CS_BILL_HDEMO_SK, 1, s->rows_hdemo);
  h.bill[3] = ds_uniform_key(c, DSC_CS_BILL_ADDR_SK, 1, s->rows_addr);
  if (ds_uniform(r, DSC_CS_SHIP_CUSTOMER_SK, 0, 99) <= 10) { /* a gift, shipped elsewhere */
    h.ship[0] = ds_uniform_key(c, DSC_CS_SHIP_CUSTOMER_SK, 1, s->rows_customer);
    h.ship[1] = ds_uniform_key(c, DSC_CS_SHIP_CDEMO_SK, 1, s->rows_cdemo);
    h.ship[2] = ds_uniform_key(c, DSC_CS_SHIP_HDEMO_SK, 1, s->rows_hdemo);
    h.ship[3] = ds_uniform_key(c, DSC_CS_SHIP_ADDR_SK, 1, s->rows_addr);
  } else {
    memcpy(h.ship, h.bill, sizeof h.ship);
  }
  s->item_index = ds_uniform(r, DSC_CS_SOLD_ITEM_SK, 1, s->nitems);
  int lines = ds_uniform(r, DSC_CS_ORDER_NUMBER, 4, 14);
  for (int i = 0; i < lines; i++) {
    ds_row *o = start_row(c, &s->sale[s->nsale++], DST_CATALOG_SALES);
    int lag = ds_uniform(r, DSC_CS_SHIP_DATE_SK, 2, 90);
    int64_t ship_date = h.date == -1 ? -1 : h.date + lag;
    int64_t item = next_item(s, h.date);
    int64_t page = h.date == -1 ? -1 : catalog_page(c, s, DSC_CS_CATALOG_PAGE_SK, h.date);
    int64_t ship_mode = ds_uniform_key(c, DSC_CS_SHIP_MODE_SK, 1, s->rows_ship_mode);
    int64_t warehouse = ds_uniform_key(c, DSC_CS_WAREHOUSE_SK, 1, s->rows_warehouse);
    int64_t promo = ds_uniform_key(c, DSC_CS_PROMO_SK, 1, s->rows_promo);
    pricing p;
    price_sale(r, DSC_CS_PRICING, &catalog_limits, &p);
    put_key(o, 0, DSC_CS_SOLD_DATE_SK, h.date);
    put_key(o, 1, DSC_CS_SOLD_TIME_SK, h.time);
    put_key(o, 2, DSC_CS_SHIP_DATE_SK, ship_date);
    put_key(o, 3, DSC_CS_BILL_CUSTOMER_SK, h.bill[0]);
    put_key(o, 4, DSC_CS_BILL_CDEMO_SK, h.bill[1]);
    put_key(o, 5, DSC_CS_BILL_HDEMO_SK, h.bill[2]);
    put_key(o, 6, DSC_CS_BILL_ADDR_SK, h.bill[3]);
    put_key(o, 7, DSC_CS_SHIP_CUSTOMER_SK, h.ship[0]);
    put_key(o, 8, DSC_CS_SHIP_CDEMO_SK, h.ship[1]);
    put_key(o, 9, DSC_CS_SHIP_HDEMO_SK, h.ship[2]);
    put_key(o, 10, DSC_CS_SHIP_ADDR_SK, h.ship[3]);
    put_key(o, 11, DSC_CS_CALL_CENTER_SK, h.call_center);
    put_key(o, 12, DSC_CS_CATALOG_PAGE_SK, page);
    put_key(o, 13, DSC_CS_SHIP_MODE_SK, ship_mode);
    put_key(o, 14, DSC_CS_WAREHOUSE_SK, warehouse);
    put_key(o, 15, DSC_CS_SOLD_ITEM_SK, item);
    put_key(o, 16, DSC_CS_PROMO_SK, promo);
    put_key(o, 17, DSC_CS_ORDER_NUMBER, order);
    put_sale_pricing(o, 18, price_ids, &p);
    if (ds_uniform(r, DSC_CR_IS_RETURNED, 0, 99) < 10) catalog_return(c, s, o, &h, &p, ship_date);
  }
}

/* ---- web ------------------------------------------------------------------------ */

static void web_return(ds_ctx *c, ds_sales *s, const ds_row *sale, const order_head *h, const pricing *sp,
                       int64_t ship_date) {
  ds_rng *r = &c->rng;
  ds_row *o = start_row(c, &s->ret[s->nret++], DST_WEB_RETURNS);
  int64_t returned = return_date(r, DSC_WR_RETURNED_DATE_SK, ship_date, 1, 120);
  int64_t t = time_join(r, DSC_WR_RETURNED_TIME_SK, 3);
  int64_t ref[4];
  ref[0] = ds_uniform_key(c, DSC_WR_REFUNDED_CUSTOMER_SK, 1, s->rows_customer);
  ref[1] = ds_uniform_key(c, DSC_WR_REFUNDED_CDEMO_SK, 1, s->rows_cdemo);
  ref[2] = ds_uniform_key(c, DSC_WR_REFUNDED_HDEMO_SK, 1, s->rows_hdemo);
  ref[3] = ds_uniform_key(c, DSC_WR_REFUNDED_ADDR_SK, 1, s->rows_addr);
  if (ds_uniform(r, DSC_WR_RETURNING_CUSTOMER_SK, 0, 99) < 7) memcpy(ref, h->ship, sizeof ref);
  int64_t reason = ds_uniform_key(c, DSC_WR_REASON_SK, 1, s->rows_reason);
  pricing p = *sp;
  p.quantity = ds_uniform(r, DSC_WR_PRICING, 1, sp->quantity);
  price_return(r, DSC_WR_PRICING, &p);
  put_key(o, 0, DSC_WR_RETURNED_DATE_SK, returned);
  put_key(o, 1, DSC_WR_RETURNED_TIME_SK, t);
  put_key(o, 2, DSC_WR_ITEM_SK, sale->v[3].i);
  put_key(o, 3, DSC_WR_REFUNDED_CUSTOMER_SK, ref[0]);
  put_key(o, 4, DSC_WR_REFUNDED_CDEMO_SK, ref[1]);
  put_key(o, 5, DSC_WR_REFUNDED_HDEMO_SK, ref[2]);
  put_key(o, 6, DSC_WR_REFUNDED_ADDR_SK, ref[3]);
  put_key(o, 7, DSC_WR_RETURNING_CUSTOMER_SK, ref[0]);
  put_key(o, 8, DSC_WR_RETURNING_CDEMO_SK, ref[1]);
  put_key(o, 9, DSC_WR_RETURNING_HDEMO_SK, ref[2]);
  put_key(o, 10, DSC_WR_RETURNING_ADDR_SK, ref[3]);
  put_key(o, 11, DSC_WR_WEB_PAGE_SK, sale->v[12].i);
  put_key(o, 12, DSC_WR_REASON_SK, reason);
  put_key(o, 13, DSC_WR_ORDER_NUMBER, sale->v[17].i);
  put_int(o, 14, DSC_WR_PRICING_QUANTITY, p.quantity);
  put_dec(o, 15, DSC_WR_PRICING_NET_PAID, p.net_paid);
  put_dec(o, 16, DSC_WR_PRICING_EXT_TAX, p.ext_tax);
  put_dec(o, 17, DSC_WR_PRICING_NET_PAID_INC_TAX, p.net_paid_inc_tax);
  put_dec(o, 18, DSC_WR_PRICING_FEE, p.fee);
  put_dec(o, 19, DSC_WR_PRICING_EXT_SHIP_COST, p.ext_ship);
  put_dec(o, 20, DSC_WR_PRICING_REFUNDED_CASH, p.refunded_cash);
  put_dec(o, 21, DSC_WR_PRICING_REVERSED_CHARGE, p.reversed_charge);
  put_dec(o, 22, DSC_WR_PRICING_STORE_CREDIT, p.store_credit);
  put_dec(o, 23, DSC_WR_PRICING_NET_LOSS, p.net_loss);
}

static void web_order(ds_ctx *c, ds_sales *s, int64_t order) {
  static const int price_ids[16] = {DSC_WS_PRICING_QUANTITY,
                                    DSC_WS_PRICING_WHOLESALE_COST,
                                    DSC_WS_PRICING_LIST_PRICE,
                                    DSC_WS_PRICING_SALES_PRICE,
                                    DSC_WS_PRICING_EXT_DISCOUNT_AMT,
                                    DSC_WS_PRICING_EXT_SALES_PRICE,
                                    DSC_WS_PRICING_EXT_WHOLESALE_COST,
                                    DSC_WS_PRICING_EXT_LIST_PRICE,
                                    DSC_WS_PRICING_EXT_TAX,
                                    DSC_WS_PRICING_COUPON_AMT,
                                    DSC_WS_PRICING_EXT_SHIP_COST,
                                    DSC_WS_PRICING_NET_PAID,
                                    DSC_WS_PRICING_NET_PAID_INC_TAX,
                                    DSC_WS_PRICING_NET_PAID_INC_SHIP,
                                    DSC_WS_PRICING_NET_PAID_INC_SHIP_TAX,
                                    DSC_WS_PRICING_NET_PROFIT};
  ds_rng *r = &c->rng;
  order_head h;
  /* dsdgen walks the order dates here too (no draws) but uses a drawn date */
  h.date = sale_date(r, DSC_WS_SOLD_DATE_SK);
  h.time = time_join(r, DSC_WS_SOLD_TIME_SK, 3);
  h.bill[0] = ds_uniform_key(c, DSC_WS_BILL_CUSTOMER_SK, 1, s->rows_customer);
  h.bill[1] = ds_uniform_key(c, DSC_WS_BILL_CDEMO_SK, 1, s->rows_cdemo);
  h.bill[2] = ds_uniform_key(c, DSC_WS_BILL_HDEMO_SK, 1, s->rows_hdemo);
  h.bill[3] = ds_uniform_key(c, DSC_WS_BILL_ADDR_SK, 1, s->rows_addr);
  if (ds_uniform(r, DSC_WS_SHIP_CUSTOMER_SK, 0, 99) > 7) { /* shipped elsewhere (dsdgen's test) */
    h.ship[0] = ds_uniform_key(c, DSC_WS_SHIP_CUSTOMER_SK, 1, s->rows_customer);
    h.ship[1] = ds_uniform_key(c, DSC_WS_SHIP_CDEMO_SK, 1, s->rows_cdemo);
    h.ship[2] = ds_uniform_key(c, DSC_WS_SHIP_HDEMO_SK, 1, s->rows_hdemo);
    h.ship[3] = ds_uniform_key(c, DSC_WS_SHIP_ADDR_SK, 1, s->rows_addr);
  } else {
    memcpy(h.ship, h.bill, sizeof h.ship);
  }
  s->item_index = ds_uniform(r, DSC_WS_ITEM_SK, 1, s->nitems);
  int lines = ds_uniform(r, DSC_WS_ORDER_NUMBER, 8, 16);
  for (int i = 0; i < lines; i++) {
    ds_row *o = start_row(c, &s->sale[s->nsale++], DST_WEB_SALES);
    int64_t ship_date = h.date + ds_uniform(r, DSC_WS_SHIP_DATE_SK, 1, 120);
    int64_t item = next_item(s, h.date);
    int64_t page = ds_scd_join(c, DST_WEB_PAGE, DSC_WS_WEB_PAGE_SK, h.date);
    int64_t site = ds_scd_join(c, DST_WEB_SITE, DSC_WS_WEB_SITE_SK, h.date);
    int64_t ship_mode = ds_uniform_key(c, DSC_WS_SHIP_MODE_SK, 1, s->rows_ship_mode);
    int64_t warehouse = ds_uniform_key(c, DSC_WS_WAREHOUSE_SK, 1, s->rows_warehouse);
    int64_t promo = ds_uniform_key(c, DSC_WS_PROMO_SK, 1, s->rows_promo);
    pricing p;
    price_sale(r, DSC_WS_PRICING, &web_limits, &p);
    put_key(o, 0, DSC_WS_SOLD_DATE_SK, h.date);
    put_key(o, 1, DSC_WS_SOLD_TIME_SK, h.time);
    put_key(o, 2, DSC_WS_SHIP_DATE_SK, ship_date);
    put_key(o, 3, DSC_WS_ITEM_SK, item);
    put_key(o, 4, DSC_WS_BILL_CUSTOMER_SK, h.bill[0]);
    put_key(o, 5, DSC_WS_BILL_CDEMO_SK, h.bill[1]);
    put_key(o, 6, DSC_WS_BILL_HDEMO_SK, h.bill[2]);
    put_key(o, 7, DSC_WS_BILL_ADDR_SK, h.bill[3]);
    put_key(o, 8, DSC_WS_SHIP_CUSTOMER_SK, h.ship[0]);
    put_key(o, 9, DSC_WS_SHIP_CDEMO_SK, h.ship[1]);
    put_key(o, 10, DSC_WS_SHIP_HDEMO_SK, h.ship[2]);
    put_key(o, 11, DSC_WS_SHIP_ADDR_SK, h.ship[3]);
    put_key(o, 12, DSC_WS_WEB_PAGE_SK, page);
    put_key(o, 13, DSC_WS_WEB_SITE_SK, site);
    put_key(o, 14, DSC_WS_SHIP_MODE_SK, ship_mode);
    put_key(o, 15, DSC_WS_WAREHOUSE_SK, warehouse);
    put_key(o, 16, DSC_WS_PROMO_SK, promo);
    put_key(o, 17, DSC_WS_ORDER_NUMBER, order);
    put_sale_pricing(o, 18, price_ids, &p);
    if (ds_uniform(r, DSC_WR_IS_RETURNED, 0, 99) < 10) web_return(c, s, o, &h, &p, ship_date);
  }
}

/* ---- the unit loop ------------------------------------------------------------- */

ds_sales *ds_sales_create(ds_ctx *c, int table, int64_t first_unit) {
  ds_sales *s = calloc(1, sizeof *s);
  if (s == NULL) return NULL;
  double sf = c->sf;
  s->table = table;
  s->parent = ds_sales_parent(table);
  s->nitems = (int)ds_id_count(sf, DST_ITEM);
  s->rows_item = ds_rowcount(sf, DST_ITEM);
  s->rows_customer = ds_rowcount(sf, DST_CUSTOMER);
  s->rows_cdemo = ds_rowcount(sf, DST_CUSTOMER_DEMOGRAPHICS);
  s->rows_hdemo = ds_rowcount(sf, DST_HOUSEHOLD_DEMOGRAPHICS);
  s->rows_addr = ds_rowcount(sf, DST_CUSTOMER_ADDRESS);
  s->rows_promo = ds_rowcount(sf, DST_PROMOTION);
  s->rows_reason = ds_rowcount(sf, DST_REASON);
  s->rows_ship_mode = ds_rowcount(sf, DST_SHIP_MODE);
  s->rows_warehouse = ds_rowcount(sf, DST_WAREHOUSE);
  s->pages_per_catalog = ((int)ds_rowcount(sf, DST_CATALOG_PAGE) / 18) / (2002 - 1998 + 2);
  s->units = ds_rowcount(sf, s->parent);
  /* skipDays: 1998-01-01 takes its share of the orders plus one */
  s->jdate = j_min_data;
  s->date_last_unit = day_orders(s->units, j_min_data) + 1;
  s->perm = malloc((size_t)s->nitems * sizeof *s->perm);
  if (s->perm == NULL) {
    free(s);
    return NULL;
  }
  const ds_table_info *sales = &ds_table_infos[s->parent];
  const ds_table_info *rets = &ds_table_infos[returns_of(s->parent)];
  ds_rng_seek(&c->rng, sales->first_stream, sales->last_stream, first_unit);
  ds_rng_seek(&c->rng, rets->first_stream, rets->last_stream, first_unit);
  /* makePermutation: n swaps drawn from the permutation stream, whose
   * per-row count is 0, so every ticket range sees the same permutation */
  int stream = s->parent == DST_STORE_SALES     ? DSC_SS_PERMUTATION
               : s->parent == DST_CATALOG_SALES ? DSC_CS_PERMUTE
                                                : DSC_WS_PERMUTATION;
  ds_rng pr;
  memset(&pr, 0, sizeof pr);
  ds_stream_skip(&pr, stream, 0);
  for (int i = 0; i < s->nitems; i++)
    s->perm[i] = i;
  for (int i = 0; i < s->nitems; i++) {
    int j = ds_uniform(&pr, stream, 0, s->nitems - 1);
    int tmp = s->perm[i];
    s->perm[i] = s->perm[j];
    s->perm[j] = tmp;
  }
  return s;
}

int ds_sales_unit(ds_ctx *c, ds_sales *s, int64_t unit, ds_row **rows) {
  s->nsale = s->nret = 0;
  if (s->parent == DST_STORE_SALES)
    store_ticket(c, s, unit);
  else if (s->parent == DST_CATALOG_SALES)
    catalog_order(c, s, unit);
  else
    web_order(c, s, unit);
  const ds_table_info *sales = &ds_table_infos[s->parent];
  const ds_table_info *rets = &ds_table_infos[returns_of(s->parent)];
  ds_row_end(&c->rng, sales->first_stream, sales->last_stream);
  ds_row_end(&c->rng, rets->first_stream, rets->last_stream);
  if (s->table == s->parent) {
    *rows = s->sale;
    return s->nsale;
  }
  *rows = s->ret;
  return s->nret;
}

int ds_sales_unit_returns(ds_sales *s, ds_row **rows) {
  *rows = s->ret;
  return s->nret;
}

void ds_sales_destroy(ds_sales *s) {
  if (s == NULL) return;
  free(s->perm);
  free(s);
}
