import { z } from '@hono/zod-openapi';
import { SLUG_PATTERN } from '../../lib/slug.ts';
import { choiceList, matchingList, optionalText, plainText, webUrl } from '../../lib/validation.ts';
import { codes } from '../places/places.vocabulary.ts';
import { DIGESTS, PROFILE_FIELDS, VISIBILITIES, type Visibilities } from './people.schema.ts';
import { NETWORK_ROLES, OPEN_TO, PLACE_ROLES, TEACHING_LEVELS } from './people.vocabulary.ts';

export const ROLE_CODES = codes(NETWORK_ROLES);
export const OPEN_TO_CODES = codes(OPEN_TO);
export const TEACHING_LEVEL_CODES = codes(TEACHING_LEVELS);
export const PLACE_ROLE_CODES = codes(PLACE_ROLES);

/** Privacy by default: every field starts visible to signed-in members only. */
const LINKS = 3;

export const DEFAULT_VISIBILITY: Visibilities = {
  bio: 'members',
  photo: 'members',
  roles: 'members',
  territory: 'members',
  places: 'members',
  skills: 'members',
  openTo: 'members',
  links: 'members',
};

export interface ProfileData {
  displayName: string;
  bio: string;
  networkRoles: string[];
  teachingDiscipline?: string;
  teachingLevel?: string;
  commune?: string;
  postcode?: string;
  openTo: string[];
  links: Array<{ label: string; url: string }>;
  visibility: Visibilities;
  digest: (typeof DIGESTS)[number];
}

const visibilityField = z.enum(VISIBILITIES, { message: 'v.choice' }).default('members');

function linkFields(): Record<string, z.ZodType> {
  const fields: Record<string, z.ZodType> = {};
  for (let i = 1; i <= LINKS; i++) {
    fields[`link${i}Label`] = optionalText(60);
    fields[`link${i}Url`] = z.union([z.literal(''), webUrl()]).default('');
  }
  return fields;
}

/** The profile form: text fields, checkbox groups, three links, one visibility per field. */
export const ProfileFormInput = z
  .object({
    displayName: plainText({ min: 2, max: 80 }),
    bio: plainText({ max: 1000 }).default(''),
    networkRoles: choiceList(ROLE_CODES),
    teachingDiscipline: optionalText(80),
    teachingLevel: z.union([z.literal(''), z.enum(TEACHING_LEVEL_CODES, { message: 'v.choice' })]).default(''),
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
      .transform((v) => (v ? v.padStart(5, '0') : '')),
    openTo: choiceList(OPEN_TO_CODES),
    ...linkFields(),
    ...Object.fromEntries(PROFILE_FIELDS.map((f): [string, typeof visibilityField] => [`vis_${f}`, visibilityField])),
    digest: z.enum(DIGESTS, { message: 'v.choice' }).default('weekly'),
  })
  .strict()
  .transform((v): ProfileData => {
    const values = v as unknown as Record<string, string | undefined>;
    const links: ProfileData['links'] = [];
    for (let i = 1; i <= LINKS; i++) {
      const url = values[`link${i}Url`];
      if (url) {
        links.push({ label: values[`link${i}Label`] || new URL(url).hostname, url });
      }
    }
    return {
      displayName: v.displayName,
      bio: v.bio,
      networkRoles: v.networkRoles,
      teachingDiscipline: v.teachingDiscipline,
      teachingLevel: v.teachingLevel || undefined,
      commune: v.commune,
      postcode: v.postcode || undefined,
      openTo: v.openTo,
      links,
      visibility: Object.fromEntries(PROFILE_FIELDS.map((f) => [f, values[`vis_${f}`] ?? 'members'])) as Visibilities,
      digest: v.digest,
    };
  });

export const LINK_COUNT = LINKS;

/** Skills chosen in the list (`skill`, slugs), or typed by name (`skills`, comma-separated: for the API and old links). */
export const DeclareSkillInput = z
  .object({
    skill: matchingList(SLUG_PATTERN, 60),
    skills: plainText({ min: 0, max: 300 }).optional(),
    level: z.enum(['1', '2', '3'], { message: 'v.choice' }).transform((l) => Number(l) as 1 | 2 | 3),
  })
  .strict()
  .refine((v) => v.skill.length > 0 || (v.skills ?? '').trim().length > 0, { path: ['skill'], message: 'people.mySkills.noneChosen' });

export const SkillLevelInput = z
  .object({ level: z.enum(['1', '2', '3'], { message: 'v.choice' }).transform((l) => Number(l) as 1 | 2 | 3) })
  .strict();

export const AffiliationInput = z.object({ role: z.enum(PLACE_ROLE_CODES, { message: 'v.choice' }) }).strict();

export const MessageInput = z.object({ body: plainText({ min: 2, max: 5000 }) }).strict();

export const DeleteContributionsInput = z.object({ removeContributions: z.literal('on').optional() });

/** The portrait form holds only the file (checked in the service, by content). */
export const PhotoInput = z.object({}).strict();
