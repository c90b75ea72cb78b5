"""orc_check.py - reads TPC-H data that tpchgen wrote as ORC with Apache
ORC's own readers and compares it with dbgen's reference figures.

  orc_check.py --dir DIR --golden GOLDEN_DIR [--parts] [--no-queries]
               [--java JAR] [--java-digests] [--stats] [--prune]

pyarrow.orc (Apache ORC C++) reads every table: row counts, Arrow types,
every column's digest (GOLDEN/digests.json; the definition is in
tests/js/tpch_check.mjs), and with the whole set of tables the 22 queries,
run by DuckDB over the Arrow tables pyarrow returns, against
GOLDEN/answers. With --java, orc-tools (Apache ORC Java) reads every file:
its row count, and with --java-digests every column's digest from its
`data` output. --stats compares every stripe's and row group's statistics as
`orc-tools meta` reports them with those computed from the data. --prune
filters lineitem through pyarrow.dataset with predicates on l_shipdate and
l_orderkey. Prints "N passed, N failed" last; exits 1 on any failure.
"""
import argparse
import datetime
import decimal
import hashlib
import json
import os
import re
import subprocess
import sys

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.orc as po

ap = argparse.ArgumentParser()
ap.add_argument("--dir", required=True)
ap.add_argument("--golden", required=True)
ap.add_argument("--queries", default=os.path.join(os.path.dirname(__file__), "..", "queries"))
ap.add_argument("--parts", action="store_true")
ap.add_argument("--no-queries", action="store_true")
ap.add_argument("--tables")
ap.add_argument("--java")
ap.add_argument("--java-digests", action="store_true")
ap.add_argument("--stats", action="store_true")
ap.add_argument("--prune", action="store_true")
ap.add_argument("--compression")
ap.add_argument("--digests", help="expected digests from this file instead of GOLDEN/digests.json")
args = ap.parse_args()

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what, flush=True)


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


digests = json.load(open(args.digests or os.path.join(args.golden, "digests.json")))
BLOCK = digests["block_rows"]
tables = args.tables.split(",") if args.tables else list(digests["tables"])
ARROW = {"BIGINT": pa.int64(), "INTEGER": pa.int32(), "DECIMAL(15,2)": pa.decimal128(15, 2),
         "DATE": pa.date32(), "VARCHAR": pa.string()}


def table_files(t):
    if not args.parts:
        return [os.path.join(args.dir, t + ".orc")]
    sub = os.path.join(args.dir, t)
    pat = re.compile(r"^%s\.(\d+)\.orc$" % t)
    names = [f for f in os.listdir(sub) if pat.match(f)]
    names.sort(key=lambda f: int(pat.match(f).group(1)))
    return [os.path.join(sub, f) for f in names]


def compare_digest(t, col, got, exp):
    if got["digest"] == exp["digest"]:
        return None
    for b in range(max(len(got["blocks"]), len(exp["blocks"]))):
        g = got["blocks"][b] if b < len(got["blocks"]) else None
        e = exp["blocks"][b] if b < len(exp["blocks"]) else None
        if g != e:
            return "%s.%s: first differing block %d (rows %d..)" % (t, col, b, b * BLOCK)
    return "%s.%s: digest differs" % (t, col)


con = duckdb.connect()
arrow_tables = {}

# ---- pyarrow.orc (Apache ORC C++) ------------------------------------------
for t in tables:
    exp = digests["tables"][t]
    parts = []
    for f in table_files(t):
        o = po.ORCFile(f)
        check(o.file_version == "0.12", "%s: file version %s" % (f, o.file_version))
        check(o.software_version.endswith("tpchgen-c " + o.software_version.split()[-1])
              and "tpchgen-c" in o.software_version, "%s: software version %r" % (f, o.software_version))
        if args.compression:
            want = {"none": "UNCOMPRESSED"}.get(args.compression, args.compression.upper())
            check(o.compression == want, "%s: compression %s" % (f, o.compression))
        parts.append(o.read())
    tab = pa.concat_tables(parts)
    check(tab.num_rows == exp["rows"], "%s: %d rows, want %d" % (t, tab.num_rows, exp["rows"]))
    cols = list(exp["columns"])
    check(tab.schema.names == cols, "%s: columns %s" % (t, tab.schema.names))
    for c in cols:
        if c not in tab.schema.names:
            continue
        want = ARROW[exp["columns"][c]["type"]]
        check(tab.schema.field(c).type == want, "%s.%s: Arrow type %s, want %s" % (t, c, tab.schema.field(c).type, want))
        check(tab.column(c).null_count == 0, "%s.%s: has nulls" % (t, c))
    arrow_tables[t] = tab
    rn = pa.array(range(tab.num_rows), type=pa.int64())
    con.register(t + "__rn", tab.append_column("rn__", rn))
    con.register(t, tab)
    for c in cols:
        r = con.execute("SELECT b, md5(string_agg(CAST(%s AS VARCHAR), chr(10) ORDER BY rn__)) FROM "
                        "(SELECT %s, rn__, rn__ // %d AS b FROM %s__rn) GROUP BY b ORDER BY b"
                        % (c, c, BLOCK, t)).fetchall()
        blocks = [x[1] for x in r]
        got = {"blocks": blocks, "digest": md5("\n".join(blocks))}
        d = compare_digest(t, c, got, exp["columns"][c])
        check(d is None, "pyarrow: " + str(d))

# ---- the 22 queries (DuckDB over the Arrow tables pyarrow returned) ----------


def parse_answer(path):
    lines = [l for l in open(path, encoding="utf8").read().split("\n") if l]

    def split(l):
        out, cur, raw, i = [], "", "", 0
        while i < len(l):
            ch = l[i]
            if ch == "\\" and i + 1 < len(l):
                i += 1
                cur += "\n" if l[i] == "n" else l[i]
                raw += "\\" + l[i]
            elif ch == "|":
                out.append("\\N" if raw == "\\N" else cur)
                cur = raw = ""
            else:
                cur += ch
                raw += ch
            i += 1
        out.append("\\N" if raw == "\\N" else cur)
        return out

    return {"header": split(lines[0]), "rows": [split(l) for l in lines[1:]]}


def compare_answer(q, got, exp, types):
    if got["header"] != exp["header"]:
        return "%s: columns %s vs %s" % (q, got["header"], exp["header"])
    if len(got["rows"]) != len(exp["rows"]):
        return "%s: %d rows, want %d" % (q, len(got["rows"]), len(exp["rows"]))
    for r, (gr, er) in enumerate(zip(got["rows"], exp["rows"])):
        for c, (a, b) in enumerate(zip(gr, er)):
            if a == b:
                continue
            if re.search("DOUBLE|FLOAT|REAL", types[c] or "") and \
                    abs(float(a) - float(b)) <= 1e-2 * max(abs(float(b)), 1e-12):
                continue
            return "%s: row %d %s = %s, want %s" % (q, r, exp["header"][c], a, b)
    return None


def text(v):
    if v is None:
        return "\\N"
    if isinstance(v, float):
        return repr(v)
    return str(v)


last = None
if not args.no_queries and len(tables) == len(digests["tables"]):
    meta = json.load(open(os.path.join(args.golden, "answers", "answers.json")))
    for i in range(1, 23):
        q = "q%02d" % i
        sql = open(os.path.join(args.queries, q + ".sql")).read()
        cur = con.execute(sql)
        got = {"header": [d[0] for d in cur.description], "rows": [[text(v) for v in row] for row in cur.fetchall()]}
        exp = parse_answer(os.path.join(args.golden, "answers", q + ".csv"))
        d = compare_answer(q, got, exp, meta[q]["types"])
        check(d is None, d)
        last = (q, got, exp, meta[q]["types"])

# ---- orc-tools (Apache ORC Java) -------------------------------------------


def meta_json(out):
    """orc-tools meta -j: one object for one file, a list for several."""
    start = min(i for i in (out.find(b"\n["), out.find(b"\n{"), 0 if out[:1] in b"[{" else -1) if i >= 0)
    m = json.loads(out[start:])
    return m if isinstance(m, list) else [m]


def java(*a):
    r = subprocess.run(["java", "-jar", args.java] + list(a), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        print(r.stderr.decode()[-2000:])
    return r.returncode, r.stdout


SEP = b"_" * 40


def java_data(files):
    """orc-tools data over several files in one JVM: the rows of each file
    (orc-tools ends each file's rows with a line of underscores)."""
    rc, out = java("data", *files)
    check(rc == 0, "orc-tools data exits %d" % rc)
    per, cur = [], []
    for line in out.splitlines():
        if line.startswith(b"{"):
            cur.append(line)
        elif line.startswith(SEP):
            per.append(cur)
            cur = []
    check(len(per) == len(files), "orc-tools data: %d files in its output, want %d" % (len(per), len(files)))
    return per + [[]] * (len(files) - len(per))


def java_meta(files, ncol):
    rc, out = java("meta", "-j", "--rowindex", ",".join(str(i) for i in range(1, ncol + 1)), *files)
    check(rc == 0, "orc-tools meta exits %d" % rc)
    if rc != 0:
        return [None] * len(files)
    m = meta_json(out)
    check(len(m) == len(files), "orc-tools meta: %d files" % len(m))
    return m + [None] * (len(files) - len(m))


def canon_json(v, typ):
    if v is None:
        return "\\N"
    if typ == "DECIMAL(15,2)":
        return str(decimal.Decimal(v).quantize(decimal.Decimal("0.01")))
    return str(v)


if args.java:
    all_files = [(t, f) for t in tables for f in table_files(t)]
    java_rows = dict(zip(all_files, java_data([f for _, f in all_files])))
    for t in tables:
        exp = digests["tables"][t]
        cols = list(exp["columns"])
        types = [exp["columns"][c]["type"] for c in cols]
        values = [[] for _ in cols]  # the current block's canonical text
        blocks = [[] for _ in cols]
        n = 0
        for f in table_files(t):
            for line in java_rows[(t, f)]:
                n += 1
                if not args.java_digests:
                    continue
                row = json.loads(line)
                for k, c in enumerate(cols):
                    values[k].append(canon_json(row.get(c), types[k]))
                if n % BLOCK == 0:
                    for k in range(len(cols)):
                        blocks[k].append(md5("\n".join(values[k])))
                        values[k] = []
            java_rows[(t, f)] = None
        check(n == exp["rows"], "orc-tools: %s has %d rows, want %d" % (t, n, exp["rows"]))
        if not args.java_digests:
            continue
        for k, c in enumerate(cols):
            if values[k]:
                blocks[k].append(md5("\n".join(values[k])))
            got = {"blocks": blocks[k], "digest": md5("\n".join(blocks[k]))}
            d = compare_digest(t, c, got, exp["columns"][c])
            check(d is None, "orc-tools: " + str(d))

# ---- statistics: orc-tools meta against the data ------------------------------


def stat_of(arr, typ):
    """What ORC's statistics should say about the Arrow array `arr`."""
    nn = len(arr) - arr.null_count
    s = {"count": nn, "hasNull": arr.null_count > 0}
    if nn == 0:
        return s
    mm = pc.min_max(arr)
    lo, hi = mm["min"].as_py(), mm["max"].as_py()
    if pa.types.is_string(typ):
        s.update(min=lo, max=hi, totalLength=pc.sum(pc.binary_length(arr)).as_py())
    elif pa.types.is_decimal(typ):
        s.update(min=lo, max=hi, sum=pc.sum(arr).as_py())
    elif pa.types.is_date32(typ):
        s.update(min=lo, max=hi)
    elif pa.types.is_integer(typ):
        s.update(min=lo, max=hi, sum=pc.sum(arr).as_py())
    return s


def stat_from_java(j):
    s = {"count": j["count"], "hasNull": j["hasNull"]}
    for k in ("min", "max", "sum", "totalLength"):
        if k not in j:
            continue
        v = j[k]
        if j.get("type") == "DECIMAL":
            v = decimal.Decimal(v)
        elif j.get("type") == "DATE":
            v = datetime.date.fromisoformat(v.split()[-1])
        s[k] = v
    return s


def same(a, b):
    if a.keys() != b.keys():
        return False
    for k in a:
        x, y = a[k], b[k]
        if isinstance(x, decimal.Decimal) or isinstance(y, decimal.Decimal):
            if decimal.Decimal(x) != decimal.Decimal(y):
                return False
        elif x != y:
            return False
    return True


if args.stats:
    by_ncol = {}
    for t in tables:
        for f in table_files(t):
            by_ncol.setdefault(len(digests["tables"][t]["columns"]), []).append(f)
    metas = {}
    for ncol, fs in by_ncol.items():
        metas.update(zip(fs, java_meta(fs, ncol)))
    for t in tables:
        for f in table_files(t):
            tab = po.ORCFile(f).read()
            ncol = tab.num_columns
            m = metas[f]
            if m is None:
                continue
            stride = 10000
            start = 0
            nstats = 0
            for si, st in enumerate(m["stripes"]):
                rows = st["stripeInformation"]["rowCount"]
                for ci in range(ncol):
                    arr = tab.column(ci).slice(start, rows).combine_chunks()
                    want = stat_of(arr, arr.type)
                    got = stat_from_java(m["stripeStatistics"][si]["columnStatistics"][ci + 1])
                    check(same(want, got), "%s stripe %d column %s: %s, data says %s" % (f, si, tab.column_names[ci], got, want))
                    nstats += 1
                for idx in st["indexes"]:
                    ci = idx["columnId"] - 1
                    entries = idx["rowGroupIndexes"]
                    check(len(entries) == (rows + stride - 1) // stride, "%s: row groups of column %d" % (f, ci))
                    for e in entries:
                        first = e["entryId"] * stride
                        arr = tab.column(ci).slice(start + first, min(stride, rows - first)).combine_chunks()
                        want = stat_of(arr, arr.type)
                        got = stat_from_java(e)
                        check(same(want, got), "%s stripe %d rg %d column %s: %s, data says %s"
                              % (f, si, e["entryId"], tab.column_names[ci], got, want))
                        nstats += 1
                start += rows
            for ci in range(ncol):
                want = stat_of(tab.column(ci).combine_chunks(), tab.schema.field(ci).type)
                got = stat_from_java(m["fileStatistics"][ci + 1])
                check(same(want, got), "%s file column %s: %s, data says %s" % (f, tab.column_names[ci], got, want))
            check(nstats > 0, "%s: statistics compared" % f)

# ---- predicates through pyarrow.dataset ------------------------------------------
if args.prune and "lineitem" in arrow_tables:
    import pyarrow.dataset as ds
    li = arrow_tables["lineitem"]
    dset = ds.dataset(table_files("lineitem"), format="orc")
    for what, expr in (("l_shipdate < 1992-06-01", pc.field("l_shipdate") < pa.scalar(datetime.date(1992, 6, 1))),
                       ("l_orderkey < 1000", pc.field("l_orderkey") < 1000)):
        got = dset.to_table(filter=expr)
        want = li.filter(expr)
        check(got.num_rows == want.num_rows and got.num_rows > 0,
              "filter %s: %d rows, want %d" % (what, got.num_rows, want.num_rows))
        check(got.sort_by("l_orderkey").equals(want.sort_by("l_orderkey")) if got.num_rows == want.num_rows else False,
              "filter %s: rows differ" % what)

# ---- the checker must be able to fail --------------------------------------------
t = tables[-1]
c = list(digests["tables"][t]["columns"])[0]
e = digests["tables"][t]["columns"][c]
bad = {"digest": md5("x"), "blocks": [md5("x")] + e["blocks"][1:]}
check(compare_digest(t, c, e, bad) is not None, "negative control: a wrong digest is not reported")
if last:
    q, got, exp, types = last
    worse = {"header": exp["header"], "rows": [r[:] for r in exp["rows"]]}
    worse["rows"][0][0] = worse["rows"][0][0] + "9"
    check(compare_answer(q, got, worse, types) is not None, "negative control: a wrong answer is not reported")
check(not same({"count": 1, "min": 1}, {"count": 1, "min": 2}), "negative control: wrong statistics are not reported")

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
