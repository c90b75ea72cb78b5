/*
 * options.h - the tpchgen command line.
 */
#ifndef TPCH_CLI_OPTIONS_H
#define TPCH_CLI_OPTIONS_H

#include <stdint.h>

#include "tpch_gen.h"
#include "tpch_writer.h"

typedef enum out_format {
  FMT_TBL = 0,
  FMT_CSV,
  FMT_PARQUET,
  FMT_LANCE,
  FMT_ICEBERG,
  FMT_PAIMON,
  FMT_ORC,
  FMT_COUNT
} out_format;

typedef enum compression_kind {
  COMP_DEFAULT = -1,
  COMP_NONE = 0,
  COMP_SNAPPY = 1,
  COMP_ZLIB = 2,
  COMP_ZSTD = 6,
  COMP_LZ4 = 7
} compression_kind;

typedef struct cli_options {
  const char *sf_text;
  tpch_scale scale;
  unsigned tables;  /* bit i = tpch_table i (with tpcds: tpcds_table i) */
  unsigned formats; /* bit i = out_format i */
  const char *output_dir;
  int threads;
  int64_t parts, part; /* parts = 0: not split */
  int to_stdout;
  int overwrite; /* --overwrite or --mode overwrite */
  int append;    /* --mode append (Lance, Iceberg): add a version/snapshot */
  int quiet, verbose;
  int64_t max_rows;    /* 0 = all */
  int parallel_tables; /* 0 = no limit */
  compression_kind compression;
  int compression_level;  /* 0 = the format's default */
  int64_t row_group_rows; /* Parquet; 0 = size by bytes */
  int64_t row_group_bytes;
  int data_page_version;
  int64_t lance_rows_per_file;
  const char *lance_version; /* "2.0", "2.1" or NULL (automatic) */
  int fsync;
  int progress;       /* -1 auto (terminal), 0 off, 1 on */
  int cache;          /* 1: load/save the text pool cache file */
  int partial;        /* tpchgen commit --partial: a subset of the parts */
  int command_commit; /* `tpchgen commit`: finish a multi-part Iceberg run */
  int tpcds;          /* `tpchgen tpcds ...`: TPC-DS tables (src/cli/tpcds_cli.c) */
  double ds_sf;       /* with tpcds: the scale factor (0 for TPC-H) */
} cli_options;

/* Parses argv. Returns 0 to run, 1 when help/version was printed (exit 0),
 * or 2 after printing a one-line error to stderr (exit 2). */
int cli_parse(int argc, char **argv, cli_options *o);

const char *format_name(out_format f);
/* The mode of a table or dataset output: --mode append: APPEND,
 * --overwrite: OVERWRITE, else CREATE. */
tpch_write_mode cli_write_mode(const cli_options *o);

#endif
