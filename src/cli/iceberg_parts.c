/*
 * iceberg_parts.c - which parts of an Iceberg table are committed or
 * pending, so that a part run and `tpchgen commit` never lose or double rows.
 *
 * A part's data file is data/part-<K>-of-<N>-<random>.parquet (K and N five
 * digits); its sidecar adds ".pending" until `tpchgen commit` commits it.
 * Files named otherwise (older runs) take no part in these checks.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iceberg_parts.h"
#include "iceberg_writer.h"

#define MAX_PARTS_CHECKED 1000000

/* K and N of a part file name (with or without "data/"); 0 when it is none. */
static int parse_part(const char *name, int *k, int *n) {
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  int kk, nn, used = 0;
  if (sscanf(base, "part-%d-of-%d-%n", &kk, &nn, &used) != 2 || used == 0 || kk < 1 || nn < kk ||
      nn > MAX_PARTS_CHECKED)
    return 0;
  *k = kk;
  *n = nn;
  return 1;
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

/* The parts pending in TABLE/data/ (sidecars) and committed in the current snapshot. */
static int gather(const char *table_dir, part_set *pending, part_set *committed, tpch_error *err) {
  char data[PATH_MAX + 8];
  snprintf(data, sizeof data, "%s/data", table_dir);
  int k, n, rc = TPCH_OK;
  DIR *d = opendir(data);
  for (struct dirent *e; d && rc == TPCH_OK && (e = readdir(d)) != NULL;) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] != '.' && len > 8 && strcmp(e->d_name + len - 8, ".pending") == 0 &&
        parse_part(e->d_name, &k, &n))
      rc = note(pending, k, n);
  }
  if (d) closedir(d);
  if (rc != TPCH_OK) return tpch_error_set(err, rc, "out of memory");
  char **paths = NULL;
  size_t np = 0;
  rc = iceberg_table_files(table_dir, &paths, &np, err);
  for (size_t i = 0; rc == TPCH_OK && i < np; i++)
    if (parse_part(paths[i], &k, &n) && note(committed, k, n) != TPCH_OK)
      rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  iceberg_free_paths(paths, np);
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

int iceberg_part_check(const char *table_dir, int k, int n, int overwrite, tpch_error *err) {
  part_set p = {0}, c = {0};
  int rc = gather(table_dir, &p, &c, err);
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

int iceberg_commit_check(const char *table_dir, int overwrite, int partial, tpch_error *err) {
  part_set p = {0}, c = {0};
  int rc = gather(table_dir, &p, &c, err);
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
