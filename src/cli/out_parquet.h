/*
 * out_parquet.h - the Parquet task functions, shared by Parquet output and
 * Iceberg output (whose data files are Parquet files).
 */
#ifndef TPCH_CLI_OUT_PARQUET_H
#define TPCH_CLI_OUT_PARQUET_H

#include <limits.h>

#include "engine.h"
#include "out_chunks.h"
#include "parquet_writer.h"

/* The per-job state both formats start with (Iceberg's embeds it first). */
typedef struct parquet_state {
  tpch_parquet_writer_options opts;
  tpch_parquet_writer *w;
  char file[PATH_MAX + 96];
} parquet_state;

/* The writer options for job j's command line. */
void out_parquet_fill_options(const job *j, tpch_parquet_writer_options *o);

/* output_ops members: one row group per task, encoded on the worker; with
 * out_chunks_add_batch, out_chunks_end and out_chunks_worker_done. */
int64_t out_parquet_task_rows(const job *j);
int out_parquet_begin(job *j, void **slot, int64_t t, void **task, tpch_error *err);
int out_parquet_deliver(job *j, void *result, tpch_error *err);
void out_parquet_free_result(job *j, void *result);

#endif
