/* parquet_column.c - feeding Arrow values into the open page of a column,
 * deciding where pages end and when the dictionary stops paying, and
 * finishing a column chunk. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parquet_column.h"
#include "parquet_rle.h"
#include "parquet_thrift.h"

/* After this many dictionary-encoded values with no dictionary page yet,
 * a column whose values are mostly distinct goes PLAIN. */
#define PQ_DICT_PROBE_VALUES 4096

/* Fixed-width columns are checked after this many dictionary-encoded
 * values and again at every doubling. A check fails when more than
 * limit/1024 of the values since the previous one were new entries; the
 * limit starts at 7/8 and shrinks by sqrt(2) per check down to 1/8. So a
 * column that is still mostly new values after 4096 (keys, prices) goes
 * PLAIN at once, one with a few thousand distinct values (dates, supplier
 * keys) has time to show that it repeats, and one that keeps adding an
 * entry every few values (a sorted key with short runs, which PLAIN +
 * compression handles far better) goes PLAIN after 65536. */
#define PQ_FIXED_PROBE_FIRST 4096
#define PQ_FIXED_LIMIT_FIRST 896
#define PQ_FIXED_LIMIT_LAST 128

/* Every column but BOOLEAN (already one bit per value) starts a chunk in
 * dictionary mode when the option is on. */
static int dict_wanted(const pq_colenc *c) {
  return !c->s->opts.no_dictionary && c->d->phys != PQ_BOOLEAN;
}

void pq_colenc_init(pq_colenc *c, const pq_schema *s, int col, pq_scratch *x) {
  memset(c, 0, sizeof *c);
  c->s = s;
  c->d = &s->cols[col];
  c->x = x;
  if (c->d->phys == PQ_BYTE_ARRAY)
    pq_dict_init(&c->dict);
  else
    pq_dict_init_fixed(&c->dict, c->d->value_width);
  c->dict_mode = dict_wanted(c);
  c->dict_probe = PQ_FIXED_PROBE_FIRST;
  c->probe_limit = PQ_FIXED_LIMIT_FIRST;
  c->pi_ok = 1;
}

void pq_colenc_free(pq_colenc *c) {
  tpch_buf *bufs[] = {&c->vals, &c->idx, &c->defs, &c->pages, &c->pi_bytes, &c->cmin, &c->cmax};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
    tpch_buf_free(bufs[i]);
  pq_dict_free(&c->dict);
  free(c->mark);
  free(c->locs);
  free(c->pstats);
  memset(c, 0, sizeof *c);
}

static int page_full(const pq_colenc *c) {
  if (c->pg_rows >= c->s->page_rows_cap) return 1;
  if (c->dict_mode) {
    int bw = c->dict_bw ? c->dict_bw : 1;
    return c->pg_vals * bw >= c->s->opts.page_bytes * 8;
  }
  return c->pg_bytes >= c->s->opts.page_bytes;
}

/* Rows that can be added before the page must be checked again: adding
 * fewer cannot fill it, adding exactly this many fills it only if every
 * row is a value. */
static int64_t page_room(const pq_colenc *c, int width) {
  int64_t by_rows = c->s->page_rows_cap - c->pg_rows;
  int64_t left = c->s->opts.page_bytes - c->pg_bytes;
  int64_t by_bytes = left <= 0 ? 1 : (left + width - 1) / width;
  int64_t r = by_rows < by_bytes ? by_rows : by_bytes;
  return r > 0 ? r : 1;
}

static int flush_page(pq_colenc *c, tpch_error *err);

static const uint8_t *validity(const pq_colenc *c, const struct ArrowArray *a) {
  if (!c->d->nullable || a->null_count == 0) return NULL;
  return (const uint8_t *)a->buffers[0];
}

static int set_defs(pq_colenc *c, const uint8_t *valid, int64_t start, int64_t n) {
  if (!c->d->nullable) return TPCH_OK;
  if (tpch_buf_reserve(&c->defs, (size_t)n) != 0) return TPCH_ENOMEM;
  uint8_t *d = c->defs.data + c->defs.len;
  if (valid == NULL) {
    memset(d, 1, (size_t)n);
  } else {
    for (int64_t i = 0; i < n; i++)
      d[i] = (uint8_t)tpch_arrow_bit(valid, start + i);
  }
  c->defs.len += (size_t)n;
  return TPCH_OK;
}

static int oom(pq_colenc *c, tpch_error *err) {
  return tpch_error_set(err, TPCH_ENOMEM, "out of memory encoding column '%s'", c->d->name);
}

/* Ends the page if it is full; call after every row or segment. */
static int maybe_flush(pq_colenc *c, tpch_error *err) {
  return page_full(c) ? flush_page(c, err) : TPCH_OK;
}

/* Copies `n` values of `width` bytes starting at slot `start` (nulls skipped). */
static int copy_fixed(pq_colenc *c, const uint8_t *src, int width, const uint8_t *valid, int64_t start,
                      int64_t n) {
  if (tpch_buf_reserve(&c->vals, (size_t)(n * width)) != 0) return TPCH_ENOMEM;
  uint8_t *out = c->vals.data + c->vals.len;
  int64_t k = 0;
  if (valid == NULL) {
    memcpy(out, src + start * width, (size_t)(n * width));
    k = n;
  } else {
    for (int64_t i = 0; i < n; i++)
      if (tpch_arrow_bit(valid, start + i))
        memcpy(out + (k++) * width, src + (start + i) * width, (size_t)width);
  }
  c->vals.len += (size_t)(k * width);
  c->pg_vals += k;
  c->pg_bytes += k * width;
  c->pg_nulls += n - k;
  c->pg_rows += n;
  return TPCH_OK;
}

static int add_fixed(pq_colenc *c, const struct ArrowArray *a, int64_t start, int64_t n, tpch_error *err) {
  const uint8_t *src = a->buffers[1], *valid = validity(c, a);
  int w = c->d->value_width;
  while (n > 0) {
    int64_t take = page_room(c, w);
    if (take > n) take = n;
    if (set_defs(c, valid, start, take) != TPCH_OK || copy_fixed(c, src, w, valid, start, take) != TPCH_OK)
      return oom(c, err);
    int rc = maybe_flush(c, err);
    if (rc != TPCH_OK) return rc;
    start += take, n -= take;
  }
  return TPCH_OK;
}

static int add_bool(pq_colenc *c, const struct ArrowArray *a, int64_t start, int64_t n, tpch_error *err) {
  const uint8_t *src = a->buffers[1], *valid = validity(c, a);
  for (int64_t i = start; i < start + n; i++) {
    if (c->d->nullable && tpch_buf_put_u8(&c->defs, valid ? (uint8_t)tpch_arrow_bit(valid, i) : 1) != 0)
      return oom(c, err);
    c->pg_rows++;
    if (valid && !tpch_arrow_bit(valid, i)) {
      c->pg_nulls++;
    } else {
      uint8_t b = (uint8_t)tpch_arrow_bit(src, i);
      if (tpch_buf_put_u8(&c->vals, b) != 0) return oom(c, err);
      c->pg_vals++, c->pg_bytes++;
      if (b)
        c->pg_true = 1;
      else
        c->pg_false = 1;
    }
    int rc = maybe_flush(c, err);
    if (rc != TPCH_OK) return rc;
  }
  return TPCH_OK;
}

static const int64_t pow10_i64[19] = {1,
                                      10,
                                      100,
                                      1000,
                                      10000,
                                      100000,
                                      1000000,
                                      10000000,
                                      100000000,
                                      1000000000,
                                      10000000000,
                                      100000000000,
                                      1000000000000,
                                      10000000000000,
                                      100000000000000,
                                      1000000000000000,
                                      10000000000000000,
                                      100000000000000000,
                                      1000000000000000000};

/* Decimal128 slot (little-endian) -> its INT64 value; 0 when it does not
 * fit: |value| must stay below lim = 10^precision. */
static inline int dec64(const uint8_t *v, int64_t lim, int64_t *out) {
  int64_t lo, hi;
  memcpy(&lo, v, 8);
  memcpy(&hi, v + 8, 8);
  *out = lo;
  return hi == (lo < 0 ? -1 : 0) && lo < lim && lo > -lim;
}

/* Decimal128 slot -> PLAIN bytes: INT64 LE, or FLBA big-endian, after
 * checking the value fits the declared precision's storage. */
static int put_decimal(const pq_colenc *c, const uint8_t *v, uint8_t *out) {
  if (c->d->phys == PQ_INT64) {
    int64_t x;
    if (!dec64(v, pow10_i64[c->d->arrow.precision], &x)) return TPCH_EINVAL;
    memcpy(out, &x, 8);
    return TPCH_OK;
  }
  int tl = c->d->type_length;
  uint8_t be[16];
  for (int i = 0; i < 16; i++)
    be[i] = v[15 - i];
  uint8_t sign = (be[16 - tl] & 0x80) ? 0xFF : 0x00;
  for (int i = 0; i < 16 - tl; i++)
    if (be[i] != sign) return TPCH_EINVAL;
  memcpy(out, be + 16 - tl, (size_t)tl);
  return TPCH_OK;
}

static int bad_decimal(pq_colenc *c, tpch_error *err) {
  return tpch_error_set(err, TPCH_EINVAL, "column '%s': a value does not fit DECIMAL(%d,%d)", c->d->name,
                        c->d->arrow.precision, c->d->arrow.scale);
}

static int add_decimal(pq_colenc *c, const struct ArrowArray *a, int64_t start, int64_t n, tpch_error *err) {
  const uint8_t *src = a->buffers[1], *valid = validity(c, a);
  int w = c->d->value_width;
  while (n > 0) {
    int64_t take = page_room(c, w);
    if (take > n) take = n;
    if (set_defs(c, valid, start, take) != TPCH_OK || tpch_buf_reserve(&c->vals, (size_t)(take * w)) != 0)
      return oom(c, err);
    for (int64_t i = start; i < start + take; i++) {
      c->pg_rows++;
      if (valid && !tpch_arrow_bit(valid, i)) {
        c->pg_nulls++;
        continue;
      }
      if (put_decimal(c, src + i * 16, c->vals.data + c->vals.len) != TPCH_OK) return bad_decimal(c, err);
      c->vals.len += (size_t)w;
      c->pg_vals++, c->pg_bytes += w;
    }
    int rc = maybe_flush(c, err);
    if (rc != TPCH_OK) return rc;
    start += take, n -= take;
  }
  return TPCH_OK;
}

static int add_plain_bytes(pq_colenc *c, const uint8_t *p, uint32_t n) {
  if (tpch_buf_reserve(&c->vals, 4 + (size_t)n) != 0) return TPCH_ENOMEM;
  tpch_buf_put_le(&c->vals, n, 4);
  if (n) tpch_buf_append(&c->vals, p, n);
  c->pg_vals++;
  c->pg_bytes += 4 + (int64_t)n;
  return TPCH_OK;
}

/* The open page's dictionary indices as PLAIN fixed-width values. */
static int replay_fixed(pq_colenc *c, const uint32_t *ix, int64_t nv) {
  size_t w = (size_t)c->dict.width;
  if (nv == 0) { /* vals.data may still be NULL: no pointer arithmetic on it */
    c->pg_vals = 0;
    c->pg_bytes = 0;
    return TPCH_OK;
  }
  if (tpch_buf_reserve(&c->vals, (size_t)nv * w) != 0) return TPCH_ENOMEM;
  uint8_t *out = c->vals.data + c->vals.len;
  for (int64_t i = 0; i < nv; i++)
    memcpy(out + (size_t)i * w, pq_dict_entry(&c->dict, ix[i]), w);
  c->vals.len += (size_t)nv * w;
  c->pg_vals = nv;
  c->pg_bytes = nv * (int64_t)w;
  return TPCH_OK;
}

/* Leaves dictionary mode. With no dictionary page needed yet, the open
 * page is rewritten as PLAIN and the dictionary dropped; otherwise the open
 * page is written as the chunk's last dictionary-encoded page. */
static int dict_fallback(pq_colenc *c, tpch_error *err) {
  if (c->dict_pages > 0) {
    int rc = flush_page(c, err);
    c->dict_mode = 0;
    return rc;
  }
  c->dict_mode = 0;
  const uint32_t *ix = (const uint32_t *)c->idx.data;
  int64_t nv = c->pg_vals;
  c->pg_vals = c->pg_bytes = 0;
  if (c->dict.width) {
    if (replay_fixed(c, ix, nv) != TPCH_OK) return oom(c, err);
  } else {
    for (int64_t i = 0; i < nv; i++) {
      uint32_t e = ix[i];
      if (add_plain_bytes(c, c->dict.plain.data + c->dict.off[e], c->dict.len[e]) != TPCH_OK)
        return oom(c, err);
    }
  }
  tpch_buf_reset(&c->idx);
  pq_dict_reset(&c->dict);
  c->dict_bw = 0;
  return TPCH_OK;
}

static int add_dict_value(pq_colenc *c, const uint8_t *p, uint32_t n, tpch_error *err) {
  uint32_t h = pq_dict_hash(p, n), e;
  if (!pq_dict_find(&c->dict, p, n, h, &e)) {
    if ((int64_t)c->dict.plain.len + 4 + n > c->s->opts.dictionary_max_bytes || c->dict.n >= (1u << 30)) {
      int rc = dict_fallback(c, err);
      return rc != TPCH_OK ? rc : (add_plain_bytes(c, p, n) != TPCH_OK ? oom(c, err) : TPCH_OK);
    }
    if (pq_dict_add(&c->dict, p, n, h, &e) != TPCH_OK) return oom(c, err);
    c->dict_bw = pq_bit_width(c->dict.n - 1);
  }
  if (tpch_buf_append(&c->idx, &e, 4) != 0) return oom(c, err);
  c->pg_vals++;
  c->dict_values++;
  if (c->dict_values == PQ_DICT_PROBE_VALUES && c->dict_pages == 0 && c->dict.n > PQ_DICT_PROBE_VALUES / 2)
    return dict_fallback(c, err);
  return TPCH_OK;
}

static int put_plain_fixed(pq_colenc *c, const uint8_t *v) {
  size_t w = (size_t)c->dict.width;
  if (tpch_buf_append(&c->vals, v, w) != 0) return TPCH_ENOMEM;
  c->pg_vals++;
  c->pg_bytes += (int64_t)w;
  return TPCH_OK;
}

/* 1 when the values since the previous check were mostly new entries:
 * then the dictionary costs about as much as the values it replaces and
 * only adds work. */
static int fixed_not_paying(const pq_colenc *c) {
  int64_t vals = c->dict_values - c->probe_values;
  int64_t fresh = (int64_t)c->dict.n - c->probe_entries;
  return fresh * 1024 > vals * (int64_t)c->probe_limit;
}

/* Trial compression of the open page (the chunk's first values, before any
 * page was written): its indices bit-packed against the same values PLAIN,
 * with the chunk's codec. Catches what counting entries cannot: values in a
 * regular pattern (a sorted key, a price computed from the key) that PLAIN +
 * compression shrinks far below any bit-packing. The dictionary itself is
 * left out; the entry count rule covers its growth. Returns 1 when PLAIN
 * is smaller, 0 if not, or a negative status. */
static int plain_compresses_better(pq_colenc *c, tpch_error *err) {
  pq_scratch *x = c->x;
  const uint32_t *ix = (const uint32_t *)c->idx.data;
  size_t w = (size_t)c->dict.width, nv = (size_t)c->pg_vals, plain_n = 0, dict_n = 0;
  const uint8_t *out;
  tpch_buf_reset(&x->body);
  tpch_buf_reset(&x->packed);
  if (tpch_buf_reserve(&x->body, nv * w) != 0 || tpch_buf_put_u8(&x->packed, (uint8_t)c->dict_bw) != 0 ||
      pq_rle_encode(&x->packed, ix, nv, 4, c->dict_bw) != TPCH_OK)
    return oom(c, err);
  for (size_t i = 0; i < nv; i++)
    memcpy(x->body.data + i * w, pq_dict_entry(&c->dict, ix[i]), w);
  x->body.len = nv * w;
  int rc = pq_compress(x, x->body.data, x->body.len, &out, &plain_n, err);
  if (rc == TPCH_OK) rc = pq_compress(x, x->packed.data, x->packed.len, &out, &dict_n, err);
  return rc != TPCH_OK ? rc : plain_n < dict_n;
}

/* Whether the dictionary should stop: the entry count rule, and at the
 * first check (or the end of a chunk too short for one) the trial
 * compression. 1 = stop, 0 = go on, or a negative status. */
static int fixed_should_stop(pq_colenc *c, tpch_error *err) {
  if (fixed_not_paying(c)) return 1;
  if (c->probe_values > 0 || c->dict_pages > 0) return 0;
  return plain_compresses_better(c, err);
}

/* The check at each doubling of the dictionary-encoded values (see
 * PQ_FIXED_PROBE_FIRST), run once the row that reached it is complete; a
 * failed check sends the rest of the chunk PLAIN. Depends on the value
 * sequence (and codec) only, never on batching. */
static int fixed_probe(pq_colenc *c, tpch_error *err) {
  int stop = fixed_should_stop(c, err);
  if (stop != 0) return stop < 0 ? stop : dict_fallback(c, err);
  c->probe_values = c->dict_values;
  c->probe_entries = c->dict.n;
  c->dict_probe *= 2;
  c->probe_limit = c->probe_limit * 181 / 256; /* / sqrt(2) */
  if (c->probe_limit < PQ_FIXED_LIMIT_LAST) c->probe_limit = PQ_FIXED_LIMIT_LAST;
  return TPCH_OK;
}

/* Rows the dictionary loop may add before it must look at the page or the
 * next check again: fewer cannot fill the page (at the current bit width)
 * or reach the check, and exactly this many does so only on the last row. */
static int64_t dict_room(const pq_colenc *c) {
  int bw = c->dict_bw ? c->dict_bw : 1;
  int64_t r = c->s->page_rows_cap - c->pg_rows;
  int64_t by_vals = (c->s->opts.page_bytes * 8 + bw - 1) / bw - c->pg_vals;
  int64_t by_check = c->dict_probe - c->dict_values;
  r = r < by_vals ? r : by_vals;
  r = r < by_check ? r : by_check;
  return r > 0 ? r : 1;
}

/* A value the dictionary does not hold, for row `r` of the open page (rows
 * before it already counted): adds it, or, when the dictionary would pass
 * dictionary_max_bytes, leaves dictionary mode and puts the value in the
 * now PLAIN open page. Then counts row r. */
static int fixed_miss(pq_colenc *c, const uint8_t *v, uint32_t h, tpch_error *err) {
  int rc = TPCH_OK;
  uint32_t e;
  if ((int64_t)c->dict.plain.len + c->dict.width > c->s->opts.dictionary_max_bytes ||
      c->dict.n >= (1u << 30)) {
    rc = dict_fallback(c, err);
    if (rc == TPCH_OK && put_plain_fixed(c, v) != TPCH_OK) rc = oom(c, err);
  } else if (pq_dict_add_fixed(&c->dict, v, h, &e) != TPCH_OK) {
    rc = oom(c, err);
  } else {
    c->dict_bw = pq_bit_width(c->dict.n - 1);
    memcpy(c->idx.data + c->idx.len, &e, 4); /* room reserved by add_fixed_dict */
    c->idx.len += 4;
    c->pg_vals++, c->dict_values++;
  }
  if (c->d->nullable) c->defs.data[c->defs.len++] = 1;
  c->pg_rows++;
  return rc;
}

enum { FX_RAW, FX_DEC64, FX_FLBA }; /* how a slot becomes PLAIN bytes */

/* Adds up to `n` rows from row `r` of a fixed-width column to the open
 * dictionary page, stopping after the first value the dictionary does not
 * hold (which may end dictionary mode). Returns the rows added, or a
 * negative status. Forced inline with constant W and kind, so a lookup
 * hashes and compares one word and the loop keeps its counters in
 * registers (a uint8_t store would otherwise make it reload them). */
static inline __attribute__((always_inline)) int64_t dict_segment(pq_colenc *c, const uint8_t *src,
                                                                  const uint8_t *valid, int64_t r, int64_t n,
                                                                  const int W, const int kind,
                                                                  tpch_error *err) {
  uint32_t *ix = (uint32_t *)(void *)(c->idx.data + c->idx.len);
  uint8_t *defs = c->d->nullable ? c->defs.data + c->defs.len : NULL;
  const int64_t lim = kind == FX_DEC64 ? pow10_i64[c->d->arrow.precision] : 0;
  const pq_dict *d = &c->dict;
  int64_t nv = 0, nulls = 0, k = 0;
  int rc = TPCH_OK, miss = 0;
  uint8_t buf[16];
  const uint8_t *v = buf;
  uint32_t h = 0;
  for (; k < n; k++) {
    int ok = valid == NULL || tpch_arrow_bit(valid, r + k);
    if (defs) defs[k] = (uint8_t)ok;
    if (!ok) {
      nulls++;
      continue;
    }
    if (kind == FX_RAW) {
      v = src + (size_t)(r + k) * (size_t)W;
    } else if (kind == FX_DEC64) {
      int64_t x;
      if (!dec64(src + (size_t)(r + k) * 16, lim, &x)) break;
      memcpy(buf, &x, 8);
    } else if (put_decimal(c, src + (size_t)(r + k) * 16, buf) != TPCH_OK) {
      break;
    }
    uint32_t e;
    h = pq_dict_fixed_hash(v, W);
    if (!pq_dict_find_fixed(d, v, W, h, &e)) {
      miss = 1;
      break;
    }
    ix[nv++] = e;
  }
  c->idx.len += (size_t)nv * 4;
  c->pg_vals += nv, c->dict_values += nv;
  c->pg_nulls += nulls;
  c->pg_rows += k;
  if (defs) c->defs.len += (size_t)k;
  if (k == n) return n;
  if (!miss) return bad_decimal(c, err);
  rc = fixed_miss(c, v, h, err);
  return rc != TPCH_OK ? rc : k + 1;
}

/* One segment with the loop specialised for the column's width. */
static int64_t dict_segment_any(pq_colenc *c, const uint8_t *src, const uint8_t *valid, int64_t r, int64_t n,
                                tpch_error *err) {
  if (c->d->arrow.kind != TPCH_ARROW_DECIMAL128)
    return c->dict.width == 4 ? dict_segment(c, src, valid, r, n, 4, FX_RAW, err)
                              : dict_segment(c, src, valid, r, n, 8, FX_RAW, err);
  if (c->d->phys == PQ_INT64) return dict_segment(c, src, valid, r, n, 8, FX_DEC64, err);
  return dict_segment(c, src, valid, r, n, c->dict.width, FX_FLBA, err);
}

/* Dictionary-encodes rows [start, start+n) of a fixed-width column until
 * the chunk leaves dictionary mode; *done = rows consumed. Row by row this
 * is: value, row counted, check at a doubling, page full? -- done in
 * segments that cannot reach the last two before their final row. */
static int add_fixed_dict(pq_colenc *c, const struct ArrowArray *a, int64_t start, int64_t n, int64_t *done,
                          tpch_error *err) {
  const uint8_t *src = a->buffers[1], *valid = validity(c, a);
  /* a page flush empties these, so n more always fit */
  if (tpch_buf_reserve(&c->idx, (size_t)n * 4) != 0 ||
      (c->d->nullable && tpch_buf_reserve(&c->defs, (size_t)n) != 0))
    return oom(c, err);
  int64_t i = 0;
  while (i < n && c->dict_mode) {
    int64_t take = dict_room(c);
    int64_t got = dict_segment_any(c, src, valid, start + i, take < n - i ? take : n - i, err);
    if (got < 0) return (int)got;
    i += got;
    int rc = c->dict_mode && c->dict_values == c->dict_probe ? fixed_probe(c, err) : TPCH_OK;
    if (rc == TPCH_OK) rc = maybe_flush(c, err);
    if (rc != TPCH_OK) return rc;
  }
  *done = i;
  return TPCH_OK;
}

static int add_bytes(pq_colenc *c, const struct ArrowArray *a, int64_t start, int64_t n, tpch_error *err) {
  int large = c->d->arrow.kind == TPCH_ARROW_LARGE_UTF8 || c->d->arrow.kind == TPCH_ARROW_LARGE_BINARY;
  const int32_t *off32 = a->buffers[1];
  const int64_t *off64 = a->buffers[1];
  const uint8_t *data = a->buffers[2], *valid = validity(c, a);
  for (int64_t i = start; i < start + n; i++) {
    int is_valid = valid == NULL || tpch_arrow_bit(valid, i);
    if (is_valid) {
      /* offsets and the data buffer were checked once for the batch (tpch_arrow_check_batch) */
      int64_t b = large ? off64[i] : off32[i], e = large ? off64[i + 1] : off32[i + 1];
      const uint8_t *p = e > b ? data + b : (const uint8_t *)""; /* data may be NULL when all are empty */
      int rc = c->dict_mode ? add_dict_value(c, p, (uint32_t)(e - b), err)
                            : (add_plain_bytes(c, p, (uint32_t)(e - b)) ? oom(c, err) : TPCH_OK);
      if (rc != TPCH_OK) return rc;
    } else {
      c->pg_nulls++;
    }
    if (c->d->nullable && tpch_buf_put_u8(&c->defs, (uint8_t)is_valid) != 0) return oom(c, err);
    c->pg_rows++;
    int rc = maybe_flush(c, err);
    if (rc != TPCH_OK) return rc;
  }
  return TPCH_OK;
}

int pq_colenc_add(pq_colenc *c, const struct ArrowArray *a, int64_t start, int64_t n, tpch_error *err) {
  switch (c->d->arrow.kind) {
  case TPCH_ARROW_BOOL: return add_bool(c, a, start, n, err);
  case TPCH_ARROW_UTF8:
  case TPCH_ARROW_LARGE_UTF8:
  case TPCH_ARROW_BINARY:
  case TPCH_ARROW_LARGE_BINARY: return add_bytes(c, a, start, n, err);
  default: break;
  }
  if (c->dict_mode) {
    int64_t done = 0;
    int rc = add_fixed_dict(c, a, start, n, &done, err);
    if (rc != TPCH_OK) return rc;
    start += done, n -= done;
  }
  if (n == 0) return TPCH_OK;
  return c->d->arrow.kind == TPCH_ARROW_DECIMAL128 ? add_decimal(c, a, start, n, err)
                                                   : add_fixed(c, a, start, n, err);
}

int64_t pq_colenc_bytes(const pq_colenc *c) {
  int64_t open = c->dict_mode ? (c->pg_vals * (c->dict_bw ? c->dict_bw : 1) + 7) / 8 : c->pg_bytes;
  return c->unc_size + open + (int64_t)c->dict.plain.len + c->pg_rows / 8;
}

static int put_minmax(pq_scratch *x, const void *mn, const void *mx, size_t n) {
  tpch_buf_reset(&x->pmin);
  tpch_buf_reset(&x->pmax);
  if (tpch_buf_append(&x->pmin, mn, n) || tpch_buf_append(&x->pmax, mx, n)) return TPCH_ENOMEM;
  return 1;
}

/* Min/max of n PLAIN values at p, in the column's order. */
static int minmax_i32(pq_scratch *x, const uint8_t *p, int64_t n) {
  int32_t mn, mx, v;
  memcpy(&mn, p, 4);
  mx = mn;
  for (int64_t i = 1; i < n; i++) {
    memcpy(&v, p + 4 * i, 4);
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
  }
  return put_minmax(x, &mn, &mx, 4);
}

static int minmax_i64(pq_scratch *x, const uint8_t *p, int64_t n) {
  int64_t mn, mx, v;
  memcpy(&mn, p, 8);
  mx = mn;
  for (int64_t i = 1; i < n; i++) {
    memcpy(&v, p + 8 * i, 8);
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
  }
  return put_minmax(x, &mn, &mx, 8);
}

/* NaN never takes part; a zero min is written as -0.0 and a zero max as
 * +0.0, as parquet.thrift asks, so either zero in the data is covered. */
static int minmax_f64(pq_scratch *x, const uint8_t *p, int64_t n) {
  double mn = 0, mx = 0, v;
  int any = 0;
  for (int64_t i = 0; i < n; i++) {
    memcpy(&v, p + 8 * i, 8);
    if (isnan(v)) continue;
    if (!any || v < mn) mn = v;
    if (!any || v > mx) mx = v;
    any = 1;
  }
  if (!any) return 0;
  if (mn == 0) mn = -0.0;
  if (mx == 0) mx = 0.0;
  return put_minmax(x, &mn, &mx, 8);
}

/* FIXED_LEN_BYTE_ARRAY decimals: rare, so the generic comparison is fine. */
static int minmax_flba(const pq_colenc *c, const uint8_t *p, int64_t n) {
  int w = c->d->type_length;
  const uint8_t *mn = p, *mx = p;
  for (int64_t i = 1; i < n; i++) {
    const uint8_t *v = p + w * i;
    if (pq_stat_compare(c->d->order, v, (size_t)w, mn, (size_t)w) < 0) mn = v;
    if (pq_stat_compare(c->d->order, v, (size_t)w, mx, (size_t)w) > 0) mx = v;
  }
  return put_minmax(c->x, mn, mx, (size_t)w);
}

static int minmax_fixed(pq_colenc *c, const uint8_t *p, int64_t n) {
  switch (c->d->order) {
  case PQ_ORDER_I32: return minmax_i32(c->x, p, n);
  case PQ_ORDER_I64: return minmax_i64(c->x, p, n);
  case PQ_ORDER_F64: return minmax_f64(c->x, p, n);
  default: return minmax_flba(c, p, n);
  }
}

static int set_bytes_minmax(pq_scratch *x, const uint8_t *mn, uint32_t mnl, const uint8_t *mx, uint32_t mxl) {
  tpch_buf_reset(&x->pmin);
  tpch_buf_reset(&x->pmax);
  if (tpch_buf_append(&x->pmin, mn, mnl) || tpch_buf_append(&x->pmax, mx, mxl)) return TPCH_ENOMEM;
  return 1;
}

static int minmax_plain_bytes(pq_colenc *c) {
  const uint8_t *p = c->vals.data, *end = p + c->vals.len;
  const uint8_t *mn = NULL, *mx = NULL;
  uint32_t mnl = 0, mxl = 0;
  while (p < end) {
    uint32_t n = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    const uint8_t *v = p + 4;
    /* most values differ from the current min/max in their first byte */
    if (mn == NULL ||
        (n && mnl ? v[0] < mn[0] || (v[0] == mn[0] && pq_stat_compare(PQ_ORDER_BYTES, v, n, mn, mnl) < 0)
                  : n < mnl))
      mn = v, mnl = n;
    if (mx == NULL ||
        (n && mxl ? v[0] > mx[0] || (v[0] == mx[0] && pq_stat_compare(PQ_ORDER_BYTES, v, n, mx, mxl) > 0)
                  : n > mxl))
      mx = v, mxl = n;
    p = v + n;
  }
  return set_bytes_minmax(c->x, mn, mnl, mx, mxl);
}

/* Stamps the dictionary entries the open page uses (one store per value),
 * so min/max compare only those: cheaper than a comparison per value. */
static int mark_used(pq_colenc *c) {
  const pq_dict *d = &c->dict;
  const uint32_t *ix = (const uint32_t *)c->idx.data;
  if (c->mark_cap < d->n) {
    uint32_t *m = realloc(c->mark, (size_t)d->n * sizeof *m);
    if (m == NULL) return TPCH_ENOMEM;
    memset(m + c->mark_cap, 0, (size_t)(d->n - c->mark_cap) * sizeof *m);
    c->mark = m;
    c->mark_cap = d->n;
  }
  if (++c->stamp == 0) {
    memset(c->mark, 0, (size_t)c->mark_cap * sizeof *c->mark);
    c->stamp = 1;
  }
  for (int64_t i = 0; i < c->pg_vals; i++)
    c->mark[ix[i]] = c->stamp;
  return TPCH_OK;
}

static int minmax_dict(pq_colenc *c) {
  const pq_dict *d = &c->dict;
  if (mark_used(c) != TPCH_OK) return TPCH_ENOMEM;
  int64_t mn = -1, mx = -1;
  for (uint32_t e = 0; e < d->n; e++) {
    if (c->mark[e] != c->stamp) continue;
    const uint8_t *v = d->plain.data + d->off[e];
    if (mn < 0 || pq_stat_compare(PQ_ORDER_BYTES, v, d->len[e], d->plain.data + d->off[mn], d->len[mn]) < 0)
      mn = e;
    if (mx < 0 || pq_stat_compare(PQ_ORDER_BYTES, v, d->len[e], d->plain.data + d->off[mx], d->len[mx]) > 0)
      mx = e;
  }
  return set_bytes_minmax(c->x, d->plain.data + d->off[mn], d->len[mn], d->plain.data + d->off[mx],
                          d->len[mx]);
}

/* Fixed widths: the used entries, gathered, through the PLAIN min/max. */
static int minmax_dict_fixed(pq_colenc *c) {
  const pq_dict *d = &c->dict;
  tpch_buf *u = &c->x->used;
  size_t w = (size_t)d->width;
  if (w == 0) return 0; /* fixed-width dictionaries always have a width */
  tpch_buf_reset(u);
  if (mark_used(c) != TPCH_OK || tpch_buf_reserve(u, (size_t)d->n * w) != 0) return TPCH_ENOMEM;
  for (uint32_t e = 0; e < d->n; e++)
    if (c->mark[e] == c->stamp) memcpy(u->data + u->len, pq_dict_entry(d, e), w), u->len += w;
  return minmax_fixed(c, u->data, (int64_t)(u->len / w));
}

/* Computes the open page's min/max into x->pmin/x->pmax; returns 1 if
 * there is one, 0 if not (all null or all NaN), <0 on error. */
static int page_minmax(pq_colenc *c) {
  if (c->pg_vals == 0) return 0;
  switch (c->d->order) {
  case PQ_ORDER_BOOL: {
    uint8_t mn = c->pg_false ? 0 : 1, mx = c->pg_true ? 1 : 0;
    return put_minmax(c->x, &mn, &mx, 1);
  }
  case PQ_ORDER_BYTES: return c->dict_mode ? minmax_dict(c) : minmax_plain_bytes(c);
  default: return c->dict_mode ? minmax_dict_fixed(c) : minmax_fixed(c, c->vals.data, c->pg_vals);
  }
}

/* Writes the open page out (parquet_page.c) with its min/max computed here. */
static int flush_page(pq_colenc *c, tpch_error *err) {
  if (c->pg_rows == 0) return TPCH_OK;
  return pq_page_flush(c, page_minmax(c), err);
}

/* ASCENDING / DESCENDING when the min and max lists both are, over the
 * pages that have values. */
static int boundary_order(const pq_colenc *c) {
  int asc = 1, desc = 1, prev = -1;
  const uint8_t *b = c->pi_bytes.data;
  for (int32_t i = 0; i < c->npages; i++) {
    const pq_page_stat *s = &c->pstats[i];
    if (!s->has_minmax) continue;
    if (prev >= 0) {
      const pq_page_stat *p = &c->pstats[prev];
      int cmin = pq_stat_compare(c->d->order, b + p->min_off, p->min_len, b + s->min_off, s->min_len);
      int cmax = pq_stat_compare(c->d->order, b + p->max_off, p->max_len, b + s->max_off, s->max_len);
      if (cmin > 0 || cmax > 0) asc = 0;
      if (cmin < 0 || cmax < 0) desc = 0;
    }
    prev = i;
  }
  return asc ? PQ_BOUNDARY_ASCENDING : desc ? PQ_BOUNDARY_DESCENDING : PQ_BOUNDARY_UNORDERED;
}

static int column_index(const pq_colenc *c, tpch_buf *out) {
  pq_thrift t;
  /* With no page bounds the buffer was never allocated; every offset is then
   * 0, and adding 0 to a NULL pointer is still undefined behaviour. */
  static const uint8_t no_bounds = 0;
  const uint8_t *b = c->pi_bytes.data ? c->pi_bytes.data : &no_bounds;
  pq_thrift_begin(&t, out);
  pq_thrift_list_begin(&t, 1, PQ_T_TRUE, c->npages);
  for (int32_t i = 0; i < c->npages; i++)
    pq_thrift_elem_bool(&t, c->pstats[i].null_page);
  pq_thrift_list_begin(&t, 2, PQ_T_BINARY, c->npages);
  for (int32_t i = 0; i < c->npages; i++)
    pq_thrift_elem_binary(&t, b + c->pstats[i].min_off, c->pstats[i].min_len);
  pq_thrift_list_begin(&t, 3, PQ_T_BINARY, c->npages);
  for (int32_t i = 0; i < c->npages; i++)
    pq_thrift_elem_binary(&t, b + c->pstats[i].max_off, c->pstats[i].max_len);
  pq_thrift_i32(&t, 4, boundary_order(c));
  pq_thrift_list_begin(&t, 5, PQ_T_I64, c->npages);
  for (int32_t i = 0; i < c->npages; i++)
    pq_thrift_elem_i64(&t, c->pstats[i].nulls);
  return pq_thrift_end(&t);
}

static void reset_chunk(pq_colenc *c) {
  tpch_buf_reset(&c->pages);
  tpch_buf_reset(&c->pi_bytes);
  pq_dict_reset(&c->dict);
  c->dict_mode = dict_wanted(c);
  c->dict_bw = 0;
  c->dict_values = 0;
  c->dict_probe = PQ_FIXED_PROBE_FIRST;
  c->probe_values = 0;
  c->probe_entries = 0;
  c->probe_limit = PQ_FIXED_LIMIT_FIRST;
  c->dict_pages = c->plain_pages = 0;
  c->npages = 0;
  c->pi_ok = 1;
  c->has_minmax = 0;
  c->unc_size = 0;
  c->pg_first_row = 0;
  c->nulls = 0;
}

static int finish_meta(pq_colenc *c, pq_chunk_meta *m) {
  m->num_values = c->pg_first_row;
  m->null_count = c->nulls;
  m->n_dict_data_pages = c->dict_pages;
  m->n_plain_data_pages = c->plain_pages;
  if (c->plain_pages) m->encodings |= 1u << PQ_ENC_PLAIN;
  if (c->d->nullable) m->encodings |= 1u << PQ_ENC_RLE;
  m->has_minmax = c->has_minmax;
  m->min_exact = m->max_exact = 1;
  m->min = c->cmin, m->max = c->cmax;
  tpch_buf_init(&c->cmin);
  tpch_buf_init(&c->cmax);
  if (c->npages > 0) {
    m->pages = malloc((size_t)c->npages * sizeof *m->pages);
    if (m->pages == NULL) return TPCH_ENOMEM;
    for (int32_t i = 0; i < c->npages; i++) {
      m->pages[i] = c->locs[i];
      m->pages[i].offset += m->data_page_offset;
    }
    m->n_pages = c->npages;
  }
  if (!c->s->opts.no_page_index && c->pi_ok && c->npages > 0) return column_index(c, &m->column_index);
  return TPCH_OK;
}

int pq_colenc_finish(pq_colenc *c, tpch_buf *blob, pq_chunk_meta *m, tpch_error *err) {
  int rc = TPCH_OK;
  /* Still in the first page: a chunk without values needs no dictionary,
   * and a fixed-width one that ends before its first check gets it now. */
  if (c->dict_mode && c->dict_pages == 0) {
    int stop = c->dict_values == 0;
    if (!stop && c->dict.width && c->dict_values < PQ_FIXED_PROBE_FIRST) stop = fixed_should_stop(c, err);
    if (stop < 0) return stop;
    if (stop) rc = dict_fallback(c, err);
  }
  if (rc == TPCH_OK) rc = flush_page(c, err);
  if (rc != TPCH_OK) return rc;
  memset(m, 0, sizeof *m);
  m->start = (int64_t)blob->len;
  m->dict_page_offset = -1;
  int64_t dict_unc = 0;
  if (c->dict_pages > 0) {
    m->dict_page_offset = (int64_t)blob->len;
    if ((rc = pq_dict_page_write(c, blob, &dict_unc, err)) != TPCH_OK) return rc;
    m->encodings |= 1u << PQ_ENC_PLAIN | 1u << PQ_ENC_RLE_DICTIONARY;
  }
  m->data_page_offset = (int64_t)blob->len;
  if (tpch_buf_append(blob, c->pages.data, c->pages.len) != 0) return oom(c, err);
  m->compressed_size = (int64_t)blob->len - m->start;
  m->uncompressed_size = dict_unc + c->unc_size;
  rc = finish_meta(c, m);
  reset_chunk(c);
  return rc != TPCH_OK ? oom(c, err) : TPCH_OK;
}
