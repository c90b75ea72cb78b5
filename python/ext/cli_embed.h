/*
 * cli_embed.h - the tpchgen CLI compiled into the Python extension.
 */
#ifndef TPCHGEN_PY_CLI_EMBED_H
#define TPCHGEN_PY_CLI_EMBED_H

#include <stddef.h>

#include "tpch_gen.h"

/* Runs `tpchgen argv[1..]` in this process and returns its exit status
 * (0 ok, 1 failure, 2 bad arguments, 130 interrupted). With err != NULL the
 * messages it would print to stderr are stored there instead (truncated to
 * err_cap). Not reentrant: callers serialise calls. Installs the CLI's
 * SIGINT/SIGTERM handlers; the caller restores its own afterwards. */
int tpchgen_embed_run(int argc, char **argv, char *err, size_t err_cap);

/* Whether the last run stopped because of SIGINT/SIGTERM. */
int tpchgen_embed_interrupted(void);

/* The text pool the way the CLI gets it: loaded from the verified cache
 * file, or built (and cached); compact != 0: the compact pool
 * (tpch_text_pool_build_compact), from its own cache file. */
int tpchgen_embed_pool(tpch_text_pool **pool, int compact, tpch_error *err);

#endif
