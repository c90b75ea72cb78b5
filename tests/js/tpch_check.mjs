// tpch_check.mjs - reads TPC-H data written by tpchgen with independent
// readers and compares it with dbgen's reference figures.
//
//   node tpch_check.mjs --format tbl|csv|parquet|lance|iceberg --dir DIR --golden GOLDEN_DIR
//                       [--queries QUERY_DIR] [--tables a,b] [--parts] [--no-queries]
//                       [--reader hyparquet]   (Parquet through hyparquet instead of DuckDB)
//                       [--digests FILE]       (expected digests from FILE instead of GOLDEN)
//                       [--write-digests FILE] (also write the digests this run computed)
//                       [--write-answers DIR]  (run the 22 queries, even with --no-queries, and
//                                               write their answers to DIR as GOLDEN/answers is)
//
// parquet/csv/tbl are read by DuckDB; lance is read by lancedb (Arrow) and
// iceberg by icebird (its fetch() answered in-process from the files, fsfetch.mjs);
// those two are handed to DuckDB as text only to run the queries. Checks:
//   - row counts and the Arrow/DuckDB column types (BIGINT, INTEGER,
//     DECIMAL(15,2), DATE, VARCHAR; Lance: Int64, Int32, Decimal128(15,2),
//     Date32, Utf8, all non-nullable)
//   - every column's digest (GOLDEN/digests.json, definition below), naming
//     the first differing 100,000-row block
//   - the 22 queries against GOLDEN/answers/qNN.csv
// Column digest: rows in dbgen order cut into blocks of 100,000; block digest
// = md5 hex of the block's canonical values joined by "\n"; column digest =
// md5 hex of the block digests joined by "\n". Canonical values: integers in
// decimal, money with exactly two decimals, dates YYYY-MM-DD, text as is.
// The checker also proves it can fail: a mutated expectation must be reported.
// Prints "N passed, N failed" last; exits 1 on any failure.
import fs from 'fs'
import os from 'os'
import path from 'path'
import crypto from 'crypto'
import { DuckDBInstance } from '@duckdb/node-api'
import { serveDirectory } from './fsfetch.mjs'
import { columnsOf, csvColumns } from './tpch_schema.mjs'

const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : dflt
}
const flag = name => args.includes(`--${name}`)
const format = opt('format')
const dir = opt('dir')
const golden = opt('golden')
const queryDir = opt('queries', path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'queries'))
const digests = JSON.parse(fs.readFileSync(opt('digests', path.join(golden ?? '', 'digests.json')), 'utf8'))
const computed = { block_rows: digests.block_rows, tables: {} }
const tables = opt('tables', Object.keys(digests.tables).join(',')).split(',')
const parts = flag('parts')

let passed = 0, failed = 0
function check(cond, what) {
  if (cond) passed++
  else { failed++; console.log('FAIL', what) }
}
const md5 = s => crypto.createHash('md5').update(s).digest('hex')

const sqlStr = s => `'${s.replace(/'/g, "''")}'`

// Files of one table in dbgen order (parts: numeric order of K).
function tableFiles(t, ext) {
  if (!parts) return [path.join(dir, `${t}.${ext}`)]
  const sub = path.join(dir, t)
  const re = new RegExp(`^${t}\\.(\\d+)\\.${ext}$`)
  return fs.readdirSync(sub).filter(f => re.test(f))
    .sort((a, b) => Number(a.match(re)[1]) - Number(b.match(re)[1])).map(f => path.join(sub, f))
}

const inst = await DuckDBInstance.create(':memory:')
const con = await inst.connect()
const rows = async sql => (await con.runAndReadAll(sql)).getRows()

// ---- digests -----------------------------------------------------------------
function compareDigest(t, col, got, exp) {
  if (got.digest === exp.digest) return null
  const n = Math.max(got.blocks.length, exp.blocks.length)
  for (let b = 0; b < n; b++)
    if (got.blocks[b] !== exp.blocks[b]) return `${t}.${col}: first differing block ${b} (rows ${b * digests.block_rows}..)`
  return `${t}.${col}: digest differs`
}

// Digest of a column from an ordered source view, computed inside DuckDB.
async function sqlDigest(view, col) {
  const r = await rows(`SELECT b, md5(string_agg(CAST(${col} AS VARCHAR), chr(10) ORDER BY rn)) FROM
      (SELECT ${col}, rn, rn // ${digests.block_rows} AS b FROM ${view}) GROUP BY b ORDER BY b`)
  const blocks = r.map(x => x[1])
  return { blocks, digest: md5(blocks.join('\n')) }
}

// ---- Lance: Arrow columns to canonical text -----------------------------------
function canonArrow(vec, type) {
  const out = new Array(vec.length)
  let i = 0
  for (const d of vec.data) {
    const tid = d.type.typeId
    for (let k = 0; k < d.length; k++, i++) {
      const at = d.offset + k
      if (d.type.toString().startsWith('Decimal')) {
        const w = d.values.subarray(at * 4, at * 4 + 4)
        let v = (BigInt(w[3]) << 96n) | (BigInt(w[2]) << 64n) | (BigInt(w[1]) << 32n) | BigInt(w[0])
        if (w[3] & 0x80000000) v -= 1n << 128n
        const neg = v < 0n, m = neg ? -v : v
        const s = d.type.scale, p = 10n ** BigInt(s)
        out[i] = (neg ? '-' : '') + (m / p).toString() + (s ? '.' + (m % p).toString().padStart(s, '0') : '')
      } else if (type === 'DATE') {
        out[i] = new Date(d.values[at] * 86400000).toISOString().slice(0, 10)
      } else if (type === 'BIGINT' || type === 'INTEGER') {
        out[i] = d.values[at].toString()
      } else {
        out[i] = vec.get(i)
      }
      void tid
    }
  }
  return out
}

async function loadLance(t) {
  const lancedb = await import('@lancedb/lancedb')
  const db = await lancedb.connect(dir)
  const tbl = await db.openTable(t)
  const arrowTable = await tbl.query().toArrow()
  const cols = columnsOf(t)
  // types and nullability as Arrow reports them
  const want = { BIGINT: 'Int64', INTEGER: 'Int32', 'DECIMAL(15,2)': 'Decimal[15e+2]', DATE: 'Date32<DAY>', VARCHAR: 'Utf8' }
  const fields = arrowTable.schema.fields
  check(fields.map(f => f.name).join(',') === cols.map(c => c[0]).join(','), `${t}: Lance column names ${fields.map(f => f.name)}`)
  fields.forEach((f, i) => {
    check(String(f.type) === want[cols[i][1]], `${t}.${f.name}: Arrow type ${f.type}, want ${want[cols[i][1]]}`)
    check(f.nullable === false, `${t}.${f.name}: Lance field is nullable`)
  })
  const text = cols.map(([name, type]) => canonArrow(arrowTable.getChild(name), type))
  return { n: arrowTable.numRows, text }
}

// ---- Iceberg: icebird, its fetch() answered from the file system -------------
// ---- Parquet through hyparquet, the second reader --------------------------------
async function loadHyparquet(t) {
  const { parquetReadObjects, parquetMetadataAsync, asyncBufferFromFile } = await import('hyparquet')
  const { compressors } = await import('hyparquet-compressors')
  const cols = columnsOf(t)
  const values = cols.map(() => [])
  for (const f of tableFiles(t, 'parquet')) {
    const file = await asyncBufferFromFile(f)
    const metadata = await parquetMetadataAsync(file)
    const leaves = metadata.schema.slice(1)
    check(leaves.map(l => l.name).join(',') === cols.map(c => c[0]).join(','), `${t}: hyparquet column names`)
    const rowsRead = await parquetReadObjects({ file, metadata, compressors })
    cols.forEach(([name, type], i) => {
      for (const r of rowsRead) {
        const v = r[name]
        values[i].push(type === 'DATE' ? v.toISOString().slice(0, 10)
          : type === 'DECIMAL(15,2)' ? (typeof v === 'number' ? v.toFixed(2) : String(v)) : String(v))
      }
    })
  }
  return { n: values[0].length, text: values }
}

let icebergServer = null
async function loadIceberg(t) {
  const { icebergMetadata, icebergRead } = await import('icebird')
  icebergServer ??= await serveDirectory(dir)
  const tableUrl = icebergServer.urlOf(t)
  const hint = fs.readFileSync(path.join(dir, t, 'metadata', 'version-hint.text'), 'utf8').trim()
  const metadataFileName = `v${hint}.metadata.json`
  const md = await icebergMetadata({ tableUrl, metadataFileName })
  const cols = columnsOf(t)
  const want = { BIGINT: 'long', INTEGER: 'int', 'DECIMAL(15,2)': 'decimal(15,2)', DATE: 'date', VARCHAR: 'string' }
  const fields = md.schemas.find(s => s['schema-id'] === md['current-schema-id']).fields
  check(fields.map(f => f.name).join(',') === cols.map(c => c[0]).join(','), `${t}: Iceberg field names ${fields.map(f => f.name)}`)
  fields.forEach((f, i) => {
    check(f.type === want[cols[i][1]] && f.required === true && f.id === i + 1,
      `${t}.${f.name}: Iceberg field ${JSON.stringify(f)}, want id ${i + 1} ${want[cols[i][1]]} required`)
  })
  const rowsRead = await icebergRead({ tableUrl, metadataFileName })
  const text = cols.map(([name, type]) => rowsRead.map(r => {
    const v = r[name]
    if (type === 'DATE') return v.toISOString().slice(0, 10)
    if (type === 'DECIMAL(15,2)') return typeof v === 'number' ? v.toFixed(2) : String(v)
    return String(v)
  }))
  return { n: rowsRead.length, text }
}

function jsDigest(values) {
  const blocks = []
  for (let b = 0; b < values.length; b += digests.block_rows)
    blocks.push(md5(values.slice(b, b + digests.block_rows).join('\n')))
  return { blocks, digest: md5(blocks.join('\n')) }
}

// ---- per table ------------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tpchcheck-'))
for (const t of tables) {
  const exp = digests.tables[t]
  const cols = columnsOf(t)
  const viaJs = format === 'lance' || format === 'iceberg' || (format === 'parquet' && opt('reader') === 'hyparquet')
  if (viaJs) {
    const { n, text } = format === 'lance' ? await loadLance(t) : format === 'iceberg' ? await loadIceberg(t) : await loadHyparquet(t)
    check(n === exp.rows, `${t}: ${n} rows, want ${exp.rows}`)
    computed.tables[t] = { rows: n, columns: {} }
    cols.forEach(([c, ty], i) => {
      const got = jsDigest(text[i])
      computed.tables[t].columns[c] = { type: ty, ...got }
      const diff = compareDigest(t, c, got, exp.columns[c])
      check(diff === null, diff)
    })
    if (flag('no-queries')) continue
    // to DuckDB for the queries, as '|'-separated canonical text (no value contains '|')
    const file = path.join(tmp, `${t}.txt`)
    const fd = fs.openSync(file, 'w')
    for (let r0 = 0; r0 < n; r0 += 100000) {
      const lines = []
      for (let r = r0; r < Math.min(n, r0 + 100000); r++) lines.push(cols.map((_, i) => text[i][r]).join('|') + '\n')
      fs.writeSync(fd, lines.join(''))
    }
    fs.closeSync(fd)
    const spec = csvColumns(t)
    await con.run(`CREATE TABLE ${t} AS SELECT * FROM read_csv(${sqlStr(file)}, delim='|', header=false, quote='', escape='', columns={${spec}})`)
    continue
  }
  let source
  if (format === 'parquet') {
    const files = tableFiles(t, 'parquet')
    const list = `[${files.map(sqlStr).join(', ')}]`
    source = `(SELECT * EXCLUDE (filename, file_row_number), row_number() OVER (ORDER BY list_position(${list}, filename), file_row_number) - 1 AS rn
               FROM read_parquet(${list}, filename=true, file_row_number=true))`
    const desc = await rows(`DESCRIBE SELECT * FROM read_parquet(${list})`)
    check(desc.map(d => d[0]).join(',') === cols.map(c => c[0]).join(','), `${t}: Parquet column names ${desc.map(d => d[0])}`)
    desc.forEach((d, i) => check(d[1] === cols[i][1], `${t}.${d[0]}: DuckDB type ${d[1]}, want ${cols[i][1]}`))
  } else {
    const ext = format
    // tbl parts are dbgen's DIR/<table>.tbl.K; nation and region stay DIR/<table>.tbl
    const whole = ['nation', 'region'].includes(t)
    const files = format !== 'tbl' ? tableFiles(t, ext)
      : parts && !whole
        ? fs.readdirSync(dir).filter(f => f.startsWith(`${t}.tbl.`)).sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop())).map(f => path.join(dir, f))
        : [path.join(dir, `${t}.tbl`)]
    const spec = csvColumns(t, format === 'tbl' ? [['dbgen_end', 'VARCHAR']] : [])
    const opts = format === 'tbl' ? "delim='|', header=false, quote='', escape=''" : "delim=',', header=true, quote='\"', escape='\"'"
    // one file at a time, numbered, so the order is dbgen's
    const parts_ = files.map((f, k) => `SELECT *, ${k} AS fk, row_number() OVER () AS fr FROM read_csv(${sqlStr(f)}, ${opts}, columns={${spec}}, parallel=false)`)
    await con.run(`CREATE TABLE ${t}_raw AS ${parts_.join(' UNION ALL ')}`)
    source = `(SELECT * EXCLUDE (fk, fr${format === 'tbl' ? ', dbgen_end' : ''}), row_number() OVER (ORDER BY fk, fr) - 1 AS rn FROM ${t}_raw)`
  }
  await con.run(`CREATE TABLE ${t}_src AS ${source}`)
  await con.run(`CREATE VIEW ${t} AS SELECT * EXCLUDE (rn) FROM ${t}_src`)
  const n = Number((await rows(`SELECT count(*) FROM ${t}_src`))[0][0])
  check(n === exp.rows, `${t}: ${n} rows, want ${exp.rows}`)
  computed.tables[t] = { rows: n, columns: {} }
  for (const [c, ty] of cols) {
    const got = await sqlDigest(`${t}_src`, c)
    computed.tables[t].columns[c] = { type: ty, ...got }
    const diff = compareDigest(t, c, got, exp.columns[c])
    check(diff === null, diff)
  }
}

// ---- queries ----------------------------------------------------------------------
function parseAnswer(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(l => l.length)
  // fields split at unescaped '|'; a field that is exactly \N is NULL (kept as the token)
  const split = l => {
    const out = []; let cur = '', raw = ''
    const push = () => { out.push(raw === '\\N' ? '\\N' : cur); cur = ''; raw = '' }
    for (let i = 0; i < l.length; i++) {
      if (l[i] === '\\' && i + 1 < l.length) { const c = l[++i]; cur += c === 'n' ? '\n' : c; raw += '\\' + c }
      else if (l[i] === '|') push()
      else { cur += l[i]; raw += l[i] }
    }
    push()
    return out
  }
  return { header: split(lines[0]), rows: lines.slice(1).map(split) }
}

function compareAnswer(q, got, exp, types) {
  if (got.header.join('|') !== exp.header.join('|')) return `${q}: columns ${got.header} vs ${exp.header}`
  if (got.rows.length !== exp.rows.length) return `${q}: ${got.rows.length} rows, want ${exp.rows.length}`
  for (let r = 0; r < exp.rows.length; r++)
    for (let c = 0; c < exp.header.length; c++) {
      const a = got.rows[r][c], b = exp.rows[r][c]
      if (a === b) continue
      const isFloat = /DOUBLE|FLOAT|REAL/.test(types[c] || '')
      if (isFloat && Math.abs(Number(a) - Number(b)) <= 1e-2 * Math.max(Math.abs(Number(b)), 1e-12)) continue
      return `${q}: row ${r} ${exp.header[c]} = ${a}, want ${b}`
    }
  return null
}

// An answer file's field: '\\', '|' and newlines escaped as parseAnswer reads them; null is \\N.
const answerField = v => v === '\\N' ? v : v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '\\n')

let lastQuery = null
const allTables = tables.length === Object.keys(digests.tables).length
const compare = !flag('no-queries') && allTables
const writeAnswers = opt('write-answers')
if (writeAnswers) check(allTables, '--write-answers needs every table')
if ((compare || writeAnswers) && allTables) {
  const answersMeta = compare ? JSON.parse(fs.readFileSync(path.join(golden, 'answers', 'answers.json'), 'utf8')) : null
  const written = {}
  if (writeAnswers) fs.mkdirSync(writeAnswers, { recursive: true })
  for (let i = 1; i <= 22; i++) {
    const q = `q${String(i).padStart(2, '0')}`
    const sql = fs.readFileSync(path.join(queryDir, `${q}.sql`), 'utf8')
    const res = await con.runAndReadAll(sql)
    const got = {
      header: res.columnNames(),
      rows: res.getRows().map(r => r.map(v => v === null ? '\\N' : typeof v === 'number' ? String(v) : v.toString())),
    }
    if (writeAnswers) {
      const lines = [got.header, ...got.rows].map(r => r.map(answerField).join('|') + '\n')
      fs.writeFileSync(path.join(writeAnswers, `${q}.csv`), lines.join(''))
      written[q] = { columns: got.header, types: res.columnTypes().map(t => t.toString()), rows: got.rows.length }
    }
    if (!compare) continue
    const exp = parseAnswer(path.join(golden, 'answers', `${q}.csv`))
    const diff = compareAnswer(q, got, exp, answersMeta[q].types)
    check(diff === null, diff)
    lastQuery = { q, got, exp, types: answersMeta[q].types }
  }
  if (writeAnswers) fs.writeFileSync(path.join(writeAnswers, 'answers.json'), JSON.stringify(written, null, 1))
}

// ---- the checker must be able to fail ------------------------------------------
{
  const t = tables[tables.length - 1], c = Object.keys(digests.tables[t].columns)[0]
  const exp = digests.tables[t].columns[c]
  const mutated = { digest: md5('x'), blocks: [md5('x'), ...exp.blocks.slice(1)] }
  check(compareDigest(t, c, exp, mutated) !== null, 'negative control: a wrong digest is not reported')
  if (lastQuery) {
    const bad = { header: lastQuery.exp.header, rows: lastQuery.exp.rows.map(r => r.slice()) }
    bad.rows[0][0] = bad.rows[0][0] + '9'
    check(compareAnswer(lastQuery.q, lastQuery.got, bad, lastQuery.types) !== null, 'negative control: a wrong answer is not reported')
  }
}
if (opt('write-digests')) fs.writeFileSync(opt('write-digests'), JSON.stringify(computed, null, 1))
fs.rmSync(tmp, { recursive: true, force: true })
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
