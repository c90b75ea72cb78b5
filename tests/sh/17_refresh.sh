#!/bin/bash
# Refresh sets (tpchgen refresh = dbgen -U): byte-identical to dbgen 2.14 at
# SF 0.01 and 0.1 (two sets each) and for the first rows at SF 30000 and
# 100000 (the 64-bit path); parts of a set concatenate to the set; CSV,
# Parquet, Lance and Iceberg hold the same rows (DuckDB, pyarrow, pylance,
# icebird) and RF1/RF2 run in DuckDB as docs/refresh.md shows.
. "$(dirname "$0")/lib.sh"
G=$GOLDEN/refresh
d=$TPCH_TMP/refresh
rm -rf "$d"
files="orders.tbl.u1 lineitem.tbl.u1 delete.1 orders.tbl.u2 lineitem.tbl.u2 delete.2"
for sf in 0.01 0.1; do
  "$TPCHGEN" refresh -s $sf -U 2 -o "$d/$sf" -q || bad "refresh -s $sf -U 2 exited $?"
  for f in $files; do
    want=$(awk -v l="sf$sf-U2" -v f=$f '$1 == l && $2 == f { print $3, $4, $5 }' "$G/checksums.txt")
    got=$(measure "$d/$sf/$f" 2>/dev/null)
    if [ -n "$want" ] && [ "$got" = "$want" ]; then ok; else
      bad "SF $sf $f: got '$got', dbgen '$want'"
      [ $sf = 0.01 ] && diff <(xz -dc "$G/sf0.01-$f.xz") "$d/$sf/$f" | head -n 6 | sed 's/^/    /'
    fi
  done
done
# --set K alone equals set K of -U N; the ASan build agrees.
"$TPCHGEN" refresh -s 0.1 --set 2 -o "$d/set2" -q || bad "--set 2"
for f in orders.tbl.u2 lineitem.tbl.u2 delete.2; do check "--set 2: $f equals -U 2's" cmp -s "$d/set2/$f" "$d/0.1/$f"; done
check "--set 2 writes set 2 only" [ ! -e "$d/set2/orders.tbl.u1" ]
if [ -x "$TPCHGEN_ASAN" ]; then
  "$TPCHGEN_ASAN" refresh -s 0.01 -U 2 -o "$d/asan" -q -j 2 || bad "ASan refresh exited $?"
  for f in $files; do check "ASan build: $f" cmp -s "$d/asan/$f" "$d/0.01/$f"; done
fi
# Parts of a set (dbgen's chunk rule over the set's orders) concatenate to it.
for k in 1 2 3; do "$TPCHGEN" refresh -s 0.1 -U 2 --parts 3 --part $k -o "$d/parts" -q || bad "part $k"; done
for f in $files; do
  cat "$d/parts/$f.1" "$d/parts/$f.2" "$d/parts/$f.3" >"$d/parts/$f"
  check "parts 1..3 of $f concatenate to the set" cmp -s "$d/parts/$f" "$d/0.1/$f"
done
check "part 1 of 3 holds 50 of the 150 orders" [ "$(wc -l <"$d/parts/orders.tbl.u1.1")" = 50 ]
# The 64-bit path: the first rows of sets 1 and 2 at SF 30000 and 100000
# against dbgen's unchunked -U 2 (set 2 continues the 64-bit stream of set 1).
for sf in 30000 100000; do
  for k in 1 2; do
    "$TPCHGEN" refresh -s $sf --set $k --parts 1000 --part 1 -o "$d/big$sf" -q || bad "refresh -s $sf --set $k"
  done
  while read -r s f n m; do
    [ "$s" = $sf ] || continue
    got=$(head -n "$n" "$d/big$sf/$f.1" | md5sum | cut -c1-32)
    check "SF $sf: first $n lines of $f equal dbgen's ($got)" [ "$got" = "$m" ]
  done < <(grep -v '^#' "$G/big.txt")
  rm -rf "$d/big$sf"
done
# Every format: the rows of the tbl sets, and RF1/RF2 on the base data.
"$TPCHGEN" refresh -s 0.01 -U 2 -f csv,parquet,lance,iceberg -o "$d/fmt" -q || bad "refresh in every format"
"$TPCHGEN" -s 0.01 -T orders,lineitem -f parquet -o "$d/base" -q || bad "base data"
count "$TPCH_ROOT/tests/py/.venv/bin/python" "$TPCH_ROOT/tests/py/refresh_check.py" "$d/0.01" "$d/fmt" "$d/base" 2
# Bad input: one error line, exit 2, nothing written.
out=$("$TPCHGEN" refresh -s 0.01 -U 0 -o "$d/bad" 2>&1); rc=$?
check "-U 0 is refused with exit 2 ($out)" [ $rc = 2 ] && check "one error line" [ "$(echo "$out" | wc -l)" = 1 ]
out=$("$TPCHGEN" refresh -s 0.01 -T orders -o "$d/bad" 2>&1); rc=$?
check "-T is refused ($out)" [ $rc = 2 ]
check "nothing written for bad input" [ ! -e "$d/bad" ]
rm -rf "$d"
finish
