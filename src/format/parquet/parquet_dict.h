/*
 * parquet_dict.h - the byte-string dictionary behind RLE_DICTIONARY pages.
 *
 * Entries are kept in insertion order, already laid out as the PLAIN body of
 * the dictionary page (u32 length + bytes each), with an open-addressing
 * hash table of entry numbers for lookups. No allocation per value.
 */
#ifndef TPCH_PARQUET_DICT_H
#define TPCH_PARQUET_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"

typedef struct pq_dict {
  tpch_buf plain;  /* dictionary page body */
  uint32_t *off;   /* entry i's bytes start at plain.data + off[i] */
  uint32_t *len;   /* entry i's length */
  uint32_t *hash;  /* entry i's hash */
  uint32_t n, cap; /* entries, capacity of the three arrays */
  uint32_t *slots; /* 0 = empty, else entry number + 1 */
  uint32_t mask;   /* slot count - 1 (a power of two), 0 before the first add */
} pq_dict;

void pq_dict_init(pq_dict *d);
void pq_dict_free(pq_dict *d);

/* Forgets every entry but keeps the storage. */
void pq_dict_reset(pq_dict *d);

/* The hash pq_dict_find / pq_dict_add expect for the bytes p[0..n). */
uint32_t pq_dict_hash(const uint8_t *p, size_t n);

/* 1 and *idx = entry number if the bytes are in the dictionary, else 0. */
int pq_dict_find(const pq_dict *d, const uint8_t *p, uint32_t n, uint32_t h, uint32_t *idx);

/* Adds bytes known to be absent; *idx = new entry number. TPCH_OK or TPCH_ENOMEM. */
int pq_dict_add(pq_dict *d, const uint8_t *p, uint32_t n, uint32_t h, uint32_t *idx);

#endif /* TPCH_PARQUET_DICT_H */
