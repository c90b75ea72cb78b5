#include "buf.h"

#include <stdlib.h>

#include "tpch_error.h"

void tpch_buf_init(tpch_buf *b) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

void tpch_buf_free(tpch_buf *b) {
  free(b->data);
  tpch_buf_init(b);
}

int tpch_buf_grow(tpch_buf *b, size_t extra) {
  size_t need = b->len + extra;
  if (need < b->len) return TPCH_ENOMEM; /* overflow */
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) {
      cap = need;
      break;
    }
    cap *= 2;
  }
  uint8_t *p = realloc(b->data, cap);
  if (p == NULL) return TPCH_ENOMEM;
  b->data = p;
  b->cap = cap;
  return TPCH_OK;
}
