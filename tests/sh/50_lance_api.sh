#!/bin/bash
# Lance writer C API -> lancedb: every supported type with nulls, several
# batches with offsets, split pages, several data files, an empty dataset.
# test_lance_api writes the datasets and the values it meant to write;
# lance_check.mjs reads them back with lancedb and compares every cell.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
out="$TPCH_TMP/lance_api"
rm -rf "$out"
count "$TESTBIN/test_lance_api" "$out"
count node tests/js/lance_check.mjs "$out/expected.json"
finish
