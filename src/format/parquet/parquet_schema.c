/* parquet_schema.c - from an Arrow struct schema and writer options to the
 * writer's own column descriptions, with every check done up front. */
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "parquet_internal.h"

#define PQ_PAGE_ROWS_CAP ((int64_t)1 << 20)
#define PQ_MAX_PAGE_BYTES ((int64_t)1 << 30)

void tpch_parquet_writer_options_init(tpch_parquet_writer_options *o) {
  if (o != NULL) memset(o, 0, sizeof *o);
}

/* Smallest two's-complement width holding every value of `precision` digits. */
static int decimal_bytes(int precision) {
  static const uint8_t bytes[39] = {1,  1,  1,  2,  2,  3,  3,  4,  4,  4,  5,  5,  6,
                                    6,  6,  7,  7,  8,  8,  9,  9,  9,  10, 10, 11, 11,
                                    11, 12, 12, 13, 13, 13, 14, 14, 15, 15, 16, 16, 16};
  return precision >= 0 && precision <= 38 ? bytes[precision] : 16;
}

/* Fills the Parquet side of `c` from its Arrow type; 0 if unsupported. */
static int map_type(pq_coldesc *c) {
  c->converted = PQ_CT_NONE;
  c->logical = PQ_LT_NONE;
  c->legacy_stats = 1;
  switch (c->arrow.kind) {
  case TPCH_ARROW_BOOL: c->phys = PQ_BOOLEAN, c->order = PQ_ORDER_BOOL, c->value_width = 1; return 1;
  case TPCH_ARROW_INT32:
    c->phys = PQ_INT32, c->order = PQ_ORDER_I32, c->value_width = 4;
    c->converted = PQ_CT_INT_32, c->logical = PQ_LT_INTEGER;
    return 1;
  case TPCH_ARROW_INT64: c->phys = PQ_INT64, c->order = PQ_ORDER_I64, c->value_width = 8; return 1;
  case TPCH_ARROW_FLOAT64: c->phys = PQ_DOUBLE, c->order = PQ_ORDER_F64, c->value_width = 8; return 1;
  case TPCH_ARROW_DATE32:
    c->phys = PQ_INT32, c->order = PQ_ORDER_I32, c->value_width = 4;
    c->converted = PQ_CT_DATE, c->logical = PQ_LT_DATE;
    return 1;
  case TPCH_ARROW_DECIMAL128:
    c->converted = PQ_CT_DECIMAL, c->logical = PQ_LT_DECIMAL;
    if (c->arrow.precision <= 18) {
      c->phys = PQ_INT64, c->order = PQ_ORDER_I64, c->value_width = 8;
    } else {
      c->phys = PQ_FLBA, c->order = PQ_ORDER_DECIMAL_BE, c->legacy_stats = 0;
      c->type_length = c->value_width = decimal_bytes(c->arrow.precision);
    }
    return 1;
  case TPCH_ARROW_UTF8:
  case TPCH_ARROW_LARGE_UTF8: c->converted = PQ_CT_UTF8, c->logical = PQ_LT_STRING; /* fall through */
  case TPCH_ARROW_BINARY:
  case TPCH_ARROW_LARGE_BINARY:
    c->phys = PQ_BYTE_ARRAY, c->order = PQ_ORDER_BYTES, c->legacy_stats = 0, c->value_width = 0;
    return 1;
  default: return 0;
  }
}

/* Replaces every 0 ("the default") in `o` by the default's value, then
 * checks the result. */
static int resolve_options(tpch_parquet_writer_options *o, int ncols, tpch_error *err) {
  if (o->compression == TPCH_PARQUET_COMPRESSION_DEFAULT) o->compression = TPCH_PARQUET_COMPRESSION_ZSTD;
  if (o->compression_level == 0) o->compression_level = TPCH_PARQUET_DEFAULT_ZSTD_LEVEL;
  if (o->row_group_bytes == 0) o->row_group_bytes = TPCH_PARQUET_DEFAULT_ROW_GROUP_BYTES;
  if (o->page_bytes == 0) o->page_bytes = TPCH_PARQUET_DEFAULT_PAGE_BYTES;
  if (o->data_page_version == 0) o->data_page_version = 1;
  if (o->dictionary_max_bytes == 0) o->dictionary_max_bytes = TPCH_PARQUET_DEFAULT_DICTIONARY_MAX_BYTES;
  if (o->mode != TPCH_WRITE_CREATE && o->mode != TPCH_WRITE_OVERWRITE)
    return tpch_error_set(err, o->mode == TPCH_WRITE_APPEND ? TPCH_EUNSUPPORTED : TPCH_EINVAL,
                          "a Parquet file cannot be written in mode %d (only create or overwrite)",
                          (int)o->mode);
  if (o->compression != TPCH_PARQUET_COMPRESSION_NONE && o->compression != TPCH_PARQUET_COMPRESSION_SNAPPY &&
      o->compression != TPCH_PARQUET_COMPRESSION_ZSTD)
    return tpch_error_set(err, TPCH_EINVAL, "unknown Parquet compression %d", (int)o->compression);
  if (o->compression == TPCH_PARQUET_COMPRESSION_ZSTD &&
      (o->compression_level < ZSTD_minCLevel() || o->compression_level > ZSTD_maxCLevel()))
    return tpch_error_set(err, TPCH_EINVAL, "zstd level %d is outside %d..%d", o->compression_level,
                          ZSTD_minCLevel(), ZSTD_maxCLevel());
  if (o->row_group_rows < 0 || o->row_group_bytes < 0)
    return tpch_error_set(err, TPCH_EINVAL,
                          "row group sizes must not be negative (row_group_rows %lld, "
                          "row_group_bytes %lld)",
                          (long long)o->row_group_rows, (long long)o->row_group_bytes);
  if (o->page_bytes <= 0 || o->page_bytes > PQ_MAX_PAGE_BYTES)
    return tpch_error_set(err, TPCH_EINVAL, "page_bytes %lld is outside 1..%lld", (long long)o->page_bytes,
                          (long long)PQ_MAX_PAGE_BYTES);
  if (o->page_rows < 0) return tpch_error_set(err, TPCH_EINVAL, "page_rows must not be negative");
  if (o->data_page_version != 1 && o->data_page_version != 2)
    return tpch_error_set(err, TPCH_EINVAL, "data_page_version must be 1 or 2, not %d", o->data_page_version);
  if (o->dictionary_max_bytes < 0 || o->dictionary_max_bytes > PQ_MAX_PAGE_BYTES)
    return tpch_error_set(err, TPCH_EINVAL, "dictionary_max_bytes %lld is outside 1..%lld",
                          (long long)o->dictionary_max_bytes, (long long)PQ_MAX_PAGE_BYTES);
  if (o->sorted && (o->sort_column < 0 || o->sort_column >= ncols))
    return tpch_error_set(err, TPCH_EINVAL, "sort_column %lld is not a column index (0..%d)",
                          (long long)o->sort_column, ncols - 1);
  return TPCH_OK;
}

static int copy_kv(pq_schema *s, const char *const *kv, tpch_error *err) {
  size_t n = 0;
  while (kv[n] != NULL) {
    if (kv[n + 1] == NULL)
      return tpch_error_set(err, TPCH_EINVAL, "kv_metadata key '%s' has no value", kv[n]);
    n += 2;
  }
  s->kv = calloc(n + 1, sizeof *s->kv);
  if (s->kv == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++)
    if ((s->kv[i] = strdup(kv[i])) == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  s->opts.kv_metadata = (const char *const *)s->kv;
  return TPCH_OK;
}

static int build_column(pq_schema *s, int i, const struct ArrowSchema *cs, tpch_error *err) {
  pq_coldesc *c = &s->cols[i];
  const char *name = cs->name;
  tpch_error terr;
  if (tpch_arrow_type_parse(cs->format, &c->arrow, &terr) != TPCH_OK || !map_type(c))
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "column '%s': Arrow type '%s' cannot be written to Parquet",
                          name, cs->format ? cs->format : "(null)");
  c->name = strdup(name);
  if (c->name == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  c->nullable = (cs->flags & ARROW_FLAG_NULLABLE) != 0;
  if (s->field_ids) c->has_field_id = 1, c->field_id = s->field_ids[i];
  return TPCH_OK;
}

static int build(pq_schema *s, const struct ArrowSchema *schema, const tpch_parquet_writer_options *opts,
                 tpch_error *err) {
  int rc = tpch_arrow_schema_check_table(schema, 32767, err);
  if (rc != TPCH_OK) return rc;
  s->ncols = (int)schema->n_children;
  if (opts)
    s->opts = *opts;
  else
    tpch_parquet_writer_options_init(&s->opts);
  s->opts.field_ids = NULL;
  s->opts.kv_metadata = NULL;
  rc = resolve_options(&s->opts, s->ncols, err);
  if (rc != TPCH_OK) return rc;
  s->cols = calloc((size_t)s->ncols, sizeof *s->cols);
  if (s->cols == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (opts && opts->field_ids) {
    s->field_ids = malloc((size_t)s->ncols * sizeof *s->field_ids);
    if (s->field_ids == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    memcpy(s->field_ids, opts->field_ids, (size_t)s->ncols * sizeof *s->field_ids);
    s->opts.field_ids = s->field_ids;
  }
  if (opts && opts->kv_metadata && (rc = copy_kv(s, opts->kv_metadata, err)) != TPCH_OK) return rc;
  for (int i = 0; i < s->ncols; i++)
    if ((rc = build_column(s, i, schema->children[i], err)) != TPCH_OK) return rc;
  if ((rc = tpch_arrow_schema_copy(&s->arrow, schema, err)) != TPCH_OK) return rc;
  s->page_rows_cap =
      s->opts.page_rows > 0 && s->opts.page_rows < PQ_PAGE_ROWS_CAP ? s->opts.page_rows : PQ_PAGE_ROWS_CAP;
  return TPCH_OK;
}

int pq_schema_build(pq_schema *s, const struct ArrowSchema *schema, const tpch_parquet_writer_options *opts,
                    tpch_error *err) {
  memset(s, 0, sizeof *s);
  int rc = build(s, schema, opts, err);
  if (rc != TPCH_OK) pq_schema_free(s);
  return rc;
}

void pq_schema_free(pq_schema *s) {
  for (int i = 0; s->cols && i < s->ncols; i++)
    free(s->cols[i].name);
  if (s->kv)
    for (size_t i = 0; s->kv[i]; i++)
      free(s->kv[i]);
  free(s->kv);
  free(s->field_ids);
  free(s->cols);
  if (s->arrow.release) s->arrow.release(&s->arrow);
  memset(s, 0, sizeof *s);
}

int32_t pq_codec(tpch_parquet_compression c) {
  switch (c) {
  case TPCH_PARQUET_COMPRESSION_SNAPPY: return 1;
  case TPCH_PARQUET_COMPRESSION_NONE: return 0;
  default: return 6; /* ZSTD */
  }
}

static uint64_t mix(uint64_t h, int64_t v) {
  h ^= (uint64_t)v;
  return h * 0x100000001B3ull;
}

uint64_t pq_schema_fingerprint(const pq_schema *s) {
  uint64_t h = 0xCBF29CE484222325ull;
  const tpch_parquet_writer_options *o = &s->opts;
  h = mix(h, s->ncols);
  for (int i = 0; i < s->ncols; i++) {
    const pq_coldesc *c = &s->cols[i];
    h = mix(h, c->phys), h = mix(h, c->type_length), h = mix(h, c->nullable);
    h = mix(h, c->converted), h = mix(h, c->arrow.precision), h = mix(h, c->arrow.scale);
  }
  h = mix(h, o->compression), h = mix(h, o->compression_level), h = mix(h, o->data_page_version);
  h = mix(h, o->no_dictionary), h = mix(h, o->dictionary_max_bytes), h = mix(h, o->page_bytes);
  h = mix(h, s->page_rows_cap), h = mix(h, o->no_page_index);
  return h;
}
