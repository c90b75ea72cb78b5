#!/bin/bash
# Iceberg tables with real Parquet data files, read back by independent
# readers: test_iceberg_parquet writes them (streaming writer, parallel
# encoders + pending sidecars + commit, append, overwrite, sorted), then
# icebird reads every version and snapshot and DuckDB checks every data file
# against its manifest entry. A negative control must be reported.
set -u
root=${TPCH_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=${TPCH_TMP:-$(mktemp -d)}/iceberg_parquet
rm -rf "$tmp" && mkdir -p "$tmp"
pass=0
fail=0
note() { if [ "$1" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2"; fi; }

bin=$root/build/tests/test_iceberg_parquet
if [ ! -x "$bin" ]; then
  echo "FAIL: $bin not built"
  echo "0 passed, 1 failed"
  exit 1
fi
"$bin" "$tmp" >"$tmp/c.log" 2>&1
note $? "test_iceberg_parquet $tmp ($(tail -n 1 "$tmp/c.log"))"

node "$root/tests/js/iceberg_check.mjs" "$tmp/expected.json" >"$tmp/js.log" 2>&1
rc=$?
tail -n 1 "$tmp/js.log"
note $rc "icebird + DuckDB check (see $tmp/js.log)"
[ $rc = 0 ] || head -n 20 "$tmp/js.log"

node "$root/tests/js/iceberg_check.mjs" "$tmp/expected.json" --negative-control >"$tmp/neg.log" 2>&1
rc=$?
grep -q "FAIL .*o_comment: got" "$tmp/neg.log" && grep -q "FAIL .*record_count = DuckDB count" "$tmp/neg.log"
found=$?
[ $rc != 0 ] && [ $found = 0 ]
note $? "negative control: a wrong value and a wrong count must be reported"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
