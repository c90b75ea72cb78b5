/*
 * tpcds_gen.c - the public TPC-DS generator: table names, schemas, row
 * counts, and batches built row by row from the table builders.
 */
#include "tpcds_gen.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_schema.h"
#include "ds_tables.h"

static const char *const table_names[TPCDS_TABLE_COUNT] = {"call_center",
                                                           "catalog_page",
                                                           "catalog_returns",
                                                           "catalog_sales",
                                                           "customer",
                                                           "customer_address",
                                                           "customer_demographics",
                                                           "date_dim",
                                                           "household_demographics",
                                                           "income_band",
                                                           "inventory",
                                                           "item",
                                                           "promotion",
                                                           "reason",
                                                           "ship_mode",
                                                           "store",
                                                           "store_returns",
                                                           "store_sales",
                                                           "time_dim",
                                                           "warehouse",
                                                           "web_page",
                                                           "web_returns",
                                                           "web_sales",
                                                           "web_site"};

const char *tpcds_table_name(tpcds_table t) {
  return (unsigned)t < TPCDS_TABLE_COUNT ? table_names[t] : "?";
}

int tpcds_table_from_name(const char *name, tpcds_table *out, tpch_error *err) {
  for (int i = 0; i < TPCDS_TABLE_COUNT; i++)
    if (strcmp(name, table_names[i]) == 0) {
      *out = (tpcds_table)i;
      return TPCH_OK;
    }
  return tpch_error_set(err, TPCH_EINVAL, "unknown TPC-DS table '%s'", name);
}

int tpcds_table_available(tpcds_table t) {
  if ((unsigned)t >= TPCDS_TABLE_COUNT) return 0;
  return ds_is_sales((int)t) ? ds_sales_available((int)t) : ds_table_infos[t].build != NULL;
}

int tpcds_scale_check(double sf, tpch_error *err) {
  if (sf >= 1 && sf <= 100000 && sf == floor(sf)) return TPCH_OK;
  if (sf >= 0.01 && sf < 1) {
    double micro = sf * 1e6;
    if (fabs(micro - nearbyint(micro)) < 1e-6) return TPCH_OK;
    return tpch_error_set(err, TPCH_EINVAL, "a TPC-DS scale factor below 1 has at most 6 decimals, got %.12g",
                          sf);
  }
  if (sf > 1 && sf < 100000)
    return tpch_error_set(
        err, TPCH_EINVAL,
        "a TPC-DS scale factor above 1 must be a whole number (dsdgen reads %g as %d), got %g", sf, (int)sf,
        sf);
  return tpch_error_set(
      err, TPCH_EINVAL,
      "TPC-DS scale factor must be a whole number from 1 to 100000 or a fraction from 0.01 to 1, "
      "got %g",
      sf);
}

static int scale_ok(double sf) {
  return tpcds_scale_check(sf, NULL) == TPCH_OK;
}

int64_t tpcds_table_rows(double sf, tpcds_table t) {
  if ((unsigned)t >= TPCDS_TABLE_COUNT || !scale_ok(sf)) return -1;
  if (ds_is_sales((int)t)) return -1; /* line counts depend on the generated tickets */
  return ds_rowcount(sf, (int)t);
}

int64_t tpcds_table_units(double sf, tpcds_table t) {
  if ((unsigned)t >= TPCDS_TABLE_COUNT || !scale_ok(sf)) return -1;
  return ds_rowcount(sf, ds_sales_parent((int)t));
}

int tpcds_table_by_unit(tpcds_table t) {
  return (unsigned)t < TPCDS_TABLE_COUNT && ds_is_sales((int)t);
}

/* The schema table entry of `t` (the schema lists tables alphabetically,
 * with dbgen_version among them). */
static const ds_table_def *schema_of(tpcds_table t) {
  for (int i = 0; i < DS_SCHEMA_TABLES; i++)
    if (strcmp(ds_schema[i].name, table_names[t]) == 0) return &ds_schema[i];
  return NULL;
}

int tpcds_table_columns(tpcds_table t) {
  const ds_table_def *d = (unsigned)t < TPCDS_TABLE_COUNT ? schema_of(t) : NULL;
  return d ? d->ncols : 0;
}

const char *tpcds_column_name(tpcds_table t, int i) {
  const ds_table_def *d = (unsigned)t < TPCDS_TABLE_COUNT ? schema_of(t) : NULL;
  return d && i >= 0 && i < d->ncols ? d->cols[i].name : NULL;
}

int tpcds_column_text_digits(tpcds_table t, int i) {
  const ds_table_def *d = (unsigned)t < TPCDS_TABLE_COUNT ? schema_of(t) : NULL;
  if (d == NULL || i < 0 || i >= d->ncols || d->cols[i].kind != DS_K_DEC) return -1;
  size_t n = strlen(d->cols[i].name);
  if (n >= 10 && strcmp(d->cols[i].name + n - 10, "gmt_offset") == 0) return 0;
  return d->cols[i].scale;
}

/* ---- schema export (arrow_schema.h's one exporter) ----------------------------- */

static const char *kind_format(const ds_column_def *c, char *buf, size_t n) {
  switch (c->kind) {
  case DS_K_I64: return "l";
  case DS_K_I32: return "i";
  case DS_K_DATE: return "tdD";
  case DS_K_DEC: snprintf(buf, n, "d:%d,%d", c->precision, c->scale); return buf;
  default: return "u";
  }
}

int tpcds_table_schema(tpcds_table t, struct ArrowSchema *out, tpch_error *err) {
  const ds_table_def *d = (unsigned)t < TPCDS_TABLE_COUNT ? schema_of(t) : NULL;
  if (d == NULL) return tpch_error_set(err, TPCH_EINVAL, "unknown TPC-DS table %d", (int)t);
  if (d->ncols > DS_ROW_MAX_COLS) return tpch_error_set(err, TPCH_EINVAL, "too many columns");
  const char *names[DS_ROW_MAX_COLS], *formats[DS_ROW_MAX_COLS];
  char decimals[DS_ROW_MAX_COLS][16];
  int nullable[DS_ROW_MAX_COLS];
  for (int i = 0; i < d->ncols; i++) {
    names[i] = d->cols[i].name;
    formats[i] = kind_format(&d->cols[i], decimals[i], sizeof decimals[i]);
    nullable[i] = d->cols[i].nullable;
  }
  return tpch_arrow_schema_table(out, d->ncols, names, formats, nullable, err);
}

/* ---- batches ------------------------------------------------------------------ */

typedef struct col_buf {
  uint8_t *validity;
  uint8_t *values;  /* fixed width */
  int32_t *offsets; /* strings */
  char *chars;
  int64_t chars_cap;
  int64_t null_count;
} col_buf;

typedef struct batch_priv {
  atomic_int refs;
  int ncols;
  col_buf *cols;
  const void **buffers; /* 3 per column */
  struct ArrowArray *children;
  struct ArrowArray **child_ptrs;
  const void *parent_buffers[1];
} batch_priv;

static void batch_priv_free(batch_priv *p) {
  for (int i = 0; i < p->ncols; i++) {
    free(p->cols[i].validity);
    free(p->cols[i].values);
    free(p->cols[i].offsets);
    free(p->cols[i].chars);
  }
  free(p->cols);
  free(p->buffers);
  free(p->children);
  free(p->child_ptrs);
  free(p);
}

static void batch_unref(batch_priv *p) {
  if (atomic_fetch_sub(&p->refs, 1) == 1) batch_priv_free(p);
}

static void release_batch_child(struct ArrowArray *a) {
  if (a->release == NULL) return;
  a->release = NULL;
  batch_unref(a->private_data);
}

static void release_batch(struct ArrowArray *a) {
  if (a->release == NULL) return;
  for (int64_t i = 0; i < a->n_children; i++)
    if (a->children[i]->release) a->children[i]->release(a->children[i]);
  a->release = NULL;
  batch_unref(a->private_data);
}

#define BATCH_ROWS_MAX (1 << 20)

struct tpcds_gen {
  tpcds_table table;
  const ds_table_def *schema;
  const ds_table_info *info;
  ds_ctx ctx;
  int64_t next_row, end_row; /* units: 1-based, end exclusive */
  ds_row row;
  ds_sales *sales; /* sales and returns tables: lines of the current unit */
  ds_row *lines;
  int nlines, next_line;
  int batches;                    /* tpcds_gen_next calls that returned rows */
  const ds_table_def *ret_schema; /* tpcds_gen_attach_returns: the returns table */
  struct builder *ret;            /* its lines since tpcds_gen_next_returns */
};

static size_t fixed_width(ds_kind k) {
  switch (k) {
  case DS_K_I64: return 8;
  case DS_K_DEC: return 16;
  case DS_K_I32:
  case DS_K_DATE: return 4;
  default: return 16;
  }
}

/* Builds the next row into g->row (and ends it for the streams). */
static void next_row(tpcds_gen *g) {
  ds_row *r = &g->row;
  r->buf_pos = 0;
  r->null_map = 0;
  r->first_stream = g->info->first_stream;
  for (int i = 0; i < g->schema->ncols; i++)
    r->v[i].null = 0;
  g->info->build(&g->ctx, g->next_row, r);
  ds_row_end(&g->ctx.rng, g->info->first_stream, g->info->last_stream);
  g->next_row++;
}

int tpcds_gen_create(tpcds_gen **out, double sf, tpcds_table t, int64_t first_row, int64_t row_count,
                     tpch_error *err) {
  *out = NULL;
  if ((unsigned)t >= TPCDS_TABLE_COUNT)
    return tpch_error_set(err, TPCH_EINVAL, "unknown TPC-DS table %d", (int)t);
  if (!tpcds_table_available(t))
    return tpch_error_set(err, TPCH_EUNSUPPORTED,
                          "TPC-DS table %s is not generated yet (it would not match dsdgen byte for byte)",
                          table_names[t]);
  if (tpcds_scale_check(sf, err) != TPCH_OK) return err ? err->code : TPCH_EINVAL;
  int64_t total = tpcds_table_units(sf, t);
  if (first_row < 1 || row_count < 0 || first_row - 1 + row_count > total)
    return tpch_error_set(err, TPCH_EINVAL, "%s %lld..%lld are outside %s (%lld)",
                          tpcds_table_by_unit(t) ? "tickets/orders" : "rows", (long long)first_row,
                          (long long)(first_row + row_count - 1), table_names[t], (long long)total);
  tpcds_gen *g = calloc(1, sizeof *g);
  if (g == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  g->table = t;
  g->schema = schema_of(t);
  g->info = &ds_table_infos[t];
  ds_ctx_init(&g->ctx, sf);
  g->end_row = first_row + row_count;
  if (tpcds_table_by_unit(t)) {
    g->sales = ds_sales_create(&g->ctx, (int)t, first_row);
    if (g->sales == NULL) {
      free(g);
      return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    }
    g->next_row = first_row;
    *out = g;
    return TPCH_OK;
  }
  int64_t start = 1;
  if (g->info->seekable == 1) {
    start = first_row;
  } else if (g->info->seekable == 2) {
    /* the first revision of first_row's business key: rows 6k+1, 6k+2 and
     * 6k+4 start one (1, 2 and 3 revisions) */
    static const int back[6] = {2, 0, 0, 1, 0, 1};
    start = first_row - back[first_row % 6];
  }
  ds_rng_seek(&g->ctx.rng, g->info->first_stream, g->info->last_stream, start);
  g->next_row = start;
  while (g->next_row < first_row)
    next_row(g);
  *out = g;
  return TPCH_OK;
}

static int reserve_chars(col_buf *c, int64_t need, tpch_error *err) {
  if (need <= c->chars_cap) return TPCH_OK;
  int64_t cap = c->chars_cap ? c->chars_cap : 4096;
  while (cap < need)
    cap *= 2;
  char *n = realloc(c->chars, (size_t)cap);
  if (n == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory growing a batch");
  c->chars = n;
  c->chars_cap = cap;
  return TPCH_OK;
}

/* A batch being filled row by row: the columns of up to `cap` rows. */
typedef struct builder {
  batch_priv *p;
  int ncols;
  int64_t cap, n;
  ds_kind kinds[DS_ROW_MAX_COLS];
} builder;

/* A builder for up to cap rows of `schema`, NULL when out of memory. */
static builder *builder_open(const ds_table_def *schema, int64_t cap, tpch_error *err) {
  int nc = schema->ncols;
  builder *b = calloc(1, sizeof *b);
  batch_priv *p = calloc(1, sizeof *p);
  if (b == NULL || p == NULL) {
    free(b);
    free(p);
    tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    return NULL;
  }
  b->p = p;
  b->ncols = nc;
  b->cap = cap;
  p->ncols = nc;
  p->cols = calloc((size_t)nc, sizeof *p->cols);
  p->buffers = calloc((size_t)nc * 3, sizeof *p->buffers);
  p->children = calloc((size_t)nc, sizeof *p->children);
  p->child_ptrs = calloc((size_t)nc, sizeof *p->child_ptrs);
  int bad = p->cols == NULL || p->buffers == NULL || p->children == NULL || p->child_ptrs == NULL;
  for (int i = 0; i < nc && !bad; i++) {
    col_buf *c = &p->cols[i];
    ds_kind k = b->kinds[i] = schema->cols[i].kind;
    c->validity = calloc((size_t)(cap + 7) / 8, 1);
    if (k == DS_K_STR) {
      c->offsets = malloc((size_t)(cap + 1) * sizeof(int32_t));
      bad = c->validity == NULL || c->offsets == NULL || reserve_chars(c, 16 * cap, err) != TPCH_OK;
      if (!bad) c->offsets[0] = 0;
    } else {
      c->values = malloc((size_t)cap * fixed_width(k)); /* every slot is written */
      bad = c->validity == NULL || c->values == NULL;
    }
  }
  if (bad) {
    p->ncols = p->cols ? nc : 0;
    batch_priv_free(p);
    free(b);
    tpch_error_set(err, TPCH_ENOMEM, "out of memory building a batch");
    return NULL;
  }
  return b;
}

static void builder_free(builder *b) {
  if (b == NULL) return;
  batch_priv_free(b->p);
  free(b);
}

/* Appends a row (the builder has room: n < cap). */
static int builder_add(builder *b, const ds_row *row, tpch_error *err) {
  int64_t r = b->n;
  for (int i = 0; i < b->ncols; i++) {
    col_buf *c = &b->p->cols[i];
    const ds_val *v = &row->v[i];
    if (v->null)
      c->null_count++;
    else
      c->validity[r / 8] |= (uint8_t)(1u << (r % 8));
    switch (b->kinds[i]) {
    case DS_K_I64: ((int64_t *)c->values)[r] = v->null ? 0 : v->i; break;
    case DS_K_I32:
    case DS_K_DATE: ((int32_t *)c->values)[r] = v->null ? 0 : (int32_t)v->i; break;
    case DS_K_DEC: {
      int64_t x = v->null ? 0 : v->i;
      int64_t *d = (int64_t *)(c->values + 16 * r);
      d[0] = x;
      d[1] = x < 0 ? -1 : 0;
      break;
    }
    case DS_K_STR: {
      int32_t at = c->offsets[r];
      int32_t len = v->null ? 0 : v->len;
      if (reserve_chars(c, (int64_t)at + len, err) != TPCH_OK) return err ? err->code : TPCH_ENOMEM;
      if (len) memcpy(c->chars + at, v->s, (size_t)len);
      c->offsets[r + 1] = at + len;
      break;
    }
    default: break;
    }
  }
  b->n++;
  return TPCH_OK;
}

/* Hands the rows over as *out and frees the builder; with no rows, only
 * frees it. Returns the row count. */
static int64_t builder_export(builder *b, struct ArrowArray *out) {
  batch_priv *p = b->p;
  int64_t n = b->n;
  int nc = b->ncols;
  if (n == 0) {
    builder_free(b);
    return 0;
  }
  atomic_init(&p->refs, 1 + nc);
  p->parent_buffers[0] = NULL;
  for (int i = 0; i < nc; i++) {
    struct ArrowArray *a = &p->children[i];
    col_buf *c = &p->cols[i];
    const void **buf = &p->buffers[3 * i];
    buf[0] = c->null_count ? c->validity : NULL;
    if (b->kinds[i] == DS_K_STR) {
      buf[1] = c->offsets;
      buf[2] = c->chars;
      a->n_buffers = 3;
    } else {
      buf[1] = c->values;
      a->n_buffers = 2;
    }
    a->length = n;
    a->null_count = c->null_count;
    a->offset = 0;
    a->buffers = buf;
    a->n_children = 0;
    a->children = NULL;
    a->dictionary = NULL;
    a->release = release_batch_child;
    a->private_data = p;
    p->child_ptrs[i] = a;
  }
  out->length = n;
  out->null_count = 0;
  out->offset = 0;
  out->n_buffers = 1;
  out->buffers = p->parent_buffers;
  out->n_children = nc;
  out->children = p->child_ptrs;
  out->dictionary = NULL;
  out->release = release_batch;
  out->private_data = p;
  free(b);
  return n;
}

int tpcds_gen_attach_returns(tpcds_gen *g, tpch_error *err) {
  if (g == NULL || g->sales == NULL || ds_sales_parent((int)g->table) != (int)g->table || g->batches ||
      g->ret_schema)
    return tpch_error_set(err, TPCH_ESTATE, "returns can only be attached to a new sales table generator");
  tpcds_table rt = g->table == TPCDS_STORE_SALES     ? TPCDS_STORE_RETURNS
                   : g->table == TPCDS_CATALOG_SALES ? TPCDS_CATALOG_RETURNS
                                                     : TPCDS_WEB_RETURNS;
  g->ret_schema = schema_of(rt);
  return TPCH_OK;
}

int64_t tpcds_gen_next_returns(tpcds_gen *g, struct ArrowArray *out, tpch_error *err) {
  if (g == NULL || g->ret_schema == NULL)
    return tpch_error_set(err, TPCH_ESTATE, "no returns table attached to this generator");
  builder *b = g->ret;
  g->ret = NULL;
  return b ? builder_export(b, out) : 0;
}

int64_t tpcds_gen_next(tpcds_gen *g, int64_t max_rows, struct ArrowArray *out, tpch_error *err) {
  if (g == NULL || max_rows < 1) return tpch_error_set(err, TPCH_EINVAL, "bad tpcds_gen_next arguments");
  if (g->ret) return tpch_error_set(err, TPCH_ESTATE, "the returns of the previous batch were not taken");
  /* a batch's strings are addressed by int32 offsets: keep batches far below */
  if (max_rows > BATCH_ROWS_MAX) max_rows = BATCH_ROWS_MAX;
  int64_t n = g->end_row - g->next_row;
  if (g->sales) {
    /* the lines left of the current ticket/order, then at most
     * TPCDS_MAX_UNIT_LINES for each one to come */
    int64_t pending = g->nlines - g->next_line;
    if (n <= 0 && pending == 0) return 0;
    n = pending + (n < max_rows ? n : max_rows) * TPCDS_MAX_UNIT_LINES;
  }
  if (n <= 0) return 0;
  if (n > max_rows) n = max_rows;
  builder *b = builder_open(g->schema, n, err);
  if (b == NULL) return err ? err->code : TPCH_ENOMEM;
  /* the returns of the tickets this batch starts: at most one per line of
   * them, the last ticket's lines possibly running past the batch */
  if (g->ret_schema && (g->ret = builder_open(g->ret_schema, n + TPCDS_MAX_UNIT_LINES, err)) == NULL) {
    builder_free(b);
    return err ? err->code : TPCH_ENOMEM;
  }
  for (int64_t r = 0; r < n; r++) {
    const ds_row *row;
    if (g->sales) {
      while (g->next_line == g->nlines && g->next_row < g->end_row) {
        g->nlines = ds_sales_unit(&g->ctx, g->sales, g->next_row++, &g->lines);
        g->next_line = 0;
        if (g->ret) {
          ds_row *rets;
          int nr = ds_sales_unit_returns(g->sales, &rets);
          for (int k = 0; k < nr; k++)
            if (builder_add(g->ret, &rets[k], err) != TPCH_OK) {
              builder_free(b);
              builder_free(g->ret);
              g->ret = NULL;
              return err ? err->code : TPCH_ENOMEM;
            }
        }
      }
      if (g->next_line == g->nlines) break;
      row = &g->lines[g->next_line++];
    } else {
      next_row(g);
      row = &g->row;
    }
    if (builder_add(b, row, err) != TPCH_OK) {
      builder_free(b);
      builder_free(g->ret);
      g->ret = NULL;
      return err ? err->code : TPCH_ENOMEM;
    }
  }
  /* a returns table's last tickets may have no returns; 0 rows: the range is done */
  int64_t got = builder_export(b, out);
  if (got == 0) {
    builder_free(g->ret);
    g->ret = NULL;
  } else {
    g->batches++;
  }
  return got;
}

void tpcds_gen_destroy(tpcds_gen *g) {
  if (g) {
    ds_sales_destroy(g->sales);
    builder_free(g->ret);
  }
  free(g);
}
