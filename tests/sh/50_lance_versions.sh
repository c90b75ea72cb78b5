#!/bin/bash
# Lance versions: create, append, overwrite, explicit fragment ids and a
# replaced fragment, checked version by version with lancedb (listVersions,
# checkout, rows and values); then lancedb and our writer append to the same
# dataset in turn (each reading the other's manifest, lancedb rebasing onto
# our version through our .txn file).
set -u
cd "$TPCH_ROOT"
# the writing runs under ASan+UBSan when that build exists
bindir=${LANCE_TEST_BIN:-build/asan/tests}
[ -x "$bindir/test_lance_api" ] || bindir=build/tests
bin="$bindir/test_lance_versions"
out="$TPCH_TMP/lance_versions"
rm -rf "$out"
pass=0 fail=0
count() { # command... : run it, add its "N passed, M failed" line to the totals
  local log rc p f
  log=$("$@" 2>&1); rc=$?
  echo "$log"
  p=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' | tail -1)
  f=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' | tail -1)
  p=${p:-0} f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  pass=$((pass + p)) fail=$((fail + f))
}
count "$bin" write "$out"
count node tests/js/lance_check.mjs "$out/expected.json"
count node tests/js/lance_interop.mjs "$out" "$bin"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
