#!/bin/bash
# TPC-H as ORC, read by Apache ORC's two implementations: pyarrow.orc (C++)
# checks types, every column's digest and the 22 query answers (DuckDB over
# the Arrow tables) at SF 0.01 and 0.1, whole and in parts; orc-tools (Java)
# (orc-core, tests/java/OrcCheck.java) reads every file and its values give
# the same digests; both report the writer as docs/orc.md says; every
# stripe's and row group's statistics (orc-tools meta) equal those computed
# from the data; predicates through the Java reader's search argument skip
# exactly the row groups the statistics allow and return the right rows (and
# through pyarrow.dataset, which reads everything, the right rows); each codec
# is read by both; the bytes do not depend on -j.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/tpch-orc
rm -rf "$d"
PY=$TPCH_ROOT/tests/py/.venv/bin/python
ORC_JAR=$(ls "$TPCH_ROOT"/tests/java/orc-lib/orc-tools-*-uber.jar 2>/dev/null | head -n 1)
[ -n "$ORC_JAR" ] || bad "orc-tools is not installed (scripts/install-deps.sh --npm)"
classes=$(orc_java_classes)
check "OrcCheck.java compiles against orc-tools" [ -n "$classes" ]
JAVA=(--java "$ORC_JAR" --java-classes "$classes")
orc_check() { # SF DIR options...
  local sf=$1 dir=$2
  shift 2
  count "$PY" "$TPCH_ROOT/tests/py/orc_check.py" --dir "$dir" --golden "$GOLDEN/interop-sf$sf" "$@"
}
"$TPCHGEN" -s 0.01 -f orc -o "$d/sf001" -q || bad "generate SF 0.01"
"$TPCHGEN" -s 0.1 -f orc -o "$d/sf01" -q -j 2 || bad "generate SF 0.1"
for k in 1 2 3; do "$TPCHGEN" -s 0.1 -f orc --parts 3 --part $k -o "$d/sf01p" -q || bad "part $k"; done
orc_check 0.01 "$d/sf001" --compression zstd "${JAVA[@]}" --java-digests --stats --prune
orc_check 0.1 "$d/sf01" "${JAVA[@]}" --java-digests --stats --prune
orc_check 0.1 "$d/sf01p" --parts "${JAVA[@]}" --java-digests
check "parts: 3 files of lineitem" [ "$(ls "$d/sf01p/lineitem" | wc -l)" = 3 ]
for c in snappy zlib none; do
  "$TPCHGEN" -s 0.01 -f orc --compression $c -T lineitem,orders,part -o "$d/c-$c" -q || bad "generate $c"
  orc_check 0.01 "$d/c-$c" --tables lineitem,orders,part --compression $c "${JAVA[@]}" --java-digests
done
# Same bytes for any thread count (same stripes).
for j in 1 3; do "$TPCHGEN" -s 0.1 -T lineitem,orders -f orc -j $j --row-group-rows 100000 -o "$d/j$j" -q; done
check "lineitem.orc identical for -j 1 and -j 3" cmp -s "$d/j1/lineitem.orc" "$d/j3/lineitem.orc"
check "orders.orc identical for -j 1 and -j 3" cmp -s "$d/j1/orders.orc" "$d/j3/orders.orc"
# two stripes each: pruning by the search argument skips stripes and row groups
orc_check 0.1 "$d/j1" --tables lineitem,orders "${JAVA[@]}" --stats --prune
# CLI: zlib is ORC's alone; an existing file is kept unless --overwrite.
"$TPCHGEN" -s 0.01 -f parquet --compression zlib -o "$d/z" -q 2>/dev/null
check "--compression zlib with -f parquet exits 2" [ $? = 2 ]
before=$(md5sum <"$d/sf001/nation.orc")
"$TPCHGEN" -s 0.01 -T nation -f orc -o "$d/sf001" -q 2>/dev/null
check "an existing .orc is an error without --overwrite" [ $? = 1 ]
check "the existing file is untouched" [ "$(md5sum <"$d/sf001/nation.orc")" = "$before" ]
"$TPCHGEN" -s 0.01 -T nation -f orc -o "$d/sf001" -q --overwrite
check "--overwrite replaces it" [ $? = 0 ]
check "no temporary files left" [ -z "$(find "$d" -name '*.tmp-*')" ]
rm -rf "$d"
finish
