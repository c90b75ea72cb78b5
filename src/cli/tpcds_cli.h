/* tpcds_cli.h - `tpchgen tpcds ...`: the TPC-DS tables as engine jobs. */
#ifndef TPCH_TPCDS_CLI_H
#define TPCH_TPCDS_CLI_H

#include <stdio.h>

#include "engine.h"
#include "options.h"
#include "tpcds_gen.h"

/* The tables o->tables names, smallest first (so they finish early). */
void tpcds_table_order(const cli_options *o, tpcds_table order[TPCDS_TABLE_COUNT], int *n);

/*
 * Fills job j (format, ops and opt already set) for TPC-DS table t: schema,
 * unit range and tasks (dsdgen's -PARALLEL/-CHILD split with --parts), and
 * output path. Returns TPCH_OK, 1 when this part has nothing of the table
 * (then j holds nothing), or a negative error.
 */
int tpcds_plan_job(job *j, const cli_options *o, tpcds_table t, tpch_error *err);

#endif
