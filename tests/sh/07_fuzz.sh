#!/bin/bash
# The fuzzers (tests/fuzz: the batch validation with the Parquet encoder
# behind it; the Lance manifest, Iceberg JSON and Avro, and text-pool cache
# readers), built with clang's libFuzzer + ASan + UBSan and run briefly from
# a corpus of real files; `make fuzz` runs them longer.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
T=$TPCH_TMP/fuzz
mkdir -p "$T"
check "make fuzzers" make -s B="$TPCH_BUILD" fuzzers >"$T/make.log" 2>&1 || tail -5 "$T/make.log"
count env B="$TPCH_BUILD" FUZZ_SECONDS="${FUZZ_SECONDS:-15}" FUZZ_DIR="$T" tests/fuzz/run.sh
finish
