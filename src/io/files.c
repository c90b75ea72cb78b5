#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/sink.h"

int tpch_write_file(const char *path, const void *data, size_t len, int flags, tpch_error *err) {
  tpch_sink s;
  int rc = tpch_sink_open(&s, path, flags, err);
  if (rc != TPCH_OK) return rc;
  rc = tpch_sink_write(&s, data, len, err);
  if (rc != TPCH_OK) {
    tpch_sink_abort(&s);
    return rc;
  }
  return tpch_sink_commit(&s, err);
}

static int read_fd(int fd, const char *path, tpch_buf *out, tpch_error *err) {
  struct stat st;
  if (fstat(fd, &st) != 0)
    return tpch_error_set(err, TPCH_EIO, "cannot stat '%s': %s", path, strerror(errno));
  if (!S_ISREG(st.st_mode)) return tpch_error_set(err, TPCH_EIO, "'%s' is not a regular file", path);
  size_t start = out->len;
  /* the size is a hint only: the file may grow or shrink while it is read */
  size_t chunk = st.st_size > 0 && (uint64_t)st.st_size < (uint64_t)1 << 30 ? (size_t)st.st_size + 1 : 65536;
  for (;;) {
    if (tpch_buf_reserve(out, chunk) != 0) {
      out->len = start;
      return tpch_error_set(err, TPCH_ENOMEM, "out of memory reading '%s'", path);
    }
    ssize_t got = read(fd, out->data + out->len, out->cap - out->len);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int e = errno;
      out->len = start;
      return tpch_error_set(err, TPCH_EIO, "reading '%s' failed: %s", path, strerror(e));
    }
    if (got == 0) return TPCH_OK;
    out->len += (size_t)got;
    chunk = 65536;
  }
}

int tpch_read_file(const char *path, tpch_buf *out, tpch_error *err) {
  /* O_NONBLOCK: opening a FIFO must not wait for a writer */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return tpch_error_set(err, TPCH_EIO, "cannot open '%s': %s", path, strerror(errno));
  int rc = read_fd(fd, path, out, err);
  close(fd);
  return rc;
}

int tpch_path_join(char *out, size_t cap, const char *a, const char *b, tpch_error *err) {
  size_t la = strlen(a);
  const char *sep = (la == 0 || a[la - 1] == '/') ? "" : "/";
  int n = snprintf(out, cap, "%s%s%s", a, sep, b);
  if (n < 0 || (size_t)n >= cap) return tpch_error_set(err, TPCH_EINVAL, "path too long: '%s'", a);
  return TPCH_OK;
}

/* N of `name` = prefix N suffix (see tpch_dir_max_number), or -1. */
static int64_t numbered(const char *name, const char *prefix, size_t lp, const char *suffix) {
  if (strncmp(name, prefix, lp) != 0) return -1;
  const char *p = name + lp;
  if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9')) return -1;
  int64_t v = 0;
  for (; *p >= '0' && *p <= '9'; p++)
    v = v > (INT64_MAX - (*p - '0')) / 10 ? INT64_MAX : v * 10 + (*p - '0');
  return strcmp(p, suffix) == 0 ? v : -1;
}

int tpch_dir_max_number(const char *dir, const char *prefix, const char *suffix, int64_t *max,
                        tpch_error *err) {
  *max = -1;
  DIR *d = opendir(dir);
  if (d == NULL) {
    if (errno == ENOENT) return TPCH_OK;
    return tpch_error_set(err, TPCH_EIO, "cannot list '%s': %s", dir, strerror(errno));
  }
  size_t lp = strlen(prefix);
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    int64_t v = numbered(e->d_name, prefix, lp, suffix);
    if (v > *max) *max = v;
  }
  closedir(d);
  return TPCH_OK;
}
