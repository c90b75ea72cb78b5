#!/bin/bash
# Lance parts (issue 17): a part's identity does not depend on how many rows
# its data files hold (--lance-rows-per-file), a part of another --parts N
# is refused, and re-running a part with other file sizes replaces all of
# its rows. Every state is read by lancedb and pylance: row count, no
# duplicate keys, dbgen row order.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
out=$TPCH_TMP/lance_parts
rm -rf "$out"
mkdir -p "$out"
PY=tests/py/.venv/bin/python
ds=$out/orders.lance
part() { "$TPCHGEN" -q -s 0.01 -T orders -f lance -o "$out" --parts "$1" --part "$2" "${@:3}"; }
nversions() { find "$ds/_versions" -name '*.manifest' | wc -l; }
# lancedb's row count of the latest version
lancedb_rows() { (cd tests/js && node versions_check.mjs lance "$out" orders | tail -n 1 | cut -d' ' -f2); }
# pylance: "rows distinct-keys sorted" of the latest version
pylance_view() {
  "$PY" - "$ds" <<'EOF'
import sys, lance
k = lance.dataset(sys.argv[1]).to_table(columns=["o_orderkey"]).column(0).to_pylist()
print(len(k), len(set(k)), "sorted" if k == sorted(k) else "unsorted")
EOF
}
# rows_are N WHAT: both readers see N rows, N distinct keys, in order
rows_are() {
  local want=$1 what=$2 got
  got=$(lancedb_rows)
  check "$what: lancedb reads $want rows (got $got)" [ "$got" = "$want" ]
  got=$(pylance_view)
  check "$what: pylance reads $want distinct keys in dbgen order (got $got)" [ "$got" = "$want $want sorted" ]
}

# orders at SF 0.01: 15000 rows, 7500 per part of 2.
part 2 1 --lance-rows-per-file 2000
check "part 1 of 2 with 2000 rows per file" [ $? = 0 ]
part 2 2 --lance-rows-per-file 5000 2>"$out/err"
rc=$?
check "part 2 of 2 with 5000 rows per file is not 'already in' ($(cat "$out/err"))" [ $rc = 0 ]
rows_are 15000 "parts with different file sizes"

v=$(nversions)
part 2 1 2>"$out/err"
check "re-running part 1 without --overwrite exits 1" [ $? = 1 ]
check "saying it is in ($(cat "$out/err"))" grep -q "part 1 of orders is already in" "$out/err"
check "and adds no version" [ "$(nversions)" = "$v" ]

part 2 1 --overwrite --lance-rows-per-file 3000
check "re-running part 1 with --overwrite and 3000 rows per file" [ $? = 0 ]
rows_are 15000 "part 1 replaced with other file sizes"
part 2 2 --overwrite
check "re-running part 2 with --overwrite and the default file size" [ $? = 0 ]
rows_are 15000 "part 2 replaced with one file"

v=$(nversions)
part 3 3 2>"$out/err"
check "a part of --parts 3 into a --parts 2 dataset exits 1" [ $? = 1 ]
check "saying why ($(cat "$out/err"))" grep -q "holds parts of a '--parts 2' run" "$out/err"
part 3 1 --overwrite 2>"$out/err"
check "--overwrite does not mix them either" [ $? = 1 ]
check "and neither adds a version" [ "$(nversions)" = "$v" ]
check "nor leaves a data file behind" [ "$(find "$ds/data" -name '.*' | wc -l)" = 0 ]
rows_are 15000 "after the refusals"

# a dataset not written in parts takes no part
"$TPCHGEN" -q -s 0.01 -T orders -f lance -o "$out/whole"
"$TPCHGEN" -q -s 0.01 -T orders -f lance -o "$out/whole" --parts 2 --part 2 2>"$out/err"
rc=$?
check "a part into a dataset not written in parts exits 1 ($(cat "$out/err"))" [ $rc = 1 ]
check "saying why" grep -q "was not written in parts" "$out/err"

# an overwrite without parts drops the part record: parts of another N then fit
"$TPCHGEN" -q -s 0.01 -T orders -f lance -o "$out" --overwrite
part 3 3 --overwrite 2>"$out/err"
check "after a whole --overwrite the dataset is no longer a parts dataset ($(cat "$out/err"))" \
  grep -q "was not written in parts" "$out/err"
finish
