/*
 * test_streams.c - the generator as an Arrow C stream (whole table, parts,
 * unit ranges, row limits, batch sizes) and the writers' _write_stream
 * (schema check, stream always released, failures final, stream errors
 * reported with the stream's own message).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "support/testutil.h"
#include "tpchgen.h"

static tpch_scale sc;
static tpch_text_pool *pool;
static char tmpdir[256];

/* Rows and batches of a stream; -1 on a stream error. Releases it. */
static int64_t drain(struct ArrowArrayStream *s, int64_t *batches, int64_t *first_key) {
  int64_t rows = 0;
  *batches = 0;
  for (;;) {
    struct ArrowArray a;
    if (s->get_next(s, &a) != 0) {
      rows = -1;
      break;
    }
    if (a.release == NULL) break;
    if (*batches == 0 && first_key)
      *first_key = ((const int64_t *)a.children[0]->buffers[1])[a.children[0]->offset];
    rows += a.length;
    (*batches)++;
    a.release(&a);
  }
  s->release(s);
  return rows;
}

static void test_generator_stream(void) {
  tpch_error err;
  struct ArrowArrayStream s;
  int64_t batches, key = 0;
  CHECK(tpch_gen_stream(&s, &sc, pool, TPCH_ORDERS, NULL, &err) == TPCH_OK, "orders stream: %s", err.message);
  struct ArrowSchema schema;
  CHECK(s.get_schema(&s, &schema) == 0 && schema.n_children == 9 &&
            strcmp(schema.children[0]->name, "o_orderkey") == 0,
        "stream schema");
  schema.release(&schema);
  CHECK(drain(&s, &batches, &key) == 15000 && batches == 1 && key == 1, "all 15000 orders in one batch");
  CHECK(s.release == NULL, "released");

  /* parts: dbgen's split, together the whole table */
  int64_t total = 0;
  for (int part = 1; part <= 3; part++) {
    tpch_gen_stream_options o = {.parts = 3, .part = part, .batch_rows = 1000};
    CHECK(tpch_gen_stream(&s, &sc, pool, TPCH_CUSTOMER, &o, &err) == TPCH_OK, "part %d: %s", part,
          err.message);
    int64_t rows = drain(&s, &batches, &key);
    CHECK(rows == (part < 3 ? 500 : 500) && batches == 1 && key == 1 + 500 * (part - 1),
          "customer part %d: %lld rows", part, (long long)rows);
    total += rows;
  }
  CHECK(total == 1500, "parts add up");
  tpch_gen_stream_options o2 = {.parts = 2, .part = 2};
  CHECK(tpch_gen_stream(&s, &sc, pool, TPCH_NATION, &o2, &err) == TPCH_OK && drain(&s, &batches, NULL) == 0 &&
            batches == 0,
        "nation is empty in part 2");

  /* a unit range with a row limit and small batches */
  tpch_gen_stream_options o3 = {.first_unit = 101, .unit_count = 50, .max_rows = 130, .batch_rows = 40};
  CHECK(tpch_gen_stream(&s, &sc, pool, TPCH_LINEITEM, &o3, &err) == TPCH_OK, "range: %s", err.message);
  int64_t want_key = -1;
  tpch_gen *g;
  struct ArrowArray a;
  if (tpch_gen_create(&g, &sc, pool, TPCH_LINEITEM, 101, 1, &err) == TPCH_OK) {
    if (tpch_gen_next(g, 100, &a, &err) > 0) {
      want_key = ((const int64_t *)a.children[0]->buffers[1])[a.children[0]->offset];
      a.release(&a);
    }
    tpch_gen_destroy(g);
  }
  CHECK(drain(&s, &batches, &key) == 130 && key == want_key && batches >= 4,
        "130 lines from order 101 (%lld)", (long long)batches);

  tpch_gen_stream_options bad = {.first_unit = 14000, .unit_count = 2000};
  CHECK(tpch_gen_stream(&s, &sc, pool, TPCH_ORDERS, &bad, &err) == TPCH_EINVAL, "range past the end");
  tpch_gen_stream_options bad2 = {.parts = 2, .part = 3};
  CHECK(tpch_gen_stream(&s, &sc, pool, TPCH_ORDERS, &bad2, &err) == TPCH_EINVAL, "part past parts");
  tpch_gen_stream_options bad3 = {.batch_rows = 3};
  CHECK(tpch_gen_stream(&s, &sc, pool, TPCH_LINEITEM, &bad3, &err) == TPCH_EINVAL, "batch below one order");
}

/* ---- threads: the same rows as one thread ---------------------------------- */

/* FNV-1a over every value of every column, in row order; 0 for a column
 * type this does not know. */
static uint64_t fnv(uint64_t h, const void *data, size_t n) {
  const unsigned char *b = data;
  for (size_t i = 0; i < n; i++)
    h = (h ^ b[i]) * 1099511628211ULL;
  return h;
}

static int value_width(const char *format) {
  switch (format[0]) {
  case 'l':
  case 'L':
  case 'g': return 8;
  case 'i':
  case 'I': return 4;
  case 't': return strcmp(format, "tdD") == 0 ? 4 : 0;
  case 'd': return 16;
  case 'u': return -1;
  default: return 0;
  }
}

/* Digests of each column (cols of them) over the whole stream, rows in
 * *rows; releases the stream. -1 on a stream error or an unknown type. */
static int digest_stream(struct ArrowArrayStream *s, int cols, uint64_t *h, int64_t *rows, int64_t *batches) {
  struct ArrowSchema schema;
  int rc = s->get_schema(s, &schema) == 0 && schema.n_children == cols ? 0 : -1;
  for (int c = 0; c < cols; c++)
    h[c] = 1469598103934665603ULL;
  *rows = *batches = 0;
  while (rc == 0) {
    struct ArrowArray a;
    if (s->get_next(s, &a) != 0) {
      rc = -1;
      break;
    }
    if (a.release == NULL) break;
    for (int c = 0; c < cols && rc == 0; c++) {
      const struct ArrowArray *col = a.children[c];
      int w = value_width(schema.children[c]->format);
      for (int64_t r = col->offset; r < col->offset + a.length && rc == 0; r++) {
        if (w > 0) {
          h[c] = fnv(h[c], (const char *)col->buffers[1] + r * w, (size_t)w);
        } else if (w < 0) {
          const int32_t *off = col->buffers[1];
          h[c] = fnv(h[c], (const char *)col->buffers[2] + off[r], (size_t)(off[r + 1] - off[r]));
          h[c] = fnv(h[c], "|", 1);
        } else {
          rc = -1;
        }
      }
    }
    *rows += a.length;
    (*batches)++;
    a.release(&a);
  }
  schema.release(&schema);
  s->release(s);
  return rc;
}

static void test_threaded_stream(void) {
  tpch_error err;
  struct ArrowArrayStream s;
  const tpch_table tables[] = {TPCH_LINEITEM, TPCH_PARTSUPP, TPCH_CUSTOMER};
  for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
    int cols = tpch_table_columns(tables[t]);
    uint64_t want[32], got[32];
    int64_t want_rows, rows, batches;
    tpch_gen_stream_options one = {.batch_rows = 200};
    CHECK(tpch_gen_stream(&s, &sc, pool, tables[t], &one, &err) == TPCH_OK &&
              digest_stream(&s, cols, want, &want_rows, &batches) == 0,
          "%s, one thread", tpch_table_name(tables[t]));
    for (int threads = 2; threads <= 5; threads += 3) {
      tpch_gen_stream_options o = {.batch_rows = 200, .threads = threads};
      CHECK(tpch_gen_stream(&s, &sc, pool, tables[t], &o, &err) == TPCH_OK &&
                digest_stream(&s, cols, got, &rows, &batches) == 0,
            "%s, %d threads", tpch_table_name(tables[t]), threads);
      CHECK(rows == want_rows && memcmp(got, want, (size_t)cols * sizeof got[0]) == 0 && batches > 4,
            "%s, %d threads: the same %lld rows in order (%lld batches)", tpch_table_name(tables[t]), threads,
            (long long)rows, (long long)batches);
    }
  }
  /* a part, a row limit, a unit range: the same as one thread */
  tpch_gen_stream_options variants[] = {
      {.parts = 3, .part = 2, .batch_rows = 500},
      {.first_unit = 101, .unit_count = 3000, .max_rows = 4321, .batch_rows = 700},
  };
  for (size_t v = 0; v < 2; v++) {
    uint64_t want[32], got[32];
    int64_t want_rows = -1, rows = -2, batches;
    tpch_gen_stream_options o = variants[v];
    if (tpch_gen_stream(&s, &sc, pool, TPCH_LINEITEM, &o, &err) == TPCH_OK)
      digest_stream(&s, 16, want, &want_rows, &batches);
    o.threads = 3;
    if (tpch_gen_stream(&s, &sc, pool, TPCH_LINEITEM, &o, &err) == TPCH_OK)
      digest_stream(&s, 16, got, &rows, &batches);
    CHECK(rows == want_rows && rows > 0 && memcmp(got, want, sizeof got[0] * 16) == 0,
          "lineitem variant %zu with 3 threads: %lld rows as one thread's %lld", v, (long long)rows,
          (long long)want_rows);
  }
  /* released half-read, and released before any get_next (ASan: nothing leaks) */
  tpch_gen_stream_options o = {.batch_rows = 100, .threads = 4};
  CHECK(tpch_gen_stream(&s, &sc, pool, TPCH_LINEITEM, &o, &err) == TPCH_OK, "stream: %s", err.message);
  struct ArrowArray a;
  CHECK(s.get_next(&s, &a) == 0 && a.release && a.length > 0, "one batch");
  if (a.release) a.release(&a);
  s.release(&s);
  CHECK(tpch_gen_stream(&s, &sc, pool, TPCH_ORDERS, &o, &err) == TPCH_OK, "stream: %s", err.message);
  s.release(&s);
  tpch_gen_stream_options bad = {.threads = 257};
  CHECK(tpch_gen_stream(&s, &sc, pool, TPCH_ORDERS, &bad, &err) == TPCH_EINVAL &&
            strstr(err.message, "threads"),
        "257 threads refused: %s", err.message);
}

/* ---- a stream that fails after one batch, and one whose schema differs ---- */

typedef struct fake {
  struct ArrowArrayStream inner;
  int calls;
  int fail_at;
  int wrong_schema;
  int *released;
} fake;

/* The generator's schema with column 1 renamed: the renamed column and the
 * children array are the fake's own, the generator's schema stays intact
 * (a consumer may not write into a producer's schema) and is released by
 * the wrapper's release. */
typedef struct renamed {
  struct ArrowSchema inner;
  struct ArrowSchema col1;
  struct ArrowSchema *kids[32];
} renamed;

static void renamed_col_release(struct ArrowSchema *s) {
  s->release = NULL;
}

static void renamed_release(struct ArrowSchema *s) {
  renamed *r = s->private_data;
  r->inner.release(&r->inner);
  free(r);
  s->release = NULL;
}

static int fake_schema(struct ArrowArrayStream *s, struct ArrowSchema *out) {
  fake *f = s->private_data;
  int rc = f->inner.get_schema(&f->inner, out);
  if (rc != 0 || !f->wrong_schema) return rc;
  renamed *r = calloc(1, sizeof *r);
  if (r == NULL || out->n_children < 2 || out->n_children > 32) {
    free(r);
    out->release(out);
    return ENOMEM;
  }
  r->inner = *out;
  for (int64_t i = 0; i < out->n_children; i++)
    r->kids[i] = out->children[i];
  r->col1 = *out->children[1];
  r->col1.name = "not_a_column";
  r->col1.release = renamed_col_release;
  r->kids[1] = &r->col1;
  out->children = r->kids;
  out->release = renamed_release;
  out->private_data = r;
  return 0;
}
static int fake_next(struct ArrowArrayStream *s, struct ArrowArray *out) {
  fake *f = s->private_data;
  if (++f->calls == f->fail_at) return EIO;
  return f->inner.get_next(&f->inner, out);
}
static const char *fake_error(struct ArrowArrayStream *s) {
  (void)s;
  return "disk on fire";
}
static void fake_release(struct ArrowArrayStream *s) {
  fake *f = s->private_data;
  f->inner.release(&f->inner);
  (*f->released)++;
  free(f);
  s->release = NULL;
}

static void make_fake(struct ArrowArrayStream *s, int fail_at, int wrong_schema, int *released) {
  fake *f = calloc(1, sizeof *f);
  tpch_gen_stream_options o = {.batch_rows = 100};
  tpch_gen_stream(&f->inner, &sc, pool, TPCH_ORDERS, &o, NULL);
  f->fail_at = fail_at, f->wrong_schema = wrong_schema, f->released = released;
  *s = (struct ArrowArrayStream){fake_schema, fake_next, fake_error, fake_release, f};
}

static void test_write_stream(void) {
  tpch_error err;
  struct ArrowSchema schema;
  tpch_table_schema(TPCH_ORDERS, &schema, NULL);
  char path[512];
  struct ArrowArrayStream s;
  int released = 0;

  /* Parquet */
  tpch_parquet_writer *pw = NULL;
  fmt(path, sizeof path, "%s/a.parquet", tmpdir);
  tpch_parquet_writer_options po;
  tpch_parquet_writer_options_init(&po);
  po.no_fsync = 1;
  CHECK(tpch_parquet_writer_create(&pw, path, &schema, &po, &err) == TPCH_OK, "parquet create");
  make_fake(&s, 0, 1, &released);
  CHECK(tpch_parquet_writer_write_stream(pw, &s, &err) == TPCH_ESCHEMA && strstr(err.message, "not_a_column"),
        "parquet: schema mismatch: %s", err.message);
  CHECK(released == 1 && s.release == NULL, "parquet: stream released on a schema mismatch");
  CHECK(tpch_parquet_writer_close(pw, &err) == TPCH_ESTATE && access(path, F_OK) != 0,
        "parquet: failure is final");
  tpch_parquet_writer_destroy(pw);
  CHECK(tpch_parquet_writer_create(&pw, path, &schema, &po, &err) == TPCH_OK, "parquet create 2");
  make_fake(&s, 3, 0, &released);
  CHECK(tpch_parquet_writer_write_stream(pw, &s, &err) == TPCH_EIO && strstr(err.message, "disk on fire"),
        "parquet: the stream's error: %s", err.message);
  CHECK(released == 2, "parquet: released after a stream error");
  tpch_parquet_writer_destroy(pw);
  CHECK(tpch_parquet_writer_create(&pw, path, &schema, &po, &err) == TPCH_OK, "parquet create 3");
  make_fake(&s, 0, 0, &released);
  CHECK(tpch_parquet_writer_write_stream(pw, &s, &err) == TPCH_OK &&
            tpch_parquet_writer_close(pw, &err) == TPCH_OK,
        "parquet: a good stream: %s", err.message);
  tpch_parquet_file_info info;
  CHECK(tpch_parquet_writer_file_info(pw, &info, &err) == TPCH_OK && info.num_rows == 15000,
        "parquet: 15000 rows");
  CHECK(released == 3, "parquet: released after success");
  make_fake(&s, 0, 0, &released);
  CHECK(tpch_parquet_writer_write_stream(pw, &s, &err) == TPCH_ESTATE && released == 4,
        "parquet: closed writer, released");
  tpch_parquet_writer_destroy(pw);

  /* Lance */
  fmt(path, sizeof path, "%s/a.lance", tmpdir);
  tpch_lance_writer_options lo;
  tpch_lance_writer_options_init(&lo);
  lo.no_fsync = 1;
  tpch_lance_writer *lw = NULL;
  tpch_lance_writer_create(&lw, path, &schema, &lo, &err);
  make_fake(&s, 2, 0, &released);
  CHECK(lw && tpch_lance_writer_write_stream(lw, &s, &err) == TPCH_EIO &&
            strstr(lance_writer_last_error(lw), "disk on fire"),
        "lance: stream error: %s", err.message);
  CHECK(released == 5 && lance_writer_close(lw) == TPCH_ESTATE, "lance: released, failure final");
  lance_writer_destroy(lw);
  tpch_lance_writer_create(&lw, path, &schema, &lo, &err);
  make_fake(&s, 0, 0, &released);
  CHECK(lw && tpch_lance_writer_write_stream(lw, &s, &err) == TPCH_OK && lance_writer_close(lw) == TPCH_OK &&
            tpch_lance_writer_version(lw) == 1,
        "lance: a good stream: %s", err.message);
  lance_writer_destroy(lw);

  /* Iceberg */
  fmt(path, sizeof path, "%s/ice", tmpdir);
  tpch_iceberg_writer_options io;
  tpch_iceberg_writer_options_init(&io);
  io.no_fsync = 1;
  tpch_iceberg_writer *iw = NULL;
  CHECK(tpch_iceberg_writer_create(&iw, path, &schema, &io, &err) == TPCH_OK, "iceberg create");
  make_fake(&s, 0, 1, &released);
  CHECK(tpch_iceberg_writer_write_stream(iw, &s, &err) == TPCH_ESCHEMA && released == 7,
        "iceberg: schema mismatch");
  CHECK(tpch_iceberg_writer_close(iw, &err) == TPCH_ESTATE, "iceberg: failure final");
  tpch_iceberg_writer_destroy(iw);
  tpch_iceberg_commit_info ci;
  CHECK(tpch_iceberg_writer_create(&iw, path, &schema, &io, &err) == TPCH_OK, "iceberg create 2");
  make_fake(&s, 0, 0, &released);
  CHECK(tpch_iceberg_writer_write_stream(iw, &s, &err) == TPCH_OK &&
            tpch_iceberg_writer_close(iw, &err) == TPCH_OK &&
            tpch_iceberg_writer_commit_info(iw, &ci, &err) == TPCH_OK && ci.added_records == 15000,
        "iceberg: a good stream: %s", err.message);
  tpch_iceberg_writer_destroy(iw);
  int64_t version = -1;
  CHECK(tpch_iceberg_table_latest_version(path, &version, &err) == TPCH_OK && version == 1,
        "iceberg latest version");
  uint64_t lv = 0;
  fmt(path, sizeof path, "%s/a.lance", tmpdir);
  CHECK(tpch_lance_dataset_latest_version(path, &lv, &err) == TPCH_OK && lv == 1, "lance latest version");
  fmt(path, sizeof path, "%s/none", tmpdir);
  CHECK(tpch_lance_dataset_latest_version(path, &lv, &err) == TPCH_OK && lv == 0, "no dataset: version 0");
  CHECK(tpch_iceberg_table_latest_version(path, &version, &err) == TPCH_OK && version == 0,
        "no table: version 0");

  /* Paimon */
  fmt(path, sizeof path, "%s/pmn", tmpdir);
  tpch_paimon_writer_options pmo;
  tpch_paimon_writer_options_init(&pmo);
  pmo.no_fsync = 1;
  tpch_paimon_writer *mw = NULL;
  CHECK(tpch_paimon_writer_create(&mw, path, &schema, &pmo, &err) == TPCH_OK, "paimon create");
  make_fake(&s, 0, 1, &released);
  CHECK(tpch_paimon_writer_write_stream(mw, &s, &err) == TPCH_ESCHEMA &&
            strstr(err.message, "not_a_column") && released == 9 && s.release == NULL,
        "paimon: schema mismatch, stream released: %s", err.message);
  CHECK(tpch_paimon_writer_close(mw, &err) == TPCH_ESTATE, "paimon: failure final");
  tpch_paimon_writer_destroy(mw);
  CHECK(tpch_paimon_writer_create(&mw, path, &schema, &pmo, &err) == TPCH_OK, "paimon create 2");
  make_fake(&s, 3, 0, &released);
  CHECK(tpch_paimon_writer_write_stream(mw, &s, &err) == TPCH_EIO && strstr(err.message, "disk on fire") &&
            released == 10,
        "paimon: the stream's error, stream released: %s", err.message);
  CHECK(tpch_paimon_writer_close(mw, &err) == TPCH_ESTATE, "paimon: stream failure final");
  tpch_paimon_writer_destroy(mw);
  CHECK(tpch_paimon_writer_create(&mw, path, &schema, &pmo, &err) == TPCH_OK, "paimon create 3");
  make_fake(&s, 0, 0, &released);
  CHECK(tpch_paimon_writer_write_stream(mw, &s, &err) == TPCH_OK &&
            tpch_paimon_writer_close(mw, &err) == TPCH_OK,
        "paimon: a good stream: %s", err.message);
  char snap[512], text[4096] = "";
  fmt(snap, sizeof snap, "%s/snapshot/snapshot-1", path);
  FILE *sf = fopen(snap, "r");
  if (sf) {
    text[fread(text, 1, sizeof text - 1, sf)] = '\0';
    fclose(sf);
  }
  CHECK(strstr(text, "\"totalRecordCount\" : 15000,") != NULL, "paimon: snapshot 1 holds the 15000 rows");
  make_fake(&s, 0, 0, &released);
  CHECK(tpch_paimon_writer_write_stream(mw, &s, &err) == TPCH_ESTATE && released == 12,
        "paimon: closed writer, released");
  tpch_paimon_writer_destroy(mw);
  schema.release(&schema);
}

int main(void) {
  const char *base = getenv("TPCH_TMP");
  fmt(tmpdir, sizeof tmpdir, "%s/streams-XXXXXX", base && *base ? base : "/tmp");
  tpch_error err;
  if (mkdtemp(tmpdir) == NULL || tpch_scale_parse("0.01", &sc, &err) != TPCH_OK ||
      tpch_text_pool_build(&pool, TPCH_TEXT_POOL_SIZE, &err) != TPCH_OK) {
    fprintf(stderr, "setup failed\n");
    return 1;
  }
  CHECK(strcmp(tpch_version(), TPCH_VERSION) == 0, "tpch_version");
  test_generator_stream();
  test_threaded_stream();
  test_write_stream();
  tpch_text_pool_destroy(pool);
  return check_finish();
}
