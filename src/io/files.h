/*
 * files.h - small whole-file operations built on the sink: write a file
 * atomically, read a file into memory, join path components, find the
 * newest numbered file of a directory.
 */
#ifndef TPCH_IO_FILES_H
#define TPCH_IO_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"
#include "tpch_error.h"

/*
 * Writes `len` bytes to `path` through a sink (temp file, fsync unless
 * `flags` has TPCH_SINK_NOSYNC, then link or rename): either the whole file
 * appears under `path` or nothing does. `flags` are the TPCH_SINK_* flags;
 * without TPCH_SINK_OVERWRITE an existing `path` fails with TPCH_EEXIST.
 */
int tpch_write_file(const char *path, const void *data, size_t len, int flags, tpch_error *err);

/*
 * Appends the whole content of `path` to `out` (which the caller owns and
 * frees). Refuses anything but a regular file (a FIFO would block), so
 * TPCH_EIO for a missing, unreadable or special file, TPCH_ENOMEM. On failure
 * `out` keeps its old length.
 */
int tpch_read_file(const char *path, tpch_buf *out, tpch_error *err);

/*
 * Writes "a/b" into out[cap] (one '/' between, none added when `a` is empty
 * or already ends in '/'). TPCH_EINVAL naming `a` when it does not fit.
 */
int tpch_path_join(char *out, size_t cap, const char *a, const char *b, tpch_error *err);

/*
 * Sets *max to the largest N among the entries of `dir` named `prefix` N
 * `suffix` (as "v3.metadata.json" or "snapshot-12"), N written in decimal
 * without leading zeros ("0" itself counts). An N past INT64_MAX counts as
 * INT64_MAX, so the caller sees that no number can follow. *max is -1 when
 * no entry matches or `dir` does not exist; TPCH_EIO when it cannot be listed.
 */
int tpch_dir_max_number(const char *dir, const char *prefix, const char *suffix, int64_t *max,
                        tpch_error *err);

#endif /* TPCH_IO_FILES_H */
