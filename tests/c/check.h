/*
 * check.h - the tiny test harness every C test uses. A test calls CHECK()
 * as often as it likes and ends main() with `return check_finish();`, which
 * prints the "N passed, N failed" line tests/run.sh reads.
 */
#ifndef TPCH_CHECK_H
#define TPCH_CHECK_H

#include <stdio.h>

static int check_passed_count, check_failed_count;

#define CHECK(cond, ...)                                                                                     \
  do {                                                                                                       \
    if (cond) {                                                                                              \
      check_passed_count++;                                                                                  \
    } else {                                                                                                 \
      check_failed_count++;                                                                                  \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                                   \
      fprintf(stderr, __VA_ARGS__);                                                                          \
      fputc('\n', stderr);                                                                                   \
    }                                                                                                        \
  } while (0)

static inline int check_finish(void) {
  fflush(stderr);
  printf("%d passed, %d failed\n", check_passed_count, check_failed_count);
  return check_failed_count ? 1 : 0;
}

#endif
