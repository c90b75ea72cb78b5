/*
 * text_pool.h - dbgen's 300 MiB pool of pseudo-English text. Every comment
 * column is a slice of it, so it is built once per process (from stream 5
 * alone, independent of scale factor and table) and shared read-only by all
 * threads.
 */
#ifndef TPCH_TEXT_POOL_H
#define TPCH_TEXT_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "tpch_gen.h"

/* tpch_text_pool_build / _destroy are declared in tpch_gen.h. A `size`
 * smaller than TPCH_TEXT_POOL_SIZE builds a prefix (for tests). */

/* The pool's bytes; valid until tpch_text_pool_destroy. */
const char *tpch_text_pool_data(const tpch_text_pool *p);
int64_t tpch_text_pool_size(const tpch_text_pool *p);

#endif /* TPCH_TEXT_POOL_H */
