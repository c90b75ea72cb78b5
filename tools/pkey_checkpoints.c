/*
 * pkey_checkpoints.c - computes src/gen/pkey_checkpoints.inc, the table that
 * lets an order range start anywhere at integer scale >= 30000.
 *
 * There dbgen draws l_partkey from a 64-bit LCG and, after each order of n
 * lines, pads the stream with its 31-bit Park-Miller skip by 7 - n draws on
 * the 64-bit state. That skip is not a power of the LCG, so the state after
 * N orders has no closed form: it is reached only by walking every order.
 * The walk depends on the line counts alone (the partkey range changes the
 * drawn values, never the state), so one table serves every scale factor.
 * This program walks all 150,000,000,000 orders of SF 100000 once and prints
 * the state at every 2^24-th order boundary (docs/distributed.md, "Parts at
 * SF 30000 and above").
 *
 * Usage: pkey_checkpoints [FIRST_INDEX STATE]  (resume from a printed line)
 * Output: one line per checkpoint, "index state" (state as unsigned decimal),
 * flushed as it goes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "gen/rng.h"

#define STEP_LOG 24
#define LAST_ORDER 150000000000LL /* SF 100000 */
#define LCNT_SEED 1434868289LL
#define PKEY_SEED 1808217256LL

/* dbgen's padding skip by m (1..6) draws on a 64-bit state, the way
 * tpch_rng64_skip does it, folded into two constants: the first multiply
 * (by 16807^(2^j), j = lowest set bit of m) wraps modulo 2^64 and is followed
 * by C's truncating % (2^31 - 1); every later multiply is exact and keeps the
 * sign, so together they are one multiply by 16807^(m - 2^j) modulo 2^31 - 1
 * on the magnitude. */
static uint64_t first_mult[8], rest_mult[8];

static void init_skip(void) {
  for (int m = 1; m < 7; m++) {
    int j = 0;
    while (!((m >> j) & 1))
      j++;
    first_mult[m] = (uint64_t)tpch_rng_skip_multiplier(1LL << j);
    rest_mult[m] = (uint64_t)tpch_rng_skip_multiplier(m - (1LL << j));
  }
}

int main(int argc, char **argv) {
  int64_t k = 0;
  uint64_t x = (uint64_t)PKEY_SEED;
  if (argc == 3) {
    k = strtoll(argv[1], NULL, 10);
    x = strtoull(argv[2], NULL, 10);
  }
  init_skip();
  /* An order of n lines: n LCG steps, x -> a x + c (mod 2^64); for n < 7 the
   * first multiply of the skip folds into the same affine map. */
  uint64_t a[8], c[8];
  a[0] = 1;
  c[0] = 0;
  for (int n = 1; n < 8; n++) {
    a[n] = a[n - 1] * 6364136223846793005ULL;
    c[n] = c[n - 1] * 6364136223846793005ULL + 1ULL;
  }
  for (int n = 1; n < 7; n++) {
    a[n] *= first_mult[7 - n];
    c[n] *= first_mult[7 - n];
  }
  /* Self-check against the library's step on the first million orders. */
  {
    int64_t l = LCNT_SEED;
    uint64_t ref = (uint64_t)PKEY_SEED, fast = ref;
    for (int u = 0; u < 1000000; u++) {
      int n = (int)tpch_rng_uniform(&l, 1, 7);
      for (int j = 0; j < n; j++)
        tpch_rng64_next(&ref);
      ref = (uint64_t)tpch_rng64_skip((int64_t)ref, 7 - n);
      fast = a[n] * fast + c[n];
      if (n < 7) {
        int64_t t = (int64_t)fast % TPCH_RNG_MOD;
        int64_t mag = tpch_rng_mulmod(t < 0 ? -t : t, (int64_t)rest_mult[7 - n]);
        fast = (uint64_t)(t < 0 ? -mag : mag);
      }
      if (ref != fast) {
        fprintf(stderr, "fast step differs at order %d\n", u + 1);
        return 1;
      }
    }
  }
  int64_t last_k = (LAST_ORDER + (1LL << STEP_LOG) - 1) >> STEP_LOG;
  int64_t lcnt = tpch_rng_skip(LCNT_SEED, k << STEP_LOG);
  printf("%" PRId64 " %" PRIu64 "\n", k, x);
  fflush(stdout);
  for (; k < last_k; k++) {
    for (int64_t u = 0; u < (1LL << STEP_LOG); u++) {
      int n = (int)tpch_rng_uniform(&lcnt, 1, 7);
      uint64_t y = a[n] * x + c[n];
      int64_t t = (int64_t)y % TPCH_RNG_MOD;
      int64_t mag = tpch_rng_mulmod(t < 0 ? -t : t, (int64_t)rest_mult[7 - n]);
      uint64_t z = (uint64_t)(t < 0 ? -mag : mag);
      x = n == 7 ? y : z;
    }
    printf("%" PRId64 " %" PRIu64 "\n", k + 1, x);
    fflush(stdout);
  }
  return 0;
}
