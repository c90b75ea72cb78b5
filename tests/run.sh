#!/bin/bash
# Runs every test program and script and prints one total line.
#   tests/run.sh          the `make test` suite
#   tests/run.sh --sf1    only the SF 1 checks (make test-sf1; make test runs them too)
#   tests/run.sh NAME...  only the tests whose file name contains NAME
# Each test prints "N passed, N failed" as its last line; a test that exits
# non-zero or prints no such line counts as one failure.
#
# Tests run TPCH_TEST_JOBS at a time (default 2): the suite is half Python,
# Node and Java readers that keep one core busy, so two lanes keep both cores
# of a two-core machine working. Each test gets its own TPCH_TMP directory
# (removed when it passes, kept with its log when it fails), so no two tests
# share a file. The longest tests start first; the two Python package tests
# share one lane, since both use the test venv's package.
set -u
cd "$(dirname "$0")/.."
export TPCH_ROOT=$PWD
B=${B:-build}
case "$B" in /*) ;; *) B=$PWD/$B ;; esac
export TPCH_BUILD=$B
export TPCHGEN=$B/tpchgen
export TPCHGEN_ASAN=$B/asan/tpchgen
root=${TPCH_TMP:-$(mktemp -d /tmp/tpchgen-test.XXXXXX)}
mkdir -p "$root"
# Traversable (not listable) by others: a test that runs a command as
# nobody (20_cli_errors) opens its own directory inside this one.
chmod o+x "$root"
# The text pool cache of the CLI: tests use their own, not the user's (one
# for the whole run; the CLI writes it atomically).
export TPCHGEN_CACHE_DIR=${TPCHGEN_CACHE_DIR:-$root/pool-cache}
jobs=${TPCH_TEST_JOBS:-2}
case "$jobs" in '' | *[!0-9]* | 0) echo "TPCH_TEST_JOBS must be a positive whole number" >&2; exit 2 ;; esac

mode=default
filters=()
for a in "$@"; do
  case "$a" in
    --sf1) mode=sf1 ;;
    *) filters+=("$a") ;;
  esac
done

all=()
if [ "$mode" = sf1 ]; then
  all+=(tests/sh/*sf1*.sh)
else
  for t in "$B"/tests/test_* "$B"/asan/tests/test_* tests/sh/[0-9]*.sh; do
    [ -e "$t" ] && [[ "$t" != *.d ]] && all+=("$t")
  done
fi
tests=()
for t in "${all[@]}"; do
  if [ ${#filters[@]} -gt 0 ]; then
    keep=0
    for f in "${filters[@]}"; do [[ "$t" == *"$f"* ]] && keep=1; done
    [ $keep = 1 ] || continue
  fi
  tests+=("$t")
done

# Units: lists of tests one lane runs in order. Longest first (measured on
# two cores), then everything else in name order.
first=(80_sf1_formats 05_lint 81_sf1_orc 84_tpcds_sf1_formats 86_tpcds_sf1_big_formats 82_sf1_paimon 85_slurm_cluster
  72_commit_faults 07_fuzz
  42_tpch_orc 62_tpch_paimon 81_tpcds_sf1_parquet 40_parquet_readers)
units=()
python_unit=""
placed=" "
for f in "${first[@]}"; do
  for t in "${tests[@]}"; do
    [[ "$t" == *"/$f.sh" ]] && { units+=("$t"); placed+="$t "; }
  done
done
for t in "${tests[@]}"; do
  [[ "$placed" == *" $t "* ]] && continue
  if [[ "$t" == */9[0-9]_python*.sh ]]; then
    python_unit+="${python_unit:+ }$t"
  else
    units+=("$t")
  fi
done
[ -n "$python_unit" ] && units+=("$python_unit")

name_of() { echo "$1" | tr / _; }

# Runs one test with its own TPCH_TMP; leaves NAME.rc holding "rc seconds".
run_test() {
  local t=$1 n
  n=$(name_of "$t")
  local dir=$root/$n.d log=$root/$n.log start rc
  mkdir -p "$dir"
  start=$(date +%s%N)
  if [[ "$t" == *.sh ]]; then
    TPCH_TMP=$dir bash "$t" >"$log" 2>&1
  else
    TPCH_TMP=$dir "$t" >"$log" 2>&1
  fi
  rc=$?
  echo "$rc $(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN{printf "%.1f", (b-a)/1e9}')" >"$root/$n.rc.tmp"
  mv "$root/$n.rc.tmp" "$root/$n.rc"
}

total_pass=0
total_fail=0
failed_names=()
# Reads a finished test's log and result, prints its line, adds its tally.
report() {
  local t=$1 n
  n=$(name_of "$t")
  local log=$root/$n.log rc secs last p f
  read -r rc secs <"$root/$n.rc"
  last=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$last" | sed -nE 's/.*\b([0-9]+) passed, ([0-9]+) failed.*/\1/p')
  f=$(echo "$last" | sed -nE 's/.*\b([0-9]+) passed, ([0-9]+) failed.*/\2/p')
  p=${p:-0}; f=${f:-0}
  if [ -z "$last" ]; then f=$((f + 1)); echo "no tally line (N passed, N failed)" >>"$log"; fi
  if [ "$rc" -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  printf '%-48s %5d passed, %3d failed  (%ss)\n' "$t" "$p" "$f" "$secs"
  if [ "$f" != 0 ]; then
    failed_names+=("$t")
    sed -n '1,60p' "$log" | grep -v '^ok ' | head -40 | sed 's/^/    | /'
  else
    rm -rf "$root/$n.d"
  fi
}

trap 'trap - INT TERM; kill -- $(jobs -p) 2>/dev/null; exit 130' INT TERM
pending=()   # tests started and not yet reported, in start order
next=0
running=0
while [ $next -lt ${#units[@]} ] || [ $running -gt 0 ]; do
  while [ $running -lt "$jobs" ] && [ $next -lt ${#units[@]} ]; do
    unit=${units[$next]}
    next=$((next + 1))
    # A reused TPCH_TMP may hold an earlier run's results: never read them.
    for t in $unit; do rm -rf "$root/$(name_of "$t")".{rc,d}; done
    # A unit is a space-separated list of paths: split it on purpose.
    ( for t in $unit; do run_test "$t"; done ) &
    pending+=($unit)
    running=$((running + 1))
  done
  wait -n
  running=$((running - 1))
  left=()
  for t in "${pending[@]}"; do
    if [ -e "$root/$(name_of "$t").rc" ]; then report "$t"; else left+=("$t"); fi
  done
  pending=("${left[@]+"${left[@]}"}")
done
if [ ${#failed_names[@]} -gt 0 ]; then
  echo "failed: ${failed_names[*]} (logs in $root)"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
