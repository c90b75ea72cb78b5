/*
 * lance_proto.h - the protobuf (proto3) wire format, as much of it as a Lance
 * writer needs: an encoder that appends to a tpch_buf and a small pull
 * decoder used to read an existing manifest.
 *
 * Encoding follows what lance's own writer (prost) emits, so the bytes can be
 * compared with lance's: scalars equal to their default are omitted, while
 * sub-messages are always emitted, even when empty (lance's readers unwrap
 * them and treat a missing one as corrupt).
 */
#ifndef TPCH_LANCE_PROTO_H
#define TPCH_LANCE_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"

enum { LANCE_PB_VARINT = 0, LANCE_PB_I64 = 1, LANCE_PB_LEN = 2, LANCE_PB_I32 = 5 };

/* ---- encoder: each returns TPCH_OK or TPCH_ENOMEM ------------------------ */

/* A base-128 varint (1..10 bytes). */
static inline int lance_pb_varint(tpch_buf *b, uint64_t v) {
  return tpch_buf_put_uvarint(b, v);
}

/* The key of field `field` with wire type `wire`. */
int lance_pb_tag(tpch_buf *b, uint32_t field, int wire);

/* uint32/uint64/bool/enum field; omitted when v == 0. */
int lance_pb_uint(tpch_buf *b, uint32_t field, uint64_t v);

/* As lance_pb_uint but emitted even when 0 (proto3 `optional` fields). */
int lance_pb_uint_always(tpch_buf *b, uint32_t field, uint64_t v);

/* int32/int64 field; negative values are sign-extended to 64 bits, which
 * makes -1 a 10-byte varint as protobuf requires. Omitted when v == 0. */
int lance_pb_int(tpch_buf *b, uint32_t field, int64_t v);

/* Length-delimited field with `n` bytes of payload; always emitted. */
int lance_pb_bytes(tpch_buf *b, uint32_t field, const void *p, size_t n);

/* string field; omitted when empty (or NULL). */
int lance_pb_str(tpch_buf *b, uint32_t field, const char *s);

/* packed repeated varint field (uint64 values, or int32 values already
 * sign-extended); omitted when n == 0. */
int lance_pb_packed(tpch_buf *b, uint32_t field, const uint64_t *v, size_t n);

/*
 * Nested messages without a second buffer: lance_pb_begin writes the key and
 * returns a mark (via *mark); the caller appends the body; lance_pb_end then
 * inserts the body's length in front of it. Begin/end pairs nest.
 */
int lance_pb_begin(tpch_buf *b, uint32_t field, size_t *mark);
int lance_pb_end(tpch_buf *b, size_t mark);

/* Bytes a varint of `v` takes. */
static inline size_t lance_pb_varint_size(uint64_t v) {
  return tpch_uvarint_size(v);
}

/* ---- decoder ------------------------------------------------------------- */

typedef struct lance_pb_reader {
  const uint8_t *p;
  const uint8_t *end;
} lance_pb_reader;

typedef struct lance_pb_field {
  uint32_t num;
  int wire;
  uint64_t v;          /* value of VARINT / I64 / I32 fields */
  const uint8_t *data; /* payload of LEN fields */
  size_t len;
  const uint8_t *start; /* the whole field, key included, for copying it raw */
  size_t raw_len;
} lance_pb_field;

static inline void lance_pb_reader_init(lance_pb_reader *r, const void *p, size_t n) {
  r->p = (const uint8_t *)p;
  r->end = r->p + n;
}

/* Reads the next field. Returns 1 for a field, 0 at the end of the message,
 * -1 when the bytes are not valid protobuf (truncated, bad wire type). */
int lance_pb_next(lance_pb_reader *r, lance_pb_field *f);

/* Reads one varint from [*p, end). Returns 0, or -1 if malformed. */
int lance_pb_read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out);

#endif /* TPCH_LANCE_PROTO_H */
