/* orc_stripe.c - the stripe encoder: columns, row groups, index and footer. */
#include "orc_stripe.h"

#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_batch.h"
#include "orc_column.h"
#include "format/common/protobuf.h"

int orc_opts_resolve(const tpch_orc_writer_options *in, orc_opts *o, tpch_error *err) {
  tpch_orc_writer_options d;
  tpch_orc_writer_options_init(&d);
  if (in == NULL) in = &d;
  memset(o, 0, sizeof *o);
  switch (in->compression) {
  case TPCH_ORC_COMPRESSION_DEFAULT:
  case TPCH_ORC_COMPRESSION_ZSTD: o->codec = ORC_CODEC_ZSTD; break;
  case TPCH_ORC_COMPRESSION_SNAPPY: o->codec = ORC_CODEC_SNAPPY; break;
  case TPCH_ORC_COMPRESSION_ZLIB: o->codec = ORC_CODEC_ZLIB; break;
  case TPCH_ORC_COMPRESSION_NONE: o->codec = ORC_CODEC_NONE; break;
  default: return tpch_error_set(err, TPCH_EINVAL, "unknown ORC compression %d", (int)in->compression);
  }
  if (in->compression_level < 0 || in->compression_level > 22)
    return tpch_error_set(err, TPCH_EINVAL, "compression level %d is out of range", in->compression_level);
  o->level = in->compression_level;
  o->stripe_bytes = in->stripe_bytes ? in->stripe_bytes : 64ll << 20;
  o->stride = in->row_index_stride ? in->row_index_stride : 10000;
  o->block = in->compression_block ? (size_t)in->compression_block : 256u << 10;
  if (o->stripe_bytes < 0 || o->stride < 1 || o->stride > (1 << 30))
    return tpch_error_set(err, TPCH_EINVAL, "bad stripe size or row index stride");
  if (in->compression_block < 0 || o->block < 1024 || o->block > (8u << 20) - 1)
    return tpch_error_set(err, TPCH_EINVAL, "compression block must be 1 KiB .. 8 MiB");
  if (in->mode == TPCH_WRITE_APPEND)
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "an ORC file cannot be appended to");
  if (in->mode != TPCH_WRITE_CREATE && in->mode != TPCH_WRITE_OVERWRITE)
    return tpch_error_set(err, TPCH_EINVAL, "unknown write mode %d", (int)in->mode);
  o->mode = in->mode;
  o->fsync = !in->no_fsync;
  return TPCH_OK;
}

void tpch_orc_writer_options_init(tpch_orc_writer_options *opts) {
  if (opts) memset(opts, 0, sizeof *opts);
}

typedef struct stream_rec {
  int kind, column;
  uint64_t len;
} stream_rec;

struct tpch_orc_stripe_encoder {
  orc_schema s;
  orc_opts o;
  orc_codec codec;
  orc_column *cols;
  uint64_t rows;
  int64_t rg_rows;
  uint64_t *rg_counts; /* rows of each finished row group */
  int64_t nrg, cap_rg;
  stream_rec *streams;
  int nstreams;
  uint64_t fingerprint;
  tpch_buf tmp;
};

void tpch_orc_stripe_encoder_destroy(tpch_orc_stripe_encoder *e) {
  if (e == NULL) return;
  for (int i = 0; e->cols && i < e->s.nfields; i++)
    orc_column_free(&e->cols[i]);
  free(e->cols);
  free(e->rg_counts);
  free(e->streams);
  orc_codec_free(&e->codec);
  tpch_buf_free(&e->tmp);
  orc_schema_free(&e->s);
  free(e);
}

static int begin_stripe(tpch_orc_stripe_encoder *e) {
  e->rows = 0;
  e->rg_rows = 0;
  e->nrg = 0;
  for (int i = 0; i < e->s.nfields; i++) {
    int rc = orc_column_begin(&e->cols[i]);
    if (rc != TPCH_OK) return rc;
  }
  return TPCH_OK;
}

int tpch_orc_stripe_encoder_create(tpch_orc_stripe_encoder **out, const struct ArrowSchema *schema,
                                   const tpch_orc_writer_options *opts, tpch_error *err) {
  if (out == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL output pointer");
  *out = NULL;
  tpch_orc_stripe_encoder *e = calloc(1, sizeof *e);
  if (e == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  int rc = orc_opts_resolve(opts, &e->o, err);
  if (rc == TPCH_OK) rc = orc_schema_build(&e->s, schema, err);
  if (rc == TPCH_OK && orc_codec_init(&e->codec, e->o.codec, e->o.level, e->o.block) != TPCH_OK)
    rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (rc == TPCH_OK) {
    e->cols = calloc((size_t)e->s.nfields, sizeof *e->cols);
    e->streams = calloc((size_t)e->s.nfields * 5 + 1, sizeof *e->streams);
    if (e->cols == NULL || e->streams == NULL) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  for (int i = 0; rc == TPCH_OK && i < e->s.nfields; i++)
    if (orc_column_init(&e->cols[i], &e->s.fields[i], &e->codec) != TPCH_OK)
      rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (rc == TPCH_OK && begin_stripe(e) != TPCH_OK) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (rc != TPCH_OK) {
    tpch_orc_stripe_encoder_destroy(e);
    return rc;
  }
  e->fingerprint = orc_schema_fingerprint(&e->s) ^ ((uint64_t)e->o.codec << 56) ^
                   ((uint64_t)e->o.stride << 20) ^ (uint64_t)e->o.block;
  *out = e;
  return TPCH_OK;
}

/* Ends the current row group; more: another one starts now. */
static int end_rowgroup(tpch_orc_stripe_encoder *e, int more) {
  if (e->nrg == e->cap_rg) {
    int64_t cap = e->cap_rg ? e->cap_rg * 2 : 64;
    uint64_t *r = realloc(e->rg_counts, (size_t)cap * sizeof *r);
    if (r == NULL) return TPCH_ENOMEM;
    e->rg_counts = r;
    e->cap_rg = cap;
  }
  e->rg_counts[e->nrg++] = (uint64_t)e->rg_rows;
  e->rg_rows = 0;
  for (int i = 0; i < e->s.nfields; i++) {
    int rc = orc_column_end_rowgroup(&e->cols[i], more);
    if (rc != TPCH_OK) return rc;
  }
  return TPCH_OK;
}

int orc_encoder_add_range(tpch_orc_stripe_encoder *e, const struct ArrowArray *b, int64_t first,
                          int64_t count, tpch_error *err) {
  while (count > 0) {
    if (e->rg_rows == e->o.stride && end_rowgroup(e, 1) != TPCH_OK)
      return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    int64_t take = e->o.stride - e->rg_rows;
    if (take > count) take = count;
    for (int i = 0; i < e->s.nfields; i++) {
      const struct ArrowArray *c = b->children[i];
      int rc = orc_column_add(&e->cols[i], c, c->offset + b->offset + first, take);
      if (rc != TPCH_OK)
        return tpch_error_set(err, rc, "encoding column '%s': %s", e->s.fields[i].name, tpch_status_name(rc));
    }
    e->rg_rows += take;
    e->rows += (uint64_t)take;
    first += take;
    count -= take;
  }
  return TPCH_OK;
}

int tpch_orc_stripe_encoder_add(tpch_orc_stripe_encoder *e, const struct ArrowArray *batch, tpch_error *err) {
  if (e == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL encoder");
  int rc = tpch_arrow_check_batch(&e->s.arrow, batch, err);
  return rc != TPCH_OK ? rc : orc_encoder_add_range(e, batch, 0, batch->length, err);
}

uint64_t orc_encoder_rows(const tpch_orc_stripe_encoder *e) {
  return e->rows;
}

uint64_t orc_encoder_bytes(const tpch_orc_stripe_encoder *e) {
  uint64_t n = 0;
  for (int i = 0; i < e->s.nfields; i++)
    n += orc_column_bytes(&e->cols[i]);
  return n;
}

const orc_schema *orc_encoder_schema(const tpch_orc_stripe_encoder *e) {
  return &e->s;
}
const orc_opts *orc_encoder_opts(const tpch_orc_stripe_encoder *e) {
  return &e->o;
}
uint64_t orc_encoder_fingerprint(const tpch_orc_stripe_encoder *e) {
  return e->fingerprint;
}

void tpch_orc_stripe_free(tpch_orc_stripe *s) {
  if (s == NULL) return;
  for (int i = 0; s->stats && i < s->ncols; i++)
    orc_stats_free(&s->stats[i]);
  free(s->stats);
  tpch_buf_free(&s->blob);
  free(s);
}

int64_t tpch_orc_stripe_rows(const tpch_orc_stripe *s) {
  return s ? (int64_t)s->rows : 0;
}
int64_t tpch_orc_stripe_bytes(const tpch_orc_stripe *s) {
  return s ? (int64_t)s->blob.len : 0;
}

static void add_stream(tpch_orc_stripe_encoder *e, int kind, int column, uint64_t len) {
  stream_rec *r = &e->streams[e->nstreams++];
  r->kind = kind;
  r->column = column;
  r->len = len;
}

/* The RowIndex of column `id` (0 = the struct) into st->blob. */
static int write_index(tpch_orc_stripe_encoder *e, tpch_orc_stripe *st, int id) {
  tpch_buf *b = &e->tmp;
  tpch_buf_reset(b);
  uint64_t pos[16];
  orc_stats root;
  orc_stats_init(&root, ORC_STRUCT, 0);
  int rc = TPCH_OK;
  for (int64_t k = 0; k < e->nrg && rc == TPCH_OK; k++) {
    size_t m, ms;
    rc = tpch_pb_begin(b, 1, &m);
    const orc_stats *s = &root;
    if (id > 0) {
      const orc_column *c = &e->cols[id - 1];
      int n = orc_column_positions(c, k, pos);
      if (rc == TPCH_OK) rc = tpch_pb_packed(b, 1, pos, (size_t)n);
      s = &c->rg[k];
    } else {
      root.count = e->rg_counts[k];
    }
    if (rc == TPCH_OK) rc = tpch_pb_begin(b, 2, &ms);
    if (rc == TPCH_OK) rc = orc_stats_encode(s, b);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, ms);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  }
  orc_stats_free(&root);
  size_t before = st->blob.len;
  if (rc == TPCH_OK) rc = orc_codec_blob(&e->codec, b->data, b->len, &st->blob);
  if (rc == TPCH_OK) add_stream(e, 6, id, st->blob.len - before);
  return rc;
}

static int put_stream(tpch_orc_stripe_encoder *e, tpch_orc_stripe *st, int kind, int id,
                      const orc_stream *s) {
  if (tpch_buf_append(&st->blob, s->out.data, s->out.len) != 0) return TPCH_ENOMEM;
  add_stream(e, kind, id, s->out.len);
  return TPCH_OK;
}

static int write_data(tpch_orc_stripe_encoder *e, tpch_orc_stripe *st, int id) {
  const orc_column *c = &e->cols[id - 1];
  orc_type_kind k = c->f->kind;
  int rc = TPCH_OK;
  if (c->has_nulls) rc = put_stream(e, st, ORC_S_PRESENT, id, &c->present);
  if (rc == TPCH_OK) rc = put_stream(e, st, ORC_S_DATA, id, &c->data);
  if (rc == TPCH_OK && k == ORC_DECIMAL) rc = put_stream(e, st, ORC_S_SECONDARY, id, &c->second);
  if (rc == TPCH_OK && (k == ORC_STRING || k == ORC_BINARY))
    rc = put_stream(e, st, ORC_S_LENGTH, id, &c->second);
  if (rc == TPCH_OK && k == ORC_STRING && c->mode == 2) rc = put_stream(e, st, ORC_S_DICT_DATA, id, &c->dict);
  return rc;
}

static int write_footer(tpch_orc_stripe_encoder *e, tpch_orc_stripe *st) {
  tpch_buf *b = &e->tmp;
  tpch_buf_reset(b);
  int rc = TPCH_OK;
  size_t m;
  for (int i = 0; i < e->nstreams && rc == TPCH_OK; i++) {
    rc = tpch_pb_begin(b, 1, &m);
    if (rc == TPCH_OK) rc = tpch_pb_uint(b, 1, (uint64_t)e->streams[i].kind);
    if (rc == TPCH_OK) rc = tpch_pb_uint(b, 2, (uint64_t)e->streams[i].column);
    if (rc == TPCH_OK) rc = tpch_pb_uint(b, 3, e->streams[i].len);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  }
  for (int id = 0; id <= e->s.nfields && rc == TPCH_OK; id++) {
    uint64_t dsize = 0;
    int kind = id == 0 ? ORC_E_DIRECT : orc_column_encoding(&e->cols[id - 1], &dsize);
    rc = tpch_pb_begin(b, 2, &m);
    if (rc == TPCH_OK) rc = tpch_pb_uint(b, 1, (uint64_t)kind);
    if (rc == TPCH_OK && kind == ORC_E_DICTIONARY_V2) rc = tpch_pb_uint(b, 2, dsize);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  }
  if (rc == TPCH_OK) rc = orc_codec_blob(&e->codec, b->data, b->len, &st->blob);
  return rc;
}

static int build(tpch_orc_stripe_encoder *e, tpch_orc_stripe *st) {
  int rc = TPCH_OK;
  if (e->rg_rows > 0) rc = end_rowgroup(e, 0);
  for (int i = 0; i < e->s.nfields && rc == TPCH_OK; i++)
    rc = orc_column_finish(&e->cols[i]);
  e->nstreams = 0;
  for (int id = 0; id <= e->s.nfields && rc == TPCH_OK; id++)
    rc = write_index(e, st, id);
  st->index_len = st->blob.len;
  for (int id = 1; id <= e->s.nfields && rc == TPCH_OK; id++)
    rc = write_data(e, st, id);
  st->data_len = st->blob.len - st->index_len;
  if (rc == TPCH_OK) rc = write_footer(e, st);
  st->footer_len = st->blob.len - st->index_len - st->data_len;
  st->rows = e->rows;
  st->stats[0].count = e->rows;
  for (int i = 0; i < e->s.nfields && rc == TPCH_OK; i++)
    for (int64_t k = 0; k < e->nrg && rc == TPCH_OK; k++)
      rc = orc_stats_merge(&st->stats[i + 1], &e->cols[i].rg[k]);
  return rc;
}

int tpch_orc_stripe_encoder_finish(tpch_orc_stripe_encoder *e, tpch_orc_stripe **out, tpch_error *err) {
  if (out) *out = NULL;
  if (e == NULL || out == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL encoder or output");
  tpch_orc_stripe *st = calloc(1, sizeof *st);
  if (st == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  tpch_buf_init(&st->blob);
  st->ncols = e->s.nfields + 1;
  st->fingerprint = e->fingerprint;
  st->stats = calloc((size_t)st->ncols, sizeof *st->stats);
  int rc = st->stats ? TPCH_OK : TPCH_ENOMEM;
  for (int i = 0; rc == TPCH_OK && i < st->ncols; i++)
    orc_stats_init(&st->stats[i], i == 0 ? ORC_STRUCT : e->s.fields[i - 1].kind,
                   i == 0 ? 0 : e->s.fields[i - 1].scale);
  if (rc == TPCH_OK && e->rows > 0) rc = build(e, st);
  if (rc == TPCH_OK) rc = begin_stripe(e);
  if (rc != TPCH_OK) {
    tpch_orc_stripe_free(st);
    return tpch_error_set(err, rc, "finishing an ORC stripe: %s", tpch_status_name(rc));
  }
  *out = st;
  return TPCH_OK;
}
