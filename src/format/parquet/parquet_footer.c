/* parquet_footer.c - FileMetaData and the OffsetIndex in thrift compact
 * form. Field ids are parquet.thrift's; see PARQUET.md section 3. */
#include <string.h>

#include "parquet_internal.h"
#include "parquet_thrift.h"

#ifndef TPCH_VERSION
#define TPCH_VERSION "unknown"
#endif
#ifndef TPCH_BUILD_HASH
#define TPCH_BUILD_HASH "unknown"
#endif

#define PQ_CREATED_BY "tpchgen-c version " TPCH_VERSION " (build " TPCH_BUILD_HASH ")"

static void schema_element(pq_thrift *t, const pq_coldesc *c) {
  pq_thrift_elem_struct_begin(t);
  pq_thrift_i32(t, 1, c->phys);
  if (c->phys == PQ_FLBA) pq_thrift_i32(t, 2, c->type_length);
  pq_thrift_i32(t, 3, c->nullable ? PQ_OPTIONAL : PQ_REQUIRED);
  pq_thrift_string(t, 4, c->name);
  if (c->converted != PQ_CT_NONE) pq_thrift_i32(t, 6, c->converted);
  if (c->logical == PQ_LT_DECIMAL) {
    pq_thrift_i32(t, 7, c->arrow.scale);
    pq_thrift_i32(t, 8, c->arrow.precision);
  }
  if (c->has_field_id) pq_thrift_i32(t, 9, c->field_id);
  if (c->logical != PQ_LT_NONE) {
    pq_thrift_struct_begin(t, 10); /* LogicalType union: one member */
    pq_thrift_struct_begin(t, c->logical);
    if (c->logical == PQ_LT_DECIMAL) {
      pq_thrift_i32(t, 1, c->arrow.scale);
      pq_thrift_i32(t, 2, c->arrow.precision);
    } else if (c->logical == PQ_LT_INTEGER) {
      pq_thrift_i8(t, 1, 32);
      pq_thrift_bool(t, 2, 1);
    }
    pq_thrift_struct_end(t);
    pq_thrift_struct_end(t);
  }
  pq_thrift_struct_end(t);
}

static void statistics(pq_thrift *t, const pq_coldesc *c, const pq_chunk_meta *m) {
  pq_thrift_struct_begin(t, 12);
  if (m->has_minmax && c->legacy_stats) { /* legacy fields: signed order only */
    pq_thrift_binary(t, 1, m->max.data, m->max.len);
    pq_thrift_binary(t, 2, m->min.data, m->min.len);
  }
  pq_thrift_i64(t, 3, m->null_count);
  if (m->has_minmax) {
    pq_thrift_binary(t, 5, m->max.data, m->max.len);
    pq_thrift_binary(t, 6, m->min.data, m->min.len);
    pq_thrift_bool(t, 7, m->max_exact);
    pq_thrift_bool(t, 8, m->min_exact);
  }
  pq_thrift_struct_end(t);
}

static void encoding_stat(pq_thrift *t, int page_type, int encoding, int32_t count) {
  pq_thrift_elem_struct_begin(t);
  pq_thrift_i32(t, 1, page_type);
  pq_thrift_i32(t, 2, encoding);
  pq_thrift_i32(t, 3, count);
  pq_thrift_struct_end(t);
}

static void column_meta(pq_thrift *t, const pq_schema *s, const pq_coldesc *c, const pq_chunk_meta *m) {
  pq_thrift_struct_begin(t, 3);
  pq_thrift_i32(t, 1, c->phys);
  int nenc = 0;
  for (int e = 0; e < 32; e++)
    nenc += (m->encodings >> e) & 1;
  pq_thrift_list_begin(t, 2, PQ_T_I32, nenc);
  for (int e = 0; e < 32; e++)
    if ((m->encodings >> e) & 1) pq_thrift_elem_i32(t, e);
  pq_thrift_list_begin(t, 3, PQ_T_BINARY, 1);
  pq_thrift_elem_binary(t, c->name, strlen(c->name));
  pq_thrift_i32(t, 4, pq_codec(s->opts.compression));
  pq_thrift_i64(t, 5, m->num_values);
  pq_thrift_i64(t, 6, m->uncompressed_size);
  pq_thrift_i64(t, 7, m->compressed_size);
  pq_thrift_i64(t, 9, m->data_page_offset);
  if (m->dict_page_offset >= 0) pq_thrift_i64(t, 11, m->dict_page_offset);
  statistics(t, c, m);
  int data_type = s->opts.data_page_version == 2 ? PQ_PAGE_DATA_V2 : PQ_PAGE_DATA;
  int nstats = (m->dict_page_offset >= 0 ? 1 : 0) + (m->n_dict_data_pages > 0) + (m->n_plain_data_pages > 0);
  pq_thrift_list_begin(t, 13, PQ_T_STRUCT, nstats);
  if (m->dict_page_offset >= 0) encoding_stat(t, PQ_PAGE_DICTIONARY, PQ_ENC_PLAIN, 1);
  if (m->n_dict_data_pages > 0) encoding_stat(t, data_type, PQ_ENC_RLE_DICTIONARY, m->n_dict_data_pages);
  if (m->n_plain_data_pages > 0) encoding_stat(t, data_type, PQ_ENC_PLAIN, m->n_plain_data_pages);
  pq_thrift_struct_end(t);
}

static void row_group(pq_thrift *t, const pq_schema *s, const pq_rg_entry *rg, int64_t ordinal) {
  pq_thrift_elem_struct_begin(t);
  pq_thrift_list_begin(t, 1, PQ_T_STRUCT, s->ncols);
  for (int i = 0; i < s->ncols; i++) {
    const pq_chunk_meta *m = &rg->cols[i];
    pq_thrift_elem_struct_begin(t);
    pq_thrift_i64(t, 2, 0); /* required but deprecated: 0 like other writers */
    column_meta(t, s, &s->cols[i], m);
    if (m->offset_index_length > 0) {
      pq_thrift_i64(t, 4, m->offset_index_offset);
      pq_thrift_i32(t, 5, m->offset_index_length);
    }
    if (m->column_index_length > 0) {
      pq_thrift_i64(t, 6, m->column_index_offset);
      pq_thrift_i32(t, 7, m->column_index_length);
    }
    pq_thrift_struct_end(t);
  }
  pq_thrift_i64(t, 2, rg->total_byte_size);
  pq_thrift_i64(t, 3, rg->rows);
  if (s->opts.sorted) {
    pq_thrift_list_begin(t, 4, PQ_T_STRUCT, 1);
    pq_thrift_elem_struct_begin(t);
    pq_thrift_i32(t, 1, (int32_t)s->opts.sort_column);
    pq_thrift_bool(t, 2, 0); /* ascending */
    pq_thrift_bool(t, 3, 1); /* nulls first */
    pq_thrift_struct_end(t);
  }
  pq_thrift_i64(t, 5, rg->file_offset);
  pq_thrift_i64(t, 6, rg->total_compressed);
  if (ordinal <= INT16_MAX) pq_thrift_i16(t, 7, (int16_t)ordinal);
  pq_thrift_struct_end(t);
}

int pq_footer_write(const pq_schema *s, const pq_rg_entry *rgs, int64_t nrgs, int64_t num_rows,
                    tpch_buf *out) {
  pq_thrift t;
  pq_thrift_begin(&t, out);
  pq_thrift_i32(&t, 1, s->opts.data_page_version == 2 ? 2 : 1);
  pq_thrift_list_begin(&t, 2, PQ_T_STRUCT, (int64_t)s->ncols + 1);
  pq_thrift_elem_struct_begin(&t);
  pq_thrift_string(&t, 4, "schema");
  pq_thrift_i32(&t, 5, s->ncols);
  pq_thrift_struct_end(&t);
  for (int i = 0; i < s->ncols; i++)
    schema_element(&t, &s->cols[i]);
  pq_thrift_i64(&t, 3, num_rows);
  pq_thrift_list_begin(&t, 4, PQ_T_STRUCT, nrgs);
  for (int64_t r = 0; r < nrgs; r++)
    row_group(&t, s, &rgs[r], r);
  if (s->kv && s->kv[0]) {
    int64_t n = 0;
    while (s->kv[2 * n])
      n++;
    pq_thrift_list_begin(&t, 5, PQ_T_STRUCT, n);
    for (int64_t i = 0; i < n; i++) {
      pq_thrift_elem_struct_begin(&t);
      pq_thrift_string(&t, 1, s->kv[2 * i]);
      pq_thrift_string(&t, 2, s->kv[2 * i + 1]);
      pq_thrift_struct_end(&t);
    }
  }
  pq_thrift_string(&t, 6, PQ_CREATED_BY);
  pq_thrift_list_begin(&t, 7, PQ_T_STRUCT, s->ncols);
  for (int i = 0; i < s->ncols; i++) {
    pq_thrift_elem_struct_begin(&t); /* ColumnOrder union */
    pq_thrift_struct_begin(&t, 1);   /* TYPE_ORDER: TypeDefinedOrder {} */
    pq_thrift_struct_end(&t);
    pq_thrift_struct_end(&t);
  }
  return pq_thrift_end(&t);
}

int pq_offset_index_write(const pq_chunk_meta *m, tpch_buf *out) {
  pq_thrift t;
  pq_thrift_begin(&t, out);
  pq_thrift_list_begin(&t, 1, PQ_T_STRUCT, m->n_pages);
  for (int32_t i = 0; i < m->n_pages; i++) {
    pq_thrift_elem_struct_begin(&t);
    pq_thrift_i64(&t, 1, m->pages[i].offset);
    pq_thrift_i32(&t, 2, m->pages[i].size);
    pq_thrift_i64(&t, 3, m->pages[i].first_row);
    pq_thrift_struct_end(&t);
  }
  return pq_thrift_end(&t);
}
