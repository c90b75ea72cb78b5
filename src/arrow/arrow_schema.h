/*
 * arrow_schema.h - checks and copies of the flat table schemas the writers
 * take: a "+s" struct schema whose children are the columns.
 */
#ifndef TPCH_ARROW_SCHEMA_H
#define TPCH_ARROW_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "tpch_arrow.h"
#include "tpch_error.h"

/*
 * Checks that `schema` describes a table every writer can take: a struct
 * ("+s") with 1..max_columns children, each one a column with a non-empty
 * name that is valid UTF-8 and not used by another column, a type that
 * tpch_arrow_type_parse knows and that is not a struct, no dictionary and
 * no children. Whether a writer handles the type is the writer's own check.
 * TPCH_OK, TPCH_EINVAL (structure, names) or TPCH_EUNSUPPORTED (types,
 * dictionaries) with a message naming the column.
 */
int tpch_arrow_schema_check_table(const struct ArrowSchema *schema, int64_t max_columns, tpch_error *err);

/*
 * Deep-copies `src` into `dst`: format, name, flags and children,
 * recursively (metadata is not copied: no writer reads it);
 * `dst->release` frees the copy and sets release to NULL.
 * Dictionary-encoded schemas are refused (TPCH_EUNSUPPORTED). On failure
 * `dst` holds nothing (release is NULL). TPCH_OK, TPCH_EINVAL, TPCH_ENOMEM.
 */
int tpch_arrow_schema_copy(struct ArrowSchema *dst, const struct ArrowSchema *src, tpch_error *err);

/*
 * Makes `out` a flat table schema ("+s", name "") of n columns: column i is
 * names[i] in Arrow format formats[i], nullable when `nullable` is not NULL
 * and nullable[i] is not 0. The strings are copied; out->release frees it
 * all. The one schema exporter of the TPC-H and TPC-DS generators. On
 * failure out->release is NULL. TPCH_OK, TPCH_EINVAL, TPCH_ENOMEM.
 */
int tpch_arrow_schema_table(struct ArrowSchema *out, int64_t n, const char *const *names,
                            const char *const *formats, const int *nullable, tpch_error *err);

/*
 * TPCH_OK when `got` describes the same table as `want`: the same number of
 * columns with the same names, formats and nullability, in order.
 * TPCH_ESCHEMA naming the first difference otherwise.
 */
int tpch_arrow_schema_equal(const struct ArrowSchema *want, const struct ArrowSchema *got, tpch_error *err);

/* 1 if the `len` bytes at `s` are well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
int tpch_utf8_valid(const char *s, size_t len);

#endif /* TPCH_ARROW_SCHEMA_H */
