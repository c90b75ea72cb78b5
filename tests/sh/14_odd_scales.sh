#!/bin/bash
# Scale factors no reference was made for: counts dbgen was observed to give
# (SF 0.37 and 2 lineitem rows), and for 0.037, 0.0001, 0.25 and 1.5 the
# invariants every TPC-H data set must satisfy, whole and as uneven parts.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/odd
rm -rf "$d"
# lineitem rows dbgen produced (DBGEN_NOTES section 2).
for pair in 0.37:2220133 2:11997996 0.001:6005; do
  sf=${pair%%:*}
  want=${pair##*:}
  got=$("$TPCHGEN" -s "$sf" -T lineitem --stdout 2>/dev/null | wc -l)
  check "SF $sf lineitem rows: $got, dbgen $want" [ "$got" = "$want" ]
done
for sf in 0.037 0.0001 0.25 1.5; do
  "$TPCHGEN" -s $sf -o "$d/$sf" -q || bad "generate SF $sf"
  log=$TPCH_TMP/integrity-$sf.log
  (cd "$JS" && node tpch_integrity.mjs "$d/$sf" $sf) > "$log" 2>&1
  rc=$?
  p=$(tail -n 1 "$log" | cut -d' ' -f1); f=$(tail -n 1 "$log" | cut -d' ' -f3)
  pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
  [ $rc = 0 ] || { echo "FAIL integrity at SF $sf:"; head -20 "$log"; }
done
# The checker notices a broken invariant (negative control): one price off by a cent.
cp -r "$d/0.0001" "$d/broken"
sed -i '1s/^\([^|]*|[^|]*|[^|]*|[^|]*|[^|]*|\)\([0-9]*\)\./\1\2\.1/;1s/\.1\([0-9]\)[0-9]|/.1\1|/' "$d/broken/lineitem.tbl"
(cd "$JS" && node tpch_integrity.mjs "$d/broken" 0.0001) > "$TPCH_TMP/broken.log" 2>&1
check "a wrong l_extendedprice is caught ($(grep FAIL "$TPCH_TMP/broken.log" | head -2 | tr '\n' ' '))" \
  grep -q "FAIL l_extendedprice" "$TPCH_TMP/broken.log"

# Uneven parts at an odd SF still concatenate to the whole.
for k in 1 2 3 4 5 6 7; do "$TPCHGEN" -s 0.037 -T lineitem,partsupp --parts 7 --part $k -o "$d/p" -q || bad "part $k"; done
for t in lineitem partsupp; do
  check "SF 0.037 $t: 7 parts concatenate to the whole" cmp -s <(cat "$d"/p/$t.tbl.{1..7}) "$d/0.037/$t.tbl"
done
rm -rf "$d"
finish
