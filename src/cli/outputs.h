/*
 * outputs.h - the output formats the engine can drive.
 */
#ifndef TPCH_CLI_OUTPUTS_H
#define TPCH_CLI_OUTPUTS_H

#include "engine.h"

extern const output_ops text_output_ops; /* tbl and csv */
extern const output_ops parquet_output_ops;
extern const output_ops lance_output_ops;
extern const output_ops iceberg_output_ops;
extern const output_ops paimon_output_ops;
extern const output_ops orc_output_ops;

/* The output_ops of format f (cli_shared.c), NULL for none. */
const output_ops *output_ops_for(out_format f);

#endif
