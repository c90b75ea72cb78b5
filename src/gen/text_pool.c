#include "text_pool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cancel.h"
#include "dists.h"
#include "io/sink.h"
#include "rng.h"

#define TEXT_SEED 933588178LL
#define MAX_WORDS 48
#define MAX_WEIGHT 512
#define BLOCK_SHIFT 8 /* the index has one entry per 256 bytes of text */
#define PIECE_TEXT 32 /* longest piece: " according to the" (17 bytes), copied whole */
#define N_SUFFIXES 8
#define MAX_VOCAB (256 - N_SUFFIXES) /* word codes; 208 distinct words in dists.dss */

/* While a sentence is generated a token is word | suffix << 8; the suffix is
 * the punctuation that follows the word before its space: none, a comma, or
 * a sentence terminator. */
enum { SUF_NONE = 0, SUF_COMMA = 1, SUF_TERM = 2 /* + terminator index 0..5 */ };
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

/*
 * The pool is stored as one byte per piece of text. Moving each word's space
 * in front of it ("furiously special, foxes. " = " furiously" " special" ","
 * " foxes" "." + " ") turns dbgen's text, with one space put in front, into
 * a plain concatenation of pieces: " word" for a word code (0..MAX_VOCAB-1)
 * and the punctuation alone for a suffix code (MAX_VOCAB + suffix). The
 * grammar puts "the" after every preposition (and prepositions nowhere
 * else), so a preposition's piece is " word the" and that "the" has no code.
 * Text offset o is offset o + 1 of that "virtual" text. About 44 MB of codes
 * instead of 84 MB of 16-bit tokens, and every read decodes byte by byte
 * with no branch on the code.
 *
 * Index entry b: the code holding virtual byte b << BLOCK_SHIFT (low 27
 * bits) and how far into its piece that byte is (high 5 bits); one word, so
 * a read costs one cache miss in the index and one or two in the codes.
 */
#define INDEX_CODE_BITS 27
#define CODE_SUFFIX(s) ((uint8_t)(MAX_VOCAB + (s)))

/*
 * A compact pool (tpch_text_pool_build_compact) keeps no codes and no index:
 * mark b holds the generator's seed at the start of the sentence covering
 * virtual byte b << MARK_SHIFT (4 bytes, little-endian) and how far before
 * that byte the sentence starts (1 byte: a sentence is at most about 200
 * bytes; the build checks). A read generates the text again from that
 * sentence: 5 bytes per 128 bytes of text (about 12 MB) instead of 49 MB.
 */
#define MARK_SHIFT 7
#define MARK_BYTES 5
struct tpch_text_pool {
  uint8_t *codes;
  int64_t ncodes;
  size_t codes_mapped;
  uint32_t *index;
  size_t index_mapped;
  uint8_t *marks; /* compact pools only (MARK_BYTES per block); then codes and index are NULL */
  size_t marks_mapped;
  grammar *g;              /* compact pools only: what reads generate with */
  uint8_t prep[MAX_VOCAB]; /* compact pools only: prep[w] = w is a preposition */
  int64_t size;            /* bytes of text */
  uint8_t len[256];
  char text[256][PIECE_TEXT];
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
    for (int w = 0; w < d->weights[i]; w++)
      t->pick[j++] = (uint8_t)i;
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

/* Whether word w is a preposition (and so always followed by "the"). */
static int is_prep(const grammar *g, int w) {
  for (int i = 0; i < tpch_dist_prepositions.count; i++)
    if (g->prep.vocab[i] == w) return 1;
  return 0;
}

/* The pieces: " word" for each word code (" word the" for a preposition),
 * the punctuation for each suffix code; unused codes keep length 0 (a loaded
 * pool never holds one). */
static int piece_table_init(tpch_text_pool *tp, const grammar *g) {
  for (int w = 0; w < g->nwords; w++) {
    size_t wl = strlen(g->words[w]), n = 0;
    if (wl + 5 > PIECE_TEXT) return TPCH_EINVAL;
    tp->text[w][n++] = ' ';
    memcpy(tp->text[w] + n, g->words[w], wl);
    n += wl;
    if (is_prep(g, w)) {
      memcpy(tp->text[w] + n, " the", 4);
      n += 4;
    }
    tp->len[w] = (uint8_t)n;
  }
  for (int s = 1; s < N_SUFFIXES; s++) {
    size_t sl = strlen(suffix_text[s]);
    memcpy(tp->text[CODE_SUFFIX(s)], suffix_text[s], sl);
    tp->len[CODE_SUFFIX(s)] = (uint8_t)sl;
  }
  return TPCH_OK;
}

/* A mapping of `bytes` rounded up to huge pages, which the kernel then
 * places on a huge-page boundary, with transparent huge pages asked for.
 * Once filled, trim_map gives back what lies past the data. */
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

/* Unmaps a mapping's tail past `used` bytes (rounded up to a page): a huge
 * page only partly used would otherwise stay resident in full. */
static void trim_map(void *p, size_t used, size_t *mapped) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t keep = (used + page - 1) / page * page;
  if (keep < *mapped && munmap((char *)p + keep, *mapped - keep) == 0) *mapped = keep;
}

/* Virtual bytes the pool must hold for `size` bytes of text: the leading
 * space and then every text byte. */
static int64_t virtual_size(int64_t size) {
  return size + 1;
}

/* prep[w] = 1 for each preposition's word code. */
static void prep_table(const grammar *g, uint8_t *prep) {
  for (int w = 0; w < MAX_VOCAB; w++)
    prep[w] = (uint8_t)(w < g->nwords && is_prep(g, w));
}

/* The codes of the next sentence at out (room for 128); returns how many,
 * or -1 if a preposition is not followed by "the" (a grammar the pieces do
 * not fit). */
static int sentence_codes(const grammar *g, const uint8_t *prep, int64_t *seed, uint8_t *out) {
  uint16_t sent[64] = {0}; /* every token is written before it is read; the analyzer cannot tell */
  int k = (int)(sentence(sent, g, seed) - sent), n = 0;
  for (int i = 0; i < k; i++) {
    uint8_t w = (uint8_t)(sent[i] & 0xff), s = (uint8_t)(sent[i] >> 8);
    if (prep[w]) { /* its piece holds the "the" that follows */
      if (s != SUF_NONE || i + 1 >= k || sent[i + 1] != g->the) return -1;
      i++;
    }
    out[n++] = w;
    if (s != SUF_NONE) out[n++] = CODE_SUFFIX(s);
  }
  return n;
}

/* Generates whole sentences until their codes cover the virtual text,
 * straight into a mapping sized for the worst case (a piece is at least one
 * byte); the untouched tail costs address space only and is unmapped after. */
static int generate(tpch_text_pool *tp, const grammar *g, int64_t size) {
  int64_t need = virtual_size(size), cap = need + 256, n = 0, bytes = 0;
  uint8_t *codes = map_huge((size_t)cap, &tp->codes_mapped);
  if (codes == NULL) return TPCH_ENOMEM;
  tp->codes = codes;
  int64_t seed = TEXT_SEED;
  uint8_t prep[MAX_VOCAB], sc[128];
  prep_table(g, prep);
  for (int64_t sentences = 0; bytes < need; sentences++) {
    if ((sentences & 8191) == 0 && tpch_cancel_requested()) return TPCH_ECANCELED; /* every ~0.5 MB */
    int k = sentence_codes(g, prep, &seed, sc);
    if (k < 0) return TPCH_EINVAL;
    for (int i = 0; i < k; i++) {
      codes[n++] = sc[i];
      bytes += tp->len[sc[i]];
    }
  }
  tp->ncodes = n;
  trim_map(codes, (size_t)n, &tp->codes_mapped);
  return TPCH_OK;
}

static int64_t index_blocks(int64_t size) {
  return (virtual_size(size) >> BLOCK_SHIFT) + 1;
}

/* Fills (check = 0) or verifies (check = 1: returns 0 on the first entry
 * that differs) the index from the codes. */
static int index_walk(tpch_text_pool *tp, int check) {
  int64_t blocks = index_blocks(tp->size), pos = 0, b = 0;
  for (int64_t i = 0; i < tp->ncodes && b < blocks; i++) {
    int64_t end = pos + tp->len[tp->codes[i]];
    for (; b < blocks && (b << BLOCK_SHIFT) < end; b++) {
      uint32_t e = (uint32_t)i | (uint32_t)((b << BLOCK_SHIFT) - pos) << INDEX_CODE_BITS;
      if (!check)
        tp->index[b] = e;
      else if (tp->index[b] != e)
        return 0;
    }
    pos = end;
  }
  return b == blocks;
}

static int build_index(tpch_text_pool *tp) {
  if (tp->ncodes >= (1LL << INDEX_CODE_BITS)) return TPCH_ENOMEM;
  tp->index = map_huge((size_t)index_blocks(tp->size) * sizeof *tp->index, &tp->index_mapped);
  if (tp->index == NULL) return TPCH_ENOMEM;
  if (!index_walk(tp, 0)) return TPCH_ENOMEM;
  trim_map(tp->index, (size_t)index_blocks(tp->size) * sizeof *tp->index, &tp->index_mapped);
  return TPCH_OK;
}

/* The marks of a compact pool: one pass of the generator, keeping only the
 * seed at the start of each sentence that covers a block's first byte. */
static int64_t mark_blocks(int64_t size) {
  return (virtual_size(size) >> MARK_SHIFT) + 1;
}

static int generate_marks(tpch_text_pool *tp, int64_t size) {
  int64_t blocks = mark_blocks(size), pos = 0, b = 0;
  tp->marks = map_huge((size_t)blocks * MARK_BYTES, &tp->marks_mapped);
  if (tp->marks == NULL) return TPCH_ENOMEM;
  int64_t seed = TEXT_SEED;
  uint8_t sc[128];
  for (int64_t sentences = 0; b < blocks; sentences++) {
    if ((sentences & 8191) == 0 && tpch_cancel_requested()) return TPCH_ECANCELED;
    int64_t start = pos;
    uint32_t start_seed = (uint32_t)seed; /* < 2^31 */
    int k = sentence_codes(tp->g, tp->prep, &seed, sc);
    if (k < 0) return TPCH_EINVAL;
    for (int i = 0; i < k; i++)
      pos += tp->len[sc[i]];
    for (; b < blocks && (b << MARK_SHIFT) < pos; b++) {
      int64_t back = (b << MARK_SHIFT) - start;
      if (back > 255) return TPCH_EINVAL; /* a sentence longer than a mark can span */
      memcpy(tp->marks + b * MARK_BYTES, &start_seed, 4);
      tp->marks[b * MARK_BYTES + 4] = (uint8_t)back;
    }
  }
  trim_map(tp->marks, (size_t)blocks * MARK_BYTES, &tp->marks_mapped);
  return TPCH_OK;
}

/* Both kinds of pool: the codes and their index, or (compact) the marks,
 * which keep the grammar for reads. */
static int pool_build(tpch_text_pool **out, int64_t size, int compact, tpch_error *err) {
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
  grammar_init(g);
  tp->size = size;
  int rc = piece_table_init(tp, g);
  if (compact) {
    tp->g = g; /* freed with the pool */
    prep_table(g, tp->prep);
    if (rc == TPCH_OK) rc = generate_marks(tp, size);
  } else {
    if (rc == TPCH_OK) rc = generate(tp, g, size);
    if (rc == TPCH_OK) rc = build_index(tp);
    free(g);
  }
  if (rc != TPCH_OK) {
    tpch_text_pool_destroy(tp);
    if (rc == TPCH_ECANCELED) return tpch_error_set(err, rc, "interrupted");
    return tpch_error_set(err, rc,
                          rc == TPCH_ENOMEM ? "cannot allocate the text pool"
                                            : "the grammar does not fit the pool's pieces");
  }
  *out = tp;
  return TPCH_OK;
}

int tpch_text_pool_build(tpch_text_pool **out, int64_t size, tpch_error *err) {
  return pool_build(out, size, 0, err);
}

int tpch_text_pool_build_compact(tpch_text_pool **out, int64_t size, tpch_error *err) {
  return pool_build(out, size, 1, err);
}

/* A read from a compact pool: the sentences from the one its mark names,
 * generated again, pieces before the slice skipped by their length. */
static void compact_read(const tpch_text_pool *p, int64_t off, int64_t len, char *dst) {
  char buf[TPCH_TEXT_POOL_MAX_READ + 3 * PIECE_TEXT];
  int64_t v = off + 1, b = v >> MARK_SHIFT, end = v + len;
  uint32_t mark_seed;
  memcpy(&mark_seed, p->marks + b * MARK_BYTES, 4);
  int64_t seed = mark_seed;
  int64_t pos = (b << MARK_SHIFT) - p->marks[b * MARK_BYTES + 4], start = -1;
  uint8_t sc[128];
  char *w = buf;
  while (pos < end) {
    int k = sentence_codes(p->g, p->prep, &seed, sc);
    for (int i = 0; i < k && pos < end; i++) {
      int l = p->len[sc[i]];
      if (pos + l <= v) {
        pos += l;
        continue;
      }
      if (start < 0) start = pos;
      memcpy(w, p->text[sc[i]], PIECE_TEXT); /* fixed-size copy; the slack is overwritten */
      w += l;
      pos += l;
    }
  }
  if (start < 0) start = v; /* len 0 */
  memcpy(dst, buf + (v - start), (size_t)len);
}

void tpch_text_pool_read(const tpch_text_pool *p, int64_t off, int64_t len, char *dst) {
  if (p->marks) {
    compact_read(p, off, len, dst);
    return;
  }
  char buf[TPCH_TEXT_POOL_MAX_READ + 3 * PIECE_TEXT];
  int64_t v = off + 1, b = v >> BLOCK_SHIFT; /* the virtual offset */
  uint32_t e = p->index[b];
  const uint8_t *c = p->codes + (e & ((1u << INDEX_CODE_BITS) - 1));
  int64_t pos = (b << BLOCK_SHIFT) - (e >> INDEX_CODE_BITS); /* virtual offset where piece *c starts */
  while (pos + p->len[*c] <= v)
    pos += p->len[*c++];
  int64_t start = pos;
  char *w = buf;
  while (pos < v + len) {
    memcpy(w, p->text[*c], PIECE_TEXT); /* fixed-size copy; the slack is overwritten */
    w += p->len[*c];
    pos += p->len[*c++];
  }
  memcpy(dst, buf + (v - start), (size_t)len);
}

void tpch_text_pool_read_many(const tpch_text_pool *p, size_t n, const int64_t *off, const int32_t *len,
                              char *const *dst) {
  /* Three stages a fixed distance apart: prefetch the index entry, then
   * (once it has arrived) the codes it points to, then decode. */
  enum { AHEAD_INDEX = 16, AHEAD_CODES = 8 };
  if (p->marks) {
    for (size_t i = 0; i < n; i++) {
      if (i + AHEAD_CODES < n)
        __builtin_prefetch(p->marks + ((off[i + AHEAD_CODES] + 1) >> MARK_SHIFT) * MARK_BYTES);
      compact_read(p, off[i], len[i], dst[i]);
    }
    return;
  }
  const uint32_t mask = (1u << INDEX_CODE_BITS) - 1;
  for (size_t i = 0; i < n + AHEAD_INDEX; i++) {
    if (i < n) __builtin_prefetch(&p->index[(off[i] + 1) >> BLOCK_SHIFT]);
    if (i >= AHEAD_INDEX - AHEAD_CODES && i - (AHEAD_INDEX - AHEAD_CODES) < n) {
      size_t k = i - (AHEAD_INDEX - AHEAD_CODES);
      const uint8_t *c = &p->codes[p->index[(off[k] + 1) >> BLOCK_SHIFT] & mask];
      __builtin_prefetch(c);
      __builtin_prefetch(c + 63);
    }
    if (i >= AHEAD_INDEX) {
      size_t k = i - AHEAD_INDEX;
      tpch_text_pool_read(p, off[k], len[k], dst[k]);
    }
  }
}

int64_t tpch_text_pool_size(const tpch_text_pool *p) {
  return p->size;
}

size_t tpch_text_pool_memory(const tpch_text_pool *p) {
  return p->codes_mapped + p->index_mapped + p->marks_mapped + (p->g ? sizeof *p->g : 0) + sizeof *p;
}

void tpch_text_pool_destroy(tpch_text_pool *p) {
  if (p == NULL) return;
  if (p->codes) munmap(p->codes, p->codes_mapped);
  if (p->index) munmap(p->index, p->index_mapped);
  if (p->marks) munmap(p->marks, p->marks_mapped);
  free(p->g);
  free(p);
}

/* ---- the cache file ----------------------------------------------------------
 * [header][codes: ncodes bytes][index: blocks x u32], little-endian as the
 * machines we run on. The piece table is rebuilt from the distributions, so
 * a file can only ever hold the code stream, not the words. */

#define CACHE_MAGIC "TPCHPOOL"
#define CACHE_VERSION 2
#define COMPACT_MAGIC "TPCHMARK" /* a compact pool: [header][marks: blocks x MARK_BYTES] */
#define COMPACT_VERSION 1

typedef struct cache_header {
  char magic[8];
  uint32_t version, block_shift;
  int64_t size, ncodes, blocks;
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
  for (; i < n; i++)
    h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

static uint64_t pool_checksum(const tpch_text_pool *p, int64_t blocks) {
  uint64_t h = checksum(p->codes, (size_t)p->ncodes, 0xcbf29ce484222325ULL);
  return checksum(p->index, (size_t)blocks * sizeof *p->index, h);
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

static uint64_t marks_checksum(const tpch_text_pool *p, int64_t blocks) {
  return checksum(p->marks, (size_t)blocks * MARK_BYTES, 0xcbf29ce484222325ULL);
}

/* Every mark's seed is a state of the generator and its sentence starts at
 * or after the previous mark's: reads stay in bounds whatever the file held. */
static int marks_consistent(const tpch_text_pool *p, int64_t blocks) {
  int64_t prev = 0;
  for (int64_t b = 0; b < blocks; b++) {
    uint32_t seed;
    memcpy(&seed, p->marks + b * MARK_BYTES, 4);
    int64_t start = (b << MARK_SHIFT) - p->marks[b * MARK_BYTES + 4];
    if (seed < 1 || seed >= TPCH_RNG_MOD || start < prev) return 0;
    prev = start;
  }
  return 1;
}

/* The rest of a compact pool's file after its header h. */
static int load_compact(tpch_text_pool *tp, int fd, const cache_header *h, const char *path,
                        tpch_error *err) {
  if (h->version != COMPACT_VERSION || h->block_shift != MARK_SHIFT || h->size <= 0 ||
      h->size > TPCH_TEXT_POOL_SIZE || h->blocks != mark_blocks(h->size) || h->ncodes != 0)
    return tpch_error_set(err, TPCH_EFORMAT, "'%s' is not a text pool cache of this version", path);
  tp->g = malloc(sizeof *tp->g);
  if (tp->g == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  grammar_init(tp->g);
  prep_table(tp->g, tp->prep);
  if (piece_table_init(tp, tp->g) != TPCH_OK)
    return tpch_error_set(err, TPCH_EINVAL, "the grammar does not fit the pool's pieces");
  tp->size = h->size;
  tp->marks = map_huge((size_t)h->blocks * MARK_BYTES, &tp->marks_mapped);
  if (tp->marks == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  if (read_all(fd, tp->marks, (size_t)h->blocks * MARK_BYTES) != 0)
    return tpch_error_set(err, TPCH_EFORMAT, "'%s' is truncated", path);
  trim_map(tp->marks, (size_t)h->blocks * MARK_BYTES, &tp->marks_mapped);
  char extra;
  if (read(fd, &extra, 1) != 0) return tpch_error_set(err, TPCH_EFORMAT, "'%s' has trailing bytes", path);
  if (marks_checksum(tp, h->blocks) != h->checksum || !marks_consistent(tp, h->blocks))
    return tpch_error_set(err, TPCH_EFORMAT, "'%s' fails its checksum", path);
  return TPCH_OK;
}

int tpch_text_pool_save(const tpch_text_pool *p, const char *path, tpch_error *err) {
  int compact = p->marks != NULL;
  int64_t blocks = compact ? mark_blocks(p->size) : index_blocks(p->size);
  cache_header h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, compact ? COMPACT_MAGIC : CACHE_MAGIC, 8);
  h.version = compact ? COMPACT_VERSION : CACHE_VERSION;
  h.block_shift = compact ? MARK_SHIFT : BLOCK_SHIFT;
  h.size = p->size;
  h.ncodes = p->ncodes; /* 0 for a compact pool */
  h.blocks = blocks;
  h.checksum = compact ? marks_checksum(p, blocks) : pool_checksum(p, blocks);
  tpch_sink sink;
  int rc = tpch_sink_open(&sink, path, TPCH_SINK_OVERWRITE, err);
  if (rc != TPCH_OK) return rc;
  rc = tpch_sink_write(&sink, &h, sizeof h, err);
  if (rc == TPCH_OK && compact) rc = tpch_sink_write(&sink, p->marks, (size_t)blocks * MARK_BYTES, err);
  if (rc == TPCH_OK && !compact) rc = tpch_sink_write(&sink, p->codes, (size_t)p->ncodes, err);
  if (rc == TPCH_OK && !compact)
    rc = tpch_sink_write(&sink, p->index, (size_t)blocks * sizeof *p->index, err);
  if (rc == TPCH_OK) return tpch_sink_commit(&sink, err);
  tpch_sink_abort(&sink);
  return rc;
}

/* Every code is a piece of the table, the codes cover the virtual text, and
 * the index is exactly the one they give: every read stays in bounds. */
static int pool_consistent(tpch_text_pool *p) {
  int64_t bytes = 0;
  for (int64_t i = 0; i < p->ncodes; i++) {
    if (p->len[p->codes[i]] == 0) return 0;
    bytes += p->len[p->codes[i]];
  }
  return bytes >= virtual_size(p->size) && index_walk(p, 1);
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
  if (read_all(fd, &h, sizeof h) == 0 && memcmp(h.magic, COMPACT_MAGIC, 8) == 0) {
    free(g);
    rc = load_compact(tp, fd, &h, path, err);
    close(fd);
    if (rc != TPCH_OK) {
      tpch_text_pool_destroy(tp);
      return rc;
    }
    *out = tp;
    return TPCH_OK;
  }
  if (lseek(fd, 0, SEEK_SET) != 0 || read_all(fd, &h, sizeof h) != 0 ||
      memcmp(h.magic, CACHE_MAGIC, 8) != 0 || h.version != CACHE_VERSION || h.block_shift != BLOCK_SHIFT ||
      h.size <= 0 || h.size > TPCH_TEXT_POOL_SIZE || h.blocks != index_blocks(h.size) || h.ncodes <= 0 ||
      h.ncodes > virtual_size(h.size) + 256 || h.ncodes >= (1LL << INDEX_CODE_BITS))
    rc = tpch_error_set(err, TPCH_EFORMAT, "'%s' is not a text pool cache of this version", path);
  if (rc == TPCH_OK) {
    grammar_init(g);
    if (piece_table_init(tp, g) != TPCH_OK)
      rc = tpch_error_set(err, TPCH_EINVAL, "the grammar does not fit the pool's pieces");
  }
  if (rc == TPCH_OK) {
    tp->size = h.size;
    tp->ncodes = h.ncodes;
    tp->codes = map_huge((size_t)h.ncodes, &tp->codes_mapped);
    tp->index = map_huge((size_t)h.blocks * sizeof *tp->index, &tp->index_mapped);
    if (tp->codes == NULL || tp->index == NULL) rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  if (rc == TPCH_OK && (read_all(fd, tp->codes, (size_t)h.ncodes) != 0 ||
                        read_all(fd, tp->index, (size_t)h.blocks * sizeof *tp->index) != 0))
    rc = tpch_error_set(err, TPCH_EFORMAT, "'%s' is truncated", path);
  if (rc == TPCH_OK) {
    trim_map(tp->codes, (size_t)h.ncodes, &tp->codes_mapped);
    trim_map(tp->index, (size_t)h.blocks * sizeof *tp->index, &tp->index_mapped);
  }
  char extra;
  if (rc == TPCH_OK && read(fd, &extra, 1) != 0)
    rc = tpch_error_set(err, TPCH_EFORMAT, "'%s' has trailing bytes", path);
  if (rc == TPCH_OK && (pool_checksum(tp, h.blocks) != h.checksum || !pool_consistent(tp)))
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
