/* md5.h - MD5 (RFC 1321) for comparing test output with golden checksums. */
#ifndef TPCH_TEST_MD5_H
#define TPCH_TEST_MD5_H

#include <stddef.h>
#include <stdint.h>

typedef struct md5_ctx {
  uint32_t h[4];
  uint64_t len;
  uint8_t buf[64];
  size_t fill;
} md5_ctx;

void md5_init(md5_ctx *c);
void md5_update(md5_ctx *c, const void *data, size_t n);
/* Writes the 32-char lowercase hex digest and a NUL into hex[33]. */
void md5_hex(md5_ctx *c, char hex[33]);

#endif
