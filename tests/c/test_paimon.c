/*
 * test_paimon.c - the Paimon writer: binary-row statistics byte for byte,
 * the writer's life cycle and refusals, snapshots and hints; and the helper
 * processes of the crash and concurrency tests.
 *
 *   test_paimon                      checks in C
 *   test_paimon write DIR            DIR/t: snapshot 1 = rows 0..999 in two files,
 *                                    snapshot 2 = + rows 1000..1499 (append)
 *   test_paimon seq DIR ROWS N       N appends of ROWS rows continuing DIR/s
 *                                    (forever if N = 0)
 *   test_paimon pause DIR            a data file for DIR/s, then touch DIR/paused
 *                                    and sleep (to be killed before the commit)
 *   test_paimon worker DIR TAG N     N appends of 3 rows (ids from TAG * 1000) to DIR/c
 *   test_paimon create DIR TAG       CREATE DIR/r; exit 0, or 3 if it exists
 *   test_paimon row - R              row R's values as JSON
 * worker and create wait for DIR/go, so that several start together.
 * Rows are test_iceberg_batch.h's: row r's values are functions of r.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "format/paimon/paimon_internal.h"
#include "paimon_writer.h"
#include "test_iceberg_batch.h"

static ib_batch batch;

/* Row r's expected values (the Python checks compute the same from r). */
static void print_row(int64_t r) {
  ib_json_row(stdout, r);
}

static int append_rows(const char *table, int64_t start, int64_t n, tpch_write_mode mode, int64_t file_rows,
                       tpch_error *err) {
  ib_schema s;
  ib_schema_init(&s);
  tpch_paimon_writer_options o;
  tpch_paimon_writer_options_init(&o);
  o.mode = mode;
  o.no_fsync = 1;
  o.target_file_rows = file_rows;
  tpch_paimon_writer *w = NULL;
  int rc = tpch_paimon_writer_create(&w, table, &s.root, &o, err);
  for (int64_t r = start; rc == 0 && r < start + n; r += 250) {
    ib_make(&batch, r, (start + n - r) < 250 ? start + n - r : 250);
    rc = tpch_paimon_writer_write(w, &batch.root, err);
  }
  if (rc == 0) rc = tpch_paimon_writer_close(w, err);
  tpch_paimon_writer_destroy(w);
  ib_schema_free(&s);
  return rc;
}

static int64_t latest_snapshot(const char *table) {
  char p[4200];
  snprintf(p, sizeof p, "%s/snapshot", table);
  DIR *d = opendir(p);
  int64_t best = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL)
    if (strncmp(e->d_name, "snapshot-", 9) == 0 && atoll(e->d_name + 9) > best) best = atoll(e->d_name + 9);
  if (d) closedir(d);
  return best;
}

static int file_text(const char *path, char *out, size_t cap) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return -1;
  size_t n = fread(out, 1, cap - 1, f);
  out[n] = '\0';
  fclose(f);
  return (int)n;
}

static void wait_go(const char *dir) {
  char p[4200];
  snprintf(p, sizeof p, "%s/go", dir);
  struct stat st;
  while (stat(p, &st) != 0)
    usleep(1000);
}

/* ---- binary rows --------------------------------------------------------------------- */

static void set_stat(tpch_parquet_column_info *c, const void *min, int min_len, const void *max,
                     int max_len) {
  memset(c, 0, sizeof *c);
  c->has_min_max = 1;
  c->min = min; /* the caller's bytes stay alive while `c` is used */
  c->max = max;
  c->min_len = min_len;
  c->max_len = max_len;
  c->min_exact = c->max_exact = 1;
}

static void test_binary_rows(void) {
  tpch_buf b;
  tpch_buf_init(&b);
  CHECK(pmn_empty_row(&b) == 0 && b.len == 12, "empty row is 12 bytes");
  for (size_t i = 0; i < b.len; i++)
    CHECK(b.data[i] == 0, "empty row byte %zu", i);
  tpch_buf_free(&b);

  /* columns: BIGINT, STRING (short), STRING (long), DATE, nullable STRING without stats */
  const char *names[] = {"a", "b", "c", "d", "e"};
  const char *formats[] = {"l", "u", "u", "tdD", "u"};
  struct ArrowSchema cols[5], root, *kids[5];
  for (int i = 0; i < 5; i++) {
    memset(&cols[i], 0, sizeof cols[i]);
    cols[i].format = formats[i];
    cols[i].name = names[i];
    cols[i].flags = i == 4 ? ARROW_FLAG_NULLABLE : 0;
    kids[i] = &cols[i];
  }
  memset(&root, 0, sizeof root);
  root.format = "+s";
  root.n_children = 5;
  root.children = kids;
  pmn_schema s;
  CHECK(pmn_schema_from_arrow(&root, &s, NULL) == 0, "schema");
  CHECK(strcmp(s.fields[0].type, "BIGINT NOT NULL") == 0 && strcmp(s.fields[4].type, "STRING") == 0 &&
            strcmp(s.fields[3].type, "DATE NOT NULL") == 0,
        "Paimon types %s / %s", s.fields[0].type, s.fields[4].type);
  tpch_parquet_column_info ci[5];
  int64_t lo = 5, hi = 0x0102030405060708LL;
  set_stat(&ci[0], &lo, 8, &hi, 8);
  set_stat(&ci[1], "abc", 3, "hello world!", 12);
  set_stat(&ci[2], "abcdefghijklmnopqrstu", 21, "abcdefghijklmnopqrstu", 21);
  int32_t d0 = 8035, d1 = -3;
  set_stat(&ci[3], &d0, 4, &d1, 4);
  memset(&ci[4], 0, sizeof ci[4]);
  tpch_parquet_file_info info = {10, 100, 1, 5, ci};

  /* arity 5: 4 + 8 (bit set) + 40 (slots) */
  tpch_buf mn, mx;
  tpch_buf_init(&mn);
  tpch_buf_init(&mx);
  CHECK(pmn_stats_row(&s, &info, 0, &mn, NULL) == 0 && pmn_stats_row(&s, &info, 1, &mx, NULL) == 0,
        "stats rows");
  /* clang-format off */
  static const uint8_t want_min[] = {
      0, 0, 0, 5,                                                   /* arity */
      0, 0x10, 0, 0, 0, 0, 0, 0,                                    /* row kind 0; field 4 null (bit 12) */
      5, 0, 0, 0, 0, 0, 0, 0,                                       /* a = 5 */
      'a', 'b', 'c', 0, 0, 0, 0, 0x83,                              /* b inline, length 3 */
      16, 0, 0, 0, 48, 0, 0, 0,                                     /* c: 16 bytes at offset 48 */
      0x63, 0x1f, 0, 0, 0, 0, 0, 0,                                 /* d = 8035 */
      0, 0, 0, 0, 0, 0, 0, 0,                                       /* e null */
      'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p'};
  static const uint8_t want_max[] = {
      0, 0, 0, 5,
      0, 0x10, 0, 0, 0, 0, 0, 0,
      8, 7, 6, 5, 4, 3, 2, 1,                                       /* a = 0x0102030405060708 */
      12, 0, 0, 0, 48, 0, 0, 0,                                     /* b: 12 bytes at 48 */
      16, 0, 0, 0, 64, 0, 0, 0,                                     /* c: 16 bytes at 64 */
      0xfd, 0xff, 0xff, 0xff, 0, 0, 0, 0,                           /* d = -3 (4 bytes, zero above) */
      0, 0, 0, 0, 0, 0, 0, 0,
      'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!', 0, 0, 0, 0,
      'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'q'}; /* truncate(16), bumped */
  /* clang-format on */
  CHECK(mn.len == sizeof want_min && memcmp(mn.data, want_min, mn.len) == 0, "min row bytes (%zu)", mn.len);
  CHECK(mx.len == sizeof want_max && memcmp(mx.data, want_max, mx.len) == 0, "max row bytes (%zu)", mx.len);

  /* a maximum whose 16th character cannot be bumped bumps the one before it */
  char top[40];
  memset(top, 'a', 20);
  memcpy(top + 15, "\xf4\x8f\xbf\xbf", 4); /* U+10FFFF as the 16th character */
  set_stat(&ci[2], top, 20, top, 20);
  tpch_buf_reset(&mx);
  CHECK(pmn_stats_row(&s, &info, 1, &mx, NULL) == 0, "max row with U+10FFFF");
  CHECK(mx.data[4 + 8 + 16] == 15 && mx.data[4 + 64 + 14] == 'b', "U+10FFFF dropped, 'a' bumped to 'b'");
  tpch_buf_free(&mn);
  tpch_buf_free(&mx);
  pmn_schema_free(&s);
}

/* ---- life cycle ------------------------------------------------------------------------ */

static void test_writer(const char *tmp) {
  char t[4200], p[4300], text[4096];
  snprintf(t, sizeof t, "%s/life", tmp);
  tpch_error err;
  CHECK(append_rows(t, 0, 1000, TPCH_WRITE_CREATE, 500, &err) == 0, "create: %s", err.message);
  CHECK(latest_snapshot(t) == 1, "snapshot-1");
  snprintf(p, sizeof p, "%s/snapshot/LATEST", t);
  CHECK(file_text(p, text, sizeof text) > 0 && strcmp(text, "1") == 0, "LATEST = 1");
  snprintf(p, sizeof p, "%s/snapshot/EARLIEST", t);
  CHECK(file_text(p, text, sizeof text) > 0 && strcmp(text, "1") == 0, "EARLIEST = 1");
  snprintf(p, sizeof p, "%s/schema/schema-0", t);
  CHECK(file_text(p, text, sizeof text) > 0 && strstr(text, "\"bucket\" : \"-1\"") &&
            strstr(text, "\"type\" : \"DECIMAL(15, 2) NOT NULL\"") &&
            strstr(text, "\"name\" : \"o_note\",\n    \"type\" : \"STRING\"\n"),
        "schema-0: %s", text);
  snprintf(p, sizeof p, "%s/snapshot/snapshot-1", t);
  CHECK(file_text(p, text, sizeof text) > 0 && strstr(text, "\"totalRecordCount\" : 1000") &&
            strstr(text, "\"commitKind\" : \"APPEND\""),
        "snapshot-1: %s", text);
  CHECK(append_rows(t, 0, 10, TPCH_WRITE_CREATE, 0, &err) == TPCH_EEXIST, "CREATE on a table: EEXIST");
  CHECK(append_rows(t, 1000, 500, TPCH_WRITE_APPEND, 0, &err) == 0, "append: %s", err.message);
  snprintf(p, sizeof p, "%s/snapshot/snapshot-2", t);
  CHECK(file_text(p, text, sizeof text) > 0 && strstr(text, "\"totalRecordCount\" : 1500") &&
            strstr(text, "\"deltaRecordCount\" : 500"),
        "snapshot-2: %s", text);
  CHECK(append_rows(t, 0, 100, TPCH_WRITE_OVERWRITE, 0, &err) == 0, "overwrite: %s", err.message);
  snprintf(p, sizeof p, "%s/snapshot/snapshot-3", t);
  CHECK(file_text(p, text, sizeof text) > 0 && strstr(text, "\"totalRecordCount\" : 100,") &&
            strstr(text, "\"deltaRecordCount\" : -1400") && strstr(text, "\"commitKind\" : \"OVERWRITE\""),
        "snapshot-3: %s", text);
  snprintf(p, sizeof p, "%s/snapshot/LATEST", t);
  CHECK(file_text(p, text, sizeof text) > 0 && strcmp(text, "3") == 0, "LATEST = 3");

  /* the files the newest snapshot reads: the overwrite's one file */
  char **names = NULL;
  size_t nn = 0;
  CHECK(tpch_paimon_table_files(t, &names, &nn, &err) == 0 && nn == 1 && names &&
            strstr(names[0], ".parquet"),
        "table files of snapshot 3: %zu", nn);
  tpch_paimon_free_files(names, nn);
  snprintf(p, sizeof p, "%s/none", tmp);
  CHECK(tpch_paimon_table_files(p, &names, &nn, &err) == 0 && nn == 0, "no table: no files");
  tpch_paimon_free_files(names, nn);

  /* failures are final; destroy is NULL-safe */
  ib_schema s;
  ib_schema_init(&s);
  tpch_paimon_writer *w = NULL;
  tpch_paimon_writer_options o;
  tpch_paimon_writer_options_init(&o);
  o.mode = TPCH_WRITE_APPEND;
  o.no_fsync = 1;
  CHECK(tpch_paimon_writer_create(&w, t, &s.root, &o, &err) == 0, "create writer");
  ib_make(&batch, 0, 10);
  batch.root.n_children = 3; /* does not match the schema */
  CHECK(tpch_paimon_writer_write(w, &batch.root, &err) == TPCH_ESCHEMA, "bad batch: %d", err.code);
  batch.root.n_children = IB_NCOL;
  CHECK(tpch_paimon_writer_write(w, &batch.root, &err) == TPCH_ESTATE, "after a failure: ESTATE");
  CHECK(tpch_paimon_writer_close(w, &err) == TPCH_ESTATE, "close after a failure: ESTATE");
  tpch_paimon_writer_destroy(w);
  tpch_paimon_writer_destroy(NULL);
  CHECK(latest_snapshot(t) == 3, "a failed writer commits nothing");
  /* a different schema is refused */
  s.t.cols[1].sch.format = "l";
  CHECK(tpch_paimon_writer_create(&w, t, &s.root, &o, &err) == 0, "writer with another schema");
  ib_make(&batch, 0, 10);
  batch.t.cols[1].arr.buffers = batch.t.cols[0].arr.buffers;
  CHECK(tpch_paimon_writer_write(w, &batch.root, &err) == 0, "write");
  CHECK(tpch_paimon_writer_close(w, &err) == TPCH_ESCHEMA, "append with another schema: %s", err.message);
  tpch_paimon_writer_destroy(w);
  s.t.cols[1].sch.format = "i";
  CHECK(latest_snapshot(t) == 3, "the refused append committed nothing");
  /* an unsupported type */
  s.t.cols[2].sch.format = "d:30,2";
  CHECK(tpch_paimon_writer_create(&w, t, &s.root, &o, &err) == TPCH_EUNSUPPORTED && w == NULL,
        "decimal(30,2)");
  s.t.cols[2].sch.format = "d:15,2";

  /* commits of files that are not there, or named badly */
  tpch_paimon_data_file f = {"../x.parquet", {0}};
  CHECK(tpch_paimon_commit(t, &s.root, &f, 1, &o, NULL, &err) == TPCH_EINVAL, "name with '/'");
  f.name = "missing.parquet";
  CHECK(tpch_paimon_commit(t, &s.root, &f, 1, &o, NULL, &err) == TPCH_EINVAL, "missing file: %s",
        err.message);
  CHECK(tpch_paimon_commit_pending(t, &s.root, &o, NULL, &err) == TPCH_EINVAL, "no pending records");
  snprintf(p, sizeof p, "%s/bucket-0/bad.parquet.pending", t);
  FILE *bad = fopen(p, "w");
  if (bad) {
    fputs("tpchgen-pending 1\nname bad.parquet\nrows 3\n", bad);
    fclose(bad);
  }
  CHECK(tpch_paimon_commit_pending(t, &s.root, &o, NULL, &err) == TPCH_EFORMAT, "damaged record: %s",
        err.message);
  unlink(p);
  CHECK(latest_snapshot(t) == 3, "refused commits made no snapshot");
  /* a snapshot number that no snapshot can follow is refused, not passed over */
  char top[4400];
  snprintf(top, sizeof top, "%s/snapshot/snapshot-9223372036854775807", t);
  snprintf(p, sizeof p, "%s/snapshot/snapshot-3", t);
  FILE *tf = fopen(top, "w");
  if (tf) {
    if (file_text(p, text, sizeof text) > 0) fputs(text, tf);
    fclose(tf);
  }
  CHECK(append_rows(t, 0, 10, TPCH_WRITE_APPEND, 0, &err) == TPCH_EFORMAT &&
            strstr(err.message, "no number can follow"),
        "snapshot-9223372036854775807: %s", err.message);
  unlink(top);
  ib_schema_free(&s);
}

/* Lower-cases the text of every "type" value in the JSON file at path (same length, in place). */
static int lower_types(const char *path) {
  char text[8192];
  int n = file_text(path, text, sizeof text);
  if (n <= 0) return -1;
  for (char *p = strstr(text, "\"type\" : \""); p; p = strstr(p, "\"type\" : \"")) {
    for (p += 10; *p && *p != '"'; p++)
      if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  }
  FILE *f = fopen(path, "wb");
  if (f == NULL) return -1;
  int ok = fwrite(text, 1, (size_t)n, f) == (size_t)n;
  return fclose(f) == 0 && ok ? 0 : -1;
}

/* The field rule of appends (format/common/table_schema.h), the same as
 * Iceberg's: names exact, type strings without regard to spaces or case;
 * tpch_paimon_table_check_write answers what the commit answers. */
static void test_field_rule(const char *tmp) {
  char t[4200], p[4300];
  snprintf(t, sizeof t, "%s/fields", tmp);
  tpch_error err;
  ib_schema s;
  ib_schema_init(&s);
  CHECK(tpch_paimon_table_check_write(t, &s.root, TPCH_WRITE_CREATE, &err) == 0, "no table: create may go");
  CHECK(tpch_paimon_table_check_write(t, &s.root, TPCH_WRITE_APPEND, &err) == 0, "no table: append may go");
  CHECK(append_rows(t, 0, 100, TPCH_WRITE_CREATE, 0, &err) == 0, "create: %s", err.message);
  CHECK(tpch_paimon_table_check_write(t, &s.root, TPCH_WRITE_CREATE, &err) == TPCH_EEXIST,
        "create on the table: EEXIST (%s)", err.message);
  CHECK(tpch_paimon_table_check_write(t, &s.root, TPCH_WRITE_OVERWRITE, &err) == 0, "overwrite may go");
  CHECK(tpch_paimon_table_check_write(t, &s.root, TPCH_WRITE_APPEND, &err) == 0, "append of the same fields");
  CHECK(tpch_paimon_table_check_write(t, &s.root, (tpch_write_mode)9, &err) == TPCH_EINVAL, "unknown mode");
  /* a column name in other case is another column */
  s.t.cols[0].sch.name = "O_ID";
  CHECK(tpch_paimon_table_check_write(t, &s.root, TPCH_WRITE_APPEND, &err) == TPCH_ESCHEMA &&
            strstr(err.message, "O_ID"),
        "append of O_ID to o_id refused before writing: %s", err.message);
  tpch_paimon_writer_options o;
  tpch_paimon_writer_options_init(&o);
  o.mode = TPCH_WRITE_APPEND;
  o.no_fsync = 1;
  tpch_paimon_writer *w = NULL;
  CHECK(tpch_paimon_writer_create(&w, t, &s.root, &o, &err) == 0, "writer with O_ID");
  ib_make(&batch, 100, 10);
  CHECK(w && tpch_paimon_writer_write(w, &batch.root, &err) == 0, "write");
  CHECK(w && tpch_paimon_writer_close(w, &err) == TPCH_ESCHEMA, "and by the commit: %s", err.message);
  tpch_paimon_writer_destroy(w);
  s.t.cols[0].sch.name = ib_names[0];
  CHECK(latest_snapshot(t) == 1, "nothing committed for O_ID");
  /* types spelled in lower case ("decimal(15, 2) not null") are the same types */
  snprintf(p, sizeof p, "%s/schema/schema-0", t);
  CHECK(lower_types(p) == 0, "schema-0 rewritten");
  char text[8192];
  CHECK(file_text(p, text, sizeof text) > 0 && strstr(text, "\"decimal(15, 2) not null\""),
        "lower-case types: %s", text);
  CHECK(tpch_paimon_table_check_write(t, &s.root, TPCH_WRITE_APPEND, &err) == 0, "append check: %s",
        err.message);
  CHECK(append_rows(t, 100, 50, TPCH_WRITE_APPEND, 0, &err) == 0 && latest_snapshot(t) == 2,
        "append to lower-case types: %s", err.message);
  ib_schema_free(&s);
}

int main(int argc, char **argv) {
  if (argc >= 3) {
    const char *dir = argv[2];
    char t[4200];
    tpch_error err;
    int rc = 0;
    if (strcmp(argv[1], "write") == 0) {
      snprintf(t, sizeof t, "%s/t", dir);
      rc = append_rows(t, 0, 1000, TPCH_WRITE_CREATE, 500, &err);
      if (rc == 0) rc = append_rows(t, 1000, 500, TPCH_WRITE_APPEND, 0, &err);
    } else if (strcmp(argv[1], "row") == 0) { /* test_paimon row - R: row R as JSON (a spot check) */
      print_row(atoll(argv[3]));
      putchar('\n');
      return 0;
    } else if (strcmp(argv[1], "seq") == 0 && argc == 5) {
      snprintf(t, sizeof t, "%s/s", dir);
      int64_t rows = atoll(argv[3]), n = atoll(argv[4]);
      for (int64_t k = 0; rc == 0 && (n == 0 || k < n); k++)
        rc = append_rows(t, latest_snapshot(t) * rows, rows, TPCH_WRITE_APPEND, 0, &err);
    } else if (strcmp(argv[1], "pause") == 0) {
      snprintf(t, sizeof t, "%s/s", dir);
      ib_schema s;
      ib_schema_init(&s);
      tpch_paimon_writer_options o;
      tpch_paimon_writer_options_init(&o);
      o.mode = TPCH_WRITE_APPEND;
      o.target_file_rows = 100;
      tpch_paimon_writer *w = NULL;
      rc = tpch_paimon_writer_create(&w, t, &s.root, &o, &err);
      ib_make(&batch, 0, 100);
      if (rc == 0) rc = tpch_paimon_writer_write(w, &batch.root, &err); /* a finished data file */
      if (rc == 0) rc = tpch_paimon_writer_write(w, &batch.root, &err);
      char p[4300];
      snprintf(p, sizeof p, "%s/paused", dir);
      FILE *f = rc == 0 ? fopen(p, "w") : NULL;
      if (f) fclose(f);
      for (;;)
        pause();
    } else if (strcmp(argv[1], "worker") == 0 && argc == 5) {
      snprintf(t, sizeof t, "%s/c", dir);
      int64_t tag = atoll(argv[3]), n = atoll(argv[4]);
      wait_go(dir);
      for (int64_t k = 0; rc == 0 && k < n; k++)
        rc = append_rows(t, tag * 1000 + k * 3, 3, TPCH_WRITE_APPEND, 0, &err);
    } else if (strcmp(argv[1], "create") == 0) {
      snprintf(t, sizeof t, "%s/r", dir);
      wait_go(dir);
      rc = append_rows(t, atoll(argv[3]) * 1000, 3, TPCH_WRITE_CREATE, 0, &err);
      if (rc == TPCH_EEXIST) return 3;
    } else {
      fprintf(stderr, "usage: see the comment at the top of test_paimon.c\n");
      return 2;
    }
    if (rc != 0) fprintf(stderr, "error: %s\n", err.message);
    return rc == 0 ? 0 : 1;
  }
  char tmp[] = "/tmp/test_paimon.XXXXXX";
  CHECK(mkdtemp(tmp) != NULL, "mkdtemp");
  test_binary_rows();
  test_writer(tmp);
  test_field_rule(tmp);
  char cmd[64];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
  CHECK(system(cmd) == 0, "clean up");
  return check_finish();
}
