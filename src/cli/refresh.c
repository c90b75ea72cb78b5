/*
 * refresh.c - `tpchgen refresh`: dbgen's update sets (-U N) for the refresh
 * functions RF1 and RF2, in every output format.
 *
 * Set k is three tables: the new orders (dbgen's orders.tbl.uk), their lines
 * (lineitem.tbl.uk) and the order keys to delete (delete.k). tbl output is
 * byte-identical to dbgen 2.14; the other formats hold the same rows as
 * tables of the same schema (docs/refresh.md). The rest of the command line
 * is the ordinary one (-s, -f, -o, -j, --parts/--part, ...).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/sink.h"
#include "outputs.h"
#include "subcommands.h"

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "tpchgen: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see tpchgen refresh --help)\n");
  return 2;
}

static void refresh_usage(void) {
  printf("Usage: tpchgen refresh [-U N | --set K] [OPTIONS]\n"
         "\n"
         "Writes dbgen's refresh (update) sets for RF1 and RF2, byte-identical to\n"
         "dbgen 2.14 -U N in tbl. Set k holds SF x 1500 new orders (10 at SF 0.01),\n"
         "their lineitems and as many order keys to delete:\n"
         "  tbl:     DIR/orders.tbl.uK, DIR/lineitem.tbl.uK, DIR/delete.K\n"
         "  csv, parquet, lance, iceberg: tables orders_uK, lineitem_uK, delete_K\n"
         "           (e.g. DIR/orders_u1.parquet, DIR/delete_1.lance/, DIR/lineitem_u1/)\n"
         "           delete_K has one column, o_orderkey.\n"
         "\n"
         "  -U, --updates N   sets 1..N (default 1)\n"
         "      --set K       only set K (1..%d)\n"
         "  --parts N --part K  part K of N of each set (dbgen's chunk rule; tbl files\n"
         "                    get a .K suffix: orders.tbl.u1.3); not with -f iceberg\n"
         "\n"
         "Every other option is the ordinary one (-s, -f, -o, -j, --overwrite, ...;\n"
         "see tpchgen --help); -T, --stdout and --max-rows do not apply.\n"
         "docs/refresh.md shows how to run RF1 and RF2 on each format.\n",
         TPCH_REFRESH_MAX_SETS);
}

static int parse_count(const char *s, long lo, long hi, long *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end || v < lo || v > hi) return 0;
  *out = v;
  return 1;
}

int refresh_main(int argc, char **argv) {
  /* Take out what belongs to this command; the rest is the usual command line. */
  char **args = calloc((size_t)argc + 1, sizeof *args);
  if (args == NULL) return 1;
  int nargs = 0;
  long updates = 1, only = 0;
  args[nargs++] = argv[0];
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *val = NULL;
    int is_u = strcmp(a, "-U") == 0 || strcmp(a, "--updates") == 0, is_set = strcmp(a, "--set") == 0;
    if (strncmp(a, "--updates=", 10) == 0) is_u = 1, val = a + 10;
    if (strncmp(a, "--set=", 6) == 0) is_set = 1, val = a + 6;
    if (is_u || is_set) {
      if (val == NULL && i + 1 < argc) val = argv[++i];
      if (val == NULL) {
        free(args);
        return usage_error("option '%s' needs a value", a);
      }
      if (!parse_count(val, 1, TPCH_REFRESH_MAX_SETS, is_u ? &updates : &only)) {
        free(args);
        return usage_error("%s takes a set number from 1 to 999", a);
      }
      continue;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      refresh_usage();
      free(args);
      return 0;
    }
    if (strcmp(a, "-T") == 0 || strncmp(a, "--table", 7) == 0 || strcmp(a, "--stdout") == 0 ||
        strncmp(a, "--max-rows", 10) == 0) {
      free(args);
      return usage_error("%s does not apply to 'tpchgen refresh' (it writes orders, lineitem and deletions)",
                         a);
    }
    args[nargs++] = argv[i];
  }
  cli_options o;
  int prc = cli_parse(nargs, args, &o);
  free(args);
  if (prc == 1) return 0;
  if (prc != 0) return 2;
  if (o.command_commit) return usage_error("%s", "'commit' is not a refresh option");
  if (o.parts && (o.formats & (1u << FMT_ICEBERG)))
    return usage_error("%s",
                       "--parts with -f iceberg is not supported for refresh sets (write the set whole)");
  if (o.formats & ((1u << FMT_ORC) | (1u << FMT_PAIMON)))
    return usage_error("%s",
                       "refresh sets are written as tbl, csv, parquet, lance or iceberg (not orc or paimon)");
  int first_set = only ? (int)only : 1, last_set = only ? (int)only : (int)updates;

  tpch_error err;
  if (tpch_mkdirs(o.output_dir, &err) != TPCH_OK || access(o.output_dir, W_OK | X_OK) != 0) {
    fprintf(stderr, "tpchgen: error: output directory '%s' is not writable\n", o.output_dir);
    return 1;
  }
  catch_signals();

  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  tpch_text_pool *pool = NULL;
  if (get_pool(&o, &pool, &err) != TPCH_OK) {
    print_message("error", NULL, err.message);
    return engine_interrupted ? 130 : 1;
  }
  int nsets = last_set - first_set + 1, rc = TPCH_OK, njobs = 0;
  job *jobs = calloc((size_t)nsets * 3 * FMT_COUNT, sizeof *jobs);
  if (jobs == NULL) {
    tpch_text_pool_destroy(pool);
    fprintf(stderr, "tpchgen: error: out of memory\n");
    return 1;
  }
  for (int k = first_set; k <= last_set && rc == TPCH_OK; k++) {
    for (int f = 0; f < FMT_COUNT && rc == TPCH_OK; f++) {
      if (!(o.formats & (1u << f))) continue;
      for (int kind = 0; kind < 3 && rc == TPCH_OK; kind++) {
        job *j = &jobs[njobs];
        j->id = njobs;
        j->refresh_set = k;
        j->refresh_kind = (tpch_refresh_kind)kind;
        j->table = kind == TPCH_REFRESH_LINEITEM ? TPCH_LINEITEM : TPCH_ORDERS;
        j->format = (out_format)f;
        j->ops = output_ops_for((out_format)f);
        j->opt = &o;
        j->pool = pool;
        /* one unit per order (with its lines) */
        job_plan_units(j, tpch_refresh_orders(&o.scale), kind == TPCH_REFRESH_LINEITEM ? 4 : 1);
        rc = tpch_refresh_schema(j->refresh_kind, &j->schema, &err);
        if (rc == TPCH_OK) rc = job_set_path(j, o.output_dir, &err);
        njobs++;
      }
    }
  }
  if (rc == TPCH_OK) rc = engine_run(jobs, njobs, &o, &err);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  if (rc == TPCH_OK && !o.quiet) print_summary(stdout, jobs, njobs, secs);
  for (int i = 0; i < njobs; i++)
    if (jobs[i].schema.release) jobs[i].schema.release(&jobs[i].schema);
  free(jobs);
  tpch_text_pool_destroy(pool);
  if (rc != TPCH_OK) {
    print_message("error", NULL, err.message);
    return engine_interrupted ? 130 : 1;
  }
  return 0;
}
