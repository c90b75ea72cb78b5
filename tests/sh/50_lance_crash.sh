#!/bin/bash
# Crash safety: writers killed with SIGKILL (after their data files were
# written but before the commit, and at random points of a stream of
# commits) leave every committed version readable and intact, and a later
# write succeeds.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
bin="$TPCH_BUILD/tests/test_lance_versions"
out="$TPCH_TMP/lance_crash"
ds="$out/s.lance"
rm -rf "$out"
mkdir -p "$out"
manifests() { ls "$ds/_versions" 2>/dev/null | grep -c 'manifest$'; }

"$bin" seq "$out" 500 1 >/dev/null
check "first version committed" [ "$(manifests)" = 1 ]

# 1. killed between writing data files and committing
"$bin" pause "$out" & pid=$!
for i in $(seq 1 200); do [ -e "$out/paused" ] && break; sleep 0.05; done
check "pausing writer reached its pause" [ -e "$out/paused" ]
kill -9 $pid; wait $pid 2>/dev/null
check "no version from the killed writer" [ "$(manifests)" = 1 ]
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
check "the killed streams committed some versions" [ "$(manifests)" -gt 2 ]

# 3. a later write succeeds on top of whatever the kills left
before=$(manifests)
"$bin" seq "$out" 500 1 >/dev/null
check "write after the crashes" [ $? = 0 ]
check "one more version" [ "$(manifests)" = $((before + 1)) ]
count node tests/js/lance_seq_check.mjs "$ds" $((before + 1))
finish
