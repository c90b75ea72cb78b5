#!/bin/bash
# The Python extension under AddressSanitizer and UndefinedBehaviorSanitizer:
# python/ is built with -fsanitize=address,undefined into $TPCH_BUILD/python-asan
# (again only when its sources changed) and loaded into the test venv's
# ordinary python with LD_PRELOAD=libasan.so libubsan.so; then
# tests/py/python_asan_check.py reads streams (whole, half-read, never
# imported, on several threads), runs write() and its errors, and asks
# LeakSanitizer for what the extension leaked.
. "$(dirname "$0")/lib.sh"
py=$TPCH_ROOT/tests/py/.venv/bin/python
if [ ! -x "$py" ]; then
  bad "no test venv (run scripts/install-deps.sh --npm)"
  finish
  exit
fi
CC=${CC:-gcc}
asan=$("$CC" -print-file-name=libasan.so)
ubsan=$("$CC" -print-file-name=libubsan.so)
if [ ! -e "$asan" ] || [ ! -e "$ubsan" ]; then
  bad "$CC has no libasan.so/libubsan.so"
  finish
  exit
fi

out=$TPCH_BUILD/python-asan
flags="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
want=$( (cd "$TPCH_ROOT" && echo "$CC $flags" && git rev-parse --short=10 HEAD 2>/dev/null
  find python/ext python/src python/setup.py src include Makefile -type f -not -path '*/__pycache__/*' |
    LC_ALL=C sort | xargs md5sum) | md5sum | cut -c1-32)
log=$TPCH_TMP/python-asan-build.log
if [ "$(cat "$out/stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$out"
  if (cd "$TPCH_ROOT/python" && CC=$CC TPCHGEN_C_CFLAGS="$flags" TPCHGEN_C_LDFLAGS="-fsanitize=address,undefined" \
    TPCHGEN_C_BUILD_JOBS=${TPCHGEN_C_BUILD_JOBS:-2} \
    "$py" setup.py -q build --build-base "$out/build" --build-lib "$out/lib") >"$log" 2>&1; then
    echo "$want" >"$out/stamp"
  else
    tail -n 20 "$log"
    bad "building the extension with ASan"
    finish
    exit
  fi
fi
ok

ref=$TPCH_TMP/python-asan-ref
rm -rf "$ref" "$TPCH_TMP"/asan-python.*
"$TPCHGEN" -q -s 0.01 -f parquet -o "$ref" || bad "CLI SF 0.01"
# detect_leaks for the in-process check only (Python itself leaks at exit).
count env LD_PRELOAD="$asan $ubsan" PYTHONMALLOC=malloc PYTHONPATH="$out/lib" \
  ASAN_OPTIONS="detect_leaks=1:leak_check_at_exit=0:log_path=$TPCH_TMP/asan-python" \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$py" "$TPCH_ROOT/tests/py/python_asan_check.py" "$TPCHGEN" "$ref" "$TPCH_TMP/asan-python"
# Memory errors go to the log, not to the script's output: show them.
if grep -l "ERROR: AddressSanitizer" "$TPCH_TMP"/asan-python.* >/dev/null 2>&1; then
  grep -h -A 30 "ERROR: AddressSanitizer" "$TPCH_TMP"/asan-python.* | head -n 40
  bad "AddressSanitizer reported an error"
fi
rm -rf "$ref"
finish
