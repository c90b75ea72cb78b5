#!/bin/bash
# TPC-H as Iceberg tables, read by icebird (an independent Iceberg reader):
# schema with field ids and canonical types, every column's digest and the
# 22 query answers at SF 0.01, whole and from parts joined by 'tpchgen commit'.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/tpch-iceberg
rm -rf "$d"
"$TPCHGEN" -s 0.01 -f iceberg -o "$d/sf001" -q || bad "generate SF 0.01"
tpch_check iceberg "$d/sf001" 0.01
for k in 2 1 3; do "$TPCHGEN" -s 0.01 -f iceberg --parts 3 --part $k -o "$d/parts" -q || bad "part $k"; done
check "parts leave pending data files" [ "$(ls "$d/parts/orders/data/"*.pending | wc -l)" = 3 ]
"$TPCHGEN" -s 0.01 -f iceberg --parts 3 --part 2 -o "$d/parts" -q 2>"$d/err"
check "re-running a pending part is refused ($(cat "$d/err"))" grep -q "part 2 of supplier is already written.*--overwrite" "$d/err"
"$TPCHGEN" -s 0.01 -f iceberg --parts 3 --part 2 -o "$d/parts" -q --overwrite || bad "re-run part 2 with --overwrite"
check "with --overwrite the part is replaced, not added twice" [ "$(ls "$d/parts/orders/data/"*.pending | wc -l)" = 3 -a "$(ls "$d/parts/orders/data/"*.parquet | wc -l)" = 3 ]
"$TPCHGEN" commit -f iceberg -o "$d/parts" -q || bad "tpchgen commit"
check "commit consumes the pending files" [ -z "$(ls "$d/parts/orders/data/" | grep pending)" ]
tpch_check iceberg "$d/parts" 0.01
# DuckDB reads every data file; the manifests' counts and bounds match the data.
count node "$JS/iceberg_tpch_manifests.mjs" "$d/sf001"
count node "$JS/iceberg_tpch_manifests.mjs" "$d/parts"
# Negative control: swap one part's data file for another's; the check must object.
for k in 1 2; do "$TPCHGEN" -s 0.01 -f iceberg -T orders --parts 2 --part $k -o "$d/neg" -q; done
"$TPCHGEN" commit -f iceberg -T orders -o "$d/neg" -q
cp "$(ls "$d/neg/orders/data/"part-00002-*.parquet)" "$(ls "$d/neg/orders/data/"part-00001-*.parquet)"
(cd "$JS" && node iceberg_tpch_manifests.mjs "$d/neg" orders) > "$d/neg.log" 2>&1
check "a data file that does not match its manifest entry is reported" grep -q "FAIL .*record_count = DuckDB count\|FAIL .*file_size_in_bytes" "$d/neg.log"
"$TPCHGEN" -s 0.1 -f iceberg -o "$d/sf01" -q || bad "generate SF 0.1"
tpch_check iceberg "$d/sf01" 0.1
# --overwrite makes a second snapshot; the first stays in the metadata log.
"$TPCHGEN" -s 0.01 -f iceberg -T nation -o "$d/sf001" -q --overwrite || bad "overwrite"
check "overwrite wrote v2.metadata.json" [ -f "$d/sf001/nation/metadata/v2.metadata.json" -a "$(cat "$d/sf001/nation/metadata/version-hint.text")" = 2 ]
"$TPCHGEN" -s 0.01 -f iceberg -T nation -o "$d/sf001" -q 2>"$d/err"
check "existing table refused without --overwrite" grep -q "already exists" "$d/err"
# --mode append adds a snapshot; both snapshots stay readable.
"$TPCHGEN" -s 0.01 -f iceberg -T region -o "$d/app" -q || bad "create"
"$TPCHGEN" -s 0.01 -f iceberg -T region -o "$d/app" -q --mode append || bad "append"
snaps=$(cd "$JS" && node versions_check.mjs iceberg "$d/app" region 2>&1 | tr '\n' ' ')
check "append: snapshots 1 and 2 hold 5 and 10 rows ($snaps)" [ "$snaps" = "1 5 2 10 " ]
check "append wrote v2.metadata.json and kept v1" [ -f "$d/app/region/metadata/v1.metadata.json" -a -f "$d/app/region/metadata/v2.metadata.json" ]
rm -rf "$d"
finish
