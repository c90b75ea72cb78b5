/*
 * tpcds_cli.c - `tpchgen tpcds ...`: the TPC-DS tables as jobs of the TPC-H
 * engine (engine.h), so every format and every option means what it means
 * for TPC-H. What differs is here: the table list and order; dsdgen's .dat
 * names and -PARALLEL/-CHILD split for --parts are the engine's
 * (job_set_path, job_plan_units).
 */
#include "tpcds_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows a table will have, roughly: the order in which tables are started. */
static double est_rows(const job *j) {
  return (double)tpcds_table_units(j->ds_sf, j->ds_table) * job_rows_per_unit(j);
}

static int by_size(const void *a, const void *b) {
  double x = est_rows(a), y = est_rows(b);
  return x < y ? -1 : x > y;
}

void tpcds_table_order(const cli_options *o, tpcds_table order[TPCDS_TABLE_COUNT], int *n) {
  job tmp[TPCDS_TABLE_COUNT];
  memset(tmp, 0, sizeof tmp);
  *n = 0;
  for (int t = 0; t < TPCDS_TABLE_COUNT; t++) {
    if (!(o->tables >> t & 1)) continue;
    tmp[*n].ds_sf = o->ds_sf;
    tmp[*n].ds_table = (tpcds_table)t;
    (*n)++;
  }
  qsort(tmp, (size_t)*n, sizeof tmp[0], by_size);
  for (int i = 0; i < *n; i++)
    order[i] = tmp[i].ds_table;
}

/* The sales table whose tickets/orders make returns table t, or -1. */
static int sales_of(tpcds_table t) {
  switch (t) {
  case TPCDS_STORE_RETURNS: return TPCDS_STORE_SALES;
  case TPCDS_CATALOG_RETURNS: return TPCDS_CATALOG_SALES;
  case TPCDS_WEB_RETURNS: return TPCDS_WEB_SALES;
  default: return -1;
  }
}

void tpcds_pair_jobs(job *jobs, int njobs, const cli_options *o) {
  /* with at most one table at a time, a pair (two tables) could not start */
  if (o->to_stdout || (o->parallel_tables > 0 && o->parallel_tables < 2)) return;
  for (int i = 0; i < njobs; i++) {
    job *r = &jobs[i];
    /* text only: its bytes do not depend on where tasks start and end,
     * and the returns job takes the sales job's (smaller) tasks */
    if (sales_of(r->ds_table) < 0 || (r->format != FMT_TBL && r->format != FMT_CSV)) continue;
    for (int k = 0; k < njobs; k++) {
      job *s = &jobs[k];
      if ((int)s->ds_table != sales_of(r->ds_table) || s->format != r->format || s->companion) continue;
      if (s->first_unit != r->first_unit || s->units != r->units || s->ntasks == 0) break;
      r->units_per_task = s->units_per_task;
      r->ntasks = s->ntasks;
      r->leader = s;
      s->companion = r;
      break;
    }
  }
}
