#!/bin/bash
# Property test: 24 fixed seeds of random flat schemas (every type the ORC
# writer takes, nullable or not, null rates up to all-null), random values,
# batches with struct and child offsets, random codecs, row index strides,
# chunk and stripe sizes; read back by pyarrow.orc (C++) and orc-tools
# (Java) and compared cell by cell with what was meant, file statistics too.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
out="$TPCH_TMP/orc_property"
rm -rf "$out"
JAR=$(ls tests/java/orc-lib/orc-tools-*-uber.jar 2>/dev/null | head -n 1)
[ -n "$JAR" ] || bad "orc-tools is not installed (scripts/install-deps.sh --npm)"
count "$TESTBIN/test_orc_property" "$out"
count tests/py/.venv/bin/python tests/py/orc_property_check.py "$out" --java "$JAR"
rm -rf "$out"
finish
