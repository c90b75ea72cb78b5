/*
 * rng.h - dbgen's random number streams (Park-Miller "minimal standard").
 *
 * Each of dbgen's 48 streams is an int64 state. Every draw steps one stream
 * once. A table's row unit r starts with each stream at
 * skip(seed, quota * (r - 1)), which is what lets any row range be generated
 * without the rows before it (DBGEN_NOTES.md section 3).
 */
#ifndef TPCH_RNG_H
#define TPCH_RNG_H

#include <stdint.h>

#define TPCH_RNG_MOD 2147483647LL /* 2^31 - 1 */
#define TPCH_RNG_MUL 16807LL

/* (a * b) mod (2^31 - 1) for 0 <= a, b < 2^31: Mersenne reduction, no division. */
static inline int64_t tpch_rng_mulmod(int64_t a, int64_t b) {
  uint64_t x = (uint64_t)a * (uint64_t)b; /* < 2^62 */
  x = (x & (uint64_t)TPCH_RNG_MOD) + (x >> 31);
  x = (x & (uint64_t)TPCH_RNG_MOD) + (x >> 31);
  return x == (uint64_t)TPCH_RNG_MOD ? 0 : (int64_t)x;
}

/* Steps the stream and returns the new state (1 .. 2^31 - 2). */
static inline int64_t tpch_rng_next(int64_t *s) {
  *s = tpch_rng_mulmod(*s, TPCH_RNG_MUL);
  return *s;
}

/*
 * dbgen's UnifInt(lo, hi): divide first, then multiply, in IEEE double, and
 * truncate. Exact integer arithmetic differs on rare seeds for large ranges,
 * so this must stay floating point. `hi - lo + 1` must not overflow int64.
 */
static inline int64_t tpch_rng_uniform(int64_t *s, int64_t lo, int64_t hi) {
  int64_t range = hi - lo + 1;
  double u = (double)tpch_rng_next(s) / (double)TPCH_RNG_MOD;
  return lo + (int64_t)(u * (double)range);
}

/*
 * dbgen's UnifInt(0, 2^31 - 1), used only for random address strings: dbgen
 * computes the range in 32 bits, where 2^31 overflows to -2^31, so the value
 * is negative. Reproduced with the constant instead of the overflow.
 */
static inline int64_t tpch_rng_uniform_addr(int64_t *s) {
  double u = (double)tpch_rng_next(s) / (double)TPCH_RNG_MOD;
  return (int64_t)(u * -2147483648.0);
}

/* 16807^n mod (2^31 - 1): the multiplier that advances a stream by n draws. */
int64_t tpch_rng_skip_multiplier(int64_t n);

/* State after `n` more draws (n <= 0: unchanged). O(log n). */
static inline int64_t tpch_rng_skip(int64_t s, int64_t n) {
  return n <= 0 ? s : tpch_rng_mulmod(s, tpch_rng_skip_multiplier(n));
}

/* dbgen's 64-bit LCG used for two streams when the integer scale >= 30000. */
static inline uint64_t tpch_rng64_next(uint64_t *s) {
  *s = *s * 6364136223846793005ULL + 1ULL;
  return *s;
}

/* lo + (|s| mod (hi - lo + 1)) on the 64-bit stream, as dbgen does. */
static inline int64_t tpch_rng64_uniform(uint64_t *s, int64_t lo, int64_t hi) {
  int64_t v = (int64_t)tpch_rng64_next(s);
  uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  return lo + (int64_t)(mag % (uint64_t)(hi - lo + 1));
}

/*
 * dbgen's Park-Miller skip applied to a 64-bit LCG state (signed 64-bit
 * multiply that wraps, C's truncating %). Used at SF >= 30000 only.
 */
int64_t tpch_rng64_skip(int64_t s, int64_t n);

/* The 64-bit LCG advanced by n steps in O(log n) (x -> a^n x + c (a^n - 1) / (a - 1)). */
uint64_t tpch_rng64_advance(uint64_t s, int64_t n);

/*
 * The l_partkey stream of dbgen's 64-bit path walked over `orders` orders:
 * each order draws its line count n = U(1, 7) from the line-count stream
 * *lcnt (one draw per order), steps the LCG n times, and for n < 7 pads with
 * tpch_rng64_skip(7 - n). Returns the new state; *lcnt is advanced too.
 * About 8 ns per order.
 */
uint64_t tpch_rng64_walk_orders(uint64_t pkey, int64_t *lcnt, int64_t orders);

/*
 * The base data's l_partkey stream (64-bit path) after `orders` orders: the
 * nearest checkpoint at or below (one every 2^24 orders, computed once by
 * tools/pkey_checkpoints.c into pkey_checkpoints.inc) walked the rest of the
 * way - at most 2^24 orders, about 0.15 s, for any orders <= 150e9 (SF 100000).
 */
uint64_t tpch_rng64_pkey_state(int64_t orders);

/* The checkpoint tpch_rng64_pkey_state starts from: the state after the
 * returned number of orders (the largest checkpoint <= orders) goes to *pkey,
 * the line-count stream's state there to *lcnt. */
int64_t tpch_rng64_pkey_checkpoint(int64_t orders, uint64_t *pkey, int64_t *lcnt);

/* The checkpoint table: *table[k] is the state after k * 2^(*log2_step) orders. */
int64_t tpch_rng64_pkey_checkpoints(const uint64_t **table, int *log2_step);

#endif /* TPCH_RNG_H */
