/*
 * orc_pb.h - the protobuf (proto2) wire format, write side only, as much as
 * ORC's footer, postscript, stripe footers, statistics and row indexes need.
 * Every function appends to a tpch_buf and returns TPCH_OK or TPCH_ENOMEM.
 * proto2 `optional` fields are emitted whenever the caller calls for them
 * (a zero is written, not skipped): ORC readers tell "absent" from "0".
 */
#ifndef TPCH_ORC_PB_H
#define TPCH_ORC_PB_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"

/* A base-128 varint. */
int orc_pb_varint(tpch_buf *b, uint64_t v);

/* uint32/uint64/bool/enum field. */
int orc_pb_uint(tpch_buf *b, uint32_t field, uint64_t v);

/* sint32/sint64 field (zigzag). */
int orc_pb_sint(tpch_buf *b, uint32_t field, int64_t v);

/* double field (64-bit little-endian). */
int orc_pb_double(tpch_buf *b, uint32_t field, double v);

/* bytes/string field with `n` bytes of payload. */
int orc_pb_bytes(tpch_buf *b, uint32_t field, const void *p, size_t n);

/* string field from a NUL-terminated string. */
int orc_pb_str(tpch_buf *b, uint32_t field, const char *s);

/* packed repeated uint64 field; omitted when n == 0. */
int orc_pb_packed(tpch_buf *b, uint32_t field, const uint64_t *v, size_t n);

/* A nested message: begin writes the key and returns a mark; the caller
 * appends the body; end inserts the body's length in front of it. */
int orc_pb_begin(tpch_buf *b, uint32_t field, size_t *mark);
int orc_pb_end(tpch_buf *b, size_t mark);

#endif /* TPCH_ORC_PB_H */
