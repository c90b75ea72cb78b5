#include "ds_core.h"

#include <stdlib.h>
#include <strings.h>

int64_t ds_stream_initial(int stream) { return DS_RNG_SEED + (int64_t)stream * (DS_MAXINT / DS_MAX_COLUMN); }

void ds_rng_init(ds_rng *r) {
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
  for (int i = first; i <= last; i++) ds_stream_skip(r, i, (row - 1) * ds_streams[i].per_row);
}

int ds_row_end(ds_rng *r, int first, int last) {
  int over = 0;
  for (int i = first; i <= last; i++) {
    int per = ds_streams[i].per_row;
    if (r->used[i] > per) over = 1;
    while (r->used[i] < per) ds_next(r, i);
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

int ds_day_number(const ds_date *d) { return m_days[ds_is_leap(d->year)][d->month] + d->day; }

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
  while (res < 0) res += 7;
  while (res > 6) res -= 7;
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
