/**
 * Pictures for the demo network: flat drawings of workshops (a wall, a shelf, a workbench, the
 * machines of the place or the project), generated here — no photo of anyone, no image from
 * elsewhere. They go through the same pipeline as an upload (checked, re-encoded, thumbnails),
 * so the demo shows places and projects the way members' photos will look.
 */
import { type IconName, iconShapes } from '../views/icons.tsx';
import { pick, type Rng } from './factories.ts';

const WALLS = ['#f4e3cf', '#dfe9ee', '#e6eedc', '#f1e6c6', '#ece0ea'];
const ACCENTS = ['#c2562c', '#1f6f9b', '#3f7d3a', '#b47b00', '#8b3f72', '#2f7a72'];

function icon(name: IconName, x: number, y: number, size: number, stroke: string, width = 1.4): string {
  const scale = size / 24;
  return `<g transform="translate(${x} ${y}) scale(${scale})" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round">${iconShapes(name)}</g>`;
}

/** A workshop scene, 1200 × 800, with the given objects on the bench and a poster on the wall. */
export function workshopScene(rng: Rng, objects: readonly IconName[]): string {
  const wall = pick(rng, WALLS);
  const accent = pick(rng, ACCENTS);
  const other = pick(
    rng,
    ACCENTS.filter((a) => a !== accent),
  );
  const parts: string[] = [];
  parts.push(`<rect width="1200" height="800" fill="${wall}"/>`);
  // Window with daylight.
  const wx = 80 + Math.floor(rng() * 120);
  parts.push(`<rect x="${wx}" y="70" width="260" height="230" rx="8" fill="#ffffff" opacity="0.85"/>`);
  parts.push(`<path d="M${wx + 130} 70v230M${wx} 185h260" stroke="${wall}" stroke-width="10"/>`);
  // Shelf with boxes and jars.
  parts.push(`<rect x="520" y="200" width="600" height="14" fill="#9a6b43"/>`);
  let x = 540;
  while (x < 1080) {
    const w = 40 + Math.floor(rng() * 70);
    const h = 40 + Math.floor(rng() * 80);
    const c = rng() < 0.5 ? accent : rng() < 0.5 ? other : '#e8d3b5';
    parts.push(
      `<rect x="${x}" y="${200 - h}" width="${w}" height="${h}" rx="6" fill="${c}" opacity="${(0.65 + rng() * 0.35).toFixed(2)}"/>`,
    );
    x += w + 14;
  }
  // A poster with the first object's icon.
  parts.push(`<rect x="600" y="250" width="170" height="210" rx="6" fill="#ffffff"/>`);
  parts.push(icon(objects[0] ?? 'bulb', 625, 280, 120, accent, 1.6));
  parts.push(`<rect x="625" y="415" width="120" height="10" rx="5" fill="${other}" opacity="0.5"/>`);
  // The workbench.
  parts.push(`<rect x="0" y="520" width="1200" height="280" fill="#b98a5e"/>`);
  parts.push(`<rect x="0" y="520" width="1200" height="26" fill="#a0744c"/>`);
  parts.push(`<rect x="0" y="546" width="1200" height="6" fill="#8a6240" opacity="0.5"/>`);
  // Objects standing on the bench: a card with the drawing of each.
  objects.slice(0, 3).forEach((o, i) => {
    const size = 200 - i * 24;
    const ox = 90 + i * 360 + Math.floor(rng() * 40);
    const oy = 535 - size;
    parts.push(`<rect x="${ox - 20}" y="${oy - 20}" width="${size + 40}" height="${size + 30}" rx="18" fill="#ffffff" opacity="0.92"/>`);
    parts.push(icon(o, ox, oy, size, i === 1 ? other : accent, 1.5));
  });
  // Tools on the bench.
  for (let i = 0; i < 4; i++) {
    const tx = 80 + Math.floor(rng() * 1000);
    parts.push(
      `<rect x="${tx}" y="${600 + Math.floor(rng() * 120)}" width="${60 + Math.floor(rng() * 60)}" height="12" rx="6" fill="#6f4d2e" opacity="0.6"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 800" width="1200" height="800">${parts.join('')}</svg>`;
}

/** What a place of each kind shows in its picture. */
export const PLACE_OBJECTS: Record<string, IconName[]> = {
  fablab: ['printer', 'scissors', 'cpu'],
  'learning-lab': ['device-laptop', 'movie', 'users'],
  cdi: ['books', 'microphone', 'printer'],
  mediatheque: ['books', 'needle-thread', 'device-laptop'],
  'espace-jeunes': ['microphone', 'movie', 'robot'],
  associatif: ['wood', 'recycle', 'needle-thread'],
};
