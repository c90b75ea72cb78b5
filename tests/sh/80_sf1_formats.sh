#!/bin/bash
# SF 1 in every format holds dbgen's data. The tbl files are checked against
# dbgen's SF 1 checksums; DuckDB then computes every column's digest from
# them, and CSV and Parquet (DuckDB), Lance (lancedb, pylance) and Iceberg (icebird)
# must give the same digests, row counts and types; the digests must also be
# tests/golden/interop-sf1/digests.json, the Slurm test's reference. About 3
# minutes.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/sf1-formats
rm -rf "$d"
"$TPCHGEN" -s 1 -f tbl,csv,parquet,lance,iceberg -o "$d" -q || bad "generate SF 1"
for t in region nation supplier customer part partsupp orders lineitem; do
  got=$(measure "$d/$t.tbl")
  if [ "$got" = "$(golden 1 "$t")" ]; then ok; else bad "SF 1 $t.tbl differs from dbgen: $got"; fi
done
# Digests of the dbgen-identical tbl files are the reference for the others
# (the sf0.01 digests file only lends its block size; those checks fail by
# design and are not counted).
(cd "$JS" && node tpch_check.mjs --format tbl --dir "$d" --digests "$GOLDEN/interop-sf0.01/digests.json" \
  --no-queries --write-digests "$d/digests.json" > /dev/null 2>&1)
check "digests computed from the SF 1 tbl files" [ -s "$d/digests.json" ]
# The committed SF 1 digests (the Slurm test's reference) are these.
check "tests/golden/interop-sf1/digests.json holds these digests" "$TPCH_ROOT/tests/py/.venv/bin/python" -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
sys.exit(0 if a["tables"] == b["tables"] and a["block_rows"] == b["block_rows"] else 1)' "$d/digests.json" "$GOLDEN/interop-sf1/digests.json"
export NODE_OPTIONS=--max-old-space-size=8000
tpch_check csv "$d" 1 --digests "$d/digests.json" --no-queries
tpch_check parquet "$d" 1 --digests "$d/digests.json" --no-queries
tpch_check lance "$d" 1 --digests "$d/digests.json" --no-queries
# pylance too: digests, validate(), take() against the tbl lines, a filter
count "$TPCH_ROOT/tests/py/.venv/bin/python" "$TPCH_ROOT/tests/py/tpch_lance_check.py" --dir "$d" \
  --golden "$GOLDEN/interop-sf0.01" --digests "$d/digests.json" --no-queries --tbl "$d" --takes 3000
tpch_check iceberg "$d" 1 --digests "$d/digests.json" --no-queries
rm -rf "$d"
finish
