#include "dists.h"

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* p_types: syllable 1 slowest, syllable 3 fastest (index = 25a + 5b + c). */
#define TYPE3(a, b) a " " b " TIN", a " " b " NICKEL", a " " b " BRASS", a " " b " STEEL", a " " b " COPPER"
#define TYPE2(a)                                                                                             \
  TYPE3(a, "ANODIZED"), TYPE3(a, "BURNISHED"), TYPE3(a, "PLATED"), TYPE3(a, "POLISHED"), TYPE3(a, "BRUSHED")
const char *const tpch_p_types[150] = {TYPE2("STANDARD"), TYPE2("SMALL"),   TYPE2("MEDIUM"),
                                       TYPE2("LARGE"),    TYPE2("ECONOMY"), TYPE2("PROMO")};

/* p_container: index = 8a + b. */
#define CNTR(a) a " CASE", a " BOX", a " BAG", a " JAR", a " PACK", a " PKG", a " CAN", a " DRUM"
const char *const tpch_p_containers[40] = {CNTR("SM"), CNTR("LG"), CNTR("MED"), CNTR("JUMBO"), CNTR("WRAP")};

const char *const tpch_segments[5] = {"AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY"};
const char *const tpch_priorities[5] = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
const char *const tpch_instructions[4] = {"DELIVER IN PERSON", "COLLECT COD", "TAKE BACK RETURN", "NONE"};
const char *const tpch_ship_modes[7] = {"REG AIR", "AIR", "RAIL", "TRUCK", "MAIL", "FOB", "SHIP"};
const char *const tpch_return_flags[2] = {"R", "A"};
const char *const tpch_region_names[5] = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
const char *const tpch_nation_names[25] = {
    "ALGERIA", "ARGENTINA", "BRAZIL",         "CANADA",       "EGYPT", "ETHIOPIA", "FRANCE",
    "GERMANY", "INDIA",     "INDONESIA",      "IRAN",         "IRAQ",  "JAPAN",    "JORDAN",
    "KENYA",   "MOROCCO",   "MOZAMBIQUE",     "PERU",         "CHINA", "ROMANIA",  "SAUDI ARABIA",
    "VIETNAM", "RUSSIA",    "UNITED KINGDOM", "UNITED STATES"};
const int tpch_nation_region[25] = {0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2,
                                    4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1};

const char *const tpch_colors[92] = {
    "almond",    "antique",    "aquamarine", "azure",     "beige",     "bisque",     "black",     "blanched",
    "blue",      "blush",      "brown",      "burlywood", "burnished", "chartreuse", "chiffon",   "chocolate",
    "coral",     "cornflower", "cornsilk",   "cream",     "cyan",      "dark",       "deep",      "dim",
    "dodger",    "drab",       "firebrick",  "floral",    "forest",    "frosted",    "gainsboro", "ghost",
    "goldenrod", "green",      "grey",       "honeydew",  "hot",       "indian",     "ivory",     "khaki",
    "lace",      "lavender",   "lawn",       "lemon",     "light",     "lime",       "linen",     "magenta",
    "maroon",    "medium",     "metallic",   "midnight",  "mint",      "misty",      "moccasin",  "navajo",
    "navy",      "olive",      "orange",     "orchid",    "pale",      "papaya",     "peach",     "peru",
    "pink",      "plum",       "powder",     "puff",      "purple",    "red",        "rose",      "rosy",
    "royal",     "saddle",     "salmon",     "sandy",     "seashell",  "sienna",     "sky",       "slate",
    "smoke",     "snow",       "spring",     "steel",     "tan",       "thistle",    "tomato",    "turquoise",
    "violet",    "wheat",      "white",      "yellow"};

/* ---- text grammar --------------------------------------------------------- */

static const char *const grammar_w[] = {"N V T", "N V P T", "N V N T", "N P V N T", "N P V P T"};
static const int grammar_n[] = {3, 3, 3, 1, 1};
static const char *const np_w[] = {"N", "J N", "J, J N", "D J N"};
static const int np_n[] = {10, 20, 10, 50};
static const char *const vp_w[] = {"V", "X V", "V D", "X V D"};
static const int vp_n[] = {30, 1, 40, 1};

static const char *const nouns_w[] = {
    "packages",    "requests",     "accounts",      "deposits",   "foxes",     "ideas",      "theodolites",
    "pinto beans", "instructions", "dependencies",  "excuses",    "platelets", "asymptotes", "courts",
    "dolphins",    "multipliers",  "sauternes",     "warthogs",   "frets",     "dinos",      "attainments",
    "somas",       "Tiresias",     "patterns",      "forges",     "braids",    "frays",      "warhorses",
    "dugouts",     "notornis",     "epitaphs",      "pearls",     "tithes",    "waters",     "orbits",
    "gifts",       "sheaves",      "depths",        "sentiments", "decoys",    "realms",     "pains",
    "grouches",    "escapades",    "hockey players"};
static const int nouns_n[] = {40, 40, 40, 40, 20, 20, 20, 20, 20, 10, 10, 10, 10, 5, 5,
                              1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1, 1,
                              1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1, 1};

static const char *const verbs_w[] = {
    "sleep",  "wake",   "are",       "cajole",   "haggle", "nag",   "use",     "boost",
    "affix",  "detect", "integrate", "maintain", "nod",    "was",   "lose",    "sublate",
    "solve",  "thrash", "promise",   "engage",   "hinder", "print", "x-ray",   "breach",
    "eat",    "grow",   "impress",   "mold",     "poach",  "serve", "run",     "dazzle",
    "snooze", "doze",   "unwind",    "kindle",   "play",   "hang",  "believe", "doubt"};
static const int verbs_n[] = {20, 20, 20, 20, 20, 10, 10, 10, 5, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                              1,  1,  1,  1,  1,  1,  1,  1,  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

static const char *const adjectives_w[] = {
    "special", "pending", "unusual",  "express",   "furious",  "sly",  "careful", "blithe",
    "quick",   "fluffy",  "slow",     "quiet",     "ruthless", "thin", "close",   "dogged",
    "daring",  "brave",   "stealthy", "permanent", "enticing", "idle", "busy",    "regular",
    "final",   "ironic",  "even",     "bold",      "silent"};
static const int adjectives_n[] = {20, 20, 20, 20, 1, 1, 1, 1, 1,  1,  1,  1,  1,  1, 1,
                                   1,  1,  1,  1,  1, 1, 1, 1, 50, 40, 40, 30, 20, 10};

static const char *const adverbs_w[] = {
    "sometimes", "always",    "never",   "furiously",  "slyly",       "carefully",  "blithely",
    "quickly",   "fluffily",  "slowly",  "quietly",    "ruthlessly",  "thinly",     "closely",
    "doggedly",  "daringly",  "bravely", "stealthily", "permanently", "enticingly", "idly",
    "busily",    "regularly", "finally", "ironically", "evenly",      "boldly",     "silently"};
static const int adverbs_n[] = {1, 1, 1, 50, 50, 50, 40, 30, 20, 1, 1, 1, 1, 1,
                                1, 1, 1, 1,  1,  1,  1,  1,  1,  1, 1, 1, 1, 1};

static const char *const prepositions_w[] = {
    "about",        "above",   "according to", "across",  "after",       "against", "along",
    "alongside of", "among",   "around",       "at",      "atop",        "before",  "behind",
    "beneath",      "beside",  "besides",      "between", "beyond",      "by",      "despite",
    "during",       "except",  "for",          "from",    "in place of", "inside",  "instead of",
    "into",         "near",    "of",           "on",      "outside",     "over",    "past",
    "since",        "through", "throughout",   "to",      "toward",      "under",   "until",
    "up",           "upon",    "whithout",     "with",    "within"};
static const int prepositions_n[] = {50, 50, 50, 50, 50, 40, 40, 30, 30, 20, 10, 1, 1, 1, 1, 1,
                                     1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1, 1, 1, 1, 1,
                                     1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1, 1, 1, 1};

static const char *const auxiliaries_w[] = {
    "do",           "may",          "might",         "shall",         "will",
    "would",        "can",          "could",         "should",        "ought to",
    "must",         "will have to", "shall have to", "could have to", "should have to",
    "must have to", "need to",      "try to"};
static const int auxiliaries_n[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

static const char *const terminators_w[] = {".", ";", ":", "?", "!", "--"};
static const int terminators_n[] = {50, 1, 1, 1, 1, 1};

#define DIST(name)                                                                                           \
  { name##_w, name##_n, N_ELEMS(name##_w) }
const tpch_dist tpch_dist_grammar = DIST(grammar);
const tpch_dist tpch_dist_np = DIST(np);
const tpch_dist tpch_dist_vp = DIST(vp);
const tpch_dist tpch_dist_nouns = DIST(nouns);
const tpch_dist tpch_dist_verbs = DIST(verbs);
const tpch_dist tpch_dist_adjectives = DIST(adjectives);
const tpch_dist tpch_dist_adverbs = DIST(adverbs);
const tpch_dist tpch_dist_prepositions = DIST(prepositions);
const tpch_dist tpch_dist_auxiliaries = DIST(auxiliaries);
const tpch_dist tpch_dist_terminators = DIST(terminators);

int tpch_dist_total(const tpch_dist *d) {
  int t = 0;
  for (int i = 0; i < d->count; i++)
    t += d->weights ? d->weights[i] : 1;
  return t;
}
