#!/bin/bash
# Lance writer C API -> lancedb: every supported type with nulls, several
# batches with offsets, split pages, several data files, an empty dataset.
# test_lance_api writes the datasets and the values it meant to write;
# lance_check.mjs reads them back with lancedb and compares every cell.
set -u
cd "$TPCH_ROOT"
# the writing runs under ASan+UBSan when that build exists
bindir=${LANCE_TEST_BIN:-build/asan/tests}
[ -x "$bindir/test_lance_api" ] || bindir=build/tests
out="$TPCH_TMP/lance_api"
rm -rf "$out"
pass=0 fail=0
count() { # command... : run, add its "N passed, M failed" line to the totals
  local log rc p f
  log=$("$@" 2>&1); rc=$?
  echo "$log"
  p=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' | tail -1)
  f=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' | tail -1)
  p=${p:-0} f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  pass=$((pass + p)) fail=$((fail + f))
}
count "$bindir"/test_lance_api "$out"
count node tests/js/lance_check.mjs "$out/expected.json"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
