#!/bin/bash
# Concurrent committers: P processes append to one dataset at the same time
# (the dataset does not exist yet, so they also race to create it); every
# commit must land in its own version with nothing lost. Then P processes
# race to CREATE one dataset: exactly one wins, the others get EEXIST.
set -u
cd "$TPCH_ROOT"
bin="${LANCE_TEST_BIN:-build/tests}/test_lance_versions"
out="$TPCH_TMP/lance_concurrent"
rm -rf "$out"
mkdir -p "$out"
P=4 N=6
pass=0 fail=0
check() { if eval "$1"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2"; fi; }
count() { # command... : run it, add its "N passed, M failed" line to the totals
  local log rc p f
  log=$("$@" 2>&1); rc=$?
  echo "$log" | tail -5
  p=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' | tail -1)
  f=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' | tail -1)
  p=${p:-0} f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  pass=$((pass + p)) fail=$((fail + f))
}

pids=()
for tag in $(seq 1 $P); do "$bin" worker "$out" "$tag" "$N" >"$out/worker$tag.log" 2>&1 & pids+=($!); done
touch "$out/go"
ok=0
for pid in "${pids[@]}"; do wait "$pid" && ok=$((ok + 1)); done
check '[ $ok = $P ]' "$ok of $P concurrent writers succeeded: $(cat "$out"/worker*.log | grep -v committed)"
count node tests/js/lance_concurrent_check.mjs "$out/c.lance" $P $N

rm -f "$out/go"
pids=()
for tag in $(seq 1 $P); do "$bin" create "$out" "$tag" >/dev/null 2>&1 & pids+=($!); done
touch "$out/go"
won=0 exists=0
for pid in "${pids[@]}"; do wait "$pid"; rc=$?; [ $rc = 0 ] && won=$((won + 1)); [ $rc = 3 ] && exists=$((exists + 1)); done
check '[ $won = 1 ] && [ $exists = $((P - 1)) ]' "create race: $won won, $exists got EEXIST"
check '[ "$(ls "$out/r.lance/_versions" | grep -c manifest$)" = 1 ]' "create race: one version"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
