// Checks every manifest list and manifest of the tables test_iceberg_table
// wrote, decoding them with avsc, against DIR/expected.json (the inputs the C
// test used). Also checks the metadata tree is self-consistent.
//   node iceberg_manifests.mjs DIR [--negative-control]
// With --negative-control one expected value is deliberately wrong; the run
// must then report a failure (tests/sh/60_iceberg_manifests.sh checks that).
import fs from 'node:fs'
import path from 'node:path'
import { Checker, readTable, decodeBound, mapOf } from './iceberg_lib.mjs'

const [dir, flag] = process.argv.slice(2)
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'))
if (flag === '--negative-control') {
  const first = Object.keys(expected.files)[0]
  expected.files[first].qty[1] += 1
}
const c = new Checker()

function checkEntry (table, entry, fieldType, snapshotId) {
  const df = entry.data_file
  const location = table.metadata.location
  c.ok(df.file_path.startsWith(location + '/'), `${df.file_path} is under the table location`)
  const rel = df.file_path.slice(location.length + 1)
  const key = `${table.name}/${rel}`
  const want = expected.files[key]
  if (!c.ok(want !== undefined, `${key} is a file the test wrote`)) return
  c.eq(entry.status, 1, `${key} status`)
  c.eq(entry.snapshot_id, snapshotId, `${key} snapshot_id`)
  c.eq(entry.sequence_number, null, `${key} sequence_number is inherited`)
  c.eq(df.content, 0, `${key} content`)
  c.eq(df.file_format, 'PARQUET', `${key} format`)
  c.eq(Number(df.record_count), want.rows, `${key} record_count`)
  c.eq(Number(df.file_size_in_bytes), want.bytes, `${key} file_size_in_bytes`)
  c.eq(fs.statSync(path.join(table.dir, rel)).size, want.bytes, `${key} size on disk`)
  const sizes = mapOf(df.column_sizes)
  c.eq([1, 2, 3, 4, 5].map((id) => Number(sizes.get(id))), want.sizes, `${key} column_sizes`)
  c.eq(Number(mapOf(df.null_value_counts).get(5)), want.name_nulls, `${key} null count of name`)
  c.eq(Number(mapOf(df.value_counts).get(1)), want.rows, `${key} value count of id`)
  const lo = mapOf(df.lower_bounds)
  const hi = mapOf(df.upper_bounds)
  const b = (m, id) => decodeBound(fieldType.get(id), m.get(id))
  c.eq([b(lo, 1), b(hi, 1)].map(String), want.id.map(String), `${key} id bounds`)
  c.eq([b(lo, 2), b(hi, 2)], want.qty, `${key} qty bounds`)
  c.eq([b(lo, 3), b(hi, 3)].map(String), want.price, `${key} price bounds (decimal)`)
  c.eq([b(lo, 4), b(hi, 4)], want.day, `${key} day bounds (date)`)
  c.eq([b(lo, 5), b(hi, 5)], want.name, `${key} name bounds (string)`)
}

for (const [name, t] of Object.entries(expected.tables)) {
  const table = { name, dir: t.dir, ...(await readTable(t.dir)) }
  const md = table.metadata
  c.eq(md['format-version'], 2, `${name} format-version`)
  const schema = md.schemas.find((s) => s['schema-id'] === md['current-schema-id'])
  const fieldType = new Map(schema.fields.map((f) => [f.id, f.type]))
  c.eq(md['last-column-id'], Math.max(...schema.fields.map((f) => f.id)), `${name} last-column-id`)
  c.eq(md['current-snapshot-id'], md.refs.main['snapshot-id'], `${name} refs.main is current`)
  c.eq(md['last-sequence-number'], Math.max(...md.snapshots.map((s) => s['sequence-number'])),
    `${name} last-sequence-number`)
  let filesSeen = 0
  for (const { snapshot, listMeta, manifests } of table.snapshots) {
    const id = BigInt(snapshot['snapshot-id'])
    c.eq(listMeta['snapshot-id'], snapshot['snapshot-id'], `${name} list header snapshot-id`)
    c.eq(listMeta['format-version'], '2', `${name} list header format-version`)
    let totalRows = 0n
    let addedRows = 0n
    for (const { file, meta, entries } of manifests) {
      c.eq(meta.content, 'data', `${name} manifest content`)
      c.eq(meta['partition-spec'], '[]', `${name} manifest partition-spec`)
      c.eq(JSON.parse(meta.schema).fields.length, schema.fields.length, `${name} manifest schema`)
      c.eq(file.manifest_length, BigInt(fs.statSync(new URL(file.manifest_path)).size),
        `${name} manifest_length`)
      c.eq(file.added_files_count, entries.length, `${name} added_files_count`)
      const rows = entries.reduce((a, e) => a + e.data_file.record_count, 0n)
      c.eq(file.added_rows_count, rows, `${name} added_rows_count`)
      c.ok(file.sequence_number <= BigInt(snapshot['sequence-number']), `${name} manifest sequence`)
      totalRows += rows
      if (file.added_snapshot_id === id) {
        addedRows += rows
        c.eq(file.sequence_number, BigInt(snapshot['sequence-number']), `${name} new manifest sequence`)
      }
      for (const e of entries) { checkEntry(table, e, fieldType, file.added_snapshot_id); filesSeen++ }
    }
    c.eq(totalRows.toString(), snapshot.summary['total-records'], `${name} total-records`)
    c.eq(addedRows.toString(), snapshot.summary['added-records'], `${name} added-records`)
  }
  c.ok(filesSeen > 0, `${name} has data files`)
}
c.finish()
