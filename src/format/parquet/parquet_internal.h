/*
 * parquet_internal.h - types shared by the files of the Parquet writer:
 * the column description derived from the Arrow schema, the metadata of an
 * encoded column chunk, and the encoded row group handed between threads.
 */
#ifndef TPCH_PARQUET_INTERNAL_H
#define TPCH_PARQUET_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "arrow/arrow_batch.h"
#include "arrow/arrow_schema.h"
#include "arrow/arrow_stream.h"
#include "arrow/arrow_type.h"
#include "io/buf.h"
#include "parquet_writer.h"

/* parquet.thrift enums (the values this writer uses). */
enum { PQ_BOOLEAN = 0, PQ_INT32 = 1, PQ_INT64 = 2, PQ_DOUBLE = 5, PQ_BYTE_ARRAY = 6, PQ_FLBA = 7 };
enum { PQ_REQUIRED = 0, PQ_OPTIONAL = 1 };
enum { PQ_CT_NONE = -1, PQ_CT_UTF8 = 0, PQ_CT_DECIMAL = 5, PQ_CT_DATE = 6, PQ_CT_INT_32 = 17 };
enum { PQ_LT_NONE = 0, PQ_LT_STRING = 1, PQ_LT_DECIMAL = 5, PQ_LT_DATE = 6, PQ_LT_INTEGER = 10 };
enum { PQ_ENC_PLAIN = 0, PQ_ENC_RLE = 3, PQ_ENC_RLE_DICTIONARY = 8 };
enum { PQ_PAGE_DATA = 0, PQ_PAGE_DICTIONARY = 2, PQ_PAGE_DATA_V2 = 3 };
enum { PQ_BOUNDARY_UNORDERED = 0, PQ_BOUNDARY_ASCENDING = 1, PQ_BOUNDARY_DESCENDING = 2 };

/* How statistics bytes of a column compare (its TYPE_ORDER). */
typedef enum pq_order {
  PQ_ORDER_BOOL,      /* one byte 0/1 */
  PQ_ORDER_I32,       /* 4 bytes LE, signed */
  PQ_ORDER_I64,       /* 8 bytes LE, signed */
  PQ_ORDER_F64,       /* 8 bytes IEEE LE */
  PQ_ORDER_BYTES,     /* unsigned bytewise, shorter prefix first */
  PQ_ORDER_DECIMAL_BE /* big-endian two's complement, signed */
} pq_order;

/* One leaf column: what the Arrow type becomes in Parquet. */
typedef struct pq_coldesc {
  char *name;
  tpch_arrow_type arrow;
  int phys;        /* PQ_BOOLEAN ... PQ_FLBA */
  int type_length; /* FLBA width in bytes */
  int nullable;    /* OPTIONAL (1) or REQUIRED (0) */
  int converted;   /* PQ_CT_* */
  int logical;     /* PQ_LT_* */
  int has_field_id;
  int32_t field_id;
  pq_order order;
  int legacy_stats; /* write the signed-order legacy min/max too */
  int value_width;  /* bytes per PLAIN value for fixed-width types; 0 for BYTE_ARRAY */
} pq_coldesc;

/* The writer's own copy of the schema and options; no pointer into the
 * caller's structs survives create. */
typedef struct pq_schema {
  int ncols;
  pq_coldesc *cols;
  tpch_parquet_writer_options opts; /* resolved: no 0 left for a default; field_ids /
                                       kv_metadata point into the copies below */
  int32_t *field_ids;
  char **kv;             /* key, value, ..., NULL */
  int64_t page_rows_cap; /* effective per-page row limit */
  /* An ArrowSchema tree with copied names and formats, for tpch_arrow_check_batch. */
  struct ArrowSchema arrow; /* own copy of the caller's schema, for tpch_arrow_check_batch */
} pq_schema;

/* Validates `schema` and `opts` (NULL = defaults) and fills `s`. */
int pq_schema_build(pq_schema *s, const struct ArrowSchema *schema, const tpch_parquet_writer_options *opts,
                    tpch_error *err);
void pq_schema_free(pq_schema *s);

/* The Parquet CompressionCodec number of a (resolved) compression. */
int32_t pq_codec(tpch_parquet_compression c);

/* One data page, for the OffsetIndex. */
typedef struct pq_page_loc {
  int64_t offset;    /* relative to the start of its chunk (row group blob after relocation) */
  int32_t size;      /* header + body */
  int64_t first_row; /* within the row group */
} pq_page_loc;

/* Everything the footer needs about one encoded column chunk. */
typedef struct pq_chunk_meta {
  int64_t start;            /* offset of the chunk's first page in the row group blob / file */
  int64_t data_page_offset; /* first data page */
  int64_t dict_page_offset; /* -1 when the chunk has no dictionary page */
  int64_t compressed_size;  /* headers + stored bodies */
  int64_t uncompressed_size;
  int64_t num_values;
  int64_t null_count;
  unsigned encodings; /* bit (1 << PQ_ENC_*) for each encoding used */
  int32_t n_dict_data_pages, n_plain_data_pages;
  int has_minmax;
  tpch_buf min, max;        /* statistics bytes */
  int min_exact, max_exact; /* 0 once truncated for the footer */
  tpch_buf column_index;    /* serialized ColumnIndex; empty when not writable */
  pq_page_loc *pages;
  int32_t n_pages;
  /* where the writer put the page index (file offsets; 0 length = none) */
  int64_t column_index_offset, offset_index_offset;
  int32_t column_index_length, offset_index_length;
} pq_chunk_meta;

void pq_chunk_meta_free(pq_chunk_meta *m);

struct tpch_parquet_rowgroup {
  int64_t rows;
  int ncols;
  tpch_buf blob;        /* the chunks, back to back */
  pq_chunk_meta *cols;  /* offsets relative to the blob start */
  uint64_t fingerprint; /* schema + options the encoder used */
};

/* A row group already written to the file (offsets absolute). */
typedef struct pq_rg_entry {
  int64_t rows;
  int64_t file_offset;
  int64_t total_byte_size; /* sum of the chunks' uncompressed sizes */
  int64_t total_compressed;
  pq_chunk_meta *cols;
} pq_rg_entry;

/* Serializes FileMetaData (parquet_footer.c). */
int pq_footer_write(const pq_schema *s, const pq_rg_entry *rgs, int64_t nrgs, int64_t num_rows,
                    tpch_buf *out);

/* Serializes the OffsetIndex of one chunk (parquet_footer.c). */
int pq_offset_index_write(const pq_chunk_meta *m, tpch_buf *out);

/* A hash of everything that must agree between an encoder and the writer
 * it feeds (column types and layout options). */
uint64_t pq_schema_fingerprint(const pq_schema *s);

/* Row-group encoder internals the file writer uses (parquet_rowgroup.c). */
int pq_encoder_add_range(tpch_parquet_rowgroup_encoder *e, const struct ArrowArray *batch, int64_t start,
                         int64_t n, tpch_error *err);
int64_t pq_encoder_rows(const tpch_parquet_rowgroup_encoder *e);
int64_t pq_encoder_bytes(const tpch_parquet_rowgroup_encoder *e);

/* Statistics helpers (parquet_stats.c). */
int pq_stat_compare(pq_order order, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

/* Truncates a min (prefix) or max (prefix rounded up) to at most `limit`
 * bytes into `out`; returns 1 when the result is exact (untouched), 0 when
 * truncated, TPCH_ENOMEM on failure. A max that cannot be rounded up stays
 * whole. `utf8`: keep UTF-8 valid. */
int pq_stat_truncate(const uint8_t *v, size_t n, size_t limit, int is_max, int utf8, tpch_buf *out);

/* Longest min/max written to the footer and the page index. */
#define PQ_STATS_MAX_BYTES 256

#endif /* TPCH_PARQUET_INTERNAL_H */
