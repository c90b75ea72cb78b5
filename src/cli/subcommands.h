/*
 * subcommands.h - `tpchgen refresh` (refresh.c) and `tpchgen queries`
 * (queries.c), and what they share with main.c.
 */
#ifndef TPCH_CLI_SUBCOMMANDS_H
#define TPCH_CLI_SUBCOMMANDS_H

#include <stdio.h>

#include "engine.h"
#include "options.h"

/* `tpchgen refresh ...` and `tpchgen queries ...`: argv[1] is the command
 * name. Return the process exit status. */
int refresh_main(int argc, char **argv);
int queries_main(int argc, char **argv);

/* From cli_shared.c: the SIGINT/SIGTERM/SIGHUP handler, the text pool (cached), the
 * summary table. */
void on_signal(int sig);
/* Installs on_signal for SIGINT, SIGTERM and SIGHUP (a closed terminal: clean
 * up as for Ctrl-C) and hands the library the same flag (tpch_set_cancel_flag),
 * so its long loops stop too. */
void catch_signals(void);
/* "tpchgen: KIND: [TABLE: ]MSG" on stderr as one line: control characters
 * in MSG (a newline in a path) are escaped (\n, \xNN). */
void print_message(const char *kind, const char *table, const char *msg);
/* When set (per thread), print_message hands each finished line (newline included) here
 * instead of writing it to stderr (the Python extension captures them). */
extern _Thread_local void (*print_message_hook)(const char *line);
/* The text pool from the cache directory (loaded, or built and cached); the
 * compact one (tpch_text_pool_build_compact) has its own cache file. */
int get_pool(const cli_options *o, tpch_text_pool **pool, tpch_error *err);
int get_compact_pool(const cli_options *o, tpch_text_pool **pool, tpch_error *err);
void print_summary(FILE *f, job *jobs, int njobs, double seconds);

#endif
