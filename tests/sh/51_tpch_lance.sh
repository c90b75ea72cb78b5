#!/bin/bash
# TPC-H as Lance, read by lancedb: Arrow types, every column's digest and the
# 22 query answers at SF 0.01 and 0.1; parts committed out of order (and at
# once) scan in dbgen order; the data does not depend on -j.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/tpch-lance
rm -rf "$d"
"$TPCHGEN" -s 0.01 -f lance -o "$d/sf001" -q || bad "generate SF 0.01"
"$TPCHGEN" -s 0.1 -f lance -o "$d/sf01" -q --lance-rows-per-file 100000 || bad "generate SF 0.1"
for k in 3 1 2; do "$TPCHGEN" -s 0.1 -f lance --parts 3 --part $k -o "$d/sf01p" -q --lance-rows-per-file 60000 || bad "part $k"; done
tpch_check lance "$d/sf001" 0.01
tpch_check lance "$d/sf01" 0.1
tpch_check lance "$d/sf01p" 0.1
check "lineitem has several fragments" [ "$(ls "$d/sf01/lineitem.lance/data" | wc -l)" -gt 5 ]
# Re-running a part without --overwrite is refused; with it, its fragments are replaced.
"$TPCHGEN" -s 0.1 -f lance -T orders --parts 3 --part 2 -o "$d/sf01p" -q --lance-rows-per-file 60000 2>"$d/err"
rc=$?
check "re-running part 2 without --overwrite fails (exit $rc)" [ $rc = 1 ]
check "and says so ($(cat "$d/err"))" grep -q "part 2 of orders is already in .*--overwrite" "$d/err"
"$TPCHGEN" -s 0.1 -f lance -T orders --parts 3 --part 2 -o "$d/sf01p" -q --lance-rows-per-file 60000 --overwrite
check "re-running part 2 with --overwrite works" [ $? = 0 ]
tpch_check lance "$d/sf01p" 0.1 --tables orders
# Same data for any thread count: the data files hold the same bytes.
for j in 1 3; do "$TPCHGEN" -s 0.1 -T orders -f lance -j $j --lance-rows-per-file 40000 -o "$d/j$j" -q; done
sums() { md5sum "$1"/orders.lance/data/*.lance | cut -c1-32 | sort; }
check "Lance data files identical for -j 1 and -j 3" [ "$(sums "$d/j1")" = "$(sums "$d/j3")" ]
# An existing dataset is not replaced without --overwrite.
"$TPCHGEN" -s 0.01 -f lance -T nation -o "$d/sf001" -q 2>"$d/err"
check "existing dataset refused" grep -q "already exists" "$d/err"
# --mode append adds a version with the new rows after the old ones.
"$TPCHGEN" -s 0.01 -f lance -T nation -o "$d/app" -q || bad "create"
"$TPCHGEN" -s 0.01 -f lance -T nation -o "$d/app" -q --mode append || bad "append"
vers=$(cd "$JS" && node versions_check.mjs lance "$d/app" nation 2>&1 | tr '\n' ' ')
check "append: versions 1 and 2 hold 25 and 50 rows ($vers)" [ "$vers" = "1 25 2 50 " ]
"$TPCHGEN" -s 0.01 -f lance -T nation -o "$d/app" -q --overwrite || bad "overwrite"
vers=$(cd "$JS" && node versions_check.mjs lance "$d/app" nation 2>&1 | tr '\n' ' ')
check "overwrite: version 3 holds 25 rows, the old versions stay ($vers)" [ "$vers" = "1 25 2 50 3 25 " ]
rm -rf "$d"
finish
