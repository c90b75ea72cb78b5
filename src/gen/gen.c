/*
 * gen.c - the eight TPC-H tables, row unit by row unit, as dbgen 2.14 makes
 * them. Facts (streams, quotas, formulas) are in DBGEN_NOTES.md; the section
 * numbers below refer to it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "common/cancel.h"
#include "dists.h"
#include "rng.h"
#include "text_pool.h"
#include "tpch_gen.h"

/* ---- streams (section 3.5): index = dbgen's seed number ------------------ */
enum {
  S_P_MFG = 0,
  S_P_BRND = 1,
  S_P_TYPE = 2,
  S_P_SIZE = 3,
  S_P_CNTR = 4,
  S_P_CMNT = 6,
  S_PS_QTY = 7,
  S_PS_SCST = 8,
  S_PS_CMNT = 9,
  S_O_CLRK = 11,
  S_O_CMNT = 12,
  S_O_ODATE = 13,
  S_L_QTY = 14,
  S_L_DCNT = 15,
  S_L_TAX = 16,
  S_L_SHIP = 17,
  S_L_SMODE = 18,
  S_L_PKEY = 19,
  S_L_SKEY = 20,
  S_L_SDTE = 21,
  S_L_CDTE = 22,
  S_L_RDTE = 23,
  S_L_RFLG = 24,
  S_L_CMNT = 25,
  S_C_ADDR = 26,
  S_C_NTRG = 27,
  S_C_PHNE = 28,
  S_C_ABAL = 29,
  S_C_MSEG = 30,
  S_C_CMNT = 31,
  S_S_ADDR = 32,
  S_S_NTRG = 33,
  S_S_PHNE = 34,
  S_S_ABAL = 35,
  S_S_CMNT = 36,
  S_P_NAME = 37,
  S_O_PRIO = 38,
  S_O_CKEY = 40,
  S_N_CMNT = 41,
  S_R_CMNT = 42,
  S_O_LCNT = 43,
  S_BBB_JNK = 44,
  S_BBB_TYPE = 45,
  S_BBB_CMNT = 46,
  S_BBB_OFFSET = 47,
  N_STREAMS = 48
};

static const int64_t stream_seed[N_STREAMS] = {
    1,          46831694,   1841581359, 1193163244, 727633698,  933588178,  804159733,  1671059989,
    1051288424, 1961692154, 1227283347, 1171034773, 276090261,  1066728069, 209208115,  554590007,
    721958466,  1371272478, 675466456,  1808217256, 2095021727, 1769349045, 904914315,  373135028,
    717419739,  1095462486, 881155353,  1489529863, 1521138112, 298370230,  1140279430, 1335826707,
    706178559,  110356601,  884434366,  962338209,  1341315363, 709314158,  591449447,  431918286,
    851767375,  606179079,  1500869201, 1434868289, 263032577,  753643799,  202794285,  715851524};

/* Draws per row unit, whatever a unit really uses (section 3.6). */
static const int64_t stream_quota[N_STREAMS] = {1, 1, 1, 1, 1, 0,  2, 4, 4, 8,  1, 1, 2, 1, 7, 7,
                                                7, 7, 7, 7, 7, 7,  7, 7, 7, 14, 9, 1, 3, 1, 1, 2,
                                                9, 1, 3, 1, 2, 92, 1, 1, 1, 2,  2, 1, 1, 1, 1, 1};

/* The streams each table's units draw from; -1 ends a list. */
static const int8_t streams_part[] = {S_P_MFG,  S_P_BRND, S_P_TYPE, S_P_SIZE,
                                      S_P_CNTR, S_P_CMNT, S_P_NAME, -1};
static const int8_t streams_partsupp[] = {S_PS_QTY, S_PS_SCST, S_PS_CMNT, -1};
static const int8_t streams_supplier[] = {S_S_ADDR,  S_S_NTRG,   S_S_PHNE,   S_S_ABAL,     S_S_CMNT,
                                          S_BBB_JNK, S_BBB_TYPE, S_BBB_CMNT, S_BBB_OFFSET, -1};
static const int8_t streams_customer[] = {S_C_ADDR, S_C_NTRG, S_C_PHNE, S_C_ABAL, S_C_MSEG, S_C_CMNT, -1};
static const int8_t streams_order[] = {S_O_CLRK,  S_O_CMNT, S_O_ODATE, S_L_QTY,  S_L_DCNT, S_L_TAX,  S_L_SHIP,
                                       S_L_SMODE, S_L_PKEY, S_L_SKEY,  S_L_SDTE, S_L_CDTE, S_L_RDTE, S_L_RFLG,
                                       S_L_CMNT,  S_O_PRIO, S_O_CKEY,  S_O_LCNT, -1};
static const int8_t streams_nation[] = {S_N_CMNT, -1};
static const int8_t streams_region[] = {S_R_CMNT, -1};

/* ---- columns (DESIGN.md schema) ------------------------------------------ */
static const col_def cols_part[] = {
    {"p_partkey", COL_I64, 0},    {"p_name", COL_STR, 55},       {"p_mfgr", COL_STR, 25},
    {"p_brand", COL_STR, 10},     {"p_type", COL_STR, 25},       {"p_size", COL_I32, 0},
    {"p_container", COL_STR, 10}, {"p_retailprice", COL_DEC, 0}, {"p_comment", COL_STR, 23}};
static const col_def cols_partsupp[] = {{"ps_partkey", COL_I64, 0},
                                        {"ps_suppkey", COL_I64, 0},
                                        {"ps_availqty", COL_I32, 0},
                                        {"ps_supplycost", COL_DEC, 0},
                                        {"ps_comment", COL_STR, 199}};
static const col_def cols_supplier[] = {{"s_suppkey", COL_I64, 0},  {"s_name", COL_STR, 32},
                                        {"s_address", COL_STR, 40}, {"s_nationkey", COL_I64, 0},
                                        {"s_phone", COL_STR, 15},   {"s_acctbal", COL_DEC, 0},
                                        {"s_comment", COL_STR, 101}};
static const col_def cols_customer[] = {{"c_custkey", COL_I64, 0},     {"c_name", COL_STR, 32},
                                        {"c_address", COL_STR, 40},    {"c_nationkey", COL_I64, 0},
                                        {"c_phone", COL_STR, 15},      {"c_acctbal", COL_DEC, 0},
                                        {"c_mktsegment", COL_STR, 10}, {"c_comment", COL_STR, 117}};
static const col_def cols_orders[] = {
    {"o_orderkey", COL_I64, 0},   {"o_custkey", COL_I64, 0},      {"o_orderstatus", COL_STR, 1},
    {"o_totalprice", COL_DEC, 0}, {"o_orderdate", COL_DATE, 0},   {"o_orderpriority", COL_STR, 15},
    {"o_clerk", COL_STR, 32},     {"o_shippriority", COL_I32, 0}, {"o_comment", COL_STR, 79}};
static const col_def cols_lineitem[] = {
    {"l_orderkey", COL_I64, 0},     {"l_partkey", COL_I64, 0},       {"l_suppkey", COL_I64, 0},
    {"l_linenumber", COL_I32, 0},   {"l_quantity", COL_DEC, 0},      {"l_extendedprice", COL_DEC, 0},
    {"l_discount", COL_DEC, 0},     {"l_tax", COL_DEC, 0},           {"l_returnflag", COL_STR, 1},
    {"l_linestatus", COL_STR, 1},   {"l_shipdate", COL_DATE, 0},     {"l_commitdate", COL_DATE, 0},
    {"l_receiptdate", COL_DATE, 0}, {"l_shipinstruct", COL_STR, 17}, {"l_shipmode", COL_STR, 7},
    {"l_comment", COL_STR, 44}};
static const col_def cols_nation[] = {{"n_nationkey", COL_I64, 0},
                                      {"n_name", COL_STR, 25},
                                      {"n_regionkey", COL_I64, 0},
                                      {"n_comment", COL_STR, 116}};
static const col_def cols_region[] = {
    {"r_regionkey", COL_I64, 0}, {"r_name", COL_STR, 25}, {"r_comment", COL_STR, 116}};
static const col_def cols_delete[] = {{"o_orderkey", COL_I64, 0}};

typedef struct table_def {
  const col_def *cols;
  int ncols;
  const int8_t *streams;
} table_def;

#define TABLE(c, s)                                                                                          \
  { c, (int)(sizeof(c) / sizeof((c)[0])), s }
static const table_def tables[TPCH_TABLE_COUNT] = {
    TABLE(cols_part, streams_part),         TABLE(cols_partsupp, streams_partsupp),
    TABLE(cols_supplier, streams_supplier), TABLE(cols_customer, streams_customer),
    TABLE(cols_orders, streams_order),      TABLE(cols_lineitem, streams_order),
    TABLE(cols_nation, streams_nation),     TABLE(cols_region, streams_region)};
static const int8_t streams_none[] = {-1};
static const table_def table_delete = TABLE(cols_delete, streams_none);

int tpch_table_columns(tpch_table t) {
  return (t >= 0 && t < TPCH_TABLE_COUNT) ? tables[t].ncols : 0;
}

const char *tpch_column_name(tpch_table t, int i) {
  return (i >= 0 && i < tpch_table_columns(t)) ? tables[t].cols[i].name : NULL;
}

const char *tpch_column_format(tpch_table t, int i) {
  return (i >= 0 && i < tpch_table_columns(t)) ? batch_format(tables[t].cols[i].kind) : NULL;
}

int tpch_table_schema(tpch_table t, struct ArrowSchema *out, tpch_error *err) {
  if (t < 0 || t >= TPCH_TABLE_COUNT) return tpch_error_set(err, TPCH_EINVAL, "no such table");
  return batch_schema(tables[t].cols, tables[t].ncols, out, err);
}

/* ---- the generator --------------------------------------------------------- */

struct tpch_gen {
  tpch_scale sc;
  tpch_table table;
  const table_def *td;
  int deletes;     /* a refresh set's delete keys (td = &table_delete) */
  int64_t key_seq; /* 0 for the base data; refresh sets use 1 (section 12) */
  const tpch_text_pool *pool;
  int64_t next_unit, end_unit; /* 1-based, end exclusive */
  int64_t st[N_STREAMS];       /* state of each stream at the start of next_unit */
  int64_t adv[N_STREAMS];      /* multiplier that advances a stream by one unit's quota */
  int big;                     /* integer scale >= 30000: 64-bit streams (section 3.7) */
  uint64_t st64_ckey, st64_pkey;
  /* Comments are drawn row by row but copied from the pool once per batch,
   * all together, so the pool's cache misses overlap (read_many). */
  int64_t ncomments, cap_comments;
  int64_t *comment_off;
  int32_t *comment_len;
  char **comment_dst;
  tpch_allocator alloc;
  int has_alloc;
  /* The three comment arrays are one block, from the allocator the batches
   * use (a caller that recycles batch blocks recycles this one too). */
  void *scratch;
  size_t scratch_size;
  tpch_allocator scratch_alloc; /* the allocator that made `scratch` */
  int scratch_has_alloc;
  /* lengths of the value-list strings, so rows never call strlen */
  uint8_t len_type[150], len_cntr[40], len_seg[5], len_prio[5], len_instr[4], len_mode[7];
};

#define LENGTHS(dst, src)                                                                                    \
  for (size_t k_ = 0; k_ < sizeof(dst); k_++)                                                                \
  (dst)[k_] = (uint8_t)strlen((src)[k_])

static void init_lengths(tpch_gen *g) {
  LENGTHS(g->len_type, tpch_p_types);
  LENGTHS(g->len_cntr, tpch_p_containers);
  LENGTHS(g->len_seg, tpch_segments);
  LENGTHS(g->len_prio, tpch_priorities);
  LENGTHS(g->len_instr, tpch_instructions);
  LENGTHS(g->len_mode, tpch_ship_modes);
}

/* Entry k of a value list with its precomputed length. */
#define PUT_LISTED(col, r, list, lens, k)                                                                    \
  do {                                                                                                       \
    int64_t k_ = (k);                                                                                        \
    put_str((col), (r), (list)[k_], (lens)[k_]);                                                             \
  } while (0)

void tpch_gen_set_allocator(tpch_gen *g, const tpch_allocator *a) {
  g->has_alloc = a != NULL;
  if (a) g->alloc = *a;
}

#define STARTDATE 92001   /* dbgen's linear day number of 1992-01-01 */
#define CURRENTDATE 93264 /* 1995-06-17 as a linear day number */
#define EPOCH_1992 8035   /* days from 1970-01-01 to 1992-01-01 */
#define POOL_SIZE TPCH_TEXT_POOL_SIZE

static inline int32_t date32(int64_t linear) {
  return (int32_t)(linear - STARTDATE + EPOCH_1992);
}

/* Retail price of part p in cents (section 7, PART). */
static inline int64_t retail_price(int64_t p) {
  return 90000 + ((p / 10) % 20001) + 100 * (p % 1000);
}

/* Supplier of part p in slot j (0..3). */
static inline int64_t part_supplier(int64_t p, int64_t j, int64_t S) {
  return (p + j * (S / 4 + (p - 1) / S)) % S + 1;
}

/* Writes v in decimal, zero-padded to at least `width` digits; returns length. */
static int put_padded(char *dst, int64_t v, int width) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v > 0);
  while (n < width)
    tmp[n++] = '0';
  for (int i = 0; i < n; i++)
    dst[i] = tmp[n - 1 - i];
  return n;
}

/* "Prefix#000000042" */
static void put_tagged(batch_col *c, int64_t r, const char *prefix, int plen, int64_t v) {
  char *p = str_at(c);
  memcpy(p, prefix, (size_t)plen);
  str_end(c, r, plen + put_padded(p + plen, v, 9));
}

/* A comment of average length `avg`: a slice of the pool (section 4.2).
 * Its room is reserved now; the bytes arrive when the batch is finished. */
static void put_comment(tpch_gen *g, batch_col *c, int64_t r, int64_t *s, int avg) {
  int lo = (int)(avg * 0.4), hi = (int)(avg * 1.6);
  int64_t off = tpch_rng_uniform(s, 0, POOL_SIZE - hi);
  int len = (int)tpch_rng_uniform(s, lo, hi);
  int64_t k = g->ncomments++;
  g->comment_off[k] = off;
  g->comment_len[k] = len;
  g->comment_dst[k] = str_at(c);
  str_end(c, r, len);
}

/* The same, with the bytes copied at once (for the supplier's edit). */
static void put_comment_now(const tpch_gen *g, batch_col *c, int64_t r, int64_t *s, int avg) {
  int lo = (int)(avg * 0.4), hi = (int)(avg * 1.6);
  int64_t off = tpch_rng_uniform(s, 0, POOL_SIZE - hi);
  int len = (int)tpch_rng_uniform(s, lo, hi);
  tpch_text_pool_read(g->pool, off, len, str_at(c));
  str_end(c, r, len);
}

/* Random address string (section 4.3). */
static void put_address(batch_col *c, int64_t r, int64_t *s) {
  static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ,";
  int len = (int)tpch_rng_uniform(s, 10, 40);
  char *p = str_at(c);
  int64_t x = 0;
  for (int i = 0; i < len; i++) {
    if (i % 5 == 0) x = tpch_rng_uniform_addr(s);
    p[i] = alphabet[x & 63];
    x >>= 6; /* arithmetic shift of a negative value, as dbgen relies on */
  }
  str_end(c, r, len);
}

/* Phone number "CC-AAA-BBB-CCCC" for nation n (section 4.4). */
static void put_phone(batch_col *c, int64_t r, int64_t *s, int64_t nation) {
  int64_t a = tpch_rng_uniform(s, 100, 999);
  int64_t b = tpch_rng_uniform(s, 100, 999);
  int64_t d = tpch_rng_uniform(s, 1000, 9999);
  char *p = str_at(c);
  put_padded(p, 10 + nation, 2);
  p[2] = '-';
  put_padded(p + 3, a, 3);
  p[6] = '-';
  put_padded(p + 7, b, 3);
  p[10] = '-';
  put_padded(p + 11, d, 4);
  str_end(c, r, 15);
}

static inline void put_cstr(batch_col *c, int64_t r, const char *s) {
  put_str(c, r, s, (int)strlen(s));
}

/* ---- one row unit per table; `s` holds the streams at the unit's start ---- */

static void unit_part(tpch_gen *g, batch *b, int64_t i, int64_t *s) {
  batch_col *c = b->cols;
  int64_t r = b->rows;
  put_i64(&c[0], r, i);
  /* p_name: first five of a 92-color permutation (section 3.4); later swaps
   * never touch positions 0-4, and the quota takes care of the stream. */
  int perm[92];
  for (int k = 0; k < 92; k++)
    perm[k] = k;
  char *p = str_at(&c[1]);
  int len = 0;
  for (int k = 0; k < 5; k++) {
    int j = (int)tpch_rng_uniform(&s[S_P_NAME], k, 91);
    int t = perm[k];
    perm[k] = perm[j];
    perm[j] = t;
    if (k) p[len++] = ' ';
    size_t n = strlen(tpch_colors[perm[k]]);
    memcpy(p + len, tpch_colors[perm[k]], n);
    len += (int)n;
  }
  str_end(&c[1], r, len);
  int64_t m = tpch_rng_uniform(&s[S_P_MFG], 1, 5);
  int64_t n = tpch_rng_uniform(&s[S_P_BRND], 1, 5);
  char *q = str_at(&c[2]);
  memcpy(q, "Manufacturer#", 13);
  q[13] = (char)('0' + m);
  str_end(&c[2], r, 14);
  q = str_at(&c[3]);
  memcpy(q, "Brand#", 6);
  q[6] = (char)('0' + m);
  q[7] = (char)('0' + n);
  str_end(&c[3], r, 8);
  PUT_LISTED(&c[4], r, tpch_p_types, g->len_type, tpch_rng_uniform(&s[S_P_TYPE], 1, 150) - 1);
  put_i32(&c[5], r, (int32_t)tpch_rng_uniform(&s[S_P_SIZE], 1, 50));
  PUT_LISTED(&c[6], r, tpch_p_containers, g->len_cntr, tpch_rng_uniform(&s[S_P_CNTR], 1, 40) - 1);
  put_dec(&c[7], r, retail_price(i));
  put_comment(g, &c[8], r, &s[S_P_CMNT], 14);
  b->rows++;
}

static void unit_partsupp(tpch_gen *g, batch *b, int64_t i, int64_t *s) {
  batch_col *c = b->cols;
  for (int64_t j = 0; j < 4; j++) {
    int64_t r = b->rows;
    put_i64(&c[0], r, i);
    put_i64(&c[1], r, part_supplier(i, j, g->sc.suppliers));
    put_i32(&c[2], r, (int32_t)tpch_rng_uniform(&s[S_PS_QTY], 1, 9999));
    put_dec(&c[3], r, tpch_rng_uniform(&s[S_PS_SCST], 100, 100000));
    put_comment(g, &c[4], r, &s[S_PS_CMNT], 124);
    b->rows++;
  }
}

static void unit_supplier(const tpch_gen *g, batch *b, int64_t i, int64_t *s) {
  batch_col *c = b->cols;
  int64_t r = b->rows;
  put_i64(&c[0], r, i);
  put_tagged(&c[1], r, "Supplier#", 9, i);
  put_address(&c[2], r, &s[S_S_ADDR]);
  int64_t nation = tpch_rng_uniform(&s[S_S_NTRG], 0, 24);
  put_i64(&c[3], r, nation);
  put_phone(&c[4], r, &s[S_S_PHNE], nation);
  put_dec(&c[5], r, tpch_rng_uniform(&s[S_S_ABAL], -99999, 999999));
  char *text = str_at(&c[6]);
  put_comment_now(g, &c[6], r, &s[S_S_CMNT], 63);
  /* The Better Business Bureau edit: four draws every row, an overwrite in
   * about 0.1% of them; the length stays the same. */
  int64_t len = c[6].offsets[r + 1] - c[6].offsets[r];
  int64_t bad = tpch_rng_uniform(&s[S_BBB_CMNT], 1, 10000);
  int64_t type = tpch_rng_uniform(&s[S_BBB_TYPE], 0, 100);
  int64_t noise = tpch_rng_uniform(&s[S_BBB_JNK], 0, len - 19);
  int64_t off = tpch_rng_uniform(&s[S_BBB_OFFSET], 0, len - 19 - noise);
  if (bad <= 10) {
    memcpy(text + off, "Customer ", 9);
    memcpy(text + off + 9 + noise, type < 50 ? "Complaints" : "Recommends", 10);
  }
  b->rows++;
}

static void unit_customer(tpch_gen *g, batch *b, int64_t i, int64_t *s) {
  batch_col *c = b->cols;
  int64_t r = b->rows;
  put_i64(&c[0], r, i);
  put_tagged(&c[1], r, "Customer#", 9, i);
  put_address(&c[2], r, &s[S_C_ADDR]);
  int64_t nation = tpch_rng_uniform(&s[S_C_NTRG], 0, 24);
  put_i64(&c[3], r, nation);
  put_phone(&c[4], r, &s[S_C_PHNE], nation);
  put_dec(&c[5], r, tpch_rng_uniform(&s[S_C_ABAL], -99999, 999999));
  PUT_LISTED(&c[6], r, tpch_segments, g->len_seg, tpch_rng_uniform(&s[S_C_MSEG], 1, 5) - 1);
  put_comment(g, &c[7], r, &s[S_C_CMNT], 73);
  b->rows++;
}

/* Everything an order unit draws, shared by the orders and lineitem tables. */
typedef struct order_lines {
  int n;
  int64_t orderdate;
  int64_t partkey[7], quantity[7], discount[7], tax[7], ship[7];
} order_lines;

static int64_t draw_partkey(tpch_gen *g, int64_t *s) {
  if (g->big) return tpch_rng64_uniform(&g->st64_pkey, 1, g->sc.parts);
  return tpch_rng_uniform(&s[S_L_PKEY], 1, g->sc.parts);
}

static void draw_order_lines(tpch_gen *g, int64_t *s, order_lines *o) {
  o->orderdate = tpch_rng_uniform(&s[S_O_ODATE], STARTDATE, STARTDATE + 2557 - 151 - 1);
  o->n = (int)tpch_rng_uniform(&s[S_O_LCNT], 1, 7);
  for (int j = 0; j < o->n; j++) {
    o->partkey[j] = draw_partkey(g, s);
    o->quantity[j] = tpch_rng_uniform(&s[S_L_QTY], 1, 50);
    o->discount[j] = tpch_rng_uniform(&s[S_L_DCNT], 0, 10);
    o->tax[j] = tpch_rng_uniform(&s[S_L_TAX], 0, 8);
    o->ship[j] = o->orderdate + tpch_rng_uniform(&s[S_L_SDTE], 1, 121);
  }
  if (g->big) /* the 64-bit partkey stream is padded to its quota of 7 */
    g->st64_pkey = (uint64_t)tpch_rng64_skip((int64_t)g->st64_pkey, 7 - o->n);
}

/* dbgen's mk_sparse: of every 32 keys the base data uses 8 (seq 0), each
 * refresh set's new orders the next 8 (seq 1). */
static inline int64_t sparse_key(int64_t i, int64_t seq) {
  return ((((i >> 3) << 2) + seq) << 3) | (i & 7);
}

static void unit_orders(tpch_gen *g, batch *b, int64_t i, int64_t *s) {
  batch_col *c = b->cols;
  int64_t r = b->rows;
  order_lines o;
  draw_order_lines(g, s, &o);
  int64_t C = g->sc.customers;
  int64_t k = g->big ? tpch_rng64_uniform(&g->st64_ckey, 1, C) : tpch_rng_uniform(&s[S_O_CKEY], 1, C);
  for (int delta = 1; k % 3 == 0; delta = -delta) /* customers 3, 6, ... place no orders */
    k = (k + delta < C) ? k + delta : C;
  int64_t total = 0;
  int shipped = 0;
  for (int j = 0; j < o.n; j++) {
    int64_t ep = o.quantity[j] * retail_price(o.partkey[j]);
    total += ((ep * (100 - o.discount[j])) / 100) * (100 + o.tax[j]) / 100;
    shipped += o.ship[j] <= CURRENTDATE;
  }
  put_i64(&c[0], r, sparse_key(i, g->key_seq));
  put_i64(&c[1], r, k);
  put_str(&c[2], r, shipped == o.n ? "F" : shipped == 0 ? "O" : "P", 1);
  put_dec(&c[3], r, total);
  put_i32(&c[4], r, date32(o.orderdate));
  PUT_LISTED(&c[5], r, tpch_priorities, g->len_prio, tpch_rng_uniform(&s[S_O_PRIO], 1, 5) - 1);
  put_tagged(&c[6], r, "Clerk#", 6, tpch_rng_uniform(&s[S_O_CLRK], 1, g->sc.clerks));
  put_i32(&c[7], r, 0);
  put_comment(g, &c[8], r, &s[S_O_CMNT], 49);
  b->rows++;
}

static void unit_lineitem(tpch_gen *g, batch *b, int64_t i, int64_t *s) {
  batch_col *c = b->cols;
  order_lines o;
  draw_order_lines(g, s, &o);
  if (g->big) tpch_rng64_next(&g->st64_ckey); /* o_custkey's draw, not needed here */
  int64_t key = sparse_key(i, g->key_seq);
  for (int j = 0; j < o.n; j++) {
    int64_t r = b->rows;
    int64_t slot = tpch_rng_uniform(&s[S_L_SKEY], 0, 3);
    int64_t commit = o.orderdate + tpch_rng_uniform(&s[S_L_CDTE], 30, 90);
    int64_t receipt = o.ship[j] + tpch_rng_uniform(&s[S_L_RDTE], 1, 30);
    const char *flag = "N";
    if (receipt <= CURRENTDATE) flag = tpch_return_flags[tpch_rng_uniform(&s[S_L_RFLG], 1, 2) - 1];
    put_i64(&c[0], r, key);
    put_i64(&c[1], r, o.partkey[j]);
    put_i64(&c[2], r, part_supplier(o.partkey[j], slot, g->sc.suppliers));
    put_i32(&c[3], r, j + 1);
    put_dec(&c[4], r, o.quantity[j] * 100);
    put_dec(&c[5], r, o.quantity[j] * retail_price(o.partkey[j]));
    put_dec(&c[6], r, o.discount[j]);
    put_dec(&c[7], r, o.tax[j]);
    put_str(&c[8], r, flag, 1);
    put_str(&c[9], r, o.ship[j] <= CURRENTDATE ? "F" : "O", 1);
    put_i32(&c[10], r, date32(o.ship[j]));
    put_i32(&c[11], r, date32(commit));
    put_i32(&c[12], r, date32(receipt));
    PUT_LISTED(&c[13], r, tpch_instructions, g->len_instr, tpch_rng_uniform(&s[S_L_SHIP], 1, 4) - 1);
    PUT_LISTED(&c[14], r, tpch_ship_modes, g->len_mode, tpch_rng_uniform(&s[S_L_SMODE], 1, 7) - 1);
    put_comment(g, &c[15], r, &s[S_L_CMNT], 27);
    b->rows++;
  }
}

static void unit_nation(tpch_gen *g, batch *b, int64_t i, int64_t *s) {
  batch_col *c = b->cols;
  int64_t r = b->rows;
  put_i64(&c[0], r, i - 1);
  put_cstr(&c[1], r, tpch_nation_names[i - 1]);
  put_i64(&c[2], r, tpch_nation_region[i - 1]);
  put_comment(g, &c[3], r, &s[S_N_CMNT], 72);
  b->rows++;
}

static void unit_region(tpch_gen *g, batch *b, int64_t i, int64_t *s) {
  batch_col *c = b->cols;
  int64_t r = b->rows;
  put_i64(&c[0], r, i - 1);
  put_cstr(&c[1], r, tpch_region_names[i - 1]);
  put_comment(g, &c[2], r, &s[S_R_CMNT], 72);
  b->rows++;
}

static void gen_unit(tpch_gen *g, batch *b, int64_t i, int64_t *s) {
  if (g->deletes) {
    put_i64(&b->cols[0], b->rows++, sparse_key(i, g->key_seq));
    return;
  }
  switch (g->table) {
  case TPCH_PART: unit_part(g, b, i, s); break;
  case TPCH_PARTSUPP: unit_partsupp(g, b, i, s); break;
  case TPCH_SUPPLIER: unit_supplier(g, b, i, s); break;
  case TPCH_CUSTOMER: unit_customer(g, b, i, s); break;
  case TPCH_ORDERS: unit_orders(g, b, i, s); break;
  case TPCH_LINEITEM: unit_lineitem(g, b, i, s); break;
  case TPCH_NATION: unit_nation(g, b, i, s); break;
  case TPCH_REGION: unit_region(g, b, i, s); break;
  default: break;
  }
}

/*
 * At SF >= 30000 dbgen draws o_custkey and l_partkey from a 64-bit LCG
 * (section 3.7). The custkey stream takes one step per order, so its state
 * at order `first` is a closed-form jump. The partkey stream is padded after
 * every order by a Park-Miller skip on the 64-bit state, which has no closed
 * form; its state every 2^24 orders is in a table computed once by
 * tools/pkey_checkpoints.c (the walk depends only on the line counts, so one
 * table serves every scale factor), and the rest is walked: at most 2^24
 * orders, about 0.15 s. This matches dbgen's unchunked run for any split.
 *
 * A run creates one generator per task, tasks of one part are consecutive,
 * and a refresh set's walk starts at the set's first order whatever the
 * task. So the states walked to are remembered (a few per process, under a
 * lock that is held while walking): a generator starts from the nearest one
 * at or below its first order when that is nearer than the checkpoint (or
 * than the set's start), and a part pays its long walk once, not once per
 * task. The state at an order is the same whichever way it is reached, so
 * the output does not depend on the order tasks are created in.
 */
enum { WALK_CHUNK = 1 << 20, WALK_MEMO = 64 };

typedef struct walk_point {
  int64_t origin; /* 0: the base data's stream; O > 0: refresh sets at a scale with O orders */
  int64_t orders; /* orders walked from the origin */
  uint64_t pkey;  /* the partkey stream's state there */
  int64_t lcnt;   /* the line-count stream's state there */
} walk_point;

static pthread_mutex_t walk_lock = PTHREAD_MUTEX_INITIALIZER;
static walk_point walk_memo[WALK_MEMO];
static int walk_memo_used, walk_memo_next;

/* Walks *p forward to `orders` in chunks, checking the cancel flag between them. */
static int walk_to(walk_point *p, int64_t orders) {
  while (p->orders < orders) {
    if (tpch_cancel_requested()) return TPCH_ECANCELED;
    int64_t n = orders - p->orders < WALK_CHUNK ? orders - p->orders : WALK_CHUNK;
    p->pkey = tpch_rng64_walk_orders(p->pkey, &p->lcnt, n);
    p->orders += n;
  }
  return TPCH_OK;
}

/* The partkey stream `orders` orders past `start` (whose origin says which
 * walk it is): from start or the nearest remembered state, whichever is
 * nearer; the result is remembered. */
static int walk_position(const walk_point *start, int64_t orders, uint64_t *pkey, tpch_error *err) {
  pthread_mutex_lock(&walk_lock);
  walk_point p = *start;
  for (int i = 0; i < walk_memo_used; i++) {
    const walk_point *m = &walk_memo[i];
    if (m->origin == start->origin && m->orders <= orders && m->orders > p.orders) p = *m;
  }
  int64_t from = p.orders;
  int rc = walk_to(&p, orders);
  if (rc == TPCH_OK && p.orders > from) {
    walk_memo[walk_memo_next] = p;
    walk_memo_next = (walk_memo_next + 1) % WALK_MEMO;
    if (walk_memo_used < WALK_MEMO) walk_memo_used++;
  }
  if (rc == TPCH_OK) *pkey = p.pkey;
  pthread_mutex_unlock(&walk_lock);
  if (rc != TPCH_OK) return tpch_error_set(err, rc, "interrupted");
  return TPCH_OK;
}

static int position_big_streams(tpch_gen *g, int64_t first, tpch_error *err) {
  g->st64_ckey = tpch_rng64_advance((uint64_t)stream_seed[S_O_CKEY], first - 1);
  walk_point start = {.origin = 0};
  start.orders = tpch_rng64_pkey_checkpoint(first - 1, &start.pkey, &start.lcnt);
  return walk_position(&start, first - 1, &g->st64_pkey, err);
}

/* The parts of create shared by the base data and refresh sets: `td` is the
 * layout, streams start at unit first + order_off (order streams) or
 * first + line_off (lineitem streams, L_QTY .. L_CMNT). */
static tpch_gen *gen_alloc(const tpch_scale *s, const tpch_text_pool *pool, tpch_table t, const table_def *td,
                           int64_t first_unit, int64_t unit_count, int64_t order_off, int64_t line_off) {
  tpch_gen *g = calloc(1, sizeof *g);
  if (g == NULL) return NULL;
  g->sc = *s;
  g->table = t;
  g->td = td;
  g->pool = pool;
  g->next_unit = first_unit;
  g->end_unit = first_unit + unit_count;
  for (const int8_t *k = td->streams; *k >= 0; k++) {
    int64_t off = (*k >= S_L_QTY && *k <= S_L_CMNT) ? line_off : order_off;
    g->st[*k] = tpch_rng_skip(stream_seed[*k], stream_quota[*k] * (first_unit - 1 + off));
    g->adv[*k] = tpch_rng_skip_multiplier(stream_quota[*k]);
  }
  init_lengths(g);
  return g;
}

static int check_create(const tpch_scale *s, const tpch_text_pool *pool, tpch_error *err) {
  if (s == NULL || pool == NULL) return tpch_error_set(err, TPCH_EINVAL, "scale and text pool are required");
  if (tpch_text_pool_size(pool) != POOL_SIZE)
    return tpch_error_set(err, TPCH_EINVAL, "the generator needs the full-size text pool");
  return TPCH_OK;
}

int tpch_gen_create(tpch_gen **out, const tpch_scale *s, const tpch_text_pool *pool, tpch_table t,
                    int64_t first_unit, int64_t unit_count, tpch_error *err) {
  *out = NULL;
  int rc = check_create(s, pool, err);
  if (rc != TPCH_OK) return rc;
  if (t < 0 || t >= TPCH_TABLE_COUNT) return tpch_error_set(err, TPCH_EINVAL, "no such table");
  int64_t units = tpch_table_units(s, t);
  if (first_unit < 1 || unit_count < 0 || first_unit - 1 > units - unit_count)
    return tpch_error_set(err, TPCH_EINVAL, "units %lld..%lld are outside %s's 1..%lld",
                          (long long)first_unit, (long long)(first_unit + unit_count - 1), tpch_table_name(t),
                          (long long)units);
  tpch_gen *g = gen_alloc(s, pool, t, &tables[t], first_unit, unit_count, 0, 0);
  if (g == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  *out = g;
  g->big = (t == TPCH_ORDERS || t == TPCH_LINEITEM) && s->scale >= 30000;
  if (g->big && (rc = position_big_streams(g, first_unit, err)) != TPCH_OK) {
    tpch_gen_destroy(g);
    *out = NULL;
    return rc;
  }
  return TPCH_OK;
}

/* ---- refresh sets (section 12) ----------------------------------------------- */

int64_t tpch_refresh_orders(const tpch_scale *s) {
  return s->orders / 10000 * 10;
}

int tpch_refresh_schema(tpch_refresh_kind k, struct ArrowSchema *out, tpch_error *err) {
  switch (k) {
  case TPCH_REFRESH_ORDERS: return tpch_table_schema(TPCH_ORDERS, out, err);
  case TPCH_REFRESH_LINEITEM: return tpch_table_schema(TPCH_LINEITEM, out, err);
  case TPCH_REFRESH_DELETE: return batch_schema(table_delete.cols, table_delete.ncols, out, err);
  default: return tpch_error_set(err, TPCH_EINVAL, "no such refresh output");
  }
}

/*
 * dbgen -U: the streams are first moved past the base data as its 100-way
 * chunk split does (set_state(ORDER, scale, 100, 101)): the order streams by
 * all O orders, the lineitem streams by 100 * floor(O / 100) orders (the
 * remainder is skipped for order streams only). Set k then makes orders
 * (k - 1) * n + 1 .. k * n of that region (n = tpch_refresh_orders) with
 * seq-1 keys; its deletions are the base keys of the same indices.
 * dbgen runs the sets one after another in one process; at SF >= 30000 the
 * 64-bit partkey stream of set k therefore starts where set k - 1 ended,
 * which is walked here ((k - 1) * n orders, about 8 ns each; once per
 * process, see walk_position).
 */
int tpch_refresh_create(tpch_gen **out, const tpch_scale *s, const tpch_text_pool *pool,
                        tpch_refresh_kind kind, int set, int64_t first, int64_t count, tpch_error *err) {
  *out = NULL;
  int rc = check_create(s, pool, err);
  if (rc != TPCH_OK) return rc;
  if (kind != TPCH_REFRESH_ORDERS && kind != TPCH_REFRESH_LINEITEM && kind != TPCH_REFRESH_DELETE)
    return tpch_error_set(err, TPCH_EINVAL, "no such refresh output");
  if (set < 1 || set > TPCH_REFRESH_MAX_SETS)
    return tpch_error_set(err, TPCH_EINVAL, "refresh set %d is outside 1..%d", set, TPCH_REFRESH_MAX_SETS);
  int64_t n = tpch_refresh_orders(s);
  if (first < 1 || count < 0 || first - 1 > n - count)
    return tpch_error_set(err, TPCH_EINVAL, "orders %lld..%lld are outside the refresh set's 1..%lld",
                          (long long)first, (long long)(first + count - 1), (long long)n);
  int64_t index = (int64_t)(set - 1) * n + first; /* dbgen's order index of the first row */
  int64_t O = s->orders, O_lines = O / 100 * 100;
  if (kind == TPCH_REFRESH_DELETE) {
    tpch_gen *d = gen_alloc(s, pool, TPCH_ORDERS, &table_delete, index, count, 0, 0);
    if (d == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    d->deletes = 1;
    d->key_seq = set / 1000;
    *out = d;
    return TPCH_OK;
  }
  tpch_table t = kind == TPCH_REFRESH_ORDERS ? TPCH_ORDERS : TPCH_LINEITEM;
  tpch_gen *g = gen_alloc(s, pool, t, &tables[t], index, count, O, O_lines);
  if (g == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  *out = g;
  g->key_seq = 1 + set / 1000;
  g->big = s->scale >= 30000;
  if (g->big) { /* both streams were moved by the 31-bit skip, then run on */
    g->st64_ckey = tpch_rng64_advance((uint64_t)tpch_rng_skip(stream_seed[S_O_CKEY], O), index - 1);
    walk_point start = {.origin = O, .orders = 0};
    start.lcnt = tpch_rng_skip(stream_seed[S_O_LCNT], O);
    start.pkey = (uint64_t)tpch_rng_skip(stream_seed[S_L_PKEY], 7 * O_lines);
    rc = walk_position(&start, index - 1, &g->st64_pkey, err);
    if (rc != TPCH_OK) {
      tpch_gen_destroy(g);
      *out = NULL;
      return rc;
    }
  }
  return TPCH_OK;
}

/* Rows the next `units` lineitem units hold: each order's line count, drawn
 * from the S_O_LCNT stream exactly as unit_lineitem draws it (its one draw
 * from that stream per order), so a batch is allocated for the rows it gets
 * rather than for seven lines an order. */
static int64_t lines_ahead(const tpch_gen *g, int64_t units) {
  int64_t st = g->st[S_O_LCNT], rows = 0;
  for (int64_t u = 0; u < units; u++) {
    int64_t draw = st;
    rows += tpch_rng_uniform(&draw, 1, 7);
    st = tpch_rng_mulmod(st, g->adv[S_O_LCNT]);
  }
  return rows;
}

static void scratch_free(tpch_gen *g) {
  if (g->scratch == NULL) return;
  if (g->scratch_has_alloc)
    g->scratch_alloc.release(g->scratch_alloc.ctx, g->scratch, g->scratch_size);
  else
    free(g->scratch);
  g->scratch = NULL;
  g->comment_off = NULL;
  g->comment_len = NULL;
  g->comment_dst = NULL;
  g->cap_comments = 0;
}

/* Room for n comments: offsets, then destinations, then lengths. */
static int scratch_reserve(tpch_gen *g, int64_t n) {
  scratch_free(g);
  size_t size = (size_t)n * (sizeof *g->comment_off + sizeof *g->comment_dst + sizeof *g->comment_len);
  g->scratch_has_alloc = g->has_alloc;
  g->scratch_alloc = g->alloc;
  g->scratch = g->has_alloc ? g->alloc.alloc(g->alloc.ctx, size) : malloc(size);
  if (g->scratch == NULL) return TPCH_ENOMEM;
  g->scratch_size = size;
  g->comment_off = g->scratch;
  g->comment_dst = (char **)(g->comment_off + n);
  g->comment_len = (int32_t *)(g->comment_dst + n);
  g->cap_comments = n;
  return TPCH_OK;
}

int64_t tpch_gen_next(tpch_gen *g, int64_t max_rows, struct ArrowArray *out, tpch_error *err) {
  if (g == NULL || out == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL generator or output");
  int per = g->deletes ? 1 : tpch_table_rows_per_unit(g->table);
  if (max_rows < per)
    return tpch_error_set(err, TPCH_EINVAL, "batches of %s need room for %d rows", tpch_table_name(g->table),
                          per);
  if (g->next_unit >= g->end_unit) return 0;
  int64_t units = max_rows / per;
  if (units > g->end_unit - g->next_unit) units = g->end_unit - g->next_unit;
  const table_def *td = g->td;
  if (units * per > g->cap_comments && scratch_reserve(g, units * per) != TPCH_OK)
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  g->ncomments = 0;
  int64_t cap = g->table == TPCH_LINEITEM && !g->deletes ? lines_ahead(g, units) : units * per;
  batch b;
  int rc = batch_init(&b, td->cols, td->ncols, cap, g->has_alloc ? &g->alloc : NULL, err);
  if (rc != TPCH_OK) return rc;
  int64_t s[N_STREAMS];
  for (int64_t u = 0; u < units; u++) {
    memcpy(s, g->st, sizeof s);
    gen_unit(g, &b, g->next_unit, s);
    for (const int8_t *k = td->streams; *k >= 0; k++)
      g->st[*k] = tpch_rng_mulmod(g->st[*k], g->adv[*k]);
    g->next_unit++;
  }
  tpch_text_pool_read_many(g->pool, (size_t)g->ncomments, g->comment_off, g->comment_len, g->comment_dst);
  int64_t rows = b.rows;
  if (rows != cap) { /* lines_ahead and unit_lineitem disagree: a bug, never data */
    batch_free(&b);
    return tpch_error_set(err, TPCH_EINVAL, "internal error: %lld rows in a batch made for %lld",
                          (long long)rows, (long long)cap);
  }
  rc = batch_export(&b, out, err);
  if (rc != TPCH_OK) {
    batch_free(&b);
    return rc;
  }
  return rows;
}

void tpch_gen_destroy(tpch_gen *g) {
  if (g == NULL) return;
  scratch_free(g);
  free(g);
}

/* Lineitem rows of units first.. until `count` units or `want` rows; the
 * number of units walked goes to *units. Draws only the line counts. */
static int64_t walk_lines(int64_t first, int64_t count, int64_t want, int64_t *units) {
  int64_t st = tpch_rng_skip(stream_seed[S_O_LCNT], first - 1), rows = 0, u = 0;
  while (u < count && rows < want) {
    rows += tpch_rng_uniform(&st, 1, 7); /* the line count is the stream's only draw per order */
    u++;
  }
  *units = u;
  return rows;
}

int64_t tpch_table_rows(const tpch_scale *s, tpch_table t, int64_t first, int64_t count) {
  (void)s;
  if (t != TPCH_LINEITEM) return count * tpch_table_rows_per_unit(t);
  int64_t units;
  return walk_lines(first, count, INT64_MAX, &units);
}

int64_t tpch_table_units_for_rows(const tpch_scale *s, tpch_table t, int64_t first, int64_t max_units,
                                  int64_t rows) {
  (void)s;
  int64_t units;
  if (t == TPCH_LINEITEM) {
    walk_lines(first, max_units, rows, &units);
    return units;
  }
  int per = tpch_table_rows_per_unit(t);
  units = (rows + per - 1) / per;
  return units < max_units ? units : max_units;
}
