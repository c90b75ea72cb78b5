/*
 * tpchgen.h - the whole public API of libtpchgen in one include.
 *
 * One convention for every writer (see tpch_writer.h): create / write /
 * write_stream / close / destroy, int status codes from tpch_error.h with
 * the message in a tpch_error, NULL-safe destroy, failures final. The
 * generator (tpch_gen.h) exposes any table, part or row range as an Arrow
 * C stream that every writer consumes. Build with
 *   cc prog.c $(pkg-config --cflags --libs tpchgen)
 * or, static, with `pkg-config --static --cflags --libs tpchgen`.
 */
#ifndef TPCHGEN_H
#define TPCHGEN_H

#include "iceberg_writer.h"
#include "lance_writer.h"
#include "orc_writer.h"
#include "paimon_writer.h"
#include "parquet_writer.h"
#include "tpcds_gen.h"
#include "tpch_arrow.h"
#include "tpch_error.h"
#include "tpch_gen.h"
#include "tpch_writer.h"

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* The library's version, e.g. "0.1.0". A static string. */
const char *tpch_version(void);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCHGEN_H */
