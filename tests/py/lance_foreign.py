"""lance_foreign.py - Lance datasets that pylance creates, for our writer to
append to (tests/sh/53_lance_foreign.sh), and the check after the append.

    tests/py/.venv/bin/python tests/py/lance_foreign.py create SRC DST VERSION
        pylance writes every table of SRC (our TPC-H Lance output) again as
        DST/<table>.lance in data storage version VERSION ("2.1", "2.2")
    tests/py/.venv/bin/python tests/py/lance_foreign.py check SRC DST --tbl TBLDIR
        [--codec zstd|lz4|none]
        after our `tpchgen --mode append` of the same tables into DST, per
        table: two versions (n rows, then 2n); every data file is 2.1; both
        halves of the scan equal SRC's rows; both versions' transactions
        read back (version 2 an Append); validate(); take() of random rows
        over both halves against the .tbl lines; a date filter finds twice
        SRC's rows; the general codec of our appended pages is the one asked
        for (from pylance's file metadata). The last line is "N passed, N failed".
"""
import argparse
import glob
import os
import random
import sys

import lance

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lance_column_bytes import general_codecs_of  # noqa: E402
from tpch_lance_check import FILTERS, canon, columns_of, footer_versions  # noqa: E402

passed = failed = 0


def ok(cond, msg):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL " + str(msg))


def tables_in(d):
    return sorted(os.path.basename(p)[: -len(".lance")] for p in glob.glob(os.path.join(d, "*.lance")))


def create(src, dst, version):
    os.makedirs(dst, exist_ok=True)
    for t in tables_in(src):
        lance.write_dataset(lance.dataset(os.path.join(src, t + ".lance")).to_table(),
                            os.path.join(dst, t + ".lance"), data_storage_version=version)
    print("pylance %s wrote %d tables as %s" % (lance.__version__, len(tables_in(dst)), version))


def tbl_lines(path, wanted):
    lines, n = {}, 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if n - 1 in wanted:
                lines[n - 1] = line.rstrip("\n").split("|")[:-1]
    return lines, n


def same_row(t, row, want):
    import decimal
    have = [canon(row[c]) for c, _ in columns_of(t)]
    return len(have) == len(want) and all(
        h == w or (ty == "DECIMAL(15,2)" and decimal.Decimal(h) == decimal.Decimal(w))
        for h, w, (_, ty) in zip(have, want, columns_of(t)))


def check(src, dst, tbl_dir, codec):
    rng = random.Random(5)
    for t in tables_in(src):
        ours = lance.dataset(os.path.join(src, t + ".lance")).to_table()
        n = ours.num_rows
        path = os.path.join(dst, t + ".lance")
        ds = lance.dataset(path)
        versions = [v["version"] for v in ds.versions()]
        ok(versions == [1, 2], "%s: versions %s, want [1, 2]" % (t, versions))
        ok(lance.dataset(path, version=1).count_rows() == n, "%s: version 1 (lance's) has %d rows" % (t, n))
        # our manifest must not point lance at a stale inline transaction
        for v, op in ((1, "Overwrite"), (2, "Append")):
            try:
                tx = ds.read_transaction(v)
                ok(type(tx.operation).__name__ == op, "%s: transaction of version %d is %s, want %s"
                   % (t, v, type(tx.operation).__name__, op))
            except Exception as e:  # noqa: BLE001 - the reader's own message
                ok(False, "%s: read_transaction(%d): %s" % (t, v, e))
        ok(footer_versions(path) == {"2.1"}, "%s: data file versions %s, want 2.1" % (t, footer_versions(path)))
        got = ds.to_table()
        ok(got.num_rows == 2 * n, "%s: %d rows after our append, want %d" % (t, got.num_rows, 2 * n))
        ok(got.schema.equals(ours.schema), "%s: schema %s" % (t, got.schema))
        ok(got.slice(0, n).equals(ours), "%s: rows 0..n (pylance's) differ from our source" % t)
        ok(got.slice(n).equals(ours), "%s: rows n..2n (ours, appended) differ from our source" % t)
        try:
            ds.validate()
            ok(True, "")
        except Exception as e:  # noqa: BLE001 - the reader's own message
            ok(False, "%s: validate(): %s" % (t, e))
        idx = sorted(rng.sample(range(2 * n), min(600, 2 * n)))
        lines, nlines = tbl_lines(os.path.join(tbl_dir, t + ".tbl"), {i % n for i in idx})
        ok(nlines == n, "%s: %d tbl lines, %d rows per half" % (t, nlines, n))
        bad = sum(not same_row(t, row, lines[i % n]) for i, row in zip(idx, ds.take(idx).to_pylist()))
        ok(bad == 0, "%s: take() of %d rows over both halves: %d differ from the tbl" % (t, len(idx), bad))
        if t in FILTERS:
            col, day = FILTERS[t]
            flt = "%s < date '%s'" % (col, day.isoformat())
            want = lance.dataset(os.path.join(src, t + ".lance")).count_rows(filter=flt)
            have = ds.to_table(filter=flt).num_rows
            ok(want > 0 and have == 2 * want, "%s: filter %s: %d rows, want %d" % (t, flt, have, 2 * want))
        if codec:
            first = {df.path for fr in lance.dataset(path, version=1).get_fragments() for df in fr.data_files()}
            mine = [df.path for fr in ds.get_fragments() for df in fr.data_files() if df.path not in first]
            ok(len(mine) > 0, "%s: our append added data files" % t)
            seen = set(general_codecs_of([os.path.join(path, "data", f) for f in mine]))
            want = set() if codec == "none" else {codec}
            # tiny tables may have no page where compression pays
            ok(seen == want or (not seen and n < 1000), "%s: our pages use %s, want %s" % (t, seen, want))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["create", "check"])
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("version", nargs="?", default="2.1")
    ap.add_argument("--tbl")
    ap.add_argument("--codec")
    a = ap.parse_args()
    if a.cmd == "create":
        create(a.src, a.dst, a.version)
        return 0
    check(a.src, a.dst, a.tbl, a.codec)
    # negative control: a changed row must be noticed by the half comparison
    t = tables_in(a.src)[0]
    ours = lance.dataset(os.path.join(a.src, t + ".lance")).to_table()
    ok(not ours.slice(1).equals(ours.slice(0, ours.num_rows - 1)), "negative control: shifted rows compare equal")
    print("pylance %s" % lance.__version__)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
