#!/usr/bin/env node
// Writes src/islands/data/france-basemap.json: the base map the map island draws under the
// places when no tile server answers (school networks often block them; the test machines
// have none). Offline, from two public sources already in the project:
//  - the coast and land borders of France, overseas included, and of its neighbours: Natural
//    Earth 1:10m (public domain) through world-atlas (ISC);
//  - the borders of departments and regions, traced between the centres of communes
//    (commune-centres.json): the edge of the Voronoi cells of two communes of different
//    departments is a piece of border. Accurate to about half a commune (a few km): enough to
//    tell where one is on a map without tiles, not a cadastre.
// Run again when the commune centres change: node scripts/basemap.mjs
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Delaunay } from 'd3-delaunay';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const world = require('world-atlas/countries-10m.json');
const centres = JSON.parse(fs.readFileSync(path.join(root, 'src/domains/geo/data/commune-centres.json'), 'utf8'));
const communes = JSON.parse(fs.readFileSync(path.join(root, 'src/domains/geo/data/communes.json'), 'utf8'));

const r3 = (n) => Math.round(n * 1000) / 1000;
const countries = feature(world, world.objects.countries).features;
const france = countries.find((c) => c.properties.name === 'France');
// Metropolitan France and Corsica, with a margin: the neighbours drawn for context.
const BOX = [-6.5, 41, 10.5, 51.8];
const inBox = ([x, y]) => x >= BOX[0] && x <= BOX[2] && y >= BOX[1] && y <= BOX[3];
const NEIGHBOURS = [
  'Spain',
  'Andorra',
  'Italy',
  'Switzerland',
  'Germany',
  'Luxembourg',
  'Belgium',
  'United Kingdom',
  'Monaco',
  'Netherlands',
  'Austria',
  'Liechtenstein',
  'San Marino',
];

/** Douglas–Peucker, in degrees. */
function simplify(points, tolerance) {
  if (points.length <= 2) {
    return points;
  }
  const [ax, ay] = points[0];
  const [bx, by] = points[points.length - 1];
  let max = 0;
  let index = 0;
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i];
    const dx = bx - ax;
    const dy = by - ay;
    const d = dx === 0 && dy === 0 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * px - dx * py + bx * ay - by * ax) / Math.hypot(dx, dy);
    if (d > max) {
      max = d;
      index = i;
    }
  }
  if (max <= tolerance) {
    return [points[0], points[points.length - 1]];
  }
  return [...simplify(points.slice(0, index + 1), tolerance).slice(0, -1), ...simplify(points.slice(index), tolerance)];
}

const polygonsOf = (geometry) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);

/** Outer rings, simplified and rounded; small islands dropped unless overseas (where they are the land). */
function rings(geometry, tolerance, keep = () => true) {
  return polygonsOf(geometry)
    .map((poly) => poly[0])
    .filter(keep)
    .map((ring) => simplify(ring, tolerance).map(([x, y]) => [r3(x), r3(y)]))
    .filter((ring) => ring.length >= 4);
}

const land = rings(france.geometry, 0.004);
const neighbours = countries
  .filter((c) => NEIGHBOURS.includes(c.properties.name))
  .flatMap((c) => rings(c.geometry, 0.01, (ring) => ring.some(inBox)));

// Point in the metropolitan land (ray casting over the rings inside the box).
const metroRings = polygonsOf(france.geometry)
  .map((p) => p[0])
  .filter((ring) => ring.every(inBox));
function inside([x, y]) {
  let hit = false;
  for (const ring of metroRings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
        hit = !hit;
      }
    }
  }
  return hit;
}

// Communes of metropolitan France (with Corsica) placed exactly: their department and region.
const info = new Map(communes.map(([code, , dept, region]) => [code, { dept, region }]));
const sites = Object.entries(centres)
  .filter(([code, c]) => c[2] === 1 && info.has(code) && !info.get(code).dept.startsWith('97'))
  .map(([code, c]) => ({ x: c[1], y: c[0], ...info.get(code) }));
const delaunay = Delaunay.from(
  sites,
  (s) => s.x,
  (s) => s.y,
);
const voronoi = delaunay.voronoi([BOX[0], BOX[1], BOX[2], BOX[3]]);
const { circumcenters } = voronoi;
const { halfedges, triangles } = delaunay;

// The Voronoi edge between two neighbouring communes of different departments: a piece of
// border, cut in short pieces kept only over land (the sea and the neighbours are not France).
const segments = { region: [], department: [] };
const STEP = 0.02;
for (let e = 0; e < halfedges.length; e++) {
  const h = halfedges[e];
  if (h < e) {
    continue; // each edge once; hull edges (h = -1) have no Voronoi segment inside
  }
  const a = sites[triangles[e]];
  const b = sites[triangles[e % 3 === 2 ? e - 2 : e + 1]];
  if (a.dept === b.dept) {
    continue;
  }
  const t1 = Math.floor(e / 3);
  const t2 = Math.floor(h / 3);
  const p = [circumcenters[2 * t1], circumcenters[2 * t1 + 1]];
  const q = [circumcenters[2 * t2], circumcenters[2 * t2 + 1]];
  const length = Math.hypot(q[0] - p[0], q[1] - p[1]);
  if (length > 0.5) {
    continue; // across the sea (Corsica to the mainland) or a hole in the sampling
  }
  const n = Math.max(1, Math.ceil(length / STEP));
  const kind = a.region === b.region ? 'department' : 'region';
  for (let i = 0; i < n; i++) {
    const s = [p[0] + ((q[0] - p[0]) * i) / n, p[1] + ((q[1] - p[1]) * i) / n];
    const t = [p[0] + ((q[0] - p[0]) * (i + 1)) / n, p[1] + ((q[1] - p[1]) * (i + 1)) / n];
    if (inside([(s[0] + t[0]) / 2, (s[1] + t[1]) / 2])) {
      segments[kind].push([s, t]);
    }
  }
}

/** Join segments end to end into lines, then simplify them. */
function chain(list, tolerance) {
  const key = ([x, y]) => `${x.toFixed(5)},${y.toFixed(5)}`;
  const ends = new Map();
  list.forEach((s, i) => {
    for (const p of s) {
      const k = key(p);
      ends.set(k, [...(ends.get(k) ?? []), i]);
    }
  });
  const used = new Set();
  const lines = [];
  for (let i = 0; i < list.length; i++) {
    if (used.has(i)) {
      continue;
    }
    used.add(i);
    let line = [...list[i]];
    for (const forward of [true, false]) {
      for (;;) {
        const tip = forward ? line[line.length - 1] : line[0];
        const next = (ends.get(key(tip)) ?? []).find((j) => !used.has(j));
        if (next === undefined) {
          break;
        }
        used.add(next);
        const [s, t] = list[next];
        const other = key(s) === key(tip) ? t : s;
        if (forward) {
          line.push(other);
        } else {
          line = [other, ...line];
        }
      }
    }
    lines.push(simplify(line, tolerance).map(([x, y]) => [r3(x), r3(y)]));
  }
  return lines.filter((l) => l.length >= 2);
}

// Towns to read the map by: names of communes of 20,000 people or more, overseas included,
// with their size (the island shows the big ones first and the others as one zooms in).
const towns = communes
  .filter(([code, , , , , population]) => population >= 20_000 && centres[code])
  .map(([code, name, , , , population]) => [
    name,
    r3(centres[code][1]),
    r3(centres[code][0]),
    population >= 200_000 ? 1 : population >= 50_000 ? 2 : 3,
  ])
  .sort((a, b) => a[3] - b[3]);

const out = {
  source: 'Natural Earth 1:10m (public domain) via world-atlas; borders traced between commune centres (see scripts/basemap.mjs)',
  land,
  neighbours,
  regions: chain(segments.region, 0.006),
  departments: chain(segments.department, 0.006),
  towns,
};
const file = path.join(root, 'src/islands/data/france-basemap.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify(out));
const points = (x) => x.reduce((n, l) => n + l.length, 0);
console.log(
  `wrote ${path.relative(root, file)}: ${land.length} land rings (${points(land)} points), ${neighbours.length} neighbour rings, ` +
    `${out.regions.length} region lines (${points(out.regions)} points), ${out.departments.length} department lines (${points(out.departments)} points), ${towns.length} towns, ` +
    `${(fs.statSync(file).size / 1024).toFixed(0)} KB`,
);
