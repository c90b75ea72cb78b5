"""orc_check.py - reads TPC-H data that tpchgen wrote as ORC with Apache
ORC's own readers and compares it with dbgen's reference figures.

  orc_check.py --dir DIR --golden GOLDEN_DIR [--parts] [--no-queries] [--answers DIR]
               [--java JAR [--java-classes DIR] [--java-digests]] [--stats] [--prune]
               [--same CODEC:LAYOUT:DIR]...

pyarrow.orc (Apache ORC C++) reads every table: row counts, Arrow types,
every column's digest (GOLDEN/digests.json; the definition is in
tests/js/tpch_check.mjs), and with the whole set of tables the 22 queries,
run by DuckDB over the Arrow tables pyarrow returns, against
GOLDEN/answers (or --answers DIR, in the same form). --same names another
copy of the same data (LAYOUT whole or parts, compressed with CODEC):
pyarrow must read every table of it equal, value for value and type for
type, to what it read from --dir (so the digests and answers proven for
--dir hold for it too), and the Java reader, the writer identity and the key
range predicate of --prune check it on their own. With --java JAR (orc-tools, Apache ORC Java) and
--java-classes DIR (tests/java/OrcCheck.java compiled against JAR),
--java-digests has the Java reader give every column's digest and row
count; the writer identity is checked as both readers report it. --stats
compares every stripe's and row group's statistics as `orc-tools meta`
reports them with those computed from the data. --prune filters lineitem
through pyarrow.dataset (rows only: it does not use statistics) and reads
orders and lineitem through the Java reader's search argument: the rows it
reads must be exactly the row groups the statistics allow, the matching rows
exactly the data's. Prints "N passed, N failed" last; exits 1 on any failure.
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
import tempfile

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
ap.add_argument("--java-classes", help="where tests/java/OrcCheck.java was compiled")
ap.add_argument("--java-digests", action="store_true")
ap.add_argument("--stats", action="store_true")
ap.add_argument("--prune", action="store_true")
ap.add_argument("--compression")
ap.add_argument("--digests", help="expected digests from this file instead of GOLDEN/digests.json")
ap.add_argument("--answers", help="expected answers (qNN.csv, answers.json) from this directory instead of GOLDEN/answers")
ap.add_argument("--same", action="append", default=[], metavar="CODEC:LAYOUT:DIR",
                help="another copy of the data (LAYOUT whole or parts) that must read equal to --dir")
args = ap.parse_args()

from tally import check, finish


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


digests = json.load(open(args.digests or os.path.join(args.golden, "digests.json")))
BLOCK = digests["block_rows"]
tables = args.tables.split(",") if args.tables else list(digests["tables"])
ARROW = {"BIGINT": pa.int64(), "INTEGER": pa.int32(), "DECIMAL(15,2)": pa.decimal128(15, 2),
         "DATE": pa.date32(), "VARCHAR": pa.string()}



class Copy:
    """A directory of ORC files of the tables: whole (DIR/t.orc) or parts
    (DIR/t/t.K.orc), compressed with `codec` (None: not checked)."""

    def __init__(self, codec, parts, dir):
        self.codec, self.parts, self.dir = codec, parts, dir


MAIN = Copy(args.compression, args.parts, args.dir)
SAME = []
for spec in args.same:
    codec, layout, sdir = spec.split(":", 2)
    if layout not in ("whole", "parts"):
        ap.error("--same %s: LAYOUT is whole or parts" % spec)
    SAME.append(Copy(codec, layout == "parts", sdir))


def table_files(t, copy=MAIN):
    if not copy.parts:
        return [os.path.join(copy.dir, t + ".orc")]
    sub = os.path.join(copy.dir, t)
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


# ---- Apache ORC Java: orc-tools and tests/java/OrcCheck.java ------------------


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


def orc_java(*a):
    """tests/java/OrcCheck: one JSON object per output line."""
    if not args.java_classes:
        check(False, "OrcCheck %s needs --java-classes" % a[0])
        return []
    cp = args.java_classes + os.pathsep + args.java
    r = subprocess.run(["java", "-cp", cp, "OrcCheck"] + [str(x) for x in a], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    check(r.returncode == 0, "OrcCheck %s exits %d: %s" % (a[0], r.returncode, r.stderr.decode()[-2000:]))
    return [json.loads(l) for l in r.stdout.splitlines() if l.startswith(b"{")]


def orc_java_start(*a):
    """OrcCheck in the background (its output to temporary files, so that it
    never waits for us); orc_java_end collects it like orc_java."""
    if not args.java_classes:
        check(False, "OrcCheck %s needs --java-classes" % a[0])
        return None
    cp = args.java_classes + os.pathsep + args.java
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    return (a[0], subprocess.Popen(["java", "-cp", cp, "OrcCheck"] + [str(x) for x in a], stdout=out, stderr=err), out, err)


def orc_java_end(job):
    if job is None:
        return []
    what, proc, out, err = job
    rc = proc.wait()
    out.seek(0)
    err.seek(0)
    check(rc == 0, "OrcCheck %s exits %d: %s" % (what, rc, err.read().decode()[-2000:]))
    return [json.loads(l) for l in out.read().splitlines() if l.startswith(b"{")]


def java_meta(files, ncol):
    rc, out = java("meta", "-j", "--rowindex", ",".join(str(i) for i in range(1, ncol + 1)), *files)
    check(rc == 0, "orc-tools meta exits %d" % rc)
    if rc != 0:
        return [None] * len(files)
    m = meta_json(out)
    check(len(m) == len(files), "orc-tools meta: %d files" % len(m))
    return m + [None] * (len(files) - len(m))



# ---- Apache ORC Java: every column's digest --------------------------------------
# OrcCheck streams the rows of every copy through the digests in one JVM (the
# copies of --same as tables named "K/TABLE"), in the background while pyarrow
# and DuckDB do their part.
java_digests = None
if args.java and args.java_digests:
    spec = []
    for k, copy in enumerate([MAIN] + SAME):
        for t in tables:
            fs = table_files(t, copy)
            spec += [t if k == 0 else "%d/%s" % (k, t), len(fs)] + fs
    java_digests = orc_java_start("digests", BLOCK, *spec)


con = duckdb.connect()
arrow_tables = {}
# file -> (table, first row, rows): where each file's rows are in the table
# pyarrow read from --dir (the --same copies are equal to it)
file_rows = {}


def read_copy(t, copy):
    """Table t of a copy as pyarrow.orc reads it (its files in order), after
    checking each file's versions and compression."""
    parts, start = [], 0
    for f in table_files(t, copy):
        o = po.ORCFile(f)
        check(o.file_version == "0.12", "%s: file version %s" % (f, o.file_version))
        check(re.fullmatch(r"Unknown\(100\) tpchgen-c \S+", o.software_version),
              "%s: software version %r" % (f, o.software_version))
        if copy.codec:
            want = {"none": "UNCOMPRESSED"}.get(copy.codec, copy.codec.upper())
            check(o.compression == want, "%s: compression %s, want %s" % (f, o.compression, want))
        parts.append(o.read())
        file_rows[f] = (t, start, parts[-1].num_rows)
        start += parts[-1].num_rows
    return pa.concat_tables(parts)


def file_table(f):
    """The rows of file f: a slice of the table held for the queries or
    --prune (the --same copies read equal to it), else read again."""
    t, start, n = file_rows.get(f, (None, 0, 0))
    if t in arrow_tables:
        return arrow_tables[t].slice(start, n)
    return po.ORCFile(f).read()


def need_table(t):
    """Whether table t is held after its checks: by the queries, or by --prune."""
    return not args.no_queries or (args.prune and t in ("orders", "lineitem"))


# ---- pyarrow.orc (Apache ORC C++) ------------------------------------------
for t in tables:
    exp = digests["tables"][t]
    tab = read_copy(t, MAIN)
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
    con.unregister(t + "__rn")
    del rn
    # The other copies: equal to this table value for value, so the digests
    # just proven (and the answers below) hold for them too.
    for copy in SAME:
        other = read_copy(t, copy)
        what = "%s (%s, %s) %s" % (copy.dir, copy.codec, "parts" if copy.parts else "whole", t)
        equal = other.schema == tab.schema and other.equals(tab)
        if not equal:
            diff = [c for c in cols if c not in other.schema.names or other.num_rows != tab.num_rows
                    or not other.column(c).equals(tab.column(c))]
            print("%s: schema %s" % (what, other.schema))
        check(equal, "%s: %d rows (want %d), columns that differ from %s: %s"
              % (what, other.num_rows, tab.num_rows, args.dir, diff if not equal else []))
        if equal:
            print("pyarrow: %s equals %s" % (what, os.path.join(args.dir, t)))
        del other
    if not need_table(t):  # at SF 1, hold no more than needed
        con.unregister(t)
        del arrow_tables[t]
    del tab

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
    answers = args.answers or os.path.join(args.golden, "answers")
    meta = json.load(open(os.path.join(answers, "answers.json")))
    for i in range(1, 23):
        q = "q%02d" % i
        sql = open(os.path.join(args.queries, q + ".sql")).read()
        cur = con.execute(sql)
        got = {"header": [d[0] for d in cur.description], "rows": [[text(v) for v in row] for row in cur.fetchall()]}
        exp = parse_answer(os.path.join(answers, q + ".csv"))
        d = compare_answer(q, got, exp, meta[q]["types"])
        check(d is None, d)
        last = (q, got, exp, meta[q]["types"])
    print("pyarrow + DuckDB: the 22 answers compared with %s" % answers)

# ---- Apache ORC Java: the digests, from the background ---------------------------
if java_digests is not None:
    got_tables = {g["table"]: g for g in orc_java_end(java_digests)}
    for k, copy in enumerate([MAIN] + SAME):
        for t in tables:
            name = t if k == 0 else "%d/%s" % (k, t)
            exp = digests["tables"][t]
            g = got_tables.get(name)
            what = t if k == 0 else "%s (%s) %s" % (copy.dir, copy.codec, t)
            check(g is not None, "OrcCheck: no digests for %s" % what)
            if g is None:
                continue
            check(g["rows"] == exp["rows"], "ORC Java: %s has %d rows, want %d" % (what, g["rows"], exp["rows"]))
            check(list(g["columns"]) == list(exp["columns"]), "ORC Java: %s columns %s" % (what, list(g["columns"])))
            for c in exp["columns"]:
                if c in g["columns"]:
                    d = compare_digest(what, c, g["columns"][c], exp["columns"][c])
                    check(d is None, "ORC Java: " + str(d))
    print("ORC Java: digests of %d tables in %d copies compared" % (len(tables), 1 + len(SAME)))

# ---- who wrote the file: the Footer's writer id as each reader sees it ----------
# Footer.writer is TPCH_ORC_WRITER_ID, a code not registered with Apache ORC
# (the spec lists 0-5): Java reports the implementation UNKNOWN and the writer
# version FUTURE (every known writer fix assumed); C++ UNKNOWN_WRITER, for
# which pyarrow's ORCFile.writer raises ValueError (its name table has no
# entry for it); both give the software version as "Unknown(100) tpchgen-c
# VERSION" (the writer's name, then the Footer's softwareVersion).
WRITER_ID = 100
if args.java:
    files = [f for copy in [MAIN] + SAME for t in tables for f in table_files(t, copy)]
    for f in files:
        o = po.ORCFile(f)
        try:
            w = o.writer
            check(False, "%s: pyarrow ORCFile.writer is %r, want ValueError for an unregistered writer" % (f, w))
        except ValueError:
            check(True, "")
        check(o.writer_version == "ORC_135", "%s: pyarrow writer_version %s" % (f, o.writer_version))
    if args.java_classes:
        ms = orc_java("meta", *files)
        check(len(ms) == len(files), "OrcCheck meta: %d files" % len(ms))
        for m in ms:
            check(m["hasWriter"] and m["writer"] == WRITER_ID, "%s: Footer.writer %s" % (m["file"], m["writer"]))
            check(m["implementation"] == "UNKNOWN" and m["writerVersion"] == "FUTURE",
                  "%s: ORC Java sees writer %s version %s" % (m["file"], m["implementation"], m["writerVersion"]))
            # both put the writer's name before the Footer's text
            sv = po.ORCFile(m["file"]).software_version
            check(re.fullmatch(r"Unknown\(%d\) tpchgen-c \S+" % WRITER_ID, sv) and m["softwareVersion"] == sv,
                  "%s: software %r (Java), %r (C++)" % (m["file"], m["softwareVersion"], sv))
            check(m["fileVersion"] == "0.12", "%s: file version %s" % (m["file"], m["fileVersion"]))

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
            tab = file_table(f)
            ncol = tab.num_columns
            m = metas[f]
            if m is None:
                continue
            # what orc-tools meta says of the writer (see WRITER_ID above)
            check(m["writerVersion"] == "FUTURE" and m["fileVersion"] == "0.12"
                  and m["softwareVersion"] == po.ORCFile(f).software_version,
                  "%s: orc-tools meta: %s %s %s" % (f, m["fileVersion"], m["writerVersion"], m["softwareVersion"]))
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
# Arrow's ORC dataset format reads every stripe of every file and filters the
# batches afterwards (it passes no predicate to the ORC reader), so this checks
# the rows, not the statistics.
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

# ---- predicates through the Java reader's search argument ------------------------
# OrcCheck prune reads a file with a SearchArgument: the reader evaluates it
# against each row group's statistics (ROW_INDEX) and reads only the row
# groups (and so the stripes) where it may hold. From the data alone we know
# which row groups those are: the rows it read must be exactly them, and the
# rows satisfying the predicate among them exactly those of the data.


def md5_lines(values):
    return md5("\n".join(values))


def expected_ranges(o, tab, col, may_hold):
    """Row ranges [start, end) of the row groups whose values may satisfy the
    predicate, merged, and the stripes they are in."""
    stride = o.row_index_stride
    ranges, stripes, start = [], set(), 0
    for si in range(o.nstripes):
        n = o.read_stripe(si, columns=[col]).num_rows
        for g in range(0, n, stride):
            arr = tab.column(col).slice(start + g, min(stride, n - g))
            mm = pc.min_max(arr)
            if may_hold(mm["min"].as_py(), mm["max"].as_py()):
                a, b = start + g, start + min(g + stride, n)
                stripes.add(si)
                if ranges and ranges[-1][1] == a:
                    ranges[-1][1] = b
                else:
                    ranges.append([a, b])
        start += n
    return ranges, len(stripes)


def prune_specs(t, f, tab, key_only):
    key = tab.column(t[0] + "_orderkey")
    n = tab.num_rows
    i0 = min(n - 1, n // 2 + 1234)
    i1 = min(n - 1, i0 + 25000)
    specs = [(f, t[0] + "_orderkey", "between", key[i0].as_py(), key[i1].as_py())]
    if t == "lineitem" and not key_only:
        specs.append((f, "l_shipdate", "lt", datetime.date(1992, 6, 1), "-"))
    return specs


if args.prune and args.java and args.java_classes:
    # every file of --dir; in the --same copies the key range (a seek into
    # the middle of a stripe, through that copy's compressed positions)
    specs = []
    for k, copy in enumerate([MAIN] + SAME):
        for t in ("orders", "lineitem"):
            if t in tables:
                for f in table_files(t, copy):
                    specs += prune_specs(t, f, file_table(f), k > 0)
    flat = []
    for sp in specs:
        flat += [sp[0], sp[1], sp[2], str(sp[3]), str(sp[4])]
    results = orc_java("prune", *flat) if specs else []
    check(len(results) == len(specs), "OrcCheck prune: %d results for %d predicates" % (len(results), len(specs)))
    skipped_somewhere = False
    cached = (None, None)
    for (f, col, op, lo, hi), r in zip(specs, results):
        what = "%s: %s %s %s %s" % (os.path.relpath(f, os.path.dirname(os.path.dirname(f))), col, op, lo,
                                    "" if hi == "-" else hi)
        o = po.ORCFile(f)
        if cached[0] != f:
            cached = (f, file_table(f))
        tab = cached[1]
        if op == "lt":
            mask = pc.less(tab.column(col), pa.scalar(lo, type=tab.schema.field(col).type))
            may = (lambda mn, mx, lo=lo: mn < lo)
        else:
            mask = pc.and_(pc.greater_equal(tab.column(col), lo), pc.less_equal(tab.column(col), hi))
            may = (lambda mn, mx, lo=lo, hi=hi: mx >= lo and mn <= hi)
        ranges, nstripes = expected_ranges(o, tab, col, may)
        want_read = sum(b - a for a, b in ranges)
        check(r["rows"] == tab.num_rows and r["stripes"] == o.nstripes,
              "%s: Java sees %d rows in %d stripes" % (what, r["rows"], r["stripes"]))
        check(r["ranges"] == ranges, "%s: Java read rows %s, the statistics allow %s" % (what, r["ranges"][:6], ranges[:6]))
        check(r["read"] == want_read and r["stripesRead"] == nstripes,
              "%s: Java read %d rows in %d stripes, want %d in %d" % (what, r["read"], r["stripesRead"], want_read, nstripes))
        if isinstance(mask, pa.ChunkedArray):
            mask = mask.combine_chunks()
        idx = pc.indices_nonzero(mask)
        check(r["matched"] == len(idx) and len(idx) > 0, "%s: %d rows match, want %d" % (what, r["matched"], len(idx)))
        check(r["matchedRows"] == md5_lines(str(i) for i in idx.to_pylist()), "%s: the matching rows differ" % what)
        sub = tab.filter(mask)
        sub = sub.append_column("rn__", pa.array(range(sub.num_rows), type=pa.int64()))
        con.register("prune__", sub)
        for c in tab.column_names:
            v = con.execute("SELECT coalesce(md5(string_agg(CAST(%s AS VARCHAR), chr(10) ORDER BY rn__)), md5('')) "
                            "FROM prune__" % c).fetchall()[0][0]
            check(r["columns"].get(c) == v, "%s: column %s of the matching rows differs" % (what, c))
        con.unregister("prune__")
        if r["read"] < r["rows"]:
            skipped_somewhere = True
        if op == "between" and len(ranges) > 0 and (o.nrows + o.row_index_stride - 1) // o.row_index_stride >= 8:
            # a narrow key range in a file of many row groups: most are skipped
            check(r["read"] * 2 < r["rows"], "%s: read %d of %d rows" % (what, r["read"], r["rows"]))
        print("prune %s: read %d of %d rows (%d of %d stripes), %d match"
              % (what, r["read"], r["rows"], r["stripesRead"], r["stripes"], r["matched"]))
    if any(sp[2] == "between" for sp in specs) and max(po.ORCFile(sp[0]).nrows for sp in specs) > 50000:
        check(skipped_somewhere, "the Java reader skipped no row group for any predicate")

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

finish()
