/*
 * lance_writer.h - writes Lance datasets (file format 2.1 with compressed
 * mini-block pages, or 2.0 with flat pages; V2 manifest names) from Arrow C
 * Data Interface batches, natively in C.
 *
 * File format 2.1 stores every page in the mini-block layout; the full-zip
 * layout is not written, so a string/binary value longer than 16000 bytes is
 * refused with TPCH_EUNSUPPORTED (write such data as 2.0). Boolean and
 * large (64-bit offset) string/binary columns are 2.0 only for now.
 *
 * Two levels:
 *  - LanceWriter: the seed API. create -> write_batch per batch -> close
 *    (commits one new dataset version) -> destroy. Data files roll over every
 *    `max_rows_per_file` rows, so a large table becomes many fragments.
 *    Memory: about one open page per column, whatever the table size.
 *  - lance_file_writer + lance_dataset_commit: write data files on any number
 *    of threads or processes, then commit their fragments in one version.
 *    This is what parallel and multi-part runs use.
 *
 * Ownership: the caller keeps every ArrowSchema/ArrowArray it passes; nothing
 * is retained after a call returns. Status: TPCH_OK (0) or a negative
 * tpch_error code. Commits are atomic: a new manifest appears under its final
 * name by link(), which never replaces an existing version, so a crash leaves
 * the previous version readable and two writers cannot both win a version.
 */
#ifndef TPCH_LANCE_WRITER_H
#define TPCH_LANCE_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "tpch_arrow.h"
#include "tpch_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is the library's public API, exported from
 * libtpchgen.so (which is built with -fvisibility=hidden). */
#pragma GCC visibility push(default)

typedef enum lance_write_mode {
  LANCE_MODE_CREATE = 0,    /* fail with TPCH_EEXIST if the dataset exists */
  LANCE_MODE_APPEND = 1,    /* add fragments in a new version (creates if absent) */
  LANCE_MODE_OVERWRITE = 2  /* new version holding only the new fragments */
} lance_write_mode;

/* General-purpose compression that file format 2.1 wraps around a page's
 * chunks, after bit-packing and dictionaries, where it saves at least 10%
 * (docs/lance.md). File format 2.0 stores pages uncompressed. */
typedef enum lance_compression {
  LANCE_COMPRESSION_ZSTD = 0, /* default, at compression_level */
  LANCE_COMPRESSION_LZ4 = 1,  /* LZ4 blocks: faster, larger; needs file format 2.1 */
  LANCE_COMPRESSION_NONE = 2  /* bit-packing and dictionaries only */
} lance_compression;

typedef struct lance_writer_options {
  lance_write_mode mode;      /* default LANCE_MODE_CREATE */
  int64_t max_rows_per_file;  /* default 1,048,576; data files roll over here */
  int64_t page_bytes;         /* target bytes per page per column; default 8 MiB */
  /* "2.1" or "2.0"; NULL or "" (default) = automatic: the existing
   * dataset's version when appending, else the default (see docs/lance.md).
   * Appending files of another version than the dataset's fails. */
  const char *file_version;
  /* Default zstd. LZ4 with file version 2.0 (asked for, or an existing 2.0
   * dataset's when appending) fails with TPCH_EUNSUPPORTED. */
  lance_compression compression;
  int compression_level;      /* zstd level 1..22; 0 = default (3); lz4 has none */
  int fsync;                  /* 1 (default) */
} lance_writer_options;

/* Fills `opts` with the defaults above. */
void lance_writer_options_init(lance_writer_options *opts);

typedef struct LanceWriter LanceWriter;

/* ---- seed API (exact signatures) ----------------------------------------- */

/*
 * Starts a new dataset at directory `uri` (a local path) with the columns of
 * `arrow_schema` (a `const struct ArrowSchema *`, struct format "+s"). Mode
 * CREATE, default options. Returns NULL on failure (the dataset exists, an
 * unsupported type, ...); use lance_writer_create_ex to get the message.
 */
LanceWriter *lance_writer_create(const char *uri, const void *arrow_schema);

/*
 * Writes one batch (`arrow_array`: a `const struct ArrowArray *` struct array;
 * `arrow_schema`: its schema, which must equal the writer's, or NULL to mean
 * "the schema given at create"). Returns 0 or a negative tpch_error code.
 */
int lance_writer_write_batch(LanceWriter *w, const void *arrow_array, const void *arrow_schema);

/* Finishes the open data file and commits a new version. 0 or negative.
 * After any failed call the writer only answers TPCH_ESTATE (destroy it).
 * TPCH_ECOMMITTED: the version is committed, but a step after the commit
 * point (the fsync of _versions/, the version hint) failed; the writer
 * counts as closed. */
int lance_writer_close(LanceWriter *w);

/* Frees the writer. Without a successful close no version is committed and
 * the data files the writer finished are removed. */
void lance_writer_destroy(LanceWriter *w);

/* ---- extended API -------------------------------------------------------- */

/* As lance_writer_create, with options (NULL = defaults) and an error. */
LanceWriter *lance_writer_create_ex(const char *uri, const struct ArrowSchema *schema,
                                    const lance_writer_options *opts, tpch_error *err);

/*
 * Writes every batch of `stream` (its schema must equal the writer's, else
 * TPCH_ESCHEMA). Consumes the stream: it is released before the call
 * returns, whatever the outcome. 0 or a negative code, with the message in
 * `err` (may be NULL) and in lance_writer_last_error. A failure is final.
 */
int lance_writer_write_stream(LanceWriter *w, struct ArrowArrayStream *stream, tpch_error *err);

/* The message of the writer's last failure ("" if none). Valid until the
 * next call on `w`. */
const char *lance_writer_last_error(const LanceWriter *w);

/* The version committed by close (0 before). */
uint64_t lance_writer_version(const LanceWriter *w);

/* ---- data files and commits (parallel / multi-part use) ----------------- */

/* The most rows one data file (fragment) may hold: lance row addresses are
 * (fragment id << 32 | row). The largest max_rows_per_file accepted. */
#define LANCE_WRITER_MAX_ROWS_PER_FILE ((int64_t)UINT32_MAX)

typedef struct lance_fragment {
  int64_t id;         /* fragment id; -1 = assign the next free id at commit */
  char path[128];     /* data file name relative to <uri>/data/ */
  int64_t rows;
  int64_t file_bytes;
  int file_minor_version; /* data file format 2.<this>: 0 or 1 (set by finish) */
} lance_fragment;

typedef struct lance_file_writer lance_file_writer;

/*
 * Opens a new data file under `<uri>/data/` (created if missing) with a
 * unique name; nothing references it until a commit. `opts` may be NULL.
 */
int lance_file_writer_create(lance_file_writer **out, const char *uri, const struct ArrowSchema *schema,
                             const lance_writer_options *opts, tpch_error *err);

int lance_file_writer_write_batch(lance_file_writer *f, const struct ArrowArray *batch, tpch_error *err);

/* Rows written so far to this file. */
int64_t lance_file_writer_rows(const lance_file_writer *f);

/* Writes the footer, fsyncs, and describes the file in *frag (id = -1). */
int lance_file_writer_finish(lance_file_writer *f, lance_fragment *frag, tpch_error *err);

/* Removes the file if it was not finished. NULL is fine. */
void lance_file_writer_destroy(lance_file_writer *f);

typedef struct lance_commit_options {
  lance_write_mode mode;
  /* With explicit fragment ids (>= 0) in APPEND mode: 1 = replace existing
   * fragments that have the same ids (re-running a part); 0 = fail with
   * TPCH_EEXIST when an id is taken. */
  int replace_same_ids;
  int fsync;
  /* One part of a dataset that separate commits (processes, machines)
   * write in `part_count` parts; 0 (default) = not a part. The dataset
   * records part_count in its config ("tpchgen.parts"); a dataset that
   * records another count, or holds fragments but no count, is refused
   * with TPCH_EINVAL. The part owns the fragment ids [part_id_lo,
   * part_id_hi), which hold every new fragment (explicit ids): fragments
   * already there mean the part is in - TPCH_EEXIST, or with
   * replace_same_ids all of them are replaced, whatever their number. */
  int64_t part_count;
  int64_t part_id_lo, part_id_hi;
} lance_commit_options;

/* Fills `opts` with the defaults: mode CREATE, replace_same_ids 0, fsync 1,
 * not a part. lance_dataset_commit uses these when `opts` is NULL. */
void lance_commit_options_init(lance_commit_options *opts);

/*
 * Commits `frags` as a new version of the dataset at `uri`. The schema must
 * equal the dataset's when appending. Fragments are listed in ascending id
 * order, which is the scan order. Retries on a lost race (another writer
 * committed the same version) by re-reading the latest manifest. On success
 * *version_out (if non-NULL) is the new version number. Fragments with
 * rows == 0 are left out; ids must be below 2^32 (lance row addresses).
 * Every fragment must name a distinct finished data file in <uri>/data/ (a
 * plain name, not "." or ".."; path[] NUL-terminated) whose size, row
 * count and file version are what the fragment says, else TPCH_EINVAL and
 * nothing is written. An existing manifest that lance could not decode
 * (e.g. a path that is not UTF-8) is refused (TPCH_EFORMAT), not carried.
 * The link of the manifest is the commit point: a failure before it leaves
 * the dataset as it was (the caller may remove its data files); after it
 * (a failed fsync of _versions/ or version hint) the result is TPCH_ECOMMITTED with
 * *version_out set, and the data files belong to the new version.
 */
int lance_dataset_commit(const char *uri, const struct ArrowSchema *schema, const lance_fragment *frags,
                         size_t n_frags, const lance_commit_options *opts, uint64_t *version_out,
                         tpch_error *err);

/*
 * The latest committed version of the dataset at `uri` in *version, 0 when
 * there is no dataset there (no manifests). TPCH_OK, TPCH_EIO when the
 * directory cannot be listed, TPCH_EFORMAT for mixed manifest namings.
 */
int lance_dataset_latest_version(const char *uri, uint64_t *version, tpch_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCH_LANCE_WRITER_H */
