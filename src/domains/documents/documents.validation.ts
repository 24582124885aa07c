import { z } from '@hono/zod-openapi';
import { asList, type FormValues } from '../../lib/request-body.ts';
import { choiceList, hasForbiddenChars, MAX_INT32, matchingList, plainText, UUID_PATTERN } from '../../lib/validation.ts';
import { codes } from '../places/places.vocabulary.ts';
import {
  BUDGETS,
  DISCIPLINES,
  DOC_AUDIENCES,
  type DocumentContent,
  type DocumentStep,
  GUIDE_STATUSES,
  LEVELS,
  LICENCE_IDS,
  PROJECT_STATUSES,
  TEMPLATES,
} from './documents.content.ts';
import type { DocumentKind } from './documents.schema.ts';

export const MAX_STEPS = 40;
const STORAGE_KEY = /^[A-Za-z0-9_-]{20,64}\.webp$/;
const FILE_KEY = /^[A-Za-z0-9_-]{20,64}\.pdf$/;

/**
 * Markdown of a documentation page. Unlike short descriptions, code is welcome here: a
 * `<script>` in a code block is shown as text (raw HTML is never rendered, and the output is
 * sanitised), so only control characters are refused.
 */
function docMarkdown(max: number) {
  return z
    .string()
    .max(max, 'v.tooLong')
    .refine((v) => !hasForbiddenChars(v), 'v.badChars')
    .default('');
}

const idList = (max: number) => matchingList(UUID_PATTERN, max);

const shortText = (max: number) => plainText({ max }).default('');

/** The form of a project or guide, as posted (steps come as parallel lists, in order). */
function documentForm(kind: DocumentKind) {
  const sections = Object.fromEntries(TEMPLATES[kind].sections.map((s) => [`section_${s}`, docMarkdown(50_000)]));
  const statuses = codes(kind === 'project' ? PROJECT_STATUSES : GUIDE_STATUSES);
  return z
    .object({
      title: plainText({ min: 3, max: 160 }),
      summary: shortText(600),
      status: z.enum(statuses, { message: 'v.choice' }).default(statuses[0]),
      licence: z.enum(LICENCE_IDS, { message: 'v.choice' }),
      ...sections,
      step_title: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .transform(asList),
      step_text: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .transform(asList),
      /** "<step number>:<storage key>" for each image kept on a step. */
      step_image: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .transform(asList),
      levels: choiceList(codes(LEVELS)),
      disciplines: choiceList(codes(DISCIPLINES)),
      audiences: choiceList(codes(DOC_AUDIENCES)),
      duration: shortText(120),
      groupSize: shortText(120),
      materials: shortText(2000),
      budget: z.union([z.literal(''), z.enum(codes(BUDGETS), { message: 'v.choice' })]).default(''),
      coverKey: z.union([z.literal(''), z.string().regex(STORAGE_KEY, 'v.invalid')]).default(''),
      attachment: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .transform(asList)
        .pipe(z.array(z.string().regex(FILE_KEY, 'v.invalid')).max(30, 'v.tooMany')),
      places: idList(20),
      communities: idList(20),
      skills: idList(30),
      tools: idList(40),
      /** Why this save ("ajout des photos de l'étape 3"), shown in the history. */
      change: shortText(200),
      /** The revision the form was loaded from: a later save by someone else is a conflict. */
      base: z.coerce.number().int().min(0).max(MAX_INT32).default(0),
    })
    .superRefine((v, ctx) => {
      const titles = v.step_title;
      const texts = v.step_text;
      if (titles.length > MAX_STEPS || texts.length > MAX_STEPS) {
        ctx.addIssue({ code: 'custom', path: ['steps'], message: 'v.tooMany' });
      }
      for (const [i, s] of [...titles, ...texts].entries()) {
        if (hasForbiddenChars(s)) {
          ctx.addIssue({ code: 'custom', path: ['steps'], message: 'v.badChars' });
          break;
        }
        if (s.length > (i < titles.length ? 160 : 50_000)) {
          ctx.addIssue({ code: 'custom', path: ['steps'], message: 'v.tooLong' });
          break;
        }
      }
      for (const ref of v.step_image) {
        if (!/^\d{1,2}:[A-Za-z0-9_-]{20,64}\.webp$/.test(ref)) {
          ctx.addIssue({ code: 'custom', path: ['steps'], message: 'v.invalid' });
          break;
        }
      }
    })
    .transform((v) => {
      const values = v as unknown as Record<string, string>;
      const content: DocumentContent = {
        title: v.title,
        summary: v.summary,
        status: v.status,
        licence: v.licence,
        sections: Object.fromEntries(
          TEMPLATES[kind].sections
            .map((s) => [s, (values[`section_${s}`] ?? '').replace(/\r\n/g, '\n').trimEnd()])
            .filter(([, text]) => text),
        ),
        steps: stepsOf(v.step_title, v.step_text, v.step_image),
        levels: v.levels,
        disciplines: v.disciplines,
        audiences: v.audiences,
        duration: v.duration,
        groupSize: v.groupSize,
        materials: v.materials,
        budget: v.budget,
        coverKey: v.coverKey || null,
        attachments: [...new Set(v.attachment)],
        placeIds: v.places,
        communityIds: v.communities,
        skillIds: v.skills,
        toolIds: v.tools,
      };
      return { content, change: v.change, base: v.base };
    });
}

/** Parallel lists → steps; a step left without title, text or image is dropped. */
function stepsOf(titles: string[], texts: string[], images: string[]): DocumentStep[] {
  const steps: DocumentStep[] = [];
  const count = Math.max(titles.length, texts.length);
  for (let i = 0; i < count; i++) {
    const imageKeys = images.filter((ref) => ref.startsWith(`${i + 1}:`)).map((ref) => ref.slice(ref.indexOf(':') + 1));
    const step = {
      title: (titles[i] ?? '').trim(),
      text: (texts[i] ?? '').replace(/\r\n/g, '\n').trimEnd(),
      images: [...new Set(imageKeys)],
    };
    if (step.title || step.text.trim() || step.images.length > 0) {
      steps.push(step);
    }
  }
  return steps;
}

export const ProjectFormInput = documentForm('project');
export const GuideFormInput = documentForm('guide');
export const formSchemaFor = (kind: DocumentKind) => (kind === 'project' ? ProjectFormInput : GuideFormInput);
export type DocumentFormData = z.output<typeof ProjectFormInput>;

/** A saved content back to form values (to edit it, or to show a conflict's text in the form). */
export function contentToForm(kind: DocumentKind, content: DocumentContent, base: number): FormValues {
  const values: FormValues = {
    title: content.title,
    summary: content.summary,
    status: content.status,
    licence: content.licence,
    step_title: content.steps.map((s) => s.title),
    step_text: content.steps.map((s) => s.text),
    step_image: content.steps.flatMap((s, i) => s.images.map((k) => `${i + 1}:${k}`)),
    levels: content.levels,
    disciplines: content.disciplines,
    audiences: content.audiences,
    duration: content.duration,
    groupSize: content.groupSize,
    materials: content.materials,
    budget: content.budget,
    coverKey: content.coverKey ?? '',
    attachment: content.attachments,
    places: content.placeIds,
    communities: content.communityIds,
    skills: content.skillIds,
    tools: content.toolIds,
    change: '',
    base: String(base),
  };
  for (const s of TEMPLATES[kind].sections) {
    values[`section_${s}`] = content.sections[s] ?? '';
  }
  return values;
}
