/*
 * test_lance_versions.c - dataset versions: create, append, overwrite,
 * explicit fragment ids, replacement, the commit's refusals; and the helper
 * processes for the crash and concurrency tests.
 *
 *   test_lance_versions                    commit semantics checked in C
 *   test_lance_versions write DIR          DIR/v.lance with 5 versions +
 *                                          DIR/expected.json (lance_check.mjs)
 *   test_lance_versions append DIR         one more append to DIR/v.lance
 *   test_lance_versions seq DIR ROWS N     N appends of ROWS rows continuing
 *                                          the "seq" table in DIR/s.lance
 *                                          (forever if N = 0)
 *   test_lance_versions pause DIR          write a data file for s.lance,
 *                                          touch DIR/paused, sleep (to be killed)
 *   test_lance_versions worker DIR TAG N   N appends of 3 rows tagged TAG
 *                                          to DIR/c.lance (concurrency test)
 *   test_lance_versions create DIR TAG     CREATE DIR/r.lance; exit 0, or 3 if
 *                                          it exists (create race)
 * worker and create wait for DIR/go to exist, so that several start together.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "format/lance/lance_manifest.h"
#include "format/lance/lance_proto.h"
#include "lance_writer.h"
#include "test_lance_util.h"

/* ---- the versioned table: id, name (nullable), price, day, flag --------- */

static void v_table(tl_table *t) {
  tl_init(t);
  tl_add_col(t, "id", "l", 0);
  tl_add_col(t, "name", "u", 1);
  tl_add_col(t, "price", "d:15,2", 0);
  tl_add_col(t, "day", "tdD", 0);
  tl_add_col(t, "flag", "b", 1);
}

/* Appends the row for `id` (values are a function of the id). */
static int64_t v_row(tl_table *t, int64_t id) {
  int64_t r = tl_add_row(t);
  tl_set_int(t, 0, r, id);
  if (id % 7 != 0) {
    char s[32];
    snprintf(s, sizeof s, "n%lld", (long long)id);
    tl_set_str(t, 1, r, s);
  }
  tl_set_int(t, 2, r, id * 101 - 5000);
  tl_set_int(t, 3, r, 18000 + id % 1000);
  if (id % 5 != 0) tl_set_int(t, 4, r, id % 2);
  return r;
}

/* Writes model rows [r0, r0+n) with the tpch_lance_writer in `mode`. */
static int write_rows(const char *path, const tl_table *t, int64_t r0, int64_t n, tpch_write_mode mode,
                      int64_t max_rows, uint64_t *version) {
  struct ArrowSchema sc;
  struct ArrowArray a;
  tl_schema(t, &sc);
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.mode = mode;
  o.max_rows_per_file = max_rows;
  o.no_fsync = 1;
  tpch_error err;
  tpch_lance_writer *w = NULL;
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  int rc = w ? 0 : err.code;
  if (w == NULL) fprintf(stderr, "create %s: %s\n", path, err.message);
  for (int64_t done = 0; rc == 0 && done < n; done += 25) {
    tl_batch(t, r0 + done, n - done < 25 ? n - done : 25, 1, 0, (uint64_t)done, &a);
    rc = lance_writer_write_batch(w, &a, NULL);
    a.release(&a);
  }
  if (rc == 0) rc = lance_writer_close(w);
  if (rc != 0 && w) fprintf(stderr, "write %s: %s\n", path, lance_writer_last_error(w));
  if (version) *version = tpch_lance_writer_version(w);
  lance_writer_destroy(w);
  sc.release(&sc);
  return rc;
}

/* Writes one data file of model rows [r0, r0+n) and returns its fragment. */
static int file_of(const char *path, const tl_table *t, int64_t r0, int64_t n, tpch_lance_fragment *fr) {
  struct ArrowSchema sc;
  struct ArrowArray a;
  tl_schema(t, &sc);
  tl_batch(t, r0, n, 0, 1, 3, &a);
  tpch_lance_file_writer *fw = NULL;
  tpch_error err;
  tpch_lance_fragment_clear(fr); /* reused: the previous file's path */
  int rc = tpch_lance_file_writer_create(&fw, path, &sc, NULL, &err);
  if (rc == 0) rc = tpch_lance_file_writer_write(fw, &a, &err);
  if (rc == 0) rc = tpch_lance_file_writer_finish(fw, fr, &err);
  if (rc != 0) fprintf(stderr, "data file: %s\n", err.message);
  tpch_lance_file_writer_destroy(fw);
  a.release(&a);
  sc.release(&sc);
  return rc;
}

static int commit(const char *path, const tl_table *t, tpch_lance_fragment *frs, size_t n,
                  tpch_write_mode mode, int replace, uint64_t *version, tpch_error *err) {
  struct ArrowSchema sc;
  tl_schema(t, &sc);
  tpch_lance_commit_options co;
  tpch_lance_commit_options_init(&co);
  co.mode = mode;
  co.replace_same_ids = replace;
  co.no_fsync = 1;
  int rc = tpch_lance_dataset_commit(path, &sc, frs, n, &co, version, err);
  sc.release(&sc);
  return rc;
}

/* Loads the latest manifest of `path`; fills ids[] with its fragment ids. */
static size_t frag_ids(const char *path, uint64_t *ids, size_t cap, uint64_t *version, uint64_t *max_id) {
  uint64_t v;
  int s;
  lance_manifest m;
  tpch_error err;
  if (lance_dataset_latest(path, &v, &s, &err) != 0 || v == 0 ||
      lance_manifest_load(&m, path, v, s, &err) != 0)
    return 0;
  size_t n = m.n_frags < cap ? m.n_frags : cap;
  for (size_t i = 0; i < n; i++)
    ids[i] = m.frags[i].id;
  if (version) *version = v;
  if (max_id) *max_id = m.max_fragment_id;
  lance_manifest_free(&m);
  return n;
}

static int ids_are(const uint64_t *ids, size_t n, const uint64_t *want, size_t wn) {
  if (n != wn) return 0;
  for (size_t i = 0; i < n; i++)
    if (ids[i] != want[i]) return 0;
  return 1;
}

/* ---- the 5-version history for lancedb ------------------------------------ */

typedef struct vspec {
  int nfr;
  int64_t fid[8], frows[8];
  int64_t rows[256];
  int64_t nrows;
} vspec;

/* Adds a fragment of model rows [r0, r0+n) to the expected version. */
static void vs_add(vspec *v, int64_t id, int64_t r0, int64_t n) {
  v->fid[v->nfr] = id;
  v->frows[v->nfr++] = n;
  for (int64_t i = 0; i < n; i++)
    v->rows[v->nrows++] = r0 + i;
}

static void write_history(const char *dir) {
  char path[512];
  tl_table t;
  v_table(&t);
  for (int64_t id = 0; id < 150; id++)
    v_row(&t, id); /* rows 0..149 */
  for (int64_t id = 1000; id < 1030; id++)
    v_row(&t, id); /* 150..179 */
  for (int64_t id = 2000; id < 2010; id++)
    v_row(&t, id); /* 180..189 */
  for (int64_t id = 3000; id < 3005; id++)
    v_row(&t, id); /* 190..194 */
  for (int64_t id = 4000; id < 4004; id++)
    v_row(&t, id); /* 195..198 */
  snprintf(path, sizeof path, "%s/v.lance", dir);
  vspec vs[5];
  memset(vs, 0, sizeof vs);
  uint64_t ver = 0, mx = 0, ids[16];
  tpch_error err;

  CHECK(write_rows(path, &t, 0, 100, TPCH_WRITE_CREATE, 60, &ver) == 0 && ver == 1, "v1 create");
  vs_add(&vs[0], 0, 0, 60);
  vs_add(&vs[0], 1, 60, 40);

  CHECK(write_rows(path, &t, 100, 50, TPCH_WRITE_APPEND, 60, &ver) == 0 && ver == 2, "v2 append");
  vs[1] = vs[0];
  vs_add(&vs[1], 2, 100, 50);

  CHECK(write_rows(path, &t, 150, 30, TPCH_WRITE_OVERWRITE, 60, &ver) == 0 && ver == 3, "v3 overwrite");
  vs_add(&vs[2], 0, 150, 30); /* ids restart at 0 */
  size_t n = frag_ids(path, ids, 16, NULL, &mx);
  CHECK(n == 1 && ids[0] == 0 && mx == 2, "v3: fragment 0, max_fragment_id keeps 2 (got %llu)",
        (unsigned long long)mx);

  /* v4: explicit ids given out of order; scan order follows the ids */
  tpch_lance_fragment fr[2] = {{0}};
  CHECK(file_of(path, &t, 180, 10, &fr[0]) == 0 && file_of(path, &t, 190, 5, &fr[1]) == 0, "v4 data files");
  fr[0].id = 10;
  fr[1].id = 7;
  CHECK(commit(path, &t, fr, 2, TPCH_WRITE_APPEND, 0, &ver, &err) == 0 && ver == 4, "v4 explicit ids: %s",
        err.message);
  vs[3] = vs[2];
  vs_add(&vs[3], 7, 190, 5);
  vs_add(&vs[3], 10, 180, 10);

  /* v5: re-running "part" 7 replaces fragment 7 */
  CHECK(file_of(path, &t, 195, 4, &fr[0]) == 0, "v5 data file");
  fr[0].id = 7;
  CHECK(commit(path, &t, fr, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EEXIST, "taken id refused: %s",
        err.message);
  CHECK(commit(path, &t, fr, 1, TPCH_WRITE_APPEND, 1, &ver, &err) == 0 && ver == 5, "v5 replace: %s",
        err.message);
  vs[4].nfr = 0;
  vs_add(&vs[4], 0, 150, 30);
  vs_add(&vs[4], 7, 195, 4);
  vs_add(&vs[4], 10, 180, 10);

  snprintf(path, sizeof path, "%s/expected.json", dir);
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    CHECK(0, "cannot write %s", path);
    return;
  }
  fprintf(f, "{\"datasets\":[{\"path\":\"%s/v.lance\",\"all_versions\":[1,2,3,4,5],", dir);
  tl_json_schema(f, &t);
  fputs(",\"versions\":[", f);
  for (int k = 0; k < 5; k++) {
    fprintf(f, "%s{\"version\":%d,", k ? "," : "", k + 1);
    tl_json_fragments(f, vs[k].fid, vs[k].frows, vs[k].nfr);
    fputc(',', f);
    tl_json_columns(f, &t, vs[k].rows, vs[k].nrows);
    fputc('}', f);
  }
  fputs("]}]}\n", f);
  fclose(f);
  tpch_lance_fragment_clear(&fr[0]);
  tpch_lance_fragment_clear(&fr[1]);
  tl_free(&t);
}

/* One more append (rows with ids 5000..5009), after lancedb's own append. */
static int append_more(const char *dir) {
  char path[512];
  tl_table t;
  v_table(&t);
  for (int64_t id = 5000; id < 5010; id++)
    v_row(&t, id);
  snprintf(path, sizeof path, "%s/v.lance", dir);
  uint64_t ver = 0;
  int rc = write_rows(path, &t, 0, 10, TPCH_WRITE_APPEND, 1000, &ver);
  tl_free(&t);
  if (rc == 0) printf("appended version %llu\n", (unsigned long long)ver);
  return rc == 0 ? 0 : 1;
}

/* ---- crash and concurrency helpers ----------------------------------------- */

/* The seq table: row k has id k, s "row-k", m = 3k (decimal). */
static void seq_rows(tl_table *t, int64_t start, int64_t n) {
  tl_init(t);
  tl_add_col(t, "id", "l", 0);
  tl_add_col(t, "s", "u", 0);
  tl_add_col(t, "m", "d:15,2", 0);
  for (int64_t k = start; k < start + n; k++) {
    int64_t r = tl_add_row(t);
    char s[32];
    snprintf(s, sizeof s, "row-%lld", (long long)k);
    tl_set_int(t, 0, r, k);
    tl_set_str(t, 1, r, s);
    tl_set_int(t, 2, r, 3 * k);
  }
}

/* Rows committed in the latest version (sum of physical_rows). */
static int64_t committed_rows(const char *path) {
  uint64_t v;
  int s;
  lance_manifest m;
  tpch_error err;
  if (lance_dataset_latest(path, &v, &s, &err) != 0 || v == 0) return 0;
  if (lance_manifest_load(&m, path, v, s, &err) != 0) return -1;
  int64_t n = 0;
  for (size_t i = 0; i < m.n_frags; i++)
    n += (int64_t)m.frags[i].physical_rows;
  lance_manifest_free(&m);
  return n;
}

/* Appends to DIR/s.lance, each commit continuing the id sequence; with
 * fsync on so a kill at any point is a real crash test. */
static int seq_append(const char *dir, int64_t per_commit, int64_t commits) {
  char path[512];
  snprintf(path, sizeof path, "%s/s.lance", dir);
  for (int64_t c = 0; commits == 0 || c < commits; c++) {
    int64_t start = committed_rows(path);
    if (start < 0) return 2;
    tl_table t;
    seq_rows(&t, start, per_commit);
    struct ArrowSchema sc;
    struct ArrowArray a;
    tl_schema(&t, &sc);
    tl_batch(&t, 0, per_commit, 0, 0, 1, &a);
    tpch_lance_writer_options o;
    tpch_lance_writer_options_init(&o);
    o.mode = TPCH_WRITE_APPEND;
    o.max_rows_per_file = per_commit / 2 + 1;
    o.page_bytes = 4096;
    tpch_error err;
    tpch_lance_writer *w = NULL;
    tpch_lance_writer_create(&w, path, &sc, &o, &err);
    int rc = w ? lance_writer_write_batch(w, &a, NULL) : err.code;
    if (rc == 0) rc = lance_writer_close(w);
    if (rc != 0)
      fprintf(stderr, "seq append: %s\n", w ? lance_writer_last_error(w) : err.message);
    else
      printf("version %llu rows %lld\n", (unsigned long long)tpch_lance_writer_version(w),
             (long long)(start + per_commit));
    fflush(stdout);
    lance_writer_destroy(w);
    a.release(&a);
    sc.release(&sc);
    tl_free(&t);
    if (rc != 0) return 1;
  }
  return 0;
}

/* Writes and finishes a data file (nothing refers to it), then waits to be
 * killed before committing. */
static int seq_pause(const char *dir) {
  char path[512], mark[600];
  snprintf(path, sizeof path, "%s/s.lance", dir);
  tl_table t;
  seq_rows(&t, committed_rows(path), 1000);
  tpch_lance_fragment fr;
  struct ArrowSchema sc;
  struct ArrowArray a;
  tl_schema(&t, &sc);
  tl_batch(&t, 0, 1000, 0, 0, 1, &a);
  tpch_lance_file_writer *fw = NULL;
  tpch_error err;
  int rc = tpch_lance_file_writer_create(&fw, path, &sc, NULL, &err);
  if (rc == 0) rc = tpch_lance_file_writer_write(fw, &a, &err);
  if (rc == 0) rc = tpch_lance_file_writer_finish(fw, &fr, &err);
  /* a second file left open and half written */
  tpch_lance_file_writer *open_fw = NULL;
  if (rc == 0) rc = tpch_lance_file_writer_create(&open_fw, path, &sc, NULL, &err);
  if (rc == 0) rc = tpch_lance_file_writer_write(open_fw, &a, &err);
  snprintf(mark, sizeof mark, "%s/paused", dir);
  FILE *f = fopen(mark, "w");
  if (f) fclose(f);
  for (int i = 0; i < 600; i++)
    sleep(1); /* killed here */
  return rc == 0 ? 0 : 1;
}

/* N appends of 3 rows (tag, seq, i) through data files + tpch_lance_dataset_commit. */
static int worker(const char *dir, int tag, int n) {
  char path[512];
  snprintf(path, sizeof path, "%s/c.lance", dir);
  tl_table t;
  tl_init(&t);
  tl_add_col(&t, "tag", "i", 0);
  tl_add_col(&t, "seq", "i", 0);
  tl_add_col(&t, "i", "i", 0);
  for (int s = 0; s < n; s++)
    for (int i = 0; i < 3; i++) {
      int64_t r = tl_add_row(&t);
      tl_set_int(&t, 0, r, tag);
      tl_set_int(&t, 1, r, s);
      tl_set_int(&t, 2, r, i);
    }
  /* start together: wait for DIR/go so the commits really race */
  char go[600];
  struct stat st;
  snprintf(go, sizeof go, "%s/go", dir);
  for (int i = 0; i < 20000 && stat(go, &st) != 0; i++)
    usleep(1000);
  int bad = 0;
  for (int s = 0; s < n && !bad; s++) {
    tpch_lance_fragment fr = {0};
    struct ArrowSchema sc;
    struct ArrowArray a;
    tl_schema(&t, &sc);
    tl_batch(&t, s * 3, 3, 0, 0, (uint64_t)s, &a);
    tpch_lance_file_writer *fw = NULL;
    tpch_error err;
    int rc = tpch_lance_file_writer_create(&fw, path, &sc, NULL, &err);
    if (rc == 0) rc = tpch_lance_file_writer_write(fw, &a, &err);
    if (rc == 0) rc = tpch_lance_file_writer_finish(fw, &fr, &err);
    tpch_lance_file_writer_destroy(fw);
    tpch_lance_commit_options co;
    tpch_lance_commit_options_init(&co);
    co.mode = TPCH_WRITE_APPEND;
    uint64_t ver = 0;
    if (rc == 0) rc = tpch_lance_dataset_commit(path, &sc, &fr, 1, &co, &ver, &err);
    tpch_lance_fragment_clear(&fr);
    if (rc != 0) {
      fprintf(stderr, "worker %d: %s\n", tag, err.message);
      bad = 1;
    } else {
      printf("worker %d committed version %llu\n", tag, (unsigned long long)ver);
    }
    a.release(&a);
    sc.release(&sc);
  }
  tl_free(&t);
  return bad;
}

static int create_race(const char *dir, int tag) {
  char path[512], go[600];
  struct stat st;
  snprintf(go, sizeof go, "%s/go", dir);
  for (int i = 0; i < 20000 && stat(go, &st) != 0; i++)
    usleep(1000);
  snprintf(path, sizeof path, "%s/r.lance", dir);
  tl_table t;
  v_table(&t);
  v_row(&t, tag);
  int rc = write_rows(path, &t, 0, 1, TPCH_WRITE_CREATE, 100, NULL);
  tl_free(&t);
  return rc == 0 ? 0 : rc == TPCH_EEXIST ? 3 : 1;
}

/* ---- commit semantics checked in C ------------------------------------------ */

/* Writes a new manifest `version`: manifest `base` plus `extra` fields
 * (protobuf: the last value of a scalar field wins). */
static void forge_version(const char *path, uint64_t base, uint64_t version, const tpch_buf *extra) {
  uint64_t v;
  int s;
  lance_manifest m;
  tpch_error err;
  if (lance_dataset_latest(path, &v, &s, &err) != 0 || lance_manifest_load(&m, path, base, s, &err) != 0)
    return;
  tpch_buf msg, file;
  tpch_buf_init(&msg);
  tpch_buf_init(&file);
  tpch_buf_append(&msg, m.msg, m.msg_len);
  tpch_buf_append(&msg, extra->data, extra->len);
  lance_pb_uint(&msg, 3, version);
  lance_manifest_wrap(&file, msg.data, msg.len);
  char name[64], fp[700];
  lance_manifest_name(name, sizeof name, version, s);
  snprintf(fp, sizeof fp, "%s/_versions/%s", path, name);
  FILE *f = fopen(fp, "wb");
  if (f) {
    fwrite(file.data, 1, file.len, f);
    fclose(f);
  }
  tpch_buf_free(&msg);
  tpch_buf_free(&file);
  lance_manifest_free(&m);
}

/* Entries in directory `path`/`sub` (to see that a refused commit wrote nothing). */
static int count_entries(const char *path, const char *sub) {
  char cmd[700];
  snprintf(cmd, sizeof cmd, "ls -A '%s/%s' 2>/dev/null | wc -l", path, sub);
  FILE *p = popen(cmd, "r");
  int n = -1;
  if (p) {
    if (fscanf(p, "%d", &n) != 1) n = -1;
    pclose(p);
  }
  return n;
}

/* tpch_lance_dataset_commit refuses fragments it cannot stand behind (issue 17):
 * names that are not plain file names, row counts or file versions that are
 * not the file's, the same file twice; each time nothing is written. And a
 * manifest lance could not decode is not appended to. */
static void check_input_refusals(const char *dir) {
  char path[512];
  tl_table t;
  v_table(&t);
  for (int64_t id = 0; id < 20; id++)
    v_row(&t, id);
  uint64_t ver = 0;
  tpch_error err;
  tpch_lance_fragment fr[2] = {{0}}, bad;
  snprintf(path, sizeof path, "%s/refuse.lance", dir);
  CHECK(write_rows(path, &t, 0, 5, TPCH_WRITE_CREATE, 100, &ver) == 0 && ver == 1, "refuse: create");
  CHECK(file_of(path, &t, 5, 4, &fr[0]) == 0 && file_of(path, &t, 9, 3, &fr[1]) == 0, "refuse: files");
  int nv = count_entries(path, "_versions"), nt = count_entries(path, "_transactions");
  const char *names[] = {".", "..", "/etc/passwd", "../x.lance", "a/b.lance", ""};
  for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
    bad = fr[0];
    bad.path = (char *)names[k];
    CHECK(commit(path, &t, &bad, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EINVAL,
          "path '%s' refused: %d %s", names[k], err.code, err.message);
  }
  bad = fr[0];
  bad.rows = 5; /* the file holds 4 */
  CHECK(commit(path, &t, &bad, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EINVAL &&
            strstr(err.message, "holds 4"),
        "row count not the file's refused: %s", err.message);
  bad.rows = 3;
  CHECK(commit(path, &t, &bad, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EINVAL, "fewer rows refused");
  bad = fr[0];
  bad.file_minor_version = fr[0].file_minor_version ? 0 : 1;
  CHECK(commit(path, &t, &bad, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EINVAL,
        "file version not the file's");
  tpch_lance_fragment twice[2] = {fr[0], fr[0]};
  twice[1].id = 50;
  CHECK(commit(path, &t, twice, 2, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EINVAL &&
            strstr(err.message, "twice"),
        "the same file twice refused: %s", err.message);
  CHECK(count_entries(path, "_versions") == nv && count_entries(path, "_transactions") == nt,
        "refused commits wrote nothing");
  CHECK(commit(path, &t, fr, 2, TPCH_WRITE_APPEND, 0, &ver, &err) == 0 && ver == 2,
        "the good ones commit: %s", err.message);

  /* a version whose data file path is not UTF-8 (lance cannot decode it):
   * an append must not copy it forward */
  {
    tpch_buf extra;
    size_t m1, m2;
    tpch_buf_init(&extra);
    tpch_pb_begin(&extra, 2, &m1); /* DataFragment{id, files: DataFile{path}, physical_rows} */
    lance_pb_uint(&extra, 1, 77);
    tpch_pb_begin(&extra, 2, &m2);
    tpch_pb_bytes(&extra, 1, "bad\xff\xfe.lance", sizeof "bad\xff\xfe.lance" - 1);
    lance_pb_uint(&extra, 4, 2);
    tpch_pb_end(&extra, m2);
    lance_pb_uint(&extra, 4, 1);
    tpch_pb_end(&extra, m1);
    forge_version(path, 2, 3, &extra);
    tpch_buf_free(&extra);
  }
  CHECK(file_of(path, &t, 12, 2, &fr[0]) == 0, "refuse: one more file");
  CHECK(commit(path, &t, fr, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EFORMAT,
        "append to an undecodable manifest: %d %s", err.code, err.message);
  uint64_t latest = 0;
  CHECK(tpch_lance_dataset_latest_version(path, &latest, &err) == 0 && latest == 3, "no version 4 (%llu)",
        (unsigned long long)latest);
  tpch_lance_fragment_clear(&fr[0]);
  tpch_lance_fragment_clear(&fr[1]);
  tl_free(&t);
}

static void check_semantics(const char *dir) {
  char path[512];
  tl_table t;
  v_table(&t);
  for (int64_t id = 0; id < 40; id++)
    v_row(&t, id);
  uint64_t ver = 0, mx = 0, ids[32];
  tpch_error err;
  tpch_lance_fragment fr[4] = {{0}};
  snprintf(path, sizeof path, "%s/sem.lance", dir);

  /* APPEND creates a missing dataset; ids continue; explicit ids sort */
  CHECK(write_rows(path, &t, 0, 10, TPCH_WRITE_APPEND, 4, &ver) == 0 && ver == 1, "append creates");
  size_t n = frag_ids(path, ids, 32, NULL, &mx);
  CHECK(ids_are(ids, n, (uint64_t[]){0, 1, 2}, 3) && mx == 2, "ids 0,1,2");
  CHECK(file_of(path, &t, 10, 2, &fr[0]) == 0 && file_of(path, &t, 12, 2, &fr[1]) == 0, "files");
  fr[0].id = -1;
  fr[1].id = 5;
  CHECK(commit(path, &t, fr, 2, TPCH_WRITE_APPEND, 0, &ver, &err) == 0 && ver == 2, "mixed ids: %s",
        err.message);
  n = frag_ids(path, ids, 32, NULL, &mx);
  CHECK(ids_are(ids, n, (uint64_t[]){0, 1, 2, 5, 6}, 5) && mx == 6, "auto id after explicit max: %zu %llu", n,
        (unsigned long long)mx);
  /* duplicate ids in one commit */
  fr[0].id = 9;
  fr[1].id = 9;
  CHECK(commit(path, &t, fr, 2, TPCH_WRITE_APPEND, 1, &ver, &err) == TPCH_EINVAL, "duplicate ids: %d",
        err.code);
  /* fragment ids are u32 in lance */
  fr[0].id = (int64_t)UINT32_MAX + 1;
  CHECK(commit(path, &t, fr, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EINVAL, "id 2^32 refused: %d",
        err.code);
  fr[0].id = 9;
  /* empty fragments are skipped; a missing file is refused */
  tpch_lance_fragment empty = fr[0];
  empty.rows = 0;
  empty.id = 20;
  CHECK(commit(path, &t, &empty, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == 0 && ver == 3, "empty fragment: %s",
        err.message);
  n = frag_ids(path, ids, 32, NULL, NULL);
  CHECK(n == 5, "empty fragment not listed (%zu)", n);
  tpch_lance_fragment missing = fr[0];
  missing.path = (char *)"nope.lance";
  CHECK(commit(path, &t, &missing, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EINVAL, "missing file: %d",
        err.code);
  tpch_lance_fragment wrong_size = fr[0];
  wrong_size.file_bytes += 1;
  CHECK(commit(path, &t, &wrong_size, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EINVAL, "wrong size");
  CHECK(commit(path, &t, fr, 1, TPCH_WRITE_CREATE, 0, &ver, &err) == TPCH_EEXIST,
        "commit CREATE on existing");
  /* overwrite: ids restart, high-water mark kept; explicit ids kept */
  fr[0].id = -1;
  fr[1].id = -1;
  CHECK(commit(path, &t, fr, 2, TPCH_WRITE_OVERWRITE, 0, &ver, &err) == 0 && ver == 4, "overwrite: %s",
        err.message);
  n = frag_ids(path, ids, 32, NULL, &mx);
  CHECK(ids_are(ids, n, (uint64_t[]){0, 1}, 2) && mx == 6, "overwrite ids 0,1 max 6 (%llu)",
        (unsigned long long)mx);
  /* replace_same_ids with nothing to replace is a plain append */
  fr[0].id = 3;
  CHECK(commit(path, &t, fr, 1, TPCH_WRITE_APPEND, 1, &ver, &err) == 0 && ver == 5, "replace without match");
  n = frag_ids(path, ids, 32, NULL, NULL);
  CHECK(ids_are(ids, n, (uint64_t[]){0, 1, 3}, 3), "ids 0,1,3");

  /* features an append cannot carry are refused, by the writer up front
   * and by the commit */
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.mode = TPCH_WRITE_APPEND;
  struct ArrowSchema sc;
  tl_schema(&t, &sc);
  struct {
    uint32_t field;
    uint64_t value;
    const char *what;
  } forged[] = {{9, 2, "stable row ids"}, {10, 1024, "unknown writer flag"}, {6, 123, "index section"}};
  for (int k = 0; k < 3; k++) {
    tpch_buf extra;
    tpch_buf_init(&extra);
    lance_pb_uint(&extra, forged[k].field, forged[k].value);
    forge_version(path, 5, 6 + (uint64_t)k, &extra);
    tpch_buf_free(&extra);
    tpch_lance_writer *w = NULL;
    tpch_lance_writer_create(&w, path, &sc, &o, &err);
    CHECK(w == NULL && err.code == TPCH_EUNSUPPORTED, "%s refused: %d %s", forged[k].what, err.code,
          err.message);
    lance_writer_destroy(w);
    CHECK(commit(path, &t, fr, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EUNSUPPORTED,
          "commit: %s refused", forged[k].what);
  }
  /* a dataset of another data file version */
  {
    tpch_buf extra;
    size_t m1;
    tpch_buf_init(&extra);
    tpch_pb_begin(&extra, 15, &m1);
    lance_pb_str(&extra, 1, "lance");
    lance_pb_str(&extra, 2, "2.2");
    tpch_pb_end(&extra, m1);
    forge_version(path, 5, 9, &extra);
    tpch_buf_free(&extra);
  }
  CHECK(commit(path, &t, fr, 1, TPCH_WRITE_APPEND, 0, &ver, &err) == TPCH_EUNSUPPORTED &&
            strstr(err.message, "2.2"),
        "2.2 dataset refused: %s", err.message);
  /* overwrite does not need to carry anything: it works and clears it */
  fr[0].id = -1;
  CHECK(commit(path, &t, fr, 1, TPCH_WRITE_OVERWRITE, 0, &ver, &err) == 0 && ver == 10,
        "overwrite forged: %s", err.message);
  CHECK(commit(path, &t, &fr[1], 1, TPCH_WRITE_APPEND, 0, &ver, &err) == 0 && ver == 11, "append after: %s",
        err.message);
  sc.release(&sc);

  /* a dataset with V1 manifest names keeps V1 names */
  snprintf(path, sizeof path, "%s/v1names.lance", dir);
  CHECK(write_rows(path, &t, 0, 5, TPCH_WRITE_CREATE, 100, &ver) == 0, "v1names create");
  char from[700], to[700];
  snprintf(from, sizeof from, "%s/_versions/18446744073709551614.manifest", path);
  snprintf(to, sizeof to, "%s/_versions/1.manifest", path);
  CHECK(rename(from, to) == 0, "rename to V1 name");
  CHECK(write_rows(path, &t, 5, 5, TPCH_WRITE_APPEND, 100, &ver) == 0 && ver == 2, "append to V1 dataset");
  snprintf(to, sizeof to, "%s/_versions/2.manifest", path);
  struct stat st;
  CHECK(stat(to, &st) == 0, "version 2 named 2.manifest");
  for (int k = 0; k < 4; k++)
    tpch_lance_fragment_clear(&fr[k]);
  tl_free(&t);
}

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "write") == 0) {
    mkdir(argv[2], 0755);
    write_history(argv[2]);
    return check_finish();
  }
  if (argc >= 3 && strcmp(argv[1], "append") == 0) return append_more(argv[2]);
  if (argc >= 5 && strcmp(argv[1], "seq") == 0) return seq_append(argv[2], atoll(argv[3]), atoll(argv[4]));
  if (argc >= 3 && strcmp(argv[1], "pause") == 0) return seq_pause(argv[2]);
  if (argc >= 5 && strcmp(argv[1], "worker") == 0) return worker(argv[2], atoi(argv[3]), atoi(argv[4]));
  if (argc >= 4 && strcmp(argv[1], "create") == 0) return create_race(argv[2], atoi(argv[3]));
  char tmpl[] = "/tmp/test_lance_versions.XXXXXX";
  char *dir = mkdtemp(tmpl);
  CHECK(dir != NULL, "mkdtemp");
  if (dir == NULL) return check_finish();
  check_semantics(dir);
  check_input_refusals(dir);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
  return check_finish();
}
