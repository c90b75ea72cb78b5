/* wfile.c - a single-file writer's output file and its state (wfile.h). */
#include "io/wfile.h"

int tpch_wfile_open(tpch_wfile *f, const char *what, const char *path, int overwrite, int fsync,
                    const void *magic, size_t len, tpch_error *err) {
  f->state = TPCH_WFILE_NOT_OPEN;
  f->what = what;
  f->pos = 0;
  int rc = tpch_sink_open(&f->sink, path, tpch_sink_flags(overwrite, fsync), err);
  if (rc != TPCH_OK) return rc;
  f->state = TPCH_WFILE_OPEN;
  rc = tpch_wfile_write(f, magic, len, err);
  if (rc != TPCH_OK) {
    tpch_sink_abort(&f->sink);
    f->state = TPCH_WFILE_NOT_OPEN;
  }
  return rc;
}

int tpch_wfile_check(const tpch_wfile *f, tpch_error *err) {
  if (f->state == TPCH_WFILE_OPEN) return TPCH_OK;
  if (f->state == TPCH_WFILE_CLOSED)
    return tpch_error_set(err, TPCH_ESTATE, "the %s writer is already closed", f->what);
  return tpch_error_set(err, TPCH_ESTATE, "the %s writer failed earlier", f->what);
}

int tpch_wfile_write(tpch_wfile *f, const void *data, size_t len, tpch_error *err) {
  int rc = tpch_sink_write(&f->sink, data, len, err);
  if (rc == TPCH_OK) f->pos += (int64_t)len;
  return rc;
}

int tpch_wfile_fail(tpch_wfile *f, int rc) {
  if (f->state == TPCH_WFILE_OPEN) tpch_sink_abort(&f->sink);
  f->state = TPCH_WFILE_FAILED;
  return rc;
}

int tpch_wfile_commit(tpch_wfile *f, tpch_error *err) {
  int rc = tpch_sink_commit(&f->sink, err);
  /* a failed commit has already removed the temporary file */
  f->state = rc == TPCH_OK ? TPCH_WFILE_CLOSED : TPCH_WFILE_FAILED;
  return rc;
}

void tpch_wfile_release(tpch_wfile *f) {
  if (f->state == TPCH_WFILE_OPEN) tpch_sink_abort(&f->sink);
  f->state = TPCH_WFILE_FAILED;
}
