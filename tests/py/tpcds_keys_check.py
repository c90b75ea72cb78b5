"""tpcds_keys_check.py - the keys of a TPC-DS data set in .dat files, checked
by DuckDB: every primary key unique and never NULL, every foreign key of the
kit's RI script (tpcds_ri.sql) found in the table it references, every
returned line (item, ticket/order) a line of its sales table, and with
--rows the row counts of a reference list.

  tpcds_keys_check.py --dir DIR --keys KEYS.tsv --columns COLUMN-STATS.tsv
                      [--rows ROWS.txt --label LABEL] [--tables T,...]

KEYS.tsv (tests/golden/tpcds/keys.tsv): `pk TABLE COLS`, `fk TABLE COL
TABLE COL`, `sold TABLE COLS TABLE COLS`, tab-separated. COLUMN-STATS.tsv
gives each table's columns in .dat field order. ROWS.txt: `LABEL TABLE ROWS`
lines. Only the key columns are loaded (as BIGINT), so a whole SF 1 data set
fits in memory. Prints "N passed, N failed" last; exits 1 on any failure.
"""
import argparse
import os
import sys

import duckdb

from tally import check, finish


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--keys", required=True)
    ap.add_argument("--columns", required=True)
    ap.add_argument("--rows")
    ap.add_argument("--label")
    ap.add_argument("--tables")
    a = ap.parse_args()

    columns = {}
    for line in open(a.columns):
        f = line.rstrip("\n").split("\t")
        if f[0] != "table":
            columns.setdefault(f[0], []).append(f[1])
    keys = [line.rstrip("\n").split("\t") for line in open(a.keys) if not line.startswith("#")]
    want = set(a.tables.split(",")) if a.tables else None
    present = {t for t in columns if os.path.exists(os.path.join(a.dir, t + ".dat"))}
    tables = sorted(present if want is None else present & want)
    check(len(tables) > 0, f"no .dat files in {a.dir}")

    # the key columns of every table, as BIGINT
    needed = {t: set() for t in tables}
    for k in keys:
        if k[1] in needed:
            needed[k[1]].update(k[2].split(","))
        if len(k) > 3 and k[3] in needed:
            needed[k[3]].update(k[4].split(","))
    con = duckdb.connect()
    for t in tables:
        names = columns[t]
        spec = ", ".join(f"'{n}': 'VARCHAR'" for n in names + ["_end"])
        sel = ", ".join(f"CAST(NULLIF({c}, '') AS BIGINT) AS {c}" for c in names if c in needed[t]) or "1 AS one"
        con.execute(
            f"CREATE TABLE {t} AS SELECT {sel} FROM read_csv('{os.path.join(a.dir, t + '.dat')}', delim='|', "
            f"header=false, quote='', escape='', columns={{{spec}}}, null_padding=false, all_varchar=true)"
        )

    if a.rows:
        ref = {}
        for line in open(a.rows):
            f = line.split()
            if len(f) == 3 and f[0] == a.label:
                ref[f[1]] = int(f[2])
        for t in tables:
            n = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            check(ref.get(t) == n, f"{t}: {n} rows, the reference has {ref.get(t)} ({a.label})")

    for k in keys:
        kind, t = k[0], k[1]
        cols = k[2].split(",")
        if t not in needed:
            continue
        if kind == "pk":
            nulls = " OR ".join(f"{c} IS NULL" for c in cols)
            n, d, z = con.execute(
                f"SELECT count(*), count(DISTINCT ({', '.join(cols)})), count(*) FILTER (WHERE {nulls}) FROM {t}"
            ).fetchone()
            check(n == d and z == 0, f"{t}: primary key ({k[2]}): {n} rows, {d} distinct, {z} with a NULL")
            continue
        rt, rcols = k[3], k[4].split(",")
        if rt not in needed:
            continue
        on = " AND ".join(f"c.{c} = p.{r}" for c, r in zip(cols, rcols))
        notnull = " AND ".join(f"c.{c} IS NOT NULL" for c in cols)
        n, miss = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM {rt} p WHERE {on})) "
            f"FROM {t} c WHERE {notnull}"
        ).fetchone()
        what = "returned lines not sold" if kind == "sold" else "values not found"
        check(miss == 0, f"{t}.{k[2]} -> {rt}.{k[4]}: {miss} of {n} {what}")
        if kind == "sold":
            check(n > 0, f"{t}: no returns")

    finish()


if __name__ == "__main__":
    main()
