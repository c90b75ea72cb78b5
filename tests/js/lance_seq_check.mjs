// lance_seq_check.mjs - every version of a "seq" dataset must be intact:
// version v holds rows 0..n_v-1 in order (id k, s "row-k", m 3k as a
// decimal), with n_v growing with v. Used after writers were killed with
// SIGKILL at random points.
//
//   node lance_seq_check.mjs DATASET.lance [MIN_VERSIONS]
import * as lancedb from "@lancedb/lancedb";
import path from "path";
import { cells, ok, totals } from "./lance_check.mjs";

const [ds, minVersions = "1"] = process.argv.slice(2);

// Mismatches between rows of `tbl` and the seq formula shifted by `shift`.
function mismatches(tbl, shift) {
  let bad = 0;
  const id = cells(tbl.getChild("id")), s = cells(tbl.getChild("s")), m = cells(tbl.getChild("m"));
  for (let k = 0; k < tbl.numRows; k++) {
    const want = k + shift;
    if (id[k] !== String(want) || s[k] !== Buffer.from("row-" + want).toString("hex") || m[k] !== String(3 * want)) {
      if (bad++ < 3 && shift === 0) console.log(`  row ${k}: ${id[k]} ${s[k]} ${m[k]}`);
    }
  }
  return bad;
}

const db = await lancedb.connect(path.dirname(ds));
const t = await db.openTable(path.basename(ds).replace(/\.lance$/, ""));
const vs = (await t.listVersions()).map((v) => v.version);
ok(vs.length >= Number(minVersions), `${vs.length} versions, want at least ${minVersions}`);
ok(vs.every((v, i) => v === i + 1), `versions are 1..N without gaps: ${vs}`);
// Every version is opened and counted; full scans of the first, the last
// and a few in between keep the run short when there are many versions.
const full = new Set([vs[0], vs.at(-1)]);
for (let i = 1; i < 3 && vs.length > 2; i++) full.add(vs[Math.floor((i * vs.length) / 3)]);
let prev = 0, last = null;
for (const v of vs) {
  await t.checkout(v);
  const n = await t.countRows();
  ok(n > prev, `version ${v}: ${n} rows after ${prev}`);
  prev = n;
  if (!full.has(v)) continue;
  const tbl = await t.query().toArrow();
  ok(tbl.numRows === n && mismatches(tbl, 0) === 0, `version ${v}: rows 0..${n - 1} intact`);
  last = tbl;
}
console.log(`${ds}: ${vs.length} versions, latest has ${prev} rows`);
if (last) ok(mismatches(last, 1) > 0, "negative control: rows shifted by one are reported");
const { pass, fail } = totals();
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
