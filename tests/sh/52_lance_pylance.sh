#!/bin/bash
# TPC-H as Lance 2.1 (the default) read by pylance, the second independent
# reader next to lancedb (51_tpch_lance.sh): types, digests, validate(),
# take() of random rows against the .tbl lines, a date filter, the 22
# answers (DuckDB over pylance's Arrow), lance appending and compacting on
# top of ours; the property test's datasets cell by cell. Lance 2.0 stays
# checked with both readers at SF 0.01, and so do the other general codecs
# (--compression lz4 and none; zstd is the default).
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
PY=tests/py/.venv/bin/python
d=$TPCH_TMP/lance-pylance
rm -rf "$d"
"$TPCHGEN" -s 0.01 -f lance,tbl -o "$d/sf001" -q || bad "generate SF 0.01"
"$TPCHGEN" -s 0.1 -f lance,tbl -o "$d/sf01" -q --lance-rows-per-file 200000 || bad "generate SF 0.1"
"$TPCHGEN" -s 0.01 -f lance -o "$d/v20" -q --lance-version 2.0 || bad "generate SF 0.01 as 2.0"
count "$PY" tests/py/tpch_lance_check.py --dir "$d/sf001" --golden "$GOLDEN/interop-sf0.01" --tbl "$d/sf001" --append-compact
count "$PY" tests/py/tpch_lance_check.py --dir "$d/sf01" --golden "$GOLDEN/interop-sf0.1" --tbl "$d/sf01" --takes 3000
count "$PY" tests/py/tpch_lance_check.py --dir "$d/v20" --golden "$GOLDEN/interop-sf0.01" --file-version 2.0
tpch_check lance "$d/v20" 0.01
"$TPCHGEN" -s 0.01 -f lance -o "$d/lz4" -q --compression lz4 || bad "generate SF 0.01 with lz4"
"$TPCHGEN" -s 0.01 -f lance -o "$d/none" -q --compression none || bad "generate SF 0.01 without general compression"
count "$PY" tests/py/tpch_lance_check.py --dir "$d/lz4" --golden "$GOLDEN/interop-sf0.01" --tbl "$d/sf001" --codec lz4
count "$PY" tests/py/tpch_lance_check.py --dir "$d/none" --golden "$GOLDEN/interop-sf0.01" --codec none --no-queries
count "$PY" tests/py/tpch_lance_check.py --dir "$d/sf001" --golden "$GOLDEN/interop-sf0.01" --codec zstd --no-queries
tpch_check lance "$d/lz4" 0.01
for j in 1 3; do "$TPCHGEN" -s 0.1 -T orders -f lance -j $j --compression lz4 --lance-rows-per-file 40000 -o "$d/lz4j$j" -q; done
sums() { md5sum "$1"/orders.lance/data/*.lance | cut -c1-32 | sort; }
check "lz4: Lance data files identical for -j 1 and -j 3" [ "$(sums "$d/lz4j1")" = "$(sums "$d/lz4j3")" ]
# Codecs a format does not have are refused with one clear line (exit 2).
for args in "-f parquet --compression lz4" "-f lance --compression snappy" "-f lance --compression zlib" \
  "-f lance --compression lz4 --lance-version 2.0"; do
  # shellcheck disable=SC2086 # the words are the arguments
  "$TPCHGEN" -s 0.01 -T nation -o "$d/bad" $args 2>"$d/err"
  rc=$?
  check "$args refused (exit $rc): $(cat "$d/err")" sh -c '[ "$1" = 2 ] && [ "$(wc -l <"$2")" = 1 ]' _ $rc "$d/err"
done
# Bad version names are refused with one clear line.
"$TPCHGEN" -s 0.01 -T nation -f lance -o "$d/bad" --lance-version 2.2 2>"$d/err"
rc=$?
check "--lance-version 2.2 refused (exit $rc): $(cat "$d/err")" sh -c '[ "$1" = 2 ] && grep -q "2.0 or 2.1" "$2"' _ $rc "$d/err"
# Appending to a 2.0 dataset keeps 2.0; asking for 2.1 there fails clearly.
"$TPCHGEN" -s 0.01 -T nation -f lance -o "$d/v20" -q --mode append || bad "append to 2.0"
check "append kept 2.0 files" [ "$(for f in "$d"/v20/nation.lance/data/*.lance; do tail -c 8 "$f" | od -An -tu2 | awk '{print $1"."$2}'; done | sort -u)" = "0.3" ]
"$TPCHGEN" -s 0.01 -T nation -f lance -o "$d/v20" -q --mode append --lance-version 2.1 2>"$d/err"
check "2.1 files into a 2.0 dataset refused: $(cat "$d/err")" grep -q "mixed versions" "$d/err"
"$TPCHGEN" -s 0.01 -T nation -f lance -o "$d/v20" -q --mode append --compression lz4 2>"$d/err"
rc=$?
check "lz4 into a 2.0 dataset refused (exit $rc): $(cat "$d/err")" sh -c '[ "$1" = 1 ] && grep -q "lz4.*2.0 files" "$2"' _ $rc "$d/err"
# The property test's datasets (nulls, all-null pages, empty batches, every
# type, zstd/lz4/none by write session) through pylance, which must also see
# every kind of page among them.
rm -rf "$d/prop"
"$TPCH_BUILD/tests/test_lance_property" "$d/prop" >/dev/null || bad "property test writer"
count "$PY" tests/py/lance_check.py --coverage "$d/prop/expected.json"
rm -rf "$d"
finish
