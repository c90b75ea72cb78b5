#include "lance_manifest.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arrow/arrow_schema.h"
#include "format/common/protobuf.h"
#include "io/files.h"
#include "lance_writer.h"

/* Feature flags an append can carry over unchanged: deletion files (1, kept
 * inside the carried fragments), the deprecated "v2" bit (4) and table
 * config (8, carried as is). Anything else may need work we do not do. */
#define LANCE_APPENDABLE_FLAGS ((uint64_t)1 | 4 | 8)

#define MANIFEST_SUFFIX ".manifest"
#define V2_NAME_LEN 29 /* 20 digits + ".manifest" */

void lance_manifest_name(char *out, size_t cap, uint64_t version, int scheme) {
  if (scheme == LANCE_NAMES_V1)
    snprintf(out, cap, "%llu" MANIFEST_SUFFIX, (unsigned long long)version);
  else
    snprintf(out, cap, "%020llu" MANIFEST_SUFFIX, (unsigned long long)(UINT64_MAX - version));
}

int lance_manifest_parse_name(const char *name, uint64_t *version, int *scheme) {
  size_t n = strlen(name), sl = strlen(MANIFEST_SUFFIX);
  if (n <= sl || strcmp(name + n - sl, MANIFEST_SUFFIX) != 0) return 0;
  uint64_t v = 0;
  for (size_t i = 0; i < n - sl; i++) {
    if (name[i] < '0' || name[i] > '9') return 0; /* detached ("d...") or foreign */
    unsigned d = (unsigned)(name[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return 0;
    v = v * 10 + d;
  }
  if (n == V2_NAME_LEN) {
    *scheme = LANCE_NAMES_V2;
    *version = UINT64_MAX - v;
  } else {
    *scheme = LANCE_NAMES_V1;
    *version = v;
  }
  return *version != 0;
}

int lance_dataset_latest(const char *uri, uint64_t *version, int *scheme, tpch_error *err) {
  char dir[PATH_MAX];
  *version = 0;
  *scheme = LANCE_NAMES_V2;
  if ((size_t)snprintf(dir, sizeof dir, "%s/_versions", uri) >= sizeof dir)
    return tpch_error_set(err, TPCH_EINVAL, "dataset path too long: '%s'", uri);
  DIR *d = opendir(dir);
  if (d == NULL) {
    if (errno == ENOENT) return TPCH_OK;
    return tpch_error_set(err, TPCH_EIO, "cannot list '%s': %s", dir, strerror(errno));
  }
  int seen = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    uint64_t v;
    int s;
    if (!lance_manifest_parse_name(e->d_name, &v, &s)) continue;
    if (seen && s != *scheme) {
      closedir(d);
      return tpch_error_set(err, TPCH_EFORMAT, "'%s' mixes V1 and V2 manifest names", dir);
    }
    seen = 1;
    *scheme = s;
    if (v > *version) *version = v;
  }
  closedir(d);
  return TPCH_OK;
}

int tpch_lance_dataset_latest_version(const char *uri, uint64_t *version, tpch_error *err) {
  int scheme;
  if (uri == NULL || version == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL dataset path or version");
  return lance_dataset_latest(uri, version, &scheme, err);
}

/* ---- decoding ------------------------------------------------------------ */

static int bad(tpch_error *err, const char *what) {
  return tpch_error_set(err, TPCH_EFORMAT, "manifest is not valid: %s", what);
}

static int decode_field(lance_field_view *fv, const tpch_pb_field *in, tpch_error *err) {
  tpch_pb_reader r;
  tpch_pb_field f;
  int got;
  memset(fv, 0, sizeof *fv);
  tpch_pb_reader_init(&r, in->data, in->len);
  while ((got = tpch_pb_next(&r, &f)) == 1) {
    int is_len = f.wire == TPCH_PB_LEN, is_var = f.wire == TPCH_PB_VARINT;
    if (f.num == 2 && is_len) {
      if (!tpch_utf8_valid((const char *)f.data, f.len)) return bad(err, "a field name is not UTF-8");
      fv->name = (const char *)f.data;
      fv->name_len = f.len;
    } else if (f.num == 3 && is_var) {
      fv->id = (int64_t)(int32_t)f.v;
    } else if (f.num == 4 && is_var) {
      fv->parent_id = (int64_t)(int32_t)f.v;
    } else if (f.num == 5 && is_len) {
      fv->logical = (const char *)f.data;
      fv->logical_len = f.len;
    } else if (f.num == 6 && is_var) {
      fv->nullable = f.v != 0;
    }
  }
  return got < 0 ? bad(err, "a schema field does not decode") : TPCH_OK;
}

/* 1 if the DataFile says format 2.0 (major 2, minor 0), 0 if another
 * version, -1 if it does not decode. */
static int datafile_is_v2_0(const uint8_t *p, size_t n) {
  tpch_pb_reader r;
  tpch_pb_field f;
  uint64_t major = 0, minor = 0;
  int got;
  tpch_pb_reader_init(&r, p, n);
  while ((got = tpch_pb_next(&r, &f)) == 1) {
    /* lance decodes the path as a string: a file it cannot name is lost */
    if (f.num == 1 && (f.wire != TPCH_PB_LEN || f.len == 0 || !tpch_utf8_valid((const char *)f.data, f.len)))
      return -1;
    if (f.num == 4 && f.wire == TPCH_PB_VARINT) major = f.v;
    if (f.num == 5 && f.wire == TPCH_PB_VARINT) minor = f.v;
  }
  if (got < 0) return -1;
  return major == 2 && minor == 0;
}

static int decode_fragment(lance_fragment_view *fr, const tpch_pb_field *in, tpch_error *err) {
  tpch_pb_reader r;
  tpch_pb_field f;
  int got;
  memset(fr, 0, sizeof *fr);
  fr->body = in->data;
  fr->body_len = in->len;
  fr->all_files_v2_0 = 1;
  tpch_pb_reader_init(&r, in->data, in->len);
  while ((got = tpch_pb_next(&r, &f)) == 1) {
    if (f.num == 1 && f.wire == TPCH_PB_VARINT) fr->id = f.v;
    if (f.num == 4 && f.wire == TPCH_PB_VARINT) fr->physical_rows = f.v;
    if (f.num == 2 && f.wire == TPCH_PB_LEN) {
      int v = datafile_is_v2_0(f.data, f.len);
      if (v < 0) return bad(err, "a data file entry does not decode (or its path is not UTF-8)");
      if (v == 0) fr->all_files_v2_0 = 0;
    }
  }
  return got < 0 ? bad(err, "a fragment does not decode") : TPCH_OK;
}

static void copy_str(char *dst, size_t cap, const uint8_t *p, size_t n) {
  if (n >= cap) n = cap - 1;
  memcpy(dst, p, n);
  dst[n] = '\0';
}

static int decode_data_format(lance_manifest *m, const tpch_pb_field *in, tpch_error *err) {
  tpch_pb_reader r;
  tpch_pb_field f;
  int got;
  m->has_data_format = 1;
  tpch_pb_reader_init(&r, in->data, in->len);
  while ((got = tpch_pb_next(&r, &f)) == 1) {
    if (f.num == 1 && f.wire == TPCH_PB_LEN) copy_str(m->file_format, sizeof m->file_format, f.data, f.len);
    if (f.num == 2 && f.wire == TPCH_PB_LEN)
      copy_str(m->format_version, sizeof m->format_version, f.data, f.len);
  }
  return got < 0 ? bad(err, "data_format does not decode") : TPCH_OK;
}

/* One Manifest.config entry {key = 1, value = 2}: both strings; the part
 * count is remembered. */
static int decode_config(lance_manifest *m, const tpch_pb_field *in, tpch_error *err) {
  tpch_pb_reader r;
  tpch_pb_field f;
  const uint8_t *key = NULL, *val = NULL;
  size_t klen = 0, vlen = 0;
  int got;
  tpch_pb_reader_init(&r, in->data, in->len);
  while ((got = tpch_pb_next(&r, &f)) == 1) {
    if ((f.num == 1 || f.num == 2) &&
        (f.wire != TPCH_PB_LEN || !tpch_utf8_valid((const char *)f.data, f.len)))
      return bad(err, "a config entry is not a UTF-8 string");
    if (f.num == 1) key = f.data, klen = f.len;
    if (f.num == 2) val = f.data, vlen = f.len;
  }
  if (got < 0) return bad(err, "config does not decode");
  if (key == NULL || klen != strlen(LANCE_CONFIG_PARTS) || memcmp(key, LANCE_CONFIG_PARTS, klen) != 0)
    return TPCH_OK;
  int64_t n = 0;
  for (size_t i = 0; i < vlen; i++) {
    if (val[i] < '0' || val[i] > '9' || n > (INT64_MAX - 9) / 10)
      return bad(err, "config " LANCE_CONFIG_PARTS);
    n = n * 10 + (val[i] - '0');
  }
  if (vlen == 0 || n == 0) return bad(err, "config " LANCE_CONFIG_PARTS);
  m->parts = n;
  return TPCH_OK;
}

/* Grows *arr (of *cap elements of `size` bytes) so index n fits. */
static int grow(void **arr, size_t *cap, size_t n, size_t size) {
  if (n < *cap) return TPCH_OK;
  size_t nc = *cap ? *cap * 2 : 16;
  void *p = realloc(*arr, nc * size);
  if (p == NULL) return TPCH_ENOMEM;
  *arr = p;
  *cap = nc;
  return TPCH_OK;
}

static int decode_one(lance_manifest *m, const tpch_pb_field *f, size_t *fcap, size_t *rcap,
                      tpch_error *err) {
  int is_var = f->wire == TPCH_PB_VARINT, is_len = f->wire == TPCH_PB_LEN;
  switch (f->num) {
  case 1:
    if (!is_len) return bad(err, "fields");
    if (grow((void **)&m->fields, fcap, m->n_fields, sizeof *m->fields) != TPCH_OK)
      return tpch_error_set(err, TPCH_ENOMEM, "out of memory reading a manifest");
    return decode_field(&m->fields[m->n_fields++], f, err);
  case 2:
    if (!is_len) return bad(err, "fragments");
    if (grow((void **)&m->frags, rcap, m->n_frags, sizeof *m->frags) != TPCH_OK)
      return tpch_error_set(err, TPCH_ENOMEM, "out of memory reading a manifest");
    return decode_fragment(&m->frags[m->n_frags++], f, err);
  case 3: m->version = f->v; return is_var ? TPCH_OK : bad(err, "version");
  case 6: m->has_index_section = 1; return TPCH_OK;
  case 9: m->reader_flags = f->v; return is_var ? TPCH_OK : bad(err, "reader_feature_flags");
  case 10: m->writer_flags = f->v; return is_var ? TPCH_OK : bad(err, "writer_feature_flags");
  case 11:
    m->has_max_fragment_id = 1;
    m->max_fragment_id = f->v;
    return is_var ? TPCH_OK : bad(err, "max_fragment_id");
  case 15: return is_len ? decode_data_format(m, f, err) : bad(err, "data_format");
  case 16: return is_len ? decode_config(m, f, err) : bad(err, "config");
  default: return TPCH_OK;
  }
}

int lance_manifest_decode(lance_manifest *m, const uint8_t *msg, size_t len, tpch_error *err) {
  memset(m, 0, sizeof *m);
  m->msg = msg;
  m->msg_len = len;
  tpch_pb_reader r;
  tpch_pb_field f;
  size_t fcap = 0, rcap = 0;
  int got, rc = TPCH_OK;
  tpch_pb_reader_init(&r, msg, len);
  while (rc == TPCH_OK && (got = tpch_pb_next(&r, &f)) == 1)
    rc = decode_one(m, &f, &fcap, &rcap, err);
  if (rc == TPCH_OK && got < 0) rc = bad(err, "truncated or corrupt protobuf");
  if (rc == TPCH_OK && m->version == 0) rc = bad(err, "no version number");
  if (rc != TPCH_OK) lance_manifest_free(m);
  return rc;
}

void lance_manifest_free(lance_manifest *m) {
  if (m == NULL) return;
  free(m->file);
  free(m->fields);
  free(m->frags);
  memset(m, 0, sizeof *m);
}

int lance_manifest_wrap(tpch_buf *out, const uint8_t *msg, size_t len) {
  int rc = tpch_buf_put_le(out, len, 4);
  if (rc == TPCH_OK) rc = tpch_buf_append(out, msg, len);
  if (rc == TPCH_OK) rc = tpch_buf_put_le(out, 0, 8); /* position of the u32 length */
  if (rc == TPCH_OK) rc = tpch_buf_put_le(out, 0, 2);
  if (rc == TPCH_OK) rc = tpch_buf_put_le(out, 2, 2);
  if (rc == TPCH_OK) rc = tpch_buf_append(out, "LANC", 4);
  return rc;
}

static uint64_t get_le(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++)
    v |= (uint64_t)p[i] << (8 * i);
  return v;
}

int lance_manifest_unwrap(const uint8_t *file, size_t len, const uint8_t **msg, size_t *msg_len,
                          tpch_error *err) {
  if (len < 20 || memcmp(file + len - 4, "LANC", 4) != 0) return bad(err, "no LANC magic at the end");
  uint64_t pos = get_le(file + len - 16, 8);
  if (pos > len - 20) return bad(err, "manifest position out of range");
  uint64_t n = get_le(file + pos, 4);
  /* lance requires the message to end exactly where the trailer starts */
  if (pos + 4 + n + 16 != len) return bad(err, "manifest length does not match the file size");
  *msg = file + pos + 4;
  *msg_len = (size_t)n;
  return TPCH_OK;
}

int lance_manifest_load(lance_manifest *m, const char *uri, uint64_t version, int scheme, tpch_error *err) {
  char name[64], path[PATH_MAX];
  memset(m, 0, sizeof *m);
  lance_manifest_name(name, sizeof name, version, scheme);
  if ((size_t)snprintf(path, sizeof path, "%s/_versions/%s", uri, name) >= sizeof path)
    return tpch_error_set(err, TPCH_EINVAL, "dataset path too long: '%s'", uri);
  tpch_buf raw;
  tpch_buf_init(&raw);
  int rc = tpch_read_file(path, &raw, err);
  if (rc != TPCH_OK) return rc;
  uint8_t *file = raw.data;
  size_t len = raw.len;
  const uint8_t *msg = NULL;
  size_t msg_len = 0;
  rc = lance_manifest_unwrap(file, len, &msg, &msg_len, err);
  if (rc == TPCH_OK) rc = lance_manifest_decode(m, msg, msg_len, err);
  if (rc != TPCH_OK) {
    free(file);
    return rc;
  }
  m->file = file;
  m->file_len = len;
  if (m->version != version)
    return tpch_error_set(err, TPCH_EFORMAT, "'%s' holds version %llu", path, (unsigned long long)m->version);
  return TPCH_OK;
}

static int same(const char *a, size_t alen, const char *b) {
  return alen == strlen(b) && memcmp(a, b, alen) == 0;
}

int lance_manifest_check_schema(const lance_manifest *m, const lance_schema *s, tpch_error *err) {
  if (m->n_fields != s->n)
    return tpch_error_set(err, TPCH_ESCHEMA, "the dataset has %zu fields, the new data has %zu columns",
                          m->n_fields, s->n);
  for (size_t i = 0; i < s->n; i++) {
    const lance_field_view *f = &m->fields[i];
    const lance_column_def *c = &s->cols[i];
    if (f->parent_id != -1)
      return tpch_error_set(err, TPCH_ESCHEMA, "the dataset has nested fields; the new data is flat");
    if (!same(f->name, f->name_len, c->name))
      return tpch_error_set(err, TPCH_ESCHEMA, "dataset column %zu is '%.*s', the new data has '%s'", i,
                            (int)f->name_len, f->name, c->name);
    if (!same(f->logical, f->logical_len, c->logical))
      return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' is %.*s in the dataset, %s in the new data",
                            c->name, (int)f->logical_len, f->logical, c->logical);
    if (f->nullable != c->nullable)
      return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' is %s in the dataset but %s in the new data",
                            c->name, f->nullable ? "nullable" : "not nullable",
                            c->nullable ? "nullable" : "not nullable");
    if (f->id != (int64_t)i)
      return tpch_error_set(err, TPCH_ESCHEMA,
                            "column '%s' has field id %lld in the dataset; appends need ids 0..n-1", c->name,
                            (long long)f->id);
  }
  return TPCH_OK;
}

int lance_manifest_check_appendable(const lance_manifest *m, const char *version, tpch_error *err) {
  uint64_t unknown = (m->reader_flags | m->writer_flags) & ~LANCE_APPENDABLE_FLAGS;
  if (unknown)
    return tpch_error_set(
        err, TPCH_EUNSUPPORTED,
        "cannot append: the dataset uses Lance feature flags 0x%llx this writer does not handle",
        (unsigned long long)unknown);
  if (m->has_index_section)
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "cannot append: the dataset has indices");
  if (version == NULL) return TPCH_OK; /* no new data files */
  if (m->has_data_format) {
    if (strcmp(m->file_format, "lance") != 0 || strcmp(m->format_version, version) != 0)
      return tpch_error_set(err, TPCH_EUNSUPPORTED,
                            "cannot append %s data files: the dataset stores %s %s files (mixed versions "
                            "need a feature this writer does not set)",
                            version, m->file_format, m->format_version);
    return TPCH_OK;
  }
  for (size_t i = 0; i < m->n_frags; i++)
    if (!m->frags[i].all_files_v2_0 || strcmp(version, "2.0") != 0)
      return tpch_error_set(err, TPCH_EUNSUPPORTED,
                            "cannot append %s data files: the dataset stores other versions", version);
  return TPCH_OK;
}
