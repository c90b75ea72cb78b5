"""tpcds_formats_check.py - TPC-DS tables that tpchgen wrote in every format,
read back by independent readers and compared with the .dat files of the
same run.

  tpcds_formats_check.py ref --dir DIR --out REF.json [--tables T,...] [--stats TSV]
  tpcds_formats_check.py check --dir DIR --ref REF.json --formats LIST [--tables T,...]
                         [--orc-java JAR:CLASSES] [--paimon-java CLASSPATH] [--parts N]

`ref` (DuckDB) reads DIR/<table>.dat and DIR/<table>.parquet: the Parquet
types must be the kit's, the row counts equal, and every column's values
(as .dat text: NULL and '' alike, *_gmt_offset without decimals) the same
multiset as the .dat file's (sum of DuckDB hashes); with --stats the
NULL-or-empty counts must equal dsdgen's (tests/golden/tpcds). It then writes
the reference of every column from the Parquet file (read by pyarrow in
batches, digested in Arrow as `Digest` does): its Arrow type, its
NULL count, its count of empty strings, and its digest in file order
(blocks of 100,000 values, canonical text: integers in decimal, decimals
with exactly their scale, dates YYYY-MM-DD, strings as they are, NULL as
\\N; the definition of tests/js/digests.mjs, which the Java readers share).

`check` reads every table in each format with that format's own reader and
compares type, row count, NULL count, empty-string count and digest with
the reference: csv (DuckDB read_csv, empty unquoted field = NULL, "" = empty
string), lance (pylance), orc (pyarrow.orc, and with --orc-java Apache ORC
Java through tests/java/OrcCheck.java), iceberg (pyiceberg, from the
table's newest metadata file), paimon (pypaimon, and with --paimon-java
Java Paimon through tests/java/PaimonRead.java; run this one with the
pypaimon environment, tests/py/.venv-paimon). Columns are read one at a
time, so memory stays at one column of the largest table.

For the big tables (millions of rows) two faster paths compute the same
digests in Arrow (pyarrow.compute casts: the same canonical text as DuckDB's
CAST AS VARCHAR) as batches stream by, one pass per table:

  tpcds_formats_check.py ref-dat --dir DIR --out REF.json --tables T,... --stats TSV --keys TSV
  tpcds_formats_check.py check --stream ...

`ref-dat` takes the reference straight from DIR/<table>.dat (pyarrow.csv,
the kit's types from the column statistics, an empty field NULL; only for
tables whose .dat cannot hide an empty string, which it checks: no string
column with NULL-or-empty values in dsdgen's statistics), nullable = not
in the kit's primary key (keys.tsv; the kit's NOT NULL columns of these
tables), and checks the row and NULL counts against dsdgen's statistics.
`check --stream` reads each table in record batches: csv through DuckDB
(to_arrow_reader), lance in scan order, orc stripe by stripe, iceberg by
pyiceberg's batch reader, paimon split by split.

Prints "N passed, N failed" last; exits 1 on any failure.
"""
import argparse
import glob
import hashlib
import json
import os
import subprocess
import sys

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as ppq

BLOCK = 100000
from tally import check, finish


def canon_sql(col):
    return f"coalesce(CAST({col} AS VARCHAR), '\\N')"


def column_facts(con, view, col):
    """Digest, NULL count and empty-string count of `col` in `view` (which has rn)."""
    rows = con.execute(
        f"SELECT rn // {BLOCK} AS b, md5(string_agg({canon_sql(col)}, chr(10) ORDER BY rn)), "
        f"count(*) FILTER (WHERE {col} IS NULL), count(*) FILTER (WHERE CAST({col} AS VARCHAR) = '') "
        f"FROM {view} GROUP BY b ORDER BY b"
    ).fetchall()
    blocks = [r[1] for r in rows] or [hashlib.md5(b"").hexdigest()]
    return {
        "digest": hashlib.md5("\n".join(blocks).encode()).hexdigest(),
        "nulls": sum(r[2] for r in rows),
        "empty": sum(r[3] for r in rows),
    }


def table_facts(con, source, names):
    """column_facts of every column of `source` (a view or table with rn) in one pass."""
    aggs = []
    for c in names:
        aggs += [
            f"md5(string_agg({canon_sql(c)}, chr(10) ORDER BY rn))",
            f"count(*) FILTER (WHERE {c} IS NULL)",
            f"count(*) FILTER (WHERE CAST({c} AS VARCHAR) = '')",
        ]
    rows = con.execute(f"SELECT rn // {BLOCK} AS b, {', '.join(aggs)} FROM {source} GROUP BY b ORDER BY b").fetchall()
    out = {}
    for i, c in enumerate(names):
        blocks = [r[1 + 3 * i] for r in rows] or [hashlib.md5(b"").hexdigest()]
        out[c] = {
            "digest": hashlib.md5("\n".join(blocks).encode()).hexdigest(),
            "nulls": sum(r[2 + 3 * i] for r in rows),
            "empty": sum(r[3 + 3 * i] for r in rows),
        }
    return out


def arrow_facts(con, arr, name):
    """Facts of one column read as an Arrow array or chunked array."""
    t = pa.table({name: arr, "rn": pa.array(range(len(arr)), pa.int64())})
    con.register("col_src", t)
    f = column_facts(con, "col_src", f'"{name}"')
    con.unregister("col_src")
    return f


def tables_in(d, ext):
    return sorted(os.path.basename(p)[: -len(ext)] for p in glob.glob(os.path.join(d, "*" + ext)))


class Digest:
    """column_facts of one column, fed Arrow arrays in row order."""

    def __init__(self):
        self.blocks, self.m, self.n = [], hashlib.md5(), 0
        self.rows = self.nulls = self.empty = 0

    def add(self, arr):
        if isinstance(arr, pa.ChunkedArray):
            for c in arr.chunks:
                self.add(c)
            return
        size = len(arr)
        if size == 0:
            return
        self.rows += size
        self.nulls += arr.null_count
        txt = pc.cast(arr, pa.string())
        self.empty += pc.sum(pc.equal(txt, "")).as_py() or 0
        txt = pc.fill_null(txt, "\\N")
        # the rest of the open block, then whole blocks
        bounds = [0, min(BLOCK - self.n, size)]
        while bounds[-1] < size:
            bounds.append(min(bounds[-1] + BLOCK, size))
        joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(bounds, pa.int32()), txt), "\n")
        for i in range(len(bounds) - 1):
            if self.n:
                self.m.update(b"\n")
            self.m.update(joined[i].as_buffer())
            self.n += bounds[i + 1] - bounds[i]
            if self.n == BLOCK:
                self.flush()

    def flush(self):
        self.blocks.append(self.m.hexdigest())
        self.m, self.n = hashlib.md5(), 0

    def facts(self):
        if self.n or not self.blocks:
            self.flush()
        return {
            "digest": hashlib.md5("\n".join(self.blocks).encode()).hexdigest(),
            "nulls": self.nulls,
            "empty": self.empty,
        }


# ---- ref: .dat against Parquet, then the reference from Parquet ---------------


def kit_type(name, sqltype):
    s = sqltype.lower()
    if s == "integer":
        key = name.endswith("_sk") or name.endswith("ticket_number") or name.endswith("order_number")
        return "int64" if key else "int32"
    if s.startswith("decimal"):
        p, sc = s[len("decimal(") : -1].split(",")
        return f"decimal128({int(p)}, {int(sc)})"
    if s == "date":
        return "date32[day]"
    return "string"


def cmd_ref(a):
    stats = {}
    if a.stats:
        for line in open(a.stats):
            f = line.rstrip("\n").split("\t")
            if f[0] != "table":
                stats.setdefault(f[0], []).append((f[1], f[2], int(f[3])))
    tables = a.tables.split(",") if a.tables else tables_in(a.dir, ".dat")
    con = duckdb.connect()
    ref = {"block_rows": BLOCK, "tables": {}}
    for t in tables:
        pq = os.path.join(a.dir, t + ".parquet")
        dat = os.path.join(a.dir, t + ".dat")
        schema = ppq.read_schema(pq)
        names = schema.names
        if t in stats:
            check(names == [c[0] for c in stats[t]], f"{t}: columns {names}")
            for (name, sqltype, _), fld in zip(stats[t], schema):
                want = kit_type(name, sqltype)
                check(str(fld.type) == want, f"{t}.{name}: Parquet type {fld.type}, the kit's is {want}")
        spec = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(names) + 1))
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW dat AS SELECT * FROM read_csv('{dat}', delim='|', header=false, "
            f"quote='', escape='', columns={{{spec}}}, null_padding=false, all_varchar=true)"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW pq AS SELECT *, file_row_number AS rn FROM "
            f"read_parquet('{pq}', file_row_number=true)"
        )
        n_dat = con.execute("SELECT count(*) FROM dat").fetchone()[0]
        n_pq = con.execute("SELECT count(*) FROM pq").fetchone()[0]
        check(n_dat == n_pq and n_pq > 0, f"{t}: {n_pq} Parquet rows, {n_dat} .dat rows")
        # .dat against Parquet: one pass over each
        txt_pq, txt_dat = [], []
        for i, fld in enumerate(schema):
            if pa.types.is_decimal(fld.type):
                digits = 0 if fld.name.endswith("gmt_offset") else fld.type.scale
                txt = f"CAST(CAST({fld.name} AS DECIMAL(18,{digits})) AS VARCHAR)"
            else:
                txt = f"CAST({fld.name} AS VARCHAR)"
            txt_pq += [f"sum(hash(coalesce({txt}, '')))", f"count(*) FILTER (WHERE coalesce({txt}, '') = '')"]
            txt_dat += [f"sum(hash(coalesce(c{i}, '')))", f"count(*) FILTER (WHERE coalesce(c{i}, '') = '')"]
        r_pq = con.execute(f"SELECT {', '.join(txt_pq)} FROM pq").fetchone()
        r_dat = con.execute(f"SELECT {', '.join(txt_dat)} FROM dat").fetchone()
        # the reference digests in Arrow, as the Parquet file's batches stream by
        dig = {n: Digest() for n in names}
        for batch in ppq.ParquetFile(pq).iter_batches(batch_size=1 << 17):
            for n in names:
                dig[n].add(batch.column(n))
        facts = {n: dig[n].facts() for n in names}
        cols = {}
        for i, fld in enumerate(schema):
            name = fld.name
            h_pq, e_pq, h_dat, e_dat = r_pq[2 * i], r_pq[2 * i + 1], r_dat[2 * i], r_dat[2 * i + 1]
            check(h_pq == h_dat and e_pq == e_dat, f"{t}.{name}: Parquet and .dat values differ")
            if t in stats:
                ref_empty = stats[t][i][2]
                check(e_pq == ref_empty, f"{t}.{name}: {e_pq} NULL/empty values, dsdgen has {ref_empty}")
            f = facts[name]
            f["type"] = str(fld.type)
            f["nullable"] = fld.nullable
            cols[name] = f
        ref["tables"][t] = {"rows": n_pq, "columns": cols}
    with open(a.out, "w") as f:
        json.dump(ref, f, indent=1)


def arrow_kit_type(t):
    """kit_type's string as an Arrow type."""
    if t.startswith("decimal128"):
        p, sc = t[len("decimal128(") : -1].split(",")
        return pa.decimal128(int(p), int(sc))
    return {"int64": pa.int64(), "int32": pa.int32(), "date32[day]": pa.date32(), "string": pa.string()}[t]


def cmd_ref_dat(a):
    import pyarrow.csv as pcsv

    stats = {}
    for line in open(a.stats):
        f = line.rstrip("\n").split("\t")
        if f[0] != "table":
            stats.setdefault(f[0], []).append((f[1], f[2], int(f[3]), int(f[4])))
    pk = {}
    for line in open(a.keys):
        f = line.rstrip("\n").split("\t")
        if f[0] == "pk":
            pk[f[1]] = set(f[2].split(","))
    ref = {"block_rows": BLOCK, "tables": {}}
    for t in a.tables.split(","):
        cols = stats[t]
        names = [c[0] for c in cols]
        types = {c[0]: kit_type(c[0], c[1]) for c in cols}
        for name, sqltype, nulls, _ in cols:
            check(types[name] != "string" or nulls == 0, f"{t}.{name}: a .dat file cannot tell its NULLs from ''")
        reader = pcsv.open_csv(
            os.path.join(a.dir, t + ".dat"),
            read_options=pcsv.ReadOptions(column_names=names + ["_end"], block_size=1 << 24),
            parse_options=pcsv.ParseOptions(delimiter="|", quote_char=False, double_quote=False),
            convert_options=pcsv.ConvertOptions(
                column_types={n: arrow_kit_type(types[n]) for n in names},
                include_columns=names,
                null_values=[""],
                strings_can_be_null=True,
            ),
        )
        dig = {n: Digest() for n in names}
        for batch in reader:
            for n in names:
                dig[n].add(batch.column(n))
        out = {}
        for name, sqltype, nulls, nonnull in cols:
            f = dig[name].facts()
            check(dig[name].rows == nulls + nonnull, f"{t}.{name}: {dig[name].rows} rows, dsdgen {nulls + nonnull}")
            check(f["nulls"] == nulls, f"{t}.{name}: {f['nulls']} NULLs, dsdgen's statistics {nulls}")
            f["type"] = types[name]
            f["nullable"] = name not in pk.get(t, ())
            out[name] = f
        ref["tables"][t] = {"rows": dig[names[0]].rows, "columns": out}
    with open(a.out, "w") as f:
        json.dump(ref, f, indent=1)


# ---- check: every format against the reference ------------------------------


def compare(fmt, t, name, got, want):
    check(got["digest"] == want["digest"], f"{fmt} {t}.{name}: digest differs from the .dat/Parquet reference")
    check(
        got["nulls"] == want["nulls"] and got["empty"] == want["empty"],
        f"{fmt} {t}.{name}: {got['nulls']} NULLs and {got['empty']} empty strings, "
        f"want {want['nulls']} and {want['empty']}",
    )


def check_columns(fmt, t, exp, read_column, arrow_types):
    """read_column(name) -> Arrow array; arrow_types: {name: type string} as the reader reports them."""
    con = duckdb.connect()
    names = list(exp["columns"])
    check(list(arrow_types) == names, f"{fmt} {t}: columns {list(arrow_types)}")
    for name in names:
        want = exp["columns"][name]
        got_type = arrow_types.get(name)
        check(got_type == want["type"], f"{fmt} {t}.{name}: type {got_type}, want {want['type']}")
        arr = read_column(name)
        check(len(arr) == exp["rows"], f"{fmt} {t}.{name}: {len(arr)} rows, want {exp['rows']}")
        compare(fmt, t, name, arrow_facts(con, arr, name), want)


def check_csv(d, t, exp):
    path = os.path.join(d, t + ".csv")
    con = duckdb.connect()
    types = {}
    for name, c in exp["columns"].items():
        ty = c["type"]
        types[name] = (
            "BIGINT" if ty == "int64" else "INTEGER" if ty == "int32" else "DATE" if ty.startswith("date")
            else "VARCHAR" if ty == "string" else "DECIMAL" + ty[len("decimal128"):]
        )
    spec = ", ".join(f"'{n}': '{v}'" for n, v in types.items())
    # an unquoted empty field is NULL, a quoted one ("") the empty string
    con.execute(
        f"CREATE TEMP VIEW csv AS SELECT *, row_number() OVER () - 1 AS rn FROM read_csv('{path}', header=true, "
        f"delim=',', quote='\"', escape='\"', columns={{{spec}}}, allow_quoted_nulls=false, parallel=false)"
    )
    n = con.execute("SELECT count(*) FROM csv").fetchone()[0]
    check(n == exp["rows"], f"csv {t}: {n} rows, want {exp['rows']}")
    facts = table_facts(con, "csv", list(exp["columns"]))
    for name in exp["columns"]:
        compare("csv", t, name, facts[name], exp["columns"][name])


def check_lance(d, t, exp):
    import lance

    ds = lance.dataset(os.path.join(d, t + ".lance"))
    types = {f.name: str(f.type) for f in ds.schema}
    for f in ds.schema:
        check(f.nullable == exp["columns"].get(f.name, {}).get("nullable"), f"lance {t}.{f.name}: nullable={f.nullable}")
    check_columns("lance", t, exp, lambda c: ds.to_table(columns=[c]).column(0), types)


def orc_files(d, t, parts):
    """The table's ORC file, or with --parts N its part files DIR/<t>/<t>.K.orc in part order."""
    if not parts:
        return [os.path.join(d, t + ".orc")]
    files = [os.path.join(d, t, f"{t}.{k}.orc") for k in range(1, parts + 1)]
    return [f for f in files if os.path.exists(f)]  # tables written whole have part 1 only


def check_orc(d, t, exp, parts=0):
    import pyarrow.orc as po

    fs = [po.ORCFile(f) for f in orc_files(d, t, parts)]
    check(len(fs) > 0, f"orc {t}: no file")
    if not fs:
        return
    types = {fl.name: str(fl.type) for fl in fs[0].schema}
    check_columns("orc", t, exp, lambda c: pa.chunked_array([f.read(columns=[c]).column(0) for f in fs]), types)


def check_iceberg(d, t, exp):
    from pyiceberg.table import StaticTable

    metas = sorted(glob.glob(os.path.join(d, t, "metadata", "*.metadata.json")))
    check(len(metas) > 0, f"iceberg {t}: no metadata file")
    if not metas:
        return
    # the newest version: the highest number (v1.metadata.json, 00001-....metadata.json)
    meta = max(metas, key=lambda p: int("".join(ch for ch in os.path.basename(p).split(".")[0].split("-")[0] if ch.isdigit()) or 0))
    tbl = StaticTable.from_metadata(meta)
    # Iceberg's own types, in Arrow's words (pyiceberg reads strings as large_string)
    ice = {"int": "int32", "long": "int64", "date": "date32[day]", "string": "string"}
    types = {}
    for f in tbl.schema().fields:
        ty = str(f.field_type)
        types[f.name] = ice.get(ty, ty.replace("decimal", "decimal128"))
        check(f.required == (not exp["columns"].get(f.name, {}).get("nullable", True)),
              f"iceberg {t}.{f.name}: required={f.required}")
    check_columns("iceberg", t, exp, lambda c: tbl.scan(selected_fields=(c,)).to_arrow().column(0), types)


def check_paimon(d, t, exp):
    from pypaimon.table.file_store_table import FileStoreTable

    table = FileStoreTable.from_path(os.path.join(d, t))
    names = [f.name for f in table.table_schema.fields]

    def read(c):
        rb = table.new_read_builder().with_projection([c])
        return rb.new_read().to_arrow(rb.new_scan().plan().splits()).column(0)

    rb = table.new_read_builder()
    first = rb.new_read().to_arrow(rb.new_scan().plan().splits()[:1]).schema
    types = {n: str(first.field(n).type) for n in names}
    check_columns("paimon", t, exp, read, types)


def java_orc(a, ref, tables):
    jar, classes = a.orc_java.split(":", 1)
    args = ["java", "-cp", f"{classes}:{jar}", "OrcCheck", "digests", str(BLOCK)]
    for t in tables:
        fs = orc_files(a.dir, t, a.parts)
        args += [t, str(len(fs))] + fs
    out = subprocess.run(args, capture_output=True, text=True)
    check(out.returncode == 0, f"Java OrcCheck exit status {out.returncode}: {out.stderr[-500:]}")
    got = {}
    for line in out.stdout.splitlines():
        j = json.loads(line)
        got[j["table"]] = j
    for t in tables:
        exp = ref["tables"][t]
        j = got.get(t, {"rows": None, "columns": {}})
        check(j["rows"] == exp["rows"], f"orc-java {t}: {j['rows']} rows, want {exp['rows']}")
        for name, c in exp["columns"].items():
            check(j["columns"].get(name, {}).get("digest") == c["digest"], f"orc-java {t}.{name}: digest differs")


def java_paimon(a, ref, tables):
    out = subprocess.run(
        ["java", "-cp", a.paimon_java, "PaimonRead"] + [os.path.join(a.dir, t) for t in tables],
        capture_output=True, text=True,
    )
    check(out.returncode == 0, f"Java PaimonRead exit status {out.returncode}: {out.stderr[-500:]}")
    res, cur = {}, None
    for line in out.stdout.splitlines():
        p = line.split(" ")
        if p[0] == "table":
            cur = res.setdefault(os.path.basename(line[6:]), {"fields": [], "digests": {}})
        elif cur is None:
            continue
        elif p[0] == "field":
            cur["fields"].append((p[2], " ".join(p[3:])))
        elif p[0] == "rows":
            cur["rows"] = int(p[1])
        elif p[0] == "digest":
            cur["digests"][p[1]] = p[2]
    for t in tables:
        exp = ref["tables"][t]
        j = res.get(t, {"fields": [], "digests": {}})
        check(j.get("rows") == exp["rows"], f"paimon-java {t}: {j.get('rows')} rows, want {exp['rows']}")
        # nullable columns are nullable in Paimon's schema, the kit's NOT NULL ones NOT NULL
        nn = {f: ty.endswith("NOT NULL") for f, ty in j["fields"]}
        for name, c in exp["columns"].items():
            check(nn.get(name) == (not c["nullable"]), f"paimon-java {t}.{name}: nullability {j['fields']}")
            check(j["digests"].get(name) == c["digest"], f"paimon-java {t}.{name}: digest differs")


def check_stream(fmt, t, exp, types, batches, check_types=True):
    """Every column of `batches` (record batches in row order) against the reference, in one pass."""
    names = list(exp["columns"])
    check(list(types) == names, f"{fmt} {t}: columns {list(types)}")
    for name in names:
        if check_types:
            check(types.get(name) == exp["columns"][name]["type"],
                  f"{fmt} {t}.{name}: type {types.get(name)}, want {exp['columns'][name]['type']}")
    dig = {n: Digest() for n in names}
    for b in batches:
        for n in names:
            if n in b.schema.names:
                dig[n].add(b.column(b.schema.get_field_index(n)))
    for name in names:
        check(dig[name].rows == exp["rows"], f"{fmt} {t}.{name}: {dig[name].rows} rows, want {exp['rows']}")
        compare(fmt, t, name, dig[name].facts(), exp["columns"][name])


def stream_csv(d, t, exp):
    con = duckdb.connect()
    types = {}
    for name, c in exp["columns"].items():
        ty = c["type"]
        types[name] = (
            "BIGINT" if ty == "int64" else "INTEGER" if ty == "int32" else "DATE" if ty.startswith("date")
            else "VARCHAR" if ty == "string" else "DECIMAL" + ty[len("decimal128"):]
        )
    spec = ", ".join(f"'{n}': '{v}'" for n, v in types.items())
    rd = con.sql(
        f"SELECT * FROM read_csv('{os.path.join(d, t + '.csv')}', header=true, delim=',', quote='\"', "
        f"escape='\"', columns={{{spec}}}, allow_quoted_nulls=false, parallel=false)"
    ).to_arrow_reader(1 << 17)
    check_stream("csv", t, exp, {n: exp["columns"][n]["type"] for n in types}, rd, check_types=False)


def stream_lance(d, t, exp):
    import lance

    ds = lance.dataset(os.path.join(d, t + ".lance"))
    types = {f.name: str(f.type) for f in ds.schema}
    for f in ds.schema:
        check(f.nullable == exp["columns"].get(f.name, {}).get("nullable"), f"lance {t}.{f.name}: nullable={f.nullable}")
    check_stream("lance", t, exp, types, ds.to_batches(batch_size=1 << 17, scan_in_order=True))


def stream_orc(d, t, exp, parts=0):
    import pyarrow.orc as po

    fs = [po.ORCFile(f) for f in orc_files(d, t, parts)]
    check(len(fs) > 0, f"orc {t}: no file")
    if not fs:
        return
    types = {fl.name: str(fl.type) for fl in fs[0].schema}
    check_stream("orc", t, exp, types, (f.read_stripe(i) for f in fs for i in range(f.nstripes)))


def stream_iceberg(d, t, exp):
    from pyiceberg.table import StaticTable

    metas = sorted(glob.glob(os.path.join(d, t, "metadata", "*.metadata.json")))
    check(len(metas) > 0, f"iceberg {t}: no metadata file")
    if not metas:
        return
    meta = max(metas, key=lambda p: int("".join(ch for ch in os.path.basename(p).split(".")[0].split("-")[0] if ch.isdigit()) or 0))
    tbl = StaticTable.from_metadata(meta)
    ice = {"int": "int32", "long": "int64", "date": "date32[day]", "string": "string"}
    types = {}
    for f in tbl.schema().fields:
        ty = str(f.field_type)
        types[f.name] = ice.get(ty, ty.replace("decimal", "decimal128"))
        check(f.required == (not exp["columns"].get(f.name, {}).get("nullable", True)),
              f"iceberg {t}.{f.name}: required={f.required}")
    check_stream("iceberg", t, exp, types, tbl.scan().to_arrow_batch_reader())


def stream_paimon(d, t, exp):
    from pypaimon.table.file_store_table import FileStoreTable

    table = FileStoreTable.from_path(os.path.join(d, t))
    names = [f.name for f in table.table_schema.fields]
    rb = table.new_read_builder()
    read, splits = rb.new_read(), rb.new_scan().plan().splits()
    check(len(splits) > 0, f"paimon {t}: no splits")
    if not splits:
        return
    first = read.to_arrow(splits[:1])
    types = {n: str(first.schema.field(n).type) for n in names}

    def batches():
        yield from first.to_batches()
        for sp in splits[1:]:
            yield from read.to_arrow([sp]).to_batches()

    check_stream("paimon", t, exp, types, batches())


def cmd_check(a):
    ref = json.load(open(a.ref))
    tables = a.tables.split(",") if a.tables else list(ref["tables"])
    readers = {"csv": check_csv, "lance": check_lance, "orc": check_orc, "iceberg": check_iceberg,
               "paimon": check_paimon}
    streams = {"csv": stream_csv, "lance": stream_lance, "iceberg": stream_iceberg, "paimon": stream_paimon}
    for fmt in a.formats.split(","):
        for t in tables:
            if a.stream and fmt == "orc":
                stream_orc(a.dir, t, ref["tables"][t], a.parts)
            elif a.stream:
                streams[fmt](a.dir, t, ref["tables"][t])
            elif fmt == "orc":
                check_orc(a.dir, t, ref["tables"][t], a.parts)
            else:
                readers[fmt](a.dir, t, ref["tables"][t])
        if fmt == "orc" and a.orc_java:
            java_orc(a, ref, tables)
        if fmt == "paimon" and a.paimon_java:
            java_paimon(a, ref, tables)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["ref", "ref-dat", "check"])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--out")
    ap.add_argument("--ref")
    ap.add_argument("--stats")
    ap.add_argument("--tables")
    ap.add_argument("--formats", default="")
    ap.add_argument("--orc-java")
    ap.add_argument("--paimon-java")
    ap.add_argument("--parts", type=int, default=0, help="orc: the table is in N part files (--parts N)")
    ap.add_argument("--keys", help="ref-dat: tests/golden/tpcds/keys.tsv")
    ap.add_argument("--stream", action="store_true", help="check: one pass per table in record batches")
    a = ap.parse_args()
    {"ref": cmd_ref, "ref-dat": cmd_ref_dat, "check": cmd_check}[a.cmd](a)
    finish()


if __name__ == "__main__":
    main()
