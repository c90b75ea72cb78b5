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
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>

#include "io/buf.h"
#include "options.h"
#include "tpch_arrow.h"
#include "tpch_error.h"
#include "tpch_gen.h"

#define MAX_JOBS (TPCH_TABLE_COUNT * FMT_COUNT)

/* Per-worker scratch slots, one per format family (Parquet and Iceberg share one). */
#define ENGINE_WORKER_SLOTS FMT_COUNT

typedef struct job job;

/* Output buffers shared by the jobs of one run: engine_run owns the list. */
typedef struct engine_buffers engine_buffers;

/*
 * What a format plugs into the engine. The engine owns the generate loop:
 * for each task it calls begin, then add_batch for every batch of the
 * task's rows, then end, and later deliver with end's result, once per task
 * in task order. `open`, `close` and `abort` may run on any thread but never
 * concurrently for one job; begin/add_batch/end run on many workers at once.
 *
 * `slot` is the calling worker's scratch for this format, NULL at first and
 * kept across tasks and jobs (formats with the same worker_slot share it);
 * worker_done frees it when the worker exits.
 */
typedef struct output_ops {
  int (*open)(job *j, tpch_error *err);
  int64_t (*task_rows)(const job *j); /* target rows per task */
  /* Starts task `t` (0-based, of this job); *task is its state. */
  int (*begin)(job *j, void **slot, int64_t t, void **task, tpch_error *err);
  int (*add_batch)(job *j, void *task, const struct ArrowArray *batch, tpch_error *err);
  /* Ends the task: with ok, fills *result (for deliver); without (a failure
   * in generation or add_batch), frees everything the task holds. */
  int (*end)(job *j, void **slot, void *task, int ok, void **result, tpch_error *err);
  int (*deliver)(job *j, void *result, tpch_error *err); /* consumes result */
  void (*free_result)(job *j, void *result);             /* a result that will not be delivered */
  int (*close)(job *j, tpch_error *err);
  void (*abort)(job *j);
  void (*worker_done)(void **slot); /* may be NULL */
  int worker_slot;                  /* which per-worker scratch slot the format uses */
} output_ops;

/* A (table, format) output. main fills the first part; the engine sets the
 * timings and counters. Scheduling state is the engine's own. */
struct job {
  int id;
  tpch_table table;
  out_format format;
  const output_ops *ops;
  const cli_options *opt;
  const tpch_text_pool *pool;
  struct ArrowSchema schema;
  char path[PATH_MAX];       /* final output path (file, dataset or table dir) */
  int64_t first_unit, units; /* this process's unit range */
  int64_t units_per_task, ntasks;
  int64_t row_limit;              /* > 0: stop after this many rows */
  int64_t last_task_row_cap;      /* with row_limit: rows the last task may emit */
  int part_index;                 /* 1-based part for file naming, 0 when not split */
  void *state;                    /* the format's per-job state */
  engine_buffers *bufs;           /* the run's spare output buffers; set by engine_run */
  int refresh_set;                /* > 0: refresh set k of `tpchgen refresh` (src/cli/refresh.c) */
  tpch_refresh_kind refresh_kind; /* with refresh_set: orders, lineitem or deletions */
  /* Set by close when the output is committed but a step after the commit
   * point failed (TPCH_ECOMMITTED): main prints it and exits 3. */
  char warning[TPCH_ERROR_MESSAGE_SIZE];

  double t_start, t_end; /* set by the engine */
  atomic_llong rows;     /* rows generated; set by the engine */
  atomic_llong bytes;    /* bytes written; set by the format */
};

/*
 * Spare output buffers: a buffer given back after its bytes were written
 * goes to a short list the run shares (one list per job would keep every
 * running table's spares alive at once), so the next task fills pages that
 * are already mapped. A job that uses them attaches at open and detaches
 * when it closes or aborts; the spares are freed when the last one detaches.
 */
void engine_buf_attach(job *j);
void engine_buf_detach(job *j);
/* An empty buffer (a spare when there is one), NULL when out of memory. */
tpch_buf *engine_buf_take(job *j);
/* Back to the spare list, or freed when the list is full. */
void engine_buf_give(job *j, tpch_buf *b);
/* Frees a buffer outright (engine_buf_take's, never given back). */
void engine_buf_free(tpch_buf *b);

/* Runs the jobs; returns TPCH_OK or the first error. */
int engine_run(job *jobs, int njobs, const cli_options *opt, tpch_error *err);

/* Set by the signal handler; tasks stop between batches. */
extern volatile sig_atomic_t engine_interrupted;

#endif
