/* orc_stats.c - ORC column statistics. */
#include "orc_stats.h"

#include <string.h>

#include "format/common/protobuf.h"
#include "tpch_error.h"

void orc_stats_init(orc_stats *s, orc_type_kind kind, int scale) {
  memset(s, 0, sizeof *s);
  s->kind = kind;
  s->scale = scale;
  s->isum_ok = 1;
  s->csum_ok = 1;
  tpch_buf_init(&s->smin);
  tpch_buf_init(&s->smax);
}

void orc_stats_reset(orc_stats *s) {
  tpch_buf mn = s->smin, mx = s->smax;
  orc_stats_init(s, s->kind, s->scale);
  s->smin = mn;
  s->smax = mx;
  tpch_buf_reset(&s->smin);
  tpch_buf_reset(&s->smax);
}

void orc_stats_free(orc_stats *s) {
  tpch_buf_free(&s->smin);
  tpch_buf_free(&s->smax);
}

static int bytes_cmp(const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
  size_t n = an < bn ? an : bn;
  int c = n ? memcmp(a, b, n) : 0;
  if (c != 0) return c;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

static int set_buf(tpch_buf *d, const uint8_t *p, size_t n) {
  tpch_buf_reset(d);
  return tpch_buf_append(d, p, n) ? TPCH_ENOMEM : TPCH_OK;
}

int orc_stats_string(orc_stats *s, const uint8_t *p, size_t n) {
  if (!s->has_minmax) {
    s->has_minmax = 1;
    if (set_buf(&s->smin, p, n) != TPCH_OK) return TPCH_ENOMEM;
    return set_buf(&s->smax, p, n);
  }
  if (bytes_cmp(p, n, s->smin.data, s->smin.len) < 0) return set_buf(&s->smin, p, n);
  if (bytes_cmp(p, n, s->smax.data, s->smax.len) > 0) return set_buf(&s->smax, p, n);
  return TPCH_OK;
}

static int i128_add(orc_i128 a, orc_i128 b, orc_i128 *out) {
  return __builtin_add_overflow(a, b, out);
}

int orc_stats_merge(orc_stats *d, const orc_stats *s) {
  d->count += s->count;
  d->has_null |= s->has_null;
  d->trues += s->trues;
  d->slen += s->slen;
  if (!s->isum_ok || __builtin_add_overflow(d->isum, s->isum, &d->isum)) d->isum_ok = 0;
  if (!s->csum_ok || i128_add(d->csum, s->csum, &d->csum)) d->csum_ok = 0;
  d->dsum += s->dsum;
  if (!s->has_minmax) return TPCH_OK;
  if (d->kind == ORC_STRING) {
    int rc = orc_stats_string(d, s->smin.data, s->smin.len);
    if (rc == TPCH_OK) rc = orc_stats_string(d, s->smax.data, s->smax.len);
    return rc;
  }
  if (!d->has_minmax) {
    d->has_minmax = 1;
    d->imin = s->imin, d->imax = s->imax;
    d->dmin = s->dmin, d->dmax = s->dmax;
    d->cmin = s->cmin, d->cmax = s->cmax;
    return TPCH_OK;
  }
  if (s->imin < d->imin) d->imin = s->imin;
  if (s->imax > d->imax) d->imax = s->imax;
  if (s->dmin < d->dmin) d->dmin = s->dmin;
  if (s->dmax > d->dmax) d->dmax = s->dmax;
  if (s->cmin < d->cmin) d->cmin = s->cmin;
  if (s->cmax > d->cmax) d->cmax = s->cmax;
  return TPCH_OK;
}

int orc_stats_copy(orc_stats *d, const orc_stats *s) {
  orc_stats_reset(d);
  d->kind = s->kind;
  d->scale = s->scale;
  return orc_stats_merge(d, s);
}

int orc_decimal_text(orc_i128 v, int scale, char *out) {
  char digits[48];
  int n = 0, neg = v < 0;
  unsigned __int128 u = neg ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
  do {
    digits[n++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u != 0);
  while (n <= scale)
    digits[n++] = '0';
  int k = 0;
  if (neg) out[k++] = '-';
  for (int i = n - 1; i >= 0; i--) {
    out[k++] = digits[i];
    if (i == scale && scale > 0) out[k++] = '.';
  }
  out[k] = '\0';
  return k;
}

/* ORC decimals hold at most 38 digits; a sum past that is left out. */
static int sum_fits(orc_i128 v) {
  orc_i128 lim = 1;
  for (int i = 0; i < 38; i++)
    lim *= 10;
  return v < lim && v > -lim;
}

int orc_stats_encode(const orc_stats *s, tpch_buf *b) {
  int rc = tpch_pb_uint(b, 1, s->count);
  size_t m = 0;
  char t[64];
  if (rc != TPCH_OK) return rc;
  switch (s->kind) {
  case ORC_BYTE:
  case ORC_SHORT:
  case ORC_INT:
  case ORC_LONG:
    if (!s->has_minmax) break;
    rc = tpch_pb_begin(b, 2, &m);
    if (rc == TPCH_OK) rc = tpch_pb_sint(b, 1, s->imin);
    if (rc == TPCH_OK) rc = tpch_pb_sint(b, 2, s->imax);
    if (rc == TPCH_OK && s->isum_ok) rc = tpch_pb_sint(b, 3, s->isum);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
    break;
  case ORC_FLOAT:
  case ORC_DOUBLE:
    if (!s->has_minmax) break;
    rc = tpch_pb_begin(b, 3, &m);
    if (rc == TPCH_OK) rc = tpch_pb_double(b, 1, s->dmin);
    if (rc == TPCH_OK) rc = tpch_pb_double(b, 2, s->dmax);
    if (rc == TPCH_OK) rc = tpch_pb_double(b, 3, s->dsum);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
    break;
  case ORC_STRING:
    rc = tpch_pb_begin(b, 4, &m);
    if (rc == TPCH_OK && s->has_minmax) rc = tpch_pb_bytes(b, 1, s->smin.data, s->smin.len);
    if (rc == TPCH_OK && s->has_minmax) rc = tpch_pb_bytes(b, 2, s->smax.data, s->smax.len);
    if (rc == TPCH_OK) rc = tpch_pb_sint(b, 3, s->slen);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
    break;
  case ORC_BOOLEAN:
    rc = tpch_pb_begin(b, 5, &m);
    if (rc == TPCH_OK) rc = tpch_pb_packed(b, 1, &s->trues, 1);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
    break;
  case ORC_DECIMAL:
    if (!s->has_minmax) break;
    rc = tpch_pb_begin(b, 6, &m);
    if (rc == TPCH_OK) rc = tpch_pb_bytes(b, 1, t, (size_t)orc_decimal_text(s->cmin, s->scale, t));
    if (rc == TPCH_OK) rc = tpch_pb_bytes(b, 2, t, (size_t)orc_decimal_text(s->cmax, s->scale, t));
    if (rc == TPCH_OK && s->csum_ok && sum_fits(s->csum))
      rc = tpch_pb_bytes(b, 3, t, (size_t)orc_decimal_text(s->csum, s->scale, t));
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
    break;
  case ORC_DATE:
    if (!s->has_minmax) break;
    rc = tpch_pb_begin(b, 7, &m);
    if (rc == TPCH_OK) rc = tpch_pb_sint(b, 1, s->imin);
    if (rc == TPCH_OK) rc = tpch_pb_sint(b, 2, s->imax);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
    break;
  case ORC_BINARY:
    rc = tpch_pb_begin(b, 8, &m);
    if (rc == TPCH_OK) rc = tpch_pb_sint(b, 1, s->slen);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
    break;
  default: break;
  }
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 10, s->has_null ? 1 : 0);
  return rc;
}
