/*
 * lance_file.h - internals shared by the Lance data file writer
 * (lance_file.c), the commit code and the LanceWriter.
 *
 * The public side (lance_file_writer_*) is declared in lance_writer.h.
 */
#ifndef TPCH_LANCE_FILE_H
#define TPCH_LANCE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "lance_schema.h"
#include "lance_writer.h"

#ifndef TPCH_VERSION
#define TPCH_VERSION "0.0.0"
#endif

/* Library name written into manifests (WriterVersion.library). Lance only
 * applies its old-release workarounds when the library is "lance". */
#define LANCE_WRITER_LIBRARY "tpchgen-c"

#define LANCE_DEFAULT_MAX_ROWS_PER_FILE TPCH_LANCE_DEFAULT_MAX_ROWS_PER_FILE
#define LANCE_DEFAULT_PAGE_BYTES TPCH_LANCE_DEFAULT_PAGE_BYTES
/* File format 2.<minor> of new datasets when no version is asked for. */
#define LANCE_DEFAULT_FILE_MINOR 1
/* Row addresses are (fragment id << 32 | row), so a fragment stays below
 * 2^32 rows. */
#define LANCE_MAX_ROWS_PER_FRAGMENT TPCH_LANCE_MAX_ROWS_PER_FILE

/* Resolves `opts` (NULL = defaults; 0 in a size field = its default) into
 * `out`, checking values. TPCH_OK, TPCH_EINVAL or TPCH_EUNSUPPORTED. */
int lance_options_resolve(const tpch_lance_writer_options *opts, tpch_lance_writer_options *out,
                          tpch_error *err);

/* The file format minor version (2.<minor>) of the data files of the
 * dataset at `uri`: 0 or 1, or -1 when there is no dataset. TPCH_EUNSUPPORTED
 * when it stores another version (2.2, legacy, a mix). */
int lance_dataset_file_minor(const char *uri, int *minor, tpch_error *err);

/* The minor version new data files get under resolved options: the one
 * asked for; else, when appending, the existing dataset's; else the
 * default. TPCH_EUNSUPPORTED when that is 2.0 and lz4 was asked for. */
int lance_options_file_minor(const char *uri, const tpch_lance_writer_options *resolved, int *minor,
                             tpch_error *err);

/*
 * Writes rows [start, start + n) of `batch` (already checked against the
 * file's schema) to `f`. Splits them into pages as they fill.
 */
int lance_file_write_rows(tpch_lance_file_writer *f, const struct ArrowArray *batch, int64_t start, int64_t n,
                          tpch_error *err);

/*
 * tpch_lance_dataset_commit for a schema already checked and copied (the
 * LanceWriter keeps one). Same contract.
 */
int lance_commit_schema(const char *uri, const lance_schema *schema, const tpch_lance_fragment *frags,
                        size_t n_frags, const tpch_lance_commit_options *opts, uint64_t *version_out,
                        tpch_error *err);

#endif /* TPCH_LANCE_FILE_H */
