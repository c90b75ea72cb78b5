// lance_interop.mjs - lancedb and our writer take turns on one dataset.
//
//   node lance_interop.mjs DIR TEST_BIN
//
// DIR/v.lance is the 5-version history of `test_lance_versions write`.
// 1. lancedb's add() appends to our dataset (version 6);
// 2. our writer appends after lancedb's version (`TEST_BIN append DIR`,
//    version 7), so it reads and carries over a manifest lance wrote;
// 3. the lancedb handle from step 1, still at version 6, appends again: lance
//    must rebase onto our version 7, which needs our .txn file (version 8);
// then a fresh handle checks versions, row order, values and time travel.
import * as lancedb from "@lancedb/lancedb";
import * as arrow from "apache-arrow";
import { execFileSync } from "child_process";
import { cells, ok, totals } from "./lance_check.mjs";

const [dir, bin] = process.argv.slice(2);

// The row for `id`, as test_lance_versions.c defines it.
const row = (id) => ({
  id: BigInt(id).toString(),
  name: id % 7 ? Buffer.from("n" + id).toString("hex") : null,
  price: (BigInt(id) * 101n - 5000n).toString(),
  day: 18000 + (id % 1000),
  flag: id % 5 ? id % 2 === 1 : null,
});

function batch(ids) {
  const price = new Uint32Array(ids.length * 4);
  ids.forEach((id, i) => {
    const v = BigInt.asUintN(128, BigInt(id) * 101n - 5000n);
    for (let w = 0; w < 4; w++) price[i * 4 + w] = Number((v >> BigInt(32 * w)) & 0xffffffffn);
  });
  return new arrow.Table({
    id: arrow.vectorFromArray(ids.map(BigInt), new arrow.Int64()),
    name: arrow.vectorFromArray(ids.map((id) => (id % 7 ? "n" + id : null)), new arrow.Utf8()),
    price: arrow.makeVector(arrow.makeData({ type: new arrow.Decimal(2, 15, 128), length: ids.length, nullCount: 0, data: price })),
    day: arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: ids.length, nullCount: 0, data: new Int32Array(ids.map((id) => 18000 + (id % 1000))) })),
    flag: arrow.vectorFromArray(ids.map((id) => (id % 5 ? id % 2 === 1 : null)), new arrow.Bool()),
  });
}

const range = (a, b) => Array.from({ length: b - a }, (_, i) => a + i);
const db = await lancedb.connect(dir);
const t = await db.openTable("v");
ok((await t.countRows()) === 44, "interop: our version 5 has 44 rows");

await t.add(batch([9000, 9001]));
ok((await t.countRows()) === 46, "interop: lancedb add() on our dataset");

const out = execFileSync(bin, ["append", dir], { encoding: "utf8" });
ok(/appended version 7/.test(out), `interop: our append after lancedb's version: ${out.trim()}`);

let rebased = true;
try {
  await t.add(batch([9101]));
} catch (e) {
  rebased = false;
  console.log("  stale lancedb add failed: " + e.message);
}
ok(rebased, "interop: lancedb rebased its append onto our version (reads our .txn)");

const t2 = await (await lancedb.connect(dir)).openTable("v");
const vs = (await t2.listVersions()).map((v) => v.version);
ok(JSON.stringify(vs) === JSON.stringify(range(1, 9)), `interop: versions ${vs}`);
const wantIds = [...range(1000, 1030), ...range(4000, 4004), ...range(2000, 2010), 9000, 9001, ...range(5000, 5010), 9101];
const tbl = await t2.query().toArrow();
ok(tbl.numRows === wantIds.length, `interop: ${tbl.numRows} rows, want ${wantIds.length}`);
let bad = 0;
const cols = Object.fromEntries(Object.keys(row(0)).map((k) => [k, cells(tbl.getChild(k))]));
for (let i = 0; i < Math.min(tbl.numRows, wantIds.length); i++) {
  const want = row(wantIds[i]);
  for (const k of Object.keys(want)) {
    const got = cols[k][i];
    if (got !== want[k] && bad++ < 5) console.log(`  row ${i} ${k}: got ${JSON.stringify(got)} want ${JSON.stringify(want[k])}`);
  }
}
ok(bad === 0, `interop: ${bad} cells differ in the latest version (scan order = fragment order)`);
const f = await t2.query().where("id >= 5000 AND id < 5010").toArrow();
ok(f.numRows === 10, "interop: a filter finds our appended rows");
for (const [v, n] of [[1, 100], [5, 44], [6, 46], [7, 56]]) {
  await t2.checkout(v);
  ok((await t2.countRows()) === n, `interop: checkout(${v}) has ${n} rows`);
}
const { pass, fail } = totals();
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
