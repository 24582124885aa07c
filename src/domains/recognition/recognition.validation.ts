import { z } from '@hono/zod-openapi';
import { dayInFrance } from '../../lib/i18n.ts';
import { SLUG_PATTERN } from '../../lib/slug.ts';
import { isoDate, plainText, webUrl } from '../../lib/validation.ts';
import { CONTRIBUTION_KINDS, type ContributionKind } from './recognition.schema.ts';

export interface ContributionData {
  kind: ContributionKind;
  startedOn: string;
  endedOn: string | null;
  minutes: number;
  placeSlug?: string;
  projectSlug?: string;
  description: string;
  evidenceUrl?: string;
}

/** Today in France (a contribution of this evening, logged at 23:30 in Paris, is not "in the future"). */
export const todayInFrance = () => dayInFrance();

/** Days from `start` to `end`, both counted. */
export const daysIn = (start: string, end: string | null) =>
  end ? Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1 : 1;

/** The longest period one contribution may cover (a school year and a bit). */
export const MAX_PERIOD_DAYS = 400;

/**
 * Hours as people write them — "2", "1,5", "1.5", "1 h 30", "1h30", "45 min" — in minutes,
 * or null when it cannot be read.
 */
export function parseHours(text: string): number | null {
  const v = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let m = /^(\d{1,4})(?:[.,](\d{1,2}))?\s?(?:h|heures?)?$/.exec(v);
  if (m) {
    return Math.round(Number(`${m[1]}.${m[2] ?? '0'}`) * 60);
  }
  m = /^(\d{1,4}) ?h ?(\d{1,2}) ?(?:min)?$/.exec(v);
  if (m && Number(m[2]) < 60) {
    return Number(m[1]) * 60 + Number(m[2]);
  }
  m = /^(\d{1,4}) ?min(?:utes?)?$/.exec(v);
  return m ? Number(m[1]) : null;
}

const slugOrEmpty = z
  .union([z.literal(''), z.string().regex(SLUG_PATTERN, 'v.choice')])
  .optional()
  .transform((v) => v || undefined);

/** Log (or correct) a contribution: what, when, how long, where or on which project, and what happened. */
export const ContributionInput = z
  .object({
    kind: z.enum(CONTRIBUTION_KINDS, { message: 'v.choice' }),
    startedOn: isoDate,
    endedOn: z
      .union([z.literal(''), isoDate])
      .optional()
      .transform((v) => v || null),
    hours: z.string().trim().min(1, 'v.required').max(20, 'v.tooLong'),
    placeSlug: slugOrEmpty,
    projectSlug: slugOrEmpty,
    description: plainText({ min: 10, max: 3000 }),
    evidenceUrl: webUrl()
      .optional()
      .transform((v) => v || undefined),
  })
  .strict()
  .superRefine((v, ctx) => {
    const today = todayInFrance();
    let periodOk = true;
    if (v.startedOn < '2000-01-01' || v.startedOn > today) {
      ctx.addIssue({ code: 'custom', path: ['startedOn'], message: 'recognition.v.dateNotPast' });
    }
    if (v.endedOn) {
      periodOk = false;
      if (v.endedOn > today) {
        ctx.addIssue({ code: 'custom', path: ['endedOn'], message: 'recognition.v.dateNotPast' });
      } else if (v.endedOn < v.startedOn) {
        ctx.addIssue({ code: 'custom', path: ['endedOn'], message: 'recognition.v.endBeforeStart' });
      } else if (daysIn(v.startedOn, v.endedOn) > MAX_PERIOD_DAYS) {
        ctx.addIssue({ code: 'custom', path: ['endedOn'], message: 'recognition.v.periodTooLong' });
      } else {
        periodOk = true;
      }
    }
    const minutes = parseHours(v.hours);
    if (minutes === null) {
      ctx.addIssue({ code: 'custom', path: ['hours'], message: 'recognition.v.hoursUnreadable' });
    } else if (minutes <= 0) {
      ctx.addIssue({ code: 'custom', path: ['hours'], message: 'recognition.v.hoursPositive' });
    } else if (periodOk && minutes > 24 * 60 * daysIn(v.startedOn, v.endedOn)) {
      ctx.addIssue({ code: 'custom', path: ['hours'], message: 'recognition.v.hoursTooMany' });
    }
  })
  .transform(
    (v): ContributionData => ({
      kind: v.kind,
      startedOn: v.startedOn,
      endedOn: v.endedOn && v.endedOn !== v.startedOn ? v.endedOn : null,
      minutes: parseHours(v.hours) ?? 0,
      placeSlug: v.placeSlug,
      projectSlug: v.projectSlug,
      description: v.description,
      evidenceUrl: v.evidenceUrl,
    }),
  );

export const REVIEW_DECISIONS = ['confirm', 'request_changes', 'decline'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** A reviewer's answer: confirming needs no words; asking for a change or declining needs a reason. */
export const ReviewInput = z
  .object({
    decision: z.enum(REVIEW_DECISIONS, { message: 'recognition.v.decision' }),
    message: plainText({ max: 2000 }).optional().default(''),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision !== 'confirm' && v.message.length < 5) {
      ctx.addIssue({ code: 'custom', path: ['message'], message: 'recognition.v.reasonNeeded' });
    }
  });

export const VisibilityInput = z.object({ visibility: z.enum(['public', 'members', 'private'], { message: 'v.choice' }) }).strict();
