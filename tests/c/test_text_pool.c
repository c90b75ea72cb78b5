/* The text pool must be dbgen's, byte for byte: its md5 is the anchor. */
#include <string.h>
#include <time.h>

#include "check.h"
#include "gen/text_pool.h"
#include "support/md5.h"

int main(void) {
  tpch_text_pool *pool = NULL;
  tpch_error err;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  int rc = tpch_text_pool_build(&pool, TPCH_TEXT_POOL_SIZE, &err);
  clock_gettime(CLOCK_MONOTONIC, &b);
  CHECK(rc == TPCH_OK, "build: %s", err.message);
  if (rc != TPCH_OK) return check_finish();
  printf("text pool built in %.3f s\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
  const char *data = tpch_text_pool_data(pool);
  CHECK(tpch_text_pool_size(pool) == 314572800, "size");
  const char *start = "furiously special foxes haggle furiously blithely ironic deposits. slyly final "
                      "theodolites boost slyly even asymptotes. carefully final foxes wake furiously around "
                      "the furiously bold deposits. foxes around the pending, special theodolites believe "
                      "about the special accounts. ";
  CHECK(memcmp(data, start, strlen(start)) == 0, "the pool begins as dbgen's does");
  md5_ctx c;
  char hex[33];
  md5_init(&c);
  md5_update(&c, data, (size_t)tpch_text_pool_size(pool));
  md5_hex(&c, hex);
  CHECK(strcmp(hex, "0f85e3af02482a7035e80b448c795a4c") == 0, "pool md5 %s", hex);
  int ascii = 1;
  for (int64_t i = 0; i < tpch_text_pool_size(pool); i += 4099)
    if ((unsigned char)data[i] < 32 || (unsigned char)data[i] > 126) ascii = 0;
  CHECK(ascii, "printable ASCII");

  /* A shorter pool is a prefix of the full one. */
  tpch_text_pool *small = NULL;
  rc = tpch_text_pool_build(&small, 100000, &err);
  CHECK(rc == TPCH_OK && memcmp(tpch_text_pool_data(small), data, 100000) == 0, "prefix build");
  tpch_text_pool_destroy(small);
  CHECK(tpch_text_pool_build(&small, 0, &err) == TPCH_EINVAL && small == NULL, "size 0 is rejected");

  /* md5 self-check against RFC 1321's test vector, so a broken md5 cannot pass. */
  md5_init(&c);
  md5_update(&c, "abc", 3);
  md5_hex(&c, hex);
  CHECK(strcmp(hex, "900150983cd24fb0d6963f7d28e17f72") == 0, "md5(abc)");
  tpch_text_pool_destroy(pool);
  return check_finish();
}
