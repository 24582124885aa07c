import { iconShapes } from '../../views/icons.tsx';
import { hash } from '../../views/illustration.ts';

/** [disc, ring, ribbon] from the brand's palette. */
const PALETTES = [
  ['#f3d9c4', '#8a3b12', '#b5562a'],
  ['#d5e6ee', '#1f5f8b', '#3d7fae'],
  ['#dde9d3', '#3d6b2a', '#5b8c44'],
  ['#f1e1b8', '#7a5200', '#a4761c'],
  ['#ead7e4', '#74365f', '#96537f'],
  ['#d8e4e1', '#23645a', '#3f8577'],
] as const;

/**
 * A badge's picture when nobody uploaded one: a medal with a ribbon and an icon (a certificate
 * for the network's badges, a building for a place's). Shapes only, no text: it renders the
 * same on any server, with or without fonts.
 */
export function badgeSvg(seed: string, placeBadge: boolean): string {
  const [disc, ring, ribbon] = PALETTES[hash(seed) % PALETTES.length] ?? PALETTES[0];
  const icon = iconShapes(placeBadge ? 'building-community' : 'certificate');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
<path d="M176 300 L120 480 L186 446 L218 506 L256 360 Z" fill="${ribbon}"/>
<path d="M336 300 L392 480 L326 446 L294 506 L256 360 Z" fill="${ribbon}"/>
<circle cx="256" cy="220" r="190" fill="${ring}"/>
<circle cx="256" cy="220" r="160" fill="${disc}"/>
<circle cx="256" cy="220" r="140" fill="none" stroke="${ring}" stroke-width="4" stroke-dasharray="10 8"/>
<g transform="translate(160 124) scale(8)" fill="none" stroke="${ring}" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${icon}</g>
</svg>`;
}

/** The picture as a 512 × 512 PNG (what Open Badges baking needs). */
export async function badgePng(seed: string, placeBadge: boolean): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(badgeSvg(seed, placeBadge)))
    .png({ compressionLevel: 9 })
    .toBuffer();
}
