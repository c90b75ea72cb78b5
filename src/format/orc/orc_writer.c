/* orc_writer.c - the file: "ORC", stripes as they are finished, then the
 * metadata (stripe statistics), footer and postscript; all bytes go through
 * tpch_sink, so the file has its final name only after a successful close. */
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_batch.h"
#include "arrow/arrow_stream.h"
#include "io/wfile.h"
#include "format/common/protobuf.h"
#include "orc_stripe.h"
#include "orc_writer.h"

#ifndef TPCH_VERSION
#define TPCH_VERSION "0"
#endif

/* Footer.writer: not a code registered with Apache ORC (0..5 are); readers
 * report an unknown writer and assume every known writer fix. */
#define ORC_WRITER_ID 100
#define ORC_WRITER_VERSION 6 /* the first version number of a non-Java writer */

struct tpch_orc_writer {
  tpch_orc_stripe_encoder *enc;
  const orc_schema *s;
  orc_opts o;
  orc_codec codec; /* footer and metadata */
  tpch_wfile f;    /* its pos: bytes written */
  uint64_t fingerprint;
  int64_t rows;
  tpch_buf stripes; /* Footer.stripes entries */
  tpch_buf meta;    /* Metadata.stripeStats entries */
  orc_stats *fstats;
  tpch_buf tmp, out;
};

static int fail(tpch_orc_writer *w, int rc) {
  return tpch_wfile_fail(&w->f, rc);
}

void tpch_orc_writer_destroy(tpch_orc_writer *w) {
  if (w == NULL) return;
  tpch_wfile_release(&w->f);
  for (int i = 0; w->fstats && w->s && i <= w->s->nfields; i++)
    orc_stats_free(&w->fstats[i]);
  free(w->fstats);
  tpch_orc_stripe_encoder_destroy(w->enc);
  orc_codec_free(&w->codec);
  tpch_buf_free(&w->stripes);
  tpch_buf_free(&w->meta);
  tpch_buf_free(&w->tmp);
  tpch_buf_free(&w->out);
  free(w);
}

int tpch_orc_writer_create(tpch_orc_writer **out, const char *path, const struct ArrowSchema *schema,
                           const tpch_orc_writer_options *opts, tpch_error *err) {
  if (out == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL output pointer");
  *out = NULL;
  if (path == NULL || path[0] == '\0') return tpch_error_set(err, TPCH_EINVAL, "NULL or empty path");
  tpch_orc_writer *w = calloc(1, sizeof *w);
  if (w == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  int rc = tpch_orc_stripe_encoder_create(&w->enc, schema, opts, err);
  if (rc == TPCH_OK) {
    w->s = orc_encoder_schema(w->enc);
    w->o = *orc_encoder_opts(w->enc);
    w->fingerprint = orc_encoder_fingerprint(w->enc);
    w->fstats = calloc((size_t)w->s->nfields + 1, sizeof *w->fstats);
    if (w->fstats == NULL || orc_codec_init(&w->codec, w->o.codec, w->o.level, w->o.block) != TPCH_OK)
      rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  for (int i = 0; rc == TPCH_OK && i <= w->s->nfields; i++)
    orc_stats_init(&w->fstats[i], i == 0 ? ORC_STRUCT : w->s->fields[i - 1].kind,
                   i == 0 ? 0 : w->s->fields[i - 1].scale);
  if (rc == TPCH_OK)
    rc = tpch_wfile_open(&w->f, "ORC", path, w->o.mode == TPCH_WRITE_OVERWRITE, w->o.fsync, "ORC", 3, err);
  if (rc != TPCH_OK) {
    tpch_orc_writer_destroy(w);
    return rc;
  }
  *out = w;
  return TPCH_OK;
}

static int check_open(const tpch_orc_writer *w, tpch_error *err) {
  if (w == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL writer");
  return tpch_wfile_check(&w->f, err);
}

/* Writes st at the current position and records its footer entry and
 * statistics. Frees st. */
static int put_stripe(tpch_orc_writer *w, tpch_orc_stripe *st, tpch_error *err) {
  if (st->rows == 0) {
    tpch_orc_stripe_free(st);
    return TPCH_OK;
  }
  int64_t offset = w->f.pos;
  int rc = tpch_wfile_write(&w->f, st->blob.data, st->blob.len, err);
  size_t m, mc;
  if (rc == TPCH_OK) {
    tpch_buf *b = &w->stripes;
    int r = tpch_pb_begin(b, 3, &m);
    if (r == TPCH_OK) r = tpch_pb_uint(b, 1, (uint64_t)offset);
    if (r == TPCH_OK) r = tpch_pb_uint(b, 2, st->index_len);
    if (r == TPCH_OK) r = tpch_pb_uint(b, 3, st->data_len);
    if (r == TPCH_OK) r = tpch_pb_uint(b, 4, st->footer_len);
    if (r == TPCH_OK) r = tpch_pb_uint(b, 5, st->rows);
    if (r == TPCH_OK) r = tpch_pb_end(b, m);
    b = &w->meta;
    if (r == TPCH_OK) r = tpch_pb_begin(b, 1, &m);
    for (int i = 0; r == TPCH_OK && i < st->ncols; i++) {
      r = tpch_pb_begin(b, 1, &mc);
      if (r == TPCH_OK) r = orc_stats_encode(&st->stats[i], b);
      if (r == TPCH_OK) r = tpch_pb_end(b, mc);
      if (r == TPCH_OK) r = orc_stats_merge(&w->fstats[i], &st->stats[i]);
    }
    if (r == TPCH_OK) r = tpch_pb_end(b, m);
    if (r != TPCH_OK) rc = tpch_error_set(err, r, "out of memory");
  }
  if (rc == TPCH_OK) w->rows += (int64_t)st->rows;
  tpch_orc_stripe_free(st);
  return rc;
}

static int flush_pending(tpch_orc_writer *w, tpch_error *err) {
  if (orc_encoder_rows(w->enc) == 0) return TPCH_OK;
  tpch_orc_stripe *st;
  int rc = tpch_orc_stripe_encoder_finish(w->enc, &st, err);
  return rc != TPCH_OK ? rc : put_stripe(w, st, err);
}

int tpch_orc_writer_write(tpch_orc_writer *w, const struct ArrowArray *batch, tpch_error *err) {
  int rc = check_open(w, err);
  if (rc != TPCH_OK) return rc;
  rc = tpch_arrow_check_batch(&w->s->arrow, batch, err);
  if (rc != TPCH_OK) return fail(w, rc);
  for (int64_t done = 0; done < batch->length;) {
    /* stripes end only at row-group boundaries */
    int64_t in_rg = (int64_t)(orc_encoder_rows(w->enc) % (uint64_t)w->o.stride);
    int64_t take = w->o.stride - in_rg;
    if (take > batch->length - done) take = batch->length - done;
    rc = orc_encoder_add_range(w->enc, batch, done, take, err);
    if (rc == TPCH_OK && orc_encoder_rows(w->enc) % (uint64_t)w->o.stride == 0 &&
        orc_encoder_bytes(w->enc) >= (uint64_t)w->o.stripe_bytes)
      rc = flush_pending(w, err);
    if (rc != TPCH_OK) return fail(w, rc);
    done += take;
  }
  return TPCH_OK;
}

static int write_one(void *w, const struct ArrowArray *batch, tpch_error *err) {
  return tpch_orc_writer_write(w, batch, err);
}

int tpch_orc_writer_write_stream(tpch_orc_writer *w, struct ArrowArrayStream *stream, tpch_error *err) {
  int rc = check_open(w, err);
  if (rc != TPCH_OK) {
    if (stream && stream->release) stream->release(stream);
    return rc;
  }
  rc = tpch_arrow_stream_consume(stream, &w->s->arrow, write_one, w, err);
  return rc == TPCH_OK ? TPCH_OK : fail(w, rc);
}

int tpch_orc_writer_append_stripe(tpch_orc_writer *w, tpch_orc_stripe *st, tpch_error *err) {
  int rc = check_open(w, err);
  if (rc == TPCH_OK && st == NULL) return fail(w, tpch_error_set(err, TPCH_EINVAL, "NULL stripe"));
  if (rc == TPCH_OK && st->fingerprint != w->fingerprint)
    rc = tpch_error_set(err, TPCH_ESCHEMA, "stripe was encoded with another schema or other options");
  if (rc == TPCH_OK) rc = flush_pending(w, err);
  if (rc != TPCH_OK) {
    tpch_orc_stripe_free(st);
    return w && w->f.state == TPCH_WFILE_OPEN ? fail(w, rc) : rc;
  }
  rc = put_stripe(w, st, err);
  return rc != TPCH_OK ? fail(w, rc) : TPCH_OK;
}

static int write_tail(tpch_orc_writer *w, tpch_error *err) {
  tpch_buf *b = &w->tmp, *o = &w->out;
  tpch_buf_reset(o);
  /* Metadata */
  int rc = orc_codec_blob(&w->codec, w->meta.data, w->meta.len, o);
  uint64_t meta_len = o->len;
  /* Footer */
  tpch_buf_reset(b);
  size_t m;
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 1, 3);
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 2, (uint64_t)w->f.pos);
  if (rc == TPCH_OK && tpch_buf_append(b, w->stripes.data, w->stripes.len) != 0) rc = TPCH_ENOMEM;
  if (rc == TPCH_OK) rc = orc_schema_encode_types(w->s, b);
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 6, (uint64_t)w->rows);
  for (int i = 0; rc == TPCH_OK && i <= w->s->nfields; i++) {
    if (i == 0) w->fstats[0].count = (uint64_t)w->rows;
    rc = tpch_pb_begin(b, 7, &m);
    if (rc == TPCH_OK) rc = orc_stats_encode(&w->fstats[i], b);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  }
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 8, (uint64_t)w->o.stride);
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 9, ORC_WRITER_ID);
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 11, 2); /* PROLEPTIC_GREGORIAN, as Arrow's date32 */
  if (rc == TPCH_OK) rc = tpch_pb_str(b, 12, "tpchgen-c " TPCH_VERSION);
  size_t footer_start = o->len;
  if (rc == TPCH_OK) rc = orc_codec_blob(&w->codec, b->data, b->len, o);
  uint64_t footer_len = o->len - footer_start;
  /* PostScript (never compressed) */
  tpch_buf_reset(b);
  uint64_t version[2] = {0, 12};
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 1, footer_len);
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 2, (uint64_t)w->o.codec);
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 3, w->o.block);
  if (rc == TPCH_OK) rc = tpch_pb_packed(b, 4, version, 2);
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 5, meta_len);
  if (rc == TPCH_OK) rc = tpch_pb_uint(b, 6, ORC_WRITER_VERSION);
  if (rc == TPCH_OK) rc = tpch_pb_str(b, 8000, "ORC");
  if (rc == TPCH_OK && b->len > 255) rc = TPCH_EINVAL;
  if (rc == TPCH_OK && (tpch_buf_append(o, b->data, b->len) != 0 || tpch_buf_put_u8(o, (uint8_t)b->len) != 0))
    rc = TPCH_ENOMEM;
  if (rc != TPCH_OK) return tpch_error_set(err, rc, "writing the ORC footer: %s", tpch_status_name(rc));
  return tpch_wfile_write(&w->f, o->data, o->len, err);
}

int tpch_orc_writer_close(tpch_orc_writer *w, tpch_error *err) {
  int rc = check_open(w, err);
  if (rc != TPCH_OK) return rc;
  rc = flush_pending(w, err);
  if (rc == TPCH_OK) rc = write_tail(w, err);
  if (rc != TPCH_OK) return fail(w, rc);
  return tpch_wfile_commit(&w->f, err);
}

int tpch_orc_writer_info(const tpch_orc_writer *w, int64_t *file_bytes, int64_t *rows, tpch_error *err) {
  if (w == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL writer");
  if (w->f.state != TPCH_WFILE_CLOSED)
    return tpch_error_set(err, TPCH_ESTATE, "info is available only after a successful close");
  if (file_bytes) *file_bytes = w->f.pos;
  if (rows) *rows = w->rows;
  return TPCH_OK;
}
