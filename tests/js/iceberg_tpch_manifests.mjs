// iceberg_tpch_manifests.mjs DIR [TABLE...]: for the TPC-H Iceberg tables
// tpchgen wrote under DIR, DuckDB reads every data file of the current
// snapshot with the canonical types and Parquet field ids, and what the
// manifests (decoded by avsc) say of each file must equal the data:
// record_count = count(*), value counts, no nulls, lower/upper bounds =
// DuckDB min/max, file size. Prints "N passed, N failed".
import fs from 'fs'
import path from 'path'
import { DuckDBInstance } from '@duckdb/node-api'
import { Checker, readTable, decodeBound, mapOf, decimalText, localPath } from './iceberg_lib.mjs'
import { SCHEMA, columnsOf } from './tpch_schema.mjs'

const [dir, ...only] = process.argv.slice(2)
const tables = only.length ? only : Object.keys(SCHEMA)
const c = new Checker()
const duck = await (await DuckDBInstance.create(':memory:')).connect()
const objs = async sql => (await duck.runAndReadAll(sql)).getRowObjectsJS()
const sqlStr = s => `'${s.replace(/'/g, "''")}'`
const ICEBERG = { BIGINT: 'long', INTEGER: 'int', 'DECIMAL(15,2)': 'decimal(15,2)', DATE: 'date', VARCHAR: 'string' }
// DuckDB min/max spelled as decodeBound spells a bound (dates as day numbers)
const agg = (fn, name, type) => type === 'DATE' ? `(${fn}(${name}) - DATE '1970-01-01')::VARCHAR` : `${fn}(${name})::VARCHAR`
const boundText = (type, buf) => {
  const v = decodeBound(type, buf)
  return type.startsWith('decimal') ? decimalText(v, 2) : String(v)
}

for (const t of tables) {
  const table = await readTable(path.join(dir, t))
  const cols = columnsOf(t)
  const schema = table.metadata.schemas.find(s => s['schema-id'] === table.metadata['current-schema-id'])
  c.eq(schema.fields.map(f => [f.id, f.name, f.type, f.required]), cols.map(([n, ty], i) => [i + 1, n, ICEBERG[ty], true]),
    `${t} Iceberg schema`)
  const current = table.snapshots.find(s => s.snapshot['snapshot-id'] === table.metadata['current-snapshot-id'])
  const entries = current.manifests.flatMap(m => m.entries)
  c.ok(entries.length >= 1, `${t} has data files`)
  let total = 0n
  for (const e of entries) {
    const df = e.data_file
    const file = localPath(df.file_path)
    const label = `${t}/${path.basename(file)}`
    const src = `read_parquet(${sqlStr(file)})`
    c.eq(Number(df.file_size_in_bytes), fs.statSync(file).size, `${label} file_size_in_bytes`)
    const types = await objs(`DESCRIBE SELECT * FROM ${src}`)
    c.eq(types.map(r => [r.column_name, r.column_type]), cols, `${label} DuckDB column types`)
    const ids = await objs(`SELECT name, field_id FROM parquet_schema(${sqlStr(file)}) WHERE field_id IS NOT NULL`)
    c.eq(ids.map(r => [r.name, Number(r.field_id)]), cols.map(([n], i) => [n, i + 1]), `${label} Parquet field ids`)
    const aggs = cols.map(([n, ty], i) => `${agg('min', n, ty)} AS mn${i}, ${agg('max', n, ty)} AS mx${i}`).join(', ')
    const r = (await objs(`SELECT count(*)::BIGINT AS n, ${aggs} FROM ${src}`))[0]
    c.eq(df.record_count, r.n, `${label} record_count = DuckDB count(*)`)
    total += r.n
    const values = mapOf(df.value_counts), nulls = mapOf(df.null_value_counts)
    const lo = mapOf(df.lower_bounds), hi = mapOf(df.upper_bounds)
    cols.forEach(([n, ty], i) => {
      const type = ICEBERG[ty]
      c.eq(values.get(i + 1), r.n, `${label} ${n} value_count`)
      c.eq(nulls.get(i + 1), 0n, `${label} ${n} null_value_count`)
      const l = boundText(type, lo.get(i + 1)), h = boundText(type, hi.get(i + 1))
      const mn = r[`mn${i}`], mx = r[`mx${i}`]
      if (type === 'string' && (l !== mn || h !== mx)) {
        // Long strings may be cut (Iceberg allows it): the lower bound is a
        // prefix of the min, the upper bound a prefix of the max with its
        // last character raised, so it still sorts after the max.
        c.ok(l === mn || (l.length < mn.length && mn.startsWith(l)), `${label} ${n} lower bound ${JSON.stringify(l)} is the min or its prefix`)
        c.ok(h === mx || (h.length < mx.length && mx.startsWith(h.slice(0, -1)) && Buffer.compare(Buffer.from(h), Buffer.from(mx)) > 0),
          `${label} ${n} upper bound ${JSON.stringify(h)} is the max or a raised prefix of it`)
      } else {
        c.eq(l, mn, `${label} ${n} lower bound = DuckDB min`)
        c.eq(h, mx, `${label} ${n} upper bound = DuckDB max`)
      }
    })
  }
  c.eq(BigInt(current.snapshot.summary['total-records']), total, `${t} snapshot summary total-records`)
}
c.finish()
