/*
 * ice_json.h - the JSON the Iceberg writer needs: escaping for what it
 * writes, and a small DOM parser for what it must read back (the previous
 * table metadata on append, Avro schemas in manifest headers).
 *
 * Numbers keep their original text so 64-bit snapshot ids and anything this
 * code does not interpret survive a parse -> write round trip unchanged.
 * Strings are decoded (escapes resolved, \u0000 allowed) and NUL-terminated.
 */
#ifndef TPCH_ICE_JSON_H
#define TPCH_ICE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "io/buf.h"
#include "tpch_error.h"

typedef enum ice_json_kind {
  ICE_JSON_NULL,
  ICE_JSON_BOOL,
  ICE_JSON_NUMBER,
  ICE_JSON_STRING,
  ICE_JSON_ARRAY,
  ICE_JSON_OBJECT
} ice_json_kind;

typedef struct ice_json {
  ice_json_kind kind;
  int boolean;
  char *text; /* STRING: decoded bytes; NUMBER: the literal; NUL-terminated */
  size_t len; /* bytes in `text` (a string may hold NULs) */
  size_t n;   /* ARRAY / OBJECT: number of items */
  size_t cap;
  struct ice_json **items;
  char **keys; /* OBJECT only, parallel to items */
} ice_json;

/*
 * Parses `len` bytes of JSON text into a new tree (*out). Rejects trailing
 * garbage, nesting deeper than 64 and invalid escapes with TPCH_EFORMAT and
 * a message naming the byte offset. The caller frees *out with ice_json_free.
 */
int ice_json_parse(const char *text, size_t len, ice_json **out, tpch_error *err);

/* Frees a tree from ice_json_parse or the constructors below. NULL is fine. */
void ice_json_free(ice_json *v);

/* Member `key` of an object, or NULL (also when `obj` is not an object). */
const ice_json *ice_json_get(const ice_json *obj, const char *key);

/* Integer value of a NUMBER holding an integer that fits int64: 1 and *out; else 0. */
int ice_json_int64(const ice_json *v, int64_t *out);

/* String member `key` of `obj`, or NULL. */
const char *ice_json_get_str(const ice_json *obj, const char *key);

/* Constructors for building trees (NULL on out of memory). */
ice_json *ice_json_new(ice_json_kind kind);
ice_json *ice_json_new_string(const char *s, size_t len);
ice_json *ice_json_new_int(int64_t v);
/* Appends `item` (ownership moves in, also on failure) to an array. */
int ice_json_push(ice_json *arr, ice_json *item);
/* Sets `key` of an object to `item`, replacing an existing member (ownership moves in). */
int ice_json_set(ice_json *obj, const char *key, ice_json *item);
/* Removes `key` from an object if present. */
void ice_json_remove(ice_json *obj, const char *key);
/* A deep copy, or NULL on out of memory. */
ice_json *ice_json_clone(const ice_json *v);

/* Appends `v` serialized compactly. TPCH_OK or TPCH_ENOMEM. */
int ice_json_write(tpch_buf *b, const ice_json *v);

/* Appends `s` (len bytes) as a quoted, escaped JSON string. */
int ice_json_put_string(tpch_buf *b, const char *s, size_t len);

/* Appends a NUL-terminated C string quoted and escaped. */
int ice_json_put_cstr(tpch_buf *b, const char *s);

/* Appends a decimal integer. */
int ice_json_put_int(tpch_buf *b, int64_t v);

/* Appends raw text (no quoting). */
int ice_json_put_raw(tpch_buf *b, const char *s);

#endif /* TPCH_ICE_JSON_H */
