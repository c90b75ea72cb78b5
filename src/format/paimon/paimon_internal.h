/*
 * paimon_internal.h - what the Paimon writer's source files share.
 *
 * The Avro container writer/reader and the JSON DOM are the Iceberg
 * writer's (Paimon's manifests are plain Avro object containers too); files,
 * random names and schema checks are the shared io/ and arrow/ helpers.
 */
#ifndef TPCH_PAIMON_INTERNAL_H
#define TPCH_PAIMON_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "format/iceberg/iceberg_internal.h"
#include "io/buf.h"
#include "io/files.h"
#include "io/random.h"
#include "io/sink.h"
#include "paimon_writer.h"

#define PMN_MAX_COLUMNS 1024

typedef enum pmn_kind {
  PMN_BOOLEAN,
  PMN_INT,
  PMN_BIGINT,
  PMN_DOUBLE,
  PMN_DECIMAL,
  PMN_DATE,
  PMN_STRING,
  PMN_BYTES
} pmn_kind;

typedef struct pmn_field {
  char *name;
  pmn_kind kind;
  int precision, scale; /* DECIMAL only */
  int nullable;
  char type[48]; /* Paimon type text, e.g. "DECIMAL(15, 2) NOT NULL" */
} pmn_field;

typedef struct pmn_schema {
  size_t n;
  pmn_field *fields;
} pmn_schema;

static inline int pmn_oom(tpch_error *err) {
  return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
}

/* ---- schema (paimon_schema.c) -------------------------------------------- */

/* The Paimon fields of an Arrow struct schema; TPCH_EUNSUPPORTED for a type without one. */
int pmn_schema_from_arrow(const struct ArrowSchema *schema, pmn_schema *out, tpch_error *err);
void pmn_schema_free(pmn_schema *s);

/* Appends the JSON of schema/schema-<id> of a new table (bucket -1, Parquet files). */
int pmn_schema_json(const pmn_schema *s, int64_t id, int64_t time_ms, tpch_buf *out);

/* TPCH_OK when the parsed schema file `js` has exactly the fields of `s`, else TPCH_ESCHEMA. */
int pmn_schema_check(const pmn_schema *s, const ice_json *js, tpch_error *err);

/* ---- binary rows and statistics (paimon_stats.c) ------------------------- */

/* Appends Paimon's serialized empty BinaryRow (arity 0): the partition and key of every entry. */
int pmn_empty_row(tpch_buf *out);

/*
 * Appends the serialized BinaryRow holding, for every column, the file's
 * minimum (is_max 0) or maximum (is_max 1) from the Parquet statistics in
 * `info`. Strings follow Paimon's default stats mode truncate(16): at most
 * 16 characters; a shortened maximum has its last character incremented so
 * it stays an upper bound (null when no such bound exists). A column
 * without a usable bound is null, which readers treat as "unknown".
 */
int pmn_stats_row(const pmn_schema *s, const tpch_parquet_file_info *info, int is_max, tpch_buf *out,
                  tpch_error *err);

/* ---- Avro schemas and records (paimon_avro.c) ---------------------------- */

extern const char pmn_manifest_schema[];      /* ManifestEntry, as Paimon writes it */
extern const char pmn_manifest_list_schema[]; /* ManifestFileMeta */

/* One data file entry about to be encoded. */
typedef struct pmn_entry {
  int kind; /* 0 ADD, 1 DELETE */
  const char *name;
  int64_t size, rows;
  const tpch_buf *min, *max; /* serialized value stats rows */
  int64_t ncols;             /* null counts: ncols zeros */
  int64_t creation_ms;
  int64_t schema_id;
} pmn_entry;

/* Encodes one ManifestEntry record (under pmn_manifest_schema) into w->block. */
int pmn_encode_entry(ice_avro_writer *w, const pmn_entry *e, tpch_error *err);

/*
 * Encodes `rec`, a record decoded by ice_avro_read from another manifest,
 * under the Avro schema `schema` (parsed): fields are taken by name, a
 * missing one is written as null (it must be nullable), and when
 * `set_kind` >= 0 the top-level _KIND becomes set_kind.
 */
int pmn_encode_json(tpch_buf *b, const ice_json *schema, const ice_json *rec, int set_kind, tpch_error *err);

/* One manifest list row. */
typedef struct pmn_manifest_meta {
  const char *name;
  int64_t size, added, deleted, schema_id;
} pmn_manifest_meta;

int pmn_encode_manifest_meta(ice_avro_writer *w, const pmn_manifest_meta *m, tpch_error *err);

/* Starts a container with `schema_json` and a random sync marker. */
int pmn_avro_begin(ice_avro_writer *w, const char *schema_json, tpch_error *err);

/* tpch_write_file with the overwrite and fsync choices as flags (paimon_commit.c). */
int pmn_write_file(const char *path, const void *data, size_t len, int overwrite, int fsync, tpch_error *err);

/* tpch_paimon_commit() for a derived schema (paimon_commit.c). */
int pmn_commit(const char *table_dir, const pmn_schema *s, const tpch_paimon_data_file *files, size_t n,
               const tpch_paimon_writer_options *opts, tpch_paimon_commit_info *info, tpch_error *err);

/* 1 when TABLE/schema/schema-0 exists (a table written before, readable or not). */
int pmn_table_exists(const char *table_dir);

#endif /* TPCH_PAIMON_INTERNAL_H */
