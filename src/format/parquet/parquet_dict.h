/*
 * parquet_dict.h - the dictionary behind RLE_DICTIONARY pages, for byte
 * strings or for fixed-width values (INT32, INT64, DOUBLE, decimals).
 *
 * Entries are kept in insertion order, already laid out as the PLAIN body of
 * the dictionary page (u32 length + bytes each for strings, the raw value
 * bytes back to back for fixed widths), with an open-addressing hash table
 * of entry numbers for lookups. No allocation per value.
 */
#ifndef TPCH_PARQUET_DICT_H
#define TPCH_PARQUET_DICT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "io/buf.h"

typedef struct pq_dict {
  tpch_buf plain;  /* dictionary page body */
  uint32_t n;      /* entries */
  uint32_t *slots; /* 0 = empty, else entry number + 1 */
  uint32_t mask;   /* slot count - 1 (a power of two), 0 before the first add */
  int width;       /* bytes per entry (1..16), or 0 for byte strings */
  /* byte strings only */
  uint32_t *off;  /* entry i's bytes start at plain.data + off[i] */
  uint32_t *len;  /* entry i's length */
  uint32_t *hash; /* entry i's hash */
  uint32_t cap;   /* capacity of off / len / hash */
} pq_dict;

/* A dictionary of byte strings. */
void pq_dict_init(pq_dict *d);

/* A dictionary of `width`-byte values (1..16), compared by their bits:
 * -0.0 and 0.0, or NaNs with different payloads, are different entries. */
void pq_dict_init_fixed(pq_dict *d, int width);

void pq_dict_free(pq_dict *d);

/* Forgets every entry but keeps the storage. */
void pq_dict_reset(pq_dict *d);

/* The hash pq_dict_find / pq_dict_add expect for the bytes p[0..n). */
uint32_t pq_dict_hash(const uint8_t *p, size_t n);

/* 1 and *idx = entry number if the bytes are in the dictionary, else 0. */
int pq_dict_find(const pq_dict *d, const uint8_t *p, uint32_t n, uint32_t h, uint32_t *idx);

/* Adds bytes known to be absent; *idx = new entry number. TPCH_OK or TPCH_ENOMEM. */
int pq_dict_add(pq_dict *d, const uint8_t *p, uint32_t n, uint32_t h, uint32_t *idx);

/* ---- fixed width (inline: called once per value) ----
 * Slots hold entry numbers only and a probe compares against the entries
 * themselves: they are dense (a few KiB for dates or quantities), so the
 * table stays small enough for the L1/L2 cache. */

/* Hash of a `width`-byte value: a full-avalanche mix of its bits, so values
 * that differ only in high bits (multiples of a large power of two) do not
 * share slots. */
static inline uint32_t pq_dict_fixed_hash(const uint8_t *v, int width) {
  uint64_t x = 0, rest = 0;
  if (width == 8) {
    memcpy(&x, v, 8);
  } else if (width == 4) {
    uint32_t x4;
    memcpy(&x4, v, 4);
    x = x4;
  } else {
    memcpy(&x, v, width < 8 ? (size_t)width : 8);
    if (width > 8) memcpy(&rest, v + 8, (size_t)width - 8);
  }
  x ^= rest * 0x9E3779B97F4A7C15ull;
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDull;
  x ^= x >> 33;
  return (uint32_t)x;
}

/* Entry i of a fixed-width dictionary. */
static inline const uint8_t *pq_dict_entry(const pq_dict *d, uint32_t i) {
  return d->plain.data + (size_t)i * (size_t)d->width;
}

/* 1 and *idx = entry number if the value (hash h from pq_dict_fixed_hash)
 * is in the dictionary, else 0. `width` must equal d->width; passing it as
 * a constant lets the comparison become one load. */
static inline int pq_dict_find_fixed(const pq_dict *d, const uint8_t *v, int width, uint32_t h,
                                     uint32_t *idx) {
  if (d->mask == 0) return 0;
  for (uint32_t s = h & d->mask;; s = (s + 1) & d->mask) {
    uint32_t e = d->slots[s];
    if (e == 0) return 0;
    if (memcmp(d->plain.data + (size_t)(e - 1) * (size_t)width, v, (size_t)width) == 0) {
      *idx = e - 1;
      return 1;
    }
  }
}

/* Adds a value known to be absent; *idx = new entry number. TPCH_OK or TPCH_ENOMEM. */
int pq_dict_add_fixed(pq_dict *d, const uint8_t *v, uint32_t h, uint32_t *idx);

#endif /* TPCH_PARQUET_DICT_H */
