/*
 * lance_commit.c - committing fragments as a new dataset version.
 *
 * One attempt: read the latest manifest N, build manifest N+1 (carrying over
 * what an append keeps), write the .txn transaction, then give the manifest
 * its final name with link(), which fails if version N+1 appeared meanwhile.
 * A lost race is retried from a fresh read. That link is the commit point:
 * before it a failure removes what the attempt wrote; after it nothing is
 * removed and a failure (the fsync of _versions/, the version hint) is
 * TPCH_ECOMMITTED. Facts: LANCE.md §1.2, §2, §6.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arrow/arrow_schema.h"
#include "io/files.h"
#include "io/random.h"
#include "io/retry.h"
#include "io/sink.h"
#include "lance_file.h"
#include "lance_manifest.h"
#include "lance_proto.h"
#include "lance_schema.h"
#include "lance_writer.h"

/* One fragment of the version being built: carried over from the old
 * manifest (old_body) or new (frag). */
typedef struct frag_entry {
  uint64_t id;
  const uint8_t *old_body;
  size_t old_len;
  const tpch_lance_fragment *frag;
} frag_entry;

typedef struct commit_ctx {
  const char *uri;
  const lance_schema *schema;
  tpch_lance_commit_options opts;
  const tpch_lance_fragment *frags;
  size_t n_frags;
  uint64_t *col_ids; /* 0..ncols-1, for DataFile.fields/column_indices */
  int minor;         /* file format 2.<minor> of the new data files; -1 = none */
  /* per attempt */
  const lance_manifest *old; /* NULL when there is no dataset yet */
  uint64_t read_version, version;
  int scheme;
  frag_entry *list; /* final fragment list, ascending id */
  size_t n_list;
  frag_entry *added; /* the new fragments with their ids, input order */
  size_t n_added;
  uint64_t *removed; /* ids of replaced fragments */
  size_t n_removed;
  uint64_t max_fragment_id;
  char uuid[40];
  char txn_name[80];
} commit_ctx;

void tpch_lance_commit_options_init(tpch_lance_commit_options *opts) {
  if (opts != NULL) memset(opts, 0, sizeof *opts); /* every 0 is the default */
}

/* ---- fragment ids ---------------------------------------------------------- */

static int cmp_entry(const void *a, const void *b) {
  const frag_entry *x = a, *y = b;
  if (x->id != y->id) return x->id < y->id ? -1 : 1;
  return (x->frag != NULL) - (y->frag != NULL); /* old before new */
}

/* Highest fragment id ever used by the old dataset, or -1. */
static int64_t old_high_water(const lance_manifest *m) {
  int64_t high = -1;
  if (m == NULL) return high;
  if (m->has_max_fragment_id) high = (int64_t)m->max_fragment_id;
  for (size_t i = 0; i < m->n_frags; i++)
    if ((int64_t)m->frags[i].id > high) high = (int64_t)m->frags[i].id;
  return high;
}

/* Gives every new fragment an id: explicit ids are kept; the others get the
 * next free ids. An append continues after the dataset's high-water mark,
 * an overwrite restarts at 0 as lance does. */
static int assign_ids(commit_ctx *c, int64_t high, tpch_error *err) {
  int64_t emax = -1;
  for (size_t i = 0; i < c->n_frags; i++)
    if (c->frags[i].rows > 0 && c->frags[i].id > emax) emax = c->frags[i].id;
  int64_t next = (c->old && c->opts.mode == TPCH_WRITE_APPEND) ? (high > emax ? high : emax) + 1 : emax + 1;
  if (next + (int64_t)c->n_frags > (int64_t)UINT32_MAX + 1)
    return tpch_error_set(err, TPCH_EINVAL, "no fragment ids left below 2^32 in '%s'", c->uri);
  c->n_added = 0;
  for (size_t i = 0; i < c->n_frags; i++) {
    const tpch_lance_fragment *f = &c->frags[i];
    if (f->rows == 0) continue; /* an empty file holds nothing to read */
    frag_entry *e = &c->added[c->n_added++];
    e->id = (uint64_t)(f->id >= 0 ? f->id : next++);
    e->frag = f;
    e->old_body = NULL;
    e->old_len = 0;
  }
  uint64_t mx = high > 0 ? (uint64_t)high : 0;
  for (size_t i = 0; i < c->n_added; i++)
    if (c->added[i].id > mx) mx = c->added[i].id;
  c->max_fragment_id = mx;
  return TPCH_OK;
}

/* Builds c->list: the old fragments an append keeps plus the new ones,
 * sorted by id, resolving id collisions per replace_same_ids. */
static int plan_fragments(commit_ctx *c, tpch_error *err) {
  const lance_manifest *m = c->old;
  int append = m && c->opts.mode == TPCH_WRITE_APPEND;
  size_t n_old = append ? m->n_frags : 0;
  int rc = assign_ids(c, old_high_water(m), err);
  if (rc != TPCH_OK) return rc;
  c->n_list = 0;
  c->n_removed = 0;
  for (size_t i = 0; i < n_old; i++) {
    if (c->opts.part_count > 0 && (int64_t)m->frags[i].id >= c->opts.part_id_lo &&
        (int64_t)m->frags[i].id < c->opts.part_id_hi) {
      /* the part's ids: it was committed before (with any file sizes) */
      if (!c->opts.replace_same_ids)
        return tpch_error_set(err, TPCH_EEXIST, "the part's fragment id %llu already exists in version %llu",
                              (unsigned long long)m->frags[i].id, (unsigned long long)c->read_version);
      c->removed[c->n_removed++] = m->frags[i].id;
      continue;
    }
    frag_entry *e = &c->list[c->n_list++];
    e->id = m->frags[i].id;
    e->old_body = m->frags[i].body;
    e->old_len = m->frags[i].body_len;
    e->frag = NULL;
  }
  memcpy(c->list + c->n_list, c->added, c->n_added * sizeof *c->added);
  c->n_list += c->n_added;
  qsort(c->list, c->n_list, sizeof *c->list, cmp_entry);
  size_t out = 0;
  for (size_t i = 0; i < c->n_list; i++) {
    frag_entry *e = &c->list[i];
    if (i + 1 < c->n_list && c->list[i + 1].id == e->id && c->list[i + 1].frag != NULL) {
      if (e->frag != NULL)
        return tpch_error_set(err, TPCH_EINVAL, "fragment id %llu is given twice", (unsigned long long)e->id);
      if (!c->opts.replace_same_ids)
        return tpch_error_set(err, TPCH_EEXIST, "fragment id %llu already exists in version %llu",
                              (unsigned long long)e->id, (unsigned long long)c->read_version);
      c->removed[c->n_removed++] = e->id;
      continue; /* the new fragment with this id follows */
    }
    c->list[out++] = *e;
  }
  c->n_list = out;
  return TPCH_OK;
}

/* ---- encoding ---------------------------------------------------------------- */

/* DataFragment{id=1, files=2: DataFile{path=1, fields=2, column_indices=3,
 * file_major_version=4 (2), file_minor_version=5 (0 or 1), file_size_bytes=6},
 * physical_rows=4} of a new fragment. */
static int encode_new_fragment(tpch_buf *b, uint32_t field, const commit_ctx *c, const frag_entry *e,
                               int with_id) {
  size_t m_frag, m_file;
  size_t ncols = c->schema->n;
  int rc = tpch_pb_begin(b, field, &m_frag);
  if (rc == TPCH_OK && with_id) rc = lance_pb_uint(b, 1, e->id);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 2, &m_file);
  if (rc == TPCH_OK) rc = lance_pb_str(b, 1, e->frag->path);
  if (rc == TPCH_OK) rc = tpch_pb_packed(b, 2, c->col_ids, ncols);
  if (rc == TPCH_OK) rc = tpch_pb_packed(b, 3, c->col_ids, ncols);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 4, 2);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 5, (uint64_t)e->frag->file_minor_version);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 6, (uint64_t)e->frag->file_bytes);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_file);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 4, (uint64_t)e->frag->rows);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_frag);
  return rc;
}

/* Fields of an old manifest an append copies verbatim: schema (1), schema
 * metadata (5), feature flags (9, 10), next_row_id (14), data_format (15),
 * config (16), base paths (18), table metadata (19) and any field this
 * writer does not know. The ones it rewrites are dropped here, and so are
 * positions inside the old manifest file (an inline transaction: 21, and 23
 * where pylance 14 writes it), which mean nothing in the new one. */
static int carried_on_append(uint32_t num) {
  switch (num) {
  case 2:  /* fragments */
  case 3:  /* version */
  case 4:  /* version_aux_data */
  case 6:  /* index_section (refused before) */
  case 7:  /* timestamp */
  case 8:  /* tag */
  case 11: /* max_fragment_id */
  case 12: /* transaction_file */
  case 13: /* writer_version */
  case 20: /* branch */
  case 21: /* transaction_section (inline, not copied) */
  case 23: /* transaction_section of newer lance (21 is then deprecated) */ return 0;
  default: return 1;
  }
}

/* 1 if the config entry field `f` is the part record. */
static int is_parts_entry(const tpch_pb_field *f) {
  tpch_pb_reader r;
  tpch_pb_field k;
  tpch_pb_reader_init(&r, f->data, f->len);
  while (tpch_pb_next(&r, &k) == 1)
    if (k.num == 1 && k.wire == TPCH_PB_LEN)
      return k.len == strlen(LANCE_CONFIG_PARTS) && memcmp(k.data, LANCE_CONFIG_PARTS, k.len) == 0;
  return 0;
}

/* An overwrite replaces schema and data but keeps the table's config (less
 * the part record, which described the data replaced) and table metadata,
 * as lance does. An append that adds the part record rewrites the writer
 * flags (drop_writer_flags). Returns 1 if config was carried. */
static int carry_fields(tpch_buf *b, const lance_manifest *m, int append, int drop_writer_flags, int *rc) {
  tpch_pb_reader r;
  tpch_pb_field f;
  int has_config = 0;
  tpch_pb_reader_init(&r, m->msg, m->msg_len);
  while (*rc == TPCH_OK && tpch_pb_next(&r, &f) == 1) {
    int keep = append ? carried_on_append(f.num) : (f.num == 16 || f.num == 19);
    if (!append && f.num == 16 && is_parts_entry(&f)) keep = 0;
    if (f.num == 10 && drop_writer_flags) keep = 0;
    if (!keep) continue;
    if (f.num == 16) has_config = 1;
    *rc = tpch_buf_append(b, f.start, f.raw_len);
  }
  return has_config;
}

/* Manifest.config entry {key, value} recording the part count. */
static int encode_parts_entry(tpch_buf *b, int64_t parts) {
  char v[32];
  snprintf(v, sizeof v, "%lld", (long long)parts);
  size_t m;
  int rc = tpch_pb_begin(b, 16, &m);
  if (rc == TPCH_OK) rc = lance_pb_str(b, 1, LANCE_CONFIG_PARTS);
  if (rc == TPCH_OK) rc = lance_pb_str(b, 2, v);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  return rc;
}

static int encode_fragments(tpch_buf *b, const commit_ctx *c) {
  int rc = TPCH_OK;
  for (size_t i = 0; i < c->n_list && rc == TPCH_OK; i++) {
    const frag_entry *e = &c->list[i];
    if (e->frag)
      rc = encode_new_fragment(b, 2, c, e, 1);
    else
      rc = tpch_pb_bytes(b, 2, e->old_body, e->old_len);
  }
  return rc;
}

static int build_manifest(tpch_buf *b, const commit_ctx *c) {
  int rc = TPCH_OK, append = c->old && c->opts.mode == TPCH_WRITE_APPEND, has_config = 0;
  /* the first part of a dataset records the part count (config) */
  int add_parts = c->opts.part_count > 0 && (c->old == NULL || c->old->parts == 0);
  if (c->old) has_config = carry_fields(b, c->old, append, append && add_parts, &rc);
  if (rc == TPCH_OK && add_parts) rc = encode_parts_entry(b, c->opts.part_count);
  if (add_parts) has_config = 1;
  if (rc == TPCH_OK && append && add_parts) rc = lance_pb_uint(b, 10, c->old->writer_flags | 8);
  if (rc == TPCH_OK && !append) rc = lance_schema_encode_fields(c->schema, b, 1);
  if (rc == TPCH_OK) rc = encode_fragments(b, c);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 3, c->version);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  size_t m;
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 7, &m); /* google.protobuf.Timestamp */
  if (rc == TPCH_OK) rc = lance_pb_int(b, 1, (int64_t)ts.tv_sec);
  if (rc == TPCH_OK) rc = lance_pb_int(b, 2, (int64_t)ts.tv_nsec);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  if (rc == TPCH_OK && !append && has_config) rc = lance_pb_uint(b, 10, 8); /* writer flag: config */
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 11, c->max_fragment_id);
  if (rc == TPCH_OK) rc = lance_pb_str(b, 12, c->txn_name);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 13, &m); /* WriterVersion{library, version} */
  if (rc == TPCH_OK) rc = lance_pb_str(b, 1, LANCE_WRITER_LIBRARY);
  if (rc == TPCH_OK) rc = lance_pb_str(b, 2, TPCH_VERSION);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  if (rc == TPCH_OK && !append) {
    rc = tpch_pb_begin(b, 15, &m); /* DataStorageFormat{file_format, version} */
    if (rc == TPCH_OK) rc = lance_pb_str(b, 1, "lance");
    if (rc == TPCH_OK)
      rc = lance_pb_str(b, 2, (c->minor < 0 ? LANCE_DEFAULT_FILE_MINOR : c->minor) ? "2.1" : "2.0");
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  }
  return rc;
}

/* Transaction{read_version=1, uuid=2, op}: overwrite=102 {fragments=1,
 * schema=2} for create/overwrite; append=100 {fragments=1} (ids unset, as
 * lance writes them); update=108 {removed_fragment_ids=1, new_fragments=3}
 * when an append replaces fragments. */
static int build_txn(tpch_buf *b, const commit_ctx *c) {
  int append = c->old && c->opts.mode == TPCH_WRITE_APPEND;
  uint32_t op = !append ? 102 : c->n_removed ? 108 : 100;
  uint32_t frag_field = op == 108 ? 3 : 1;
  size_t m;
  int rc = lance_pb_uint(b, 1, c->read_version);
  if (rc == TPCH_OK) rc = lance_pb_str(b, 2, c->uuid);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, op, &m);
  if (rc == TPCH_OK && op == 108) rc = tpch_pb_packed(b, 1, c->removed, c->n_removed);
  for (size_t i = 0; i < c->n_added && rc == TPCH_OK; i++)
    rc = encode_new_fragment(b, frag_field, c, &c->added[i], op != 100);
  if (rc == TPCH_OK && op == 102) rc = lance_schema_encode_fields(c->schema, b, 2);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  return rc;
}

/* ---- files -------------------------------------------------------------------- */

/* After the commit point: readers list _versions/ on local disks and ignore
 * a stale hint, so a failure here is reported but undoes nothing. */
static int write_hint(const commit_ctx *c, tpch_error *err) {
  char path[PATH_MAX], text[64];
  if ((size_t)snprintf(path, sizeof path, "%s/_versions/latest_version_hint.json", c->uri) >= sizeof path)
    return tpch_error_set(err, TPCH_EINVAL, "dataset path too long: '%s'", c->uri);
  int n = snprintf(text, sizeof text, "{\"version\":%llu}", (unsigned long long)c->version);
  return tpch_write_file(path, text, (size_t)n, TPCH_SINK_OVERWRITE | TPCH_SINK_NOSYNC, err);
}

static int path_in(char *out, size_t cap, const char *uri, const char *dir, const char *name,
                   tpch_error *err) {
  if ((size_t)snprintf(out, cap, "%s/%s/%s", uri, dir, name) >= cap)
    return tpch_error_set(err, TPCH_EINVAL, "dataset path too long: '%s'", uri);
  return TPCH_OK;
}

/* Writes transaction and manifest for c->version. TPCH_ECONFLICT when that
 * version was taken by another writer (the caller retries). */
static int publish(commit_ctx *c, tpch_buf *b, tpch_error *err) {
  char txn_path[PATH_MAX], man_path[PATH_MAX], name[64];
  int rc = tpch_uuid4(c->uuid, err);
  if (rc != TPCH_OK) return rc;
  snprintf(c->txn_name, sizeof c->txn_name, "%llu-%s.txn", (unsigned long long)c->read_version, c->uuid);
  lance_manifest_name(name, sizeof name, c->version, c->scheme);
  rc = path_in(txn_path, sizeof txn_path, c->uri, "_transactions", c->txn_name, err);
  if (rc == TPCH_OK) rc = path_in(man_path, sizeof man_path, c->uri, "_versions", name, err);
  tpch_buf_reset(b);
  if (rc == TPCH_OK && build_txn(b, c) != TPCH_OK) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (rc == TPCH_OK)
    rc = tpch_write_file(txn_path, b->data, b->len, tpch_sink_flags(0, !c->opts.no_fsync), err);
  if (rc != TPCH_OK) return rc;
  tpch_buf_reset(b);
  tpch_buf wrapped;
  tpch_buf_init(&wrapped);
  if (build_manifest(b, c) != TPCH_OK || lance_manifest_wrap(&wrapped, b->data, b->len) != TPCH_OK)
    rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory building a manifest");
  /* link() inside the sink never replaces: EEXIST = we lost this version.
   * That link is the commit point: after it (TPCH_ECOMMITTED, a failed
   * fsync of _versions/) the transaction file stays with the version. */
  if (rc == TPCH_OK)
    rc = tpch_write_file(man_path, wrapped.data, wrapped.len,
                         tpch_sink_flags(0, !c->opts.no_fsync) | TPCH_SINK_COMMIT_POINT, err);
  tpch_buf_free(&wrapped);
  if (rc != TPCH_OK && rc != TPCH_ECOMMITTED) unlink(txn_path);
  if (rc == TPCH_EEXIST) {
    if (c->opts.mode == TPCH_WRITE_CREATE)
      return tpch_error_set(err, TPCH_EEXIST, "a Lance dataset already exists at '%s' (created concurrently)",
                            c->uri);
    return TPCH_ECONFLICT;
  }
  return rc;
}

/* A part goes into a dataset of the same part count only. */
static int check_parts(const commit_ctx *c, const lance_manifest *old, tpch_error *err) {
  int64_t want = c->opts.part_count;
  if (want <= 0) return TPCH_OK;
  if (old->parts > 0 && old->parts != want)
    return tpch_error_set(err, TPCH_EINVAL, "'%s' holds parts of a '--parts %lld' run, not of %lld parts",
                          c->uri, (long long)old->parts, (long long)want);
  if (old->parts == 0 && old->n_frags > 0)
    return tpch_error_set(err, TPCH_EINVAL, "'%s' was not written in parts; a part cannot be added to it",
                          c->uri);
  return TPCH_OK;
}

/* One commit attempt against the current latest version. */
static int attempt(commit_ctx *c, tpch_buf *b, tpch_error *err) {
  uint64_t latest;
  lance_manifest old;
  memset(&old, 0, sizeof old);
  int rc = lance_dataset_latest(c->uri, &latest, &c->scheme, err);
  if (rc != TPCH_OK) return rc;
  c->old = NULL;
  if (latest > 0) {
    if (c->opts.mode == TPCH_WRITE_CREATE)
      return tpch_error_set(err, TPCH_EEXIST, "a Lance dataset already exists at '%s'", c->uri);
    rc = lance_manifest_load(&old, c->uri, latest, c->scheme, err);
    if (rc == TPCH_OK) c->old = &old;
    /* an overwrite needs nothing from a manifest that does not decode: it
     * replaces the dataset (as version latest + 1) */
    if (rc == TPCH_EFORMAT && c->opts.mode == TPCH_WRITE_OVERWRITE) rc = TPCH_OK;
  }
  if (rc == TPCH_OK && c->old && c->opts.mode == TPCH_WRITE_APPEND) {
    rc = lance_manifest_check_appendable(&old, c->minor < 0 ? NULL : c->minor ? "2.1" : "2.0", err);
    if (rc == TPCH_OK) rc = lance_manifest_check_schema(&old, c->schema, err);
    if (rc == TPCH_OK) rc = check_parts(c, &old, err);
  }
  c->read_version = latest;
  c->version = latest + 1;
  if (rc == TPCH_OK && ((c->list = calloc(old.n_frags + c->n_frags + 1, sizeof *c->list)) == NULL ||
                        (c->removed = calloc(old.n_frags + 1, sizeof *c->removed)) == NULL)) {
    tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    rc = TPCH_ENOMEM;
  }
  if (rc == TPCH_OK) rc = plan_fragments(c, err);
  if (rc == TPCH_OK) rc = publish(c, b, err);
  free(c->list);
  c->list = NULL;
  free(c->removed);
  c->removed = NULL;
  lance_manifest_free(&old);
  c->old = NULL;
  return rc;
}

/* One try for tpch_commit_retry: each attempt re-reads the latest version. */
typedef struct lance_try {
  commit_ctx *c;
  tpch_buf *b;
  tpch_error *err;
} lance_try;

static int try_commit(void *p, int k) {
  (void)k;
  lance_try *t = p;
  return attempt(t->c, t->b, t->err);
}

/* The sinks fsync the directories they write into; the entries of those
 * directories (data/, _versions/, ...) and of the dataset itself live one
 * and two levels up. The parent is best effort (it may not be readable). */
static int sync_dataset_dirs(const char *uri, tpch_error *err) {
  int rc = tpch_fsync_dir(uri, err);
  char parent[PATH_MAX];
  snprintf(parent, sizeof parent, "%s", uri);
  char *slash = strrchr(parent, '/');
  while (slash && slash > parent && slash[1] == '\0') { /* trailing slashes */
    *slash = '\0';
    slash = strrchr(parent, '/');
  }
  if (slash == parent)
    slash[1] = '\0';
  else if (slash)
    *slash = '\0';
  else
    snprintf(parent, sizeof parent, ".");
  if (rc == TPCH_OK) tpch_fsync_dir(parent, NULL);
  return rc;
}

static uint64_t le_at(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++)
    v |= (uint64_t)p[i] << (8 * i);
  return v;
}

/* Rows and file format minor version a finished data file says it holds:
 * the 40-byte footer points at the global buffer offsets, whose first entry
 * is the FileDescriptor{schema = 1, length = 2}. -1 rows when the file is
 * not a Lance 2.x data file. */
static int data_file_rows(const char *path, int64_t size, int64_t *rows, int *minor) {
  *rows = -1;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return TPCH_EIO;
  uint8_t foot[40], gbo[16], *desc = NULL;
  int rc = TPCH_OK;
  if (size < 56 || pread(fd, foot, 40, size - 40) != 40 || memcmp(foot + 36, "LANC", 4) != 0) goto done;
  uint64_t gbo_pos = le_at(foot + 16, 8), major = le_at(foot + 32, 2);
  *minor = major == 2 ? (int)le_at(foot + 34, 2) : major == 0 && le_at(foot + 34, 2) == 3 ? 0 : -1;
  if (le_at(foot + 24, 4) < 1 || gbo_pos > (uint64_t)size - 56 || pread(fd, gbo, 16, (off_t)gbo_pos) != 16)
    goto done;
  uint64_t pos = le_at(gbo, 8), len = le_at(gbo + 8, 8);
  if (len == 0 || pos > (uint64_t)size || len > (uint64_t)size - pos || (desc = malloc(len)) == NULL ||
      pread(fd, desc, len, (off_t)pos) != (ssize_t)len)
    goto done;
  tpch_pb_reader r;
  tpch_pb_field f;
  tpch_pb_reader_init(&r, desc, len);
  while (tpch_pb_next(&r, &f) == 1)
    if (f.num == 2 && f.wire == TPCH_PB_VARINT && f.v <= (uint64_t)INT64_MAX) *rows = (int64_t)f.v;
done:
  free(desc);
  close(fd);
  return rc;
}

static int cmp_frag_path(const void *a, const void *b) {
  return strcmp((*(const tpch_lance_fragment *const *)a)->path,
                (*(const tpch_lance_fragment *const *)b)->path);
}

/* No data file may be committed twice: one version would list its rows twice. */
static int check_distinct_files(const tpch_lance_fragment *frags, size_t n, tpch_error *err) {
  const tpch_lance_fragment **v = malloc((n + 1) * sizeof *v);
  if (v == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (frags[i].rows > 0) v[k++] = &frags[i];
  qsort(v, k, sizeof *v, cmp_frag_path);
  int rc = TPCH_OK;
  for (size_t i = 1; i < k && rc == TPCH_OK; i++)
    if (strcmp(v[i - 1]->path, v[i]->path) == 0)
      rc = tpch_error_set(err, TPCH_EINVAL, "data file '%s' is given twice", v[i]->path);
  free(v);
  return rc;
}

static int check_fragments(const char *uri, const tpch_lance_fragment *frags, size_t n, tpch_error *err) {
  if (n > 0 && frags == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL fragment list");
  for (size_t i = 0; i < n; i++) {
    const tpch_lance_fragment *f = &frags[i];
    if (f->path == NULL || f->path[0] == '\0' || strlen(f->path) > 255 || strchr(f->path, '/') ||
        strcmp(f->path, ".") == 0 || strcmp(f->path, "..") == 0 || !tpch_utf8_valid(f->path, strlen(f->path)))
      return tpch_error_set(err, TPCH_EINVAL, "fragment %zu has no valid data file name", i);
    /* fragment ids are u32 in lance (row address = id << 32 | row) */
    if (f->id < -1 || f->id > (int64_t)UINT32_MAX || f->rows < 0 || f->rows > LANCE_MAX_ROWS_PER_FRAGMENT ||
        f->file_bytes <= 0)
      return tpch_error_set(err, TPCH_EINVAL, "fragment %zu ('%s') has a bad id, row count or size", i,
                            f->path);
    if (f->rows == 0) continue;
    char path[PATH_MAX];
    struct stat st;
    int rc = path_in(path, sizeof path, uri, "data", f->path, err);
    if (rc != TPCH_OK) return rc;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (int64_t)st.st_size != f->file_bytes)
      return tpch_error_set(err, TPCH_EINVAL, "data file '%s' is missing or not %lld bytes", path,
                            (long long)f->file_bytes);
    int64_t rows;
    int minor = -1;
    if (data_file_rows(path, f->file_bytes, &rows, &minor) != TPCH_OK || rows < 0)
      return tpch_error_set(err, TPCH_EINVAL, "'%s' is not a finished Lance data file", path);
    if (rows != f->rows || minor != f->file_minor_version)
      return tpch_error_set(err, TPCH_EINVAL,
                            "fragment %zu says %lld rows of file version 2.%d; '%s' holds %lld of 2.%d", i,
                            (long long)f->rows, f->file_minor_version, path, (long long)rows, minor);
  }
  return check_distinct_files(frags, n, err);
}

/* A part's new fragments carry explicit ids inside the part's range. */
static int check_part_ids(const tpch_lance_commit_options *o, const tpch_lance_fragment *frags, size_t n,
                          tpch_error *err) {
  if (o->part_count <= 0) return TPCH_OK;
  if (o->part_id_lo < 0 || o->part_id_hi <= o->part_id_lo || o->part_id_hi > (int64_t)UINT32_MAX + 1)
    return tpch_error_set(err, TPCH_EINVAL, "bad fragment id range [%lld, %lld) for a part",
                          (long long)o->part_id_lo, (long long)o->part_id_hi);
  for (size_t i = 0; i < n; i++)
    if (frags[i].rows > 0 && (frags[i].id < o->part_id_lo || frags[i].id >= o->part_id_hi))
      return tpch_error_set(err, TPCH_EINVAL,
                            "fragment %zu's id %lld is outside the part's range [%lld, %lld)", i,
                            (long long)frags[i].id, (long long)o->part_id_lo, (long long)o->part_id_hi);
  return TPCH_OK;
}

/* The one file version of the new data files (-1 when there are none). */
static int fragments_minor(const tpch_lance_fragment *frags, size_t n, int *minor, tpch_error *err) {
  *minor = -1;
  for (size_t i = 0; i < n; i++) {
    if (frags[i].rows == 0) continue;
    if (frags[i].file_minor_version != 0 && frags[i].file_minor_version != 1)
      return tpch_error_set(err, TPCH_EINVAL, "fragment %zu has an unknown file version 2.%d", i,
                            frags[i].file_minor_version);
    if (*minor >= 0 && *minor != frags[i].file_minor_version)
      return tpch_error_set(err, TPCH_EINVAL, "the fragments mix Lance file versions 2.0 and 2.1");
    *minor = frags[i].file_minor_version;
  }
  return TPCH_OK;
}

int lance_commit_schema(const char *uri, const lance_schema *schema, const tpch_lance_fragment *frags,
                        size_t n_frags, const tpch_lance_commit_options *opts, uint64_t *version_out,
                        tpch_error *err) {
  commit_ctx c;
  memset(&c, 0, sizeof c);
  c.uri = uri;
  c.schema = schema;
  c.frags = frags;
  c.n_frags = n_frags;
  if (opts)
    c.opts = *opts;
  else
    tpch_lance_commit_options_init(&c.opts);
  if (c.opts.mode != TPCH_WRITE_CREATE && c.opts.mode != TPCH_WRITE_APPEND &&
      c.opts.mode != TPCH_WRITE_OVERWRITE)
    return tpch_error_set(err, TPCH_EINVAL, "unknown Lance write mode %d", (int)c.opts.mode);
  int rc = check_fragments(uri, frags, n_frags, err);
  if (rc == TPCH_OK) rc = check_part_ids(&c.opts, frags, n_frags, err);
  if (rc == TPCH_OK) rc = fragments_minor(frags, n_frags, &c.minor, err);
  char dir[PATH_MAX];
  if (rc == TPCH_OK) rc = path_in(dir, sizeof dir, uri, "_versions", "", err);
  if (rc == TPCH_OK) rc = tpch_mkdirs(dir, err);
  if (rc == TPCH_OK) rc = path_in(dir, sizeof dir, uri, "_transactions", "", err);
  if (rc == TPCH_OK) rc = tpch_mkdirs(dir, err);
  if (rc == TPCH_OK && !c.opts.no_fsync) rc = sync_dataset_dirs(uri, err);
  if (rc != TPCH_OK) return rc;
  c.col_ids = malloc((schema->n + 1) * sizeof *c.col_ids);
  c.added = malloc((n_frags + 1) * sizeof *c.added);
  if (c.col_ids == NULL || c.added == NULL) {
    free(c.col_ids);
    free(c.added);
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < schema->n; i++)
    c.col_ids[i] = i;
  tpch_buf b;
  tpch_buf_init(&b);
  lance_try t = {&c, &b, err};
  rc = tpch_commit_retry(try_commit, &t, 0, uri, err);
  if (rc == TPCH_OK || rc == TPCH_ECOMMITTED) {
    tpch_error herr;
    if (write_hint(&c, &herr) != TPCH_OK && rc == TPCH_OK)
      rc = tpch_error_set(err, TPCH_ECOMMITTED, "version %llu of '%s' is committed, but %s",
                          (unsigned long long)c.version, uri, herr.message);
    if (version_out) *version_out = c.version;
  }
  tpch_buf_free(&b);
  free(c.col_ids);
  free(c.added);
  return rc;
}

int tpch_lance_dataset_commit(const char *uri, const struct ArrowSchema *schema,
                              const tpch_lance_fragment *frags, size_t n_frags,
                              const tpch_lance_commit_options *opts, uint64_t *version_out, tpch_error *err) {
  if (uri == NULL || uri[0] == '\0') return tpch_error_set(err, TPCH_EINVAL, "empty dataset path");
  lance_schema s;
  int rc = lance_schema_from_arrow(&s, schema, err);
  if (rc != TPCH_OK) return rc;
  rc = lance_commit_schema(uri, &s, frags, n_frags, opts, version_out, err);
  lance_schema_free(&s);
  return rc;
}
