// bench_duckdb_parquet.mjs TBL OUT: the alternative a user would pick for
// Parquet: DuckDB converting dbgen's lineitem.tbl into a zstd Parquet file
// (DuckDB uses every core). Prints "seconds rows bytes".
import fs from 'fs'
import { DuckDBInstance } from '@duckdb/node-api'

const [tbl, out] = process.argv.slice(2)
const cols = `{'l_orderkey': 'BIGINT', 'l_partkey': 'BIGINT', 'l_suppkey': 'BIGINT', 'l_linenumber': 'INTEGER',
  'l_quantity': 'DECIMAL(15,2)', 'l_extendedprice': 'DECIMAL(15,2)', 'l_discount': 'DECIMAL(15,2)',
  'l_tax': 'DECIMAL(15,2)', 'l_returnflag': 'VARCHAR', 'l_linestatus': 'VARCHAR', 'l_shipdate': 'DATE',
  'l_commitdate': 'DATE', 'l_receiptdate': 'DATE', 'l_shipinstruct': 'VARCHAR', 'l_shipmode': 'VARCHAR',
  'l_comment': 'VARCHAR', 'dbgen_end': 'VARCHAR'}`
const con = await (await DuckDBInstance.create(':memory:')).connect()
fs.rmSync(out, { force: true })
const t0 = process.hrtime.bigint()
await con.run(`COPY (SELECT * EXCLUDE (dbgen_end) FROM read_csv('${tbl}', delim='|', header=false, quote='', escape='', columns=${cols}))
  TO '${out}' (FORMAT parquet, COMPRESSION zstd)`)
const secs = Number(process.hrtime.bigint() - t0) / 1e9
const rows = (await con.runAndReadAll(`SELECT count(*) FROM '${out}'`)).getRows()[0][0]
console.log(`${secs.toFixed(3)} ${rows} ${fs.statSync(out).size}`)
