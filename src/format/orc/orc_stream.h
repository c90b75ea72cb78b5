/*
 * orc_stream.h - one ORC stream of a stripe being built: bytes go into a
 * pending chunk of the codec's block size, which is compressed into `out`
 * only when more bytes arrive after it is full (as ORC's own writers do), so
 * a recorded position is always (start of the current chunk in the
 * compressed stream, bytes already in it), or the byte offset when the file
 * is not compressed.
 */
#ifndef TPCH_ORC_STREAM_H
#define TPCH_ORC_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "io/buf.h"
#include "orc_codec.h"

typedef struct orc_stream {
  orc_codec *codec;
  tpch_buf out;  /* finished chunks */
  uint8_t *pend; /* the chunk being filled (NULL when uncompressed) */
  size_t plen;
  uint64_t raw; /* uncompressed bytes written in this stripe */
} orc_stream;

/* An empty stream writing through `codec`. Returns TPCH_OK or TPCH_ENOMEM. */
int orc_stream_init(orc_stream *s, orc_codec *codec);

/* Frees its memory (safe twice). */
void orc_stream_free(orc_stream *s);

/* Empties it for the next stripe, keeping its memory. */
void orc_stream_reset(orc_stream *s);

/* Compresses one full pending chunk; used by orc_stream_write. */
int orc_stream_spill(orc_stream *s);

/* Appends `n` bytes. Returns TPCH_OK, TPCH_ENOMEM or TPCH_EIO. */
static inline int orc_stream_write(orc_stream *s, const void *p, size_t n) {
  const uint8_t *q = (const uint8_t *)p;
  s->raw += n;
  if (s->pend == NULL) return tpch_buf_append(&s->out, q, n) ? -3 : 0;
  while (n > 0) {
    if (s->plen == s->codec->block) {
      int rc = orc_stream_spill(s);
      if (rc != 0) return rc;
    }
    size_t room = s->codec->block - s->plen;
    size_t take = n < room ? n : room;
    memcpy(s->pend + s->plen, q, take);
    s->plen += take;
    q += take;
    n -= take;
  }
  return 0;
}

/* Writes the current position (1 or 2 numbers) into pos; returns how many. */
int orc_stream_position(const orc_stream *s, uint64_t *pos);

/* Compresses what is pending; after it, out holds the whole stream. */
int orc_stream_finish(orc_stream *s);

#endif /* TPCH_ORC_STREAM_H */
