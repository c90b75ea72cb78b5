/*
 * protobuf.h - the protobuf wire format, once for every format that speaks
 * it (Lance manifests and file footers, ORC footers and indexes): a field
 * writer that appends to a tpch_buf and a small pull reader for existing
 * metadata.
 *
 * The writer emits exactly what it is asked for: a field whose value is 0 or
 * empty is still written. Policies such as proto3's "a scalar equal to its
 * default is left out" belong to the format that follows them (lance_proto.h).
 * Every writer function returns TPCH_OK or TPCH_ENOMEM; after an error the
 * buffer may hold a partial field and is only fit to be discarded.
 */
#ifndef TPCH_FORMAT_COMMON_PROTOBUF_H
#define TPCH_FORMAT_COMMON_PROTOBUF_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"

/* Wire types (groups, 3 and 4, are neither written nor read). */
enum { TPCH_PB_VARINT = 0, TPCH_PB_I64 = 1, TPCH_PB_LEN = 2, TPCH_PB_I32 = 5 };

/* ---- writer ----------------------------------------------------------------- */

/* A bare base-128 varint (1..10 bytes), no key. */
static inline int tpch_pb_varint(tpch_buf *b, uint64_t v) {
  return tpch_buf_put_uvarint(b, v);
}

/* The key of field `field` with wire type `wire`. */
int tpch_pb_tag(tpch_buf *b, uint32_t field, int wire);

/* uint32/uint64/bool/enum field. */
int tpch_pb_uint(tpch_buf *b, uint32_t field, uint64_t v);

/* int32/int64 field: a negative value is sign-extended to 64 bits, so -1 is
 * a 10-byte varint as protobuf requires. */
int tpch_pb_int(tpch_buf *b, uint32_t field, int64_t v);

/* sint32/sint64 field (zigzag). */
int tpch_pb_sint(tpch_buf *b, uint32_t field, int64_t v);

/* double field (64-bit IEEE, little-endian). */
int tpch_pb_double(tpch_buf *b, uint32_t field, double v);

/* bytes/string field with `n` bytes of payload. */
int tpch_pb_bytes(tpch_buf *b, uint32_t field, const void *p, size_t n);

/* string field from a NUL-terminated string (written even when empty). */
int tpch_pb_str(tpch_buf *b, uint32_t field, const char *s);

/* Packed repeated varint field (uint64 values, or int32/int64 values
 * already sign-extended). Left out when n == 0: an empty packed field and a
 * missing one read the same in every protobuf version. */
int tpch_pb_packed(tpch_buf *b, uint32_t field, const uint64_t *v, size_t n);

/*
 * Nested messages without a second buffer: tpch_pb_begin writes the key and
 * returns a mark (via *mark); the caller appends the body; tpch_pb_end then
 * inserts the body's length in front of it. Begin/end pairs nest. The body
 * moves up by the length's size, which costs little for metadata-sized
 * messages.
 */
int tpch_pb_begin(tpch_buf *b, uint32_t field, size_t *mark);
int tpch_pb_end(tpch_buf *b, size_t mark);

/* ---- reader ----------------------------------------------------------------- */

typedef struct tpch_pb_reader {
  const uint8_t *p;
  const uint8_t *end;
} tpch_pb_reader;

typedef struct tpch_pb_field {
  uint32_t num;
  int wire;
  uint64_t v;          /* value of VARINT / I64 / I32 fields */
  const uint8_t *data; /* payload of LEN fields */
  size_t len;
  const uint8_t *start; /* the whole field, key included, for copying it raw */
  size_t raw_len;
} tpch_pb_field;

/* A reader over the message in [p, p + n); nothing is copied. */
static inline void tpch_pb_reader_init(tpch_pb_reader *r, const void *p, size_t n) {
  r->p = (const uint8_t *)p;
  r->end = r->p + n;
}

/* Reads the next field. Returns 1 for a field, 0 at the end of the message,
 * -1 when the bytes are not valid protobuf (truncated, bad key, group or
 * unknown wire type). */
int tpch_pb_next(tpch_pb_reader *r, tpch_pb_field *f);

/* Reads one varint from [*p, end) and advances *p past it. Returns 0, or -1
 * if it is truncated or longer than 10 bytes. */
int tpch_pb_read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out);

#endif /* TPCH_FORMAT_COMMON_PROTOBUF_H */
