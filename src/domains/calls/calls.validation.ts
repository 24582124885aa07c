import { z } from '@hono/zod-openapi';
import { formCheckbox, markdownText, matchingList, optionalText, plainText, UUID_PATTERN } from '../../lib/validation.ts';

export const RADII = ['10', '25', '50', '100', '200'] as const;

export interface CallData {
  title: string;
  description: string;
  skills: string;
  placeSlug?: string;
  commune?: string;
  postcode?: string;
  radiusKm: number;
  remote: boolean;
  onSite: boolean;
  deadline?: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const checkbox = formCheckbox();

/** Post a call: what, which skills (names or synonyms, comma-separated), where, by when, how. */
export const CallFormInput = z
  .object({
    title: plainText({ min: 5, max: 140 }),
    description: markdownText({ max: 10_000 }).refine((v) => v.trim().length >= 10, 'v.tooShortText'),
    skills: plainText({ min: 1, max: 300 }),
    placeSlug: optionalText(100),
    commune: optionalText(100),
    postcode: z
      .union([
        z.literal(''),
        z
          .string()
          .trim()
          .regex(/^\d{4,5}$/, 'v.postcode'),
      ])
      .default('')
      .transform((v) => (v ? v.padStart(5, '0') : undefined)),
    radiusKm: z.enum(RADII, { message: 'v.choice' }).default('50').transform(Number),
    remote: checkbox,
    onSite: checkbox,
    deadline: z
      .union([
        z.literal(''),
        z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'v.date')
          .refine((d) => d >= today(), 'calls.deadlinePast'),
      ])
      .default('')
      .transform((v) => v || undefined),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.remote && !v.onSite) {
      ctx.addIssue({ code: 'custom', path: ['onSite'], message: 'calls.remoteOrOnSite' });
    }
  })
  .transform((v): CallData => ({ ...v, remote: v.remote === 'on', onSite: v.onSite === 'on' }));

export const ResponseInput = z.object({ body: plainText({ min: 10, max: 5000 }) }).strict();

/** Close a call; when fulfilled, the responders who met the need (their help is recorded for recognition). */
export const CloseInput = z
  .object({ outcome: z.enum(['fulfilled', 'closed'], { message: 'v.choice' }), helpers: matchingList(UUID_PATTERN, 50) })
  .strict();
