#!/bin/bash
# Runs every fuzzer in $B/fuzz for FUZZ_SECONDS each, starting from a corpus
# of real files made by the CLI (Lance manifests, Iceberg metadata JSON and
# Avro files) so the mutations start from inputs the readers accept.
# Crashes are kept in $FUZZ_DIR/crash-*; prints "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_DIR=${FUZZ_DIR:-$(mktemp -d /tmp/tpchgen-fuzz.XXXXXX)}
pass=0 fail=0
corpus=$FUZZ_DIR/corpus-metadata
mkdir -p "$corpus" "$FUZZ_DIR/corpus-batch"
# seed: a prefix byte picks the reader (see fuzz_metadata.c)
seed=$FUZZ_DIR/seed
rm -rf "$seed"
if "$B/tpchgen" -q -s 0.01 -T region,nation -f lance,iceberg -o "$seed" --no-fsync; then
  n=0
  for f in "$seed"/*.lance/_versions/*.manifest; do { printf '\000'; cat "$f"; } >"$corpus/lance-$n"; n=$((n + 1)); done
  for f in "$seed"/*/metadata/*.json; do { printf '\001'; cat "$f"; } >"$corpus/json-$n"; n=$((n + 1)); done
  for f in "$seed"/*/metadata/*.avro; do { printf '\002'; cat "$f"; } >"$corpus/avro-$n"; n=$((n + 1)); done
fi
printf '\003TPCHPOOL' >"$corpus/pool-0"
for fz in "$B"/fuzz/fuzz_*; do
  [ -x "$fz" ] || continue
  name=$(basename "$fz")
  c=$FUZZ_DIR/corpus-${name#fuzz_}
  mkdir -p "$c"
  # make test fuzzes from a fixed seed (FUZZ_SEED, default 1) so that a run
  # is repeatable; `make fuzz` sets FUZZ_SEED=0 (libFuzzer picks one) to explore.
  if "$fz" -seed="${FUZZ_SEED:-1}" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$FUZZ_DIR/crash-$name-" "$c" >"$FUZZ_DIR/$name.log" 2>&1; then
    runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$FUZZ_DIR/$name.log")
    echo "ok $name: ${runs:-?} inputs in ${FUZZ_SECONDS}s, no crash"
    pass=$((pass + 1))
  else
    echo "FAIL $name (log $FUZZ_DIR/$name.log)"
    grep -E 'ERROR|SUMMARY|runtime error' "$FUZZ_DIR/$name.log" | head -5
    fail=$((fail + 1))
  fi
done
[ $((pass + fail)) -gt 0 ] || { echo "FAIL no fuzzers in $B/fuzz"; fail=1; }
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
