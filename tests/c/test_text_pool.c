/* The text pool must be dbgen's, byte for byte: its md5 is the anchor. The
 * pool is stored as one byte per piece of text (or, compact, as generator
 * checkpoints), so every read path of both is checked against the whole text
 * decoded once. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
  printf("text pool built in %.3f s, %.1f MB in memory\n",
         (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
         (double)tpch_text_pool_memory(pool) / 1e6);
  int64_t size = tpch_text_pool_size(pool);
  CHECK(size == 314572800, "size");
  CHECK(tpch_text_pool_memory(pool) < 55000000, "the pool holds %zu bytes, under 55 MB",
        tpch_text_pool_memory(pool));

  /* Decode everything in 1000-byte reads (they straddle tokens and index
   * blocks everywhere) and compare with dbgen's md5. */
  char *text = malloc((size_t)size);
  for (int64_t off = 0; off < size; off += 1000)
    tpch_text_pool_read(pool, off, size - off < 1000 ? size - off : 1000, text + off);
  const char *start = "furiously special foxes haggle furiously blithely ironic deposits. slyly final "
                      "theodolites boost slyly even asymptotes. carefully final foxes wake furiously around "
                      "the furiously bold deposits. foxes around the pending, special theodolites believe "
                      "about the special accounts. ";
  CHECK(memcmp(text, start, strlen(start)) == 0, "the pool begins as dbgen's does");
  md5_ctx c;
  char hex[33];
  md5_init(&c);
  md5_update(&c, text, (size_t)size);
  md5_hex(&c, hex);
  CHECK(strcmp(hex, "0f85e3af02482a7035e80b448c795a4c") == 0, "pool md5 %s", hex);

  /* Any slice equals the same bytes of the whole text. */
  uint64_t x = 88172645463325252ULL;
  int bad = 0;
  for (int i = 0; i < 200000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    int64_t len = (int64_t)(x % 200);
    int64_t off = (int64_t)((x >> 16) % (uint64_t)(size - len));
    char buf[256];
    tpch_text_pool_read(pool, off, len, buf);
    if (memcmp(buf, text + off, (size_t)len) != 0) bad++;
  }
  char tail[100];
  tpch_text_pool_read(pool, size - 100, 100, tail);
  CHECK(bad == 0 && memcmp(tail, text + size - 100, 100) == 0, "random slices (%d differ) and the last bytes",
        bad);
  int ascii = 1;
  for (int64_t i = 0; i < size; i += 4099)
    if ((unsigned char)text[i] < 32 || (unsigned char)text[i] > 126) ascii = 0;
  CHECK(ascii, "printable ASCII");

  /* A shorter pool is a prefix of the full one. */
  tpch_text_pool *small = NULL;
  rc = tpch_text_pool_build(&small, 100000, &err);
  char head[100000];
  if (rc == TPCH_OK) tpch_text_pool_read(small, 0, 1000, head);
  CHECK(rc == TPCH_OK && memcmp(head, text, 1000) == 0, "prefix build");
  tpch_text_pool_destroy(small);
  CHECK(tpch_text_pool_build(&small, 0, &err) == TPCH_EINVAL && small == NULL, "size 0 is rejected");

  /* Save and load: the loaded pool reads the same text; damage is caught. */
  char path[] = "/tmp/tpch-pool-test-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  tpch_text_pool *loaded = NULL;
  rc = tpch_text_pool_save(pool, path, &err);
  CHECK(rc == TPCH_OK, "save: %s", err.message);
  rc = tpch_text_pool_load(&loaded, path, &err);
  CHECK(rc == TPCH_OK, "load: %s", err.message);
  if (loaded) {
    char buf[200];
    tpch_text_pool_read(loaded, 123456789, 150, buf);
    CHECK(memcmp(buf, text + 123456789, 150) == 0 && tpch_text_pool_size(loaded) == size,
          "loaded pool reads the same");
    tpch_text_pool_destroy(loaded);
  }
  FILE *f = fopen(path, "r+b");
  fseek(f, 50000000, SEEK_SET);
  int ch = fgetc(f);
  fseek(f, 50000000, SEEK_SET);
  fputc(ch ^ 1, f);
  fclose(f);
  loaded = NULL;
  CHECK(tpch_text_pool_load(&loaded, path, &err) == TPCH_EFORMAT && loaded == NULL,
        "a flipped bit is caught: %s", err.message);
  unlink(path);
  CHECK(tpch_text_pool_load(&loaded, path, &err) == TPCH_EIO, "a missing file is TPCH_EIO");

  /* The compact pool: the same text from about 12 MB. Every byte through
   * its reads (1000-byte steps), random slices, batched reads, and its own
   * cache file (saved, loaded, damage caught). */
  tpch_text_pool *cp = NULL;
  rc = tpch_text_pool_build_compact(&cp, TPCH_TEXT_POOL_SIZE, &err);
  CHECK(rc == TPCH_OK, "compact build: %s", err.message);
  if (cp) {
    printf("compact pool: %.1f MB in memory\n", (double)tpch_text_pool_memory(cp) / 1e6);
    CHECK(tpch_text_pool_memory(cp) < 13000000 && tpch_text_pool_size(cp) == size,
          "the compact pool holds %zu bytes, under 13 MB", tpch_text_pool_memory(cp));
    char *again = malloc((size_t)size);
    for (int64_t off = 0; off < size; off += 1000)
      tpch_text_pool_read(cp, off, size - off < 1000 ? size - off : 1000, again + off);
    CHECK(memcmp(again, text, (size_t)size) == 0, "the compact pool reads the whole text the same");
    free(again);
    enum { N = 100000 };
    int64_t *offs = malloc(N * sizeof *offs);
    int32_t *lens = malloc(N * sizeof *lens);
    char **dsts = malloc(N * sizeof *dsts), *space = malloc((size_t)N * 1024);
    for (int i = 0; i < N; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      lens[i] = (int32_t)(i % 7 == 0 ? x % 1025 : x % 200); /* up to TPCH_TEXT_POOL_MAX_READ */
      offs[i] = i == 0 ? 0 : i == 1 ? size - lens[i] : (int64_t)((x >> 16) % (uint64_t)(size - lens[i]));
      dsts[i] = space + (size_t)i * 1024;
    }
    tpch_text_pool_read_many(cp, N, offs, lens, dsts);
    bad = 0;
    for (int i = 0; i < N; i++)
      if (memcmp(dsts[i], text + offs[i], (size_t)lens[i]) != 0) bad++;
    CHECK(bad == 0, "compact batched reads, first and last bytes included (%d differ)", bad);
    free(offs);
    free(lens);
    free(dsts);
    free(space);
    char cpath[] = "/tmp/tpch-pool-test-XXXXXX";
    fd = mkstemp(cpath);
    close(fd);
    rc = tpch_text_pool_save(cp, cpath, &err);
    CHECK(rc == TPCH_OK, "compact save: %s", err.message);
    loaded = NULL;
    rc = tpch_text_pool_load(&loaded, cpath, &err);
    CHECK(rc == TPCH_OK, "compact load: %s", err.message);
    if (loaded) {
      char buf[200];
      tpch_text_pool_read(loaded, 223456789, 150, buf);
      CHECK(memcmp(buf, text + 223456789, 150) == 0 &&
                tpch_text_pool_memory(loaded) == tpch_text_pool_memory(cp),
            "the loaded compact pool reads the same");
      tpch_text_pool_destroy(loaded);
    }
    f = fopen(cpath, "r+b");
    fseek(f, 6000000, SEEK_SET);
    ch = fgetc(f);
    fseek(f, 6000000, SEEK_SET);
    fputc(ch ^ 4, f);
    fclose(f);
    loaded = NULL;
    CHECK(tpch_text_pool_load(&loaded, cpath, &err) == TPCH_EFORMAT && loaded == NULL,
          "a flipped bit in a compact cache is caught: %s", err.message);
    unlink(cpath);
    tpch_text_pool_destroy(cp);
  }
  CHECK(tpch_text_pool_build_compact(&cp, 0, &err) == TPCH_EINVAL && cp == NULL,
        "compact size 0 is rejected");

  /* md5 self-check against RFC 1321's test vector, so a broken md5 cannot pass. */
  md5_init(&c);
  md5_update(&c, "abc", 3);
  md5_hex(&c, hex);
  CHECK(strcmp(hex, "900150983cd24fb0d6963f7d28e17f72") == 0, "md5(abc)");
  free(text);
  tpch_text_pool_destroy(pool);
  return check_finish();
}
