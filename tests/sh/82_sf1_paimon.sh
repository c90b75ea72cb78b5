#!/bin/bash
# SF 1 as Paimon tables, whole and from 4 parts joined by 'tpchgen commit',
# read by pypaimon and Java Paimon: every column's digest against digests
# computed (by DuckDB, tests/js/tpch_check.mjs) from SF 1 tbl files that match
# dbgen's checksums, row counts, schema and types. The 22 answers at SF 1
# have no reference here; they are checked at SF 0.01 and 0.1.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
PY=$TPCH_ROOT/tests/py/.venv-paimon/bin/python
CP="$TPCH_ROOT/tests/java/lib/*:$TPCH_ROOT/tests/java/classes"
d=$TPCH_TMP/sf1-paimon
rm -rf "$d"
"$TPCHGEN" -s 1 -f tbl,paimon -o "$d" -q || bad "generate SF 1"
for t in region nation supplier customer part partsupp orders lineitem; do
  got=$(measure "$d/$t.tbl")
  if [ "$got" = "$(golden 1 "$t")" ]; then ok; else bad "SF 1 $t.tbl differs from dbgen: $got"; fi
done
(cd "$JS" && node tpch_check.mjs --format tbl --dir "$d" --digests "$GOLDEN/interop-sf0.01/digests.json" \
  --no-queries --write-digests "$d/digests.json" > /dev/null 2>&1)
check "digests computed from the SF 1 tbl files" [ -s "$d/digests.json" ]
rm -f "$d"/*.tbl
count "$PY" tests/py/paimon_check.py --dir "$d" --golden "$GOLDEN/interop-sf0.01" --digests "$d/digests.json" \
  --no-queries --java "$CP"
for k in 3 1 4 2; do "$TPCHGEN" -s 1 -f paimon --parts 4 --part $k -o "$d/parts" -q || bad "SF 1 part $k"; done
"$TPCHGEN" commit -f paimon -o "$d/parts" -q || bad "SF 1 commit"
count "$PY" tests/py/paimon_check.py --dir "$d/parts" --golden "$GOLDEN/interop-sf0.01" --digests "$d/digests.json" \
  --no-queries --java "$CP"
rm -rf "$d"
finish
