// lance_foreign.mjs - Lance datasets that lancedb creates, for our writer to
// append to (tests/sh/53_lance_foreign.sh), and the check after the append.
//
//   node lance_foreign.mjs create SRC DST VERSION
//       lancedb writes every table of SRC (our TPC-H Lance output) again as
//       DST/<table>.lance, in data storage version VERSION ("2.1", or
//       "default" for lancedb's own default)
//   node lance_foreign.mjs check SRC DST
//       after our `tpchgen --mode append` of the same tables into DST, per
//       table: versions [1, 2], 2n rows, and both halves of the scan equal
//       SRC's rows cell by cell (raw Arrow buffers, see lance_check.mjs).
// The last line is "N passed, N failed".
import * as lancedb from "@lancedb/lancedb";
import { readdirSync } from "fs";
import { cells, ok, totals } from "./lance_check.mjs";

const [cmd, src, dst, version] = process.argv.slice(2);
const tables = readdirSync(src)
  .filter((f) => f.endsWith(".lance"))
  .map((f) => f.slice(0, -".lance".length))
  .sort();
const from = await lancedb.connect(src);
const to = await lancedb.connect(dst);

if (cmd === "create") {
  const opts = version === "default" ? {} : { storageOptions: { new_table_data_storage_version: version } };
  for (const t of tables) {
    const data = await (await from.openTable(t)).query().toArrow();
    await to.createTable(t, data, { mode: "create", ...opts });
  }
  console.log(`lancedb wrote ${tables.length} tables (${version})`);
  process.exit(0);
}

for (const t of tables) {
  const ours = await (await from.openTable(t)).query().toArrow();
  const n = ours.numRows;
  const tbl = await to.openTable(t);
  const vs = (await tbl.listVersions()).map((v) => v.version);
  ok(JSON.stringify(vs) === "[1,2]", `${t}: versions ${vs}`);
  const got = await tbl.query().toArrow();
  ok(got.numRows === 2 * n, `${t}: ${got.numRows} rows after our append, want ${2 * n}`);
  let bad = 0;
  for (const f of ours.schema.fields) {
    const want = cells(ours.getChild(f.name));
    const have = got.getChild(f.name) ? cells(got.getChild(f.name)) : [];
    for (let i = 0; i < 2 * n; i++) {
      if (have[i] !== want[i % n] && bad++ < 3) console.log(`  ${t}.${f.name} row ${i}: ${have[i]} want ${want[i % n]}`);
    }
  }
  ok(bad === 0, `${t}: ${bad} cells differ (rows 0..n lancedb's, n..2n ours, both must equal the source)`);
  await tbl.checkout(1);
  ok((await tbl.countRows()) === n, `${t}: version 1 (lancedb's) has ${n} rows`);
}
// negative control: a shifted comparison must differ
const t0 = await (await from.openTable(tables[0])).query().toArrow();
const c0 = cells(t0.getChild(t0.schema.fields[0].name));
ok(c0.some((v, i) => i > 0 && v !== c0[i - 1]), "negative control: shifted cells compare equal");
const { pass, fail } = totals();
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
