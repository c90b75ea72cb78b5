#!/bin/bash
# DuckDB reads our tbl and CSV output: row counts, per-column digests of the
# reference data and the 22 TPC-H query answers, at SF 0.01 and 0.1 (CSV and
# tbl parts too).
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/duck-text
rm -rf "$d"
"$TPCHGEN" -s 0.01 -f tbl,csv -o "$d/sf001" -q || bad "generate SF 0.01"
"$TPCHGEN" -s 0.1 -f csv -o "$d/sf01" -q || bad "generate SF 0.1 csv"
for k in 1 2 3; do "$TPCHGEN" -s 0.1 -f csv,tbl --parts 3 --part $k -o "$d/sf01p" -q || bad "part $k"; done
tpch_check tbl "$d/sf001" 0.01
tpch_check csv "$d/sf001" 0.01
tpch_check csv "$d/sf01" 0.1
tpch_check csv "$d/sf01p" 0.1 --parts
tpch_check tbl "$d/sf01p" 0.1 --parts
rm -rf "$d"
finish
