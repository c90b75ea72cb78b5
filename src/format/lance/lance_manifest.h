/*
 * lance_manifest.h - Lance manifests: file names, the file wrapper, and a
 * decoder that reads just enough of an existing manifest to append to it.
 * Facts: LANCE.md §1-§2.
 */
#ifndef TPCH_LANCE_MANIFEST_H
#define TPCH_LANCE_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"
#include "lance_schema.h"
#include "tpch_error.h"

/* Manifest naming schemes: V1 "N.manifest", V2 "{2^64-1-N:020}.manifest". */
enum { LANCE_NAMES_V1 = 1, LANCE_NAMES_V2 = 2 };

/* Manifest.fields entries, decoded (pointers into the manifest bytes). */
typedef struct lance_field_view {
  const char *name;
  size_t name_len;
  int64_t id;
  int64_t parent_id;
  const char *logical;
  size_t logical_len;
  int nullable;
} lance_field_view;

/* Manifest.fragments entries: the id, and the raw DataFragment body so an
 * append can carry it over byte for byte. */
typedef struct lance_fragment_view {
  uint64_t id;
  uint64_t physical_rows;
  const uint8_t *body;
  size_t body_len;
  int all_files_v2_0; /* every DataFile says file version 2.0 */
} lance_fragment_view;

typedef struct lance_manifest {
  uint8_t *file; /* owned file bytes (NULL when decoded from caller bytes) */
  size_t file_len;
  const uint8_t *msg; /* the Manifest message */
  size_t msg_len;
  uint64_t version;
  lance_field_view *fields;
  size_t n_fields;
  lance_fragment_view *frags;
  size_t n_frags;
  int has_max_fragment_id;
  uint64_t max_fragment_id;
  uint64_t reader_flags, writer_flags;
  int has_index_section;
  int has_data_format;
  char file_format[16];    /* DataStorageFormat.file_format, e.g. "lance" */
  char format_version[16]; /* DataStorageFormat.version, e.g. "2.0" */
  int64_t parts;           /* config LANCE_CONFIG_PARTS: written in this many parts; 0 = not */
} lance_manifest;

/* The config key (Manifest.config) under which a dataset written in parts
 * by separate commits records how many parts it has. */
#define LANCE_CONFIG_PARTS "tpchgen.parts"

/* Writes the file name of `version` in `scheme` into out (>= 32 bytes). */
void lance_manifest_name(char *out, size_t cap, uint64_t version, int scheme);

/* 1 and fills version and scheme if `name` is a (non-detached) manifest file
 * name; 0 for anything else (temp files, the hint, detached versions). */
int lance_manifest_parse_name(const char *name, uint64_t *version, int *scheme);

/*
 * Finds the latest version of the dataset at `uri` by listing _versions/.
 * *version = 0 when there is no manifest (no dataset). Fails with
 * TPCH_EFORMAT when both naming schemes are present (lance refuses that).
 */
int lance_dataset_latest(const char *uri, uint64_t *version, int *scheme, tpch_error *err);

/* Decodes the Manifest message msg[0..len) (borrowed: it must outlive `m`).
 * TPCH_EFORMAT if it is not a valid manifest, or holds what lance itself
 * cannot decode (a field name, data file path or config entry that is not
 * UTF-8), so an append never carries such entries forward. */
int lance_manifest_decode(lance_manifest *m, const uint8_t *msg, size_t len, tpch_error *err);

/* Reads and decodes manifest `version` of the dataset at `uri`. */
int lance_manifest_load(lance_manifest *m, const char *uri, uint64_t version, int scheme, tpch_error *err);

/* Frees a decoded or loaded manifest; safe on a zeroed struct. */
void lance_manifest_free(lance_manifest *m);

/* Wraps Manifest bytes into the file layout:
 * [u32 len][Manifest][i64 pos = 0][u16 0][u16 2]["LANC"]. */
int lance_manifest_wrap(tpch_buf *out, const uint8_t *msg, size_t len);

/* Finds the Manifest message inside manifest file bytes (checks the magic
 * and that the message ends right before the 16-byte trailer). */
int lance_manifest_unwrap(const uint8_t *file, size_t len, const uint8_t **msg, size_t *msg_len,
                          tpch_error *err);

/* TPCH_OK if the dataset's schema is the flat schema `s` (names, logical
 * types, nullability, field ids 0..n-1); TPCH_ESCHEMA naming the first
 * difference otherwise. */
int lance_manifest_check_schema(const lance_manifest *m, const lance_schema *s, tpch_error *err);

/* TPCH_OK if new fragments of file version `version` ("2.0", "2.1") can be
 * appended to the manifest's dataset without losing anything it carries;
 * TPCH_EUNSUPPORTED naming the feature otherwise (unknown feature flags,
 * indices, other data file versions). `version` NULL: no new data files. */
int lance_manifest_check_appendable(const lance_manifest *m, const char *version, tpch_error *err);

#endif /* TPCH_LANCE_MANIFEST_H */
