import { z } from '@hono/zod-openapi';
import { markdownText, optionalText, plainText } from '../../lib/validation.ts';

/** Tags as typed ("robotique, Fablab scolaire"): words made into short labels, eight at most. */
export function parseTags(raw: string | undefined): string[] {
  const tags = (raw ?? '')
    .split(/[,;#\n]/)
    .map((t) =>
      t
        .trim()
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40),
    )
    .filter(Boolean);
  return [...new Set(tags)].slice(0, 8);
}

export const TAG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const PublicationInput = z.object({
  publisher: z.string().regex(/^(moi|lieu:[a-z0-9-]{1,100}|communaute:[a-z0-9-]{1,100})$/, 'v.choice'),
  title: plainText({ min: 3, max: 160 }),
  summary: optionalText(300),
  body: markdownText({ max: 40_000 }).refine((b) => b.trim().length > 0, 'v.required'),
  tags: z.string().max(400).optional(),
  coverAlt: optionalText(200),
});
export type PublicationData = z.output<typeof PublicationInput>;

export const PublicationEditInput = PublicationInput.omit({ publisher: true });
export type PublicationEditData = z.output<typeof PublicationEditInput>;

export const HideInput = z.object({ note: plainText({ min: 5, max: 500 }) });
