#!/bin/bash
# The Python package (python/): installed into the test venv with pip
# (scripts/install-python-package.sh: again only when its sources or the
# commit changed), then tests/py/test_python.py
# compares it with the CLI's output and reads it with pyarrow, polars and
# DuckDB.
. "$(dirname "$0")/lib.sh"
venv=$TPCH_ROOT/tests/py/.venv
py=$venv/bin/python
if [ ! -x "$py" ]; then
  bad "no test venv (run scripts/install-deps.sh --npm)"
  finish
  exit
fi

log=$TPCH_TMP/pip-install-python.log
if "$TPCH_ROOT/scripts/install-python-package.sh" "$venv" >"$log" 2>&1; then
  ok
else
  tail -n 20 "$log"
  bad "pip install ./python"
  finish
  exit
fi

ref=$TPCH_TMP/python-ref
rm -rf "$ref"
"$TPCHGEN" -q -s 0.01 -f parquet -o "$ref/sf0.01" || bad "CLI SF 0.01"
"$TPCHGEN" -q -s 0.1 -f parquet -o "$ref/sf0.1" || bad "CLI SF 0.1"
for k in 1 2 3; do
  "$TPCHGEN" -q -s 0.01 -f parquet --parts 3 --part $k -o "$ref/sf0.01p3" || bad "CLI part $k"
done
count "$py" "$TPCH_ROOT/tests/py/test_python.py" "$TPCHGEN" "$ref" "$GOLDEN/interop-sf0.01" "$TPCH_ROOT/tests/queries"
rm -rf "$ref"
finish
