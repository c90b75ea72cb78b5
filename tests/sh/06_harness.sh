#!/bin/bash
# The harness itself: a test that exits 0 without its "N passed, N failed"
# line is a failure (tests/run.sh and lib.sh's count), as is one that exits
# non-zero after claiming no failures; an honest passing test passes.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
T=$TPCH_TMP/harness
rm -rf "$T"
mkdir -p "$T/b/tests"
printf '#!/bin/sh\necho working\nexit 0\n' >"$T/b/tests/test_silent"
printf '#!/bin/sh\necho "3 passed, 0 failed"\nexit 1\n' >"$T/b/tests/test_liar"
printf '#!/bin/sh\necho "2 passed, 0 failed"\n' >"$T/b/tests/test_honest"
for x in a b; do
  printf '#!/bin/sh\necho %s >"$TPCH_TMP/mine"\nsleep 1\nif [ "$(cat "$TPCH_TMP/mine")" = %s ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi\n' $x $x >"$T/b/tests/test_own_$x"
done
chmod +x "$T"/b/tests/test_*

run() { B=$T/b TPCH_TMP=$T/tmp tests/run.sh "$1" 2>&1 | tail -n 1; }
mkdir -p "$T/tmp"
check "run.sh: silent exit 0 is a failure" [ "$(run test_silent)" = "0 passed, 1 failed" ]
check "run.sh: non-zero exit is a failure" [ "$(run test_liar)" = "3 passed, 1 failed" ]
check "run.sh: an honest test passes" [ "$(run test_honest)" = "2 passed, 0 failed" ]
# Two lanes: side by side, each test has its own TPCH_TMP, and the tallies of
# every test add up whatever order they finish in.
check "run.sh: tests side by side each have their own TPCH_TMP" [ "$(TPCH_TEST_JOBS=2 run test_own)" = "2 passed, 0 failed" ]
check "run.sh: five tests in two lanes add up" [ "$(TPCH_TEST_JOBS=2 run test_)" = "7 passed, 2 failed" ]
check "run.sh: one lane gives the same" [ "$(TPCH_TEST_JOBS=1 run test_)" = "7 passed, 2 failed" ]
check "run.sh: a bad TPCH_TEST_JOBS is refused" [ "$(TPCH_TEST_JOBS=x run test_honest)" = "TPCH_TEST_JOBS must be a positive whole number" ]

# lib.sh's count, used by scripts that run other programs
( pass=0 fail=0; count "$T/b/tests/test_silent" >/dev/null; echo "$pass $fail" ) >"$T/count"
check "count: silent exit 0 is a failure" [ "$(cat "$T/count")" = "0 1" ]
( pass=0 fail=0; count "$T/b/tests/test_honest" >/dev/null; echo "$pass $fail" ) >"$T/count"
check "count: an honest program passes" [ "$(cat "$T/count")" = "2 0" ]
finish
