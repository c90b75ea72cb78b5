// lance_concurrent_check.mjs - after P processes each committed N appends of
// 3 rows (tag, seq, i) to one dataset at the same time: every commit landed
// in its own version, no row is lost or doubled, every version is readable.
//
//   node lance_concurrent_check.mjs DATASET.lance P N
import * as lancedb from "@lancedb/lancedb";
import path from "path";
import { cells, ok, totals } from "./lance_check.mjs";

const [ds, P, N] = process.argv.slice(2);
const procs = Number(P), commits = Number(N), total = procs * commits;
const db = await lancedb.connect(path.dirname(ds));
const t = await db.openTable(path.basename(ds).replace(/\.lance$/, ""));
const vs = (await t.listVersions()).map((v) => v.version);
ok(vs.length === total && vs.every((v, i) => v === i + 1), `versions 1..${total}: got ${vs}`);
let counts = true;
for (const v of vs) {
  await t.checkout(v);
  if ((await t.countRows()) !== 3 * v) counts = false;
}
ok(counts, "version v holds exactly v commits (3v rows)");
await t.checkoutLatest();
const tbl = await t.query().withRowId().toArrow();
ok(tbl.numRows === 3 * total, `latest has ${tbl.numRows} rows, want ${3 * total}`);
const tag = cells(tbl.getChild("tag")), seq = cells(tbl.getChild("seq")), idx = cells(tbl.getChild("i"));
const rid = cells(tbl.getChild("_rowid")).map(BigInt);
const seen = new Map();
const lastSeq = new Map();
let inOrder = true;
for (let r = 0; r < tbl.numRows; r++) {
  const key = `${tag[r]}/${seq[r]}/${idx[r]}`;
  seen.set(key, (seen.get(key) || 0) + 1);
  if (idx[r] === 0) {
    if (lastSeq.has(tag[r]) && lastSeq.get(tag[r]) >= seq[r]) inOrder = false;
    lastSeq.set(tag[r], seq[r]);
  }
}
let missing = 0;
for (let p = 1; p <= procs; p++)
  for (let s = 0; s < commits; s++) for (let i = 0; i < 3; i++) if (seen.get(`${p}/${s}/${i}`) !== 1) missing++;
ok(missing === 0 && seen.size === 3 * total, `${missing} of ${3 * total} rows missing or doubled`);
ok(inOrder, "each process's commits appear in its commit order (ascending fragment ids)");
const frags = new Set(rid.map((x) => x >> 32n));
ok(frags.size === total, `${frags.size} distinct fragment ids, want ${total}`);
const { pass, fail } = totals();
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
