/*
 * paimon_stats.c - Paimon's BinaryRow serialization, for the min/max value
 * statistics of a data file (and the empty partition/key rows).
 *
 * Serialized row = arity (4 bytes, big-endian) + the row: a null bit set of
 * ((arity + 63 + 8) / 64) * 8 bytes whose first byte is the row kind (0,
 * insert) and whose bit 8 + i marks field i null; one 8-byte little-endian
 * slot per field; then the variable part (8-byte aligned). Fixed-width
 * values sit in their slot (INT/DATE 4 bytes, BIGINT/DOUBLE and DECIMAL with
 * precision <= 18 as the unscaled long 8 bytes, BOOLEAN 1 byte). A string of
 * up to 7 bytes sits in the slot with 0x80 | length in its last byte; a
 * longer one is in the variable part and the slot holds offset << 32 | length
 * (offset from the start of the row).
 */
#include <stdlib.h>
#include <string.h>

#include "format/paimon/paimon_internal.h"

#define PMN_STRING_STATS_CHARS 16 /* Paimon's default metadata.stats-mode: truncate(16) */

int pmn_empty_row(tpch_buf *out) {
  static const uint8_t row[12] = {0};
  return tpch_buf_append(out, row, sizeof row) ? TPCH_ENOMEM : TPCH_OK;
}

/* Byte length of the first `chars` UTF-8 characters of v[0..n) (n when it has fewer). */
static size_t utf8_prefix(const uint8_t *v, size_t n, int chars, int *count) {
  size_t i = 0;
  int c = 0;
  while (i < n && c < chars) {
    i++;
    while (i < n && (v[i] & 0xC0) == 0x80)
      i++;
    c++;
  }
  *count = c;
  return i;
}

/* Decodes the character starting at v[i] (length len); returns its code point. */
static uint32_t utf8_decode(const uint8_t *v, size_t len) {
  if (len == 1) return v[0];
  uint32_t cp = v[0] & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; k++)
    cp = (cp << 6) | (v[k] & 0x3F);
  return cp;
}

static size_t utf8_encode(uint32_t cp, uint8_t *o) {
  if (cp < 0x80) {
    o[0] = (uint8_t)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (uint8_t)(0xC0 | (cp >> 6));
    o[1] = (uint8_t)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (uint8_t)(0xE0 | (cp >> 12));
    o[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (uint8_t)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (uint8_t)(0xF0 | (cp >> 18));
  o[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (uint8_t)(0x80 | (cp & 0x3F));
  return 4;
}

/*
 * The string statistic of one column in `out` (at most 16 characters). Returns
 * 1 when there is one, 0 when the bound is unknown (null), <0 on error.
 */
static int string_bound(const tpch_parquet_column_info *c, int is_max, tpch_buf *out) {
  const uint8_t *v = is_max ? c->max : c->min;
  size_t n = (size_t)(is_max ? c->max_len : c->min_len);
  int chars;
  size_t cut = utf8_prefix(v, n, PMN_STRING_STATS_CHARS, &chars);
  if (!is_max || cut == n) {
    /* a prefix of a lower bound is a lower bound; a short maximum is itself (an upper bound
     * even when the Parquet writer had to shorten and bump it) */
    return tpch_buf_append(out, v, cut) ? TPCH_ENOMEM : 1;
  }
  /* A longer maximum: 16 characters, the last one incremented. When the Parquet maximum
   * was shortened and bumped past this cut, its first 16 characters are the real ones. */
  size_t starts[PMN_STRING_STATS_CHARS];
  size_t i = 0;
  for (int k = 0; k < chars; k++) {
    starts[k] = i;
    i++;
    while (i < cut && (v[i] & 0xC0) == 0x80)
      i++;
  }
  for (int k = chars; k-- > 0;) {
    size_t len = (k + 1 < chars ? starts[k + 1] : cut) - starts[k];
    uint32_t cp = utf8_decode(v + starts[k], len) + 1;
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xE000;
    if (cp > 0x10FFFF) continue;
    uint8_t enc[4];
    size_t el = utf8_encode(cp, enc);
    if (tpch_buf_append(out, v, starts[k]) || tpch_buf_append(out, enc, el)) return TPCH_ENOMEM;
    return 1;
  }
  return 0;
}

static int64_t le_int(const uint8_t *p, int len) {
  uint64_t u = 0;
  for (int i = len; i-- > 0;)
    u = (u << 8) | p[i];
  if (len == 4) return (int32_t)(uint32_t)u;
  return (int64_t)u;
}

int pmn_stats_row(const pmn_schema *s, const tpch_parquet_file_info *info, int is_max, tpch_buf *out,
                  tpch_error *err) {
  size_t n = s->n;
  size_t bits = ((n + 63 + 8) / 64) * 8;
  size_t fixed = bits + 8 * n;
  size_t start = out->len + 4;
  uint8_t arity[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
  if (tpch_buf_append(out, arity, 4) || tpch_buf_reserve(out, fixed)) return pmn_oom(err);
  memset(out->data + start, 0, fixed);
  out->len = start + fixed;
  tpch_buf str;
  tpch_buf_init(&str);
  int rc = TPCH_OK;
  for (size_t i = 0; i < n && rc == TPCH_OK; i++) {
    const tpch_parquet_column_info *c = &info->columns[i];
    const pmn_field *f = &s->fields[i];
    const uint8_t *v = is_max ? c->max : c->min;
    int len = is_max ? c->max_len : c->min_len;
    int known = c->has_min_max;
    uint64_t slot = 0;
    switch (f->kind) {
    case PMN_BOOLEAN:
      known = known && len == 1;
      if (known) slot = v[0] ? 1 : 0;
      break;
    case PMN_INT:
    case PMN_DATE:
      known = known && len == 4;
      if (known) slot = (uint32_t)le_int(v, 4);
      break;
    case PMN_BIGINT:
    case PMN_DECIMAL:
    case PMN_DOUBLE: /* the Parquet writer keeps NaN out of double statistics */
      known = known && len == 8;
      if (known) slot = (uint64_t)le_int(v, 8);
      break;
    case PMN_STRING:
    case PMN_BYTES: {
      if (!known) break;
      tpch_buf_reset(&str);
      int got;
      if (f->kind == PMN_STRING) {
        got = string_bound(c, is_max, &str);
      } else if (is_max ? c->max_exact : c->min_exact) {
        got = tpch_buf_append(&str, v, (size_t)len) ? TPCH_ENOMEM : 1;
      } else {
        got = 0; /* a shortened binary bound: leave it unknown */
      }
      if (got < 0) {
        rc = pmn_oom(err);
        break;
      }
      known = got;
      if (!known) break;
      if (str.len <= 7) {
        for (size_t k = 0; k < str.len; k++)
          slot |= (uint64_t)str.data[k] << (8 * k);
        slot |= (uint64_t)(0x80 | str.len) << 56;
      } else {
        size_t off = out->len - start;
        size_t padded = (str.len + 7) & ~(size_t)7;
        if (tpch_buf_reserve(out, padded)) {
          rc = pmn_oom(err);
          break;
        }
        memcpy(out->data + out->len, str.data, str.len);
        memset(out->data + out->len + str.len, 0, padded - str.len);
        out->len += padded;
        slot = ((uint64_t)off << 32) | str.len;
      }
      break;
    }
    }
    if (!known) {
      size_t bit = i + 8;
      out->data[start + bit / 8] |= (uint8_t)(1u << (bit % 8));
      slot = 0;
    }
    for (int k = 0; k < 8; k++)
      out->data[start + bits + 8 * i + (size_t)k] = (uint8_t)(slot >> (8 * k));
  }
  tpch_buf_free(&str);
  return rc;
}
