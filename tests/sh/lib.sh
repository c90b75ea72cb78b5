# Shared helpers for the shell tests: counters and the closing line.
# Usage: . "$(dirname "$0")/lib.sh"; check "what" cmd args...; ...; finish
set -u
: "${TPCH_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${TPCH_BUILD:=$TPCH_ROOT/build}"
: "${TPCHGEN:=$TPCH_BUILD/tpchgen}"
: "${TPCHGEN_ASAN:=$TPCH_BUILD/asan/tpchgen}"
: "${TPCH_TMP:=$(mktemp -d /tmp/tpchgen-test.XXXXXX)}"
GOLDEN=$TPCH_ROOT/tests/golden
JS=$TPCH_ROOT/tests/js
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# check "description" command...   (passes when the command succeeds)
check() {
  local what=$1
  shift
  if "$@"; then ok; else bad "$what"; fi
}

# count CMD...: runs a program or script that ends with "N passed, N failed"
# and adds its counts to ours (exiting non-zero without a failure counts as
# one failure); shows the last lines of its output.
count() {
  local log rc p f
  log=$("$@" 2>&1)
  rc=$?
  echo "$log" | tail -n 8
  p=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' | tail -n 1)
  f=$(echo "$log" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' | tail -n 1)
  p=${p:-0}
  f=${f:-0}
  [ -z "$(echo "$log" | grep -E '^[0-9]+ passed, [0-9]+ failed$')" ] && f=$((f + 1)) && echo "FAIL no tally line: $*"
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  pass=$((pass + p))
  fail=$((fail + f))
}

# The test binaries: the ASan+UBSan build when it exists (writers then run
# under the sanitizers), else the plain one.
TESTBIN=$TPCH_BUILD/asan/tests
[ -d "$TESTBIN" ] || TESTBIN=$TPCH_BUILD/tests

# golden_md5 SF TABLE -> "rows bytes md5" from tests/golden/checksums.txt
golden() { awk -v sf="sf$1" -v t="$2" '$1 == sf && $2 == t { print $3, $4, $5 }' "$GOLDEN/checksums.txt"; }

# "rows bytes md5" of a file
measure() { echo "$(wc -l <"$1") $(stat -c %s "$1") $(md5sum <"$1" | cut -c1-32)"; }

# Shows where a generated SF 0.01 table first differs from dbgen's.
first_diff() {
  local table=$1 file=$2
  local ref=$GOLDEN/sf0.01/$table.tbl.xz
  [ -f "$ref" ] || return 0
  diff <(xz -dc "$ref") "$file" | head -n 6 | sed 's/^/    /'
}

finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" = 0 ]
}

# tpch_check FORMAT DIR SF [options]: the independent-reader check
# (tests/js/tpch_check.mjs); its counts are added to ours.
tpch_check() {
  local log=$TPCH_TMP/check-$1-$3.log
  (cd "$JS" && node tpch_check.mjs --format "$1" --dir "$2" --golden "$GOLDEN/interop-sf$3" "${@:4}") >"$log" 2>&1
  tpch_check_count $? "$log" "$1 SF $3 ${*:4}"
}

# tpch_check_bg FORMAT DIR SF [options]: the same check in the background, so
# that other checks can use the second core meanwhile; tpch_check_wait waits
# for it and adds its counts (one background check at a time; its PID is in
# $tpch_check_pid for a trap to stop it).
tpch_check_bg() {
  tpch_check_what="$1 SF $3 ${*:4}"
  tpch_check_log=$TPCH_TMP/check-$1-$3.log
  (cd "$JS" && exec node tpch_check.mjs --format "$1" --dir "$2" --golden "$GOLDEN/interop-sf$3" "${@:4}") \
    >"$tpch_check_log" 2>&1 &
  tpch_check_pid=$!
}
tpch_check_wait() {
  local rc
  wait "$tpch_check_pid"
  rc=$?
  tpch_check_pid=
  tpch_check_count $rc "$tpch_check_log" "$tpch_check_what"
}

# tpch_check_count STATUS LOG WHAT: adds a tpch_check run's counts to ours.
tpch_check_count() {
  local rc=$1 log=$2 last p f
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$last" | cut -d' ' -f1)
  f=$(echo "$last" | cut -d' ' -f3)
  pass=$((pass + ${p:-0}))
  fail=$((fail + ${f:-0}))
  if [ "$rc" != 0 ] || [ -z "$last" ]; then
    [ "${f:-0}" = 0 ] && fail=$((fail + 1))
    echo "FAIL tpch_check $3:"
    grep -v '^ok' "$log" | head -20 | sed 's/^/    /'
  fi
}

# orc_java_classes: compiles tests/java/OrcCheck.java (the Java ORC reader's
# checks of tests/py/orc_check.py) against orc-tools' uber jar $ORC_JAR into
# $TPCH_TMP/orc-java; prints that directory, or nothing when javac fails.
orc_java_classes() {
  local dir=$TPCH_TMP/orc-java
  mkdir -p "$dir"
  if javac -nowarn -d "$dir" -cp "$ORC_JAR" "$TPCH_ROOT/tests/java/OrcCheck.java" >&2; then echo "$dir"; fi
}

# format_readers: the readers the TPC-DS format checks (84, 86) run - sets
# PY and PYP (the test venvs; pypaimon has its own), ORC_JAR (orc-tools),
# CP (the Java Paimon reader's class path) and classes (OrcCheck compiled,
# see orc_java_classes), and counts a check for each being there.
format_readers() {
  PY=$TPCH_ROOT/tests/py/.venv/bin/python
  PYP=$TPCH_ROOT/tests/py/.venv-paimon/bin/python
  ORC_JAR=$(ls "$TPCH_ROOT"/tests/java/orc-lib/orc-tools-*-uber.jar 2>/dev/null | head -n 1)
  CP="$TPCH_ROOT/tests/java/lib/*:$TPCH_ROOT/tests/java/classes"
  check "Python readers are installed (scripts/install-deps.sh --npm)" [ -x "$PY" -a -x "$PYP" ]
  check "orc-tools is installed" [ -n "$ORC_JAR" ]
  check "the Java Paimon reader is built" [ -f "$TPCH_ROOT/tests/java/classes/PaimonRead.class" ]
  classes=$(orc_java_classes)
  check "OrcCheck.java compiles against orc-tools" [ -n "$classes" ]
}
