#!/bin/bash
# TPC-H as Paimon append tables, read by Apache Paimon's own readers:
# pypaimon (Python) and Java Paimon (tests/java/PaimonRead.java). Schema with
# field ids and Paimon types, every column's digest and the 22 query answers
# (DuckDB over pypaimon's Arrow data) at SF 0.01 and 0.1, whole and from parts
# joined by 'tpchgen commit'; --mode append and time travel; --overwrite;
# pypaimon's own writer appending to our table; file pruning by statistics.
. "$(dirname "$0")/lib.sh"
PY=$TPCH_ROOT/tests/py/.venv-paimon/bin/python
CP="$TPCH_ROOT/tests/java/lib/*:$TPCH_ROOT/tests/java/classes"
check "pypaimon is installed (scripts/install-deps.sh --npm)" [ -x "$PY" ]
check "the Java reader is built (scripts/install-deps.sh --npm)" [ -f "$TPCH_ROOT/tests/java/classes/PaimonRead.class" ]
d=$TPCH_TMP/tpch-paimon
rm -rf "$d"
paimon_check() { count "$PY" "$TPCH_ROOT/tests/py/paimon_check.py" --java "$CP" "$@"; }
tables() { "$PY" "$TPCH_ROOT/tests/py/paimon_tables.py" "$@"; }

"$TPCHGEN" -s 0.01 -f paimon -o "$d/sf001" -q || bad "generate SF 0.01"
paimon_check --dir "$d/sf001" --golden "$GOLDEN/interop-sf0.01"

# parts, run out of order; a part run again is refused unless --overwrite
for k in 2 1 3; do "$TPCHGEN" -s 0.01 -f paimon --parts 3 --part $k -o "$d/parts" -q || bad "part $k"; done
check "parts leave pending records" [ "$(ls "$d/parts/orders/bucket-0/"*.pending | wc -l)" = 3 ]
"$TPCHGEN" -s 0.01 -f paimon --parts 3 --part 2 -o "$d/parts" -q 2>"$d/err"
check "re-running a pending part is refused ($(cat "$d/err"))" grep -q "part 2 of supplier is already written.*--overwrite" "$d/err"
"$TPCHGEN" -s 0.01 -f paimon --parts 3 --part 2 -o "$d/parts" -q --overwrite || bad "re-run part 2 with --overwrite"
check "with --overwrite the part is replaced, not added twice" [ "$(ls "$d/parts/orders/bucket-0/"*.pending | wc -l)" = 3 -a "$(ls "$d/parts/orders/bucket-0/"*.parquet | wc -l)" = 3 ]
check "no snapshot before the commit" [ ! -e "$d/parts/orders/snapshot/snapshot-1" ]
"$TPCHGEN" commit -f paimon -o "$d/parts" -q || bad "tpchgen commit"
check "commit consumes the pending records" [ -z "$(ls "$d/parts/orders/bucket-0/" | grep pending)" ]
check "one snapshot for all parts" [ -f "$d/parts/orders/snapshot/snapshot-1" -a ! -e "$d/parts/orders/snapshot/snapshot-2" ]
"$TPCHGEN" commit -f paimon -o "$d/parts" -q 2>"$d/err"
check "a second commit finds nothing pending ($(cat "$d/err"))" grep -q "no pending data files" "$d/err"
paimon_check --dir "$d/parts" --golden "$GOLDEN/interop-sf0.01"

"$TPCHGEN" -s 0.1 -f paimon -o "$d/sf01" -q || bad "generate SF 0.1"
paimon_check --dir "$d/sf01" --golden "$GOLDEN/interop-sf0.1"
for k in 1 2 3 4; do "$TPCHGEN" -s 0.1 -f paimon -T lineitem,orders --parts 4 --part $k -o "$d/parts01" -q || bad "SF 0.1 part $k"; done
"$TPCHGEN" commit -f paimon -T lineitem,orders -o "$d/parts01" -q || bad "SF 0.1 commit"

# Pruning by file statistics over the four lineitem files: the predicates sit
# exactly on a file's bounds (taken from the data by DuckDB, not from our
# statistics), so a bound that is off by one loses rows or prunes nothing.
li=$d/parts01/lineitem
bounds=$("$PY" - "$li" <<'PYEOF'
import duckdb, glob, sys
fs = sorted(glob.glob(sys.argv[1] + '/bucket-0/*.parquet'))
q = lambda sql: duckdb.sql(sql).fetchall()
mins = [q(f"SELECT min(l_shipdate)::DATE - DATE '1970-01-01', max(l_shipdate)::DATE - DATE '1970-01-01', min(l_orderkey), max(l_orderkey) FROM '{f}'")[0] for f in fs]
lo = max(m[0] for m in mins); hi = min(m[1] for m in mins); k = sorted(m[2] for m in mins)[2]
alld = ', '.join(f"'{f}'" for f in fs)
c = lambda w: q(f"SELECT count(*) FROM read_parquet([{alld}]) WHERE {w}")[0][0]
print(len(fs), lo, c(f"l_shipdate < DATE '1970-01-01' + {lo}"), hi, c(f"l_shipdate > DATE '1970-01-01' + {hi}"), k, c(f"l_orderkey < {k}"))
PYEOF
)
read -r nf lo nlo hi nhi k nk <<<"$bounds"
check "lineitem SF 0.1 in 4 parts is 4 files ($bounds)" [ "$nf" = 4 ]
r=$(tables filter "$li" l_shipdate lt "$lo" --java "$CP")
check "l_shipdate < max file minimum: no row lost by pypaimon or Java ($r, want $nlo rows)" [ "$(echo "$r" | cut -d' ' -f3,6)" = "$nlo $nlo" ]
r=$(tables filter "$li" l_shipdate gt "$hi" --java "$CP")
check "l_shipdate > min file maximum: no row lost ($r, want $nhi rows)" [ "$(echo "$r" | cut -d' ' -f3,6)" = "$nhi $nhi" ]
r=$(tables filter "$li" l_orderkey lt "$k" --java "$CP")
check "l_orderkey < the third part's first key: 2 of 4 files planned, no row lost ($r, want $nk)" [ "$r" = "2 4 $nk java 2 $nk" ]

# --mode append: two snapshots, time travel to the first
"$TPCHGEN" -s 0.01 -f paimon -T region -o "$d/app" -q || bad "create"
"$TPCHGEN" -s 0.01 -f paimon -T region -o "$d/app" -q --mode append || bad "append"
s=$(tables snapshots "$d/app/region" --java "$CP" | tr '\n' ' ')
check "append: snapshots 1 and 2 hold 5 and 10 rows in both readers ($s)" [ "$s" = "1 5 APPEND java 5 APPEND 2 10 APPEND java 10 APPEND " ]
check "LATEST hint is 2" [ "$(cat "$d/app/region/snapshot/LATEST")" = 2 ]
# pypaimon's own writer appends on top of ours; both readers read all of it
tables pyappend "$d/app/region" || bad "pypaimon append"
s=$(tables snapshots "$d/app/region" --java "$CP" | tr '\n' ' ')
check "after pypaimon's append: 5, 10, 20 rows ($s)" [ "$s" = "1 5 APPEND java 5 APPEND 2 10 APPEND java 10 APPEND 3 20 APPEND java 20 APPEND " ]
"$TPCHGEN" -s 0.01 -f paimon -T region -o "$d/app" -q --mode append || bad "append after pypaimon"
s=$(tables snapshots "$d/app/region" --java "$CP" | tail -n 1)
check "we append after pypaimon's snapshot ($s)" [ "$s" = "4 25 APPEND java 25 APPEND" ]
# --overwrite: an OVERWRITE snapshot holding only the new rows
"$TPCHGEN" -s 0.01 -f paimon -T region -o "$d/app" -q --overwrite || bad "overwrite"
s=$(tables snapshots "$d/app/region" --java "$CP" | tail -n 1)
check "overwrite: snapshot 5 holds 5 rows ($s)" [ "$s" = "5 5 OVERWRITE java 5 OVERWRITE" ]
check "overwrite keeps every earlier data file" [ "$(ls "$d/app/region/bucket-0/"*.parquet | wc -l)" = 5 ]
"$TPCHGEN" -s 0.01 -f paimon -T region -o "$d/app" -q 2>"$d/err"
check "existing table refused without --overwrite ($(cat "$d/err"))" grep -q "already exists" "$d/err"
"$TPCHGEN" -s 0.01 -f paimon --mode append --parts 2 --part 1 -o "$d/x" -q 2>"$d/err"
check "--mode append with --parts refused" [ $? = 2 ]
rm -rf "$d"
finish
