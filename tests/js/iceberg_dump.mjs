// Prints every row of an Iceberg table as read by icebird, one JSON array of
// canonical texts per line (tests/golden/README.md): dates YYYY-MM-DD,
// decimals with their scale's digits, integers and strings as they are.
//   node iceberg_dump.mjs TABLE_DIR
import path from 'node:path'
import { icebergMetadata, icebergRead } from 'icebird'
import { serveDirectory } from './fsfetch.mjs'

const dir = path.resolve(process.argv[2])
const server = await serveDirectory(path.dirname(dir))
const tableUrl = server.urlOf(dir)
const hint = (await import('node:fs')).readFileSync(path.join(dir, 'metadata', 'version-hint.text'), 'utf8').trim()
const metadataFileName = `v${hint}.metadata.json`
const md = await icebergMetadata({ tableUrl, metadataFileName })
const schema = md.schemas.find((s) => s['schema-id'] === md['current-schema-id'])
const rows = await icebergRead({ tableUrl, metadataFileName })
const text = (type, v) => {
  if (type === 'date') return v.toISOString().slice(0, 10)
  const dec = /^decimal\(\d+,(\d+)\)$/.exec(type)
  if (dec) return typeof v === 'number' ? v.toFixed(Number(dec[1])) : String(v)
  return String(v)
}
const out = rows.map((r) => JSON.stringify(schema.fields.map((f) => text(f.type, r[f.name]))))
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''))
if (server.close) await server.close()
