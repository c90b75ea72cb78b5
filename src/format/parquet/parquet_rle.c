#include "parquet_rle.h"

#include "io/buf.h"
#include "tpch_error.h"

int pq_bit_width(uint32_t max_value) {
  int w = 0;
  while (max_value) {
    w++;
    max_value >>= 1;
  }
  return w;
}

/* The encoder is written once and inlined for each element size, so the
 * loops index a typed array instead of testing the size per value. */
#define PQ_RLE_INLINE static inline __attribute__((always_inline))

PQ_RLE_INLINE uint32_t get(const void *vals, const int elem_size, size_t i) {
  return elem_size == 1 ? ((const uint8_t *)vals)[i] : ((const uint32_t *)vals)[i];
}

/* Length of the run of values equal to vals[i], starting at i. */
PQ_RLE_INLINE size_t run_length(const void *vals, const int elem_size, size_t i, size_t n) {
  uint32_t v = get(vals, elem_size, i);
  size_t j = i + 1;
  while (j < n && get(vals, elem_size, j) == v)
    j++;
  return j - i;
}

static int put_repeated(tpch_buf *out, uint32_t value, size_t count, int bw) {
  int rc = tpch_buf_put_uvarint(out, (uint64_t)count << 1);
  if (rc != 0) return rc;
  return tpch_buf_put_le(out, value, (bw + 7) / 8);
}

/* Bit-packs vals[start, start+count) padded with zeros to a multiple of 8,
 * LSB first, as one bit-packed run. Bits collect in a 64-bit word and
 * leave 32 at a time: bw <= 32 keeps the word from overflowing. */
PQ_RLE_INLINE int put_packed(tpch_buf *out, const void *vals, const int elem_size, size_t start, size_t count,
                             int bw) {
  size_t groups = (count + 7) / 8;
  int rc = tpch_buf_put_uvarint(out, ((uint64_t)groups << 1) | 1);
  if (rc == 0) rc = tpch_buf_reserve(out, groups * (size_t)bw + 8);
  if (rc != 0) return rc;
  uint8_t *p = out->data + out->len;
  uint64_t acc = 0;
  int nbits = 0;
  for (size_t k = 0; k < groups * 8; k++) {
    uint64_t v = k < count ? get(vals, elem_size, start + k) : 0;
    acc |= v << nbits;
    nbits += bw;
    if (nbits >= 32) {
      p[0] = (uint8_t)acc, p[1] = (uint8_t)(acc >> 8), p[2] = (uint8_t)(acc >> 16),
      p[3] = (uint8_t)(acc >> 24);
      p += 4;
      acc >>= 32;
      nbits -= 32;
    }
  }
  /* groups * 8 * bw bits is a whole number of bytes */
  for (; nbits > 0; nbits -= 8, acc >>= 8)
    *p++ = (uint8_t)acc;
  out->len = (size_t)(p - out->data);
  return TPCH_OK;
}

PQ_RLE_INLINE int encode(tpch_buf *out, const void *vals, size_t n, const int elem_size, int bit_width) {
  size_t lit_start = 0, lit_n = 0, i = 0;
  while (i < n) {
    size_t r = run_length(vals, elem_size, i, n);
    if (r >= 8) {
      /* Literal runs other than the last must hold whole groups of 8, so
       * lend the start of this run to the pending literals first. */
      size_t need = (8 - lit_n % 8) % 8;
      lit_n += need;
      i += need;
      r -= need;
      if (r >= 8) {
        if (lit_n > 0) {
          int rc = put_packed(out, vals, elem_size, lit_start, lit_n, bit_width);
          if (rc != 0) return rc;
        }
        int rc = put_repeated(out, get(vals, elem_size, i), r, bit_width);
        if (rc != 0) return rc;
        i += r;
        lit_start = i;
        lit_n = 0;
        continue;
      }
    }
    lit_n += r;
    i += r;
  }
  if (lit_n > 0) return put_packed(out, vals, elem_size, lit_start, lit_n, bit_width);
  return TPCH_OK;
}

int pq_rle_encode(tpch_buf *out, const void *vals, size_t n, int elem_size, int bit_width) {
  if (bit_width < 0 || bit_width > 32 || (elem_size != 1 && elem_size != 4)) return TPCH_EINVAL;
  return elem_size == 1 ? encode(out, vals, n, 1, bit_width) : encode(out, vals, n, 4, bit_width);
}
