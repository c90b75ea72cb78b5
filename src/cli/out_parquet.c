/*
 * out_parquet.c - Parquet output, as plain files or as Iceberg data files.
 * Each task is one row group, encoded on a worker by its own row-group
 * encoder; finished row groups are appended to the file in task order, so
 * the bytes do not depend on -j. Iceberg adds field ids to the Parquet
 * schema and, at the end, commits the file as a snapshot (or, with parts,
 * leaves a pending sidecar for `tpchgen commit`).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iceberg_writer.h"
#include "io/random.h"
#include "io/sink.h"
#include "outputs.h"
#include "parquet_writer.h"

typedef struct parquet_state {
  parquet_writer_options opts;
  parquet_writer *w;
  iceberg_schema *ischema; /* Iceberg only */
  char rel[96];            /* Iceberg only: the data file, relative to the table dir */
  char file[PATH_MAX + 96];
} parquet_state;

/* Uncompressed PLAIN bytes per row of each table, from its column widths and
 * average string lengths; turns --row-group-bytes into rows per row group. */
static int64_t plain_bytes_per_row(tpch_table t) {
  switch (t) {
  case TPCH_PART: return 150;
  case TPCH_PARTSUPP: return 156;
  case TPCH_SUPPLIER: return 167;
  case TPCH_CUSTOMER: return 183;
  case TPCH_ORDERS: return 121;
  case TPCH_LINEITEM: return 137;
  default: return 104;
  }
}

static void fill_options(const job *j, parquet_writer_options *o) {
  const cli_options *c = j->opt;
  parquet_writer_options_init(o);
  if (c->compression != COMP_DEFAULT) o->compression = (parquet_compression)c->compression;
  if (c->compression_level) o->compression_level = c->compression_level;
  o->data_page_version = c->data_page_version;
  o->overwrite = c->overwrite;
  o->fsync = c->fsync;
  o->sorting_column = 0; /* dbgen writes every table in ascending order of its first key */
  /* the engine cuts row groups at task boundaries; the writer must not cut again */
  o->row_group_rows = INT64_MAX / 4;
  o->row_group_bytes = INT64_MAX / 4;
}

static int64_t parquet_task_rows(const job *j) {
  const cli_options *c = j->opt;
  if (c->row_group_rows > 0) return c->row_group_rows;
  int64_t rows = c->row_group_bytes / plain_bytes_per_row(j->table);
  return rows < 1 ? 1 : rows;
}

static void free_state(job *j) {
  parquet_state *s = j->state;
  if (s == NULL) return;
  parquet_writer_destroy(s->w); /* removes the temporary file if not closed */
  iceberg_schema_destroy(s->ischema);
  free(s);
  j->state = NULL;
}

static int parquet_open(job *j, tpch_error *err) {
  parquet_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  fill_options(j, &s->opts);
  snprintf(s->file, sizeof s->file, "%s", j->path);
  j->state = s;
  int rc = parquet_writer_create(&s->w, s->file, &j->schema, &s->opts, err);
  if (rc != TPCH_OK) free_state(j);
  return rc;
}

static int add_batch(job *j, void *ctx, struct ArrowArray *batch, tpch_error *err) {
  (void)j;
  return parquet_rowgroup_encoder_add(ctx, batch, err);
}

/* A worker keeps one encoder, for the table it worked on last: consecutive
 * row groups of a table reuse its buffers, and switching tables frees the
 * old one, so no encoder outlives the table it was made for by much. */
typedef struct worker_encoder {
  const job *owner;
  parquet_rowgroup_encoder *enc;
} worker_encoder;

static parquet_rowgroup_encoder *encoder_for(job *j, worker *w, tpch_error *err) {
  worker_encoder *we = w->state[FMT_PARQUET];
  if (we == NULL) {
    we = calloc(1, sizeof *we);
    if (we == NULL) {
      tpch_error_set(err, TPCH_ENOMEM, "out of memory");
      return NULL;
    }
    w->state[FMT_PARQUET] = we;
  }
  if (we->owner != j) {
    parquet_rowgroup_encoder_destroy(we->enc);
    we->enc = NULL;
    we->owner = NULL;
    parquet_state *s = j->state;
    if (parquet_rowgroup_encoder_create(&we->enc, &j->schema, &s->opts, err) != TPCH_OK) return NULL;
    we->owner = j;
  }
  return we->enc;
}

static void drop_encoder(worker *w) {
  worker_encoder *we = w->state[FMT_PARQUET];
  if (we == NULL) return;
  parquet_rowgroup_encoder_destroy(we->enc);
  free(we);
  w->state[FMT_PARQUET] = NULL;
}

static int parquet_run_task(job *j, worker *w, int64_t t, void **result, tpch_error *err) {
  parquet_rowgroup_encoder *enc = encoder_for(j, w, err);
  if (enc == NULL) return err ? err->code : TPCH_ENOMEM;
  int64_t first, count;
  engine_task_range(j, t, &first, &count);
  int rc = engine_generate(j, w, first, count, engine_task_row_cap(j, t), add_batch, enc, err);
  parquet_rowgroup *rg = NULL;
  if (rc == TPCH_OK) rc = parquet_rowgroup_encoder_finish(enc, &rg, err);
  if (rc != TPCH_OK) {
    drop_encoder(w); /* it may hold half a row group */
    return rc;
  }
  *result = rg;
  return TPCH_OK;
}

/* Called for every job when the worker exits; the first call frees it. */
static void parquet_worker_done(job *j, worker *w) {
  (void)j;
  drop_encoder(w);
}

static void parquet_free_result(job *j, void *r) {
  (void)j;
  parquet_rowgroup_free(r);
}

static int parquet_deliver(job *j, void *result, tpch_error *err) {
  parquet_state *s = j->state;
  return parquet_writer_append_rowgroup(s->w, result, err); /* frees the row group */
}

static int parquet_close(job *j, tpch_error *err) {
  parquet_state *s = j->state;
  int rc = parquet_writer_close(s->w, err);
  parquet_file_info info;
  if (rc == TPCH_OK && parquet_writer_file_info(s->w, &info, NULL) == TPCH_OK)
    atomic_store(&j->bytes, (long long)info.file_bytes);
  free_state(j);
  return rc;
}

static void parquet_abort(job *j) { free_state(j); }

/* ---- Iceberg -------------------------------------------------------------- */

static int table_has_metadata(const char *table_dir) {
  char p[PATH_MAX + 32];
  struct stat st;
  snprintf(p, sizeof p, "%s/metadata/version-hint.text", table_dir);
  if (stat(p, &st) == 0) return 1;
  snprintf(p, sizeof p, "%s/metadata/v1.metadata.json", table_dir);
  return stat(p, &st) == 0;
}

static void iceberg_fill(const job *j, iceberg_options *io) {
  iceberg_options_init(io);
  io->fsync = j->opt->fsync;
  io->sort_column = 0;
}

/* A part that already left a pending (uncommitted) file: refuse, or with
 * --overwrite remove that file and its sidecar so the commit sees one copy. */
static int clear_pending_part(const job *j, const char *data, tpch_error *err) {
  char prefix[32];
  snprintf(prefix, sizeof prefix, "part-%05d-", j->part_index);
  DIR *d = opendir(data);
  if (d == NULL) return TPCH_OK;
  int rc = TPCH_OK;
  struct dirent *e;
  while (rc == TPCH_OK && (e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || n < 8 || strcmp(e->d_name + n - 8, ".pending") != 0)
      continue;
    if (!j->opt->overwrite) {
      rc = tpch_error_set(err, TPCH_EEXIST, "part %d of %s is already written in '%s' (use --overwrite to replace it)",
                          j->part_index, tpch_table_name(j->table), j->path);
      break;
    }
    char p[PATH_MAX + 300];
    snprintf(p, sizeof p, "%s/%s", data, e->d_name);
    unlink(p);
    p[strlen(p) - 8] = '\0'; /* the data file the sidecar describes */
    unlink(p);
  }
  closedir(d);
  return rc;
}

static int iceberg_open(job *j, tpch_error *err) {
  const cli_options *c = j->opt;
  if (!c->parts && !c->overwrite && !c->append && table_has_metadata(j->path))
    return tpch_error_set(err, TPCH_EEXIST, "'%s' already exists (use --overwrite to replace it)", j->path);
  char data[PATH_MAX + 8];
  snprintf(data, sizeof data, "%s/data", j->path);
  int rc = tpch_mkdirs(data, err);
  if (rc == TPCH_OK && c->parts) rc = clear_pending_part(j, data, err);
  if (rc != TPCH_OK) return rc;
  parquet_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  j->state = s;
  fill_options(j, &s->opts);
  uint32_t r = 0;
  rc = iceberg_schema_create(&s->ischema, &j->schema, err);
  if (rc == TPCH_OK) {
    iceberg_schema_parquet_options(s->ischema, &s->opts);
    /* Unique names: a new snapshot never rewrites a file an older one reads.
     * The part number leads, so name order is part order. */
    rc = tpch_random_bytes(&r, sizeof r, err);
  }
  if (rc == TPCH_OK) {
    snprintf(s->rel, sizeof s->rel, "data/part-%05d-%08x.parquet", j->part_index, r);
    snprintf(s->file, sizeof s->file, "%s/%s", j->path, s->rel);
    rc = parquet_writer_create(&s->w, s->file, &j->schema, &s->opts, err);
  }
  if (rc != TPCH_OK) free_state(j);
  return rc;
}

static int iceberg_close(job *j, tpch_error *err) {
  parquet_state *s = j->state;
  const cli_options *c = j->opt;
  iceberg_data_file f = {s->rel, {0}};
  int rc = parquet_writer_close(s->w, err);
  if (rc == TPCH_OK) rc = parquet_writer_file_info(s->w, &f.info, err);
  if (rc == TPCH_OK) {
    atomic_store(&j->bytes, (long long)f.info.file_bytes);
    iceberg_options io;
    iceberg_fill(j, &io);
    if (c->parts) {
      rc = iceberg_pending_write(j->path, &f, &io, err);
    } else {
      io.mode = c->append ? ICEBERG_APPEND : c->overwrite ? ICEBERG_OVERWRITE : ICEBERG_CREATE;
      rc = iceberg_commit(j->path, &j->schema, &f, 1, &io, NULL, err);
    }
    if (rc != TPCH_OK) unlink(s->file); /* committed by nobody */
  }
  free_state(j);
  return rc;
}

const output_ops iceberg_output_ops = {
    .open = iceberg_open,
    .run_task = parquet_run_task,
    .deliver = parquet_deliver,
    .free_result = parquet_free_result,
    .close = iceberg_close,
    .abort = parquet_abort,
    .worker_done = parquet_worker_done,
    .task_rows = parquet_task_rows,
};

int iceberg_commit_parts(const char *table_dir, tpch_table t, int overwrite, int fsync, int64_t *rows,
                         tpch_error *err) {
  struct ArrowSchema schema;
  int rc = tpch_table_schema(t, &schema, err);
  if (rc != TPCH_OK) return rc;
  iceberg_options io;
  iceberg_options_init(&io);
  io.fsync = fsync;
  io.sort_column = 0;
  io.mode = overwrite ? ICEBERG_OVERWRITE : ICEBERG_APPEND;
  iceberg_commit_info info;
  rc = iceberg_commit_pending(table_dir, &schema, &io, &info, err);
  if (rc == TPCH_OK) *rows = info.added_records;
  schema.release(&schema);
  return rc;
}

const output_ops parquet_output_ops = {
    .open = parquet_open,
    .run_task = parquet_run_task,
    .deliver = parquet_deliver,
    .free_result = parquet_free_result,
    .close = parquet_close,
    .abort = parquet_abort,
    .worker_done = parquet_worker_done,
    .task_rows = parquet_task_rows,
};
