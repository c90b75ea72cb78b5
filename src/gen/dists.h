/*
 * dists.h - the value lists of dbgen's dists.dss (TPC-H spec clause 4.2.2.13
 * and 4.2.3), in file order. Order and weights matter: a weighted pick draws
 * U(1, W) and takes the first entry whose cumulative weight reaches it.
 */
#ifndef TPCH_DISTS_H
#define TPCH_DISTS_H

#include <stdint.h>

typedef struct tpch_dist {
  const char *const *words;
  const int *weights; /* NULL: every weight is 1 */
  int count;
} tpch_dist;

/* Column value lists (all weights 1, so a pick is U(1, count) - 1). */
extern const char *const tpch_p_types[150];
extern const char *const tpch_p_containers[40];
extern const char *const tpch_segments[5];
extern const char *const tpch_priorities[5];
extern const char *const tpch_instructions[4];
extern const char *const tpch_ship_modes[7];
extern const char *const tpch_return_flags[2];
extern const char *const tpch_region_names[5];
extern const char *const tpch_nation_names[25];
extern const int tpch_nation_region[25]; /* n_regionkey (running sum of the file weights) */
extern const char *const tpch_colors[92];

/* Text grammar lists (weighted), used only to build the text pool. */
extern const tpch_dist tpch_dist_grammar, tpch_dist_np, tpch_dist_vp, tpch_dist_nouns, tpch_dist_verbs,
    tpch_dist_adjectives, tpch_dist_adverbs, tpch_dist_prepositions, tpch_dist_auxiliaries,
    tpch_dist_terminators;

/* Sum of a distribution's weights. */
int tpch_dist_total(const tpch_dist *d);

#endif /* TPCH_DISTS_H */
