#!/bin/bash
# Property test: 24 fixed seeds of random schemas (every supported type,
# nullable or not) and random batches (null rates up to all-null, empty and
# long strings, extreme values, NaN payloads, empty and one-row batches,
# struct and child offsets, random page and file sizes, append/overwrite),
# read back by lancedb and compared cell by cell with what was meant.
set -u
cd "$TPCH_ROOT"
# the writing runs under ASan+UBSan when that build exists
bindir=${LANCE_TEST_BIN:-build/asan/tests}
[ -x "$bindir/test_lance_api" ] || bindir=build/tests
out="$TPCH_TMP/lance_property"
rm -rf "$out"
pass=0 fail=0
count() { # command... : run it, add its "N passed, M failed" line to the totals
  local log rc p f
  log=$("$@" 2>&1); rc=$?
  echo "$log" | grep -v '^checked '
  p=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' | tail -1)
  f=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' | tail -1)
  p=${p:-0} f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  pass=$((pass + p)) fail=$((fail + f))
}
count "$bindir"/test_lance_property "$out"
count node tests/js/lance_check.mjs "$out/expected.json"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
