#!/bin/bash
# TPC-H as Lance 2.1 (the default) read by pylance, the second independent
# reader next to lancedb (51_tpch_lance.sh): types, digests, validate(),
# take() of random rows against the .tbl lines, a date filter, the 22
# answers (DuckDB over pylance's Arrow), lance appending and compacting on
# top of ours; the property test's datasets cell by cell. Lance 2.0 stays
# checked with both readers at SF 0.01.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
PY=tests/py/.venv/bin/python
d=$TPCH_TMP/lance-pylance
rm -rf "$d"
"$TPCHGEN" -s 0.01 -f lance,tbl -o "$d/sf001" -q || bad "generate SF 0.01"
"$TPCHGEN" -s 0.1 -f lance,tbl -o "$d/sf01" -q --lance-rows-per-file 200000 || bad "generate SF 0.1"
"$TPCHGEN" -s 0.01 -f lance -o "$d/v20" -q --lance-version 2.0 || bad "generate SF 0.01 as 2.0"
count "$PY" tests/py/tpch_lance_check.py --dir "$d/sf001" --golden "$GOLDEN/interop-sf0.01" --tbl "$d/sf001" --append-compact
count "$PY" tests/py/tpch_lance_check.py --dir "$d/sf01" --golden "$GOLDEN/interop-sf0.1" --tbl "$d/sf01" --takes 3000
count "$PY" tests/py/tpch_lance_check.py --dir "$d/v20" --golden "$GOLDEN/interop-sf0.01" --file-version 2.0
tpch_check lance "$d/v20" 0.01
# Bad version names are refused with one clear line.
"$TPCHGEN" -s 0.01 -T nation -f lance -o "$d/bad" --lance-version 2.2 2>"$d/err"
rc=$?
check "--lance-version 2.2 refused (exit $rc): $(cat "$d/err")" sh -c '[ "$1" = 2 ] && grep -q "2.0 or 2.1" "$2"' _ $rc "$d/err"
# Appending to a 2.0 dataset keeps 2.0; asking for 2.1 there fails clearly.
"$TPCHGEN" -s 0.01 -T nation -f lance -o "$d/v20" -q --mode append || bad "append to 2.0"
check "append kept 2.0 files" [ "$(for f in "$d"/v20/nation.lance/data/*.lance; do tail -c 8 "$f" | od -An -tu2 | awk '{print $1"."$2}'; done | sort -u)" = "0.3" ]
"$TPCHGEN" -s 0.01 -T nation -f lance -o "$d/v20" -q --mode append --lance-version 2.1 2>"$d/err"
check "2.1 files into a 2.0 dataset refused: $(cat "$d/err")" grep -q "mixed versions" "$d/err"
# The property test's datasets (nulls, all-null pages, empty batches, every
# type) through pylance.
rm -rf "$d/prop"
"$TPCH_BUILD/tests/test_lance_property" "$d/prop" >/dev/null || bad "property test writer"
count "$PY" tests/py/lance_check.py "$d/prop/expected.json"
rm -rf "$d"
finish
