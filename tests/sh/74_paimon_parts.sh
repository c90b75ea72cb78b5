#!/bin/bash
# Paimon part sets and damaged tables (issue 17's rules, as for Iceberg in
# 73_commit_refusals.sh): `tpchgen commit -f paimon` knows N and refuses an
# incomplete or doubled set unless --partial; a committed part is not written
# again without --overwrite; a part of another N is refused. --overwrite
# replaces a table whose snapshot, schema or manifests are garbage. Rows are
# counted by pypaimon (and Java Paimon where it matters).
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
PY=$TPCH_ROOT/tests/py/.venv-paimon/bin/python
CP="$TPCH_ROOT/tests/java/lib/*:$TPCH_ROOT/tests/java/classes"
check "pypaimon is installed (scripts/install-deps.sh --npm)" [ -x "$PY" ]
out=$TPCH_TMP/paimon_parts
rm -rf "$out"
mkdir -p "$out"
gen() { "$TPCHGEN" -q -s 0.01 -f paimon "$@"; }
# "<snapshot> <rows> <kind> schema <id> <types>[ java <snapshot> <rows> schema <id>]" of the newest snapshot
latest() { "$PY" tests/py/paimon_tables.py latest "$@"; }
rows() { latest "$1" | cut -d' ' -f2; }
snaps() { ls "$1/snapshot" 2>/dev/null | grep -c '^snapshot-'; }

# 1. part sets. supplier at SF 0.01: 100 rows, 50 per part of 2.
t=$out/parts
part() { gen -T supplier --parts "$1" --part "$2" -o "$t" "${@:3}"; }
commit() { "$TPCHGEN" commit -q -f paimon -T supplier -o "$t" "$@"; }
part 2 1
check "part files name K and N" ls "$t/supplier/bucket-0/data-part-00001-of-00002-"*-0.parquet.pending
commit 2>"$out/err"
check "commit with part 2 of 2 missing exits 1" [ $? = 1 ]
check "naming the missing part ($(cat "$out/err"))" grep -q "part(s) 2 of 2 are neither committed nor pending" "$out/err"
check "and commits nothing" [ "$(snaps "$t/supplier")" = 0 ]
part 3 3 2>"$out/err"
check "a part of another --parts N is refused ($(cat "$out/err"))" grep -q "parts of a '--parts 2' run" "$out/err"
check "and writes nothing" [ "$(ls "$t/supplier/bucket-0" | wc -l)" = 2 ]
part 2 2
commit
check "commit of parts 1 and 2" [ $? = 0 ]
check "pypaimon reads 100 rows" [ "$(rows "$t/supplier")" = 100 ]
part 2 1 2>"$out/err"
check "writing a committed part again is refused ($(cat "$out/err"))" grep -q "part 1 of 2 is already committed" "$out/err"
part 2 1 --overwrite
commit 2>"$out/err"
check "committing a part again is refused ($(cat "$out/err"))" grep -q "part(s) 1 of 2 are already committed" "$out/err"
commit --overwrite 2>"$out/err"
check "commit --overwrite with part 2 not written again is refused ($(cat "$out/err"))" \
  grep -q "part(s) 2 of 2 are not pending" "$out/err"
check "the table still has one snapshot" [ "$(snaps "$t/supplier")" = 1 ]
part 2 2 --overwrite
commit --overwrite
check "commit --overwrite of every part" [ $? = 0 ]
r=$(latest "$t/supplier" --java "$CP")
check "pypaimon and Java read 100 rows, not 150 or 50 ($r)" [ "$(echo "$r" | cut -d' ' -f1-3,7-9)" = "2 100 OVERWRITE java 2 100" ]

# a part pending twice (a copy under another random name) is refused
t=$out/twice
part 2 1
part 2 2
f=$(cd "$t/supplier/bucket-0" && ls data-part-00002-*.parquet)
g=${f/-of-00002-/-of-00002-0}
cp "$t/supplier/bucket-0/$f" "$t/supplier/bucket-0/$g"
sed "s/^name .*/name $g/" "$t/supplier/bucket-0/$f.pending" >"$t/supplier/bucket-0/$g.pending"
commit 2>"$out/err"
check "a part pending twice is refused ($(cat "$out/err"))" grep -q "part(s) 2 of 2 are pending twice" "$out/err"
check "and nothing is committed" [ "$(snaps "$t/supplier")" = 0 ]

# --partial commits what is there, on purpose
t=$out/partial
part 2 2
commit --partial
check "commit --partial" [ $? = 0 ]
check "pypaimon reads part 2's 50 rows" [ "$(rows "$t/supplier")" = 50 ]
part 2 1
commit
check "then part 1 completes the table" [ $? = 0 ]
check "pypaimon reads 100 rows" [ "$(rows "$t/supplier")" = 100 ]

# nation is written whole by part 1: as part 1 of 1, complete by itself
t=$out/whole
gen -T nation,supplier --parts 2 --part 1 -o "$t"
"$TPCHGEN" commit -q -f paimon -T nation -o "$t"
check "nation from part 1 of 2 commits alone" [ $? = 0 ]
check "pypaimon reads 25 nations" [ "$(rows "$t/nation")" = 25 ]

# 2. damaged tables: an append is refused with a hint, --overwrite replaces them.
# region: 5 rows a snapshot.
types="BIGINTNOTNULL,STRINGNOTNULL,STRINGNOTNULL"
t=$out/badsnap
gen -T region -o "$t"
gen -T region -o "$t" --mode append
echo "garbage" >"$t/region/snapshot/snapshot-2"
gen -T region -o "$t" --mode append 2>"$out/err"
check "append to a garbage snapshot exits 1" [ $? = 1 ]
check "and names the way out ($(cat "$out/err"))" grep -q "snapshot-2.*use --overwrite" "$out/err"
check "and adds no snapshot" [ "$(snaps "$t/region")" = 2 ]
gen -T region -o "$t" --overwrite
check "--overwrite replaces a table with a garbage snapshot" [ $? = 0 ]
r=$(latest "$t/region" --java "$CP")
check "as snapshot 3 of 5 rows, for pypaimon and Java ($r)" \
  [ "$r" = "3 5 OVERWRITE schema 0 $types java 3 5 schema 0" ]
check "the garbage snapshot stays (nothing committed is removed)" grep -q garbage "$t/region/snapshot/snapshot-2"
gen -T region -o "$t" --mode append
check "then appends work again: 10 rows" [ "$(rows "$t/region")" = 10 ]

t=$out/badschema
gen -T region -o "$t"
printf '{"version" : 3, "id" : 0, "fiel' >"$t/region/schema/schema-0"
gen -T region -o "$t" --mode append 2>"$out/err"
check "append to a garbage schema exits 1 ($(cat "$out/err"))" grep -q "schema-0.*use --overwrite" "$out/err"
gen -T region -o "$t" --overwrite
check "--overwrite replaces a table with a garbage schema" [ $? = 0 ]
check "with schema-1 beside the old file" [ -f "$t/region/schema/schema-1" ]
r=$(latest "$t/region" --java "$CP")
check "pypaimon and Java read 5 rows under schema 1 ($r)" [ "$r" = "2 5 OVERWRITE schema 1 $types java 2 5 schema 1" ]
gen -T region -o "$t" --mode append
check "then appends work again: 10 rows" [ "$(rows "$t/region")" = 10 ]
check "as snapshot 3 under schema 1" grep -q '"schemaId" : 1' "$t/region/snapshot/snapshot-3"

t=$out/badmanifest
gen -T region -o "$t"
for f in "$t/region/manifest/"*; do head -c 40 /dev/urandom >"$f"; done
gen -T region -o "$t" --mode append 2>"$out/err"
check "append to garbage manifests exits 1 ($(cat "$out/err"))" grep -q "use --overwrite" "$out/err"
gen -T region -o "$t" --overwrite
check "--overwrite replaces a table with garbage manifests" [ $? = 0 ]
check "pypaimon reads 5 rows" [ "$(rows "$t/region")" = 5 ]

# parts into a damaged table: written and committed with --overwrite
t=$out/badparts
gen -T supplier -o "$t"
echo "garbage" >"$t/supplier/snapshot/snapshot-1"
part 2 1 2>"$out/err"
check "a part into a damaged table is refused ($(cat "$out/err"))" grep -q "snapshot-1" "$out/err"
part 2 1 --overwrite && part 2 2 --overwrite
check "with --overwrite both parts are written" [ $? = 0 ]
commit --overwrite
check "commit --overwrite replaces the damaged table" [ $? = 0 ]
check "pypaimon reads 100 rows" [ "$(rows "$t/supplier")" = 100 ]
rm -rf "$out"
finish
