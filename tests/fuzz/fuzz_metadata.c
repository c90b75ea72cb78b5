/*
 * fuzz_metadata.c - libFuzzer target for every reader of existing metadata:
 * the first byte picks the reader, the rest is the input.
 *   0: a Lance manifest file (unwrap + decode)
 *   1: Iceberg metadata JSON
 *   2: an Iceberg Avro file (manifest or manifest list)
 *   3: a text-pool cache file (written to a temporary file, then loaded)
 * Every input must end in TPCH_OK or an error code, never a crash, a leak
 * or undefined behaviour (built with ASan + UBSan).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "format/iceberg/ice_avro.h"
#include "format/iceberg/ice_json.h"
#include "format/lance/lance_manifest.h"
#include "tpch_gen.h"

static void lance(const uint8_t *p, size_t n) {
  const uint8_t *msg = NULL;
  size_t len = 0;
  tpch_error err;
  if (lance_manifest_unwrap(p, n, &msg, &len, &err) != TPCH_OK) {
    msg = p, len = n; /* also the bare message */
  }
  lance_manifest m;
  if (lance_manifest_decode(&m, msg, len, &err) == TPCH_OK) lance_manifest_free(&m);
}

static void json(const uint8_t *p, size_t n) {
  ice_json *v = NULL;
  tpch_error err;
  if (ice_json_parse((const char *)p, n, &v, &err) == TPCH_OK) ice_json_free(v);
}

static void avro(const uint8_t *p, size_t n) {
  ice_avro_file f;
  tpch_error err;
  if (ice_avro_read(p, n, &f, &err) == TPCH_OK) ice_avro_file_free(&f);
}

static void pool(const uint8_t *p, size_t n) {
  char path[] = "/tmp/tpchgen-fuzz-pool-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return;
  if (write(fd, p, n) == (ssize_t)n) {
    tpch_text_pool *tp = NULL;
    tpch_error err;
    if (tpch_text_pool_load(&tp, path, &err) == TPCH_OK) tpch_text_pool_destroy(tp);
  }
  close(fd);
  unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  switch (data[0] & 3) {
  case 0: lance(data + 1, size - 1); break;
  case 1: json(data + 1, size - 1); break;
  case 2: avro(data + 1, size - 1); break;
  default: pool(data + 1, size - 1); break;
  }
  return 0;
}
