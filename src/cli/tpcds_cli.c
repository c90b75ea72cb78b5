/*
 * tpcds_cli.c - `tpchgen tpcds ...`: the TPC-DS tables as jobs of the TPC-H
 * engine (engine.h), so every format and every option means what it means
 * for TPC-H. What differs is here: the table list and order, dsdgen's .dat
 * names, and dsdgen's -PARALLEL/-CHILD split for --parts.
 */
#include "tpcds_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/sink.h"

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

/* Final path of job j's output: TPC-H's layout, dsdgen's .dat names. */
static int ds_job_path(job *j, const char *dir, tpch_error *err) {
  const char *name = tpcds_table_name(j->ds_table);
  char dat[96];
  if (j->part_index)
    snprintf(dat, sizeof dat, "%s_%d_%lld.dat", name, j->part_index, (long long)j->opt->parts);
  else
    snprintf(dat, sizeof dat, "%s.dat", name);
  return job_set_path(j, dir, dat, err);
}

/* Unit range and tasks of j; 0 when this part has nothing of the table. */
static int ds_plan(job *j, const cli_options *o) {
  int64_t total = tpcds_table_units(o->ds_sf, j->ds_table);
  double per_unit = job_rows_per_unit(j);
  int64_t upt = (int64_t)((double)j->ops->task_rows(j) / per_unit);
  j->units_per_task = upt < 1 ? 1 : upt;
  j->first_unit = 1;
  j->units = total;
  j->part_index = 0;
  if (o->parts) {
    if (job_whole_table(j)) {
      if (o->part != 1) return 0;
    } else {
      int64_t size = total / o->parts, extra = total % o->parts, before = o->part - 1;
      j->first_unit = 1 + before * size + (before < extra ? before : extra);
      j->units = size + (o->part <= extra ? 1 : 0);
    }
    j->part_index = (int)o->part;
  }
  j->ntasks = (j->units + j->units_per_task - 1) / j->units_per_task;
  return 1;
}

int tpcds_plan_job(job *j, const cli_options *o, tpcds_table t, tpch_error *err) {
  j->ds_sf = o->ds_sf;
  j->ds_table = t;
  /* the schema first: the formats' task sizes depend on it */
  int rc = tpcds_table_schema(t, &j->schema, err);
  if (rc != TPCH_OK) return rc;
  if (!ds_plan(j, o)) {
    j->schema.release(&j->schema);
    j->schema.release = NULL;
    return 1;
  }
  if (!o->to_stdout) rc = ds_job_path(j, o->output_dir, err);
  return rc;
}
