#!/bin/bash
# Iceberg metadata layer through an independent Avro reader: the C test
# writes tables (stand-in data files, known statistics), avsc decodes every
# manifest list and manifest and compares with what the test put in. A
# negative control proves the checker notices one wrong expected value.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
tmp=$TPCH_TMP/iceberg_manifests
rm -rf "$tmp" && mkdir -p "$tmp"
count "$TPCH_BUILD/tests/test_iceberg_table" "$tmp"
count node tests/js/iceberg_manifests.mjs "$tmp"
node tests/js/iceberg_manifests.mjs "$tmp" --negative-control >"$tmp/neg.log" 2>&1
rc=$?
grep -q "FAIL .*qty bounds" "$tmp/neg.log"
found=$?
check "negative control: a wrong expected qty bound must be reported" [ $rc != 0 -a $found = 0 ]
finish
