/*
 * lance_enc21.c - one page of one column in Lance 2.1's mini-block layout.
 *
 * A page is cut into chunks (non-last chunks hold 2^k values, every chunk is
 * at most 32 KiB on disk); buffer 0 holds one u16 word per chunk, buffer 1
 * the chunks, buffer 2 a dictionary. Per column type (LANCE21.md §3.8):
 *   ints, dates     FastLanes bit-packing, 1024 values a chunk; zstd around
 *                   each chunk when that saves 10% (sorted keys)
 *   floats          flat, zstd around the chunks when that saves 10%
 *   decimal128      dictionary when few distinct values, else zstd over flat
 *   strings         dictionary when few distinct values, else zstd over the
 *                   plain variable layout (or plain when zstd does not pay)
 * "zstd" above stands for the writer's general codec: zstd (the default),
 * lz4, or none (then no chunk is wrapped).
 * Nulls: definition levels, one u16 per item (0 valid, 1 null) in each chunk;
 * an all-null page has no buffers. Every choice looks at the page's values
 * only, so output bytes do not depend on how rows arrived in batches.
 */
#include "lance_enc21.h"

#include <stdlib.h>
#include <lz4.h>
#include <string.h>
#include <zstd.h>

#include "lance_proto.h"
#include "tpch_arrow.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "lance_enc21.c writes little-endian words with memcpy"
#endif

#define CHUNK_MAX 32768     /* bytes of one chunk on disk (12-bit count of 8-byte words) */
#define VALUE_BUF_MAX 65535 /* a chunk's buffer sizes are u16 */
#define PLAIN_CHUNK 4096    /* lance's target for uncompressed chunks */
#define DICT_MAX 4096
#define DICT_SLOTS 8192 /* open addressing, load <= 1/2 */

/* CompressiveEncoding kinds used here (encodings_v2_1.proto field numbers). */
enum { CE_FLAT = 1, CE_VARIABLE = 2, CE_INLINE_BITPACKING = 5, CE_GENERAL = 10 };
enum { LZ4_SCHEME = 1, ZSTD_SCHEME = 2 }; /* CompressionScheme */
enum { LAYER_ALL_VALID_ITEM = 1, LAYER_NULLABLE_ITEM = 3 };

typedef struct value_enc {
  int kind;    /* CE_FLAT, CE_VARIABLE or CE_INLINE_BITPACKING */
  int bits;    /* flat: bits per value; variable: offset bits; bitpacking: T */
  int general; /* the general codec around each chunk's value buffer */
} value_enc;

typedef struct chunk {
  int64_t first, n; /* items */
  size_t off, len;  /* value buffer inside the list's raw bytes */
} chunk;

typedef struct chunk_list {
  tpch_buf raw;
  chunk *c;
  size_t n, cap;
} chunk_list;

struct lance21_encoder {
  ZSTD_CCtx *zc;
  LZ4_stream_t *lz; /* reused: a fast reset per chunk instead of clearing 16 KiB */
  tpch_lance_compression codec;
  int level; /* zstd */
  tpch_buf layout, meta, data, dict, tmp;
  chunk_list plain, packed;
  uint64_t vals[1024];
  uint64_t words[1024];
  uint32_t *idx; /* dictionary index per row */
  size_t idx_cap;
  int32_t slots[DICT_SLOTS];
  int64_t entry_row[DICT_MAX]; /* row holding each dictionary entry */
  const lance21_page *p;
  int has_def;
};

/* ---- helpers --------------------------------------------------------------- */

static size_t pad8(size_t n) {
  return (n + 7) & ~(size_t)7;
}

static int is_null(const lance21_page *p, int64_t i) {
  return p->validity != NULL && !tpch_arrow_bit(p->validity, i);
}

static uint64_t end_at(const lance21_page *p, int64_t i) {
  uint64_t v;
  memcpy(&v, p->ends + i * 8, 8);
  return v;
}

static uint64_t start_at(const lance21_page *p, int64_t i) {
  return i == 0 ? 0 : end_at(p, i - 1);
}

static int bit_len(uint64_t v) {
  return v ? 64 - __builtin_clzll(v) : 0;
}

/* On-disk bytes of a chunk with `n` items and a value buffer of `len`. */
static size_t chunk_bytes(const lance21_encoder *e, int64_t n, size_t len) {
  return 8 + (e->has_def ? pad8(2 * (size_t)n) : 0) + pad8(len);
}

static int chunk_fits(const lance21_encoder *e, int64_t n, size_t len) {
  return len <= VALUE_BUF_MAX && chunk_bytes(e, n, len) <= CHUNK_MAX;
}

static int cl_add(chunk_list *l, int64_t first, int64_t n, size_t off) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 256;
    chunk *c = realloc(l->c, cap * sizeof *c);
    if (c == NULL) return TPCH_ENOMEM;
    l->c = c;
    l->cap = cap;
  }
  l->c[l->n++] = (chunk){first, n, off, l->raw.len - off};
  return TPCH_OK;
}

static void cl_reset(chunk_list *l) {
  tpch_buf_reset(&l->raw);
  l->n = 0;
}

static size_t cl_bytes(const lance21_encoder *e, const chunk_list *l) {
  size_t s = 0;
  for (size_t i = 0; i < l->n; i++)
    s += chunk_bytes(e, l->c[i].n, l->c[i].len);
  return s;
}

/* Appends src compressed in lance's General form to dst: zstd as
 * [u64 raw length][zstd frame], lz4 as [u32 raw length][LZ4 block]. */
static int general_append(lance21_encoder *e, tpch_buf *dst, const uint8_t *src, size_t n) {
  if (e->codec == TPCH_LANCE_COMPRESSION_LZ4) {
    if (n > (size_t)LZ4_MAX_INPUT_SIZE) return TPCH_EIO;
    int cap = LZ4_compressBound((int)n);
    int rc = tpch_buf_reserve(dst, 4 + (size_t)cap);
    if (rc != TPCH_OK) return rc;
    tpch_buf_put_le(dst, n, 4);
    LZ4_resetStream_fast(e->lz); /* a new chain: the chunk decodes on its own */
    int r =
        LZ4_compress_fast_continue(e->lz, (const char *)src, (char *)dst->data + dst->len, (int)n, cap, 1);
    if (r <= 0) return TPCH_EIO;
    dst->len += (size_t)r;
    return TPCH_OK;
  }
  size_t cap = ZSTD_compressBound(n);
  int rc = tpch_buf_reserve(dst, 8 + cap);
  if (rc != TPCH_OK) return rc;
  tpch_buf_put_le(dst, n, 8);
  size_t r = ZSTD_compressCCtx(e->zc, dst->data + dst->len, cap, src, n, e->level);
  if (ZSTD_isError(r)) return TPCH_EIO;
  dst->len += r;
  return TPCH_OK;
}

/* ---- FastLanes bit-packing ------------------------------------------------- */

int lance21_fastlanes_pack(tpch_buf *out, const uint64_t *v, int t, int w) {
  static const int order[8] = {0, 4, 2, 6, 1, 5, 3, 7};
  if (w == 0) return TPCH_OK;
  int lanes = 1024 / t;
  size_t nwords = (size_t)(1024 / t) * (size_t)w;
  uint64_t words[1024];
  memset(words, 0, nwords * sizeof words[0]);
  for (int lane = 0; lane < lanes; lane++) {
    for (int r = 0; r < t; r++) {
      uint64_t x = v[order[r >> 3] * 16 + (r & 7) * 128 + lane];
      int bit = r * w, k = bit / t, o = bit % t;
      words[(size_t)lanes * (size_t)k + (size_t)lane] |= x << o;
      if (o + w > t) words[(size_t)lanes * (size_t)(k + 1) + (size_t)lane] |= x >> (t - o);
    }
  }
  size_t wb = (size_t)t / 8;
  int rc = tpch_buf_reserve(out, nwords * wb);
  if (rc != TPCH_OK) return rc;
  uint8_t *d = out->data + out->len;
  for (size_t i = 0; i < nwords; i++)
    memcpy(d + i * wb, &words[i], wb); /* low bytes of the word (little-endian) */
  out->len += nwords * wb;
  return TPCH_OK;
}

/* Chunks of 1024 values: [W as one T-bit word][1024*W/T words]. Values come
 * from the page's fixed-width column, or from `idx` (dictionary indices).
 * The last chunk is padded with zeros to 1024 values, as readers expect. */
static int bitpack_chunks(lance21_encoder *e, chunk_list *l, int t, const uint32_t *idx) {
  const lance21_page *p = e->p;
  size_t wb = (size_t)t / 8;
  for (int64_t s = 0; s < p->rows; s += 1024) {
    int64_t n = p->rows - s < 1024 ? p->rows - s : 1024;
    uint64_t any = 0;
    for (int64_t i = 0; i < n; i++) {
      uint64_t x = 0;
      if (idx != NULL)
        x = idx[s + i];
      else
        memcpy(&x, p->values + (size_t)(s + i) * wb, wb); /* nulls were zeroed */
      e->vals[i] = x;
      any |= x;
    }
    memset(e->vals + n, 0, (size_t)(1024 - n) * sizeof e->vals[0]);
    int w = bit_len(any);
    size_t off = l->raw.len;
    int rc = tpch_buf_put_le(&l->raw, (uint64_t)w, (int)wb);
    if (rc == TPCH_OK) rc = lance21_fastlanes_pack(&l->raw, e->vals, t, w);
    if (rc == TPCH_OK) rc = cl_add(l, s, n, off);
    if (rc != TPCH_OK) return rc;
  }
  return TPCH_OK;
}

/* Fixed-width values back to back, 2^k values per chunk within 4 KiB. */
static int flat_chunks(lance21_encoder *e, chunk_list *l, size_t width) {
  const lance21_page *p = e->p;
  int64_t per = (int64_t)(PLAIN_CHUNK / width);
  for (int64_t s = 0; s < p->rows; s += per) {
    int64_t n = p->rows - s < per ? p->rows - s : per;
    size_t off = l->raw.len;
    int rc = tpch_buf_append(&l->raw, p->values + (size_t)s * width, (size_t)n * width);
    if (rc == TPCH_OK) rc = cl_add(l, s, n, off);
    if (rc != TPCH_OK) return rc;
  }
  return TPCH_OK;
}

/* ---- variable width ---------------------------------------------------------- */

/* Bytes of a variable chunk of rows [s, s+n): offsets + the bytes. */
static size_t var_bytes(const lance21_page *p, int64_t s, int64_t n) {
  return (size_t)p->def->offset_bytes * (size_t)(n + 1) + (size_t)(end_at(p, s + n - 1) - start_at(p, s));
}

/* A variable chunk: offsets[n+1] (u32, or u64 for large types) from the
 * chunk's start (the first is the offsets' size), the bytes, zero padding
 * to a multiple of the offset width. */
static int var_chunk(tpch_buf *b, const lance21_page *p, int64_t s, int64_t n) {
  size_t ow = (size_t)p->def->offset_bytes;
  uint64_t base = start_at(p, s), head = ow * (uint64_t)(n + 1);
  size_t nb = (size_t)(end_at(p, s + n - 1) - base);
  int rc = tpch_buf_reserve(b, (size_t)head + nb + ow);
  if (rc != TPCH_OK) return rc;
  uint8_t *d = b->data + b->len;
  uint64_t o = head;
  memcpy(d, &o, ow);
  for (int64_t i = 0; i < n; i++) {
    o = head + end_at(p, s + i) - base;
    memcpy(d + ow * (size_t)(i + 1), &o, ow); /* low bytes (little-endian) */
  }
  if (nb) memcpy(d + head, p->values + base, nb);
  size_t len = (size_t)head + nb;
  while (len % ow)
    d[len++] = 0;
  b->len += len;
  return TPCH_OK;
}

/* Plain strings: the largest 2^k values (at least 2) within 4 KiB; the rest
 * of the page as the last chunk once it fits. */
static int var_plain_chunks(lance21_encoder *e, chunk_list *l) {
  const lance21_page *p = e->p;
  for (int64_t s = 0; s < p->rows;) {
    int64_t rest = p->rows - s, cnt;
    if (rest <= 2 || (rest <= 1024 && var_bytes(p, s, rest) <= PLAIN_CHUNK)) {
      cnt = rest;
    } else {
      cnt = 2;
      while (cnt * 2 < rest && cnt * 2 <= 1024 && var_bytes(p, s, cnt * 2) <= PLAIN_CHUNK)
        cnt *= 2;
    }
    size_t off = l->raw.len;
    int rc = var_chunk(&l->raw, p, s, cnt);
    if (rc == TPCH_OK) rc = cl_add(l, s, cnt, off);
    if (rc != TPCH_OK) return rc;
    s += cnt;
  }
  return TPCH_OK;
}

/* Largest power of two below x (x >= 2). */
static int64_t pow2_below(int64_t x) {
  int64_t k = 1;
  while (k * 2 < x)
    k *= 2;
  return k;
}

/* zstd around raw chunks that `make` builds for rows [s, s+cnt): starts at
 * `start` values a chunk and halves until the chunk fits. *fits = 0 when
 * even two values do not fit (then the caller stores the page plain). */
typedef int (*raw_chunk_fn)(lance21_encoder *e, int64_t s, int64_t n);

static int raw_var(lance21_encoder *e, int64_t s, int64_t n) {
  return var_chunk(&e->tmp, e->p, s, n);
}

static int raw_fixed(lance21_encoder *e, int64_t s, int64_t n) {
  size_t w = (size_t)e->p->def->bits / 8;
  return tpch_buf_append(&e->tmp, e->p->values + (size_t)s * w, (size_t)n * w);
}

static int general_chunks(lance21_encoder *e, chunk_list *l, raw_chunk_fn make, int64_t start, int *fits) {
  const lance21_page *p = e->p;
  *fits = 1;
  for (int64_t s = 0; s < p->rows;) {
    int64_t rest = p->rows - s, cnt = rest <= start ? rest : start;
    for (;;) {
      size_t off = l->raw.len;
      tpch_buf_reset(&e->tmp);
      int rc = make(e, s, cnt);
      if (rc == TPCH_OK) rc = general_append(e, &l->raw, e->tmp.data, e->tmp.len);
      if (rc != TPCH_OK) return rc;
      if (chunk_fits(e, cnt, l->raw.len - off)) {
        rc = cl_add(l, s, cnt, off);
        if (rc != TPCH_OK) return rc;
        break;
      }
      l->raw.len = off;
      if (cnt <= 2) {
        *fits = 0;
        return TPCH_OK;
      }
      cnt = pow2_below(cnt);
    }
    s += cnt;
  }
  return TPCH_OK;
}

/* The general codec around each chunk of `in` into `out`. *use = 1 when
 * every chunk still fits and the page shrinks by at least 10%. A sample of
 * the first chunks decides first, so incompressible columns cost little. */
static int maybe_general(lance21_encoder *e, const chunk_list *in, chunk_list *out, int *use) {
  *use = 0;
  cl_reset(out);
  if (e->codec == TPCH_LANCE_COMPRESSION_NONE) return TPCH_OK;
  size_t sample = in->n < 4 ? in->n : 4, raw = 0;
  for (size_t i = 0; i < in->n; i++) {
    const chunk *c = &in->c[i];
    size_t off = out->raw.len;
    int rc = general_append(e, &out->raw, in->raw.data + c->off, c->len);
    if (rc == TPCH_OK) rc = cl_add(out, c->first, c->n, off);
    if (rc != TPCH_OK) return rc;
    if (!chunk_fits(e, c->n, out->c[i].len)) return TPCH_OK;
    raw += chunk_bytes(e, c->n, c->len);
    if (i + 1 == sample && cl_bytes(e, out) * 10 > raw * 8) return TPCH_OK;
  }
  *use = cl_bytes(e, out) * 10 < cl_bytes(e, in) * 9;
  return TPCH_OK;
}

/* ---- dictionaries -------------------------------------------------------------- */

static uint64_t hash_bytes(const uint8_t *d, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
  while (n >= 8) {
    uint64_t x;
    memcpy(&x, d, 8);
    h = (h ^ x) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    d += 8;
    n -= 8;
  }
  uint64_t x = 0;
  if (n) memcpy(&x, d, n);
  h = (h ^ x) * 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 29);
}

static const uint8_t *value_of(const lance21_page *p, int64_t i, size_t *len) {
  if (p->def->bits) {
    *len = 16;
    return p->values + (size_t)i * 16;
  }
  uint64_t s = start_at(p, i);
  *len = (size_t)(end_at(p, i) - s);
  return p->values + s;
}

/* Fills e->idx with a first-appearance dictionary of the page (nulls get
 * index 0). Returns the number of entries, or 0 when there are more than
 * DICT_MAX (or memory ran out: *rc). */
static int64_t build_dict(lance21_encoder *e, int *rc) {
  const lance21_page *p = e->p;
  *rc = TPCH_OK;
  if ((size_t)p->rows > e->idx_cap) {
    uint32_t *x = realloc(e->idx, (size_t)p->rows * sizeof *x);
    if (x == NULL) {
      *rc = TPCH_ENOMEM;
      return 0;
    }
    e->idx = x;
    e->idx_cap = (size_t)p->rows;
  }
  memset(e->slots, 0xff, sizeof e->slots);
  int64_t k = 0;
  for (int64_t i = 0; i < p->rows; i++) {
    if (is_null(p, i)) {
      e->idx[i] = 0;
      continue;
    }
    size_t len;
    const uint8_t *v = value_of(p, i, &len);
    size_t pos = (size_t)hash_bytes(v, len) & (DICT_SLOTS - 1);
    for (;;) {
      int32_t j = e->slots[pos];
      if (j < 0) {
        if (k == DICT_MAX) return 0;
        e->slots[pos] = (int32_t)k;
        e->entry_row[k] = i;
        e->idx[i] = (uint32_t)k++;
        break;
      }
      size_t l2;
      const uint8_t *u = value_of(p, e->entry_row[j], &l2);
      if (l2 == len && (len == 0 || memcmp(u, v, len) == 0)) {
        e->idx[i] = (uint32_t)j;
        break;
      }
      pos = (pos + 1) & (DICT_SLOTS - 1);
    }
  }
  return k;
}

/* Dictionary items into e->dict: decimal128 = k x 16 bytes; strings = the
 * variable block [u32 32][u32 start of bytes][u32 off[0..k] from 0][bytes]. */
static int dict_buffer(lance21_encoder *e, int64_t k) {
  const lance21_page *p = e->p;
  tpch_buf *b = &e->dict;
  tpch_buf_reset(b);
  int rc = TPCH_OK;
  if (!p->def->bits) {
    rc = tpch_buf_put_le(b, 32, 4);
    if (rc == TPCH_OK) rc = tpch_buf_put_le(b, 8 + 4 * (uint64_t)(k + 1), 4);
    uint64_t o = 0;
    if (rc == TPCH_OK) rc = tpch_buf_put_le(b, 0, 4);
    for (int64_t j = 0; j < k && rc == TPCH_OK; j++) {
      size_t len;
      value_of(p, e->entry_row[j], &len);
      o += len;
      rc = tpch_buf_put_le(b, o, 4);
    }
  }
  for (int64_t j = 0; j < k && rc == TPCH_OK; j++) {
    size_t len;
    const uint8_t *v = value_of(p, e->entry_row[j], &len);
    rc = tpch_buf_append(b, v, len);
  }
  return rc;
}

/* A dictionary pays when its items take fewer bytes than the page has rows
 * (the indices then cost at most about a byte a row). */
static int dict_pays(lance21_encoder *e, int64_t k) {
  const lance21_page *p = e->p;
  size_t items = 0;
  for (int64_t j = 0; j < k; j++) {
    size_t len;
    value_of(p, e->entry_row[j], &len);
    items += len + (p->def->bits ? 0 : 4);
  }
  return items < (size_t)p->rows;
}

/* ---- page assembly ----------------------------------------------------------- */

static int put_u16(tpch_buf *b, uint64_t v) {
  return tpch_buf_put_le(b, v, 2);
}

static int pad_to8(tpch_buf *b, size_t from) {
  static const uint8_t zeros[8];
  return tpch_buf_append(b, zeros, pad8(b->len - from) - (b->len - from));
}

/* Buffer 0 (a u16 word per chunk) and buffer 1 (the chunks) from `l`. */
static int assemble(lance21_encoder *e, const chunk_list *l, tpch_error *err) {
  const lance21_page *p = e->p;
  tpch_buf_reset(&e->meta);
  tpch_buf_reset(&e->data);
  int rc = TPCH_OK;
  for (size_t k = 0; k < l->n && rc == TPCH_OK; k++) {
    const chunk *c = &l->c[k];
    size_t start = e->data.len;
    int last = c->first + c->n == p->rows;
    if (!chunk_fits(e, c->n, c->len) || (!last && (c->n < 2 || c->n > 4096 || (c->n & (c->n - 1)))))
      return tpch_error_set(err, TPCH_EINVAL, "internal error: Lance 2.1 chunk of %lld values, %zu bytes",
                            (long long)c->n, c->len);
    rc = put_u16(&e->data, e->has_def ? (uint64_t)c->n : 0);
    if (rc == TPCH_OK && e->has_def) rc = put_u16(&e->data, 2 * (uint64_t)c->n);
    if (rc == TPCH_OK) rc = put_u16(&e->data, c->len);
    if (rc == TPCH_OK) rc = pad_to8(&e->data, start);
    if (rc == TPCH_OK && e->has_def) {
      rc = tpch_buf_reserve(&e->data, 2 * (size_t)c->n + 8);
      for (int64_t i = 0; i < c->n && rc == TPCH_OK; i++)
        rc = put_u16(&e->data, (uint64_t)is_null(p, c->first + i));
      if (rc == TPCH_OK) rc = pad_to8(&e->data, start);
    }
    if (rc == TPCH_OK) rc = tpch_buf_append(&e->data, l->raw.data + c->off, c->len);
    if (rc == TPCH_OK) rc = pad_to8(&e->data, start);
    uint64_t size = e->data.len - start;
    uint64_t log2n = last ? 0 : (uint64_t)__builtin_ctzll((unsigned long long)c->n);
    if (rc == TPCH_OK) rc = put_u16(&e->meta, ((size / 8 - 1) << 4) | log2n);
  }
  return rc;
}

/* ---- PageLayout ------------------------------------------------------------------ */

static int ce_simple(tpch_buf *b, uint32_t field, int kind, int bits) {
  size_t m, m2;
  int rc = tpch_pb_begin(b, field, &m);
  if (rc != TPCH_OK) return rc;
  if (kind == CE_VARIABLE) { /* variable{offsets: flat{bits}} */
    rc = tpch_pb_begin(b, CE_VARIABLE, &m2);
    if (rc == TPCH_OK) rc = ce_simple(b, 1, CE_FLAT, bits);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m2);
  } else { /* flat{bits_per_value} or inline_bitpacking{uncompressed_bits_per_value} */
    rc = tpch_pb_begin(b, (uint32_t)kind, &m2);
    if (rc == TPCH_OK) rc = lance_pb_uint(b, 1, (uint64_t)bits);
    if (rc == TPCH_OK) rc = tpch_pb_end(b, m2);
  }
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  return rc;
}

/* CompressiveEncoding of `v` as field `field`; General{compression
 * {scheme zstd, level | scheme lz4}, values} around it when v->general. */
static int ce_value(const lance21_encoder *e, tpch_buf *b, uint32_t field, const value_enc *v) {
  if (!v->general) return ce_simple(b, field, v->kind, v->bits);
  size_t m, mg, mc;
  int lz4 = e->codec == TPCH_LANCE_COMPRESSION_LZ4;
  int rc = tpch_pb_begin(b, field, &m);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, CE_GENERAL, &mg);
  if (rc == TPCH_OK) rc = tpch_pb_begin(b, 1, &mc);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 1, lz4 ? LZ4_SCHEME : ZSTD_SCHEME);
  if (rc == TPCH_OK && !lz4) rc = tpch_pb_uint(b, 2, (uint64_t)e->level);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, mc);
  if (rc == TPCH_OK) rc = ce_simple(b, 3, v->kind, v->bits);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, mg);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  return rc;
}

/* PageLayout{mini_block_layout{def_compression, value_compression,
 * dictionary, num_dictionary_items, layers, num_buffers 1, num_items}}. */
static int miniblock_layout(lance21_encoder *e, const value_enc *v, const value_enc *dict, int64_t k) {
  tpch_buf *b = &e->layout;
  tpch_buf_reset(b);
  uint64_t layer = e->has_def ? LAYER_NULLABLE_ITEM : LAYER_ALL_VALID_ITEM;
  size_t m;
  int rc = tpch_pb_begin(b, 1, &m);
  if (rc == TPCH_OK && e->has_def) rc = ce_simple(b, 2, CE_FLAT, 16);
  if (rc == TPCH_OK) rc = ce_value(e, b, 3, v);
  if (rc == TPCH_OK && dict) rc = ce_value(e, b, 4, dict);
  if (rc == TPCH_OK && dict) rc = tpch_pb_uint(b, 5, (uint64_t)k);
  if (rc == TPCH_OK) rc = tpch_pb_packed(b, 6, &layer, 1);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 7, 1);
  if (rc == TPCH_OK) rc = lance_pb_uint(b, 9, (uint64_t)e->p->rows);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  return rc;
}

/* PageLayout{all_null_layout{layers [NULLABLE_ITEM]}}. */
static int all_null_layout(lance21_encoder *e) {
  tpch_buf *b = &e->layout;
  uint64_t layer = LAYER_NULLABLE_ITEM;
  size_t m;
  tpch_buf_reset(b);
  int rc = tpch_pb_begin(b, 2, &m);
  if (rc == TPCH_OK) rc = tpch_pb_packed(b, 5, &layer, 1);
  if (rc == TPCH_OK) rc = tpch_pb_end(b, m);
  return rc;
}

/* ---- per type ----------------------------------------------------------------- */

static int is_float(const lance_column_def *d) {
  return d->type.kind == TPCH_ARROW_FLOAT32 || d->type.kind == TPCH_ARROW_FLOAT64;
}

/* Booleans: the bitmap as flat{1}, 4096 values (512 bytes) a chunk. */
static int bool_chunks(lance21_encoder *e, chunk_list *l) {
  const lance21_page *p = e->p;
  for (int64_t s = 0; s < p->rows; s += 4096) {
    int64_t n = p->rows - s < 4096 ? p->rows - s : 4096;
    size_t off = l->raw.len;
    int rc = tpch_buf_append(&l->raw, p->values + s / 8, (size_t)(n + 7) / 8);
    if (rc == TPCH_OK) rc = cl_add(l, s, n, off);
    if (rc != TPCH_OK) return rc;
  }
  return TPCH_OK;
}

/* Ints/dates bit-packed, floats flat; zstd on top when it pays. */
static int encode_fixed(lance21_encoder *e, value_enc *v, const chunk_list **out) {
  int bits = e->p->def->bits, use;
  int rc;
  cl_reset(&e->plain);
  if (bits == 1) {
    *v = (value_enc){CE_FLAT, 1, 0};
    rc = bool_chunks(e, &e->plain);
  } else if (is_float(e->p->def)) {
    *v = (value_enc){CE_FLAT, bits, 0};
    rc = flat_chunks(e, &e->plain, (size_t)bits / 8);
  } else {
    *v = (value_enc){CE_INLINE_BITPACKING, bits, 0};
    rc = bitpack_chunks(e, &e->plain, bits, NULL);
  }
  if (rc == TPCH_OK) rc = maybe_general(e, &e->plain, &e->packed, &use);
  if (rc != TPCH_OK) return rc;
  v->general = use;
  *out = use ? &e->packed : &e->plain;
  return TPCH_OK;
}

/* Dictionary indices as u32, bit-packed (zstd on top when it pays). */
static int encode_dict(lance21_encoder *e, int64_t k, value_enc *v, const chunk_list **out) {
  int use;
  cl_reset(&e->plain);
  *v = (value_enc){CE_INLINE_BITPACKING, 32, 0};
  int rc = bitpack_chunks(e, &e->plain, 32, e->idx);
  if (rc == TPCH_OK) rc = maybe_general(e, &e->plain, &e->packed, &use);
  if (rc == TPCH_OK) rc = dict_buffer(e, k);
  if (rc != TPCH_OK) return rc;
  v->general = use;
  *out = use ? &e->packed : &e->plain;
  return TPCH_OK;
}

/* Decimal128 or strings without a dictionary: compressed chunks when they
 * save 10% over the plain layout, else plain. */
static int encode_wide(lance21_encoder *e, value_enc *v, const chunk_list **out) {
  const lance21_page *p = e->p;
  int is_var = p->def->bits == 0, fits;
  cl_reset(&e->plain);
  cl_reset(&e->packed);
  int rc = is_var ? var_plain_chunks(e, &e->plain) : flat_chunks(e, &e->plain, 16);
  fits = 0;
  if (rc == TPCH_OK && e->codec != TPCH_LANCE_COMPRESSION_NONE)
    rc = general_chunks(e, &e->packed, is_var ? raw_var : raw_fixed, is_var ? 2048 : 4096, &fits);
  if (rc != TPCH_OK) return rc;
  *v = (value_enc){is_var ? CE_VARIABLE : CE_FLAT, is_var ? 8 * p->def->offset_bytes : 128, 0};
  v->general = fits && cl_bytes(e, &e->packed) * 10 < cl_bytes(e, &e->plain) * 9;
  *out = v->general ? &e->packed : &e->plain;
  return TPCH_OK;
}

/* Strings: refuses values a mini-block chunk cannot hold two of. */
static int check_var(const lance21_page *p, tpch_error *err) {
  uint64_t prev = 0;
  for (int64_t i = 0; i < p->rows; i++) {
    uint64_t e = end_at(p, i);
    if (e - prev > LANCE21_MAX_VALUE_BYTES)
      return tpch_error_set(err, TPCH_EUNSUPPORTED,
                            "column '%s': a value of %llu bytes is longer than Lance 2.1 mini-block pages "
                            "hold here (%d bytes; full-zip is not written, use Lance file version 2.0)",
                            p->def->name, (unsigned long long)(e - prev), LANCE21_MAX_VALUE_BYTES);
    prev = e;
  }
  return TPCH_OK;
}

/* Null slots of fixed-width values become 0, so they cost no bits. */
static void zero_null_slots(const lance21_page *p) {
  size_t w = (size_t)p->def->bits / 8;
  for (int64_t i = 0; i < p->rows; i++)
    if (is_null(p, i)) memset(p->values + (size_t)i * w, 0, w);
}

int lance21_encode_page(lance21_encoder *e, const lance21_page *p, const tpch_buf **layout,
                        const tpch_buf *bufs[3], int *nbufs, tpch_error *err) {
  const lance_column_def *d = p->def;
  e->p = p;
  *layout = &e->layout;
  *nbufs = 0;
  if (p->nulls == p->rows) {
    if (all_null_layout(e) != TPCH_OK) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    return TPCH_OK;
  }
  e->has_def = p->nulls > 0;
  int rc = TPCH_OK;
  if (d->bits == 0) rc = check_var(p, err);
  if (rc != TPCH_OK) return rc;
  if (d->bits && p->nulls) zero_null_slots(p);
  value_enc v, dv;
  const chunk_list *l = NULL;
  int64_t k = 0;
  if (d->bits == 128 || (d->bits == 0 && d->offset_bytes == 4)) {
    k = build_dict(e, &rc);
    if (rc == TPCH_OK && k > 0 && !dict_pays(e, k)) k = 0;
  }
  if (rc == TPCH_OK) {
    if (k > 0)
      rc = encode_dict(e, k, &v, &l);
    else if (d->bits == 0 || d->bits == 128)
      rc = encode_wide(e, &v, &l);
    else
      rc = encode_fixed(e, &v, &l);
  }
  if (rc == TPCH_OK) rc = assemble(e, l, err);
  if (rc == TPCH_OK) {
    dv = (value_enc){d->bits ? CE_FLAT : CE_VARIABLE, d->bits ? 128 : 32, 0};
    rc = miniblock_layout(e, &v, k > 0 ? &dv : NULL, k);
  }
  if (rc == TPCH_ENOMEM) return tpch_error_set(err, rc, "out of memory encoding column '%s'", d->name);
  if (rc == TPCH_EIO)
    return tpch_error_set(err, rc, "%s compression failed in column '%s'",
                          e->codec == TPCH_LANCE_COMPRESSION_LZ4 ? "lz4" : "zstd", d->name);
  if (rc != TPCH_OK) return rc;
  bufs[(*nbufs)++] = &e->meta;
  bufs[(*nbufs)++] = &e->data;
  if (k > 0) bufs[(*nbufs)++] = &e->dict;
  return TPCH_OK;
}

lance21_encoder *lance21_encoder_new(tpch_lance_compression codec, int zstd_level) {
  lance21_encoder *e = calloc(1, sizeof *e);
  if (e == NULL) return NULL;
  e->codec = codec;
  e->level = zstd_level > 0 ? zstd_level : LANCE21_ZSTD_LEVEL;
  if (codec == TPCH_LANCE_COMPRESSION_LZ4) e->lz = LZ4_createStream();
  if (codec == TPCH_LANCE_COMPRESSION_ZSTD) e->zc = ZSTD_createCCtx();
  if ((codec == TPCH_LANCE_COMPRESSION_LZ4 && e->lz == NULL) ||
      (codec == TPCH_LANCE_COMPRESSION_ZSTD && e->zc == NULL)) {
    lance21_encoder_free(e);
    return NULL;
  }
  return e;
}

void lance21_encoder_free(lance21_encoder *e) {
  if (e == NULL) return;
  ZSTD_freeCCtx(e->zc);
  LZ4_freeStream(e->lz);
  tpch_buf *bufs[] = {&e->layout, &e->meta, &e->data, &e->dict, &e->tmp, &e->plain.raw, &e->packed.raw};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
    tpch_buf_free(bufs[i]);
  free(e->plain.c);
  free(e->packed.c);
  free(e->idx);
  free(e);
}
