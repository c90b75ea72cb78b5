#!/bin/bash
# SF 1, all eight tables, against dbgen's checksums (about 10 s).
. "$(dirname "$0")/lib.sh"
out=$TPCH_TMP/sf1
rm -rf "$out"
"$TPCHGEN" -s 1 -o "$out" -q || bad "tpchgen -s 1 exited $?"
for t in region nation supplier customer part partsupp orders lineitem; do
  want=$(golden 1 "$t")
  got=$(measure "$out/$t.tbl" 2>/dev/null)
  if [ "$got" = "$want" ]; then ok; else bad "SF 1 $t: got '$got', dbgen '$want'"; fi
done
rm -rf "$out"
finish
