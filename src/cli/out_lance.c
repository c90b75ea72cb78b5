/*
 * out_lance.c - Lance output: each task writes one data file (a fragment) on
 * its worker, streaming pages as they fill; the fragments are collected in
 * task order and committed as one new dataset version at the end.
 *
 * Parts (--parts N --part K) written by separate processes commit into one
 * dataset: part K owns the fragment ids [(K-1) * S, K * S) with S =
 * 2^32 / N, and its task t gets id (K-1) * S + t. So parts scan in dbgen
 * row order whatever order they commit in, and a part's identity does not
 * depend on how many rows its files hold (--lance-rows-per-file): a re-run
 * finds and replaces all of its earlier fragments. The dataset records N
 * and refuses parts of another N.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lance_writer.h"
#include "outputs.h"

/* Bytes per column page before it is written out: small enough that a
 * worker's open file stays a few MB per column, large enough for readers. */
#define CLI_LANCE_PAGE_BYTES (1 << 20)

typedef struct lance_state {
  tpch_lance_writer_options opts;
  tpch_lance_fragment *frags; /* delivered so far, in task order */
  int64_t nfrags;
  int created; /* the dataset directory did not exist before this run */
} lance_state;

typedef struct lance_result {
  tpch_lance_fragment frag;
} lance_result;

static int64_t lance_task_rows(const job *j) {
  return j->opt->lance_rows_per_file;
}

/* Fragment ids each part owns (see the top of the file). */
static int64_t part_id_stride(const cli_options *c) {
  return (int64_t)(((uint64_t)UINT32_MAX + 1) / (uint64_t)c->parts);
}

static int64_t part_first_id(const job *j) {
  return j->part_index > 0 ? (j->part_index - 1) * part_id_stride(j->opt) : 0;
}

static int lance_open(job *j, tpch_error *err) {
  const cli_options *c = j->opt;
  /* Without parts, an existing dataset is an output we must not clobber. */
  if (!c->parts && !c->overwrite && !c->append) {
    uint64_t version = 0;
    int rc = tpch_lance_dataset_latest_version(j->path, &version, err);
    if (rc != TPCH_OK) return rc;
    if (version > 0)
      return tpch_error_set(err, TPCH_EEXIST, "'%s' already exists (use --overwrite to replace it)", j->path);
  }
  if (c->parts && j->ntasks > part_id_stride(c))
    return tpch_error_set(err, TPCH_EINVAL,
                          "part %lld of %s needs %lld data files, more than the %lld fragment ids of a part; "
                          "raise --lance-rows-per-file",
                          (long long)c->part, job_table_name(j), (long long)j->ntasks,
                          (long long)part_id_stride(c));
  if (c->append) { /* what the commit would refuse is refused before generating */
    tpch_lance_writer_options o;
    tpch_lance_writer_options_init(&o);
    o.mode = TPCH_WRITE_APPEND;
    o.file_version = c->lance_version;
    o.no_fsync = !c->fsync;
    tpch_lance_writer *w = NULL;
    int rc = tpch_lance_writer_create(&w, j->path, &j->schema, &o, err);
    if (rc != TPCH_OK) return rc;
    tpch_lance_writer_destroy(w); /* it wrote nothing */
  }
  lance_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  s->frags = calloc((size_t)(j->ntasks ? j->ntasks : 1), sizeof *s->frags);
  if (s->frags == NULL) {
    free(s);
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  struct stat st;
  s->created = stat(j->path, &st) != 0;
  tpch_lance_writer_options_init(&s->opts);
  s->opts.max_rows_per_file = TPCH_LANCE_MAX_ROWS_PER_FILE; /* the engine decides where files end */
  s->opts.page_bytes = CLI_LANCE_PAGE_BYTES;
  s->opts.no_fsync = !c->fsync;
  s->opts.file_version = c->lance_version;
  /* options.c refused the codecs Lance does not have */
  s->opts.compression = c->compression == COMP_LZ4    ? TPCH_LANCE_COMPRESSION_LZ4
                        : c->compression == COMP_NONE ? TPCH_LANCE_COMPRESSION_NONE
                                                      : TPCH_LANCE_COMPRESSION_ZSTD;
  s->opts.compression_level = c->compression_level;
  /* appends and parts get the existing dataset's file version */
  s->opts.mode = (c->append || c->parts) ? TPCH_WRITE_APPEND : TPCH_WRITE_CREATE;
  j->state = s;
  return TPCH_OK;
}

typedef struct lance_task {
  tpch_lance_file_writer *f;
  int64_t t;
} lance_task;

static int lance_begin(job *j, void **slot, int64_t t, void **task, tpch_error *err) {
  (void)slot;
  lance_state *s = j->state;
  lance_task *lt = calloc(1, sizeof *lt);
  if (lt == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  lt->t = t;
  int rc = tpch_lance_file_writer_create(&lt->f, j->path, &j->schema, &s->opts, err);
  if (rc != TPCH_OK) {
    free(lt);
    return rc;
  }
  *task = lt;
  return TPCH_OK;
}

static int lance_add_batch(job *j, void *task, const struct ArrowArray *batch, tpch_error *err) {
  (void)j;
  return tpch_lance_file_writer_write(((lance_task *)task)->f, batch, err);
}

static int lance_end(job *j, void **slot, void *task, int ok, void **result, tpch_error *err) {
  (void)slot;
  lance_task *lt = task;
  int rc = TPCH_OK;
  lance_result *r = ok ? calloc(1, sizeof *r) : NULL;
  if (ok && r == NULL) {
    tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    rc = TPCH_ENOMEM;
  } else if (r != NULL) {
    rc = tpch_lance_file_writer_finish(lt->f, &r->frag, err);
  }
  tpch_lance_file_writer_destroy(lt->f); /* removes the file unless it was finished */
  if (r != NULL && rc == TPCH_OK) {
    r->frag.id = part_first_id(j) + lt->t;
    *result = r;
  } else {
    free(r);
  }
  free(lt);
  return rc;
}

/* After a failure: the directories of a dataset this run started and never
 * committed (rmdir removes only empty ones, so nothing another writer put
 * there meanwhile goes). */
static void remove_new_shell(const job *j, const lance_state *s) {
  static const char *const subs[] = {"data", "_versions", "_transactions"};
  if (!s->created) return;
  for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
    char p[PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/%s", j->path, subs[i]);
    rmdir(p);
  }
  rmdir(j->path);
}

static void remove_data_file(const job *j, const tpch_lance_fragment *f) {
  char p[PATH_MAX + 160];
  snprintf(p, sizeof p, "%s/data/%s", j->path, f->path);
  unlink(p);
}

/* A finished data file that will never be committed is garbage: remove it. */
static void lance_free_result(job *j, void *r) {
  remove_data_file(j, &((lance_result *)r)->frag);
  tpch_lance_fragment_clear(&((lance_result *)r)->frag);
  free(r);
}

static int lance_deliver(job *j, void *result, tpch_error *err) {
  (void)err;
  lance_state *s = j->state;
  lance_result *r = result;
  if (r->frag.rows == 0) { /* a task without rows (a TPC-DS returns table's few tickets): no fragment */
    lance_free_result(j, r);
    return TPCH_OK;
  }
  s->frags[s->nfrags++] = r->frag; /* the path moves with it */
  atomic_fetch_add(&j->bytes, (long long)r->frag.file_bytes);
  free(r);
  return TPCH_OK;
}

static int lance_close(job *j, tpch_error *err) {
  lance_state *s = j->state;
  const cli_options *c = j->opt;
  int rc = TPCH_OK;
  if (s->nfrags > 0 || !c->parts) {
    tpch_lance_commit_options co;
    tpch_lance_commit_options_init(&co);
    co.no_fsync = !c->fsync;
    if (c->parts) {
      co.mode = TPCH_WRITE_APPEND; /* every part adds its own fragments */
      co.replace_same_ids = c->overwrite;
      co.part_count = j->opt->parts;
      co.part_id_lo = part_first_id(j);
      co.part_id_hi = co.part_id_lo + part_id_stride(c);
    } else if (c->append) {
      co.mode = TPCH_WRITE_APPEND; /* new fragments after the existing ones */
      for (int64_t i = 0; i < s->nfrags; i++)
        s->frags[i].id = -1;
    } else {
      co.mode = c->overwrite ? TPCH_WRITE_OVERWRITE : TPCH_WRITE_CREATE;
    }
    rc = tpch_lance_dataset_commit(j->path, &j->schema, s->frags, (size_t)s->nfrags, &co, NULL, err);
    if (rc == TPCH_EEXIST && c->parts)
      tpch_error_set(err, rc, "part %lld of %s is already in '%s' (use --overwrite to replace it)",
                     (long long)c->part, job_table_name(j), j->path);
    if (rc == TPCH_ECOMMITTED) { /* the new version holds the files: keep them */
      snprintf(j->warning, sizeof j->warning, "%s", err->message);
      rc = TPCH_OK;
    }
    if (rc != TPCH_OK) {
      for (int64_t i = 0; i < s->nfrags; i++)
        remove_data_file(j, &s->frags[i]);
      remove_new_shell(j, s);
    }
  }
  for (int64_t i = 0; i < s->nfrags; i++)
    tpch_lance_fragment_clear(&s->frags[i]);
  free(s->frags);
  free(s);
  j->state = NULL;
  return rc;
}

static void lance_abort(job *j) {
  lance_state *s = j->state;
  if (s == NULL) return;
  for (int64_t i = 0; i < s->nfrags; i++) {
    remove_data_file(j, &s->frags[i]);
    tpch_lance_fragment_clear(&s->frags[i]);
  }
  remove_new_shell(j, s);
  free(s->frags);
  free(s);
  j->state = NULL;
}

const output_ops lance_output_ops = {
    .open = lance_open,
    .task_rows = lance_task_rows,
    .begin = lance_begin,
    .add_batch = lance_add_batch,
    .end = lance_end,
    .deliver = lance_deliver,
    .free_result = lance_free_result,
    .close = lance_close,
    .abort = lance_abort,
    .worker_done = NULL,
    .worker_slot = FMT_LANCE,
};
