/*
 * parquet_thrift.h - the subset of the Thrift compact protocol that the
 * Parquet footer, page headers and page index use, written into a tpch_buf.
 *
 * The encoder tracks the "last field id" of every open struct so callers
 * just name field ids in increasing order. Errors (out of memory, nesting
 * too deep) are sticky: encode everything, then check pq_thrift_status().
 */
#ifndef TPCH_PARQUET_THRIFT_H
#define TPCH_PARQUET_THRIFT_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"

/* Compact-protocol type nibbles. */
enum {
  PQ_T_STOP = 0,
  PQ_T_TRUE = 1,
  PQ_T_FALSE = 2,
  PQ_T_I8 = 3,
  PQ_T_I16 = 4,
  PQ_T_I32 = 5,
  PQ_T_I64 = 6,
  PQ_T_DOUBLE = 7,
  PQ_T_BINARY = 8,
  PQ_T_LIST = 9,
  PQ_T_STRUCT = 12
};

#define PQ_THRIFT_MAX_DEPTH 16

typedef struct pq_thrift {
  tpch_buf *out;
  int depth;                         /* number of open structs */
  int16_t last[PQ_THRIFT_MAX_DEPTH]; /* last field id written in each open struct */
  int status;                        /* TPCH_OK or the first error */
} pq_thrift;

/* Starts encoding into `out` (appending) with the outermost struct open. */
void pq_thrift_begin(pq_thrift *t, tpch_buf *out);

/* Closes the outermost struct and returns TPCH_OK or the first error met. */
int pq_thrift_end(pq_thrift *t);

/* Fields of the innermost open struct; ids must increase within a struct. */
void pq_thrift_i8(pq_thrift *t, int id, int8_t v);
void pq_thrift_i16(pq_thrift *t, int id, int16_t v);
void pq_thrift_i32(pq_thrift *t, int id, int32_t v);
void pq_thrift_i64(pq_thrift *t, int id, int64_t v);
void pq_thrift_bool(pq_thrift *t, int id, int v);
void pq_thrift_binary(pq_thrift *t, int id, const void *p, size_t n);
void pq_thrift_string(pq_thrift *t, int id, const char *s);

/* A struct-valued field: begin, its fields, then pq_thrift_struct_end. */
void pq_thrift_struct_begin(pq_thrift *t, int id);
void pq_thrift_struct_end(pq_thrift *t);

/* A list-valued field with `n` elements of compact type `elem_type`,
 * followed by exactly n pq_thrift_elem_* calls (or n elem_struct_begin/
 * struct_end pairs). */
void pq_thrift_list_begin(pq_thrift *t, int id, int elem_type, int64_t n);
void pq_thrift_elem_i32(pq_thrift *t, int32_t v);
void pq_thrift_elem_i64(pq_thrift *t, int64_t v);
void pq_thrift_elem_bool(pq_thrift *t, int v);
void pq_thrift_elem_binary(pq_thrift *t, const void *p, size_t n);
void pq_thrift_elem_struct_begin(pq_thrift *t);

#endif /* TPCH_PARQUET_THRIFT_H */
