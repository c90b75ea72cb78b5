#include "random.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

/* Reads the rest from /dev/urandom; returns how many bytes are still missing. */
static size_t from_device(uint8_t *p, size_t n) {
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return n;
  while (n > 0) {
    ssize_t got = read(fd, p, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    p += got;
    n -= (size_t)got;
  }
  close(fd);
  return n;
}

int tpch_random_bytes(void *out, size_t n, tpch_error *err) {
  uint8_t *p = out;
  while (n > 0) {
    ssize_t got = getrandom(p, n, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    p += got;
    n -= (size_t)got;
  }
  if (n > 0 && from_device(p, n) != 0)
    return tpch_error_set(err, TPCH_EIO, "no source of random bytes (getrandom and /dev/urandom failed)");
  return TPCH_OK;
}

int tpch_uuid4(char out[TPCH_UUID_CHARS + 1], tpch_error *err) {
  static const char hex[] = "0123456789abcdef";
  uint8_t b[16];
  int rc = tpch_random_bytes(b, sizeof b, err);
  if (rc != TPCH_OK) return rc;
  b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 */
  b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
  char *o = out;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *o++ = '-';
    *o++ = hex[b[i] >> 4];
    *o++ = hex[b[i] & 15];
  }
  *o = '\0';
  return TPCH_OK;
}
