#include "ds_core.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* 16807^k mod 2^31-1 for k up to JUMP_MAX: advancing a stream by k draws is
 * one multiplication (the draws themselves are 16807 x seed mod 2^31-1,
 * Schrage's method giving the exact product). Read-only after its one
 * initialisation. */
#define JUMP_MAX 2048
static int64_t jump_mult[JUMP_MAX + 1];
static pthread_once_t jump_once = PTHREAD_ONCE_INIT;

static void build_jumps(void) {
  jump_mult[0] = 1;
  for (int k = 1; k <= JUMP_MAX; k++)
    jump_mult[k] = jump_mult[k - 1] * 16807 % DS_MAXINT;
}

/* 16807^n mod 2^31-1. */
static int64_t jump_of(int64_t n) {
  if (n <= JUMP_MAX) return jump_mult[n];
  int64_t z = 1, m = 16807;
  while (n > 0) {
    if (n % 2 != 0) z = (m * z) % DS_MAXINT;
    n /= 2;
    m = (m * m) % DS_MAXINT;
  }
  return z;
}

int64_t ds_stream_initial(int stream) {
  return DS_RNG_SEED + (int64_t)stream * (DS_MAXINT / DS_MAX_COLUMN);
}

void ds_rng_init(ds_rng *r) {
  pthread_once(&jump_once, build_jumps);
  for (int i = 0; i <= DS_MAX_COLUMN; i++) {
    r->seed[i] = ds_stream_initial(i);
    r->used[i] = 0;
  }
}

void ds_stream_skip(ds_rng *r, int stream, int64_t n) {
  int64_t z = ds_stream_initial(stream), m = 16807;
  while (n > 0) {
    if (n % 2 != 0) z = (m * z) % DS_MAXINT;
    n /= 2;
    m = (m * m) % DS_MAXINT;
  }
  r->seed[stream] = z;
  r->used[stream] = 0;
}

void ds_rng_seek(ds_rng *r, int first, int last, int64_t row) {
  for (int i = first; i <= last; i++)
    ds_stream_skip(r, i, (row - 1) * ds_streams[i].per_row);
}

int ds_row_end(ds_rng *r, int first, int last) {
  int over = 0;
  for (int i = first; i <= last; i++) {
    int per = ds_streams[i].per_row, used = r->used[i];
    if (used > per) over = 1;
    if (used < per) r->seed[i] = r->seed[i] * jump_of(per - used) % DS_MAXINT;
    r->used[i] = 0;
  }
  return over;
}

const ds_dist *ds_dist_find(const char *name) {
  int lo = 0, hi = DS_DIST_COUNT - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    int c = strcasecmp(name, ds_dists[mid].name);
    if (c == 0) return &ds_dists[mid];
    if (c < 0)
      hi = mid - 1;
    else
      lo = mid + 1;
  }
  return NULL;
}

int ds_dist_weight(int dist, int index, int wset) {
  const int32_t *w = ds_dists[dist].weights[wset - 1];
  return index > 1 ? w[index - 1] - w[index - 2] : w[index - 1];
}

int ds_dist_pick(ds_rng *r, int dist, int wset, int stream) {
  const ds_dist *d = &ds_dists[dist];
  const int32_t *w = d->weights[wset - 1];
  int level = ds_uniform(r, stream, 1, w[d->length - 1]);
  /* first row whose cumulative weight reaches level */
  int lo = 0, hi = d->length - 1;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (w[mid] >= level)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo + 1;
}

static const int m_days[2][13] = {{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334},
                                  {0, 0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335}};

void ds_jtodt(ds_date *d, int src) {
  long l = src + 68569L;
  long n = (4 * l) / 146097;
  l = l - (146097 * n + 3) / 4;
  long i = (4000 * (l + 1)) / 1461001;
  l = l - (1461 * i) / 4 + 31;
  long j = (80 * l) / 2447;
  d->julian = src;
  d->day = (int)(l - (2447 * j) / 80);
  l = j / 11;
  d->month = (int)(j + 2 - 12 * l);
  d->year = (int)(100 * (n - 49) + i + l);
}

int ds_dttoj(const ds_date *dt) {
  int y = dt->year, m = dt->month;
  if (m <= 2) {
    m += 12;
    y -= 1;
  }
  return dt->day + (153 * m - 457) / 5 + 365 * y + y / 4 - y / 100 + y / 400 + 1721118 + 1;
}

int ds_julian(int year, int month, int day) {
  ds_date d = {year, month, day, 0};
  return ds_dttoj(&d);
}

int ds_is_leap(int year) {
  if (year % 100 == 0) return ((year % 400) % 2) == 0;
  return year % 4 == 0;
}

int ds_day_number(const ds_date *d) {
  return m_days[ds_is_leap(d->year)][d->month] + d->day;
}

int ds_dow(const ds_date *d) {
  static const int doomsday[4] = {3, 2, 0, 5};
  int known[13] = {0, 3, 0, 0, 4, 9, 6, 11, 8, 5, 10, 7, 12};
  if (ds_is_leap(d->year)) {
    known[1] = 4;
    known[2] = 1;
  }
  int dday = doomsday[((d->year / 100) - 15) % 4];
  int q = d->year % 100, rr = q % 12;
  q /= 12;
  dday = (dday + q + rr + rr / 4) % 7;
  int res = d->day - known[d->month];
  while (res < 0)
    res += 7;
  while (res > 6)
    res -= 7;
  return (res + dday) % 7;
}

void ds_bkey(char *dst, int64_t k) {
  static const char xl[16] = {'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P'};
  uint64_t hi = (uint64_t)k >> 32, lo = (uint64_t)k & 0xFFFFFFFFu;
  for (int i = 0; i < 8; i++) {
    dst[i] = xl[hi & 0xF];
    hi >>= 4;
  }
  for (int i = 0; i < 8; i++) {
    dst[8 + i] = xl[lo & 0xF];
    lo >>= 4;
  }
}

/* One sentence of the grammar into dst; returns its length. */
static int make_sentence(ds_rng *r, char *dst, int stream) {
  const char *syntax = ds_dist_str(DSD_SENTENCES, ds_dist_pick(r, DSD_SENTENCES, 1, stream), 1);
  int n = 0;
  for (const char *cp = syntax; *cp; cp++) {
    int dist = -1;
    switch (*cp) {
    case 'N': dist = DSD_NOUNS; break;
    case 'V': dist = DSD_VERBS; break;
    case 'J': dist = DSD_ADJECTIVES; break;
    case 'D': dist = DSD_ADVERBS; break;
    case 'X': dist = DSD_AUXILIARIES; break;
    case 'P': dist = DSD_PREPOSITIONS; break;
    case 'A': dist = DSD_ARTICLES; break;
    case 'T': dist = DSD_TERMINATORS; break;
    default: break;
    }
    if (dist < 0) {
      dst[n++] = *cp;
    } else {
      const char *w = ds_dist_str(dist, ds_dist_pick(r, dist, 1, stream), 1);
      size_t len = strlen(w);
      memcpy(dst + n, w, len);
      n += (int)len;
    }
  }
  return n;
}

int ds_gen_text(ds_rng *r, char *dst, int min, int max, int stream) {
  int target = ds_uniform(r, stream, min, max);
  int out = 0, capitalize = 1;
  char s[1024];
  while (target > 0) {
    int len = make_sentence(r, s, stream);
    if (capitalize && len > 0 && s[0] >= 'a' && s[0] <= 'z') s[0] = (char)(s[0] - 'a' + 'A');
    capitalize = len > 0 && s[len - 1] == '.';
    int take = target <= len ? target : len;
    memcpy(dst + out, s, (size_t)take);
    out += take;
    target -= len;
    if (target > 0) {
      dst[out++] = ' ';
      target -= 1;
    }
  }
  return out;
}

int ds_city_hash(const char *name) {
  int hash = 0, res = 0;
  for (const char *cp = name; *cp; cp++) {
    /* dsdgen's int arithmetic wraps (long names overflow it); do the
     * same without undefined behaviour */
    hash = (int)((uint32_t)hash * 26u - (uint32_t)'A' + (uint32_t)(int)*cp);
    if (hash > 1000000) {
      hash %= 10000;
      res += hash;
      hash = 0;
    }
  }
  hash %= 1000;
  res += hash;
  return res % 10000;
}

void ds_make_address(ds_rng *r, ds_address *a, int stream, int64_t small_rows, int active_cities,
                     int active_counties) {
  a->street_num = ds_uniform(r, stream, 1, 1000);
  a->street_name1 = ds_dist_str(DSD_STREET_NAMES, ds_dist_pick(r, DSD_STREET_NAMES, 1, stream), 1);
  a->street_name2 = ds_dist_str(DSD_STREET_NAMES, ds_dist_pick(r, DSD_STREET_NAMES, 2, stream), 1);
  a->street_type = ds_dist_str(DSD_STREET_TYPE, ds_dist_pick(r, DSD_STREET_TYPE, 1, stream), 1);
  int i = ds_uniform(r, stream, 1, 100);
  if (i & 1)
    snprintf(a->suite_num, sizeof a->suite_num, "Suite %d", (i >> 1) * 10);
  else
    snprintf(a->suite_num, sizeof a->suite_num, "Suite %c", ((i >> 1) % 25) + 'A');
  int region;
  if (small_rows > 0) {
    int lim = active_cities > small_rows ? (int)small_rows : active_cities;
    a->city = ds_dist_str(DSD_CITIES, ds_uniform(r, stream, 1, lim), 1);
    lim = active_counties > small_rows ? (int)small_rows : active_counties;
    region = ds_uniform(r, stream, 1, lim);
    a->county = ds_dist_str(DSD_FIPS_COUNTY, region, 2);
  } else {
    a->city = ds_dist_str(DSD_CITIES, ds_dist_pick(r, DSD_CITIES, 6, stream), 1);
    region = ds_dist_pick(r, DSD_FIPS_COUNTY, 1, stream);
    a->county = ds_dist_str(DSD_FIPS_COUNTY, region, 2);
  }
  a->state = ds_dist_str(DSD_FIPS_COUNTY, region, 3);
  a->zip = ds_city_hash(a->city);
  const char *prefix = ds_dist_str(DSD_FIPS_COUNTY, region, 5);
  if (prefix[0] == '0' && a->zip < 9400) a->zip += 600;
  a->zip += (prefix[0] - '0') * 10000;
  char buf[256];
  snprintf(buf, sizeof buf, "%d %s %s %s", a->street_num, a->street_name1, a->street_name2, a->street_type);
  a->plus4 = ds_city_hash(buf);
  a->gmt_offset = ds_dist_int(DSD_FIPS_COUNTY, region, 6);
}
