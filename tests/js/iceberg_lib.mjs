// Shared helpers for the Iceberg checks: read a table's metadata tree with
// avsc (an Avro implementation independent of the C code), decode Iceberg
// single-value bounds, and a tiny pass/fail counter.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import avro from 'avsc'

// avsc refuses longs beyond 2^53 by default; snapshot ids need all 64 bits.
const bigLong = avro.types.LongType.__with({
  fromBuffer: (buf) => buf.readBigInt64LE(),
  toBuffer: (n) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(n)); return b },
  fromJSON: BigInt,
  toJSON: Number,
  isValid: (n) => typeof n === 'bigint',
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
})

export class Checker {
  constructor () { this.passed = 0; this.failed = 0 }
  ok (cond, msg) {
    if (cond) this.passed++
    else { this.failed++; console.error(`FAIL ${msg}`) }
    return cond
  }
  eq (got, want, msg) {
    const g = typeof got === 'bigint' ? got.toString() : JSON.stringify(got)
    const w = typeof want === 'bigint' ? want.toString() : JSON.stringify(want)
    return this.ok(g === w, `${msg}: got ${g}, want ${w}`)
  }
  finish () {
    console.log(`${this.passed} passed, ${this.failed} failed`)
    process.exitCode = this.failed ? 1 : 0
  }
}

// A location URI of a local table -> file system path.
export function localPath (uri) {
  if (uri.startsWith('file:')) return fileURLToPath(uri)
  throw new Error(`not a local location: ${uri}`)
}

// All records and the header metadata of an Avro container file, via avsc.
export function readAvro (file) {
  return new Promise((resolve, reject) => {
    const records = []
    let meta = null
    avro.createFileDecoder(file, {
      parseHook: (schema) => avro.Type.forSchema(schema, { registry: { long: bigLong } }),
    })
      .on('metadata', (type, codec, header) => {
        meta = {}
        for (const [k, v] of Object.entries(header.meta)) meta[k] = v.toString()
      })
      .on('data', (r) => records.push(r))
      .on('error', reject)
      .on('end', () => resolve({ meta, records }))
  })
}

// The table as its newest metadata file describes it, every snapshot's
// manifest list and manifests decoded.
export async function readTable (dir) {
  const hint = fs.readFileSync(path.join(dir, 'metadata', 'version-hint.text'), 'utf8').trim()
  const version = Number(hint)
  const text = fs.readFileSync(path.join(dir, 'metadata', `v${version}.metadata.json`), 'utf8')
  // JSON.parse loses precision above 2^53: keep the long ids as strings too
  const metadata = JSON.parse(text.replace(/("(?:snapshot-id|current-snapshot-id|parent-snapshot-id)":\s*)(-?\d+)/g, '$1"$2"'))
  const snapshots = []
  for (const s of metadata.snapshots ?? []) {
    const list = await readAvro(localPath(s['manifest-list']))
    const manifests = []
    for (const m of list.records) {
      const man = await readAvro(localPath(m.manifest_path))
      manifests.push({ file: m, meta: man.meta, entries: man.records })
    }
    snapshots.push({ snapshot: s, listMeta: list.meta, manifests })
  }
  return { version, metadata, snapshots }
}

// Iceberg binary single-value serialization (spec Appendix D) -> JS value.
export function decodeBound (type, buf) {
  if (type === 'int' || type === 'date') return buf.readInt32LE(0)
  if (type === 'long') return buf.readBigInt64LE(0)
  if (type === 'double') return buf.readDoubleLE(0)
  if (type === 'boolean') return buf[0] !== 0
  if (type === 'string') return buf.toString('utf8')
  const m = /^decimal\((\d+),\s*(\d+)\)$/.exec(type)
  if (m) { // big-endian two's complement unscaled value
    let v = 0n
    for (const b of buf) v = (v << 8n) | BigInt(b)
    if (buf.length && buf[0] & 0x80) v -= 1n << BigInt(8 * buf.length)
    return v
  }
  return buf
}

// The map<int, X> fields of a data_file (arrays of {key, value}) as a Map.
export function mapOf (arr) {
  const out = new Map()
  for (const { key, value } of arr ?? []) out.set(key, value)
  return out
}

// Unscaled decimal integer (BigInt) -> "123.45" text.
export function decimalText (unscaled, scale) {
  const neg = unscaled < 0n
  let s = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0')
  if (scale > 0) s = s.slice(0, s.length - scale) + '.' + s.slice(s.length - scale)
  return (neg ? '-' : '') + s
}
