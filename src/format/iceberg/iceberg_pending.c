/*
 * iceberg_pending.c - sidecars that let separate processes (--parts N
 * --part K) contribute data files to one later commit.
 *
 * TABLE/data/<file>.parquet.pending is a small text file, one record per
 * line, fields separated by single spaces:
 *
 *   tpchgen-iceberg-pending 1
 *   path data/<file>.parquet
 *   rows <num_rows>
 *   bytes <file_bytes>
 *   row_groups <num_row_groups>
 *   columns <n>
 *   col <num_values> <null_count> <compressed_bytes> <has_min_max> <min_exact> <max_exact> <min> <max>
 *   ...                                   (n "col" lines, in column order)
 *   end
 *
 * <min> and <max> are the Parquet PLAIN statistics bytes in lowercase hex,
 * or "-" when absent. The "end" line proves the file is complete. The
 * sidecar is written (atomically) only after its data file is closed, so a
 * sidecar never describes a file still being written.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format/iceberg/iceberg_internal.h"
#include "io/sink.h"
#include "io/files.h"

#define PENDING_MAGIC "tpchgen-iceberg-pending 1"
#define PENDING_SUFFIX ".pending"

static int put_hex(tpch_buf *b, const uint8_t *p, int len) {
  static const char hex[] = "0123456789abcdef";
  if (len <= 0) return tpch_buf_put_u8(b, '-');
  int rc = 0;
  for (int i = 0; i < len; i++) {
    rc |= tpch_buf_put_u8(b, (uint8_t)hex[p[i] >> 4]);
    rc |= tpch_buf_put_u8(b, (uint8_t)hex[p[i] & 15]);
  }
  return rc;
}

static int put_line_int(tpch_buf *b, const char *key, int64_t v) {
  int rc = ice_json_put_raw(b, key);
  rc |= tpch_buf_put_u8(b, ' ');
  rc |= ice_json_put_int(b, v);
  return rc | tpch_buf_put_u8(b, '\n');
}

static int encode_pending(tpch_buf *b, const iceberg_data_file *f) {
  const parquet_file_info *in = &f->info;
  int rc = ice_json_put_raw(b, PENDING_MAGIC "\npath ");
  rc |= ice_json_put_raw(b, f->path);
  rc |= tpch_buf_put_u8(b, '\n');
  rc |= put_line_int(b, "rows", in->num_rows);
  rc |= put_line_int(b, "bytes", in->file_bytes);
  rc |= put_line_int(b, "row_groups", in->num_row_groups);
  rc |= put_line_int(b, "columns", in->num_columns);
  for (int64_t c = 0; c < in->num_columns; c++) {
    const parquet_column_info *ci = &in->columns[c];
    int64_t nums[6] = {ci->num_values, ci->null_count, ci->compressed_bytes, ci->has_min_max, ci->min_exact,
                       ci->max_exact};
    rc |= ice_json_put_raw(b, "col");
    for (int i = 0; i < 6; i++) {
      rc |= tpch_buf_put_u8(b, ' ');
      rc |= ice_json_put_int(b, nums[i]);
    }
    rc |= tpch_buf_put_u8(b, ' ');
    rc |= put_hex(b, ci->min, ci->has_min_max ? ci->min_len : 0);
    rc |= tpch_buf_put_u8(b, ' ');
    rc |= put_hex(b, ci->max, ci->has_min_max ? ci->max_len : 0);
    rc |= tpch_buf_put_u8(b, '\n');
  }
  return rc | ice_json_put_raw(b, "end\n");
}

/* A path a sidecar may describe: data/<name>, no deeper, no "..", no hidden name. */
static int check_pending_path(const char *p, tpch_error *err) {
  if (p == NULL || strncmp(p, "data/", 5) != 0 || p[5] == '\0' || p[5] == '.' || strchr(p + 5, '/') ||
      strchr(p, ' ') || strchr(p, '\n'))
    return tpch_error_set(err, TPCH_EINVAL,
                          "pending data file path '%s' must be data/<name> (no spaces, not hidden)", p ? p : "");
  return TPCH_OK;
}

int iceberg_pending_write(const char *table_dir, const iceberg_data_file *file, const iceberg_options *opts,
                          tpch_error *err) {
  if (table_dir == NULL || file == NULL) return tpch_error_set(err, TPCH_EINVAL, "no table or file given");
  int rc = check_pending_path(file->path, err);
  if (rc != 0) return rc;
  if (file->info.num_columns < 0 || (file->info.num_columns > 0 && file->info.columns == NULL))
    return tpch_error_set(err, TPCH_EINVAL, "data file info has no columns");
  for (int64_t c = 0; c < file->info.num_columns; c++) {
    const parquet_column_info *ci = &file->info.columns[c];
    if (ci->has_min_max && (ci->min_len < 0 || ci->min_len > 64 || ci->max_len < 0 || ci->max_len > 64))
      return tpch_error_set(err, TPCH_EINVAL, "column %lld statistics have a bad length", (long long)c);
  }
  char path[PATH_MAX];
  int n = snprintf(path, sizeof path, "%s/%s" PENDING_SUFFIX, table_dir, file->path);
  if (n < 0 || (size_t)n >= sizeof path) return tpch_error_set(err, TPCH_EINVAL, "path too long");
  tpch_buf b;
  tpch_buf_init(&b);
  if (encode_pending(&b, file) != 0) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  /* a part that is run again replaces its own description */
  if (rc == 0) rc = tpch_write_file(path, b.data, b.len, tpch_sink_flags(1, opts ? opts->fsync : 1), err);
  tpch_buf_free(&b);
  return rc;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct pending_file {
  char *name; /* sidecar file name inside data/ */
  char *path; /* the data file's path relative to the table */
  parquet_column_info *columns;
  iceberg_data_file file;
} pending_file;

static int hexdigit(char c) {
  return (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

static int unhex(const char *s, uint8_t *out, int *len) {
  if (strcmp(s, "-") == 0) {
    *len = 0;
    return 1;
  }
  size_t n = strlen(s);
  if (n % 2 || n / 2 > 64) return 0;
  for (size_t i = 0; i < n; i += 2) {
    int hi = hexdigit(s[i]), lo = hexdigit(s[i + 1]);
    if (hi < 0 || lo < 0) return 0;
    out[i / 2] = (uint8_t)(hi * 16 + lo);
  }
  *len = (int)(n / 2);
  return 1;
}

static int parse_col(const char *line, parquet_column_info *ci) {
  long long v[6];
  char mn[130], mx[130];
  if (sscanf(line, "col %lld %lld %lld %lld %lld %lld %129s %129s", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], mn,
             mx) != 8)
    return 0;
  memset(ci, 0, sizeof *ci);
  ci->num_values = v[0];
  ci->null_count = v[1];
  ci->compressed_bytes = v[2];
  ci->has_min_max = v[3] != 0;
  ci->min_exact = v[4] != 0;
  ci->max_exact = v[5] != 0;
  return unhex(mn, ci->min, &ci->min_len) && unhex(mx, ci->max, &ci->max_len);
}

/* Parses one sidecar's text into `p`. */
static int parse_pending(char *text, pending_file *p, const char *where, tpch_error *err) {
  char *save = NULL, *line = strtok_r(text, "\n", &save);
  long long rows, bytes, groups, cols;
  char pathbuf[PATH_MAX];
  int ok = line && strcmp(line, PENDING_MAGIC) == 0;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "path %4095s", pathbuf) == 1;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "rows %lld", &rows) == 1;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "bytes %lld", &bytes) == 1;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "row_groups %lld", &groups) == 1;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "columns %lld", &cols) == 1;
  ok = ok && cols >= 0 && cols <= 100000;
  if (ok) {
    p->columns = calloc((size_t)cols + 1, sizeof *p->columns);
    p->path = strdup(pathbuf);
    if (p->columns == NULL || p->path == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  for (long long c = 0; ok && c < cols; c++)
    ok = (line = strtok_r(NULL, "\n", &save)) && parse_col(line, &p->columns[c]);
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && strcmp(line, "end") == 0;
  if (!ok) return tpch_error_set(err, TPCH_EFORMAT, "'%s' is not a complete pending-file record", where);
  p->file.path = p->path;
  p->file.info.num_rows = rows;
  p->file.info.file_bytes = bytes;
  p->file.info.num_row_groups = groups;
  p->file.info.num_columns = cols;
  p->file.info.columns = p->columns;
  return TPCH_OK;
}

/* Orders "x.2" before "x.10": digit runs compare as numbers. */
static int natural_cmp(const char *a, const char *b) {
  while (*a && *b) {
    if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
      while (*a == '0') a++;
      while (*b == '0') b++;
      size_t na = 0, nb = 0;
      while (a[na] >= '0' && a[na] <= '9') na++;
      while (b[nb] >= '0' && b[nb] <= '9') nb++;
      if (na != nb) return na < nb ? -1 : 1;
      int c = strncmp(a, b, na);
      if (c != 0) return c;
      a += na;
      b += nb;
      continue;
    }
    if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
    a++, b++;
  }
  return *a ? 1 : *b ? -1 : 0;
}

static int cmp_pending(const void *x, const void *y) {
  return natural_cmp(((const pending_file *)x)->name, ((const pending_file *)y)->name);
}

static void free_pending(pending_file *p, size_t n) {
  for (size_t i = 0; p && i < n; i++) {
    free(p[i].name);
    free(p[i].path);
    free(p[i].columns);
  }
  free(p);
}

/* Every sidecar name in data/ (hidden temp files skipped), sorted naturally. */
static int list_pending(const char *data_dir, pending_file **out, size_t *n_out, tpch_error *err) {
  *out = NULL;
  *n_out = 0;
  DIR *d = opendir(data_dir);
  if (d == NULL) return errno == ENOENT ? TPCH_OK : tpch_error_set(err, TPCH_EIO, "cannot list '%s'", data_dir);
  size_t n = 0, cap = 0;
  pending_file *list = NULL;
  int rc = TPCH_OK;
  struct dirent *e;
  size_t sl = strlen(PENDING_SUFFIX);
  while (rc == 0 && (e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] == '.' || len <= sl || strcmp(e->d_name + len - sl, PENDING_SUFFIX) != 0) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      pending_file *nl = realloc(list, cap * sizeof *nl);
      if (nl == NULL) {
        rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
        break;
      }
      list = nl;
    }
    memset(&list[n], 0, sizeof list[n]);
    list[n].name = strdup(e->d_name);
    if (list[n++].name == NULL) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  closedir(d);
  if (rc != 0) {
    free_pending(list, n);
    return rc;
  }
  if (n > 1) qsort(list, n, sizeof *list, cmp_pending);
  *out = list;
  *n_out = n;
  return TPCH_OK;
}

static int load_pending(const char *data_dir, pending_file *p, tpch_error *err) {
  char path[PATH_MAX];
  int n = snprintf(path, sizeof path, "%s/%s", data_dir, p->name);
  if (n < 0 || (size_t)n >= sizeof path) return tpch_error_set(err, TPCH_EINVAL, "path too long");
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = tpch_read_file(path, &b, err);
  if (rc == 0 && tpch_buf_put_u8(&b, 0) != 0) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (rc == 0) rc = parse_pending((char *)b.data, p, path, err);
  tpch_buf_free(&b);
  if (rc != 0) return rc;
  /* the sidecar must describe the file it sits beside */
  size_t nl = strlen(p->name) - strlen(PENDING_SUFFIX);
  if (strncmp(p->path, "data/", 5) != 0 || strlen(p->path + 5) != nl || strncmp(p->path + 5, p->name, nl) != 0)
    return tpch_error_set(err, TPCH_EFORMAT, "'%s' describes '%s', not its own data file", path, p->path);
  return TPCH_OK;
}

int iceberg_commit_pending(const char *table_dir, const struct ArrowSchema *schema, const iceberg_options *opts,
                           iceberg_commit_info *info, tpch_error *err) {
  if (table_dir == NULL) return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  char data_dir[PATH_MAX];
  int n = snprintf(data_dir, sizeof data_dir, "%s/data", table_dir);
  if (n < 0 || (size_t)n >= sizeof data_dir) return tpch_error_set(err, TPCH_EINVAL, "path too long");
  pending_file *list = NULL;
  size_t count = 0;
  int rc = list_pending(data_dir, &list, &count, err);
  if (rc == 0 && count == 0 && (opts == NULL || opts->mode != ICEBERG_CREATE))
    rc = tpch_error_set(err, TPCH_EINVAL, "no pending data files in '%s'", data_dir);
  iceberg_data_file *files = rc == 0 ? calloc(count + 1, sizeof *files) : NULL;
  if (rc == 0 && files == NULL) rc = ice_oom(err);
  for (size_t i = 0; rc == 0 && files && i < count; i++) {
    rc = load_pending(data_dir, &list[i], err);
    files[i] = list[i].file;
  }
  if (rc == 0) rc = iceberg_commit(table_dir, schema, files, count, opts, info, err);
  /* the commit has landed (maybe with a warning): the sidecars have done their job */
  int landed = rc == 0 || rc == TPCH_ECOMMITTED;
  for (size_t i = 0; landed && i < count; i++) {
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", data_dir, list[i].name) < sizeof path) unlink(path);
  }
  tpch_error serr;
  if (rc == 0 && count > 0 && (opts == NULL || opts->fsync) && tpch_fsync_dir(data_dir, &serr) != 0)
    rc = tpch_error_set(err, TPCH_ECOMMITTED, "the table is committed, but %s", serr.message);
  free(files);
  free_pending(list, count);
  return rc;
}
