/*
 * table_schema.c - the field comparison of Iceberg and Paimon appends
 * (table_schema.h).
 */
#include "format/common/table_schema.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

/* Type strings without spaces and ASCII case: "DECIMAL(15,2)" = "decimal(15, 2)". */
static int same_type(const char *a, const char *b) {
  for (;;) {
    while (*a == ' ')
      a++;
    while (*b == ' ')
      b++;
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    if (*a == '\0') return 1;
    a++, b++;
  }
}

int tpch_table_field_equal(const char *name, const char *type, const char *want_name, const char *want_type) {
  if (name == NULL || type == NULL || want_name == NULL || want_type == NULL) return 0;
  return strcmp(name, want_name) == 0 && same_type(type, want_type);
}
