/* version.c - tpch_version() (declared in tpchgen.h). */
#include "tpchgen.h"

const char *tpch_version(void) {
  return TPCH_VERSION;
}
