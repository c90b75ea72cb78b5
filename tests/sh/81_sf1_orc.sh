#!/bin/bash
# SF 1 as ORC holds dbgen's data, in every codec, whole and from parts. The
# tbl files (checked against dbgen's checksums) give the reference: DuckDB
# computes every column's digest and the 22 query answers from them in this
# run. Apache ORC C++ (pyarrow.orc) reads the zstd files: types, digests, the
# 22 answers (DuckDB over its Arrow tables, same rules as at SF 0.01 and
# 0.1), every stripe's and row group's statistics (orc-tools meta) against
# the data; it reads the snappy, zlib and uncompressed copies and the zstd
# parts equal to those tables, value for value, so the digests and answers
# hold for them. Apache ORC Java (tests/java/OrcCheck.java) gives every
# column's digest and the row count of every copy; predicates through its
# search argument skip exactly the row groups the statistics allow and
# return the right rows (the key range in every copy: a seek through that
# codec's positions). -j is checked at SF 0.1 (42_tpch_orc.sh). A few minutes.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/sf1-orc
rm -rf "$d"
ORC_JAR=$(ls "$TPCH_ROOT"/tests/java/orc-lib/orc-tools-*-uber.jar 2>/dev/null | head -n 1)
[ -n "$ORC_JAR" ] || bad "orc-tools is not installed (scripts/install-deps.sh --npm)"
classes=$(orc_java_classes)
check "OrcCheck.java compiles against orc-tools" [ -n "$classes" ]
"$TPCHGEN" -s 1 -f tbl,orc -j 2 -o "$d" -q || bad "generate SF 1"
same=(--same zstd:parts:"$d/parts")
for c in snappy zlib none; do
  "$TPCHGEN" -s 1 -f orc --compression $c -j 2 -o "$d/$c" -q || bad "generate SF 1 $c"
  same+=(--same "$c:whole:$d/$c")
done
for k in 1 2 3 4; do "$TPCHGEN" -s 1 -f orc --parts 4 --part $k -o "$d/parts" -q || bad "part $k"; done
for t in region nation supplier customer part partsupp orders lineitem; do
  got=$(measure "$d/$t.tbl")
  if [ "$got" = "$(golden 1 "$t")" ]; then ok; else bad "SF 1 $t.tbl differs from dbgen: $got"; fi
done
# Digests and answers of the dbgen-identical tbl files are the reference (the
# sf0.01 digests file only lends its block size; those checks fail by design
# and are not counted).
(cd "$JS" && node tpch_check.mjs --format tbl --dir "$d" --digests "$GOLDEN/interop-sf0.01/digests.json" \
  --no-queries --write-digests "$d/digests.json" --write-answers "$d/answers" > /dev/null 2>&1)
check "digests computed from the SF 1 tbl files" [ -s "$d/digests.json" ]
check "answers computed from the SF 1 tbl files" test -s "$d/answers/answers.json" -a -s "$d/answers/q22.csv"
rm -f "$d"/*.tbl
count "$TPCH_ROOT/tests/py/.venv/bin/python" "$TPCH_ROOT/tests/py/orc_check.py" --golden "$GOLDEN/interop-sf0.01" \
  --digests "$d/digests.json" --answers "$d/answers" --compression zstd --java "$ORC_JAR" --java-classes "$classes" \
  --java-digests --prune --stats --dir "$d" "${same[@]}"
check "parts: 4 files of lineitem" [ "$(ls "$d/parts/lineitem" | wc -l)" = 4 ]
rm -rf "$d"
finish
