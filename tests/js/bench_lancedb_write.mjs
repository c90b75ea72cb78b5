// bench_lancedb_write.mjs SRC_DIR OUT_DIR: the alternative for Lance: lancedb
// writing the same lineitem rows as a Lance table from Arrow data already in
// memory (read from SRC_DIR/lineitem.lance first, not timed). Prints
// "name seconds rows bytes" for lancedb's default file format and for 2.0;
// each table stays in OUT_DIR/<name>/lineitem.lance (bytes per column are
// compared with ours afterwards).
import fs from 'fs'
import path from 'path'
import * as lancedb from '@lancedb/lancedb'

const [src, out] = process.argv.slice(2)
const data = await (await (await lancedb.connect(src)).openTable('lineitem')).query().toArrow()
const du = d => fs.readdirSync(d, { recursive: true }).map(f => path.join(d, f))
  .filter(f => fs.statSync(f).isFile()).reduce((s, f) => s + fs.statSync(f).size, 0)
const results = []
for (const [name, opts] of [['default', {}], ['2.0', { storageOptions: { new_table_data_storage_version: '2.0' } }]]) {
  const dir = path.join(out, name)
  fs.rmSync(dir, { recursive: true, force: true })
  const db = await lancedb.connect(dir)
  const t0 = process.hrtime.bigint()
  const t = await db.createTable('lineitem', data, { mode: 'create', ...opts })
  const secs = Number(process.hrtime.bigint() - t0) / 1e9
  results.push(`${name} ${secs.toFixed(3)} ${await t.countRows()} ${du(path.join(dir, 'lineitem.lance'))}`)
}
console.log(results.join('\n'))
