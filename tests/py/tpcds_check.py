"""DuckDB reads tpchgen's TPC-DS output: each table's Parquet file against its
.dat file and the reference column statistics of dsdgen's SF 1 data.

usage: tpcds_check.py DIR COLUMN_STATS_TSV [TABLE...]

Per table: the Parquet column types are the kit's (integer -> INTEGER or
BIGINT for keys, decimal(p,s), date, varchar); row counts agree; per column
the digest of every value as text (NULL and '' alike, as .dat cannot tell
them apart) agrees between Parquet and .dat; and the number of NULL-or-empty
values equals dsdgen's count in the statistics file. Prints
"N passed, N failed" and exits non-zero on a failure.
"""
import os
import sys

import duckdb

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


def main():
    d, stats_path = sys.argv[1], sys.argv[2]
    stats = {}
    for line in open(stats_path):
        f = line.rstrip("\n").split("\t")
        if f[0] == "table":
            continue
        stats.setdefault(f[0], []).append((f[1], f[2], int(f[3])))
    tables = sys.argv[3:] or sorted(
        n[: -len(".parquet")] for n in os.listdir(d) if n.endswith(".parquet")
    )
    con = duckdb.connect()
    for t in tables:
        pq = os.path.join(d, t + ".parquet")
        dat = os.path.join(d, t + ".dat")
        cols = stats[t]
        desc = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{pq}')").fetchall()
        check([r[0] for r in desc] == [c[0] for c in cols], f"{t}: column names {[r[0] for r in desc]}")
        for (name, ptype, *_), (_, sqltype, _) in zip(desc, cols):
            s = sqltype.lower()
            if s == "integer":
                want = ("BIGINT",) if name.endswith("_sk") or name in ("ss_ticket_number", "sr_ticket_number") or name.endswith("order_number") else ("INTEGER",)
            elif s.startswith("decimal"):
                want = (s.upper().replace(" ", ""),)
            elif s == "date":
                want = ("DATE",)
            else:
                want = ("VARCHAR",)
            check(ptype.replace(" ", "") in want, f"{t}.{name}: parquet type {ptype}, want {want[0]}")
        # the .dat file: every field as text, plus the empty field after the trailing '|'
        spec = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(cols) + 1))
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE dat AS SELECT * FROM read_csv('{dat}', delim='|', header=false, "
            f"quote='', escape='', columns={{{spec}}}, null_padding=false, all_varchar=true)"
        )
        con.execute(f"CREATE OR REPLACE TEMP VIEW pq AS SELECT * FROM read_parquet('{pq}')")
        n_dat = con.execute("SELECT count(*) FROM dat").fetchone()[0]
        n_pq = con.execute("SELECT count(*) FROM pq").fetchone()[0]
        check(n_dat == n_pq and n_pq > 0, f"{t}: {n_pq} parquet rows, {n_dat} .dat rows")
        for i, (name, sqltype, ref_nulls) in enumerate(cols):
            s = sqltype.lower()
            if s.startswith("decimal"):
                scale = int(s.split(",")[1].rstrip(")"))
                # dsdgen prints gmt offsets without decimals
                txt = f"CAST(CAST({name} AS DECIMAL(18,{0 if name.endswith('gmt_offset') else scale})) AS VARCHAR)"
            else:
                txt = f"CAST({name} AS VARCHAR)"
            q_pq = (
                f"SELECT sum(hash(coalesce({txt}, ''))), count(*) FILTER (WHERE coalesce({txt}, '') = '') FROM pq"
            )
            q_dat = f"SELECT sum(hash(coalesce(c{i}, ''))), count(*) FILTER (WHERE coalesce(c{i}, '') = '') FROM dat"
            h_pq, e_pq = con.execute(q_pq).fetchone()
            h_dat, e_dat = con.execute(q_dat).fetchone()
            check(h_pq == h_dat, f"{t}.{name}: parquet and .dat values differ")
            check(e_pq == ref_nulls, f"{t}.{name}: {e_pq} NULL/empty values, dsdgen has {ref_nulls}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
