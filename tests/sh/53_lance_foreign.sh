#!/bin/bash
# Lance datasets that lance made, appended to by us: lancedb and pylance each
# write our SF 0.01 tables again as new 2.1 datasets; `tpchgen --mode append`
# adds the same rows (zstd, the default, into lancedb's; lz4 into pylance's).
# Both readers then check each dataset: versions, row counts, both halves
# cell by cell against our source, validate(), take() against the tbl lines,
# a date filter, and the codec of our appended pages. A dataset in file
# format 2.2 (lancedb 0.39's default) is refused with one clear line.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
PY=tests/py/.venv/bin/python
d=$TPCH_TMP/lance-foreign
rm -rf "$d"
"$TPCHGEN" -s 0.01 -f lance,tbl -o "$d/src" -q || bad "generate SF 0.01"
node tests/js/lance_foreign.mjs create "$d/src" "$d/bydb" 2.1 >"$d/log" 2>&1 || bad "lancedb create: $(tail -n 3 "$d/log")"
"$PY" tests/py/lance_foreign.py create "$d/src" "$d/bypy" 2.1 >"$d/log" 2>&1 || bad "pylance create: $(tail -n 3 "$d/log")"
"$TPCHGEN" -s 0.01 -f lance -o "$d/bydb" -q --mode append || bad "append to lancedb's 2.1 datasets"
"$TPCHGEN" -s 0.01 -f lance -o "$d/bypy" -q --mode append --compression lz4 || bad "append (lz4) to pylance's 2.1 datasets"
for x in bydb bypy; do
  count node tests/js/lance_foreign.mjs check "$d/src" "$d/$x"
done
count "$PY" tests/py/lance_foreign.py check "$d/src" "$d/bydb" --tbl "$d/src" --codec zstd
count "$PY" tests/py/lance_foreign.py check "$d/src" "$d/bypy" --tbl "$d/src" --codec lz4
# File format 2.2: refused, and the dataset keeps its one version.
"$TPCHGEN" -s 0.01 -T nation -f lance -o "$d/nation" -q || bad "generate nation"
"$PY" tests/py/lance_foreign.py create "$d/nation" "$d/v22" 2.2 >"$d/log" 2>&1 || bad "pylance create 2.2: $(tail -n 3 "$d/log")"
"$TPCHGEN" -s 0.01 -T nation -f lance -o "$d/v22" -q --mode append 2>"$d/err"
rc=$?
check "append to a 2.2 dataset refused (exit $rc): $(cat "$d/err")" \
  sh -c '[ "$1" = 1 ] && [ "$(wc -l <"$2")" = 1 ] && grep -q "2\.2" "$2"' _ $rc "$d/err"
check "the 2.2 dataset still has one version" [ "$(ls "$d/v22/nation.lance/_versions" | grep -c manifest)" = 1 ]
rm -rf "$d"
finish
