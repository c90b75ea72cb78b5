#!/bin/bash
# TPC-DS SF 1 as .dat and Parquet: DuckDB reads both; the Parquet types are the
# kit's, every column's digest equals the .dat file's, and the NULL/empty
# counts equal dsdgen's (tests/golden/tpcds/column-stats-sf1.tsv). About 1-2 minutes.
. "$(dirname "$0")/lib.sh"
PY=$TPCH_ROOT/tests/py/.venv/bin/python
d=$TPCH_TMP/tpcds-sf1-parquet
rm -rf "$d"
"$TPCHGEN" tpcds -s 1 -f tbl,parquet -o "$d" -q --no-fsync || bad "generate TPC-DS SF 1"
for f in "$d"/*.dat; do
  t=$(basename "$f" .dat)
  want=$(awk -v t="$t" '$1 == "sf1" && $2 == t { print $3, $4, $5 }' "$GOLDEN/tpcds/checksums-sf1.txt")
  got=$(measure "$f")
  if [ "$got" = "$want" ]; then ok; else bad "SF 1 $t.dat differs from dsdgen: $got"; fi
done
if [ -x "$PY" ]; then
  count "$PY" "$TPCH_ROOT/tests/py/tpcds_check.py" "$d" "$GOLDEN/tpcds/column-stats-sf1.tsv"
else
  bad "no Python venv at $PY (scripts/install-deps.sh --npm makes it)"
fi
rm -rf "$d"
finish
