#include "text_pool.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "dists.h"
#include "rng.h"

#define TEXT_SEED 933588178LL
#define MAX_WORDS 48
#define MAX_WEIGHT 512

/* A weighted list prepared for fast picks: word i is stored with a trailing
 * space, and pick[j] (j = 1..total) is the entry a draw of j selects. */
typedef struct word_table {
  int total;
  uint8_t pick[MAX_WEIGHT + 1];
  uint8_t len[MAX_WORDS];       /* without the trailing space */
  char text[MAX_WORDS][24];     /* word + ' ' */
} word_table;

typedef struct grammar {
  word_table sentence, np, vp, noun, verb, adj, adv, prep, aux, term;
} grammar;

struct tpch_text_pool {
  char *data;
  int64_t size;
  size_t mapped; /* bytes mapped with mmap, 0 if malloc'd */
};

static void table_init(word_table *t, const tpch_dist *d) {
  int j = 1;
  memset(t, 0, sizeof *t);
  for (int i = 0; i < d->count; i++) {
    size_t n = strlen(d->words[i]);
    t->len[i] = (uint8_t)n;
    memcpy(t->text[i], d->words[i], n);
    t->text[i][n] = ' ';
    for (int w = 0; w < d->weights[i]; w++) t->pick[j++] = (uint8_t)i;
  }
  t->total = j - 1;
}

static inline int pick(const word_table *t, int64_t *seed) {
  return t->pick[tpch_rng_uniform(seed, 1, t->total)];
}

/* Appends word `i` of `t` and a space at `p`; returns the new end. */
static inline char *put_word(char *p, const word_table *t, int i) {
  memcpy(p, t->text[i], 24); /* fixed-size copy; the slack is overwritten */
  return p + t->len[i] + 1;
}

static char *noun_phrase(char *p, const grammar *g, int64_t *seed) {
  const char *tpl = tpch_dist_np.words[pick(&g->np, seed)];
  for (; *tpl; tpl++) {
    switch (*tpl) {
    case 'J': p = put_word(p, &g->adj, pick(&g->adj, seed)); break;
    case 'N': p = put_word(p, &g->noun, pick(&g->noun, seed)); break;
    case 'D': p = put_word(p, &g->adv, pick(&g->adv, seed)); break;
    case ',': /* glued to the word before: "adj, adj noun" */
      p[-1] = ',';
      *p++ = ' ';
      break;
    default: break;
    }
  }
  return p;
}

static char *verb_phrase(char *p, const grammar *g, int64_t *seed) {
  const char *tpl = tpch_dist_vp.words[pick(&g->vp, seed)];
  for (; *tpl; tpl++) {
    switch (*tpl) {
    case 'X': p = put_word(p, &g->aux, pick(&g->aux, seed)); break;
    case 'V': p = put_word(p, &g->verb, pick(&g->verb, seed)); break;
    case 'D': p = put_word(p, &g->adv, pick(&g->adv, seed)); break;
    default: break;
    }
  }
  return p;
}

/* Writes one sentence followed by its separating space at `p` (which has
 * room for at least 512 bytes) and returns the new end. */
static char *sentence(char *p, const grammar *g, int64_t *seed) {
  const char *tpl = tpch_dist_grammar.words[pick(&g->sentence, seed)];
  for (; *tpl; tpl++) {
    switch (*tpl) {
    case 'N': p = noun_phrase(p, g, seed); break;
    case 'V': p = verb_phrase(p, g, seed); break;
    case 'P':
      p = put_word(p, &g->prep, pick(&g->prep, seed));
      memcpy(p, "the ", 4);
      p = noun_phrase(p + 4, g, seed);
      break;
    case 'T': { /* the terminator replaces the trailing space */
      int t = pick(&g->term, seed);
      p = put_word(p - 1, &g->term, t);
      break;
    }
    default: break;
    }
  }
  return p;
}

static void grammar_init(grammar *g) {
  table_init(&g->sentence, &tpch_dist_grammar);
  table_init(&g->np, &tpch_dist_np);
  table_init(&g->vp, &tpch_dist_vp);
  table_init(&g->noun, &tpch_dist_nouns);
  table_init(&g->verb, &tpch_dist_verbs);
  table_init(&g->adj, &tpch_dist_adjectives);
  table_init(&g->adv, &tpch_dist_adverbs);
  table_init(&g->prep, &tpch_dist_prepositions);
  table_init(&g->aux, &tpch_dist_auxiliaries);
  table_init(&g->term, &tpch_dist_terminators);
}

int tpch_text_pool_build(tpch_text_pool **out, int64_t size, tpch_error *err) {
  *out = NULL;
  if (size <= 0) return tpch_error_set(err, TPCH_EINVAL, "text pool size must be positive");
  tpch_text_pool *tp = calloc(1, sizeof *tp);
  grammar *g = malloc(sizeof *g);
  /* 1 KiB of slack so sentences can be written in place past the end. */
  size_t cap = (size_t)size + 1024;
  char *data = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (tp == NULL || g == NULL || data == MAP_FAILED) {
    free(tp);
    free(g);
    if (data != MAP_FAILED) munmap(data, cap);
    return tpch_error_set(err, TPCH_ENOMEM, "cannot allocate the %lld-byte text pool", (long long)size);
  }
  grammar_init(g);
  int64_t seed = TEXT_SEED;
  char *p = data, *end = data + size;
  while (p < end) p = sentence(p, g, &seed);
  /* The sentence that overflowed is cut; clear what was written past it. */
  memset(end, 0, (size_t)(p - end));
  free(g);
  tp->data = data;
  tp->size = size;
  tp->mapped = cap;
  *out = tp;
  return TPCH_OK;
}

const char *tpch_text_pool_data(const tpch_text_pool *p) { return p->data; }
int64_t tpch_text_pool_size(const tpch_text_pool *p) { return p->size; }

void tpch_text_pool_destroy(tpch_text_pool *p) {
  if (p == NULL) return;
  if (p->mapped) munmap(p->data, p->mapped);
  free(p);
}
