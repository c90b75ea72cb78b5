/* parquet_page.c - turning the open page of a column into bytes: levels,
 * value section, compression, page header; the dictionary page; and the
 * page's entry in the page index and chunk statistics. */
#include <limits.h>
#include <snappy-c.h>
#include <stdlib.h>
#include <string.h>

#include "parquet_column.h"
#include "parquet_rle.h"
#include "parquet_thrift.h"

int pq_scratch_init(pq_scratch *x, const tpch_parquet_writer_options *o, tpch_error *err) {
  memset(x, 0, sizeof *x);
  x->codec = (int)o->compression;
  x->level = o->compression_level;
  if (x->codec == TPCH_PARQUET_COMPRESSION_ZSTD) {
    x->zctx = ZSTD_createCCtx();
    if (x->zctx == NULL) return tpch_error_set(err, TPCH_ENOMEM, "cannot create a zstd context");
  }
  return TPCH_OK;
}

void pq_scratch_free(pq_scratch *x) {
  ZSTD_freeCCtx(x->zctx);
  tpch_buf *bufs[] = {&x->comp, &x->body, &x->levels, &x->packed, &x->header,
                      &x->pmin, &x->pmax, &x->trunc,  &x->used};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
    tpch_buf_free(bufs[i]);
  memset(x, 0, sizeof *x);
}

int pq_compress(pq_scratch *x, const uint8_t *src, size_t n, const uint8_t **out, size_t *out_len,
                tpch_error *err) {
  if (x->codec == TPCH_PARQUET_COMPRESSION_NONE) {
    *out = src;
    *out_len = n;
    return TPCH_OK;
  }
  size_t cap =
      x->codec == TPCH_PARQUET_COMPRESSION_ZSTD ? ZSTD_compressBound(n) : snappy_max_compressed_length(n);
  tpch_buf_reset(&x->comp);
  if (tpch_buf_reserve(&x->comp, cap) != 0)
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory compressing a page");
  if (x->codec == TPCH_PARQUET_COMPRESSION_ZSTD) {
    size_t r = ZSTD_compressCCtx(x->zctx, x->comp.data, cap, src, n, x->level);
    if (ZSTD_isError(r))
      return tpch_error_set(err, TPCH_EIO, "zstd compression failed: %s", ZSTD_getErrorName(r));
    x->comp.len = r;
  } else {
    size_t len = cap;
    if (snappy_compress((const char *)src, n, (char *)x->comp.data, &len) != SNAPPY_OK)
      return tpch_error_set(err, TPCH_EIO, "snappy compression failed");
    x->comp.len = len;
  }
  *out = x->comp.data;
  *out_len = x->comp.len;
  return TPCH_OK;
}

/* Value section of the open page: dictionary indices (width byte + runs),
 * bit-packed booleans, or the PLAIN bytes as they are. */
static int value_section(pq_colenc *c, const uint8_t **p, size_t *n) {
  pq_scratch *x = c->x;
  if (c->dict_mode) {
    tpch_buf_reset(&x->packed);
    if (tpch_buf_put_u8(&x->packed, (uint8_t)c->dict_bw) != 0) return TPCH_ENOMEM;
    int rc = pq_rle_encode(&x->packed, c->idx.data, (size_t)c->pg_vals, 4, c->dict_bw);
    if (rc != TPCH_OK) return rc;
    *p = x->packed.data, *n = x->packed.len;
  } else if (c->d->phys == PQ_BOOLEAN) {
    size_t nb = ((size_t)c->pg_vals + 7) / 8;
    tpch_buf_reset(&x->packed);
    if (tpch_buf_reserve(&x->packed, nb) != 0) return TPCH_ENOMEM;
    if (nb) memset(x->packed.data, 0, nb); /* an all-null page may meet a never-allocated buffer */
    for (int64_t i = 0; i < c->pg_vals; i++)
      x->packed.data[i >> 3] |= (uint8_t)(c->vals.data[i] << (i & 7));
    x->packed.len = nb;
    *p = x->packed.data, *n = nb;
  } else {
    *p = c->vals.data, *n = c->vals.len;
  }
  return TPCH_OK;
}

static int page_header(pq_colenc *c, int64_t unc, int64_t comp, int64_t levels_len, int compressed) {
  pq_thrift t;
  tpch_buf_reset(&c->x->header);
  pq_thrift_begin(&t, &c->x->header);
  int v2 = c->s->opts.data_page_version == 2;
  int enc = c->dict_mode ? PQ_ENC_RLE_DICTIONARY : PQ_ENC_PLAIN;
  pq_thrift_i32(&t, 1, v2 ? PQ_PAGE_DATA_V2 : PQ_PAGE_DATA);
  pq_thrift_i32(&t, 2, (int32_t)unc);
  pq_thrift_i32(&t, 3, (int32_t)comp);
  if (!v2) {
    pq_thrift_struct_begin(&t, 5);
    pq_thrift_i32(&t, 1, (int32_t)c->pg_rows);
    pq_thrift_i32(&t, 2, enc);
    pq_thrift_i32(&t, 3, PQ_ENC_RLE);
    pq_thrift_i32(&t, 4, PQ_ENC_RLE);
  } else {
    pq_thrift_struct_begin(&t, 8);
    pq_thrift_i32(&t, 1, (int32_t)c->pg_rows);
    pq_thrift_i32(&t, 2, (int32_t)c->pg_nulls);
    pq_thrift_i32(&t, 3, (int32_t)c->pg_rows);
    pq_thrift_i32(&t, 4, enc);
    pq_thrift_i32(&t, 5, (int32_t)levels_len);
    pq_thrift_i32(&t, 6, 0);
    pq_thrift_bool(&t, 7, compressed);
  }
  pq_thrift_struct_end(&t);
  return pq_thrift_end(&t);
}

static int grow_pages(pq_colenc *c) {
  if (c->npages < c->cap_pages) return TPCH_OK;
  int32_t cap = c->cap_pages ? c->cap_pages * 2 : 16;
  pq_page_loc *l = realloc(c->locs, (size_t)cap * sizeof *l);
  if (l == NULL) return TPCH_ENOMEM;
  c->locs = l;
  pq_page_stat *s = realloc(c->pstats, (size_t)cap * sizeof *s);
  if (s == NULL) return TPCH_ENOMEM;
  c->pstats = s;
  c->cap_pages = cap;
  return TPCH_OK;
}

/* Page-index entry (truncated values) and chunk statistics (exact). */
static int record_stats(pq_colenc *c, int has) {
  pq_scratch *x = c->x;
  pq_page_stat *ps = &c->pstats[c->npages];
  memset(ps, 0, sizeof *ps);
  ps->nulls = c->pg_nulls;
  ps->null_page = c->pg_nulls == c->pg_rows;
  ps->has_minmax = (uint8_t)has;
  if (!has) {
    if (!ps->null_page) c->pi_ok = 0; /* all NaN: no valid ColumnIndex entry */
    return TPCH_OK;
  }
  int utf8 = c->d->converted == PQ_CT_UTF8;
  if (pq_stat_truncate(x->pmin.data, x->pmin.len, PQ_STATS_MAX_BYTES, 0, utf8, &x->trunc) < 0)
    return TPCH_ENOMEM;
  ps->min_off = (uint32_t)c->pi_bytes.len, ps->min_len = (uint32_t)x->trunc.len;
  if (tpch_buf_append(&c->pi_bytes, x->trunc.data, x->trunc.len) != 0) return TPCH_ENOMEM;
  if (pq_stat_truncate(x->pmax.data, x->pmax.len, PQ_STATS_MAX_BYTES, 1, utf8, &x->trunc) < 0)
    return TPCH_ENOMEM;
  ps->max_off = (uint32_t)c->pi_bytes.len, ps->max_len = (uint32_t)x->trunc.len;
  if (tpch_buf_append(&c->pi_bytes, x->trunc.data, x->trunc.len) != 0) return TPCH_ENOMEM;
  pq_order o = c->d->order;
  if (!c->has_minmax || pq_stat_compare(o, x->pmin.data, x->pmin.len, c->cmin.data, c->cmin.len) < 0) {
    tpch_buf_reset(&c->cmin);
    if (tpch_buf_append(&c->cmin, x->pmin.data, x->pmin.len) != 0) return TPCH_ENOMEM;
  }
  if (!c->has_minmax || pq_stat_compare(o, x->pmax.data, x->pmax.len, c->cmax.data, c->cmax.len) > 0) {
    tpch_buf_reset(&c->cmax);
    if (tpch_buf_append(&c->cmax, x->pmax.data, x->pmax.len) != 0) return TPCH_ENOMEM;
  }
  c->has_minmax = 1;
  return TPCH_OK;
}

/* Header + body into c->pages; returns the stored size or an error. */
static int store_page(pq_colenc *c, tpch_error *err, int64_t *stored, int64_t *unc_total) {
  pq_scratch *x = c->x;
  const uint8_t *v = NULL;
  size_t vn = 0, ln = 0;
  int rc = value_section(c, &v, &vn);
  if (rc == TPCH_OK && c->d->nullable) {
    tpch_buf_reset(&x->levels);
    rc = pq_rle_encode(&x->levels, c->defs.data, (size_t)c->pg_rows, 1, 1);
    ln = x->levels.len;
  }
  if (rc != TPCH_OK) return tpch_error_set(err, rc, "out of memory encoding a page of '%s'", c->d->name);
  int v2 = c->s->opts.data_page_version == 2;
  const uint8_t *src = v;
  size_t src_n = vn;
  if (!v2 && c->d->nullable) { /* v1: u32 length + levels, then values, compressed together */
    tpch_buf_reset(&x->body);
    if (tpch_buf_reserve(&x->body, 4 + ln + vn) != 0)
      return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    tpch_buf_put_le(&x->body, ln, 4);
    tpch_buf_append(&x->body, x->levels.data, ln);
    tpch_buf_append(&x->body, v, vn);
    src = x->body.data, src_n = x->body.len, ln = 0;
  }
  if (src_n + ln > INT32_MAX / 2)
    return tpch_error_set(err, TPCH_EINVAL, "column '%s': a page would exceed 1 GiB (a value is too large)",
                          c->d->name);
  const uint8_t *comp = NULL;
  size_t comp_n = 0;
  if ((rc = pq_compress(x, src, src_n, &comp, &comp_n, err)) != TPCH_OK) return rc;
  int compressed = x->codec != TPCH_PARQUET_COMPRESSION_NONE;
  if (v2 && compressed && comp_n >= src_n) comp = src, comp_n = src_n, compressed = 0;
  if ((rc = page_header(c, (int64_t)(ln + src_n), (int64_t)(ln + comp_n), (int64_t)ln, compressed)) !=
      TPCH_OK)
    return tpch_error_set(err, rc, "out of memory writing a page header");
  tpch_buf *h = &x->header;
  if (tpch_buf_reserve(&c->pages, h->len + ln + comp_n) != 0)
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  tpch_buf_append(&c->pages, h->data, h->len);
  if (ln) tpch_buf_append(&c->pages, x->levels.data, ln);
  tpch_buf_append(&c->pages, comp, comp_n);
  *stored = (int64_t)(h->len + ln + comp_n);
  *unc_total = (int64_t)(h->len + ln + src_n);
  return TPCH_OK;
}

int pq_page_flush(pq_colenc *c, int has, tpch_error *err) {
  if (c->pg_rows == 0) return TPCH_OK;
  if (grow_pages(c) != TPCH_OK) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (has < 0 || record_stats(c, has) != TPCH_OK)
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory computing statistics of '%s'", c->d->name);
  int64_t offset = (int64_t)c->pages.len, stored = 0, unc = 0;
  int rc = store_page(c, err, &stored, &unc);
  if (rc != TPCH_OK) return rc;
  pq_page_loc *l = &c->locs[c->npages++];
  l->offset = offset;
  l->size = (int32_t)stored;
  l->first_row = c->pg_first_row;
  c->unc_size += unc;
  if (c->dict_mode)
    c->dict_pages++;
  else
    c->plain_pages++;
  c->pg_first_row += c->pg_rows;
  c->nulls += c->pg_nulls;
  c->pg_rows = c->pg_nulls = c->pg_vals = c->pg_bytes = 0;
  c->pg_true = c->pg_false = 0;
  tpch_buf_reset(&c->vals);
  tpch_buf_reset(&c->idx);
  tpch_buf_reset(&c->defs);
  return TPCH_OK;
}

int pq_dict_page_write(pq_colenc *c, tpch_buf *blob, int64_t *unc, tpch_error *err) {
  const uint8_t *comp = NULL;
  size_t comp_n = 0, n = c->dict.plain.len;
  int rc = pq_compress(c->x, c->dict.plain.data, n, &comp, &comp_n, err);
  if (rc != TPCH_OK) return rc;
  pq_thrift t;
  tpch_buf_reset(&c->x->header);
  pq_thrift_begin(&t, &c->x->header);
  pq_thrift_i32(&t, 1, PQ_PAGE_DICTIONARY);
  pq_thrift_i32(&t, 2, (int32_t)n);
  pq_thrift_i32(&t, 3, (int32_t)comp_n);
  pq_thrift_struct_begin(&t, 7);
  pq_thrift_i32(&t, 1, (int32_t)c->dict.n);
  pq_thrift_i32(&t, 2, PQ_ENC_PLAIN);
  pq_thrift_struct_end(&t);
  if (pq_thrift_end(&t) != TPCH_OK || tpch_buf_append(blob, c->x->header.data, c->x->header.len) != 0 ||
      tpch_buf_append(blob, comp, comp_n) != 0)
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory writing a dictionary page");
  *unc = (int64_t)(c->x->header.len + n);
  return TPCH_OK;
}
