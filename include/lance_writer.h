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
 *  - tpch_lance_writer (tpch_writer.h convention; the seed API lance_writer_*
 *    wraps it): create -> write per batch -> close (commits one new dataset
 *    version) -> destroy. Data files roll over every
 *    `max_rows_per_file` rows, so a large table becomes many fragments.
 *    Memory: about one open page per column, whatever the table size.
 *  - tpch_lance_file_writer + tpch_lance_dataset_commit: write data files on any number
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
#include "tpch_writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is the library's public API, exported from
 * libtpchgen.so (which is built with -fvisibility=hidden). */
#pragma GCC visibility push(default)

/* The defaults a 0 stands for in tpch_lance_writer_options. */
#define TPCH_LANCE_DEFAULT_MAX_ROWS_PER_FILE ((int64_t)1 << 20)
#define TPCH_LANCE_DEFAULT_PAGE_BYTES ((int64_t)8 << 20)

/* General-purpose compression that file format 2.1 wraps around a page's
 * chunks, after bit-packing and dictionaries, where it saves at least 10%
 * (docs/lance.md). File format 2.0 stores pages uncompressed. */
typedef enum tpch_lance_compression {
  TPCH_LANCE_COMPRESSION_ZSTD = 0, /* default, at compression_level */
  TPCH_LANCE_COMPRESSION_LZ4 = 1,  /* LZ4 blocks: faster, larger; needs file format 2.1 */
  TPCH_LANCE_COMPRESSION_NONE = 2  /* bit-packing and dictionaries only */
} tpch_lance_compression;

typedef struct tpch_lance_writer_options {
  tpch_write_mode mode;      /* CREATE (default): TPCH_EEXIST if the dataset exists; APPEND:
                                add fragments in a new version (creates if absent);
                                OVERWRITE: a new version holding only the new fragments */
  int64_t max_rows_per_file; /* data files roll over here; 0 = 1,048,576 */
  int64_t page_bytes;        /* target bytes per page per column; 0 = 8 MiB */
  /* "2.1" or "2.0"; NULL or "" (default) = automatic: the existing
   * dataset's version when appending, else the default (see docs/lance.md).
   * Appending files of another version than the dataset's fails. */
  const char *file_version;
  /* Default zstd. LZ4 with file version 2.0 (asked for, or an existing 2.0
   * dataset's when appending) fails with TPCH_EUNSUPPORTED. */
  tpch_lance_compression compression;
  int compression_level; /* zstd level 1..22; 0 = default (3); lz4 has none */
  int no_fsync;          /* 1: skip fsyncs; 0 = fsync files and directories */
} tpch_lance_writer_options;

/* Fills `opts` with the defaults (all zero). NULL is fine. */
void tpch_lance_writer_options_init(tpch_lance_writer_options *opts);

/* The writer (tpch_writer.h convention): batches in, data files rolling over
 * every max_rows_per_file rows, one committed version at close. */
typedef struct tpch_lance_writer tpch_lance_writer;

/*
 * Opens a writer for the dataset directory `uri` (a local path) with the
 * columns of `schema` (struct format "+s"); `opts` may be NULL. An existing
 * dataset fails here in CREATE mode (TPCH_EEXIST), and in APPEND mode when
 * its schema or file version differs.
 */
int tpch_lance_writer_create(tpch_lance_writer **out, const char *uri, const struct ArrowSchema *schema,
                             const tpch_lance_writer_options *opts, tpch_error *err);

/* Appends the rows of `batch` (a struct array matching the schema). */
int tpch_lance_writer_write(tpch_lance_writer *w, const struct ArrowArray *batch, tpch_error *err);

/*
 * Writes every batch of `stream` (its schema must equal the writer's, else
 * TPCH_ESCHEMA). Consumes the stream: it is released before the call
 * returns, whatever the outcome.
 */
int tpch_lance_writer_write_stream(tpch_lance_writer *w, struct ArrowArrayStream *stream, tpch_error *err);

/*
 * Finishes the open data file and commits a new version.
 * TPCH_ECOMMITTED: the version is committed, but a step after the commit
 * point (the fsync of _versions/, the version hint) failed; the writer
 * counts as closed.
 */
int tpch_lance_writer_close(tpch_lance_writer *w, tpch_error *err);

/* Frees the writer. Without a successful close no version is committed and
 * the data files the writer finished are removed. NULL is fine. */
void tpch_lance_writer_destroy(tpch_lance_writer *w);

/* The version committed by close (0 before). */
uint64_t tpch_lance_writer_version(const tpch_lance_writer *w);

/* ---- seed API (exact signatures; thin wrappers of the calls above) ------- */

typedef struct tpch_lance_writer LanceWriter;

/*
 * Starts a new dataset at directory `uri` (a local path) with the columns of
 * `arrow_schema` (a `const struct ArrowSchema *`, struct format "+s"). Mode
 * CREATE, default options. Returns NULL on failure (the dataset exists, an
 * unsupported type, ...); use tpch_lance_writer_create to get the message.
 */
LanceWriter *lance_writer_create(const char *uri, const void *arrow_schema);

/*
 * Writes one batch (`arrow_array`: a `const struct ArrowArray *` struct array;
 * `arrow_schema`: its schema, which must equal the writer's, or NULL to mean
 * "the schema given at create"). Returns 0 or a negative tpch_error code.
 */
int lance_writer_write_batch(LanceWriter *w, const void *arrow_array, const void *arrow_schema);

/* tpch_lance_writer_close without the message (see lance_writer_last_error). */
int lance_writer_close(LanceWriter *w);

/* tpch_lance_writer_destroy. */
void lance_writer_destroy(LanceWriter *w);

/* The message of the writer's last failure, by any call ("" if none).
 * Valid until the next call on `w`. */
const char *lance_writer_last_error(const LanceWriter *w);

/* ---- data files and commits (parallel / multi-part use) ----------------- */

/* The most rows one data file (fragment) may hold: lance row addresses are
 * (fragment id << 32 | row). The largest max_rows_per_file accepted. */
#define TPCH_LANCE_MAX_ROWS_PER_FILE ((int64_t)UINT32_MAX)

typedef struct tpch_lance_fragment {
  int64_t id; /* fragment id; -1 = assign the next free id at commit */
  char *path; /* data file name relative to <uri>/data/ (no '/'). Set by
                 tpch_lance_file_writer_finish to a string the fragment owns
                 (tpch_lance_fragment_clear frees it); in a fragment you build
                 yourself it may point anywhere (commit only reads it) */
  int64_t rows;
  int64_t file_bytes;
  int file_minor_version; /* data file format 2.<this>: 0 or 1 (set by finish) */
} tpch_lance_fragment;

/* Frees the path tpch_lance_file_writer_finish allocated and clears the
 * fragment. NULL is fine. */
void tpch_lance_fragment_clear(tpch_lance_fragment *frag);

typedef struct tpch_lance_file_writer tpch_lance_file_writer;

/*
 * Opens a new data file under `<uri>/data/` (created if missing) with a
 * unique name; nothing references it until a commit. `opts` may be NULL.
 */
int tpch_lance_file_writer_create(tpch_lance_file_writer **out, const char *uri,
                                  const struct ArrowSchema *schema, const tpch_lance_writer_options *opts,
                                  tpch_error *err);

int tpch_lance_file_writer_write(tpch_lance_file_writer *f, const struct ArrowArray *batch, tpch_error *err);

/* Rows written so far to this file. */
int64_t tpch_lance_file_writer_rows(const tpch_lance_file_writer *f);

/* Writes the footer, fsyncs, and describes the file in *frag (id = -1; the
 * fragment owns its path: tpch_lance_fragment_clear). */
int tpch_lance_file_writer_finish(tpch_lance_file_writer *f, tpch_lance_fragment *frag, tpch_error *err);

/* Removes the file if it was not finished. NULL is fine. */
void tpch_lance_file_writer_destroy(tpch_lance_file_writer *f);

typedef struct tpch_lance_commit_options {
  tpch_write_mode mode;
  /* With explicit fragment ids (>= 0) in APPEND mode: 1 = replace existing
   * fragments that have the same ids (re-running a part); 0 = fail with
   * TPCH_EEXIST when an id is taken. */
  int replace_same_ids;
  int no_fsync; /* 1: skip fsyncs; 0 = fsync */
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
} tpch_lance_commit_options;

/* Fills `opts` with the defaults (all zero: mode CREATE, replace_same_ids 0,
 * fsync, not a part). NULL is fine. tpch_lance_dataset_commit uses these
 * when `opts` is NULL. */
void tpch_lance_commit_options_init(tpch_lance_commit_options *opts);

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
int tpch_lance_dataset_commit(const char *uri, const struct ArrowSchema *schema,
                              const tpch_lance_fragment *frags, size_t n_frags,
                              const tpch_lance_commit_options *opts, uint64_t *version_out, tpch_error *err);

/*
 * The latest committed version of the dataset at `uri` in *version, 0 when
 * there is no dataset there (no manifests). TPCH_OK, TPCH_EIO when the
 * directory cannot be listed, TPCH_EFORMAT for mixed manifest namings.
 */
int tpch_lance_dataset_latest_version(const char *uri, uint64_t *version, tpch_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCH_LANCE_WRITER_H */
