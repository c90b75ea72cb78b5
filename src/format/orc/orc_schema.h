/*
 * orc_schema.h - an Arrow struct schema as an ORC type tree: column 0 is the
 * struct, columns 1..n its fields in order, each one of the flat types this
 * writer handles.
 */
#ifndef TPCH_ORC_SCHEMA_H
#define TPCH_ORC_SCHEMA_H

#include <stdint.h>

#include "arrow/arrow_type.h"
#include "io/buf.h"
#include "orc_stats.h"
#include "tpch_error.h"

typedef struct orc_field {
  char *name;
  orc_type_kind kind;
  tpch_arrow_type arrow;
  int precision, scale; /* decimals */
} orc_field;

typedef struct orc_schema {
  int nfields;
  orc_field *fields;
  struct ArrowSchema arrow; /* own copy of the caller's schema, for tpch_arrow_check_batch */
} orc_schema;

/* Reads `schema`, a table schema as tpch_arrow_schema_check_table defines it
 * (TPCH_EINVAL or TPCH_EUNSUPPORTED otherwise); TPCH_EUNSUPPORTED names a
 * column whose type has no ORC mapping here. */
int orc_schema_build(orc_schema *s, const struct ArrowSchema *schema, tpch_error *err);

void orc_schema_free(orc_schema *s);

/* Appends the Footer's `types` entries (field 4 of Footer). */
int orc_schema_encode_types(const orc_schema *s, tpch_buf *b);

/* A number that differs between schemas the writer encodes differently. */
uint64_t orc_schema_fingerprint(const orc_schema *s);

#endif /* TPCH_ORC_SCHEMA_H */
