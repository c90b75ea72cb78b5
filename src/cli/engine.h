/*
 * engine.h - runs every (table, format) job on one thread pool.
 *
 * Each job's unit range is cut into tasks that do not depend on the thread
 * count. Workers take tasks (small tables first), generate and encode them,
 * and hand the results back; each job's results are delivered to its output
 * strictly in task order, by whichever worker completes the next one, so the
 * bytes are the same for -j 1 and -j 64. At most threads + 1 tasks are
 * taken and not yet written, over all jobs together, which bounds memory
 * to O(threads x task) whatever the scale factor or the tables' overlap.
 */
#ifndef TPCH_CLI_ENGINE_H
#define TPCH_CLI_ENGINE_H

#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>

#include "options.h"
#include "tpch_arrow.h"
#include "tpch_error.h"
#include "tpch_gen.h"

#define MAX_JOBS (TPCH_TABLE_COUNT * FMT_COUNT)

typedef struct job job;
typedef struct worker worker;

/* What a format plugs into the engine. `open`, `close` and `abort` may run on
 * any thread but never concurrently for one job; `run_task` runs on many
 * workers at once; `deliver` is called once per task in task order. */
typedef struct output_ops {
  int (*open)(job *j, tpch_error *err);
  int (*run_task)(job *j, worker *w, int64_t task, void **result, tpch_error *err);
  int (*deliver)(job *j, void *result, tpch_error *err); /* consumes result */
  void (*free_result)(job *j, void *result); /* a result that will not be delivered */
  int (*close)(job *j, tpch_error *err);
  void (*abort)(job *j);
  void (*worker_done)(job *j, worker *w); /* frees this worker's state for j */
  int64_t (*task_rows)(const job *j);     /* target rows per task */
} output_ops;

/* Batch memory a worker recycles: a batch block freed by one task is
 * reused by the next instead of going back to the kernel, which would hand
 * out fresh (page-faulting, zeroed) pages every time. */
#define WORKER_CACHED_BLOCKS 1
typedef struct block_cache {
  void *block[WORKER_CACHED_BLOCKS];
  size_t size[WORKER_CACHED_BLOCKS];
  int n;
} block_cache;

struct worker {
  int id;
  void *state[FMT_COUNT]; /* per-format scratch (Parquet and Iceberg share FMT_PARQUET's) */
  block_cache cache;     /* used only by this worker's thread */
};

struct job {
  int id;
  tpch_table table;
  out_format format;
  const output_ops *ops;
  const cli_options *opt;
  const tpch_text_pool *pool;
  struct ArrowSchema schema;
  char path[PATH_MAX]; /* final output path (file, dataset or table dir) */
  int64_t first_unit, units; /* this process's unit range */
  int64_t units_per_task, ntasks;
  int64_t row_limit;          /* > 0: stop after this many rows */
  int64_t last_task_row_cap;  /* with row_limit: rows the last task may emit */
  int part_index;             /* 1-based part for file naming, 0 when not split */
  int64_t task_base;          /* index of this job's first task in the whole table
                                 (parts before this one hold tasks 0..task_base-1) */
  void *state;                /* the format's per-job state */

  /* scheduling, guarded by the engine lock */
  int64_t next_task, next_deliver;
  void **pending; /* ring of `window` finished results */
  int delivering, started, finished;
  double t_start, t_end;

  atomic_llong rows;
  atomic_llong bytes;
};

/* Generates units [first, first + count) of j's table into batches of at
 * most `max_rows` rows and calls `fn` on each (the batch is released after). */
int engine_generate(job *j, worker *w, int64_t first, int64_t count, int64_t row_cap,
                    int (*fn)(job *j, void *ctx, struct ArrowArray *batch, tpch_error *err), void *ctx,
                    tpch_error *err);

/* Units [first, count) of task `t`. */
void engine_task_range(const job *j, int64_t t, int64_t *first, int64_t *count);

/* Row cap for task t (INT64_MAX when unlimited). */
int64_t engine_task_row_cap(const job *j, int64_t t);

/* Runs the jobs; returns TPCH_OK or the first error. */
int engine_run(job *jobs, int njobs, const cli_options *opt, tpch_error *err);

/* Set by the SIGINT/SIGTERM handler; tasks stop between batches. */
extern volatile int engine_interrupted;

#endif
