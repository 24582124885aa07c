import { notFound } from './errors.ts';

/** "Fablab de l'École Jean-Macé !" → "fablab-de-l-ecole-jean-mace". */
export function slugify(text: string, max = 80): string {
  const slug = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return slug || 'lieu';
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A slug from a URL, or NOT_FOUND (never a query with whatever was typed). */
export function slugOr404(value: string | undefined, what: string): string {
  if (!value || value.length > 100 || !SLUG_PATTERN.test(value)) {
    throw notFound(what);
  }
  return value;
}

/**
 * The first free slug among base, base-2, base-3…: `taken` asks the table (inside the caller's
 * transaction), `reserved` names paths that are pages of their own ("nouveau").
 */
export async function firstFreeSlug(
  base: string,
  taken: (slug: string) => Promise<boolean>,
  reserved: ReadonlySet<string> = new Set(),
): Promise<string> {
  let slug = base;
  for (let n = 2; reserved.has(slug) || (await taken(slug)); n++) {
    slug = `${base}-${n}`;
  }
  return slug;
}
