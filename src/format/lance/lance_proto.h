/*
 * lance_proto.h - Lance's protobuf (proto3) policy on top of the shared wire
 * format (format/common/protobuf.h, which also holds the reader Lance uses
 * for existing manifests).
 *
 * Encoding follows what lance's own writer (prost) emits, so the bytes can be
 * compared with lance's: scalars equal to their default are omitted (the
 * functions below), while sub-messages are always emitted, even when empty
 * (lance's readers unwrap them and treat a missing one as corrupt), and
 * proto3 `optional` scalars are written with tpch_pb_uint even when 0.
 * Each returns TPCH_OK or TPCH_ENOMEM.
 */
#ifndef TPCH_LANCE_PROTO_H
#define TPCH_LANCE_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "format/common/protobuf.h"
#include "tpch_error.h"

/* uint32/uint64/bool/enum field; omitted when v == 0. */
static inline int lance_pb_uint(tpch_buf *b, uint32_t field, uint64_t v) {
  return v == 0 ? TPCH_OK : tpch_pb_uint(b, field, v);
}

/* int32/int64 field (negative values sign-extended); omitted when v == 0. */
static inline int lance_pb_int(tpch_buf *b, uint32_t field, int64_t v) {
  return v == 0 ? TPCH_OK : tpch_pb_int(b, field, v);
}

/* string field; omitted when empty (or NULL). */
static inline int lance_pb_str(tpch_buf *b, uint32_t field, const char *s) {
  return (s == NULL || s[0] == '\0') ? TPCH_OK : tpch_pb_str(b, field, s);
}

#endif /* TPCH_LANCE_PROTO_H */
