#include "format/iceberg/ice_avro.h"

#include <string.h>

#include "io/random.h"

#define BLOCK_TARGET_BYTES (64 * 1024)

static const uint8_t avro_magic[4] = {'O', 'b', 'j', 1};

int ice_avro_put_long(tpch_buf *b, int64_t v) {
  /* zigzag: small magnitudes, positive or negative, get short encodings */
  return tpch_buf_put_uvarint(b, tpch_zigzag64(v)) != 0 ? TPCH_ENOMEM : TPCH_OK;
}

int ice_avro_put_bool(tpch_buf *b, int v) {
  return tpch_buf_put_u8(b, v ? 1 : 0);
}

int ice_avro_put_bytes(tpch_buf *b, const void *p, size_t n) {
  if (ice_avro_put_long(b, (int64_t)n) != 0) return TPCH_ENOMEM;
  return tpch_buf_append(b, p, n);
}

int ice_avro_put_string(tpch_buf *b, const char *s) {
  return ice_avro_put_bytes(b, s, strlen(s));
}

int ice_avro_get_long(const uint8_t *p, size_t len, size_t *pos, int64_t *out) {
  uint64_t u;
  if (*pos >= len) return TPCH_EFORMAT;
  const uint8_t *q = p + *pos;
  if (tpch_uvarint_get(&q, p + len, &u) != 0) return TPCH_EFORMAT;
  *pos = (size_t)(q - p);
  *out = (int64_t)((u >> 1) ^ (0 - (u & 1)));
  return TPCH_OK;
}

int ice_avro_writer_begin(ice_avro_writer *w, const char *const *meta, const uint8_t sync[16],
                          tpch_error *err) {
  tpch_buf_init(&w->file);
  tpch_buf_init(&w->block);
  w->block_records = 0;
  w->records = 0;
  if (sync != NULL) {
    memcpy(w->sync, sync, 16);
  } else {
    int rc = tpch_random_bytes(w->sync, sizeof w->sync, err);
    if (rc != TPCH_OK) return rc;
  }
  int64_t n = 1; /* avro.codec */
  int has_schema = 0;
  for (const char *const *m = meta; m && m[0]; m += 2) {
    if (m[1] == NULL) return tpch_error_set(err, TPCH_EINVAL, "Avro metadata key '%s' has no value", m[0]);
    if (strcmp(m[0], "avro.schema") == 0) has_schema = 1;
    if (strcmp(m[0], "avro.codec") == 0)
      return tpch_error_set(err, TPCH_EINVAL, "avro.codec is fixed to null");
    n++;
  }
  if (!has_schema) return tpch_error_set(err, TPCH_EINVAL, "Avro container needs avro.schema");
  int rc = tpch_buf_append(&w->file, avro_magic, 4);
  rc |= ice_avro_put_long(&w->file, n); /* one map block holding every entry */
  for (const char *const *m = meta; m && m[0]; m += 2) {
    rc |= ice_avro_put_string(&w->file, m[0]);
    rc |= ice_avro_put_string(&w->file, m[1]);
  }
  rc |= ice_avro_put_string(&w->file, "avro.codec");
  rc |= ice_avro_put_string(&w->file, "null");
  rc |= ice_avro_put_long(&w->file, 0);
  rc |= tpch_buf_append(&w->file, w->sync, 16);
  if (rc != 0) {
    ice_avro_writer_free(w);
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory writing an Avro header");
  }
  return TPCH_OK;
}

static int flush_block(ice_avro_writer *w, tpch_error *err) {
  if (w->block_records == 0) return TPCH_OK;
  int rc = ice_avro_put_long(&w->file, w->block_records);
  rc |= ice_avro_put_long(&w->file, (int64_t)w->block.len);
  rc |= tpch_buf_append(&w->file, w->block.data, w->block.len);
  rc |= tpch_buf_append(&w->file, w->sync, 16);
  if (rc != 0) return tpch_error_set(err, TPCH_ENOMEM, "out of memory writing an Avro block");
  tpch_buf_reset(&w->block);
  w->block_records = 0;
  return TPCH_OK;
}

int ice_avro_writer_record_done(ice_avro_writer *w, tpch_error *err) {
  w->block_records++;
  w->records++;
  return w->block.len >= BLOCK_TARGET_BYTES ? flush_block(w, err) : TPCH_OK;
}

int ice_avro_writer_finish(ice_avro_writer *w, tpch_error *err) {
  return flush_block(w, err);
}

int ice_avro_writer_finish_into(ice_avro_writer *w, tpch_buf *out, const char *what, tpch_error *err) {
  int rc = ice_avro_writer_finish(w, err);
  if (rc == 0 && tpch_buf_append(out, w->file.data, w->file.len) != 0)
    rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory encoding %s", what);
  ice_avro_writer_free(w);
  return rc;
}

void ice_avro_writer_free(ice_avro_writer *w) {
  tpch_buf_free(&w->file);
  tpch_buf_free(&w->block);
}
