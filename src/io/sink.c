#include "sink.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static atomic_uint tmp_counter;

static void sink_zero(tpch_sink *s) {
  s->fd = -1;
  s->flags = 0;
  s->is_stdout = 0;
  s->final_path = NULL;
  s->tmp_path = NULL;
  s->bytes = 0;
  s->flushed = 0;
}

static void sink_release(tpch_sink *s) {
  if (s->fd >= 0 && !s->is_stdout) close(s->fd);
  free(s->final_path);
  free(s->tmp_path);
  sink_zero(s);
}

/* Directory part of `path` ("." when there is none), in `out`. */
static void dir_of(const char *path, char *out, size_t cap) {
  const char *slash = strrchr(path, '/');
  if (slash == NULL) {
    snprintf(out, cap, ".");
  } else if (slash == path) {
    snprintf(out, cap, "/");
  } else {
    snprintf(out, cap, "%.*s", (int)(slash - path), path);
  }
}

int tpch_sink_open(tpch_sink *s, const char *path, int flags, tpch_error *err) {
  sink_zero(s);
  struct stat st;
  if (!(flags & TPCH_SINK_OVERWRITE) && lstat(path, &st) == 0)
    return tpch_error_set(err, TPCH_EEXIST, "'%s' already exists (use --overwrite to replace it)", path);
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  size_t dirlen = (size_t)(base - path);
  size_t cap = strlen(path) + 64;
  s->tmp_path = malloc(cap);
  s->final_path = strdup(path);
  if (s->tmp_path == NULL || s->final_path == NULL) {
    sink_release(s);
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory opening '%s'", path);
  }
  unsigned n = atomic_fetch_add(&tmp_counter, 1u);
  snprintf(s->tmp_path, cap, "%.*s.%s.tmp-%ld-%u", (int)dirlen, path, base, (long)getpid(), n);
  s->fd = open(s->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (s->fd < 0) {
    int e = errno;
    char dir[PATH_MAX];
    dir_of(path, dir, sizeof dir);
    tpch_error_set(err, TPCH_EIO, "cannot create a file in '%s': %s", dir, strerror(e));
    sink_release(s);
    return TPCH_EIO;
  }
  s->flags = flags;
  return TPCH_OK;
}

int tpch_sink_open_stdout(tpch_sink *s, tpch_error *err) {
  (void)err;
  sink_zero(s);
  s->fd = STDOUT_FILENO;
  s->is_stdout = 1;
  return TPCH_OK;
}

int tpch_sink_write(tpch_sink *s, const void *data, size_t len, tpch_error *err) {
  const char *p = data;
  if (s->fd < 0) return tpch_error_set(err, TPCH_ESTATE, "write to a closed sink");
  while (len > 0) {
    ssize_t w = write(s->fd, p, len);
    if (w < 0) {
      if (errno == EINTR) continue;
      return tpch_error_set(err, TPCH_EIO, "write to '%s' failed: %s",
                            s->is_stdout ? "standard output" : s->final_path, strerror(errno));
    }
    p += w;
    len -= (size_t)w;
    s->bytes += (uint64_t)w;
  }
  if (!s->is_stdout && !(s->flags & TPCH_SINK_NOSYNC) && s->bytes - s->flushed >= TPCH_SINK_FLUSH_BYTES) {
    /* A hint: a failure here shows up in the commit's fsync. */
    (void)sync_file_range(s->fd, (off_t)s->flushed, (off_t)(s->bytes - s->flushed), SYNC_FILE_RANGE_WRITE);
    s->flushed = s->bytes;
  }
  return TPCH_OK;
}

int tpch_fsync_dir(const char *dir, tpch_error *err) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return tpch_error_set(err, TPCH_EIO, "cannot open directory '%s': %s", dir, strerror(errno));
  int rc = fsync(fd);
  int e = errno;
  close(fd);
  if (rc != 0 && e != EINVAL)
    return tpch_error_set(err, TPCH_EIO, "fsync of directory '%s' failed: %s", dir, strerror(e));
  return TPCH_OK;
}

int tpch_sink_commit(tpch_sink *s, tpch_error *err) {
  if (s->fd < 0) return tpch_error_set(err, TPCH_ESTATE, "commit of a closed sink");
  if (s->is_stdout) {
    sink_zero(s);
    return TPCH_OK;
  }
  int nosync = s->flags & TPCH_SINK_NOSYNC;
  if (!nosync && fsync(s->fd) != 0) {
    tpch_error_set(err, TPCH_EIO, "fsync of '%s' failed: %s", s->final_path, strerror(errno));
    tpch_sink_abort(s);
    return TPCH_EIO;
  }
  if (close(s->fd) != 0) {
    s->fd = -1;
    tpch_error_set(err, TPCH_EIO, "close of '%s' failed: %s", s->final_path, strerror(errno));
    tpch_sink_abort(s);
    return TPCH_EIO;
  }
  s->fd = -1;
  if (s->flags & TPCH_SINK_OVERWRITE) {
    if (rename(s->tmp_path, s->final_path) != 0) {
      tpch_error_set(err, TPCH_EIO, "rename to '%s' failed: %s", s->final_path, strerror(errno));
      tpch_sink_abort(s);
      return TPCH_EIO;
    }
  } else {
    /* link() never replaces: if someone created the final name meanwhile,
     * we fail instead of clobbering it. */
    if (link(s->tmp_path, s->final_path) != 0) {
      int e = errno;
      if (e == EEXIST)
        tpch_error_set(err, TPCH_EEXIST, "'%s' already exists (use --overwrite to replace it)",
                       s->final_path);
      else
        tpch_error_set(err, TPCH_EIO, "cannot create '%s': %s", s->final_path, strerror(e));
      tpch_sink_abort(s);
      return e == EEXIST ? TPCH_EEXIST : TPCH_EIO;
    }
    unlink(s->tmp_path);
  }
  char dir[PATH_MAX];
  dir_of(s->final_path, dir, sizeof dir);
  int rc = nosync ? TPCH_OK : tpch_fsync_dir(dir, err);
  if (rc != TPCH_OK && (s->flags & TPCH_SINK_COMMIT_POINT)) {
    char why[TPCH_ERROR_MESSAGE_SIZE];
    snprintf(why, sizeof why, "%s", err ? err->message : "");
    rc = tpch_error_set(err, TPCH_ECOMMITTED, "'%s' is in place, but %s", s->final_path, why);
  } else if (rc != TPCH_OK && !(s->flags & TPCH_SINK_OVERWRITE)) {
    unlink(s->final_path); /* not a commit point: nothing refers to it yet */
  }
  sink_release(s);
  return rc;
}

void tpch_sink_abort(tpch_sink *s) {
  if (s->is_stdout) {
    sink_zero(s);
    return;
  }
  if (s->fd >= 0) {
    close(s->fd);
    s->fd = -1;
  }
  if (s->tmp_path) unlink(s->tmp_path);
  sink_release(s);
}

/* The pid in a temp name `.<name>.tmp-<pid>-<n>`, or 0 if it is not one. */
static long temp_pid(const char *name) {
  if (name[0] != '.') return 0;
  const char *t = NULL;
  for (const char *p = strstr(name, ".tmp-"); p; p = strstr(p + 1, ".tmp-"))
    t = p;
  if (t == NULL || t == name) return 0;
  char *end;
  errno = 0;
  long pid = strtol(t + 5, &end, 10);
  if (errno || end == t + 5 || *end != '-' || pid <= 0) return 0;
  const char *n = end + 1;
  if (*n < '0' || *n > '9') return 0;
  while (*n >= '0' && *n <= '9')
    n++;
  return *n == '\0' ? pid : 0;
}

void tpch_remove_stale_temps(const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (d == NULL) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    char p[PATH_MAX];
    if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= sizeof p) continue;
    struct stat st;
    if (lstat(p, &st) != 0) continue;
    long pid = temp_pid(e->d_name);
    if (S_ISREG(st.st_mode) && pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
      unlink(p);
    else if (S_ISDIR(st.st_mode) && depth > 0)
      tpch_remove_stale_temps(p, depth - 1);
  }
  closedir(d);
}

int tpch_mkdirs(const char *path, tpch_error *err) {
  char buf[PATH_MAX];
  size_t n = strlen(path);
  if (n == 0) return tpch_error_set(err, TPCH_EINVAL, "empty directory name");
  if (n >= sizeof buf) return tpch_error_set(err, TPCH_EINVAL, "directory name too long: '%s'", path);
  memcpy(buf, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] != '/' && buf[i] != '\0') continue;
    char c = buf[i];
    buf[i] = '\0';
    struct stat st;
    if (stat(buf, &st) != 0 && mkdir(buf, 0755) != 0 && errno != EEXIST) {
      int e = errno;
      return tpch_error_set(err, TPCH_EIO, "cannot create directory '%s': %s", buf, strerror(e));
    }
    buf[i] = c;
  }
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
    return tpch_error_set(err, TPCH_EIO, "'%s' is not a directory", path);
  return TPCH_OK;
}
