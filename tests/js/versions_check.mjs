// versions_check.mjs lance|iceberg DIR TABLE: one line per version of the
// table, as an independent reader sees it: "<version> <rows>". lancedb lists
// a Lance dataset's versions and checks out each; icebird reads every
// snapshot of an Iceberg table (its fetch() answered from the files).
import fs from 'fs'
import { serveDirectory } from './fsfetch.mjs'
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
  const server = await serveDirectory(dir)
  const tableUrl = server.urlOf(table)
  const hint = fs.readFileSync(path.join(dir, table, 'metadata', 'version-hint.text'), 'utf8').trim()
  const md = await icebergMetadata({ tableUrl, metadataFileName: `v${hint}.metadata.json` })
  for (const [i, snap] of md.snapshots.entries()) {
    const rows = await icebergRead({ tableUrl, metadata: { ...md, 'current-snapshot-id': snap['snapshot-id'] } })
    console.log(`${i + 1} ${rows.length}`)
  }
  server.close()
}
