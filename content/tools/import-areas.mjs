#!/usr/bin/env node
// Generate <pack>/areas.json (kecamatan and desa/kelurahan) from the CSV files
// shipped by the npm package "idn-area-data".
//
// Usage: node import-areas.mjs <pack-dir> <regency-code>
//   e.g. node import-areas.mjs ../pati 33.18
//        node import-areas.mjs ../pekalongan 33.75
//
// Village codes have the form PP.RR.DD.VVVV; by the Kemendagri convention the
// 4-digit village part starts with 1 for a kelurahan and 2 for a desa.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, 'node_modules', 'idn-area-data');
const dataDir = join(pkgDir, 'data');

function die(msg) {
  console.error(`import-areas: ${msg}`);
  process.exit(1);
}

const [, , packArg, regencyCode] = process.argv;
if (!packArg || !regencyCode) die('usage: node import-areas.mjs <pack-dir> <regency-code, e.g. 33.18>');
if (!/^\d{2}\.\d{2}$/.test(regencyCode)) die(`regency code must look like 33.18, got "${regencyCode}"`);
const packDir = resolve(process.cwd(), packArg);
if (!existsSync(packDir)) die(`pack directory ${packDir} does not exist`);
if (!existsSync(dataDir)) die(`${dataDir} not found; run "npm ci" in content/tools first`);

// Minimal RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h.trim(), (r[j] ?? '').trim()])));
}

function readCsv(name) {
  return parseCsv(readFileSync(join(dataDir, name), 'utf8'));
}

// Names in the package are mostly already in title case. Only normalise names
// that are written in capitals, keeping roman numerals (I, II, IV...) upper case.
const ROMAN = /^(?=[IVXLC]+$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;
function titleCase(name) {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (clean !== clean.toUpperCase()) return clean;
  return clean
    .toLowerCase()
    .replace(/[a-z0-9]+/g, (w) => (ROMAN.test(w.toUpperCase()) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)));
}

function byCode(a, b) {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

const regency = readCsv('regencies.csv').find((r) => r.code === regencyCode);
if (!regency) die(`regency ${regencyCode} not found in regencies.csv`);

const kecamatan = readCsv('districts.csv')
  .filter((d) => d.regency_code === regencyCode)
  .map((d) => ({ code: d.code, name: titleCase(d.name) }))
  .sort(byCode);
const kecCodes = new Set(kecamatan.map((k) => k.code));

const desa = readCsv('villages.csv')
  .filter((v) => kecCodes.has(v.district_code))
  .map((v) => {
    const part = v.code.split('.')[3] ?? '';
    let kind;
    if (part.startsWith('1')) kind = 'kelurahan';
    else if (part.startsWith('2')) kind = 'desa';
    else die(`cannot tell desa/kelurahan from village code ${v.code}`);
    return { code: v.code, kecamatan: v.district_code, name: titleCase(v.name), kind };
  })
  .sort(byCode);

const out = {
  source:
    `idn-area-data ${pkg.version} (https://github.com/fityannugroho/idn-area-data), ` +
    `(c) Fityan Nugroho and contributors, based on official Kemendagri area codes. ` +
    `Data made available under the Open Database License (ODbL) 1.0: https://opendatacommons.org/licenses/odbl/1-0/`,
  kecamatan,
  desa,
};

const target = join(packDir, 'areas.json');
writeFileSync(target, JSON.stringify(out, null, 2) + '\n', 'utf8');
const kel = desa.filter((d) => d.kind === 'kelurahan').length;
console.log(
  `${regency.name} (${regencyCode}): ${kecamatan.length} kecamatan, ${desa.length} desa/kelurahan ` +
    `(${desa.length - kel} desa, ${kel} kelurahan) -> ${target}`,
);
