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

finish
