#include "text_encoder.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_type.h"

#define MAX_COLS 64

struct tpch_text_encoder {
  tpch_text_dialect dialect;
  int ncols;
  tpch_arrow_type types[MAX_COLS];
  int digits[MAX_COLS];
  char *names[MAX_COLS];
};

static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static const uint64_t pow10_table[20] = {1ULL,
                                         10ULL,
                                         100ULL,
                                         1000ULL,
                                         10000ULL,
                                         100000ULL,
                                         1000000ULL,
                                         10000000ULL,
                                         100000000ULL,
                                         1000000000ULL,
                                         10000000000ULL,
                                         100000000000ULL,
                                         1000000000000ULL,
                                         10000000000000ULL,
                                         100000000000000ULL,
                                         1000000000000000ULL,
                                         10000000000000000ULL,
                                         100000000000000000ULL,
                                         1000000000000000000ULL,
                                         10000000000000000000ULL};

/* Decimal digits of v (1 for 0): log10 from the bit length, corrected. */
static int digits_u64(uint64_t v) {
  int bits = 64 - __builtin_clzll(v | 1);
  int t = (bits * 1233) >> 12;            /* 1233 / 4096 ~ log10(2) */
  return t + ((v | 1) >= pow10_table[t]); /* v | 1: zero has one digit */
}

/* Unsigned decimal, written back to front two digits per step (32-bit
 * arithmetic once the value fits). */
static int fmt_u64(char *dst, uint64_t v) {
  int n = digits_u64(v);
  char *p = dst + n;
  while (v > 0xFFFFFFFFu) {
    unsigned d = (unsigned)(v % 100) * 2;
    v /= 100;
    *--p = digit_pairs[d + 1];
    *--p = digit_pairs[d];
  }
  uint32_t w = (uint32_t)v;
  while (w >= 100) {
    unsigned d = (w % 100) * 2;
    w /= 100;
    *--p = digit_pairs[d + 1];
    *--p = digit_pairs[d];
  }
  if (w >= 10) {
    *--p = digit_pairs[w * 2 + 1];
    *--p = digit_pairs[w * 2];
  } else {
    *--p = (char)('0' + w);
  }
  return n;
}

int tpch_fmt_int(char *dst, int64_t v) {
  if (v >= 0) return fmt_u64(dst, (uint64_t)v);
  dst[0] = '-';
  return 1 + fmt_u64(dst + 1, (uint64_t)0 - (uint64_t)v);
}

int tpch_fmt_decimal(char *dst, int64_t unscaled, int scale, int digits) {
  int n = 0;
  uint64_t mag = unscaled < 0 ? (uint64_t)0 - (uint64_t)unscaled : (uint64_t)unscaled;
  if (scale > 18) scale = 18;
  if (digits < 0 || digits > scale) digits = scale;
  uint64_t ip, fp;
  if (scale == 2) { /* the common case: division by a constant */
    ip = mag / 100;
    fp = mag % 100;
  } else {
    ip = mag / pow10_table[scale];
    fp = mag % pow10_table[scale];
  }
  if (unscaled < 0) dst[n++] = '-';
  n += fmt_u64(dst + n, ip);
  if (digits > 0) {
    dst[n++] = '.';
    if (digits < scale) fp /= pow10_table[scale - digits];
    if (digits == 2) {
      dst[n] = digit_pairs[fp * 2];
      dst[n + 1] = digit_pairs[fp * 2 + 1];
    } else {
      for (int i = digits - 1; i >= 0; i--) {
        dst[n + i] = (char)('0' + fp % 10);
        fp /= 10;
      }
    }
    n += digits;
  }
  return n;
}

/* Days since 1970-01-01 to a proleptic Gregorian calendar date. */
static int civil_date(char *dst, int32_t days) {
  int64_t z = (int64_t)days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  int n = 0;
  if (y < 0 || y > 9999) {
    n = tpch_fmt_int(dst, y); /* outside 0000-9999: as many digits as it takes */
  } else {
    dst[n++] = (char)('0' + y / 1000);
    dst[n++] = (char)('0' + y / 100 % 10);
    dst[n++] = (char)('0' + y / 10 % 10);
    dst[n++] = (char)('0' + y % 10);
  }
  dst[n++] = '-';
  dst[n++] = digit_pairs[m * 2];
  dst[n++] = digit_pairs[m * 2 + 1];
  dst[n++] = '-';
  dst[n++] = digit_pairs[d * 2];
  dst[n++] = digit_pairs[d * 2 + 1];
  return n;
}

/* Dates of 1900-2099 as text, built once per process and read-only after:
 * a 10-byte copy instead of the calendar arithmetic for every value. */
#define DATE_FIRST (-25567) /* 1900-01-01 */
#define DATE_LAST 47481     /* 2099-12-31 */
static char (*date_text)[10];
static pthread_once_t date_once = PTHREAD_ONCE_INIT;

static void build_date_text(void) {
  char(*t)[10] = malloc((size_t)(DATE_LAST - DATE_FIRST + 1) * sizeof *t);
  if (t == NULL) return; /* then every date takes the slow path */
  for (int32_t d = DATE_FIRST; d <= DATE_LAST; d++)
    civil_date(t[d - DATE_FIRST], d);
  date_text = t;
}

int tpch_fmt_date(char *dst, int32_t days) {
  if (days >= DATE_FIRST && days <= DATE_LAST && date_text) {
    memcpy(dst, date_text[days - DATE_FIRST], 10);
    return 10;
  }
  return civil_date(dst, days);
}

int tpch_text_encoder_create(tpch_text_encoder **out, const struct ArrowSchema *schema,
                             tpch_text_dialect dialect, const int *decimal_digits, tpch_error *err) {
  *out = NULL;
  if (schema == NULL || schema->format == NULL || strcmp(schema->format, "+s") != 0)
    return tpch_error_set(err, TPCH_EINVAL, "text encoder needs a struct schema");
  if (schema->n_children > MAX_COLS)
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "more than %d columns", MAX_COLS);
  pthread_once(&date_once, build_date_text);
  tpch_text_encoder *e = calloc(1, sizeof *e);
  if (e == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  e->dialect = dialect;
  e->ncols = (int)schema->n_children;
  for (int i = 0; i < e->ncols; i++) {
    const struct ArrowSchema *c = schema->children[i];
    int rc = tpch_arrow_type_parse(c->format, &e->types[i], err);
    if (rc == TPCH_OK && (e->types[i].kind == TPCH_ARROW_STRUCT || e->types[i].kind == TPCH_ARROW_FLOAT32 ||
                          (e->types[i].kind == TPCH_ARROW_DECIMAL128 && e->types[i].precision > 18)))
      rc = tpch_error_set(err, TPCH_EUNSUPPORTED, "text output cannot write column '%s' of type %s",
                          c->name ? c->name : "?", c->format);
    e->digits[i] = decimal_digits ? decimal_digits[i] : -1;
    e->names[i] = strdup(c->name ? c->name : "");
    if (rc == TPCH_OK && e->names[i] == NULL) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    if (rc != TPCH_OK) {
      tpch_text_encoder_destroy(e);
      return rc;
    }
  }
  *out = e;
  return TPCH_OK;
}

void tpch_text_encoder_destroy(tpch_text_encoder *e) {
  if (e == NULL) return;
  for (int i = 0; i < e->ncols; i++)
    free(e->names[i]);
  free(e);
}

/* Nonzero when some byte of x is c (exact about "some", not about which). */
static uint64_t has_byte(uint64_t x, unsigned char c) {
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  uint64_t y = x ^ (ones * c);
  return (y - ones) & ~y & highs;
}

/* Eight bytes a step: most fields need no quotes and are read once. */
static int needs_quotes(const char *s, int64_t n) {
  if (n == 0) return 1; /* "" : an empty string, where an empty field is NULL */
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    memcpy(&x, s + i, 8);
    if (has_byte(x, ',') | has_byte(x, '"') | has_byte(x, '\n') | has_byte(x, '\r')) return 1;
  }
  for (; i < n; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') return 1;
  return 0;
}

/* Appends a CSV field with RFC 4180 quoting; `p` has room for 2n + 2 bytes. */
static char *put_csv_string(char *p, const char *s, int64_t n) {
  if (!needs_quotes(s, n)) {
    memcpy(p, s, (size_t)n);
    return p + n;
  }
  *p++ = '"';
  for (int64_t i = 0; i < n; i++) {
    if (s[i] == '"') *p++ = '"';
    *p++ = s[i];
  }
  *p++ = '"';
  return p;
}

int tpch_text_encoder_header(tpch_text_encoder *e, tpch_buf *out, tpch_error *err) {
  if (e->dialect != TPCH_TEXT_CSV) return TPCH_OK;
  for (int i = 0; i < e->ncols; i++) {
    size_t n = strlen(e->names[i]);
    if (tpch_buf_reserve(out, 2 * n + 4) != TPCH_OK) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    char *p = (char *)out->data + out->len;
    char *end = put_csv_string(p, e->names[i], (int64_t)n);
    *end++ = i + 1 < e->ncols ? ',' : '\n';
    out->len += (size_t)(end - p);
  }
  return TPCH_OK;
}

/* Rows encoded per buffer reservation. */
#define BLOCK_ROWS 1024

/* Upper bound of the text of rows [start, end) of the batch: 24 bytes per
 * number or date, 40 per double, 2n + 3 per string of n bytes (CSV quoting
 * doubles quotes), the separators and newlines included. */
static size_t block_bound(const tpch_text_encoder *e, const struct ArrowArray *batch, int64_t start,
                          int64_t end) {
  size_t rows = (size_t)(end - start), n = rows;
  for (int i = 0; i < e->ncols; i++) {
    const struct ArrowArray *c = batch->children[i];
    int64_t a = start + batch->offset + c->offset, z = end + batch->offset + c->offset;
    switch (e->types[i].kind) {
    case TPCH_ARROW_UTF8:
    case TPCH_ARROW_BINARY: {
      const int32_t *o = c->buffers[1];
      n += 2 * (size_t)(o[z] - o[a]) + 3 * rows;
      break;
    }
    case TPCH_ARROW_LARGE_UTF8:
    case TPCH_ARROW_LARGE_BINARY: {
      const int64_t *o = c->buffers[1];
      n += 2 * (size_t)(o[z] - o[a]) + 3 * rows;
      break;
    }
    case TPCH_ARROW_FLOAT64: n += 40 * rows; break;
    default: n += 24 * rows; break;
    }
  }
  return n;
}

static char *put_value(const tpch_text_encoder *e, int i, const struct ArrowArray *c, int64_t r, char *p) {
  const tpch_arrow_type *t = &e->types[i];
  switch (t->kind) {
  case TPCH_ARROW_INT64: return p + tpch_fmt_int(p, ((const int64_t *)c->buffers[1])[r]);
  case TPCH_ARROW_INT32: return p + tpch_fmt_int(p, ((const int32_t *)c->buffers[1])[r]);
  case TPCH_ARROW_INT16: return p + tpch_fmt_int(p, ((const int16_t *)c->buffers[1])[r]);
  case TPCH_ARROW_INT8: return p + tpch_fmt_int(p, ((const int8_t *)c->buffers[1])[r]);
  case TPCH_ARROW_BOOL: *p = tpch_arrow_bit(c->buffers[1], r) ? '1' : '0'; return p + 1;
  case TPCH_ARROW_DECIMAL128: {
    int64_t v;
    memcpy(&v, (const uint8_t *)c->buffers[1] + 16 * r, 8); /* precision <= 18: the low word */
    return p + tpch_fmt_decimal(p, v, t->scale, e->digits[i]);
  }
  case TPCH_ARROW_DATE32: return p + tpch_fmt_date(p, ((const int32_t *)c->buffers[1])[r]);
  case TPCH_ARROW_FLOAT64: return p + snprintf(p, 40, "%.17g", ((const double *)c->buffers[1])[r]);
  case TPCH_ARROW_UTF8:
  case TPCH_ARROW_BINARY: {
    const int32_t *o = c->buffers[1];
    const char *s = (const char *)c->buffers[2] + o[r];
    int64_t n = o[r + 1] - o[r];
    if (e->dialect == TPCH_TEXT_CSV) return put_csv_string(p, s, n);
    memcpy(p, s, (size_t)n);
    return p + n;
  }
  case TPCH_ARROW_LARGE_UTF8:
  case TPCH_ARROW_LARGE_BINARY: {
    const int64_t *o = c->buffers[1];
    const char *s = (const char *)c->buffers[2] + o[r];
    int64_t n = o[r + 1] - o[r];
    if (e->dialect == TPCH_TEXT_CSV) return put_csv_string(p, s, n);
    memcpy(p, s, (size_t)n);
    return p + n;
  }
  default: return p;
  }
}

int tpch_text_encoder_encode(tpch_text_encoder *e, const struct ArrowArray *batch, tpch_buf *out,
                             tpch_error *err) {
  if (batch == NULL || batch->n_children != e->ncols)
    return tpch_error_set(err, TPCH_ESCHEMA, "batch does not match the encoder's columns");
  char sep = e->dialect == TPCH_TEXT_CSV ? ',' : '|';
  int trailing = e->dialect == TPCH_TEXT_TBL;
  /* validity bitmaps looked up once: NULL when the column has no NULLs */
  const uint8_t *valid[MAX_COLS];
  for (int i = 0; i < e->ncols; i++) {
    const struct ArrowArray *c = batch->children[i];
    valid[i] = c->null_count != 0 ? (const uint8_t *)c->buffers[0] : NULL;
  }
  for (int64_t start = 0; start < batch->length; start += BLOCK_ROWS) {
    int64_t end = start + BLOCK_ROWS < batch->length ? start + BLOCK_ROWS : batch->length;
    if (tpch_buf_reserve(out, block_bound(e, batch, start, end)) != TPCH_OK)
      return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    char *p = (char *)out->data + out->len;
    for (int64_t row = start; row < end; row++) {
      for (int i = 0; i < e->ncols; i++) {
        const struct ArrowArray *c = batch->children[i];
        int64_t r = row + batch->offset + c->offset;
        if (valid[i] == NULL || tpch_arrow_bit(valid[i], r)) p = put_value(e, i, c, r, p);
        if (trailing || i + 1 < e->ncols) *p++ = sep;
      }
      *p++ = '\n';
    }
    out->len = (size_t)(p - (char *)out->data);
  }
  return TPCH_OK;
}
