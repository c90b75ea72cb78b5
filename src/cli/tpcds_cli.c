/*
 * tpcds_cli.c - `tpchgen tpcds ...`: TPC-DS tables as dsdgen's .dat files.
 * Flags keep their TPC-H meanings (-s, -T, -o, -f, -j, --parts/--part,
 * --overwrite, --no-fsync, -q). Each table is cut into chunks of rows (of
 * whole tickets/orders for the sales and returns tables) that worker
 * threads generate and encode; chunks are written in order, so the bytes
 * do not depend on -j.
 */
#include "tpcds_cli.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format/text/text_encoder.h"
#include "io/buf.h"
#include "io/sink.h"
#include "parquet_writer.h"
#include "tpcds_gen.h"

#define CHUNK_ROWS 32768
#define CHUNK_TICKETS 2048 /* sales/returns chunks: whole tickets/orders, ~9-16 lines each */

typedef struct ds_opts {
  int sf;
  uint32_t tables; /* bit per tpcds_table */
  const char *dir;
  int threads;
  int64_t parts, part;
  int overwrite, fsync, quiet;
  int want_dat, want_parquet;
} ds_opts;

static void usage(FILE *f) {
  fputs("usage: tpchgen tpcds [-s SF] [-T TABLES] [-o DIR] [-f tbl,parquet] [-j N] [--parts N --part K]\n"
        "                     [--overwrite] [--no-fsync] [-q]\n"
        "TPC-DS tables, byte-identical to dsdgen 2.10, as DIR/<table>.dat ('|' after every\n"
        "field, empty field for NULL). With --parts N --part K: DIR/<table>_K_N.dat, split as\n"
        "dsdgen -PARALLEL N -CHILD K splits (tables under 1,000,000 rows whole, by part 1; the\n"
        "sales and returns tables by tickets/orders, never splitting one).\n"
        "  -s SF        whole number 1..100000 (default 1)\n"
        "  -T TABLES    comma-separated names, or 'all' (default: every table this build makes;\n"
        "               naming a table not generated yet, or 'all' while some are not, is an error)\n"
        "  -f LIST      tbl (dsdgen's .dat, default) and/or parquet (DIR/<table>.parquet, zstd)\n"
        "  -j N         threads (default: online CPUs)\n"
        "Tables generated so far: ",
        f);
  int first = 1;
  for (int t = 0; t < TPCDS_TABLE_COUNT; t++)
    if (tpcds_table_available((tpcds_table)t)) {
      fprintf(f, "%s%s", first ? "" : ", ", tpcds_table_name((tpcds_table)t));
      first = 0;
    }
  fputs(".\n", f);
}

static int fail(const char *msg) {
  fprintf(stderr, "tpchgen: error: %s\n", msg);
  return 2;
}

static int parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return 0;
  *out = v;
  return 1;
}

static int parse_tables(const char *list, uint32_t *out) {
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", list);
  *out = 0;
  for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    if (strcmp(tok, "all") == 0) {
      *out = (1u << TPCDS_TABLE_COUNT) - 1;
      continue;
    }
    tpcds_table t;
    tpch_error err;
    if (tpcds_table_from_name(tok, &t, &err) != TPCH_OK) {
      char msg[256];
      snprintf(msg, sizeof msg, "unknown TPC-DS table '%s'", tok);
      return fail(msg);
    }
    *out |= 1u << t;
  }
  if (*out == 0) return fail("-T names no table");
  return 0;
}

static int parse(int argc, char **argv, ds_opts *o) {
  static const struct option longs[] = {{"scale", required_argument, 0, 's'},
                                        {"tables", required_argument, 0, 'T'},
                                        {"table", required_argument, 0, 'T'},
                                        {"output", required_argument, 0, 'o'},
                                        {"format", required_argument, 0, 'f'},
                                        {"threads", required_argument, 0, 'j'},
                                        {"parts", required_argument, 0, 'P'},
                                        {"part", required_argument, 0, 'K'},
                                        {"overwrite", no_argument, 0, 'W'},
                                        {"no-fsync", no_argument, 0, 'N'},
                                        {"quiet", no_argument, 0, 'q'},
                                        {"help", no_argument, 0, 'h'},
                                        {0, 0, 0, 0}};
  memset(o, 0, sizeof *o);
  o->sf = 1;
  o->dir = ".";
  long nproc = sysconf(_SC_NPROCESSORS_ONLN);
  o->threads = nproc > 0 ? (int)nproc : 1;
  o->fsync = 1;
  o->want_dat = 1;
  optind = 1;
  int c;
  int64_t v;
  while ((c = getopt_long(argc, argv, "s:T:o:f:j:qh", longs, NULL)) != -1) {
    switch (c) {
    case 's': {
      char *end;
      double sf = strtod(optarg, &end);
      tpch_error err;
      if (end == optarg || *end) {
        char msg[256];
        snprintf(msg, sizeof msg, "-s takes a number, not '%s'", optarg);
        return fail(msg);
      }
      if (tpcds_scale_check(sf, &err) != TPCH_OK) return fail(err.message);
      o->sf = (int)sf;
      break;
    }
    case 'T':
      if (parse_tables(optarg, &o->tables)) return 2;
      break;
    case 'o': o->dir = optarg; break;
    case 'f': {
      char buf[256];
      snprintf(buf, sizeof buf, "%s", optarg);
      o->want_dat = o->want_parquet = 0;
      for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "tbl") == 0 || strcmp(tok, "dat") == 0) {
          o->want_dat = 1;
        } else if (strcmp(tok, "parquet") == 0) {
          o->want_parquet = 1;
        } else {
          char msg[256];
          snprintf(msg, sizeof msg,
                   "format '%s' is not available for TPC-DS yet (tbl, i.e. dsdgen's .dat, and parquet)", tok);
          return fail(msg);
        }
      }
      if (!o->want_dat && !o->want_parquet) return fail("-f names no format");
      break;
    }
    case 'j':
      if (!parse_i64(optarg, 1, 1024, &v)) return fail("--threads takes a number from 1 to 1024");
      o->threads = (int)v;
      break;
    case 'P':
      if (!parse_i64(optarg, 1, 1000000, &o->parts)) return fail("--parts takes a number from 1 to 1000000");
      break;
    case 'K':
      if (!parse_i64(optarg, 1, 1000000, &o->part)) return fail("--part takes a number from 1 to 1000000");
      break;
    case 'W': o->overwrite = 1; break;
    case 'N': o->fsync = 0; break;
    case 'q': o->quiet = 1; break;
    case 'h': usage(stdout); return 1;
    default: usage(stderr); return 2;
    }
  }
  if (optind < argc) {
    char msg[256];
    snprintf(msg, sizeof msg, "unexpected argument '%s'", argv[optind]);
    return fail(msg);
  }
  if ((o->parts != 0) != (o->part != 0)) return fail("--parts and --part go together");
  if (o->parts && o->part > o->parts) return fail("--part is outside 1..--parts");
  /* the tables asked for that this build does not generate yet */
  char missing[512] = "";
  size_t ml = 0;
  int nmissing = 0, navail = 0;
  uint32_t want = o->tables ? o->tables : (1u << TPCDS_TABLE_COUNT) - 1;
  for (int t = 0; t < TPCDS_TABLE_COUNT; t++) {
    if (tpcds_table_available((tpcds_table)t)) navail++;
    if ((want >> t & 1) && !tpcds_table_available((tpcds_table)t)) {
      int n = snprintf(missing + ml, sizeof missing - ml, "%s%s", nmissing ? ", " : "",
                       tpcds_table_name((tpcds_table)t));
      if (n > 0 && ml + (size_t)n < sizeof missing) ml += (size_t)n;
      nmissing++;
    }
  }
  if (o->tables == 0) {
    /* no -T: every table this build generates, saying which are left out */
    o->tables = want & ~0u;
    for (int t = 0; t < TPCDS_TABLE_COUNT; t++)
      if (!tpcds_table_available((tpcds_table)t)) o->tables &= ~(1u << t);
    if (nmissing && !o->quiet)
      fprintf(stderr, "tpchgen: note: not generated yet (they would not match dsdgen byte for byte): %s\n",
              missing);
    return 0;
  }
  if (nmissing) {
    char msg[768];
    snprintf(msg, sizeof msg,
             "%s %s not generated yet (%s would not match dsdgen byte for byte; see docs/tpcds.md); "
             "leave out -T for the %d tables that are",
             nmissing > 1 ? "TPC-DS tables" : "TPC-DS table", missing, nmissing > 1 ? "they" : "it", navail);
    return fail(msg);
  }
  return 0;
}

/* ---- one table: chunks generated in parallel, written in order ------------- */

typedef struct table_job {
  tpcds_table table;
  int sf;
  int64_t first, count; /* units of this file: rows, or tickets/orders */
  int64_t chunk_rows, nchunks;
  int64_t max_batch; /* most rows one chunk can give */
  int64_t rows;      /* rows written */
  struct ArrowSchema schema;
  int digits[64];
  int parquet; /* 1: batches into `pw`, else .dat text into `sink` */
  tpch_sink sink;
  tpch_parquet_writer *pw;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int64_t next_chunk, next_write;
  int rc;
  tpch_error err;
} table_job;

/* Generates chunk k as one batch (Parquet output). */
static int batch_chunk(table_job *j, int64_t k, struct ArrowArray *out, tpch_error *err) {
  int64_t first = j->first + k * j->chunk_rows;
  int64_t n = j->count - k * j->chunk_rows;
  if (n > j->chunk_rows) n = j->chunk_rows;
  tpcds_gen *g = NULL;
  int rc = tpcds_gen_create(&g, j->sf, j->table, first, n, err);
  if (rc == TPCH_OK) {
    int64_t got = tpcds_gen_next(g, j->max_batch, out, err);
    if (got < 0) rc = (int)got;
    if (got <= 0) out->release = NULL; /* no rows (a returns chunk may have none) */
  }
  tpcds_gen_destroy(g);
  return rc;
}

static int encode_chunk(table_job *j, int64_t k, tpch_buf *out, int64_t *rows, tpch_error *err) {
  int64_t first = j->first + k * j->chunk_rows;
  int64_t n = j->count - k * j->chunk_rows;
  if (n > j->chunk_rows) n = j->chunk_rows;
  tpcds_gen *g = NULL;
  tpch_text_encoder *e = NULL;
  int rc = tpcds_gen_create(&g, j->sf, j->table, first, n, err);
  if (rc == TPCH_OK) rc = tpch_text_encoder_create(&e, &j->schema, TPCH_TEXT_TBL, j->digits, err);
  while (rc == TPCH_OK) {
    struct ArrowArray b;
    int64_t got = tpcds_gen_next(g, 8192, &b, err);
    if (got <= 0) {
      rc = got < 0 ? (int)got : TPCH_OK;
      break;
    }
    rc = tpch_text_encoder_encode(e, &b, out, err);
    *rows += got;
    b.release(&b);
  }
  tpch_text_encoder_destroy(e);
  tpcds_gen_destroy(g);
  return rc;
}

static void *worker(void *arg) {
  table_job *j = arg;
  tpch_buf buf;
  tpch_buf_init(&buf);
  tpch_error err;
  for (;;) {
    pthread_mutex_lock(&j->mu);
    int64_t k = j->rc == TPCH_OK ? j->next_chunk++ : j->nchunks;
    pthread_mutex_unlock(&j->mu);
    if (k >= j->nchunks) break;
    tpch_buf_reset(&buf);
    struct ArrowArray batch;
    batch.release = NULL;
    int64_t rows = 0;
    int rc = j->parquet ? batch_chunk(j, k, &batch, &err) : encode_chunk(j, k, &buf, &rows, &err);
    if (j->parquet && batch.release) rows = batch.length;
    pthread_mutex_lock(&j->mu);
    while (j->next_write != k && j->rc == TPCH_OK)
      pthread_cond_wait(&j->cv, &j->mu);
    if (j->rc == TPCH_OK && rc == TPCH_OK && rows > 0)
      rc = j->parquet ? tpch_parquet_writer_write(j->pw, &batch, &err)
                      : tpch_sink_write(&j->sink, buf.data, buf.len, &err);
    if (rc == TPCH_OK) j->rows += rows;
    if (batch.release) batch.release(&batch);
    if (rc != TPCH_OK && j->rc == TPCH_OK) {
      j->rc = rc;
      j->err = err;
    }
    j->next_write++;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
  }
  tpch_buf_free(&buf);
  return NULL;
}

static int run_table(const ds_opts *o, tpcds_table t, int parquet, int64_t *rows_out) {
  int64_t total = tpcds_table_units(o->sf, t), first = 1, count = total;
  char path[4096];
  if (o->parts) {
    /* dsdgen: tables under 1,000,000 rows (sales: tickets/orders) are
     * written whole, by child 1; larger ones are cut into unit ranges, so
     * a ticket/order never spans two parts */
    if (total < 1000000) {
      if (o->part > 1) return 0;
    } else {
      int64_t extra = total % o->parts, size = total / o->parts;
      first = 1 + (o->part - 1) * size + ((o->part - 1) < extra ? (o->part - 1) : extra);
      count = size + (o->part <= extra ? 1 : 0);
    }
    snprintf(path, sizeof path, "%s/%s_%lld_%lld.%s", o->dir, tpcds_table_name(t), (long long)o->part,
             (long long)o->parts, parquet ? "parquet" : "dat");
  } else {
    snprintf(path, sizeof path, "%s/%s.%s", o->dir, tpcds_table_name(t), parquet ? "parquet" : "dat");
  }
  table_job *j = calloc(1, sizeof *j);
  if (j == NULL) return fail("out of memory") ? 1 : 1;
  j->table = t;
  j->parquet = parquet;
  j->sf = o->sf;
  j->first = first;
  j->count = count;
  j->chunk_rows = tpcds_table_by_unit(t) ? CHUNK_TICKETS : CHUNK_ROWS;
  j->nchunks = (count + j->chunk_rows - 1) / j->chunk_rows;
  j->max_batch = j->chunk_rows * (tpcds_table_by_unit(t) ? TPCDS_MAX_UNIT_LINES : 1);
  int ncols = tpcds_table_columns(t);
  for (int i = 0; i < ncols && i < 64; i++)
    j->digits[i] = tpcds_column_text_digits(t, i);
  pthread_mutex_init(&j->mu, NULL);
  pthread_cond_init(&j->cv, NULL);
  int rc = tpcds_table_schema(t, &j->schema, &j->err);
  int opened = 0;
  if (rc == TPCH_OK && parquet) {
    tpch_parquet_writer_options po;
    tpch_parquet_writer_options_init(&po);
    po.mode = o->overwrite ? TPCH_WRITE_OVERWRITE : TPCH_WRITE_CREATE;
    po.no_fsync = !o->fsync;
    rc = tpch_parquet_writer_create(&j->pw, path, &j->schema, &po, &j->err);
  } else if (rc == TPCH_OK) {
    rc =
        tpch_sink_open(&j->sink, path,
                       (o->overwrite ? TPCH_SINK_OVERWRITE : 0) | (o->fsync ? 0 : TPCH_SINK_NOSYNC), &j->err);
    opened = rc == TPCH_OK;
  }
  if (rc == TPCH_OK) {
    int nt = o->threads;
    if (nt > j->nchunks) nt = (int)(j->nchunks ? j->nchunks : 1);
    pthread_t tid[1024];
    int started = 0;
    for (int i = 0; i < nt; i++)
      if (pthread_create(&tid[i], NULL, worker, j) == 0) started++;
    if (started == 0) worker(j);
    for (int i = 0; i < started; i++)
      pthread_join(tid[i], NULL);
    rc = j->rc;
  }
  if (rc == TPCH_OK)
    rc = parquet ? tpch_parquet_writer_close(j->pw, &j->err) : tpch_sink_commit(&j->sink, &j->err);
  if (rc != TPCH_OK && opened) tpch_sink_abort(&j->sink);
  tpch_parquet_writer_destroy(j->pw); /* removes the temporary file unless closed */
  if (j->schema.release) j->schema.release(&j->schema);
  pthread_mutex_destroy(&j->mu);
  pthread_cond_destroy(&j->cv);
  if (rc != TPCH_OK) {
    fprintf(stderr, "tpchgen: error: %s: %s\n", tpcds_table_name(t), j->err.message);
    free(j);
    return 1;
  }
  *rows_out = j->rows;
  free(j);
  return 0;
}

int tpcds_cli_main(int argc, char **argv) {
  ds_opts o;
  int rc = parse(argc, argv, &o);
  if (rc == 1) return 0;
  if (rc) return rc;
  tpch_error err;
  if (tpch_mkdirs(o.dir, &err) != TPCH_OK) return fail(err.message) ? 1 : 1;
  for (int t = 0; t < TPCDS_TABLE_COUNT; t++) {
    if (!(o.tables >> t & 1)) continue;
    for (int pq = 0; pq < 2; pq++) {
      if (!(pq ? o.want_parquet : o.want_dat)) continue;
      int64_t rows = 0;
      if (run_table(&o, (tpcds_table)t, pq, &rows)) return 1;
      if (!o.quiet && rows)
        printf("%-22s %-8s %lld rows\n", tpcds_table_name((tpcds_table)t), pq ? "parquet" : "dat",
               (long long)rows);
    }
  }
  return 0;
}
