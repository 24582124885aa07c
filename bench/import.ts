/**
 * Importing 10,000 rows of places as an administrator runs it: the command line
 * (`npx tisserin import`, its progress bar on standard error) on a generated `;`-separated CSV
 * of real communes, with the messes the real files have (postcodes without their leading zero,
 * swapped axes, URLs without a scheme, degrees-minutes-seconds, "TBD"). Then the same file again
 * (nothing to create: the idempotent path). Prints figures; asserts nothing.
 *
 *   npx tsx bench/import.ts                                # a fresh, empty data directory
 *   BENCH_DATA_DIR=/tmp/benchdata npx tsx bench/import.ts  # against a seeded network (dedup with 5,000 places)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { communeCentre, listDepartments, searchCommunes } from '../src/domains/geo/territories.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const dataDir = process.env.BENCH_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-bench-import-'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-import-file-'));
const file = path.join(work, 'lieux.csv');

/** Communes with a known centre, from every department (a few big ones each). */
function communes() {
  const out: Array<{ name: string; postcode: string; code: string; lat: number; lng: number }> = [];
  for (const d of listDepartments()) {
    for (const c of searchCommunes(d.name.slice(0, 3), 40)) {
      const centre = communeCentre(c.code);
      if (centre && c.postcodes[0]) {
        out.push({ name: c.name, postcode: c.postcodes[0], code: c.code, lat: centre.lat, lng: centre.lng });
      }
    }
  }
  return out;
}

function writeFile() {
  const list = communes();
  const kinds = ['Fablab', 'Médiathèque', 'Tiers-lieu', 'Espace public numérique', 'Makerspace', 'CDI', ''];
  const words = ['Atelier', 'Lab', 'Fabrique', 'Espace', 'Maison', 'Repaire', 'Ruche', 'Chantier', 'Forge', 'Cabane'];
  const lines = ['id;nom;adresse;code_postal;ville;latitude;longitude;site;type;description'];
  for (let i = 0; i < ROWS; i++) {
    const c = list[(i * 7919) % list.length] ?? list[0];
    if (!c) {
      throw new Error('no commune');
    }
    const jitter = ((i % 97) - 48) / 5000;
    let lat = (c.lat + jitter).toFixed(5).replace('.', ',');
    let lng = (c.lng - jitter).toFixed(5).replace('.', ',');
    if (i % 23 === 0) {
      [lat, lng] = [lng, lat];
    }
    if (i % 31 === 0) {
      lat = 'TBD';
      lng = 'TBD';
    }
    const postcode = i % 17 === 0 && c.postcode.startsWith('0') ? c.postcode.slice(1) : c.postcode;
    const site = i % 3 === 0 ? `www.lieu-${i}.fr` : `https://lieu-${i}.example.org`;
    const name = `${words[i % words.length]} ${c.name} ${i}`;
    lines.push(
      [
        `src-${i}`,
        name,
        `${(i % 120) + 1} rue de la République`,
        postcode,
        c.name,
        lat,
        lng,
        site,
        kinds[i % kinds.length],
        `"Un lieu pour fabriquer, apprendre et partager ; ateliers ouverts le mercredi, ${i % 5} machines."`,
      ].join(';'),
    );
  }
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
}

function run(args: string[]): Promise<{ seconds: number; stdout: string; progressLines: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tisserin', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`tisserin ${args[0]} exited ${code}: ${stderr}`));
        return;
      }
      resolve({
        seconds: (performance.now() - started) / 1000,
        stdout,
        progressLines: stderr.split('\n').filter((l) => l.startsWith('Importing')).length,
      });
    });
  });
}

writeFile();
console.log(`${ROWS} rows written to ${file} (${(fs.statSync(file).size / 1024).toFixed(0)} KiB); data directory ${dataDir}`);
await run(['migrate']);
for (const label of ['first import', 'the same file again']) {
  const r = await run(['import', file, '--source', 'Bench 10 000 lieux', '--kind', 'associatif']);
  const checked = /Checked in ([\d.]+) s: (.*)$/m.exec(r.stdout);
  const imported = /Imported in ([\d.]+) s: (.*)$/m.exec(r.stdout);
  console.log(
    `${label}: ${r.seconds.toFixed(1)} s in all (process start included); check ${checked?.[1]} s (${checked?.[2]}); import ${imported?.[1]} s (${imported?.[2]}); ${r.progressLines} progress updates`,
  );
}
if (!process.env.BENCH_KEEP_FILE) {
  fs.rmSync(work, { recursive: true, force: true });
}
