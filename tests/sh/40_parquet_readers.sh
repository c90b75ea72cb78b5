#!/bin/bash
# Parquet writer -> independent readers. test_parquet_samples writes every
# supported type (nullable and not) with each codec and data page version;
# test_parquet_prop writes files from random schemas, batches and options.
# parquet_check.mjs reads all of them with DuckDB and hyparquet and compares
# types, values, row groups, pages, statistics, page index and metadata
# (including a negative control that must be caught).
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
# The files are written by the ASan+UBSan builds when they exist, so the
# reader-checked writes also run under the sanitizers.
for set in samples prop; do
  out="$TPCH_TMP/parquet_$set"
  rm -rf "$out" && mkdir -p "$out"
  count "$TESTBIN/test_parquet_$set" "$out"
  count node tests/js/parquet_check.mjs "$out"
done
finish
