/* Unit tests of dbgen's random streams: the Park-Miller step, skip-ahead,
 * UnifInt's floating-point rule and the anchors in DBGEN_NOTES.md. */
#include <stdint.h>

#include "check.h"
#include "gen/rng.h"

/* The textbook step, with a division, to check the Mersenne reduction. */
static int64_t slow_next(int64_t s) {
  return (s * 16807) % 2147483647;
}

static void test_mulmod(void) {
  const int64_t vals[] = {0, 1, 2, 16807, 1000000007, 2147483645, 2147483646};
  int bad = 0;
  for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
    for (size_t j = 0; j < sizeof vals / sizeof vals[0]; j++) {
      __int128 want = ((__int128)vals[i] * vals[j]) % 2147483647;
      if (tpch_rng_mulmod(vals[i], vals[j]) != (int64_t)want) bad++;
    }
  CHECK(bad == 0, "mulmod disagrees with %% on %d edge pairs", bad);
  int64_t s = 12345;
  bad = 0;
  for (int i = 0; i < 1000000; i++) {
    int64_t want = slow_next(s);
    if (tpch_rng_next(&s) != want) bad++;
  }
  CHECK(bad == 0, "fast step disagrees with the textbook step %d times in 1e6", bad);
}

static void test_anchors(void) {
  /* Stream 0 (seed 1): seeds 16807, 282475249, 1622650073 and U(1,5) = 1, 1, 4. */
  int64_t s = 1;
  CHECK(tpch_rng_next(&s) == 16807, "stream 0 seed 1");
  CHECK(tpch_rng_next(&s) == 282475249, "stream 0 seed 2");
  CHECK(tpch_rng_next(&s) == 1622650073, "stream 0 seed 3");
  s = 1;
  int64_t a = tpch_rng_uniform(&s, 1, 5), b = tpch_rng_uniform(&s, 1, 5), c = tpch_rng_uniform(&s, 1, 5);
  CHECK(a == 1 && b == 1 && c == 4, "p_mfgr of parts 1..3: %lld %lld %lld", (long long)a, (long long)b,
        (long long)c);
  /* Stream 5 (the text pool, seed 933588178). */
  s = 933588178;
  CHECK(tpch_rng_next(&s) == 1300982664, "text stream seed 1");
  CHECK(tpch_rng_next(&s) == 2084623741, "text stream seed 2");
  CHECK(tpch_rng_next(&s) == 75514182, "text stream seed 3");
}

static void test_skip(void) {
  const int64_t ns[] = {0, 1, 2, 7, 92, 1000, 123457, 2000000};
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
    int64_t s = 709314158;
    for (int64_t k = 0; k < ns[i]; k++)
      tpch_rng_next(&s);
    CHECK(tpch_rng_skip(709314158, ns[i]) == s, "skip(%lld) equals %lld steps", (long long)ns[i],
          (long long)ns[i]);
  }
  CHECK(tpch_rng_skip(42, -5) == 42, "negative skip is a no-op");
  int64_t x = tpch_rng_skip(tpch_rng_skip(1095462486, 14LL * 123456789), 14LL * 987654321);
  CHECK(x == tpch_rng_skip(1095462486, 14LL * (123456789 + 987654321)), "skips compose");
  /* The period of the minimal standard generator is 2^31 - 2. */
  CHECK(tpch_rng_skip(5, 2147483646LL) == 5, "full period returns to the start");
}

static void test_uniform(void) {
  /* Divide first, then multiply, in double, then truncate. */
  int64_t s = 804159733, t = 804159733;
  int bad = 0;
  for (int i = 0; i < 100000; i++) {
    int64_t v = tpch_rng_uniform(&s, 0, 314572800 - 22);
    t = slow_next(t);
    int64_t want = (int64_t)(((double)t / 2147483647.0) * (double)(314572800 - 22 + 1));
    if (v != want) bad++;
    if (v < 0 || v > 314572800 - 22) bad++;
  }
  CHECK(bad == 0, "uniform over the pool offset range");
  s = 1;
  int64_t lo = 1000, hi = 0;
  for (int i = 0; i < 100000; i++) {
    int64_t v = tpch_rng_uniform(&s, 1, 7);
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  CHECK(lo == 1 && hi == 7, "U(1,7) covers exactly 1..7 (%lld..%lld)", (long long)lo, (long long)hi);
  /* dbgen's overflowed U(0, 2^31-1) is always negative. */
  s = 881155353;
  bad = 0;
  for (int i = 0; i < 100000; i++) {
    int64_t v = tpch_rng_uniform_addr(&s);
    if (v >= 0 || v < -2147483647LL) bad++;
  }
  CHECK(bad == 0, "address draws lie in [-2^31+1, -1]");
}

static void test_lcg64(void) {
  uint64_t s = 1;
  CHECK(tpch_rng64_next(&s) == 6364136223846793006ULL, "64-bit LCG step");
  /* Wraps without UB (checked by the sanitizer build). */
  s = UINT64_MAX;
  tpch_rng64_next(&s);
  CHECK(s == (uint64_t)(UINT64_MAX * 6364136223846793005ULL + 1ULL), "LCG wraps modulo 2^64");
  int64_t v = tpch_rng64_uniform(&s, 1, 10);
  CHECK(v >= 1 && v <= 10, "64-bit uniform in range");
  /* The Park-Miller skip on a small state equals the ordinary one. */
  CHECK(tpch_rng64_skip(1808217256, 5) == tpch_rng_skip(1808217256, 5), "64-bit skip of a small state");
}

/* The jump and the per-order walk of the 64-bit path against plain steps. */
static void test_lcg64_walk(void) {
  uint64_t s = 851767375, t = s;
  int64_t ns[] = {0, 1, 2, 3, 7, 1000, 65537};
  int64_t done = 0;
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
    while (done < ns[i]) {
      tpch_rng64_next(&t);
      done++;
    }
    CHECK(tpch_rng64_advance(s, ns[i]) == t, "LCG jump by %lld equals %lld steps", (long long)ns[i],
          (long long)ns[i]);
  }
  /* l_partkey's stream: n steps, then dbgen's Park-Miller skip by 7 - n on
   * the 64-bit state, per order; the walk folds these into fewer operations. */
  int64_t lcnt = 1434868289, l2 = lcnt;
  uint64_t ref = 1808217256, fast = ref;
  int same = 1;
  for (int u = 0; u < 200000 && same; u++) {
    int n = (int)tpch_rng_uniform(&l2, 1, 7);
    for (int j = 0; j < n; j++)
      tpch_rng64_next(&ref);
    ref = (uint64_t)tpch_rng64_skip((int64_t)ref, 7 - n);
    fast = tpch_rng64_walk_orders(fast, &lcnt, 1);
    same = ref == fast && lcnt == l2;
  }
  CHECK(same, "the folded walk equals dbgen's steps and skips over 200000 orders");
  int64_t l3 = 1434868289;
  CHECK(tpch_rng64_walk_orders(1808217256, &l3, 200000) == ref && l3 == l2, "one walk of 200000 orders");
}

/* Entries of the l_partkey checkpoint table (src/gen/pkey_checkpoints.inc)
 * follow from the entry before by a walk of 2^24 orders: the first, one in
 * the middle and the last (each walk about 0.15 s). */
static void test_pkey_checkpoints(void) {
  const uint64_t *t;
  int lg;
  int64_t n = tpch_rng64_pkey_checkpoints(&t, &lg);
  CHECK(n == 8942 && lg == 24, "%lld checkpoints every 2^%d orders cover SF 100000's 150e9 orders",
        (long long)n, lg);
  CHECK(t[0] == 1808217256ULL, "checkpoint 0 is the stream's seed");
  int64_t ks[] = {1, n / 2, n - 1};
  for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
    int64_t k = ks[i];
    if (k < 1 || k >= n) continue;
    int64_t lcnt = tpch_rng_skip(1434868289, (k - 1) << lg);
    uint64_t s = tpch_rng64_walk_orders(t[k - 1], &lcnt, (int64_t)1 << lg);
    CHECK(s == t[k], "checkpoint %lld = checkpoint %lld walked 2^%d orders", (long long)k, (long long)(k - 1),
          lg);
  }
  CHECK(tpch_rng64_pkey_state(((int64_t)1 << lg) + 5) ==
            tpch_rng64_walk_orders(t[0], &(int64_t){1434868289}, ((int64_t)1 << lg) + 5),
        "state after 2^24 + 5 orders from the table equals the walk from order 1");
}

int main(void) {
  test_pkey_checkpoints();
  test_lcg64_walk();
  test_mulmod();
  test_anchors();
  test_skip();
  test_uniform();
  test_lcg64();
  return check_finish();
}
