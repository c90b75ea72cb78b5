// versions_check.mjs lance|iceberg DIR TABLE: one line per version of the
// table, as an independent reader sees it: "<version> <rows>". lancedb lists
// a Lance dataset's versions and checks out each; icebird reads every
// snapshot of an Iceberg table (served from a loopback HTTP server).
import fs from 'fs'
import http from 'http'
import path from 'path'

const [kind, dir, table] = process.argv.slice(2)
if (kind === 'lance') {
  const lancedb = await import('@lancedb/lancedb')
  const t = await (await lancedb.connect(dir)).openTable(table)
  for (const v of await t.listVersions()) {
    await t.checkout(v.version)
    console.log(`${v.version} ${await t.countRows()}`)
  }
} else {
  const { icebergMetadata, icebergRead } = await import('icebird')
  const root = path.resolve(dir)
  const server = http.createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname))
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end()
    const size = fs.statSync(file).size
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
    const start = m ? Number(m[1]) : 0, end = m && m[2] !== '' ? Math.min(Number(m[2]), size - 1) : size - 1
    res.writeHead(m ? 206 : 200, { 'content-length': end - start + 1, ...(m ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}) })
    if (req.method === 'HEAD') res.end(); else fs.createReadStream(file, { start, end }).pipe(res)
  })
  await new Promise(r => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${server.address().port}`
  const realFetch = globalThis.fetch
  globalThis.fetch = (u, init) => String(u).startsWith('file://')
    ? realFetch(base + '/' + path.relative(root, new URL(String(u)).pathname), init) : realFetch(u, init)
  const tableUrl = `${base}/${table}`
  const hint = fs.readFileSync(path.join(root, table, 'metadata', 'version-hint.text'), 'utf8').trim()
  const md = await icebergMetadata({ tableUrl, metadataFileName: `v${hint}.metadata.json` })
  for (const [i, snap] of md.snapshots.entries()) {
    const rows = await icebergRead({ tableUrl, metadata: { ...md, 'current-snapshot-id': snap['snapshot-id'] } })
    console.log(`${i + 1} ${rows.length}`)
  }
  server.close()
}
