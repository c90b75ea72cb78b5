/*
 * main.c - tpchgen: plans one job per (format, table), runs them on the
 * engine, prints a summary. The only place that prints or exits.
 */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "out_table.h"
#include "io/sink.h"
#include "options.h"
#include "outputs.h"
#include "tpcds_cli.h"
#include "subcommands.h"

/* Smallest tables first, so they finish early and never wait behind lineitem. */
static const tpch_table table_order[TPCH_TABLE_COUNT] = {TPCH_REGION,   TPCH_NATION,  TPCH_SUPPLIER,
                                                         TPCH_CUSTOMER, TPCH_PART,    TPCH_PARTSUPP,
                                                         TPCH_ORDERS,   TPCH_LINEITEM};

/* Sets j's unit range, row limit and tasks. Returns 0 if the job has nothing
 * to do in this part (a table written whole, in parts other than 1). */
static int plan_job(job *j, const cli_options *o) {
  if (o->tpcds) return job_plan_units(j, tpcds_table_units(o->ds_sf, j->ds_table), job_rows_per_unit(j));
  const tpch_scale *s = &o->scale;
  if (!job_plan_units(j, tpch_table_units(s, j->table), job_rows_per_unit(j))) return 0;
  if (o->max_rows > 0) {
    j->units = tpch_table_units_for_rows(s, j->table, j->first_unit, j->units, o->max_rows);
    j->row_limit = o->max_rows;
    j->ntasks = (j->units + j->units_per_task - 1) / j->units_per_task;
    if (j->ntasks > 0) {
      int64_t before = tpch_table_rows(s, j->table, j->first_unit, (j->ntasks - 1) * j->units_per_task);
      j->last_task_row_cap = j->row_limit - before;
    }
  }
  return 1;
}

/* The temp files a killed run may have left for job j: beside its output
 * file, or inside its dataset / table directory (two levels: data/,
 * metadata/, _versions/, bucket-0/ ...). */
static void remove_stale_temps_of(const job *j) {
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", j->path);
  char *slash = strrchr(dir, '/');
  if (slash != NULL) {
    *slash = '\0';
    tpch_remove_stale_temps(dir[0] ? dir : "/", 0);
  }
  struct stat st;
  if (stat(j->path, &st) == 0 && S_ISDIR(st.st_mode)) tpch_remove_stale_temps(j->path, 2);
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Exit status when every output is committed but a step after a commit
 * point (a directory fsync, a version hint) failed; a warning says which. */
#define EXIT_COMMITTED_WARNING 3

static int die(const char *msg) {
  print_message("error", NULL, msg);
  return 1;
}

/* `tpchgen commit -f iceberg|paimon -o DIR`: one snapshot per table from the
 * data files every part left pending. */
static int run_commit(const cli_options *o) {
  int status = 0;
  const table_format *f = o->formats == (1u << FMT_PAIMON) ? &paimon_table_format : &iceberg_table_format;
  tpcds_table ds_order[TPCDS_TABLE_COUNT] = {0};
  int n = TPCH_TABLE_COUNT;
  if (o->tpcds) tpcds_table_order(o, ds_order, &n);
  for (int i = 0; i < n; i++) {
    if (!o->tpcds && !(o->tables & (1u << table_order[i]))) continue;
    const char *name = o->tpcds ? tpcds_table_name(ds_order[i]) : tpch_table_name(table_order[i]);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/%s", o->output_dir, name);
    tpch_error err;
    int64_t rows = 0;
    struct ArrowSchema schema;
    int rc = o->tpcds ? tpcds_table_schema(ds_order[i], &schema, &err)
                      : tpch_table_schema(table_order[i], &schema, &err);
    if (rc == TPCH_OK) {
      rc = out_table_commit_parts(f, dir, &schema, o->overwrite, o->partial, o->fsync, &rows, &err);
      schema.release(&schema);
    }
    if (rc == TPCH_ECOMMITTED) {
      print_message("warning", name, err.message);
      status = EXIT_COMMITTED_WARNING;
    } else if (rc != TPCH_OK) {
      print_message("error", name, err.message);
      return 1;
    }
    if (!o->quiet) printf("%-10s committed %lld rows\n", name, (long long)rows);
  }
  return status;
}

int main(int argc, char **argv) {
  /* Batches and encoded chunks are megabytes each and short-lived: give them
   * their own mappings, returned on free, instead of letting per-thread
   * malloc arenas keep the high-water mark of every thread resident. */
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  if (argc > 1 && strcmp(argv[1], "refresh") == 0) return refresh_main(argc, argv);
  if (argc > 1 && strcmp(argv[1], "queries") == 0) return queries_main(argc, argv);
  cli_options o;
  int prc = cli_parse(argc, argv, &o);
  if (prc == 1) return 0;
  if (prc != 0) return 2;
  /* TPC-DS batches (8,192 rows, one after another on each thread; engine.c)
   * have their columns below the 1 MB mapping threshold: keep up to 32 MB of a thread's freed heap
   * instead of handing it back and faulting it in again for the next batch
   * (a sixth of an SF 1 run's CPU time went to that) */
  if (o.tpcds) mallopt(M_TRIM_THRESHOLD, 32 << 20);
  if (o.command_commit) return run_commit(&o);
  tpch_error err;
  if (!o.to_stdout && tpch_mkdirs(o.output_dir, &err) != TPCH_OK) return die(err.message);
  if (!o.to_stdout && access(o.output_dir, W_OK | X_OK) != 0) {
    char msg[PATH_MAX + 64];
    snprintf(msg, sizeof msg, "output directory '%s' is not writable", o.output_dir);
    return die(msg);
  }

  catch_signals();

  double t0 = now_seconds();
  tpch_text_pool *pool = NULL;
  if (!o.tpcds && get_pool(&o, &pool, &err) != TPCH_OK) {
    die(err.message);
    return engine_interrupted ? 130 : 1;
  }

  job *jobs = calloc(MAX_JOBS, sizeof *jobs);
  if (jobs == NULL) return die("out of memory");
  int njobs = 0, rc = TPCH_OK;
  tpcds_table ds_order[TPCDS_TABLE_COUNT] = {0};
  int ntables = TPCH_TABLE_COUNT;
  if (o.tpcds) tpcds_table_order(&o, ds_order, &ntables);
  for (int f = 0; f < FMT_COUNT && rc == TPCH_OK; f++) {
    if (!(o.formats & (1u << f))) continue;
    for (int i = 0; i < ntables && rc == TPCH_OK; i++) {
      if (!o.tpcds && !(o.tables & (1u << table_order[i]))) continue;
      job *j = &jobs[njobs];
      j->id = njobs;
      j->format = (out_format)f;
      j->ops = output_ops_for((out_format)f);
      j->opt = &o;
      if (o.tpcds) {
        j->ds_sf = o.ds_sf;
        j->ds_table = ds_order[i];
        rc = tpcds_table_schema(j->ds_table, &j->schema, &err);
      } else {
        j->table = table_order[i];
        j->pool = pool;
        rc = tpch_table_schema(j->table, &j->schema, &err);
      }
      if (rc != TPCH_OK) break;
      /* after the schema: the formats' task sizes may depend on it */
      if (!plan_job(j, &o)) {
        if (o.verbose) fprintf(stderr, "tpchgen: %s is written whole by part 1 only\n", job_table_name(j));
        j->schema.release(&j->schema);
        memset(j, 0, sizeof *j);
        continue;
      }
      njobs++;
      if (!o.to_stdout) rc = job_set_path(j, o.output_dir, &err);
    }
  }
  if (rc == TPCH_OK && o.tpcds) tpcds_pair_jobs(jobs, njobs, &o);
  /* temp files of killed runs into the same places (never of live ones) */
  if (rc == TPCH_OK && !o.to_stdout) {
    tpch_remove_stale_temps(o.output_dir, 0);
    for (int i = 0; i < njobs; i++)
      remove_stale_temps_of(&jobs[i]);
  }
  if (rc == TPCH_OK) rc = engine_run(jobs, njobs, &o, &err);
  double secs = now_seconds() - t0;
  if (rc == TPCH_OK && !o.quiet) print_summary(o.to_stdout ? stderr : stdout, jobs, njobs, secs);
  int warned = 0;
  for (int i = 0; i < njobs; i++) {
    if (jobs[i].warning[0]) {
      print_message("warning", job_table_name(&jobs[i]), jobs[i].warning);
      warned = 1;
    }
    if (jobs[i].schema.release) jobs[i].schema.release(&jobs[i].schema);
  }
  free(jobs);
  tpch_text_pool_destroy(pool);
  if (rc != TPCH_OK) {
    die(err.message);
    return engine_interrupted ? 130 : 1;
  }
  return warned ? EXIT_COMMITTED_WARNING : 0;
}
