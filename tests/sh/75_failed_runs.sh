#!/bin/bash
# What failed, interrupted, refused and killed runs leave behind (issue 17):
#   - a new dataset/table directory that got no commit is removed again,
#     after a failed commit and after SIGHUP (exit 130);
#   - temp files of killed runs are removed by the next run into the same
#     place, only those whose process is gone;
#   - --overwrite replaces a Lance dataset / Iceberg table whose latest
#     manifest / metadata is garbage (the error message recommends it);
#   - an --mode append the commit would refuse (schema, a moved table) is
#     refused before any row is generated;
#   - a corrupt Avro manifest is named in the error; the largest metadata
#     version number does not overflow.
# lancedb and icebird read what the runs leave.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
out=$TPCH_TMP/failed_runs
rm -rf "$out"
mkdir -p "$out"
shim=$TPCH_BUILD/tests/faultfs.so
gen() { "$TPCHGEN" -q -j 1 -s 0.01 "$@"; }
lance_rows() { (cd tests/js && node versions_check.mjs lance "$1" "$2" | tail -n 1 | cut -d' ' -f2); }
pylance_rows() { tests/py/.venv/bin/python -c 'import sys, lance; print(lance.dataset(sys.argv[1]).count_rows())' "$1"; }
ice_rows() { (cd tests/js && node versions_check.mjs iceberg "$1" "$2" | tail -n 1 | cut -d' ' -f2); }

# 1. A failed first commit leaves no empty dataset/table directory.
for fmt in lance iceberg; do
  d=$out/shell-$fmt
  t=$d/region
  point=$t/metadata/v1.metadata.json
  [ $fmt = lance ] && t=$d/region.lance && point=$t/_versions/
  TPCH_FAULT_OP=link TPCH_FAULT_PATH=$point TPCH_FAULT_N=1 TPCH_FAULT_FIRED=$d.fired LD_PRELOAD=$shim \
    gen -T region -f $fmt -o "$d" 2>"$out/err"
  rc=$?
  check "$fmt: the commit's link failed (exit $rc: $(cat "$out/err"))" [ $rc = 1 ] && [ -e "$d.fired" ]
  check "$fmt: the new directory is gone ($(find "$t" 2>/dev/null | tr '\n' ' '))" [ ! -e "$t" ]
  check "$fmt: the output directory is left as it was" [ -z "$(ls -A "$d")" ]
  # a directory that existed before is not removed
  mkdir -p "$t"
  TPCH_FAULT_OP=link TPCH_FAULT_PATH=$point TPCH_FAULT_N=1 LD_PRELOAD=$shim gen -T region -f $fmt -o "$d" 2>/dev/null
  check "$fmt: a directory the run did not create stays" [ -d "$t" ]
done

# a new Iceberg table whose metadata fsyncs fail one by one: exit 1 leaves
# nothing at all (no orphan -m0.avro), exit 3 a readable version 1
for n in $(seq 1 16); do
  d=$out/fsync-$n
  t=$d/region
  TPCH_FAULT_OP=fsync TPCH_FAULT_PATH=$t/metadata TPCH_FAULT_N=$n TPCH_FAULT_FIRED=$d.fired LD_PRELOAD=$shim \
    gen -T region -f iceberg -o "$d" 2>"$out/err"
  rc=$?
  [ -e "$d.fired" ] || break
  case $rc in
    1) check "iceberg create, fsync #$n fails: exit 1 leaves nothing ($(find "$d" -type f | tr '\n' ' '))" \
         [ -z "$(ls -A "$d")" ] ;;
    3) check "iceberg create, fsync #$n fails after the commit point: v1 is in place" \
         [ -e "$t/metadata/v1.metadata.json" ]
       [ -e "$t/metadata/version-hint.text" ] && check "and icebird reads its 5 rows" [ "$(ice_rows "$d" region)" = 5 ] ;;
    *) bad "iceberg create, fsync #$n: exit $rc ($(cat "$out/err"))" ;;
  esac
done
check "the fsync walk ended" [ ! -e "$d.fired" ]

# 2. SIGHUP: cleaned up like SIGINT, exit 130, the new dataset removed.
d=$out/hup
mkdir -p "$d"
"$TPCHGEN" -q -j 1 -s 1 -T lineitem -f lance -o "$d" &
pid=$!
for _ in $(seq 1 600); do # until the first data file is being written
  [ -n "$(find "$d" -name '.*.tmp-*' 2>/dev/null)" ] && break
  sleep 0.1
done
kill -HUP $pid
wait $pid
rc=$?
check "SIGHUP: exit 130 (got $rc)" [ $rc = 130 ]
check "SIGHUP: nothing left, not even lineitem.lance/ ($(find "$d" | tr '\n' ' '))" [ -z "$(ls -A "$d")" ]

# 3. Stale temp files: those of dead processes go, those of live ones stay.
d=$out/stale
gen -T region -f lance,tbl -o "$d"
dead=$(sh -c 'echo $$') # a process that has exited
live=$$                 # this shell
for dir in "$d" "$d/region.lance/data" "$d/region.lance/_versions"; do
  : >"$dir/.x.tmp-$dead-0"
  : >"$dir/.y.tmp-$live-7"
done
: >"$d/.keep.tmp-notapid-1"
gen -T region -f lance,tbl -o "$d" --overwrite
check "a dead process's temp files are removed" [ -z "$(find "$d" -name ".x.tmp-$dead-0")" ]
check "a live process's temp files stay" [ "$(find "$d" -name ".y.tmp-$live-7" | wc -l)" = 3 ]
check "other dot files stay" [ -e "$d/.keep.tmp-notapid-1" ]
check "lancedb reads the dataset (5 rows)" [ "$(lance_rows "$d" region)" = 5 ]

# 4. --overwrite replaces a dataset / table whose latest version is garbage.
d=$out/corrupt
gen -T region -f lance,iceberg -o "$d"
gen -T region -f lance,iceberg -o "$d" --mode append
man=$(ls "$d"/region.lance/_versions/*.manifest | head -n 1) # V2 names: the newest sorts first
echo garbage >"$man"
echo '{"not": "iceberg"' >"$d/region/metadata/v2.metadata.json"
gen -T region -f lance --mode append -o "$d" 2>"$out/err"
rc=$?
check "lance: appending to a garbage manifest exits 1 ($(cat "$out/err"))" [ $rc = 1 ]
gen -T region -f lance --overwrite -o "$d" 2>"$out/err"
rc=$?
check "lance: --overwrite replaces it ($(cat "$out/err"))" [ $rc = 0 ]
check "lance: pylance reads 5 rows in the new version" [ "$(pylance_rows "$d/region.lance")" = 5 ]
gen -T region -f iceberg --mode append -o "$d" 2>"$out/err"
rc=$?
check "iceberg: appending to garbage metadata exits 1 ($(cat "$out/err"))" [ $rc = 1 ]
gen -T region -f iceberg --overwrite -o "$d" 2>"$out/err"
rc=$?
check "iceberg: --overwrite replaces it ($(cat "$out/err"))" [ $rc = 0 ]
check "iceberg: as v3" [ -e "$d/region/metadata/v3.metadata.json" ]
check "iceberg: icebird reads 5 rows" [ "$(ice_rows "$d" region)" = 5 ]

# 5. An append the commit would refuse is refused before generating: no
# progress line is ever drawn (the engine never starts).
d=$out/mismatch
gen -T region -f lance,iceberg -o "$d"
mv "$d/region.lance" "$d/nation.lance"
mv "$d/region" "$d/nation"
for fmt in lance iceberg; do
  "$TPCHGEN" -j 1 -s 0.01 -T nation -f $fmt --mode append --progress -o "$d" 2>"$out/err"
  check "$fmt: schema mismatch exits 1" [ $? = 1 ]
  check "$fmt: names the mismatch ($(tr '\r' '\n' <"$out/err" | tail -n 1))" grep -q "column\|fields" "$out/err"
  check "$fmt: before generating (no progress line)" [ -z "$(grep 'tables\]' "$out/err")" ]
done

# 6. Appending to a moved Iceberg table: refused up front (the new files
# would be recorded under the old location); --overwrite starts it afresh.
d=$out/moved
gen -T region -f iceberg -o "$d/a"
mv "$d/a" "$d/b"
gen -T region -f iceberg --mode append -o "$d/b" 2>"$out/err"
check "append to a moved table exits 1" [ $? = 1 ]
check "saying why ($(cat "$out/err"))" grep -q "moved or copied" "$out/err"
check "and adds no version" [ ! -e "$d/b/region/metadata/v2.metadata.json" ]
gen -T region -f iceberg -o "$d/c"
cp -r "$d/c" "$d/copy"
gen -T region -f iceberg --mode append -o "$d/copy" 2>"$out/err"
check "append to a copied table exits 1 too" [ $? = 1 ]
gen -T region -f iceberg --overwrite -o "$d/b"
check "--overwrite of the moved table" [ $? = 0 ]
gen -T region -f iceberg --mode append -o "$d/b"
check "after which it appends" [ $? = 0 ]
check "icebird reads 10 rows" [ "$(ice_rows "$d/b" region)" = 10 ]
check "all recorded under the new place" [ -z "$(grep -l "$d/a" "$d"/b/region/metadata/v3.metadata.json)" ]

# 7. A corrupt Avro manifest list is named; the largest version number.
d=$out/avro
gen -T region -f iceberg -o "$d"
list=$(ls "$d"/region/metadata/snap-*.avro | head -n 1)
printf 'Obj\001garbage' >"$list"
gen -T region -f iceberg --mode append -o "$d" 2>"$out/err"
check "a corrupt manifest list exits 1" [ $? = 1 ]
check "naming the file ($(cat "$out/err"))" grep -q "$(basename "$list")" "$out/err"
d=$out/maxver
gen -T region -f iceberg -o "$d"
cp "$d/region/metadata/v1.metadata.json" "$d/region/metadata/v9223372036854775807.metadata.json"
bin=$TPCHGEN_ASAN
[ -x "$bin" ] || bin=$TPCHGEN
"$bin" -q -s 0.01 -T region -f iceberg --mode append -o "$d" 2>"$out/err"
rc=$?
check "version 2^63-1: exit 1, not an overflow ($(head -c 300 "$out/err"))" [ $rc = 1 ]
check "one line, no sanitizer report" [ "$(wc -l <"$out/err")" = 1 ]
check "saying no version can follow" grep -q "no version can follow" "$out/err"
finish
