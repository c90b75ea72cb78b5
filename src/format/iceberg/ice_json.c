#include "ice_json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ICE_JSON_MAX_DEPTH 64

/* ---- writing ------------------------------------------------------------ */

int ice_json_put_raw(tpch_buf *b, const char *s) {
  return tpch_buf_append(b, s, strlen(s));
}

int ice_json_put_int(tpch_buf *b, int64_t v) {
  char tmp[24];
  int n = 0;
  /* Work on the negative side so INT64_MIN needs no special case. */
  int64_t x = v < 0 ? v : -v;
  do {
    tmp[n++] = (char)('0' - (x % 10));
    x /= 10;
  } while (x != 0);
  if (v < 0) tmp[n++] = '-';
  if (tpch_buf_reserve(b, (size_t)n) != 0) return TPCH_ENOMEM;
  while (n > 0)
    b->data[b->len++] = (uint8_t)tmp[--n];
  return TPCH_OK;
}

int ice_json_put_string(tpch_buf *b, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  /* Worst case every byte becomes \u00XX. */
  if (tpch_buf_reserve(b, len * 6 + 2) != 0) return TPCH_ENOMEM;
  uint8_t *o = b->data + b->len;
  *o++ = '"';
  for (size_t i = 0; i < len; i++) {
    uint8_t c = (uint8_t)s[i];
    if (c == '"' || c == '\\') {
      *o++ = '\\';
      *o++ = c;
    } else if (c == '\n') {
      *o++ = '\\';
      *o++ = 'n';
    } else if (c == '\t') {
      *o++ = '\\';
      *o++ = 't';
    } else if (c == '\r') {
      *o++ = '\\';
      *o++ = 'r';
    } else if (c < 0x20 || c == 0x7f) {
      memcpy(o, "\\u00", 4);
      o[4] = (uint8_t)hex[c >> 4];
      o[5] = (uint8_t)hex[c & 15];
      o += 6;
    } else {
      *o++ = c; /* UTF-8 passes through unchanged */
    }
  }
  *o++ = '"';
  b->len = (size_t)(o - b->data);
  return TPCH_OK;
}

int ice_json_put_cstr(tpch_buf *b, const char *s) {
  return ice_json_put_string(b, s, strlen(s));
}

int ice_json_write(tpch_buf *b, const ice_json *v) {
  int rc = TPCH_OK;
  switch (v->kind) {
  case ICE_JSON_NULL: return ice_json_put_raw(b, "null");
  case ICE_JSON_BOOL: return ice_json_put_raw(b, v->boolean ? "true" : "false");
  case ICE_JSON_NUMBER: return tpch_buf_append(b, v->text, v->len);
  case ICE_JSON_STRING: return ice_json_put_string(b, v->text, v->len);
  case ICE_JSON_ARRAY:
    rc |= tpch_buf_put_u8(b, '[');
    for (size_t i = 0; i < v->n && rc == 0; i++) {
      if (i) rc |= tpch_buf_put_u8(b, ',');
      rc |= ice_json_write(b, v->items[i]);
    }
    rc |= tpch_buf_put_u8(b, ']');
    break;
  case ICE_JSON_OBJECT:
    rc |= tpch_buf_put_u8(b, '{');
    for (size_t i = 0; i < v->n && rc == 0; i++) {
      if (i) rc |= tpch_buf_put_u8(b, ',');
      rc |= ice_json_put_cstr(b, v->keys[i]);
      rc |= tpch_buf_put_u8(b, ':');
      rc |= ice_json_write(b, v->items[i]);
    }
    rc |= tpch_buf_put_u8(b, '}');
    break;
  }
  return rc ? TPCH_ENOMEM : TPCH_OK;
}

/* ---- tree --------------------------------------------------------------- */

ice_json *ice_json_new(ice_json_kind kind) {
  ice_json *v = calloc(1, sizeof *v);
  if (v) v->kind = kind;
  return v;
}

static ice_json *new_text(ice_json_kind kind, const char *s, size_t len) {
  ice_json *v = ice_json_new(kind);
  if (v == NULL) return NULL;
  v->text = malloc(len + 1);
  if (v->text == NULL) {
    free(v);
    return NULL;
  }
  if (len) memcpy(v->text, s, len);
  v->text[len] = '\0';
  v->len = len;
  return v;
}

ice_json *ice_json_new_string(const char *s, size_t len) {
  return new_text(ICE_JSON_STRING, s, len);
}

ice_json *ice_json_new_int(int64_t v) {
  tpch_buf b;
  tpch_buf_init(&b);
  ice_json *out = NULL;
  if (ice_json_put_int(&b, v) == 0) out = new_text(ICE_JSON_NUMBER, (const char *)b.data, b.len);
  tpch_buf_free(&b);
  return out;
}

void ice_json_free(ice_json *v) {
  if (v == NULL) return;
  for (size_t i = 0; i < v->n; i++) {
    ice_json_free(v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->text);
  free(v);
}

static int grow_items(ice_json *v) {
  if (v->n < v->cap) return TPCH_OK;
  size_t cap = v->cap ? v->cap * 2 : 8;
  ice_json **items = realloc(v->items, cap * sizeof *items);
  if (items == NULL) return TPCH_ENOMEM;
  v->items = items;
  if (v->kind == ICE_JSON_OBJECT) {
    char **keys = realloc(v->keys, cap * sizeof *keys);
    if (keys == NULL) return TPCH_ENOMEM;
    v->keys = keys;
  }
  v->cap = cap;
  return TPCH_OK;
}

int ice_json_push(ice_json *arr, ice_json *item) {
  if (item == NULL || grow_items(arr) != 0) {
    ice_json_free(item);
    return TPCH_ENOMEM;
  }
  arr->items[arr->n++] = item;
  return TPCH_OK;
}

static long find_key(const ice_json *obj, const char *key) {
  if (obj == NULL || obj->kind != ICE_JSON_OBJECT || obj->items == NULL) return -1;
  for (size_t i = 0; i < obj->n; i++)
    if (strcmp(obj->keys[i], key) == 0) return (long)i;
  return -1;
}

int ice_json_set(ice_json *obj, const char *key, ice_json *item) {
  if (item == NULL) return TPCH_ENOMEM;
  long at = find_key(obj, key);
  if (at >= 0 && obj->items != NULL) {
    ice_json_free(obj->items[at]);
    obj->items[at] = item;
    return TPCH_OK;
  }
  char *k = strdup(key);
  if (k == NULL || grow_items(obj) != 0) {
    free(k);
    ice_json_free(item);
    return TPCH_ENOMEM;
  }
  obj->keys[obj->n] = k;
  obj->items[obj->n++] = item;
  return TPCH_OK;
}

void ice_json_remove(ice_json *obj, const char *key) {
  long at = find_key(obj, key);
  if (at < 0) return;
  ice_json_free(obj->items[at]);
  free(obj->keys[at]);
  for (size_t i = (size_t)at + 1; i < obj->n; i++) {
    obj->items[i - 1] = obj->items[i];
    obj->keys[i - 1] = obj->keys[i];
  }
  obj->n--;
}

const ice_json *ice_json_get(const ice_json *obj, const char *key) {
  long at = find_key(obj, key);
  return at < 0 ? NULL : obj->items[at];
}

const char *ice_json_get_str(const ice_json *obj, const char *key) {
  const ice_json *v = ice_json_get(obj, key);
  return (v && v->kind == ICE_JSON_STRING) ? v->text : NULL;
}

int ice_json_int64(const ice_json *v, int64_t *out) {
  if (v == NULL || v->kind != ICE_JSON_NUMBER) return 0;
  const char *p = v->text;
  int neg = *p == '-';
  if (neg) p++;
  if (*p == '\0') return 0;
  uint64_t acc = 0;
  for (; *p; p++) {
    if (*p < '0' || *p > '9') return 0; /* fractions and exponents are not integers here */
    unsigned d = (unsigned)(*p - '0');
    if (acc > (UINT64_MAX - d) / 10) return 0;
    acc = acc * 10 + d;
  }
  if (!neg && acc > (uint64_t)INT64_MAX) return 0;
  if (neg && acc > (uint64_t)INT64_MAX + 1) return 0;
  *out = neg ? (int64_t)(0 - acc) : (int64_t)acc;
  return 1;
}

ice_json *ice_json_clone(const ice_json *v) {
  ice_json *c;
  if (v->kind == ICE_JSON_STRING || v->kind == ICE_JSON_NUMBER) return new_text(v->kind, v->text, v->len);
  c = ice_json_new(v->kind);
  if (c == NULL) return NULL;
  c->boolean = v->boolean;
  for (size_t i = 0; i < v->n; i++) {
    int rc = v->kind == ICE_JSON_OBJECT ? ice_json_set(c, v->keys[i], ice_json_clone(v->items[i]))
                                        : ice_json_push(c, ice_json_clone(v->items[i]));
    if (rc != 0) {
      ice_json_free(c);
      return NULL;
    }
  }
  return c;
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct parser {
  const char *s;
  size_t len, pos;
  tpch_error *err;
} parser;

static int fail(parser *p, const char *what) {
  return tpch_error_set(p->err, TPCH_EFORMAT, "bad JSON at byte %zu: %s", p->pos, what);
}

static void skip_ws(parser *p) {
  while (p->pos < p->len) {
    char c = p->s[p->pos];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
    p->pos++;
  }
}

static int hex4(parser *p, unsigned *out) {
  if (p->len - p->pos < 4) return fail(p, "short \\u escape");
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p->s[p->pos++];
    unsigned d = (c >= '0' && c <= '9')   ? (unsigned)(c - '0')
                 : (c >= 'a' && c <= 'f') ? (unsigned)(c - 'a' + 10)
                 : (c >= 'A' && c <= 'F') ? (unsigned)(c - 'A' + 10)
                                          : 16u;
    if (d == 16) return fail(p, "bad hex digit in \\u escape");
    v = v * 16 + d;
  }
  *out = v;
  return TPCH_OK;
}

static int put_utf8(tpch_buf *b, unsigned cp) {
  uint8_t t[4];
  size_t n;
  if (cp < 0x80) {
    t[0] = (uint8_t)cp;
    n = 1;
  } else if (cp < 0x800) {
    t[0] = (uint8_t)(0xc0 | (cp >> 6));
    t[1] = (uint8_t)(0x80 | (cp & 0x3f));
    n = 2;
  } else if (cp < 0x10000) {
    t[0] = (uint8_t)(0xe0 | (cp >> 12));
    t[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
    t[2] = (uint8_t)(0x80 | (cp & 0x3f));
    n = 3;
  } else {
    t[0] = (uint8_t)(0xf0 | (cp >> 18));
    t[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
    t[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
    t[3] = (uint8_t)(0x80 | (cp & 0x3f));
    n = 4;
  }
  return tpch_buf_append(b, t, n);
}

/* A \uXXXX escape, joining a surrogate pair into one code point. */
static int unicode_escape(parser *p, tpch_buf *b) {
  unsigned cp;
  int rc = hex4(p, &cp);
  if (rc != 0) return rc;
  if (cp >= 0xd800 && cp < 0xdc00) {
    unsigned lo;
    if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u')
      return fail(p, "unpaired surrogate");
    p->pos += 2;
    if ((rc = hex4(p, &lo)) != 0) return rc;
    if (lo < 0xdc00 || lo > 0xdfff) return fail(p, "unpaired surrogate");
    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
  } else if (cp >= 0xdc00 && cp <= 0xdfff) {
    return fail(p, "unpaired surrogate");
  }
  return put_utf8(b, cp) ? TPCH_ENOMEM : TPCH_OK;
}

static int parse_string_into(parser *p, tpch_buf *b) {
  p->pos++; /* opening quote */
  while (p->pos < p->len) {
    char c = p->s[p->pos++];
    if (c == '"') return TPCH_OK;
    if ((unsigned char)c < 0x20) return fail(p, "control character in string");
    if (c != '\\') {
      if (tpch_buf_put_u8(b, (uint8_t)c)) return TPCH_ENOMEM;
      continue;
    }
    if (p->pos >= p->len) break;
    char e = p->s[p->pos++];
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *hit = strchr(from, e);
    int rc;
    if (e == 'u')
      rc = unicode_escape(p, b);
    else if (hit != NULL && e != '\0')
      rc = tpch_buf_put_u8(b, (uint8_t)to[hit - from]) ? TPCH_ENOMEM : TPCH_OK;
    else
      rc = fail(p, "bad escape");
    if (rc != 0) return rc;
  }
  return fail(p, "unterminated string");
}

static int parse_string(parser *p, ice_json **out) {
  tpch_buf b;
  tpch_buf_init(&b);
  int rc = parse_string_into(p, &b);
  if (rc == 0) {
    *out = ice_json_new_string(b.len ? (const char *)b.data : "", b.len);
    if (*out == NULL) rc = TPCH_ENOMEM;
  }
  tpch_buf_free(&b);
  return rc;
}

static int parse_number(parser *p, ice_json **out) {
  size_t start = p->pos;
  if (p->s[p->pos] == '-') p->pos++;
  size_t digits = p->pos;
  while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
    p->pos++;
  if (p->pos == digits) return fail(p, "bad number");
  if (p->s[digits] == '0' && p->pos - digits > 1) return fail(p, "leading zero in number");
  if (p->pos < p->len && p->s[p->pos] == '.') {
    size_t f = ++p->pos;
    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
      p->pos++;
    if (p->pos == f) return fail(p, "bad fraction");
  }
  if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
    p->pos++;
    if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-')) p->pos++;
    size_t e = p->pos;
    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
      p->pos++;
    if (p->pos == e) return fail(p, "bad exponent");
  }
  *out = new_text(ICE_JSON_NUMBER, p->s + start, p->pos - start);
  return *out ? TPCH_OK : TPCH_ENOMEM;
}

static int parse_value(parser *p, ice_json **out, int depth);

static int parse_container(parser *p, ice_json **out, int depth) {
  int is_obj = p->s[p->pos] == '{';
  char close = is_obj ? '}' : ']';
  ice_json *v = ice_json_new(is_obj ? ICE_JSON_OBJECT : ICE_JSON_ARRAY);
  if (v == NULL) return TPCH_ENOMEM;
  p->pos++;
  skip_ws(p);
  int rc = TPCH_OK;
  if (p->pos < p->len && p->s[p->pos] == close) {
    p->pos++;
    *out = v;
    return TPCH_OK;
  }
  for (;;) {
    ice_json *key = NULL, *item = NULL;
    skip_ws(p);
    if (is_obj) {
      if (p->pos >= p->len || p->s[p->pos] != '"') {
        rc = fail(p, "expected a member name");
        break;
      }
      if ((rc = parse_string(p, &key)) != 0) break;
      skip_ws(p);
      if (p->pos >= p->len || p->s[p->pos] != ':') {
        ice_json_free(key);
        rc = fail(p, "expected ':'");
        break;
      }
      p->pos++;
    }
    rc = parse_value(p, &item, depth + 1);
    if (rc == 0) rc = is_obj ? ice_json_set(v, key->text, item) : ice_json_push(v, item);
    ice_json_free(key);
    if (rc != 0) break;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->len && p->s[p->pos] == close) {
      p->pos++;
      *out = v;
      return TPCH_OK;
    }
    rc = fail(p, is_obj ? "expected ',' or '}'" : "expected ',' or ']'");
    break;
  }
  ice_json_free(v);
  return rc;
}

static int parse_literal(parser *p, const char *word, ice_json_kind kind, int boolean, ice_json **out) {
  size_t n = strlen(word);
  if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) return fail(p, "unexpected character");
  p->pos += n;
  *out = ice_json_new(kind);
  if (*out == NULL) return TPCH_ENOMEM;
  (*out)->boolean = boolean;
  return TPCH_OK;
}

static int parse_value(parser *p, ice_json **out, int depth) {
  if (depth > ICE_JSON_MAX_DEPTH) return fail(p, "nested too deeply");
  skip_ws(p);
  if (p->pos >= p->len) return fail(p, "unexpected end");
  char c = p->s[p->pos];
  if (c == '{' || c == '[') return parse_container(p, out, depth);
  if (c == '"') return parse_string(p, out);
  if (c == '-' || (c >= '0' && c <= '9')) return parse_number(p, out);
  if (c == 't') return parse_literal(p, "true", ICE_JSON_BOOL, 1, out);
  if (c == 'f') return parse_literal(p, "false", ICE_JSON_BOOL, 0, out);
  if (c == 'n') return parse_literal(p, "null", ICE_JSON_NULL, 0, out);
  return fail(p, "unexpected character");
}

int ice_json_parse(const char *text, size_t len, ice_json **out, tpch_error *err) {
  parser p = {text, len, 0, err};
  *out = NULL;
  ice_json *v = NULL;
  int rc = parse_value(&p, &v, 0);
  if (rc == TPCH_ENOMEM) return tpch_error_set(err, rc, "out of memory parsing JSON");
  if (rc != 0) return rc;
  skip_ws(&p);
  if (p.pos != len) {
    ice_json_free(v);
    return fail(&p, "trailing characters");
  }
  *out = v;
  return TPCH_OK;
}
