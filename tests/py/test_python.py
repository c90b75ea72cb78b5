"""The tpchgen-c Python package (python/) against the CLI and real readers.

Usage: test_python.py TPCHGEN REFDIR GOLDEN QUERIES
  REFDIR holds the CLI's Parquet output: sf0.01/, sf0.1/ and sf0.01p3/
  (--parts 3, every part). Prints "N passed, N failed" last.
"""

import ctypes
import decimal
import gc
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

import tpchgen_c

TPCHGEN, REF, GOLDEN, QUERIES = sys.argv[1:5]
passed = failed = 0


def check(what, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}" + (f": {detail}" if detail else ""))


def raises(what, exc, fn, needle):
    try:
        fn()
    except exc as e:
        check(what, needle in str(e), f"message {str(e)!r} lacks {needle!r}")
        return
    except Exception as e:  # noqa: BLE001 - the wrong exception is the failure
        check(what, False, f"raised {type(e).__name__}: {e}")
        return
    check(what, False, "no exception")


# A build directory left from an older commit must never be reused: the
# extension and the CLI (make's build) come from the same sources.
version = subprocess.run([TPCHGEN, "--version"], capture_output=True, text=True).stdout
check("the extension is built from the CLI's commit", f"(build {tpchgen_c._native.BUILD_HASH})" in version,
      f"extension {tpchgen_c._native.BUILD_HASH}, CLI {version.strip()}")


def ref_table(sf, name, part=None):
    if part is None:
        return pq.read_table(os.path.join(REF, f"sf{sf}", f"{name}.parquet"))
    return pq.read_table(os.path.join(REF, f"sf{sf}p3", name, f"{name}.{part}.parquet"))


def same_rows(a, b):
    """Row-for-row equality of two Arrow tables (types, order, values)."""
    return a.num_rows == b.num_rows and a.schema.equals(b.schema, check_metadata=False) and a.equals(b)


# ---- every table through pyarrow equals the CLI's Parquet -------------------
for sf in ("0.01", "0.1"):
    for name in tpchgen_c.TABLES:
        t = tpchgen_c.table(name, sf=float(sf))
        got = pa.table(t)
        ref = ref_table(sf, name)
        check(f"pyarrow {name} SF {sf} equals the CLI's Parquet", same_rows(got, ref),
              f"{got.num_rows} vs {ref.num_rows} rows")
        check(f"{name} SF {sf} num_rows", t.num_rows == ref.num_rows, f"{t.num_rows} vs {ref.num_rows}")

# Both text pools give the CLI's bytes (the loop above used the default, compact).
for name in ("lineitem", "orders", "partsupp", "supplier"):
    got = pa.table(tpchgen_c.table(name, 0.1, text_pool="fast"))
    check(f"text_pool='fast' {name} SF 0.1 equals the CLI's Parquet", same_rows(got, ref_table("0.1", name)))

# Any number of stream threads gives the same rows (the loop above used the
# default, all cores).
for name in ("lineitem", "partsupp", "customer"):
    for threads in (1, 3):
        t = tpchgen_c.table(name, 0.1, threads=threads, batch_rows=5000)
        check(f"threads={threads} {name} SF 0.1 equals the CLI's Parquet",
              t.threads == threads and same_rows(pa.table(t), ref_table("0.1", name)))
check("threads default to all cores", tpchgen_c.table("orders", 1).threads == min(os.cpu_count(), 256),
      str(tpchgen_c.table("orders", 1).threads))

# RecordBatchReader.from_stream: bounded batches, same rows.
reader = pa.RecordBatchReader.from_stream(tpchgen_c.table("lineitem", 0.1, batch_rows=10000))
sizes = [b.num_rows for b in reader]
del reader  # a reader keeps its stream until it goes
check("batch_rows bounds every batch", max(sizes) <= 10000 and len(sizes) > 50, str(sizes[:5]))
check("the batches hold every row", sum(sizes) == ref_table("0.1", "lineitem").num_rows)
check("__arrow_c_schema__", pa.schema(tpchgen_c.table("orders", 1)).equals(ref_table("0.1", "orders").schema,
                                                                             check_metadata=False))

# ---- part / parts ----------------------------------------------------------
for name in tpchgen_c.TABLES:
    pieces = []
    for k in (1, 2, 3):
        got = pa.table(tpchgen_c.table(name, 0.01, part=k, parts=3))
        if name in ("nation", "region") and k > 1:
            check(f"{name} part {k} of 3 is empty", got.num_rows == 0)
        else:
            check(f"{name} part {k} of 3 equals the CLI's --parts 3 --part {k}",
                  same_rows(got, ref_table("0.01", name, k)))
        pieces.append(got)
    whole = pa.concat_tables(pieces)
    check(f"{name}: the 3 parts concatenate to the table", same_rows(whole, ref_table("0.01", name)))

# ---- polars and DuckDB over the streams ---------------------------------------
for name in tpchgen_c.TABLES:
    df = pl.DataFrame(tpchgen_c.table(name, 0.01))
    check(f"polars {name}", df.equals(pl.from_arrow(ref_table("0.01", name))), str(df.shape))


def answers(q):
    with open(os.path.join(GOLDEN, "answers", f"{q}.csv")) as f:
        lines = f.read().splitlines()
    return [ln.split("|") for ln in lines[1:]]


META = json.load(open(os.path.join(GOLDEN, "answers", "answers.json")))


def text(v):
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    return str(v)


def same_answer(q, got_rows):
    """Compares a result with the reference answer: floats to 1e-2 relative
    (as tests/js/tpch_check.mjs does), decimals by value, the rest as text."""
    exp = answers(q)
    types = META[q]["types"]
    if len(got_rows) != len(exp):
        return f"{len(got_rows)} rows, expected {len(exp)}"
    for i, (g, e) in enumerate(zip(got_rows, exp)):
        if len(g) != len(e):
            return f"row {i}: {len(g)} columns, expected {len(e)}"
        for j, (a, b) in enumerate(zip(g, e)):
            ty = types[j]
            if a is None or b == "\\N":
                ok = a is None and b == "\\N"
            elif ty in ("DOUBLE", "FLOAT") or (ty.startswith("DECIMAL") and isinstance(a, float)):
                ok = abs(float(a) - float(b)) <= 1e-2 * max(abs(float(b)), 1e-12)
            elif ty.startswith("DECIMAL"):
                ok = decimal.Decimal(text(a)) == decimal.Decimal(b)
            else:
                ok = text(a) == b
            if not ok:
                return f"row {i} column {j}: {a!r}, expected {b!r}"
    return None


queries = sorted(f[:-4] for f in os.listdir(QUERIES) if f.endswith(".sql"))
check("22 queries", len(queries) == 22)


def duckdb_answers():
    # DuckDB finds these local variables by name (its replacement scan) and
    # reads each through __arrow_c_stream__: a fresh stream per scan.
    part, partsupp, supplier, customer, orders, lineitem, nation, region = (
        tpchgen_c.table(n, 0.01) for n in ("part", "partsupp", "supplier", "customer", "orders", "lineitem",
                                            "nation", "region"))
    con = duckdb.connect()
    for q in queries:
        sql = open(os.path.join(QUERIES, f"{q}.sql")).read()
        try:
            rows = con.sql(sql).fetchall()
        except Exception as e:  # noqa: BLE001
            check(f"DuckDB {q} over the streams", False, str(e).splitlines()[0])
            continue
        diff = same_answer(q, rows)
        check(f"DuckDB {q} over the streams", diff is None, diff or "")
    del part, partsupp, supplier, customer, orders, lineitem, nation, region


duckdb_answers()

ctx = pl.SQLContext({n: pl.DataFrame(tpchgen_c.table(n, 0.01)) for n in tpchgen_c.TABLES})
for q in queries:
    sql = open(os.path.join(QUERIES, f"{q}.sql")).read()
    try:
        rows = ctx.execute(sql, eager=True).rows()
    except Exception as e:  # noqa: BLE001
        check(f"polars {q}", False, str(e).splitlines()[0])
        continue
    diff = same_answer(q, rows)
    check(f"polars {q}", diff is None, diff or "")
del ctx

# ---- releasing a half-read stream frees everything -------------------------
libc = ctypes.CDLL("libc.so.6")


class Mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


libc.mallinfo2.restype = Mallinfo2


def heap_in_use():
    gc.collect()
    m = libc.mallinfo2()
    return m.uordblks + m.hblkhd  # malloc'd bytes plus mmap'd blocks


def half_read(t, n):
    reader = pa.RecordBatchReader.from_stream(t)
    for _ in range(n):
        reader.read_next_batch()
    del reader


li = tpchgen_c.table("lineitem", 1)  # about 10 MB per batch
half_read(li, 2)
capsule = li.__arrow_c_stream__()
del capsule  # never imported: the capsule's destructor releases it
base = heap_in_use()
for _ in range(25):
    half_read(li, 2)
    del_me = li.__arrow_c_stream__()
    del del_me
grown = heap_in_use() - base
check("25 half-read lineitem streams leave the heap where it was", grown < 16 << 20, f"grew {grown >> 20} MB")
check("no stream is left alive", tpchgen_c._native.live_streams() == 0, str(tpchgen_c._native.live_streams()))

# A batch outlives its stream (it owns its memory).
reader = pa.RecordBatchReader.from_stream(tpchgen_c.table("region", 0.01))
batch = reader.read_next_batch()
del reader
gc.collect()
check("a batch stays valid after its stream is released",
      batch.column(1).to_pylist() == ["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"])
del batch
gc.collect()
check("streams all released", tpchgen_c._native.live_streams() == 0)

# ---- errors carry the library's message ------------------------------------
raises("unknown table", ValueError, lambda: tpchgen_c.table("lineitems", 1), "unknown table 'lineitems'")
raises("SF 0", ValueError, lambda: tpchgen_c.table("orders", 0), "scale factor must be greater than 0")
raises("SF text", ValueError, lambda: tpchgen_c.table("orders", "ten"), "scale factor 'ten' is not a number")
raises("SF -1", ValueError, lambda: tpchgen_c.table("orders", -1), "scale factor")
raises("part without parts", ValueError, lambda: tpchgen_c.table("orders", 1, part=1), "part")
raises("part > parts", ValueError, lambda: tpchgen_c.table("orders", 1, part=4, parts=3), "1 <= part <= parts")
raises("unknown text pool", ValueError, lambda: tpchgen_c.table("orders", 1, text_pool="small"),
       "text_pool must be 'compact' or 'fast'")
raises("threads 0", ValueError, lambda: tpchgen_c.table("orders", 1, threads=0), "threads must be at least 1")
raises("threads 257", ValueError, lambda: tpchgen_c.table("orders", 1, threads=257), "threads must be 1 to 256")
raises("batch_rows below one order", ValueError, lambda: tpchgen_c.table("lineitem", 1, batch_rows=6),
       "batch_rows must be at least 7")
with tempfile.TemporaryDirectory(prefix="tpchgen-py-") as d:
    raises("write: unknown table", ValueError, lambda: tpchgen_c.write(d, 0.01, tables="foo"), "unknown table 'foo'")
    raises("write: bad SF", ValueError, lambda: tpchgen_c.write(d, "x"), "scale factor 'x'")
    raises("write: unknown format", ValueError, lambda: tpchgen_c.write(d, 0.01, formats="xls"), "unknown format")

# ---- write(): the CLI's bytes --------------------------------------------------


def digests(d):
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, d)] = hashlib.md5(fh.read()).hexdigest()
    return out


with tempfile.TemporaryDirectory(prefix="tpchgen-py-") as d:
    py, cli = os.path.join(d, "py"), os.path.join(d, "cli")
    tpchgen_c.write(py, sf=0.01, formats=("tbl", "csv", "parquet"), threads=1)
    subprocess.run([TPCHGEN, "-q", "-s", "0.01", "-f", "tbl,csv,parquet", "-j", "2", "-o", cli], check=True)
    a, b = digests(py), digests(cli)
    check("write() makes the CLI's files, byte for byte", a == b and len(a) == 24,
          f"{len(a)} files, differing: {sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))[:4]}")
    tpchgen_c.write(py, sf=0.01, formats="parquet", tables=["orders"], parts=3, part=2, threads=2)
    subprocess.run([TPCHGEN, "-q", "-s", "0.01", "-f", "parquet", "-T", "orders", "--parts", "3", "--part", "2",
                    "-o", cli], check=True)
    a, b = digests(py), digests(cli)
    check("write() parts", a == b and "orders/orders.2.parquet" in a)
    before = digests(py)
    raises("write: an existing output", tpchgen_c.Error, lambda: tpchgen_c.write(py, sf=0.01, formats="tbl"),
           "already exists")
    check("a refused write leaves the files as they were", digests(py) == before)
    # The console script runs the same CLI.
    script = os.path.join(os.path.dirname(sys.executable), "tpchgen")
    r = subprocess.run([script, "-q", "-s", "0.01", "-T", "nation,region", "-o", os.path.join(d, "script")])
    check("the tpchgen script", r.returncode == 0 and digests(os.path.join(d, "script")) ==
          {k: v for k, v in digests(cli).items() if k in ("nation.tbl", "region.tbl")})
    r = subprocess.run([script, "-s", "0"], capture_output=True, text=True)
    check("the tpchgen script's bad-argument status", r.returncode == 2 and "scale factor" in r.stderr, r.stderr)

# ---- importable without pyarrow -----------------------------------------------
code = ("import sys; sys.modules['pyarrow'] = None; sys.modules['numpy'] = None\n"
        "import tpchgen_c\n"
        "c = tpchgen_c.table('region', 1).__arrow_c_stream__(); print(type(c).__name__)")
r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
check("imports and streams without pyarrow or numpy", r.returncode == 0 and r.stdout.strip() == "PyCapsule",
      r.stderr.strip()[-200:])

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
