/*
 * wfile.h - the output file of a writer that makes one file (Parquet, ORC)
 * and the life tpch_writer.h gives it: open after create, then closed by a
 * successful close or failed for good by any failure (later calls give
 * TPCH_ESTATE); its bytes go through a tpch_sink, so nothing is under the
 * final name unless close succeeded. Not thread-safe, like the sink.
 */
#ifndef TPCH_WFILE_H
#define TPCH_WFILE_H

#include <stddef.h>
#include <stdint.h>

#include "io/sink.h"
#include "tpch_error.h"

/* A zeroed wfile is NOT_OPEN: calls on it give TPCH_ESTATE ("failed"). */
enum { TPCH_WFILE_NOT_OPEN, TPCH_WFILE_OPEN, TPCH_WFILE_CLOSED, TPCH_WFILE_FAILED };

typedef struct tpch_wfile {
  tpch_sink sink;
  int state;
  const char *what; /* the format, for messages: "Parquet", "ORC" */
  int64_t pos;      /* bytes written so far */
} tpch_wfile;

/*
 * Opens the sink for `path` (replacing an existing file with `overwrite`,
 * else TPCH_EEXIST; no fsync without `fsync`) and writes the `len` bytes of
 * `magic`. `what` must outlive f. On failure f holds nothing (NOT_OPEN).
 */
int tpch_wfile_open(tpch_wfile *f, const char *what, const char *path, int overwrite, int fsync,
                    const void *magic, size_t len, tpch_error *err);

/* TPCH_OK while open; TPCH_ESTATE (closed, or failed earlier) otherwise. */
int tpch_wfile_check(const tpch_wfile *f, tpch_error *err);

/* Appends bytes at pos. A failure is not yet final: the caller fails f. */
int tpch_wfile_write(tpch_wfile *f, const void *data, size_t len, tpch_error *err);

/* Makes the failure `rc` final: removes the temporary file; returns rc. */
int tpch_wfile_fail(tpch_wfile *f, int rc);

/* Commits the file under its final name: CLOSED on success, else FAILED
 * with nothing left behind. Requires an open f. */
int tpch_wfile_commit(tpch_wfile *f, tpch_error *err);

/* For destroy: removes the temporary file of a file still open. */
void tpch_wfile_release(tpch_wfile *f);

#endif /* TPCH_WFILE_H */
