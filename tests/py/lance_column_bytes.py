"""lance_column_bytes.py - bytes of page buffers per column of Lance datasets,
and the encodings their pages use, as pylance reports them (for make bench; the
tests use general_codecs_of to see which codec wraps pages).

    tests/py/.venv/bin/python tests/py/lance_column_bytes.py NAME=DATASET [NAME=DATASET ...]

Prints a Markdown table: one row per column, per dataset its bytes and the
encodings of its pages (e.g. "dict+bitpack", "zstd(variable)"), then totals.
"""
import collections
import glob
import re
import sys

from lance.file import LanceFileReader


def general_codec(encoding):
    """The codec of a page's General wrapper ("zstd", "lz4"), or None."""
    m = re.search(r"\bGeneral\b.*?scheme: (\w+)", encoding, re.S)
    if not m:
        return None
    s = m.group(1)
    return "lz4" if "Lz4" in s or s == "1" else "zstd" if "Zstd" in s or s == "2" else "scheme " + s


def general_codecs_of(files):
    """Counter of the General codecs over the pages of the given data files."""
    seen = collections.Counter()
    for f in files:
        m = LanceFileReader(f).metadata()
        for col in m.columns:
            for page in col.pages:
                seen[general_codec(page.encoding)] += 1
    seen.pop(None, None)
    return seen


def describe(encoding):
    """A short name for a page's PageLayout (2.1) or ArrayEncoding (2.0)."""
    if "AllNullLayout" in encoding or ("ConstantLayout" in encoding and "inline_value: None" in encoding):
        return "all-null"  # pylance 14 names all_null_layout ConstantLayout
    if "PageLayout" not in encoding:
        return "2.0 " + ("dictionary" if "Dictionary" in encoding else "flat")
    kinds = re.findall(r"\b(InlineBitpacking|OutOfLineBitpacking|General|Flat|Variable|Fsst|Rle|"
                       r"FullZipLayout|ByteStreamSplit)\b", encoding)
    value = ("bitpack" if "InlineBitpacking" in kinds or "OutOfLineBitpacking" in kinds
             else "rle" if "Rle" in kinds else "fsst" if "Fsst" in kinds
             else "variable" if "Variable" in kinds else "flat")
    if "General" in kinds:
        value = "%s(%s)" % (general_codec(encoding), value)
    if "dictionary: Some" in encoding:
        value = "dict+" + value
    if "FullZipLayout" in kinds:
        value = "fullzip " + value
    return value


def column_bytes(ds_path):
    size = collections.OrderedDict()
    encs = collections.defaultdict(collections.Counter)
    for f in sorted(glob.glob(ds_path + "/data/*.lance")):
        m = LanceFileReader(f).metadata()
        for field, col in zip(m.schema, m.columns):
            for page in col.pages:
                size[field.name] = size.get(field.name, 0) + sum(b.size for b in page.buffers)
                encs[field.name][describe(page.encoding)] += 1
    return size, encs


def main(argv):
    sets = [a.split("=", 1) for a in argv[1:]]
    data = [(name,) + column_bytes(path) for name, path in sets]
    cols = list(data[0][1].keys())
    print("| column | " + " | ".join("%s bytes | %s pages" % (n, n) for n, _, _ in data) + " |")
    print("|---|" + "---|---|" * len(data))
    for c in cols:
        cells = []
        for _, size, encs in data:
            top = ", ".join("%s ×%d" % kv for kv in encs[c].most_common(2))
            cells.append("{:,} | {}".format(size.get(c, 0), top))
        print("| %s | %s |" % (c, " | ".join(cells)))
    print("| **all** | " + " | ".join("**{:,}** | ".format(sum(s.values())) for _, s, _ in data) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
