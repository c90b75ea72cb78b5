#!/bin/bash
# Concurrent Paimon committers: P processes append to one table at the same
# time (the table does not exist yet, so they also race to create it); every
# commit lands in its own snapshot with nothing lost, as pypaimon and Java
# Paimon read it. Then P processes race to CREATE one table: exactly one
# wins, the others get EEXIST.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
PY=$TPCH_ROOT/tests/py/.venv-paimon/bin/python
CP="$TPCH_ROOT/tests/java/lib/*:$TPCH_ROOT/tests/java/classes"
bin="$TPCH_BUILD/tests/test_paimon"
out="$TPCH_TMP/paimon_concurrent"
rm -rf "$out"
mkdir -p "$out"
P=4 N=6

pids=()
for tag in $(seq 1 $P); do "$bin" worker "$out" "$tag" "$N" >"$out/worker$tag.log" 2>&1 & pids+=($!); done
touch "$out/go"
ok=0
for pid in "${pids[@]}"; do wait "$pid" && ok=$((ok + 1)); done
check "$ok of $P concurrent writers succeeded: $(cat "$out"/worker*.log)" [ $ok = $P ]
count "$PY" tests/py/paimon_tables.py concurrent "$out/c" $P $N --java "$CP"

rm -f "$out/go"
pids=()
for tag in $(seq 1 $P); do "$bin" create "$out" "$tag" >/dev/null 2>&1 & pids+=($!); done
touch "$out/go"
won=0 exists=0
for pid in "${pids[@]}"; do wait "$pid"; rc=$?; [ $rc = 0 ] && won=$((won + 1)); [ $rc = 3 ] && exists=$((exists + 1)); done
check "create race: $won won, $exists got EEXIST" [ $won = 1 -a $exists = $((P - 1)) ]
check "create race: one snapshot" [ "$(ls "$out/r/snapshot" | grep -c '^snapshot-')" = 1 ]
finish
