#!/bin/bash
# cppcheck and clang-tidy (the checked-in .clang-tidy: clang-tidy's default
# checks) report nothing on the project's C sources.
#
# Clean results are cached in $TPCH_BUILD/lint-cache, keyed by the md5 of
# what the check reads: for clang-tidy each file with every header it
# includes (gcc -MM), the config and the tool version; for cppcheck all of
# the sources and headers. A re-run checks only what changed, so lint is no
# longer the slowest step; findings are never cached.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
srcs=$(ls src/*/*.c src/format/*/*.c)
cache=$TPCH_BUILD/lint-cache
mkdir -p "$cache"
flags=(-std=c11 -Iinclude -Isrc -D_GNU_SOURCE)

# clang-format (.clang-format): every C file as `make format` leaves it
if command -v clang-format >/dev/null; then
  out=$(scripts/format.sh --check 2>&1)
  check "clang-format: every C file is formatted${out:+: $out}" [ -z "$out" ]
else
  bad "clang-format is not installed"
fi

if command -v cppcheck >/dev/null; then
  key=$( (cppcheck --version; cat $srcs include/*.h src/*/*.h src/format/*/*.h) | md5sum | cut -c1-32)
  if [ -e "$cache/cppcheck-$key" ]; then
    out=""
  else
    out=$(cppcheck -j 2 --quiet --error-exitcode=1 --enable=warning,performance,portability --std=c11 -Iinclude -Isrc \
      -D_GNU_SOURCE $srcs 2>&1)
    [ -z "$out" ] && touch "$cache/cppcheck-$key"
  fi
  check "cppcheck: no findings${out:+:
$out}" [ -z "$out" ]
else
  bad "cppcheck is not installed"
fi

if command -v clang-tidy >/dev/null; then
  tool=$( (clang-tidy --version; cat .clang-tidy 2>/dev/null) | md5sum | cut -c1-32)
  todo=()
  for f in $srcs; do
    deps=$(gcc -MM "${flags[@]}" "$f" 2>/dev/null | tr -d '\\\n' | cut -d: -f2-)
    key=$( (echo "$tool"; cat $deps) | md5sum | cut -c1-32)
    [ -e "$cache/tidy-$key" ] || todo+=("$f:$key")
  done
  echo "clang-tidy: ${#todo[@]} of $(echo $srcs | wc -w) files changed since their last clean check"
  # one file per process, two at a time; a clean file leaves its key behind
  out=$(printf '%s\n' "${todo[@]}" | grep . | xargs -P 2 -I{} sh -c '
    f=${1%:*} key=${1##*:}
    shift
    o=$(clang-tidy --quiet "$f" -- "$@" 2>/dev/null | grep -E "warning:|error:")
    if [ -z "$o" ]; then touch "$0/tidy-$key"; else echo "$o"; fi' "$cache" {} "${flags[@]}" \
    '-DTPCH_VERSION="x"' '-DTPCH_BUILD_HASH="y"')
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
