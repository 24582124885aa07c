import { raw } from 'hono/html';
import { ICON_NODES } from './icons.generated.ts';

export type IconName = keyof typeof ICON_NODES;

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

// Each icon's inner markup, built once: the nodes are constants from the generated file.
const INNER = new Map<IconName, string>(
  (Object.keys(ICON_NODES) as IconName[]).map((name) => [
    name,
    ICON_NODES[name]
      .map(
        ([tag, attrs]) =>
          `<${tag} ${Object.entries(attrs)
            .map(([k, v]) => `${k}="${escapeAttr(v)}"`)
            .join(' ')}/>`,
      )
      .join(''),
  ]),
);

/** An icon's shapes as SVG markup, without the <svg> around them: for pictures that draw icons. */
export const iconShapes = (name: IconName): string => INNER.get(name) ?? '';

/**
 * An inline SVG icon (Tabler), decorative: hidden from assistive technologies, so the link or
 * button it sits in must carry its own words (visible, or in a visually-hidden span).
 * Stroke and size come from the stylesheet (`.icon`): no style attribute, as the CSP wants.
 */
export function Icon({ name, class: extra }: { name: IconName; class?: string }) {
  return raw(
    `<svg class="icon${extra ? ` ${extra}` : ''}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${iconShapes(name)}</svg>`,
  );
}
