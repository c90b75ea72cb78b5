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
 * Pairs each planned returns job with the sales job of the same format and
 * unit range, so that one pass makes both (engine.h: companion, leader):
 * for the text formats, whose bytes do not depend on the task boundaries,
 * and not for standard output or --parallel-tables 1.
 */
void tpcds_pair_jobs(job *jobs, int njobs, const cli_options *o);

#endif
