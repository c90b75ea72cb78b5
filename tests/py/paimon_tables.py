"""paimon_tables.py - checks of Paimon tables written by tests/c/test_paimon.c
and by tpchgen, with pypaimon and (--java CLASSPATH) Java Paimon.

  paimon_tables.py seq TABLE SNAPSHOTS ROWS [--java CP]
      snapshot i (1..SNAPSHOTS) holds rows 0 .. i*ROWS-1 of test_paimon's
      rows, with exact values in the newest; Java reads snapshot 1 and the
      newest with the same row counts
  paimon_tables.py concurrent TABLE P N [--java CP]
      P writers each appended N commits of 3 rows: P*N snapshots, every row once
  paimon_tables.py snapshots TABLE [--java CP]
      prints "<id> <rows> <kind>" per snapshot (time travel with both readers
      must agree)
  paimon_tables.py latest TABLE [--java CP]
      prints "<snapshot id> <rows> <kind> schema <id> <types>" of the newest
      snapshot as pypaimon reads it (and " java <snapshot id> <rows> schema <id>")
  paimon_tables.py pyappend TABLE
      pypaimon's own batch writer appends the rows of the newest snapshot
      again (a snapshot made by Paimon on top of ours)
  paimon_tables.py filter TABLE COLUMN lt|gt VALUE [--java CP]
      reads with the predicate pushed down: prints "<files planned> <files in
      table> <rows matching>" for pypaimon (and Java, which must agree on rows)
Prints "N passed, N failed" last for seq and concurrent.
"""
import sys

import pyarrow as pa
import pyarrow.compute as pc
from pypaimon.table.file_store_table import FileStoreTable

from tally import check, finish



def read(path, snapshot=None, predicate=None):
    t = FileStoreTable.from_path(path)
    if snapshot is not None:
        t = t.copy({'scan.snapshot-id': str(snapshot)})
    rb = t.new_read_builder()
    if predicate is not None:
        rb = rb.with_filter(predicate(rb.new_predicate_builder()))
    splits = rb.new_scan().plan().splits()
    files = sum(len(s.files) for s in splits)
    return rb.new_read().to_arrow(splits), files


def java(cp, args):
    import subprocess
    out = subprocess.run(['java', '-cp', cp, 'PaimonRead'] + args, capture_output=True, text=True)
    res = {}
    for line in out.stdout.splitlines():
        k, _, v = line.partition(' ')
        res[k] = v
    if out.returncode != 0:
        print(out.stdout[-1500:], out.stderr[-1500:])
    return res


# test_paimon's rows (tests/c/test_iceberg_batch.h): row r's values
WORDS = ['furiously', 'quick', 'pending "deposits"', 'caf\u00e9', 'ideas', 'x']


def row(r):
    p = (r * 104729) % 10000000 - 2000000
    return {'o_id': r + 1, 'o_qty': (r * 7) % 50 + 1, 'o_price_cents': p, 'o_date': 8035 + (r * 13) % 2557,
            'o_comment': f'{WORDS[r % 6]} {r} {WORDS[(r // 6) % 6]}',
            'o_note': None if r % 5 == 0 else f'note-{r * 31 % 1000}', 'o_rate': r * 0.25 - 100.0}


def check_values(t, what):
    ids = t.column('o_id').to_pylist()
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    cols = {c: t.column(c).to_pylist() for c in t.column_names}
    bad = 0
    for i in order:
        r = cols['o_id'][i] - 1
        e = row(r)
        price = cols['o_price'][i]
        got_cents = int(price.scaleb(2))
        date = cols['o_date'][i]
        if (cols['o_qty'][i], got_cents, (date - __import__('datetime').date(1970, 1, 1)).days, cols['o_comment'][i],
                cols['o_note'][i], cols['o_rate'][i]) != (e['o_qty'], e['o_price_cents'], e['o_date'], e['o_comment'],
                                                          e['o_note'], e['o_rate']):
            bad += 1
            if bad < 3:
                print('row', r, 'differs')
    check(bad == 0, f'{what}: {bad} rows with wrong values')
    schema = FileStoreTable.from_path(sys.argv[2]).table_schema
    types = [(f.name, str(f.type)) for f in schema.fields]
    check(types == [('o_id', 'BIGINT NOT NULL'), ('o_qty', 'INT NOT NULL'), ('o_price', 'DECIMAL(15, 2) NOT NULL'),
                    ('o_date', 'DATE NOT NULL'), ('o_comment', 'STRING NOT NULL'), ('o_note', 'STRING'),
                    ('o_rate', 'DOUBLE NOT NULL')], f'schema {types}')


def main():
    args = [a for a in sys.argv[1:]]
    cp = None
    if '--java' in args:
        i = args.index('--java')
        cp = args[i + 1]
        del args[i:i + 2]
    mode, path = args[0], args[1]
    if mode == 'seq':
        snaps, rows = int(args[2]), int(args[3])
        for i in range(1, snaps + 1):
            t, _ = read(path, i)
            ids = sorted(t.column('o_id').to_pylist())
            check(ids == list(range(1, i * rows + 1)), f'snapshot {i}: {len(ids)} rows, want ids 1..{i * rows}')
            if i == snaps:
                check_values(t, f'snapshot {i}')
        if cp:
            for i in sorted({1, snaps}):
                j = java(cp, ['--snapshot', str(i), '--count-only', path])
                check(j.get('rows') == str(i * rows), f'Java snapshot {i}: {j.get("rows")} rows, want {i * rows}')
        finish()
    if mode == 'concurrent':
        p, n = int(args[2]), int(args[3])
        t, _ = read(path)
        ids = sorted(t.column('o_id').to_pylist())
        want = sorted(tag * 1000 + k * 3 + i + 1 for tag in range(1, p + 1) for k in range(n) for i in range(3))
        check(ids == want, f'{len(ids)} rows, want {len(want)} (every commit once)')
        latest = FileStoreTable.from_path(path).snapshot_manager().get_latest_snapshot()
        check(latest.id == p * n, f'newest snapshot {latest.id}, want {p * n}')
        if cp:
            j = java(cp, ['--count-only', path])
            check(j.get('rows') == str(len(want)), f'Java: {j.get("rows")} rows')
            check(j.get('snapshots') == ' '.join(str(i) for i in range(1, p * n + 1)), 'Java: snapshots 1..P*N')
        finish()
    if mode == 'snapshots':
        sm = FileStoreTable.from_path(path).snapshot_manager()
        jrows = {}
        if cp:
            import subprocess
            out = subprocess.run(['java', '-cp', cp, 'PaimonRead', '--each-snapshot', path], capture_output=True,
                                 text=True).stdout
            for line in out.splitlines():
                f = line.split(' ')
                if f[0] == 'snapshot':
                    jrows[int(f[1])] = f'{f[2]} {f[3]}'
        for s in sm.list_snapshots():
            t, _ = read(path, s.id)
            line = f'{s.id} {t.num_rows} {s.commit_kind}'
            if cp:
                line += f' java {jrows.get(s.id)}'
            print(line)
        return
    if mode == 'latest':
        table = FileStoreTable.from_path(path)
        snap = table.snapshot_manager().get_latest_snapshot()
        t, _ = read(path)
        types = ','.join(str(f.type).replace(' ', '') for f in table.table_schema.fields)
        line = f'{snap.id} {t.num_rows} {snap.commit_kind} schema {table.table_schema.id} {types}'
        if cp:
            j = java(cp, ['--count-only', path])
            line += f' java {j.get("latest")} {j.get("rows")} schema {j.get("schema")}'
        print(line)
        return
    if mode == 'pyappend':
        table = FileStoreTable.from_path(path)
        t, _ = read(path)
        wb = table.new_batch_write_builder()
        w, c = wb.new_write(), wb.new_commit()
        w.write_arrow(t)
        c.commit(w.prepare_commit())
        w.close()
        c.close()
        return
    if mode == 'filter':
        col, op, val = args[2], args[3], int(args[4])
        import datetime
        table = FileStoreTable.from_path(path)
        ftype = str(next(f.type for f in table.table_schema.fields if f.name == col))
        lit = datetime.date(1970, 1, 1) + datetime.timedelta(days=val) if ftype.startswith('DATE') else val

        def pred(pb):
            return pb.less_than(col, lit) if op == 'lt' else pb.greater_than(col, lit)
        _, total = read(path)
        t, files = read(path, predicate=pred)
        c = t.column(col)
        m = pc.less(c, pa.scalar(lit, c.type)) if op == 'lt' else pc.greater(c, pa.scalar(lit, c.type))
        matching = pc.sum(pc.cast(m, pa.int64())).as_py() or 0
        line = f'{files} {total} {matching}'
        if cp:
            j = java(cp, ['--filter', col, op, str(val), path])
            line += f' java {j.get("splits", "").split(" ")[-1]} {j.get("matching")}'
        print(line)
        return
    print('usage: see the docstring')
    sys.exit(2)


if __name__ == '__main__':
    main()
