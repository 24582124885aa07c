#!/usr/bin/env node
// `npm start` runs this first: bundles the server (our TypeScript, not node_modules) into
// dist/main.mjs and the client assets into dist/assets, so the running server needs neither
// tsx nor esbuild (~90 MB less memory, faster start). Takes about a second.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const started = Date.now();
fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });

await esbuild.build({
  entryPoints: [path.join(root, 'src/main.ts')],
  outfile: path.join(dist, 'main.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  define: { __PREBUILT_ASSETS__: 'true' },
  sourcemap: 'linked',
  logLevel: 'warning',
});

// The embedded database's thread (src/db/pglite-thread.ts) starts from this file, found next to
// the module that starts it: dist/main.mjs here, src/db/ from the sources.
fs.copyFileSync(path.join(root, 'src/db/pglite-worker.mjs'), path.join(dist, 'pglite-worker.mjs'));

// Data read lazily at run time by a path relative to the module (src/domains/geo/territories.ts
// reads './data/*.json'): it sits next to dist/main.mjs as it does in src.
fs.mkdirSync(path.join(dist, 'data'), { recursive: true });
for (const file of ['commune-centres.json', 'communes.json']) {
  fs.copyFileSync(path.join(root, 'src/domains/geo/data', file), path.join(dist, 'data', file));
}
// The base map, also drawn on the server (src/views/france-map.tsx reads it from ./data when built).
fs.copyFileSync(path.join(root, 'src/islands/data/france-basemap.json'), path.join(dist, 'data', 'france-basemap.json'));

// The same entries as src/lib/assets.ts builds in memory when run from source.
const ENTRIES = {
  css: { entry: 'src/views/styles.css', ext: 'css', type: 'text/css; charset=utf-8' },
  mapJs: { entry: 'src/islands/map.ts', ext: 'js', type: 'text/javascript; charset=utf-8' },
  mapCss: { entry: 'src/islands/map.css', ext: 'css', type: 'text/css; charset=utf-8' },
  suggestJs: { entry: 'src/islands/suggest.ts', ext: 'js', type: 'text/javascript; charset=utf-8' },
  editorJs: { entry: 'src/islands/editor.ts', ext: 'js', type: 'text/javascript; charset=utf-8' },
};
const manifest = {};
for (const [name, spec] of Object.entries(ENTRIES)) {
  const result = await esbuild.build({
    entryPoints: [path.join(root, spec.entry)],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    target: 'es2020',
    loader: { '.png': 'dataurl', '.svg': 'dataurl' },
    outdir: 'out',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const out = result.outputFiles.find((f) => f.path.endsWith(`.${spec.ext}`));
  const hash = createHash('sha256').update(out.contents).digest('hex').slice(0, 12);
  const file = `${name.toLowerCase()}.${hash}.${spec.ext}`;
  fs.writeFileSync(path.join(dist, 'assets', file), out.contents);
  manifest[name] = { file, type: spec.type };
}
// Data files served as they are, as src/lib/assets.ts does.
const COPIES = { basemap: { entry: 'src/islands/data/france-basemap.json', ext: 'json', type: 'application/json' } };
for (const [name, spec] of Object.entries(COPIES)) {
  const body = fs.readFileSync(path.join(root, spec.entry));
  const file = `${name.toLowerCase()}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${spec.ext}`;
  fs.writeFileSync(path.join(dist, 'assets', file), body);
  manifest[name] = { file, type: spec.type };
}
fs.writeFileSync(path.join(dist, 'assets', 'manifest.json'), JSON.stringify(manifest, null, 2));
await esbuild.stop();
console.log(`Built dist/ in ${Date.now() - started} ms`);
