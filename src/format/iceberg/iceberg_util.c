#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "format/iceberg/iceberg_internal.h"
#include "io/sink.h"

int ice_random_bytes(void *p, size_t n, tpch_error *err) {
  uint8_t *o = p;
  while (n > 0) {
    ssize_t got = getrandom(o, n, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    o += got;
    n -= (size_t)got;
  }
  if (n == 0) return TPCH_OK;
  /* kernels without getrandom(): fall back to the device */
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return tpch_error_set(err, TPCH_EIO, "no source of random bytes: %s", strerror(errno));
  while (n > 0) {
    ssize_t got = read(fd, o, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      close(fd);
      return tpch_error_set(err, TPCH_EIO, "reading /dev/urandom failed");
    }
    o += got;
    n -= (size_t)got;
  }
  close(fd);
  return TPCH_OK;
}

int ice_uuid(char out[37], tpch_error *err) {
  static const char hex[] = "0123456789abcdef";
  uint8_t b[16];
  int rc = ice_random_bytes(b, sizeof b, err);
  if (rc != 0) return rc;
  b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 */
  b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
  int o = 0;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = hex[b[i] >> 4];
    out[o++] = hex[b[i] & 15];
  }
  out[o] = '\0';
  return TPCH_OK;
}

int ice_snapshot_id(int64_t *out, tpch_error *err) {
  uint64_t u = 0;
  while (u == 0) {
    int rc = ice_random_bytes(&u, sizeof u, err);
    if (rc != 0) return rc;
    u &= (uint64_t)INT64_MAX; /* positive, as the spec asks */
  }
  *out = (int64_t)u;
  return TPCH_OK;
}

int64_t ice_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ice_write_file(const char *path, const void *data, size_t len, int overwrite, int fsync, tpch_error *err) {
  tpch_sink s;
  int flags = (overwrite ? TPCH_SINK_OVERWRITE : 0) | (fsync ? 0 : TPCH_SINK_NOSYNC);
  int rc = tpch_sink_open(&s, path, flags, err);
  if (rc != 0) return rc;
  rc = tpch_sink_write(&s, data, len, err);
  if (rc != 0) {
    tpch_sink_abort(&s);
    return rc;
  }
  return tpch_sink_commit(&s, err);
}

int ice_read_file(const char *path, tpch_buf *b, tpch_error *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return tpch_error_set(err, TPCH_EIO, "cannot open '%s': %s", path, strerror(errno));
  int rc = TPCH_OK;
  for (;;) {
    if (tpch_buf_reserve(b, 65536) != 0) {
      rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory reading '%s'", path);
      break;
    }
    ssize_t got = read(fd, b->data + b->len, b->cap - b->len);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      rc = tpch_error_set(err, TPCH_EIO, "reading '%s' failed: %s", path, strerror(errno));
      break;
    }
    if (got == 0) break;
    b->len += (size_t)got;
  }
  close(fd);
  return rc;
}

int ice_file_uri(const char *abs_path, tpch_buf *out) {
  static const char hex[] = "0123456789ABCDEF";
  int rc = ice_json_put_raw(out, "file://");
  for (const unsigned char *p = (const unsigned char *)abs_path; *p && rc == 0; p++) {
    int safe = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
               strchr("/._~-", *p) != NULL;
    if (safe) {
      rc = tpch_buf_put_u8(out, *p);
    } else {
      uint8_t esc[3] = {'%', (uint8_t)hex[*p >> 4], (uint8_t)hex[*p & 15]};
      rc = tpch_buf_append(out, esc, 3);
    }
  }
  return rc ? TPCH_ENOMEM : TPCH_OK;
}
