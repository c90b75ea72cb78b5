/*
 * orc_rle.h - ORC's run-length encoders writing into an orc_stream:
 * integer RLE v2 (short repeat, direct and delta sub-encodings), byte RLE,
 * and boolean RLE (bits MSB first, then byte RLE).
 *
 * Positions for the row index: each _position function ends the current run
 * first, so the "values already consumed in the run" number it records is
 * always 0 (and a boolean stream adds the bits already used in the byte the
 * next value goes to).
 */
#ifndef TPCH_ORC_RLE_H
#define TPCH_ORC_RLE_H

#include <stdint.h>

#include "orc_stream.h"

#define ORC_RLE2_MAX 512

typedef struct orc_rle2 {
  orc_stream *out;
  int is_signed;
  int n;
  int64_t v[ORC_RLE2_MAX];
} orc_rle2;

/* An encoder of signed (zigzag) or unsigned values into `out`. */
void orc_rle2_init(orc_rle2 *e, orc_stream *out, int is_signed);

/* Encodes the values collected so far. Returns TPCH_OK or a TPCH_E* code. */
int orc_rle2_flush(orc_rle2 *e);

static inline int orc_rle2_add(orc_rle2 *e, int64_t v) {
  e->v[e->n++] = v;
  return e->n == ORC_RLE2_MAX ? orc_rle2_flush(e) : 0;
}

/* Ends the run and appends the position (stream position, 0) to pos;
 * returns how many numbers were written (2 or 3), or a negative code. */
int orc_rle2_position(orc_rle2 *e, uint64_t *pos);

typedef struct orc_byte_rle {
  orc_stream *out;
  int n, repeat, tail;
  uint8_t lit[128];
} orc_byte_rle;

void orc_byte_rle_init(orc_byte_rle *e, orc_stream *out);
int orc_byte_rle_add(orc_byte_rle *e, uint8_t b);
int orc_byte_rle_flush(orc_byte_rle *e);
int orc_byte_rle_position(orc_byte_rle *e, uint64_t *pos);

typedef struct orc_bool_rle {
  orc_byte_rle bytes;
  uint8_t cur;
  int nbits;
} orc_bool_rle;

void orc_bool_rle_init(orc_bool_rle *e, orc_stream *out);

static inline int orc_bool_rle_add(orc_bool_rle *e, int bit) {
  e->cur |= (uint8_t)((bit ? 1 : 0) << (7 - e->nbits));
  if (++e->nbits < 8) return 0;
  uint8_t b = e->cur;
  e->cur = 0;
  e->nbits = 0;
  return orc_byte_rle_add(&e->bytes, b);
}

/* Adds `n` true bits. */
int orc_bool_rle_add_ones(orc_bool_rle *e, int64_t n);

/* Pads the last byte with zero bits and flushes (end of a stripe). */
int orc_bool_rle_flush(orc_bool_rle *e);

/* Position: byte RLE position, then the bits used in the current byte. */
int orc_bool_rle_position(orc_bool_rle *e, uint64_t *pos);

#endif /* TPCH_ORC_RLE_H */
