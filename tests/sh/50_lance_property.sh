#!/bin/bash
# Property test: 24 fixed seeds of random schemas (every supported type,
# nullable or not) and random batches (null rates up to all-null, empty and
# long strings, extreme values, NaN payloads, empty and one-row batches,
# struct and child offsets, random page and file sizes, append/overwrite),
# read back by lancedb and compared cell by cell with what was meant.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
out="$TPCH_TMP/lance_property"
rm -rf "$out"
count "$TESTBIN/test_lance_property" "$out"
count node tests/js/lance_check.mjs "$out/expected.json"
finish
