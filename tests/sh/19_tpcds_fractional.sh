#!/bin/bash
# TPC-DS at fractional scales (0.01 <= SF < 1; docs/tpcds.md, "Fractional
# scales"), which dsdgen cannot generate, checked for invariants:
#   - every table's rows at SF 0.01 and 0.1 as in tests/golden/tpcds/
#     rows-fractional.txt (the rule's counts; at SF 0.01 those of DuckDB's
#     dsdgen for all but the returns tables);
#   - DuckDB over the .dat files: every primary key unique and not NULL,
#     every foreign key of the kit's RI script resolved, every returned line
#     a line sold (tests/py/tpcds_keys_check.py), and that check fails when
#     an item row is missing;
#   - the same bytes with -j 1 and -j 2 (.dat, and Parquet in small row
#     groups), a returns table alone equal to the one written with the rest,
#     --parts 3 (every table is under dsdgen's 1,000,000 units: part 1 writes
#     it whole, parts 2 and 3 nothing);
#   - refusals: below 0.01, more than 6 decimals, 1.5.
. "$(dirname "$0")/lib.sh"
PY=$TPCH_ROOT/tests/py/.venv/bin/python
G=$GOLDEN/tpcds
d=$TPCH_TMP/tpcds-frac
rm -rf "$d"
check "Python readers are installed (scripts/install-deps.sh --npm)" [ -x "$PY" ]
keys() { "$PY" "$TPCH_ROOT/tests/py/tpcds_keys_check.py" --keys "$G/keys.tsv" --columns "$G/column-stats-sf1.tsv" "$@"; }

for sf in 0.01 0.1; do
  "$TPCHGEN" tpcds -s $sf -j 2 -o "$d/$sf" -q --no-fsync || bad "tpchgen tpcds -s $sf exited $?"
  check "SF $sf: 24 tables" [ "$(ls "$d/$sf"/*.dat | wc -l)" = 24 ]
  count keys --dir "$d/$sf" --rows "$G/rows-fractional.txt" --label sf$sf
done

# the key check can fail: item without its last row leaves sales lines dangling
mkdir -p "$d/cut"
head -n -1 "$d/0.01/item.dat" >"$d/cut/item.dat"
cp "$d/0.01/store_sales.dat" "$d/cut/"
keys --dir "$d/cut" >"$d/cut.log" 2>&1
check "a missing item row is found (exit $?)" grep -q "^FAIL store_sales.ss_item_sk -> item" "$d/cut.log"

# -j does not change a byte
"$TPCHGEN" tpcds -s 0.1 -j 1 -o "$d/j1" -q --no-fsync || bad "-j 1 exited $?"
for f in "$d"/0.1/*.dat; do
  check "SF 0.1 $(basename "$f"): -j 1 and -j 2 give the same bytes" cmp -s "$f" "$d/j1/$(basename "$f")"
done
for j in 1 2; do
  "$TPCHGEN" tpcds -s 0.1 -T store_sales,customer,web_returns -f parquet --row-group-rows 20000 -j $j \
    -o "$d/pq$j" -q --no-fsync || bad "Parquet -j $j exited $?"
done
for t in store_sales customer web_returns; do
  check "SF 0.1 $t.parquet: -j 1 and -j 2 give the same bytes" cmp -s "$d/pq1/$t.parquet" "$d/pq2/$t.parquet"
done

# a returns table on its own
"$TPCHGEN" tpcds -s 0.1 -T catalog_returns -o "$d/cr" -q --no-fsync || bad "catalog_returns alone exited $?"
check "catalog_returns alone equals the one written with catalog_sales" \
  cmp -s "$d/cr/catalog_returns.dat" "$d/0.1/catalog_returns.dat"

# --parts 3: all in part 1
for k in 1 2 3; do
  "$TPCHGEN" tpcds -s 0.1 -T customer_demographics,inventory,store_sales,store_returns --parts 3 --part $k \
    -o "$d/p3" -q --no-fsync || bad "--part $k exited $?"
done
for t in customer_demographics inventory store_sales store_returns; do
  check "SF 0.1 $t: part 1 of 3 is the whole table" cmp -s "$d/p3/${t}_1_3.dat" "$d/0.1/$t.dat"
  check "SF 0.1 $t: parts 2 and 3 write nothing" [ ! -e "$d/p3/${t}_2_3.dat" -a ! -e "$d/p3/${t}_3_3.dat" ]
done

# refusals: one line on stderr, exit 2, nothing written
for s in 0.009 0.0123456 1.5 -0.1; do
  rm -rf "$d/bad"
  err=$("$TPCHGEN" tpcds -s $s -o "$d/bad" 2>&1 >/dev/null)
  rc=$?
  check "tpcds -s $s exits 2 (got $rc)" [ $rc = 2 ]
  check "tpcds -s $s prints one error line" [ "$(echo "$err" | wc -l)" = 1 ]
  check "tpcds -s $s writes nothing" [ -z "$(ls "$d/bad" 2>/dev/null)" ]
done
rm -rf "$d"
finish
