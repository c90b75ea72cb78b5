/*
 * test_iceberg_parquet.c - Iceberg tables with real Parquet data files, the
 * three ways the library offers:
 *   "stream"   tpch_iceberg_writer (several files), then an append
 *   "parallel" row groups encoded on two threads + a plain writer, recorded
 *              as pending sidecars, one commit_pending, then an overwrite
 *   "sorted"   a table declared sorted by its key
 * and the writer's error paths. With a directory argument the tables stay
 * there with DIR/expected.json (row ranges per table version, and the rows
 * themselves, computed from the batch generator) for
 * tests/js/iceberg_check.mjs (icebird + DuckDB).
 */
#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "support/testutil.h"
#include "iceberg_writer.h"
#include "io/sink.h"
#include "test_iceberg_batch.h"

static ib_schema sch;

/* ---- "stream": the streaming writer ------------------------------------------ */

static void test_stream(const char *base, ib_batch *b) {
  char table[512], data[1024];
  fmt(table, sizeof table, "%s/stream", base);
  fmt(data, sizeof data, "%s/data", table);
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.no_fsync = 1;
  o.target_file_rows = 1000;
  const char *props[] = {"comment", "written by test_iceberg_parquet", NULL};
  o.properties = props;
  tpch_iceberg_writer *w = NULL;
  tpch_error err;
  int rc = tpch_iceberg_writer_create(&w, table, &sch.root, &o, &err);
  CHECK(rc == 0, "stream create: %s", err.message);
  if (rc != 0) return;
  for (int k = 0; k < 5; k++) {
    ib_make(b, 700 * k, 700);
    rc = tpch_iceberg_writer_write(w, &b->root, &err);
    CHECK(rc == 0, "batch %d: %s", k, err.message);
  }
  {
    /* a batch of the wrong shape is refused, and that failure is final */
    char rejected[600];
    fmt(rejected, sizeof rejected, "%s/rejected", base);
    tpch_iceberg_writer *r = NULL;
    CHECK(tpch_iceberg_writer_create(&r, rejected, &sch.root, &o, &err) == 0, "create: %s", err.message);
    b->root.n_children = 3;
    CHECK(r && tpch_iceberg_writer_write(r, &b->root, &err) == TPCH_ESCHEMA, "short batch refused: %s",
          err.message);
    b->root.n_children = IB_NCOL;
    CHECK(r && tpch_iceberg_writer_write(r, &b->root, &err) == TPCH_ESTATE, "then final");
    CHECK(r && tpch_iceberg_writer_close(r, &err) == TPCH_ESTATE, "close commits nothing");
    tpch_iceberg_writer_destroy(r);
    int64_t v = -1;
    CHECK(tpch_iceberg_table_latest_version(rejected, &v, &err) == 0 && v == 0, "no table version");
  }
  tpch_iceberg_commit_info info;
  CHECK(tpch_iceberg_writer_commit_info(w, &info, &err) == TPCH_ESTATE, "no commit info before close");
  rc = tpch_iceberg_writer_close(w, &err);
  CHECK(rc == 0, "stream close: %s", err.message);
  if (rc == 0) rc = tpch_iceberg_writer_commit_info(w, &info, &err);
  CHECK(info.version == 1 && info.total_records == 3500 && info.total_data_files == 3,
        "3500 rows in 3 files (files end at batch boundaries past 1000 rows): v%lld %lld rows %lld files",
        (long long)info.version, (long long)info.total_records, (long long)info.total_data_files);
  CHECK(tpch_iceberg_writer_write(w, &b->root, &err) == TPCH_ESTATE, "write after close refused");
  tpch_iceberg_writer_destroy(w);
  CHECK(count_files(data) == 3, "3 data files kept after close");

  CHECK(tpch_iceberg_writer_create(&w, table, &sch.root, &o, &err) == TPCH_EEXIST && w == NULL,
        "create over an existing table refused: %s", err.message);

  /* append with other Parquet options: still one table */
  o.mode = TPCH_WRITE_APPEND;
  o.target_file_rows = 0;
  tpch_parquet_writer_options po;
  tpch_parquet_writer_options_init(&po);
  po.compression = TPCH_PARQUET_COMPRESSION_SNAPPY;
  po.no_dictionary = 1;
  o.parquet = &po;
  rc = tpch_iceberg_writer_create(&w, table, &sch.root, &o, &err);
  o.parquet = NULL;
  CHECK(rc == 0, "append create: %s", err.message);
  if (rc == 0) {
    ib_make(b, 3500, 500);
    CHECK(tpch_iceberg_writer_write(w, &b->root, &err) == 0, "append batch: %s", err.message);
    rc = tpch_iceberg_writer_close(w, &err);
    if (rc == 0) rc = tpch_iceberg_writer_commit_info(w, &info, &err);
    CHECK(rc == 0 && info.version == 2 && info.total_records == 4000 && info.total_data_files == 4,
          "append: %s", rc ? err.message : "");
    tpch_iceberg_writer_destroy(w);
  }

  /* a writer destroyed without close leaves no data files behind */
  int before = count_files(data);
  o.target_file_rows = 10;
  rc = tpch_iceberg_writer_create(&w, table, &sch.root, &o, &err);
  if (rc == 0) {
    ib_make(b, 5000, 100);
    tpch_iceberg_writer_write(w, &b->root, &err);
    tpch_iceberg_writer_write(w, &b->root, &err);
    tpch_iceberg_writer_destroy(w);
  }
  CHECK(rc == 0 && count_files(data) == before, "abandoned writer removed its files (%d vs %d)",
        count_files(data), before);
  char v3[1100];
  fmt(v3, sizeof v3, "%s/metadata/v3.metadata.json", table);
  struct stat st;
  CHECK(stat(v3, &st) != 0, "and committed nothing");

  /* bad arguments */
  CHECK(tpch_iceberg_writer_create(&w, NULL, &sch.root, &o, &err) == TPCH_EINVAL, "NULL dir");
  sch.t.cols[0].sch.format = "+l";
  CHECK(tpch_iceberg_writer_create(&w, table, &sch.root, &o, &err) != 0 && w == NULL,
        "unsupported type refused: %s", err.message);
  sch.t.cols[0].sch.format = "l";
  CHECK(tpch_iceberg_writer_write(NULL, &b->root, &err) == TPCH_EINVAL, "NULL writer");
  CHECK(tpch_iceberg_writer_close(NULL, &err) == TPCH_EINVAL, "NULL close");
  tpch_iceberg_writer_destroy(NULL);
}

/* ---- "parallel": encoders on threads, a plain writer, sidecars ----------------- */

typedef struct encode_job {
  const tpch_parquet_writer_options *po;
  int64_t start, rows;
  tpch_parquet_rowgroup *rg;
  int rc;
  char msg[TPCH_ERROR_MESSAGE_SIZE];
} encode_job;

static void *encode_thread(void *arg) {
  encode_job *j = arg;
  ib_batch *b = calloc(1, sizeof *b);
  tpch_parquet_rowgroup_encoder *e = NULL;
  tpch_error err;
  j->rc = b ? tpch_parquet_rowgroup_encoder_create(&e, &sch.root, j->po, &err) : TPCH_ENOMEM;
  for (int64_t r = j->start; j->rc == 0 && r < j->start + j->rows; r += 500) {
    ib_make(b, r, 500);
    j->rc = tpch_parquet_rowgroup_encoder_add(e, &b->root, &err);
  }
  if (j->rc == 0) j->rc = tpch_parquet_rowgroup_encoder_finish(e, &j->rg, &err);
  if (j->rc != 0) snprintf(j->msg, sizeof j->msg, "%s", err.message);
  tpch_parquet_rowgroup_encoder_destroy(e);
  if (b) ib_free(b);
  free(b);
  return NULL;
}

/* Closes one data file and returns a copy of its info (tpch_parquet_file_info_free), which outlives `w`. */
static int finish_data_file(tpch_parquet_writer *w, const char *rel, tpch_iceberg_data_file *f,
                            tpch_error *err) {
  tpch_parquet_file_info info;
  int rc = tpch_parquet_writer_close(w, err);
  if (rc == 0) rc = tpch_parquet_writer_file_info(w, &info, err);
  memset(f, 0, sizeof *f);
  f->path = rel;
  if (rc == 0) rc = tpch_parquet_file_info_copy(&info, &f->info, err);
  return rc;
}

static void test_parallel(const char *base) {
  char table[512], path[1100];
  fmt(table, sizeof table, "%s/parallel", base);
  fmt(path, sizeof path, "%s/data", table);
  tpch_mkdirs(path, NULL);
  tpch_iceberg_schema *is = NULL;
  tpch_error err;
  CHECK(tpch_iceberg_schema_create(&is, &sch.root, &err) == 0, "schema: %s", err.message);
  tpch_parquet_writer_options po;
  tpch_parquet_writer_options_init(&po);
  po.no_fsync = 1;
  tpch_iceberg_schema_parquet_options(is, &po);

  /* part 1: two row groups encoded concurrently, appended in order */
  encode_job jobs[2] = {{&po, 0, 1500, NULL, 0, ""}, {&po, 1500, 1500, NULL, 0, ""}};
  pthread_t th[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&th[i], NULL, encode_thread, &jobs[i]);
  for (int i = 0; i < 2; i++)
    pthread_join(th[i], NULL);
  CHECK(jobs[0].rc == 0 && jobs[1].rc == 0, "encoders: %s %s", jobs[0].msg, jobs[1].msg);
  tpch_iceberg_data_file f1 = {0}, f2 = {0}, f3 = {0};
  tpch_parquet_writer *w = NULL;
  fmt(path, sizeof path, "%s/data/part-1.parquet", table);
  int rc = tpch_parquet_writer_create(&w, path, &sch.root, &po, &err);
  for (int i = 0; i < 2; i++) {
    if (rc == 0)
      rc = tpch_parquet_writer_append_rowgroup(w, jobs[i].rg, &err);
    else
      tpch_parquet_rowgroup_free(jobs[i].rg);
  }
  if (rc == 0) rc = finish_data_file(w, "data/part-1.parquet", &f1, &err);
  CHECK(rc == 0 && f1.info.num_row_groups == 2 && f1.info.num_rows == 3000, "part 1: %s",
        rc ? err.message : "");
  tpch_parquet_writer_destroy(w);
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.no_fsync = 1;
  if (rc == 0) CHECK(tpch_iceberg_pending_write(table, &f1, &o, &err) == 0, "sidecar 1: %s", err.message);

  /* part 2: another process would do this; here the plain writer */
  ib_batch *b = calloc(1, sizeof *b);
  fmt(path, sizeof path, "%s/data/part-2.parquet", table);
  rc = tpch_parquet_writer_create(&w, path, &sch.root, &po, &err);
  ib_make(b, 3000, 1000);
  if (rc == 0) rc = tpch_parquet_writer_write(w, &b->root, &err);
  if (rc == 0) rc = finish_data_file(w, "data/part-2.parquet", &f2, &err);
  tpch_parquet_writer_destroy(w);
  CHECK(rc == 0, "part 2: %s", err.message);
  if (rc == 0) CHECK(tpch_iceberg_pending_write(table, &f2, &o, &err) == 0, "sidecar 2: %s", err.message);

  tpch_iceberg_commit_info info;
  rc = tpch_iceberg_commit_pending(table, &sch.root, &o, &info, &err);
  CHECK(rc == 0 && info.version == 1 && info.total_records == 4000, "commit pending: %s",
        rc ? err.message : "");

  /* overwrite with a different row range: the table now holds only it */
  fmt(path, sizeof path, "%s/data/over-1.parquet", table);
  rc = tpch_parquet_writer_create(&w, path, &sch.root, &po, &err);
  ib_make(b, 10000, 300);
  if (rc == 0) rc = tpch_parquet_writer_write(w, &b->root, &err);
  if (rc == 0) rc = finish_data_file(w, "data/over-1.parquet", &f3, &err);
  tpch_parquet_writer_destroy(w);
  o.mode = TPCH_WRITE_OVERWRITE;
  if (rc == 0) rc = tpch_iceberg_commit(table, &sch.root, &f3, 1, &o, &info, &err);
  CHECK(rc == 0 && info.version == 2 && info.total_records == 300, "overwrite: %s", rc ? err.message : "");
  tpch_parquet_file_info_free(&f1.info);
  tpch_parquet_file_info_free(&f2.info);
  tpch_parquet_file_info_free(&f3.info);
  tpch_parquet_file_info_free(NULL);
  if (b) ib_free(b);
  free(b);
  tpch_iceberg_schema_destroy(is);
}

/* ---- "sorted" ------------------------------------------------------------------ */

static void test_sorted(const char *base, ib_batch *b) {
  char table[512];
  fmt(table, sizeof table, "%s/sorted", base);
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.no_fsync = 1;
  o.sorted = 1, o.sort_column = 0;
  tpch_iceberg_writer *w = NULL;
  tpch_error err;
  int rc = tpch_iceberg_writer_create(&w, table, &sch.root, &o, &err);
  if (rc == 0) {
    ib_make(b, 20000, 1000);
    rc = tpch_iceberg_writer_write(w, &b->root, &err);
  }
  if (rc == 0) rc = tpch_iceberg_writer_close(w, &err);
  CHECK(rc == 0, "sorted table: %s", err.message);
  tpch_iceberg_writer_destroy(w);
}

static void write_rows(FILE *f, int64_t start, int64_t n) {
  fprintf(f, "{\"start\":%lld,\"rows\":[", (long long)start);
  for (int64_t r = start; r < start + n; r++) {
    if (r > start) fputs(",\n", f);
    ib_json_row(f, r);
  }
  fputs("]}", f);
}

static void write_expected(const char *base) {
  char path[1024];
  fmt(path, sizeof path, "%s/expected.json", base);
  FILE *f = fopen(path, "w");
  if (f == NULL) return;
  fprintf(f,
          "{\"tables\":[\n"
          "{\"dir\":\"%s/stream\",\"versions\":[{\"version\":1,\"ranges\":[[0,3500]],\"files\":3},"
          "{\"version\":2,\"ranges\":[[0,4000]],\"files\":4}]},\n"
          "{\"dir\":\"%s/parallel\",\"versions\":[{\"version\":1,\"ranges\":[[0,4000]],\"files\":2},"
          "{\"version\":2,\"ranges\":[[10000,10300]],\"files\":1}]},\n"
          "{\"dir\":\"%s/sorted\",\"sort\":\"o_id\",\"versions\":[{\"version\":1,\"ranges\":[[20000,21000]],"
          "\"files\":1}]}],\n"
          "\"schema\":[",
          base, base, base);
  static const char *const types[IB_NCOL] = {"long",   "int",    "decimal(15,2)", "date",
                                             "string", "string", "double"};
  for (int c = 0; c < IB_NCOL; c++)
    fprintf(f, "%s{\"id\":%d,\"name\":\"%s\",\"type\":\"%s\",\"required\":%s}", c ? "," : "", c + 1,
            ib_names[c], types[c], c == 5 ? "false" : "true");
  fputs("],\n\"data\":[", f);
  write_rows(f, 0, 4000);
  fputs(",\n", f);
  write_rows(f, 10000, 300);
  fputs(",\n", f);
  write_rows(f, 20000, 1000);
  fputs("]}\n", f);
  fclose(f);
}

int main(int argc, char **argv) {
  char tmpl[] = "/tmp/iceberg-parquet-XXXXXX";
  const char *base = argc > 1 ? argv[1] : mkdtemp(tmpl);
  if (base == NULL || tpch_mkdirs(base, NULL) != 0) {
    fprintf(stderr, "cannot make a scratch directory\n");
    return 2;
  }
  ib_schema_init(&sch);
  ib_batch *b = calloc(1, sizeof *b);
  test_stream(base, b);
  test_parallel(base);
  test_sorted(base, b);
  ib_free(b);
  free(b);
  ib_schema_free(&sch);
  if (argc > 1) {
    write_expected(base);
  } else {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", base);
  }
  return check_finish();
}
