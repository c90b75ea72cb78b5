/* parquet_stats.c - ordering and truncation of statistics values. */
#include <stdlib.h>
#include <string.h>

#include "parquet_internal.h"

static int64_t load_le(const uint8_t *p, int nbytes) {
  uint64_t u = 0;
  for (int i = nbytes - 1; i >= 0; i--)
    u = (u << 8) | p[i];
  if (nbytes < 8 && (u >> (8 * nbytes - 1)) & 1) u |= ~(uint64_t)0 << (8 * nbytes);
  return (int64_t)u;
}

static int cmp_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
  size_t n = alen < blen ? alen : blen;
  int c = n ? memcmp(a, b, n) : 0;
  if (c != 0) return c < 0 ? -1 : 1;
  return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* Compares two statistics values of the same column: <0, 0, >0. */
int pq_stat_compare(pq_order order, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
  switch (order) {
  case PQ_ORDER_BOOL: return (a[0] > b[0]) - (a[0] < b[0]);
  case PQ_ORDER_I32: {
    int64_t x = load_le(a, 4), y = load_le(b, 4);
    return (x > y) - (x < y);
  }
  case PQ_ORDER_I64: {
    int64_t x = load_le(a, 8), y = load_le(b, 8);
    return (x > y) - (x < y);
  }
  case PQ_ORDER_F64: {
    double x, y;
    memcpy(&x, a, 8);
    memcpy(&y, b, 8);
    return (x > y) - (x < y);
  }
  case PQ_ORDER_DECIMAL_BE:
    if (alen == blen && alen > 0 && a[0] != b[0]) return (int8_t)a[0] < (int8_t)b[0] ? -1 : 1;
    return cmp_bytes(a, alen, b, blen);
  case PQ_ORDER_BYTES: return cmp_bytes(a, alen, b, blen);
  }
  return 0;
}

/* Largest cut <= limit that does not split a UTF-8 sequence. */
static size_t utf8_cut(const uint8_t *v, size_t limit) {
  size_t cut = limit;
  while (cut > 0 && (v[cut] & 0xC0) == 0x80)
    cut--;
  return cut;
}

int pq_stat_truncate(const uint8_t *v, size_t n, size_t limit, int is_max, int utf8, tpch_buf *out) {
  tpch_buf_reset(out);
  if (n <= limit) return tpch_buf_append(out, v, n) ? TPCH_ENOMEM : 1;
  size_t cut = utf8 ? utf8_cut(v, limit) : limit;
  if (!is_max) return tpch_buf_append(out, v, cut) ? TPCH_ENOMEM : 0;
  /* An upper bound: the prefix up to some byte, that byte incremented. For
   * UTF-8 only ASCII bytes below 0x7F are bumped, which keeps it valid. */
  for (size_t k = cut; k-- > 0;) {
    int ok = utf8 ? v[k] < 0x7F : v[k] < 0xFF;
    if (!ok) continue;
    if (tpch_buf_append(out, v, k) || tpch_buf_put_u8(out, (uint8_t)(v[k] + 1))) return TPCH_ENOMEM;
    return 0;
  }
  return tpch_buf_append(out, v, n) ? TPCH_ENOMEM : 1;
}

void pq_chunk_meta_free(pq_chunk_meta *m) {
  tpch_buf_free(&m->min);
  tpch_buf_free(&m->max);
  tpch_buf_free(&m->column_index);
  free(m->pages);
  memset(m, 0, sizeof *m);
}
