/*
 * test_orc_api.c - the public contract of orc_writer.h: argument, type and
 * state errors, existing files, schema mismatches, a failed write (file size
 * limit), write_stream, and what each failure leaves behind (nothing under
 * the final name, no temporary file after destroy); the parallel stripe
 * encoder gives the same bytes as write().
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "orc_writer.h"
#include "test_parquet_arrow.h"

static char dir[] = "/tmp/tpch-orc-api-XXXXXX";

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

static long file_size(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

static void make_table(tb_table *t, int rows) {
  tb_init(t);
  tb_add_col(t, "key", 'l', 0, 0, 0);
  tb_add_col(t, "price", 'd', 0, 15, 2);
  tb_add_col(t, "note", 'u', 1, 0, 0);
  tb_add_col(t, "day", 't', 0, 0, 0);
  char buf[64];
  for (int r = 0; r < rows; r++) {
    tb_push_i64(&t->cols[0], r);
    tb_push_dec64(&t->cols[1], (r * 7919LL) % 100000 - 50000);
    snprintf(buf, sizeof buf, "note %d %d", r % 7, r % 1000);
    if (r % 9 == 0)
      tb_push_null(&t->cols[2]);
    else
      tb_push_str(&t->cols[2], buf);
    tb_push_i32(&t->cols[3], 8000 + r % 2500);
  }
  tb_finish(t, 0, 0);
}

static tpch_orc_writer_options quick(void) {
  tpch_orc_writer_options o;
  tpch_orc_writer_options_init(&o);
  o.no_fsync = 1;
  return o;
}

static int bytes_equal(const char *a, const char *b) {
  FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
  int same = x && y;
  while (same) {
    int cx = fgetc(x), cy = fgetc(y);
    if (cx != cy) same = 0;
    if (cx == EOF || cy == EOF) break;
  }
  if (x) fclose(x);
  if (y) fclose(y);
  return same;
}

/* ---- a stream over the rows of a table, in batches of 1000 ---- */
typedef struct test_stream {
  tb_table *t;
  int64_t at;
  int fail_at; /* batch number to fail at, -1 never */
  int batches;
  struct ArrowArray kids[TB_MAX_COLS];
  struct ArrowArray *kp[TB_MAX_COLS];
} test_stream;

static int ts_schema(struct ArrowArrayStream *s, struct ArrowSchema *out) {
  test_stream *ts = s->private_data;
  *out = ts->t->schema; /* release is a no-op in tb */
  return 0;
}

static int ts_next(struct ArrowArrayStream *s, struct ArrowArray *out) {
  test_stream *ts = s->private_data;
  int64_t n = ts->t->cols[0].n;
  if (ts->batches++ == ts->fail_at) return 5;
  if (ts->at >= n) {
    memset(out, 0, sizeof *out);
    return 0;
  }
  *out = ts->t->array;
  out->offset = ts->at;
  out->length = n - ts->at < 1000 ? n - ts->at : 1000;
  ts->at += out->length;
  return 0;
}

static const char *ts_error(struct ArrowArrayStream *s) {
  (void)s;
  return "test stream failure";
}

static int released;
static void ts_release(struct ArrowArrayStream *s) {
  released++;
  s->release = NULL;
}

static void ts_init(struct ArrowArrayStream *s, test_stream *ts, tb_table *t, int fail_at) {
  memset(ts, 0, sizeof *ts);
  ts->t = t;
  ts->fail_at = fail_at;
  s->get_schema = ts_schema;
  s->get_next = ts_next;
  s->get_last_error = ts_error;
  s->release = ts_release;
  s->private_data = ts;
}

int main(void) {
  if (mkdtemp(dir) == NULL) return 1;
  tpch_error err;
  tpch_orc_writer *w = NULL;
  tb_table t;
  make_table(&t, 25000);
  tpch_orc_writer_options o = quick();

  /* arguments */
  CHECK(tpch_orc_writer_create(NULL, at("a.orc"), &t.schema, &o, &err) == TPCH_EINVAL, "NULL out");
  CHECK(tpch_orc_writer_create(&w, NULL, &t.schema, &o, &err) == TPCH_EINVAL && w == NULL, "NULL path");
  CHECK(tpch_orc_writer_create(&w, at("a.orc"), NULL, &o, &err) == TPCH_EINVAL, "NULL schema");
  CHECK(tpch_orc_writer_write(NULL, &t.array, &err) == TPCH_EINVAL, "NULL writer");
  CHECK(tpch_orc_writer_close(NULL, &err) == TPCH_EINVAL, "close NULL");
  tpch_orc_writer_destroy(NULL);
  tpch_orc_stripe_free(NULL);
  tpch_orc_stripe_encoder_destroy(NULL);

  /* unsupported types and options: one error, no file */
  {
    tb_table u;
    make_table(&u, 3);
    u.cols[1].sch.format = "tsu:UTC";
    CHECK(tpch_orc_writer_create(&w, at("u.orc"), &u.schema, &o, &err) == TPCH_EUNSUPPORTED && w == NULL,
          "timestamp column");
    CHECK(strstr(err.message, "price") != NULL, "the message names the column: %s", err.message);
    u.cols[1].sch.format = "+l";
    CHECK(tpch_orc_writer_create(&w, at("u.orc"), &u.schema, &o, &err) == TPCH_EUNSUPPORTED, "list column");
    u.cols[1].sch.format = "d:40,2";
    CHECK(tpch_orc_writer_create(&w, at("u.orc"), &u.schema, &o, &err) == TPCH_EUNSUPPORTED, "decimal(40,2)");
    u.schema.format = "i";
    CHECK(tpch_orc_writer_create(&w, at("u.orc"), &u.schema, &o, &err) == TPCH_EINVAL, "not a struct");
    tb_free(&u);
    tpch_orc_writer_options bad = quick();
    bad.mode = TPCH_WRITE_APPEND;
    CHECK(tpch_orc_writer_create(&w, at("u.orc"), &t.schema, &bad, &err) == TPCH_EUNSUPPORTED, "append mode");
    bad = quick();
    bad.compression = (tpch_orc_compression)77;
    CHECK(tpch_orc_writer_create(&w, at("u.orc"), &t.schema, &bad, &err) == TPCH_EINVAL, "codec 77");
    bad = quick();
    bad.compression_block = 100;
    CHECK(tpch_orc_writer_create(&w, at("u.orc"), &t.schema, &bad, &err) == TPCH_EINVAL, "100-byte chunks");
    CHECK(dir_entries() == 0, "nothing created by failed creates");
  }

  /* a good file, then state errors */
  CHECK(tpch_orc_writer_create(&w, at("a.orc"), &t.schema, &o, &err) == TPCH_OK, "create: %s", err.message);
  CHECK(!exists(at("a.orc")), "no final name before close");
  CHECK(tpch_orc_writer_write(w, &t.array, &err) == TPCH_OK, "write: %s", err.message);
  CHECK(tpch_orc_writer_close(w, &err) == TPCH_OK, "close: %s", err.message);
  int64_t bytes = 0, rows = 0;
  CHECK(tpch_orc_writer_info(w, &bytes, &rows, &err) == TPCH_OK && rows == 25000 &&
            bytes == file_size(at("a.orc")),
        "info: %lld rows, %lld bytes", (long long)rows, (long long)bytes);
  CHECK(tpch_orc_writer_write(w, &t.array, &err) == TPCH_ESTATE, "write after close");
  CHECK(tpch_orc_writer_close(w, &err) == TPCH_ESTATE, "close twice");
  tpch_orc_writer_destroy(w);
  CHECK(exists(at("a.orc")) && dir_entries() == 1, "the file stays after destroy");

  /* existing file: CREATE refuses and leaves it alone, OVERWRITE replaces */
  long before = file_size(at("a.orc"));
  CHECK(tpch_orc_writer_create(&w, at("a.orc"), &t.schema, &o, &err) == TPCH_EEXIST && w == NULL, "exists");
  CHECK(file_size(at("a.orc")) == before, "untouched");
  tpch_orc_writer_options ow = quick();
  ow.mode = TPCH_WRITE_OVERWRITE;
  CHECK(tpch_orc_writer_create(&w, at("a.orc"), &t.schema, &ow, &err) == TPCH_OK, "overwrite");
  CHECK(tpch_orc_writer_write(w, &t.array, &err) == TPCH_OK, "write");
  CHECK(tpch_orc_writer_close(w, &err) == TPCH_OK, "close");
  tpch_orc_writer_destroy(w);
  CHECK(bytes_equal(at("a.orc"), at("a.orc")) && file_size(at("a.orc")) == before, "same bytes again");

  /* schema mismatch: final, nothing published */
  {
    tb_table other;
    tb_init(&other);
    tb_add_col(&other, "x", 'l', 0, 0, 0);
    tb_push_i64(&other.cols[0], 1);
    tb_finish(&other, 0, 0);
    CHECK(tpch_orc_writer_create(&w, at("m.orc"), &t.schema, &o, &err) == TPCH_OK, "create");
    CHECK(tpch_orc_writer_write(w, &other.array, &err) == TPCH_ESCHEMA, "1-column batch");
    CHECK(tpch_orc_writer_write(w, &t.array, &err) == TPCH_ESTATE, "failure is final");
    CHECK(tpch_orc_writer_close(w, &err) == TPCH_ESTATE, "close after failure");
    tpch_orc_writer_destroy(w);
    CHECK(!exists(at("m.orc")) && dir_entries() == 1, "no file after a mismatch");
    /* the stripe encoder refuses a stripe of another schema */
    tpch_orc_stripe_encoder *e = NULL;
    tpch_orc_stripe *st = NULL;
    CHECK(tpch_orc_stripe_encoder_create(&e, &other.schema, &o, &err) == TPCH_OK, "encoder");
    CHECK(tpch_orc_stripe_encoder_add(e, &other.array, &err) == TPCH_OK, "add");
    CHECK(tpch_orc_stripe_encoder_finish(e, &st, &err) == TPCH_OK && tpch_orc_stripe_rows(st) == 1, "finish");
    CHECK(tpch_orc_writer_create(&w, at("m.orc"), &t.schema, &o, &err) == TPCH_OK, "create");
    CHECK(tpch_orc_writer_append_stripe(w, st, &err) == TPCH_ESCHEMA, "foreign stripe");
    tpch_orc_writer_destroy(w);
    tpch_orc_stripe_encoder_destroy(e);
    CHECK(!exists(at("m.orc")) && dir_entries() == 1, "no file after a foreign stripe");
    tb_free(&other);
  }

  /* malformed batches (the validation every writer shares): final, no file */
  {
    tb_table bad;
    tb_init(&bad);
    tb_add_col(&bad, "s", 'u', 0, 0, 0);
    tb_push_str(&bad.cols[0], "abc");
    tb_push_str(&bad.cols[0], "de");
    tb_finish(&bad, 0, 0);
    int32_t *off = (int32_t *)bad.cols[0].offsets_out;
    off[1] = 4; /* offsets 0, 4, 2: the second value would end before it starts */
    off[2] = 2;
    CHECK(tpch_orc_writer_create(&w, at("b.orc"), &bad.schema, &o, &err) == TPCH_OK, "create");
    CHECK(tpch_orc_writer_write(w, &bad.array, &err) == TPCH_EINVAL, "decreasing string offsets: %s",
          err.message);
    CHECK(tpch_orc_writer_write(w, &bad.array, &err) == TPCH_ESTATE, "failure is final");
    tpch_orc_writer_destroy(w);
    off[1] = 3, off[2] = 5;
    const void *struct_bits[1] = {"\x02"}; /* row 0 of the struct is null */
    bad.array.buffers = struct_bits;
    bad.array.null_count = 1;
    CHECK(tpch_orc_writer_create(&w, at("b.orc"), &bad.schema, &o, &err) == TPCH_OK, "create");
    CHECK(tpch_orc_writer_write(w, &bad.array, &err) == TPCH_EUNSUPPORTED, "a null struct row: %s",
          err.message);
    tpch_orc_writer_destroy(w);
    CHECK(!exists(at("b.orc")) && dir_entries() == 1, "no file after a malformed batch");
    bad.array.buffers = bad.struct_bufs;
    bad.array.null_count = 0;
    tb_free(&bad);
  }

  /* a failed write (file size limit): one error, no file, no temp file */
  {
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, SIG_IGN);
    lim = old;
    lim.rlim_cur = 20000;
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0, "setrlimit");
    tpch_orc_writer_options small = quick();
    small.stripe_bytes = 1; /* a stripe per row group: writes during write() */
    int rc = tpch_orc_writer_create(&w, at("full.orc"), &t.schema, &small, &err);
    CHECK(rc == TPCH_OK, "create");
    for (int i = 0; i < 5 && rc == TPCH_OK; i++)
      rc = tpch_orc_writer_write(w, &t.array, &err);
    if (rc == TPCH_OK) rc = tpch_orc_writer_close(w, &err);
    CHECK(rc == TPCH_EIO, "a write past the limit fails with EIO (%d: %s)", rc, err.message);
    CHECK(tpch_orc_writer_close(w, &err) == TPCH_ESTATE, "then the writer is done");
    tpch_orc_writer_destroy(w);
    setrlimit(RLIMIT_FSIZE, &old);
    CHECK(!exists(at("full.orc")) && dir_entries() == 1, "no file after a failed write");
  }

  /* write_stream: same bytes as write(); a failing stream fails the writer */
  {
    struct ArrowArrayStream s;
    test_stream ts;
    ts_init(&s, &ts, &t, -1);
    released = 0;
    CHECK(tpch_orc_writer_create(&w, at("s.orc"), &t.schema, &o, &err) == TPCH_OK, "create");
    CHECK(tpch_orc_writer_write_stream(w, &s, &err) == TPCH_OK, "write_stream: %s", err.message);
    CHECK(released == 1, "the stream is released");
    CHECK(tpch_orc_writer_close(w, &err) == TPCH_OK, "close");
    tpch_orc_writer_destroy(w);
    CHECK(bytes_equal(at("s.orc"), at("a.orc")), "stream and batch give the same bytes");
    ts_init(&s, &ts, &t, 3);
    CHECK(tpch_orc_writer_create(&w, at("sf.orc"), &t.schema, &o, &err) == TPCH_OK, "create");
    CHECK(tpch_orc_writer_write_stream(w, &s, &err) == TPCH_EIO && released == 2, "failing stream");
    CHECK(strstr(err.message, "test stream failure") != NULL, "its message: %s", err.message);
    CHECK(tpch_orc_writer_close(w, &err) == TPCH_ESTATE, "final");
    tpch_orc_writer_destroy(w);
    CHECK(!exists(at("sf.orc")), "no file from a failed stream");
  }

  /* the parallel path: stripes from encoders == write() with the same cuts */
  {
    tpch_orc_writer_options cut = quick();
    cut.stripe_bytes = 1; /* write(): one stripe per 10,000-row group */
    CHECK(tpch_orc_writer_create(&w, at("w.orc"), &t.schema, &cut, &err) == TPCH_OK, "create");
    CHECK(tpch_orc_writer_write(w, &t.array, &err) == TPCH_OK, "write");
    CHECK(tpch_orc_writer_close(w, &err) == TPCH_OK, "close");
    tpch_orc_writer_destroy(w);
    tpch_orc_stripe_encoder *e1 = NULL, *e2 = NULL;
    CHECK(tpch_orc_stripe_encoder_create(&e1, &t.schema, &cut, &err) == TPCH_OK, "encoder 1");
    CHECK(tpch_orc_stripe_encoder_create(&e2, &t.schema, &cut, &err) == TPCH_OK, "encoder 2");
    CHECK(tpch_orc_writer_create(&w, at("p.orc"), &t.schema, &cut, &err) == TPCH_OK, "create");
    for (int64_t r = 0; r < 25000; r += 10000) {
      struct ArrowArray a = t.array;
      a.offset = r;
      a.length = 25000 - r < 10000 ? 25000 - r : 10000;
      tpch_orc_stripe *st = NULL;
      tpch_orc_stripe_encoder *e = (r / 10000) % 2 ? e2 : e1;
      CHECK(tpch_orc_stripe_encoder_add(e, &a, &err) == TPCH_OK, "add");
      CHECK(tpch_orc_stripe_encoder_finish(e, &st, &err) == TPCH_OK, "finish");
      CHECK(tpch_orc_stripe_bytes(st) > 0, "stripe bytes");
      CHECK(tpch_orc_writer_append_stripe(w, st, &err) == TPCH_OK, "append");
    }
    CHECK(tpch_orc_writer_close(w, &err) == TPCH_OK, "close");
    tpch_orc_writer_destroy(w);
    tpch_orc_stripe_encoder_destroy(e1);
    tpch_orc_stripe_encoder_destroy(e2);
    CHECK(bytes_equal(at("w.orc"), at("p.orc")), "parallel stripes give write()'s bytes");
  }

  /* clean up */
  const char *names[] = {"a.orc", "s.orc", "w.orc", "p.orc"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    unlink(at(names[i]));
  CHECK(dir_entries() == 0, "no temporary files left");
  rmdir(dir);
  tb_free(&t);
  return check_finish();
}
