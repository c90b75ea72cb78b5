"""The tpchgen_c extension built with ASan and UBSan, in an ordinary python.

Run by tests/sh/91_python_asan.sh with LD_PRELOAD=libasan.so libubsan.so,
PYTHONMALLOC=malloc (so Python objects are malloc blocks the leak checker
scans) and ASAN_OPTIONS log_path=LOGPREFIX. Any memory error or undefined
behaviour in the extension aborts the process. At the end LeakSanitizer is
asked, in-process, for every block allocated and no longer reachable; the
blocks the extension itself allocated (the frame above the allocator is in
_native) must be none, and a stream deliberately dropped without its
release must be found (so the check can fail).

Usage: python_asan_check.py TPCHGEN REFDIR LOGPREFIX
  REFDIR holds the CLI's Parquet output at SF 0.01. Prints "N passed, N failed" last.
"""

import ctypes
import gc
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import threading

import pyarrow as pa
import pyarrow.parquet as pq

import tpchgen_c

TPCHGEN, REF, LOGPREFIX = sys.argv[1:4]
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


libc = ctypes.CDLL(None)
check("the sanitizers are loaded", hasattr(libc, "__lsan_do_recoverable_leak_check")
      and hasattr(libc, "__asan_region_is_poisoned"))
check("the extension is built with ASan", "__asan_report_load8" in open(tpchgen_c._native.__file__, "rb").read().decode(
    "latin-1"), tpchgen_c._native.__file__)

# ---- streams ------------------------------------------------------------------
for name in tpchgen_c.TABLES:
    got = pa.table(tpchgen_c.table(name, "0.01"))
    ref = pq.read_table(os.path.join(REF, f"{name}.parquet"))
    check(f"{name} SF 0.01 equals the CLI's Parquet", got.num_rows == ref.num_rows and got.equals(ref))

got = pa.table(tpchgen_c.table("orders", "0.01", text_pool="fast"))  # the other text pool
check("orders SF 0.01 from the fast text pool equals the CLI's Parquet",
      got.equals(pq.read_table(os.path.join(REF, "orders.parquet"))))

parts = [pa.table(tpchgen_c.table("lineitem", "0.01", part=k, parts=3, batch_rows=1000)) for k in (1, 2, 3)]
check("three parts in small batches make the table",
      pa.concat_tables(parts).equals(pq.read_table(os.path.join(REF, "lineitem.parquet"))))
del parts


def half_read(t, n):
    reader = pa.RecordBatchReader.from_stream(t)
    for _ in range(n):
        reader.read_next_batch()
    del reader


li = tpchgen_c.table("lineitem", 1, batch_rows=20000)
for _ in range(3):
    half_read(li, 2)
    unused = li.__arrow_c_stream__()  # never imported: the capsule's destructor releases it
    del unused
schema = li.__arrow_c_schema__()
check("a schema capsule", type(schema).__name__ == "PyCapsule")
del schema
reader = pa.RecordBatchReader.from_stream(tpchgen_c.table("region", 1))
batch = reader.read_next_batch()
try:
    reader.read_next_batch()
    check("region is one batch", False)
except StopIteration:
    check("region is one batch", True)
del reader
gc.collect()
check("a batch outlives its stream", batch.column(1).to_pylist() == ["AFRICA", "AMERICA", "ASIA", "EUROPE",
                                                                     "MIDDLE EAST"])
del batch

# Streams read on four threads at once (each consumer on its own stream).
results = [None] * 4


def read_orders(i):
    results[i] = pa.table(tpchgen_c.table("orders", "0.05", part=i + 1, parts=4))


threads = [threading.Thread(target=read_orders, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check("four threads read four parts", sum(r.num_rows for r in results) == 75000, str([r.num_rows for r in results]))
del results

# ---- errors -----------------------------------------------------------------------
raises("unknown table", ValueError, lambda: tpchgen_c.table("lineitems", 1), "unknown table 'lineitems'")
raises("SF 0", ValueError, lambda: tpchgen_c.table("orders", 0), "scale factor must be greater than 0")
raises("SF text", ValueError, lambda: tpchgen_c.table("orders", "ten"), "is not a number")
raises("part > parts", ValueError, lambda: tpchgen_c.table("orders", 1, part=4, parts=3), "1 <= part <= parts")
raises("batch_rows", ValueError, lambda: tpchgen_c.table("lineitem", 1, batch_rows=6), "at least 7")


# ---- write() ------------------------------------------------------------------------
def digests(d):
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                out[os.path.relpath(os.path.join(root, f), d)] = hashlib.md5(fh.read()).hexdigest()
    return out


with tempfile.TemporaryDirectory(prefix="tpchgen-asan-py-") as d:
    py, cli = os.path.join(d, "py"), os.path.join(d, "cli")
    tpchgen_c.write(py, sf=0.01, formats=("tbl", "csv", "parquet"), threads=2)
    plain = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}  # the CLI runs unsanitized
    subprocess.run([TPCHGEN, "-q", "-s", "0.01", "-f", "tbl,csv,parquet", "-o", cli], check=True, env=plain)
    a, b = digests(py), digests(cli)
    check("write() makes the CLI's files", a == b and len(a) == 24,
          str(sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))[:4]))
    raises("write: an existing output", tpchgen_c.Error, lambda: tpchgen_c.write(py, sf=0.01, formats="tbl"),
           "already exists")
    raises("write: unknown table", ValueError, lambda: tpchgen_c.write(d, 0.01, tables="foo"), "unknown table")
    raises("write: bad SF", ValueError, lambda: tpchgen_c.write(d, "x"), "scale factor 'x'")
    raises("write: unknown format", ValueError, lambda: tpchgen_c.write(d, 0.01, formats="xls"), "unknown format")

# ---- leaks --------------------------------------------------------------------------
OURS = re.compile(r"_native\.|csrc/|ext/(native|cli_embed)\.c")


def our_leaks():
    """Runs LeakSanitizer now; returns the leak reports whose allocation was
    made by the extension (the first frame above the allocator is ours)."""
    gc.collect()
    path = f"{LOGPREFIX}.{os.getpid()}"
    start = os.path.getsize(path) if os.path.exists(path) else 0
    libc.__lsan_do_recoverable_leak_check()
    if not os.path.exists(path):
        return []
    with open(path, errors="replace") as f:
        f.seek(start)
        report = f.read()
    ours = []
    for block in re.split(r"\n(?=(?:Direct|Indirect) leak of )", report):
        m = re.search(r"^\s*#1 .*$", block, re.M)
        if block.lstrip().startswith(("Direct leak", "Indirect leak")) and m and OURS.search(m.group(0)):
            ours.append(block.strip())
    return ours


check("no stream is left alive", tpchgen_c._native.live_streams() == 0, str(tpchgen_c._native.live_streams()))
leaks = our_leaks()
check("nothing the extension allocated is leaked", not leaks, "\n".join(leaks[:3]))

# The control: a stream whose capsule loses its destructor is never released,
# and the check must see it.
pythonapi = ctypes.pythonapi
pythonapi.PyCapsule_GetPointer.restype = ctypes.c_void_p
pythonapi.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
pythonapi.PyCapsule_SetDestructor.argtypes = [ctypes.py_object, ctypes.c_void_p]
cap = tpchgen_c.table("nation", 1).__arrow_c_stream__()
stream = pythonapi.PyCapsule_GetPointer(cap, b"arrow_array_stream")
pythonapi.PyCapsule_SetDestructor(cap, None)
del cap
leaks = our_leaks()
check("a stream dropped without its release is found", len(leaks) >= 1, f"{len(leaks)} reports")
release = ctypes.CFUNCTYPE(None, ctypes.c_void_p)(ctypes.c_void_p.from_address(stream + 24).value)
release(stream)  # struct ArrowArrayStream: get_schema, get_next, get_last_error, release, private_data
libc.free(ctypes.c_void_p(stream))
leaks = our_leaks()
check("and none once it is released", not leaks and tpchgen_c._native.live_streams() == 0, "\n".join(leaks[:3]))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
