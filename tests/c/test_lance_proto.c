/*
 * test_lance_proto.c - unit tests of the Lance writer's building blocks:
 * protobuf encoding, the byte examples of LANCE.md §3.7 (written by an
 * independent writer), the data file footer layout, manifest names, and the
 * manifest decoder (round trip and corrupted input).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "support/testutil.h"

/* the bytes of a tpch_buf are exactly `hex` */
#define BYTES_EQ(b, hex) hex_eq((b).data, (b).len, (hex))
#include "format/lance/lance_manifest.h"
#include "format/lance/lance_proto.h"
#include "lance_writer.h"
#include "test_lance_util.h"

/* Parses "0a 1e 'text' 12 00" style specs: hex bytes and quoted strings. */
static size_t spec_bytes(const char *spec, uint8_t *out) {
  size_t n = 0;
  for (const char *p = spec; *p;) {
    if (*p == ' ') {
      p++;
    } else if (*p == '\'') {
      const char *q = strchr(p + 1, '\'');
      memcpy(out + n, p + 1, (size_t)(q - p - 1));
      n += (size_t)(q - p - 1);
      p = q + 1;
    } else {
      unsigned v;
      sscanf(p, "%2x", &v);
      out[n++] = (uint8_t)v;
      p += 2;
    }
  }
  return n;
}

static int contains(const uint8_t *hay, size_t n, const char *spec) {
  uint8_t needle[512];
  size_t m = spec_bytes(spec, needle);
  return memmem(hay, n, needle, m) != NULL;
}

static void test_varints(void) {
  tpch_buf b;
  tpch_buf_init(&b);
  struct {
    uint64_t v;
    const char *hex;
  } cases[] = {{0, "00"},     {1, "01"},     {127, "7f"},
               {128, "8001"}, {300, "ac02"}, {UINT64_MAX, "ffffffffffffffffff01"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tpch_buf_reset(&b);
    tpch_pb_varint(&b, cases[i].v);
    CHECK(BYTES_EQ(b, cases[i].hex), "varint %llu", (unsigned long long)cases[i].v);
    CHECK(tpch_uvarint_size(cases[i].v) == b.len, "varint size %llu", (unsigned long long)cases[i].v);
  }
  /* int32 -1 (parent_id) is sign-extended: 10 bytes after the key */
  tpch_buf_reset(&b);
  lance_pb_int(&b, 4, -1);
  CHECK(BYTES_EQ(b, "20ffffffffffffffffff01"), "int32 -1 as field 4");
  tpch_buf_reset(&b);
  lance_pb_int(&b, 3, 0);
  lance_pb_uint(&b, 3, 0);
  lance_pb_str(&b, 2, "");
  CHECK(b.len == 0, "defaults are omitted");
  tpch_pb_uint(&b, 11, 0);
  CHECK(BYTES_EQ(b, "5800"), "optional field kept at 0");
  /* nested messages: begin/end insert the right length, also past 127 */
  tpch_buf_reset(&b);
  size_t m1, m2;
  tpch_pb_begin(&b, 1, &m1);
  tpch_pb_begin(&b, 2, &m2);
  tpch_pb_end(&b, m2);
  tpch_pb_end(&b, m1);
  CHECK(BYTES_EQ(b, "0a021200"), "empty nested message");
  tpch_buf_reset(&b);
  tpch_pb_begin(&b, 1, &m1);
  for (int i = 0; i < 200; i++)
    tpch_buf_put_u8(&b, 7);
  tpch_pb_end(&b, m1);
  CHECK(b.len == 203 && b.data[1] == 0xc8 && b.data[2] == 0x01 && b.data[3] == 7, "long nested message");
  uint64_t packed[] = {0, 1, 300};
  tpch_buf_reset(&b);
  tpch_pb_packed(&b, 2, packed, 3);
  CHECK(BYTES_EQ(b, "12040001ac02"), "packed varints");
  /* decoder round trip */
  tpch_pb_reader r;
  tpch_pb_field f;
  tpch_buf_reset(&b);
  lance_pb_uint(&b, 3, 99);
  lance_pb_str(&b, 5, "hello");
  lance_pb_int(&b, 4, -1);
  tpch_pb_reader_init(&r, b.data, b.len);
  CHECK(tpch_pb_next(&r, &f) == 1 && f.num == 3 && f.v == 99, "decode varint field");
  CHECK(tpch_pb_next(&r, &f) == 1 && f.num == 5 && f.len == 5 && memcmp(f.data, "hello", 5) == 0,
        "decode string");
  CHECK(tpch_pb_next(&r, &f) == 1 && f.num == 4 && (int32_t)f.v == -1, "decode -1");
  CHECK(tpch_pb_next(&r, &f) == 0, "end of message");
  tpch_pb_reader_init(&r, b.data, b.len - 1);
  tpch_pb_next(&r, &f);
  tpch_pb_next(&r, &f);
  CHECK(tpch_pb_next(&r, &f) == -1, "truncated varint detected");
  uint8_t badlen[] = {0x2a, 0x10, 'a'};
  tpch_pb_reader_init(&r, badlen, sizeof badlen);
  CHECK(tpch_pb_next(&r, &f) == -1, "length past the end detected");
  uint8_t group[] = {0x0b};
  tpch_pb_reader_init(&r, group, 1);
  CHECK(tpch_pb_next(&r, &f) == -1, "group wire type rejected");
  tpch_buf_free(&b);
}

static uint8_t *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *p = malloc((size_t)sz + 1);
  *n = fread(p, 1, (size_t)sz, f);
  fclose(f);
  return p;
}

static uint64_t le(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++)
    v |= (uint64_t)p[i] << (8 * i);
  return v;
}

/* Checks page buffers of one ColumnMetadata: 64-aligned, inside the data
 * area, page lengths summing to `rows` with priorities = first rows. */
static void check_column_meta(const uint8_t *p, size_t n, uint64_t data_end, uint64_t rows, int col) {
  tpch_pb_reader r, pr;
  tpch_pb_field f, g;
  uint64_t total = 0;
  int has_enc = 0, bad_align = 0, bad_prio = 0;
  tpch_pb_reader_init(&r, p, n);
  while (tpch_pb_next(&r, &f) == 1) {
    if (f.num == 1) has_enc = 1;
    if (f.num != 2) continue;
    uint64_t offs[4] = {0}, sizes[4] = {0}, len = 0, prio = 0;
    int no = 0, ns = 0;
    tpch_pb_reader_init(&pr, f.data, f.len);
    while (tpch_pb_next(&pr, &g) == 1) {
      const uint8_t *q = g.data;
      if (g.num == 1)
        while (q < g.data + g.len && no < 4)
          tpch_pb_read_varint(&q, g.data + g.len, &offs[no++]);
      if (g.num == 2)
        while (q < g.data + g.len && ns < 4)
          tpch_pb_read_varint(&q, g.data + g.len, &sizes[ns++]);
      if (g.num == 3) len = g.v;
      if (g.num == 5) prio = g.v;
    }
    for (int i = 0; i < no; i++)
      if (offs[i] % 64 || offs[i] + sizes[i] > data_end) bad_align++;
    if (prio != total) bad_prio++;
    total += len;
  }
  CHECK(has_enc, "column %d has its encoding", col);
  CHECK(bad_align == 0, "column %d: %d buffers unaligned or past the data", col, bad_align);
  CHECK(bad_prio == 0, "column %d: page priorities are not first rows", col);
  CHECK(total == rows, "column %d: pages hold %llu rows, want %llu", col, (unsigned long long)total,
        (unsigned long long)rows);
}

/* Writes a small file whose pages hit every LANCE.md §3.7 example, then
 * checks those bytes and the footer layout. */
static void test_file_bytes(const char *dir) {
  tl_table t;
  tl_init(&t);
  tl_add_col(&t, "a", "l", 0);
  tl_add_col(&t, "b", "i", 1);
  tl_add_col(&t, "c", "u", 0);
  tl_add_col(&t, "d_dec", "d:15,2", 0);
  const char *strs[] = {"abxyz", "", "q", "rs"};
  for (int r = 0; r < 4; r++) {
    tl_add_row(&t);
    tl_set_int(&t, 0, r, r * 10);
    if (r == 0) tl_set_int(&t, 1, r, 42); /* page 1 [42, NULL]: some nulls; page 2: all null */
    tl_set_str(&t, 2, r, strs[r]);
    tl_set_int(&t, 3, r, 1234567);
  }
  struct ArrowSchema sc;
  struct ArrowArray a;
  tl_schema(&t, &sc);
  tl_batch(&t, 0, 4, 1, 2, 5, &a);
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.file_version = "2.0"; /* the flat 2.0 layout's bytes (2.1: test_lance_enc21.c) */
  o.page_bytes = 8;       /* one int64, two int32, one string per page */
  o.no_fsync = 1;
  tpch_lance_file_writer *fw = NULL;
  tpch_lance_fragment fr = {0};
  tpch_error err;
  CHECK(tpch_lance_file_writer_create(&fw, dir, &sc, &o, &err) == 0, "file writer: %s", err.message);
  CHECK(tpch_lance_file_writer_write(fw, &a, &err) == 0, "write: %s", err.message);
  CHECK(tpch_lance_file_writer_rows(fw) == 4, "rows");
  CHECK(tpch_lance_file_writer_finish(fw, &fr, &err) == 0, "finish: %s", err.message);
  CHECK(tpch_lance_file_writer_finish(fw, &fr, &err) == TPCH_ESTATE, "finish twice");
  tpch_lance_file_writer_destroy(fw);
  a.release(&a);
  sc.release(&sc);
  tl_free(&t);
  CHECK(fr.id == -1 && fr.rows == 4 && fr.path && strlen(fr.path) == 38, "fragment %lld %lld %s",
        (long long)fr.id, (long long)fr.rows, fr.path);

  char path[512];
  size_t n = 0;
  snprintf(path, sizeof path, "%s/data/%s", dir, fr.path);
  uint8_t *p = read_file(path, &n);
  CHECK(p != NULL && (int64_t)n == fr.file_bytes, "file size %zu vs %lld", n, (long long)fr.file_bytes);
  if (p == NULL) {
    tpch_lance_fragment_clear(&fr);
    return;
  }
  /* LANCE.md §3.7, bytes of the independent reference writer */
  const char *int64_any = "0a 1e '/lance.encodings.ArrayEncoding' 12 0c 12 0a 0a 08 0a 06 0a 04 08 40 12 00";
  char page_enc[256];
  snprintf(page_enc, sizeof page_enc, "22 32 12 30 0a 2e %s", int64_any);
  CHECK(contains(p, n, page_enc), "int64 page encoding bytes");
  CHECK(contains(p, n, "0a 29 12 27 0a 25 0a 1f '/lance.encodings.ColumnEncoding' 12 02 0a 00"),
        "column encoding bytes");
  CHECK(contains(p, n, "12 14 12 12 0a 06 0a 04 08 01 12 00 12 08 0a 06 08 20 12 02 08 01"),
        "int32 some-null bytes");
  CHECK(contains(p, n, "'/lance.encodings.ArrayEncoding' 12 04 12 02 1a 00"), "all-null bytes");
  CHECK(contains(p, n, "32 1a 0a 0c 12 0a 0a 08 0a 06 0a 04 08 40 12 00 12 08 0a 06 08 08 12 02 08 01 18 06"),
        "utf8 (5 bytes) bytes");
  CHECK(contains(p, n, "12 05 'd_dec' 18 03 20 ff ff ff ff ff ff ff ff ff 01 2a 10 'decimal:128:15:2' 38 01"),
        "Field d_dec bytes");

  /* footer: A B C, 1 global buffer, 4 columns, version 0.3, LANC */
  const uint8_t *ft = p + n - 40;
  uint64_t A = le(ft, 8), B = le(ft + 8, 8), C = le(ft + 16, 8);
  CHECK(memcmp(ft + 36, "LANC", 4) == 0 && le(ft + 24, 4) == 1 && le(ft + 28, 4) == 4,
        "footer counts and magic");
  CHECK(le(ft + 32, 2) == 0 && le(ft + 34, 2) == 3, "footer says 0.3 (format 2.0)");
  CHECK(A < B && B + 4 * 16 == C && C + 16 + 40 == n, "footer offsets %llu %llu %llu in %zu bytes",
        (unsigned long long)A, (unsigned long long)B, (unsigned long long)C, n);
  uint64_t gb0 = le(p + C, 8), gb0_len = le(p + C + 8, 8);
  CHECK(gb0 % 64 == 0 && gb0 + gb0_len == A, "global buffer 0 sits right before the column metadata");
  uint64_t next = A;
  for (int c = 0; c < 4; c++) {
    uint64_t pos = le(p + B + 16 * c, 8), sz = le(p + B + 16 * c + 8, 8);
    CHECK(pos == next, "column %d metadata follows the previous one", c);
    next = pos + sz;
    check_column_meta(p + pos, sz, gb0, 4, c);
  }
  CHECK(next == B, "column metadata ends at the CMO table");
  /* FileDescriptor: schema + length 4 */
  tpch_pb_reader r;
  tpch_pb_field f;
  uint64_t length = 0;
  int fields = 0;
  tpch_pb_reader_init(&r, p + gb0, gb0_len);
  while (tpch_pb_next(&r, &f) == 1) {
    if (f.num == 2) length = f.v;
    if (f.num == 1) fields += contains(f.data, f.len, "'decimal:128:15:2'");
  }
  CHECK(length == 4 && fields == 1, "file descriptor: length %llu", (unsigned long long)length);
  free(p);
  tpch_lance_fragment_clear(&fr);
}

static void test_names(const char *dir) {
  char name[64];
  uint64_t v;
  int s;
  lance_manifest_name(name, sizeof name, 1, LANCE_NAMES_V2);
  CHECK(strcmp(name, "18446744073709551614.manifest") == 0, "V2 name of 1: %s", name);
  lance_manifest_name(name, sizeof name, 2, LANCE_NAMES_V2);
  CHECK(strcmp(name, "18446744073709551613.manifest") == 0, "V2 name of 2: %s", name);
  lance_manifest_name(name, sizeof name, 12345, LANCE_NAMES_V2);
  CHECK(lance_manifest_parse_name(name, &v, &s) == 1 && v == 12345 && s == LANCE_NAMES_V2, "V2 round trip");
  lance_manifest_name(name, sizeof name, 7, LANCE_NAMES_V1);
  CHECK(strcmp(name, "7.manifest") == 0, "V1 name: %s", name);
  CHECK(lance_manifest_parse_name("7.manifest", &v, &s) == 1 && v == 7 && s == LANCE_NAMES_V1, "V1 parse");
  CHECK(!lance_manifest_parse_name("d18446744073709551614.manifest", &v, &s), "detached version ignored");
  CHECK(!lance_manifest_parse_name(".18446744073709551614.manifest.tmp-12-3", &v, &s), "temp file ignored");
  CHECK(!lance_manifest_parse_name("latest_version_hint.json", &v, &s), "hint ignored");
  CHECK(!lance_manifest_parse_name("0.manifest", &v, &s), "version 0 is not a version");
  CHECK(!lance_manifest_parse_name("99999999999999999999.manifest", &v, &s),
        "out-of-range V2 digits ignored");

  /* latest version by listing; both schemes at once is an error */
  char vd[512], fp[600];
  tpch_error err;
  snprintf(vd, sizeof vd, "%s/names.lance/_versions", dir);
  CHECK(lance_dataset_latest(vd, &v, &s, &err) == 0 && v == 0, "no dataset -> version 0");
  snprintf(fp, sizeof fp, "%s/names.lance", dir);
  mkdir(fp, 0755);
  mkdir(vd, 0755);
  const char *files[] = {"18446744073709551614.manifest", "18446744073709551612.manifest", "d1.manifest",
                         ".x.tmp"};
  for (int i = 0; i < 4; i++) {
    snprintf(fp, sizeof fp, "%s/%s", vd, files[i]);
    FILE *f = fopen(fp, "w");
    if (f) fclose(f);
  }
  snprintf(fp, sizeof fp, "%s/names.lance", dir);
  CHECK(lance_dataset_latest(fp, &v, &s, &err) == 0 && v == 3 && s == LANCE_NAMES_V2, "latest = 3 (got %llu)",
        (unsigned long long)v);
  snprintf(vd, sizeof vd, "%s/names.lance/_versions/5.manifest", dir);
  FILE *f = fopen(vd, "w");
  if (f) fclose(f);
  CHECK(lance_dataset_latest(fp, &v, &s, &err) == TPCH_EFORMAT, "mixed naming schemes refused");
}

static void test_manifest_roundtrip(const char *dir) {
  tl_table t;
  tl_init(&t);
  tl_add_col(&t, "k", "l", 0);
  tl_add_col(&t, "s", "u", 1);
  tl_add_col(&t, "m", "d:12,3", 1);
  for (int r = 0; r < 30; r++) {
    tl_add_row(&t);
    tl_set_int(&t, 0, r, r);
    tl_set_str(&t, 1, r, "v");
  }
  struct ArrowSchema sc;
  struct ArrowArray a;
  tl_schema(&t, &sc);
  tl_batch(&t, 0, 30, 0, 0, 9, &a);
  char path[512];
  snprintf(path, sizeof path, "%s/rt.lance", dir);
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.file_version = "2.0";
  o.max_rows_per_file = 12;
  o.no_fsync = 1;
  tpch_error err;
  tpch_lance_writer *w = NULL;
  tpch_lance_writer_create(&w, path, &sc, &o, &err);
  CHECK(w && lance_writer_write_batch(w, &a, &sc) == 0 && lance_writer_close(w) == 0, "write rt: %s",
        w ? lance_writer_last_error(w) : err.message);
  lance_writer_destroy(w);

  uint64_t v;
  int s;
  lance_manifest m;
  CHECK(lance_dataset_latest(path, &v, &s, &err) == 0 && v == 1, "rt latest");
  CHECK(lance_manifest_load(&m, path, 1, s, &err) == 0, "load: %s", err.message);
  CHECK(m.version == 1 && m.n_fields == 3 && m.n_frags == 3, "version %llu fields %zu frags %zu",
        (unsigned long long)m.version, m.n_fields, m.n_frags);
  const char *names[] = {"k", "s", "m"}, *types[] = {"int64", "string", "decimal:128:12:3"};
  const int nullable[] = {0, 1, 1};
  for (size_t i = 0; i < m.n_fields && i < 3; i++) {
    lance_field_view *f = &m.fields[i];
    CHECK(f->id == (int64_t)i && f->parent_id == -1 && f->name_len == strlen(names[i]) &&
              memcmp(f->name, names[i], f->name_len) == 0 && f->logical_len == strlen(types[i]) &&
              memcmp(f->logical, types[i], f->logical_len) == 0 && f->nullable == nullable[i],
          "field %zu", i);
  }
  const uint64_t rows[] = {12, 12, 6};
  for (size_t i = 0; i < m.n_frags && i < 3; i++)
    CHECK(m.frags[i].id == i && m.frags[i].physical_rows == rows[i] && m.frags[i].all_files_v2_0,
          "fragment %zu", i);
  CHECK(m.has_max_fragment_id && m.max_fragment_id == 2, "max_fragment_id");
  CHECK(m.has_data_format && strcmp(m.file_format, "lance") == 0 && strcmp(m.format_version, "2.0") == 0,
        "data_format");
  CHECK(m.reader_flags == 0 && m.writer_flags == 0 && !m.has_index_section, "no flags, no indices");
  CHECK(lance_manifest_check_schema(&m, &(lance_schema){0}, &err) == TPCH_ESCHEMA,
        "schema of 0 columns differs");
  CHECK(lance_manifest_check_appendable(&m, "2.0", &err) == 0, "appendable as 2.0");
  CHECK(lance_manifest_check_appendable(&m, "2.1", &err) == TPCH_EUNSUPPORTED,
        "2.1 files not appended to 2.0");
  CHECK(contains(m.msg, m.msg_len, "'tpchgen-c'") && contains(m.msg, m.msg_len, "'" TPCH_VERSION "'"),
        "writer_version names this library");
  CHECK(contains(m.file + m.file_len - 16, 16, "00 00 00 00 00 00 00 00 00 00 02 00 4c 41 4e 43"),
        "manifest trailer bytes (LANCE.md §3.7)");

  /* wrap/unwrap round trip */
  tpch_buf b;
  tpch_buf_init(&b);
  lance_manifest_wrap(&b, m.msg, m.msg_len);
  const uint8_t *msg;
  size_t len;
  CHECK(b.len == m.file_len && memcmp(b.data, m.file, b.len) == 0, "re-wrapping gives the same file");
  CHECK(lance_manifest_unwrap(b.data, b.len, &msg, &len, &err) == 0 && len == m.msg_len, "unwrap");
  CHECK(lance_manifest_unwrap(b.data, b.len - 1, &msg, &len, &err) == TPCH_EFORMAT, "truncated file refused");

  /* corrupted manifests: every outcome is OK or EFORMAT, never a crash */
  uint64_t st = 77;
  int ok = 0, refused = 0, other = 0;
  uint8_t *copy = malloc(m.msg_len);
  for (int k = 0; k < 3000; k++) {
    memcpy(copy, m.msg, m.msg_len);
    size_t cut = (k % 3 == 0) ? tl_rand(&st) % m.msg_len : m.msg_len;
    for (int j = 0; j < 1 + k % 4; j++)
      copy[tl_rand(&st) % m.msg_len] = (uint8_t)tl_rand(&st);
    lance_manifest d;
    int rc = lance_manifest_decode(&d, copy, cut, &err);
    if (rc == 0) {
      ok++;
      lance_manifest_free(&d);
    } else if (rc == TPCH_EFORMAT) {
      refused++;
    } else {
      other++;
    }
  }
  free(copy);
  CHECK(other == 0 && refused > 0, "corrupted manifests: %d ok, %d refused, %d other", ok, refused, other);
  tpch_buf_free(&b);
  lance_manifest_free(&m);
  a.release(&a);
  sc.release(&sc);
  tl_free(&t);
}

int main(void) {
  char tmpl[] = "/tmp/test_lance_proto.XXXXXX";
  char *dir = mkdtemp(tmpl);
  CHECK(dir != NULL, "mkdtemp");
  if (dir == NULL) return check_finish();
  test_varints();
  test_file_bytes(dir);
  test_names(dir);
  test_manifest_roundtrip(dir);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
  return check_finish();
}
