/*
 * parts.c - which parts of an Iceberg or Paimon table are committed or
 * pending, so that a part run and `tpchgen commit` never lose or double
 * rows (parts.h). One set of rules for both formats; only the directory,
 * the file names and the reader of the committed files differ.
 */
#include "parts.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iceberg_writer.h"
#include "paimon_writer.h"

#define MAX_PARTS_CHECKED 1000000
#define PENDING ".pending"

const part_layout iceberg_parts = {"data", "part-", ".parquet", tpch_iceberg_table_files,
                                   tpch_iceberg_free_paths};
const part_layout paimon_parts = {"bucket-0", "data-part-", "-0.parquet", tpch_paimon_table_files,
                                  tpch_paimon_free_files};

void part_file_name(const part_layout *l, int k, int n, uint32_t r, char *out, size_t cap) {
  snprintf(out, cap, "%s%05d-of-%05d-%08x%s", l->prefix, k, n, r, l->suffix);
}

/* K and N of a part file name (with or without directories); 0 when it is none. */
static int parse_part(const part_layout *l, const char *name, int *k, int *n) {
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  size_t pl = strlen(l->prefix);
  int kk, nn, used = 0;
  if (strncmp(base, l->prefix, pl) != 0 || sscanf(base + pl, "%d-of-%d-%n", &kk, &nn, &used) != 2 ||
      used == 0 || kk < 1 || nn < kk || nn > MAX_PARTS_CHECKED)
    return 0;
  *k = kk;
  *n = nn;
  return 1;
}

static int is_record(const char *name) {
  size_t len = strlen(name), sl = strlen(PENDING);
  return name[0] != '.' && len > sl && strcmp(name + len - sl, PENDING) == 0;
}

typedef struct part_set {
  int n;       /* N of the parts seen, 0 before the first */
  int other_n; /* an N that differs from n, 0 if none */
  int *count;  /* count[k] for k = 1..n */
} part_set;

static int note(part_set *s, int k, int n) {
  if (s->count == NULL) {
    s->count = calloc((size_t)n + 1, sizeof *s->count);
    if (s->count == NULL) return TPCH_ENOMEM;
    s->n = n;
  }
  if (n != s->n) {
    s->other_n = n;
    return TPCH_OK;
  }
  s->count[k]++;
  return TPCH_OK;
}

/* The parts pending in the data directory (records) and committed in the
 * newest version; with `overwrite`, an unreadable table commits none. */
static int gather(const part_layout *l, const char *table_dir, int overwrite, part_set *pending,
                  part_set *committed, tpch_error *err) {
  char dir[PATH_MAX];
  if (snprintf(dir, sizeof dir, "%s/%s", table_dir, l->data_dir) >= (int)sizeof dir)
    return tpch_error_set(err, TPCH_EINVAL, "path too long under '%s'", table_dir);
  int k, n, rc = TPCH_OK;
  DIR *d = opendir(dir);
  for (struct dirent *e; d && rc == TPCH_OK && (e = readdir(d)) != NULL;)
    if (is_record(e->d_name) && parse_part(l, e->d_name, &k, &n)) rc = note(pending, k, n);
  if (d) closedir(d);
  if (rc != TPCH_OK) return tpch_error_set(err, rc, "out of memory");
  char **files = NULL;
  size_t nf = 0;
  tpch_error rerr;
  rc = l->committed(table_dir, &files, &nf, &rerr);
  if (rc != TPCH_OK) {
    if (overwrite && rc != TPCH_ENOMEM) return TPCH_OK; /* the overwrite replaces what cannot be read */
    *err = rerr;
    return rc;
  }
  for (size_t i = 0; rc == TPCH_OK && i < nf; i++)
    if (parse_part(l, files[i], &k, &n) && note(committed, k, n) != TPCH_OK)
      rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  l->free_files(files, nf);
  return rc;
}

static void release(part_set *a, part_set *b) {
  free(a->count);
  free(b->count);
}

/* A different N among the table's parts, or 0. */
static int mixed_n(const part_set *p, const part_set *c, int n) {
  if (p->other_n) return p->other_n != n ? p->other_n : p->n;
  if (c->other_n) return c->other_n != n ? c->other_n : c->n;
  if (p->n && p->n != n) return p->n;
  if (c->n && c->n != n) return c->n;
  return 0;
}

/* Part K already pending: refused, or with `overwrite` its file and record removed. */
static int clear_pending(const part_layout *l, const char *table_dir, const char *table, int k, int n,
                         int overwrite, tpch_error *err) {
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/%s", table_dir, l->data_dir);
  DIR *d = opendir(dir);
  if (d == NULL) return TPCH_OK;
  int rc = TPCH_OK, kk, nn;
  struct dirent *e;
  while (rc == TPCH_OK && (e = readdir(d)) != NULL) {
    if (!is_record(e->d_name) || !parse_part(l, e->d_name, &kk, &nn) || kk != k || nn != n) continue;
    if (!overwrite) {
      rc = tpch_error_set(err, TPCH_EEXIST,
                          "part %d of %s is already written in '%s' (use --overwrite to replace it)", k,
                          table, table_dir);
      break;
    }
    char p[PATH_MAX + 300];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    unlink(p);
    p[strlen(p) - strlen(PENDING)] = '\0'; /* the data file the record describes */
    unlink(p);
  }
  closedir(d);
  return rc;
}

int part_check_write(const part_layout *l, const char *table_dir, const char *table, int k, int n,
                     int overwrite, tpch_error *err) {
  part_set p = {0}, c = {0};
  int rc = gather(l, table_dir, overwrite, &p, &c, err);
  int other = rc == TPCH_OK ? mixed_n(&p, &c, n) : 0;
  if (other)
    rc = tpch_error_set(err, TPCH_EINVAL, "'%s' holds parts of a '--parts %d' run; this run is '--parts %d'",
                        table_dir, other, n);
  else if (rc == TPCH_OK && c.n == n && c.count[k] > 0 && !overwrite)
    rc = tpch_error_set(err, TPCH_EEXIST,
                        "part %d of %d is already committed in '%s' (to replace it, write every part again "
                        "with --overwrite, then run 'tpchgen commit --overwrite')",
                        k, n, table_dir);
  release(&p, &c);
  if (rc == TPCH_OK) rc = clear_pending(l, table_dir, table, k, n, overwrite, err);
  return rc;
}

/* "1, 3, 4" into out: the parts that are, by mode, 0 not pending, 1 neither
 * pending nor committed, 2 pending twice, 3 pending and committed. */
static void list_parts(char *out, size_t cap, int n, const part_set *p, const part_set *c, int mode) {
  size_t used = 0;
  out[0] = '\0';
  for (int k = 1; k <= n && used + 16 < cap; k++) {
    int pk = p->n == n ? p->count[k] : 0, ck = c->n == n ? c->count[k] : 0;
    int hit = mode == 0 ? pk == 0 : mode == 1 ? pk + ck == 0 : mode == 2 ? pk > 1 : pk > 0 && ck > 0;
    if (hit) used += (size_t)snprintf(out + used, cap - used, "%s%d", used ? ", " : "", k);
  }
}

int part_check_commit(const part_layout *l, const char *table_dir, int overwrite, int partial,
                      tpch_error *err) {
  part_set p = {0}, c = {0};
  int rc = gather(l, table_dir, overwrite, &p, &c, err);
  if (rc != TPCH_OK || p.n == 0) { /* no part files pending: the commit itself decides */
    release(&p, &c);
    return rc;
  }
  int n = p.n, other = mixed_n(&p, &c, n);
  char missing[256], twice[256], again[256];
  list_parts(twice, sizeof twice, n, &p, &c, 2);
  list_parts(again, sizeof again, n, &p, &c, 3);
  list_parts(missing, sizeof missing, n, &p, &c, overwrite ? 0 : 1);
  if (other)
    rc = tpch_error_set(err, TPCH_EINVAL, "'%s' holds parts of '--parts %d' and of '--parts %d' runs",
                        table_dir, other, n);
  else if (twice[0])
    rc = tpch_error_set(err, TPCH_EEXIST, "part(s) %s of %d are pending twice in '%s'", twice, n, table_dir);
  else if (again[0] && !overwrite)
    rc = tpch_error_set(
        err, TPCH_EEXIST,
        "part(s) %s of %d are already committed in '%s' (to replace the table's rows, write every "
        "part again with --overwrite, then run 'tpchgen commit --overwrite')",
        again, n, table_dir);
  else if (missing[0] && !partial && overwrite)
    rc = tpch_error_set(err, TPCH_EINVAL,
                        "commit --overwrite replaces every row of '%s', but part(s) %s of %d are not pending "
                        "(write them, or add --partial)",
                        table_dir, missing, n);
  else if (missing[0] && !partial)
    rc = tpch_error_set(
        err, TPCH_EINVAL,
        "part(s) %s of %d are neither committed nor pending in '%s' (write them, or add --partial)", missing,
        n, table_dir);
  release(&p, &c);
  return rc;
}
