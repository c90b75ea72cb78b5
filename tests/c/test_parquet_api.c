/*
 * test_parquet_api.c - the public contract of parquet_writer.h: argument
 * and state errors, existing files, what a failure leaves behind,
 * file_info, and determinism (batching, row-group cuts by bytes, and the
 * parallel row-group encoder give byte-identical files).
 */
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "parquet_writer.h"
#include "test_parquet_arrow.h"

static char dir[] = "/tmp/tpch-pq-api-XXXXXX";

static const char *at(const char *name) {
  static char buf[8][4096];
  static int k;
  k = (k + 1) % 8;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
  return buf[k];
}

static int exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0;
}

static int dir_entries(void) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    n += e->d_name[0] != '.' || strstr(e->d_name, ".tmp-") != NULL;
  if (d) closedir(d);
  return n;
}

static char *slurp(const char *p, long *len) {
  FILE *f = fopen(p, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)*len + 1);
  if (fread(b, 1, (size_t)*len, f) != (size_t)*len) *len = -1;
  fclose(f);
  return b;
}

/* key int64 (sorted), n int32, price decimal, note utf8 (low cardinality), opt int64 nullable */
static void make_table(tb_table *t, int rows) {
  tb_init(t);
  tb_add_col(t, "key", 'l', 0, 0, 0);
  tb_add_col(t, "n", 'i', 0, 0, 0);
  tb_add_col(t, "price", 'd', 0, 15, 2);
  tb_add_col(t, "note", 'u', 0, 0, 0);
  tb_add_col(t, "opt", 'l', 1, 0, 0);
  char buf[64];
  for (int r = 0; r < rows; r++) {
    tb_push_i64(&t->cols[0], r * 3LL);
    tb_push_i32(&t->cols[1], r % 1000 - 500);
    tb_push_dec64(&t->cols[2], (r * 7919LL) % 100000 - 50000);
    snprintf(buf, sizeof buf, "%s-%d", r % 5 ? "note" : "NOTE", r % 17);
    tb_push_str(&t->cols[3], buf);
    if (r % 4 == 0)
      tb_push_null(&t->cols[4]);
    else
      tb_push_i64(&t->cols[4], -r);
  }
  tb_finish(t, 0, 0);
}

static tpch_parquet_writer_options quick(void) {
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.no_fsync = 1;
  return o;
}

static void test_defaults(void) {
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  tpch_parquet_writer_options zero;
  memset(&zero, 0, sizeof zero);
  CHECK(memcmp(&o, &zero, sizeof o) == 0 && o.compression == TPCH_PARQUET_COMPRESSION_DEFAULT &&
            o.mode == TPCH_WRITE_CREATE && o.field_ids == NULL && o.kv_metadata == NULL,
        "the defaults are all zero");
  tpch_parquet_writer_options_init(NULL); /* no crash */
}

static void test_create_errors(void) {
  tb_table t;
  make_table(&t, 10);
  tpch_parquet_writer_options o = quick();
  tpch_parquet_writer *w = (tpch_parquet_writer *)&o;
  tpch_error err;
  CHECK(tpch_parquet_writer_create(NULL, at("a.parquet"), &t.schema, &o, &err) == TPCH_EINVAL, "NULL out");
  CHECK(tpch_parquet_writer_create(&w, NULL, &t.schema, &o, &err) == TPCH_EINVAL && w == NULL,
        "NULL path -> *out NULL");
  CHECK(tpch_parquet_writer_create(&w, at("a.parquet"), NULL, &o, &err) == TPCH_EINVAL, "NULL schema");
  struct ArrowSchema not_struct = *t.schema_children[0];
  CHECK(tpch_parquet_writer_create(&w, at("a.parquet"), &not_struct, &o, &err) == TPCH_EINVAL,
        "non-struct schema");
  /* an unsupported type names the column and the type */
  strcpy(t.cols[1].format, "c");
  int rc = tpch_parquet_writer_create(&w, at("a.parquet"), &t.schema, &o, &err);
  CHECK(rc == TPCH_EUNSUPPORTED && strstr(err.message, "'n'") && strstr(err.message, "'c'"), "int8: %s",
        err.message);
  strcpy(t.cols[1].format, "+s");
  CHECK(tpch_parquet_writer_create(&w, at("a.parquet"), &t.schema, &o, &err) == TPCH_EUNSUPPORTED,
        "nested struct");
  strcpy(t.cols[1].format, "i");
  t.cols[1].sch.format = NULL;
  CHECK(tpch_parquet_writer_create(&w, at("a.parquet"), &t.schema, &o, &err) == TPCH_EUNSUPPORTED,
        "NULL format");
  t.cols[1].sch.format = t.cols[1].format;
  /* bad options: EINVAL each, nothing created */
  for (int k = 0; k < 10; k++) {
    tpch_parquet_writer_options b = quick();
    static const char *kv_bad[] = {"key", NULL};
    switch (k) {
    case 0: b.compression = (tpch_parquet_compression)3; break;
    case 1: b.compression_level = 99; break;
    case 2: b.data_page_version = 3; break;
    case 3: b.page_bytes = -1; break;
    case 4: b.row_group_rows = -1; break;
    case 5: b.row_group_bytes = -1; break;
    case 6: b.sorted = 1, b.sort_column = 5; break;
    case 7: b.kv_metadata = kv_bad; break;
    case 8: b.dictionary_max_bytes = -1; break;
    case 9: b.page_rows = -2; break;
    }
    err.message[0] = '\0';
    rc = tpch_parquet_writer_create(&w, at("a.parquet"), &t.schema, &b, &err);
    CHECK(rc == TPCH_EINVAL && w == NULL && err.message[0], "bad option %d: %d %s", k, rc, err.message);
  }
  CHECK(!exists(at("a.parquet")) && dir_entries() == 0, "failed creates leave nothing behind");
  CHECK(tpch_parquet_writer_create(&w, "/nonexistent-dir/x.parquet", &t.schema, &o, &err) == TPCH_EIO &&
            strstr(err.message, "/nonexistent-dir"),
        "missing directory: %s", err.message);
  tb_free(&t);
}

/* Writes `t` in batches of `step` rows (struct offsets) and closes. */
static int write_file(const char *path, tb_table *t, tpch_parquet_writer_options *o, int64_t step,
                      tpch_error *err) {
  tpch_parquet_writer *w;
  int rc = tpch_parquet_writer_create(&w, path, &t->schema, o, err);
  if (rc != TPCH_OK) return rc;
  struct ArrowArray b = t->array;
  for (int64_t done = 0; rc == TPCH_OK && done < t->array.length; done += b.length) {
    b.offset = t->array.offset + done;
    b.length = t->array.length - done < step ? t->array.length - done : step;
    rc = tpch_parquet_writer_write(w, &b, err);
  }
  if (rc == TPCH_OK) rc = tpch_parquet_writer_close(w, err);
  tpch_parquet_writer_destroy(w);
  return rc;
}

static void test_existing_file(void) {
  tb_table t;
  make_table(&t, 100);
  tpch_parquet_writer_options o = quick();
  tpch_error err;
  FILE *f = fopen(at("old.parquet"), "w");
  fputs("precious", f);
  fclose(f);
  tpch_parquet_writer *w = NULL;
  int rc = tpch_parquet_writer_create(&w, at("old.parquet"), &t.schema, &o, &err);
  CHECK(rc == TPCH_EEXIST && w == NULL && strstr(err.message, "old.parquet"), "existing file: %d %s", rc,
        err.message);
  long n;
  char *c = slurp(at("old.parquet"), &n);
  CHECK(c && n == 8 && memcmp(c, "precious", 8) == 0, "old file untouched");
  free(c);
  /* a file that appears while we write is not clobbered either (link, not rename) */
  CHECK(tpch_parquet_writer_create(&w, at("race.parquet"), &t.schema, &o, &err) == TPCH_OK,
        "create race.parquet");
  CHECK(tpch_parquet_writer_write(w, &t.array, &err) == TPCH_OK, "write");
  f = fopen(at("race.parquet"), "w");
  fputs("other", f);
  fclose(f);
  rc = tpch_parquet_writer_close(w, &err);
  CHECK(rc == TPCH_EEXIST, "close onto a file created meanwhile: %d %s", rc, err.message);
  CHECK(tpch_parquet_writer_close(w, &err) == TPCH_ESTATE, "close after failed close");
  tpch_parquet_writer_destroy(w);
  c = slurp(at("race.parquet"), &n);
  CHECK(c && n == 5, "the other file is untouched");
  free(c);
  /* overwrite = 1 replaces */
  o.mode = TPCH_WRITE_OVERWRITE;
  CHECK(write_file(at("old.parquet"), &t, &o, 1000, &err) == TPCH_OK, "overwrite: %s", err.message);
  c = slurp(at("old.parquet"), &n);
  CHECK(c && n > 12 && memcmp(c, "PAR1", 4) == 0 && memcmp(c + n - 4, "PAR1", 4) == 0,
        "replaced by a Parquet file");
  free(c);
  unlink(at("old.parquet")), unlink(at("race.parquet"));
  CHECK(dir_entries() == 0, "no temporary files left");
  tb_free(&t);
}

static void test_batch_errors(void) {
  tb_table t, other;
  make_table(&t, 50);
  tb_init(&other);
  tb_add_col(&other, "x", 'l', 0, 0, 0);
  tb_push_i64(&other.cols[0], 1);
  tb_finish(&other, 0, 0);
  tpch_parquet_writer_options o = quick();
  tpch_error err;
  tpch_parquet_writer *w;
  CHECK(tpch_parquet_writer_create(&w, at("b.parquet"), &t.schema, &o, &err) == TPCH_OK, "create");
  CHECK(tpch_parquet_writer_write(NULL, &t.array, &err) == TPCH_EINVAL, "NULL writer");
  CHECK(tpch_parquet_writer_write(w, NULL, &err) == TPCH_EINVAL, "NULL batch");
  /* every failure is final: later calls say so, close publishes nothing */
  CHECK(tpch_parquet_writer_write(w, &t.array, &err) == TPCH_ESTATE, "write after a failure");
  CHECK(tpch_parquet_writer_close(w, &err) == TPCH_ESTATE && access(at("b.parquet"), F_OK) != 0,
        "close after a failure publishes nothing");
#define FRESH()                                                                                              \
  do {                                                                                                       \
    tpch_parquet_writer_destroy(w);                                                                          \
    w = NULL;                                                                                                \
    CHECK(tpch_parquet_writer_create(&w, at("b.parquet"), &t.schema, &o, &err) == TPCH_OK, "create again");  \
  } while (0)
  FRESH();
  CHECK(tpch_parquet_writer_write(w, &other.array, &err) == TPCH_ESCHEMA, "wrong column count: %s",
        err.message);
  FRESH();
  struct ArrowArray bad = t.array;
  bad.children = NULL;
  CHECK(tpch_parquet_writer_write(w, &bad, &err) == TPCH_EINVAL, "no children");
  FRESH();
  struct ArrowArray kid = t.cols[1].arr, *kids[5];
  memcpy(kids, t.array_children, sizeof kids);
  kid.n_buffers = 3;
  kids[1] = &kid;
  bad = t.array;
  bad.children = kids;
  CHECK(tpch_parquet_writer_write(w, &bad, &err) == TPCH_ESCHEMA && strstr(err.message, "'n'"),
        "wrong buffers: %s", err.message);
  FRESH();
  kid = t.cols[0].arr;
  kid.null_count = 1;
  kid.buffers = (const void *[]){t.cols[0].data, t.cols[0].data};
  kids[1] = t.array_children[1];
  kids[0] = &kid;
  CHECK(tpch_parquet_writer_write(w, &bad, &err) == TPCH_ESCHEMA, "nulls in a non-nullable column: %s",
        err.message);
  FRESH();
  kid = t.cols[0].arr;
  kid.length = 10;
  CHECK(tpch_parquet_writer_write(w, &bad, &err) == TPCH_ESCHEMA, "child shorter than the batch");
  FRESH();
  bad = t.array;
  bad.release = NULL;
  CHECK(tpch_parquet_writer_write(w, &bad, &err) == TPCH_EINVAL, "released batch");
  FRESH();
  uint8_t rows_valid[8] = {0xFF, 0xFF, 0xFB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}; /* row 18 is null */
  bad = t.array;
  bad.buffers = (const void *[]){rows_valid};
  bad.null_count = -1;
  CHECK(tpch_parquet_writer_write(w, &bad, &err) == TPCH_EUNSUPPORTED && strstr(err.message, "row 18"),
        "top-level null row: %s", err.message);
  FRESH();
#undef FRESH
  bad.length = 18; /* the rows before it are fine */
  CHECK(tpch_parquet_writer_write(w, &bad, &err) == TPCH_OK, "rows before the null one");
  CHECK(tpch_parquet_writer_write(w, &t.array, &err) == TPCH_OK, "a good batch: %s", err.message);
  struct ArrowArray empty = t.array;
  empty.length = 0;
  CHECK(tpch_parquet_writer_write(w, &empty, &err) == TPCH_OK, "empty batch");
  CHECK(tpch_parquet_writer_file_info(w, &(tpch_parquet_file_info){0}, &err) == TPCH_ESTATE,
        "file_info before close");
  CHECK(tpch_parquet_writer_close(w, &err) == TPCH_OK, "close: %s", err.message);
  tpch_parquet_file_info info;
  CHECK(tpch_parquet_writer_file_info(w, &info, &err) == TPCH_OK && info.num_rows == 68 &&
            info.num_columns == 5 && info.num_row_groups == 1,
        "file_info");
  CHECK(tpch_parquet_writer_write(w, &t.array, &err) == TPCH_ESTATE, "write after close");
  CHECK(tpch_parquet_writer_close(w, &err) == TPCH_ESTATE, "close twice");
  tpch_parquet_rowgroup_encoder *e;
  tpch_parquet_rowgroup *rg;
  CHECK(tpch_parquet_rowgroup_encoder_create(&e, &t.schema, &o, &err) == TPCH_OK, "encoder");
  CHECK(tpch_parquet_rowgroup_encoder_add(e, &t.array, &err) == TPCH_OK, "encoder add");
  CHECK(tpch_parquet_rowgroup_encoder_finish(e, &rg, &err) == TPCH_OK, "encoder finish");
  CHECK(tpch_parquet_writer_append_rowgroup(w, rg, &err) == TPCH_ESTATE,
        "append after close (frees the row group)");
  tpch_parquet_rowgroup_encoder_destroy(e);
  /* file_info contents (valid until destroy) */
  const tpch_parquet_column_info *c0 = &info.columns[0], *c3 = &info.columns[3], *c4 = &info.columns[4];
  int64_t v;
  memcpy(&v, c0->max, 8);
  CHECK(c0->has_min_max && c0->max_len == 8 && v == 49 * 3 && c0->min_exact && c0->max_exact,
        "info int64 max");
  CHECK(c3->has_min_max && c3->min_len == 6 && memcmp(c3->min, "NOTE-0", 6) == 0 && c3->max_len == 6 &&
            memcmp(c3->max, "note-9", 6) == 0,
        "info string min/max");
  CHECK(c4->num_values == 68 && c4->null_count == 18 && c4->compressed_bytes > 0, "info counts");
  tpch_parquet_writer_destroy(w);
  tpch_parquet_writer_destroy(NULL);
  unlink(at("b.parquet"));
  tb_free(&t), tb_free(&other);
}

/* A value that cannot be written fails the writer; nothing is left. */
static void test_failure_state(void) {
  tb_table t;
  tb_init(&t);
  tb_add_col(&t, "d", 'd', 0, 4, 2);
  tb_push_dec64(&t.cols[0], 9999);
  tb_push_dec64(&t.cols[0], 10000); /* five digits in DECIMAL(4,2) */
  tb_finish(&t, 0, 0);
  tpch_parquet_writer_options o = quick();
  tpch_error err;
  tpch_parquet_writer *w;
  CHECK(tpch_parquet_writer_create(&w, at("f.parquet"), &t.schema, &o, &err) == TPCH_OK, "create");
  int rc = tpch_parquet_writer_write(w, &t.array, &err);
  CHECK(rc == TPCH_EINVAL && strstr(err.message, "DECIMAL(4,2)"), "decimal overflow: %s", err.message);
  CHECK(tpch_parquet_writer_write(w, &t.array, &err) == TPCH_ESTATE, "write after a failure");
  CHECK(tpch_parquet_writer_close(w, &err) == TPCH_ESTATE, "close after a failure");
  CHECK(dir_entries() == 0, "the temporary file is gone at once");
  tpch_parquet_writer_destroy(w);
  /* destroy without close removes the temporary file */
  CHECK(tpch_parquet_writer_create(&w, at("g.parquet"), &t.schema, &o, &err) == TPCH_OK, "create");
  CHECK(dir_entries() == 1, "a temporary file exists while writing");
  tpch_parquet_writer_destroy(w);
  CHECK(dir_entries() == 0 && !exists(at("g.parquet")), "destroy without close leaves nothing");
  tb_free(&t);
}

/* write_batch rows still pending become their own row group before an appended one */
static void test_mixing(void) {
  tb_table t;
  make_table(&t, 30);
  tpch_parquet_writer_options o = quick();
  tpch_error err;
  tpch_parquet_writer *w;
  tpch_parquet_rowgroup_encoder *e;
  tpch_parquet_rowgroup *rg;
  struct ArrowArray first = t.array, rest = t.array;
  first.length = 10, rest.offset = 10, rest.length = 20;
  CHECK(tpch_parquet_writer_create(&w, at("m.parquet"), &t.schema, &o, &err) == TPCH_OK, "create");
  CHECK(tpch_parquet_writer_write(w, &first, &err) == TPCH_OK, "10 rows through write_batch");
  CHECK(tpch_parquet_rowgroup_encoder_create(&e, &t.schema, &o, &err) == TPCH_OK &&
            tpch_parquet_rowgroup_encoder_add(e, &rest, &err) == TPCH_OK &&
            tpch_parquet_rowgroup_encoder_finish(e, &rg, &err) == TPCH_OK &&
            tpch_parquet_rowgroup_rows(rg) == 20,
        "20 rows through an encoder");
  CHECK(tpch_parquet_writer_append_rowgroup(w, rg, &err) == TPCH_OK &&
            tpch_parquet_writer_close(w, &err) == TPCH_OK,
        "append + close");
  tpch_parquet_file_info info;
  CHECK(tpch_parquet_writer_file_info(w, &info, &err) == TPCH_OK && info.num_row_groups == 2 &&
            info.num_rows == 30,
        "two row groups, 30 rows");
  tpch_parquet_rowgroup_encoder_destroy(e);
  tpch_parquet_writer_destroy(w);
  unlink(at("m.parquet"));
  tb_free(&t);
}

/* file_info caps min/max at 64 bytes and says when it did */
static void test_info_truncation(void) {
  tb_table t;
  tb_init(&t);
  tb_add_col(&t, "s", 'u', 0, 0, 0);
  char a[200], b[200];
  memset(a, 'a', 100), a[100] = '\0';
  memset(b, 'y', 100), b[100] = '\0';
  tb_push_str(&t.cols[0], b);
  tb_push_str(&t.cols[0], a);
  tb_push_str(&t.cols[0], "m");
  tb_finish(&t, 0, 0);
  tpch_parquet_writer_options o = quick();
  tpch_error err;
  tpch_parquet_writer *w;
  CHECK(tpch_parquet_writer_create(&w, at("t.parquet"), &t.schema, &o, &err) == TPCH_OK, "create");
  CHECK(tpch_parquet_writer_write(w, &t.array, &err) == TPCH_OK &&
            tpch_parquet_writer_close(w, &err) == TPCH_OK,
        "write");
  tpch_parquet_file_info info;
  CHECK(tpch_parquet_writer_file_info(w, &info, &err) == TPCH_OK, "info");
  const tpch_parquet_column_info *c = &info.columns[0];
  CHECK(c->has_min_max && c->min_len == 64 && !c->min_exact && memcmp(c->min, a, 64) == 0,
        "min: 64-byte prefix, inexact");
  CHECK(c->max_len == 64 && !c->max_exact && memcmp(c->max, b, 63) == 0 && c->max[63] == 'z',
        "max: 64 bytes rounded up, inexact");
  tpch_parquet_writer_destroy(w);
  unlink(at("t.parquet"));
  tb_free(&t);
}

/* ---- determinism ---- */

typedef struct job {
  tb_table *t;
  tpch_parquet_writer_options *o;
  int64_t rg_rows, first_rg, stride, nrg;
  tpch_parquet_rowgroup **out;
  int rc;
} job;

/* Encodes row groups first_rg, first_rg + stride, ... on its own encoder. */
static void *encode_groups(void *arg) {
  job *j = arg;
  tpch_parquet_rowgroup_encoder *e;
  j->rc = tpch_parquet_rowgroup_encoder_create(&e, &j->t->schema, j->o, NULL);
  for (int64_t g = j->first_rg; j->rc == TPCH_OK && g < j->nrg; g += j->stride) {
    struct ArrowArray b = j->t->array;
    b.offset = g * j->rg_rows;
    b.length = j->t->array.length - b.offset < j->rg_rows ? j->t->array.length - b.offset : j->rg_rows;
    /* in two uneven pieces: the encoder must not care */
    struct ArrowArray b1 = b, b2 = b;
    b1.length = b.length / 3, b2.offset += b1.length, b2.length -= b1.length;
    j->rc = tpch_parquet_rowgroup_encoder_add(e, &b1, NULL);
    if (j->rc == TPCH_OK) j->rc = tpch_parquet_rowgroup_encoder_add(e, &b2, NULL);
    if (j->rc == TPCH_OK) j->rc = tpch_parquet_rowgroup_encoder_finish(e, &j->out[g], NULL);
  }
  tpch_parquet_rowgroup_encoder_destroy(e);
  return NULL;
}

static int same_file(const char *a, const char *b) {
  long na, nb;
  char *x = slurp(a, &na), *y = slurp(b, &nb);
  int same = x && y && na == nb && na > 0 && memcmp(x, y, (size_t)na) == 0;
  free(x), free(y);
  return same;
}

static void test_determinism(void) {
  tb_table t;
  make_table(&t, 25000);
  tpch_error err;
  tpch_parquet_writer_options o = quick();
  o.row_group_rows = 4000;
  o.page_rows = 700;
  CHECK(write_file(at("d1.parquet"), &t, &o, 25000, &err) == TPCH_OK, "one batch");
  CHECK(write_file(at("d2.parquet"), &t, &o, 1, &err) == TPCH_OK, "batches of 1");
  CHECK(write_file(at("d3.parquet"), &t, &o, 977, &err) == TPCH_OK, "batches of 977");
  CHECK(same_file(at("d1.parquet"), at("d2.parquet")) && same_file(at("d1.parquet"), at("d3.parquet")),
        "batching does not change the bytes");
  /* two threads encode alternate row groups; appended in order they give the same file */
  int64_t nrg = (t.array.length + o.row_group_rows - 1) / o.row_group_rows;
  tpch_parquet_rowgroup *rgs[16] = {0};
  job jobs[2];
  pthread_t th[2];
  for (int k = 0; k < 2; k++) {
    jobs[k] = (job){&t, &o, o.row_group_rows, k, 2, nrg, rgs, 0};
    pthread_create(&th[k], NULL, encode_groups, &jobs[k]);
  }
  for (int k = 0; k < 2; k++)
    pthread_join(th[k], NULL);
  CHECK(jobs[0].rc == TPCH_OK && jobs[1].rc == TPCH_OK, "parallel encoders");
  tpch_parquet_writer *w;
  CHECK(tpch_parquet_writer_create(&w, at("d4.parquet"), &t.schema, &o, &err) == TPCH_OK, "create d4");
  int64_t rows = 0;
  for (int64_t g = 0; g < nrg; g++) {
    rows += tpch_parquet_rowgroup_rows(rgs[g]);
    CHECK(tpch_parquet_rowgroup_bytes(rgs[g]) > 0, "row group bytes");
    CHECK(tpch_parquet_writer_append_rowgroup(w, rgs[g], &err) == TPCH_OK, "append %lld: %s", (long long)g,
          err.message);
  }
  CHECK(rows == 25000, "row group rows add up");
  CHECK(tpch_parquet_writer_close(w, &err) == TPCH_OK, "close d4");
  tpch_parquet_writer_destroy(w);
  CHECK(same_file(at("d1.parquet"), at("d4.parquet")), "parallel row groups give the same bytes");

  /* row groups cut by bytes do not depend on batching either */
  o.row_group_rows = 0;
  o.row_group_bytes = 60000;
  CHECK(write_file(at("d5.parquet"), &t, &o, 25000, &err) == TPCH_OK, "by bytes, one batch");
  CHECK(write_file(at("d6.parquet"), &t, &o, 333, &err) == TPCH_OK, "by bytes, batches of 333");
  CHECK(same_file(at("d5.parquet"), at("d6.parquet")), "row groups by bytes: same bytes");
  tpch_parquet_writer_options o2 = o;
  o2.compression = TPCH_PARQUET_COMPRESSION_SNAPPY;
  /* a row group from an encoder with other options is refused */
  tpch_parquet_rowgroup_encoder *e;
  tpch_parquet_rowgroup *rg;
  CHECK(tpch_parquet_rowgroup_encoder_create(&e, &t.schema, &o2, &err) == TPCH_OK, "encoder o2");
  CHECK(tpch_parquet_rowgroup_encoder_add(e, &t.array, &err) == TPCH_OK &&
            tpch_parquet_rowgroup_encoder_finish(e, &rg, &err) == TPCH_OK,
        "encode o2");
  CHECK(tpch_parquet_writer_create(&w, at("d7.parquet"), &t.schema, &o, &err) == TPCH_OK, "create d7");
  CHECK(tpch_parquet_writer_append_rowgroup(w, rg, &err) == TPCH_ESCHEMA, "mismatched row group refused: %s",
        err.message);
  CHECK(tpch_parquet_writer_append_rowgroup(w, NULL, &err) == TPCH_EINVAL, "NULL row group");
  CHECK(tpch_parquet_rowgroup_encoder_finish(e, NULL, &err) == TPCH_EINVAL, "NULL out");
  CHECK(tpch_parquet_rowgroup_encoder_add(NULL, &t.array, &err) == TPCH_EINVAL, "NULL encoder");
  CHECK(tpch_parquet_rowgroup_rows(NULL) == 0 && tpch_parquet_rowgroup_bytes(NULL) == 0,
        "NULL row group sizes");
  tpch_parquet_rowgroup_free(NULL);
  tpch_parquet_rowgroup_encoder_destroy(e);
  tpch_parquet_rowgroup_encoder_destroy(NULL);
  tpch_parquet_writer_destroy(w);

  /* 0 means the default: zeroed options and the defaults spelled out give one file */
  tpch_parquet_writer_options z = quick(), x = quick();
  x.compression = TPCH_PARQUET_COMPRESSION_ZSTD;
  x.compression_level = TPCH_PARQUET_DEFAULT_ZSTD_LEVEL;
  x.row_group_bytes = TPCH_PARQUET_DEFAULT_ROW_GROUP_BYTES;
  x.page_bytes = TPCH_PARQUET_DEFAULT_PAGE_BYTES;
  x.data_page_version = 1;
  x.dictionary_max_bytes = TPCH_PARQUET_DEFAULT_DICTIONARY_MAX_BYTES;
  x.mode = TPCH_WRITE_CREATE;
  CHECK(write_file(at("z1.parquet"), &t, &z, 25000, &err) == TPCH_OK, "zeroed options: %s", err.message);
  CHECK(write_file(at("z2.parquet"), &t, &x, 25000, &err) == TPCH_OK, "defaults spelled out: %s",
        err.message);
  CHECK(same_file(at("z1.parquet"), at("z2.parquet")), "0 = the default: same bytes");
  x.mode = TPCH_WRITE_APPEND;
  CHECK(write_file(at("z3.parquet"), &t, &x, 25000, &err) == TPCH_EUNSUPPORTED && !exists(at("z3.parquet")),
        "APPEND to a Parquet file is unsupported: %s", err.message);
  unlink(at("z1.parquet")), unlink(at("z2.parquet"));
  for (int k = 1; k <= 6; k++) {
    char name[32];
    snprintf(name, sizeof name, "d%d.parquet", k);
    unlink(at(name));
  }
  CHECK(dir_entries() == 0, "clean");
  tb_free(&t);
}

int main(void) {
  if (mkdtemp(dir) == NULL) {
    CHECK(0, "mkdtemp");
    return check_finish();
  }
  test_defaults();
  test_create_errors();
  test_existing_file();
  test_batch_errors();
  test_failure_state();
  test_info_truncation();
  test_mixing();
  test_determinism();
  rmdir(dir);
  return check_finish();
}
