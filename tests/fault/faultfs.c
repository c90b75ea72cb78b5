/*
 * faultfs.c - an LD_PRELOAD library for the fault-injection tests: it makes
 * the Nth call of one file operation on a chosen path fail, once.
 *
 *   TPCH_FAULT_OP     fsync | write | rename | link | open
 *   TPCH_FAULT_PATH   a substring of the path (for write/fsync: the path the
 *                     descriptor was opened as; for rename/link: either name)
 *   TPCH_FAULT_N      which matching call fails (1 = the first)
 *   TPCH_FAULT_ERRNO  the errno it fails with (default EIO)
 *   TPCH_FAULT_FIRED  a file the library creates when it made a call fail,
 *                     holding "OP N PATH", so a test knows the fault happened
 *                     (and stops walking N when it did not)
 *
 * Without TPCH_FAULT_OP every call goes straight to libc. Test-only code:
 * never linked into the library or the CLI.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static atomic_long calls;

/* The real libc function `name`, looked up once. */
#define REAL(type, name)                                                                                     \
  static type real_fn;                                                                                       \
  if (real_fn == NULL) *(void **)&real_fn = dlsym(RTLD_NEXT, name)

/* 1 when `op` is the operation under test and `path` matches. */
static int wanted(const char *op, const char *path) {
  const char *want = getenv("TPCH_FAULT_OP"), *sub = getenv("TPCH_FAULT_PATH");
  if (want == NULL || strcmp(want, op) != 0 || path == NULL) return 0;
  return sub == NULL || strstr(path, sub) != NULL;
}

/* Counts a matching call; 1 when it is the one to fail (errno is then set). */
static int should_fail(const char *op, const char *path) {
  if (!wanted(op, path)) return 0;
  const char *n_env = getenv("TPCH_FAULT_N");
  long n = n_env ? atol(n_env) : 1;
  if (atomic_fetch_add(&calls, 1) + 1 != n) return 0;
  const char *fired = getenv("TPCH_FAULT_FIRED");
  if (fired != NULL) {
    char line[PATH_MAX + 64];
    int len = snprintf(line, sizeof line, "%s %ld %s\n", op, n, path);
    /* raw syscalls: our own open/write wrappers must not count these */
    long fd = syscall(SYS_openat, AT_FDCWD, fired, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      if (len > 0) syscall(SYS_write, fd, line, (size_t)len < sizeof line ? (size_t)len : sizeof line - 1);
      syscall(SYS_close, fd);
    }
  }
  const char *e = getenv("TPCH_FAULT_ERRNO");
  errno = e ? atoi(e) : EIO;
  return 1;
}

/* The path descriptor `fd` was opened as (from /proc), in `buf`. */
static const char *fd_path(int fd, char *buf, size_t cap) {
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, buf, cap - 1);
  if (n < 0) return NULL;
  buf[n] = '\0';
  return buf;
}

typedef int (*fsync_fn)(int);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef int (*path2_fn)(const char *, const char *);

int fsync(int fd) {
  REAL(fsync_fn, "fsync");
  char buf[PATH_MAX];
  if (getenv("TPCH_FAULT_OP") && should_fail("fsync", fd_path(fd, buf, sizeof buf))) return -1;
  return real_fn(fd);
}

ssize_t write(int fd, const void *data, size_t len) {
  REAL(write_fn, "write");
  char buf[PATH_MAX];
  if (fd > 2 && getenv("TPCH_FAULT_OP") && wanted("write", fd_path(fd, buf, sizeof buf)) &&
      should_fail("write", buf))
    return -1;
  return real_fn(fd, data, len);
}

int rename(const char *from, const char *to) {
  REAL(path2_fn, "rename");
  if (should_fail("rename", wanted("rename", to) ? to : from)) return -1;
  return real_fn(from, to);
}

int link(const char *from, const char *to) {
  REAL(path2_fn, "link");
  if (should_fail("link", wanted("link", to) ? to : from)) return -1;
  return real_fn(from, to);
}

typedef int (*open_fn)(const char *, int, ...);

static int open_common(open_fn real_fn, const char *path, int flags, mode_t mode) {
  if (should_fail("open", path)) return -1;
  return real_fn(path, flags, mode);
}

/* The mode argument of open(), present with O_CREAT or O_TMPFILE. */
#define OPEN_MODE(flags, mode)                                                                               \
  do {                                                                                                       \
    if ((flags) & (O_CREAT | O_TMPFILE)) {                                                                   \
      va_list ap;                                                                                            \
      va_start(ap, flags);                                                                                   \
      mode = (mode_t)va_arg(ap, int);                                                                        \
      va_end(ap);                                                                                            \
    }                                                                                                        \
  } while (0)

int open(const char *path, int flags, ...) {
  REAL(open_fn, "open");
  mode_t mode = 0;
  OPEN_MODE(flags, mode);
  return open_common(real_fn, path, flags, mode);
}

int open64(const char *path, int flags, ...) {
  REAL(open_fn, "open64");
  mode_t mode = 0;
  OPEN_MODE(flags, mode);
  return open_common(real_fn, path, flags, mode);
}
