"""lance_check.py - reads the property test's Lance datasets with pylance (the
official Lance Python package, a second independent reader next to lancedb)
and compares every cell with what the C test meant to write.

    tests/py/.venv/bin/python tests/py/lance_check.py [--coverage] EXPECTED.json

EXPECTED.json is the file tests/js/lance_check.mjs reads (cell encoding
described there). Per dataset and version: the version list, row count, Arrow
types and nullability, every cell in scan order (and row ids when the
fragment layout is given), then dataset.validate() on the latest version.
One negative control alters an expected value and must be noticed.
--coverage: the datasets' pages, as pylance's file metadata describes them,
must include every kind the 2.1 writer makes (all-null pages, pages with
definition levels, without, dictionaries, zstd and lz4 wrappers, and pages
no codec wraps), so the property test cannot pass by missing one.
The last line is "N passed, N failed".
"""
import collections
import glob
import json
import os
import re
import struct
import sys

import lance
import pyarrow as pa
from lance.file import LanceFileReader

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lance_column_bytes import general_codec  # noqa: E402

passed = failed = 0


def ok(cond, msg):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + msg)


def type_name(t):
    if pa.types.is_boolean(t):
        return "bool"
    if pa.types.is_integer(t):
        return ("int" if pa.types.is_signed_integer(t) else "uint") + str(t.bit_width)
    if pa.types.is_float32(t):
        return "float"
    if pa.types.is_float64(t):
        return "double"
    if pa.types.is_decimal(t):
        return "decimal(%d,%d)" % (t.precision, t.scale)
    if pa.types.is_date32(t):
        return "date32"
    for name, f in (("utf8", pa.types.is_string), ("large_utf8", pa.types.is_large_string),
                    ("binary", pa.types.is_binary), ("large_binary", pa.types.is_large_binary)):
        if f(t):
            return name
    return "other:" + str(t)


def cells(arr):
    """Python values in the JSON cell encoding of lance_check.mjs."""
    t = arr.type
    vals = arr.to_pylist()
    out = []
    for v in vals:
        if v is None:
            out.append(None)
        elif pa.types.is_boolean(t):
            out.append(bool(v))
        elif pa.types.is_int64(t):
            out.append(str(v))
        elif pa.types.is_integer(t):
            out.append(v)
        elif pa.types.is_date32(t):
            out.append(None)  # replaced below from the raw buffer
        elif pa.types.is_float32(t):
            out.append("%08x" % struct.unpack("<I", struct.pack("<f", v))[0])
        elif pa.types.is_float64(t):
            out.append("%016x" % struct.unpack("<Q", struct.pack("<d", v))[0])
        elif isinstance(v, str):
            out.append(v.encode("utf-8").hex())
        else:
            out.append(bytes(v).hex())
    if pa.types.is_date32(t):
        days = arr.cast(pa.int32()).to_pylist()
        out = days
    return out


def float_cells(arr):
    """Float bit patterns straight from the buffer (NaN payloads survive)."""
    width = 4 if pa.types.is_float32(arr.type) else 8
    buf = arr.buffers()[1]
    raw = bytes(buf)[arr.offset * width:(arr.offset + len(arr)) * width]
    fmt = "<%d%s" % (len(arr), "I" if width == 4 else "Q")
    bits = struct.unpack(fmt, raw)
    valid = arr.is_valid().to_pylist()
    return [("%0*x" % (2 * width, b)) if ok_ else None for b, ok_ in zip(bits, valid)]


def decimal_cells(arr):
    """Unscaled 128-bit integers straight from the buffer (no rounding)."""
    raw = bytes(arr.buffers()[1])[arr.offset * 16:(arr.offset + len(arr)) * 16]
    valid = arr.is_valid().to_pylist()
    return [str(int.from_bytes(raw[16 * i:16 * i + 16], "little", signed=True)) if v else None
            for i, v in enumerate(valid)]


def column_cells(col):
    out = []
    for chunk in col.chunks:
        if pa.types.is_floating(chunk.type):
            out += float_cells(chunk)
        elif pa.types.is_decimal(chunk.type):
            out += decimal_cells(chunk)
        else:
            out += cells(chunk)
    return out


def compare(label, tbl, spec, ver):
    bad = 0
    for ci, (name, _, _) in enumerate(spec["schema"]):
        want = ver["columns"][ci]
        if name not in tbl.column_names or tbl.num_rows != len(want):
            print("  %s %s: missing or %d rows, want %d" % (label, name, tbl.num_rows, len(want)))
            bad += 1
            continue
        got = column_cells(tbl.column(name))
        for r, (g, w) in enumerate(zip(got, want)):
            if g != w:
                if bad < 5:
                    print("  %s row %d %s: got %r want %r" % (label, r, name, g, w))
                bad += 1
    return bad


def check_dataset(spec):
    name = spec["path"].rsplit("/", 1)[-1]
    ds = lance.dataset(spec["path"])
    if "all_versions" in spec:
        vs = [v["version"] for v in ds.versions()]
        ok(vs == spec["all_versions"], "%s: versions %s, want %s" % (name, vs, spec["all_versions"]))
    sample = None
    for ver in spec["versions"]:
        label = "%s@%d" % (name, ver["version"])
        d = lance.dataset(spec["path"], version=ver["version"])
        want = len(ver["columns"][0]) if ver["columns"] else sum(f[1] for f in ver["fragments"])
        ok(d.count_rows() == want, "%s: count_rows %d, want %d" % (label, d.count_rows(), want))
        tbl = d.to_table(with_row_id=bool(ver.get("fragments")))
        ok(tbl.num_rows == want, "%s: scan %d rows, want %d" % (label, tbl.num_rows, want))
        for cname, ctype, nullable in spec["schema"]:
            f = d.schema.field(cname) if cname in d.schema.names else None
            ok(f is not None and type_name(f.type) == ctype and f.nullable == nullable,
               "%s: field %s is %s nullable=%s, want %s nullable=%s"
               % (label, cname, f and type_name(f.type), f and f.nullable, ctype, nullable))
        if want and ver.get("fragments"):
            exp = [(fid << 32) | o for fid, rows in ver["fragments"] for o in range(rows)]
            ok(tbl.column("_rowid").to_pylist() == exp, "%s: row ids differ from the fragment layout" % label)
        if want:
            bad = compare(label, tbl, spec, ver)
            ok(bad == 0, "%s: %d cells differ" % (label, bad))
            if sample is None and any(x is not None for c in ver["columns"] for x in c):
                sample = (tbl, ver)
    try:
        ds.validate()
        ok(True, "")
    except Exception as e:  # noqa: BLE001 - report the reader's message
        ok(False, "%s: validate() failed: %s" % (name, e))
    return sample


def negative_control(spec, sample):
    tbl, ver = sample
    ci = next(i for i, c in enumerate(ver["columns"]) if any(x is not None for x in c))
    ri = next(r for r, x in enumerate(ver["columns"][ci]) if x is not None)
    orig = ver["columns"][ci][ri]
    if isinstance(orig, bool):
        alt = not orig
    elif isinstance(orig, int):
        alt = orig + 1
    else:
        alt = orig + "00"
    cols = [list(c) for c in ver["columns"]]
    cols[ci][ri] = alt
    bad = compare("control", tbl, spec, dict(ver, columns=cols))
    ok(bad == 1, "negative control: an altered value gave %d mismatches, want 1" % bad)


def page_kinds(encoding):
    """The kinds of a 2.1 page (see --coverage)."""
    if "AllNullLayout" in encoding or ("ConstantLayout" in encoding and "inline_value: None" in encoding):
        return ["all-null"]
    if "MiniBlockLayout" not in encoding:
        return ["other"]
    layers = re.search(r"layers: \[([^\]]*)\]", encoding)
    kinds = ["nullable" if layers and re.search(r"NullableItem|\b3\b", layers.group(1)) else "all-valid"]
    if "dictionary: Some" in encoding:
        kinds.append("dictionary")
    kinds.append(general_codec(encoding) or "unwrapped")
    return kinds


def coverage(paths):
    seen = collections.Counter()
    for p in paths:
        for spec in json.load(open(p))["datasets"]:
            for f in glob.glob(os.path.join(spec["path"], "data", "*.lance")):
                m = LanceFileReader(f).metadata()
                for col in m.columns:
                    for page in col.pages:
                        seen.update(page_kinds(page.encoding))
    print("pages by kind: %s" % dict(sorted(seen.items())))
    for k in ("all-null", "nullable", "all-valid", "dictionary", "zstd", "lz4", "unwrapped"):
        ok(seen[k] > 0, "no %s page among the datasets (%s)" % (k, dict(seen)))


def main(argv):
    sample = None
    want_coverage = "--coverage" in argv
    paths = [a for a in argv[1:] if a != "--coverage"]
    for p in paths:
        for spec in json.load(open(p))["datasets"]:
            s = check_dataset(spec)
            if sample is None and s is not None:
                sample = (spec, s)
    if sample:
        negative_control(sample[0], sample[1])
    if want_coverage:
        coverage(paths)
    print("pylance %s" % lance.__version__)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
