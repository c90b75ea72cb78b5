/*
 * tpch_gen.h - TPC-H data, byte-identical to dbgen 2.14, as Arrow batches.
 *
 *   tpch_scale sc;            tpch_scale_parse("0.1", &sc, &err);
 *   tpch_text_pool *pool;     tpch_text_pool_build(&pool, TPCH_TEXT_POOL_SIZE, &err);
 *   tpch_gen *g;              tpch_gen_create(&g, &sc, pool, TPCH_LINEITEM, 1, n_units, &err);
 *   struct ArrowArray batch;  while (tpch_gen_next(g, 65536, &batch, &err) > 0) { ...; batch.release(&batch);
 * } tpch_gen_destroy(g);      tpch_text_pool_destroy(pool);
 *
 * Tables are generated in "row units": one part (with its 4 partsupp rows),
 * one order (with its 1..7 lineitems), one supplier, customer, nation or
 * region. Any unit range can be generated without the units before it, so
 * ranges can go to threads, processes or machines and concatenate to the
 * same bytes as one run.
 */
#ifndef TPCH_GEN_H
#define TPCH_GEN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "tpch_arrow.h"
#include "tpch_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is the library's public API, exported from
 * libtpchgen.so (which is built with -fvisibility=hidden). */
#pragma GCC visibility push(default)

typedef enum tpch_table {
  TPCH_PART = 0,
  TPCH_PARTSUPP,
  TPCH_SUPPLIER,
  TPCH_CUSTOMER,
  TPCH_ORDERS,
  TPCH_LINEITEM,
  TPCH_NATION,
  TPCH_REGION,
  TPCH_TABLE_COUNT
} tpch_table;

/*
 * Cancellation. After tpch_set_cancel_flag(&flag), the library's long
 * computations look at *flag and give up with TPCH_ECANCELED (message
 * "interrupted") soon after it becomes non-zero (within milliseconds of
 * work): building the text pool, and creating a generator at SF >= 30000,
 * whose 64-bit l_partkey stream is walked to the first row (up to 2^24
 * orders for the base tables; (k - 1) times the set's orders for refresh
 * set k). A signal handler may set the flag; tpch_gen_next stops at batch
 * boundaries, so callers check the flag between batches themselves. NULL
 * (the default) turns the checks off. One flag for the whole process: set it
 * before starting threads.
 */
void tpch_set_cancel_flag(const volatile sig_atomic_t *flag);

/* "part", "partsupp", ... (the .tbl base names). */
const char *tpch_table_name(tpch_table t);

/* Looks up a table by name (case-sensitive). TPCH_EINVAL if unknown. */
int tpch_table_from_name(const char *name, tpch_table *out, tpch_error *err);

/* Row counts derived from a scale factor. */
typedef struct tpch_scale {
  double sf;         /* as given */
  int64_t scale;     /* integer scale: clerk range and the SF >= 30000 switch */
  int64_t clerks;    /* o_clerk is drawn from 1..clerks */
  int64_t parts;     /* P */
  int64_t suppliers; /* S */
  int64_t customers; /* C */
  int64_t orders;    /* O */
} tpch_scale;

/*
 * Parses a scale factor written as a decimal number ("1", "0.01", "1000",
 * "0.37", "1.5"). Below 1 the counts follow dbgen exactly: (int)(1000 * SF)
 * thousandths of the base counts, at least one row. At 1 and above the count
 * is floor(base * SF) (dbgen would truncate SF itself, giving 1.5 the data of
 * 1). TPCH_EINVAL for anything that is not a positive number or too large.
 */
int tpch_scale_parse(const char *text, tpch_scale *out, tpch_error *err);

/* Number of row units of table `t` (parts for partsupp, orders for lineitem). */
int64_t tpch_table_units(const tpch_scale *s, tpch_table t);

/* Largest number of rows one unit produces (4 for partsupp, 7 for lineitem, else 1). */
int tpch_table_rows_per_unit(tpch_table t);

/* Mean number of rows one unit produces (4 for partsupp and lineitem, else 1). */
int tpch_table_mean_rows_per_unit(tpch_table t);

/* Mean bytes of one row in Parquet's uncompressed PLAIN encoding (fixed
 * widths plus string bytes and their 4-byte lengths): sizes row groups. */
int64_t tpch_table_plain_bytes_per_row(tpch_table t);

/*
 * Exact row count of units [first, first + count) (1-based). For lineitem this
 * draws each order's line count (one random draw per order).
 */
int64_t tpch_table_rows(const tpch_scale *s, tpch_table t, int64_t first, int64_t count);

/*
 * The fewest units, starting at unit `first` and at most `max_units`, that
 * hold at least `rows` rows (all `max_units` if they hold fewer).
 */
int64_t tpch_table_units_for_rows(const tpch_scale *s, tpch_table t, int64_t first, int64_t max_units,
                                  int64_t rows);

/* ---- the text pool ------------------------------------------------------ */

#define TPCH_TEXT_POOL_SIZE 314572800LL

typedef struct tpch_text_pool tpch_text_pool;

/* Builds dbgen's text pool (TPCH_TEXT_POOL_SIZE bytes of text, kept in
 * about 49 MB; about 0.4 s). */
int tpch_text_pool_build(tpch_text_pool **out, int64_t size, tpch_error *err);

/*
 * The same text in about 10 MB instead of 49: a checkpoint of the generator
 * per 256 bytes of text, each read generating its slice again from the
 * sentence it starts in (reads cost several times more; about 0.3 s to
 * build). For callers where memory counts more than generation speed, such
 * as a consumer that keeps every batch. Cannot be saved.
 */
int tpch_text_pool_build_compact(tpch_text_pool **out, int64_t size, tpch_error *err);
void tpch_text_pool_destroy(tpch_text_pool *p);

/*
 * Saves the pool to `path` (written beside it, then renamed into place), so
 * a later process can load it instead of building it.
 */
int tpch_text_pool_save(const tpch_text_pool *p, const char *path, tpch_error *err);

/*
 * Loads a pool saved by tpch_text_pool_save, verifying it before use: the
 * format and version, the sizes, a checksum over every byte, and that every
 * code and index entry is in range. Any mismatch is TPCH_EFORMAT (build the
 * pool instead); a missing file is TPCH_EIO.
 */
int tpch_text_pool_load(tpch_text_pool **out, const char *path, tpch_error *err);

/* ---- schemas and batches -------------------------------------------------- */

/* Number of columns of `t`, and the name and Arrow format of column `i`. */
int tpch_table_columns(tpch_table t);
const char *tpch_column_name(tpch_table t, int i);
const char *tpch_column_format(tpch_table t, int i);

/*
 * Exports the table's Arrow schema: a non-nullable struct ("+s") with one
 * non-nullable child per column. The caller owns *out and must release it.
 */
int tpch_table_schema(tpch_table t, struct ArrowSchema *out, tpch_error *err);

typedef struct tpch_gen tpch_gen;

/*
 * A generator for units [first_unit, first_unit + unit_count) of table `t`.
 * `pool` must outlive the generator and is only read (share it between
 * threads). `s` is copied.
 */
int tpch_gen_create(tpch_gen **out, const tpch_scale *s, const tpch_text_pool *pool, tpch_table t,
                    int64_t first_unit, int64_t unit_count, tpch_error *err);

/*
 * Fills *out with the next batch of at most `max_rows` rows (whole units; at
 * least one unit, so max_rows >= 7 for lineitem). Returns the number of rows
 * (> 0), 0 when the range is exhausted (then *out is untouched), or a
 * negative error. The caller owns *out and must call out->release(out).
 */
int64_t tpch_gen_next(tpch_gen *g, int64_t max_rows, struct ArrowArray *out, tpch_error *err);

void tpch_gen_destroy(tpch_gen *g);

/*
 * Where batch memory comes from. By default each batch is one malloc'd
 * block freed by its release callback. A program that generates many
 * batches can recycle the blocks instead: `alloc` returns `size` bytes
 * aligned to 64, `release` takes them back (`size` is what was asked for).
 * Both may be called from whichever thread releases a batch.
 */
typedef struct tpch_allocator {
  void *(*alloc)(void *ctx, size_t size);
  void (*release)(void *ctx, void *block, size_t size);
  void *ctx;
} tpch_allocator;

/* Makes g's batches, and the scratch block g keeps for them (released by
 * tpch_gen_destroy), use `a` (copied; NULL = malloc/free). `a->ctx` must
 * stay valid until every batch g made has been released and g destroyed. */
void tpch_gen_set_allocator(tpch_gen *g, const tpch_allocator *a);

/* ---- as an Arrow C stream ------------------------------------------------ */

/* What tpch_gen_stream produces; zeroed = the whole table in 65536-row batches. */
typedef struct tpch_gen_stream_options {
  int64_t parts, part; /* parts > 0: only part `part` (1-based) of dbgen's split into
                          `parts` (tpch_table_part_units); then the unit fields are unused */
  int64_t first_unit;  /* 1-based first unit (part, supplier, customer or order); 0 = 1 */
  int64_t unit_count;  /* units from first_unit; 0 = through the last one */
  int64_t max_rows;    /* stop after this many rows; 0 = no limit */
  int64_t batch_rows;  /* rows per batch, at most (whole units); 0 = 65536 */
  int threads;         /* threads making batches ahead of get_next, 0 to
                          TPCH_GEN_STREAM_MAX_THREADS; 0 or 1 = none (get_next makes each
                          batch); ignored at SF >= 30000 */
} tpch_gen_stream_options;

#define TPCH_GEN_STREAM_MAX_THREADS 256

/*
 * Exposes rows of table `t` as a struct ArrowArrayStream (the Arrow C Stream
 * Interface): get_schema gives tpch_table_schema(t), get_next the batches,
 * identical to what tpch_gen_next makes. `opts` may be NULL. With threads
 * > 1 the rows are the same, in batches of the whole units that fit
 * batch_rows at the table's most rows per unit, made ahead by that many
 * threads (started by the first get_next; at most 2 x threads batches wait
 * unread); release stops and joins them. The caller owns
 * *out and must call out->release(out); `pool` must outlive the stream, `s`
 * is copied. A stream can be handed to any writer's _write_stream.
 * TPCH_OK, TPCH_EINVAL (a range outside the table), TPCH_ENOMEM.
 */
int tpch_gen_stream(struct ArrowArrayStream *out, const tpch_scale *s, const tpch_text_pool *pool,
                    tpch_table t, const tpch_gen_stream_options *opts, tpch_error *err);

/*
 * dbgen's split of a table into `parts` (its -C parts -S part): the units of
 * part `part` (1-based) in *first_unit and *unit_count. nation and region
 * are whole in part 1 and empty in the others. TPCH_OK or TPCH_EINVAL.
 */
int tpch_table_part_units(const tpch_scale *s, tpch_table t, int64_t part, int64_t parts, int64_t *first_unit,
                          int64_t *unit_count, tpch_error *err);

/* ---- refresh sets (dbgen -U) ---------------------------------------------- */

/*
 * Update set k (1-based) of dbgen 2.14's `-U`: new orders with their lines
 * for RF1 (orders.tbl.uk, lineitem.tbl.uk) and the order keys RF2 deletes
 * (delete.k; a one-column table "o_orderkey"). Each set has
 * tpch_refresh_orders() orders and as many deletions; the generators work
 * on units 1..that within the set (an order and its lines is one unit), so
 * a set can be split like a table.
 */
typedef enum tpch_refresh_kind {
  TPCH_REFRESH_ORDERS = 0,
  TPCH_REFRESH_LINEITEM,
  TPCH_REFRESH_DELETE
} tpch_refresh_kind;

#define TPCH_REFRESH_MAX_SETS 999 /* dbgen's seq in the key needs set < 1000 to stay 1 */

/* Orders (and deletions) per refresh set: (O / 10000) * 10 for O orders,
 * 1500 x SF at integer SF, 10 at SF 0.01, 0 below SF 0.007. */
int64_t tpch_refresh_orders(const tpch_scale *s);

/* The Arrow schema of a refresh output (orders, lineitem or the deletions). */
int tpch_refresh_schema(tpch_refresh_kind k, struct ArrowSchema *out, tpch_error *err);

/*
 * A generator for units [first, first + count) of refresh set `set`; use it
 * like one from tpch_gen_create. At SF >= 30000 creating set k walks the
 * (k - 1) sets before it (about 8 ns per order).
 */
int tpch_refresh_create(tpch_gen **out, const tpch_scale *s, const tpch_text_pool *pool,
                        tpch_refresh_kind kind, int set, int64_t first, int64_t count, tpch_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCH_GEN_H */
