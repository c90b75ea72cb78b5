/*
 * test_parquet_failure.c - a write that fails midway (the file size limit
 * makes write() fail with EFBIG, as a full disk would with ENOSPC) leaves
 * nothing under the final name and no temporary file, and says why.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "parquet_writer.h"
#include "test_parquet_arrow.h"

static int files_in(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  if (d) closedir(d);
  return n;
}

/* Writes 200k rows of incompressible int64s (~1.6 MB) in batches. Returns
 * the first failing status; *where says which call failed. */
static int write_big(const char *path, tb_table *t, const char **where, tpch_error *err) {
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.compression = TPCH_PARQUET_COMPRESSION_NONE;
  o.row_group_rows = 10000;
  o.no_fsync = 1;
  tpch_parquet_writer *w;
  int rc = tpch_parquet_writer_create(&w, path, &t->schema, &o, err);
  *where = "create";
  struct ArrowArray b = t->array;
  for (int64_t done = 0; rc == TPCH_OK && done < t->array.length; done += b.length) {
    b.offset = done;
    b.length = 25000;
    rc = tpch_parquet_writer_write(w, &b, err);
    *where = "write_batch";
  }
  if (rc == TPCH_OK) {
    *where = "close";
    rc = tpch_parquet_writer_close(w, err);
  }
  if (w) tpch_parquet_writer_destroy(w);
  return rc;
}

int main(void) {
  char dir[] = "/tmp/tpch-pq-fail-XXXXXX";
  if (mkdtemp(dir) == NULL) {
    CHECK(0, "mkdtemp");
    return check_finish();
  }
  char path[4200];
  snprintf(path, sizeof path, "%s/big.parquet", dir);
  tb_table t;
  tb_init(&t);
  tb_add_col(&t, "x", 'l', 0, 0, 0);
  uint64_t s = 88172645463325252ull;
  for (int i = 0; i < 200000; i++) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    tb_push_i64(&t.cols[0], (int64_t)s);
  }
  tb_finish(&t, 0, 0);

  /* 1. the limit hits inside write_batch (a row group of 80 kB) */
  struct rlimit old, lim;
  getrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, SIG_IGN); /* get EFBIG from write() instead of a signal */
  lim = old;
  lim.rlim_cur = 300000;
  CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0, "setrlimit");
  tpch_error err = {0};
  const char *where = "";
  int rc = write_big(path, &t, &where, &err);
  CHECK(rc == TPCH_EIO && strcmp(where, "write_batch") == 0, "fails in write_batch with EIO: %d in %s", rc,
        where);
  CHECK(strstr(err.message, "big.parquet") && strstr(err.message, "File too large"), "message names it: %s",
        err.message);
  CHECK(access(path, F_OK) != 0, "nothing under the final name");
  CHECK(files_in(dir) == 0, "no temporary file left");

  /* 2. the limit hits while writing the page index and footer in close */
  lim.rlim_cur = 1600000 + 4 + 20 * 40; /* the data fits, the tail does not */
  setrlimit(RLIMIT_FSIZE, &lim);
  rc = write_big(path, &t, &where, &err);
  CHECK(rc == TPCH_EIO && strcmp(where, "close") == 0, "fails in close: %d in %s (%s)", rc, where,
        err.message);
  CHECK(access(path, F_OK) != 0 && files_in(dir) == 0, "close failure leaves nothing");

  /* 3. with the limit lifted the same write succeeds (the test can tell) */
  setrlimit(RLIMIT_FSIZE, &old);
  rc = write_big(path, &t, &where, &err);
  CHECK(rc == TPCH_OK && access(path, F_OK) == 0, "without a limit the file is written: %s", err.message);
  unlink(path);
  rmdir(dir);
  tb_free(&t);
  return check_finish();
}
