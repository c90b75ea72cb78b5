/* tpcds_cli.h - `tpchgen tpcds ...`: the TPC-DS tables as engine jobs. */
#ifndef TPCH_TPCDS_CLI_H
#define TPCH_TPCDS_CLI_H

#include <stdio.h>

#include "engine.h"
#include "options.h"
#include "tpcds_gen.h"

/* The tables o->tables names, smallest first (so they finish early). */
void tpcds_table_order(const cli_options *o, tpcds_table order[TPCDS_TABLE_COUNT], int *n);

#endif
