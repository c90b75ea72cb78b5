#!/bin/bash
# N processes started at once, each writing one part of every table into
# the same output directory (as a scheduler would run them), give the same
# data as one process: tbl and CSV byte for byte, Parquet, Lance and Iceberg
# through their independent readers against the same reference digests and
# query answers that the single-process output matches.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/concurrent
rm -rf "$d"
N=4
"$TPCHGEN" -s 0.1 -f tbl,csv -o "$d/single" -q || bad "single process"
seq 1 $N | xargs -P $N -I K "$TPCHGEN" -s 0.1 -f tbl,csv,parquet,lance,iceberg --parts $N --part K \
  -o "$d/parts" -q -j 1 --lance-rows-per-file 50000 --row-group-rows 40000
check "all $N parts succeeded" [ $? = 0 ]
"$TPCHGEN" commit -f iceberg -o "$d/parts" -q || bad "tpchgen commit"
for t in supplier customer part partsupp orders lineitem; do
  check "$t.tbl: parts 1..$N concatenated equal the single-process file" \
    cmp -s <(for k in $(seq 1 $N); do cat "$d/parts/$t.tbl.$k"; done) "$d/single/$t.tbl"
  check "$t.csv: parts 1..$N (headers dropped) equal the single-process rows" \
    cmp -s <(for k in $(seq 1 $N); do tail -n +2 "$d/parts/$t/$t.$k.csv"; done) <(tail -n +2 "$d/single/$t.csv")
done
for t in nation region; do
  check "$t.tbl written once, whole" cmp -s "$d/parts/$t.tbl" "$d/single/$t.tbl"
done
tpch_check tbl "$d/single" 0.1 --no-queries
tpch_check parquet "$d/parts" 0.1 --parts
tpch_check lance "$d/parts" 0.1
tpch_check iceberg "$d/parts" 0.1 --no-queries
rm -rf "$d"
finish
