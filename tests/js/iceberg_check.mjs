// Reads Iceberg tables with independent readers and compares them with what
// was written:
//   - icebird (a JavaScript Iceberg reader) opens every table version, and
//     every snapshot of the newest version: schema, row count and every value;
//   - DuckDB reads every data file of the newest version: Iceberg's canonical
//     column types, Parquet field ids, the iceberg.schema key, and that each
//     manifest's record count, value/null counts and lower/upper bounds equal
//     count/min/max computed by DuckDB over the file.
//
//   node iceberg_check.mjs EXPECTED.json [--negative-control]
//
// EXPECTED.json: {"tables":[{"dir", "sort"?, "versions":[{"version", "ranges":
// [[from,to],...], "files"}]}], "schema":[{"id","name","type","required"}],
// "data":[{"start", "rows":[[...strings or null...]]}]} - the rows of each
// version are the concatenation of its row ranges, in order.
// icebird reads through fetch(): fsfetch.mjs answers it in-process from the
// files, read-only (no socket), including the file:// locations in the
// metadata.
// With --negative-control one expected value and one expected count are
// deliberately wrong and the run must report failures.
import fs from 'node:fs'
import { serveDirectory } from './fsfetch.mjs'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { icebergMetadata, icebergRead } from 'icebird'
import { Checker, readTable, decodeBound, mapOf, decimalText, localPath } from './iceberg_lib.mjs'

const [expectedPath, flag] = process.argv.slice(2)
const negative = flag === '--negative-control'
const expected = JSON.parse(fs.readFileSync(expectedPath, 'utf8'))
const c = new Checker()

const rowOf = new Map()
for (const d of expected.data) d.rows.forEach((r, i) => rowOf.set(d.start + i, r))
if (negative) rowOf.get(expected.data[0].start + 5)[4] += ' (wrong on purpose)'
const rowsOf = (ranges) => ranges.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => rowOf.get(a + i)))

// ---- icebird reads the tables through an in-process fetch() -----------------
const root = path.resolve(path.dirname(expected.tables[0].dir))
const server = await serveDirectory(root)
const httpOf = (dir) => server.urlOf(dir)

// ---- values as the expected JSON spells them --------------------------------
function normalize (type, v) {
  if (v === null || v === undefined) return null
  if (type === 'date') return String(Math.round(v.getTime() / 86400000))
  const dec = /^decimal\(\d+,(\d+)\)$/.exec(type)
  if (dec) return typeof v === 'number' ? v.toFixed(Number(dec[1])) : String(v)
  if (type === 'double') return v
  return String(v)
}
function sameValue (type, got, want) {
  if (type === 'double' && want !== null) return got === Number(want)
  return got === want
}

function compareRows (label, got, want) {
  if (!c.eq(got.length, want.length, `${label} row count`)) return
  let bad = 0
  for (let r = 0; r < want.length && bad < 5; r++) {
    expected.schema.forEach((f, k) => {
      const g = normalize(f.type, got[r][f.name])
      if (!sameValue(f.type, g, want[r][k])) {
        bad++
        c.ok(false, `${label} row ${r} ${f.name}: got ${JSON.stringify(g)}, want ${JSON.stringify(want[r][k])}`)
      }
    })
  }
  c.ok(bad === 0, `${label}: every value equal`)
}

// ---- icebird ----------------------------------------------------------------
async function checkWithIcebird (t) {
  const tableUrl = httpOf(t.dir)
  for (const v of t.versions) {
    const label = `${path.basename(t.dir)} v${v.version}`
    const metadataFileName = `v${v.version}.metadata.json`
    const md = await icebergMetadata({ tableUrl, metadataFileName })
    const schema = md.schemas.find((s) => s['schema-id'] === md['current-schema-id'])
    c.eq(schema.fields.map((f) => [f.id, f.name, f.type, f.required]),
      expected.schema.map((f) => [f.id, f.name, f.type, f.required]), `${label} schema`)
    c.eq(md.snapshots.length, v.version, `${label} snapshots`)
    const rows = await icebergRead({ tableUrl, metadataFileName })
    compareRows(`${label} (icebird)`, rows, rowsOf(v.ranges))
  }
  // every snapshot of the newest version is still readable (time travel by id)
  const last = t.versions[t.versions.length - 1]
  const md = await icebergMetadata({ tableUrl, metadataFileName: `v${last.version}.metadata.json` })
  for (let i = 0; i < md.snapshots.length; i++) {
    const metadata = { ...md, 'current-snapshot-id': md.snapshots[i]['snapshot-id'] }
    const rows = await icebergRead({ tableUrl, metadata })
    compareRows(`${path.basename(t.dir)} snapshot ${i + 1} of v${last.version}`, rows, rowsOf(t.versions[i].ranges))
  }
}

// ---- DuckDB -----------------------------------------------------------------
const duck = await (await DuckDBInstance.create(':memory:')).connect()
const objs = async (sql) => (await duck.runAndReadAll(sql)).getRowObjectsJS()
const DUCK_TYPE = { long: 'BIGINT', int: 'INTEGER', date: 'DATE', string: 'VARCHAR', double: 'DOUBLE' }
const duckType = (t) => DUCK_TYPE[t] ?? t.toUpperCase()
const sqlStr = (s) => `'${s.replace(/'/g, "''")}'`
const q = (n) => `"${n.replace(/"/g, '""')}"`
// min/max as text in the spelling of decodeBound's output
function duckText (f) {
  if (f.type === 'date') return (agg) => `(${agg}(${q(f.name)}) - DATE '1970-01-01')::VARCHAR`
  if (f.type === 'double') return (agg) => `${agg}(${q(f.name)})`
  return (agg) => `${agg}(${q(f.name)})::VARCHAR`
}
function boundText (f, buf) {
  const v = decodeBound(f.type, buf)
  const dec = /^decimal\(\d+,\s*(\d+)\)$/.exec(f.type)
  if (dec) return decimalText(v, Number(dec[1]))
  return f.type === 'double' ? v : String(v)
}

async function checkWithDuckDB (t) {
  const table = await readTable(t.dir)
  const name = path.basename(t.dir)
  const last = t.versions[t.versions.length - 1]
  const current = table.snapshots.find((s) => s.snapshot['snapshot-id'] === table.metadata['current-snapshot-id'])
  const entries = current.manifests.flatMap((m) => m.entries)
  c.eq(entries.length, last.files, `${name} data files in the current snapshot`)
  if (t.sort) {
    const order = table.metadata['sort-orders'].find((o) => o['order-id'] === table.metadata['default-sort-order-id'])
    c.eq(order.fields.map((f) => f['source-id']), [expected.schema.find((f) => f.name === t.sort).id],
      `${name} sort order`)
  }
  for (const e of entries) {
    const df = e.data_file
    const file = localPath(df.file_path)
    const label = `${name}/${path.basename(file)}`
    const src = `read_parquet(${sqlStr(file)})`
    c.eq(Number(df.file_size_in_bytes), fs.statSync(file).size, `${label} file_size_in_bytes`)
    c.eq(df.sort_order_id, t.sort ? 1 : 0, `${label} sort_order_id`)
    const types = await objs(`DESCRIBE SELECT * FROM ${src}`)
    c.eq(types.map((r) => [r.column_name, r.column_type]), expected.schema.map((f) => [f.name, duckType(f.type)]),
      `${label} DuckDB column types`)
    const ids = await objs(`SELECT name, field_id FROM parquet_schema(${sqlStr(file)}) WHERE field_id IS NOT NULL`)
    c.eq(ids.map((r) => [r.name, Number(r.field_id)]), expected.schema.map((f) => [f.name, f.id]),
      `${label} Parquet field ids`)
    const kv = await objs(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${sqlStr(file)})`)
    const ice = kv.find((r) => r.k === 'iceberg.schema')
    c.ok(ice && JSON.stringify(JSON.parse(ice.v).fields.map((f) => f.id)) ===
      JSON.stringify(expected.schema.map((f) => f.id)), `${label} iceberg.schema key-value metadata`)
    const count = (await objs(`SELECT count(*)::BIGINT AS n FROM ${src}`))[0].n + (negative ? 1n : 0n)
    c.eq(df.record_count, count, `${label} record_count = DuckDB count(*)`)
    const sizes = mapOf(df.column_sizes)
    const values = mapOf(df.value_counts)
    const nulls = mapOf(df.null_value_counts)
    const lo = mapOf(df.lower_bounds)
    const hi = mapOf(df.upper_bounds)
    let sizeSum = 0n
    for (const f of expected.schema) {
      const t2 = duckText(f)
      const agg = (await objs(`SELECT ${t2('min')} AS mn, ${t2('max')} AS mx,
        (count(*) - count(${q(f.name)}))::BIGINT AS nulls FROM ${src}`))[0]
      c.eq(values.get(f.id), count - (negative ? 1n : 0n), `${label} ${f.name} value_count`)
      c.eq(nulls.get(f.id), agg.nulls, `${label} ${f.name} null_value_count`)
      c.ok(sizes.get(f.id) > 0n, `${label} ${f.name} column size`)
      sizeSum += sizes.get(f.id) ?? 0n
      c.eq(boundText(f, lo.get(f.id)), agg.mn, `${label} ${f.name} lower bound = DuckDB min`)
      c.eq(boundText(f, hi.get(f.id)), agg.mx, `${label} ${f.name} upper bound = DuckDB max`)
    }
    c.ok(sizeSum < df.file_size_in_bytes, `${label} column sizes fit in the file`)
  }
}

try {
  for (const t of expected.tables) {
    await checkWithIcebird(t)
    await checkWithDuckDB(t)
  }
} catch (e) {
  c.ok(false, `exception: ${e.stack}`)
} finally {
  server.close()
}
c.finish()
