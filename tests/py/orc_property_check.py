"""orc_property_check.py - the files test_orc_property wrote (random flat
schemas, nulls, every type and codec) read back by Apache ORC's two
implementations and compared cell by cell with the values meant
(DIR/pK.json): pyarrow.orc (C++) and, with --java JAR, orc-tools `data`
(Java); orc-tools `meta` must also report each column's file statistics
(count, hasNull, and min/max where the type has them) as the data says.
Prints "N passed, N failed" last; exits 1 on any failure.
"""
import argparse
import datetime
import decimal
import glob
import json
import os
import struct
import subprocess
import sys

import pyarrow as pa
import pyarrow.orc as po

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("--java")
args = ap.parse_args()
from tally import check, finish


EPOCH = datetime.date(1970, 1, 1)
CODECS = {0: "ZSTD", 1: "ZSTD", 2: "SNAPPY", 3: "ZLIB", 4: "UNCOMPRESSED"}


def arrow_type(c):
    k = c["kind"]
    return {"b": pa.bool_(), "c": pa.int8(), "s": pa.int16(), "i": pa.int32(), "l": pa.int64(),
            "f": pa.float32(), "g": pa.float64(), "t": pa.date32(), "u": pa.string(), "U": pa.string(),
            "z": pa.binary()}.get(k) or pa.decimal128(c["precision"], c["scale"])


def f32(x):
    return struct.unpack("<f", struct.pack("<f", float(x)))[0]


def want_value(c, v):
    """The expected JSON text as a Python value comparable with a reader's."""
    if v is None:
        return None
    k = c["kind"]
    if k == "b":
        return v == "true"
    if k in "csil":
        return int(v)
    if k == "f":
        return f32(v)
    if k == "g":
        return float(v)
    if k == "t":
        return EPOCH + datetime.timedelta(days=int(v))
    if k == "d":
        return decimal.Decimal(v)
    if k == "z":
        return bytes.fromhex(v)
    return v


def from_java(c, v):
    if v is None:
        return None
    k = c["kind"]
    if k == "f":
        return f32(v)
    if k == "g":
        return float(v)
    if k == "t":
        return datetime.date.fromisoformat(v)
    if k == "d":
        return decimal.Decimal(v)
    if k == "z":
        return bytes(v)
    return v


def meta_json(out):
    """orc-tools meta -j: one object for one file, a list for several."""
    start = min(i for i in (out.find(b"\n["), out.find(b"\n{"), 0 if out[:1] in b"[{" else -1) if i >= 0)
    m = json.loads(out[start:])
    return m if isinstance(m, list) else [m]


def java(*a):
    r = subprocess.run(["java", "-jar", args.java] + list(a), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.returncode, r.stdout


SEP = b"_" * 40
files = sorted(glob.glob(os.path.join(args.dir, "p*.json")), key=lambda p: int(os.path.basename(p)[1:-5]))
check(len(files) >= 20, "%d property files" % len(files))
jdata, jmeta = {}, {}
if args.java:
    orcs = [jf[:-5] + ".orc" for jf in files]
    rc, out = java("data", *orcs)
    check(rc == 0, "orc-tools data exits %d" % rc)
    per, cur = [], []
    for line in out.splitlines():
        if line.startswith(b"{"):
            cur.append(line)
        elif line.startswith(SEP):
            per.append(cur)
            cur = []
    check(len(per) == len(orcs), "orc-tools data: %d files" % len(per))
    jdata = dict(zip(orcs, per))
    rc, out = java("meta", "-j", *orcs)
    check(rc == 0, "orc-tools meta exits %d" % rc)
    if rc == 0:
        jmeta = dict(zip(orcs, meta_json(out)))
for jf in files:
    orc = jf[:-5] + ".orc"
    name = os.path.basename(orc)
    meta = json.load(open(jf))
    cols = meta["columns"]
    rows = [[want_value(c, v) for c, v in zip(cols, r)] for r in meta["rows"]]
    try:
        o = po.ORCFile(orc)
        tab = o.read()
    except Exception as e:  # a reader that refuses the file is a failure, not a crash
        check(False, "pyarrow: %s: %s" % (name, e))
        continue
    check(o.compression == CODECS[meta["compression"]], "%s: compression %s" % (name, o.compression))
    check(o.nrows == len(rows) and tab.num_rows == len(rows), "pyarrow: %s: %d rows, want %d" % (name, tab.num_rows, len(rows)))
    check(tab.schema.names == [c["name"] for c in cols], "pyarrow: %s: names %s" % (name, tab.schema.names))
    for i, c in enumerate(cols):
        if i >= tab.num_columns:
            break
        check(tab.schema.field(i).type == arrow_type(c), "pyarrow: %s.%s: type %s, want %s"
              % (name, c["name"], tab.schema.field(i).type, arrow_type(c)))
        got = tab.column(i).to_pylist()
        bad = [r for r in range(min(len(got), len(rows))) if got[r] != rows[r][i]]
        check(not bad, "pyarrow: %s.%s: %d cells differ, first row %s: %r, want %r"
              % (name, c["name"], len(bad), bad[:1], got[bad[0]] if bad else None, rows[bad[0]][i] if bad else None))
    if not args.java:
        continue
    jrows = [json.loads(l) for l in jdata.get(orc, [])]
    check(len(jrows) == len(rows), "orc-tools: %s: %d rows, want %d" % (name, len(jrows), len(rows)))
    for i, c in enumerate(cols):
        bad = [r for r in range(min(len(jrows), len(rows))) if from_java(c, jrows[r].get(c["name"])) != rows[r][i]]
        check(not bad, "orc-tools: %s.%s: %d cells differ, first row %s: %r, want %r"
              % (name, c["name"], len(bad), bad[:1], jrows[bad[0]].get(c["name"]) if bad else None,
                 rows[bad[0]][i] if bad else None))
    m = jmeta.get(orc)
    check(m is not None, "orc-tools meta: %s missing" % name)
    if m is None:
        continue
    check(m["numberOfRows"] == len(rows), "orc-tools meta: %s rows" % name)
    for i, c in enumerate(cols):
        s = m["fileStatistics"][i + 1]
        vals = [r[i] for r in rows if r[i] is not None]
        check(s["count"] == len(vals) and s["hasNull"] == (len(vals) < len(rows)),
              "orc-tools meta: %s.%s count %s hasNull %s" % (name, c["name"], s["count"], s["hasNull"]))
        k = c["kind"]
        if not vals or k in "bz":
            continue
        lo, hi = min(vals), max(vals)
        if k == "t":
            got = (datetime.date.fromisoformat(s["min"].split()[-1]), datetime.date.fromisoformat(s["max"].split()[-1]))
        elif k == "d":
            got = (decimal.Decimal(s["min"]), decimal.Decimal(s["max"]))
        elif k in "fg":
            got = (float(s["min"]), float(s["max"]))
            if k == "f":
                got = (f32(got[0]), f32(got[1]))
        else:
            got = (s["min"], s["max"])
        check(got == (lo, hi), "orc-tools meta: %s.%s min/max %s, want %s" % (name, c["name"], got, (lo, hi)))
        if k in "csil":
            total = sum(vals)
            fits = -(1 << 63) <= total < (1 << 63)
            check(s.get("sum") == (total if fits else None),
                  "orc-tools meta: %s.%s sum %s, want %s" % (name, c["name"], s.get("sum"), total if fits else "absent"))
        if k in "uU":
            check(s.get("totalLength") == sum(len(v.encode()) for v in vals),
                  "orc-tools meta: %s.%s total length" % (name, c["name"]))
finish()
