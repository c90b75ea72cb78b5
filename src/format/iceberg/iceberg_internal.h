/*
 * iceberg_internal.h - what the Iceberg writer's source files share.
 */
#ifndef TPCH_ICEBERG_INTERNAL_H
#define TPCH_ICEBERG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "format/iceberg/ice_avro.h"
#include "format/iceberg/ice_json.h"
#include "iceberg_writer.h"
#include "io/buf.h"

typedef enum ice_type_kind {
  ICE_T_BOOLEAN,
  ICE_T_INT,
  ICE_T_LONG,
  ICE_T_DOUBLE,
  ICE_T_DECIMAL,
  ICE_T_DATE,
  ICE_T_STRING,
  ICE_T_BINARY
} ice_type_kind;

typedef struct ice_field {
  int32_t id;
  char *name;
  ice_type_kind kind;
  int precision, scale; /* decimal only */
  int required;
  char type_name[32]; /* Iceberg JSON type string, e.g. "decimal(15,2)" */
} ice_field;

struct tpch_iceberg_schema {
  size_t n;
  ice_field *fields;
  int32_t *ids;
  char *json;        /* {"type":"struct","schema-id":0,"fields":[...]} */
  const char *kv[3]; /* "iceberg.schema", json, NULL */
};

/* Records "out of memory" and returns TPCH_ENOMEM (visibly non-zero to analyzers). */
static inline int ice_oom(tpch_error *err) {
  tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  return TPCH_ENOMEM;
}

/* ---- bounds (iceberg_schema.c) ------------------------------------------ */

#define ICE_BOUND_MAX 64

/*
 * Turns one Parquet PLAIN statistics value of field `f` into Iceberg's binary
 * single-value serialization (Appendix D) in `out`. Returns the length, or 0
 * when the value cannot serve as a bound (NaN, a truncated string that is no
 * longer valid UTF-8, a length that does not fit the type): the caller then
 * leaves that bound out, which readers treat as "unknown".
 */
int ice_bound_from_parquet(const ice_field *f, const uint8_t *v, int len, int exact, int is_upper,
                           uint8_t out[ICE_BOUND_MAX]);

/* Minimal big-endian two's-complement bytes of `v` (1..8 bytes) in out; returns the length. */
int ice_decimal_minimal_bytes(int64_t v, uint8_t out[8]);

/* ---- ids, time and names (iceberg_util.c) ------------------------------ */

/* A random positive snapshot id. */
int ice_snapshot_id(int64_t *out, tpch_error *err);

/* Milliseconds since the Unix epoch. */
int64_t ice_now_ms(void);

/* "file://" + absolute path, percent-encoding bytes outside [A-Za-z0-9/._~-]. */
int ice_file_uri(const char *abs_path, tpch_buf *out);

/* ---- manifests (iceberg_manifest.c) ------------------------------------- */

/* One row of a manifest list (the manifest_file struct). */
typedef struct ice_manifest_file {
  const char *path; /* location (URI) */
  int64_t length;
  int32_t spec_id;
  int32_t content; /* 0 data, 1 deletes */
  int64_t sequence_number, min_sequence_number, added_snapshot_id;
  int32_t added_files, existing_files, deleted_files;
  int64_t added_rows, existing_rows, deleted_rows;
  const ice_json *partitions;   /* NULL or ARRAY of field summaries, carried forward verbatim */
  const ice_json *key_metadata; /* NULL or a binary STRING */
} ice_manifest_file;

/*
 * Encodes the manifest for the data files of one commit into `out` (a whole
 * Avro container). `locations[i]` is the URI of files[i]. Entries are ADDED
 * with `snapshot_id` and null sequence numbers, which readers inherit from
 * the manifest list (so the manifest survives a commit retry unchanged).
 */
int ice_manifest_encode(const tpch_iceberg_schema *s, const tpch_iceberg_data_file *files,
                        const char *const *locations, size_t n, int64_t snapshot_id, int32_t sort_order_id,
                        tpch_buf *out, tpch_error *err);

/* Encodes a manifest list holding `m[0..n)` into `out`. parent_id < 0: none. */
int ice_manifest_list_encode(const ice_manifest_file *m, size_t n, int64_t snapshot_id, int64_t parent_id,
                             int64_t sequence_number, tpch_buf *out, tpch_error *err);

/* Reads a manifest_file record decoded by ice_avro_read (v1 or v2 names). */
int ice_manifest_file_from_json(const ice_json *rec, ice_manifest_file *out, tpch_error *err);

/* ---- table metadata JSON (iceberg_metadata.c) ---------------------------- */

/* Fields of the snapshot a commit adds. */
typedef struct ice_snapshot_update {
  int64_t snapshot_id;
  int64_t parent_id; /* -1: none */
  int64_t sequence_number;
  int64_t timestamp_ms;
  const char *manifest_list; /* URI */
  int overwrite;             /* 1: the snapshot replaces every live file */
  int64_t added_files, added_records, added_bytes;
  const ice_json *prev_summary; /* summary of the snapshot replaced as current, or NULL */
} ice_snapshot_update;

/*
 * A new table's metadata (format 2, unpartitioned, no snapshot yet) with
 * schema `s`, `uuid`, `location`, the sort order and properties from `o`.
 */
int ice_metadata_new(const tpch_iceberg_schema *s, const char *uuid, const char *location,
                     int64_t timestamp_ms, const tpch_iceberg_writer_options *o, ice_json **out,
                     tpch_error *err);

/*
 * Adds the snapshot `u` to `meta` and makes it current: snapshots,
 * current-snapshot-id, refs.main, snapshot-log, last-sequence-number,
 * last-updated-ms. The summary carries totals forward from u->prev_summary.
 */
int ice_metadata_add_snapshot(ice_json *meta, const ice_snapshot_update *u, tpch_error *err);

/* Records the previous metadata file in metadata-log (before a new version is written). */
int ice_metadata_log_previous(ice_json *meta, const char *prev_uri, int64_t prev_updated_ms, tpch_error *err);

/* A decimal integer held in a summary string, or -1 when absent or not a number. */
int64_t ice_summary_value(const ice_json *summary, const char *key);

/* tpch_iceberg_commit() for a schema already derived (iceberg_commit.c). */
int ice_commit_files(const char *table_dir, const tpch_iceberg_schema *s, const tpch_iceberg_data_file *files,
                     size_t n_files, const tpch_iceberg_writer_options *opts, tpch_iceberg_commit_info *info,
                     tpch_error *err);

/* The highest N of metadata/v<N>.metadata.json in `meta_dir` (0: none). */
int ice_latest_version(const char *meta_dir, int64_t *out, tpch_error *err);

#endif /* TPCH_ICEBERG_INTERNAL_H */
