import { createRng } from '../lib/random.ts';
import { slugify } from '../lib/slug.ts';
import { ICON_NODES } from './icons.generated.ts';
import { type IconName, iconShapes } from './icons.tsx';

/**
 * Generated illustrations: what a card or a page shows when nobody has uploaded a photo or a
 * cover. Deterministic (the same seed always gives the same picture, so it caches forever),
 * drawn from the brand's palette, with the icon of what it stands for (a fablab, a skill…).
 * No external image, no script: plain SVG served from our origin.
 */

/** Palettes of [background, lighter, darker, pale strands], all light text-free backgrounds. */
const PALETTES: ReadonlyArray<readonly [string, string, string, string]> = [
  ['#f3d9c4', '#f9e9dc', '#8a3b12', '#e3b592'],
  ['#d5e6ee', '#e8f1f6', '#1f5f8b', '#a9cadb'],
  ['#dde9d3', '#edf4e7', '#3d6b2a', '#b7d2a4'],
  ['#f1e1b8', '#f8efd6', '#7a5200', '#dcc383'],
  ['#ead7e4', '#f4e9f0', '#74365f', '#d2aec6'],
  ['#d8e4e1', '#eaf1ef', '#23645a', '#a9c9c2'],
];

/** FNV-1a: a small, stable hash of the seed. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

function iconPaths(name: IconName, stroke: string, width: number): string {
  return `<g fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round">${iconShapes(name)}</g>`;
}

export interface IllustrationOptions {
  seed: string;
  icons: readonly IconName[];
  width?: number;
  height?: number;
}

/** An SVG picture (4:3 by default): woven strands, soft shapes and the icon(s) in a medallion. */
export function illustrationSvg({ seed, icons, width = 480, height = 360 }: IllustrationOptions): string {
  const h = hash(seed);
  const rand = createRng(h);
  const [bg, light, dark, strand] = PALETTES[h % PALETTES.length] ?? PALETTES[0] ?? ['#eee', '#fff', '#333', '#ccc'];
  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="${bg}"/>`);
  // Soft shapes in the background.
  for (let i = 0; i < 3; i++) {
    const cx = r1(rand() * width);
    const cy = r1(rand() * height);
    const r = r1((0.18 + rand() * 0.25) * Math.max(width, height));
    parts.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="${light}" opacity="${r1(0.5 + rand() * 0.4)}"/>`);
  }
  // Woven strands: two families of gentle curves crossing.
  const strands: string[] = [];
  const n = 5 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) {
    const y = r1(((i + 0.5) / n) * height);
    const bend = r1((rand() - 0.5) * height * 0.25);
    strands.push(`<path d="M${-20} ${y} Q ${r1(width / 2)} ${r1(y + bend)} ${width + 20} ${r1(y - bend / 2)}"/>`);
  }
  for (let i = 0; i < n - 1; i++) {
    const x = r1(((i + 0.5) / (n - 1)) * width);
    const bend = r1((rand() - 0.5) * width * 0.2);
    strands.push(`<path d="M${x} ${-20} Q ${r1(x + bend)} ${r1(height / 2)} ${r1(x - bend / 2)} ${height + 20}"/>`);
  }
  parts.push(
    `<g fill="none" stroke="${strand}" stroke-width="${r1(width / 90)}" stroke-linecap="round" opacity="0.7">${strands.join('')}</g>`,
  );
  // The medallion(s) with the icon(s).
  const shown = icons.slice(0, 3);
  const size = Math.min(width, height) * (shown.length > 1 ? 0.3 : 0.42);
  shown.forEach((icon, i) => {
    const cx = width / 2 + (i - (shown.length - 1) / 2) * size * 1.25;
    const cy = height / 2 + (shown.length > 1 ? (i % 2 === 0 ? -1 : 1) * size * 0.12 : 0);
    parts.push(`<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${r1(size / 2 + size * 0.04)}" fill="${dark}" opacity="0.12"/>`);
    parts.push(`<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${r1(size / 2)}" fill="#ffffff"/>`);
    const scale = (size * 0.56) / 24;
    parts.push(
      `<g transform="translate(${r1(cx - 12 * scale)} ${r1(cy - 12 * scale)}) scale(${Math.round(scale * 1000) / 1000})">${iconPaths(icon, dark, 1.6)}</g>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

export const ILLUSTRATION_SEED = /^[a-z0-9-]{1,90}$/;

/** What a kind of place looks like in its illustration. */
const PLACE_KIND_ICONS: Record<string, IconName> = {
  fablab: 'tools',
  'learning-lab': 'school',
  cdi: 'books',
  mediatheque: 'books',
  'espace-jeunes': 'backpack',
  'tiers-lieu-scolaire': 'school',
  campus: 'school',
  associatif: 'home-heart',
  makerspace: 'hammer',
  'espace-numerique': 'device-laptop',
  'centre-social': 'heart-handshake',
  'living-lab': 'flask',
};

/** Icons for the words of a project's title or its skills, first match wins. */
const THEME_ICONS: ReadonlyArray<readonly [RegExp, IconName]> = [
  [/robot|thymio/i, 'robot'],
  [/fanzine|écri|journal|lecture/i, 'writing'],
  [/arduino|électroni|circuit|badge|météo|capteur/i, 'cpu'],
  [/podcast|radio|son\b/i, 'microphone'],
  [/film|vidéo|court métrage|animation/i, 'movie'],
  [/jeu vidéo|scratch|programm|code/i, 'code'],
  [/laser|grav|découp/i, 'scissors'],
  [/impri|3d/i, 'printer'],
  [/couture|brod|textile/i, 'needle-thread'],
  [/bois|menuis|mobilier/i, 'wood'],
  [/répar|repair/i, 'recycle'],
  [/jardin|potager|plante|chaleur|climat/i, 'plant'],
  [/photo/i, 'camera'],
  [/dessin|graphis|affiche|arts/i, 'palette'],
  [/échecs|jeu de société|jeux/i, 'puzzle'],
  [/impact|mesur|indicat/i, 'chart-bar'],
  [/écoute|usager/i, 'ear'],
  [/financ|partenar/i, 'heart-handshake'],
  [/accueil|classe/i, 'school'],
  [/document|licence|guide/i, 'file-text'],
];

/** The URL of a generated illustration (cached forever: the picture never changes for a seed). */
export function illustrationUrl(seed: string, icons: readonly IconName[]): string {
  return `/illustrations/${icons.slice(0, 3).join('+')}/${slugify(seed, 90)}.svg`;
}

/** A place's picture: the icon of its first kind. */
export function placeIllustration(slug: string, kinds: readonly string[]): string {
  return illustrationUrl(slug, [PLACE_KIND_ICONS[kinds[0] ?? ''] ?? 'building-community']);
}

/** The icon a project's or guide's title suggests (a robot, a printer, a microphone…), or a bulb / a book. */
export function documentIcon(title: string, kind: 'project' | 'guide' = 'project'): IconName {
  return THEME_ICONS.find(([re]) => re.test(title))?.[1] ?? (kind === 'guide' ? 'book' : 'bulb');
}

/** A project's or guide's picture: the icon its title suggests. */
export function documentIllustration(slug: string, title: string, kind: 'project' | 'guide'): string {
  return illustrationUrl(slug, [documentIcon(title, kind)]);
}

export function isIconName(name: string): name is IconName {
  return Object.hasOwn(ICON_NODES, name);
}
