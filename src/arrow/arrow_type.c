#include "arrow_type.h"

#include <stdlib.h>
#include <string.h>

static int parse_decimal(const char *f, tpch_arrow_type *out) {
  /* "d:P,S" or "d:P,S,BITWIDTH" */
  char *end;
  long p = strtol(f + 2, &end, 10);
  if (*end != ',') return 0;
  long s = strtol(end + 1, &end, 10);
  long bits = 128;
  if (*end == ',') bits = strtol(end + 1, &end, 10);
  if (*end != '\0' || bits != 128 || p < 1 || p > 38 || s < 0 || s > p) return 0;
  out->kind = TPCH_ARROW_DECIMAL128;
  out->precision = (int)p;
  out->scale = (int)s;
  out->bit_width = 128;
  return 1;
}

int tpch_arrow_type_parse(const char *format, tpch_arrow_type *out, tpch_error *err) {
  static const struct {
    const char *fmt;
    tpch_arrow_kind kind;
    int bits;
  } simple[] = {
      {"b", TPCH_ARROW_BOOL, 1},       {"c", TPCH_ARROW_INT8, 8},      {"s", TPCH_ARROW_INT16, 16},
      {"i", TPCH_ARROW_INT32, 32},     {"l", TPCH_ARROW_INT64, 64},    {"f", TPCH_ARROW_FLOAT32, 32},
      {"g", TPCH_ARROW_FLOAT64, 64},   {"tdD", TPCH_ARROW_DATE32, 32}, {"u", TPCH_ARROW_UTF8, 0},
      {"U", TPCH_ARROW_LARGE_UTF8, 0}, {"z", TPCH_ARROW_BINARY, 0},    {"Z", TPCH_ARROW_LARGE_BINARY, 0},
      {"+s", TPCH_ARROW_STRUCT, 0},
  };
  memset(out, 0, sizeof *out);
  if (format == NULL) return tpch_error_set(err, TPCH_EINVAL, "schema has no format string");
  for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
    if (strcmp(format, simple[i].fmt) == 0) {
      out->kind = simple[i].kind;
      out->bit_width = simple[i].bits;
      return TPCH_OK;
    }
  }
  if (format[0] == 'd' && format[1] == ':' && parse_decimal(format, out)) return TPCH_OK;
  return tpch_error_set(err, TPCH_EUNSUPPORTED, "unsupported Arrow type '%s'", format);
}
