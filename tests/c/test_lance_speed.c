/*
 * test_lance_speed.c - write throughput of the Lance writer on a synthetic
 * lineitem-like table (16 columns: 3 int64 keys, int32, 4 decimal(15,2),
 * 3 date32, 5 strings of 1-43 bytes), batches of 65,536 rows built once.
 *
 *   test_lance_speed                     200,000 rows in a temp dir (checks it runs)
 *   test_lance_speed ROWS DIR [nosync]   the benchmark (e.g. 6000000 rows)
 *
 * Prints rows, bytes written, seconds and MB/s (output bytes / wall time).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "lance_writer.h"
#include "test_lance_util.h"

#define BATCH 65536

static void lineitem_like(tl_table *t) {
  static const char *instr[] = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
  static const char *mode[] = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
  static const char *words[] = {"furiously ", "quickly ", "carefully ", "blithely ", "ironic ",  "final ",
                                "pending ",   "regular ", "express ",   "deposits ", "requests "};
  tl_init(t);
  const char *names[] = {"l_orderkey",    "l_partkey",       "l_suppkey",  "l_linenumber",
                         "l_quantity",    "l_extendedprice", "l_discount", "l_tax",
                         "l_returnflag",  "l_linestatus",    "l_shipdate", "l_commitdate",
                         "l_receiptdate", "l_shipinstruct",  "l_shipmode", "l_comment"};
  const char *fmts[] = {"l", "l", "l",   "i",   "d:15,2", "d:15,2", "d:15,2", "d:15,2",
                        "u", "u", "tdD", "tdD", "tdD",    "u",      "u",      "u"};
  for (int c = 0; c < 16; c++)
    tl_add_col(t, names[c], fmts[c], 0);
  uint64_t st = 42;
  for (int64_t r = 0; r < BATCH; r++) {
    tl_add_row(t);
    tl_set_int(t, 0, r, r / 4 + 1);
    tl_set_int(t, 1, r, (int64_t)(tl_rand(&st) % 200000));
    tl_set_int(t, 2, r, (int64_t)(tl_rand(&st) % 10000));
    tl_set_int(t, 3, r, r % 7 + 1);
    for (int c = 4; c < 8; c++)
      tl_set_int(t, c, r, (int64_t)(tl_rand(&st) % 10000000));
    tl_set_str(t, 8, r, (r % 3) ? "N" : "R");
    tl_set_str(t, 9, r, (r % 2) ? "O" : "F");
    for (int c = 10; c < 13; c++)
      tl_set_int(t, c, r, 8000 + (int64_t)(tl_rand(&st) % 2500));
    tl_set_str(t, 13, r, instr[r % 4]);
    tl_set_str(t, 14, r, mode[r % 7]);
    char cm[64] = "";
    size_t want = 10 + tl_rand(&st) % 34;
    while (strlen(cm) < want)
      strcat(cm, words[tl_rand(&st) % 11]);
    cm[want] = '\0';
    tl_set_str(t, 15, r, cm);
  }
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int64_t dir_bytes(const char *path) {
  DIR *d = opendir(path);
  int64_t n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    char fp[1024];
    struct stat st;
    snprintf(fp, sizeof fp, "%s/%s", path, e->d_name);
    if (e->d_name[0] != '.' && stat(fp, &st) == 0) n += st.st_size;
  }
  if (d) closedir(d);
  return n;
}

int main(int argc, char **argv) {
  int64_t rows = argc > 1 ? atoll(argv[1]) : 200000;
  char tmpl[] = "/tmp/test_lance_speed.XXXXXX";
  const char *dir = argc > 2 ? argv[2] : mkdtemp(tmpl);
  int fsync_on = !(argc > 3 && strcmp(argv[3], "nosync") == 0);
  CHECK(dir != NULL, "mkdtemp");
  if (dir == NULL) return check_finish();
  mkdir(dir, 0755);
  tl_table t;
  lineitem_like(&t);
  struct ArrowSchema sc;
  struct ArrowArray a;
  tl_schema(&t, &sc);
  tl_batch(&t, 0, BATCH, 0, 0, 1, &a);
  char path[600];
  snprintf(path, sizeof path, "%s/lineitem.lance", dir);
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.no_fsync = !fsync_on;
  tpch_error err;
  double t0 = now();
  tpch_lance_writer *w = NULL;
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w != NULL, "create: %s", err.message);
  int rc = w ? 0 : -1;
  struct ArrowArray slice = a;
  for (int64_t done = 0; rc == 0 && done < rows; done += BATCH) {
    slice.length = rows - done < BATCH ? rows - done : BATCH;
    rc = lance_writer_write_batch(w, &slice, NULL);
  }
  if (rc == 0) rc = lance_writer_close(w);
  double secs = now() - t0;
  CHECK(rc == 0, "write: %s", w ? lance_writer_last_error(w) : "");
  lance_writer_destroy(w);
  snprintf(path, sizeof path, "%s/lineitem.lance/data", dir);
  int64_t bytes = dir_bytes(path);
  printf("%lld rows, %.1f MB in %.2f s = %.0f MB/s (fsync %s)\n", (long long)rows, bytes / 1e6, secs,
         bytes / 1e6 / secs, fsync_on ? "on" : "off");
  /* 2.1 pages are compressed (about 30 bytes a row here); less than 10 would
     mean columns went missing. */
  CHECK(bytes > rows * 10, "output size %lld", (long long)bytes);
  a.release(&a);
  sc.release(&sc);
  tl_free(&t);
  if (argc <= 2) {
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
  }
  return check_finish();
}
