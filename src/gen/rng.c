#include "rng.h"

#include "pkey_checkpoints.inc"

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

#define LCG_A 6364136223846793005ULL

uint64_t tpch_rng64_advance(uint64_t s, int64_t n) {
  uint64_t mul = 1, add = 0;               /* the map applied so far: x -> mul x + add */
  uint64_t step_mul = LCG_A, step_add = 1; /* the map of 2^bit steps */
  while (n > 0) {
    if (n & 1) {
      mul *= step_mul;
      add = add * step_mul + step_add;
    }
    step_add = step_add * step_mul + step_add;
    step_mul *= step_mul;
    n >>= 1;
  }
  return s * mul + add;
}

/*
 * One order of the walk as at most three operations: the n LCG steps and the
 * first multiply of the padding skip (by 16807^(2^j), j the lowest set bit of
 * 7 - n; it wraps modulo 2^64) are one affine map; C's truncating % (2^31 - 1)
 * follows; every later multiply of the skip is exact and keeps the sign, so
 * together they are one multiply by 16807^(7 - n - 2^j) modulo 2^31 - 1 of
 * the magnitude. tests/c/test_rng.c checks this against the plain steps.
 */
typedef struct walk_maps {
  uint64_t mul[8], add[8];
  int64_t rest[8];
} walk_maps;

static void walk_init(walk_maps *w) {
  uint64_t a = 1, c = 0;
  for (int n = 1; n < 8; n++) {
    a *= LCG_A;
    c = c * LCG_A + 1;
    uint64_t first = 1;
    w->rest[n] = 1;
    if (n < 7) {
      int m = 7 - n, j = 0;
      while (!((m >> j) & 1))
        j++;
      first = (uint64_t)tpch_rng_skip_multiplier(1LL << j);
      w->rest[n] = tpch_rng_skip_multiplier(m - (1LL << j));
    }
    w->mul[n] = a * first;
    w->add[n] = c * first;
  }
}

uint64_t tpch_rng64_walk_orders(uint64_t pkey, int64_t *lcnt, int64_t orders) {
  walk_maps w;
  walk_init(&w);
  int64_t l = *lcnt;
  for (int64_t u = 0; u < orders; u++) {
    int n = (int)tpch_rng_uniform(&l, 1, 7);
    uint64_t y = w.mul[n] * pkey + w.add[n];
    int64_t t = (int64_t)y % TPCH_RNG_MOD;
    int64_t mag = tpch_rng_mulmod(t < 0 ? -t : t, w.rest[n]);
    uint64_t z = t < 0 ? (uint64_t)0 - (uint64_t)mag : (uint64_t)mag;
    pkey = n == 7 ? y : z;
  }
  *lcnt = l;
  return pkey;
}

#define LCNT_SEED 1434868289LL /* stream 43, o_lcnt */

int64_t tpch_rng64_pkey_checkpoints(const uint64_t **table, int *log2_step) {
  *table = pkey_checkpoints;
  *log2_step = PKEY_CHECKPOINT_LOG;
  return (int64_t)(sizeof pkey_checkpoints / sizeof pkey_checkpoints[0]);
}

int64_t tpch_rng64_pkey_checkpoint(int64_t orders, uint64_t *pkey, int64_t *lcnt) {
  int64_t have = (int64_t)(sizeof pkey_checkpoints / sizeof pkey_checkpoints[0]);
  int64_t k = orders >> PKEY_CHECKPOINT_LOG;
  if (k >= have) k = have - 1;
  int64_t done = k << PKEY_CHECKPOINT_LOG;
  *pkey = pkey_checkpoints[k];
  *lcnt = tpch_rng_skip(LCNT_SEED, done);
  return done;
}

uint64_t tpch_rng64_pkey_state(int64_t orders) {
  uint64_t pkey;
  int64_t lcnt, done = tpch_rng64_pkey_checkpoint(orders, &pkey, &lcnt);
  return tpch_rng64_walk_orders(pkey, &lcnt, orders - done);
}
