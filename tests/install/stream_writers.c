/*
 * stream_writers.c - a program written only against the installed headers
 * (tpchgen.h), built with pkg-config: generates lineitem at SF 0.01 as an
 * Arrow C stream and writes it with each writer.
 *
 *   stream_writers OUT_DIR   ->  OUT_DIR/lineitem.parquet, OUT_DIR/lineitem.orc,
 *                                OUT_DIR/lineitem.lance/, OUT_DIR/lineitem/ (Iceberg),
 *                                OUT_DIR/paimon-lineitem/ (Paimon)
 *
 * The options are the ones tpchgen uses, so the data bytes equal the CLI's.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <tpchgen.h>

static tpch_scale scale;
static tpch_text_pool *pool;

/* A fresh stream of the whole table: each writer consumes its own. */
static int lineitem(struct ArrowArrayStream *s, tpch_error *err) {
  return tpch_gen_stream(s, &scale, pool, TPCH_LINEITEM, NULL, err);
}

static int write_parquet(const char *path, tpch_error *err) {
  struct ArrowSchema schema;
  struct ArrowArrayStream stream;
  int rc = tpch_table_schema(TPCH_LINEITEM, &schema, err);
  if (rc != TPCH_OK) return rc;
  tpch_parquet_writer_options o;
  tpch_parquet_writer_options_init(&o);
  o.sorted = 1, o.sort_column = 0; /* dbgen's rows are sorted by their first key */
  tpch_parquet_writer *w = NULL;
  rc = tpch_parquet_writer_create(&w, path, &schema, &o, err);
  if (rc == TPCH_OK) rc = lineitem(&stream, err);
  if (rc == TPCH_OK) rc = tpch_parquet_writer_write_stream(w, &stream, err); /* consumes the stream */
  if (rc == TPCH_OK) rc = tpch_parquet_writer_close(w, err);
  tpch_parquet_writer_destroy(w); /* NULL-safe; removes the file unless closed */
  schema.release(&schema);
  return rc;
}

static int write_lance(const char *uri, tpch_error *err) {
  struct ArrowSchema schema;
  struct ArrowArrayStream stream;
  int rc = tpch_table_schema(TPCH_LINEITEM, &schema, err);
  if (rc != TPCH_OK) return rc;
  tpch_lance_writer_options o;
  tpch_lance_writer_options_init(&o);
  o.page_bytes = 1 << 20; /* tpchgen's page size */
  tpch_lance_writer *w = NULL;
  rc = tpch_lance_writer_create(&w, uri, &schema, &o, err);
  if (rc == TPCH_OK) rc = lineitem(&stream, err);
  if (rc == TPCH_OK) rc = tpch_lance_writer_write_stream(w, &stream, err);
  if (rc == TPCH_OK) rc = tpch_lance_writer_close(w, err); /* commits version 1 */
  tpch_lance_writer_destroy(w);
  schema.release(&schema);
  return rc;
}

static int write_iceberg(const char *table_dir, tpch_error *err) {
  struct ArrowSchema schema;
  struct ArrowArrayStream stream;
  int rc = tpch_table_schema(TPCH_LINEITEM, &schema, err);
  if (rc != TPCH_OK) return rc;
  tpch_iceberg_writer_options o;
  tpch_iceberg_writer_options_init(&o);
  o.sorted = 1, o.sort_column = 0;
  tpch_iceberg_writer *w = NULL;
  rc = tpch_iceberg_writer_create(&w, table_dir, &schema, &o, err);
  if (rc == TPCH_OK) rc = lineitem(&stream, err);
  if (rc == TPCH_OK) rc = tpch_iceberg_writer_write_stream(w, &stream, err);
  if (rc == TPCH_OK) rc = tpch_iceberg_writer_close(w, err);
  tpch_iceberg_writer_destroy(w);
  schema.release(&schema);
  return rc;
}

static int write_orc(const char *path, tpch_error *err) {
  struct ArrowSchema schema;
  struct ArrowArrayStream stream;
  int rc = tpch_table_schema(TPCH_LINEITEM, &schema, err);
  if (rc != TPCH_OK) return rc;
  tpch_orc_writer *w = NULL;
  rc = tpch_orc_writer_create(&w, path, &schema, NULL, err); /* NULL: the defaults, as tpchgen's */
  if (rc == TPCH_OK) rc = lineitem(&stream, err);
  if (rc == TPCH_OK) rc = tpch_orc_writer_write_stream(w, &stream, err);
  if (rc == TPCH_OK) rc = tpch_orc_writer_close(w, err);
  tpch_orc_writer_destroy(w);
  schema.release(&schema);
  return rc;
}

static int write_paimon(const char *table_dir, tpch_error *err) {
  struct ArrowSchema schema;
  struct ArrowArrayStream stream;
  int rc = tpch_table_schema(TPCH_LINEITEM, &schema, err);
  if (rc != TPCH_OK) return rc;
  tpch_parquet_writer_options po = {0}; /* all zero: the defaults */
  po.sorted = 1, po.sort_column = 0;
  tpch_paimon_writer_options o = {0};
  o.parquet = &po;
  tpch_paimon_writer *w = NULL;
  rc = tpch_paimon_writer_create(&w, table_dir, &schema, &o, err);
  if (rc == TPCH_OK) rc = lineitem(&stream, err);
  if (rc == TPCH_OK) rc = tpch_paimon_writer_write_stream(w, &stream, err);
  if (rc == TPCH_OK) rc = tpch_paimon_writer_close(w, err);
  tpch_paimon_writer_destroy(w);
  schema.release(&schema);
  return rc;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  char path[4096];
  tpch_error err;
  int rc = tpch_scale_parse("0.01", &scale, &err);
  if (rc == TPCH_OK) rc = tpch_text_pool_build(&pool, TPCH_TEXT_POOL_SIZE, &err);
  snprintf(path, sizeof path, "%s/lineitem.parquet", argv[1]);
  if (rc == TPCH_OK) rc = write_parquet(path, &err);
  snprintf(path, sizeof path, "%s/lineitem.orc", argv[1]);
  if (rc == TPCH_OK) rc = write_orc(path, &err);
  snprintf(path, sizeof path, "%s/lineitem.lance", argv[1]);
  if (rc == TPCH_OK) rc = write_lance(path, &err);
  snprintf(path, sizeof path, "%s/lineitem", argv[1]);
  if (rc == TPCH_OK) rc = write_iceberg(path, &err);
  snprintf(path, sizeof path, "%s/paimon-lineitem", argv[1]);
  if (rc == TPCH_OK) rc = write_paimon(path, &err);
  tpch_text_pool_destroy(pool);
  if (rc != TPCH_OK) {
    fprintf(stderr, "stream_writers: %s (%s)\n", err.message, tpch_status_name(rc));
    return 1;
  }
  printf("libtpchgen %s: wrote lineitem at SF 0.01 with 5 writers\n", tpch_version());
  return 0;
}
