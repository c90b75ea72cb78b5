/*
 * test_parquet_speed.c - throughput of the Parquet writer on lineitem-like
 * batches (16 columns: 3 int64 keys, int32, 4 decimals, 2 flags, 3 dates,
 * 2 low-cardinality strings, a free-text comment).
 *   test_parquet_speed                   200k rows, checks the writes work
 *   test_parquet_speed --rows N [--threads T] [--codec zstd-3|zstd-1|snappy|none] [--keep DIR]
 *                                        N rows per codec, prints MB/s
 * A pool of batches is generated first and cycled through (key columns
 * repeat every POOL * BATCH rows), so only the writer is timed. MB are
 * PLAIN-encoded bytes (decimals as 8, strings as 4 + length), so MB/s is
 * comparable with other writers' "uncompressed" figures.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "parquet_writer.h"
#include "test_parquet_arrow.h"

#define BATCH 8192
#define RG_ROWS 122880
#define POOL 48

static tb_table pool[POOL];
static int64_t pool_bytes[POOL];

static void make_pool(void);

static const char *flags[] = {"R", "A", "N"}, *status[] = {"O", "F"};
static const char *instr[] = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
static const char *modes[] = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
static const char *words[] = {"furiously",   "carefully", "final",    "deposits", "ironic",
                              "accounts",    "blithely",  "regular",  "pending",  "requests",
                              "slyly",       "express",   "packages", "quickly",  "bold",
                              "theodolites", "sleep",     "haggle",   "among",    "the"};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void) { /* this thread's CPU time: less noisy than wall time on a shared machine */
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t mix(uint64_t x) {
  x ^= x >> 33, x *= 0xff51afd7ed558ccdull, x ^= x >> 33, x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

/* Rows [first, first + n) of the synthetic table; returns their PLAIN bytes. */
static int64_t make_batch(tb_table *t, int64_t first, int64_t n) {
  tb_init(t);
  const char *names[] = {"l_orderkey",    "l_partkey",       "l_suppkey",  "l_linenumber",
                         "l_quantity",    "l_extendedprice", "l_discount", "l_tax",
                         "l_returnflag",  "l_linestatus",    "l_shipdate", "l_commitdate",
                         "l_receiptdate", "l_shipinstruct",  "l_shipmode", "l_comment"};
  const char kinds[] = "lllidddduutttuuu";
  for (int i = 0; i < 16; i++)
    tb_add_col(t, names[i], kinds[i], 0, 15, 2);
  int64_t bytes = 0;
  char text[64];
  for (int64_t r = first; r < first + n; r++) {
    uint64_t h = mix((uint64_t)r);
    int32_t ship = 8035 + (int32_t)(h % 2526);
    tb_push_i64(&t->cols[0], r / 4 * 32 + (r % 4));
    tb_push_i64(&t->cols[1], (int64_t)(h % 200000) + 1);
    tb_push_i64(&t->cols[2], (int64_t)((h >> 20) % 10000) + 1);
    tb_push_i32(&t->cols[3], (int32_t)(r % 4) + 1);
    int64_t qty = (int64_t)((h >> 8) % 50) + 1;
    tb_push_dec64(&t->cols[4], qty * 100);
    tb_push_dec64(&t->cols[5], qty * (90000 + (int64_t)((h >> 12) % 110000)));
    tb_push_dec64(&t->cols[6], (int64_t)((h >> 16) % 11));
    tb_push_dec64(&t->cols[7], (int64_t)((h >> 24) % 9));
    tb_push_str(&t->cols[8], flags[(h >> 28) % 3]);
    tb_push_str(&t->cols[9], status[(h >> 30) & 1]);
    tb_push_i32(&t->cols[10], ship);
    tb_push_i32(&t->cols[11], ship + (int32_t)((h >> 32) % 60) - 30);
    tb_push_i32(&t->cols[12], ship + (int32_t)((h >> 38) % 30) + 1);
    tb_push_str(&t->cols[13], instr[(h >> 44) % 4]);
    tb_push_str(&t->cols[14], modes[(h >> 46) % 7]);
    int len = 0, target = 10 + (int)((h >> 50) % 34);
    for (uint64_t w = h; len < target; w = mix(w)) {
      const char *word = words[w % 20];
      int k = snprintf(text + len, sizeof text - (size_t)len, "%s%s", len ? " " : "", word);
      len = len + k > target ? target : len + k;
    }
    text[len] = '\0';
    tb_push_str(&t->cols[15], text);
    bytes += 8 * 3 + 4 + 8 * 4 + 4 * 3;
    bytes +=
        4 * 5 + 1 + 1 + (int64_t)strlen(instr[(h >> 44) % 4]) + (int64_t)strlen(modes[(h >> 46) % 7]) + len;
  }
  tb_finish(t, 0, 0);
  return bytes;
}

static void make_pool(void) {
  for (int b = 0; b < POOL; b++)
    pool_bytes[b] = make_batch(&pool[b], (int64_t)b * BATCH, BATCH);
}

static int same_bytes(const char *a, const char *b) {
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  static char ba[1 << 20], bb[1 << 20];
  int same = fa && fb;
  while (same) {
    size_t na = fread(ba, 1, sizeof ba, fa), nb = fread(bb, 1, sizeof bb, fb);
    if (na != nb || memcmp(ba, bb, na) != 0) same = 0;
    if (na == 0) break;
  }
  if (fa) fclose(fa);
  if (fb) fclose(fb);
  return same;
}

typedef struct run {
  const char *name;
  tpch_parquet_compression codec;
  int level;
} run;

/* Single writer, batches through write_batch. */
static int write_serial(const char *path, const run *r, int64_t rows, double *secs, double *cpu,
                        int64_t *bytes, int64_t *out, tpch_error *err) {
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.compression = r->codec, o.compression_level = r->level;
  o.row_group_rows = RG_ROWS, o.mode = TPCH_WRITE_OVERWRITE, o.no_fsync = 1, o.sorted = 1, o.sort_column = 0;
  tpch_parquet_writer *w = NULL;
  *secs = 0, *bytes = 0;
  int rc = TPCH_OK;
  double t0 = now(), c0 = cpu_now();
  rc = tpch_parquet_writer_create(&w, path, &pool[0].schema, &o, err);
  for (int64_t first = 0, b = 0; rc == TPCH_OK && first < rows; first += BATCH, b = (b + 1) % POOL) {
    struct ArrowArray a = pool[b].array;
    a.length = rows - first < BATCH ? rows - first : BATCH;
    *bytes += a.length == BATCH ? pool_bytes[b] : pool_bytes[b] * a.length / BATCH;
    rc = tpch_parquet_writer_write(w, &a, err);
  }
  if (rc == TPCH_OK) rc = tpch_parquet_writer_close(w, err);
  tpch_parquet_file_info info;
  if (rc == TPCH_OK && tpch_parquet_writer_file_info(w, &info, err) == TPCH_OK) *out = info.file_bytes;
  tpch_parquet_writer_destroy(w);
  *secs = now() - t0;
  *cpu = cpu_now() - c0;
  return rc;
}

/* T encoder threads each build every T-th row group; the main thread
 * appends them in order. Wall clock of the whole run. */
typedef struct worker {
  int64_t rows, first_rg, stride;
  const run *r;
  tpch_parquet_rowgroup **slots;
  volatile int *ready;
  int rc;
  pthread_mutex_t *mu;
  pthread_cond_t *cv;
} worker;

static void *encode_worker(void *arg) {
  worker *k = arg;
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.compression = k->r->codec, o.compression_level = k->r->level;
  o.row_group_rows = RG_ROWS, o.sorted = 1, o.sort_column = 0;
  tpch_parquet_rowgroup_encoder *e = NULL;
  int64_t nrg = (k->rows + RG_ROWS - 1) / RG_ROWS;
  for (int64_t g = k->first_rg; g < nrg && k->rc == TPCH_OK; g += k->stride) {
    int64_t end = (g + 1) * RG_ROWS < k->rows ? (g + 1) * RG_ROWS : k->rows;
    for (int64_t first = g * RG_ROWS; first < end && k->rc == TPCH_OK; first += BATCH) {
      struct ArrowArray a = pool[first / BATCH % POOL].array;
      a.length = end - first < BATCH ? end - first : BATCH;
      if (e == NULL) k->rc = tpch_parquet_rowgroup_encoder_create(&e, &pool[0].schema, &o, NULL);
      if (k->rc == TPCH_OK) k->rc = tpch_parquet_rowgroup_encoder_add(e, &a, NULL);
    }
    tpch_parquet_rowgroup *rg = NULL;
    if (k->rc == TPCH_OK) k->rc = tpch_parquet_rowgroup_encoder_finish(e, &rg, NULL);
    pthread_mutex_lock(k->mu);
    k->slots[g] = rg;
    k->ready[g] = 1;
    pthread_cond_broadcast(k->cv);
    pthread_mutex_unlock(k->mu);
  }
  tpch_parquet_rowgroup_encoder_destroy(e);
  return NULL;
}

static int write_parallel(const char *path, const run *r, int64_t rows, int threads, double *secs,
                          int64_t *out, tpch_error *err) {
  int64_t nrg = (rows + RG_ROWS - 1) / RG_ROWS;
  tpch_parquet_rowgroup **slots = calloc((size_t)nrg, sizeof *slots);
  volatile int *ready = calloc((size_t)nrg, sizeof *ready);
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
  worker ks[16];
  pthread_t th[16];
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.compression = r->codec, o.compression_level = r->level;
  o.row_group_rows = RG_ROWS, o.mode = TPCH_WRITE_OVERWRITE, o.no_fsync = 1, o.sorted = 1, o.sort_column = 0;
  tpch_parquet_writer *w = NULL;
  double t0 = now();
  int rc = tpch_parquet_writer_create(&w, path, &pool[0].schema, &o, err);
  for (int i = 0; i < threads; i++) {
    ks[i] = (worker){rows, i, threads, r, slots, ready, TPCH_OK, &mu, &cv};
    pthread_create(&th[i], NULL, encode_worker, &ks[i]);
  }
  for (int64_t g = 0; g < nrg; g++) {
    pthread_mutex_lock(&mu);
    while (!ready[g])
      pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    if (rc == TPCH_OK && slots[g])
      rc = tpch_parquet_writer_append_rowgroup(w, slots[g], err);
    else
      tpch_parquet_rowgroup_free(slots[g]);
  }
  for (int i = 0; i < threads; i++) {
    pthread_join(th[i], NULL);
    if (ks[i].rc != TPCH_OK && rc == TPCH_OK) rc = ks[i].rc;
  }
  if (rc == TPCH_OK) rc = tpch_parquet_writer_close(w, err);
  tpch_parquet_file_info info;
  if (rc == TPCH_OK && tpch_parquet_writer_file_info(w, &info, err) == TPCH_OK) *out = info.file_bytes;
  tpch_parquet_writer_destroy(w);
  *secs = now() - t0;
  free(slots);
  free((void *)ready);
  return rc;
}

int main(int argc, char **argv) {
  int64_t rows = 200000;
  int threads = 2, bench = 0;
  const char *keep = NULL, *only = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--rows") == 0 && i + 1 < argc)
      rows = atoll(argv[++i]), bench = 1;
    else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
      threads = atoi(argv[++i]);
    else if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc)
      keep = argv[++i];
    else if (strcmp(argv[i], "--codec") == 0 && i + 1 < argc)
      only = argv[++i];
  }
  if (threads < 1 || threads > 16) threads = 2;
  static const run runs[] = {{"zstd-3", TPCH_PARQUET_COMPRESSION_ZSTD, 3},
                             {"zstd-1", TPCH_PARQUET_COMPRESSION_ZSTD, 1},
                             {"snappy", TPCH_PARQUET_COMPRESSION_SNAPPY, 0},
                             {"none", TPCH_PARQUET_COMPRESSION_NONE, 0}};
  char dir[] = "/tmp/tpch-pq-speed-XXXXXX", path[4200];
  make_pool();
  if (keep == NULL && mkdtemp(dir) == NULL) {
    CHECK(0, "mkdtemp");
    return check_finish();
  }
  for (size_t i = 0; i < (bench ? 4u : 1u); i++) {
    if (only && strcmp(only, runs[i].name) != 0) continue;
    tpch_error err = {0};
    double secs, cpu;
    int64_t bytes, out = 0;
    snprintf(path, sizeof path, "%s/lineitem-%s.parquet", keep ? keep : dir, runs[i].name);
    int rc = write_serial(path, &runs[i], rows, &secs, &cpu, &bytes, &out, &err);
    CHECK(rc == TPCH_OK && out > 0, "%s: %s", runs[i].name, err.message);
    printf("%-7s 1 thread : %lld rows, %.1f MB plain -> %.1f MB in %.2f s wall (%.2f s CPU) = %.0f MB/s per "
           "CPU-second, "
           "%.2f M rows/s\n",
           runs[i].name, (long long)rows, (double)bytes / 1e6, (double)out / 1e6, secs, cpu,
           (double)bytes / 1e6 / cpu, (double)rows / 1e6 / cpu);
    double psecs;
    int64_t pout = 0;
    char ppath[4300];
    snprintf(ppath, sizeof ppath, "%s.par", path);
    rc = write_parallel(ppath, &runs[i], rows, threads, &psecs, &pout, &err);
    CHECK(rc == TPCH_OK && pout == out, "%s parallel: %s (%lld vs %lld bytes)", runs[i].name, err.message,
          (long long)pout, (long long)out);
    int same = same_bytes(path, ppath);
    CHECK(same, "%s: %d threads wrote other bytes than 1 thread", runs[i].name, threads);
    printf("%-7s %d threads: %.2f s wall = %.0f MB/s (%s 1 thread)\n", runs[i].name, threads, psecs,
           (double)bytes / 1e6 / psecs, same ? "byte-identical to" : "DIFFERENT from");
    if (!keep) remove(path), remove(ppath);
  }
  if (!keep) remove(dir);
  for (int b = 0; b < POOL; b++)
    tb_free(&pool[b]);
  return check_finish();
}
