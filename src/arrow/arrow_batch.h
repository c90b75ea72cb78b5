/*
 * arrow_batch.h - the one validation of an incoming Arrow batch, shared by
 * every writer and done once per batch, so the encoders' hot loops can trust
 * what they read.
 */
#ifndef TPCH_ARROW_BATCH_H
#define TPCH_ARROW_BATCH_H

#include "tpch_arrow.h"
#include "tpch_error.h"

/* The longest single string or binary value a writer accepts (1 GiB). */
#define TPCH_ARROW_MAX_VALUE_BYTES ((int64_t)1 << 30)

/*
 * Checks that `array` is a batch of the flat table `schema` (a "+s" struct
 * schema already accepted by tpch_arrow_schema_check_table) that a writer can
 * read without going out of bounds, with overflow-safe arithmetic:
 *  - the struct: not released, not dictionary-encoded, non-negative length
 *    and offset whose sum fits, one child per column, no null rows;
 *  - each column: present, not dictionary-encoded, no children, the buffer
 *    count its type needs, non-negative offset and length, long enough to
 *    cover the struct's rows, data buffers present, a validity bitmap when it
 *    says it has nulls, no nulls in a non-nullable column;
 *  - strings and binaries: the offsets of the rows in use start at >= 0 and
 *    never decrease, and no value is longer than TPCH_ARROW_MAX_VALUE_BYTES.
 * Buffer sizes are not part of the C Data Interface, so they cannot be
 * checked: the offsets and lengths are the caller's promise about them.
 * Returns TPCH_OK; TPCH_EINVAL for a malformed array (bad lengths, offsets,
 * bitmaps), TPCH_ESCHEMA when it does not match `schema`, TPCH_EUNSUPPORTED
 * for dictionary-encoded columns and null rows of the struct, each with a
 * message naming the column.
 */
int tpch_arrow_check_batch(const struct ArrowSchema *schema, const struct ArrowArray *array, tpch_error *err);

#endif /* TPCH_ARROW_BATCH_H */
