/*
 * retry.h - the one commit-retry policy of the library.
 *
 * Lance, Iceberg and Paimon commit a new version by linking a file under a
 * name another writer may take first (TPCH_ECONFLICT). They all retry the
 * same way: re-read the table and try again, after a short random wait that
 * grows with the number of lost races (up to 20 ms), so busy committers stop
 * colliding in lockstep; they give up with TPCH_ECONFLICT after
 * TPCH_COMMIT_MAX_RETRIES retries unless the caller asks for another bound.
 */
#ifndef TPCH_IO_RETRY_H
#define TPCH_IO_RETRY_H

#include "tpch_error.h"

/* Retries after a lost race when the caller sets no bound (0). */
#define TPCH_COMMIT_MAX_RETRIES 1000

/*
 * One attempt of a commit. `attempt` counts from 0; attempts after the
 * first start by re-reading what the previous one lost to. Returns
 * TPCH_ECONFLICT for a lost race (retried) or any other final status.
 */
typedef int (*tpch_commit_attempt_fn)(void *ctx, int attempt);

/*
 * Runs `attempt` until it returns something other than TPCH_ECONFLICT, at
 * most 1 + max_retries times (max_retries 0 = TPCH_COMMIT_MAX_RETRIES,
 * negative = no retry), waiting between tries as described above. After
 * the last lost race the result is TPCH_ECONFLICT with `what` (e.g. the
 * table path) and the number of races in `err`.
 */
int tpch_commit_retry(tpch_commit_attempt_fn attempt, void *ctx, int max_retries, const char *what,
                      tpch_error *err);

#endif /* TPCH_IO_RETRY_H */
