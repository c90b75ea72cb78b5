/*
 * cli_embed.c - the tpchgen CLI inside the Python extension.
 *
 * The CLI's main.c and options.c are compiled here, unchanged, so that
 * tpchgen_c.write() and the `tpchgen` console script run exactly the code
 * build/tpchgen runs (same planning, same engine, same bytes). Two things
 * differ from the executable: main() is renamed, and what those two files
 * print to stderr can be captured instead (for the Python exception).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli_embed.h"

/* While capturing, stderr output of main.c/options.c lands here. */
static _Thread_local char *capture_buf;
static _Thread_local size_t capture_cap, capture_len;

static int embed_vfprintf(FILE *f, const char *fmt, va_list ap) {
  if (f != stderr || capture_buf == NULL) return vfprintf(f, fmt, ap);
  size_t room = capture_cap - capture_len;
  int n = vsnprintf(capture_buf + capture_len, room, fmt, ap);
  if (n > 0) capture_len += (size_t)n < room ? (size_t)n : room - 1;
  return n;
}

static int embed_fprintf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = embed_vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

static void embed_message(const char *line) {
  embed_fprintf(stderr, "%s", line);
}

#define fprintf embed_fprintf
#define main tpchgen_embedded_main
#include "cli/main.c"
#undef main
#define usage options_usage
#include "cli/options.c"
#undef usage
#undef fprintf

int tpchgen_embed_run(int argc, char **argv, char *err, size_t err_cap) {
  engine_interrupted = 0;
  optind = 0; /* glibc: re-initialise getopt for a new argument vector */
  if (err && err_cap) {
    err[0] = '\0';
    capture_buf = err;
    capture_cap = err_cap;
    capture_len = 0;
    print_message_hook = embed_message; /* cli_shared.c's error lines */
  }
  int rc = tpchgen_embedded_main(argc, argv);
  fflush(stdout);
  capture_buf = NULL;
  print_message_hook = NULL;
  return rc;
}

int tpchgen_embed_interrupted(void) {
  return engine_interrupted != 0;
}

int tpchgen_embed_pool(tpch_text_pool **pool, int compact, tpch_error *err) {
  cli_options o;
  memset(&o, 0, sizeof o);
  o.cache = 1;
  return compact ? get_compact_pool(&o, pool, err) : get_pool(&o, pool, err);
}
