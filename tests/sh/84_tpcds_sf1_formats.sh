#!/bin/bash
# TPC-DS SF 1 in every format, read back by independent readers and compared
# with the .dat files of the same run, whose md5 equal dsdgen's
# (tests/golden/tpcds/checksums-sf1.txt):
#   - all 24 tables as .dat and Parquet: DuckDB reads both (the kit's types,
#     every column's values equal, NULL-or-empty counts equal dsdgen's
#     column-stats-sf1.tsv); the Parquet columns (digest in row order, NULL
#     count, empty-string count) are the reference for the other formats
#     (tests/py/tpcds_formats_check.py; digests computed in Arrow as each
#     reader's record batches stream by, check --stream);
#   - the 19 tables under 1,000,000 rows (all but the three sales tables,
#     inventory and customer_demographics) in CSV (DuckDB), Lance (pylance),
#     ORC (pyarrow.orc and Apache ORC Java), Iceberg (pyiceberg) and Paimon
#     (pypaimon and Java Paimon), and store_sales and customer_demographics
#     in Lance too;
#   - customer_demographics (dsdgen splits it) in 3 parts: the Lance dataset
#     and the Iceberg and Paimon tables joined by 'tpchgen tpcds commit'
#     equal the whole table;
#   - the queries of tests/queries-tpcds give the same answers over the
#     .dat files (loaded into DuckDB), the Parquet files and the Lance
#     datasets, equal to tests/golden/tpcds/answers-sf1.
# The big tables in CSV, ORC, Iceberg and Paimon are read back by
# 86_tpcds_sf1_big_formats.sh (a lane of its own).
. "$(dirname "$0")/lib.sh"
CHECK=$TPCH_ROOT/tests/py/tpcds_formats_check.py
d=$TPCH_TMP/tpcds-sf1-formats
rm -rf "$d"
format_readers

SMALL=call_center,catalog_page,catalog_returns,customer,customer_address,date_dim,household_demographics
SMALL=$SMALL,income_band,item,promotion,reason,ship_mode,store,store_returns,time_dim,warehouse,web_page
SMALL=$SMALL,web_returns,web_site
"$TPCHGEN" tpcds -s 1 -f tbl,parquet -o "$d/a" -q --no-fsync || bad "generate SF 1"
"$TPCHGEN" tpcds -s 1 -T $SMALL -f csv,lance,orc -o "$d/a" -q --no-fsync || bad "generate SF 1 CSV, Lance, ORC"
"$TPCHGEN" tpcds -s 1 -T store_sales,customer_demographics -f lance -o "$d/a" -q --no-fsync || bad "Lance"
"$TPCHGEN" tpcds -s 1 -T $SMALL -f iceberg -o "$d/ice" -q --no-fsync || bad "generate SF 1 as Iceberg"
"$TPCHGEN" tpcds -s 1 -T $SMALL -f paimon -o "$d/pai" -q --no-fsync || bad "generate SF 1 as Paimon"
for f in "$d"/a/*.dat; do
  t=$(basename "$f" .dat)
  want=$(awk -v t="$t" '$1 == "sf1" && $2 == t { print $3, $4, $5 }' "$GOLDEN/tpcds/checksums-sf1.txt")
  got=$(measure "$f")
  if [ "$got" = "$want" ]; then ok; else bad "SF 1 $t.dat differs from dsdgen: $got"; fi
done
check "24 tables" [ "$(ls "$d"/a/*.dat | wc -l)" = 24 ]

count "$PY" "$CHECK" ref --dir "$d/a" --out "$d/ref.json" --stats "$GOLDEN/tpcds/column-stats-sf1.tsv"
count "$PY" "$CHECK" check --stream --dir "$d/a" --ref "$d/ref.json" --formats csv,orc --orc-java "$ORC_JAR:$classes" \
  --tables $SMALL
count "$PY" "$CHECK" check --stream --dir "$d/a" --ref "$d/ref.json" --formats lance \
  --tables $SMALL,store_sales,customer_demographics
count "$PY" "$CHECK" check --stream --dir "$d/ice" --ref "$d/ref.json" --formats iceberg --tables $SMALL
count "$PYP" "$CHECK" check --stream --dir "$d/pai" --ref "$d/ref.json" --formats paimon --paimon-java "$CP" --tables $SMALL

# parts: dsdgen's -PARALLEL 3 split of customer_demographics (and reason, whole in part 1)
T=customer_demographics,reason
for k in 2 3 1; do
  for f in lance iceberg paimon; do
    "$TPCHGEN" tpcds -s 1 -T $T -f $f --parts 3 --part $k -o "$d/p-$f" -q --no-fsync || bad "$f part $k"
  done
done
check "Iceberg parts wait for the commit" [ -z "$(ls "$d/p-iceberg/customer_demographics/metadata/" 2>/dev/null | grep metadata.json)" ]
"$TPCHGEN" tpcds commit -f iceberg -T $T -o "$d/p-iceberg" -q || bad "tpchgen tpcds commit -f iceberg"
"$TPCHGEN" tpcds commit -f paimon -T $T -o "$d/p-paimon" -q || bad "tpchgen tpcds commit -f paimon"
count "$PY" "$CHECK" check --stream --dir "$d/p-lance" --ref "$d/ref.json" --formats lance --tables $T
count "$PY" "$CHECK" check --stream --dir "$d/p-iceberg" --ref "$d/ref.json" --formats iceberg --tables $T
count "$PYP" "$CHECK" check --stream --dir "$d/p-paimon" --ref "$d/ref.json" --formats paimon --tables $T \
  --paimon-java "$CP"

count "$PY" "$TPCH_ROOT/tests/py/tpcds_queries_check.py" --dir "$d/a" --golden "$GOLDEN/tpcds/answers-sf1"
rm -rf "$d"
finish
