/*
 * parquet_column.h - encoding one column of a row group: values come in as
 * Arrow slices, pages go out (compressed, with headers) into a buffer, and
 * finishing the chunk appends [dictionary page] + data pages to the row
 * group blob and describes them in a pq_chunk_meta.
 *
 * Page boundaries and dictionary decisions depend only on the sequence of
 * values, never on how they were split into batches, so any batching (and
 * any thread) gives the same bytes.
 */
#ifndef TPCH_PARQUET_COLUMN_H
#define TPCH_PARQUET_COLUMN_H

#include <stdint.h>
#include <zstd.h>

#include "parquet_dict.h"
#include "parquet_internal.h"

/* Compression state and scratch buffers shared by the columns of one
 * encoder (one thread). */
typedef struct pq_scratch {
  int codec;
  int level;
  ZSTD_CCtx *zctx;
  tpch_buf comp;   /* compressor output */
  tpch_buf body;   /* v1 page body when levels precede the values */
  tpch_buf levels; /* encoded definition levels */
  tpch_buf packed; /* encoded value section (dictionary indices, booleans) */
  tpch_buf header; /* page header */
  tpch_buf pmin, pmax, trunc;
  tpch_buf used; /* PLAIN bytes of the dictionary entries an open page uses */
} pq_scratch;

int pq_scratch_init(pq_scratch *x, const tpch_parquet_writer_options *o, tpch_error *err);
void pq_scratch_free(pq_scratch *x);

/* Compresses src[0..n) with the chunk codec; *out points at the result
 * (src itself for NONE) until the next call. */
int pq_compress(pq_scratch *x, const uint8_t *src, size_t n, const uint8_t **out, size_t *out_len,
                tpch_error *err);

/* Page-index entry of one data page. */
typedef struct pq_page_stat {
  uint32_t min_off, min_len, max_off, max_len; /* in pq_colenc.pi_bytes */
  int64_t nulls;
  uint8_t null_page, has_minmax;
} pq_page_stat;

typedef struct pq_colenc {
  const pq_schema *s;
  const pq_coldesc *d;
  pq_scratch *x;
  /* the open page */
  tpch_buf vals; /* PLAIN values (booleans: one byte each) */
  tpch_buf idx;  /* uint32 dictionary indices */
  tpch_buf defs; /* uint8 definition levels (nullable columns) */
  int64_t pg_rows, pg_nulls, pg_vals, pg_bytes, pg_first_row;
  int pg_true, pg_false;
  /* dictionary */
  pq_dict dict;
  int dict_mode;        /* values currently go into the dictionary */
  int dict_bw;          /* bit width of the largest index */
  int64_t dict_values;  /* values dictionary-encoded in this chunk */
  int64_t dict_probe;   /* dict_values at the next "does it pay" check (fixed widths) */
  int64_t probe_values; /* dict_values and dict.n at the previous check */
  uint32_t probe_entries;
  uint32_t probe_limit; /* new entries allowed per 1024 values at the next check */
  int32_t dict_pages;   /* data pages written with RLE_DICTIONARY */
  uint32_t *mark;       /* per-entry page stamp, for page min/max */
  uint32_t mark_cap, stamp;
  /* the chunk so far */
  int64_t rows, nulls;
  tpch_buf pages;
  pq_page_loc *locs;
  pq_page_stat *pstats;
  int32_t npages, cap_pages;
  tpch_buf pi_bytes;
  int pi_ok;
  int has_minmax;
  tpch_buf cmin, cmax;
  int64_t unc_size;
  int32_t plain_pages;
} pq_colenc;

void pq_colenc_init(pq_colenc *c, const pq_schema *s, int col, pq_scratch *x);
void pq_colenc_free(pq_colenc *c);

/* Adds rows [start, start+n) of child array `a`, where `start` already
 * includes the array offsets. */
int pq_colenc_add(pq_colenc *c, const struct ArrowArray *a, int64_t start, int64_t n, tpch_error *err);

/* Uncompressed bytes the chunk would take if finished now (an estimate for
 * the open page). */
int64_t pq_colenc_bytes(const pq_colenc *c);

/* Flushes the open page, appends the chunk to `blob`, fills `m` (offsets
 * relative to the blob) and resets the encoder for the next row group. */
int pq_colenc_finish(pq_colenc *c, tpch_buf *blob, pq_chunk_meta *m, tpch_error *err);

/* Writes the open page out (parquet_page.c). `has_minmax` is what
 * parquet_column.c computed into x->pmin/x->pmax: 1 if there is a min/max,
 * 0 if not (all null or all NaN), < 0 when that failed (out of memory). */
int pq_page_flush(pq_colenc *c, int has_minmax, tpch_error *err);

/* Appends the dictionary page (header + compressed entries) to `blob`;
 * *unc = its uncompressed size incl. header (parquet_page.c). */
int pq_dict_page_write(pq_colenc *c, tpch_buf *blob, int64_t *unc, tpch_error *err);

#endif /* TPCH_PARQUET_COLUMN_H */
