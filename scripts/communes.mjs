#!/usr/bin/env node
// Writes src/domains/geo/data/communes.json: the current French communes from
// @etalab/decoupage-administratif, as compact rows [code, name, department, region,
// "postcode postcode…", population]. The package's own file (8 MB of objects with fields
// Tisserin never reads) cost ~70 MB of memory to load; this one is about 1.4 MB.
// Run again when @etalab/decoupage-administratif is updated.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const rows = require('@etalab/decoupage-administratif/data/communes.json')
  .filter((c) => c.type === 'commune-actuelle' && c.departement && c.region)
  .map((c) => [c.code, c.nom, c.departement, c.region, (c.codesPostaux ?? []).join(' '), c.population ?? 0]);
const out = new URL('../src/domains/geo/data/communes.json', import.meta.url);
fs.writeFileSync(out, `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
console.log(`${rows.length} communes written to ${out.pathname}`);
