"""paimon_check.py - reads TPC-H Paimon tables written by tpchgen with Apache
Paimon's own readers and compares them with dbgen's reference figures.

  paimon_check.py --dir DIR --golden GOLDEN_DIR [--queries QUERY_DIR]
                  [--tables a,b] [--java CLASSPATH] [--no-queries] [--digests FILE]

Per table DIR/<table>/:
  - pypaimon (FileStoreTable.from_path): the schema (names, Paimon types with
    NOT NULL, field ids 0..n-1), the Arrow types it returns, the row count and
    every column's digest (definition in tests/golden/README.md, computed in
    DuckDB over the Arrow data in the order pypaimon returns it);
  - with --java: tests/java/PaimonRead.java (Java Paimon) reads every table
    too: the same schema, row count and digests;
  - the 22 queries, run by DuckDB over the Arrow tables pypaimon returned,
    against GOLDEN/answers/qNN.csv.
The checker proves it can fail (a mutated digest and answer must be
reported). Prints "N passed, N failed" last; exits 1 on any failure.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

import duckdb
import pyarrow as pa
from pypaimon.table.file_store_table import FileStoreTable

PAIMON_TYPE = {'BIGINT': 'BIGINT NOT NULL', 'INTEGER': 'INT NOT NULL', 'DECIMAL(15,2)': 'DECIMAL(15, 2) NOT NULL',
               'DATE': 'DATE NOT NULL', 'VARCHAR': 'STRING NOT NULL'}
ARROW_TYPE = {'BIGINT': pa.int64(), 'INTEGER': pa.int32(), 'DECIMAL(15,2)': pa.decimal128(15, 2),
              'DATE': pa.date32(), 'VARCHAR': pa.string()}

from tally import check, finish


def compare_digest(t, col, got, exp, block_rows):
    if got['digest'] == exp['digest']:
        return None
    for b in range(max(len(got['blocks']), len(exp['blocks']))):
        g = got['blocks'][b] if b < len(got['blocks']) else None
        e = exp['blocks'][b] if b < len(exp['blocks']) else None
        if g != e:
            return f'{t}.{col}: first differing block {b} (rows {b * block_rows}..)'
    return f'{t}.{col}: digest differs'


def sql_digest(con, view, col, block_rows):
    rows = con.execute(f'''SELECT b, md5(string_agg(CAST({col} AS VARCHAR), chr(10) ORDER BY rn)) FROM
        (SELECT {col}, rn, rn // {block_rows} AS b FROM {view}) GROUP BY b ORDER BY b''').fetchall()
    blocks = [r[1] for r in rows] or [hashlib.md5(b'').hexdigest()]
    return {'blocks': blocks, 'digest': hashlib.md5('\n'.join(blocks).encode()).hexdigest()}


def parse_answer(path):
    with open(path, encoding='utf-8') as f:
        lines = [ln for ln in f.read().split('\n') if ln]

    def split(line):
        out, cur, raw, i = [], '', '', 0
        while i < len(line):
            ch = line[i]
            if ch == '\\' and i + 1 < len(line):
                i += 1
                c = line[i]
                cur += '\n' if c == 'n' else c
                raw += '\\' + c
            elif ch == '|':
                out.append('\\N' if raw == '\\N' else cur)
                cur = raw = ''
            else:
                cur += ch
                raw += ch
            i += 1
        out.append('\\N' if raw == '\\N' else cur)
        return out
    return {'header': split(lines[0]), 'rows': [split(ln) for ln in lines[1:]]}


def canon(v):
    if v is None:
        return '\\N'
    return str(v)


def compare_answer(q, got, exp, types):
    if got['header'] != exp['header']:
        return f"{q}: columns {got['header']} vs {exp['header']}"
    if len(got['rows']) != len(exp['rows']):
        return f"{q}: {len(got['rows'])} rows, want {len(exp['rows'])}"
    for r, (gr, er) in enumerate(zip(got['rows'], exp['rows'])):
        for c, (a, b) in enumerate(zip(gr, er)):
            if a == b:
                continue
            t = types[c] if c < len(types) else ''
            if any(x in t for x in ('DOUBLE', 'FLOAT', 'REAL')):
                try:
                    if abs(float(a) - float(b)) <= 1e-2 * max(abs(float(b)), 1e-12):
                        continue
                except ValueError:
                    pass
            return f"{q}: row {r} {exp['header'][c]} = {a}, want {b}"
    return None


def java_read(cp, dirs):
    """Runs PaimonRead on every table directory; returns {dir: {...}}."""
    out = subprocess.run(['java', '-cp', cp, 'PaimonRead'] + dirs, capture_output=True, text=True)
    res, cur = {}, None
    for line in out.stdout.splitlines():
        parts = line.split(' ')
        if parts[0] == 'table':
            cur = res.setdefault(line[6:], {'fields': [], 'digests': {}})
        elif parts[0] == 'error':
            print(line)
        elif cur is None:
            continue
        elif parts[0] == 'field':
            cur['fields'].append((int(parts[1]), parts[2], ' '.join(parts[3:])))
        elif parts[0] == 'rows':
            cur['rows'] = int(parts[1])
        elif parts[0] == 'digest':
            cur['digests'][parts[1]] = parts[2]
    if out.returncode != 0:
        print(out.stderr[-2000:])
    return res, out.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dir', required=True)
    ap.add_argument('--golden', required=True)
    ap.add_argument('--queries', default=os.path.join(os.path.dirname(__file__), '..', 'queries'))
    ap.add_argument('--tables')
    ap.add_argument('--java')
    ap.add_argument('--no-queries', action='store_true')
    ap.add_argument('--digests', help='expected digests from this file instead of GOLDEN/digests.json')
    a = ap.parse_args()
    with open(a.digests or os.path.join(a.golden, 'digests.json'), encoding='utf-8') as f:
        digests = json.load(f)
    block_rows = digests['block_rows']
    tables = a.tables.split(',') if a.tables else list(digests['tables'])
    con = duckdb.connect()
    java = {}
    if a.java:
        java, rc = java_read(a.java, [os.path.join(a.dir, t) for t in tables])
        check(rc == 0, f'Java PaimonRead exit status {rc}')
    for t in tables:
        exp = digests['tables'][t]
        cols = list(exp['columns'].items())
        table = FileStoreTable.from_path(os.path.join(a.dir, t))
        fields = table.table_schema.fields
        got = [(f.id, f.name, str(f.type)) for f in fields]
        want = [(i, c, PAIMON_TYPE[v['type']]) for i, (c, v) in enumerate(cols)]
        check(got == want, f'{t}: pypaimon schema {got}, want {want}')
        check(table.table_schema.primary_keys == [] and table.table_schema.partition_keys == [],
              f'{t}: keys or partitions')
        rb = table.new_read_builder()
        arrow = rb.new_read().to_arrow(rb.new_scan().plan().splits())
        check(arrow.num_rows == exp['rows'], f'{t}: pypaimon read {arrow.num_rows} rows, want {exp["rows"]}')
        for i, (c, v) in enumerate(cols):
            fld = arrow.schema.field(i)
            check(fld.name == c and fld.type == ARROW_TYPE[v['type']] and not fld.nullable,
                  f'{t}.{c}: Arrow field {fld}, want {ARROW_TYPE[v["type"]]} not null')
        src = arrow.append_column('rn', pa.array(range(arrow.num_rows), pa.int64()))
        con.register(f'{t}_src', src)
        for c, v in cols:
            d = compare_digest(t, c, sql_digest(con, f'{t}_src', c, block_rows), v, block_rows)
            check(d is None, f'pypaimon {d}')
        con.register(t, arrow)
        if a.java:
            j = java.get(os.path.join(a.dir, t), {'fields': [], 'digests': {}})
            check(j['fields'] == want, f'{t}: Java schema {j["fields"]}, want {want}')
            check(j.get('rows') == exp['rows'], f'{t}: Java read {j.get("rows")} rows, want {exp["rows"]}')
            for c, v in cols:
                check(j['digests'].get(c) == v['digest'], f'Java {t}.{c}: digest {j["digests"].get(c)}')
    last = None
    if not a.no_queries and len(tables) == len(digests['tables']):
        with open(os.path.join(a.golden, 'answers', 'answers.json'), encoding='utf-8') as f:
            meta = json.load(f)
        for i in range(1, 23):
            q = f'q{i:02d}'
            with open(os.path.join(a.queries, f'{q}.sql'), encoding='utf-8') as f:
                sql = f.read()
            cur = con.execute(sql)
            header = [d[0] for d in cur.description]
            rows = [[canon(x) for x in r] for r in cur.fetchall()]
            exp = parse_answer(os.path.join(a.golden, 'answers', f'{q}.csv'))
            got = {'header': header, 'rows': rows}
            d = compare_answer(q, got, exp, meta[q]['types'])
            check(d is None, d)
            last = (q, got, exp, meta[q]['types'])
    # the checker must be able to fail
    t = tables[-1]
    c, v = next(iter(digests['tables'][t]['columns'].items()))
    x = hashlib.md5(b'x').hexdigest()
    check(compare_digest(t, c, v, {'digest': x, 'blocks': [x] + v['blocks'][1:]}, block_rows) is not None,
          'negative control: a wrong digest is not reported')
    if last:
        q, got, exp, types = last
        bad = {'header': exp['header'], 'rows': [list(r) for r in exp['rows']]}
        bad['rows'][0][0] += '9'
        check(compare_answer(q, got, bad, types) is not None, 'negative control: a wrong answer is not reported')
    finish()


if __name__ == '__main__':
    main()
