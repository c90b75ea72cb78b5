"""Refresh sets in CSV, Parquet, Lance and Iceberg hold exactly the rows of
the tbl sets (read by DuckDB, pyarrow, pylance and icebird), and RF1/RF2 run
in DuckDB as docs/refresh.md shows them.

usage: refresh_check.py TBL_DIR OUT_DIR BASE_PARQUET_DIR SETS
Prints "N passed, N failed" last; exits 1 on a failure.
"""
import json
import os
import subprocess
import sys

import duckdb
import lance
import pyarrow.parquet as pq

tbl_dir, out_dir, base_dir, sets = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
passed = failed = 0


def check(what, cond):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


def canon(rows):
    """Rows as text tuples in the canonical form of tests/golden/README.md."""
    out = []
    for r in rows:
        out.append(tuple(f"{v:.2f}" if hasattr(v, "as_tuple") else str(v) for v in r))
    return out


con = duckdb.connect()
ORDERS = ["o_orderkey", "o_custkey", "o_orderstatus", "o_totalprice", "o_orderdate",
          "o_orderpriority", "o_clerk", "o_shippriority", "o_comment"]
LINEITEM = ["l_orderkey", "l_partkey", "l_suppkey", "l_linenumber", "l_quantity", "l_extendedprice",
            "l_discount", "l_tax", "l_returnflag", "l_linestatus", "l_shipdate", "l_commitdate",
            "l_receiptdate", "l_shipinstruct", "l_shipmode", "l_comment"]


def tbl_rows(path, cols):
    """dbgen text read by DuckDB with the canonical types."""
    q = f"""select * from read_csv('{path}', delim='|', header=false, quote='', escape='',
            columns={{{', '.join(f"'{c}': 'VARCHAR'" for c in cols + ['dummy'])}}})"""
    rows = con.execute(q).fetchall()
    return [tuple(r[:-1]) for r in rows]


def norm_text(rows, money):
    """tbl text -> canonical text (l_quantity is printed without decimals)."""
    out = []
    for r in rows:
        out.append(tuple(f"{float(v):.2f}" if i in money else v for i, v in enumerate(r)))
    return out


for k in range(1, sets + 1):
    want = {
        "orders": norm_text(tbl_rows(f"{tbl_dir}/orders.tbl.u{k}", ORDERS), {3}),
        "lineitem": norm_text(tbl_rows(f"{tbl_dir}/lineitem.tbl.u{k}", LINEITEM), {4, 5, 6, 7}),
        "delete": [(line.split("|")[0],) for line in open(f"{tbl_dir}/delete.{k}").read().splitlines()],
    }
    names = {"orders": f"orders_u{k}", "lineitem": f"lineitem_u{k}", "delete": f"delete_{k}"}
    for t, name in names.items():
        w = want[t]
        check(f"set {k} {t} is not empty", len(w) > 0)
        got = canon(con.execute(f"select * from read_parquet('{out_dir}/{name}.parquet')").fetchall())
        check(f"set {k} {t}: DuckDB reads the Parquet rows of the tbl set ({len(got)} vs {len(w)})", got == w)
        tab = pq.read_table(f"{out_dir}/{name}.parquet")
        got = canon(zip(*[c.to_pylist() for c in tab.columns]))
        check(f"set {k} {t}: pyarrow reads the Parquet rows of the tbl set", got == w)
        got = canon(con.execute(f"select * from read_csv('{out_dir}/{name}.csv', header=true, all_varchar=true)").fetchall())
        got = [tuple(f"{float(v):.2f}" if "." in v and v.replace(".", "").replace("-", "").isdigit() else v for v in r) for r in got]
        check(f"set {k} {t}: DuckDB reads the CSV rows of the tbl set", got == w)
        ds = lance.dataset(f"{out_dir}/{name}.lance").to_table()
        got = canon(zip(*[c.to_pylist() for c in ds.columns]))
        check(f"set {k} {t}: pylance reads the Lance rows of the tbl set", got == w)
        js = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "js")
        dump = subprocess.run(["node", "iceberg_dump.mjs", os.path.abspath(f"{out_dir}/{name}")], cwd=js,
                              capture_output=True, text=True)
        got = [tuple(json.loads(line)) for line in dump.stdout.splitlines()]
        check(f"set {k} {t}: icebird reads the Iceberg rows of the tbl set {dump.stderr[-300:]}", got == w)
        if t == "delete":
            check(f"set {k}: delete_{k} has one column o_orderkey", tab.column_names == ["o_orderkey"])

# RF1 and RF2 on the base data in DuckDB, as docs/refresh.md runs them.
con.execute(f"create table orders as select * from read_parquet('{base_dir}/orders.parquet')")
con.execute(f"create table lineitem as select * from read_parquet('{base_dir}/lineitem.parquet')")
n_o, n_l = con.execute("select (select count(*) from orders), (select count(*) from lineitem)").fetchone()
for k in range(1, sets + 1):
    new_o = con.execute(f"select count(*) from read_parquet('{out_dir}/orders_u{k}.parquet')").fetchone()[0]
    new_l = con.execute(f"select count(*) from read_parquet('{out_dir}/lineitem_u{k}.parquet')").fetchone()[0]
    clash = con.execute(f"select count(*) from orders where o_orderkey in "
                        f"(select o_orderkey from read_parquet('{out_dir}/orders_u{k}.parquet'))").fetchone()[0]
    check(f"set {k}: new order keys are not in the base data", clash == 0)
    # RF1
    con.execute(f"insert into orders select * from read_parquet('{out_dir}/orders_u{k}.parquet')")
    con.execute(f"insert into lineitem select * from read_parquet('{out_dir}/lineitem_u{k}.parquet')")
    # RF2
    gone_o = con.execute(f"select count(*) from orders where o_orderkey in "
                         f"(select o_orderkey from read_parquet('{out_dir}/delete_{k}.parquet'))").fetchone()[0]
    gone_l = con.execute(f"select count(*) from lineitem where l_orderkey in "
                         f"(select o_orderkey from read_parquet('{out_dir}/delete_{k}.parquet'))").fetchone()[0]
    ndel = con.execute(f"select count(*) from read_parquet('{out_dir}/delete_{k}.parquet')").fetchone()[0]
    check(f"set {k}: every key to delete is an order of the base data", gone_o == ndel)
    con.execute(f"delete from orders where o_orderkey in (select o_orderkey from read_parquet('{out_dir}/delete_{k}.parquet'))")
    con.execute(f"delete from lineitem where l_orderkey in (select o_orderkey from read_parquet('{out_dir}/delete_{k}.parquet'))")
    m_o, m_l = con.execute("select (select count(*) from orders), (select count(*) from lineitem)").fetchone()
    check(f"set {k}: RF1 + RF2 keep the order count ({m_o} == {n_o})", m_o == n_o)
    check(f"set {k}: lineitem count moves by the new and deleted lines", m_l == n_l + new_l - gone_l)
    n_o, n_l = m_o, m_l
    orphans = con.execute("select count(*) from lineitem where l_orderkey not in (select o_orderkey from orders)").fetchone()[0]
    check(f"set {k}: no lineitem without its order after RF1/RF2", orphans == 0)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
