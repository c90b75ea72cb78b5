#include "engine.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/sink.h"

volatile sig_atomic_t engine_interrupted;

/* ---- the run's spare output buffers (engine.h) --------------------------- */

#define SPARE_BUFFERS 2

struct engine_buffers {
  pthread_mutex_t lock;
  tpch_buf *spare[SPARE_BUFFERS];
  int n;
  int users; /* attached jobs */
};

void engine_buf_free(tpch_buf *b) {
  if (b == NULL) return;
  tpch_buf_free(b);
  free(b);
}

void engine_buf_attach(job *j) {
  pthread_mutex_lock(&j->bufs->lock);
  j->bufs->users++;
  pthread_mutex_unlock(&j->bufs->lock);
}

void engine_buf_detach(job *j) {
  engine_buffers *p = j->bufs;
  pthread_mutex_lock(&p->lock);
  if (--p->users == 0)
    while (p->n > 0)
      engine_buf_free(p->spare[--p->n]);
  pthread_mutex_unlock(&p->lock);
}

tpch_buf *engine_buf_take(job *j) {
  engine_buffers *p = j->bufs;
  tpch_buf *b = NULL;
  pthread_mutex_lock(&p->lock);
  if (p->n > 0) b = p->spare[--p->n];
  pthread_mutex_unlock(&p->lock);
  if (b == NULL && (b = malloc(sizeof *b)) != NULL) tpch_buf_init(b);
  if (b) tpch_buf_reset(b);
  return b;
}

void engine_buf_give(job *j, tpch_buf *b) {
  engine_buffers *p = j->bufs;
  pthread_mutex_lock(&p->lock);
  if (p->n < SPARE_BUFFERS) {
    p->spare[p->n++] = b;
    b = NULL;
  }
  pthread_mutex_unlock(&p->lock);
  engine_buf_free(b);
}

#define BATCH_ROWS 65536
/* TPC-DS batches stay small: a column's values (16 bytes a decimal) then
 * stay under the 1 MB mapping threshold main sets, so the heap recycles them
 * instead of mapping and faulting in fresh pages for every batch (198,000
 * page faults for an SF 1 run at 65,536 rows, 8,600 at 8,192), and a batch
 * is still in the cache when it is encoded. No output depends on it. */
#define DS_BATCH_ROWS 8192

/* Batch memory a worker recycles: a batch block freed by one task is
 * reused by the next instead of going back to the kernel, which would hand
 * out fresh (page-faulting, zeroed) pages every time.
 * A task's batches come in two sizes (full ones, and the shorter last one)
 * and its generator keeps a scratch block of a third size; the cache keeps
 * four blocks (one to spare for a size straddling a class boundary), each
 * allocated at its size rounded up to a class (1 MiB steps).
 * The allocator is told the requested size again on
 * release, so a block is only ever reused for a request of the same class:
 * the class is all the cache needs to know a block's real size. */
#define WORKER_CACHED_BLOCKS 4
#define CACHE_CLASS_BYTES ((size_t)1 << 20)
typedef struct block_cache {
  void *block[WORKER_CACHED_BLOCKS];
  size_t size[WORKER_CACHED_BLOCKS]; /* allocated bytes: a multiple of CACHE_CLASS_BYTES */
  int n;                             /* blocks held, most recently released last */
} block_cache;

typedef struct worker {
  int id;
  void *slot[ENGINE_WORKER_SLOTS];      /* per-format scratch, see output_ops */
  void *pair_slot[ENGINE_WORKER_SLOTS]; /* the same for a companion job's task */
  block_cache cache;                    /* used only by this worker's thread */
} worker;

/* A job's scheduling state, guarded by the engine lock. */
typedef struct job_sched {
  int64_t next_task, next_deliver;
  void **pending; /* ring of `window` finished results */
  int started, finished;
} job_sched;

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Units [first, first + count) of task `t`. */
static void task_range(const job *j, int64_t t, int64_t *first, int64_t *count) {
  int64_t off = t * j->units_per_task;
  *first = j->first_unit + off;
  *count = j->units - off < j->units_per_task ? j->units - off : j->units_per_task;
}

/* Row cap for task t (INT64_MAX when unlimited). */
static int64_t task_row_cap(const job *j, int64_t t) {
  return (j->row_limit > 0 && t == j->ntasks - 1) ? j->last_task_row_cap : INT64_MAX;
}

/* The worker's block cache as a tpch_allocator. Batches are released on the
 * worker that made them (engine_generate releases each one before the next),
 * so the cache needs no lock. */
static size_t cache_class(size_t size) {
  return size > SIZE_MAX - CACHE_CLASS_BYTES
             ? size
             : (size + CACHE_CLASS_BYTES - 1) / CACHE_CLASS_BYTES * CACHE_CLASS_BYTES;
}

static void *cache_alloc(void *ctx, size_t size) {
  block_cache *c = ctx;
  size_t want = cache_class(size);
  for (int i = c->n - 1; i >= 0; i--) {
    if (c->size[i] == want) {
      void *b = c->block[i];
      memmove(&c->block[i], &c->block[i + 1], (size_t)(c->n - 1 - i) * sizeof c->block[0]);
      memmove(&c->size[i], &c->size[i + 1], (size_t)(c->n - 1 - i) * sizeof c->size[0]);
      c->n--;
      return b;
    }
  }
  return aligned_alloc(64, want);
}

static void cache_release(void *ctx, void *block, size_t size) {
  block_cache *c = ctx;
  if (c->n == WORKER_CACHED_BLOCKS) { /* drop the least recently released */
    free(c->block[0]);
    memmove(&c->block[0], &c->block[1], (size_t)(c->n - 1) * sizeof c->block[0]);
    memmove(&c->size[0], &c->size[1], (size_t)(c->n - 1) * sizeof c->size[0]);
    c->n--;
  }
  c->block[c->n] = block;
  c->size[c->n++] = cache_class(size);
}

static void cache_clear(block_cache *c) {
  for (int i = 0; i < c->n; i++)
    free(c->block[i]);
  c->n = 0;
}

/* ---- the job's table (engine.h) ------------------------------------------- */

const char *job_table_name(const job *j) {
  return j->ds_sf > 0 ? tpcds_table_name(j->ds_table) : tpch_table_name(j->table);
}

/* The tbl (.dat) file of job j: dbgen's <table>.tbl[.K], dsdgen's
 * <table>[_K_N].dat, dbgen -U's orders.tbl.uS[.K] and delete.S[.K]. */
static void tbl_file_name(const job *j, char *out, size_t cap) {
  static const char *const refresh_base[3] = {"orders", "lineitem", "delete"};
  const char *name = job_table_name(j);
  int k = j->part_index;
  if (j->refresh_set > 0) {
    char set[32];
    const char *b = refresh_base[j->refresh_kind];
    if (j->refresh_kind == TPCH_REFRESH_DELETE)
      snprintf(set, sizeof set, "delete.%d", j->refresh_set);
    else
      snprintf(set, sizeof set, "%s.tbl.u%d", b, j->refresh_set);
    if (k)
      snprintf(out, cap, "%s.%d", set, k);
    else
      snprintf(out, cap, "%s", set);
  } else if (j->ds_sf > 0) {
    if (k)
      snprintf(out, cap, "%s_%d_%lld.dat", name, k, (long long)j->opt->parts);
    else
      snprintf(out, cap, "%s.dat", name);
  } else if (k && !job_whole_table(j)) {
    snprintf(out, cap, "%s.tbl.%d", name, k);
  } else {
    snprintf(out, cap, "%s.tbl", name);
  }
}

/* The table, file or dataset name of job j in the other formats: the
 * table's name, or a refresh set's orders_uS, lineitem_uS, delete_S. */
static void output_name(const job *j, char *out, size_t cap) {
  static const char *const refresh_base[3] = {"orders", "lineitem", "delete"};
  if (j->refresh_set <= 0)
    snprintf(out, cap, "%s", job_table_name(j));
  else if (j->refresh_kind == TPCH_REFRESH_DELETE)
    snprintf(out, cap, "delete_%d", j->refresh_set);
  else
    snprintf(out, cap, "%s_u%d", refresh_base[j->refresh_kind], j->refresh_set);
}

int job_set_path(job *j, const char *dir, tpch_error *err) {
  char name[96];
  int k = j->part_index, n;
  output_name(j, name, sizeof name);
  switch (j->format) {
  case FMT_TBL: {
    char tbl[128];
    tbl_file_name(j, tbl, sizeof tbl);
    n = snprintf(j->path, sizeof j->path, "%s/%s", dir, tbl);
    break;
  }
  case FMT_CSV:
  case FMT_ORC:
  case FMT_PARQUET: {
    const char *ext = j->format == FMT_CSV ? "csv" : j->format == FMT_ORC ? "orc" : "parquet";
    if (k) {
      char sub[PATH_MAX];
      snprintf(sub, sizeof sub, "%s/%s", dir, name);
      int rc = tpch_mkdirs(sub, err);
      if (rc != TPCH_OK) return rc;
      n = snprintf(j->path, sizeof j->path, "%s/%s.%d.%s", sub, name, k, ext);
    } else {
      n = snprintf(j->path, sizeof j->path, "%s/%s.%s", dir, name, ext);
    }
    break;
  }
  case FMT_LANCE: n = snprintf(j->path, sizeof j->path, "%s/%s.lance", dir, name); break;
  default: n = snprintf(j->path, sizeof j->path, "%s/%s", dir, name); break;
  }
  if (n < 0 || (size_t)n >= sizeof j->path) return tpch_error_set(err, TPCH_EINVAL, "output path too long");
  return TPCH_OK;
}

int job_plan_units(job *j, int64_t total, double rows_per_unit) {
  const cli_options *o = j->opt;
  int64_t upt = (int64_t)((double)j->ops->task_rows(j) / rows_per_unit);
  j->units_per_task = upt < 1 ? 1 : upt;
  j->first_unit = 1;
  j->units = total;
  j->part_index = 0;
  if (o->parts) {
    if (job_whole_table(j)) {
      if (o->part != 1) return 0;
    } else if (j->ds_sf > 0) {
      /* dsdgen's -PARALLEL N -CHILD K: the first total % N parts take one more */
      int64_t size = total / o->parts, extra = total % o->parts, before = o->part - 1;
      j->first_unit = 1 + before * size + (before < extra ? before : extra);
      j->units = size + (o->part <= extra ? 1 : 0);
    } else {
      /* dbgen's -C N -S K: equal shares, the last part takes the rest */
      int64_t per = total / o->parts;
      j->first_unit = per * (o->part - 1) + 1;
      j->units = o->part == o->parts ? total - per * (o->parts - 1) : per;
    }
    j->part_index = (int)o->part;
  }
  j->ntasks = (j->units + j->units_per_task - 1) / j->units_per_task;
  return 1;
}

/* Lines per ticket/order of dsdgen's sales tables (uniform 8..16 for store and
 * web, 4..14 for catalog); a tenth of them are returned. */
double job_rows_per_unit(const job *j) {
  if (j->ds_sf <= 0) return tpch_table_mean_rows_per_unit(j->table);
  switch (j->ds_table) {
  case TPCDS_STORE_SALES:
  case TPCDS_WEB_SALES: return 12;
  case TPCDS_CATALOG_SALES: return 9;
  case TPCDS_STORE_RETURNS:
  case TPCDS_WEB_RETURNS: return 1.2;
  case TPCDS_CATALOG_RETURNS: return 0.9;
  default: return 1;
  }
}

/* TPC-DS: the fixed-width values plus a guess of 24 bytes per string (dsdgen's
 * strings are mostly short ids, names and flags). */
int64_t job_plain_bytes_per_row(const job *j) {
  if (j->ds_sf <= 0) return tpch_table_plain_bytes_per_row(j->table);
  int64_t n = 0;
  for (int64_t i = 0; i < j->schema.n_children; i++) {
    const char *f = j->schema.children[i]->format;
    n += f[0] == 'l' ? 8 : f[0] == 'd' && f[1] == ':' ? 16 : f[0] == 'u' ? 4 + 24 : 4;
  }
  return n > 0 ? n : 1;
}

int job_whole_table(const job *j) {
  if (j->ds_sf > 0) return tpcds_table_units(j->ds_sf, j->ds_table) < 1000000;
  return j->table == TPCH_NATION || j->table == TPCH_REGION;
}

/* A TPC-DS task: units [first, first + count) of the job's table (rows, or
 * tickets/orders of the sales and returns tables); with `rtask`, the same
 * units of the companion returns job from the same pass. */
static int run_tpcds_task(job *j, void *task, void *rtask, int64_t first, int64_t count, tpch_error *err) {
  tpcds_gen *g = NULL;
  job *rj = rtask ? j->companion : NULL;
  int rc = tpcds_gen_create(&g, j->ds_sf, j->ds_table, first, count, err);
  if (rc == TPCH_OK && rj) rc = tpcds_gen_attach_returns(g, err);
  struct ArrowArray batch;
  int64_t n = 0;
  while (rc == TPCH_OK && (n = tpcds_gen_next(g, DS_BATCH_ROWS, &batch, err)) > 0) {
    if (engine_interrupted) {
      batch.release(&batch);
      rc = tpch_error_set(err, TPCH_EIO, "interrupted");
      break;
    }
    rc = j->ops->add_batch(j, task, &batch, err);
    batch.release(&batch);
    if (rc != TPCH_OK) break;
    atomic_fetch_add(&j->rows, n);
    if (rj == NULL) continue;
    int64_t rn = tpcds_gen_next_returns(g, &batch, err);
    if (rn < 0) {
      rc = (int)rn;
      break;
    }
    if (rn == 0) continue;
    rc = rj->ops->add_batch(rj, rtask, &batch, err);
    batch.release(&batch);
    if (rc != TPCH_OK) break;
    atomic_fetch_add(&rj->rows, rn);
  }
  if (rc == TPCH_OK && n < 0) rc = (int)n;
  tpcds_gen_destroy(g);
  return rc;
}

/* Generates task t's rows into batches and feeds them to the format's
 * begin / add_batch / end. Each batch is released before the next is made.
 * With a companion job, task t of it too, its result in *rresult. */
static int run_task(job *j, worker *w, int64_t t, void **result, void **rresult, tpch_error *err) {
  int64_t first, count, row_cap = task_row_cap(j, t);
  task_range(j, t, &first, &count);
  void **slot = &w->slot[j->ops->worker_slot];
  void *task = NULL;
  int rc = j->ops->begin(j, slot, t, &task, err);
  if (rc != TPCH_OK) return rc;
  if (j->ds_sf > 0) {
    job *rj = j->companion;
    void **rslot = rj ? &w->pair_slot[rj->ops->worker_slot] : NULL;
    void *rtask = NULL;
    if (rj) rc = rj->ops->begin(rj, rslot, t, &rtask, err);
    if (rc == TPCH_OK) rc = run_tpcds_task(j, task, rtask, first, count, err);
    if (rj && rtask) {
      if (rc != TPCH_OK) {
        rj->ops->end(rj, rslot, rtask, 0, rresult, NULL);
      } else if ((rc = rj->ops->end(rj, rslot, rtask, 1, rresult, err)) != TPCH_OK) {
        j->ops->end(j, slot, task, 0, result, NULL);
        return rc;
      }
    }
  } else {
    tpch_gen *g;
    rc = j->refresh_set > 0 ? tpch_refresh_create(&g, &j->opt->scale, j->pool, j->refresh_kind,
                                                  j->refresh_set, first, count, err)
                            : tpch_gen_create(&g, &j->opt->scale, j->pool, j->table, first, count, err);
    if (rc == TPCH_OK) {
      tpch_allocator a = {cache_alloc, cache_release, &w->cache};
      tpch_gen_set_allocator(g, &a);
      struct ArrowArray batch;
      int64_t n = 0;
      while (row_cap > 0 && (n = tpch_gen_next(g, BATCH_ROWS, &batch, err)) > 0) {
        if (engine_interrupted) {
          batch.release(&batch);
          rc = tpch_error_set(err, TPCH_EIO, "interrupted");
          break;
        }
        if (n > row_cap) batch.length = n = row_cap; /* --max-rows: the children may stay longer */
        row_cap -= n;
        rc = j->ops->add_batch(j, task, &batch, err);
        batch.release(&batch);
        if (rc != TPCH_OK) break;
        atomic_fetch_add(&j->rows, n);
      }
      if (n < 0) rc = (int)n;
      tpch_gen_destroy(g);
    }
  }
  if (rc != TPCH_OK) {
    j->ops->end(j, slot, task, 0, result, NULL);
    return rc;
  }
  return j->ops->end(j, slot, task, 1, result, err);
}

/* ---- the pool --------------------------------------------------------------- */

typedef struct engine {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  job *jobs;
  job_sched *sched; /* one per job */
  int njobs;
  int window;      /* results that may be outstanding (taken, not yet written) */
  int outstanding; /* across all jobs, so memory does not depend on how tables overlap */
  int max_active;  /* --parallel-tables */
  int active;
  int failed;
  int finished_jobs;
  tpch_error err;
} engine;

static void fail_locked(engine *e, const tpch_error *err) {
  if (!e->failed) {
    e->failed = 1;
    e->err = *err;
  }
  pthread_cond_broadcast(&e->cond);
}

/* Next runnable task, or NULL. Small tables come first in e->jobs. */
static job *pick_locked(engine *e, int64_t *task) {
  if (e->outstanding >= e->window) return NULL;
  for (int i = 0; i < e->njobs; i++) {
    job *j = &e->jobs[i];
    job_sched *js = &e->sched[i];
    if (js->next_task >= j->ntasks) continue;
    if (js->next_task >= js->next_deliver + e->window) continue; /* too far ahead of the writer */
    if (j->leader) continue;                                     /* made by its sales job's tasks */
    job_sched *cs = j->companion ? &e->sched[j->companion->id] : NULL;
    if (cs) { /* two results: room for both, and the returns' writer not too far behind */
      if (e->outstanding + 2 > e->window || cs->next_task >= cs->next_deliver + e->window) continue;
    }
    if (!js->started) {
      /* a sales table and its returns table start together: room for both */
      int tables = cs && !cs->started ? 2 : 1;
      if (e->max_active && e->active + tables > e->max_active) continue;
      js->started = 1;
      j->t_start = now_seconds();
      e->active++;
    }
    if (cs) {
      if (!cs->started) {
        cs->started = 1;
        j->companion->t_start = now_seconds();
        e->active++;
      }
      cs->next_task++;
      e->outstanding++;
    }
    *task = js->next_task++;
    e->outstanding++;
    return j;
  }
  return NULL;
}

static int all_dispensed_locked(const engine *e) {
  for (int i = 0; i < e->njobs; i++)
    if (e->sched[i].next_task < e->jobs[i].ntasks) return 0;
  return 1;
}

/* -v: one line per table as it finishes. */
static void report_job(const job *j) {
  if (!j->opt->verbose) return;
  fprintf(stderr, "tpchgen: %s %s done: %lld rows, %lld bytes in %.2f s\n", job_table_name(j),
          format_name(j->format), (long long)atomic_load(&j->rows), (long long)atomic_load(&j->bytes),
          j->t_end - j->t_start);
}

static void finish_job_locked(engine *e, job *j) {
  e->sched[j->id].finished = 1;
  j->t_end = now_seconds();
  e->active--;
  e->finished_jobs++;
  report_job(j);
}

/* Delivers j's consecutive finished results. Called by the main thread (the
 * only one that writes) with the lock held; drops it while writing. */
static void deliver_locked(engine *e, job *j) {
  job_sched *js = &e->sched[j->id];
  while (!e->failed && js->next_deliver < j->ntasks && js->pending[js->next_deliver % e->window]) {
    void **slot = &js->pending[js->next_deliver % e->window];
    void *res = *slot;
    *slot = NULL;
    pthread_mutex_unlock(&e->lock);
    tpch_error err;
    int rc = j->ops->deliver(j, res, &err);
    int last = js->next_deliver + 1 == j->ntasks;
    if (rc == TPCH_OK && last) rc = j->ops->close(j, &err);
    pthread_mutex_lock(&e->lock);
    if (rc != TPCH_OK) {
      fail_locked(e, &err);
      break;
    }
    js->next_deliver++;
    e->outstanding--;
    if (last) finish_job_locked(e, j);
    pthread_cond_broadcast(&e->cond); /* room in the window */
  }
}

/* Delivers whatever is ready, job by job, until nothing is. */
static void deliver_ready_locked(engine *e) {
  for (int again = 1; again && !e->failed;) {
    again = 0;
    for (int i = 0; i < e->njobs && !e->failed; i++) {
      job_sched *js = &e->sched[i];
      if (js->next_deliver < e->jobs[i].ntasks && js->pending[js->next_deliver % e->window]) {
        deliver_locked(e, &e->jobs[i]);
        again = 1;
      }
    }
  }
}

typedef struct worker_arg {
  engine *e;
  worker w;
} worker_arg;

static void *worker_main(void *p) {
  worker_arg *a = p;
  engine *e = a->e;
  pthread_mutex_lock(&e->lock);
  for (;;) {
    if (e->failed) break;
    if (engine_interrupted) {
      tpch_error err;
      tpch_error_set(&err, TPCH_EIO, "interrupted");
      fail_locked(e, &err);
      break;
    }
    int64_t t;
    job *j = pick_locked(e, &t);
    if (j == NULL) {
      if (all_dispensed_locked(e)) break;
      pthread_cond_wait(&e->cond, &e->lock);
      continue;
    }
    pthread_mutex_unlock(&e->lock);
    void *res = NULL, *rres = NULL;
    tpch_error err;
    int rc = run_task(j, &a->w, t, &res, &rres, &err);
    pthread_mutex_lock(&e->lock);
    if (rc != TPCH_OK) {
      if (res) j->ops->free_result(j, res);
      if (rres) j->companion->ops->free_result(j->companion, rres);
      fail_locked(e, &err);
      break;
    }
    e->sched[j->id].pending[t % e->window] = res;
    if (j->companion) e->sched[j->companion->id].pending[t % e->window] = rres;
    pthread_cond_broadcast(&e->cond); /* for the writer */
  }
  pthread_mutex_unlock(&e->lock);
  for (int i = 0; i < e->njobs; i++) {
    const output_ops *ops = e->jobs[i].ops;
    if (ops->worker_done && a->w.slot[ops->worker_slot]) ops->worker_done(&a->w.slot[ops->worker_slot]);
    if (ops->worker_done && a->w.pair_slot[ops->worker_slot])
      ops->worker_done(&a->w.pair_slot[ops->worker_slot]);
  }
  cache_clear(&a->w.cache);
  return NULL;
}

/* ---- progress ------------------------------------------------------------- */

static void human(char *buf, size_t cap, double v, const char *unit) {
  const char *pre[] = {"", "k", "M", "G", "T"};
  int i = 0;
  while (v >= 1000 && i < 4) {
    v /= 1000;
    i++;
  }
  snprintf(buf, cap, "%.1f %s%s", v, pre[i], unit);
}

static double expected_rows(const job *j) {
  double rows = (double)j->units * job_rows_per_unit(j);
  if (j->row_limit > 0 && rows > (double)j->row_limit) rows = (double)j->row_limit;
  return rows;
}

static void print_progress(engine *e, double t0, int final) {
  double rows = 0, bytes = 0, want = 0;
  for (int i = 0; i < e->njobs; i++) {
    rows += (double)atomic_load(&e->jobs[i].rows);
    bytes += (double)atomic_load(&e->jobs[i].bytes);
    want += expected_rows(&e->jobs[i]);
  }
  double el = now_seconds() - t0;
  char r[32], b[32], eta[32] = "";
  human(r, sizeof r, el > 0 ? rows / el : 0, "rows/s");
  human(b, sizeof b, el > 0 ? bytes / el : 0, "B/s");
  if (!final && rows > 0 && want > rows) snprintf(eta, sizeof eta, ", ETA %.0fs", el * (want - rows) / rows);
  fprintf(stderr, "\r\033[K[%d/%d tables] %.0f%%, %s, %s, %.1fs%s%s", e->finished_jobs, e->njobs,
          want > 0 ? 100.0 * rows / want : 100.0, r, b, el, eta, final ? "\n" : "");
  fflush(stderr);
}

int engine_run(job *jobs, int njobs, const cli_options *opt, tpch_error *err) {
  engine e;
  memset(&e, 0, sizeof e);
  engine_buffers bufs;
  memset(&bufs, 0, sizeof bufs);
  pthread_mutex_init(&bufs.lock, NULL);
  pthread_mutex_init(&e.lock, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* the writer's timed waits */
  pthread_cond_init(&e.cond, &ca);
  pthread_condattr_destroy(&ca);
  e.jobs = jobs;
  e.njobs = njobs;
  e.window = opt->threads + 1;
  e.max_active = opt->parallel_tables;
  int rc = TPCH_OK;
  e.sched = calloc((size_t)(njobs ? njobs : 1), sizeof *e.sched);
  if (e.sched == NULL) {
    tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    rc = TPCH_ENOMEM;
  }
  for (int i = 0; i < njobs && rc == TPCH_OK && e.sched != NULL; i++) {
    jobs[i].id = i;
    jobs[i].bufs = &bufs;
    e.sched[i].pending = calloc((size_t)e.window, sizeof(void *));
    if (e.sched[i].pending == NULL) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  /* Open everything first: an existing output stops the run before any
   * table is written. */
  int opened = 0;
  for (; opened < njobs && rc == TPCH_OK; opened++)
    rc = jobs[opened].ops->open(&jobs[opened], err);
  if (rc != TPCH_OK) opened--;
  double t0 = now_seconds();
  for (int i = 0; i < njobs && rc == TPCH_OK; i++) {
    if (jobs[i].ntasks > 0) continue;
    jobs[i].t_start = now_seconds(); /* an empty part: close at once */
    rc = jobs[i].ops->close(&jobs[i], err);
    e.sched[i].finished = 1;
    jobs[i].t_end = now_seconds();
    e.finished_jobs++;
    if (rc == TPCH_OK) report_job(&jobs[i]);
  }
  if (rc == TPCH_OK) {
    int nthreads = opt->threads;
    pthread_t *tids = calloc((size_t)nthreads, sizeof *tids);
    worker_arg *args = calloc((size_t)nthreads, sizeof *args);
    int started = 0;
    if (tids && args) {
      for (; started < nthreads; started++) {
        args[started].e = &e;
        args[started].w.id = started;
        if (pthread_create(&tids[started], NULL, worker_main, &args[started]) != 0) break;
      }
    }
    if (started == 0) {
      rc = tpch_error_set(err, TPCH_ENOMEM, "cannot start worker threads");
    } else {
      /* This thread writes: the workers only generate and encode, and a
       * worker never waits for a write (or a file's fsync) to finish. */
      int show = opt->progress == 1 || (opt->progress == -1 && !opt->quiet && isatty(STDERR_FILENO));
      double shown = 0;
      pthread_mutex_lock(&e.lock);
      for (;;) {
        if (engine_interrupted && !e.failed) {
          tpch_error ie;
          tpch_error_set(&ie, TPCH_EIO, "interrupted");
          fail_locked(&e, &ie);
        }
        deliver_ready_locked(&e);
        if (e.failed || e.finished_jobs == njobs) break;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += 100000000; /* 0.1 s: the progress line's period */
        if (until.tv_nsec >= 1000000000) until.tv_sec++, until.tv_nsec -= 1000000000;
        pthread_cond_timedwait(&e.cond, &e.lock, &until);
        if (show && now_seconds() - shown >= 0.1) {
          pthread_mutex_unlock(&e.lock);
          print_progress(&e, t0, 0);
          shown = now_seconds();
          pthread_mutex_lock(&e.lock);
        }
      }
      pthread_mutex_unlock(&e.lock);
      for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
      if (show) print_progress(&e, t0, 1);
      if (e.failed) rc = tpch_error_set(err, e.err.code, "%s", e.err.message);
    }
    free(tids);
    free(args);
  }
  /* results first: abort may remove directories that must be empty by then */
  for (int i = 0; i < njobs && e.sched; i++) {
    for (int k = 0; k < e.window && e.sched[i].pending; k++)
      if (e.sched[i].pending[k]) jobs[i].ops->free_result(&jobs[i], e.sched[i].pending[k]);
    free(e.sched[i].pending);
  }
  if (rc != TPCH_OK) {
    for (int i = 0; i < opened && e.sched; i++)
      if (!e.sched[i].finished) jobs[i].ops->abort(&jobs[i]);
  }
  free(e.sched);
  pthread_mutex_destroy(&e.lock);
  pthread_cond_destroy(&e.cond);
  while (bufs.n > 0)
    engine_buf_free(bufs.spare[--bufs.n]); /* every job has detached by now */
  pthread_mutex_destroy(&bufs.lock);
  return rc;
}
