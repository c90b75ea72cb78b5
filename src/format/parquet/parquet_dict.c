#include "parquet_dict.h"

#include <stdlib.h>
#include <string.h>

#include "tpch_error.h"

void pq_dict_init(pq_dict *d) {
  memset(d, 0, sizeof *d);
}

void pq_dict_init_fixed(pq_dict *d, int width) {
  memset(d, 0, sizeof *d);
  d->width = width;
}

void pq_dict_free(pq_dict *d) {
  int width = d->width;
  tpch_buf_free(&d->plain);
  free(d->off);
  free(d->len);
  free(d->hash);
  free(d->slots);
  pq_dict_init_fixed(d, width);
}

void pq_dict_reset(pq_dict *d) {
  tpch_buf_reset(&d->plain);
  d->n = 0;
  if (d->slots) memset(d->slots, 0, ((size_t)d->mask + 1) * sizeof *d->slots);
}

static inline uint64_t load8(const uint8_t *p) {
  uint64_t w;
  memcpy(&w, p, 8);
  return w;
}

static inline uint64_t load4(const uint8_t *p) {
  uint32_t w;
  memcpy(&w, p, 4);
  return w;
}

/* A multiply-xorshift hash over 8-byte words. Short strings dominate, so
 * the tail is read with fixed-size (overlapping) loads instead of a
 * variable-length copy. */
uint32_t pq_dict_hash(const uint8_t *p, size_t n) {
  const uint64_t m = 0x9E3779B97F4A7C15ull;
  uint64_t h = 0x243F6A8885A308D3ull ^ ((uint64_t)n * m);
  size_t len = n;
  while (n > 8) {
    h = (h ^ load8(p)) * m;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  uint64_t w;
  if (len >= 8)
    w = load8(p + n - 8); /* the last 8 bytes, overlapping */
  else if (n >= 4)
    w = load4(p) | load4(p + n - 4) << 32;
  else
    w = n ? (uint64_t)p[0] | (uint64_t)p[n / 2] << 8 | (uint64_t)p[n - 1] << 16 : 0;
  h = (h ^ w) * m;
  h ^= h >> 32;
  h *= 0xBF58476D1CE4E5B9ull;
  return (uint32_t)(h >> 32);
}

int pq_dict_find(const pq_dict *d, const uint8_t *p, uint32_t n, uint32_t h, uint32_t *idx) {
  if (d->mask == 0) return 0;
  for (uint32_t s = h & d->mask;; s = (s + 1) & d->mask) {
    uint32_t e = d->slots[s];
    if (e == 0) return 0;
    e--;
    if (d->hash[e] == h && d->len[e] == n && memcmp(d->plain.data + d->off[e], p, n) == 0) {
      *idx = e;
      return 1;
    }
  }
}

/* Puts entry e (with hash h) in its first free slot. */
static void insert_slot(pq_dict *d, uint32_t e, uint32_t h) {
  uint32_t s = h & d->mask;
  while (d->slots[s] != 0)
    s = (s + 1) & d->mask;
  d->slots[s] = e + 1;
}

/* Keeps the table at most half full so probe chains stay short. */
static int grow_table(pq_dict *d) {
  size_t nslots = d->mask ? ((size_t)d->mask + 1) * 2 : 1024;
  if (nslots > ((size_t)1 << 31)) return TPCH_ENOMEM;
  uint32_t *s = calloc(nslots, sizeof *s);
  if (s == NULL) return TPCH_ENOMEM;
  free(d->slots);
  d->slots = s;
  d->mask = (uint32_t)(nslots - 1);
  for (uint32_t e = 0; e < d->n; e++)
    insert_slot(d, e, d->width ? pq_dict_fixed_hash(pq_dict_entry(d, e), d->width) : d->hash[e]);
  return TPCH_OK;
}

static int grow_entries(pq_dict *d) {
  uint32_t cap = d->cap ? d->cap * 2 : 256;
  if (cap <= d->cap) return TPCH_ENOMEM;
  uint32_t *off = realloc(d->off, (size_t)cap * sizeof *off);
  if (off == NULL) return TPCH_ENOMEM;
  d->off = off;
  uint32_t *len = realloc(d->len, (size_t)cap * sizeof *len);
  if (len == NULL) return TPCH_ENOMEM;
  d->len = len;
  uint32_t *hash = realloc(d->hash, (size_t)cap * sizeof *hash);
  if (hash == NULL) return TPCH_ENOMEM;
  d->hash = hash;
  d->cap = cap;
  return TPCH_OK;
}

int pq_dict_add(pq_dict *d, const uint8_t *p, uint32_t n, uint32_t h, uint32_t *idx) {
  if (d->n == UINT32_MAX - 1 || d->plain.len + 4 + (size_t)n > UINT32_MAX) return TPCH_ENOMEM;
  if (d->n == d->cap && grow_entries(d) != TPCH_OK) return TPCH_ENOMEM;
  if (((size_t)d->n + 1) * 2 > (size_t)d->mask + 1 && grow_table(d) != TPCH_OK) return TPCH_ENOMEM;
  if (tpch_buf_reserve(&d->plain, 4 + (size_t)n) != 0) return TPCH_ENOMEM;
  tpch_buf_put_le(&d->plain, n, 4);
  uint32_t e = d->n++;
  d->off[e] = (uint32_t)d->plain.len;
  d->len[e] = n;
  d->hash[e] = h;
  tpch_buf_append(&d->plain, p, n);
  insert_slot(d, e, h);
  *idx = e;
  return TPCH_OK;
}

int pq_dict_add_fixed(pq_dict *d, const uint8_t *v, uint32_t h, uint32_t *idx) {
  size_t w = (size_t)d->width;
  if (d->n == UINT32_MAX - 1 || d->plain.len + w > UINT32_MAX) return TPCH_ENOMEM;
  if (((size_t)d->n + 1) * 2 > (size_t)d->mask + 1 && grow_table(d) != TPCH_OK) return TPCH_ENOMEM;
  if (tpch_buf_append(&d->plain, v, w) != 0) return TPCH_ENOMEM;
  uint32_t e = d->n++;
  insert_slot(d, e, h);
  *idx = e;
  return TPCH_OK;
}
