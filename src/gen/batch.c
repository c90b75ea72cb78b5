#include "batch.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "arrow/arrow_schema.h"

static size_t align64(size_t n) {
  return (n + 63) & ~(size_t)63;
}

static size_t value_width(col_kind k) {
  switch (k) {
  case COL_I64: return 8;
  case COL_DEC: return 16;
  case COL_I32:
  case COL_DATE: return 4;
  default: return 0;
  }
}

const char *batch_format(col_kind k) {
  switch (k) {
  case COL_I64: return "l";
  case COL_I32: return "i";
  case COL_DEC: return "d:15,2";
  case COL_DATE: return "tdD";
  default: return "u";
  }
}

static void *default_alloc(void *ctx, size_t size) {
  (void)ctx;
  return aligned_alloc(64, size);
}

static void default_release(void *ctx, void *block, size_t size) {
  (void)ctx;
  (void)size;
  free(block);
}

/* The block holds, in this order, every fixed-width column and every
 * string column's offsets (all exactly `cap_rows` long), then the string
 * bytes, the column with the longest strings last. A batch is filled to
 * cap_rows, so only the string areas can end short of their room: a page
 * that is never touched costs no memory, and this order leaves at most one
 * partly used page per string column in the middle of the block (the
 * memory a consumer keeping every batch pays beyond the data). */
int batch_init(batch *b, const col_def *defs, int ncols, int64_t cap_rows, const tpch_allocator *a,
               tpch_error *err) {
  memset(b, 0, sizeof *b);
  b->alloc = a ? *a : (tpch_allocator){default_alloc, default_release, NULL};
  if (ncols > BATCH_MAX_COLS) return tpch_error_set(err, TPCH_EINVAL, "too many columns");
  size_t total = 0, at[BATCH_MAX_COLS], chars_at[BATCH_MAX_COLS];
  int last = -1; /* the string column with the longest values */
  for (int i = 0; i < ncols; i++) {
    at[i] = total;
    if (defs[i].kind == COL_STR) {
      total += align64((size_t)(cap_rows + 1) * 4);
      if (last < 0 || defs[i].max_len > defs[last].max_len) last = i;
    } else {
      total += align64((size_t)cap_rows * value_width(defs[i].kind));
    }
  }
  for (int i = 0; i < ncols; i++) {
    if (defs[i].kind != COL_STR || i == last) continue;
    chars_at[i] = total;
    total += align64((size_t)cap_rows * (size_t)defs[i].max_len);
  }
  if (last >= 0) {
    chars_at[last] = total;
    total += align64((size_t)cap_rows * (size_t)defs[last].max_len);
  }
  /* Rounded up to an eighth of its size, to a power of two: the batches of
   * one table then ask for a few sizes only, and an allocator that keeps
   * blocks (the CLI's) or a malloc that tunes its thresholds reuses them.
   * The rounding is at the end, where a page never touched costs nothing. */
  size_t grain = 64;
  while (grain * 16 <= total)
    grain *= 2;
  total = total == 0 ? 64 : (total + grain - 1) / grain * grain;
  uint8_t *block = b->alloc.alloc(b->alloc.ctx, total);
  if (block == NULL) return tpch_error_set(err, TPCH_ENOMEM, "cannot allocate a %zu-byte batch", total);
  for (int i = 0; i < ncols; i++) {
    batch_col *c = &b->cols[i];
    if (defs[i].kind == COL_STR) {
      c->offsets = (int32_t *)(block + at[i]);
      c->offsets[0] = 0;
      c->chars = (char *)(block + chars_at[i]);
    } else {
      c->values = block + at[i];
    }
  }
  b->block = block;
  b->block_size = total;
  b->defs = defs;
  b->ncols = ncols;
  b->cap_rows = cap_rows;
  return TPCH_OK;
}

void batch_free(batch *b) {
  if (b->block) b->alloc.release(b->alloc.ctx, b->block, b->block_size);
  b->block = NULL;
}

/* ---- Arrow export ---------------------------------------------------------
 * The parent and its children share one private struct with a reference
 * count, so a consumer may move a child out and release it independently of
 * the parent, as the C Data Interface allows. */

typedef struct export_priv {
  atomic_int refs;
  void *block;
  size_t block_size;
  tpch_allocator alloc;
  int ncols;
  const void *parent_buffers[1];
  const void *child_buffers[BATCH_MAX_COLS][3];
  struct ArrowArray children[BATCH_MAX_COLS];
  struct ArrowArray *child_ptrs[BATCH_MAX_COLS];
} export_priv;

static void priv_unref(export_priv *p) {
  if (atomic_fetch_sub(&p->refs, 1) == 1) {
    p->alloc.release(p->alloc.ctx, p->block, p->block_size);
    free(p);
  }
}

static void release_child(struct ArrowArray *a) {
  if (a->release == NULL) return;
  export_priv *p = a->private_data;
  a->release = NULL;
  priv_unref(p);
}

static void release_parent(struct ArrowArray *a) {
  if (a->release == NULL) return;
  export_priv *p = a->private_data;
  for (int64_t i = 0; i < a->n_children; i++)
    if (a->children[i]->release) a->children[i]->release(a->children[i]);
  a->release = NULL;
  priv_unref(p);
}

int batch_export(batch *b, struct ArrowArray *out, tpch_error *err) {
  export_priv *p = calloc(1, sizeof *p);
  if (p == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory exporting a batch");
  atomic_init(&p->refs, 1 + b->ncols);
  p->block = b->block;
  p->block_size = b->block_size;
  p->alloc = b->alloc;
  p->ncols = b->ncols;
  p->parent_buffers[0] = NULL;
  for (int i = 0; i < b->ncols; i++) {
    struct ArrowArray *c = &p->children[i];
    const batch_col *bc = &b->cols[i];
    p->child_buffers[i][0] = NULL; /* no validity bitmap: never null */
    if (b->defs[i].kind == COL_STR) {
      p->child_buffers[i][1] = bc->offsets;
      p->child_buffers[i][2] = bc->chars;
      c->n_buffers = 3;
    } else {
      p->child_buffers[i][1] = bc->values;
      c->n_buffers = 2;
    }
    c->length = b->rows;
    c->null_count = 0;
    c->offset = 0;
    c->buffers = p->child_buffers[i];
    c->n_children = 0;
    c->children = NULL;
    c->dictionary = NULL;
    c->release = release_child;
    c->private_data = p;
    p->child_ptrs[i] = c;
  }
  out->length = b->rows;
  out->null_count = 0;
  out->offset = 0;
  out->n_buffers = 1;
  out->n_children = b->ncols;
  out->buffers = p->parent_buffers;
  out->children = p->child_ptrs;
  out->dictionary = NULL;
  out->release = release_parent;
  out->private_data = p;
  b->block = NULL;
  return TPCH_OK;
}

/* ---- schema export (arrow_schema.h's one exporter) --------------------------- */

int batch_schema(const col_def *defs, int ncols, struct ArrowSchema *out, tpch_error *err) {
  if (ncols > BATCH_MAX_COLS) return tpch_error_set(err, TPCH_EINVAL, "too many columns");
  const char *names[BATCH_MAX_COLS], *formats[BATCH_MAX_COLS];
  for (int i = 0; i < ncols; i++) {
    names[i] = defs[i].name;
    formats[i] = batch_format(defs[i].kind);
  }
  return tpch_arrow_schema_table(out, ncols, names, formats, NULL, err); /* TPC-H columns are never null */
}
