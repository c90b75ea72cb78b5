#!/bin/sh
# scripts/format.sh [--check] - clang-format, with the checked-in
# .clang-format, over every C source and header of the project (the
# library, the CLI, the tests, the fuzzers, the install example and the
# Python extension). Without --check the files are rewritten in place
# (`make format`); with --check nothing changes and the exit status is 1
# when a file is not formatted, which tests/sh/05_lint.sh checks.
set -e
cd "$(dirname "$0")/.."
files=$(ls include/*.h src/*/*.[ch] src/format/*/*.[ch] tests/c/*.[ch] tests/c/support/*.[ch] tests/fuzz/*.c \
  tests/fault/*.c tests/install/*.c python/ext/*.[ch] 2>/dev/null)
if [ "$1" = "--check" ]; then
  bad=""
  for f in $files; do
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
  done
  if [ -n "$bad" ]; then
    echo "not clang-formatted (run make format):$bad"
    exit 1
  fi
  exit 0
fi
# shellcheck disable=SC2086
clang-format -i $files
