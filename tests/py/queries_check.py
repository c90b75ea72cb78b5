"""The query streams of `tpchgen queries` run in DuckDB as printed.

usage: queries_check.py TPCHGEN PARQUET_DIR SF QUERIES_DIR
For the default substitutions, each printed query returns exactly what the
project's validation query (tests/queries/qNN.sql, written from the
specification with its validation values) returns on the same data; Q11's
FRACTION is scaled by 1/SF as qgen prints it, so Q11 is compared with the
validation query's fraction scaled the same way. Seeded streams: every query
runs, and the order of the printed queries is the order of --params.
Prints "N passed, N failed" last.
"""
import re
import subprocess
import sys

import duckdb

tpchgen, pq_dir, sf, qdir = sys.argv[1:5]
passed = failed = 0


def check(what, cond):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


con = duckdb.connect()
for t in ["part", "partsupp", "supplier", "customer", "orders", "lineitem", "nation", "region"]:
    con.execute(f"create view {t} as select * from read_parquet('{pq_dir}/{t}.parquet')")


def stream(args):
    out = subprocess.run([tpchgen, "queries", "-s", sf] + args, capture_output=True, text=True, check=True).stdout
    parts = re.split(r"^-- Q(\d+)\n", out, flags=re.M)
    return [(int(parts[i]), parts[i + 1]) for i in range(1, len(parts), 2)]


def order(args):
    out = subprocess.run([tpchgen, "queries", "-s", sf, "--params"] + args, capture_output=True, text=True,
                         check=True).stdout
    return [int(line.split("\t")[0]) for line in out.splitlines()]


# Default substitutions against the validation queries.
for q, sql in stream(["--defaults"]):
    ref = open(f"{qdir}/q{q:02d}.sql").read()
    if q == 11:
        ref = ref.replace("* 0.0001", f"* {0.0001 / float(sf):.10f}")
    try:
        got = con.execute(sql).fetchall()
        want = con.execute(ref).fetchall()
        check(f"Q{q} with the default values returns what the validation query returns ({len(got)} rows)",
              got == want)
    except duckdb.Error as e:
        check(f"Q{q} --defaults runs in DuckDB: {e}", False)

# Seeded streams: all 22 run, in the order of --params.
for args in (["--seed", "1"], ["--seed", "20261206", "--stream", "1"], ["--seed", "7", "--stream", "3"]):
    qs = stream(args)
    check(f"{' '.join(args)}: 22 queries in the --params order", [q for q, _ in qs] == order(args))
    rows = 0
    for q, sql in qs:
        try:
            rows += len(con.execute(sql).fetchall())
            passed += 1
        except duckdb.Error as e:
            check(f"{' '.join(args)} Q{q} runs in DuckDB: {e}", False)
    check(f"{' '.join(args)}: the stream returns rows ({rows})", rows > 0)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
