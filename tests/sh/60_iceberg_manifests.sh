#!/bin/bash
# Iceberg metadata layer through an independent Avro reader: the C test
# writes tables (stand-in data files, known statistics), avsc decodes every
# manifest list and manifest and compares with what the test put in. A
# negative control proves the checker notices one wrong expected value.
set -u
root=${TPCH_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=${TPCH_TMP:-$(mktemp -d)}/iceberg_manifests
rm -rf "$tmp" && mkdir -p "$tmp"
pass=0
fail=0
note() { if [ "$1" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2"; fi; }

bin=$root/build/tests/test_iceberg_table
if [ ! -x "$bin" ]; then
  echo "FAIL: $bin not built"
  echo "0 passed, 1 failed"
  exit 1
fi
"$bin" "$tmp" >"$tmp/c.log" 2>&1
note $? "test_iceberg_table $tmp ($(tail -n 1 "$tmp/c.log"))"

node "$root/tests/js/iceberg_manifests.mjs" "$tmp" >"$tmp/js.log" 2>&1
rc=$?
tail -n 1 "$tmp/js.log"
note $rc "avsc check of the manifests (see $tmp/js.log)"
[ $rc = 0 ] || head -n 20 "$tmp/js.log"

node "$root/tests/js/iceberg_manifests.mjs" "$tmp" --negative-control >"$tmp/neg.log" 2>&1
rc=$?
grep -q "FAIL .*qty bounds" "$tmp/neg.log"
found=$?
[ $rc != 0 ] && [ $found = 0 ]
note $? "negative control: a wrong expected qty bound must be reported"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
