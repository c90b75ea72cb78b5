#!/bin/bash
# The five big TPC-DS tables at SF 1 (store_sales 2.9M rows, catalog_sales
# 1.4M, web_sales 0.7M, inventory 11.7M, customer_demographics 1.9M), which
# 84_tpcds_sf1_formats.sh reads back as .dat, Parquet and Lance only, in the
# other formats:
#   - the .dat files' md5 equal dsdgen's (tests/golden/tpcds/checksums-sf1.txt);
#   - the reference is taken from those .dat files (tests/py/
#     tpcds_formats_check.py ref-dat: pyarrow.csv with the kit's types, each
#     column's digest in row order, NULL and empty-string counts, NULLs equal
#     to dsdgen's column statistics);
#   - every column read back equals it (digest, NULLs, empty strings, type,
#     nullability): CSV through DuckDB, ORC through pyarrow.orc and Apache ORC
#     Java, Iceberg through pyiceberg, Paimon through pypaimon and Java
#     Paimon, each table in one streaming pass (check --stream); and in
#     Lance (pylance) the three 84 does not read (catalog_sales, web_sales,
#     inventory), so that every table is read back in every format at SF 1.
# Each format's files are removed once read, so the run needs about 2.6 GB
# of TPCH_TMP at most.
. "$(dirname "$0")/lib.sh"
CHECK=$TPCH_ROOT/tests/py/tpcds_formats_check.py
BIG=store_sales,catalog_sales,web_sales,inventory,customer_demographics
d=$TPCH_TMP/tpcds-sf1-big
rm -rf "$d"
format_readers

LANCE=catalog_sales,web_sales,inventory
"$TPCHGEN" tpcds -s 1 -T $BIG -f tbl,csv,orc -o "$d/a" -q --no-fsync || bad "generate SF 1 .dat, CSV, ORC"
"$TPCHGEN" tpcds -s 1 -T $LANCE -f lance -o "$d/a" -q --no-fsync || bad "generate SF 1 as Lance"
for t in ${BIG//,/ }; do
  want=$(awk -v t="$t" '$1 == "sf1" && $2 == t { print $3, $4, $5 }' "$GOLDEN/tpcds/checksums-sf1.txt")
  got=$(measure "$d/a/$t.dat")
  if [ "$got" = "$want" ]; then ok; else bad "SF 1 $t.dat differs from dsdgen: $got"; fi
done
count "$PY" "$CHECK" ref-dat --dir "$d/a" --out "$d/ref.json" --tables $BIG \
  --stats "$GOLDEN/tpcds/column-stats-sf1.tsv" --keys "$GOLDEN/tpcds/keys.tsv"
rm -f "$d"/a/*.dat
count "$PY" "$CHECK" check --stream --dir "$d/a" --ref "$d/ref.json" --formats csv --tables $BIG
rm -f "$d"/a/*.csv
count "$PY" "$CHECK" check --stream --dir "$d/a" --ref "$d/ref.json" --formats lance --tables $LANCE
rm -rf "$d"/a/*.lance
count "$PY" "$CHECK" check --stream --dir "$d/a" --ref "$d/ref.json" --formats orc --tables $BIG \
  --orc-java "$ORC_JAR:$classes"
rm -rf "$d/a"

"$TPCHGEN" tpcds -s 1 -T $BIG -f iceberg -o "$d/ice" -q --no-fsync || bad "generate SF 1 as Iceberg"
count "$PY" "$CHECK" check --stream --dir "$d/ice" --ref "$d/ref.json" --formats iceberg --tables $BIG
rm -rf "$d/ice"
"$TPCHGEN" tpcds -s 1 -T $BIG -f paimon -o "$d/pai" -q --no-fsync || bad "generate SF 1 as Paimon"
count "$PYP" "$CHECK" check --stream --dir "$d/pai" --ref "$d/ref.json" --formats paimon --tables $BIG \
  --paimon-java "$CP"
rm -rf "$d"
finish
