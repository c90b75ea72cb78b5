#!/bin/bash
# SIGTERM and SIGINT are honoured during a long start-up, not only between
# batches: tpchgen exits 130 within seconds and leaves no file under a final
# name. The long start-ups: refresh set 60 at SF 100000 walks the 64-bit
# l_partkey stream over 59 sets of 150 million orders (minutes) before its
# first row; and parts deep inside lineitem at SF 100000 and 30000 (a minute
# of rows each). The signal is sent
# once the process has its handler installed and has used a second of CPU
# time (so it is past the pool and inside the walk or the rows); the bound on
# the exit is generous (the machine may be loaded), the work it cuts short is
# minutes long. tests/c/test_gen_tables.c checks the same loops (the text pool
# build too) through the library's cancel flag.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/signals
rm -rf "$d"
mkdir -p "$d"
tck=$(getconf CLK_TCK)

# caught PID SIG: the process has a handler for signal number SIG
caught() {
  local hex
  hex=$(awk '$1 == "SigCgt:" { print $2 }' "/proc/$1/status" 2>/dev/null)
  [ -n "$hex" ] && (((16#$hex >> ($2 - 1)) & 1))
}
# cpu_ticks PID: user + system time so far
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# interrupt NAME SIGNAL SIGNUM OUTDIR COMMAND...: starts COMMAND, signals it
# when ready, checks the exit status, the time to exit and the output dir.
interrupt() {
  local name=$1 sig=$2 num=$3 out=$4
  shift 4
  "$@" -o "$out" -q 2>"$d/err" &
  local pid=$! ready=0
  for _ in $(seq 1 1200); do # up to 2 minutes to start
    if caught $pid "$num" && [ "$(cpu_ticks $pid)" -ge "$tck" ]; then ready=1; break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  check "$name: running with its handler after 1 s of CPU" [ $ready = 1 ]
  local t0 rc
  t0=$(date +%s%N)
  kill -"$sig" $pid
  wait $pid
  rc=$?
  local ms=$((($(date +%s%N) - t0) / 1000000))
  check "$name: SIG$sig gives exit 130 (got $rc: $(head -c 200 "$d/err"))" [ $rc = 130 ]
  check "$name: exited ${ms} ms after SIG$sig (bound 15 s)" [ $ms -lt 15000 ]
  check "$name: one error line ($(cat "$d/err"))" [ "$(wc -l <"$d/err")" = 1 ]
  local left
  left=$(find "$out" -type f 2>/dev/null | head -n 5)
  check "$name: no file left (found: $left)" [ -z "$left" ]
}

interrupt "refresh set 60, SF 100000" TERM 15 "$d/r1" \
  "$TPCHGEN" refresh -s 100000 --set 60 --parts 1000 --part 1 -j 2
interrupt "refresh set 60, SF 100000" INT 2 "$d/r2" \
  "$TPCHGEN" refresh -s 100000 --set 60 --parts 1000 --part 1 -j 1 -f parquet
interrupt "lineitem part 5000 of 10000, SF 100000" TERM 15 "$d/p1" \
  "$TPCHGEN" -s 100000 -T lineitem --parts 10000 --part 5000 -j 2 -f tbl,lance
interrupt "lineitem part 9999 of 10000, SF 30000" INT 2 "$d/p2" \
  "$TPCHGEN" -s 30000 -T lineitem --parts 10000 --part 9999 -j 1 -f parquet,iceberg
# TPC-DS runs on the same engine: a signal in the middle of the sales
# tables (a sales table and its returns, .dat and Parquet) or of inventory
# ends the run the same way; SIGHUP (a closed terminal) as SIGINT.
interrupt "tpcds store_sales, SF 100" TERM 15 "$d/d1" \
  "$TPCHGEN" tpcds -s 100 -T store_sales,store_returns -j 2
interrupt "tpcds catalog_sales, SF 100" INT 2 "$d/d2" \
  "$TPCHGEN" tpcds -s 100 -T catalog_sales -j 1 -f parquet,tbl
interrupt "tpcds inventory, SF 100" HUP 1 "$d/d3" \
  "$TPCHGEN" tpcds -s 100 -T inventory -j 2 -f tbl
rm -rf "$d"
finish
