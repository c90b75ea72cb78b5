#!/bin/bash
# SF 1 as ORC (zstd) holds dbgen's data, whole and from parts: the tbl files
# (checked against dbgen's checksums) give the reference digests; Apache ORC
# C++ (pyarrow.orc) and Java (orc-core, tests/java/OrcCheck.java) must give
# the same digests, row counts and types; every stripe's and row group's
# statistics (orc-tools meta) equal the data's; predicates through the Java
# reader's search argument skip exactly the row groups the statistics allow
# and return the right rows. The other codecs, the 22 answers and -j are
# checked at SF 0.01 and 0.1 (42_tpch_orc.sh). A few minutes.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/sf1-orc
rm -rf "$d"
ORC_JAR=$(ls "$TPCH_ROOT"/tests/java/orc-lib/orc-tools-*-uber.jar 2>/dev/null | head -n 1)
[ -n "$ORC_JAR" ] || bad "orc-tools is not installed (scripts/install-deps.sh --npm)"
classes=$(orc_java_classes)
check "OrcCheck.java compiles against orc-tools" [ -n "$classes" ]
"$TPCHGEN" -s 1 -f tbl,orc -o "$d" -q || bad "generate SF 1"
for k in 1 2 3 4; do "$TPCHGEN" -s 1 -f orc --parts 4 --part $k -o "$d/parts" -q || bad "part $k"; done
for t in region nation supplier customer part partsupp orders lineitem; do
  got=$(measure "$d/$t.tbl")
  if [ "$got" = "$(golden 1 "$t")" ]; then ok; else bad "SF 1 $t.tbl differs from dbgen: $got"; fi
done
# Digests of the dbgen-identical tbl files are the reference (the sf0.01
# digests file only lends its block size; those checks fail by design and
# are not counted).
(cd "$JS" && node tpch_check.mjs --format tbl --dir "$d" --digests "$GOLDEN/interop-sf0.01/digests.json" \
  --no-queries --write-digests "$d/digests.json" > /dev/null 2>&1)
check "digests computed from the SF 1 tbl files" [ -s "$d/digests.json" ]
rm -f "$d"/*.tbl
orc_check() {
  count "$TPCH_ROOT/tests/py/.venv/bin/python" "$TPCH_ROOT/tests/py/orc_check.py" --golden "$GOLDEN/interop-sf0.01" \
    --digests "$d/digests.json" --no-queries --compression zstd --java "$ORC_JAR" --java-classes "$classes" \
    --java-digests --prune "$@"
}
orc_check --dir "$d" --stats
orc_check --dir "$d/parts" --parts
check "parts: 4 files of lineitem" [ "$(ls "$d/parts/lineitem" | wc -l)" = 4 ]
rm -rf "$d"
finish
