/* testutil.h - small helpers shared by the C tests. */
#ifndef TPCH_TESTUTIL_H
#define TPCH_TESTUTIL_H

#include <stddef.h>

/* 1 if the `len` bytes at `data` are exactly `hex` (two hex digits a byte, nothing else). */
int hex_eq(const void *data, size_t len, const char *hex);

/* snprintf into out (for building paths). */
void fmt(char *out, size_t cap, const char *f, ...) __attribute__((format(printf, 3, 4)));

/* Entries of a directory, not counting those that start with '.' (0 if it cannot be read). */
int count_files(const char *dir);

#endif
