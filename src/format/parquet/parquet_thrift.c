#include "parquet_thrift.h"

#include "tpch_error.h"

static void put_byte(pq_thrift *t, uint8_t v) {
  if (t->status == TPCH_OK && tpch_buf_put_u8(t->out, v) != 0) t->status = TPCH_ENOMEM;
}

static void put_uvarint(pq_thrift *t, uint64_t v) {
  if (t->status == TPCH_OK && tpch_buf_put_uvarint(t->out, v) != 0) t->status = TPCH_ENOMEM;
}

static void put_bytes(pq_thrift *t, const void *p, size_t n) {
  if (t->status == TPCH_OK && tpch_buf_append(t->out, p, n) != 0) t->status = TPCH_ENOMEM;
}

/* Field header: short form when the id grows by 1..15, else the long form
 * (type byte, then the id as a zigzag varint). */
static void field_header(pq_thrift *t, int id, int type) {
  if (t->depth <= 0) {
    t->status = TPCH_EINVAL;
    return;
  }
  int delta = id - t->last[t->depth - 1];
  if (delta > 0 && delta <= 15) {
    put_byte(t, (uint8_t)((delta << 4) | type));
  } else {
    put_byte(t, (uint8_t)type);
    put_uvarint(t, tpch_zigzag64(id));
  }
  t->last[t->depth - 1] = (int16_t)id;
}

static void push(pq_thrift *t) {
  if (t->depth >= PQ_THRIFT_MAX_DEPTH) {
    t->status = TPCH_EINVAL;
    return;
  }
  t->last[t->depth++] = 0;
}

void pq_thrift_begin(pq_thrift *t, tpch_buf *out) {
  t->out = out;
  t->depth = 0;
  t->status = TPCH_OK;
  push(t);
}

int pq_thrift_end(pq_thrift *t) {
  pq_thrift_struct_end(t);
  if (t->status == TPCH_OK && t->depth != 0) t->status = TPCH_EINVAL;
  return t->status;
}

void pq_thrift_i8(pq_thrift *t, int id, int8_t v) {
  field_header(t, id, PQ_T_I8);
  put_byte(t, (uint8_t)v);
}

void pq_thrift_i16(pq_thrift *t, int id, int16_t v) {
  field_header(t, id, PQ_T_I16);
  put_uvarint(t, tpch_zigzag64(v));
}

void pq_thrift_i32(pq_thrift *t, int id, int32_t v) {
  field_header(t, id, PQ_T_I32);
  put_uvarint(t, tpch_zigzag64(v));
}

void pq_thrift_i64(pq_thrift *t, int id, int64_t v) {
  field_header(t, id, PQ_T_I64);
  put_uvarint(t, tpch_zigzag64(v));
}

void pq_thrift_bool(pq_thrift *t, int id, int v) {
  field_header(t, id, v ? PQ_T_TRUE : PQ_T_FALSE);
}

void pq_thrift_binary(pq_thrift *t, int id, const void *p, size_t n) {
  field_header(t, id, PQ_T_BINARY);
  put_uvarint(t, n);
  put_bytes(t, p, n);
}

void pq_thrift_string(pq_thrift *t, int id, const char *s) {
  pq_thrift_binary(t, id, s, strlen(s));
}

void pq_thrift_struct_begin(pq_thrift *t, int id) {
  field_header(t, id, PQ_T_STRUCT);
  push(t);
}

void pq_thrift_struct_end(pq_thrift *t) {
  put_byte(t, PQ_T_STOP);
  if (t->depth > 0)
    t->depth--;
  else
    t->status = TPCH_EINVAL;
}

void pq_thrift_list_begin(pq_thrift *t, int id, int elem_type, int64_t n) {
  field_header(t, id, PQ_T_LIST);
  if (n < 0) {
    t->status = TPCH_EINVAL;
    return;
  }
  if (n <= 14) {
    put_byte(t, (uint8_t)((n << 4) | elem_type));
  } else {
    put_byte(t, (uint8_t)(0xF0 | elem_type));
    put_uvarint(t, (uint64_t)n);
  }
}

void pq_thrift_elem_i32(pq_thrift *t, int32_t v) {
  put_uvarint(t, tpch_zigzag64(v));
}

void pq_thrift_elem_i64(pq_thrift *t, int64_t v) {
  put_uvarint(t, tpch_zigzag64(v));
}

/* list<bool> elements are one byte each: 1 = true, 2 = false. */
void pq_thrift_elem_bool(pq_thrift *t, int v) {
  put_byte(t, v ? 1 : 2);
}

void pq_thrift_elem_binary(pq_thrift *t, const void *p, size_t n) {
  put_uvarint(t, n);
  put_bytes(t, p, n);
}

void pq_thrift_elem_struct_begin(pq_thrift *t) {
  push(t);
}
