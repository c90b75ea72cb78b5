#!/bin/bash
# bench/peers.sh OUT.md: tpchgen-c beside the generators a Python user would
# pick instead, same machine, same run, written as a Markdown section:
#   - tpchgen-cli (the Rust generator, pinned from PyPI in bench/.venv):
#     tbl, CSV and Parquet (zstd level 3, 128 MiB row groups for both), all
#     tables and lineitem alone, -j 1 and -j 2 (its --num-threads);
#   - tpchgen_c.table("lineitem") -> pyarrow.Table against build/tpchgen and
#     tpchgen-cli writing lineitem as Parquet, and DuckDB's dbgen (its tpch
#     extension from PyPI) generating every table into DuckDB.
# Run by bench/run.sh (make bench) after `scripts/install-deps.sh --bench`.
# Knobs: BENCH_SFS ("1 10"), BENCH_RUNS (3, per SF 1 cell; the median is
# reported), BENCH_RUNS_BIG (1, per larger SF), BENCH_PY_SFS ("1": the
# in-memory Python runs hold the whole table), BENCH_DIR, B.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${1:?usage: bench/peers.sh OUT.md}
B=${B:-build}
case "$B" in /*) ;; *) B=$ROOT/$B ;; esac
TPCHGEN=$B/tpchgen
SFS=${BENCH_SFS-"1 10"} # set but empty: none
PY_SFS=${BENCH_PY_SFS-1}
RUNS=${BENCH_RUNS:-3}
RUNS_BIG=${BENCH_RUNS_BIG:-1}
DIR=${BENCH_DIR:-/tmp/tpchgen-bench}/peers
VENV=$ROOT/bench/.venv
PEER=$VENV/bin/tpchgen-cli
PY=$VENV/bin/python
TIME=/usr/bin/time
RG_BYTES=134217728 # our default Parquet row group (uncompressed bytes); given to both

log() { echo "bench/peers: $*" >&2; }
[ -x "$PEER" ] && [ -x "$PY" ] || { log "bench/.venv missing: run scripts/install-deps.sh --bench"; exit 1; }
rm -rf "$DIR"
mkdir -p "$DIR"
export TPCHGEN_CACHE_DIR=${TPCHGEN_CACHE_DIR:-$DIR/pool-cache}
rows=$DIR/rows.tsv # sf scope format threads tool run seconds rss_kb bytes
py=$DIR/python.tsv # sf name run seconds rss_kb output_bytes data_bytes cpu_seconds
: >"$rows"
: >"$py"

# timed DIRNAME CMD...: runs CMD with its output under $DIR/out; prints
# "seconds peak_rss_kb output_bytes" (or fails) and leaves its CPU seconds
# (user + system) in $DIR/cpu.txt.
timed() {
  rm -rf "$DIR/out"
  mkdir -p "$DIR/out"
  sync
  if ! "$TIME" -f "%e %M %U %S" -o "$DIR/time.txt" "$@" >"$DIR/stdout.txt" 2>"$DIR/err.txt"; then
    log "failed: $* : $(tail -n 3 "$DIR/err.txt")"
    return 1
  fi
  local t rss u s
  read -r t rss u s < <(tail -n 1 "$DIR/time.txt")
  awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f\n", u + s }' >"$DIR/cpu.txt"
  echo "$t $rss $(du -sb "$DIR/out" | cut -f1)"
}

"$TPCHGEN" -s 0.01 -T nation -o "$DIR/warm" -q # the text pool cache, once
rm -rf "$DIR/warm"

for sf in $SFS; do
  n=$RUNS
  [ "$sf" != 1 ] && n=$RUNS_BIG
  for scope in all lineitem; do
    for fmt in tbl csv parquet; do
      for j in 1 2; do
        ours=(-T all)
        theirs=()
        if [ "$scope" = lineitem ]; then
          ours=(-T lineitem)
          theirs=(--tables lineitem)
        fi
        if [ "$fmt" = parquet ]; then
          ours+=(--compression zstd --compression-level 3 --row-group-bytes "$RG_BYTES")
          theirs+=(--compression 'ZSTD(3)' --row-group-bytes "$RG_BYTES")
        fi
        for r in $(seq 1 "$n"); do
          log "SF $sf $scope $fmt -j $j run $r/$n"
          line=$(timed "$TPCHGEN" -q -s "$sf" -f "$fmt" -j "$j" "${ours[@]}" -o "$DIR/out") && echo "$sf $scope $fmt $j tpchgen-c $r $line" >>"$rows"
          # tpchgen-cli never fsyncs: all tables also without ours, for the like-for-like ratio.
          if [ "$scope" = all ]; then
            line=$(timed "$TPCHGEN" -q -s "$sf" -f "$fmt" -j "$j" "${ours[@]}" --no-fsync -o "$DIR/out") &&
              echo "$sf $scope $fmt $j tpchgen-c-nofsync $r $line" >>"$rows"
          fi
          line=$(timed "$PEER" "$fmt" -q -s "$sf" -n "$j" "${theirs[@]}" -o "$DIR/out") &&
            echo "$sf $scope $fmt $j tpchgen-cli $r $line" >>"$rows"
        done
      done
    done
  done
done

# ---- in memory, from Python --------------------------------------------------
ext=$("$PY" -c 'import duckdb_extension_tpch, glob, os
print(glob.glob(os.path.join(os.path.dirname(duckdb_extension_tpch.__file__), "extensions", "*", "tpch.duckdb_extension"))[0])' 2>/dev/null)
for sf in $PY_SFS; do
  n=$RUNS
  [ "$sf" != 1 ] && n=$RUNS_BIG
  for r in $(seq 1 "$n"); do
    log "Python SF $sf run $r/$n"
    # Interpreter and imports alone: the floor under every Python row's RSS.
    line=$(timed "$PY" -c 'import pyarrow, tpchgen_c') && echo "$sf python-imports $r ${line% *} 0 0 $(cat "$DIR/cpu.txt")" >>"$py"
    line=$(timed "$PY" -c "import pyarrow as pa, tpchgen_c
t = pa.table(tpchgen_c.table('lineitem', $sf))
print(t.nbytes)") && echo "$sf tpchgen_c.table-lineitem $r $line $(cat "$DIR/stdout.txt") $(cat "$DIR/cpu.txt")" >>"$py"
    line=$(timed "$PY" -c "import pyarrow as pa, tpchgen_c
t = pa.table(tpchgen_c.table('lineitem', $sf, text_pool='fast'))
print(t.nbytes)") && echo "$sf tpchgen_c.table-lineitem-fast $r $line $(cat "$DIR/stdout.txt") $(cat "$DIR/cpu.txt")" >>"$py"
    line=$(timed "$PY" -c "import pyarrow as pa, tpchgen_c
tables = [pa.table(tpchgen_c.table(n, $sf)) for n in tpchgen_c.TABLES]  # all held, as DuckDB holds them
print(sum(t.nbytes for t in tables))") &&
      echo "$sf tpchgen_c.table-all $r $line $(cat "$DIR/stdout.txt") $(cat "$DIR/cpu.txt")" >>"$py"
    line=$(timed "$TPCHGEN" -q -s "$sf" -f parquet -T lineitem -o "$DIR/out") &&
      echo "$sf tpchgen-parquet-lineitem $r $line 0 $(cat "$DIR/cpu.txt")" >>"$py"
    line=$(timed "$PEER" parquet -q -s "$sf" --tables lineitem --compression 'ZSTD(3)' -o "$DIR/out") &&
      echo "$sf tpchgen-cli-parquet-lineitem $r $line 0 $(cat "$DIR/cpu.txt")" >>"$py"
    if [ -n "$ext" ]; then
      line=$(timed "$PY" -c "import duckdb
con = duckdb.connect()
con.execute('SET enable_progress_bar = false')  # it would print into the captured stdout
con.execute(\"LOAD '$ext'\")
con.execute('CALL dbgen(sf=$sf)')
print(con.sql('select sum(memory_usage_bytes) from duckdb_memory()').fetchone()[0])") &&
        echo "$sf duckdb-dbgen-all $r $line $(tail -n 1 "$DIR/stdout.txt") $(cat "$DIR/cpu.txt")" >>"$py"
    fi
  done
done

# ---- the section ---------------------------------------------------------------
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cell() { # sf scope fmt j tool column
  awk -v sf="$1" -v s="$2" -v f="$3" -v j="$4" -v t="$5" -v c="$6" \
    '$1 == sf && $2 == s && $3 == f && $4 == j && $5 == t { print $c }' "$rows" | median
}
pycell() { awk -v sf="$1" -v n="$2" -v c="$3" '$1 == sf && $2 == n { print $c }' "$py" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }
mb() { awk -v b="$1" 'BEGIN { if (b == "-") print "-"; else printf "%.0f MB", b / 1e6 }'; }
rssmb() { awk -v r="$1" 'BEGIN { if (r == "-") print "-"; else printf "%.0f MB", r * 1024 / 1e6 }'; } # KiB -> MB
secs() { awk -v t="$1" 'BEGIN { if (t == "-") print "-"; else printf "%.2f", t }'; }

{
  echo "## Beside tpchgen-cli (Rust, PyPI $("$PEER" --version 2>/dev/null | awk '{ print $NF }'))"
  echo
  echo "Same machine, same run, alternating tool by tool. tpchgen-cli runs with"
  echo "\`--num-threads\` = our \`-j\`; Parquet is zstd level 3 with 128 MiB"
  echo "(uncompressed) row groups for both (\`--compression 'ZSTD(3)' --row-group-bytes $RG_BYTES\`)."
  echo "tpchgen-c fsyncs each file before renaming it into place (its default);"
  echo "tpchgen-cli has no such option, so all-table cells also time tpchgen-c with"
  echo "\`--no-fsync\` (same durability as tpchgen-cli) and give both ratios. Output sizes differ where the formats do"
  echo "(our CSV has a header line; Parquet encodings and statistics differ)."
  echo "Cells are medians of $RUNS runs at SF 1 and of $RUNS_BIG above. Ratio ="
  echo "tpchgen-cli's time / ours (> 1: tpchgen-c is faster; the issue-15 target is"
  echo "≥ 1.5 on all tables at SF 10)."
  echo
  echo "| SF | tables | format | -j | tpchgen-c s | tpchgen-cli s | ratio | tpchgen-c --no-fsync s | ratio, neither fsyncs | tpchgen-c RSS | tpchgen-cli RSS | tpchgen-c size | tpchgen-cli size |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for sf in $SFS; do
    for scope in all lineitem; do
      for fmt in tbl csv parquet; do
        for j in 1 2; do
          a=$(cell "$sf" "$scope" "$fmt" "$j" tpchgen-c 7)
          b=$(cell "$sf" "$scope" "$fmt" "$j" tpchgen-cli 7)
          [ "$a" = - ] && [ "$b" = - ] && continue
          c=$(cell "$sf" "$scope" "$fmt" "$j" tpchgen-c-nofsync 7)
          echo "| $sf | $scope | $fmt | $j | $(secs "$a") | $(secs "$b") | $(ratio "$b" "$a") | $(secs "$c") | $(ratio "$b" "$c") |" \
            "$(rssmb "$(cell "$sf" "$scope" "$fmt" "$j" tpchgen-c 8)") | $(rssmb "$(cell "$sf" "$scope" "$fmt" "$j" tpchgen-cli 8)") |" \
            "$(mb "$(cell "$sf" "$scope" "$fmt" "$j" tpchgen-c 9)") | $(mb "$(cell "$sf" "$scope" "$fmt" "$j" tpchgen-cli 9)") |"
        done
      done
    done
  done
  for sf in $SFS; do
    [ "$sf" = 10 ] || continue
    for who in tpchgen-c tpchgen-c-nofsync; do
      below=""
      for fmt in tbl csv parquet; do
        for j in 1 2; do
          r=$(ratio "$(cell 10 all "$fmt" "$j" tpchgen-cli 7)" "$(cell 10 all "$fmt" "$j" "$who" 7)")
          if [ "$r" != - ] && awk -v r="$r" 'BEGIN { exit !(r < 1.5) }'; then below="$below $fmt -j $j ($r),"; fi
        done
      done
      echo
      echo "Issue-15 target (≥ 1.5 on all tables at SF 10, every format, -j 1 and -j 2), $who:" \
        "$([ -z "$below" ] && echo met || echo "not met:${below%,}")."
    done
  done
  echo
  echo "## In memory from Python"
  echo
  echo "Each row is one Python process (bench/.venv) timed whole by /usr/bin/time,"
  echo "interpreter start and imports included. \`tpchgen_c.table\` rows build a"
  echo "\`pyarrow.Table\` from the stream (generator threads on all cores); Arrow size is"
  echo "\`Table.nbytes\`. The Parquet rows write lineitem with all cores. DuckDB's"
  echo "\`CALL dbgen(sf)\` (duckdb 1.5.5 with duckdb-extension-tpch from PyPI, all"
  echo "cores) cannot generate one table alone, so it is beside our all-table row;"
  echo "its size is DuckDB's memory in use after it (duckdb_memory()). The two Parquet"
  echo "rows use each tool's defaults. \`-fast\` reads the CLI's 49 MB text pool"
  echo "(\`text_pool='fast'\`) instead of the default compact one (12 MB). CPU is"
  echo "user + system seconds of the whole process."
  echo
  echo "| SF | run | seconds | CPU s | peak RSS | Arrow size (Parquet: file size) | peak RSS - Arrow size |"
  echo "|---|---|---|---|---|---|---|"
  for sf in $PY_SFS; do
    for n in python-imports tpchgen_c.table-lineitem tpchgen_c.table-lineitem-fast tpchgen-parquet-lineitem \
      tpchgen-cli-parquet-lineitem \
      tpchgen_c.table-all duckdb-dbgen-all; do
      t=$(pycell "$sf" "$n" 4)
      [ "$t" = - ] && continue
      rss=$(pycell "$sf" "$n" 5)
      size=$(pycell "$sf" "$n" 7) # Arrow / DuckDB size, else the files written
      [ "$size" = 0 ] && size=$(pycell "$sf" "$n" 6)
      extra=""
      case $n in tpchgen_c.table-*) extra=$(awk -v r="$rss" -v s="$size" 'BEGIN { printf "%.0f MB", (r * 1024 - s) / 1e6 }') ;; esac
      echo "| $sf | $n | $(secs "$t") | $(secs "$(pycell "$sf" "$n" 8)") | $(rssmb "$rss") | $([ "$size" = 0 ] && echo - || mb "$size") | $extra |"
    done
    [ -n "$ext" ] || echo "| $sf | duckdb-dbgen-all | (the tpch extension did not load) | | | | |"
  done
  echo
  echo "MB = 10^6 bytes; peak RSS is the whole process's (interpreter and imports included)."
  for sf in $PY_SFS; do
    [ "$sf" = 1 ] || continue
    rss=$(pycell 1 tpchgen_c.table-lineitem 5)
    size=$(pycell 1 tpchgen_c.table-lineitem 7)
    base=$(pycell 1 python-imports 5)
    [ "$rss" = - ] && continue
    echo
    echo "| issue-15 target, lineitem SF 1 | target | measured | verdict |"
    echo "|---|---|---|---|"
    awk -v r="$rss" -v s="$size" -v b="$base" -v what='`pa.table(tpchgen_c.table("lineitem", 1))`' 'BEGIN {
      used = r * 1024 / 1e6; allowed = s / 1e6 + 100
      printf "| peak RSS of %s | <= Table.nbytes (%.1f MB) + 100 MB = %.1f MB | %.1f MB = Table.nbytes + %.1f MB (%.1f MB of it the interpreter and imports) | %s |\n",
        what, s / 1e6, allowed, used, used - s / 1e6, b * 1024 / 1e6, used <= allowed ? "met" : "not met" }'
    a=$(pycell 1 tpchgen_c.table-lineitem 4)
    b=$(pycell 1 tpchgen-parquet-lineitem 4)
    awk -v a="$a" -v b="$b" 'BEGIN { if (a != "-" && b != "-")
      printf "| its time | <= build/tpchgen -f parquet -T lineitem (%.2f s) | %.2f s | %s |\n", b, a, a <= b ? "met" : "not met" }'
    a=$(pycell 1 tpchgen_c.table-lineitem 8)
    b=$(pycell 1 tpchgen-parquet-lineitem 8)
    awk -v a="$a" -v b="$b" 'BEGIN { if (a != "-" && b != "-")
      printf "| its CPU time (user + system) | <= build/tpchgen -f parquet -T lineitem (%.2f s) | %.2f s | %s |\n", b, a, a <= b ? "met" : "not met" }'
  done
  echo
} >"$OUT"
rm -rf "$DIR/out"
