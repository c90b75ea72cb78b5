#!/bin/bash
# cppcheck and clang-tidy (the checked-in .clang-tidy: clang-tidy's default
# checks) report nothing on the project's C sources.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
srcs=$(ls src/*/*.c src/format/*/*.c)
if command -v cppcheck >/dev/null; then
  out=$(cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --std=c11 \
    -Iinclude -Isrc -D_GNU_SOURCE $srcs 2>&1)
  check "cppcheck: no findings${out:+:
$out}" [ -z "$out" ]
else
  bad "cppcheck is not installed"
fi
if command -v clang-tidy >/dev/null; then
  # one file per process, two at a time
  out=$(printf '%s\n' $srcs | xargs -P 2 -I F clang-tidy --quiet F -- -std=c11 -Iinclude -Isrc -D_GNU_SOURCE \
    '-DTPCH_VERSION="x"' '-DTPCH_BUILD_HASH="y"' 2>/dev/null | grep -E 'warning:|error:')
  check "clang-tidy: no findings${out:+:
$out}" [ -z "$out" ]
else
  bad "clang-tidy is not installed"
fi
# The Python extension's C (python/ext), with the Python headers when present.
pyinc=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])' 2>/dev/null)
if [ -n "$pyinc" ] && [ -f "$pyinc/Python.h" ]; then
  ext=$(ls python/ext/*.c)
  out=$(cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --std=c11 \
    -Iinclude -Isrc -Ipython/ext -D_GNU_SOURCE $ext 2>&1)
  check "cppcheck python/ext: no findings${out:+:
$out}" [ -z "$out" ]
  out=$(printf '%s\n' $ext | xargs -P 2 -I F clang-tidy --quiet F -- -std=c11 -Iinclude -Isrc -Ipython/ext \
    -I"$pyinc" -D_GNU_SOURCE '-DTPCH_VERSION="x"' '-DTPCH_BUILD_HASH="y"' 2>/dev/null | grep -E 'warning:|error:')
  check "clang-tidy python/ext: no findings${out:+:
$out}" [ -z "$out" ]
fi
finish
