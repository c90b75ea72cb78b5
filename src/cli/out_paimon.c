/*
 * out_paimon.c - Paimon output: the rows of a table go to one Parquet data
 * file in TABLE/bucket-0/ (written by the Parquet task functions, with
 * Paimon's field ids), then close commits it as a snapshot, or with parts
 * leaves it pending for `tpchgen commit -f paimon`.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/random.h"
#include "io/sink.h"
#include "out_parquet.h"
#include "outputs.h"
#include "paimon_writer.h"
#include "parts.h"

typedef struct paimon_state {
  parquet_state pq; /* first: the shared Parquet task functions see a parquet_state */
  char name[64];    /* the data file's name inside bucket-0/ */
} paimon_state;

static void free_state(job *j) {
  paimon_state *s = j->state;
  if (s == NULL) return;
  parquet_writer_destroy(s->pq.w); /* removes the temporary file if not closed */
  free(s);
  j->state = NULL;
}

static int paimon_open(job *j, tpch_error *err) {
  const cli_options *c = j->opt;
  char schema0[PATH_MAX + 32], bucket[PATH_MAX + 16];
  struct stat st;
  snprintf(schema0, sizeof schema0, "%s/schema/schema-0", j->path);
  if (!c->parts && !c->overwrite && !c->append && stat(schema0, &st) == 0)
    return tpch_error_set(err, TPCH_EEXIST, "'%s' already exists (use --overwrite to replace it)", j->path);
  snprintf(bucket, sizeof bucket, "%s/bucket-0", j->path);
  int rc = tpch_mkdirs(bucket, err);
  /* nation and region are written whole by part 1: one part of one */
  int nparts = j->table == TPCH_NATION || j->table == TPCH_REGION ? 1 : (int)c->parts;
  if (rc == TPCH_OK && c->parts)
    rc = part_check_write(&paimon_parts, j->path, tpch_table_name(j->table), j->part_index, nparts, c->overwrite,
                          err);
  if (rc != TPCH_OK) return rc;
  paimon_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  j->state = s;
  out_parquet_fill_options(j, &s->pq.opts);
  tpch_paimon_parquet_options((size_t)j->schema.n_children, &s->pq.opts);
  /* Unique names: a new snapshot never rewrites a file an older one reads.
   * The part number leads, so name order is part order. */
  uint32_t r = 0;
  rc = tpch_random_bytes(&r, sizeof r, err);
  if (rc == TPCH_OK) {
    part_file_name(&paimon_parts, j->part_index, nparts, r, s->name, sizeof s->name);
    snprintf(s->pq.file, sizeof s->pq.file, "%s/bucket-0/%s", j->path, s->name);
    rc = parquet_writer_create(&s->pq.w, s->pq.file, &j->schema, &s->pq.opts, err);
  }
  if (rc != TPCH_OK) free_state(j);
  return rc;
}

static void paimon_fill(int fsync, tpch_paimon_writer_options *po) {
  tpch_paimon_writer_options_init(po);
  po->fsync = fsync ? 0 : -1;
}

static void warn_hint(tpch_table t, const tpch_paimon_commit_info *info) {
  if (info->hint_failed)
    fprintf(stderr, "tpchgen: warning: %s: snapshot %lld committed, but its LATEST hint was not updated\n",
            tpch_table_name(t), (long long)info->snapshot_id);
}

static int paimon_close(job *j, tpch_error *err) {
  paimon_state *s = j->state;
  const cli_options *c = j->opt;
  tpch_paimon_data_file f = {s->name, {0}};
  int rc = parquet_writer_close(s->pq.w, err);
  if (rc == TPCH_OK) rc = parquet_writer_file_info(s->pq.w, &f.info, err);
  if (rc == TPCH_OK) {
    atomic_store(&j->bytes, (long long)f.info.file_bytes);
    tpch_paimon_writer_options po;
    paimon_fill(c->fsync, &po);
    if (c->parts) {
      rc = tpch_paimon_pending_write(j->path, &f, &po, err);
    } else {
      po.mode = c->append ? TPCH_WRITE_APPEND : c->overwrite ? TPCH_WRITE_OVERWRITE : TPCH_WRITE_CREATE;
      tpch_paimon_commit_info info;
      rc = tpch_paimon_commit(j->path, &j->schema, &f, 1, &po, &info, err);
      if (rc == TPCH_OK) warn_hint(j->table, &info);
    }
    if (rc != TPCH_OK) unlink(s->pq.file); /* committed by nobody */
  }
  free_state(j);
  return rc;
}

static void paimon_abort(job *j) {
  free_state(j);
}

const output_ops paimon_output_ops = {
    .open = paimon_open,
    .task_rows = out_parquet_task_rows,
    .begin = out_parquet_begin,
    .add_batch = out_parquet_add_batch,
    .end = out_parquet_end,
    .deliver = out_parquet_deliver,
    .free_result = out_parquet_free_result,
    .close = paimon_close,
    .abort = paimon_abort,
    .worker_done = out_parquet_worker_done,
    .worker_slot = FMT_PARQUET, /* the same row-group encoders as Parquet output */
};

int paimon_commit_parts(const char *table_dir, tpch_table t, int overwrite, int fsync, int64_t *rows,
                        tpch_error *err) {
  struct ArrowSchema schema;
  int rc = tpch_table_schema(t, &schema, err);
  if (rc != TPCH_OK) return rc;
  tpch_paimon_writer_options po;
  paimon_fill(fsync, &po);
  po.mode = overwrite ? TPCH_WRITE_OVERWRITE : TPCH_WRITE_APPEND;
  tpch_paimon_commit_info info;
  rc = tpch_paimon_commit_pending(table_dir, &schema, &po, &info, err);
  if (rc == TPCH_OK) {
    *rows = info.added_records;
    warn_hint(t, &info);
  }
  schema.release(&schema);
  return rc;
}
