/*
 * test_arrow_validate.c - the shared batch and schema validation, through
 * every writer (Parquet, Lance, Iceberg) and directly, plus the shared io
 * helpers (random bytes, UUIDs, whole-file read/write, path join, the newest
 * numbered file of a directory, varints).
 *
 * Each bad batch is built from a good one by changing one field, so a case
 * that passes shows that exactly that defect is caught: a negative child
 * offset, lengths/offsets whose sum overflows, string offsets that go
 * backwards or start below zero, an oversized value, a dictionary-encoded
 * column, nulls in a non-nullable column; and at create: column names that
 * are not UTF-8 or appear twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arrow/arrow_batch.h"
#include "arrow/arrow_schema.h"
#include "check.h"
#include "iceberg_writer.h"
#include "io/buf.h"
#include "io/files.h"
#include "io/random.h"
#include "io/sink.h"
#include "lance_writer.h"
#include "parquet_writer.h"
#include "support/testutil.h"

#define ROWS 4

static char tmpdir[256];

/* ---- one good two-column batch: id int64 (required), s utf8 (nullable) --- */

typedef struct fixture {
  struct ArrowSchema id_s, s_s, root_s;
  struct ArrowSchema *schema_kids[2];
  struct ArrowArray id_a, s_a, root_a;
  struct ArrowArray *array_kids[2];
  int64_t ids[ROWS];
  int32_t offs[ROWS + 1];
  char bytes[16];
  const void *id_bufs[2], *s_bufs[3], *root_bufs[1];
} fixture;

static void no_release_schema(struct ArrowSchema *s) {
  s->release = NULL;
}
static void no_release_array(struct ArrowArray *a) {
  a->release = NULL;
}

static void fixture_init(fixture *f) {
  memset(f, 0, sizeof *f);
  for (int i = 0; i < ROWS; i++)
    f->ids[i] = 100 + i;
  memcpy(f->bytes, "aabbbcccc", 9);
  int32_t offs[ROWS + 1] = {0, 2, 5, 9, 9};
  memcpy(f->offs, offs, sizeof offs);
  f->id_s = (struct ArrowSchema){.format = "l", .name = "id", .release = no_release_schema};
  f->s_s = (struct ArrowSchema){
      .format = "u", .name = "s", .flags = ARROW_FLAG_NULLABLE, .release = no_release_schema};
  f->schema_kids[0] = &f->id_s, f->schema_kids[1] = &f->s_s;
  f->root_s = (struct ArrowSchema){
      .format = "+s", .name = "", .n_children = 2, .children = f->schema_kids, .release = no_release_schema};
  f->id_bufs[0] = NULL, f->id_bufs[1] = f->ids;
  f->s_bufs[0] = NULL, f->s_bufs[1] = f->offs, f->s_bufs[2] = f->bytes;
  f->root_bufs[0] = NULL;
  f->id_a =
      (struct ArrowArray){.length = ROWS, .n_buffers = 2, .buffers = f->id_bufs, .release = no_release_array};
  f->s_a =
      (struct ArrowArray){.length = ROWS, .n_buffers = 3, .buffers = f->s_bufs, .release = no_release_array};
  f->array_kids[0] = &f->id_a, f->array_kids[1] = &f->s_a;
  f->root_a = (struct ArrowArray){.length = ROWS,
                                  .n_buffers = 1,
                                  .buffers = f->root_bufs,
                                  .n_children = 2,
                                  .children = f->array_kids,
                                  .release = no_release_array};
}

/* ---- each writer: create, write one batch, close; the status of the first failure --- */

static int n_out;

static int through_parquet(const fixture *f, tpch_error *err) {
  char path[512];
  fmt(path, sizeof path, "%s/p%d.parquet", tmpdir, n_out++);
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.no_fsync = 1;
  tpch_parquet_writer *w = NULL;
  int rc = tpch_parquet_writer_create(&w, path, &f->root_s, &o, err);
  if (rc == TPCH_OK) rc = tpch_parquet_writer_write(w, &f->root_a, err);
  if (rc == TPCH_OK) rc = tpch_parquet_writer_close(w, err);
  tpch_parquet_writer_destroy(w);
  return rc;
}

static int through_lance(const fixture *f, tpch_error *err) {
  char path[512];
  fmt(path, sizeof path, "%s/l%d.lance", tmpdir, n_out++);
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.no_fsync = 1;
  tpch_lance_writer *w = NULL;
  tpch_lance_writer_create(&w, path, &f->root_s, &o, err);
  if (w == NULL) return err->code;
  int rc = lance_writer_write_batch(w, &f->root_a, NULL);
  if (rc == TPCH_OK) rc = lance_writer_close(w);
  if (rc != TPCH_OK) tpch_error_set(err, rc, "%s", lance_writer_last_error(w));
  lance_writer_destroy(w);
  return rc;
}

static int through_iceberg(const fixture *f, tpch_error *err) {
  char path[512];
  fmt(path, sizeof path, "%s/i%d", tmpdir, n_out++);
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.no_fsync = 1;
  tpch_iceberg_writer *w = NULL;
  int rc = tpch_iceberg_writer_create(&w, path, &f->root_s, &o, err);
  if (rc == TPCH_OK) rc = tpch_iceberg_writer_write(w, &f->root_a, err);
  if (rc == TPCH_OK) rc = tpch_iceberg_writer_close(w, err);
  tpch_iceberg_writer_destroy(w);
  return rc;
}

static int direct(const fixture *f, tpch_error *err) {
  int rc = tpch_arrow_schema_check_table(&f->root_s, 1000, err);
  return rc != TPCH_OK ? rc : tpch_arrow_check_batch(&f->root_s, &f->root_a, err);
}

typedef int (*route)(const fixture *, tpch_error *);
static const struct {
  const char *name;
  route fn;
} routes[] = {
    {"check", direct}, {"parquet", through_parquet}, {"lance", through_lance}, {"iceberg", through_iceberg}};

/* Every route must end with `want` (and a message containing `needle`). */
static void expect(const fixture *f, int want, const char *needle, const char *what) {
  for (size_t r = 0; r < sizeof routes / sizeof routes[0]; r++) {
    tpch_error err;
    tpch_error_clear(&err);
    int rc = routes[r].fn(f, &err);
    CHECK(rc == want && (needle == NULL || strstr(err.message, needle) != NULL),
          "%s via %s: got %d (%s), want %d", what, routes[r].name, rc, err.message, want);
  }
}

static void test_batches(void) {
  fixture f;
  fixture_init(&f);
  expect(&f, TPCH_OK, NULL, "good batch");

  fixture_init(&f);
  f.id_a.offset = -1; /* would read the 8 bytes in front of ids */
  expect(&f, TPCH_EINVAL, "'id'", "negative child offset");

  fixture_init(&f);
  f.root_a.length = INT64_MAX, f.root_a.offset = 1;
  expect(&f, TPCH_EINVAL, "length or offset", "batch length INT64_MAX, offset 1");

  fixture_init(&f);
  f.id_a.length = INT64_MAX, f.id_a.offset = 1;
  expect(&f, TPCH_EINVAL, "'id'", "column length INT64_MAX, offset 1");

  fixture_init(&f);
  f.root_a.offset = INT64_MAX - 2, f.root_a.length = 2;
  expect(&f, TPCH_EINVAL, "length or offset", "batch offset near INT64_MAX");

  fixture_init(&f);
  f.offs[2] = 1; /* 0, 2, 1, 9: goes backwards */
  expect(&f, TPCH_EINVAL, "offsets", "descending string offsets");

  fixture_init(&f);
  f.offs[0] = -3;
  expect(&f, TPCH_EINVAL, "negative", "negative first string offset");

  fixture_init(&f);
  f.offs[4] = f.offs[3] + (1 << 30) + 1; /* one value above 1 GiB */
  expect(&f, TPCH_EINVAL, "offsets", "oversized string value");

  fixture_init(&f);
  f.s_bufs[2] = NULL;
  expect(&f, TPCH_ESCHEMA, "'s'", "string bytes missing");

  fixture_init(&f);
  f.root_a.offset = 1; /* rows 1..4 of a 4-row child: one too many */
  expect(&f, TPCH_ESCHEMA, "shorter", "child shorter than offset + length");

  fixture_init(&f);
  f.root_a.offset = 1, f.root_a.length = 3; /* the last three rows: fine */
  expect(&f, TPCH_OK, NULL, "struct offset within the children");

  fixture_init(&f);
  struct ArrowArray dict = f.s_a;
  f.id_a.dictionary = &dict; /* the values would be written as the indices */
  expect(&f, TPCH_EUNSUPPORTED, "dictionary", "dictionary-encoded column array");

  fixture_init(&f);
  uint8_t bits = 0x0B; /* row 2 null */
  f.id_bufs[0] = &bits, f.id_a.null_count = 1;
  expect(&f, TPCH_ESCHEMA, "not nullable", "nulls in a required column");

  fixture_init(&f);
  f.s_bufs[0] = &bits, f.s_a.null_count = 1;
  f.offs[2] = 2, f.offs[3] = 6; /* a null slot's offsets may be anything ascending */
  expect(&f, TPCH_OK, NULL, "nulls in a nullable column");

  fixture_init(&f);
  f.s_a.null_count = 2; /* says nulls, has no bitmap */
  expect(&f, TPCH_EINVAL, "bitmap", "nulls without a bitmap");
}

static void test_schemas(void) {
  fixture f;
  fixture_init(&f);
  f.s_s.name = "bad\xff";
  expect(&f, TPCH_EINVAL, "UTF-8", "column name not UTF-8");

  fixture_init(&f);
  f.s_s.name = "\xc0\xaf"; /* overlong '/' */
  expect(&f, TPCH_EINVAL, "UTF-8", "overlong UTF-8 name");

  fixture_init(&f);
  f.s_s.name = "id";
  expect(&f, TPCH_EINVAL, "twice", "duplicate column names");

  fixture_init(&f);
  f.s_s.name = "";
  expect(&f, TPCH_EINVAL, "no name", "empty column name");

  fixture_init(&f);
  struct ArrowSchema dict = {.format = "u", .name = "", .release = no_release_schema};
  f.s_s.format = "i", f.s_s.dictionary = &dict;
  expect(&f, TPCH_EUNSUPPORTED, "dictionary", "dictionary-encoded column schema");

  fixture_init(&f);
  f.root_s.format = "+l";
  expect(&f, TPCH_EINVAL, "struct", "not a struct schema");

  CHECK(tpch_utf8_valid("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80", 15), "valid UTF-8");
  CHECK(!tpch_utf8_valid("\xed\xa0\x80", 3), "surrogate refused");
  CHECK(!tpch_utf8_valid("\xf4\x90\x80\x80", 4), "above U+10FFFF refused");
  CHECK(!tpch_utf8_valid("\xe2\x82", 2), "truncated sequence refused");
}

static void test_schema_copy(void) {
  fixture f;
  fixture_init(&f);
  struct ArrowSchema c;
  tpch_error err;
  CHECK(tpch_arrow_schema_copy(&c, &f.root_s, &err) == TPCH_OK, "copy: %s", err.message);
  CHECK(c.release != NULL && c.n_children == 2 && strcmp(c.format, "+s") == 0, "copy shape");
  CHECK(c.children[1]->format != f.s_s.format && strcmp(c.children[1]->name, "s") == 0 &&
            c.children[1]->flags == ARROW_FLAG_NULLABLE,
        "copy owns its strings");
  c.release(&c);
  CHECK(c.release == NULL, "release clears release");
  struct ArrowSchema dict = {.format = "u", .name = "", .release = no_release_schema};
  f.s_s.dictionary = &dict;
  CHECK(tpch_arrow_schema_copy(&c, &f.root_s, &err) == TPCH_EUNSUPPORTED && c.release == NULL,
        "dictionary refused, nothing left to free");
  fixture_init(&f);
  f.schema_kids[1] = NULL;
  CHECK(tpch_arrow_schema_copy(&c, &f.root_s, &err) == TPCH_EINVAL && c.release == NULL,
        "NULL child refused");
}

static void test_io(void) {
  tpch_error err;
  char a[TPCH_UUID_CHARS + 1], b[TPCH_UUID_CHARS + 1];
  CHECK(tpch_uuid4(a, &err) == TPCH_OK && tpch_uuid4(b, &err) == TPCH_OK, "uuids");
  CHECK(strlen(a) == 36 && a[8] == '-' && a[13] == '-' && a[14] == '4' && a[18] == '-' && a[23] == '-' &&
            strchr("89ab", a[19]) != NULL,
        "uuid v4 form: %s", a);
  CHECK(strcmp(a, b) != 0, "two uuids differ");
  uint64_t r1 = 0, r2 = 0;
  CHECK(tpch_random_bytes(&r1, 8, &err) == TPCH_OK && tpch_random_bytes(&r2, 8, &err) == TPCH_OK && r1 != r2,
        "random bytes differ");

  char path[512], out[16];
  fmt(path, sizeof path, "%s/file.bin", tmpdir);
  CHECK(tpch_write_file(path, "hello", 5, TPCH_SINK_NOSYNC, &err) == TPCH_OK, "write file");
  CHECK(tpch_write_file(path, "again", 5, TPCH_SINK_NOSYNC, &err) == TPCH_EEXIST,
        "no replace without overwrite");
  CHECK(tpch_write_file(path, "world!", 6, TPCH_SINK_NOSYNC | TPCH_SINK_OVERWRITE, &err) == TPCH_OK,
        "replace with overwrite");
  tpch_buf buf;
  tpch_buf_init(&buf);
  tpch_buf_append(&buf, "x", 1);
  CHECK(tpch_read_file(path, &buf, &err) == TPCH_OK && buf.len == 7 && memcmp(buf.data, "xworld!", 7) == 0,
        "read appends the whole file");
  fmt(path, sizeof path, "%s/missing", tmpdir);
  CHECK(tpch_read_file(path, &buf, &err) == TPCH_EIO && buf.len == 7, "missing file: EIO, buffer unchanged");
  fmt(path, sizeof path, "%s/fifo", tmpdir);
  CHECK(mkfifo(path, 0600) == 0, "mkfifo");
  CHECK(tpch_read_file(path, &buf, &err) == TPCH_EIO && strstr(err.message, "regular"),
        "a FIFO is refused, not waited on: %s", err.message);
  CHECK(tpch_read_file(tmpdir, &buf, &err) == TPCH_EIO, "a directory is refused");
  tpch_buf_free(&buf);

  CHECK(tpch_path_join(out, sizeof out, "a/b", "c", &err) == TPCH_OK && strcmp(out, "a/b/c") == 0, "join");
  CHECK(tpch_path_join(out, sizeof out, "a/", "c", &err) == TPCH_OK && strcmp(out, "a/c") == 0,
        "join after /");
  CHECK(tpch_path_join(out, sizeof out, "0123456789", "abcdef", &err) == TPCH_EINVAL, "join too long");

  /* the newest numbered file: no leading zeros, exact suffix, saturating at INT64_MAX */
  char dir[512];
  int64_t max = 0;
  fmt(dir, sizeof dir, "%s/numbered", tmpdir);
  CHECK(tpch_dir_max_number(dir, "v", ".json", &max, &err) == TPCH_OK && max == -1, "missing directory: -1");
  CHECK(mkdir(dir, 0700) == 0, "mkdir");
  CHECK(tpch_dir_max_number(dir, "v", ".json", &max, &err) == TPCH_OK && max == -1, "empty directory: -1");
  static const char *const names[] = {"v0.json",   "v7.json",  "v12.json", "v013.json", "v99.json.tmp",
                                      "v98.jsonx", "w50.json", "v.json",   "v-40.json", "v+41.json"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    fmt(path, sizeof path, "%s/%s", dir, names[i]);
    tpch_write_file(path, "", 0, TPCH_SINK_NOSYNC, NULL);
  }
  CHECK(tpch_dir_max_number(dir, "v", ".json", &max, &err) == TPCH_OK && max == 12,
        "v12.json is the newest: %lld", (long long)max);
  CHECK(tpch_dir_max_number(dir, "w", ".json", &max, &err) == TPCH_OK && max == 50, "another prefix");
  CHECK(tpch_dir_max_number(dir, "v", ".jsonx", &max, &err) == TPCH_OK && max == 98, "another suffix");
  fmt(path, sizeof path, "%s/v9223372036854775806.json", dir);
  tpch_write_file(path, "", 0, TPCH_SINK_NOSYNC, NULL);
  CHECK(tpch_dir_max_number(dir, "v", ".json", &max, &err) == TPCH_OK && max == INT64_MAX - 1,
        "INT64_MAX - 1");
  fmt(path, sizeof path, "%s/v99999999999999999999.json", dir);
  tpch_write_file(path, "", 0, TPCH_SINK_NOSYNC, NULL);
  CHECK(tpch_dir_max_number(dir, "v", ".json", &max, &err) == TPCH_OK && max == INT64_MAX,
        "past INT64_MAX counts as INT64_MAX");
  fmt(path, sizeof path, "%s/v0.json", dir);
  CHECK(tpch_dir_max_number(path, "v", ".json", &max, &err) == TPCH_EIO, "a file is not a directory");

  static const struct {
    uint64_t v;
    const char *hex;
  } varints[] = {{0, "00"}, {127, "7f"}, {128, "8001"}, {300, "ac02"}, {UINT64_MAX, "ffffffffffffffffff01"}};
  for (size_t i = 0; i < sizeof varints / sizeof varints[0]; i++) {
    tpch_buf v;
    tpch_buf_init(&v);
    CHECK(tpch_buf_put_uvarint(&v, varints[i].v) == 0 && hex_eq(v.data, v.len, varints[i].hex) &&
              tpch_uvarint_size(varints[i].v) == v.len,
          "varint %llu", (unsigned long long)varints[i].v);
    const uint8_t *q = v.data, *q2 = v.data;
    uint64_t back = 0;
    CHECK(tpch_uvarint_get(&q, v.data + v.len, &back) == 0 && back == varints[i].v && q == v.data + v.len,
          "varint %llu read back", (unsigned long long)varints[i].v);
    CHECK(tpch_uvarint_get(&q2, v.data + v.len - 1, &back) == -1 && q2 == v.data, "truncated varint refused");
    tpch_buf_free(&v);
  }
  static const uint8_t eleven[11] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  const uint8_t *e11 = eleven;
  uint64_t ignored;
  CHECK(tpch_uvarint_get(&e11, eleven + 11, &ignored) == -1, "an 11-byte varint is refused");
  CHECK(tpch_zigzag64(0) == 0 && tpch_zigzag64(-1) == 1 && tpch_zigzag64(1) == 2 &&
            tpch_zigzag64(INT64_MIN) == UINT64_MAX,
        "zigzag");
}

int main(void) {
  const char *base = getenv("TPCH_TMP");
  fmt(tmpdir, sizeof tmpdir, "%s/arrow-validate-XXXXXX", base && *base ? base : "/tmp");
  if (mkdtemp(tmpdir) == NULL) {
    fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
    return 1;
  }
  test_batches();
  test_schemas();
  test_schema_copy();
  test_io();
  return check_finish();
}
