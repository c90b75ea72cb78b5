/*
 * sink.h - the one place that owns output file descriptors.
 *
 * A sink writes to a temporary file beside the final path and only gives it
 * the final name in tpch_sink_commit(), after an fsync. A failed or aborted
 * sink leaves nothing under the final name. Not thread-safe: one sink is used
 * by one thread at a time.
 */
#ifndef TPCH_SINK_H
#define TPCH_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "tpch_error.h"

enum {
  /* Replace an existing file at the final path (rename). Without it the
   * final path must not exist when the sink opens, and the commit uses
   * link() so a file created meanwhile is not clobbered either. */
  TPCH_SINK_OVERWRITE = 1,
  /* Skip the fsync calls (tests and throwaway output only). */
  TPCH_SINK_NOSYNC = 2,
  /* The file is a commit point (a manifest or table metadata): once it has
   * its final name it stays, and a failed directory fsync after that is
   * reported as TPCH_ECOMMITTED. Without this flag such a failure removes
   * the file again (when it was created by link) and gives TPCH_EIO. */
  TPCH_SINK_COMMIT_POINT = 4
};

typedef struct tpch_sink {
  int fd;
  int flags;
  int is_stdout;
  char *final_path; /* NULL for stdout */
  char *tmp_path;   /* NULL for stdout */
  uint64_t bytes;   /* bytes written so far */
  uint64_t flushed; /* bytes whose writeback has been started */
} tpch_sink;

/* The flags for "replace it when `overwrite`" and "fsync when `fsync`". */
static inline int tpch_sink_flags(int overwrite, int fsync) {
  return (overwrite ? TPCH_SINK_OVERWRITE : 0) | (fsync ? 0 : TPCH_SINK_NOSYNC);
}

/*
 * Opens a sink for `path`: creates `.<name>.tmp-<pid>-<n>` in the same
 * directory. The directory must exist. Fails with TPCH_EEXIST when `path`
 * exists and TPCH_SINK_OVERWRITE is not set.
 */
int tpch_sink_open(tpch_sink *s, const char *path, int flags, tpch_error *err);

/* A sink that writes to standard output; commit only flushes. */
int tpch_sink_open_stdout(tpch_sink *s, tpch_error *err);

/* Writes all `len` bytes or fails with TPCH_EIO (e.g. disk full). Unless
 * the sink skips fsync, it starts the writeback of every TPCH_SINK_FLUSH_BYTES
 * written (sync_file_range, without waiting), so the disk works while the
 * data is generated and the commit's fsync only waits for the last stretch. */
#define TPCH_SINK_FLUSH_BYTES ((uint64_t)32 << 20)
int tpch_sink_write(tpch_sink *s, const void *data, size_t len, tpch_error *err);

/*
 * fsyncs, closes and moves the temporary file to the final path, then fsyncs
 * the directory. Without TPCH_SINK_OVERWRITE an existing final path makes it
 * fail with TPCH_EEXIST (the temp file is removed). A failure before the
 * final name exists leaves nothing behind; a failed directory fsync after
 * it gives TPCH_ECOMMITTED with TPCH_SINK_COMMIT_POINT (the file stays),
 * else TPCH_EIO (a file this call linked is removed again). After commit,
 * success or not, the sink holds no resources.
 */
int tpch_sink_commit(tpch_sink *s, tpch_error *err);

/* Closes and removes the temporary file. Safe on a committed or zeroed sink. */
void tpch_sink_abort(tpch_sink *s);

/*
 * Removes the temporary files (`.<name>.tmp-<pid>-<n>`) that killed
 * processes left in `dir` and, with depth > 0, in its subdirectories down to
 * `depth` levels (symbolic links are not followed). A file is removed only
 * when its process is gone (kill(pid, 0) says no such process); files of
 * live processes, of this one, and everything else stay. Best effort.
 */
void tpch_remove_stale_temps(const char *dir, int depth);

/* Creates `path` and its missing parents (like mkdir -p). */
int tpch_mkdirs(const char *path, tpch_error *err);

/* fsyncs the directory holding `path` (or `path` itself if it is a dir). */
int tpch_fsync_dir(const char *dir, tpch_error *err);

#endif /* TPCH_SINK_H */
