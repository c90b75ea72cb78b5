#!/bin/bash
# TPC-DS .dat files against dsdgen 2.10: every dimension table and inventory
# at SF 1 and SF 2 (md5, rows, bytes; the sales and returns tables are
# checked whole in 84_tpcds_sf1_formats.sh and 83_tpcds_sf2_sales.sh), a
# returns table alone, dsdgen's -PARALLEL/-CHILD split, the same bytes with
# -j 1 and -j 2, and clear refusals of bad arguments.
. "$(dirname "$0")/lib.sh"
G=$GOLDEN/tpcds
out=$TPCH_TMP/tpcds
rm -rf "$out"
ref() { awk -v l="$1" -v t="$2" '$1 == l && $2 == t { print $3, $4, $5 }' "$3"; }

available=$("$TPCHGEN" tpcds -h | sed -n 's/^Tables generated so far: //p' | tr -d '.' | tr ',' ' ')
check "all 24 TPC-DS tables are available" [ "$(echo "$available" | wc -w)" = 24 ]
# the sales and returns tables (hundreds of MB) are left to the 8x scripts
dims=$(echo "$available" | tr ' ' '\n' | grep -Ev '_(sales|returns)$' | paste -sd, -)

for sf in 1 2; do
  "$TPCHGEN" tpcds -s $sf -T "$dims" -o "$out/sf$sf" -q --no-fsync || bad "tpchgen tpcds -s $sf exited $?"
  for t in ${dims//,/ }; do
    want=$(ref sf$sf "$t" "$G/checksums-sf$sf.txt")
    [ -n "$want" ] || { [ $sf = 2 ] && continue; }
    got=$(measure "$out/sf$sf/$t.dat" 2>/dev/null)
    if [ "$got" = "$want" ]; then ok; else bad "SF $sf $t: got '$got', dsdgen '$want'"; fi
  done
done

# -j does not change a byte (customer_demographics has 59 chunks)
"$TPCHGEN" tpcds -s 1 -T customer_demographics,date_dim,item -j 1 -o "$out/j1" -q --no-fsync || bad "-j 1 exited $?"
for t in customer_demographics date_dim item; do
  check "-j 1 and -j 2 give the same $t" cmp -s "$out/j1/$t.dat" "$out/sf1/$t.dat"
done

# a returns table on its own (dsdgen writes it only with its sales table),
# by ticket chunks: the same bytes with -j 1 and -j 2
for j in 1 2; do
  "$TPCHGEN" tpcds -s 1 -T web_returns -j $j -o "$out/wr$j" -q --no-fsync || bad "web_returns -j $j exited $?"
done
got=$(measure "$out/wr1/web_returns.dat" 2>/dev/null)
want=$(ref sf1 web_returns "$G/checksums-sf1.txt")
if [ "$got" = "$want" ]; then ok; else bad "SF 1 web_returns: got '$got', dsdgen '$want'"; fi
check "-j 1 and -j 2 give the same web_returns" cmp -s "$out/wr1/web_returns.dat" "$out/wr2/web_returns.dat"
# with its sales table, in text, one pass makes both (engine.h: companion):
# the same bytes as on its own, also when --parallel-tables leaves room for
# only the pair, and in CSV (--parallel-tables 1: two passes)
"$TPCHGEN" tpcds -s 1 -T web_sales,web_returns,item -f tbl,csv -j 2 --parallel-tables 2 -o "$out/pair" -q \
  --no-fsync || bad "web_sales,web_returns --parallel-tables 2 exited $?"
"$TPCHGEN" tpcds -s 1 -T web_sales,web_returns -f csv -j 2 --parallel-tables 1 -o "$out/nopair" -q --no-fsync ||
  bad "web_sales,web_returns --parallel-tables 1 exited $?"
check "web_returns from the sales pass equals web_returns alone" \
  cmp -s "$out/pair/web_returns.dat" "$out/wr1/web_returns.dat"
got=$(measure "$out/pair/web_sales.dat" 2>/dev/null)
want=$(ref sf1 web_sales "$G/checksums-sf1.txt")
if [ "$got" = "$want" ]; then ok; else bad "SF 1 web_sales with its returns: got '$got', dsdgen '$want'"; fi
check "web_returns.csv the same from one pass and from two" \
  cmp -s "$out/pair/web_returns.csv" "$out/nopair/web_returns.csv"
rm -rf "$out/pair" "$out/nopair"

# --parts 3 --part k: dsdgen's -PARALLEL 3 -CHILD k files, concatenating to the whole
for k in 1 2 3; do
  "$TPCHGEN" tpcds -s 1 -T customer_demographics,income_band,web_returns --parts 3 --part $k -o "$out/p3" -q \
    --no-fsync || bad "--part $k exited $?"
  f=customer_demographics_${k}_3
  got=$(measure "$out/p3/$f.dat" 2>/dev/null)
  want=$(ref sf1-P3 "$f" "$G/checksums-parts.txt")
  if [ "$got" = "$want" ]; then ok; else bad "part $k of 3: got '$got', dsdgen '$want'"; fi
done
check "parts concatenate to the whole table" \
  cmp -s <(cat "$out"/p3/customer_demographics_{1,2,3}_3.dat) "$out/sf1/customer_demographics.dat"
check "small tables are written whole by part 1" cmp -s "$out/p3/income_band_1_3.dat" "$out/sf1/income_band.dat"
check "and by no other part" [ ! -e "$out/p3/income_band_2_3.dat" ]
# at SF 1 there are 60,000 web orders: under dsdgen's 1,000,000, so whole by part 1
check "web_returns whole in part 1" cmp -s "$out/p3/web_returns_1_3.dat" "$out/wr1/web_returns.dat"
check "and in no other part" [ ! -e "$out/p3/web_returns_3_3.dat" ]

# refusals: one line on stderr, exit 2, nothing written
for args in "-T nosuch" "-s 0.005" "-s 1.5" "-s 0" "-f nosuch" "--parts 2" "--max-rows 5"; do
  rm -rf "$out/bad"
  # shellcheck disable=SC2086
  err=$("$TPCHGEN" tpcds $args -o "$out/bad" 2>&1 >/dev/null)
  rc=$?
  check "tpcds $args exits 2 (got $rc)" [ $rc = 2 ]
  check "tpcds $args prints one error line" [ "$(echo "$err" | wc -l)" = 1 ] 
  check "tpcds $args writes nothing" [ -z "$(ls "$out/bad" 2>/dev/null)" ]
done
rm -rf "$out"
finish
