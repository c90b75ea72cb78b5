/* orc_rle.c - integer RLE v2, byte RLE and boolean RLE. */
#include "orc_rle.h"

#include "io/buf.h"
#include "tpch_error.h"

/* ---- integer RLE v2 ------------------------------------------------------ */

enum { SHORT_REPEAT = 0, DIRECT = 1, DELTA = 3 };

void orc_rle2_init(orc_rle2 *e, orc_stream *out, int is_signed) {
  e->out = out;
  e->is_signed = is_signed;
  e->n = 0;
}

static int bits_of(uint64_t v) {
  return v == 0 ? 0 : 64 - __builtin_clzll(v);
}

/* The smallest width RLE v2 can store that holds `bits` bits (>= 1). */
static int fixed_width(int bits) {
  if (bits <= 1) return 1;
  if (bits <= 24) return bits;
  if (bits <= 26) return 26;
  if (bits <= 28) return 28;
  if (bits <= 30) return 30;
  if (bits <= 32) return 32;
  if (bits <= 40) return 40;
  if (bits <= 48) return 48;
  if (bits <= 56) return 56;
  return 64;
}

/* The 5-bit code of a width returned by fixed_width. */
static int width_code(int w) {
  if (w <= 24) return w - 1;
  switch (w) {
  case 26: return 24;
  case 28: return 25;
  case 30: return 26;
  case 32: return 27;
  case 40: return 28;
  case 48: return 29;
  case 56: return 30;
  default: return 31;
  }
}

/* Packs n values of w bits each, MSB first, padding the last byte. */
static size_t pack(uint8_t *o, const uint64_t *u, int n, int w) {
  uint64_t acc = 0;
  int nb = 0;
  size_t k = 0;
  for (int i = 0; i < n; i++) {
    uint64_t v = u[i];
    int left = w;
    while (left > 0) {
      int t = left > 32 ? left - 32 : left; /* high part first, at most 32 bits */
      uint64_t part = (v >> (left - t)) & ((t == 64) ? ~0ull : ((1ull << t) - 1));
      acc = (acc << t) | part;
      nb += t;
      left -= t;
      while (nb >= 8) {
        o[k++] = (uint8_t)(acc >> (nb - 8));
        nb -= 8;
      }
    }
  }
  if (nb > 0) o[k++] = (uint8_t)(acc << (8 - nb));
  return k;
}

static void header2(uint8_t *o, int enc, int code, int len) {
  o[0] = (uint8_t)((enc << 6) | (code << 1) | (((len - 1) >> 8) & 1));
  o[1] = (uint8_t)((len - 1) & 0xff);
}

static uint64_t stored(const orc_rle2 *e, int64_t v) {
  return e->is_signed ? tpch_zigzag64(v) : (uint64_t)v;
}

/* A run of `len` copies of v. */
static int emit_run(orc_rle2 *e, int64_t v, int len) {
  uint8_t o[32];
  size_t k;
  uint64_t u = stored(e, v);
  if (len <= 10) {
    int bytes = (bits_of(u) + 7) / 8;
    if (bytes == 0) bytes = 1;
    o[0] = (uint8_t)(((bytes - 1) << 3) | (len - 3));
    for (int i = 0; i < bytes; i++)
      o[1 + i] = (uint8_t)(u >> (8 * (bytes - 1 - i)));
    k = (size_t)bytes + 1;
  } else {
    header2(o, DELTA, 0, len);
    k = 2 + tpch_uvarint_put(o + 2, u);
    o[k++] = 0; /* delta 0 */
  }
  return orc_stream_write(e->out, o, k);
}

/* Values v[a..b) as one DIRECT or DELTA group, whichever is smaller. */
static int emit_literals(orc_rle2 *e, int a, int b) {
  int len = b - a;
  if (len <= 0) return TPCH_OK;
  const int64_t *v = e->v + a;
  uint64_t u[ORC_RLE2_MAX], du[ORC_RLE2_MAX];
  uint64_t maxu = 0;
  for (int i = 0; i < len; i++) {
    u[i] = stored(e, v[i]);
    maxu |= u[i];
  }
  int dw = fixed_width(bits_of(maxu));
  size_t direct_cost = 2 + ((size_t)len * (size_t)dw + 7) / 8;
  /* Delta: a monotone sequence whose first step is not 0. */
  int delta_ok = len >= 3;
  int64_t d0 = 0;
  int fixed = 1;
  uint64_t maxd = 0;
  if (delta_ok && __builtin_sub_overflow(v[1], v[0], &d0)) delta_ok = 0;
  if (d0 == 0) delta_ok = 0;
  for (int i = 2; delta_ok && i < len; i++) {
    int64_t d;
    if (__builtin_sub_overflow(v[i], v[i - 1], &d) || (d0 > 0 ? d < 0 : d > 0) || d == INT64_MIN) {
      delta_ok = 0;
      break;
    }
    if (d != d0) fixed = 0;
    du[i] = (uint64_t)(d < 0 ? -d : d);
    maxd |= du[i];
  }
  uint8_t o[2 + 20 + ORC_RLE2_MAX * 8 + 8];
  size_t k;
  int ww = fixed ? 0 : fixed_width(bits_of(maxd) < 2 ? 2 : bits_of(maxd));
  size_t delta_cost = delta_ok ? 2 + 20 + ((size_t)(len - 2) * (size_t)ww + 7) / 8 : (size_t)-1;
  if (delta_ok && delta_cost < direct_cost) {
    header2(o, DELTA, fixed ? 0 : width_code(ww), len);
    k = 2 + tpch_uvarint_put(o + 2, stored(e, v[0]));
    k += tpch_uvarint_put(o + k, tpch_zigzag64(d0));
    if (!fixed) k += pack(o + k, du + 2, len - 2, ww);
    return orc_stream_write(e->out, o, k);
  }
  header2(o, DIRECT, width_code(dw), len);
  k = 2 + pack(o + 2, u, len, dw);
  return orc_stream_write(e->out, o, k);
}

int orc_rle2_flush(orc_rle2 *e) {
  int n = e->n, lit = 0, i = 0, rc = TPCH_OK;
  e->n = 0;
  while (i < n && rc == TPCH_OK) {
    int r = 1;
    while (i + r < n && e->v[i + r] == e->v[i])
      r++;
    if (r >= 3) {
      rc = emit_literals(e, lit, i);
      if (rc == TPCH_OK) rc = emit_run(e, e->v[i], r);
      lit = i + r;
    }
    i += r;
  }
  if (rc == TPCH_OK) rc = emit_literals(e, lit, n);
  return rc;
}

int orc_rle2_position(orc_rle2 *e, uint64_t *pos) {
  int rc = orc_rle2_flush(e);
  if (rc != TPCH_OK) return rc;
  int k = orc_stream_position(e->out, pos);
  pos[k++] = 0;
  return k;
}

/* ---- byte RLE ------------------------------------------------------------ */

void orc_byte_rle_init(orc_byte_rle *e, orc_stream *out) {
  e->out = out;
  e->n = e->repeat = e->tail = 0;
}

static int write_run(orc_byte_rle *e) {
  uint8_t o[2] = {(uint8_t)(e->n - 3), e->lit[0]};
  return orc_stream_write(e->out, o, 2);
}

static int write_literals(orc_byte_rle *e, int n) {
  uint8_t h = (uint8_t)(256 - n);
  int rc = orc_stream_write(e->out, &h, 1);
  return rc != TPCH_OK ? rc : orc_stream_write(e->out, e->lit, (size_t)n);
}

int orc_byte_rle_add(orc_byte_rle *e, uint8_t b) {
  int rc;
  if (e->repeat) {
    if (b == e->lit[0]) {
      if (++e->n == 130) {
        rc = write_run(e);
        e->n = 0;
        e->repeat = 0;
        return rc;
      }
      return TPCH_OK;
    }
    rc = write_run(e);
    e->n = 0;
    e->repeat = 0;
    if (rc != TPCH_OK) return rc;
  }
  e->tail = (e->n > 0 && b == e->lit[e->n - 1]) ? e->tail + 1 : 1;
  e->lit[e->n++] = b;
  if (e->tail == 3) {
    if (e->n > 3 && (rc = write_literals(e, e->n - 3)) != TPCH_OK) return rc;
    e->lit[0] = b;
    e->n = 3;
    e->repeat = 1;
    e->tail = 0;
    return TPCH_OK;
  }
  if (e->n == 128) {
    rc = write_literals(e, 128);
    e->n = 0;
    e->tail = 0;
    return rc;
  }
  return TPCH_OK;
}

int orc_byte_rle_flush(orc_byte_rle *e) {
  int rc = TPCH_OK;
  if (e->repeat)
    rc = write_run(e);
  else if (e->n > 0)
    rc = write_literals(e, e->n);
  e->n = e->repeat = e->tail = 0;
  return rc;
}

int orc_byte_rle_position(orc_byte_rle *e, uint64_t *pos) {
  int rc = orc_byte_rle_flush(e);
  if (rc != TPCH_OK) return rc;
  int k = orc_stream_position(e->out, pos);
  pos[k++] = 0;
  return k;
}

/* ---- boolean RLE ---------------------------------------------------------- */

void orc_bool_rle_init(orc_bool_rle *e, orc_stream *out) {
  orc_byte_rle_init(&e->bytes, out);
  e->cur = 0;
  e->nbits = 0;
}

int orc_bool_rle_add_ones(orc_bool_rle *e, int64_t n) {
  int rc = TPCH_OK;
  while (n > 0 && e->nbits != 0 && rc == TPCH_OK) {
    rc = orc_bool_rle_add(e, 1);
    n--;
  }
  for (; n >= 8 && rc == TPCH_OK; n -= 8)
    rc = orc_byte_rle_add(&e->bytes, 0xff);
  for (; n > 0 && rc == TPCH_OK; n--)
    rc = orc_bool_rle_add(e, 1);
  return rc;
}

int orc_bool_rle_flush(orc_bool_rle *e) {
  int rc = TPCH_OK;
  if (e->nbits > 0) rc = orc_byte_rle_add(&e->bytes, e->cur);
  e->cur = 0;
  e->nbits = 0;
  return rc != TPCH_OK ? rc : orc_byte_rle_flush(&e->bytes);
}

int orc_bool_rle_position(orc_bool_rle *e, uint64_t *pos) {
  int k = orc_byte_rle_position(&e->bytes, pos);
  if (k < 0) return k;
  pos[k++] = (uint64_t)e->nbits;
  return k;
}
