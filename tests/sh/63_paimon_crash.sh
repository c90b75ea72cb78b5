#!/bin/bash
# Crash safety of Paimon commits: writers killed with SIGKILL (after their
# data files were written but before the commit, and at random points of a
# stream of commits) leave every committed snapshot readable and intact for
# pypaimon and Java Paimon, and a later write succeeds.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
PY=$TPCH_ROOT/tests/py/.venv-paimon/bin/python
CP="$TPCH_ROOT/tests/java/lib/*:$TPCH_ROOT/tests/java/classes"
bin="$TPCH_BUILD/tests/test_paimon"
out="$TPCH_TMP/paimon_crash"
t="$out/s"
rm -rf "$out"
mkdir -p "$out"
snaps() { ls "$t/snapshot" 2>/dev/null | grep -c '^snapshot-'; }
seqcheck() { count "$PY" tests/py/paimon_tables.py seq "$t" "$1" 500 "${@:2}"; }

"$bin" seq "$out" 500 1 >/dev/null
check "first snapshot committed" [ "$(snaps)" = 1 ]

# 1. killed between writing data files and committing
"$bin" pause "$out" & pid=$!
for i in $(seq 1 400); do [ -e "$out/paused" ] && break; sleep 0.05; done
check "pausing writer reached its pause" [ -e "$out/paused" ]
kill -9 $pid; wait $pid 2>/dev/null
check "no snapshot from the killed writer" [ "$(snaps)" = 1 ]
check "the killed writer left data files no snapshot names" [ "$(ls "$t/bucket-0/"*.parquet | wc -l)" = 3 ]
# what a writer killed inside the commit leaves: a half-written temp snapshot
# and manifest files nothing refers to
head -c 100 /dev/urandom > "$t/snapshot/.snapshot-2.tmp-999999-0"
head -c 50 /dev/urandom > "$t/manifest/manifest-list-00000000-dead-4bad-8bad-000000000000-0"
seqcheck 1 --java "$CP"

# 2. killed at random points of a stream of commits: once it has made K
# more snapshots, after a further random 0-30 ms
for k in 3 6; do
  before=$(snaps)
  "$bin" seq "$out" 500 0 >/dev/null 2>&1 & pid=$!
  for i in $(seq 1 600); do [ "$(snaps)" -ge $((before + k)) ] && break; sleep 0.02; done
  sleep "0.0$((RANDOM % 30))"
  kill -9 $pid; wait $pid 2>/dev/null
  echo "killed after $k+ commits: $before -> $(snaps) snapshots"
  seqcheck "$(snaps)"
done
check "the killed streams committed some snapshots" [ "$(snaps)" -gt 8 ]

# 3. a later write succeeds on top of whatever the kills left
before=$(snaps)
"$bin" seq "$out" 500 1 >/dev/null
check "write after the crashes" [ $? = 0 ]
check "one more snapshot" [ "$(snaps)" = $((before + 1)) ]
seqcheck $((before + 1)) --java "$CP"
finish
