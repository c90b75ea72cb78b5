#!/bin/bash
# Crash safety: writers killed with SIGKILL (after their data files were
# written but before the commit, and at random points of a stream of
# commits) leave every committed version readable and intact, and a later
# write succeeds.
set -u
cd "$TPCH_ROOT"
bin="${LANCE_TEST_BIN:-build/tests}/test_lance_versions"
out="$TPCH_TMP/lance_crash"
ds="$out/s.lance"
rm -rf "$out"
mkdir -p "$out"
pass=0 fail=0
check() { if eval "$1"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2"; fi; }
count() { # command... : run it, add its "N passed, M failed" line to the totals
  local log rc p f
  log=$("$@" 2>&1); rc=$?
  echo "$log" | tail -4
  p=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' | tail -1)
  f=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' | tail -1)
  p=${p:-0} f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  pass=$((pass + p)) fail=$((fail + f))
}
manifests() { ls "$ds/_versions" 2>/dev/null | grep -c 'manifest$'; }

"$bin" seq "$out" 500 1 >/dev/null
check '[ "$(manifests)" = 1 ]' "first version committed"

# 1. killed between writing data files and committing
"$bin" pause "$out" & pid=$!
for i in $(seq 1 200); do [ -e "$out/paused" ] && break; sleep 0.05; done
check '[ -e "$out/paused" ]' "pausing writer reached its pause"
kill -9 $pid; wait $pid 2>/dev/null
check '[ "$(manifests)" = 1 ]' "no version from the killed writer"
# what a writer killed inside the commit leaves: a half-written temp
# manifest for the next version and a transaction file nothing refers to
head -c 100 /dev/urandom > "$ds/_versions/.18446744073709551613.manifest.tmp-999999-0"
head -c 50 /dev/urandom > "$ds/_transactions/1-00000000-dead-4bad-8bad-000000000000.txn"
count node tests/js/lance_seq_check.mjs "$ds" 1

# 2. killed at random points of a stream of commits: once it has made K
# more versions, after a further random 0-30 ms
for k in 3 6 9; do
  before=$(manifests)
  "$bin" seq "$out" 2000 0 >/dev/null 2>&1 & pid=$!
  for i in $(seq 1 400); do [ "$(manifests)" -ge $((before + k)) ] && break; sleep 0.02; done
  sleep "0.0$((RANDOM % 30))"
  kill -9 $pid; wait $pid 2>/dev/null
  echo "killed after $k+ commits: $before -> $(manifests) versions"
  count node tests/js/lance_seq_check.mjs "$ds" "$before"
done
check '[ "$(manifests)" -gt 2 ]' "the killed streams committed some versions"

# 3. a later write succeeds on top of whatever the kills left
before=$(manifests)
check '"$bin" seq "$out" 500 1 >/dev/null' "write after the crashes"
check '[ "$(manifests)" = $((before + 1)) ]' "one more version"
count node tests/js/lance_seq_check.mjs "$ds" $((before + 1))
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
