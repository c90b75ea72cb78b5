/*
 * fuzz_batch.c - libFuzzer target for the one batch validation
 * (tpch_arrow_check_batch) and the Parquet encoder behind it.
 *
 * The input describes a 4-column batch (int64, utf8, large_utf8, decimal):
 * struct and column lengths and offsets, null counts, bitmaps, string
 * offsets, dictionaries. The C Data Interface carries no buffer sizes, so
 * the harness keeps its promise the way a caller must: every buffer holds
 * SLOTS slots, and lengths/offsets are either small (their sum fits) or
 * hostile (negative, INT64_MAX, sums that overflow), which the validation
 * must refuse without reading. A batch it accepts is then encoded, and must
 * not make the encoder read outside the buffers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_batch.h"
#include "arrow/arrow_schema.h"
#include "parquet_writer.h"

#define SLOTS 128
#define DATA 512
#define NCOLS 4

typedef struct input {
  const uint8_t *p;
  size_t n;
} input;

static uint8_t byte(input *in) {
  if (in->n == 0) return 0;
  in->n--;
  return *in->p++;
}

/* A length or offset: small (0..64) most of the time, sometimes hostile. */
static int64_t extent(input *in) {
  static const int64_t hostile[] = {
      -1, INT64_MIN, INT64_MAX, INT64_MAX - 1, INT64_MAX / 16 + 1, (int64_t)1 << 62};
  uint8_t b = byte(in);
  if (b < 240) return b % 65;
  return hostile[b % (sizeof hostile / sizeof hostile[0])];
}

static void no_release(struct ArrowArray *a) {
  a->release = NULL;
}
static void no_release_schema(struct ArrowSchema *s) {
  s->release = NULL;
}

typedef struct column {
  struct ArrowArray a;
  const void *bufs[3];
  uint8_t valid[SLOTS / 8];
  union {
    int64_t i64[SLOTS * 2]; /* decimals take two */
    int32_t off32[SLOTS + 1];
    int64_t off64[SLOTS + 1];
  } v;
  uint8_t data[DATA];
} column;

static void fill_column(input *in, column *c, int kind, struct ArrowArray *dict) {
  memset(c, 0, sizeof *c);
  for (size_t i = 0; i < sizeof c->valid; i++)
    c->valid[i] = byte(in);
  for (size_t i = 0; i < sizeof c->data; i++)
    c->data[i] = (uint8_t)('a' + i % 26);
  uint8_t flags = byte(in);
  if (kind == 1 || kind == 2) {
    /* string offsets: mostly ascending within the data, sometimes not */
    int64_t o = (flags & 0x40) ? -(int64_t)(byte(in) % 5) : 0;
    for (int i = 0; i <= SLOTS; i++) {
      uint8_t b = byte(in);
      o += (b & 0x80) ? -(int64_t)(b & 3) : (b & 7);
      if (o > DATA) o = DATA;
      if (kind == 1)
        c->v.off32[i] = (int32_t)o;
      else
        c->v.off64[i] = o;
    }
    if (flags & 0x20) { /* one huge value */
      if (kind == 1)
        c->v.off32[SLOTS] = INT32_MAX;
      else
        c->v.off64[SLOTS] = (int64_t)1 << 40;
    }
  } else {
    for (int i = 0; i < SLOTS * 2; i++)
      c->v.i64[i] = (int64_t)byte(in) * 1000003;
  }
  c->bufs[0] = (flags & 1) ? c->valid : NULL;
  c->bufs[1] = (flags & 0x10) ? NULL : (const void *)&c->v;
  c->bufs[2] = c->data;
  static const int64_t null_counts[] = {0, -1, 1, 3};
  c->a.null_count = null_counts[(flags >> 1) & 3];
  c->a.offset = extent(in);
  c->a.length = extent(in);
  c->a.n_buffers = (kind == 1 || kind == 2) ? 3 : 2;
  if (flags & 0x08) c->a.n_buffers = 1; /* wrong for every type */
  c->a.buffers = c->bufs;
  c->a.release = no_release;
  if (flags == 0xFF) c->a.dictionary = dict;
  /* the harness's promise: small offsets and lengths (<= 64 each) fit SLOTS */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  input in = {data, size};
  static const char *formats[NCOLS] = {"l", "u", "U", "d:15,2"};
  static const char *names[NCOLS] = {"a", "s", "L", "d"};
  struct ArrowSchema cs[NCOLS], *csp[NCOLS], root;
  for (int i = 0; i < NCOLS; i++) {
    cs[i] = (struct ArrowSchema){.format = formats[i], .name = names[i], .release = no_release_schema};
    cs[i].flags = i == 0 ? 0 : ARROW_FLAG_NULLABLE;
    csp[i] = &cs[i];
  }
  root = (struct ArrowSchema){
      .format = "+s", .name = "", .n_children = NCOLS, .children = csp, .release = no_release_schema};
  static column cols[NCOLS];
  struct ArrowArray dict = {.length = 0, .release = no_release};
  struct ArrowArray *kids[NCOLS];
  for (int i = 0; i < NCOLS; i++) {
    fill_column(&in, &cols[i], i, &dict);
    kids[i] = &cols[i].a;
  }
  uint8_t rows_valid[SLOTS / 8];
  for (size_t i = 0; i < sizeof rows_valid; i++)
    rows_valid[i] = byte(&in);
  uint8_t f = byte(&in);
  const void *root_bufs[1] = {(f & 1) ? rows_valid : NULL};
  struct ArrowArray batch = {.length = extent(&in),
                             .offset = extent(&in),
                             .null_count = (f & 2) ? -1 : 0,
                             .n_buffers = 1,
                             .n_children = NCOLS,
                             .buffers = root_bufs,
                             .children = kids,
                             .release = no_release};
  if (f & 4) batch.n_children = NCOLS - 1;

  tpch_error err;
  if (tpch_arrow_schema_check_table(&root, 100, &err) != TPCH_OK) abort(); /* the schema is fine */
  if (tpch_arrow_check_batch(&root, &batch, &err) != TPCH_OK) return 0;
  /* accepted: every extent was small, so the encoder must stay in bounds */
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.compression = TPCH_PARQUET_COMPRESSION_NONE;
  tpch_parquet_rowgroup_encoder *enc = NULL;
  if (tpch_parquet_rowgroup_encoder_create(&enc, &root, &o, &err) != TPCH_OK) abort();
  tpch_parquet_rowgroup *rg = NULL;
  if (tpch_parquet_rowgroup_encoder_add(enc, &batch, &err) == TPCH_OK &&
      tpch_parquet_rowgroup_encoder_finish(enc, &rg, &err) == TPCH_OK)
    tpch_parquet_rowgroup_free(rg);
  tpch_parquet_rowgroup_encoder_destroy(enc);
  return 0;
}
