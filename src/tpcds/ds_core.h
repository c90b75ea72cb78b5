/*
 * ds_core.h - the machinery dsdgen's tables are built from, re-expressed:
 * its per-column random streams (Park-Miller, 16807 mod 2^31-1), the
 * distribution look-ups, its date arithmetic (quirks included) and the
 * 16-letter business keys. One ds_rng per generator, so threads never share
 * state.
 */
#ifndef TPCDS_DS_CORE_H
#define TPCDS_DS_CORE_H

#include <stdint.h>

#include "ds_data.h"

#define DS_MAXINT 2147483647L
#define DS_RNG_SEED 19620718L

/* dsdgen's streams: the current seed of every column stream and how many
 * draws it has had in the current row. */
typedef struct ds_rng {
  int64_t seed[DS_MAX_COLUMN + 1];
  int32_t used[DS_MAX_COLUMN + 1];
} ds_rng;

/* Sets every stream to its initial seed (dsdgen's default -RNGSEED). */
void ds_rng_init(ds_rng *r);

/* The stream's initial seed. */
int64_t ds_stream_initial(int stream);

/* Next raw value of `stream`, in 1..2^31-2. */
static inline int64_t ds_next(ds_rng *r, int stream) {
  int64_t s = r->seed[stream];
  int64_t div = s / 127773;
  int64_t mod = s - 127773 * div;
  s = 16807 * mod - div * 2836;
  if (s < 0) s += DS_MAXINT;
  r->seed[stream] = s;
  r->used[stream]++;
  return s;
}

/* genrand_integer(DIST_UNIFORM): min + next % (max - min + 1), in int. */
static inline int ds_uniform(ds_rng *r, int stream, int min, int max) {
  int v = (int)ds_next(r, stream);
  v %= max - min + 1;
  return v + min;
}

/* Positions `stream` as if `n` values had been drawn since its start. */
void ds_stream_skip(ds_rng *r, int stream, int64_t n);

/* Positions every stream of table columns [first, last] at row `row`
 * (1-based) as dsdgen's row_skip does: per_row draws per earlier row. */
void ds_rng_seek(ds_rng *r, int first, int last, int64_t row);

/* Ends a row as dsdgen's row_stop does: streams [first, last] that drew
 * fewer than their per-row count are advanced to it. Returns 1 when some
 * stream drew more (its later rows then depend on the rows before). */
int ds_row_end(ds_rng *r, int first, int last);

/* ---- distributions ------------------------------------------------------ */

/* A distribution by name (case-insensitive), or NULL. */
const ds_dist *ds_dist_find(const char *name);

/* Row `index` (1-based) of value set `vset` (1-based). */
static inline const char *ds_dist_str(int dist, int index, int vset) {
  return ds_dists[dist].values[vset - 1][index - 1];
}
static inline int ds_dist_int(int dist, int index, int vset) {
  return ds_dists[dist].ints[vset - 1][index - 1];
}
static inline int ds_dist_size(int dist) {
  return ds_dists[dist].length;
}

/* Weight of row `index` (1-based) in weight set `wset` (1-based). */
int ds_dist_weight(int dist, int index, int wset);

/* dsdgen's pick_distribution: draws 1..total weight of `wset` from
 * `stream` and returns the 1-based row it falls in. */
int ds_dist_pick(ds_rng *r, int dist, int wset, int stream);

/* ---- dates --------------------------------------------------------------- */

typedef struct ds_date {
  int year, month, day;
  int julian;
} ds_date;

void ds_jtodt(ds_date *d, int julian);
int ds_dttoj(const ds_date *d);
/* dsdgen's leap-year test: century years count as leap when year % 400 is
 * even (so 1900 and 2100 are "leap"). */
int ds_is_leap(int year);
/* Day of the year, with dsdgen's month table and leap test. */
int ds_day_number(const ds_date *d);
/* Day of week 0 = Sunday .. 6 = Saturday, dsdgen's doomsday method. */
int ds_dow(const ds_date *d);
/* Julian day of "YYYY-MM-DD". */
int ds_julian(int year, int month, int day);

/* The 16 capital letters (A-P) dsdgen writes for key `k`; dst gets 16 bytes. */
void ds_bkey(char *dst, int64_t k);

/* ---- text and addresses ------------------------------------------------------ */

/* dsdgen's gen_text: sentences from the grammar distributions, cut to a
 * length drawn from [min, max]. Writes at most max bytes (no NUL) and
 * returns the length. */
int ds_gen_text(ds_rng *r, char *dst, int min, int max, int stream);

/* dsdgen's city_hash. */
int ds_city_hash(const char *name);

typedef struct ds_address {
  int street_num;
  const char *street_name1, *street_name2, *street_type;
  char suite_num[16];
  const char *city, *county, *state;
  int zip, plus4;
  int gmt_offset;
} ds_address;

/* dsdgen's mk_address from `stream`. `small_rows` > 0 for its FL_SMALL
 * tables (call_center, store, warehouse, web_site): the table's row count,
 * which with `active_cities`/`active_counties` bounds the city and county
 * picks. */
void ds_make_address(ds_rng *r, ds_address *a, int stream, int64_t small_rows, int active_cities,
                     int active_counties);

#endif /* TPCDS_DS_CORE_H */
