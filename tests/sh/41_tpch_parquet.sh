#!/bin/bash
# TPC-H as Parquet, read by independent readers: DuckDB checks the canonical
# types, every column's digest and the 22 query answers at SF 0.01 and 0.1
# (whole and in parts); hyparquet reads every table for each codec; the
# bytes do not depend on -j.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/tpch-parquet
rm -rf "$d"
"$TPCHGEN" -s 0.01 -f parquet -o "$d/sf001" -q || bad "generate SF 0.01"
"$TPCHGEN" -s 0.1 -f parquet -o "$d/sf01" -q -j 1 || bad "generate SF 0.1 -j 1"
"$TPCHGEN" -s 0.1 -f parquet -o "$d/sf01j2" -q -j 2 --row-group-rows 100000 || bad "generate SF 0.1 -j 2"
for k in 1 2 3; do "$TPCHGEN" -s 0.1 -f parquet --parts 3 --part $k -o "$d/sf01p" -q || bad "part $k"; done
tpch_check parquet "$d/sf001" 0.01
tpch_check parquet "$d/sf01" 0.1
tpch_check parquet "$d/sf01j2" 0.1
tpch_check parquet "$d/sf01p" 0.1 --parts
for c in zstd snappy none; do
  "$TPCHGEN" -s 0.01 -f parquet --compression $c -o "$d/c-$c" -q || bad "generate $c"
  tpch_check parquet "$d/c-$c" 0.01 --reader hyparquet --no-queries
done
# Same bytes for any thread count (same row groups).
for j in 1 3; do "$TPCHGEN" -s 0.1 -T lineitem,orders -f parquet -j $j --row-group-rows 50000 -o "$d/j$j" -q; done
check "lineitem.parquet identical for -j 1 and -j 3" cmp -s "$d/j1/lineitem.parquet" "$d/j3/lineitem.parquet"
check "orders.parquet identical for -j 1 and -j 3" cmp -s "$d/j1/orders.parquet" "$d/j3/orders.parquet"
# The writer's metadata as DuckDB sees it: zstd, several row groups, sorted key.
meta=$(cd "$JS" && node -e "
const { DuckDBInstance } = await import('@duckdb/node-api');
const c = await (await DuckDBInstance.create(':memory:')).connect();
const r = (await c.runAndReadAll(\"select count(distinct row_group_id), min(compression), max(compression), (select created_by from parquet_file_metadata('$d/j1/lineitem.parquet')) from parquet_metadata('$d/j1/lineitem.parquet')\")).getRows()[0];
console.log(r.map(String).join('|'));" --input-type=module 2>&1)
check "lineitem has 12 row groups (12500 orders each), zstd, created_by tpchgen-c ($meta)" \
  grep -q '^12|ZSTD|ZSTD|tpchgen-c version [0-9.]* (build ' <<<"$meta"
rm -rf "$d"
finish
