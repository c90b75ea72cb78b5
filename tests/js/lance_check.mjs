// lance_check.mjs - reads Lance datasets with lancedb (an independent reader)
// and compares them with the values the C tests meant to write.
//
//   node lance_check.mjs EXPECTED.json [EXPECTED2.json ...]
//
// EXPECTED.json: {"datasets":[{"path": ".../x.lance",
//     "all_versions": [1,2,...]            (optional: listVersions() must equal)
//     "schema": [[name, type, nullable], ...],
//     "versions": [{"version": N,
//                   "fragments": [[id, rows], ...]   (optional: _rowid order)
//                   "columns": [[cell, ...], ...]}]}]}
// Cells: null; numbers for int8/16/32 and date32 (day number); strings for
// int64 and decimal (unscaled 128-bit integer), hex bit patterns for
// float/double, hex bytes for strings and binary; booleans for bool.
// Every cell is read from the raw Arrow buffers, so nothing is lost in a
// conversion. The last line is "N passed, N failed".
import * as lancedb from "@lancedb/lancedb";
import * as arrow from "apache-arrow";
import { readFileSync } from "fs";
import path from "path";

let pass = 0;
let fail = 0;
export function ok(cond, msg) {
  if (cond) pass++;
  else {
    fail++;
    console.log("FAIL: " + msg);
  }
}

export function totals() {
  return { pass, fail };
}

export function typeName(t) {
  switch (t.typeId) {
    case arrow.Type.Bool: return "bool";
    case arrow.Type.Int: return (t.isSigned ? "int" : "uint") + t.bitWidth;
    case arrow.Type.Float:
      return t.precision === arrow.Precision.SINGLE ? "float" : t.precision === arrow.Precision.DOUBLE ? "double" : "half";
    case arrow.Type.Decimal: return `decimal(${t.precision},${t.scale})` + (t.bitWidth && t.bitWidth !== 128 ? `/${t.bitWidth}` : "");
    case arrow.Type.Date: return t.unit === arrow.DateUnit.DAY ? "date32" : "date64";
    case arrow.Type.Utf8: return "utf8";
    case arrow.Type.LargeUtf8: return "large_utf8";
    case arrow.Type.Binary: return "binary";
    case arrow.Type.LargeBinary: return "large_binary";
    default: return "other:" + String(t);
  }
}

const hex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex");

// The value of slot j of Arrow data chunk d, in the JSON cell encoding above.
function chunkCell(d, k) {
  if (!d.getValid(k)) return null;
  const j = d.offset + k;
  const t = d.type;
  switch (t.typeId) {
    case arrow.Type.Bool: return ((d.values[j >> 3] >> (j & 7)) & 1) === 1;
    case arrow.Type.Int: return t.bitWidth === 64 ? BigInt.asIntN(64, BigInt(d.values[j])).toString() : d.values[j];
    case arrow.Type.Date: return d.values[j];
    case arrow.Type.Float: {
      if (t.precision === arrow.Precision.SINGLE) {
        const w = new Uint32Array(d.values.buffer, d.values.byteOffset, d.values.length);
        return w[j].toString(16).padStart(8, "0");
      }
      const w = new BigUint64Array(d.values.buffer, d.values.byteOffset, d.values.length);
      return w[j].toString(16).padStart(16, "0");
    }
    case arrow.Type.Decimal: {
      let v = 0n;
      for (let w = 3; w >= 0; w--) v = (v << 32n) | BigInt(d.values[j * 4 + w]);
      return BigInt.asIntN(128, v).toString();
    }
    case arrow.Type.Utf8:
    case arrow.Type.Binary:
    case arrow.Type.LargeUtf8:
    case arrow.Type.LargeBinary: {
      const a = Number(d.valueOffsets[j]);
      const b = Number(d.valueOffsets[j + 1]);
      return hex(d.values.subarray(a, b));
    }
    default: throw new Error("unexpected Arrow type " + String(t));
  }
}

// The value of row i of vector `vec` (random access; see cells() for scans).
export function cell(vec, i) {
  let k = i;
  for (const d of vec.data) {
    if (k < d.length) return chunkCell(d, k);
    k -= d.length;
  }
  throw new Error("row out of range");
}

// All values of vector `vec`, in order.
export function cells(vec) {
  const out = [];
  for (const d of vec.data) for (let k = 0; k < d.length; k++) out.push(chunkCell(d, k));
  return out;
}

// Compares the scanned table with one expected version; returns the number
// of mismatching cells (printing the first few).
export function compareValues(label, tbl, spec, ver) {
  let bad = 0;
  spec.schema.forEach(([name], ci) => {
    const col = tbl.getChild(name);
    const want = ver.columns[ci];
    if (!col || col.length !== want.length) {
      bad++;
      console.log(`  ${label} ${name}: column missing or ${col && col.length} rows, want ${want.length}`);
      return;
    }
    const all = cells(col);
    for (let r = 0; r < want.length; r++) {
      const got = all[r];
      if (got !== want[r]) {
        if (bad++ < 5) console.log(`  ${label} row ${r} ${name}: got ${JSON.stringify(got)} want ${JSON.stringify(want[r])}`);
      }
    }
  });
  return bad;
}

function expectedRowIds(fragments) {
  const out = [];
  for (const [id, rows] of fragments) for (let o = 0; o < rows; o++) out.push(((BigInt(id) << 32n) | BigInt(o)).toString());
  return out;
}

async function checkVersion(t, spec, ver, label) {
  await t.checkout(ver.version);
  const want = ver.columns.length ? ver.columns[0].length : ver.fragments.reduce((a, f) => a + f[1], 0);
  const n = await t.countRows();
  ok(n === want, `${label}: countRows ${n}, want ${want}`);
  const tbl = await t.query().withRowId().toArrow();
  ok(tbl.numRows === want, `${label}: scan returned ${tbl.numRows} rows, want ${want}`);
  // The table's schema always; the scan's too when it returned rows (an
  // empty scan carries no schema).
  const schemas = [["schema", await t.schema()]];
  if (tbl.numRows > 0) schemas.push(["scan", tbl.schema]);
  for (const [what, sch] of schemas) {
    const fields = sch.fields.filter((f) => f.name !== "_rowid");
    ok(fields.map((f) => f.name).join() === spec.schema.map((s) => s[0]).join(), `${label}: ${what} columns ${fields.map((f) => f.name)}`);
    for (const [name, type, nullable] of spec.schema) {
      const f = fields.find((x) => x.name === name);
      ok(f && typeName(f.type) === type && f.nullable === nullable,
        `${label}: ${what} field ${name} is ${f && typeName(f.type)} nullable=${f && f.nullable}, want ${type} nullable=${nullable}`);
    }
  }
  if (want === 0) return tbl;
  if (ver.fragments) {
    const rid = tbl.getChild("_rowid");
    const exp = expectedRowIds(ver.fragments);
    let badIds = 0;
    const got = cells(rid);
    for (let i = 0; i < Math.min(exp.length, tbl.numRows); i++) if (got[i] !== exp[i]) badIds++;
    ok(badIds === 0 && exp.length === tbl.numRows, `${label}: ${badIds} row ids differ from the fragment layout`);
  }
  const bad = compareValues(label, tbl, spec, ver);
  ok(bad === 0, `${label}: ${bad} cells differ`);
  return tbl;
}

export async function checkDataset(spec) {
  const db = await lancedb.connect(path.dirname(spec.path));
  const t = await db.openTable(path.basename(spec.path).replace(/\.lance$/, ""));
  const name = path.basename(spec.path);
  if (spec.all_versions) {
    const vs = (await t.listVersions()).map((v) => v.version);
    ok(JSON.stringify(vs) === JSON.stringify(spec.all_versions), `${name}: versions ${vs}, want ${spec.all_versions}`);
  }
  let last = null;
  for (const ver of spec.versions) {
    const tbl = await checkVersion(t, spec, ver, `${name}@${ver.version}`);
    if (!last && ver.columns.some((c) => c.some((x) => x !== null))) last = { tbl, ver };
  }
  await t.checkoutLatest();
  t.close();
  return last;
}

// The negative control: the same comparison must notice one altered value.
export function negativeControl(spec, sample) {
  if (!sample) return;
  const { tbl, ver } = sample;
  const ci = ver.columns.findIndex((c) => c.some((x) => x !== null));
  const ri = ver.columns[ci].findIndex((x) => x !== null);
  const orig = ver.columns[ci][ri];
  let altered;
  if (typeof orig === "number") altered = orig + 1;
  else if (typeof orig === "boolean") altered = !orig;
  else if (/^-?[0-9]+$/.test(orig)) altered = (BigInt(orig) + 1n).toString();
  else altered = orig + "00";
  const copy = { ...ver, columns: ver.columns.map((c, i) => (i === ci ? c.map((x, r) => (r === ri ? altered : x)) : c)) };
  console.log("negative control (one expected value altered; a mismatch must be reported):");
  const bad = compareValues("control", tbl, spec, copy);
  ok(bad === 1, `negative control: ${bad} mismatches reported for one altered value`);
}

async function main() {
  const files = process.argv.slice(2);
  let sample = null;
  for (const f of files) {
    const exp = JSON.parse(readFileSync(f, "utf8"));
    for (const spec of exp.datasets) {
      const s = await checkDataset(spec);
      if (!sample && s) sample = { spec, s };
      console.log(`checked ${spec.path}`);
    }
  }
  if (sample) negativeControl(sample.spec, sample.s);
  console.log(`${pass} passed, ${fail} failed`);
  process.exit(fail ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
