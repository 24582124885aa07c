import { z } from '@hono/zod-openapi';
import { choiceList, markdownText, optionalText, plainText, webUrl } from '../../lib/validation.ts';
import { codes } from '../places/places.vocabulary.ts';
import { JOIN_POLICIES, SCALES } from './communities.schema.ts';
import { DOMAINS, EXPERTISES } from './communities.vocabulary.ts';

export const EXPERTISE_CODES = codes(EXPERTISES);
export const DOMAIN_CODES = codes(DOMAINS);

export interface CommunityData {
  name: string;
  scale: (typeof SCALES)[number];
  scaleCode?: string;
  oneLiner: string;
  objectives: string;
  activities: string;
  expertises: string[];
  domains: string[];
  links: Array<{ label: string; url: string }>;
  joinPolicy: (typeof JOIN_POLICIES)[number];
}

export const CommunityFormInput = z
  .object({
    name: plainText({ min: 3, max: 120 }),
    scale: z.enum(SCALES, { message: 'v.choice' }),
    scaleCode: optionalText(10),
    oneLiner: plainText({ min: 10, max: 300 }),
    objectives: markdownText({ max: 10_000 }).default(''),
    activities: markdownText({ max: 10_000 }).default(''),
    expertises: choiceList(EXPERTISE_CODES),
    domains: choiceList(DOMAIN_CODES),
    link1Label: optionalText(60),
    link1Url: z.union([z.literal(''), webUrl()]).default(''),
    link2Label: optionalText(60),
    link2Url: z.union([z.literal(''), webUrl()]).default(''),
    joinPolicy: z.enum(JOIN_POLICIES, { message: 'v.choice' }).default('open'),
  })
  .strict()
  .transform(
    (v): CommunityData => ({
      name: v.name,
      scale: v.scale,
      scaleCode: v.scale === 'france' ? undefined : v.scaleCode,
      oneLiner: v.oneLiner,
      objectives: v.objectives,
      activities: v.activities,
      expertises: v.expertises,
      domains: v.domains,
      links: [
        v.link1Url ? { label: v.link1Label || new URL(v.link1Url).hostname, url: v.link1Url } : null,
        v.link2Url ? { label: v.link2Label || new URL(v.link2Url).hostname, url: v.link2Url } : null,
      ].filter((l): l is { label: string; url: string } => !!l),
      joinPolicy: v.joinPolicy,
    }),
  );

export const PostInput = z
  .object({ title: plainText({ min: 3, max: 160 }), body: markdownText({ max: 20_000 }).refine((b) => b.trim().length > 0, 'v.required') })
  .strict();

export const MemberRoleInput = z.object({ role: z.enum(['member', 'referent', 'remove'], { message: 'v.choice' }) }).strict();
