/*
 * arrow_type.h - reading Arrow C Data Interface format strings and buffers.
 * Shared by the writers so each does not parse "d:15,2" on its own.
 */
#ifndef TPCH_ARROW_TYPE_H
#define TPCH_ARROW_TYPE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tpch_arrow.h"
#include "tpch_error.h"

typedef enum tpch_arrow_kind {
  TPCH_ARROW_UNSUPPORTED = 0,
  TPCH_ARROW_BOOL,         /* "b" */
  TPCH_ARROW_INT8,         /* "c" */
  TPCH_ARROW_INT16,        /* "s" */
  TPCH_ARROW_INT32,        /* "i" */
  TPCH_ARROW_INT64,        /* "l" */
  TPCH_ARROW_FLOAT32,      /* "f" */
  TPCH_ARROW_FLOAT64,      /* "g" */
  TPCH_ARROW_DECIMAL128,   /* "d:P,S" or "d:P,S,128" */
  TPCH_ARROW_DATE32,       /* "tdD" */
  TPCH_ARROW_UTF8,         /* "u"  (int32 offsets) */
  TPCH_ARROW_LARGE_UTF8,   /* "U"  (int64 offsets) */
  TPCH_ARROW_BINARY,       /* "z" */
  TPCH_ARROW_LARGE_BINARY, /* "Z" */
  TPCH_ARROW_STRUCT        /* "+s" */
} tpch_arrow_kind;

typedef struct tpch_arrow_type {
  tpch_arrow_kind kind;
  int precision; /* decimal only */
  int scale;     /* decimal only */
  int bit_width; /* fixed-width kinds: 1, 8, 16, 32, 64 or 128; 0 otherwise */
} tpch_arrow_type;

/*
 * Parses an Arrow format string. Returns TPCH_OK, or TPCH_EUNSUPPORTED with a
 * message naming the format when it is not one of the kinds above.
 */
int tpch_arrow_type_parse(const char *format, tpch_arrow_type *out, tpch_error *err);

/* Bit `i` of an Arrow validity/boolean bitmap (LSB first). */
static inline int tpch_arrow_bit(const uint8_t *bitmap, int64_t i) {
  return (bitmap[i >> 3] >> (i & 7)) & 1;
}

/* Entry i of a string/binary offsets buffer of `width` bytes (4 for "u"/"z",
 * 8 for "U"/"Z"), read without alignment assumptions. */
static inline int64_t tpch_arrow_offset_at(const void *offsets, int width, int64_t i) {
  if (width == 4) {
    int32_t v;
    memcpy(&v, (const uint8_t *)offsets + i * 4, 4);
    return v;
  }
  int64_t v;
  memcpy(&v, (const uint8_t *)offsets + i * 8, 8);
  return v;
}

/* 1 if slot i of `a` (honouring a->offset) is valid (not null). */
static inline int tpch_arrow_is_valid(const struct ArrowArray *a, int64_t i) {
  const uint8_t *v = (const uint8_t *)a->buffers[0];
  return (a->null_count == 0 || v == NULL) ? 1 : tpch_arrow_bit(v, a->offset + i);
}

#endif /* TPCH_ARROW_TYPE_H */
