/*
 * lance_schema.h - the writer's own copy of a flat Arrow schema, with each
 * column's Lance logical type and page layout, plus the lance.file.Field
 * encoding shared by data files, manifests and transactions.
 */
#ifndef TPCH_LANCE_SCHEMA_H
#define TPCH_LANCE_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "arrow/arrow_batch.h"
#include "arrow/arrow_type.h"
#include "io/buf.h"
#include "tpch_arrow.h"
#include "tpch_error.h"

typedef struct lance_column_def {
  char *name;
  tpch_arrow_type type;
  int nullable;
  char logical[40]; /* Lance logical type, e.g. "decimal:128:15:2" */
  int bits;         /* bits per value of fixed-width columns (1 = bitmap); 0 = variable */
  int offset_bytes; /* variable-width columns: 4 or 8 (Arrow offset width) */
} lance_column_def;

typedef struct lance_schema {
  size_t n;
  lance_column_def *cols;
  /* A copy of the caller's schema owned by this struct, so batches can be
   * checked with tpch_arrow_check_batch after the caller's schema is gone. */
  struct ArrowSchema arrow;
} lance_schema;

/*
 * Copies `a` (a struct "+s" schema of flat columns) into `s`. Errors:
 * TPCH_EINVAL for a malformed schema (no columns, unnamed or duplicate
 * columns), TPCH_EUNSUPPORTED naming the column and type for a type Lance
 * writing does not handle here (nested, dictionary, ...). On error `s` holds
 * nothing to free; on success free it with lance_schema_free.
 */
int lance_schema_from_arrow(lance_schema *s, const struct ArrowSchema *a, tpch_error *err);

/* Frees what lance_schema_from_arrow allocated; safe on a zeroed struct. */
void lance_schema_free(lance_schema *s);

/* TPCH_OK when `a` has the same column names, types and nullability as `s`;
 * TPCH_ESCHEMA naming the first difference otherwise. No allocation. */
int lance_schema_match_arrow(const lance_schema *s, const struct ArrowSchema *a, tpch_error *err);

/* Appends every column as a repeated lance.file.Field (field number
 * `field_no` of the enclosing message), ids 0..n-1, top level. */
int lance_schema_encode_fields(const lance_schema *s, tpch_buf *b, uint32_t field_no);

#endif /* TPCH_LANCE_SCHEMA_H */
