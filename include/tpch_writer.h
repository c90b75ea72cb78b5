/*
 * tpch_writer.h - what every writer of the library has in common.
 *
 * Every writer (tpch_parquet_writer, tpch_orc_writer, tpch_lance_writer,
 * tpch_iceberg_writer, tpch_paimon_writer) follows one convention:
 *
 *   tpch_X_writer_options o; tpch_X_writer_options_init(&o);   (all 0: every
 *                     field's 0 is the library default; NULL-safe)
 *   int tpch_X_writer_create(tpch_X_writer **out, const char *path,
 *                            const struct ArrowSchema *schema,
 *                            const tpch_X_writer_options *opts,  (NULL = defaults)
 *                            tpch_error *err);
 *   int tpch_X_writer_write(tpch_X_writer *w, const struct ArrowArray *batch, tpch_error *err);
 *   int tpch_X_writer_write_stream(tpch_X_writer *w, struct ArrowArrayStream *s, tpch_error *err);
 *   int tpch_X_writer_close(tpch_X_writer *w, tpch_error *err);   (publishes / commits)
 *   void tpch_X_writer_destroy(tpch_X_writer *w);                 (NULL-safe; discards
 *                                                                 anything not closed)
 *
 * Status: TPCH_OK (0) or a negative code from tpch_error.h, with the message
 * in `err` when it is not NULL; create leaves *out NULL on failure. Every
 * public name starts with tpch_ (the Lance seed calls lance_writer_* are
 * kept as wrappers). Every format takes the one tpch_write_mode below.
 * Every failure is final: after any call fails, later calls other than
 * destroy return TPCH_ESTATE and close publishes nothing. The caller keeps ownership of every Arrow struct it
 * passes, except a stream given to _write_stream, which the writer consumes
 * and releases. Nothing is retained after a call returns.
 */
#ifndef TPCH_WRITER_H
#define TPCH_WRITER_H

#include "tpch_arrow.h"
#include "tpch_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is the library's public API, exported from
 * libtpchgen.so (which is built with -fvisibility=hidden). */
#pragma GCC visibility push(default)

/* How a writer treats a destination that already exists. */
typedef enum tpch_write_mode {
  TPCH_WRITE_CREATE = 0,   /* fail with TPCH_EEXIST if it exists */
  TPCH_WRITE_APPEND = 1,   /* tables/datasets: add a new version (creates if absent) */
  TPCH_WRITE_OVERWRITE = 2 /* replace: a file atomically, a table by a new version */
} tpch_write_mode;

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCH_WRITER_H */
