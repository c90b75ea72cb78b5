#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format/iceberg/iceberg_internal.h"
#include "io/random.h"

int ice_snapshot_id(int64_t *out, tpch_error *err) {
  uint64_t u = 0;
  while (u == 0) {
    int rc = tpch_random_bytes(&u, sizeof u, err);
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
