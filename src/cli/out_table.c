/*
 * out_table.c - the output adapter Iceberg and Paimon share (out_table.h):
 * one Parquet data file per job in the table's data directory, then a
 * commit, or a pending record for `tpchgen commit`.
 */
#include "out_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/random.h"
#include "io/sink.h"

typedef struct table_state {
  parquet_state pq; /* first: the shared Parquet task functions see a parquet_state */
  const table_format *f;
  void *ctx;     /* the format's per-job data (prepare/release) */
  char name[64]; /* the data file's name inside the data directory */
  int created;   /* the table directory did not exist before this run */
} table_state;

/* After a failure: the directories of a table this run started and never
 * committed (rmdir removes only empty ones, so nothing another writer put
 * there meanwhile goes). */
static void remove_new_shell(const table_format *f, const job *j, int created) {
  const char *subs[] = {f->parts->data_dir, "metadata", "manifest", "snapshot", "schema"};
  if (!created) return;
  for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
    char p[PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/%s", j->path, subs[i]);
    rmdir(p);
  }
  rmdir(j->path);
}

static void free_state(job *j) {
  table_state *s = j->state;
  if (s == NULL) return;
  tpch_parquet_writer_destroy(s->pq.w); /* removes the temporary file if not closed */
  if (s->f->release) s->f->release(s->ctx);
  free(s);
  j->state = NULL;
}

/* nation and region (and TPC-DS's small tables) are written whole by part 1: one part of one */
static int parts_of(const job *j) {
  return job_whole_table(j) ? 1 : (int)j->opt->parts;
}

int out_table_open(const table_format *f, job *j, tpch_error *err) {
  const cli_options *c = j->opt;
  int rc = TPCH_OK;
  /* what the commit would refuse is refused before generating (parts:
   * part_check_write below; their commit is `tpchgen commit`'s) */
  if (!c->parts && (rc = f->check_write(j->path, &j->schema, cli_write_mode(c), err)) != TPCH_OK)
    return rc == TPCH_EEXIST && cli_write_mode(c) == TPCH_WRITE_CREATE
               ? tpch_error_set(err, rc, "'%s' already exists (use --overwrite to replace it)", j->path)
               : rc;
  char dir[PATH_MAX];
  if (snprintf(dir, sizeof dir, "%s/%s", j->path, f->parts->data_dir) >= (int)sizeof dir)
    return tpch_error_set(err, TPCH_EINVAL, "path too long under '%s'", j->path);
  struct stat st;
  int created = stat(j->path, &st) != 0;
  rc = tpch_mkdirs(dir, err);
  int nparts = parts_of(j);
  if (rc == TPCH_OK && c->parts)
    rc = part_check_write(f->parts, j->path, job_table_name(j), j->part_index, nparts, c->overwrite, err);
  table_state *s = rc == TPCH_OK ? calloc(1, sizeof *s) : NULL;
  if (s == NULL) {
    remove_new_shell(f, j, created);
    return rc != TPCH_OK ? rc : tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  s->f = f;
  s->created = created;
  j->state = s;
  out_parquet_fill_options(j, &s->pq.opts);
  rc = f->prepare(j, &s->pq.opts, &s->ctx, err);
  /* Unique names: a new version never rewrites a file an older one reads.
   * The part number leads, so name order is part order. */
  uint32_t r = 0;
  if (rc == TPCH_OK) rc = tpch_random_bytes(&r, sizeof r, err);
  if (rc == TPCH_OK) {
    part_file_name(f->parts, j->part_index, nparts, r, s->name, sizeof s->name);
    snprintf(s->pq.file, sizeof s->pq.file, "%s/%s", dir, s->name);
    rc = tpch_parquet_writer_create(&s->pq.w, s->pq.file, &j->schema, &s->pq.opts, err);
  }
  if (rc != TPCH_OK) {
    free_state(j);
    remove_new_shell(f, j, created);
  }
  return rc;
}

int out_table_close(job *j, tpch_error *err) {
  table_state *s = j->state;
  tpch_parquet_file_info info;
  int rc = tpch_parquet_writer_close(s->pq.w, err);
  if (rc == TPCH_OK) rc = tpch_parquet_writer_file_info(s->pq.w, &info, err);
  if (rc == TPCH_OK) {
    atomic_store(&j->bytes, (long long)info.file_bytes);
    rc = j->opt->parts ? s->f->pending(j, s->name, &info, err)
                       : s->f->commit(j, s->name, &info, cli_write_mode(j->opt), err);
    if (rc == TPCH_ECOMMITTED) { /* the new version holds the file: keep it */
      snprintf(j->warning, sizeof j->warning, "%s", err->message);
      rc = TPCH_OK;
    }
    if (rc != TPCH_OK) unlink(s->pq.file); /* committed by nobody */
  }
  const table_format *f = s->f;
  int created = s->created;
  free_state(j);
  if (rc != TPCH_OK) remove_new_shell(f, j, created);
  return rc;
}

void out_table_abort(job *j) {
  table_state *s = j->state;
  if (s == NULL) return;
  const table_format *f = s->f;
  int created = s->created;
  free_state(j);
  remove_new_shell(f, j, created);
}

int out_table_commit_parts(const table_format *f, const char *table_dir, const struct ArrowSchema *schema,
                           int overwrite, int partial, int fsync, int64_t *rows, tpch_error *err) {
  int rc = part_check_commit(f->parts, table_dir, overwrite, partial, err);
  if (rc != TPCH_OK) return rc;
  return f->commit_pending(table_dir, schema, overwrite ? TPCH_WRITE_OVERWRITE : TPCH_WRITE_APPEND, fsync,
                           rows, err);
}
