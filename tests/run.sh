#!/bin/bash
# Runs every test program and script and prints one total line.
#   tests/run.sh          the `make test` suite
#   tests/run.sh --sf1    only the SF 1 checks (make test-sf1; make test runs them too)
#   tests/run.sh NAME...  only the tests whose file name contains NAME
# Each test prints "N passed, N failed" as its last line; a test that exits
# non-zero or prints no such line counts as one failure.
set -u
cd "$(dirname "$0")/.."
export TPCH_ROOT=$PWD
B=${B:-build}
case "$B" in /*) ;; *) B=$PWD/$B ;; esac
export TPCH_BUILD=$B
export TPCHGEN=$B/tpchgen
export TPCHGEN_ASAN=$B/asan/tpchgen
export TPCH_TMP=${TPCH_TMP:-$(mktemp -d /tmp/tpchgen-test.XXXXXX)}
# The text pool cache of the CLI: tests use their own, not the user's.
export TPCHGEN_CACHE_DIR=${TPCHGEN_CACHE_DIR:-$TPCH_TMP/pool-cache}

mode=default
filters=()
for a in "$@"; do
  case "$a" in
    --sf1) mode=sf1 ;;
    *) filters+=("$a") ;;
  esac
done

tests=()
if [ "$mode" = sf1 ]; then
  tests+=(tests/sh/*sf1*.sh)
else
  for t in "$B"/tests/test_* "$B"/asan/tests/test_* tests/sh/[0-9]*.sh; do
    [ -e "$t" ] && [[ "$t" != *.d ]] && tests+=("$t")
  done
fi

total_pass=0
total_fail=0
failed_names=()
for t in "${tests[@]}"; do
  if [ ${#filters[@]} -gt 0 ]; then
    keep=0
    for f in "${filters[@]}"; do [[ "$t" == *"$f"* ]] && keep=1; done
    [ $keep = 1 ] || continue
  fi
  log="$TPCH_TMP/$(echo "$t" | tr / _).log"
  start=$(date +%s%N)
  if [[ "$t" == *.sh ]]; then bash "$t" >"$log" 2>&1; else "$t" >"$log" 2>&1; fi
  rc=$?
  secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN{printf "%.1f", (b-a)/1e9}')
  last=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$last" | sed -nE 's/.*\b([0-9]+) passed, ([0-9]+) failed.*/\1/p')
  f=$(echo "$last" | sed -nE 's/.*\b([0-9]+) passed, ([0-9]+) failed.*/\2/p')
  p=${p:-0}; f=${f:-0}
  if [ -z "$last" ]; then f=$((f + 1)); echo "no tally line (N passed, N failed)" >>"$log"; fi
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  printf '%-48s %5d passed, %3d failed  (%ss)\n' "$t" "$p" "$f" "$secs"
  if [ "$f" != 0 ]; then
    failed_names+=("$t")
    sed -n '1,60p' "$log" | grep -v '^ok ' | head -40 | sed 's/^/    | /'
  fi
done
if [ ${#failed_names[@]} -gt 0 ]; then
  echo "failed: ${failed_names[*]} (logs in $TPCH_TMP)"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
