/*
 * pending.c - the records that parts leave for `tpchgen commit` (pending.h):
 * one text format and one reader for Iceberg's data/ and Paimon's bucket-0/.
 */
#include "format/common/pending.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/buf.h"
#include "io/files.h"
#include "io/sink.h"

#define MAGIC "tpchgen-pending 1"
#define SUFFIX ".pending"
#define MAX_STAT_BYTES TPCH_PARQUET_INFO_STAT_BYTES
#define MAX_COLUMNS 100000

/* ---- writing -------------------------------------------------------------------- */

static int put_str(tpch_buf *b, const char *s) {
  return tpch_buf_append(b, s, strlen(s));
}

static int put_int(tpch_buf *b, const char *before, long long v) {
  char t[32];
  int n = snprintf(t, sizeof t, "%s%lld", before, v);
  return tpch_buf_append(b, t, (size_t)n);
}

static int put_hex(tpch_buf *b, const uint8_t *p, int len) {
  static const char hex[] = "0123456789abcdef";
  if (len <= 0) return tpch_buf_put_u8(b, '-');
  int rc = 0;
  for (int i = 0; i < len; i++)
    rc |= tpch_buf_put_u8(b, (uint8_t)hex[p[i] >> 4]) | tpch_buf_put_u8(b, (uint8_t)hex[p[i] & 15]);
  return rc;
}

static int encode(tpch_buf *b, const char *name, const tpch_parquet_file_info *in) {
  int rc = put_str(b, MAGIC "\nname ") | put_str(b, name);
  rc |= put_int(b, "\nrows ", in->num_rows) | put_int(b, "\nbytes ", in->file_bytes);
  rc |= put_int(b, "\nrow_groups ", in->num_row_groups) | put_int(b, "\ncolumns ", in->num_columns);
  for (int64_t c = 0; c < in->num_columns; c++) {
    const tpch_parquet_column_info *ci = &in->columns[c];
    rc |= put_int(b, "\ncol ", ci->num_values) | put_int(b, " ", ci->null_count);
    rc |= put_int(b, " ", ci->compressed_bytes) | put_int(b, " ", ci->has_min_max ? 1 : 0);
    rc |= put_int(b, " ", ci->min_exact ? 1 : 0) | put_int(b, " ", ci->max_exact ? 1 : 0);
    rc |= tpch_buf_put_u8(b, ' ') | put_hex(b, ci->min, ci->has_min_max ? ci->min_len : 0);
    rc |= tpch_buf_put_u8(b, ' ') | put_hex(b, ci->max, ci->has_min_max ? ci->max_len : 0);
  }
  return rc | put_str(b, "\nend\n");
}

static int check_name(const char *name, tpch_error *err) {
  if (name == NULL || name[0] == '\0' || name[0] == '.' || strpbrk(name, "/ \n") != NULL ||
      strlen(name) > 255)
    return tpch_error_set(err, TPCH_EINVAL,
                          "pending data file name '%s' must be a plain file name (no spaces, not hidden)",
                          name ? name : "");
  return TPCH_OK;
}

int tpch_pending_write(const char *dir, const char *name, const tpch_parquet_file_info *info, int fsync,
                       tpch_error *err) {
  if (dir == NULL || info == NULL) return tpch_error_set(err, TPCH_EINVAL, "no directory or file info given");
  int rc = check_name(name, err);
  if (rc != TPCH_OK) return rc;
  if (info->num_columns < 0 || info->num_columns > MAX_COLUMNS ||
      (info->num_columns > 0 && info->columns == NULL))
    return tpch_error_set(err, TPCH_EINVAL, "data file info has no columns");
  for (int64_t c = 0; c < info->num_columns; c++) {
    const tpch_parquet_column_info *ci = &info->columns[c];
    if (ci->has_min_max &&
        (ci->min_len < 0 || ci->min_len > MAX_STAT_BYTES || ci->max_len < 0 || ci->max_len > MAX_STAT_BYTES))
      return tpch_error_set(err, TPCH_EINVAL, "column %lld statistics have a bad length", (long long)c);
  }
  char path[PATH_MAX];
  int n = snprintf(path, sizeof path, "%s/%s" SUFFIX, dir, name);
  if (n < 0 || (size_t)n >= sizeof path)
    return tpch_error_set(err, TPCH_EINVAL, "path too long under '%s'", dir);
  tpch_buf b;
  tpch_buf_init(&b);
  if (encode(&b, name, info) != 0) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  /* a part that is run again replaces its own record */
  if (rc == TPCH_OK) rc = tpch_write_file(path, b.data, b.len, tpch_sink_flags(1, fsync), err);
  tpch_buf_free(&b);
  return rc;
}

/* ---- reading -------------------------------------------------------------------- */

static int hexdigit(char c) {
  return (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

static int unhex(const char *s, uint8_t *out, int *len) {
  *len = 0;
  if (strcmp(s, "-") == 0) return 1;
  size_t n = strlen(s);
  if (n == 0 || n % 2 || n / 2 > MAX_STAT_BYTES) return 0;
  for (size_t i = 0; i < n; i += 2) {
    int hi = hexdigit(s[i]), lo = hexdigit(s[i + 1]);
    if (hi < 0 || lo < 0) return 0;
    out[i / 2] = (uint8_t)(hi * 16 + lo);
  }
  *len = (int)(n / 2);
  return 1;
}

/* One "col" line into `ci`; its min and max bytes go to stat[0 .. 2 x MAX_STAT_BYTES). */
static int parse_col(const char *line, tpch_parquet_column_info *ci, uint8_t *stat) {
  long long v[6];
  char mn[2 * MAX_STAT_BYTES + 2], mx[2 * MAX_STAT_BYTES + 2];
  if (sscanf(line, "col %lld %lld %lld %lld %lld %lld %129s %129s", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
             mn, mx) != 8)
    return 0;
  memset(ci, 0, sizeof *ci);
  ci->num_values = v[0];
  ci->null_count = v[1];
  ci->compressed_bytes = v[2];
  ci->has_min_max = v[3] != 0;
  ci->min_exact = v[4] != 0;
  ci->max_exact = v[5] != 0;
  ci->min = stat, ci->max = stat + MAX_STAT_BYTES;
  return v[0] >= 0 && v[1] >= 0 && v[2] >= 0 && unhex(mn, stat, &ci->min_len) &&
         unhex(mx, stat + MAX_STAT_BYTES, &ci->max_len);
}

/* Parses one record's text into `p`: TPCH_OK, TPCH_EFORMAT or TPCH_ENOMEM. */
static int parse(char *text, tpch_pending *p) {
  char *save = NULL, *line = strtok_r(text, "\n", &save);
  long long rows = -1, bytes = -1, groups = -1, cols = -1;
  char name[256];
  int ok = line && strcmp(line, MAGIC) == 0;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "name %255s", name) == 1;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "rows %lld", &rows) == 1;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "bytes %lld", &bytes) == 1;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "row_groups %lld", &groups) == 1;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "columns %lld", &cols) == 1;
  ok = ok && rows >= 0 && bytes >= 0 && groups >= 0 && cols >= 0 && cols <= MAX_COLUMNS;
  if (!ok) return TPCH_EFORMAT;
  /* the columns, then each column's min and max bytes */
  p->cols = calloc((size_t)cols + 1, sizeof *p->cols + 2 * MAX_STAT_BYTES);
  p->name = strdup(name);
  if (p->cols == NULL || p->name == NULL) return TPCH_ENOMEM;
  for (long long c = 0; ok && c < cols; c++)
    ok = (line = strtok_r(NULL, "\n", &save)) &&
         parse_col(line, &p->cols[c], (uint8_t *)(p->cols + cols + 1) + (size_t)c * 2 * MAX_STAT_BYTES);
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && strcmp(line, "end") == 0;
  if (!ok) return TPCH_EFORMAT;
  p->info.num_rows = rows;
  p->info.file_bytes = bytes;
  p->info.num_row_groups = groups;
  p->info.num_columns = cols;
  p->info.columns = p->cols;
  return TPCH_OK;
}

/* Orders "x-2" before "x-10": digit runs compare as numbers. */
static int natural_cmp(const char *a, const char *b) {
  while (*a && *b) {
    if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
      while (*a == '0')
        a++;
      while (*b == '0')
        b++;
      size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
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

static int cmp_record(const void *x, const void *y) {
  return natural_cmp(((const tpch_pending *)x)->record, ((const tpch_pending *)y)->record);
}

void tpch_pending_free(tpch_pending *list, size_t n) {
  for (size_t i = 0; list && i < n; i++) {
    free(list[i].record);
    free(list[i].name);
    free(list[i].cols);
  }
  free(list);
}

/* Every record name in DIR, unsorted. */
static int list_records(const char *dir, tpch_pending **out, size_t *count, tpch_error *err) {
  DIR *d = opendir(dir);
  if (d == NULL)
    return errno == ENOENT ? TPCH_OK
                           : tpch_error_set(err, TPCH_EIO, "cannot list '%s': %s", dir, strerror(errno));
  size_t n = 0, cap = 0, sl = strlen(SUFFIX);
  tpch_pending *l = NULL;
  int rc = TPCH_OK;
  struct dirent *e;
  while (rc == TPCH_OK && (e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] == '.' || len <= sl || strcmp(e->d_name + len - sl, SUFFIX) != 0) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      tpch_pending *nl = realloc(l, cap * sizeof *nl);
      if (nl == NULL) {
        rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
        break;
      }
      l = nl;
    }
    memset(&l[n], 0, sizeof l[n]);
    if ((l[n++].record = strdup(e->d_name)) == NULL) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  closedir(d);
  *out = l;
  *count = n;
  return rc;
}

static int load_one(const char *dir, tpch_pending *p, tpch_error *err) {
  char path[PATH_MAX];
  int n = snprintf(path, sizeof path, "%s/%s", dir, p->record);
  if (n < 0 || (size_t)n >= sizeof path)
    return tpch_error_set(err, TPCH_EINVAL, "path too long under '%s'", dir);
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = tpch_read_file(path, &b, err);
  if (rc == TPCH_OK && tpch_buf_put_u8(&b, 0) != 0) rc = TPCH_ENOMEM;
  if (rc == TPCH_OK) rc = parse((char *)b.data, p);
  tpch_buf_free(&b);
  if (rc == TPCH_ENOMEM) return tpch_error_set(err, rc, "out of memory");
  if (rc == TPCH_EFORMAT) return tpch_error_set(err, rc, "'%s' is not a complete pending-file record", path);
  if (rc != TPCH_OK) return rc;
  /* the record must describe the file it sits beside */
  size_t nl = strlen(p->record) - strlen(SUFFIX);
  if (strlen(p->name) != nl || strncmp(p->name, p->record, nl) != 0)
    return tpch_error_set(err, TPCH_EFORMAT, "'%s' describes '%s', not its own data file", path, p->name);
  return TPCH_OK;
}

int tpch_pending_load(const char *dir, tpch_pending **out, size_t *n, tpch_error *err) {
  if (out == NULL || n == NULL) return tpch_error_set(err, TPCH_EINVAL, "no output given");
  *out = NULL;
  *n = 0;
  if (dir == NULL) return tpch_error_set(err, TPCH_EINVAL, "no directory given");
  tpch_pending *l = NULL;
  size_t count = 0;
  int rc = list_records(dir, &l, &count, err);
  if (rc == TPCH_OK && count > 1) qsort(l, count, sizeof *l, cmp_record);
  for (size_t i = 0; rc == TPCH_OK && i < count; i++)
    rc = load_one(dir, &l[i], err);
  if (rc != TPCH_OK) {
    tpch_pending_free(l, count);
    return rc;
  }
  *out = l;
  *n = count;
  return TPCH_OK;
}

int tpch_pending_remove(const char *dir, const tpch_pending *list, size_t n, int fsync, tpch_error *err) {
  for (size_t i = 0; list && i < n; i++) {
    char path[PATH_MAX];
    int k = snprintf(path, sizeof path, "%s/%s", dir, list[i].record);
    if (k > 0 && (size_t)k < sizeof path) unlink(path);
  }
  return n > 0 && fsync ? tpch_fsync_dir(dir, err) : TPCH_OK;
}
