/* orc_column.c - encoding one column of a stripe. */
#include "orc_column.h"

#include <stdlib.h>
#include <string.h>

#include "tpch_error.h"

static int has_second(orc_type_kind k) {
  return k == ORC_DECIMAL || k == ORC_STRING || k == ORC_BINARY;
}

int orc_column_init(orc_column *c, const orc_field *f, orc_codec *codec) {
  memset(c, 0, sizeof *c);
  c->f = f;
  orc_type_kind k = f->kind;
  int rc = orc_stream_init(&c->present, codec);
  if (rc == TPCH_OK) rc = orc_stream_init(&c->data, codec);
  if (rc == TPCH_OK && has_second(k)) rc = orc_stream_init(&c->second, codec);
  if (rc == TPCH_OK && k == ORC_STRING) rc = orc_stream_init(&c->dict, codec);
  orc_stats_init(&c->cur, k, f->scale);
  tpch_buf_init(&c->sbuf);
  tpch_buf_init(&c->dblob);
  tpch_buf_init(&c->scratch);
  return rc;
}

void orc_column_free(orc_column *c) {
  orc_stream_free(&c->present);
  orc_stream_free(&c->data);
  orc_stream_free(&c->second);
  orc_stream_free(&c->dict);
  for (int64_t i = 0; i < c->cap_rg; i++)
    orc_stats_free(&c->rg[i]);
  free(c->rg);
  free(c->pos);
  free(c->vstart);
  orc_stats_free(&c->cur);
  tpch_buf_free(&c->sbuf);
  tpch_buf_free(&c->dblob);
  tpch_buf_free(&c->scratch);
  free(c->slens);
  free(c->idx);
  free(c->doff);
  free(c->dhash);
  free(c->table);
  memset(c, 0, sizeof *c);
}

static int grow_rg(orc_column *c) {
  if (c->nrg < c->cap_rg) return TPCH_OK;
  int64_t cap = c->cap_rg ? c->cap_rg * 2 : 64;
  orc_rg_pos *p = realloc(c->pos, (size_t)cap * sizeof *p);
  if (p) c->pos = p;
  uint64_t *v = realloc(c->vstart, (size_t)cap * sizeof *v);
  if (v) c->vstart = v;
  orc_stats *s = realloc(c->rg, (size_t)cap * sizeof *s);
  if (s) c->rg = s;
  if (!p || !v || !s) return TPCH_ENOMEM;
  for (int64_t i = c->cap_rg; i < cap; i++)
    orc_stats_init(&c->rg[i], c->f->kind, c->f->scale);
  c->cap_rg = cap;
  return TPCH_OK;
}

/* Records where row group c->nrg starts in every stream. */
static int record_start(orc_column *c) {
  if (grow_rg(c) != TPCH_OK) return TPCH_ENOMEM;
  orc_rg_pos *r = &c->pos[c->nrg];
  memset(r, 0, sizeof *r);
  c->vstart[c->nrg] = c->values;
  int n = orc_bool_rle_position(&c->pres, r->p[0]);
  if (n < 0) return n;
  r->n[0] = (uint8_t)n;
  switch (c->f->kind) {
  case ORC_BOOLEAN: n = orc_bool_rle_position(&c->bools, r->p[1]); break;
  case ORC_BYTE: n = orc_byte_rle_position(&c->bytes, r->p[1]); break;
  case ORC_FLOAT:
  case ORC_DOUBLE:
  case ORC_DECIMAL:
  case ORC_STRING:
  case ORC_BINARY: n = orc_stream_position(&c->data, r->p[1]); break;
  default: n = orc_rle2_position(&c->ints, r->p[1]); break;
  }
  if (n < 0) return n;
  r->n[1] = (uint8_t)n;
  if (has_second(c->f->kind)) {
    n = orc_rle2_position(&c->lens, r->p[2]);
    if (n < 0) return n;
    r->n[2] = (uint8_t)n;
  }
  return TPCH_OK;
}

int orc_column_begin(orc_column *c) {
  orc_type_kind k = c->f->kind;
  orc_stream_reset(&c->present);
  orc_stream_reset(&c->data);
  orc_stream_reset(&c->second);
  orc_stream_reset(&c->dict);
  orc_bool_rle_init(&c->pres, &c->present);
  orc_bool_rle_init(&c->bools, &c->data);
  orc_byte_rle_init(&c->bytes, &c->data);
  orc_rle2_init(&c->ints, &c->data, k != ORC_STRING);
  orc_rle2_init(&c->lens, &c->second, k == ORC_DECIMAL);
  c->has_nulls = 0;
  c->values = 0;
  c->nrg = 0;
  orc_stats_reset(&c->cur);
  c->mode = k == ORC_STRING ? 0 : 1;
  c->nidx = 0;
  c->ndict = 0;
  tpch_buf_reset(&c->sbuf);
  tpch_buf_reset(&c->dblob);
  if (c->table) memset(c->table, 0, c->table_cap * sizeof *c->table);
  return record_start(c);
}

/* ---- values ---------------------------------------------------------------- */

static int valid_at(const uint8_t *valid, int64_t j) {
  return valid == NULL || tpch_arrow_bit(valid, j);
}

static void int_stats(orc_stats *s, int64_t mn, int64_t mx, int64_t sum, int sum_ok, int any) {
  if (!any) return;
  if (!s->has_minmax) {
    s->has_minmax = 1;
    s->imin = mn, s->imax = mx;
  } else {
    if (mn < s->imin) s->imin = mn;
    if (mx > s->imax) s->imax = mx;
  }
  if (!sum_ok || __builtin_add_overflow(s->isum, sum, &s->isum)) s->isum_ok = 0;
}

#define INT_LOOP(T)                                                                                          \
  do {                                                                                                       \
    const T *src = (const T *)a->buffers[1];                                                                 \
    for (int64_t i = 0; i < n && rc == TPCH_OK; i++) {                                                       \
      int64_t j = first + i;                                                                                 \
      if (!valid_at(valid, j)) continue;                                                                     \
      int64_t v = (int64_t)src[j];                                                                           \
      if (v < mn) mn = v;                                                                                    \
      if (v > mx) mx = v;                                                                                    \
      if (sum_ok && __builtin_add_overflow(sum, v, &sum)) sum_ok = 0;                                        \
      any = 1;                                                                                               \
      rc = byte ? orc_byte_rle_add(&c->bytes, (uint8_t)v) : orc_rle2_add(&c->ints, v);                       \
    }                                                                                                        \
  } while (0)

static int add_ints(orc_column *c, const struct ArrowArray *a, const uint8_t *valid, int64_t first,
                    int64_t n) {
  int64_t mn = INT64_MAX, mx = INT64_MIN, sum = 0;
  int sum_ok = 1, any = 0, rc = TPCH_OK, byte = c->f->kind == ORC_BYTE;
  switch (c->f->arrow.kind) {
  case TPCH_ARROW_INT8: INT_LOOP(int8_t); break;
  case TPCH_ARROW_INT16: INT_LOOP(int16_t); break;
  case TPCH_ARROW_INT32:
  case TPCH_ARROW_DATE32: INT_LOOP(int32_t); break;
  default: INT_LOOP(int64_t); break;
  }
  int_stats(&c->cur, mn, mx, sum, sum_ok, any);
  return rc;
}

static int add_bools(orc_column *c, const struct ArrowArray *a, const uint8_t *valid, int64_t first,
                     int64_t n) {
  const uint8_t *bits = (const uint8_t *)a->buffers[1];
  int rc = TPCH_OK;
  for (int64_t i = 0; i < n && rc == TPCH_OK; i++) {
    int64_t j = first + i;
    if (!valid_at(valid, j)) continue;
    int b = tpch_arrow_bit(bits, j);
    c->cur.trues += (uint64_t)b;
    rc = orc_bool_rle_add(&c->bools, b);
  }
  return rc;
}

static int add_floats(orc_column *c, const struct ArrowArray *a, const uint8_t *valid, int64_t first,
                      int64_t n) {
  int wide = c->f->kind == ORC_DOUBLE;
  size_t w = wide ? 8 : 4;
  const uint8_t *src = (const uint8_t *)a->buffers[1];
  orc_stats *s = &c->cur;
  int rc = TPCH_OK;
  if (valid == NULL) rc = orc_stream_write(&c->data, src + (size_t)first * w, (size_t)n * w);
  for (int64_t i = 0; i < n && rc == TPCH_OK; i++) {
    int64_t j = first + i;
    if (!valid_at(valid, j)) continue;
    double v;
    if (wide) {
      memcpy(&v, src + (size_t)j * 8, 8);
    } else {
      float f;
      memcpy(&f, src + (size_t)j * 4, 4);
      v = f;
    }
    if (valid != NULL) rc = orc_stream_write(&c->data, src + (size_t)j * w, w);
    if (!s->has_minmax) {
      s->has_minmax = 1;
      s->dmin = s->dmax = v;
    } else {
      if (v < s->dmin) s->dmin = v;
      if (v > s->dmax) s->dmax = v;
    }
    s->dsum += v;
  }
  return rc;
}

static int add_decimals(orc_column *c, const struct ArrowArray *a, const uint8_t *valid, int64_t first,
                        int64_t n) {
  const uint8_t *src = (const uint8_t *)a->buffers[1];
  orc_stats *s = &c->cur;
  uint8_t out[19 * 256];
  size_t k = 0;
  int rc = TPCH_OK;
  for (int64_t i = 0; i < n && rc == TPCH_OK; i++) {
    int64_t j = first + i;
    if (!valid_at(valid, j)) continue;
    orc_i128 v;
    memcpy(&v, src + (size_t)j * 16, 16);
    if (!s->has_minmax) {
      s->has_minmax = 1;
      s->cmin = s->cmax = v;
    } else {
      if (v < s->cmin) s->cmin = v;
      if (v > s->cmax) s->cmax = v;
    }
    if (s->csum_ok && __builtin_add_overflow(s->csum, v, &s->csum)) s->csum_ok = 0;
    unsigned __int128 u = ((unsigned __int128)v << 1) ^ (v < 0 ? ~(unsigned __int128)0 : 0);
    while (u >= 0x80) {
      out[k++] = (uint8_t)(u | 0x80);
      u >>= 7;
    }
    out[k++] = (uint8_t)u;
    if (k > sizeof out - 19) {
      rc = orc_stream_write(&c->data, out, k);
      k = 0;
    }
    if (rc == TPCH_OK) rc = orc_rle2_add(&c->lens, c->f->scale);
  }
  if (rc == TPCH_OK && k) rc = orc_stream_write(&c->data, out, k);
  return rc;
}

static uint32_t hash_bytes(const uint8_t *p, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  for (; i < n; i++)
    h = (h ^ p[i]) * 0x100000001b3ull;
  h ^= h >> 29;
  h *= 0xc4ceb9fe1a85ec53ull;
  return (uint32_t)(h ^ (h >> 32));
}

static int dict_rehash(orc_column *c, size_t cap) {
  uint32_t *t = calloc(cap, sizeof *t);
  if (t == NULL) return TPCH_ENOMEM;
  for (size_t e = 0; e < c->ndict; e++) {
    size_t s = c->dhash[e] & (cap - 1);
    while (t[s])
      s = (s + 1) & (cap - 1);
    t[s] = (uint32_t)e + 1;
  }
  free(c->table);
  c->table = t;
  c->table_cap = cap;
  return TPCH_OK;
}

static int dict_find(orc_column *c, const uint8_t *p, size_t n, uint32_t *id) {
  if ((c->ndict + 1) * 2 > c->table_cap && dict_rehash(c, c->table_cap ? c->table_cap * 2 : 1024) != TPCH_OK)
    return TPCH_ENOMEM;
  uint32_t h = hash_bytes(p, n);
  size_t mask = c->table_cap - 1, s = h & mask;
  for (; c->table[s]; s = (s + 1) & mask) {
    uint32_t e = c->table[s] - 1;
    if (c->dhash[e] == h && c->doff[e + 1] - c->doff[e] == n &&
        (n == 0 || memcmp(c->dblob.data + c->doff[e], p, n) == 0)) {
      *id = e;
      return TPCH_OK;
    }
  }
  if (c->ndict + 2 > c->cap_dict) {
    size_t cap = c->cap_dict ? c->cap_dict * 2 : 1024;
    uint64_t *o = realloc(c->doff, cap * sizeof *o);
    if (o) c->doff = o;
    uint32_t *hh = realloc(c->dhash, cap * sizeof *hh);
    if (hh) c->dhash = hh;
    if (!o || !hh) return TPCH_ENOMEM;
    c->cap_dict = cap;
  }
  size_t e = c->ndict++;
  if (e == 0) c->doff[0] = 0;
  if (tpch_buf_append(&c->dblob, p, n) != 0) return TPCH_ENOMEM;
  c->doff[e + 1] = c->dblob.len;
  c->dhash[e] = h;
  c->table[s] = (uint32_t)e + 1;
  *id = (uint32_t)e;
  return TPCH_OK;
}

static int push_idx(orc_column *c, uint32_t id, uint32_t len) {
  if (c->nidx == c->cap_idx) {
    size_t cap = c->cap_idx ? c->cap_idx * 2 : 4096;
    uint32_t *x = realloc(c->idx, cap * sizeof *x);
    if (x) c->idx = x;
    uint32_t *l = realloc(c->slens, cap * sizeof *l);
    if (l) c->slens = l;
    if (!x || !l) return TPCH_ENOMEM;
    c->cap_idx = cap;
  }
  c->slens[c->nidx] = len;
  c->idx[c->nidx++] = id;
  return TPCH_OK;
}

static int add_strings(orc_column *c, const struct ArrowArray *a, const uint8_t *valid, int64_t first,
                       int64_t n) {
  int large = c->f->arrow.kind == TPCH_ARROW_LARGE_UTF8 || c->f->arrow.kind == TPCH_ARROW_LARGE_BINARY;
  const int32_t *o32 = (const int32_t *)a->buffers[1];
  const int64_t *o64 = (const int64_t *)a->buffers[1];
  const uint8_t *data = (const uint8_t *)a->buffers[2];
  int is_string = c->f->kind == ORC_STRING;
  orc_stats *s = &c->cur;
  int rc = TPCH_OK;
  for (int64_t i = 0; i < n && rc == TPCH_OK; i++) {
    int64_t j = first + i;
    if (!valid_at(valid, j)) continue;
    int64_t b = large ? o64[j] : o32[j], e = large ? o64[j + 1] : o32[j + 1];
    const uint8_t *p = data ? data + b : (const uint8_t *)"";
    size_t len = (size_t)(e - b);
    s->slen += (int64_t)len;
    if (is_string) rc = orc_stats_string(s, p, len);
    if (rc != TPCH_OK) break;
    if (c->mode == 1) {
      rc = orc_stream_write(&c->data, p, len);
      if (rc == TPCH_OK) rc = orc_rle2_add(&c->lens, (int64_t)len);
      continue;
    }
    uint32_t id;
    rc = dict_find(c, p, len, &id);
    if (rc == TPCH_OK && c->mode == 0 && tpch_buf_append(&c->sbuf, p, len) != 0) rc = TPCH_ENOMEM;
    if (rc == TPCH_OK) rc = push_idx(c, id, (uint32_t)len);
  }
  return rc;
}

int orc_column_add(orc_column *c, const struct ArrowArray *a, int64_t first, int64_t n) {
  const uint8_t *valid = a->null_count != 0 ? (const uint8_t *)a->buffers[0] : NULL; /* -1: count unknown */
  int64_t nn = n;
  int rc = TPCH_OK;
  if (valid == NULL) {
    rc = orc_bool_rle_add_ones(&c->pres, n);
  } else {
    nn = 0;
    for (int64_t i = 0; i < n && rc == TPCH_OK; i++) {
      int b = tpch_arrow_bit(valid, first + i);
      nn += b;
      rc = orc_bool_rle_add(&c->pres, b);
    }
    if (nn == n) valid = NULL;
  }
  if (rc != TPCH_OK) return rc;
  if (nn < n) c->has_nulls = c->cur.has_null = 1;
  c->values += (uint64_t)nn;
  c->cur.count += (uint64_t)nn;
  if (nn == 0) return TPCH_OK;
  switch (c->f->kind) {
  case ORC_BOOLEAN: return add_bools(c, a, valid, first, n);
  case ORC_FLOAT:
  case ORC_DOUBLE: return add_floats(c, a, valid, first, n);
  case ORC_DECIMAL: return add_decimals(c, a, valid, first, n);
  case ORC_STRING:
  case ORC_BINARY: return add_strings(c, a, valid, first, n);
  default: return add_ints(c, a, valid, first, n);
  }
}

/* ---- strings: direct or dictionary ------------------------------------- */

/* Chooses the encoding from the values so far; DIRECT writes them out. */
static int decide(orc_column *c) {
  if (c->values > 0 && (uint64_t)c->ndict * 5 <= c->values * 4) {
    c->mode = 2;
    tpch_buf_reset(&c->sbuf);
    return TPCH_OK;
  }
  c->mode = 1;
  int rc = orc_stream_write(&c->data, c->sbuf.data, c->sbuf.len);
  for (size_t i = 0; i < c->nidx && rc == TPCH_OK; i++)
    rc = orc_rle2_add(&c->lens, c->slens[i]);
  tpch_buf_reset(&c->sbuf);
  c->nidx = 0;
  return rc;
}

/* Orders dictionary entries by their bytes (qsort_r's context: the column). */
static int cmp_entry(const void *x, const void *y, void *ctx) {
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  const orc_column *c = ctx;
  size_t an = c->doff[a + 1] - c->doff[a], bn = c->doff[b + 1] - c->doff[b];
  size_t n = an < bn ? an : bn;
  int r = n ? memcmp(c->dblob.data + c->doff[a], c->dblob.data + c->doff[b], n) : 0;
  if (r != 0) return r;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/* Sorted dictionary into DICTIONARY_DATA and LENGTH; indexes into DATA,
 * with each row group's DATA position recorded as it starts. */
static int write_dictionary(orc_column *c) {
  size_t nd = c->ndict;
  uint32_t *order = malloc((nd ? nd : 1) * 2 * sizeof *order);
  if (order == NULL) return TPCH_ENOMEM;
  uint32_t *rank = order + nd;
  for (size_t i = 0; i < nd; i++)
    order[i] = (uint32_t)i;
  qsort_r(order, nd, sizeof *order, cmp_entry, c);
  int rc = TPCH_OK;
  for (size_t k = 0; k < nd && rc == TPCH_OK; k++) {
    uint32_t e = order[k];
    rank[e] = (uint32_t)k;
    size_t len = c->doff[e + 1] - c->doff[e];
    rc = orc_stream_write(&c->dict, c->dblob.data + c->doff[e], len);
    if (rc == TPCH_OK) rc = orc_rle2_add(&c->lens, (int64_t)len);
  }
  if (rc == TPCH_OK) rc = orc_rle2_flush(&c->lens);
  for (int64_t r = 0; r < c->nrg && rc == TPCH_OK; r++) {
    int n = orc_rle2_position(&c->ints, c->pos[r].p[1]);
    if (n < 0) {
      rc = n;
      break;
    }
    c->pos[r].n[1] = (uint8_t)n;
    uint64_t end = r + 1 < c->nrg ? c->vstart[r + 1] : c->nidx;
    for (uint64_t v = c->vstart[r]; v < end && rc == TPCH_OK; v++)
      rc = orc_rle2_add(&c->ints, rank[c->idx[v]]);
  }
  free(order);
  return rc;
}

int orc_column_end_rowgroup(orc_column *c, int more) {
  int64_t k = c->nrg;
  int rc = orc_stats_copy(&c->rg[k], &c->cur);
  if (rc != TPCH_OK) return rc;
  orc_stats_reset(&c->cur);
  c->nrg++;
  if (c->mode == 0 && c->nrg == 1 && more) rc = decide(c);
  if (rc == TPCH_OK && more) rc = record_start(c);
  return rc;
}

int orc_column_finish(orc_column *c) {
  int rc = TPCH_OK;
  if (c->mode == 0) rc = decide(c);
  if (rc == TPCH_OK) rc = orc_bool_rle_flush(&c->pres);
  if (rc != TPCH_OK) return rc;
  switch (c->f->kind) {
  case ORC_BOOLEAN: rc = orc_bool_rle_flush(&c->bools); break;
  case ORC_BYTE: rc = orc_byte_rle_flush(&c->bytes); break;
  case ORC_FLOAT:
  case ORC_DOUBLE: break;
  case ORC_DECIMAL:
  case ORC_BINARY: rc = orc_rle2_flush(&c->lens); break;
  case ORC_STRING:
    rc = c->mode == 2 ? write_dictionary(c) : orc_rle2_flush(&c->lens);
    if (rc == TPCH_OK && c->mode == 2) rc = orc_rle2_flush(&c->ints);
    break;
  default: rc = orc_rle2_flush(&c->ints); break;
  }
  if (rc == TPCH_OK) rc = orc_stream_finish(&c->present);
  if (rc == TPCH_OK) rc = orc_stream_finish(&c->data);
  if (rc == TPCH_OK && c->second.codec) rc = orc_stream_finish(&c->second);
  if (rc == TPCH_OK && c->dict.codec) rc = orc_stream_finish(&c->dict);
  return rc;
}

int orc_column_encoding(const orc_column *c, uint64_t *dict_size) {
  *dict_size = 0;
  switch (c->f->kind) {
  case ORC_BOOLEAN:
  case ORC_BYTE:
  case ORC_FLOAT:
  case ORC_DOUBLE: return ORC_E_DIRECT;
  case ORC_STRING:
    if (c->mode == 2) {
      *dict_size = c->ndict;
      return ORC_E_DICTIONARY_V2;
    }
    return ORC_E_DIRECT_V2;
  default: return ORC_E_DIRECT_V2;
  }
}

int orc_column_positions(const orc_column *c, int64_t k, uint64_t *out) {
  const orc_rg_pos *r = &c->pos[k];
  int n = 0;
  if (c->has_nulls)
    for (int i = 0; i < r->n[0]; i++)
      out[n++] = r->p[0][i];
  for (int i = 0; i < r->n[1]; i++)
    out[n++] = r->p[1][i];
  if (has_second(c->f->kind) && c->mode != 2)
    for (int i = 0; i < r->n[2]; i++)
      out[n++] = r->p[2][i];
  return n;
}

uint64_t orc_column_bytes(const orc_column *c) {
  return c->present.raw + c->data.raw + c->second.raw + c->dict.raw + c->sbuf.len + c->nidx * 4 +
         c->dblob.len;
}
