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
  local fmt=$1 dir=$2 sf=$3
  shift 3
  local log=$TPCH_TMP/check-$fmt-$sf.log
  (cd "$JS" && node tpch_check.mjs --format "$fmt" --dir "$dir" --golden "$GOLDEN/interop-sf$sf" "$@") >"$log" 2>&1
  local rc=$?
  local last p f
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$last" | cut -d' ' -f1)
  f=$(echo "$last" | cut -d' ' -f3)
  pass=$((pass + ${p:-0}))
  fail=$((fail + ${f:-0}))
  if [ $rc != 0 ] || [ -z "$last" ]; then
    [ "${f:-0}" = 0 ] && fail=$((fail + 1))
    echo "FAIL tpch_check $fmt SF $sf $*:"
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
