/* retry.c - the commit-retry policy (retry.h). */
#include "io/retry.h"

#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "io/random.h"

/* Waits a random time below min(k + 1, 20) ms after the k-th lost race. */
static void backoff(int k) {
  /* without random bytes, the race count and the process id still spread the waits */
  uint32_t r = (uint32_t)k * 2654435761u ^ (uint32_t)getpid() * 40503u;
  (void)tpch_random_bytes(&r, sizeof r, NULL);
  uint32_t cap_us = 1000u * (uint32_t)(k < 20 ? k + 1 : 20);
  struct timespec ts = {0, (long)(r % cap_us) * 1000L};
  nanosleep(&ts, NULL);
}

int tpch_commit_retry(tpch_commit_attempt_fn attempt, void *ctx, int max_retries, const char *what,
                      tpch_error *err) {
  if (max_retries == 0) max_retries = TPCH_COMMIT_MAX_RETRIES;
  for (int k = 0;; k++) {
    int rc = attempt(ctx, k);
    if (rc != TPCH_ECONFLICT) return rc;
    if (k >= max_retries)
      return tpch_error_set(err, TPCH_ECONFLICT, "gave up committing to '%s' after %d lost races",
                            what ? what : "", k + 1);
    backoff(k);
  }
}
