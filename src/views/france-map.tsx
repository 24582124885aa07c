import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useView } from './context.ts';

/**
 * Metropolitan France drawn on the server as SVG, from the base map the map island uses
 * (Natural Earth land, region borders): for figures by region, a disc per region whose area
 * says how many. No JavaScript, no tiles; the figures are always in a table beside it.
 */
type Line = Array<[number, number]>;

const BOX = { west: -5.3, east: 9.8, south: 41.25, north: 51.2 };
const WIDTH = 300;
const K = WIDTH / ((BOX.east - BOX.west) * Math.cos((46.5 * Math.PI) / 180));
const HEIGHT = Math.round((BOX.north - BOX.south) * K);

/** A longitude and latitude on the drawing, or null outside metropolitan France. */
export function project(lng: number, lat: number): [number, number] | null {
  if (lng < BOX.west || lng > BOX.east || lat < BOX.south || lat > BOX.north) {
    return null;
  }
  return [(lng - BOX.west) * Math.cos((46.5 * Math.PI) / 180) * K, (BOX.north - lat) * K];
}

/** A line as path data, points closer than half a pixel dropped. */
function pathOf(line: Line, closed: boolean): string {
  let d = '';
  let last: [number, number] | null = null;
  for (const [lng, lat] of line) {
    const x = (lng - BOX.west) * Math.cos((46.5 * Math.PI) / 180) * K;
    const y = (BOX.north - lat) * K;
    if (last && Math.abs(x - last[0]) < 0.5 && Math.abs(y - last[1]) < 0.5) {
      continue;
    }
    d += `${d ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
    last = [x, y];
  }
  return closed && d ? `${d}Z` : d;
}

const touches = (line: Line) => line.some(([lng, lat]) => lng >= BOX.west && lng <= BOX.east && lat >= BOX.south && lat <= BOX.north);

let shapes: { land: string; borders: string } | undefined;
function baseShapes() {
  if (!shapes) {
    // Built, it sits in ./data next to the bundle (scripts/build.mjs); from the sources, with the map island's data.
    const built = fileURLToPath(new URL('./data/france-basemap.json', import.meta.url));
    const file = fs.existsSync(built) ? built : fileURLToPath(new URL('../islands/data/france-basemap.json', import.meta.url));
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { land: Line[]; regions: Line[] };
    shapes = {
      land: data.land
        .filter(touches)
        .map((l) => pathOf(l, true))
        .join(''),
      borders: data.regions
        .filter(touches)
        .map((l) => pathOf(l, false))
        .join(''),
    };
  }
  return shapes;
}

export interface MapDisc {
  label: string;
  value: number;
  lat: number;
  lng: number;
}

/** Discs on the map of France, area proportional to the value, the largest first so small ones stay on top. */
export function FranceDiscMap({ id, title, description, discs }: { id: string; title: string; description: string; discs: MapDisc[] }) {
  const { locale } = useView();
  const { land, borders } = baseShapes();
  const max = Math.max(1, ...discs.map((d) => d.value));
  const placed = discs
    .map((d) => ({ ...d, at: project(d.lng, d.lat) }))
    .filter((d): d is MapDisc & { at: [number, number] } => d.at !== null && d.value > 0)
    .sort((a, b) => b.value - a.value);
  return (
    <svg class="chart france-map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-titre ${id}-desc`}>
      <title id={`${id}-titre`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <path d={land} class="map-land" />
      <path d={borders} class="map-border" />
      {placed.map((d) => {
        const r = Math.max(3, Math.sqrt(d.value / max) * 24);
        return (
          <g>
            <circle cx={d.at[0].toFixed(1)} cy={d.at[1].toFixed(1)} r={r.toFixed(1)} class="map-disc" />
            {r >= 10 && (
              <text x={d.at[0].toFixed(1)} y={(d.at[1] + 4).toFixed(1)} class="map-disc-value" text-anchor="middle">
                {d.value.toLocaleString(locale)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
