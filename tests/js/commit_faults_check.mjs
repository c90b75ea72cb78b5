// commit_faults_check.mjs - after the fault-injection walk (72_commit_faults.sh),
// reads every version of every case with independent readers, completely.
//
//   node commit_faults_check.mjs LIST
//
// LIST has one line per case: "lance DIR/region.lance V" or "iceberg DIR/region V".
// Every case appended region (5 rows) once per version, so version k must
// hold 5k rows: the versions must be exactly 1..V and each must read in
// full (every column of every row) with its r_regionkey values 0..4 k times.
// lancedb checks out each Lance version and scans it; icebird reads each
// Iceberg metadata version vK.metadata.json (its current snapshot) and every
// snapshot of the newest one. The last line is "N passed, N failed".
import fs from 'fs'
import path from 'path'
import { serveDirectory } from './fsfetch.mjs'

let pass = 0
let fail = 0
function ok (cond, msg) {
  if (cond) pass++
  else {
    fail++
    console.log('FAIL ' + msg)
  }
  return cond
}

// r_regionkey values of a version with k appends: 0..4, k times over.
function keysOk (keys, k) {
  const want = Array.from({ length: 5 * k }, (_, i) => String(i % 5)).sort().join(',')
  return keys.map(String).sort().join(',') === want
}

const cases = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').filter(Boolean).map((l) => {
  const [kind, dir, v] = l.split(' ')
  return { kind, dir, v: Number(v) }
})

const lancedb = cases.some((c) => c.kind === 'lance') ? await import('@lancedb/lancedb') : null
for (const c of cases.filter((c) => c.kind === 'lance')) {
  const label = `lance ${path.basename(path.dirname(c.dir))}`
  try {
    const t = await (await lancedb.connect(path.dirname(c.dir))).openTable(path.basename(c.dir, '.lance'))
    const versions = (await t.listVersions()).map((v) => v.version)
    ok(versions.join(',') === Array.from({ length: c.v }, (_, i) => i + 1).join(','),
      `${label}: versions ${versions} (want 1..${c.v})`)
    for (const v of versions) {
      await t.checkout(v)
      const tbl = await t.query().toArrow()
      ok(tbl.numRows === 5 * v, `${label} v${v}: ${tbl.numRows} rows (want ${5 * v})`)
      ok(tbl.numCols === 3 && tbl.getChild('r_comment').toArray().every((s) => typeof s === 'string'),
        `${label} v${v}: columns`)
      ok(keysOk(tbl.getChild('r_regionkey').toArray(), v), `${label} v${v}: key values`)
    }
  } catch (e) {
    ok(false, `${label}: ${e.message}`)
  }
}

const icebergCases = cases.filter((c) => c.kind === 'iceberg')
if (icebergCases.length) {
  const { icebergMetadata, icebergRead } = await import('icebird')
  const root = path.resolve(path.dirname(path.dirname(icebergCases[0].dir)))
  const server = await serveDirectory(root)
  for (const c of icebergCases) {
    const label = `iceberg ${path.basename(path.dirname(c.dir))}`
    try {
      const tableUrl = server.urlOf(path.resolve(c.dir))
      const names = fs.readdirSync(path.join(c.dir, 'metadata')).filter((n) => /^v\d+\.metadata\.json$/.test(n))
      const versions = names.map((n) => Number(n.slice(1, -14))).sort((a, b) => a - b)
      ok(versions.join(',') === Array.from({ length: c.v }, (_, i) => i + 1).join(','),
        `${label}: metadata versions ${versions} (want 1..${c.v})`)
      for (const v of versions) {
        const rows = await icebergRead({ tableUrl, metadataFileName: `v${v}.metadata.json` })
        ok(rows.length === 5 * v, `${label} v${v}: ${rows.length} rows (want ${5 * v})`)
        ok(rows.every((r) => typeof r.r_comment === 'string' && typeof r.r_name === 'string'), `${label} v${v}: columns`)
        ok(keysOk(rows.map((r) => r.r_regionkey), v), `${label} v${v}: key values`)
      }
      const md = await icebergMetadata({ tableUrl, metadataFileName: `v${c.v}.metadata.json` })
      ok(md.snapshots.length === c.v, `${label}: ${md.snapshots.length} snapshots (want ${c.v})`)
      for (const [i, snap] of md.snapshots.entries()) {
        const rows = await icebergRead({ tableUrl, metadata: { ...md, 'current-snapshot-id': snap['snapshot-id'] } })
        ok(rows.length === 5 * (i + 1), `${label} snapshot ${i + 1}: ${rows.length} rows`)
      }
    } catch (e) {
      ok(false, `${label}: ${e.message}`)
    }
  }
  server.close()
}
console.log(`${pass} passed, ${fail} failed`)
process.exitCode = fail ? 1 : 0
