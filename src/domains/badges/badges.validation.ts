import { z } from '@hono/zod-openapi';
import { markdownText, optionalText, plainText } from '../../lib/validation.ts';
import { CONTRIBUTION_KINDS, type ContributionKind } from '../recognition/recognition.schema.ts';
import { AWARD_MODES, type AwardMode, RULE_METRICS, type RuleMetric } from './badges.schema.ts';

export interface BadgeData {
  name: string;
  description: string;
  criteria: string;
  /** A place's badge; absent: the network's. */
  placeSlug?: string;
  skills: string;
  awardMode: AwardMode;
  rule: { metric: RuleMetric; kind: ContributionKind | null; threshold: number } | null;
}

/** Define a badge: what it says, what earns it, and how it is given (by hand, or by a rule). */
export const BadgeInput = z
  .object({
    name: plainText({ min: 3, max: 80 }),
    description: plainText({ min: 10, max: 500 }),
    criteria: markdownText({ max: 5000 }).refine((v) => v.trim().length >= 10, 'v.tooShortText'),
    placeSlug: optionalText(100),
    skills: z.string().trim().max(300, 'v.tooLong').optional().default(''),
    awardMode: z.enum(AWARD_MODES, { message: 'v.choice' }),
    ruleMetric: z
      .union([z.literal(''), z.enum(RULE_METRICS, { message: 'v.choice' })])
      .optional()
      .default(''),
    ruleKind: z
      .union([z.literal(''), z.enum(CONTRIBUTION_KINDS, { message: 'v.choice' })])
      .optional()
      .default(''),
    ruleThreshold: z.string().trim().max(6, 'v.tooLong').optional().default(''),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.awardMode !== 'rule') {
      return;
    }
    if (!v.ruleMetric) {
      ctx.addIssue({ code: 'custom', path: ['ruleMetric'], message: 'badges.v.metricNeeded' });
    }
    const n = Number(v.ruleThreshold);
    if (!/^\d{1,4}$/.test(v.ruleThreshold) || n < 1 || n > 5000) {
      ctx.addIssue({ code: 'custom', path: ['ruleThreshold'], message: 'badges.v.threshold' });
    }
  })
  .transform(
    (v): BadgeData => ({
      name: v.name,
      description: v.description,
      criteria: v.criteria,
      placeSlug: v.placeSlug,
      skills: v.skills,
      awardMode: v.awardMode,
      rule:
        v.awardMode === 'rule' && v.ruleMetric
          ? { metric: v.ruleMetric, kind: v.ruleKind || null, threshold: Number(v.ruleThreshold) }
          : null,
    }),
  );

/** Give a badge by hand: to whom (their profile's address or its last part). */
export const AwardInput = z
  .object({ recipient: plainText({ min: 1, max: 300 }) })
  .strict()
  .transform((v) => ({ recipientSlug: (/\/membres\/([a-z0-9-]+)/.exec(v.recipient)?.[1] ?? v.recipient).trim().toLowerCase() }));

export const EndorseInput = z.object({ comment: plainText({ min: 10, max: 1000 }) }).strict();

export const RevokeInput = z.object({ reason: plainText({ min: 5, max: 500 }) }).strict();

/** The largest credential accepted for verification (a signed badge is a few kilobytes). */
export const MAX_CREDENTIAL_BYTES = 256 * 1024;
