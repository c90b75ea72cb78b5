#!/bin/bash
# Iceberg tables with real Parquet data files, read back by independent
# readers: test_iceberg_parquet writes them (streaming writer, parallel
# encoders + pending sidecars + commit, append, overwrite, sorted), then
# icebird reads every version and snapshot and DuckDB checks every data file
# against its manifest entry. A negative control must be reported.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
tmp=$TPCH_TMP/iceberg_parquet
rm -rf "$tmp" && mkdir -p "$tmp"
count "$TPCH_BUILD/tests/test_iceberg_parquet" "$tmp"
count node tests/js/iceberg_check.mjs "$tmp/expected.json"
node tests/js/iceberg_check.mjs "$tmp/expected.json" --negative-control >"$tmp/neg.log" 2>&1
rc=$?
grep -q "FAIL .*o_comment: got" "$tmp/neg.log" && grep -q "FAIL .*record_count = DuckDB count" "$tmp/neg.log"
found=$?
check "negative control: a wrong value and a wrong count must be reported" [ $rc != 0 -a $found = 0 ]
finish
