#!/bin/bash
# Parquet writer -> independent readers. test_parquet_samples writes every
# supported type (nullable and not) with each codec and data page version;
# test_parquet_prop writes files from random schemas, batches and options.
# parquet_check.mjs reads all of them with DuckDB and hyparquet and compares
# types, values, row groups, pages, statistics, page index and metadata
# (including a negative control that must be caught).
set -u
cd "$TPCH_ROOT"
# The files are written by the ASan+UBSan builds when they exist, so the
# reader-checked writes also run under the sanitizers.
bin=build/tests
[ -x build/asan/tests/test_parquet_prop ] && [ -x build/asan/tests/test_parquet_samples ] && bin=build/asan/tests
bin=${PARQUET_TEST_BIN:-$bin}
pass=0 fail=0
count() { # command... : run it and add its "N passed, M failed" line to the totals
  local log rc p f
  log=$("$@" 2>&1); rc=$?
  echo "$log" | tail -n 40
  p=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' | tail -1)
  f=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' | tail -1)
  p=${p:-0} f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  pass=$((pass + p)) fail=$((fail + f))
}
for set in samples prop; do
  out="$TPCH_TMP/parquet_$set"
  rm -rf "$out" && mkdir -p "$out"
  count "$bin/test_parquet_$set" "$out"
  count node tests/js/parquet_check.mjs "$out"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
