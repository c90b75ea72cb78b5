// parquet_check.mjs DIR [--no-hyparquet]: for every DIR/*.json written by
// test_parquet_samples / test_parquet_prop, read the Parquet file it names
// with DuckDB (and hyparquet) and compare types, every value, row groups,
// page counts, statistics, page index and file metadata with what the JSON
// says was written. Expected statistics are computed here from the values,
// not taken from the writer. Negative controls re-check files against
// deliberately altered expectations (including a value of a dictionary-
// encoded number column) and require the checker to notice. A coverage tally
// requires the property files to contain dictionary-encoded fixed-width
// chunks and chunks that fall back to PLAIN after dictionary pages.
// Prints "N passed, N failed".
import fs from 'fs'
import path from 'path'
import { DuckDBInstance } from '@duckdb/node-api'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetQuery,
  parquetSchema, readColumnIndex, readOffsetIndex } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

const dir = process.argv[2]
const useHyparquet = !process.argv.includes('--no-hyparquet')
let passed = 0, failed = 0
let muted = false // set while the negative control runs: its mismatches are expected
const note = (...a) => { if (!muted) console.log(...a) }
// A checker that counts into `tally`; the negative control uses a private tally.
function makeCheck(tally, quiet) {
  return (cond, what) => {
    if (cond) tally.passed++
    else { tally.failed++; if (!quiet && tally.failed <= 40) console.log('FAIL', what) }
  }
}

const inst = await DuckDBInstance.create(':memory:')
const con = await inst.connect()
const rowsJS = async sql => (await con.runAndReadAll(sql)).getRowsJS()
const objs = async sql => (await con.runAndReadAll(sql)).getRowObjectsJS()

const DUCK_TYPE = c => ({ b: 'BOOLEAN', i: 'INTEGER', l: 'BIGINT', g: 'DOUBLE', t: 'DATE', u: 'VARCHAR',
  U: 'VARCHAR', z: 'BLOB', d: `DECIMAL(${c.precision},${c.scale})` })[c.kind]
const q = name => `"${name.replace(/"/g, '""')}"`

// ---- value order, independent of the writer
const unscaled = s => BigInt(s.replace('.', '').replace(/^(-?)$/, '$10'))
const num = s => s === 'inf' ? Infinity : s === '-inf' ? -Infinity : s === 'nan' ? NaN : Number(s)
// Statistics longer than this are cut by the writer and flagged inexact.
const STATS_MAX_BYTES = 256
const byteLen = (c, v) => c.kind === 'z' ? v.length / 2 : Buffer.byteLength(v, 'utf8')
function cmp(c, a, b) {
  switch (c.kind) {
    case 'i': case 't': case 'l': return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0
    case 'd': return unscaled(a) < unscaled(b) ? -1 : unscaled(a) > unscaled(b) ? 1 : 0
    case 'g': return num(a) < num(b) ? -1 : num(a) > num(b) ? 1 : 0
    case 'b': return (a === 'true') - (b === 'true')
    case 'z': return Buffer.compare(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'))
    default: return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
  }
}
// min/max/nulls of column k over rows[lo, hi); NaN never counts
function stats(c, rows, k, lo, hi) {
  let mn = null, mx = null, nulls = 0
  for (let r = lo; r < hi; r++) {
    const v = rows[r][k]
    if (v === null) { nulls++; continue }
    if (c.kind === 'g' && v === 'nan') continue
    if (mn === null || cmp(c, v, mn) < 0) mn = v
    if (mx === null || cmp(c, v, mx) > 0) mx = v
  }
  return { mn, mx, nulls }
}
const isoDay = d => new Date(Number(d) * 86400000).toISOString().slice(0, 10)

// DuckDB renders stats as text; turn our expected value into that text.
function duckStatText(c, v) {
  if (c.kind === 't') return isoDay(v)
  if (c.kind === 'z') // printable ASCII as is, other bytes as \xHH
    return [...Buffer.from(v, 'hex')].map(b => b >= 0x20 && b < 0x7f && b !== 0x5c && b !== 0x27 && b !== 0x22 ? String.fromCharCode(b)
      : '\\x' + b.toString(16).toUpperCase().padStart(2, '0')).join('')
  return v
}
function duckSelect(c) {
  const n = q(c.name)
  switch (c.kind) {
    case 't': return `(${n} - DATE '1970-01-01')::VARCHAR`
    case 'z': return `hex(${n})`
    case 'g': return n
    case 'u': case 'U': return n
    default: return `${n}::VARCHAR`
  }
}
function doubleText(v) {
  if (v === null) return null
  if (Number.isNaN(v)) return 'nan'
  if (v === Infinity) return 'inf'
  if (v === -Infinity) return '-inf'
  if (Object.is(v, -0)) return '-0'
  return v
}
const sameDouble = (got, exp) => exp === null ? got === null
  : ['nan', '-0'].includes(exp) ? doubleText(got) === exp : got === num(exp)

async function checkDuckDB(spec, file, check) {
  const cols = spec.columns, rows = spec.rows, f = path.basename(file)
  const desc = await objs(`DESCRIBE SELECT * FROM '${file}'`)
  check(desc.map(r => r.column_name).join() === cols.map(c => c.name).join(), `${f} duckdb names`)
  cols.forEach((c, k) => check(desc[k]?.column_type === DUCK_TYPE(c),
    `${f} duckdb type of ${c.name}: ${desc[k]?.column_type} vs ${DUCK_TYPE(c)}`))
  const got = await rowsJS(`SELECT ${cols.map(duckSelect).join(', ')} FROM '${file}'`)
  check(got.length === rows.length, `${f} duckdb row count ${got.length} vs ${rows.length}`)
  let bad = 0
  for (let r = 0; r < Math.min(got.length, rows.length); r++) {
    cols.forEach((c, k) => {
      const g = got[r][k], e = rows[r][k]
      const ok = c.kind === 'g' ? sameDouble(g, e) : g === null || e === null ? g === e
        : c.kind === 'd' ? unscaled(String(g)) === unscaled(e) : String(g) === e
      if (!ok && bad++ < 3) note(`  ${f} duckdb row ${r} ${c.name}: got ${g} expected ${e}`)
    })
  }
  check(bad === 0, `${f} duckdb values (${bad} cells differ)`)

  // row groups, codec, statistics per chunk
  const sizes = (await rowsJS(`SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('${file}')
      ORDER BY row_group_id`)).map(r => Number(r[1]))
  const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0))
  if (spec.row_group_sizes) check(sizes.join() === spec.row_group_sizes.join(), `${f} row groups ${sizes} vs ${spec.row_group_sizes}`)
  check(sizes.reduce((a, b) => a + b, 0) === rows.length && sizes.every(n => n > 0), `${f} row group sizes ${sizes}`)
  const nrg = sizes.length
  const fmd = (await objs(`SELECT * FROM parquet_file_metadata('${file}')`))[0]
  check(Number(fmd.num_rows) === rows.length && Number(fmd.num_row_groups) === nrg,
    `${f} file metadata rows ${fmd.num_rows} row groups ${fmd.num_row_groups} (expected ${nrg})`)
  check(/^tpchgen-c version \d+\.\d+\.\d+ \(build [0-9a-z]+\)$/.test(fmd.created_by), `${f} created_by '${fmd.created_by}'`)
  check(String(fmd.column_orders).split('TYPE_ORDER').length - 1 === cols.length, `${f} column_orders ${fmd.column_orders}`)
  const md = await objs(`SELECT row_group_id, row_group_num_rows, column_id, path_in_schema, compression, encodings,
      stats_min_value, stats_max_value, stats_null_count, num_values FROM parquet_metadata('${file}')
      ORDER BY row_group_id, column_id`)
  check(md.length === nrg * cols.length, `${f} chunk count ${md.length}`)
  for (const m of md) {
    const g = Number(m.row_group_id), k = Number(m.column_id), c = cols[k]
    const lo = starts[g], hi = lo + sizes[g]
    const where = `${f} rg${g} ${c.name}`
    check(Number(m.num_values) === hi - lo, `${where} num_values ${m.num_values}`)
    check(m.compression === spec.codec, `${where} codec ${m.compression}`)
    const s = stats(c, rows, k, lo, hi)
    check(Number(m.stats_null_count) === s.nulls, `${where} null_count ${m.stats_null_count} vs ${s.nulls}`)
    const ex = spec.expect?.[c.name]
    if (ex?.encodings) check(m.encodings === ex.encodings, `${where} encodings '${m.encodings}' vs '${ex.encodings}'`)
    if (c.kind === 'g') { // DuckDB shows an infinite statistic as NULL; hyparquet checks it exactly
      const dOk = (got, e) => e === null || !Number.isFinite(num(e)) ? got === null || num(got) === num(e) : num(got) === num(e)
      check(dOk(m.stats_min_value, s.mn) && dOk(m.stats_max_value, s.mx),
        `${where} stats ${m.stats_min_value}..${m.stats_max_value} vs ${s.mn}..${s.mx}`)
      continue
    }
    if (c.kind === 'd') {
      check(s.mn === null ? m.stats_min_value === null && m.stats_max_value === null
        : unscaled(m.stats_min_value) === unscaled(s.mn) && unscaled(m.stats_max_value) === unscaled(s.mx),
        `${where} stats ${m.stats_min_value}..${m.stats_max_value} vs ${s.mn}..${s.mx}`)
      continue
    }
    if (s.mn !== null && (byteLen(c, s.mn) > STATS_MAX_BYTES || byteLen(c, s.mx) > STATS_MAX_BYTES)) continue // bounds checked via hyparquet
    const emn = s.mn === null ? null : duckStatText(c, s.mn), emx = s.mx === null ? null : duckStatText(c, s.mx)
    check(m.stats_min_value === emn && m.stats_max_value === emx,
      `${where} stats ${m.stats_min_value}..${m.stats_max_value} vs ${emn}..${emx}`)
  }
  // logical / converted types
  const sch = await objs(`SELECT name, type, converted_type, scale, precision, field_id FROM parquet_schema('${file}')`)
  cols.forEach((c, k) => {
    const e = sch[k + 1]
    const want = { b: 'BOOLEAN/null', i: 'INT32/INT_32', l: 'INT64/null', g: 'DOUBLE/null', t: 'INT32/DATE',
      u: 'BYTE_ARRAY/UTF8', U: 'BYTE_ARRAY/UTF8', z: 'BYTE_ARRAY/null',
      d: `${c.precision <= 18 ? 'INT64' : 'FIXED_LEN_BYTE_ARRAY'}/DECIMAL` }[c.kind]
    check(`${e.type}/${e.converted_type}` === want, `${f} parquet_schema ${c.name} ${e.type}/${e.converted_type} vs ${want}`)
    if (c.kind === 'd') check(Number(e.scale) === c.scale && Number(e.precision) === c.precision, `${f} ${c.name} scale/precision`)
    if (spec.kv) check(Number(e.field_id) === 100 + k, `${f} ${c.name} field_id ${e.field_id}`)
  })
  if (spec.kv) {
    const kv = await objs(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${file}')`)
    check(kv.length === 2 && kv[0].k === 'origin' && kv[0].v === 'tpchgen-c test' && kv[1].k === 'empty' && kv[1].v === '',
      `${f} kv metadata ${JSON.stringify(kv)}`)
  }
  // Filters: a wrong statistic would make DuckDB skip row groups and lose rows.
  for (const [k, c] of cols.entries()) {
    if (c.kind === 'g' || c.kind === 'z' || c.kind === 'b') continue
    const vals = rows.map(r => r[k]).filter(v => v !== null).sort((a, b) => cmp(c, a, b))
    if (!vals.length) continue
    for (const pivot of [vals[0], vals[Math.floor(vals.length / 3)], vals[vals.length - 1]]) {
      const lit = c.kind === 't' ? `(DATE '1970-01-01' + (${pivot}))` : c.kind === 'u' || c.kind === 'U'
        ? `'${pivot.replace(/'/g, "''")}'` : `'${pivot}'::${DUCK_TYPE(c)}`
      for (const op of ['>=', '=', '<']) {
        const n = Number((await rowsJS(`SELECT count(*) FROM '${file}' WHERE ${q(c.name)} ${op} ${lit}`))[0][0])
        const want = rows.filter(r => r[k] !== null && (op === '>=' ? cmp(c, r[k], pivot) >= 0
          : op === '=' ? cmp(c, r[k], pivot) === 0 : cmp(c, r[k], pivot) < 0)).length
        check(n === want, `${f} duckdb filter ${c.name} ${op} ${pivot}: ${n} vs ${want}`)
      }
    }
  }
}

// ---- hyparquet: values, statistics, page index, page-index queries
function hyValue(c, v) {
  if (v === null || v === undefined) return null
  switch (c.kind) {
    case 'b': return String(v)
    case 'i': case 'l': return String(v)
    case 't': return String(Math.round((v instanceof Date ? v.getTime() : Number(v)) / 86400000))
    case 'z': return Buffer.from(v).toString('hex').toUpperCase()
    default: return v
  }
}
// A statistic the writer may have cut: equal if short, else a bound of the
// right side no longer than the limit (a max that cannot be rounded up stays whole).
function statOk(c, got, exp, isMax) {
  // parquet.thrift: a zero min is written as -0.0 and a zero max as +0.0, whatever the sign in the data
  if (c.kind === 'g' && exp !== null && num(exp) === 0) return got === 0
  if (exp === null || c.kind === 'z' || byteLen(c, exp) <= STATS_MAX_BYTES) return sameHy(c, got, exp)
  if (typeof got !== 'string') return false
  const d = cmp(c, got, exp)
  return (isMax ? d >= 0 : d <= 0) && (byteLen(c, got) <= STATS_MAX_BYTES || got === exp)
}
function sameHy(c, got, exp) {
  if (exp === null || got === null) return got === exp
  if (c.kind === 'g') return sameDouble(got, exp)
  if (c.kind === 'd') { // hyparquet decodes decimals to doubles: compare within double precision
    const e = Number(exp)
    return Math.abs(Number(got) - e) <= Math.abs(e) * 1e-15 + 10 ** -c.scale / 2
  }
  return hyValue(c, got) === exp
}

async function checkHyparquet(spec, file, check) {
  const cols = spec.columns, rows = spec.rows, f = path.basename(file)
  const buf = fs.readFileSync(file)
  const afile = await asyncBufferFromFile(file)
  const meta = await parquetMetadataAsync(afile)
  const got = await parquetReadObjects({ file: afile, compressors, utf8: false })
  check(got.length === rows.length, `${f} hyparquet row count ${got.length}`)
  let bad = 0
  got.forEach((r, i) => cols.forEach((c, k) => {
    if (!sameHy(c, r[c.name], rows[i][k]) && bad++ < 3) note(`  ${f} hyparquet row ${i} ${c.name}: ${r[c.name]} vs ${rows[i][k]}`)
  }))
  check(bad === 0, `${f} hyparquet values (${bad} cells differ)`)
  const tree = parquetSchema(meta)
  let lo = 0
  meta.row_groups.forEach((rg, g) => {
    const hi = lo + Number(rg.num_rows)
    if (spec.sorting_column >= 0) {
      check(rg.sorting_columns?.[0]?.column_idx === spec.sorting_column && rg.sorting_columns[0].descending === false,
        `${f} rg${g} sorting_columns`)
      const k = spec.sorting_column, c = cols[k]
      let sorted = true
      for (let r = lo + 1; r < hi; r++) if (cmp(c, rows[r - 1][k], rows[r][k]) > 0) sorted = false
      check(sorted, `${f} rg${g}: rows are not sorted by the declared sorting column`)
    }
    rg.columns.forEach((cc, k) => {
      const c = cols[k], st = cc.meta_data.statistics, s = stats(c, rows, k, lo, hi), where = `${f} rg${g} ${c.name}`
      check(Number(st.null_count) === s.nulls, `${where} hyparquet null_count`)
      // hyparquet renders BLOB statistics as text; those are checked through the page index bytes
      if (c.kind !== 'z') check(statOk(c, st.min_value ?? null, s.mn, false) && statOk(c, st.max_value ?? null, s.mx, true),
        `${where} hyparquet stats ${st.min_value}..${st.max_value} vs ${s.mn}..${s.mx}`)
      const cut = v => v !== null && byteLen(c, v) > STATS_MAX_BYTES
      check(s.mn === null || (st.is_min_value_exact === !cut(s.mn) && (st.is_max_value_exact === !cut(s.mx) ||
        st.max_value === s.mx)), `${where} exact flags ${st.is_min_value_exact} ${st.is_max_value_exact}`)
      const ex = spec.expect?.[c.name]
      const es = (cc.meta_data.encoding_stats || []).map(e => `${e.page_type}:${e.encoding}`).join(',')
      if (!muted && 'iltdg'.includes(c.kind) && es.includes('DICTIONARY_PAGE')) {
        coverage.dict[c.kind + (c.nullable ? '?' : '')] = (coverage.dict[c.kind + (c.nullable ? '?' : '')] || 0) + 1
        if (/DATA_PAGE(_V2)?:PLAIN/.test(es)) coverage.fallback++
      }
      if (ex?.encoding_stats) {
        check(es === ex.encoding_stats, `${where} encoding_stats ${es} vs ${ex.encoding_stats}`)
        check((cc.meta_data.dictionary_page_offset !== undefined) === es.includes('DICTIONARY_PAGE'),
          `${where} dictionary_page_offset ${cc.meta_data.dictionary_page_offset}`)
      }
      if (!spec.page_index) {
        check(cc.column_index_offset === undefined && cc.offset_index_offset === undefined, `${where} no page index`)
        return
      }
      const oiv = new DataView(buf.buffer, buf.byteOffset + Number(cc.offset_index_offset), cc.offset_index_length)
      const oi = readOffsetIndex({ view: oiv, offset: 0 })
      const npages = spec.check_pages ? Math.ceil((hi - lo) / spec.page_rows) : null
      if (npages !== null) {
        check(oi.page_locations.length === npages, `${where} pages ${oi.page_locations.length} vs ${npages}`)
        check(oi.page_locations.every((p, i) => Number(p.first_row_index) === i * spec.page_rows), `${where} first_row_index`)
      }
      if (!cc.column_index_offset) { check(c.kind === 'g', `${where} column index missing`); return }
      const civ = new DataView(buf.buffer, buf.byteOffset + Number(cc.column_index_offset), cc.column_index_length)
      // hyparquet 1.31.5 reads 4 bytes of a DATE min/max without checking the length, so the
      // empty min/max that parquet.thrift prescribes for an all-null page throws; read dates as INT32.
      const el = tree.children[k].element
      const ci = readColumnIndex({ view: civ, offset: 0 }, c.kind === 't' ? { ...el, converted_type: undefined, logical_type: undefined } : el)
      if (c.kind === 't') for (const a of [ci.min_values, ci.max_values]) a.forEach((v, i) => { if (typeof v === 'number') a[i] = new Date(v * 86400000) })
      check(ci.null_pages.length === oi.page_locations.length, `${where} column/offset index sizes`)
      let pbad = 0
      oi.page_locations.forEach((p, i) => {
        const plo = lo + Number(p.first_row_index)
        const phi = i + 1 < oi.page_locations.length ? lo + Number(oi.page_locations[i + 1].first_row_index) : hi
        const ps = stats(c, rows, k, plo, phi)
        if (ci.null_pages[i] !== (ps.nulls === phi - plo)) pbad++
        if (Number(ci.null_counts[i]) !== ps.nulls) pbad++
        if (!ci.null_pages[i] && c.kind !== 'z' && !(statOk(c, ci.min_values[i], ps.mn, false) && statOk(c, ci.max_values[i], ps.mx, true))) {
          if (pbad++ < 2) note(`  ${where} page ${i}: ${ci.min_values[i]}..${ci.max_values[i]} vs ${ps.mn}..${ps.mx}`)
        }
      })
      check(pbad === 0, `${where} column index entries (${pbad} wrong)`)
    })
    lo = hi
  })
  // Page-index pruning must not lose rows: point and range lookups on the first column.
  const c0 = cols[0]
  if ((c0.kind === 'l' || c0.kind === 'i') && rows.length) {
    const vals = rows.map(r => r[0]).filter(v => v !== null)
    for (const v of vals.length ? [vals[Math.floor(vals.length * 0.6)], vals[vals.length - 1]] : []) {
      const key = c0.kind === 'l' ? BigInt(v) : Number(v)
      const eq = await parquetQuery({ file: afile, compressors, usePageIndex: true, filter: { [c0.name]: { $eq: key } } })
      check(eq.length === vals.filter(x => x === v).length, `${f} hyparquet page-index point query ${v}: ${eq.length}`)
      const ge = await parquetQuery({ file: afile, compressors, usePageIndex: true, filter: { [c0.name]: { $gte: key } } })
      check(ge.length === vals.filter(x => BigInt(x) >= BigInt(v)).length, `${f} hyparquet page-index range query ${v}: ${ge.length}`)
    }
  }
}

// dictionary-encoded fixed-width chunks by kind ('?' = nullable), and how
// many of them went on PLAIN after dictionary pages
const coverage = { dict: {}, fallback: 0 }
const specs = fs.readdirSync(dir).filter(n => n.endsWith('.json')).sort()
const tally = { passed: 0, failed: 0 }
const check = makeCheck(tally, false)
for (const name of specs) {
  const spec = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'))
  const file = path.join(dir, spec.file)
  try {
    await checkDuckDB(spec, file, check)
    if (useHyparquet && spec.hyparquet !== false) await checkHyparquet(spec, file, check)
  } catch (e) {
    check(false, `${spec.file}: reader error ${e.message}`)
  }
}
passed += tally.passed, failed += tally.failed

// Negative control: one altered value and one altered string must be reported.
if (specs.length) {
  const spec = JSON.parse(fs.readFileSync(path.join(dir, specs[0]), 'utf8'))
  const file = path.join(dir, spec.file)
  const r = Math.floor(spec.rows.length / 2)
  const k = spec.columns.findIndex(c => c.kind === 'l' || c.kind === 'i' || c.kind === 'd')
  const s = spec.columns.findIndex(c => c.kind === 'u')
  const mutate = (col, fn) => {
    const copy = JSON.parse(JSON.stringify(spec))
    const row = copy.rows.findIndex((x, i) => i >= r && x[col] !== null)
    copy.rows[row][col] = fn(copy.rows[row][col])
    return copy
  }
  // a number column the file must hold dictionary-encoded, in the first file that has one:
  // a wrong value there must be caught as well
  const dictSpec = specs.map(n => JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')))
    .find(sp => sp.columns.some(c => 'ild'.includes(c.kind) && sp.expect?.[c.name]?.encoding_stats?.startsWith('DICTIONARY_PAGE')))
  const dictCol = dictSpec?.columns.findIndex(c => 'ild'.includes(c.kind) && dictSpec.expect?.[c.name]?.encoding_stats?.startsWith('DICTIONARY_PAGE'))
  const mutateIn = (sp, col, fn) => {
    const copy = JSON.parse(JSON.stringify(sp))
    const row = copy.rows.findIndex((x, i) => i >= Math.floor(sp.rows.length / 2) && x[col] !== null)
    copy.rows[row][col] = fn(copy.rows[row][col])
    return copy
  }
  const bump = v => v.startsWith('9') ? '8' + v.slice(1) : '9' + v.replace('-', '')
  for (const [what, bad, f] of [['number', k >= 0 && mutate(k, bump), file],
    ['string', s >= 0 && mutate(s, v => v + 'x'), file],
    [`dictionary-encoded ${dictSpec?.columns[dictCol]?.name} in ${dictSpec?.file}`,
      dictSpec && mutateIn(dictSpec, dictCol, bump), dictSpec && path.join(dir, dictSpec.file)]]) {
    if (!bad) continue
    const t = { passed: 0, failed: 0 }
    muted = true
    try {
      await checkDuckDB(bad, f, makeCheck(t, true))
      if (useHyparquet) await checkHyparquet(bad, f, makeCheck(t, true))
    } catch (e) {
      t.failed++
    }
    muted = false
    console.log(`negative control (${what} altered): ${t.failed} mismatches reported`)
    if (t.failed > 0) passed++
    else { failed++; console.log(`FAIL negative control: an altered ${what} went unnoticed`) }
  }
}
console.log(`${specs.length} files checked; dictionary-encoded fixed-width chunks by kind:`,
  JSON.stringify(coverage.dict), `, of which ${coverage.fallback} fall back to PLAIN mid-chunk`)
// The property files must exercise the fixed-width dictionary, both ways.
if (useHyparquet && specs.some(n => /^p\d+\.json$/.test(n))) {
  const kinds = Object.keys(coverage.dict).length
  if (kinds >= 5 && coverage.fallback > 0) passed++
  else { failed++; console.log(`FAIL coverage: ${kinds} fixed-width kinds dictionary-encoded, ${coverage.fallback} fallbacks`) }
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
