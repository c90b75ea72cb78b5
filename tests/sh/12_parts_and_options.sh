#!/bin/bash
# Parts concatenate to the whole table (and follow dbgen's -C/-S split),
# output is the same for any thread count, --stdout equals the file,
# --max-rows cuts the table, CSV has its header.
. "$(dirname "$0")/lib.sh"
tables="region nation supplier customer part partsupp orders lineitem"
d=$TPCH_TMP/parts
rm -rf "$d"
for k in 1 2 3; do
  "$TPCHGEN" -s 0.1 --parts 3 --part $k -o "$d" -q || bad "part $k exited $?"
done
for t in $tables; do
  case $t in
    nation | region)
      check "$t is written whole, unsuffixed, by part 1 only" [ -f "$d/$t.tbl" -a ! -e "$d/$t.tbl.2" ]
      got=$(measure "$d/$t.tbl") ;;
    *)
      got=$(cat "$d/$t.tbl.1" "$d/$t.tbl.2" "$d/$t.tbl.3" > "$d/$t.all" && measure "$d/$t.all") ;;
  esac
  want=$(golden 0.1 "$t")
  if [ "$got" = "$want" ]; then ok; else bad "SF 0.1 $t parts 1..3 concatenated: got '$got', dbgen '$want'"; fi
done
# dbgen's split: equal shares, the last part takes the remainder (20000 parts / 3).
check "part.tbl.1 has 6666 rows" [ "$(wc -l < "$d/part.tbl.1")" = 6666 ]
check "part.tbl.3 has 6668 rows" [ "$(wc -l < "$d/part.tbl.3")" = 6668 ]
check "partsupp.tbl.2 has 4 x 6666 rows" [ "$(wc -l < "$d/partsupp.tbl.2")" = 26664 ]
check "lineitem.tbl.1 starts at order 1" [ "$(head -c 2 "$d/lineitem.tbl.1")" = "1|" ]
# More parts than rows: empty parts are empty files, and the whole still adds up.
e=$TPCH_TMP/parts-many
rm -rf "$e"
for k in 1 2 3 4 5 6 7; do "$TPCHGEN" -s 0.0001 -T supplier --parts 7 --part $k -o "$e" -q || bad "tiny part $k"; done
check "7 parts of a 1-row table: parts 1..6 empty" [ ! -s "$e/supplier.tbl.1" -a ! -s "$e/supplier.tbl.6" ]
check "the last part holds the row" [ "$(cat "$e"/supplier.tbl.* | wc -l)" = 1 ]

# Thread count does not change a byte.
for j in 1 2 7; do
  rm -rf "$TPCH_TMP/j$j"
  "$TPCHGEN" -s 0.1 -T lineitem,orders,partsupp -f tbl,csv -j $j -o "$TPCH_TMP/j$j" -q || bad "-j $j exited $?"
done
for f in lineitem.tbl orders.tbl partsupp.tbl lineitem.csv orders.csv; do
  check "$f identical for -j 1, 2, 7" cmp -s "$TPCH_TMP/j1/$f" "$TPCH_TMP/j2/$f"
  check "$f identical for -j 1, 7" cmp -s "$TPCH_TMP/j1/$f" "$TPCH_TMP/j7/$f"
done

# The C++ tool's flags are accepted and change no byte.
rm -rf "$TPCH_TMP/compat"
"$TPCHGEN" -s 0.1 -T lineitem,orders,partsupp -f tbl,csv -j 2 --parallel --parallel-tables 1 --zero-copy \
  --zero-copy-mode async -o "$TPCH_TMP/compat" -q
check "--parallel --parallel-tables 1 --zero-copy --zero-copy-mode are accepted" [ $? = 0 ]
for f in lineitem.tbl orders.tbl partsupp.csv; do
  check "$f identical with --parallel-tables 1" cmp -s "$TPCH_TMP/j1/$f" "$TPCH_TMP/compat/$f"
done
rm -rf "$TPCH_TMP/compat"

# --stdout gives the file's bytes; --table is -T.
"$TPCHGEN" -s 0.1 --table orders --stdout > "$TPCH_TMP/orders.stdout" 2>/dev/null
check "--stdout equals the file" cmp -s "$TPCH_TMP/orders.stdout" "$TPCH_TMP/j1/orders.tbl"
"$TPCHGEN" -s 0.1 -T orders -f csv --stdout > "$TPCH_TMP/orders.csv.stdout" 2>/dev/null
check "--stdout csv equals the file" cmp -s "$TPCH_TMP/orders.csv.stdout" "$TPCH_TMP/j1/orders.csv"

# CSV: a header line and the same rows as tbl.
check "lineitem.csv header" [ "$(head -n 1 "$TPCH_TMP/j1/lineitem.csv")" = "l_orderkey,l_partkey,l_suppkey,l_linenumber,l_quantity,l_extendedprice,l_discount,l_tax,l_returnflag,l_linestatus,l_shipdate,l_commitdate,l_receiptdate,l_shipinstruct,l_shipmode,l_comment" ]
check "lineitem.csv has 600572 rows + header" [ "$(wc -l < "$TPCH_TMP/j1/lineitem.csv")" = 600573 ]
check "quantity has two decimals in CSV" grep -q '^1,155190,7706,1,17.00,\|^1,15519,' "$TPCH_TMP/j1/lineitem.csv"
check "a comment with a comma is quoted" grep -q ',"[^"]*,[^"]*"$' "$TPCH_TMP/j1/orders.csv"

# --max-rows: the first N rows of each table.
m=$TPCH_TMP/maxrows
rm -rf "$m"
"$TPCHGEN" -s 0.1 --max-rows 100 -o "$m" -q || bad "--max-rows exited $?"
for t in $tables; do
  n=100
  [ $t = nation ] && n=25
  [ $t = region ] && n=5
  check "--max-rows 100: $t has $n rows" [ "$(wc -l < "$m/$t.tbl")" = $n ]
done
check "--max-rows lineitem is the head of the table" cmp -s "$m/lineitem.tbl" <(head -n 100 "$TPCH_TMP/j1/lineitem.tbl")
check "--max-rows partsupp is the head of the table" cmp -s "$m/partsupp.tbl" <(head -n 100 "$TPCH_TMP/j1/partsupp.tbl")

# A summary line per table, nothing with -q.
"$TPCHGEN" -s 0.01 -T nation -o "$TPCH_TMP/summary" > "$TPCH_TMP/summary.txt" 2>&1
check "summary names the table and row count" grep -q '^nation *tbl *25 ' "$TPCH_TMP/summary.txt"
check "summary has a total" grep -q '^total ' "$TPCH_TMP/summary.txt"
out=$("$TPCHGEN" -s 0.01 -T nation -o "$TPCH_TMP/summary" --overwrite -q 2>&1)
check "-q prints nothing" [ -z "$out" ]
# The progress line: on a terminal only, never with -q or into a file.
p=$TPCH_TMP/progress
rm -rf "$p"
script -qec "'$TPCHGEN' -s 0.1 -T lineitem -o '$p/a'" /dev/null > "$TPCH_TMP/tty.txt" 2>&1
check "a terminal gets a live progress line" grep -q $'\r.*\[[0-9]/1 tables\].*rows/s' "$TPCH_TMP/tty.txt"
script -qec "'$TPCHGEN' -s 0.1 -T lineitem -o '$p/b' -q" /dev/null > "$TPCH_TMP/tty-q.txt" 2>&1
check "-q silences it" [ ! -s "$TPCH_TMP/tty-q.txt" ]
"$TPCHGEN" -s 0.1 -T lineitem -o "$p/c" 2> "$TPCH_TMP/notty.txt" > /dev/null
check "no progress when stderr is not a terminal" [ ! -s "$TPCH_TMP/notty.txt" ]
"$TPCHGEN" -s 0.1 -T lineitem -o "$p/d" --progress -q 2> "$TPCH_TMP/forced.txt"
check "--progress forces it" grep -q 'tables\]' "$TPCH_TMP/forced.txt"
rm -rf "$d" "$e" "$m" "$p" "$TPCH_TMP"/j[127] "$TPCH_TMP/summary"
finish
