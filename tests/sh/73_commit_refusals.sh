#!/bin/bash
# Writes that would lose or double rows with exit 0 are refused (issue 17):
# each case runs the CLI against a table in a state that used to be
# accepted, checks the one-line error and that no version was added, and
# reads the table back with icebird where rows matter.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
out=$TPCH_TMP/commit_refusals
rm -rf "$out"
mkdir -p "$out"
gen() { "$TPCHGEN" -q -s 0.01 "$@"; }
meta_versions() { find "$1/metadata" -name 'v*.metadata.json' | wc -l; }
# rows of the newest Iceberg version, as icebird reads it
ice_rows() { (cd tests/js && node versions_check.mjs iceberg "$1" "$2" | tail -n 1 | cut -d' ' -f2); }

# 1. Iceberg append to metadata whose current-snapshot-id names no snapshot:
# it used to start from an empty table, dropping every row from the current
# snapshot with exit 0.
d=$out/dangling
gen -T region -f iceberg -o "$d"
python3 - "$d/region/metadata/v1.metadata.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["current-snapshot-id"] = 12345
json.dump(m, open(sys.argv[1], "w"))
EOF
gen -T region -f iceberg --mode append -o "$d" 2>"$out/err"
check "append to a dangling current-snapshot-id exits 1" [ $? = 1 ]
check "and says why ($(cat "$out/err"))" grep -q "names current snapshot 12345" "$out/err"
check "and adds no version" [ "$(meta_versions "$d/region")" = 1 ]
gen -T region -f iceberg --overwrite -o "$d"
check "--overwrite replaces it" [ $? = 0 ]
check "as version 2" [ "$(meta_versions "$d/region")" = 2 ]
check "which icebird reads: 5 rows" [ "$(ice_rows "$d" region)" = 5 ]

# 2. Iceberg parts: `tpchgen commit` knows N and refuses an incomplete or
# doubled set; a part cannot be written twice into a committed table.
# supplier at SF 0.01: 100 rows, 50 per part of 2.
t=$out/parts
part() { gen -T supplier -f iceberg --parts "$1" --part "$2" -o "$t" "${@:3}"; }
commit() { "$TPCHGEN" commit -q -f iceberg -T supplier -o "$t" "$@"; }
part 2 1
commit 2>"$out/err"
check "commit with part 2 of 2 missing exits 1" [ $? = 1 ]
check "naming the missing part ($(cat "$out/err"))" grep -q "part(s) 2 of 2 are neither committed nor pending" "$out/err"
check "and commits nothing" [ ! -d "$t/supplier/metadata" ] || [ "$(meta_versions "$t/supplier")" = 0 ]
part 3 3 2>"$out/err"
check "a part of another --parts N is refused ($(cat "$out/err"))" grep -q "parts of a '--parts 2' run" "$out/err"
part 2 2
commit
check "commit of parts 1 and 2" [ $? = 0 ]
check "icebird reads 100 rows" [ "$(ice_rows "$t" supplier)" = 100 ]
part 2 1 2>"$out/err"
check "writing a committed part again is refused ($(cat "$out/err"))" grep -q "part 1 of 2 is already committed" "$out/err"
part 2 1 --overwrite
commit 2>"$out/err"
check "committing a part again is refused ($(cat "$out/err"))" grep -q "part(s) 1 of 2 are already committed" "$out/err"
commit --overwrite 2>"$out/err"
check "commit --overwrite with part 2 not written again is refused ($(cat "$out/err"))" \
  grep -q "part(s) 2 of 2 are not pending" "$out/err"
check "the table still reads 100 rows" [ "$(ice_rows "$t" supplier)" = 100 ]
part 2 2 --overwrite
commit --overwrite
check "commit --overwrite of every part" [ $? = 0 ]
check "icebird reads 100 rows, not 150 or 50" [ "$(ice_rows "$t" supplier)" = 100 ]
# --partial commits what is there, on purpose
t=$out/partial
part 2 2
commit --partial
check "commit --partial" [ $? = 0 ]
check "icebird reads part 2's 50 rows" [ "$(ice_rows "$t" supplier)" = 50 ]
part 2 1
commit
check "then part 1 completes the table" [ $? = 0 ]
check "icebird reads 100 rows" [ "$(ice_rows "$t" supplier)" = 100 ]

# nation is written whole by part 1: as part 1 of 1, complete by itself
t=$out/whole
gen -T nation,supplier -f iceberg --parts 2 --part 1 -o "$t"
"$TPCHGEN" commit -q -f iceberg -T nation -o "$t"
check "nation from part 1 of 2 commits alone" [ $? = 0 ]
check "icebird reads 25 nations" [ "$(ice_rows "$t" nation)" = 25 ]

# 3. contradictory flags are refused in either order
for flags in "--overwrite --mode append" "--mode append --overwrite"; do
  gen -T region -f lance $flags -o "$out/flags" 2>"$out/err"
  check "'$flags' exits 2" [ $? = 2 ]
  check "'$flags' is called a contradiction" grep -q "contradict" "$out/err"
done

finish
