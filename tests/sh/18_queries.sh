#!/bin/bash
# Query streams (tpchgen queries = qgen): the parameter log equals qgen
# 2.14's (-l) for seven seed/stream/SF combinations, and the printed queries
# run in DuckDB (the default values give the validation queries' results).
. "$(dirname "$0")/lib.sh"
G=$GOLDEN/qgen
d=$TPCH_TMP/queries
rm -rf "$d"
mkdir -p "$d"
while read -r name args; do
  # shellcheck disable=SC2086
  "$TPCHGEN" queries $args --params >"$d/$name.txt" 2>"$d/$name.err" || bad "queries $args exited $?"
  if cmp -s "$d/$name.txt" "$G/$name.txt"; then ok; else
    bad "queries $args --params differs from qgen's log $name.txt"
    diff "$d/$name.txt" "$G/$name.txt" | head -n 6 | sed 's/^/    /'
  fi
done <<'LIST'
params_d --defaults
params_s1r1 -s 1 --seed 1
params_s1r20261206 -s 1 --seed 20261206
params_s10r101p0 -s 10 --seed 101 --stream 0
params_s100r7p3 -s 100 --seed 7 --stream 3
params_s0.1r5 -s 0.1 --seed 5
params_s1r1p1 -s 1 --seed 1 --stream 1
LIST
# The stream number picks the row (mod 41) of the permutation table.
check "stream 41 runs in stream 0's order" cmp -s <("$TPCHGEN" queries --seed 3 --stream 41 --params) \
  <("$TPCHGEN" queries --seed 3 --stream 0 --params)
# Without --seed the seed is the time, named in the header.
check "without --seed the header names the seed" grep -q '^-- TPC-H query stream: seed [0-9]*, SF 1 ' \
  <("$TPCHGEN" queries)
"$TPCHGEN" -s 0.01 -T all -f parquet -o "$d/sf001" -q || bad "generate SF 0.01"
count "$TPCH_ROOT/tests/py/.venv/bin/python" "$TPCH_ROOT/tests/py/queries_check.py" "$TPCHGEN" "$d/sf001" 0.01 \
  "$TPCH_ROOT/tests/queries"
# Bad input: one line, exit 2.
for a in "--seed 0" "--stream -1" "--defaults --seed 5" "-s 0" "--bogus"; do
  # shellcheck disable=SC2086
  out=$("$TPCHGEN" queries $a 2>&1 >/dev/null); rc=$?
  check "queries $a: exit 2 and one error line ($out)" [ $rc = 2 -a "$(echo "$out" | wc -l)" = 1 ]
done
rm -rf "$d"
finish
