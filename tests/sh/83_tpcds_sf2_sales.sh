#!/bin/bash
# The six TPC-DS sales and returns tables at SF 2 (interpolated row counts,
# 10 million lines) against dsdgen 2.10's md5, one sales/returns pair at a
# time so that at most ~0.9 GB is on disk. SF 1 is checked by
# 84_tpcds_sf1_formats.sh. About a minute on two loaded cores.
. "$(dirname "$0")/lib.sh"
G=$GOLDEN/tpcds
out=$TPCH_TMP/tpcds-sf2-sales
for pair in store_sales,store_returns catalog_sales,catalog_returns web_sales,web_returns; do
  rm -rf "$out"
  "$TPCHGEN" tpcds -s 2 -T "$pair" -o "$out" -q --no-fsync || bad "tpchgen tpcds -s 2 -T $pair exited $?"
  for t in ${pair//,/ }; do
    want=$(awk -v t="$t" '$1 == "sf2" && $2 == t { print $3, $4, $5 }' "$G/checksums-sf2.txt")
    got=$(measure "$out/$t.dat" 2>/dev/null)
    if [ -n "$want" ] && [ "$got" = "$want" ]; then ok; else bad "SF 2 $t: got '$got', dsdgen '$want'"; fi
  done
done
rm -rf "$out"
finish
