#include "text_pool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dists.h"
#include "io/sink.h"
#include "rng.h"

#define TEXT_SEED 933588178LL
#define MAX_WORDS 48
#define MAX_WEIGHT 512
#define BLOCK_SHIFT 6 /* the index has one entry per 64 bytes of text */
#define MAX_VOCAB 256 /* distinct words, all lists together (208 in dists.dss) */
#define TOKEN_TEXT 32 /* longest token: 14-letter word + "--" + space */

/* A token is word | suffix << 8; the suffix is the punctuation that follows
 * the word before its space: none, a comma, or a sentence terminator. */
enum { SUF_NONE = 0, SUF_COMMA = 1, SUF_TERM = 2 /* + terminator index 0..5 */, N_SUFFIXES = 8 };
static const char *const suffix_text[N_SUFFIXES] = {"", ",", ".", ";", ":", "?", "!", "--"};

/* A weighted list prepared for fast picks: pick[j] (j = 1..total) is the
 * entry a draw of j selects; vocab[i] is entry i's word id. */
typedef struct word_table {
  int total;
  uint8_t pick[MAX_WEIGHT + 1];
  uint8_t vocab[MAX_WORDS];
} word_table;

typedef struct grammar {
  word_table sentence, np, vp, noun, verb, adj, adv, prep, aux, term;
  uint8_t the; /* word id of "the" */
  const char *words[MAX_VOCAB];
  int nwords;
} grammar;

/* Index entry: the token holding text byte b * 64 (low 27 bits) and how
 * far into that token the block starts (high 5 bits); one word, so a read
 * costs one cache miss in the index and one or two in the tokens. */
#define INDEX_TOKEN_BITS 27

struct tpch_text_pool {
  uint16_t *tokens;
  int64_t ntokens;
  size_t tokens_mapped;
  uint32_t *index;
  size_t index_mapped;
  int64_t size; /* bytes of text */
  uint8_t len[MAX_VOCAB * N_SUFFIXES];
  char text[MAX_VOCAB * N_SUFFIXES][TOKEN_TEXT];
};

static int vocab_id(grammar *g, const char *w) {
  for (int i = 0; i < g->nwords; i++)
    if (strcmp(g->words[i], w) == 0) return i;
  g->words[g->nwords] = w;
  return g->nwords++;
}

static void table_init(grammar *g, word_table *t, const tpch_dist *d, int words) {
  int j = 1;
  memset(t, 0, sizeof *t);
  for (int i = 0; i < d->count; i++) {
    if (words) t->vocab[i] = (uint8_t)vocab_id(g, d->words[i]);
    for (int w = 0; w < d->weights[i]; w++) t->pick[j++] = (uint8_t)i;
  }
  t->total = j - 1;
}

static void grammar_init(grammar *g) {
  memset(g, 0, sizeof *g);
  table_init(g, &g->sentence, &tpch_dist_grammar, 0);
  table_init(g, &g->np, &tpch_dist_np, 0);
  table_init(g, &g->vp, &tpch_dist_vp, 0);
  table_init(g, &g->noun, &tpch_dist_nouns, 1);
  table_init(g, &g->verb, &tpch_dist_verbs, 1);
  table_init(g, &g->adj, &tpch_dist_adjectives, 1);
  table_init(g, &g->adv, &tpch_dist_adverbs, 1);
  table_init(g, &g->prep, &tpch_dist_prepositions, 1);
  table_init(g, &g->aux, &tpch_dist_auxiliaries, 1);
  table_init(g, &g->term, &tpch_dist_terminators, 0);
  g->the = (uint8_t)vocab_id(g, "the");
}

static inline int pick(const word_table *t, int64_t *seed) {
  return t->pick[tpch_rng_uniform(seed, 1, t->total)];
}

static inline uint16_t *put_word(uint16_t *p, const word_table *t, int64_t *seed) {
  *p = t->vocab[pick(t, seed)];
  return p + 1;
}

static uint16_t *noun_phrase(uint16_t *p, const grammar *g, int64_t *seed) {
  const char *tpl = tpch_dist_np.words[pick(&g->np, seed)];
  for (; *tpl; tpl++) {
    switch (*tpl) {
    case 'J': p = put_word(p, &g->adj, seed); break;
    case 'N': p = put_word(p, &g->noun, seed); break;
    case 'D': p = put_word(p, &g->adv, seed); break;
    case ',': p[-1] |= SUF_COMMA << 8; break; /* glued to the word before: "adj, adj noun" */
    default: break;
    }
  }
  return p;
}

static uint16_t *verb_phrase(uint16_t *p, const grammar *g, int64_t *seed) {
  const char *tpl = tpch_dist_vp.words[pick(&g->vp, seed)];
  for (; *tpl; tpl++) {
    switch (*tpl) {
    case 'X': p = put_word(p, &g->aux, seed); break;
    case 'V': p = put_word(p, &g->verb, seed); break;
    case 'D': p = put_word(p, &g->adv, seed); break;
    default: break;
    }
  }
  return p;
}

/* One sentence's tokens at p (room for 64); returns the new end. The
 * terminator takes the place of the last word's space, and the sentence
 * separator is that word's space: "... deposits. " */
static uint16_t *sentence(uint16_t *p, const grammar *g, int64_t *seed) {
  const char *tpl = tpch_dist_grammar.words[pick(&g->sentence, seed)];
  for (; *tpl; tpl++) {
    switch (*tpl) {
    case 'N': p = noun_phrase(p, g, seed); break;
    case 'V': p = verb_phrase(p, g, seed); break;
    case 'P':
      p = put_word(p, &g->prep, seed);
      *p++ = g->the;
      p = noun_phrase(p, g, seed);
      break;
    case 'T': p[-1] |= (uint16_t)((SUF_TERM + pick(&g->term, seed)) << 8); break;
    default: break;
    }
  }
  return p;
}

static void token_table_init(tpch_text_pool *tp, const grammar *g) {
  for (int w = 0; w < g->nwords; w++) {
    for (int s = 0; s < N_SUFFIXES; s++) {
      int id = w | s << 8;
      size_t wl = strlen(g->words[w]), sl = strlen(suffix_text[s]);
      memcpy(tp->text[id], g->words[w], wl);
      memcpy(tp->text[id] + wl, suffix_text[s], sl);
      tp->text[id][wl + sl] = ' ';
      tp->len[id] = (uint8_t)(wl + sl + 1);
    }
  }
}

static void *map_huge(size_t bytes, size_t *mapped) {
  size_t huge = (size_t)2 << 20;
  *mapped = (bytes + huge - 1) / huge * huge;
  void *p = mmap(NULL, *mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
  madvise(p, *mapped, MADV_HUGEPAGE); /* a hint; fine if the kernel declines */
#endif
  return p;
}

/* Generates tokens until they cover `size` bytes of text, straight into a
 * mapping sized for the worst case (a token is at least 2 bytes of text);
 * the untouched tail costs address space only, and is unmapped after. */
static int generate(tpch_text_pool *tp, const grammar *g, int64_t size) {
  int64_t cap = size / 2 + 64, n = 0, bytes = 0;
  uint16_t *tok = map_huge((size_t)cap * sizeof *tok, &tp->tokens_mapped);
  if (tok == NULL) return TPCH_ENOMEM;
  tp->tokens = tok;
  int64_t seed = TEXT_SEED;
  while (bytes < size) {
    int64_t end = sentence(tok + n, g, &seed) - tok;
    for (; n < end; n++) bytes += tp->len[tok[n]];
  }
  tp->ntokens = n;
  size_t huge = (size_t)2 << 20;
  size_t keep = ((size_t)n * sizeof *tok + huge - 1) / huge * huge;
  if (keep < tp->tokens_mapped) {
    munmap((char *)tok + keep, tp->tokens_mapped - keep);
    tp->tokens_mapped = keep;
  }
  return TPCH_OK;
}

static int build_index(tpch_text_pool *tp) {
  int64_t blocks = (tp->size >> BLOCK_SHIFT) + 1;
  if (tp->ntokens >= (1LL << INDEX_TOKEN_BITS)) return TPCH_ENOMEM;
  tp->index = map_huge((size_t)blocks * sizeof *tp->index, &tp->index_mapped);
  if (tp->index == NULL) return TPCH_ENOMEM;
  int64_t pos = 0, b = 0;
  for (int64_t t = 0; t < tp->ntokens && b < blocks; t++) {
    int64_t end = pos + tp->len[tp->tokens[t]];
    for (; b < blocks && (b << BLOCK_SHIFT) < end; b++)
      tp->index[b] = (uint32_t)t | (uint32_t)((b << BLOCK_SHIFT) - pos) << INDEX_TOKEN_BITS;
    pos = end;
  }
  return TPCH_OK;
}

int tpch_text_pool_build(tpch_text_pool **out, int64_t size, tpch_error *err) {
  *out = NULL;
  if (size <= 0 || size > TPCH_TEXT_POOL_SIZE)
    return tpch_error_set(err, TPCH_EINVAL, "text pool size must be 1..%lld", (long long)TPCH_TEXT_POOL_SIZE);
  tpch_text_pool *tp = calloc(1, sizeof *tp);
  grammar *g = malloc(sizeof *g);
  if (tp == NULL || g == NULL) {
    free(tp);
    free(g);
    return tpch_error_set(err, TPCH_ENOMEM, "cannot allocate the text pool");
  }
  int rc = TPCH_OK;
  {
    grammar_init(g);
    token_table_init(tp, g);
    tp->size = size;
    rc = generate(tp, g, size);
  }
  if (rc == TPCH_OK) rc = build_index(tp);
  free(g);
  if (rc != TPCH_OK) {
    tpch_text_pool_destroy(tp);
    return tpch_error_set(err, TPCH_ENOMEM, "cannot allocate the text pool");
  }
  *out = tp;
  return TPCH_OK;
}

void tpch_text_pool_read(const tpch_text_pool *p, int64_t off, int64_t len, char *dst) {
  char buf[TPCH_TEXT_POOL_MAX_READ + 2 * TOKEN_TEXT + 64];
  int64_t b = off >> BLOCK_SHIFT;
  uint32_t e = p->index[b];
  int64_t t = e & ((1u << INDEX_TOKEN_BITS) - 1);
  int64_t pos = (b << BLOCK_SHIFT) - (e >> INDEX_TOKEN_BITS); /* text offset where token t starts */
  while (pos + p->len[p->tokens[t]] <= off) pos += p->len[p->tokens[t++]];
  int64_t start = pos;
  char *w = buf;
  while (pos < off + len) {
    uint16_t k = p->tokens[t++];
    memcpy(w, p->text[k], TOKEN_TEXT); /* fixed-size copy; the slack is overwritten */
    w += p->len[k];
    pos += p->len[k];
  }
  memcpy(dst, buf + (off - start), (size_t)len);
}

void tpch_text_pool_read_many(const tpch_text_pool *p, size_t n, const int64_t *off, const int32_t *len,
                              char *const *dst) {
  /* Three stages a fixed distance apart: prefetch the index entry, then
   * (once it has arrived) the tokens it points to, then decode. */
  enum { AHEAD_INDEX = 16, AHEAD_TOKENS = 8 };
  const uint32_t mask = (1u << INDEX_TOKEN_BITS) - 1;
  for (size_t i = 0; i < n + AHEAD_INDEX; i++) {
    if (i < n) __builtin_prefetch(&p->index[off[i] >> BLOCK_SHIFT]);
    if (i >= AHEAD_INDEX - AHEAD_TOKENS && i - (AHEAD_INDEX - AHEAD_TOKENS) < n) {
      size_t k = i - (AHEAD_INDEX - AHEAD_TOKENS);
      const uint16_t *t = &p->tokens[p->index[off[k] >> BLOCK_SHIFT] & mask];
      __builtin_prefetch(t);
      __builtin_prefetch(t + 31);
    }
    if (i >= AHEAD_INDEX) {
      size_t k = i - AHEAD_INDEX;
      tpch_text_pool_read(p, off[k], len[k], dst[k]);
    }
  }
}

int64_t tpch_text_pool_size(const tpch_text_pool *p) { return p->size; }

size_t tpch_text_pool_memory(const tpch_text_pool *p) {
  return p->tokens_mapped + p->index_mapped + sizeof *p;
}

void tpch_text_pool_destroy(tpch_text_pool *p) {
  if (p == NULL) return;
  if (p->tokens) munmap(p->tokens, p->tokens_mapped);
  if (p->index) munmap(p->index, p->index_mapped);
  free(p);
}

/* ---- the cache file ----------------------------------------------------------
 * [header][tokens: ntokens x u16][index: blocks x u32], little-endian as the
 * machines we run on. The token table is rebuilt from the distributions, so
 * a file can only ever hold the token stream, not the words. */

#define CACHE_MAGIC "TPCHPOOL"
#define CACHE_VERSION 1

typedef struct cache_header {
  char magic[8];
  uint32_t version, block_shift;
  int64_t size, ntokens, blocks;
  uint64_t checksum;
} cache_header;

/* FNV-1a over 64-bit words: catches truncation and corruption (not an
 * adversary), at memory speed. */
static uint64_t checksum(const void *data, size_t n, uint64_t h) {
  const uint8_t *p = data;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x100000001b3ULL;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

static uint64_t pool_checksum(const tpch_text_pool *p, int64_t blocks) {
  uint64_t h = checksum(p->tokens, (size_t)p->ntokens * sizeof *p->tokens, 0xcbf29ce484222325ULL);
  return checksum(p->index, (size_t)blocks * sizeof *p->index, h);
}

int tpch_text_pool_save(const tpch_text_pool *p, const char *path, tpch_error *err) {
  int64_t blocks = (p->size >> BLOCK_SHIFT) + 1;
  cache_header h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, CACHE_MAGIC, 8);
  h.version = CACHE_VERSION;
  h.block_shift = BLOCK_SHIFT;
  h.size = p->size;
  h.ntokens = p->ntokens;
  h.blocks = blocks;
  h.checksum = pool_checksum(p, blocks);
  tpch_sink sink;
  int rc = tpch_sink_open(&sink, path, TPCH_SINK_OVERWRITE, err);
  if (rc != TPCH_OK) return rc;
  rc = tpch_sink_write(&sink, &h, sizeof h, err);
  if (rc == TPCH_OK) rc = tpch_sink_write(&sink, p->tokens, (size_t)p->ntokens * sizeof *p->tokens, err);
  if (rc == TPCH_OK) rc = tpch_sink_write(&sink, p->index, (size_t)blocks * sizeof *p->index, err);
  if (rc == TPCH_OK) return tpch_sink_commit(&sink, err);
  tpch_sink_abort(&sink);
  return rc;
}

static int read_all(int fd, void *dst, size_t n) {
  char *d = dst;
  while (n > 0) {
    ssize_t r = read(fd, d, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    d += r;
    n -= (size_t)r;
  }
  return 0;
}

/* Every token names a word of the table and every index entry a token
 * that really starts within 32 bytes before its block. */
static int pool_consistent(const tpch_text_pool *p, int64_t blocks) {
  for (int64_t t = 0; t < p->ntokens; t++)
    if (p->tokens[t] >= MAX_VOCAB * N_SUFFIXES || p->len[p->tokens[t]] == 0) return 0;
  for (int64_t b = 0; b < blocks; b++) {
    uint32_t e = p->index[b];
    if ((int64_t)(e & ((1u << INDEX_TOKEN_BITS) - 1)) >= p->ntokens || (e >> INDEX_TOKEN_BITS) >= TOKEN_TEXT)
      return 0;
  }
  return 1;
}

int tpch_text_pool_load(tpch_text_pool **out, const char *path, tpch_error *err) {
  *out = NULL;
  /* O_NONBLOCK: a FIFO (or device) put at the cache path must not block us */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return tpch_error_set(err, TPCH_EIO, "cannot open '%s': %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return tpch_error_set(err, TPCH_EFORMAT, "'%s' is not a regular file", path);
  }
  cache_header h;
  tpch_text_pool *tp = calloc(1, sizeof *tp);
  grammar *g = malloc(sizeof *g);
  if (tp == NULL || g == NULL) {
    free(tp);
    free(g);
    close(fd);
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  int rc = TPCH_OK;
  if ((read_all(fd, &h, sizeof h) != 0 || memcmp(h.magic, CACHE_MAGIC, 8) != 0 ||
                        h.version != CACHE_VERSION || h.block_shift != BLOCK_SHIFT || h.size <= 0 ||
                        h.size > TPCH_TEXT_POOL_SIZE || h.blocks != (h.size >> BLOCK_SHIFT) + 1 ||
                        h.ntokens <= 0 || h.ntokens > h.size || h.ntokens >= (1LL << INDEX_TOKEN_BITS)))
    rc = tpch_error_set(err, TPCH_EFORMAT, "'%s' is not a text pool cache of this version", path);
  if (rc == TPCH_OK) {
    grammar_init(g);
    token_table_init(tp, g);
    tp->size = h.size;
    tp->ntokens = h.ntokens;
    tp->tokens = map_huge((size_t)h.ntokens * sizeof *tp->tokens, &tp->tokens_mapped);
    tp->index = map_huge((size_t)h.blocks * sizeof *tp->index, &tp->index_mapped);
    if (tp->tokens == NULL || tp->index == NULL) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  if (rc == TPCH_OK && (read_all(fd, tp->tokens, (size_t)h.ntokens * sizeof *tp->tokens) != 0 ||
                        read_all(fd, tp->index, (size_t)h.blocks * sizeof *tp->index) != 0))
    rc = tpch_error_set(err, TPCH_EFORMAT, "'%s' is truncated", path);
  char extra;
  if (rc == TPCH_OK && read(fd, &extra, 1) != 0)
    rc = tpch_error_set(err, TPCH_EFORMAT, "'%s' has trailing bytes", path);
  if (rc == TPCH_OK && (pool_checksum(tp, h.blocks) != h.checksum || !pool_consistent(tp, h.blocks)))
    rc = tpch_error_set(err, TPCH_EFORMAT, "'%s' fails its checksum", path);
  close(fd);
  free(g);
  if (rc != TPCH_OK) {
    tpch_text_pool_destroy(tp);
    return rc;
  }
  *out = tp;
  return TPCH_OK;
}
