/*
 * paimon_pending.c - records that let separate processes (--parts N --part K)
 * contribute data files to one later snapshot.
 *
 * TABLE/bucket-0/<file>.pending is a small text file, one item per line:
 *
 *   tpchgen-paimon-pending 1
 *   name <file>
 *   rows <num_rows>
 *   bytes <file_bytes>
 *   columns <n>
 *   col <has_min_max> <min_exact> <max_exact> <min> <max>     (n lines, column order)
 *   end
 *
 * <min> and <max> are the Parquet PLAIN statistics bytes in lowercase hex
 * ("-" when absent). It is written (atomically) only after its data file is
 * closed; "end" proves it complete.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format/paimon/paimon_internal.h"
#include "io/sink.h"

#define MAGIC "tpchgen-paimon-pending 1"
#define SUFFIX ".pending"

static int put_hex(tpch_buf *b, const uint8_t *p, int len) {
  static const char hex[] = "0123456789abcdef";
  if (len <= 0) return tpch_buf_put_u8(b, '-');
  int rc = 0;
  for (int i = 0; i < len; i++)
    rc |= tpch_buf_put_u8(b, (uint8_t)hex[p[i] >> 4]) | tpch_buf_put_u8(b, (uint8_t)hex[p[i] & 15]);
  return rc;
}

static int check_name(const char *name, tpch_error *err) {
  if (name == NULL || name[0] == '\0' || name[0] == '.' || strpbrk(name, "/ \n") != NULL)
    return tpch_error_set(err, TPCH_EINVAL,
                          "pending data file name '%s' must be a plain name (no spaces, not hidden)",
                          name ? name : "");
  return TPCH_OK;
}

int tpch_paimon_pending_write(const char *table_dir, const tpch_paimon_data_file *file,
                              const tpch_paimon_writer_options *opts, tpch_error *err) {
  if (table_dir == NULL || file == NULL) return tpch_error_set(err, TPCH_EINVAL, "no table or file given");
  int rc = check_name(file->name, err);
  if (rc != 0) return rc;
  const parquet_file_info *in = &file->info;
  if (in->num_columns <= 0 || in->num_columns > PMN_MAX_COLUMNS || in->columns == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "data file info has no columns");
  tpch_buf b;
  tpch_buf_init(&b);
  int e = ice_json_put_raw(&b, MAGIC "\nname ");
  e |= ice_json_put_raw(&b, file->name);
  e |= ice_json_put_raw(&b, "\nrows ") | ice_json_put_int(&b, in->num_rows);
  e |= ice_json_put_raw(&b, "\nbytes ") | ice_json_put_int(&b, in->file_bytes);
  e |= ice_json_put_raw(&b, "\ncolumns ") | ice_json_put_int(&b, in->num_columns);
  for (int64_t c = 0; c < in->num_columns; c++) {
    const parquet_column_info *ci = &in->columns[c];
    int ok =
        !ci->has_min_max || (ci->min_len >= 0 && ci->min_len <= 64 && ci->max_len >= 0 && ci->max_len <= 64);
    if (!ok) {
      tpch_buf_free(&b);
      return tpch_error_set(err, TPCH_EINVAL, "column %lld statistics have a bad length", (long long)c);
    }
    char head[32];
    snprintf(head, sizeof head, "\ncol %d %d %d ", ci->has_min_max ? 1 : 0, ci->min_exact ? 1 : 0,
             ci->max_exact ? 1 : 0);
    e |= ice_json_put_raw(&b, head);
    e |= put_hex(&b, ci->min, ci->has_min_max ? ci->min_len : 0) | tpch_buf_put_u8(&b, ' ');
    e |= put_hex(&b, ci->max, ci->has_min_max ? ci->max_len : 0);
  }
  e |= ice_json_put_raw(&b, "\nend\n");
  char path[PATH_MAX];
  int n = snprintf(path, sizeof path, "%s/bucket-0/%s" SUFFIX, table_dir, file->name);
  if (e != 0)
    rc = pmn_oom(err);
  else if (n < 0 || (size_t)n >= sizeof path)
    rc = tpch_error_set(err, TPCH_EINVAL, "path too long");
  /* a part that is run again replaces its own record */
  if (rc == 0) rc = pmn_write_file(path, b.data, b.len, 1, !opts || opts->fsync >= 0, err);
  tpch_buf_free(&b);
  return rc;
}

/* ---- reading -------------------------------------------------------------------- */

typedef struct pending {
  char *record; /* the record's file name in bucket-0/ */
  char *name;   /* the data file it describes */
  parquet_column_info *cols;
  tpch_paimon_data_file file;
} pending;

static int hexdigit(char c) {
  return (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

static int unhex(const char *s, uint8_t *out, int *len) {
  *len = 0;
  if (strcmp(s, "-") == 0) return 1;
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

static int parse(char *text, pending *p) {
  char *save = NULL, *line = strtok_r(text, "\n", &save);
  long long rows, bytes, cols;
  char name[256];
  int ok = line && strcmp(line, MAGIC) == 0;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "name %255s", name) == 1;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "rows %lld", &rows) == 1 && rows >= 0;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "bytes %lld", &bytes) == 1 && bytes >= 0;
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && sscanf(line, "columns %lld", &cols) == 1;
  ok = ok && cols > 0 && cols <= PMN_MAX_COLUMNS;
  if (!ok) return TPCH_EFORMAT;
  p->cols = calloc((size_t)cols, sizeof *p->cols);
  p->name = strdup(name);
  if (p->cols == NULL || p->name == NULL) return TPCH_ENOMEM;
  for (long long c = 0; ok && c < cols; c++) {
    int h = 0, mn_e = 0, mx_e = 0;
    char mn[130], mx[130];
    parquet_column_info *ci = &p->cols[c];
    ok = (line = strtok_r(NULL, "\n", &save)) &&
         sscanf(line, "col %d %d %d %129s %129s", &h, &mn_e, &mx_e, mn, mx) == 5;
    ok = ok && unhex(mn, ci->min, &ci->min_len) && unhex(mx, ci->max, &ci->max_len);
    ci->has_min_max = h != 0;
    ci->min_exact = mn_e != 0;
    ci->max_exact = mx_e != 0;
    ci->num_values = rows;
  }
  ok = ok && (line = strtok_r(NULL, "\n", &save)) && strcmp(line, "end") == 0;
  if (!ok) return TPCH_EFORMAT;
  p->file.name = p->name;
  p->file.info.num_rows = rows;
  p->file.info.file_bytes = bytes;
  p->file.info.num_columns = cols;
  p->file.info.columns = p->cols;
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

static int cmp_pending(const void *x, const void *y) {
  return natural_cmp(((const pending *)x)->record, ((const pending *)y)->record);
}

static void free_list(pending *l, size_t n) {
  for (size_t i = 0; l && i < n; i++) {
    free(l[i].record);
    free(l[i].name);
    free(l[i].cols);
  }
  free(l);
}

static int list_records(const char *dir, pending **out, size_t *count, tpch_error *err) {
  *out = NULL;
  *count = 0;
  DIR *d = opendir(dir);
  if (d == NULL) return errno == ENOENT ? TPCH_OK : tpch_error_set(err, TPCH_EIO, "cannot list '%s'", dir);
  size_t n = 0, cap = 0, sl = strlen(SUFFIX);
  pending *l = NULL;
  int rc = TPCH_OK;
  struct dirent *e;
  while (rc == 0 && (e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] == '.' || len <= sl || strcmp(e->d_name + len - sl, SUFFIX) != 0) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      pending *nl = realloc(l, cap * sizeof *nl);
      if (nl == NULL) {
        rc = pmn_oom(err);
        break;
      }
      l = nl;
    }
    memset(&l[n], 0, sizeof l[n]);
    if ((l[n++].record = strdup(e->d_name)) == NULL) rc = pmn_oom(err);
  }
  closedir(d);
  if (rc != 0) {
    free_list(l, n);
    return rc;
  }
  if (n > 1) qsort(l, n, sizeof *l, cmp_pending);
  *out = l;
  *count = n;
  return TPCH_OK;
}

static int load(const char *dir, pending *p, tpch_error *err) {
  char path[PATH_MAX];
  int n = snprintf(path, sizeof path, "%s/%s", dir, p->record);
  if (n < 0 || (size_t)n >= sizeof path) return tpch_error_set(err, TPCH_EINVAL, "path too long");
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = tpch_read_file(path, &b, err);
  if (rc == 0 && tpch_buf_put_u8(&b, 0) != 0) rc = pmn_oom(err);
  if (rc == 0) rc = parse((char *)b.data, p);
  tpch_buf_free(&b);
  if (rc == TPCH_ENOMEM) return pmn_oom(err);
  if (rc != 0) return tpch_error_set(err, TPCH_EFORMAT, "'%s' is not a complete pending-file record", path);
  size_t nl = strlen(p->record) - strlen(SUFFIX);
  if (strlen(p->name) != nl || strncmp(p->name, p->record, nl) != 0)
    return tpch_error_set(err, TPCH_EFORMAT, "'%s' describes '%s', not its own data file", path, p->name);
  return TPCH_OK;
}

int tpch_paimon_commit_pending(const char *table_dir, const struct ArrowSchema *schema,
                               const tpch_paimon_writer_options *opts, tpch_paimon_commit_info *info,
                               tpch_error *err) {
  if (info) memset(info, 0, sizeof *info);
  if (table_dir == NULL) return tpch_error_set(err, TPCH_EINVAL, "no table directory given");
  char dir[PATH_MAX];
  int n = snprintf(dir, sizeof dir, "%s/bucket-0", table_dir);
  if (n < 0 || (size_t)n >= sizeof dir) return tpch_error_set(err, TPCH_EINVAL, "path too long");
  pending *l = NULL;
  size_t count = 0;
  int rc = list_records(dir, &l, &count, err);
  if (rc == 0 && count == 0) rc = tpch_error_set(err, TPCH_EINVAL, "no pending data files in '%s'", dir);
  tpch_paimon_data_file *files = rc == 0 ? calloc(count + 1, sizeof *files) : NULL;
  if (rc == 0 && files == NULL) rc = pmn_oom(err);
  for (size_t i = 0; rc == 0 && files && i < count; i++) {
    rc = load(dir, &l[i], err);
    files[i] = l[i].file;
  }
  tpch_paimon_writer_options o;
  if (opts)
    o = *opts;
  else
    tpch_paimon_writer_options_init(&o);
  if (o.mode == TPCH_WRITE_CREATE) o.mode = TPCH_WRITE_APPEND; /* parts add to whatever the table holds */
  if (rc == 0) rc = tpch_paimon_commit(table_dir, schema, files, count, &o, info, err);
  /* the snapshot has landed: the records have done their job */
  for (size_t i = 0; rc == 0 && i < count; i++) {
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, l[i].record) < sizeof path) unlink(path);
  }
  if (rc == 0 && o.fsync >= 0) (void)tpch_fsync_dir(dir, NULL); /* committed: never a failure now */
  free(files);
  free_list(l, count);
  return rc;
}
