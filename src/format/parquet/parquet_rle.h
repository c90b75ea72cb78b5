/*
 * parquet_rle.h - the RLE / bit-packing hybrid encoding Parquet uses for
 * definition levels and dictionary indices.
 */
#ifndef TPCH_PARQUET_RLE_H
#define TPCH_PARQUET_RLE_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"

/*
 * Appends the hybrid encoding of `n` values of `bit_width` bits (0..32) to
 * `out`, with no length prefix. Values are read from `vals` as uint8_t when
 * `elem_size` is 1 or uint32_t when it is 4. Runs of 8 or more equal values
 * become repeated runs; the rest is bit-packed in groups of 8, and only the
 * final group of the stream is padded. Returns TPCH_OK, TPCH_ENOMEM, or
 * TPCH_EINVAL for a bad width or element size. Values must fit `bit_width`.
 */
int pq_rle_encode(tpch_buf *out, const void *vals, size_t n, int elem_size, int bit_width);

/* Bits needed to store `max_value` (0 for 0). */
int pq_bit_width(uint32_t max_value);

#endif /* TPCH_PARQUET_RLE_H */
