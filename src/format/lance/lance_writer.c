/*
 * lance_writer.c - the tpch_lance_writer: batches in, data files rolling over at
 * max_rows_per_file, one committed version at close.
 */
#include "lance_writer.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arrow/arrow_stream.h"
#include "lance_file.h"
#include "lance_manifest.h"
#include "lance_schema.h"

enum { WRITER_OPEN = 0, WRITER_CLOSED, WRITER_FAILED };

struct tpch_lance_writer {
  char *uri;
  lance_schema schema;
  tpch_lance_writer_options opts;
  tpch_lance_file_writer *cur; /* the data file being written, NULL between files */
  tpch_lance_fragment *frags;  /* finished data files, in write order */
  size_t n_frags, cap_frags;
  int state;
  uint64_t version;
  tpch_error err;
};

/* Checks up front what the commit would refuse, so a caller learns about an
 * existing dataset or a schema mismatch before writing any data. */
static int preflight(const char *uri, const lance_schema *s, tpch_lance_writer_options *o, tpch_error *err) {
  uint64_t latest;
  int scheme, minor;
  /* settle the file version once, so the data files need not look again */
  int rc = lance_options_file_minor(uri, o, &minor, err);
  if (rc != TPCH_OK) return rc;
  o->file_version = minor ? "2.1" : "2.0";
  rc = lance_dataset_latest(uri, &latest, &scheme, err);
  if (rc != TPCH_OK || latest == 0) return rc;
  if (o->mode == TPCH_WRITE_CREATE)
    return tpch_error_set(err, TPCH_EEXIST, "a Lance dataset already exists at '%s'", uri);
  if (o->mode != TPCH_WRITE_APPEND) return TPCH_OK;
  lance_manifest m;
  rc = lance_manifest_load(&m, uri, latest, scheme, err);
  if (rc != TPCH_OK) return rc;
  rc = lance_manifest_check_appendable(&m, o->file_version, err);
  if (rc == TPCH_OK) rc = lance_manifest_check_schema(&m, s, err);
  lance_manifest_free(&m);
  return rc;
}

int tpch_lance_writer_create(tpch_lance_writer **out, const char *uri, const struct ArrowSchema *schema,
                             const tpch_lance_writer_options *opts, tpch_error *err) {
  tpch_error_clear(err);
  if (out == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL writer pointer");
  *out = NULL;
  if (uri == NULL || uri[0] == '\0') return tpch_error_set(err, TPCH_EINVAL, "empty dataset path");
  tpch_lance_writer *w = calloc(1, sizeof *w);
  if (w == NULL || (w->uri = strdup(uri)) == NULL) {
    free(w);
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  int rc = lance_options_resolve(opts, &w->opts, err);
  if (rc == TPCH_OK) rc = lance_schema_from_arrow(&w->schema, schema, err);
  if (rc == TPCH_OK) rc = preflight(uri, &w->schema, &w->opts, err);
  if (rc != TPCH_OK) {
    tpch_lance_writer_destroy(w);
    return rc;
  }
  *out = w;
  return TPCH_OK;
}

LanceWriter *lance_writer_create(const char *uri, const void *arrow_schema) {
  tpch_lance_writer *w = NULL;
  (void)tpch_lance_writer_create(&w, uri, (const struct ArrowSchema *)arrow_schema, NULL, NULL);
  return w;
}

/* Every failure is final: the writer's files may be half written, so it
 * only accepts destroy afterwards. */
static int failed(tpch_lance_writer *w, int rc) {
  w->state = WRITER_FAILED;
  return rc;
}

static int state_error(tpch_lance_writer *w) {
  if (w->state == WRITER_CLOSED)
    return tpch_error_set(&w->err, TPCH_ESTATE, "the Lance writer is already closed");
  char prev[TPCH_ERROR_MESSAGE_SIZE];
  snprintf(prev, sizeof prev, "%s", w->err.message);
  return tpch_error_set(&w->err, TPCH_ESTATE, "the Lance writer failed earlier: %.400s", prev);
}

/* The writer keeps its last error (for lance_writer_last_error); the
 * tpch_ calls also copy it to the caller's. */
static int report(const tpch_lance_writer *w, int rc, tpch_error *err) {
  if (rc != TPCH_OK && err != NULL) *err = w->err;
  return rc;
}
/* Finishes the open data file and records it as a fragment. */
static int finish_file(tpch_lance_writer *w) {
  if (w->n_frags == w->cap_frags) {
    size_t cap = w->cap_frags ? 2 * w->cap_frags : 16;
    tpch_lance_fragment *p = realloc(w->frags, cap * sizeof *p);
    if (p == NULL) return tpch_error_set(&w->err, TPCH_ENOMEM, "out of memory");
    w->frags = p;
    w->cap_frags = cap;
  }
  int rc = tpch_lance_file_writer_finish(w->cur, &w->frags[w->n_frags], &w->err);
  if (rc != TPCH_OK) return rc;
  w->n_frags++;
  tpch_lance_file_writer_destroy(w->cur);
  w->cur = NULL;
  return TPCH_OK;
}

/* Writes rows, starting a data file when none is open and finishing it when
 * it reaches max_rows_per_file. */
static int write_rows(tpch_lance_writer *w, const struct ArrowArray *batch) {
  for (int64_t done = 0; done < batch->length;) {
    if (w->cur == NULL) {
      int rc = tpch_lance_file_writer_create(&w->cur, w->uri, &w->schema.arrow, &w->opts, &w->err);
      if (rc != TPCH_OK) return rc;
    }
    int64_t room = w->opts.max_rows_per_file - tpch_lance_file_writer_rows(w->cur);
    int64_t k = batch->length - done < room ? batch->length - done : room;
    int rc = lance_file_write_rows(w->cur, batch, done, k, &w->err);
    if (rc == TPCH_OK && tpch_lance_file_writer_rows(w->cur) >= w->opts.max_rows_per_file)
      rc = finish_file(w);
    if (rc != TPCH_OK) return rc;
    done += k;
  }
  return TPCH_OK;
}

/* Writes one batch, checked against the writer's schema (and against
 * `schema` first when not NULL). */
static int write_batch(tpch_lance_writer *w, const struct ArrowArray *batch,
                       const struct ArrowSchema *schema) {
  if (w->state != WRITER_OPEN) return state_error(w);
  int rc = schema ? lance_schema_match_arrow(&w->schema, schema, &w->err) : TPCH_OK;
  if (rc == TPCH_OK) rc = tpch_arrow_check_batch(&w->schema.arrow, batch, &w->err);
  if (rc == TPCH_OK) rc = write_rows(w, batch);
  return rc == TPCH_OK ? TPCH_OK : failed(w, rc);
}

int tpch_lance_writer_write(tpch_lance_writer *w, const struct ArrowArray *batch, tpch_error *err) {
  if (w == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL Lance writer");
  return report(w, write_batch(w, batch, NULL), err);
}

int lance_writer_write_batch(LanceWriter *w, const void *arrow_array, const void *arrow_schema) {
  if (w == NULL) return TPCH_EINVAL;
  return write_batch(w, arrow_array, arrow_schema);
}

static int write_one(void *w, const struct ArrowArray *batch, tpch_error *err) {
  (void)err; /* the writer keeps its own */
  return write_batch(w, batch, NULL);
}

int tpch_lance_writer_write_stream(tpch_lance_writer *w, struct ArrowArrayStream *stream, tpch_error *err) {
  if (w == NULL || w->state != WRITER_OPEN) {
    if (stream && stream->release) stream->release(stream);
    if (w == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL Lance writer");
    return report(w, state_error(w), err);
  }
  int rc = tpch_arrow_stream_consume(stream, &w->schema.arrow, write_one, w, &w->err);
  if (rc != TPCH_OK) failed(w, rc);
  return report(w, rc, err);
}

static int close_writer(tpch_lance_writer *w) {
  if (w->state != WRITER_OPEN) return state_error(w);
  int rc = TPCH_OK;
  if (w->cur != NULL && tpch_lance_file_writer_rows(w->cur) > 0) {
    rc = finish_file(w);
  } else {
    tpch_lance_file_writer_destroy(w->cur);
    w->cur = NULL;
  }
  tpch_lance_commit_options co;
  tpch_lance_commit_options_init(&co);
  co.mode = w->opts.mode;
  co.no_fsync = w->opts.no_fsync;
  if (rc == TPCH_OK)
    rc = lance_commit_schema(w->uri, &w->schema, w->frags, w->n_frags, &co, &w->version, &w->err);
  if (rc == TPCH_ECOMMITTED) { /* the version is in place: keep its files */
    w->state = WRITER_CLOSED;
    return rc;
  }
  if (rc != TPCH_OK) return failed(w, rc);
  w->state = WRITER_CLOSED;
  return TPCH_OK;
}

int tpch_lance_writer_close(tpch_lance_writer *w, tpch_error *err) {
  if (w == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL Lance writer");
  return report(w, close_writer(w), err);
}

int lance_writer_close(LanceWriter *w) {
  return w ? close_writer(w) : TPCH_EINVAL;
}

void lance_writer_destroy(LanceWriter *w) {
  tpch_lance_writer_destroy(w);
}

void tpch_lance_writer_destroy(tpch_lance_writer *w) {
  if (w == NULL) return;
  tpch_lance_file_writer_destroy(w->cur);
  for (size_t i = 0; w->state != WRITER_CLOSED && i < w->n_frags; i++) {
    char path[PATH_MAX]; /* never committed: nothing references it */
    int n = snprintf(path, sizeof path, "%s/data/%s", w->uri, w->frags[i].path);
    if (n > 0 && (size_t)n < sizeof path) unlink(path);
  }
  for (size_t i = 0; i < w->n_frags; i++)
    tpch_lance_fragment_clear(&w->frags[i]);
  lance_schema_free(&w->schema);
  free(w->frags);
  free(w->uri);
  free(w);
}

const char *lance_writer_last_error(const LanceWriter *w) {
  return w ? w->err.message : "NULL Lance writer";
}

uint64_t tpch_lance_writer_version(const tpch_lance_writer *w) {
  return w ? w->version : 0;
}
