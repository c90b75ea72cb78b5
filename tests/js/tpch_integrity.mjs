// tpch_integrity.mjs DIR SF: checks what must hold in TPC-H data at ANY scale
// factor, for output no reference exists for (e.g. SF 0.037 or 1.5), by
// reading DIR/*.tbl with DuckDB:
//   - row counts follow the scale factor;
//   - keys are dense and every foreign key resolves (lineitem -> orders,
//     partsupp; partsupp -> part, supplier; orders -> customer; ... ->
//     nation -> region), customers with keys divisible by 3 place no orders;
//   - each order has 1..7 lineitems numbered 1..n; o_totalprice is dbgen's
//     truncating sum over its lines; o_orderstatus follows l_linestatus;
//   - l_extendedprice = quantity x retail price; dates are ordered and in range.
// Prints "N passed, N failed"; exits 1 on any failure.
import path from 'path'
import { DuckDBInstance } from '@duckdb/node-api'
import { SCHEMA, csvColumns } from './tpch_schema.mjs'

const [dir, sfText] = process.argv.slice(2)
const con = await (await DuckDBInstance.create(':memory:')).connect()
let passed = 0, failed = 0
const one = async sql => (await con.runAndReadAll(sql)).getRows()[0][0]
async function expect(what, sql, want) {
  const got = String(await one(sql))
  if (got === String(want)) passed++
  else { failed++; console.log(`FAIL ${what}: got ${got}, want ${want}`) }
}
for (const t of Object.keys(SCHEMA)) {
  const c = csvColumns(t, [['e', 'VARCHAR']])
  await con.run(`CREATE TABLE ${t} AS SELECT * EXCLUDE (e) FROM read_csv('${path.join(dir, t + '.tbl')}', delim='|', header=false, quote='', escape='', columns={${c}})`)
}

// Expected counts, the same rule as tpchgen: below 1 dbgen's thousandths, else floor(base x SF).
const [ip, fp = ''] = sfText.split('.')
const num = BigInt(ip + fp), den = 10n ** BigInt(fp.length)
const count = base => {
  if (num < den) { const k = (1000n * num) / den; const n = (k * BigInt(base)) / 1000n; return n > 0n ? n : 1n }
  return (BigInt(base) * num) / den
}
const P = count(200000), S = count(10000), C = count(150000), O = count(1500000)
await expect('part rows', 'select count(*) from part', P)
await expect('supplier rows', 'select count(*) from supplier', S)
await expect('customer rows', 'select count(*) from customer', C)
await expect('orders rows', 'select count(*) from orders', O)
await expect('partsupp rows', 'select count(*) from partsupp', 4n * P)
await expect('nation rows', 'select count(*) from nation', 25)
await expect('dense part keys', 'select count(*) from part where p_partkey not between 1 and ' + P, 0)
await expect('dense supplier keys', 'select count(distinct s_suppkey) = count(*) and max(s_suppkey) = ' + S + ' from supplier', true)
await expect('dense customer keys', 'select count(distinct c_custkey) = count(*) and max(c_custkey) = ' + C + ' from customer', true)
await expect('sparse order keys: 8 of every 32', `select count(*) from orders where o_orderkey % 32 not between 1 and 7 and o_orderkey % 32 <> 0`, 0)
await expect('unique order keys', 'select count(distinct o_orderkey) = count(*) from orders', true)
await expect('lineitem -> orders', 'select count(*) from lineitem anti join orders on l_orderkey = o_orderkey', 0)
await expect('lineitem -> partsupp', 'select count(*) from lineitem anti join partsupp on l_partkey = ps_partkey and l_suppkey = ps_suppkey', 0)
await expect('partsupp -> part', 'select count(*) from partsupp anti join part on ps_partkey = p_partkey', 0)
await expect('partsupp -> supplier', 'select count(*) from partsupp anti join supplier on ps_suppkey = s_suppkey', 0)
await expect('partsupp: 4 distinct suppliers per part (when S >= 4)', `select count(*) from (select ps_partkey from partsupp group by 1 having count(distinct ps_suppkey) <> least(4, ${S}))`, 0)
await expect('orders -> customer', 'select count(*) from orders anti join customer on o_custkey = c_custkey', 0)
await expect('no orders from customers 3, 6, 9, ...', `select count(*) from orders where o_custkey % 3 = 0 and ${C} > 2`, 0)
await expect('customer, supplier -> nation -> region', `select (select count(*) from customer anti join nation on c_nationkey = n_nationkey)
  + (select count(*) from supplier anti join nation on s_nationkey = n_nationkey) + (select count(*) from nation anti join region on n_regionkey = r_regionkey)`, 0)
await expect('every order has 1..7 lines numbered 1..n', `select count(*) from (select l_orderkey, count(*) n, min(l_linenumber) lo, max(l_linenumber) hi
  from lineitem group by 1) where n not between 1 and 7 or lo <> 1 or hi <> n`, 0)
await expect('every order has lines', 'select count(*) from orders anti join lineitem on l_orderkey = o_orderkey', 0)
await expect('o_totalprice is the truncating sum of its lines', `select count(*) from orders join (select l_orderkey,
  sum((((l_extendedprice * 100)::BIGINT * (100 - (l_discount * 100)::BIGINT)) // 100) * (100 + (l_tax * 100)::BIGINT) // 100) t
  from lineitem group by 1) on o_orderkey = l_orderkey where (o_totalprice * 100)::BIGINT <> t`, 0)
await expect('o_orderstatus follows l_linestatus', `select count(*) from orders join (select l_orderkey, bool_and(l_linestatus = 'F') f, bool_and(l_linestatus = 'O') o
  from lineitem group by 1) on o_orderkey = l_orderkey where o_orderstatus <> case when f then 'F' when o then 'O' else 'P' end`, 0)
await expect('l_extendedprice = quantity x retail price', 'select count(*) from lineitem join part on l_partkey = p_partkey where l_extendedprice <> l_quantity * p_retailprice', 0)
await expect('dates ordered and in range', `select count(*) from lineitem join orders on l_orderkey = o_orderkey
  where l_shipdate not between o_orderdate + 1 and o_orderdate + 121 or l_commitdate not between o_orderdate + 30 and o_orderdate + 90
     or l_receiptdate not between l_shipdate + 1 and l_shipdate + 30 or o_orderdate not between date '1992-01-01' and date '1998-08-02'`, 0)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
