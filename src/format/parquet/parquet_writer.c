/* parquet_writer.c - the file: "PAR1", row groups as they are finished,
 * then the page index and the footer; all bytes go through tpch_sink so the
 * file appears under its final name only on a successful close. */
#include <stdlib.h>
#include <string.h>

#include "io/wfile.h"
#include "parquet_internal.h"

/* Row groups cut by bytes are checked at these row multiples, so where they
 * end does not depend on how the rows were batched. */
#define PQ_RG_CHECK_ROWS 1024
#define PQ_INFO_STAT_BYTES TPCH_PARQUET_INFO_STAT_BYTES

struct tpch_parquet_writer {
  pq_schema s;
  uint64_t fingerprint;
  tpch_wfile f; /* its pos: bytes written */
  tpch_parquet_rowgroup_encoder *enc;
  pq_rg_entry *rgs;
  int64_t nrgs, cap_rgs;
  int64_t num_rows;
  tpch_parquet_column_info *info;
  uint8_t *info_stats;   /* the info's min and max bytes, 2 x PQ_INFO_STAT_BYTES per column */
  tpch_buf *fmin, *fmax; /* exact file-wide min/max per column */
  int *fhas;
  tpch_buf tmp;
};

static int fail(tpch_parquet_writer *w, int rc) {
  return tpch_wfile_fail(&w->f, rc);
}

void tpch_parquet_writer_destroy(tpch_parquet_writer *w) {
  if (w == NULL) return;
  tpch_wfile_release(&w->f);
  tpch_parquet_rowgroup_encoder_destroy(w->enc);
  for (int64_t r = 0; r < w->nrgs; r++) {
    for (int i = 0; i < w->s.ncols; i++)
      pq_chunk_meta_free(&w->rgs[r].cols[i]);
    free(w->rgs[r].cols);
  }
  free(w->rgs);
  for (int i = 0; w->fmin && i < w->s.ncols; i++) {
    tpch_buf_free(&w->fmin[i]);
    tpch_buf_free(&w->fmax[i]);
  }
  free(w->fmin);
  free(w->fmax);
  free(w->fhas);
  free(w->info);
  free(w->info_stats);
  tpch_buf_free(&w->tmp);
  pq_schema_free(&w->s);
  free(w);
}

static int alloc_info(tpch_parquet_writer *w) {
  size_t n = (size_t)w->s.ncols;
  w->info = calloc(n, sizeof *w->info);
  w->info_stats = calloc(n, 2 * PQ_INFO_STAT_BYTES);
  w->fmin = calloc(n, sizeof *w->fmin);
  w->fmax = calloc(n, sizeof *w->fmax);
  w->fhas = calloc(n, sizeof *w->fhas);
  return w->info && w->info_stats && w->fmin && w->fmax && w->fhas ? TPCH_OK : TPCH_ENOMEM;
}

int tpch_parquet_writer_create(tpch_parquet_writer **out, const char *path, const struct ArrowSchema *schema,
                               const tpch_parquet_writer_options *opts, tpch_error *err) {
  if (out == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL output pointer");
  *out = NULL;
  if (path == NULL || path[0] == '\0') return tpch_error_set(err, TPCH_EINVAL, "NULL or empty path");
  tpch_parquet_writer *w = calloc(1, sizeof *w);
  if (w == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  int rc = pq_schema_build(&w->s, schema, opts, err);
  if (rc == TPCH_OK) rc = tpch_parquet_rowgroup_encoder_create(&w->enc, schema, opts, err);
  if (rc == TPCH_OK && alloc_info(w) != TPCH_OK) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (rc == TPCH_OK)
    rc = tpch_wfile_open(&w->f, "Parquet", path, w->s.opts.mode == TPCH_WRITE_OVERWRITE, !w->s.opts.no_fsync,
                         "PAR1", 4, err);
  if (rc != TPCH_OK) {
    tpch_parquet_writer_destroy(w);
    return rc;
  }
  w->fingerprint = pq_schema_fingerprint(&w->s);
  *out = w;
  return TPCH_OK;
}

static int check_open(const tpch_parquet_writer *w, tpch_error *err) {
  if (w == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL writer");
  return tpch_wfile_check(&w->f, err);
}

/* Folds one chunk into the file-wide column info (exact min/max). */
static int update_info(tpch_parquet_writer *w, int col, const pq_chunk_meta *m) {
  tpch_parquet_column_info *ci = &w->info[col];
  pq_order o = w->s.cols[col].order;
  ci->num_values += m->num_values;
  ci->null_count += m->null_count;
  ci->compressed_bytes += m->compressed_size;
  if (!m->has_minmax) return TPCH_OK;
  tpch_buf *mn = &w->fmin[col], *mx = &w->fmax[col];
  if (!w->fhas[col] || pq_stat_compare(o, m->min.data, m->min.len, mn->data, mn->len) < 0) {
    tpch_buf_reset(mn);
    if (tpch_buf_append(mn, m->min.data, m->min.len) != 0) return TPCH_ENOMEM;
  }
  if (!w->fhas[col] || pq_stat_compare(o, m->max.data, m->max.len, mx->data, mx->len) > 0) {
    tpch_buf_reset(mx);
    if (tpch_buf_append(mx, m->max.data, m->max.len) != 0) return TPCH_ENOMEM;
  }
  w->fhas[col] = 1;
  return TPCH_OK;
}

/* Footer statistics are capped at PQ_STATS_MAX_BYTES (marked inexact). */
static int truncate_stats(tpch_parquet_writer *w, int col, pq_chunk_meta *m) {
  if (!m->has_minmax) return TPCH_OK;
  int utf8 = w->s.cols[col].converted == PQ_CT_UTF8;
  int r = pq_stat_truncate(m->min.data, m->min.len, PQ_STATS_MAX_BYTES, 0, utf8, &w->tmp);
  if (r < 0) return r;
  m->min_exact = r;
  tpch_buf_reset(&m->min);
  if (tpch_buf_append(&m->min, w->tmp.data, w->tmp.len) != 0) return TPCH_ENOMEM;
  if ((r = pq_stat_truncate(m->max.data, m->max.len, PQ_STATS_MAX_BYTES, 1, utf8, &w->tmp)) < 0) return r;
  m->max_exact = r;
  tpch_buf_reset(&m->max);
  return tpch_buf_append(&m->max, w->tmp.data, w->tmp.len) ? TPCH_ENOMEM : TPCH_OK;
}

/* Writes rg's bytes at the current position and keeps its metadata with
 * offsets made absolute. Frees rg. */
static int append_rg(tpch_parquet_writer *w, tpch_parquet_rowgroup *rg, tpch_error *err) {
  if (rg->rows == 0) {
    tpch_parquet_rowgroup_free(rg);
    return TPCH_OK;
  }
  if (w->nrgs == w->cap_rgs) {
    int64_t cap = w->cap_rgs ? w->cap_rgs * 2 : 16;
    pq_rg_entry *r = realloc(w->rgs, (size_t)cap * sizeof *r);
    if (r == NULL) {
      tpch_parquet_rowgroup_free(rg);
      return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    }
    w->rgs = r, w->cap_rgs = cap;
  }
  int64_t base = w->f.pos;
  int rc = tpch_wfile_write(&w->f, rg->blob.data, rg->blob.len, err);
  if (rc != TPCH_OK) {
    tpch_parquet_rowgroup_free(rg);
    return rc;
  }
  pq_rg_entry *e = &w->rgs[w->nrgs++];
  memset(e, 0, sizeof *e);
  e->rows = rg->rows;
  e->file_offset = base;
  e->total_compressed = (int64_t)rg->blob.len;
  e->cols = rg->cols;
  rg->cols = NULL;
  for (int i = 0; i < w->s.ncols && rc == TPCH_OK; i++) {
    pq_chunk_meta *m = &e->cols[i];
    m->start += base, m->data_page_offset += base;
    if (m->dict_page_offset >= 0) m->dict_page_offset += base;
    for (int32_t p = 0; p < m->n_pages; p++)
      m->pages[p].offset += base;
    e->total_byte_size += m->uncompressed_size;
    if (update_info(w, i, m) != TPCH_OK || truncate_stats(w, i, m) != TPCH_OK)
      rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  w->num_rows += rg->rows;
  tpch_parquet_rowgroup_free(rg);
  return rc;
}

static int flush_pending(tpch_parquet_writer *w, tpch_error *err) {
  if (pq_encoder_rows(w->enc) == 0) return TPCH_OK;
  tpch_parquet_rowgroup *rg;
  int rc = tpch_parquet_rowgroup_encoder_finish(w->enc, &rg, err);
  return rc != TPCH_OK ? rc : append_rg(w, rg, err);
}

/* Rows of the batch to add before the row group may have to end. */
static int64_t next_take(const tpch_parquet_writer *w, int64_t left) {
  int64_t have = pq_encoder_rows(w->enc), room;
  if (w->s.opts.row_group_rows > 0)
    room = w->s.opts.row_group_rows - have;
  else
    room = PQ_RG_CHECK_ROWS - have % PQ_RG_CHECK_ROWS;
  return left < room ? left : room;
}

static int rowgroup_done(const tpch_parquet_writer *w) {
  int64_t have = pq_encoder_rows(w->enc);
  if (w->s.opts.row_group_rows > 0) return have >= w->s.opts.row_group_rows;
  return have % PQ_RG_CHECK_ROWS == 0 && pq_encoder_bytes(w->enc) >= w->s.opts.row_group_bytes;
}

int tpch_parquet_writer_write(tpch_parquet_writer *w, const struct ArrowArray *batch, tpch_error *err) {
  int rc = check_open(w, err);
  if (rc != TPCH_OK) return rc;
  rc = tpch_arrow_check_batch(&w->s.arrow, batch, err);
  if (rc != TPCH_OK) return fail(w, rc); /* every failure is final (tpch_writer.h) */
  for (int64_t done = 0; done < batch->length;) {
    int64_t take = next_take(w, batch->length - done);
    rc = pq_encoder_add_range(w->enc, batch, done, take, err);
    if (rc == TPCH_OK && rowgroup_done(w)) rc = flush_pending(w, err);
    if (rc != TPCH_OK) return fail(w, rc);
    done += take;
  }
  return TPCH_OK;
}

static int write_one(void *w, const struct ArrowArray *batch, tpch_error *err) {
  return tpch_parquet_writer_write(w, batch, err);
}

int tpch_parquet_writer_write_stream(tpch_parquet_writer *w, struct ArrowArrayStream *stream,
                                     tpch_error *err) {
  int rc = check_open(w, err);
  if (rc != TPCH_OK) {
    if (stream && stream->release) stream->release(stream);
    return rc;
  }
  rc = tpch_arrow_stream_consume(stream, &w->s.arrow, write_one, w, err);
  return rc == TPCH_OK ? TPCH_OK : fail(w, rc);
}

int tpch_parquet_writer_append_rowgroup(tpch_parquet_writer *w, tpch_parquet_rowgroup *rg, tpch_error *err) {
  int rc = check_open(w, err);
  if (rc == TPCH_OK && rg == NULL) {
    rc = TPCH_EINVAL;
    tpch_error_set(err, rc, "NULL row group");
  }
  if (rc == TPCH_OK && rg != NULL && (rg->fingerprint != w->fingerprint || rg->ncols != w->s.ncols))
    rc = tpch_error_set(err, TPCH_ESCHEMA, "row group was encoded with another schema or other options");
  if (rc != TPCH_OK) {
    tpch_parquet_rowgroup_free(rg);
    return rc;
  }
  rc = flush_pending(w, err);
  if (rc != TPCH_OK) {
    tpch_parquet_rowgroup_free(rg);
    return fail(w, rc);
  }
  rc = append_rg(w, rg, err);
  return rc != TPCH_OK ? fail(w, rc) : TPCH_OK;
}

/* ColumnIndex of every chunk, then OffsetIndex of every chunk. */
static int page_index(tpch_parquet_writer *w, tpch_buf *b) {
  for (int64_t r = 0; r < w->nrgs; r++)
    for (int i = 0; i < w->s.ncols; i++) {
      pq_chunk_meta *m = &w->rgs[r].cols[i];
      if (m->column_index.len == 0) continue;
      m->column_index_offset = w->f.pos + (int64_t)b->len;
      m->column_index_length = (int32_t)m->column_index.len;
      if (tpch_buf_append(b, m->column_index.data, m->column_index.len) != 0) return TPCH_ENOMEM;
    }
  for (int64_t r = 0; r < w->nrgs; r++)
    for (int i = 0; i < w->s.ncols; i++) {
      pq_chunk_meta *m = &w->rgs[r].cols[i];
      if (m->n_pages == 0) continue;
      size_t before = b->len;
      if (pq_offset_index_write(m, b) != TPCH_OK) return TPCH_ENOMEM;
      m->offset_index_offset = w->f.pos + (int64_t)before;
      m->offset_index_length = (int32_t)(b->len - before);
    }
  return TPCH_OK;
}

static void finish_info(tpch_parquet_writer *w) {
  for (int i = 0; i < w->s.ncols; i++) {
    tpch_parquet_column_info *ci = &w->info[i];
    uint8_t *mn = w->info_stats + (size_t)i * 2 * PQ_INFO_STAT_BYTES, *mx = mn + PQ_INFO_STAT_BYTES;
    ci->min = mn, ci->max = mx; /* never NULL, even when empty */
    ci->has_min_max = w->fhas[i];
    if (!ci->has_min_max) continue;
    int utf8 = w->s.cols[i].converted == PQ_CT_UTF8;
    /* Stat values of fixed-width types are at most 16 bytes: never cut. */
    ci->min_exact =
        pq_stat_truncate(w->fmin[i].data, w->fmin[i].len, PQ_INFO_STAT_BYTES, 0, utf8, &w->tmp) == 1;
    ci->min_len = (int)w->tmp.len;
    memcpy(mn, w->tmp.data, w->tmp.len);
    ci->max_exact =
        pq_stat_truncate(w->fmax[i].data, w->fmax[i].len, PQ_INFO_STAT_BYTES, 1, utf8, &w->tmp) == 1;
    /* A max that cannot be rounded up within 64 bytes: no usable bound. */
    if (w->tmp.len > PQ_INFO_STAT_BYTES) {
      ci->max_len = 0, ci->max_exact = 0, ci->has_min_max = 0;
      continue;
    }
    ci->max_len = (int)w->tmp.len;
    memcpy(mx, w->tmp.data, w->tmp.len);
  }
}

static int write_tail(tpch_parquet_writer *w, tpch_error *err) {
  tpch_buf *b = &w->tmp;
  tpch_buf_reset(b);
  if (!w->s.opts.no_page_index && page_index(w, b) != TPCH_OK)
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory writing the page index");
  size_t footer_start = b->len;
  if (pq_footer_write(&w->s, w->rgs, w->nrgs, w->num_rows, b) != TPCH_OK)
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory writing the footer");
  size_t footer_len = b->len - footer_start;
  if (footer_len > UINT32_MAX) return tpch_error_set(err, TPCH_EINVAL, "footer larger than 4 GiB");
  if (tpch_buf_put_le(b, footer_len, 4) != 0 || tpch_buf_append(b, "PAR1", 4) != 0)
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  return tpch_wfile_write(&w->f, b->data, b->len, err);
}

int tpch_parquet_writer_close(tpch_parquet_writer *w, tpch_error *err) {
  int rc = check_open(w, err);
  if (rc != TPCH_OK) return rc;
  rc = flush_pending(w, err);
  if (rc == TPCH_OK) rc = write_tail(w, err);
  if (rc != TPCH_OK) return fail(w, rc);
  rc = tpch_wfile_commit(&w->f, err);
  if (rc != TPCH_OK) return rc;
  finish_info(w);
  return TPCH_OK;
}

int tpch_parquet_writer_file_info(const tpch_parquet_writer *w, tpch_parquet_file_info *info,
                                  tpch_error *err) {
  if (w == NULL || info == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL writer or info");
  if (w->f.state != TPCH_WFILE_CLOSED)
    return tpch_error_set(err, TPCH_ESTATE, "file info is available only after a successful close");
  info->num_rows = w->num_rows;
  info->file_bytes = w->f.pos;
  info->num_row_groups = w->nrgs;
  info->num_columns = w->s.ncols;
  info->columns = w->info;
  return TPCH_OK;
}

int tpch_parquet_file_info_copy(const tpch_parquet_file_info *in, tpch_parquet_file_info *out,
                                tpch_error *err) {
  if (in == NULL || out == NULL || in->num_columns < 0 || (in->num_columns > 0 && in->columns == NULL))
    return tpch_error_set(err, TPCH_EINVAL, "NULL or inconsistent file info");
  size_t n = (size_t)in->num_columns;
  for (size_t i = 0; i < n; i++) {
    const tpch_parquet_column_info *c = &in->columns[i];
    if (c->min_len < 0 || c->min_len > PQ_INFO_STAT_BYTES || c->max_len < 0 ||
        c->max_len > PQ_INFO_STAT_BYTES || (c->min_len > 0 && c->min == NULL) ||
        (c->max_len > 0 && c->max == NULL))
      return tpch_error_set(err, TPCH_EINVAL, "column %zu: min/max longer than %d bytes or missing", i,
                            PQ_INFO_STAT_BYTES);
  }
  /* the columns, then each column's min and max bytes */
  tpch_parquet_column_info *cols = calloc(n + 1, sizeof *cols + 2 * PQ_INFO_STAT_BYTES);
  if (cols == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  uint8_t *stats = (uint8_t *)(cols + n + 1);
  for (size_t i = 0; i < n; i++) {
    cols[i] = in->columns[i];
    uint8_t *mn = stats + i * 2 * PQ_INFO_STAT_BYTES, *mx = mn + PQ_INFO_STAT_BYTES;
    if (cols[i].min_len > 0) memcpy(mn, in->columns[i].min, (size_t)cols[i].min_len);
    if (cols[i].max_len > 0) memcpy(mx, in->columns[i].max, (size_t)cols[i].max_len);
    cols[i].min = mn, cols[i].max = mx;
  }
  *out = *in;
  out->columns = cols;
  return TPCH_OK;
}

void tpch_parquet_file_info_free(tpch_parquet_file_info *info) {
  if (info == NULL) return;
  free((void *)info->columns);
  memset(info, 0, sizeof *info);
}
