/*
 * text_pool.h - dbgen's 300 MiB pool of pseudo-English text. Every comment
 * column is a slice of it, so it is built once per process (from stream 5
 * alone, independent of scale factor and table) and shared read-only by all
 * threads.
 *
 * The pool is kept as it was generated, one byte per piece of text (a word
 * with the space before it, or the punctuation after one), about 44 MB, plus
 * an index from every 256-byte block of text to the piece that covers it,
 * about 5 MB. A slice is decoded on demand in tens of nanoseconds; the
 * 300 MiB of text never needs to be resident.
 */
#ifndef TPCH_TEXT_POOL_H
#define TPCH_TEXT_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "tpch_gen.h"

/* tpch_text_pool_build / _destroy are declared in tpch_gen.h. A `size`
 * smaller than TPCH_TEXT_POOL_SIZE builds a prefix (for tests). */

/* Bytes of text in the pool. */
int64_t tpch_text_pool_size(const tpch_text_pool *p);

/*
 * Copies text bytes [off, off + len) to dst. Requires 0 <= off, 0 <= len <=
 * TPCH_TEXT_POOL_MAX_READ and off + len <= size.
 */
#define TPCH_TEXT_POOL_MAX_READ 1024
void tpch_text_pool_read(const tpch_text_pool *p, int64_t off, int64_t len, char *dst);

/*
 * Many reads at once: read i copies [off[i], off[i] + len[i]) to dst[i].
 * The same result as n single reads, but the memory the reads need is
 * prefetched several reads ahead, which hides most of their cache misses.
 */
void tpch_text_pool_read_many(const tpch_text_pool *p, size_t n, const int64_t *off, const int32_t *len,
                              char *const *dst);

/* Bytes of memory the pool holds (tokens and index). */
size_t tpch_text_pool_memory(const tpch_text_pool *p);

#endif /* TPCH_TEXT_POOL_H */
