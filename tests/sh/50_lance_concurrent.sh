#!/bin/bash
# Concurrent committers: P processes append to one dataset at the same time
# (the dataset does not exist yet, so they also race to create it); every
# commit must land in its own version with nothing lost. Then P processes
# race to CREATE one dataset: exactly one wins, the others get EEXIST.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
bin="$TPCH_BUILD/tests/test_lance_versions"
out="$TPCH_TMP/lance_concurrent"
rm -rf "$out"
mkdir -p "$out"
P=4 N=6

pids=()
for tag in $(seq 1 $P); do "$bin" worker "$out" "$tag" "$N" >"$out/worker$tag.log" 2>&1 & pids+=($!); done
touch "$out/go"
ok=0
for pid in "${pids[@]}"; do wait "$pid" && ok=$((ok + 1)); done
check "$ok of $P concurrent writers succeeded: $(cat "$out"/worker*.log | grep -v committed)" [ $ok = $P ]
count node tests/js/lance_concurrent_check.mjs "$out/c.lance" $P $N

rm -f "$out/go"
pids=()
for tag in $(seq 1 $P); do "$bin" create "$out" "$tag" >/dev/null 2>&1 & pids+=($!); done
touch "$out/go"
won=0 exists=0
for pid in "${pids[@]}"; do wait "$pid"; rc=$?; [ $rc = 0 ] && won=$((won + 1)); [ $rc = 3 ] && exists=$((exists + 1)); done
check "create race: $won won, $exists got EEXIST" [ $won = 1 -a $exists = $((P - 1)) ]
check "create race: one version" [ "$(ls "$out/r.lance/_versions" | grep -c 'manifest$')" = 1 ]
finish
