/*
 * outputs.h - the output formats the engine can drive.
 */
#ifndef TPCH_CLI_OUTPUTS_H
#define TPCH_CLI_OUTPUTS_H

#include "engine.h"

extern const output_ops text_output_ops;    /* tbl and csv */
extern const output_ops parquet_output_ops;
extern const output_ops lance_output_ops;
extern const output_ops iceberg_output_ops;
extern const output_ops paimon_output_ops;
extern const output_ops orc_output_ops;

/* `tpchgen commit`: turns the pending data files that parts left in
 * TABLE_DIR into one Iceberg snapshot; *rows = rows added. TPCH_ECOMMITTED:
 * committed, but a step after the commit point failed. */
int iceberg_commit_parts(const char *table_dir, tpch_table t, int overwrite, int fsync, int64_t *rows,
                         tpch_error *err);

/* The same for -f paimon: one Paimon snapshot from the parts' pending files. */
int paimon_commit_parts(const char *table_dir, tpch_table t, int overwrite, int fsync, int64_t *rows,
                        tpch_error *err);

#endif
