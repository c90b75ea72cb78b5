#include "format/iceberg/ice_avro.h"

#include <snappy-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define MAX_DEPTH 64

typedef struct named {
  const char *name;
  const ice_json *def;
} named;

typedef struct reader {
  const uint8_t *p;
  size_t len, pos;
  named *names;
  size_t n_names, cap_names;
  tpch_error *err;
  int codec; /* CODEC_* */
} reader;

enum { CODEC_NULL, CODEC_ZSTD, CODEC_SNAPPY };

static int bad(reader *r, const char *what) {
  return tpch_error_set(r->err, TPCH_EFORMAT, "bad Avro file at byte %zu: %s", r->pos, what);
}

static int get_long(reader *r, int64_t *out) {
  return ice_avro_get_long(r->p, r->len, &r->pos, out) == 0 ? TPCH_OK : bad(r, "truncated varint");
}

/* ---- named types ---------------------------------------------------------- */

static int add_name(reader *r, const char *name, const ice_json *def) {
  if (r->n_names == r->cap_names) {
    size_t cap = r->cap_names ? r->cap_names * 2 : 16;
    named *nn = realloc(r->names, cap * sizeof *nn);
    if (nn == NULL) return tpch_error_set(r->err, TPCH_ENOMEM, "out of memory reading Avro");
    r->names = nn;
    r->cap_names = cap;
  }
  r->names[r->n_names].name = name;
  r->names[r->n_names++].def = def;
  return TPCH_OK;
}

/* Registers every record, enum and fixed so later references by name resolve
 * even when decoding never passes through the defining branch. */
static int register_names(reader *r, const ice_json *s, int depth) {
  if (depth > MAX_DEPTH) return bad(r, "schema nested too deeply");
  if (s->kind == ICE_JSON_ARRAY) {
    int rc = TPCH_OK;
    for (size_t i = 0; i < s->n && rc == 0; i++)
      rc = register_names(r, s->items[i], depth + 1);
    return rc;
  }
  if (s->kind != ICE_JSON_OBJECT) return TPCH_OK;
  const char *type = ice_json_get_str(s, "type");
  const char *name = ice_json_get_str(s, "name");
  int rc = TPCH_OK;
  if (type && name &&
      (!strcmp(type, "record") || !strcmp(type, "error") || !strcmp(type, "enum") ||
       !strcmp(type, "fixed"))) {
    const char *dot = strrchr(name, '.');
    rc = add_name(r, dot ? dot + 1 : name, s);
  }
  const ice_json *t = ice_json_get(s, "type");
  if (rc == 0 && t && t->kind != ICE_JSON_STRING) rc = register_names(r, t, depth + 1);
  const ice_json *fields = ice_json_get(s, "fields");
  for (size_t i = 0; rc == 0 && fields && fields->kind == ICE_JSON_ARRAY && i < fields->n; i++) {
    const ice_json *ft = ice_json_get(fields->items[i], "type");
    if (ft) rc = register_names(r, ft, depth + 1);
  }
  const ice_json *items = ice_json_get(s, "items");
  if (rc == 0 && items) rc = register_names(r, items, depth + 1);
  const ice_json *values = ice_json_get(s, "values");
  if (rc == 0 && values) rc = register_names(r, values, depth + 1);
  return rc;
}

static const ice_json *lookup(reader *r, const char *name) {
  const char *dot = strrchr(name, '.');
  const char *shortname = dot ? dot + 1 : name;
  for (size_t i = 0; i < r->n_names; i++)
    if (strcmp(r->names[i].name, shortname) == 0) return r->names[i].def;
  return NULL;
}

/* ---- values --------------------------------------------------------------- */

static int decode(reader *r, const ice_json *s, ice_json **out, int depth);

static int take_bytes(reader *r, size_t n, ice_json **out) {
  if (n > r->len - r->pos) return bad(r, "truncated bytes");
  *out = ice_json_new_string((const char *)r->p + r->pos, n);
  r->pos += n;
  return *out ? TPCH_OK : TPCH_ENOMEM;
}

static int decode_double(reader *r, int width, ice_json **out) {
  if ((size_t)width > r->len - r->pos) return bad(r, "truncated float");
  uint64_t u = 0;
  for (int i = 0; i < width; i++)
    u |= (uint64_t)r->p[r->pos + (size_t)i] << (8 * i);
  r->pos += (size_t)width;
  double d;
  if (width == 4) {
    float f;
    uint32_t u32 = (uint32_t)u;
    memcpy(&f, &u32, 4);
    d = f;
  } else {
    memcpy(&d, &u, 8);
  }
  char tmp[40];
  int n = snprintf(tmp, sizeof tmp, "%.17g", d);
  *out = ice_json_new(ICE_JSON_NUMBER);
  if (*out == NULL) return TPCH_ENOMEM;
  (*out)->text = strdup(tmp);
  (*out)->len = (size_t)n;
  return (*out)->text ? TPCH_OK : TPCH_ENOMEM;
}

static int decode_primitive(reader *r, const char *t, ice_json **out, int depth) {
  int64_t v;
  int rc;
  if (!strcmp(t, "null")) {
    *out = ice_json_new(ICE_JSON_NULL);
    return *out ? TPCH_OK : TPCH_ENOMEM;
  }
  if (!strcmp(t, "boolean")) {
    if (r->pos >= r->len) return bad(r, "truncated boolean");
    *out = ice_json_new(ICE_JSON_BOOL);
    if (*out == NULL) return TPCH_ENOMEM;
    (*out)->boolean = r->p[r->pos++] != 0;
    return TPCH_OK;
  }
  if (!strcmp(t, "int") || !strcmp(t, "long")) {
    if ((rc = get_long(r, &v)) != 0) return rc;
    if (t[0] == 'i' && (v < INT32_MIN || v > INT32_MAX)) return bad(r, "int out of range");
    *out = ice_json_new_int(v);
    return *out ? TPCH_OK : TPCH_ENOMEM;
  }
  if (!strcmp(t, "float")) return decode_double(r, 4, out);
  if (!strcmp(t, "double")) return decode_double(r, 8, out);
  if (!strcmp(t, "bytes") || !strcmp(t, "string")) {
    if ((rc = get_long(r, &v)) != 0) return rc;
    if (v < 0) return bad(r, "negative length");
    return take_bytes(r, (size_t)v, out);
  }
  const ice_json *def = lookup(r, t);
  if (def == NULL) return tpch_error_set(r->err, TPCH_EFORMAT, "Avro schema names unknown type '%s'", t);
  return decode(r, def, out, depth + 1);
}

static int decode_record(reader *r, const ice_json *s, ice_json **out, int depth) {
  const ice_json *fields = ice_json_get(s, "fields");
  if (fields == NULL || fields->kind != ICE_JSON_ARRAY) return bad(r, "record without fields");
  ice_json *obj = ice_json_new(ICE_JSON_OBJECT);
  if (obj == NULL) return TPCH_ENOMEM;
  for (size_t i = 0; i < fields->n; i++) {
    const char *name = ice_json_get_str(fields->items[i], "name");
    const ice_json *ft = ice_json_get(fields->items[i], "type");
    ice_json *v = NULL;
    int rc = (name && ft) ? decode(r, ft, &v, depth + 1) : bad(r, "record field without name or type");
    if (rc == 0) rc = ice_json_set(obj, name, v);
    if (rc != 0) {
      ice_json_free(obj);
      return rc;
    }
  }
  *out = obj;
  return TPCH_OK;
}

/* Arrays and maps: blocks of `count` items (negative count: a byte size follows), ended by 0. */
static int decode_blocks(reader *r, const ice_json *item, int is_map, ice_json **out, int depth) {
  ice_json *c = ice_json_new(is_map ? ICE_JSON_OBJECT : ICE_JSON_ARRAY);
  if (c == NULL) return TPCH_ENOMEM;
  int rc = TPCH_OK;
  for (;;) {
    int64_t count, size;
    if ((rc = get_long(r, &count)) != 0) break;
    if (count == 0) break;
    if (count < 0) {
      if (count == INT64_MIN || (rc = get_long(r, &size)) != 0) {
        rc = rc ? rc : bad(r, "bad block count");
        break;
      }
      count = -count;
    }
    /* every item takes at least one byte unless it is null: bound the loop by the input */
    if ((uint64_t)count > (uint64_t)(r->len - r->pos) + 1024) {
      rc = bad(r, "block count larger than the file");
      break;
    }
    for (int64_t i = 0; i < count && rc == 0; i++) {
      ice_json *key = NULL, *v = NULL;
      if (is_map) rc = decode_primitive(r, "string", &key, depth);
      if (rc == 0) rc = decode(r, item, &v, depth + 1);
      if (rc == 0) rc = !is_map ? ice_json_push(c, v) : key ? ice_json_set(c, key->text, v) : TPCH_ENOMEM;
      ice_json_free(key);
    }
    if (rc != 0) break;
  }
  if (rc != 0) {
    ice_json_free(c);
    return rc;
  }
  *out = c;
  return TPCH_OK;
}

static int decode_object(reader *r, const ice_json *s, ice_json **out, int depth) {
  const ice_json *t = ice_json_get(s, "type");
  if (t == NULL) return bad(r, "schema object without type");
  if (t->kind != ICE_JSON_STRING) return decode(r, t, out, depth + 1);
  const char *type = t->text;
  if (!strcmp(type, "record") || !strcmp(type, "error")) return decode_record(r, s, out, depth);
  if (!strcmp(type, "array")) {
    const ice_json *items = ice_json_get(s, "items");
    return items ? decode_blocks(r, items, 0, out, depth) : bad(r, "array without items");
  }
  if (!strcmp(type, "map")) {
    const ice_json *values = ice_json_get(s, "values");
    return values ? decode_blocks(r, values, 1, out, depth) : bad(r, "map without values");
  }
  if (!strcmp(type, "fixed")) {
    int64_t size;
    if (!ice_json_int64(ice_json_get(s, "size"), &size) || size < 0) return bad(r, "fixed without size");
    return take_bytes(r, (size_t)size, out);
  }
  if (!strcmp(type, "enum")) {
    const ice_json *symbols = ice_json_get(s, "symbols");
    int64_t idx;
    int rc = get_long(r, &idx);
    if (rc != 0) return rc;
    if (symbols == NULL || symbols->kind != ICE_JSON_ARRAY || idx < 0 || (uint64_t)idx >= symbols->n)
      return bad(r, "enum index out of range");
    *out = ice_json_clone(symbols->items[idx]);
    return *out ? TPCH_OK : TPCH_ENOMEM;
  }
  return decode_primitive(r, type, out, depth); /* {"type":"long","logicalType":...} */
}

static int decode(reader *r, const ice_json *s, ice_json **out, int depth) {
  if (depth > MAX_DEPTH) return bad(r, "schema nested too deeply");
  if (s->kind == ICE_JSON_STRING) return decode_primitive(r, s->text, out, depth);
  if (s->kind == ICE_JSON_OBJECT) return decode_object(r, s, out, depth);
  if (s->kind == ICE_JSON_ARRAY) {
    int64_t branch;
    int rc = get_long(r, &branch);
    if (rc != 0) return rc;
    if (branch < 0 || (uint64_t)branch >= s->n) return bad(r, "union branch out of range");
    return decode(r, s->items[branch], out, depth + 1);
  }
  return bad(r, "schema is not a type");
}

/* ---- container ------------------------------------------------------------ */

static int read_header(reader *r, ice_avro_file *f, uint8_t sync[16]) {
  if (r->len < 4 || memcmp(r->p, "Obj\x01", 4) != 0) return bad(r, "not an Avro container (magic)");
  r->pos = 4;
  ice_json *bytes_schema = ice_json_new_string("bytes", 5);
  if (bytes_schema == NULL) return TPCH_ENOMEM;
  int rc = decode_blocks(r, bytes_schema, 1, &f->meta, 0);
  ice_json_free(bytes_schema);
  if (rc != 0) return rc;
  if (r->len - r->pos < 16) return bad(r, "truncated sync marker");
  memcpy(sync, r->p + r->pos, 16);
  r->pos += 16;
  const char *codec = ice_json_get_str(f->meta, "avro.codec");
  if (codec == NULL || strcmp(codec, "null") == 0)
    r->codec = CODEC_NULL;
  else if (strcmp(codec, "zstandard") == 0)
    r->codec = CODEC_ZSTD;
  else if (strcmp(codec, "snappy") == 0)
    r->codec = CODEC_SNAPPY;
  else
    return tpch_error_set(r->err, TPCH_EUNSUPPORTED, "Avro codec '%s' is not supported", codec);
  const ice_json *schema_text = ice_json_get(f->meta, "avro.schema");
  if (schema_text == NULL || schema_text->kind != ICE_JSON_STRING) return bad(r, "no avro.schema");
  rc = ice_json_parse(schema_text->text, schema_text->len, &f->schema, r->err);
  if (rc != 0) return rc;
  return register_names(r, f->schema, 0);
}

/* The records of a compressed block, uncompressed into `out`. */
static int inflate_block(reader *r, const uint8_t *p, size_t n, tpch_buf *out) {
  tpch_buf_reset(out);
  if (r->codec == CODEC_SNAPPY) { /* raw snappy, then the CRC-32 of the uncompressed bytes */
    size_t len = 0;
    if (n < 4 || snappy_uncompressed_length((const char *)p, n - 4, &len) != SNAPPY_OK || len > (1u << 30))
      return bad(r, "bad snappy block");
    if (tpch_buf_reserve(out, len + 1)) return TPCH_ENOMEM;
    if (snappy_uncompress((const char *)p, n - 4, (char *)out->data, &len) != SNAPPY_OK)
      return bad(r, "bad snappy block");
    out->len = len;
    return TPCH_OK;
  }
  ZSTD_DCtx *z = ZSTD_createDCtx();
  if (z == NULL) return TPCH_ENOMEM;
  ZSTD_inBuffer in = {p, n, 0};
  int rc = TPCH_OK;
  while (rc == TPCH_OK) {
    if (out->len > (1u << 30) || tpch_buf_reserve(out, 65536)) {
      rc = out->len > (1u << 30) ? bad(r, "zstd block too large") : TPCH_ENOMEM;
      break;
    }
    ZSTD_outBuffer o = {out->data + out->len, out->cap - out->len, 0};
    size_t left = ZSTD_decompressStream(z, &o, &in);
    out->len += o.pos;
    if (ZSTD_isError(left))
      rc = bad(r, "bad zstd block");
    else if (left == 0 && in.pos == in.size)
      break;
    else if (in.pos == in.size && o.pos == 0)
      rc = bad(r, "truncated zstd block");
  }
  ZSTD_freeDCtx(z);
  return rc;
}

static int read_blocks(reader *r, ice_avro_file *f, const uint8_t sync[16]) {
  tpch_buf raw;
  tpch_buf_init(&raw);
  int rc = TPCH_OK;
  while (rc == TPCH_OK && r->pos < r->len) {
    int64_t count, size;
    rc = get_long(r, &count);
    if (rc == 0) rc = get_long(r, &size);
    if (rc != 0) break;
    if (count < 0 || size < 0 || (uint64_t)size > r->len - r->pos) {
      rc = bad(r, "bad block header");
      break;
    }
    size_t end = r->pos + (size_t)size;
    reader sub = *r;
    sub.len = end; /* records may not run past their block */
    if (r->codec != CODEC_NULL) {
      rc = inflate_block(r, r->p + r->pos, (size_t)size, &raw);
      sub.p = raw.data;
      sub.pos = 0;
      sub.len = raw.len;
    }
    for (int64_t i = 0; rc == 0 && i < count; i++) {
      ice_json *rec = NULL;
      if ((rc = decode(&sub, f->schema, &rec, 0)) == 0) rc = ice_json_push(f->records, rec);
    }
    if (rc == 0 && sub.pos != sub.len) rc = bad(r, "block size does not match its records");
    if (rc != 0) break;
    r->pos = end;
    if (r->len - r->pos < 16 || memcmp(r->p + r->pos, sync, 16) != 0)
      rc = bad(r, "sync marker mismatch");
    else
      r->pos += 16;
  }
  tpch_buf_free(&raw);
  return rc;
}

int ice_avro_read(const uint8_t *data, size_t len, ice_avro_file *out, tpch_error *err) {
  reader r = {data, len, 0, NULL, 0, 0, err, CODEC_NULL};
  uint8_t sync[16];
  memset(out, 0, sizeof *out);
  int rc = read_header(&r, out, sync);
  if (rc == 0) {
    out->records = ice_json_new(ICE_JSON_ARRAY);
    rc = out->records ? read_blocks(&r, out, sync) : TPCH_ENOMEM;
  }
  free(r.names);
  if (rc != 0) {
    if (rc == TPCH_ENOMEM) tpch_error_set(err, rc, "out of memory reading an Avro file");
    ice_avro_file_free(out);
  }
  return rc;
}

void ice_avro_file_free(ice_avro_file *f) {
  ice_json_free(f->meta);
  ice_json_free(f->schema);
  ice_json_free(f->records);
  memset(f, 0, sizeof *f);
}
