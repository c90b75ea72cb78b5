#!/bin/bash
# Every table at SF 0.01 and 0.1 is byte-identical to dbgen (md5, rows and
# size from tests/golden/checksums.txt); the SF 0.01 run also goes through
# the ASan/UBSan build of the CLI. A differing SF 0.01 table shows its first
# differing line against dbgen's own file.
. "$(dirname "$0")/lib.sh"
tables="region nation supplier customer part partsupp orders lineitem"

run_sf() { # bin sf dir
  rm -rf "$3"
  "$1" -s "$2" -o "$3" -q -j 2 || bad "$1 -s $2 exited $?"
  for t in $tables; do
    want=$(golden "$2" "$t")
    got=$(measure "$3/$t.tbl" 2>/dev/null)
    if [ "$got" = "$want" ]; then ok; else
      bad "SF $2 $t: got '$got', dbgen '$want'"
      [ "$2" = 0.01 ] && first_diff "$t" "$3/$t.tbl"
    fi
  done
}

run_sf "$TPCHGEN" 0.01 "$TPCH_TMP/g001"
run_sf "$TPCHGEN" 0.1 "$TPCH_TMP/g01"
if [ -x "$TPCHGEN_ASAN" ]; then
  run_sf "$TPCHGEN_ASAN" 0.01 "$TPCH_TMP/g001asan"
else
  bad "no sanitizer build at $TPCHGEN_ASAN (run make asan)"
fi

# The checker itself must notice a wrong byte (negative control).
cp "$TPCH_TMP/g001/nation.tbl" "$TPCH_TMP/nation.bad"
sed -i '3s/BRAZIL/BRAZIM/' "$TPCH_TMP/nation.bad"
check "a corrupted table no longer matches" [ "$(measure "$TPCH_TMP/nation.bad")" != "$(golden 0.01 nation)" ]
check "and first_diff names the line" grep -q '^ *3c3' <(first_diff nation "$TPCH_TMP/nation.bad")
rm -rf "$TPCH_TMP/g001" "$TPCH_TMP/g01" "$TPCH_TMP/g001asan"
finish
