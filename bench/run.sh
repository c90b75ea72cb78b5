#!/bin/bash
# make bench: every format at SF 1 and SF 10 with -j 1 and -j 2, next to the
# tools a user would pick instead (DuckDB converting lineitem.tbl to Parquet,
# lancedb writing the same lineitem rows as Lance, pyarrow writing them as ORC),
# in the same run.
# Writes docs/BENCHMARKS.md. Not a test: nothing here passes or fails.
#
# Knobs (environment): BENCH_SFS="1 10", BENCH_RUNS=3 (runs per SF 1 cell;
# the median is reported), BENCH_RUNS_BIG=1 (runs per SF 10 cell),
# BENCH_DIR=/tmp/tpchgen-bench (scratch; needs ~40 GB free for SF 10),
# BENCH_OUT=docs/BENCHMARKS.md, BENCH_PERF=1 (profile with perf if present),
# BENCH_PEERS=1 (bench/peers.sh: beside tpchgen-cli and DuckDB's dbgen),
# BENCH_ONLY=kit (only issue 14's rows: refresh sets at SF 1 and parts of
# lineitem at SF 30000 and 100000; prints their table instead of writing
# docs/BENCHMARKS.md, unless BENCH_OUT is given), BENCH_ONLY=tpcds (only
# issue 16's rows: tpchgen tpcds at SF 1, .dat and Parquet, -j 2; printed the
# same way), BENCH_DSDGEN=/path/to/dsdgen (a dsdgen built outside the
# repository, tpcds.idx beside it: timed beside tpchgen tpcds).
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
B=${B:-build}
case "$B" in /*) ;; *) B=$ROOT/$B ;; esac
TPCHGEN=$B/tpchgen
SFS=${BENCH_SFS:-"1 10"}
RUNS=${BENCH_RUNS:-3}
RUNS_BIG=${BENCH_RUNS_BIG:-1}
DIR=${BENCH_DIR:-/tmp/tpchgen-bench}
ONLY=${BENCH_ONLY:-}
case "$ONLY" in "" | kit | tpcds) ;; *) echo "bench: BENCH_ONLY must be 'kit' or 'tpcds'" >&2; exit 2 ;; esac
OUT=${BENCH_OUT:-$ROOT/docs/BENCHMARKS.md}
[ -n "$ONLY" ] && OUT=${BENCH_OUT:-/dev/stdout}
PERF=${BENCH_PERF:-1}
FORMATS="tbl csv parquet lance iceberg paimon orc"
THREADS="1 2"
JS=$ROOT/tests/js
TIME=/usr/bin/time

[ -x "$TPCHGEN" ] || { echo "bench: build first ($TPCHGEN missing)" >&2; exit 1; }
[ -x "$TIME" ] || { echo "bench: /usr/bin/time missing (Debian package 'time')" >&2; exit 1; }
rm -rf "$DIR"
mkdir -p "$DIR"
export TPCHGEN_CACHE_DIR=$DIR/pool-cache
results=$DIR/results.tsv    # sf format threads run seconds rss_kb rows bytes
alts=$DIR/alternatives.tsv  # name run seconds rss_kb rows bytes
: > "$results"
: > "$alts"

log() { echo "bench: $*" >&2; }

# One timed tpchgen run: run_ours SF FORMAT THREADS RUN [extra args]
run_ours() {
  local sf=$1 fmt=$2 j=$3 run=$4
  shift 4
  rm -rf "$DIR/data"
  sync
  "$TIME" -f "%e %M" -o "$DIR/time.txt" "$TPCHGEN" -s "$sf" -f "$fmt" -j "$j" -o "$DIR/data" "$@" > "$DIR/summary.txt" 2>"$DIR/err.txt" ||
    { log "tpchgen -s $sf -f $fmt -j $j failed: $(cat "$DIR/err.txt")"; return 1; }
  local t rss rows bytes
  read -r t rss < <(tail -n 1 "$DIR/time.txt")
  rows=$(awk '$1 == "total" { print $2 }' "$DIR/summary.txt")
  bytes=$(du -sb "$DIR/data" | cut -f1)
  echo "$t $rss $rows $bytes"
}

# Warm the text pool cache once (a first run on a machine builds it: +0.4 s).
"$TPCHGEN" -s 0.01 -T nation -o "$DIR/warm" -q
rm -rf "$DIR/warm"

[ -n "$ONLY" ] && SFS="" # only issue 14's or 16's rows: no format cells, alternatives, peers or profile
for sf in $SFS; do
  n=$RUNS
  [ "$sf" != 1 ] && n=$RUNS_BIG
  for fmt in $FORMATS; do
    for j in $THREADS; do
      for r in $(seq 1 "$n"); do
        log "SF $sf $fmt -j $j run $r/$n"
        line=$(run_ours "$sf" "$fmt" "$j" "$r") && echo "$sf $fmt $j $r $line" >> "$results"
      done
    done
  done
done

# ---- the alternatives, on lineitem at SF 1 ---------------------------------------
if [ -z "$ONLY" ]; then
log "alternatives: lineitem SF 1"
for r in $(seq 1 "$RUNS"); do
  line=$(run_ours 1 parquet 2 "$r" -T lineitem) && echo "tpchgen-parquet $r $line" >> "$alts"
  line=$(run_ours 1 parquet 2 "$r" -T lineitem --no-fsync) && echo "tpchgen-parquet-nofsync $r $line" >> "$alts"
  line=$(run_ours 1 lance 2 "$r" -T lineitem) && echo "tpchgen-lance $r $line" >> "$alts"
  line=$(run_ours 1 lance 2 "$r" -T lineitem --no-fsync) && echo "tpchgen-lance-nofsync $r $line" >> "$alts"
  line=$(run_ours 1 lance 2 "$r" -T lineitem --lance-version 2.0) && echo "tpchgen-lance-2.0 $r $line" >> "$alts"
  line=$(run_ours 1 orc 2 "$r" -T lineitem) && echo "tpchgen-orc $r $line" >> "$alts"
  line=$(run_ours 1 orc 2 "$r" -T lineitem --no-fsync) && echo "tpchgen-orc-nofsync $r $line" >> "$alts"
done
rm -rf "$DIR/src"
"$TPCHGEN" -s 1 -T lineitem -f tbl,lance,parquet -o "$DIR/src" -q
for r in $(seq 1 "$RUNS"); do
  sync
  if "$TIME" -f "%e %M" -o "$DIR/time.txt" node "$JS/bench_duckdb_parquet.mjs" "$DIR/src/lineitem.tbl" "$DIR/duck.parquet" > "$DIR/duck.txt" 2>"$DIR/err.txt"; then
    read -r secs rows bytes < "$DIR/duck.txt"
    read -r t rss < <(tail -n 1 "$DIR/time.txt")
    echo "duckdb-parquet $r $secs $rss $rows $bytes" >> "$alts"
  else
    log "DuckDB conversion failed: $(cat "$DIR/err.txt")"
  fi
done
if "$TIME" -f "%e %M" -o "$DIR/time.txt" node "$JS/bench_lancedb_write.mjs" "$DIR/src" "$DIR/lancedb" > "$DIR/lancedb.txt" 2>"$DIR/err.txt"; then
  read -r t rss < <(tail -n 1 "$DIR/time.txt")
  while read -r name secs rows bytes; do echo "lancedb-$name 1 $secs $rss $rows $bytes" >> "$alts"; done < "$DIR/lancedb.txt"
  # bytes per column: ours (2.1) against lancedb's default writer
  "$ROOT/tests/py/.venv/bin/python" "$ROOT/tests/py/lance_column_bytes.py" "tpchgen-c=$DIR/src/lineitem.lance" \
    "lancedb=$DIR/lancedb/default/lineitem.lance" > "$DIR/colbytes.md" 2>"$DIR/err.txt" ||
    log "column bytes failed: $(cat "$DIR/err.txt")"
else
  log "lancedb write failed: $(cat "$DIR/err.txt")"
fi
for r in $(seq 1 "$RUNS"); do
  sync
  if "$TIME" -f "%e %M" -o "$DIR/time.txt" "$ROOT/tests/py/.venv/bin/python" "$ROOT/tests/py/bench_pyarrow_orc.py" \
    "$DIR/src/lineitem.parquet" "$DIR/pyarrow.orc" > "$DIR/pyorc.txt" 2>"$DIR/err.txt"; then
    read -r secs rows bytes < "$DIR/pyorc.txt"
    read -r t rss < <(tail -n 1 "$DIR/time.txt")
    echo "pyarrow-orc $r $secs $rss $rows $bytes" >> "$alts"
  else
    log "pyarrow ORC write failed: $(cat "$DIR/err.txt")"
  fi
done
rm -rf "$DIR/src" "$DIR/lancedb" "$DIR/duck.parquet" "$DIR/pyarrow.orc"

fi

# ---- beside tpchgen-cli and DuckDB's dbgen (bench/peers.sh) ---------------------------
peers=$DIR/peers.md
: > "$peers"
if [ "${BENCH_PEERS:-1}" = 1 ] && [ -z "$ONLY" ]; then
  log "peers: tpchgen-cli, tpchgen_c.table, DuckDB dbgen"
  BENCH_DIR=$DIR B=$B bench/peers.sh "$peers" || log "bench/peers.sh failed"
fi

# ---- where the time goes ------------------------------------------------------------
profile=$DIR/profile.txt
: > "$profile"
if [ "$PERF" = 1 ] && [ -z "$ONLY" ] && command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
  for fmt in $FORMATS; do
    rm -rf "$DIR/data"
    if perf record -q -e cpu-clock -o "$DIR/perf.data" "$TPCHGEN" -s 1 -T lineitem -f "$fmt" -j 1 -o "$DIR/data" -q 2>/dev/null; then
      {
        echo "#### $fmt (lineitem, SF 1, -j 1): share of CPU samples"
        echo
        echo '```'
        perf report -i "$DIR/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -5
        echo
        perf report -i "$DIR/perf.data" --no-children --sort sym --stdio 2>/dev/null | grep -E '^ +[0-9]' | grep -v '\] 0x0' | head -12
        echo '```'
        echo
      } >> "$profile"
    fi
  done
  rm -f "$DIR/perf.data"
fi
rm -rf "$DIR/data"

# ---- the TPC-H kit: refresh sets and parts of constant cost (issue 14) ---------------
kit=$DIR/kit.tsv  # name seconds
: > "$kit"
timed() { # name command... -> appends "name seconds"
  local name=$1
  shift
  rm -rf "$DIR/kitdata"
  "$TIME" -f "%e" -o "$DIR/kit-time.txt" "$@" -o "$DIR/kitdata" -q >/dev/null 2>"$DIR/err.txt" ||
    { log "$name failed: $(cat "$DIR/err.txt")"; return 0; }
  echo "$name $(tail -n 1 "$DIR/kit-time.txt")" >> "$kit"
}
[ "$ONLY" != tpcds ] && for r in $(seq 1 "$RUNS"); do
  timed refresh-sf1 "$TPCHGEN" refresh -s 1 --set 1 -j 2
  timed refresh-sf1-all-formats "$TPCHGEN" refresh -s 1 --set 1 -j 2 -f tbl,csv,parquet,lance,iceberg
done
[ "$ONLY" != tpcds ] && for sf in 30000 100000; do
  for k in 1 50000 100000; do
    timed "parts-sf$sf-k$k" "$TPCHGEN" -s $sf -T lineitem --parts 100000 --part $k -j 2 --no-fsync
  done
done
rm -rf "$DIR/kitdata"

# ---- TPC-DS (issue 16): all 24 tables at SF 1, -j 2, beside dsdgen -------------------
ds=$DIR/tpcds.tsv # name wall cpu rss_kb
: > "$ds"
ds_timed() { # name command... -> appends "name wall user+sys rss"
  local name=$1
  shift
  rm -rf "$DIR/dsdata"
  mkdir -p "$DIR/dsdata"
  "$TIME" -f "%e %U %S %M" -o "$DIR/ds-time.txt" "$@" >/dev/null 2>"$DIR/err.txt" ||
    { log "$name failed: $(cat "$DIR/err.txt")"; return 0; }
  echo "$name $(tail -n 1 "$DIR/ds-time.txt" | awk '{ print $1, $2 + $3, $4 }')" >> "$ds"
}
DSDGEN=${BENCH_DSDGEN:-}
if [ "$ONLY" != kit ]; then
  for r in $(seq 1 "$RUNS"); do
    ds_timed tpcds-dat "$TPCHGEN" tpcds -s 1 -j 2 -f tbl --no-fsync -q -o "$DIR/dsdata"
    ds_timed tpcds-parquet "$TPCHGEN" tpcds -s 1 -j 2 -f parquet --no-fsync -q -o "$DIR/dsdata"
  done
  if [ -n "$DSDGEN" ] && [ -x "$DSDGEN" ]; then
    (cd "$(dirname "$DSDGEN")" && ds_timed dsdgen "$DSDGEN" -SCALE 1 -DIR "$DIR/dsdata" -FORCE Y -QUIET Y)
  fi
  rm -rf "$DIR/dsdata"
fi
dst() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$ds" | median; }

kitt() { awk -v n="$1" '$1 == n { print $2 }' "$kit" | median; }

# ---- the report --------------------------------------------------------------------
ROWS_PER_S() { awk -v r="$1" -v s="$2" 'BEGIN { printf "%.2f M", r / s / 1e6 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cell() { # sf fmt j column -> median of that column
  awk -v sf="$1" -v f="$2" -v j="$3" -v c="$4" '$1 == sf && $2 == f && $3 == j { print $c }' "$results" | median
}
alt() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$alts" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "-" && a <= b) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "-" && a >= b) }'; }
verdict() { if "$@"; then echo "met"; else echo "**missed**"; fi; }

# The issue 14 table (also all that BENCH_ONLY=kit prints).
kit_report() {
  echo "## Targets (issue 14: refresh sets and parts of constant cost, -j 2)"
  echo
  echo "| run | target | measured | |"
  echo "|---|---|---|---|"
  rf=$(kitt refresh-sf1)
  echo "| refresh set 1 at SF 1, tbl (orders.tbl.u1, lineitem.tbl.u1, delete.1) | < 1 s | ${rf} s | $(verdict le "$rf" 1.0) |"
  echo "| refresh set 1 at SF 1, all five formats | - | $(kitt refresh-sf1-all-formats) s | |"
  for sf in 30000 100000; do
    a=$(kitt "parts-sf$sf-k1"); b=$(kitt "parts-sf$sf-k50000"); c=$(kitt "parts-sf$sf-k100000")
    hi=$(printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | tail -n 1)
    echo "| lineitem SF $sf, --parts 100000 --part 1 / 50000 / 100000 (tbl) | the same within noise (≤ 1.5× part 1) | $a / $b / $c s | $(verdict awk -v a="$a" -v h="$hi" 'BEGIN { exit !(a > 0 && h <= 1.5 * a) }') |"
  done
  echo
}
# The issue 16 table (also all that BENCH_ONLY=tpcds prints).
tpcds_report() {
  echo "## Targets (issue 16: TPC-DS, all 24 tables at SF 1, -j 2, --no-fsync)"
  echo
  echo "Wall time and CPU time (user + system, both threads) from \`/usr/bin/time\`,"
  echo "median of $RUNS runs; dsdgen (one thread, its .dat files) when BENCH_DSDGEN names it."
  echo
  echo "| run | wall s | CPU s | peak RSS |"
  echo "|---|---|---|---|"
  for n in tpcds-dat tpcds-parquet dsdgen; do
    w=$(dst $n 2)
    [ "$w" = - ] && continue
    printf '| %s | %s | %s | %.0f MB |\n' "$n" "$w" "$(dst $n 3)" "$(awk -v r="$(dst $n 4)" 'BEGIN { print r / 1024 }')"
  done
  echo
  dw=$(dst tpcds-dat 2); dc=$(dst tpcds-dat 3); pw=$(dst tpcds-parquet 2); gw=$(dst dsdgen 2); gc=$(dst dsdgen 3)
  echo "| target | measured | |"
  echo "|---|---|---|"
  if [ "$gw" != - ]; then
    echo "| .dat -j 2 ≥ 10× faster than dsdgen (wall) | $(ratio "$gw" "$dw")× | $(verdict ge "$(ratio "$gw" "$dw")" 10) |"
    echo "| .dat -j 2 ≥ 10× less CPU than dsdgen | $(ratio "$gc" "$dc")× | $(verdict ge "$(ratio "$gc" "$dc")" 10) |"
  else
    echo "| .dat -j 2 ≥ 10× faster than dsdgen | dsdgen not timed (BENCH_DSDGEN unset) | |"
  fi
  echo "| Parquet within 1.5× of .dat (wall) | $(ratio "$pw" "$dw")× | $(verdict le "$(ratio "$pw" "$dw")" 1.5) |"
  echo
}
if [ "$ONLY" = kit ]; then
  kit_report > "$OUT"
  rm -rf "$DIR"
  exit 0
fi
if [ "$ONLY" = tpcds ]; then
  tpcds_report > "$OUT"
  rm -rf "$DIR"
  exit 0
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
fs=$(df -T "$DIR" | awk 'NR == 2 { print $2 }')
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), tpchgen-c $("$TPCHGEN" -V | cut -d' ' -f2-)."
  echo "Everything below comes from one run of the script on one machine; these"
  echo "machines are shared and noisy, so compare numbers within this page only."
  echo
  echo "| machine | |"
  echo "|---|---|"
  echo "| CPU | $(nproc) × $cpu |"
  echo "| memory | $mem |"
  echo "| output file system | $fs |"
  echo "| kernel | $(uname -r) |"
  echo "| compiler | $(${CC:-cc} --version | head -n 1) |"
  echo "| Node.js (alternatives only) | $(node --version) |"
  echo
  echo "How: wall time and peak RSS from \`/usr/bin/time\` around the whole process"
  echo "(text pool from its cache, which the first run on a machine builds in 0.4 s;"
  echo "files fsynced before they are renamed, as by default). Rows/s = rows of all"
  echo "tables / wall time; MB/s = output bytes / wall time. SF 1 cells are the median"
  echo "of $RUNS runs, SF 10 cells of $RUNS_BIG."
  echo
  echo "## tpchgen-c, all eight tables"
  echo
  echo "| SF | format | -j | seconds | rows/s | MB/s | output | peak RSS |"
  echo "|---|---|---|---|---|---|---|---|"
  for sf in $SFS; do
    for fmt in $FORMATS; do
      for j in $THREADS; do
        t=$(cell "$sf" "$fmt" "$j" 5)
        [ "$t" = - ] && continue
        rows=$(cell "$sf" "$fmt" "$j" 7)
        bytes=$(cell "$sf" "$fmt" "$j" 8)
        rss=$(cell "$sf" "$fmt" "$j" 6)
        printf '| %s | %s | %s | %.2f | %s | %.0f | %.2f GB | %.0f MB |\n' "$sf" "$fmt" "$j" "$t" \
          "$(ROWS_PER_S "$rows" "$t")" "$(awk -v b="$bytes" -v t="$t" 'BEGIN { print b / t / 1e6 }')" \
          "$(awk -v b="$bytes" 'BEGIN { print b / 1e9 }')" "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')"
      done
    done
  done
  echo
  pq=$(alt tpchgen-parquet 3); pqn=$(alt tpchgen-parquet-nofsync 3); duck=$(alt duckdb-parquet 3)
  ln=$(alt tpchgen-lance 3); lnn=$(alt tpchgen-lance-nofsync 3)
  ldb=$(alt lancedb-default 3); ldb20=$(alt lancedb-2.0 3)
  orc=$(alt tpchgen-orc 3); orcn=$(alt tpchgen-orc-nofsync 3); pyorc=$(alt pyarrow-orc 3)
  echo "## lineitem at SF 1 against the alternatives"
  echo
  echo "Same rows, same machine, same run. DuckDB (npm @duckdb/node-api, all cores)"
  echo "converts the lineitem.tbl we wrote (byte-identical to dbgen's) into zstd Parquet;"
  echo "only its COPY statement is timed. lancedb (npm @lancedb/lancedb) writes the same"
  echo "rows, already in memory as Arrow, as a new Lance table; only createTable is"
  echo "timed, once with its default file format and once with 2.0 (ours). Neither"
  echo "fsyncs, so tpchgen-c is also shown with --no-fsync. tpchgen-c's times include"
  echo "generating the rows. pyarrow (Apache ORC C++) writes the same rows, already in"
  echo "memory as an Arrow table, as zstd ORC; only its write_table call is timed."
  echo
  echo "| writer | seconds | output | peak RSS | tpchgen-c is faster by |"
  echo "|---|---|---|---|---|"
  for n in tpchgen-parquet tpchgen-parquet-nofsync duckdb-parquet tpchgen-lance tpchgen-lance-nofsync tpchgen-lance-2.0 lancedb-default lancedb-2.0 \
    tpchgen-orc tpchgen-orc-nofsync pyarrow-orc; do
    t=$(alt "$n" 3)
    [ "$t" = - ] && continue
    case $n in
      duckdb-parquet) vs="$(ratio "$t" "$pq")× (fsync) / $(ratio "$t" "$pqn")× (no fsync)" ;;
      lancedb-*) vs="$(ratio "$t" "$ln")× (fsync) / $(ratio "$t" "$lnn")× (no fsync)" ;;
      pyarrow-orc) vs="$(ratio "$t" "$orc")× (fsync) / $(ratio "$t" "$orcn")× (no fsync)" ;;
      *) vs="" ;;
    esac
    printf '| %s | %.2f | %.0f MB | %.0f MB | %s |\n' "$n" "$t" "$(awk -v b="$(alt "$n" 6)" 'BEGIN { print b / 1e6 }')" \
      "$(awk -v r="$(alt "$n" 4)" 'BEGIN { print r / 1024 }')" "$vs"
  done
  echo
  echo "## Targets (issue 6: this 2-core machine, -j 2, medians)"
  echo
  tbl=$(cell 1 tbl 2 5); pqa=$(cell 1 parquet 2 5); lna=$(cell 1 lance 2 5)
  maxrss10=$(awk '$1 == 10 { print $6 }' "$results" | sort -n | tail -n 1)
  echo "| run | target | measured | |"
  echo "|---|---|---|---|"
  echo "| SF 1, all tables, tbl | ≤ 4.0 s | ${tbl} s | $(verdict le "$tbl" 4.0) |"
  echo "| SF 1, all tables, Parquet zstd | ≤ 6.0 s | ${pqa} s | $(verdict le "$pqa" 6.0) |"
  # Issue 6 asked Lance 2.0 (uncompressed) to beat Parquet; 2.1 compresses, and issue 11
  # replaced that with "at most 1.1 x Parquet" (its row is below).
  echo "| SF 1, all tables, Lance (2.1, compressed) | ≤ 5.0 s | ${lna} s | $(verdict awk -v a="$lna" 'BEGIN { exit !(a <= 5.0) }') |"
  echo "| lineitem SF 1 Parquet vs DuckDB converting | ≥ 2× faster | $(ratio "$duck" "$pq")× ($(ratio "$duck" "$pqn")× without fsync) | $(verdict ge "$(ratio "$duck" "$pq")" 2) |"
  echo "| lineitem SF 1 Lance vs lancedb writing | ≥ 5× faster | $(ratio "$ldb" "$ln")× vs default, $(ratio "$ldb20" "$ln")× vs 2.0 | $(verdict ge "$(ratio "$ldb" "$ln")" 5) |"
  pma=$(cell 1 paimon 2 5); pqr=$(cell 1 parquet 2 6); pmr=$(cell 1 paimon 2 6)
  echo "| SF 1, all tables, Paimon (issue 13) | ≤ 1.1 × Parquet | ${pma} s = $(ratio "$pma" "$pqa") × | $(verdict le "$(ratio "$pma" "$pqa")" 1.1) |"
  echo "| SF 1 peak RSS, Paimon vs Parquet (issue 13) | as for Parquet (≤ 1.1 ×) | $(ratio "$pmr" "$pqr") × | $(verdict le "$(ratio "$pmr" "$pqr")" 1.1) |"
  lnb=$(alt tpchgen-lance 6); pqs=$(cell 1 parquet 2 8); lns=$(cell 1 lance 2 8)
  echo "| issue 11: lineitem SF 1 as Lance 2.1 | ≤ 180 MB | $(awk -v b="$lnb" 'BEGIN { printf "%.0f", b / 1e6 }') MB | $(verdict le "$(awk -v b="$lnb" 'BEGIN { print b / 1e6 }')" 180) |"
  echo "| issue 11: all tables SF 1, Lance 2.1 / Parquet bytes | ≤ 1.2 | $(ratio "$lns" "$pqs") | $(verdict le "$(ratio "$lns" "$pqs")" 1.2) |"
  echo "| issue 11: all tables SF 1 -j 2, Lance 2.1 / Parquet wall time | ≤ 1.1 | $(ratio "$lna" "$pqa") | $(verdict le "$(ratio "$lna" "$pqa")" 1.1) |"
  echo "| issue 11: lineitem SF 1, lancedb default writer / Lance 2.1 time | ≥ 10× | $(ratio "$ldb" "$ln")× | $(verdict ge "$(ratio "$ldb" "$ln")" 10) |"
  orca=$(cell 1 orc 2 5)
  echo "| SF 1, all tables, ORC zstd vs our Parquet (issue 12) | ≤ 1.2× | $(ratio "$orca" "$pqa")× (${orca} s vs ${pqa} s) | $(verdict le "$(ratio "$orca" "$pqa")" 1.2) |"
  echo "| lineitem SF 1 ORC file vs our Parquet file (issue 12) | ≤ 1.1× | $(ratio "$(alt tpchgen-orc 6)" "$(alt tpchgen-parquet 6)")× | $(verdict le "$(ratio "$(alt tpchgen-orc 6)" "$(alt tpchgen-parquet 6)")" 1.1) |"
  echo "| lineitem SF 1 ORC vs pyarrow writing ORC zstd (issue 12) | ≥ 2× faster | $(ratio "$pyorc" "$orc")× ($(ratio "$pyorc" "$orcn")× without fsync; pyarrow's file $(awk -v b="$(alt pyarrow-orc 6)" 'BEGIN { printf "%.0f", b / 1e6 }') MB, ours $(awk -v b="$(alt tpchgen-orc 6)" 'BEGIN { printf "%.0f", b / 1e6 }') MB) | $(verdict ge "$(ratio "$pyorc" "$orc")" 2) |"
  orc10=$(cell 10 orc 2 6)
  [ "$orc10" = - ] || echo "| peak RSS, ORC, SF 10 (issue 12) | ≤ 300 MB | $(awk -v r="$orc10" 'BEGIN { printf "%.0f", r / 1024 }') MB | $(verdict le "$(awk -v r="$orc10" 'BEGIN { print r / 1024 }')" 300) |"
  if [ -n "$maxrss10" ]; then
    echo "| peak RSS, any format, SF 10 | ≤ 450 MB | $(awk -v r="$maxrss10" 'BEGIN { printf "%.0f", r / 1024 }') MB | $(verdict le "$(awk -v r="$maxrss10" 'BEGIN { print r / 1024 }')" 450) |"
    for fmt in $FORMATS; do
      a=$(cell 1 "$fmt" 2 6); b=$(cell 10 "$fmt" 2 6)
      [ "$a" = - ] || [ "$b" = - ] && continue
      g=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f", (b / a - 1) * 100 }')
      echo "| peak RSS growth SF 1 → SF 10, $fmt | ≤ +10% | ${g}% | $(verdict le "$g" 10) |"
    done
  fi
  echo
  kit_report
  tpcds_report
  if [ -s "$peers" ]; then
    cat "$peers"
  fi
  if [ -s "$DIR/colbytes.md" ]; then
    echo "## lineitem SF 1 as Lance: bytes per column, ours (2.1) and lancedb's default writer"
    echo
    echo "Bytes of page buffers per column (pylance's file metadata), and the two most"
    echo "frequent page encodings with their page counts."
    echo
    cat "$DIR/colbytes.md"
    echo
  fi
  if [ -s "$profile" ]; then
    echo "## Where the time goes (perf, cpu-clock samples)"
    echo
    cat "$profile"
  fi
  if [ -f "$ROOT/bench/NOTES.md" ]; then
    echo
    cat "$ROOT/bench/NOTES.md"
  fi
} > "$OUT"
log "wrote $OUT"
rm -rf "$DIR"
