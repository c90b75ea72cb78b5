/* orc_stream.c - chunked stream buffers with row-index positions. */
#include "orc_stream.h"

#include <stdlib.h>

#include "tpch_error.h"

int orc_stream_init(orc_stream *s, orc_codec *codec) {
  memset(s, 0, sizeof *s);
  s->codec = codec;
  tpch_buf_init(&s->out);
  if (codec->kind != ORC_CODEC_NONE) {
    s->pend = malloc(codec->block);
    if (s->pend == NULL) return TPCH_ENOMEM;
  }
  return TPCH_OK;
}

void orc_stream_free(orc_stream *s) {
  tpch_buf_free(&s->out);
  free(s->pend);
  s->pend = NULL;
  s->plen = 0;
}

void orc_stream_reset(orc_stream *s) {
  tpch_buf_reset(&s->out);
  s->plen = 0;
  s->raw = 0;
}

int orc_stream_spill(orc_stream *s) {
  int rc = orc_codec_chunk(s->codec, s->pend, s->plen, &s->out);
  s->plen = 0;
  return rc;
}

int orc_stream_position(const orc_stream *s, uint64_t *pos) {
  if (s->pend == NULL) {
    pos[0] = s->out.len;
    return 1;
  }
  pos[0] = s->out.len;
  pos[1] = s->plen;
  return 2;
}

int orc_stream_finish(orc_stream *s) {
  if (s->pend == NULL || s->plen == 0) return TPCH_OK;
  return orc_stream_spill(s);
}
