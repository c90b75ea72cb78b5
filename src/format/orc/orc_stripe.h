/*
 * orc_stripe.h - turning batches into finished stripes (index streams, data
 * streams, stripe footer) plus their statistics; what the file writer
 * appends. Also the resolved writer options.
 */
#ifndef TPCH_ORC_STRIPE_H
#define TPCH_ORC_STRIPE_H

#include <stdint.h>

#include "io/buf.h"
#include "orc_codec.h"
#include "orc_schema.h"
#include "orc_stats.h"
#include "orc_writer.h"

typedef struct orc_opts {
  orc_codec_kind codec;
  int level;
  int64_t stripe_bytes;
  int64_t stride;
  size_t block;
  tpch_write_mode mode;
  int fsync;
} orc_opts;

/* Checks and fills in the defaults of `in` (NULL = all defaults). */
int orc_opts_resolve(const tpch_orc_writer_options *in, orc_opts *out, tpch_error *err);

struct tpch_orc_stripe {
  tpch_buf blob; /* index streams, data streams, stripe footer */
  uint64_t index_len, data_len, footer_len, rows;
  int ncols;        /* ORC columns: fields + 1 (the struct) */
  orc_stats *stats; /* stripe statistics per ORC column */
  uint64_t fingerprint;
};

/* Rows [first, first + count) of `batch` into the stripe being built. */
int orc_encoder_add_range(tpch_orc_stripe_encoder *e, const struct ArrowArray *batch, int64_t first,
                          int64_t count, tpch_error *err);

/* Rows in the stripe being built, and its approximate size. */
uint64_t orc_encoder_rows(const tpch_orc_stripe_encoder *e);
uint64_t orc_encoder_bytes(const tpch_orc_stripe_encoder *e);

/* The encoder's schema, options and fingerprint. */
const orc_schema *orc_encoder_schema(const tpch_orc_stripe_encoder *e);
const orc_opts *orc_encoder_opts(const tpch_orc_stripe_encoder *e);
uint64_t orc_encoder_fingerprint(const tpch_orc_stripe_encoder *e);

#endif /* TPCH_ORC_STRIPE_H */
