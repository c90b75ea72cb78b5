/* parquet_rowgroup.c - the row-group encoder: batches in, one finished row
 * group (chunks + their metadata, offsets relative to its own start) out.
 * It touches no file, so one can run per thread. */
#include <stdlib.h>
#include <string.h>

#include "parquet_column.h"

struct tpch_parquet_rowgroup_encoder {
  pq_schema s;
  pq_scratch x;
  pq_colenc *cols;
  int64_t rows;
  int failed; /* a column got rows its neighbours did not: unusable */
};

void tpch_parquet_rowgroup_encoder_destroy(tpch_parquet_rowgroup_encoder *e) {
  if (e == NULL) return;
  for (int i = 0; e->cols && i < e->s.ncols; i++)
    pq_colenc_free(&e->cols[i]);
  free(e->cols);
  pq_scratch_free(&e->x);
  pq_schema_free(&e->s);
  free(e);
}

int tpch_parquet_rowgroup_encoder_create(tpch_parquet_rowgroup_encoder **out,
                                         const struct ArrowSchema *schema,
                                         const tpch_parquet_writer_options *opts, tpch_error *err) {
  if (out == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL output pointer");
  *out = NULL;
  tpch_parquet_rowgroup_encoder *e = calloc(1, sizeof *e);
  if (e == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  int rc = pq_schema_build(&e->s, schema, opts, err);
  if (rc == TPCH_OK) rc = pq_scratch_init(&e->x, &e->s.opts, err);
  if (rc == TPCH_OK && (e->cols = calloc((size_t)e->s.ncols, sizeof *e->cols)) == NULL)
    rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (rc != TPCH_OK) {
    free(e->cols);
    e->cols = NULL;
    tpch_parquet_rowgroup_encoder_destroy(e);
    return rc;
  }
  for (int i = 0; i < e->s.ncols; i++)
    pq_colenc_init(&e->cols[i], &e->s, i, &e->x);
  *out = e;
  return TPCH_OK;
}

int pq_encoder_add_range(tpch_parquet_rowgroup_encoder *e, const struct ArrowArray *b, int64_t start,
                         int64_t n, tpch_error *err) {
  if (e->failed) return tpch_error_set(err, TPCH_ESTATE, "the row-group encoder failed earlier");
  for (int i = 0; i < e->s.ncols; i++) {
    const struct ArrowArray *c = b->children[i];
    int rc = pq_colenc_add(&e->cols[i], c, c->offset + b->offset + start, n, err);
    if (rc != TPCH_OK) {
      e->failed = 1;
      return rc;
    }
  }
  e->rows += n;
  return TPCH_OK;
}

int64_t pq_encoder_rows(const tpch_parquet_rowgroup_encoder *e) {
  return e->rows;
}

int64_t pq_encoder_bytes(const tpch_parquet_rowgroup_encoder *e) {
  int64_t sum = 0;
  for (int i = 0; i < e->s.ncols; i++)
    sum += pq_colenc_bytes(&e->cols[i]);
  return sum;
}

int tpch_parquet_rowgroup_encoder_add(tpch_parquet_rowgroup_encoder *e, const struct ArrowArray *batch,
                                      tpch_error *err) {
  if (e == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL encoder");
  int rc = tpch_arrow_check_batch(&e->s.arrow, batch, err);
  if (rc != TPCH_OK) return rc;
  return pq_encoder_add_range(e, batch, 0, batch->length, err);
}

void tpch_parquet_rowgroup_free(tpch_parquet_rowgroup *rg) {
  if (rg == NULL) return;
  for (int i = 0; rg->cols && i < rg->ncols; i++)
    pq_chunk_meta_free(&rg->cols[i]);
  free(rg->cols);
  tpch_buf_free(&rg->blob);
  free(rg);
}

int tpch_parquet_rowgroup_encoder_finish(tpch_parquet_rowgroup_encoder *e, tpch_parquet_rowgroup **out,
                                         tpch_error *err) {
  if (out == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL output pointer");
  *out = NULL;
  if (e == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL encoder");
  if (e->failed) return tpch_error_set(err, TPCH_ESTATE, "the row-group encoder failed earlier");
  tpch_parquet_rowgroup *rg = calloc(1, sizeof *rg);
  if (rg == NULL || (rg->cols = calloc((size_t)e->s.ncols, sizeof *rg->cols)) == NULL) {
    free(rg);
    e->failed = 1;
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  rg->ncols = e->s.ncols;
  rg->rows = e->rows;
  rg->fingerprint = pq_schema_fingerprint(&e->s);
  for (int i = 0; i < e->s.ncols; i++) {
    int rc = pq_colenc_finish(&e->cols[i], &rg->blob, &rg->cols[i], err);
    if (rc != TPCH_OK) {
      e->failed = 1;
      tpch_parquet_rowgroup_free(rg);
      return rc;
    }
  }
  e->rows = 0;
  *out = rg;
  return TPCH_OK;
}

int64_t tpch_parquet_rowgroup_rows(const tpch_parquet_rowgroup *rg) {
  return rg ? rg->rows : 0;
}

int64_t tpch_parquet_rowgroup_bytes(const tpch_parquet_rowgroup *rg) {
  return rg ? (int64_t)rg->blob.len : 0;
}
