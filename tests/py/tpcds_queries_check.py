"""tpcds_queries_check.py - the TPC-DS queries of tests/queries-tpcds over
three copies of the same data: the .dat files loaded into DuckDB (typed as
the Parquet schema says), the Parquet files, and the Lance datasets (pylance,
scanned by DuckDB). Every query's answer must be the same over all three,
and with --golden DIR equal to DIR/qNN.csv (the answers over dsdgen's SF 1
data; --write writes them there instead).

  tpcds_queries_check.py --dir DIR [--golden DIR [--write]] [--show]

Prints "N passed, N failed" last; exits 1 on any failure.
"""
import argparse
import glob
import os
import sys

import duckdb
import lance
import pyarrow.parquet as ppq

QUERIES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "queries-tpcds")
TABLES = ["store_sales", "date_dim", "item", "customer_demographics", "promotion", "customer",
          "customer_address", "store", "household_demographics", "time_dim"]
from tally import check, finish


def text(v):
    """A value as the answers file writes it: floats to 10 significant digits
    (the averages of Q7 are sums in whatever order the engine adds)."""
    if v is None:
        return "\\N"
    if isinstance(v, float):
        return f"{v:.10g}"
    return str(v)


def run_all(con):
    out = {}
    for q in sorted(glob.glob(os.path.join(QUERIES, "q*.sql"))):
        cur = con.execute(open(q).read())
        header = [d[0] for d in cur.description]
        rows = cur.fetchall()
        out[os.path.basename(q)[:-4]] = [header] + [[text(v) for v in r] for r in rows]
    return out


def duck_type(t):
    s = str(t)
    if s == "int64":
        return "BIGINT"
    if s == "int32":
        return "INTEGER"
    if s.startswith("date32"):
        return "DATE"
    if s.startswith("decimal128"):
        return "DECIMAL" + s[len("decimal128"):]
    return "VARCHAR"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--golden")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()
    answers = {}
    # .dat loaded into DuckDB
    con = duckdb.connect()
    for t in TABLES:
        schema = ppq.read_schema(os.path.join(a.dir, t + ".parquet"))
        spec = ", ".join(f"'{f.name}': '{duck_type(f.type)}'" for f in schema) + ", 'trailing': 'VARCHAR'"
        cols = ", ".join(f.name for f in schema)
        con.execute(
            f"CREATE TABLE {t} AS SELECT {cols} FROM read_csv('{os.path.join(a.dir, t + '.dat')}', delim='|', "
            f"header=false, quote='', escape='', columns={{{spec}}})"
        )
    answers["dat"] = run_all(con)
    con.close()
    # Parquet
    con = duckdb.connect()
    for t in TABLES:
        con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{os.path.join(a.dir, t + '.parquet')}')")
    answers["parquet"] = run_all(con)
    con.close()
    # Lance, through pylance's datasets (DuckDB scans them as Arrow datasets)
    con = duckdb.connect()
    for t in TABLES:
        con.register(t, lance.dataset(os.path.join(a.dir, t + ".lance")))
    answers["lance"] = run_all(con)
    con.close()
    ref = answers["dat"]
    for q, rows in ref.items():
        check(len(rows) > 1, f"{q}: no rows over the .dat data")
        for src in ("parquet", "lance"):
            check(answers[src][q] == rows, f"{q}: {src} answer differs from the .dat answer")
        if a.show:
            print(f"{q}: {len(rows) - 1} rows; first: {' | '.join(rows[1]) if len(rows) > 1 else '-'}")
        if a.golden:
            path = os.path.join(a.golden, q + ".csv")
            body = "".join("|".join(r) + "\n" for r in rows)
            if a.write:
                os.makedirs(a.golden, exist_ok=True)
                with open(path, "w") as f:
                    f.write(body)
            else:
                check(os.path.exists(path) and open(path).read() == body, f"{q}: answer differs from {path}")
    finish()


if __name__ == "__main__":
    main()
