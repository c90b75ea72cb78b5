/*
 * cli_shared.c - what `tpchgen` (main.c) and its subcommands (refresh.c,
 * queries.c) share: the signal handler, the cached text pool and the summary
 * table, the formats' output_ops. Kept apart from main.c so no two CLI files depend on each other.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/sink.h"
#include "options.h"
#include "outputs.h"
#include "subcommands.h"

/* The SIGINT/SIGTERM/SIGHUP handler of every command. */
void on_signal(int sig) {
  (void)sig;
  engine_interrupted = 1; /* volatile sig_atomic_t: the only thing a handler may set */
}

void catch_signals(void) {
  tpch_set_cancel_flag(&engine_interrupted);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
}

const output_ops *output_ops_for(out_format f) {
  switch (f) {
  case FMT_TBL:
  case FMT_CSV: return &text_output_ops;
  case FMT_PARQUET: return &parquet_output_ops;
  case FMT_LANCE: return &lance_output_ops;
  case FMT_ICEBERG: return &iceberg_output_ops;
  case FMT_PAIMON: return &paimon_output_ops;
  case FMT_ORC: return &orc_output_ops;
  default: return NULL;
  }
}

_Thread_local void (*print_message_hook)(const char *line);

void print_message(const char *kind, const char *table, const char *msg) {
  /* The whole line is built first, so it reaches stderr (or the hook) at once. */
  char line[64 + 4 * TPCH_ERROR_MESSAGE_SIZE + 256];
  size_t n = 0, cap = sizeof line - 2; /* room for the newline and the NUL */
  int w = snprintf(line, sizeof line, "tpchgen: %s: %s%s", kind, table ? table : "", table ? ": " : "");
  n = w < 0 ? 0 : (size_t)w < cap ? (size_t)w : cap;
  for (const unsigned char *p = (const unsigned char *)msg; *p && n + 4 <= cap; p++) {
    if (*p == '\n')
      n += (size_t)snprintf(line + n, 3, "\\n");
    else if (*p == '\r')
      n += (size_t)snprintf(line + n, 3, "\\r");
    else if (*p < 0x20 || *p == 0x7f)
      n += (size_t)snprintf(line + n, 5, "\\x%02x", *p);
    else
      line[n++] = (char)*p;
  }
  line[n++] = '\n';
  line[n] = '\0';
  if (print_message_hook)
    print_message_hook(line);
  else
    fputs(line, stderr);
}

static void human_bytes(char *buf, size_t cap, double v) {
  const char *u[] = {"B", "KB", "MB", "GB", "TB"};
  int i = 0;
  while (v >= 1000 && i < 4) {
    v /= 1000;
    i++;
  }
  snprintf(buf, cap, i ? "%.2f %s" : "%.0f %s", v, u[i]);
}

void print_summary(FILE *f, job *jobs, int njobs, double seconds) {
  long long rows = 0, bytes = 0;
  fprintf(f, "%-10s %-8s %12s %12s %9s\n", "table", "format", "rows", "bytes", "seconds");
  for (int i = 0; i < njobs; i++) {
    job *j = &jobs[i];
    char b[32];
    human_bytes(b, sizeof b, (double)atomic_load(&j->bytes));
    fprintf(f, "%-10s %-8s %12lld %12s %9.2f\n", job_table_name(j), format_name(j->format),
            (long long)atomic_load(&j->rows), b, j->t_end - j->t_start);
    rows += atomic_load(&j->rows);
    bytes += atomic_load(&j->bytes);
  }
  char b[32], rate[32];
  human_bytes(b, sizeof b, (double)bytes);
  human_bytes(rate, sizeof rate, seconds > 0 ? (double)bytes / seconds : 0);
  fprintf(f, "%-10s %-8s %12lld %12s %9.2f  (%.2f M rows/s, %s/s)\n", "total", "", rows, b, seconds,
          seconds > 0 ? (double)rows / seconds / 1e6 : 0, rate);
}

/* The text pool cache file `file` ("/name"), or "" when there is no place for one. */
static void cache_path(char *out, size_t cap, char *dir, size_t dcap, const char *file) {
  const char *env = getenv("TPCHGEN_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (env && *env)
    snprintf(dir, dcap, "%s", env);
  else if (xdg && *xdg)
    snprintf(dir, dcap, "%s/tpchgen-c", xdg);
  else if (home && *home)
    snprintf(dir, dcap, "%s/.cache/tpchgen-c", home);
  else
    dir[0] = '\0';
  out[0] = '\0';
  size_t n = strlen(dir), f = strlen(file) + 1;
  if (n > 0 && n + f <= cap) {
    memcpy(out, dir, n);
    memcpy(out + n, file, f); /* with its NUL */
  }
}

/* Loads the text pool from the cache, or builds it (and fills the cache).
 * A cache that cannot be read or written only costs the 0.4 s build. */
static int cached_pool(const cli_options *o, int compact, tpch_text_pool **pool, tpch_error *err) {
  char path[PATH_MAX], dir[PATH_MAX];
  cache_path(path, sizeof path, dir, sizeof dir, compact ? "/text-pool-compact-v1.bin" : "/text-pool-v2.bin");
  int use = o->cache && path[0];
  tpch_error cerr;
  if (use && tpch_text_pool_load(pool, path, &cerr) == TPCH_OK) return TPCH_OK;
  if (use && o->verbose && cerr.code != TPCH_EIO)
    fprintf(stderr, "tpchgen: rebuilding the text pool: %s\n", cerr.message);
  int rc = compact ? tpch_text_pool_build_compact(pool, TPCH_TEXT_POOL_SIZE, err)
                   : tpch_text_pool_build(pool, TPCH_TEXT_POOL_SIZE, err);
  if (rc == TPCH_OK && use &&
      (tpch_mkdirs(dir, &cerr) != TPCH_OK || tpch_text_pool_save(*pool, path, &cerr) != TPCH_OK) &&
      o->verbose)
    fprintf(stderr, "tpchgen: not caching the text pool: %s\n", cerr.message);
  return rc;
}

int get_pool(const cli_options *o, tpch_text_pool **pool, tpch_error *err) {
  return cached_pool(o, 0, pool, err);
}

int get_compact_pool(const cli_options *o, tpch_text_pool **pool, tpch_error *err) {
  return cached_pool(o, 1, pool, err);
}
