#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lance_writer.h"
#include "parquet_writer.h"
#include "tpcds_gen.h"

static const char *const format_names[FMT_COUNT] = {"tbl",     "csv",    "parquet", "lance",
                                                    "iceberg", "paimon", "orc"};

tpch_write_mode cli_write_mode(const cli_options *o) {
  return o->append ? TPCH_WRITE_APPEND : o->overwrite ? TPCH_WRITE_OVERWRITE : TPCH_WRITE_CREATE;
}

const char *format_name(out_format f) {
  return (f >= 0 && f < FMT_COUNT) ? format_names[f] : "?";
}

/* `tpchgen tpcds --help` (beside usage(): the options own the help text, and
 * tpcds_cli.c, which plans engine jobs, stays below them). */
static void tpcds_usage(FILE *f) {
  fputs("Usage: tpchgen tpcds [-s SF] [-T TABLES] [-f LIST] [-o DIR] [-j N] [--parts N --part K] [OPTIONS]\n"
        "       tpchgen tpcds commit -f iceberg|paimon -o DIR [-T TABLES] [--overwrite] [--partial]\n"
        "\n"
        "TPC-DS tables, byte-identical to dsdgen 2.10 as its .dat files, and in every\n"
        "format of tpchgen (the same values; docs/tpcds.md). Every option of tpchgen\n"
        "(tpchgen --help) means the same here, except --max-rows (not available).\n"
        "  -s SF        whole number 1..100000 (default 1), as dsdgen accepts, or a\n"
        "               fraction 0.01..1 (at most 6 decimals; ours, dsdgen has none):\n"
        "               SF 1's rows times SF, at least 1; date_dim, time_dim,\n"
        "               catalog_page, household_demographics, income_band and\n"
        "               ship_mode keep their size\n"
        "  -T TABLES    comma-separated names, or 'all' (default all)\n"
        "  -f LIST      tbl (default), csv, parquet, lance, iceberg, paimon, orc:\n"
        "                 tbl:     DIR/<table>.dat (dsdgen's bytes: '|' after every field,\n"
        "                          empty field for NULL)\n"
        "                 csv:     DIR/<table>.csv (header line; NULL is an empty field,\n"
        "                          an empty string is \"\")\n"
        "                 parquet: DIR/<table>.parquet    orc: DIR/<table>.orc\n"
        "                 lance:   dataset DIR/<table>.lance/\n"
        "                 iceberg, paimon: table DIR/<table>/\n"
        "  --parts N --part K\n"
        "               dsdgen's -PARALLEL N -CHILD K split: tables under 1,000,000 rows\n"
        "               (sales and returns tables: tickets/orders) are written whole by\n"
        "               part 1; larger ones get floor(units/N) units each, the first\n"
        "               units mod N parts one more; a ticket/order is never split.\n"
        "               Files: DIR/<table>_K_N.dat (dsdgen's names),\n"
        "               DIR/<table>/<table>.K.{csv,parquet,orc}; lance parts commit into\n"
        "               one dataset; iceberg and paimon parts are joined by\n"
        "               'tpchgen tpcds commit'.\n"
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

static void usage(FILE *f) {
  fprintf(f, "Usage: tpchgen [OPTIONS]\n"
             "       tpchgen commit -f iceberg|paimon -o DIR [-T TABLES] [--overwrite] [--partial]\n"
             "                          (finish a multi-part Iceberg or Paimon run: commits\n"
             "                          parts 1..N, --overwrite replaces the table's rows\n"
             "                          with them, --partial allows a subset)\n"
             "       tpchgen tpcds [-s SF] [-T TABLES] [-f LIST] [-o DIR] ...   (TPC-DS, byte-identical to\n"
             "                          dsdgen, in every format; see tpchgen tpcds --help)\n"
             "       tpchgen refresh -s SF -U N [OPTIONS]   (refresh sets for RF1/RF2, dbgen -U N;\n"
             "                                               see tpchgen refresh --help)\n"
             "       tpchgen queries -s SF [--stream N] [--seed S] [--defaults] [--params]\n"
             "                                              (a TPC-H query stream, qgen's order and values)\n"
             "\n"
             "Generates the eight TPC-H tables, byte-identical to the reference dbgen 2.14,\n"
             "as dbgen .tbl text, CSV, Parquet, Lance, Iceberg, Paimon or ORC, on all cores.\n"
             "\n"
             "Data:\n"
             "  -s, --scale-factor SF   scale factor, > 0 (default 1). Below 1 row counts\n"
             "                          follow dbgen ((int)(1000*SF)/1000 of each base\n"
             "                          count, at least 1 row). At 1 and above a fractional\n"
             "                          SF gives floor(base*SF) rows; dbgen would instead\n"
             "                          truncate SF (1.5 -> the SF 1 data). Up to 100000.\n"
             "  -T, --tables LIST       comma-separated tables, or 'all' (default all):\n"
             "                          part,partsupp,supplier,customer,orders,lineitem,\n"
             "                          nation,region\n"
             "      --table NAME        one table (same as -T NAME)\n"
             "      --max-rows N        at most N rows per table (0 = all, the default)\n"
             "\n"
             "Output:\n"
             "  -f, --format LIST       tbl, csv, parquet, lance, iceberg, paimon or orc; a comma\n"
             "                          list writes several (default tbl)\n"
             "                          writes several (default tbl)\n"
             "  -o, --output-dir DIR    where to write (default .); created if missing\n"
             "                          tbl:     DIR/<table>.tbl\n"
             "                          csv:     DIR/<table>.csv (header line, RFC 4180)\n"
             "                          parquet: DIR/<table>.parquet\n"
             "                          lance:   dataset DIR/<table>.lance/\n"
             "                          iceberg: table DIR/<table>/ (v2, Parquet data)\n"
             "                          paimon:  append table DIR/<table>/ (bucket -1, Parquet)\n"
             "                          orc:     DIR/<table>.orc\n"
             "      --stdout            write one table (tbl or csv) to standard output\n"
             "      --mode create|append|overwrite\n"
             "                          create (default): an existing output is an error;\n"
             "                          append (lance, iceberg, paimon): add the rows to an\n"
             "                          existing dataset/table as a new version/snapshot\n"
             "                          (created if missing); overwrite: same as --overwrite\n"
             "      --overwrite         replace existing outputs (otherwise an existing\n"
             "                          output is an error and nothing is written)\n"
             "      --no-fsync          do not fsync files before renaming them\n"
             "      --no-cache          build the text pool (0.4 s) instead of loading it from\n"
             "                          $TPCHGEN_CACHE_DIR, else $XDG_CACHE_HOME/tpchgen-c, else\n"
             "                          ~/.cache/tpchgen-c (the cache is verified before use\n"
             "                          and rebuilt when it does not pass)\n"
             "\n"
             "Parts (split one table across processes or machines):\n"
             "      --parts N --part K  write only part K of N (1 <= K <= N), dbgen's\n"
             "                          -C N -S K split. Files: DIR/<table>.tbl.K,\n"
             "                          DIR/<table>/<table>.K.csv, DIR/<table>/<table>.K.parquet,\n"
             "                          DIR/<table>/<table>.K.orc;\n"
             "                          lance parts commit into one dataset DIR/<table>.lance/\n"
             "                          in dbgen row order; iceberg and paimon parts are\n"
             "                          joined by 'tpchgen commit'. nation and region are\n"
             "                          written whole by part 1 only (dbgen's nation.tbl,\n"
             "                          region.tbl).\n"
             "\n"
             "Performance:\n"
             "  -j, --threads N         threads that generate and encode (default: all\n"
             "                          cores); one more thread writes the files. Output\n"
             "                          bytes do not depend on N.\n"
             "      --parallel-tables N at most N tables in progress at once (default: no limit)\n"
             "      --parallel          accepted for compatibility (tables always run concurrently)\n"
             "      --zero-copy, --zero-copy-mode sync|auto|async\n"
             "                          accepted for compatibility (output always streams)\n"
             "\n"
             "Parquet / Lance / Iceberg / Paimon / ORC:\n"
             "      --compression zstd|snappy|zlib|lz4|none  Parquet, Iceberg, Paimon and ORC\n"
             "                          page/stream compression (default zstd; zlib for ORC\n"
             "                          only); for Lance 2.1 the codec wrapped around chunks\n"
             "                          where it pays, after bit-packing and dictionaries\n"
             "                          (zstd, lz4 or none; lz4 for Lance only)\n"
             "      --compression-level N   zstd level (default 3), zlib level for ORC (default 6)\n"
             "      --row-group-bytes N row groups of about N uncompressed bytes (default 128 MiB)\n"
             "      --row-group-rows N  row groups of about N rows (overrides --row-group-bytes);\n"
             "                          ORC: rows per stripe (default about 64 MiB of values)\n"
             "      --data-page-version 1|2  Parquet data page header version (default 1)\n"
             "      --lance-rows-per-file N  Lance data file size in rows (default 1048576)\n"
             "      --lance-version 2.0|2.1  Lance file format (default 2.1, compressed; when\n"
             "                          appending, the dataset's own version; docs/lance.md)\n"
             "\n"
             "Messages:\n"
             "  -q, --quiet             no progress line and no summary\n"
             "  -v, --verbose           more detail (per-table timings as they finish)\n"
             "      --progress / --no-progress  force the live progress line on or off\n"
             "                          (default: on when standard error is a terminal)\n"
             "  -h, --help              this help\n"
             "  -V, --version           version and build\n"
             "\n"
             "Examples:\n"
             "  tpchgen -s 1 -o data/sf1                     all tables as .tbl\n"
             "  tpchgen -s 10 -f parquet,lance -o data/sf10  Parquet and Lance\n"
             "  tpchgen -s 0.1 -T lineitem --stdout | head   peek at lineitem\n"
             "  tpchgen -s 100 --parts 8 --part 3 -o out     part 3 of 8 (one machine's share)\n"
             "\n"
             "Exit status: 0 on success, 1 on a failure while writing, 2 on bad arguments,\n"
             "3 when a Lance/Iceberg version was committed but a step after the commit\n"
             "point (directory fsync, version hint) failed (a warning says which),\n"
             "130 when interrupted (SIGINT, SIGTERM or SIGHUP; what the run wrote is removed).\n");
}

static int fail(const char *fmt, const char *arg) {
  fprintf(stderr, "tpchgen: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see tpchgen --help)\n");
  return 2;
}

/* A whole number in [lo, hi]; k/M/G/T suffixes (powers of 1024) when `sized`. */
static int parse_int(const char *s, int64_t lo, int64_t hi, int sized, int64_t *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s) return 0;
  if (sized && *end) {
    long long mul = 0;
    switch (*end) {
    case 'k':
    case 'K': mul = 1LL << 10; break;
    case 'm':
    case 'M': mul = 1LL << 20; break;
    case 'g':
    case 'G': mul = 1LL << 30; break;
    case 't':
    case 'T': mul = 1LL << 40; break;
    default: return 0;
    }
    if (end[1] != '\0' && strcmp(end + 1, "iB") != 0 && strcmp(end + 1, "B") != 0) return 0;
    if (v > hi / mul) return 0;
    v *= mul;
  } else if (*end) {
    return 0;
  }
  if (v < lo || v > hi) return 0;
  *out = v;
  return 1;
}

/* A comma list of names into a bit mask (bit i = names[i]); with
 * `allow_all`, "all" sets every bit. `what` and `choices` word the errors. */
static int parse_names(const char *list, const char *what, const char *const *names, int n, int allow_all,
                       const char *choices, unsigned *mask) {
  char buf[512];
  size_t len = strlen(list);
  if (len >= sizeof buf) {
    fprintf(stderr, "tpchgen: error: %s list too long: '%s' (see tpchgen --help)\n", what, list);
    return 2;
  }
  memcpy(buf, list, len + 1);
  *mask = 0;
  for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    if (allow_all && strcmp(tok, "all") == 0) {
      *mask = (1u << n) - 1;
      continue;
    }
    int i = 0;
    while (i < n && strcmp(tok, names[i]) != 0)
      i++;
    if (i == n) {
      fprintf(stderr, "tpchgen: error: unknown %s '%s' (%ss: %s) (see tpchgen --help)\n", what, tok, what,
              choices);
      return 2;
    }
    *mask |= 1u << i;
  }
  if (*mask == 0) {
    fprintf(stderr, "tpchgen: error: no %s named in '%s' (see tpchgen --help)\n", what, list);
    return 2;
  }
  return 0;
}

static int parse_tables(const char *list, unsigned *mask) {
  const char *names[TPCH_TABLE_COUNT];
  for (int i = 0; i < TPCH_TABLE_COUNT; i++)
    names[i] = tpch_table_name((tpch_table)i);
  return parse_names(list, "table", names, TPCH_TABLE_COUNT, 1,
                     "part, partsupp, supplier, customer, orders, lineitem, nation, region, all", mask);
}

static int parse_tpcds_tables(const char *list, unsigned *mask) {
  const char *names[TPCDS_TABLE_COUNT];
  for (int i = 0; i < TPCDS_TABLE_COUNT; i++)
    names[i] = tpcds_table_name((tpcds_table)i);
  char choices[512];
  size_t n = 0;
  for (int i = 0; i < TPCDS_TABLE_COUNT && n < sizeof choices; i++)
    n += (size_t)snprintf(choices + n, sizeof choices - n, "%s, ", names[i]);
  if (n < sizeof choices) snprintf(choices + n, sizeof choices - n, "all");
  return parse_names(list, "TPC-DS table", names, TPCDS_TABLE_COUNT, 1, choices, mask);
}

static int parse_formats(const char *list, unsigned *mask) {
  return parse_names(list, "format", format_names, FMT_COUNT, 0,
                     "tbl, csv, parquet, lance, iceberg, paimon, orc", mask);
}

enum {
  OPT_TABLE = 256,
  OPT_MAX_ROWS,
  OPT_STDOUT,
  OPT_OVERWRITE,
  OPT_PARTS,
  OPT_PART,
  OPT_PARALLEL,
  OPT_PARALLEL_TABLES,
  OPT_ZERO_COPY,
  OPT_ZERO_COPY_MODE,
  OPT_COMPRESSION,
  OPT_COMPRESSION_LEVEL,
  OPT_RG_BYTES,
  OPT_RG_ROWS,
  OPT_PAGE_VERSION,
  OPT_LANCE_ROWS,
  OPT_LANCE_VERSION,
  OPT_NO_FSYNC,
  OPT_PROGRESS,
  OPT_NO_PROGRESS,
  OPT_NO_CACHE,
  OPT_MODE,
  OPT_PARTIAL
};

static const struct option long_options[] = {
    {"scale-factor", required_argument, 0, 's'},
    {"tables", required_argument, 0, 'T'},
    {"table", required_argument, 0, OPT_TABLE},
    {"format", required_argument, 0, 'f'},
    {"output-dir", required_argument, 0, 'o'},
    {"threads", required_argument, 0, 'j'},
    {"parts", required_argument, 0, OPT_PARTS},
    {"part", required_argument, 0, OPT_PART},
    {"stdout", no_argument, 0, OPT_STDOUT},
    {"overwrite", no_argument, 0, OPT_OVERWRITE},
    {"quiet", no_argument, 0, 'q'},
    {"verbose", no_argument, 0, 'v'},
    {"help", no_argument, 0, 'h'},
    {"version", no_argument, 0, 'V'},
    {"max-rows", required_argument, 0, OPT_MAX_ROWS},
    {"parallel", no_argument, 0, OPT_PARALLEL},
    {"parallel-tables", required_argument, 0, OPT_PARALLEL_TABLES},
    {"zero-copy", no_argument, 0, OPT_ZERO_COPY},
    {"zero-copy-mode", required_argument, 0, OPT_ZERO_COPY_MODE},
    {"compression", required_argument, 0, OPT_COMPRESSION},
    {"compression-level", required_argument, 0, OPT_COMPRESSION_LEVEL},
    {"row-group-bytes", required_argument, 0, OPT_RG_BYTES},
    {"row-group-rows", required_argument, 0, OPT_RG_ROWS},
    {"data-page-version", required_argument, 0, OPT_PAGE_VERSION},
    {"lance-rows-per-file", required_argument, 0, OPT_LANCE_ROWS},
    {"lance-version", required_argument, 0, OPT_LANCE_VERSION},
    {"no-fsync", no_argument, 0, OPT_NO_FSYNC},
    {"progress", no_argument, 0, OPT_PROGRESS},
    {"no-progress", no_argument, 0, OPT_NO_PROGRESS},
    {"no-cache", no_argument, 0, OPT_NO_CACHE},
    {"mode", required_argument, 0, OPT_MODE},
    {"partial", no_argument, 0, OPT_PARTIAL},
    {0, 0, 0, 0}};

static int default_threads(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* Checks that need every option at once. */
static int validate(cli_options *o, int have_parts, int have_part) {
  tpch_error err;
  if (o->tpcds) {
    char *end;
    double sf = strtod(o->sf_text, &end);
    if (end == o->sf_text || *end) return fail("-s takes a number, not '%s'", o->sf_text);
    if (tpcds_scale_check(sf, &err) != TPCH_OK) return fail("%s", err.message);
    o->ds_sf = sf;
    if (o->max_rows) return fail("%s", "--max-rows is not available for TPC-DS (use -T and --parts)");
  } else if (tpch_scale_parse(o->sf_text, &o->scale, &err) != TPCH_OK) {
    return fail("%s", err.message);
  }
  if (have_parts != have_part) return fail("%s", "--parts and --part go together");
  if (o->output_dir[0] == '\0') return fail("%s", "-o/--output-dir needs a directory name, not ''");
  if (o->parts && (o->part < 1 || o->part > o->parts)) {
    char msg[96];
    snprintf(msg, sizeof msg, "--part %lld is outside 1..%lld", (long long)o->part, (long long)o->parts);
    return fail("%s", msg);
  }
  if (o->to_stdout) {
    if (__builtin_popcount(o->tables) != 1)
      return fail("%s", "--stdout writes one table: name it with -T or --table");
    if (o->formats & ~((1u << FMT_TBL) | (1u << FMT_CSV)) || __builtin_popcount(o->formats) != 1)
      return fail("%s", "--stdout works with one format, tbl or csv");
  }
  if (o->append && (o->formats & ~((1u << FMT_LANCE) | (1u << FMT_ICEBERG) | (1u << FMT_PAIMON))))
    return fail("%s", "--mode append works with -f lance, iceberg and paimon (files in other formats are "
                      "replaced or kept, not appended to)");
  if (o->append && o->parts)
    return fail("%s",
                "--mode append cannot be combined with --parts (parts already add to one dataset or table)");
  if (o->append && o->overwrite) return fail("%s", "--mode append and --overwrite contradict each other");
  if (o->compression == COMP_ZLIB &&
      (o->formats & ((1u << FMT_PARQUET) | (1u << FMT_ICEBERG) | (1u << FMT_PAIMON))))
    return fail(
        "%s",
        "--compression zlib is for -f orc only (Parquet, Iceberg and Paimon take zstd, snappy or none)");
  if (o->compression == COMP_LZ4 &&
      (o->formats & ((1u << FMT_PARQUET) | (1u << FMT_ICEBERG) | (1u << FMT_PAIMON) | (1u << FMT_ORC))))
    return fail("%s", "--compression lz4 is for -f lance only (Parquet, Iceberg, Paimon and ORC take zstd, "
                      "snappy or none; ORC also zlib)");
  if ((o->compression == COMP_SNAPPY || o->compression == COMP_ZLIB) && (o->formats & (1u << FMT_LANCE)))
    return fail("--compression %s is not available for -f lance (Lance takes zstd, lz4 or none)",
                o->compression == COMP_SNAPPY ? "snappy" : "zlib");
  if (o->compression == COMP_LZ4 && o->lance_version != NULL && strcmp(o->lance_version, "2.0") == 0)
    return fail("%s", "--compression lz4 needs --lance-version 2.1 (Lance 2.0 stores pages uncompressed)");
  if (o->command_commit && o->formats != (1u << FMT_ICEBERG) && o->formats != (1u << FMT_PAIMON))
    return fail(
        "%s",
        "'tpchgen commit' finishes a multi-part Iceberg or Paimon run: use it with -f iceberg or -f paimon");
  return 0;
}

int cli_parse(int argc, char **argv, cli_options *o) {
  memset(o, 0, sizeof *o);
  o->sf_text = "1";
  o->tables = (1u << TPCH_TABLE_COUNT) - 1;
  o->formats = 1u << FMT_TBL;
  o->output_dir = ".";
  o->threads = default_threads();
  o->compression = COMP_DEFAULT;
  /* the libraries' defaults, named by them rather than copied */
  o->row_group_bytes = TPCH_PARQUET_DEFAULT_ROW_GROUP_BYTES;
  o->data_page_version = 0; /* the Parquet writer's default */
  o->lance_rows_per_file = TPCH_LANCE_DEFAULT_MAX_ROWS_PER_FILE;
  o->fsync = 1;
  o->progress = -1;
  o->cache = 1;
  int have_parts = 0, have_part = 0, overwrite_flag = 0, c, rc;
  int64_t v;
  if (argc > 1 && strcmp(argv[1], "tpcds") == 0) {
    o->tpcds = 1;
    o->tables = (1u << TPCDS_TABLE_COUNT) - 1;
    argv[1] = argv[0];
    argv++;
    argc--;
  }
  if (argc > 1 && strcmp(argv[1], "commit") == 0) {
    o->command_commit = 1;
    argv[1] = argv[0];
    argv++;
    argc--;
  }
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":s:T:f:o:j:qvhV", long_options, NULL)) != -1) {
    switch (c) {
    case 's': o->sf_text = optarg; break;
    case 'T':
    case OPT_TABLE:
      if ((rc = o->tpcds ? parse_tpcds_tables(optarg, &o->tables) : parse_tables(optarg, &o->tables)))
        return rc;
      break;
    case 'f':
      if ((rc = parse_formats(optarg, &o->formats))) return rc;
      break;
    case 'o': o->output_dir = optarg; break;
    case 'j':
      if (!parse_int(optarg, 1, 1024, 0, &v))
        return fail("--threads takes a number from 1 to 1024, not '%s'", optarg);
      o->threads = (int)v;
      break;
    case OPT_PARTS:
      if (!parse_int(optarg, 1, 1000000, 0, &o->parts))
        return fail("--parts takes a number from 1 to 1000000, not '%s'", optarg);
      have_parts = 1;
      break;
    case OPT_PART:
      if (!parse_int(optarg, -1000000000, 1000000000, 0, &o->part))
        return fail("--part takes a number, not '%s'", optarg);
      have_part = 1;
      break;
    case OPT_STDOUT: o->to_stdout = 1; break;
    case OPT_OVERWRITE: o->overwrite = overwrite_flag = 1; break;
    case OPT_PARTIAL: o->partial = 1; break;
    case 'q': o->quiet = 1; break;
    case 'v': o->verbose = 1; break;
    case 'h':
      if (o->tpcds)
        tpcds_usage(stdout);
      else
        usage(stdout);
      return 1;
    case 'V': printf("tpchgen %s (build %s)\n", TPCH_VERSION, TPCH_BUILD_HASH); return 1;
    case OPT_MAX_ROWS:
      if (!parse_int(optarg, 0, INT64_MAX, 0, &o->max_rows))
        return fail("--max-rows takes a number >= 0, not '%s'", optarg);
      break;
    case OPT_PARALLEL: break;
    case OPT_PARALLEL_TABLES:
      if (!parse_int(optarg, 1, 64, 0, &v))
        return fail("--parallel-tables takes a number from 1 to 64, not '%s'", optarg);
      o->parallel_tables = (int)v;
      break;
    case OPT_ZERO_COPY: break;
    case OPT_ZERO_COPY_MODE:
      if (strcmp(optarg, "sync") && strcmp(optarg, "auto") && strcmp(optarg, "async"))
        return fail("--zero-copy-mode takes sync, auto or async, not '%s'", optarg);
      break;
    case OPT_COMPRESSION:
      if (strcmp(optarg, "zstd") == 0)
        o->compression = COMP_ZSTD;
      else if (strcmp(optarg, "snappy") == 0)
        o->compression = COMP_SNAPPY;
      else if (strcmp(optarg, "zlib") == 0)
        o->compression = COMP_ZLIB;
      else if (strcmp(optarg, "lz4") == 0)
        o->compression = COMP_LZ4;
      else if (strcmp(optarg, "none") == 0)
        o->compression = COMP_NONE;
      else
        return fail("--compression takes zstd, snappy, zlib, lz4 or none, not '%s'", optarg);
      break;
    case OPT_COMPRESSION_LEVEL:
      if (!parse_int(optarg, 1, 22, 0, &v))
        return fail("--compression-level takes a number from 1 to 22, not '%s'", optarg);
      o->compression_level = (int)v;
      break;
    case OPT_RG_BYTES:
      if (!parse_int(optarg, 1024, 1LL << 40, 1, &o->row_group_bytes))
        return fail("--row-group-bytes takes a size from 1K to 1T (e.g. 128M), not '%s'", optarg);
      break;
    case OPT_RG_ROWS:
      if (!parse_int(optarg, 1, 1LL << 40, 0, &o->row_group_rows))
        return fail("--row-group-rows takes a number >= 1, not '%s'", optarg);
      break;
    case OPT_PAGE_VERSION:
      if (!parse_int(optarg, 1, 2, 0, &v)) return fail("--data-page-version takes 1 or 2, not '%s'", optarg);
      o->data_page_version = (int)v;
      break;
    case OPT_LANCE_ROWS:
      if (!parse_int(optarg, 1, 1LL << 31, 0, &o->lance_rows_per_file))
        return fail("--lance-rows-per-file takes a number from 1 to 2^31, not '%s'", optarg);
      break;
    case OPT_LANCE_VERSION:
      if (strcmp(optarg, "2.0") == 0)
        o->lance_version = "2.0";
      else if (strcmp(optarg, "2.1") == 0)
        o->lance_version = "2.1";
      else
        return fail("--lance-version takes 2.0 or 2.1, not '%s'", optarg);
      break;
    case OPT_NO_FSYNC: o->fsync = 0; break;
    case OPT_PROGRESS: o->progress = 1; break;
    case OPT_NO_PROGRESS: o->progress = 0; break;
    case OPT_NO_CACHE: o->cache = 0; break;
    case OPT_MODE:
      if (strcmp(optarg, "create") == 0)
        o->append = o->overwrite = 0;
      else if (strcmp(optarg, "append") == 0)
        o->append = 1, o->overwrite = overwrite_flag;
      else if (strcmp(optarg, "overwrite") == 0)
        o->append = 0, o->overwrite = 1;
      else
        return fail("--mode takes create, append or overwrite, not '%s'", optarg);
      break;
    case ':': return fail("option '%s' needs a value", argv[optind - 1]);
    default: return fail("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind < argc) return fail("unexpected argument '%s'", argv[optind]);
  return validate(o, have_parts, have_part);
}
