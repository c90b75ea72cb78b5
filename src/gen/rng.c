#include "rng.h"

int64_t tpch_rng_skip_multiplier(int64_t n) {
  int64_t result = 1, m = TPCH_RNG_MUL;
  while (n > 0) {
    if (n & 1) result = tpch_rng_mulmod(result, m);
    m = tpch_rng_mulmod(m, m);
    n >>= 1;
  }
  return result;
}

/* dbgen's NextRand/skip on a state that is no longer below 2^31: the products
 * wrap modulo 2^64 as signed values, then C's % truncates toward zero.
 * Unsigned multiply reproduces the wrap without undefined behaviour. */
static int64_t wrap_mulmod(int64_t a, int64_t b) {
  int64_t p = (int64_t)((uint64_t)a * (uint64_t)b);
  return p % TPCH_RNG_MOD;
}

int64_t tpch_rng64_skip(int64_t s, int64_t n) {
  int64_t m = TPCH_RNG_MUL;
  while (n > 0) {
    if (n & 1) s = wrap_mulmod(m, s);
    n >>= 1;
    m = wrap_mulmod(m, m);
  }
  return s;
}
