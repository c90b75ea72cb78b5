#!/bin/bash
# The Python package (python/): installed into the test venv with pip (again
# only when its sources or the commit changed), then tests/py/test_python.py
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

# What the installed package was built from: the commit (it is in Parquet's
# created_by) and every source file the build reads.
stamp_of() {
  (cd "$TPCH_ROOT" && git rev-parse --short=10 HEAD 2>/dev/null
   find python/ext python/src python/setup.py python/pyproject.toml src include Makefile -type f \
     -not -path '*/__pycache__/*' | sort | xargs md5sum) | md5sum | cut -c1-32
}
stamp=$venv/.installed-tpchgen-c
want=$(stamp_of)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log=$TPCH_TMP/pip-install-python.log
  if TPCHGEN_C_BUILD_JOBS=${TPCHGEN_C_BUILD_JOBS:-2} "$py" -m pip install --disable-pip-version-check -q \
      --no-build-isolation --no-deps --force-reinstall "$TPCH_ROOT/python" >"$log" 2>&1; then
    echo "$want" >"$stamp"
    ok
  else
    tail -n 20 "$log"
    bad "pip install ./python"
    finish
    exit
  fi
else
  ok
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
