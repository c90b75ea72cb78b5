/*
 * lance_file.c - Lance data files (file format 2.0 or 2.1), written as a
 * stream.
 *
 * Each column keeps one open page (plain buffers: values, u64 string ends,
 * a validity bitmap). When a page reaches `page_bytes` it is encoded - as
 * 2.0 flat buffers here, or by lance_enc21.c in 2.1's compressed mini-block
 * layout - and its buffers go straight to the file, so the pages of
 * different columns interleave and memory stays at about one page per
 * column. The footer (schema, column metadata, offset tables) is written at
 * finish. Layout and encodings: LANCE.md §3, LANCE21.md.
 */
#include "lance_file.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/buf.h"
#include "io/random.h"
#include "io/sink.h"
#include "lance_enc21.h"
#include "lance_manifest.h"
#include "lance_proto.h"
#include "lance_schema.h"

#define LANCE_ALIGN 64

typedef struct column_state {
  const lance_column_def *def;
  tpch_buf values;   /* fixed-width values, bool bitmap, or string bytes */
  tpch_buf ends;     /* strings: u64 end offsets, one per row */
  tpch_buf validity; /* bitmap, only once the page has a null */
  int64_t rows;      /* rows in the open page */
  int64_t nulls;     /* nulls in the open page */
  int has_validity;
  int64_t first_row; /* row number of the open page's first row in the file */
  tpch_buf meta;     /* encoded ColumnMetadata.pages of the flushed pages */
} column_state;

enum { FILE_OPEN = 0, FILE_FINISHED, FILE_FAILED };

struct tpch_lance_file_writer {
  lance_schema schema;
  column_state *cols;
  tpch_sink sink;
  char name[128];
  uint64_t pos; /* bytes written so far = offset of the next buffer */
  int64_t rows;
  int64_t page_bytes;
  int state;
  int minor;              /* file format 2.<minor>: 0 or 1 */
  lance21_encoder *enc21; /* 2.1 only */
  tpch_buf scratch;
};

/* ---- small helpers -------------------------------------------------------- */

/* Here, beside lance_options_resolve, so the data-file writer does not
 * depend on lance_writer.c (which depends on it). */
void tpch_lance_writer_options_init(tpch_lance_writer_options *opts) {
  if (opts != NULL) memset(opts, 0, sizeof *opts); /* every 0 is the default (zstd at level 3) */
}

int lance_options_resolve(const tpch_lance_writer_options *opts, tpch_lance_writer_options *out,
                          tpch_error *err) {
  tpch_lance_writer_options_init(out);
  out->max_rows_per_file = LANCE_DEFAULT_MAX_ROWS_PER_FILE;
  out->page_bytes = LANCE_DEFAULT_PAGE_BYTES;
  if (opts == NULL) return TPCH_OK;
  *out = *opts;
  if (opts->mode != TPCH_WRITE_CREATE && opts->mode != TPCH_WRITE_APPEND &&
      opts->mode != TPCH_WRITE_OVERWRITE)
    return tpch_error_set(err, TPCH_EINVAL, "unknown Lance write mode %d", (int)opts->mode);
  if (opts->max_rows_per_file < 0 || opts->max_rows_per_file > LANCE_MAX_ROWS_PER_FRAGMENT)
    return tpch_error_set(err, TPCH_EINVAL, "max_rows_per_file must be between 1 and 2^32-1 (0 = default)");
  if (opts->page_bytes < 0 || opts->page_bytes > ((int64_t)1 << 40))
    return tpch_error_set(err, TPCH_EINVAL, "page_bytes must be between 1 and 2^40 (0 = default)");
  if (opts->compression != TPCH_LANCE_COMPRESSION_ZSTD && opts->compression != TPCH_LANCE_COMPRESSION_LZ4 &&
      opts->compression != TPCH_LANCE_COMPRESSION_NONE)
    return tpch_error_set(err, TPCH_EINVAL, "unknown Lance compression %d", (int)opts->compression);
  if (opts->compression_level < 0 || opts->compression_level > 22)
    return tpch_error_set(err, TPCH_EINVAL, "compression_level must be between 1 and 22 (0 = default)");
  if (opts->max_rows_per_file == 0) out->max_rows_per_file = LANCE_DEFAULT_MAX_ROWS_PER_FILE;
  if (opts->page_bytes == 0) out->page_bytes = LANCE_DEFAULT_PAGE_BYTES;
  if (opts->file_version == NULL || opts->file_version[0] == '\0')
    out->file_version = NULL; /* automatic: the dataset's version when appending, else the default */
  else if (strcmp(opts->file_version, "2.0") == 0)
    out->file_version = "2.0";
  else if (strcmp(opts->file_version, "2.1") == 0)
    out->file_version = "2.1";
  else
    return tpch_error_set(err, TPCH_EUNSUPPORTED,
                          "Lance file version '%s' is not supported (\"2.0\" or \"2.1\")",
                          opts->file_version);
  return TPCH_OK;
}

int lance_dataset_file_minor(const char *uri, int *minor, tpch_error *err) {
  uint64_t latest;
  int scheme;
  *minor = -1;
  int rc = lance_dataset_latest(uri, &latest, &scheme, err);
  if (rc != TPCH_OK || latest == 0) return rc;
  lance_manifest m;
  rc = lance_manifest_load(&m, uri, latest, scheme, err);
  if (rc != TPCH_OK) return rc;
  if (m.has_data_format) {
    if (strcmp(m.file_format, "lance") == 0 && strcmp(m.format_version, "2.0") == 0)
      *minor = 0;
    else if (strcmp(m.file_format, "lance") == 0 && strcmp(m.format_version, "2.1") == 0)
      *minor = 1;
    else
      rc = tpch_error_set(err, TPCH_EUNSUPPORTED,
                          "the dataset at '%s' stores %s %s data files; this writer writes Lance 2.0 and 2.1",
                          uri, m.file_format, m.format_version);
  } else {
    *minor = 0;
    for (size_t i = 0; i < m.n_frags; i++)
      if (!m.frags[i].all_files_v2_0) *minor = -1;
    if (*minor < 0)
      rc = tpch_error_set(
          err, TPCH_EUNSUPPORTED,
          "the dataset at '%s' stores data files of a Lance version this writer does not write", uri);
  }
  lance_manifest_free(&m);
  return rc;
}

int lance_options_file_minor(const char *uri, const tpch_lance_writer_options *resolved, int *minor,
                             tpch_error *err) {
  int rc = TPCH_OK;
  if (resolved->file_version != NULL) {
    *minor = strcmp(resolved->file_version, "2.1") == 0;
  } else {
    *minor = LANCE_DEFAULT_FILE_MINOR;
    int found;
    if (resolved->mode == TPCH_WRITE_APPEND) rc = lance_dataset_file_minor(uri, &found, err);
    if (resolved->mode == TPCH_WRITE_APPEND && rc == TPCH_OK && found >= 0) *minor = found;
  }
  if (rc != TPCH_OK || *minor != 0 || resolved->compression != TPCH_LANCE_COMPRESSION_LZ4) return rc;
  if (resolved->file_version != NULL)
    return tpch_error_set(err, TPCH_EUNSUPPORTED,
                          "lz4 compression needs Lance file version 2.1 (2.0 stores pages uncompressed)");
  return tpch_error_set(err, TPCH_EUNSUPPORTED,
                        "lz4 compression needs Lance file version 2.1, and the dataset at '%s' has 2.0 files "
                        "(new files must match; 2.0 stores pages uncompressed)",
                        uri);
}

/* ---- bitmaps -------------------------------------------------------------- */

static inline void put_bit(uint8_t *bm, int64_t i, int v) {
  uint8_t m = (uint8_t)(1u << (i & 7));
  bm[i >> 3] = v ? (uint8_t)(bm[i >> 3] | m) : (uint8_t)(bm[i >> 3] & ~m);
}

/* Copies n bits from src (starting at bit s) to dst (starting at bit d).
 * Whole bytes in the middle, so only the ends cost a step per bit. */
static void copy_bits(uint8_t *dst, int64_t d, const uint8_t *src, int64_t s, int64_t n) {
  while (n > 0 && (d & 7)) {
    put_bit(dst, d++, tpch_arrow_bit(src, s++));
    n--;
  }
  int64_t nbytes = n >> 3;
  uint8_t *out = dst + (d >> 3);
  const uint8_t *in = src + (s >> 3);
  int sh = (int)(s & 7);
  if (sh == 0) {
    memcpy(out, in, (size_t)nbytes);
  } else {
    for (int64_t k = 0; k < nbytes; k++)
      out[k] = (uint8_t)((in[k] >> sh) | (in[k + 1] << (8 - sh)));
  }
  d += nbytes * 8;
  s += nbytes * 8;
  n -= nbytes * 8;
  while (n-- > 0)
    put_bit(dst, d++, tpch_arrow_bit(src, s++));
}

static void set_ones(uint8_t *dst, int64_t d, int64_t n) {
  while (n > 0 && (d & 7)) {
    put_bit(dst, d++, 1);
    n--;
  }
  memset(dst + (d >> 3), 0xff, (size_t)(n >> 3));
  d += (n >> 3) * 8;
  n &= 7;
  while (n-- > 0)
    put_bit(dst, d++, 1);
}

static int64_t count_ones(const uint8_t *bm, int64_t s, int64_t n) {
  int64_t c = 0;
  while (n > 0 && (s & 7)) {
    c += tpch_arrow_bit(bm, s++);
    n--;
  }
  const uint8_t *p = bm + (s >> 3);
  int64_t nbytes = n >> 3, k = 0;
  for (; k + 8 <= nbytes; k += 8) {
    uint64_t w;
    memcpy(&w, p + k, 8);
    c += __builtin_popcountll(w);
  }
  for (; k < nbytes; k++)
    c += __builtin_popcount(p[k]);
  s += nbytes * 8;
  n &= 7;
  while (n-- > 0)
    c += tpch_arrow_bit(bm, s++);
  return c;
}

/* Grows bitmap buffer `b` to hold `bits` bits; new bytes are zero. */
static int bitmap_grow(tpch_buf *b, int64_t bits) {
  size_t need = (size_t)((bits + 7) / 8);
  if (need <= b->len) return TPCH_OK;
  int rc = tpch_buf_reserve(b, need - b->len);
  if (rc != TPCH_OK) return rc;
  memset(b->data + b->len, 0, need - b->len);
  b->len = need;
  return TPCH_OK;
}

/* ---- page encodings (lance.encodings, 2.0) -------------------------------- */

/* ArrayEncoding.flat{bits_per_value, buffer{buffer_index}}; the Buffer
 * message is emitted even when empty (the reader unwraps it). */
static int enc_flat(tpch_buf *b, uint32_t field, uint64_t bits, uint64_t buffer_index) {
  size_t m_outer, m_flat, m_buf;
  int rc = tpch_pb_begin(b, field, &m_outer);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 1, &m_flat);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 1, bits);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 2, &m_buf);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 1, buffer_index);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_buf);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_flat);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_outer);
  return rc;
}

/* Nullable{no_nulls{values: flat}} around buffer 0. */
static int enc_no_nulls(tpch_buf *b, uint64_t bits) {
  size_t m_null, m_none;
  int rc = tpch_pb_begin(b, 2, &m_null);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 1, &m_none);
  if (rc == TPCH_OK) rc = enc_flat(b, 1, bits, 0);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_none);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_null);
  return rc;
}

/* Nullable{some_nulls{validity: flat{1, buf 0}, values: flat{bits, buf 1}}}. */
static int enc_some_nulls(tpch_buf *b, uint64_t bits) {
  size_t m_null, m_some;
  int rc = tpch_pb_begin(b, 2, &m_null);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 2, &m_some);
  if (rc == TPCH_OK) rc = enc_flat(b, 1, 1, 0);
  if (rc == TPCH_OK) rc = enc_flat(b, 2, bits, 1);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_some);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_null);
  return rc;
}

/* Nullable{all_nulls{}}; the empty message must be present. */
static int enc_all_nulls(tpch_buf *b) {
  size_t m_null;
  int rc = tpch_pb_begin(b, 2, &m_null);
  if (rc == TPCH_OK) rc = tpch_pb_bytes(b, 3, NULL, 0);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_null);
  return rc;
}

/* Binary{indices: nullable{no_nulls{flat{64, buf 0}}}, bytes: flat{8, buf 1},
 * null_adjustment}. Nulls live in the indices (end + null_adjustment). */
static int enc_binary(tpch_buf *b, uint64_t null_adjustment) {
  size_t m_bin, m_idx;
  int rc = tpch_pb_begin(b, 6, &m_bin);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 1, &m_idx);
  if (rc == TPCH_OK) rc = enc_no_nulls(b, 64);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_idx);
  if (rc == TPCH_OK) rc = enc_flat(b, 2, 8, 1);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 3, null_adjustment);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_bin);
  return rc;
}

/* Encoding{direct{encoding: Any{type_url, value}}} as field `field`. */
static int enc_direct_any(tpch_buf *b, uint32_t field, const char *type_url, const void *value, size_t len) {
  size_t m_enc, m_direct, m_any;
  int rc = tpch_pb_begin(b, field, &m_enc);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 2, &m_direct);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 1, &m_any);
  if (rc == TPCH_OK) rc = lance_pb_str(b, 1, type_url);
  if (rc == TPCH_OK) rc = tpch_pb_bytes(b, 2, value, len);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_any);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_direct);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m_enc);
  return rc;
}

/* ---- writing buffers -------------------------------------------------------- */

static int fail(tpch_lance_file_writer *f, int rc, tpch_error *err, const char *what) {
  f->state = FILE_FAILED;
  if (rc == TPCH_ENOMEM) return tpch_error_set(err, rc, "out of memory %s", what);
  return rc;
}

/* Writes `b` as one data buffer, then zero padding up to the next 64-byte
 * boundary. The padding goes out as its own small write so that a page
 * buffer never needs more than page_bytes of memory. */
static int write_buffer(tpch_lance_file_writer *f, const tpch_buf *b, uint64_t *pos, uint64_t *size,
                        tpch_error *err) {
  static const uint8_t zeros[LANCE_ALIGN];
  *pos = f->pos;
  *size = b->len;
  if (b->len == 0) return TPCH_OK;
  size_t pad = (LANCE_ALIGN - b->len % LANCE_ALIGN) % LANCE_ALIGN;
  int rc = tpch_sink_write(&f->sink, b->data, b->len, err);
  if (rc == TPCH_OK && pad) rc = tpch_sink_write(&f->sink, zeros, pad, err);
  if (rc != TPCH_OK) return fail(f, rc, err, "");
  f->pos += b->len + pad;
  return TPCH_OK;
}

/* Null rows of a string page store end + null_adjustment (LANCE.md §3.5). */
static void adjust_null_ends(column_state *c, uint64_t adj) {
  uint8_t *e = c->ends.data;
  for (int64_t i = 0; i < c->rows; i++) {
    if (tpch_arrow_bit(c->validity.data, i)) continue;
    uint64_t v;
    memcpy(&v, e + i * 8, 8);
    v += adj;
    memcpy(e + i * 8, &v, 8);
  }
}

/* Picks the page's ArrayEncoding into f->scratch and lists its buffers. */
static int page_layout(tpch_lance_file_writer *f, column_state *c, tpch_buf **bufs, int *nbufs) {
  tpch_buf *sc = &f->scratch;
  tpch_buf_reset(sc);
  *nbufs = 0;
  if (c->def->bits == 0) {
    uint64_t adj = (uint64_t)c->values.len + 1;
    if (c->nulls > 0) adjust_null_ends(c, adj);
    bufs[(*nbufs)++] = &c->ends;
    bufs[(*nbufs)++] = &c->values;
    return enc_binary(sc, adj);
  }
  if (c->nulls == 0) {
    bufs[(*nbufs)++] = &c->values;
    return enc_no_nulls(sc, (uint64_t)c->def->bits);
  }
  if (c->nulls == c->rows) return enc_all_nulls(sc);
  bufs[(*nbufs)++] = &c->validity;
  bufs[(*nbufs)++] = &c->values;
  return enc_some_nulls(sc, (uint64_t)c->def->bits);
}

/* Encodes the open page of `c` in 2.1's layout; the PageLayout message
 * goes to *layout. */
static int page_layout21(tpch_lance_file_writer *f, column_state *c, const tpch_buf **layout,
                         const tpch_buf **bufs, int *nbufs, tpch_error *err) {
  lance21_page p = {
      c->def,  c->values.data, c->values.len, c->ends.data, c->has_validity ? c->validity.data : NULL,
      c->rows, c->nulls};
  int rc = lance21_encode_page(f->enc21, &p, layout, bufs, nbufs, err);
  if (rc != TPCH_OK) f->state = FILE_FAILED;
  return rc;
}

/* Writes the open page of `c` (if it has rows) and records its Page. */
static int flush_page(tpch_lance_file_writer *f, column_state *c, tpch_error *err) {
  if (c->rows == 0) return TPCH_OK;
  const tpch_buf *bufs[3];
  const tpch_buf *layout = &f->scratch;
  const char *type_url = "/lance.encodings.ArrayEncoding";
  int nbufs, rc;
  if (f->minor == 1) {
    type_url = "/lance.encodings21.PageLayout";
    rc = page_layout21(f, c, &layout, bufs, &nbufs, err);
    if (rc != TPCH_OK) return rc;
  } else {
    tpch_buf *b20[2];
    rc = page_layout(f, c, b20, &nbufs);
    if (rc != TPCH_OK) return fail(f, rc, err, "encoding a page");
    for (int i = 0; i < nbufs; i++)
      bufs[i] = b20[i];
  }
  uint64_t pos[3], size[3];
  for (int i = 0; i < nbufs; i++) {
    rc = write_buffer(f, bufs[i], &pos[i], &size[i], err);
    if (rc != TPCH_OK) return rc;
  }
  /* ColumnMetadata.pages(2) = Page{buffer_offsets=1, buffer_sizes=2,
   * length=3, encoding=4, priority=5 (first row of the page)} */
  size_t m_page;
  tpch_buf *m = &c->meta;
  rc = tpch_pb_begin(m, 2, &m_page);
  if (rc == TPCH_OK) rc = tpch_pb_packed(m, 1, pos, (size_t)nbufs);
  if (rc == TPCH_OK) rc = tpch_pb_packed(m, 2, size, (size_t)nbufs);
  if (rc == TPCH_OK) rc = lance_pb_uint(m, 3, (uint64_t)c->rows);
  if (rc == TPCH_OK) rc = enc_direct_any(m, 4, type_url, layout->data, layout->len);
  if (rc == TPCH_OK) rc = lance_pb_uint(m, 5, (uint64_t)c->first_row);
  if (rc == TPCH_OK) rc = tpch_pb_end(m, m_page);
  if (rc != TPCH_OK) return fail(f, rc, err, "encoding page metadata");
  c->first_row += c->rows;
  c->rows = c->nulls = 0;
  c->has_validity = 0;
  tpch_buf_reset(&c->values);
  tpch_buf_reset(&c->ends);
  tpch_buf_reset(&c->validity);
  return TPCH_OK;
}

/* ---- appending rows ---------------------------------------------------------- */

static int64_t page_fill(const column_state *c) {
  return (int64_t)(c->values.len + c->ends.len + c->validity.len);
}

/* How many of the n rows starting at `base` go into the open page before it
 * reaches page_bytes (at least one, so a huge value gets its own page). */
static int64_t rows_that_fit(const tpch_lance_file_writer *f, const column_state *c,
                             const struct ArrowArray *ca, int64_t base, int64_t n) {
  int64_t room = f->page_bytes - page_fill(c);
  if (room <= 0) return 1;
  if (c->def->bits != 0) {
    int64_t k = room * 8 / c->def->bits;
    return k < 1 ? 1 : (k < n ? k : n);
  }
  /* Strings cost 8 bytes per end offset plus their bytes; Arrow offsets are
   * ascending, so the cut can be found by bisection. */
  const void *offs = ca->buffers[1];
  int w = c->def->offset_bytes;
  int64_t o0 = tpch_arrow_offset_at(offs, w, base);
  int64_t lo = 1, hi = n;
  if (8 * n + (tpch_arrow_offset_at(offs, w, base + n) - o0) <= room) return n;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo + 1) / 2;
    if (8 * mid + (tpch_arrow_offset_at(offs, w, base + mid) - o0) <= room)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

/* Adds the validity of rows [base, base+n) to the open page. The page gets a
 * bitmap only once it sees a null; earlier rows are then marked valid. */
static int append_validity(column_state *c, const struct ArrowArray *ca, int64_t base, int64_t n,
                           int64_t *nulls_out) {
  const uint8_t *vm = (const uint8_t *)ca->buffers[0];
  int64_t nulls = (ca->null_count == 0 || vm == NULL) ? 0 : n - count_ones(vm, base, n);
  *nulls_out = nulls;
  if (nulls > 0 && !c->has_validity) {
    if (c->rows > 0) {
      int rc = bitmap_grow(&c->validity, c->rows);
      if (rc != TPCH_OK) return rc;
      set_ones(c->validity.data, 0, c->rows);
    }
    c->has_validity = 1;
  }
  if (!c->has_validity) return TPCH_OK;
  int rc = bitmap_grow(&c->validity, c->rows + n);
  if (rc != TPCH_OK) return rc;
  if (nulls == 0)
    set_ones(c->validity.data, c->rows, n);
  else
    copy_bits(c->validity.data, c->rows, vm, base, n);
  return TPCH_OK;
}

static int append_fixed(column_state *c, const struct ArrowArray *ca, int64_t base, int64_t n) {
  const uint8_t *src = (const uint8_t *)ca->buffers[1];
  if (c->def->bits == 1) {
    int rc = bitmap_grow(&c->values, c->rows + n);
    if (rc == TPCH_OK) copy_bits(c->values.data, c->rows, src, base, n);
    return rc;
  }
  size_t w = (size_t)c->def->bits / 8;
  return tpch_buf_append(&c->values, src + (size_t)base * w, (size_t)n * w);
}

/* Strings: Arrow start offsets become u64 end offsets relative to the page.
 * Without nulls this is one memcpy of the bytes plus one subtraction per
 * row; with nulls, null slots contribute no bytes. */
static int append_var(column_state *c, const struct ArrowArray *ca, int64_t base, int64_t n, int64_t nulls) {
  const void *offs = ca->buffers[1];
  const uint8_t *data = (const uint8_t *)ca->buffers[2];
  int w = c->def->offset_bytes;
  int rc = tpch_buf_reserve(&c->ends, (size_t)n * 8);
  if (rc != TPCH_OK) return rc;
  uint8_t *e = c->ends.data + c->ends.len;
  uint64_t cur = c->values.len;
  /* offsets start at >= 0 and ascend: checked once for the batch (tpch_arrow_check_batch) */
  int64_t prev = tpch_arrow_offset_at(offs, w, base), o0 = prev;
  for (int64_t i = 0; i < n; i++) {
    int64_t o = tpch_arrow_offset_at(offs, w, base + i + 1);
    if (nulls == 0 || tpch_arrow_is_valid(ca, base + i - ca->offset)) {
      if (nulls != 0 && o > prev) {
        rc = tpch_buf_append(&c->values, data + prev, (size_t)(o - prev));
        if (rc != TPCH_OK) return rc;
      }
      if (o > prev) cur += (uint64_t)(o - prev);
    }
    memcpy(e + i * 8, &cur, 8);
    prev = o;
  }
  if (nulls == 0 && prev > o0) rc = tpch_buf_append(&c->values, data + o0, (size_t)(prev - o0));
  if (rc == TPCH_OK) c->ends.len += (size_t)n * 8;
  return rc;
}

/* Appends rows [base, base+n) of column array `ca` (buffer coordinates,
 * i.e. its offset already included) to the open page of `c`. */
static int append_rows(column_state *c, const struct ArrowArray *ca, int64_t base, int64_t n,
                       tpch_error *err) {
  int64_t nulls;
  int rc = append_validity(c, ca, base, n, &nulls);
  if (rc == TPCH_OK) rc = c->def->bits ? append_fixed(c, ca, base, n) : append_var(c, ca, base, n, nulls);
  if (rc == TPCH_ENOMEM) return tpch_error_set(err, rc, "out of memory buffering column '%s'", c->def->name);
  if (rc != TPCH_OK) return rc;
  c->rows += n;
  c->nulls += nulls;
  return TPCH_OK;
}

int lance_file_write_rows(tpch_lance_file_writer *f, const struct ArrowArray *batch, int64_t start, int64_t n,
                          tpch_error *err) {
  if (f->state != FILE_OPEN) return tpch_error_set(err, TPCH_ESTATE, "Lance data file is finished or failed");
  if (n <= 0) return TPCH_OK;
  if (f->rows + n > LANCE_MAX_ROWS_PER_FRAGMENT) {
    f->state = FILE_FAILED;
    return tpch_error_set(err, TPCH_EINVAL, "a Lance data file holds fewer than 2^32 rows");
  }
  for (size_t i = 0; i < f->schema.n; i++) {
    column_state *c = &f->cols[i];
    const struct ArrowArray *ca = batch->children[i];
    int64_t base = batch->offset + ca->offset + start;
    for (int64_t done = 0; done < n;) {
      int64_t k = rows_that_fit(f, c, ca, base + done, n - done);
      int rc = append_rows(c, ca, base + done, k, err);
      if (rc == TPCH_OK && page_fill(c) >= f->page_bytes) rc = flush_page(f, c, err);
      if (rc != TPCH_OK) {
        f->state = FILE_FAILED;
        return rc;
      }
      done += k;
    }
  }
  f->rows += n;
  return TPCH_OK;
}

/* ---- public API --------------------------------------------------------------- */

static void file_free(tpch_lance_file_writer *f) {
  for (size_t i = 0; f->cols && i < f->schema.n; i++) {
    tpch_buf_free(&f->cols[i].values);
    tpch_buf_free(&f->cols[i].ends);
    tpch_buf_free(&f->cols[i].validity);
    tpch_buf_free(&f->cols[i].meta);
  }
  free(f->cols);
  lance21_encoder_free(f->enc21);
  tpch_buf_free(&f->scratch);
  lance_schema_free(&f->schema);
  free(f);
}

/* Opens the sink for a new randomly named file under <uri>/data/. */
static int open_data_file(tpch_lance_file_writer *f, const char *uri, int fsync_on, tpch_error *err) {
  char dir[PATH_MAX], path[PATH_MAX];
  if ((size_t)snprintf(dir, sizeof dir, "%s/data", uri) >= sizeof dir)
    return tpch_error_set(err, TPCH_EINVAL, "dataset path too long: '%s'", uri);
  int rc = tpch_mkdirs(dir, err);
  if (rc != TPCH_OK) return rc;
  uint8_t rnd[16];
  rc = tpch_random_bytes(rnd, sizeof rnd, err);
  if (rc != TPCH_OK) return rc;
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 16; i++) {
    f->name[2 * i] = hex[rnd[i] >> 4];
    f->name[2 * i + 1] = hex[rnd[i] & 15];
  }
  memcpy(f->name + 32, ".lance", 7);
  if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, f->name) >= sizeof path)
    return tpch_error_set(err, TPCH_EINVAL, "dataset path too long: '%s'", uri);
  return tpch_sink_open(&f->sink, path, fsync_on ? 0 : TPCH_SINK_NOSYNC, err);
}

int tpch_lance_file_writer_create(tpch_lance_file_writer **out, const char *uri,
                                  const struct ArrowSchema *schema, const tpch_lance_writer_options *opts,
                                  tpch_error *err) {
  if (out == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL output pointer");
  *out = NULL;
  if (uri == NULL || uri[0] == '\0') return tpch_error_set(err, TPCH_EINVAL, "empty dataset path");
  tpch_lance_writer_options o;
  int rc = lance_options_resolve(opts, &o, err);
  if (rc != TPCH_OK) return rc;
  tpch_lance_file_writer *f = calloc(1, sizeof *f);
  if (f == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  f->sink.fd = -1;
  rc = lance_schema_from_arrow(&f->schema, schema, err);
  if (rc != TPCH_OK) {
    free(f);
    return rc;
  }
  f->cols = calloc(f->schema.n, sizeof *f->cols);
  if (f->cols == NULL) {
    file_free(f);
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < f->schema.n; i++)
    f->cols[i].def = &f->schema.cols[i];
  f->page_bytes = o.page_bytes;
  rc = lance_options_file_minor(uri, &o, &f->minor, err);
  if (rc == TPCH_OK && f->minor == 1 &&
      (f->enc21 = lance21_encoder_new(o.compression, o.compression_level)) == NULL)
    rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (rc == TPCH_OK) rc = open_data_file(f, uri, !o.no_fsync, err);
  if (rc != TPCH_OK) {
    file_free(f);
    return rc;
  }
  *out = f;
  return TPCH_OK;
}

int tpch_lance_file_writer_write(tpch_lance_file_writer *f, const struct ArrowArray *batch, tpch_error *err) {
  if (f == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL Lance file writer");
  if (f->state != FILE_OPEN) return tpch_error_set(err, TPCH_ESTATE, "Lance data file is finished or failed");
  int rc = tpch_arrow_check_batch(&f->schema.arrow, batch, err);
  if (rc != TPCH_OK) return rc;
  return lance_file_write_rows(f, batch, 0, batch->length, err);
}

int64_t tpch_lance_file_writer_rows(const tpch_lance_file_writer *f) {
  return f ? f->rows : 0;
}

/* FileDescriptor{schema=1: Schema{fields=1}, length=2} into f->scratch. */
static int encode_descriptor(tpch_lance_file_writer *f) {
  tpch_buf *b = &f->scratch;
  size_t m;
  tpch_buf_reset(b);
  int rc = tpch_pb_begin(b, 1, &m);
  if (rc == TPCH_OK) rc = lance_schema_encode_fields(&f->schema, b, 1);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 2, (uint64_t)f->rows);
  return rc;
}

/* Appends ColumnMetadata of every column plus the CMO and GBO tables and the
 * 40-byte footer to f->scratch, which starts at file offset f->pos. */
static int encode_tail(tpch_lance_file_writer *f, uint64_t gb0_pos, uint64_t gb0_len) {
  tpch_buf *b = &f->scratch;
  static const uint8_t column_encoding_values[] = {0x0a, 0x00}; /* ColumnEncoding{values: Empty{}} */
  uint64_t meta_start = f->pos;
  uint64_t *cmo = calloc(2 * f->schema.n, sizeof *cmo);
  if (cmo == NULL) return TPCH_ENOMEM;
  int rc = TPCH_OK;
  tpch_buf_reset(b);
  for (size_t i = 0; i < f->schema.n && rc == TPCH_OK; i++) {
    size_t start = b->len;
    rc = enc_direct_any(b, 1, "/lance.encodings.ColumnEncoding", column_encoding_values,
                        sizeof column_encoding_values);
    if (rc == TPCH_OK) rc = tpch_buf_append(b, f->cols[i].meta.data, f->cols[i].meta.len);
    cmo[2 * i] = meta_start + start;
    cmo[2 * i + 1] = b->len - start;
  }
  uint64_t cmo_pos = meta_start + b->len;
  for (size_t i = 0; i < 2 * f->schema.n && rc == TPCH_OK; i++)
    rc = tpch_buf_put_le(b, cmo[i], 8);
  free(cmo);
  uint64_t gbo_pos = meta_start + b->len;
  if (rc == TPCH_OK) rc = tpch_buf_put_le(b, gb0_pos, 8);
  if (rc == TPCH_OK) rc = tpch_buf_put_le(b, gb0_len, 8);
  /* footer: A, B, C, #global buffers, #columns, major.minor (0.3 = 2.0), magic */
  if (rc == TPCH_OK) rc = tpch_buf_put_le(b, meta_start, 8);
  if (rc == TPCH_OK) rc = tpch_buf_put_le(b, cmo_pos, 8);
  if (rc == TPCH_OK) rc = tpch_buf_put_le(b, gbo_pos, 8);
  if (rc == TPCH_OK) rc = tpch_buf_put_le(b, 1, 4);
  if (rc == TPCH_OK) rc = tpch_buf_put_le(b, f->schema.n, 4);
  if (rc == TPCH_OK) rc = tpch_buf_put_le(b, f->minor ? 2 : 0, 2);
  if (rc == TPCH_OK) rc = tpch_buf_put_le(b, f->minor ? 1 : 3, 2);
  if (rc == TPCH_OK) rc = tpch_buf_append(b, "LANC", 4);
  return rc;
}

/* Global buffer 0 (the schema) goes right after the data and before the
 * column metadata: the reader slices the metadata relative to it. */
static int write_footer(tpch_lance_file_writer *f, tpch_error *err) {
  int rc = encode_descriptor(f);
  if (rc != TPCH_OK) return fail(f, rc, err, "encoding the file schema");
  uint64_t gb0_pos = f->pos, gb0_len = f->scratch.len;
  rc = tpch_sink_write(&f->sink, f->scratch.data, f->scratch.len, err);
  if (rc != TPCH_OK) return fail(f, rc, err, "");
  f->pos += gb0_len;
  rc = encode_tail(f, gb0_pos, gb0_len);
  if (rc != TPCH_OK) return fail(f, rc, err, "encoding the file footer");
  rc = tpch_sink_write(&f->sink, f->scratch.data, f->scratch.len, err);
  if (rc != TPCH_OK) return fail(f, rc, err, "");
  f->pos += f->scratch.len;
  return TPCH_OK;
}

int tpch_lance_file_writer_finish(tpch_lance_file_writer *f, tpch_lance_fragment *frag, tpch_error *err) {
  if (f == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL Lance file writer");
  if (f->state != FILE_OPEN) return tpch_error_set(err, TPCH_ESTATE, "Lance data file is finished or failed");
  for (size_t i = 0; i < f->schema.n; i++) {
    int rc = flush_page(f, &f->cols[i], err);
    if (rc != TPCH_OK) return rc;
  }
  char *name = NULL; /* allocated before the commit: a finished file always gets its fragment */
  if (frag != NULL && (name = strdup(f->name)) == NULL) return fail(f, TPCH_ENOMEM, err, "for a fragment");
  int rc = write_footer(f, err);
  if (rc != TPCH_OK) {
    free(name);
    return rc;
  }
  rc = tpch_sink_commit(&f->sink, err);
  if (rc != TPCH_OK) {
    free(name);
    return fail(f, rc, err, "");
  }
  f->state = FILE_FINISHED;
  if (frag != NULL) {
    memset(frag, 0, sizeof *frag);
    frag->id = -1;
    frag->path = name;
    frag->rows = f->rows;
    frag->file_bytes = (int64_t)f->pos;
    frag->file_minor_version = f->minor;
  }
  return TPCH_OK;
}

void tpch_lance_file_writer_destroy(tpch_lance_file_writer *f) {
  if (f == NULL) return;
  if (f->state != FILE_FINISHED) tpch_sink_abort(&f->sink);
  file_free(f);
}

void tpch_lance_fragment_clear(tpch_lance_fragment *frag) {
  if (frag == NULL) return;
  free(frag->path);
  memset(frag, 0, sizeof *frag);
}
