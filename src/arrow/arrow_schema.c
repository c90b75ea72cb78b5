#include "arrow_schema.h"

#include <stdlib.h>
#include <string.h>

#include "arrow/arrow_type.h"

int tpch_utf8_valid(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str, *end = s + len;
  while (s < end) {
    unsigned c = *s;
    if (c < 0x80) {
      s++;
      continue;
    }
    int n;
    unsigned min, cp;
    if ((c & 0xE0) == 0xC0)
      n = 1, min = 0x80, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
      n = 2, min = 0x800, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
      n = 3, min = 0x10000, cp = c & 0x07;
    else
      return 0;
    if (end - s <= n) return 0;
    for (int i = 1; i <= n; i++) {
      if ((s[i] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    s += n + 1;
  }
  return 1;
}

static int check_column(const struct ArrowSchema *schema, int64_t i, tpch_error *err) {
  const struct ArrowSchema *c = schema->children[i];
  if (c == NULL) return tpch_error_set(err, TPCH_EINVAL, "schema column %lld is NULL", (long long)i);
  if (c->name == NULL || c->name[0] == '\0')
    return tpch_error_set(err, TPCH_EINVAL, "schema column %lld has no name", (long long)i);
  if (!tpch_utf8_valid(c->name, strlen(c->name)))
    return tpch_error_set(err, TPCH_EINVAL, "the name of schema column %lld is not valid UTF-8",
                          (long long)i);
  for (int64_t j = 0; j < i; j++)
    if (strcmp(schema->children[j]->name, c->name) == 0)
      return tpch_error_set(err, TPCH_EINVAL, "column name '%s' appears twice", c->name);
  tpch_arrow_type t;
  if (tpch_arrow_type_parse(c->format, &t, NULL) != TPCH_OK || t.kind == TPCH_ARROW_STRUCT ||
      c->n_children != 0)
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "column '%s': Arrow type '%s' is not supported", c->name,
                          c->format ? c->format : "(null)");
  if (c->dictionary != NULL)
    return tpch_error_set(err, TPCH_EUNSUPPORTED,
                          "column '%s' is dictionary-encoded, which is not supported (decode it first)",
                          c->name);
  return TPCH_OK;
}

int tpch_arrow_schema_check_table(const struct ArrowSchema *schema, int64_t max_columns, tpch_error *err) {
  if (schema == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL schema");
  if (schema->format == NULL || strcmp(schema->format, "+s") != 0)
    return tpch_error_set(err, TPCH_EINVAL, "schema must be a struct (\"+s\"), not '%s'",
                          schema->format ? schema->format : "(null)");
  if (schema->dictionary != NULL)
    return tpch_error_set(err, TPCH_EUNSUPPORTED, "a dictionary-encoded table schema is not supported");
  if (schema->n_children <= 0 || schema->n_children > max_columns || schema->children == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "schema must have 1..%lld columns, not %lld",
                          (long long)max_columns, (long long)schema->n_children);
  for (int64_t i = 0; i < schema->n_children; i++) {
    int rc = check_column(schema, i, err);
    if (rc != TPCH_OK) return rc;
  }
  return TPCH_OK;
}

int tpch_arrow_schema_equal(const struct ArrowSchema *want, const struct ArrowSchema *got, tpch_error *err) {
  if (got == NULL || got->format == NULL || strcmp(got->format, "+s") != 0 ||
      (got->n_children > 0 && got->children == NULL))
    return tpch_error_set(err, TPCH_ESCHEMA, "the batches' schema is not a struct (\"+s\")");
  if (got->n_children != want->n_children)
    return tpch_error_set(err, TPCH_ESCHEMA, "the batches have %lld columns, the writer's schema %lld",
                          (long long)got->n_children, (long long)want->n_children);
  for (int64_t i = 0; i < want->n_children; i++) {
    const struct ArrowSchema *w = want->children[i], *g = got->children[i];
    const char *name = w->name ? w->name : "?";
    if (g == NULL || g->name == NULL || strcmp(g->name, name) != 0)
      return tpch_error_set(err, TPCH_ESCHEMA,
                            "column %lld is '%s' in the batches, '%s' in the writer's schema", (long long)i,
                            g && g->name ? g->name : "(null)", name);
    if (g->format == NULL || strcmp(g->format, w->format) != 0)
      return tpch_error_set(err, TPCH_ESCHEMA,
                            "column '%s' is '%s' in the batches, '%s' in the writer's schema", name,
                            g->format ? g->format : "(null)", w->format);
    if ((g->flags & ARROW_FLAG_NULLABLE) != (w->flags & ARROW_FLAG_NULLABLE))
      return tpch_error_set(err, TPCH_ESCHEMA, "column '%s' differs in nullability from the writer's schema",
                            name);
  }
  return TPCH_OK;
}

static void release_copy(struct ArrowSchema *s) {
  for (int64_t i = 0; s->children != NULL && i < s->n_children; i++) {
    if (s->children[i] != NULL && s->children[i]->release != NULL) s->children[i]->release(s->children[i]);
    free(s->children[i]);
  }
  free(s->children);
  free((char *)s->format);
  free((char *)s->name);
  s->release = NULL;
}

/* Copies into a zeroed `dst` whose release is already set, so a partial copy
 * is freed by that release. */
static int copy_into(struct ArrowSchema *dst, const struct ArrowSchema *src, int depth) {
  if (depth > 64 || src->n_children < 0 || (src->n_children > 0 && src->children == NULL)) return TPCH_EINVAL;
  if (src->dictionary != NULL) return TPCH_EUNSUPPORTED;
  dst->format = strdup(src->format ? src->format : "");
  dst->name = src->name ? strdup(src->name) : NULL;
  dst->flags = src->flags;
  if (dst->format == NULL || (src->name && dst->name == NULL)) return TPCH_ENOMEM;
  if (src->n_children == 0) return TPCH_OK;
  dst->children = calloc((size_t)src->n_children, sizeof *dst->children);
  if (dst->children == NULL) return TPCH_ENOMEM;
  dst->n_children = src->n_children;
  for (int64_t i = 0; i < src->n_children; i++) {
    if (src->children[i] == NULL) return TPCH_EINVAL;
    dst->children[i] = calloc(1, sizeof *dst->children[i]);
    if (dst->children[i] == NULL) return TPCH_ENOMEM;
    dst->children[i]->release = release_copy;
    int rc = copy_into(dst->children[i], src->children[i], depth + 1);
    if (rc != TPCH_OK) return rc;
  }
  return TPCH_OK;
}

int tpch_arrow_schema_copy(struct ArrowSchema *dst, const struct ArrowSchema *src, tpch_error *err) {
  memset(dst, 0, sizeof *dst);
  if (src == NULL) return tpch_error_set(err, TPCH_EINVAL, "NULL schema");
  dst->release = release_copy;
  int rc = copy_into(dst, src, 0);
  if (rc == TPCH_OK) return TPCH_OK;
  release_copy(dst);
  memset(dst, 0, sizeof *dst);
  if (rc == TPCH_ENOMEM) return tpch_error_set(err, rc, "out of memory copying a schema");
  if (rc == TPCH_EUNSUPPORTED) return tpch_error_set(err, rc, "dictionary-encoded schemas are not supported");
  return tpch_error_set(err, rc, "malformed schema (NULL child, negative count or nesting too deep)");
}

int tpch_arrow_schema_table(struct ArrowSchema *out, int64_t n, const char *const *names,
                            const char *const *formats, const int *nullable, tpch_error *err) {
  memset(out, 0, sizeof *out);
  if (n < 0 || (n > 0 && (names == NULL || formats == NULL)))
    return tpch_error_set(err, TPCH_EINVAL, "bad column list for a schema");
  size_t count = n > 0 ? (size_t)n : 1;
  struct ArrowSchema *cols = calloc(count, sizeof *cols);
  struct ArrowSchema **ptrs = calloc(count, sizeof *ptrs);
  int rc = TPCH_OK;
  if (cols == NULL || ptrs == NULL) {
    rc = tpch_error_set(err, TPCH_ENOMEM, "out of memory exporting a schema");
  } else {
    /* a template of borrowed strings, then one deep copy the caller owns */
    for (int64_t i = 0; i < n; i++) {
      cols[i].format = formats[i];
      cols[i].name = names[i];
      cols[i].flags = nullable && nullable[i] ? ARROW_FLAG_NULLABLE : 0;
      ptrs[i] = &cols[i];
    }
    struct ArrowSchema tmpl;
    memset(&tmpl, 0, sizeof tmpl);
    tmpl.format = "+s";
    tmpl.name = "";
    tmpl.n_children = n;
    tmpl.children = ptrs;
    rc = tpch_arrow_schema_copy(out, &tmpl, err);
  }
  free(cols);
  free(ptrs);
  return rc;
}
