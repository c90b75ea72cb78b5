"""tpch_lance_check.py - TPC-H as Lance, read by pylance (the official Lance
Python package) and compared with dbgen's reference figures; queries run by
DuckDB over the Arrow tables pylance returns.

    tests/py/.venv/bin/python tests/py/tpch_lance_check.py --dir DIR --golden GOLDEN
        [--queries QDIR] [--tbl TBLDIR] [--takes N] [--append-compact] [--file-version 2.1]
        [--digests FILE] [--no-queries] [--codec zstd|lz4|none]

Checks per table (DIR/<table>.lance):
  - data file footers carry the expected file version (--file-version)
  - Arrow types and nullability (Int64, Int32, Decimal128(15,2), Date32,
    Utf8; all non-nullable), row count
  - every column's digest (GOLDEN/digests.json; definition in
    tests/js/tpch_check.mjs: DuckDB's CAST(... AS VARCHAR) text, 100,000-row
    blocks)
  - dataset.validate()
  - take() of N random row indices compared with the same lines of
    TBLDIR/<table>.tbl (when --tbl is given)
  - a filter (lineitem: l_shipdate < 1993-01-01, orders: o_orderdate <
    1993-01-01) returns exactly the rows the full scan says
then the 22 queries against GOLDEN/answers. --codec: the General wrappers
of all pages (pylance's file metadata) use exactly this codec (none: no
page is wrapped). --append-compact: lance appends
a version onto a copy of orders and compacts it; the result must still hold
our rows followed by lance's. A negative control proves a wrong digest is
reported. The last line is "N passed, N failed".
"""
import argparse
import datetime
import decimal
import glob
import hashlib
import json
import os
import random
import shutil
import struct
import sys
import tempfile

import duckdb
import lance
import pyarrow as pa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lance_column_bytes import general_codecs_of  # noqa: E402

SCHEMA = {
    "region": "r_regionkey BIGINT, r_name VARCHAR, r_comment VARCHAR",
    "nation": "n_nationkey BIGINT, n_name VARCHAR, n_regionkey BIGINT, n_comment VARCHAR",
    "supplier": "s_suppkey BIGINT, s_name VARCHAR, s_address VARCHAR, s_nationkey BIGINT, s_phone VARCHAR, "
                "s_acctbal DECIMAL(15,2), s_comment VARCHAR",
    "customer": "c_custkey BIGINT, c_name VARCHAR, c_address VARCHAR, c_nationkey BIGINT, c_phone VARCHAR, "
                "c_acctbal DECIMAL(15,2), c_mktsegment VARCHAR, c_comment VARCHAR",
    "part": "p_partkey BIGINT, p_name VARCHAR, p_mfgr VARCHAR, p_brand VARCHAR, p_type VARCHAR, p_size INTEGER, "
            "p_container VARCHAR, p_retailprice DECIMAL(15,2), p_comment VARCHAR",
    "partsupp": "ps_partkey BIGINT, ps_suppkey BIGINT, ps_availqty INTEGER, ps_supplycost DECIMAL(15,2), "
                "ps_comment VARCHAR",
    "orders": "o_orderkey BIGINT, o_custkey BIGINT, o_orderstatus VARCHAR, o_totalprice DECIMAL(15,2), "
              "o_orderdate DATE, o_orderpriority VARCHAR, o_clerk VARCHAR, o_shippriority INTEGER, o_comment VARCHAR",
    "lineitem": "l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT, l_linenumber INTEGER, "
                "l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), "
                "l_tax DECIMAL(15,2), l_returnflag VARCHAR, l_linestatus VARCHAR, l_shipdate DATE, "
                "l_commitdate DATE, l_receiptdate DATE, l_shipinstruct VARCHAR, l_shipmode VARCHAR, "
                "l_comment VARCHAR",
}
ARROW = {"BIGINT": pa.int64(), "INTEGER": pa.int32(), "DECIMAL(15,2)": pa.decimal128(15, 2),
         "DATE": pa.date32(), "VARCHAR": pa.utf8()}
FILTERS = {"lineitem": ("l_shipdate", datetime.date(1993, 1, 1)),
           "orders": ("o_orderdate", datetime.date(1993, 1, 1))}

passed = failed = 0


def ok(cond, msg):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL " + str(msg))


def columns_of(t):
    return [(c.split(" ", 1)[0], c.split(" ", 1)[1]) for c in SCHEMA[t].split(", ")]


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


def footer_versions(path):
    out = set()
    for f in glob.glob(os.path.join(path, "data", "*.lance")):
        with open(f, "rb") as fh:
            fh.seek(-8, os.SEEK_END)
            major, minor = struct.unpack("<HH", fh.read(4))
        out.add("2.0" if (major, minor) in ((0, 3), (2, 0)) else "%d.%d" % (major, minor))
    return out


def digests_of(con, view, cols, block):
    res = {}
    for c, _ in cols:
        rows = con.execute(
            "SELECT b, md5(string_agg(CAST(%s AS VARCHAR), chr(10) ORDER BY rn)) FROM "
            "(SELECT %s, rn, rn // %d AS b FROM %s) GROUP BY b ORDER BY b" % (c, c, block, view)).fetchall()
        blocks = [r[1] for r in rows]
        res[c] = {"blocks": blocks, "digest": md5("\n".join(blocks))}
    return res


def canon(v):
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def check_take(t, ds, tbl_dir, n_takes, rng):
    path = os.path.join(tbl_dir, t + ".tbl")
    rows = ds.count_rows()
    idx = sorted(rng.sample(range(rows), min(n_takes, rows)))
    wanted, lines, n = set(idx), {}, 0
    with open(path, encoding="utf-8") as f:  # streamed: SF 1 lineitem is 750 MB
        for n, line in enumerate(f, 1):
            if n - 1 in wanted:
                lines[n - 1] = line.rstrip("\n")
    ok(n == rows, "%s: %d tbl lines, %d Lance rows" % (t, n, rows))
    got = ds.take(idx).to_pylist()
    bad = 0
    for i, row in zip(idx, got):
        want = lines[i].split("|")[:-1]
        have = [canon(row[c]) for c, _ in columns_of(t)]
        # dbgen prints whole quantities without decimals ("8" for 8.00)
        same = len(have) == len(want) and all(
            h == w or (ty == "DECIMAL(15,2)" and decimal.Decimal(h) == decimal.Decimal(w))
            for h, w, (_, ty) in zip(have, want, columns_of(t)))
        if not same:
            if bad < 3:
                print("  %s take row %d: %s want %s" % (t, i, have, want))
            bad += 1
    ok(bad == 0 and len(got) == len(idx), "%s: take() of %d random rows: %d differ from the tbl" % (t, len(idx), bad))


def check_filter(t, ds, con):
    col, day = FILTERS[t]
    got = ds.to_table(filter="%s < date '%s'" % (col, day.isoformat()), with_row_id=True)
    want = con.execute("SELECT count(*) FROM %s WHERE %s < DATE '%s'" % (t, col, day.isoformat())).fetchall()[0][0]
    ok(got.num_rows == want and want > 0, "%s: filter %s < %s returned %d rows, want %d" % (t, col, day, got.num_rows, want))
    ok(all(v < day for v in got.column(col).to_pylist()), "%s: filter returned rows outside the range" % t)


def parse_answer(path):
    lines = [ln for ln in open(path, encoding="utf-8").read().split("\n") if ln]

    def split(line):
        out, cur, raw, i = [], "", "", 0
        while i < len(line):
            ch = line[i]
            if ch == "\\" and i + 1 < len(line):
                i += 1
                cur += "\n" if line[i] == "n" else line[i]
                raw += "\\" + line[i]
            elif ch == "|":
                out.append("\\N" if raw == "\\N" else cur)
                cur = raw = ""
            else:
                cur += ch
                raw += ch
            i += 1
        out.append("\\N" if raw == "\\N" else cur)
        return out
    return split(lines[0]), [split(ln) for ln in lines[1:]]


def compare_answer(q, header, rows, exp_header, exp_rows, types):
    if header != exp_header:
        return "%s: columns %s vs %s" % (q, header, exp_header)
    if len(rows) != len(exp_rows):
        return "%s: %d rows, want %d" % (q, len(rows), len(exp_rows))
    for r, (a_row, b_row) in enumerate(zip(rows, exp_rows)):
        for c, (a, b) in enumerate(zip(a_row, b_row)):
            if a == b:
                continue
            if any(k in (types[c] or "") for k in ("DOUBLE", "FLOAT", "REAL")):
                try:
                    if abs(float(a) - float(b)) <= 1e-2 * max(abs(float(b)), 1e-12):
                        continue
                except ValueError:
                    pass
            return "%s: row %d %s = %s, want %s" % (q, r, exp_header[c], a, b)
    return None


def cell_text(v):
    if v is None:
        return "\\N"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def run_queries(con, golden, qdir):
    meta = json.load(open(os.path.join(golden, "answers", "answers.json")))
    for i in range(1, 23):
        q = "q%02d" % i
        sql = open(os.path.join(qdir, q + ".sql"), encoding="utf-8").read()
        cur = con.execute(sql)
        header = [d[0] for d in cur.description]
        rows = [[cell_text(v) for v in r] for r in cur.fetchall()]
        eh, er = parse_answer(os.path.join(golden, "answers", q + ".csv"))
        diff = compare_answer(q, header, rows, eh, er, meta[q]["types"])
        ok(diff is None, diff)


def append_compact(d, con, tmp):
    """lance appends onto a copy of orders, then compacts: still right."""
    src = os.path.join(d, "orders.lance")
    path = os.path.join(tmp, "orders.lance")
    shutil.copytree(src, path)
    ours = lance.dataset(path).to_table()
    extra = ours.slice(0, 1000)
    lance.write_dataset(extra, path, mode="append")
    ds = lance.dataset(path)
    ok(ds.count_rows() == ours.num_rows + 1000, "append by lance: %d rows" % ds.count_rows())
    ds.optimize.compact_files()
    ds = lance.dataset(path)
    ds.validate()
    got = ds.to_table()
    ok(got.num_rows == ours.num_rows + 1000, "after compact_files: %d rows" % got.num_rows)
    ok(got.slice(0, ours.num_rows).equals(ours) and got.slice(ours.num_rows).equals(extra),
       "after compact_files: our rows then lance's rows, unchanged")
    ok(footer_versions(path) >= {"2.1"} or footer_versions(path) >= {"2.0"}, "compacted data files are Lance files")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--golden", required=True)
    ap.add_argument("--queries", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "queries"))
    ap.add_argument("--tbl")
    ap.add_argument("--takes", type=int, default=2000)
    ap.add_argument("--append-compact", action="store_true")
    ap.add_argument("--file-version", default="2.1")
    ap.add_argument("--digests", help="expected digests (default GOLDEN/digests.json)")
    ap.add_argument("--no-queries", action="store_true")
    ap.add_argument("--codec", choices=["zstd", "lz4", "none"])
    a = ap.parse_args()
    digests = json.load(open(a.digests or os.path.join(a.golden, "digests.json")))
    block = digests["block_rows"]
    con = duckdb.connect()
    rng = random.Random(11)
    keep = {}
    last = None
    for t in digests["tables"]:
        exp = digests["tables"][t]
        path = os.path.join(a.dir, t + ".lance")
        ok(footer_versions(path) == {a.file_version}, "%s: data file versions %s, want %s"
           % (t, footer_versions(path), a.file_version))
        ds = lance.dataset(path)
        tbl = ds.to_table()
        cols = columns_of(t)
        ok(tbl.schema.names == [c for c, _ in cols], "%s: columns %s" % (t, tbl.schema.names))
        for (c, ty), f in zip(cols, tbl.schema):
            ok(f.type == ARROW[ty] and not f.nullable, "%s.%s: %s nullable=%s, want %s" % (t, c, f.type, f.nullable, ARROW[ty]))
        ok(tbl.num_rows == exp["rows"], "%s: %d rows, want %d" % (t, tbl.num_rows, exp["rows"]))
        keep[t] = tbl
        con.register(t + "_arrow", tbl.append_column("rn", pa.array(range(tbl.num_rows), pa.int64())))
        con.execute("CREATE VIEW %s AS SELECT * EXCLUDE (rn) FROM %s_arrow" % (t, t)).fetchall()
        got = digests_of(con, t + "_arrow", cols, block)
        for c, _ in cols:
            e = exp["columns"][c]
            if got[c]["digest"] != e["digest"]:
                first = next((b for b, (x, y) in enumerate(zip(got[c]["blocks"], e["blocks"])) if x != y), None)
                ok(False, "%s.%s: digest differs (first block %s)" % (t, c, first))
            else:
                ok(True, "")
        last = (t, cols[0][0], got[cols[0][0]], exp["columns"][cols[0][0]])
        try:
            ds.validate()
            ok(True, "")
        except Exception as e:  # noqa: BLE001 - the reader's own message
            ok(False, "%s: validate(): %s" % (t, e))
        if a.tbl:
            check_take(t, ds, a.tbl, a.takes, rng)
        if t in FILTERS:
            check_filter(t, ds, con)
    if a.codec:
        seen = general_codecs_of(sorted(glob.glob(os.path.join(a.dir, "*.lance", "data", "*.lance"))))
        want = set() if a.codec == "none" else {a.codec}
        ok(set(seen) == want, "pages wrapped by %s, want %s" % (dict(seen), want or "none"))
    if not a.no_queries:
        run_queries(con, a.golden, a.queries)
    if a.append_compact:
        tmp = tempfile.mkdtemp(prefix="tpch-lance-ac-")
        try:
            append_compact(a.dir, con, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    # negative control: a wrong expected digest must be reported
    t, c, got, exp = last
    ok(got["digest"] != md5("x"), "negative control: a wrong digest is not reported")
    print("pylance %s, duckdb %s" % (lance.__version__, duckdb.__version__))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
