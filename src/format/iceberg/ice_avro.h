/*
 * ice_avro.h - the Avro that Iceberg manifests and manifest lists need.
 *
 * Writing: binary encoders (zigzag varints, strings, bytes) into a tpch_buf,
 * and an object container file builder (magic, metadata map with
 * avro.schema and avro.codec "null", a 16-byte sync marker, blocks of
 * records). The whole file is built in memory: manifests are small, and the
 * caller then hands the bytes to a tpch_sink in one write.
 *
 * Reading: a schema-driven decoder that turns a container file into an
 * ice_json tree (records -> objects keyed by field name, arrays -> arrays,
 * maps -> objects, unions -> the chosen branch, bytes/fixed -> binary
 * strings, numbers -> integer or %.17g text). Used to carry a table's
 * previous manifests forward on append, and by tests as a second reader.
 */
#ifndef TPCH_ICE_AVRO_H
#define TPCH_ICE_AVRO_H

#include <stddef.h>
#include <stdint.h>

#include "format/iceberg/ice_json.h"
#include "io/buf.h"
#include "tpch_error.h"

/* ---- binary encoding (all return TPCH_OK or TPCH_ENOMEM) ---------------- */

/* Avro `long` and `int`: zigzag, then little-endian base-128 varint. */
int ice_avro_put_long(tpch_buf *b, int64_t v);

/* Avro `boolean`: one byte, 0 or 1. */
int ice_avro_put_bool(tpch_buf *b, int v);

/* Avro `bytes`: length as long, then the bytes. */
int ice_avro_put_bytes(tpch_buf *b, const void *p, size_t n);

/* Avro `string`: same as bytes; `s` is NUL-terminated UTF-8. */
int ice_avro_put_string(tpch_buf *b, const char *s);

/* Decodes one zigzag varint at *pos (advancing it). TPCH_EFORMAT when the
 * input ends early or the varint is longer than 10 bytes. */
int ice_avro_get_long(const uint8_t *p, size_t len, size_t *pos, int64_t *out);

/* ---- object container writer -------------------------------------------- */

typedef struct ice_avro_writer {
  tpch_buf file;  /* the container file so far */
  tpch_buf block; /* encoded records of the block being filled */
  int64_t block_records;
  int64_t records;
  uint8_t sync[16];
} ice_avro_writer;

/*
 * Starts a container: writes the magic, the metadata map (`meta` is key,
 * value, key, value, ..., NULL; it must contain "avro.schema"; "avro.codec"
 * "null" is added) and `sync` (NULL: a random marker, as every writer of
 * a new file wants). Encode each record into w->block with the
 * ice_avro_put_* calls, then call ice_avro_writer_record_done().
 */
int ice_avro_writer_begin(ice_avro_writer *w, const char *const *meta, const uint8_t sync[16],
                          tpch_error *err);

/* Counts the record just encoded into w->block; closes the block when it
 * passes 64 KiB so no block grows without bound. */
int ice_avro_writer_record_done(ice_avro_writer *w, tpch_error *err);

/* Writes the last block. w->file then holds the complete container. */
int ice_avro_writer_finish(ice_avro_writer *w, tpch_error *err);

/* ice_avro_writer_finish, then the container appended to `out` and the
 * writer freed (also on failure); `what` names the file in an out-of-memory
 * message ("a manifest"). */
int ice_avro_writer_finish_into(ice_avro_writer *w, tpch_buf *out, const char *what, tpch_error *err);

/* Frees both buffers. Safe on a zeroed or finished writer. */
void ice_avro_writer_free(ice_avro_writer *w);

/* ---- container reader ---------------------------------------------------- */

typedef struct ice_avro_file {
  ice_json *meta;    /* OBJECT: metadata key -> STRING value */
  ice_json *schema;  /* the parsed avro.schema */
  ice_json *records; /* ARRAY of decoded records */
} ice_avro_file;

/*
 * Decodes a whole container file. Supports codecs "null", "zstandard" and
 * "snappy" (what Paimon and Iceberg writers use), every Avro type
 * (named types may be referenced by name). On success the caller frees
 * `out` with ice_avro_file_free; on failure TPCH_EFORMAT (or TPCH_ENOMEM,
 * TPCH_EUNSUPPORTED for other codecs) and `out` holds nothing.
 */
int ice_avro_read(const uint8_t *data, size_t len, ice_avro_file *out, tpch_error *err);

void ice_avro_file_free(ice_avro_file *f);

#endif /* TPCH_ICE_AVRO_H */
