import type { ContributionKind } from '../recognition/recognition.schema.ts';
import type { RuleMetric } from './badges.schema.ts';

/** A rule over confirmed contributions: "20 heures d'animation", "3 projets documentés". */
export interface BadgeRule {
  metric: RuleMetric;
  /** Only this kind of contribution counts; null: every kind. */
  kind: ContributionKind | null;
  threshold: number;
  /** A place's badge counts only what was done at that place. */
  placeId: string | null;
}

export interface Countable {
  id: string;
  kind: ContributionKind;
  minutes: number | null;
  placeId: string | null;
  projectId: string | null;
  startedOn: string;
  endedOn: string | null;
}

/**
 * Does a member's confirmed work meet a rule? `value` is what was counted (hours, contributions
 * or projects), `counted` the contributions it rests on (the credential's evidence).
 */
export function evaluateRule<C extends Countable>(rule: BadgeRule, confirmed: readonly C[]): { met: boolean; value: number; counted: C[] } {
  const matching = confirmed.filter(
    (c) => (rule.kind === null || c.kind === rule.kind) && (rule.placeId === null || c.placeId === rule.placeId),
  );
  let value: number;
  let counted: C[];
  switch (rule.metric) {
    case 'hours':
      counted = matching.filter((c) => (c.minutes ?? 0) > 0);
      value = counted.reduce((sum, c) => sum + (c.minutes ?? 0), 0) / 60;
      break;
    case 'projects':
      counted = matching.filter((c) => c.projectId !== null);
      value = new Set(counted.map((c) => c.projectId)).size;
      break;
    default:
      counted = matching;
      value = matching.length;
  }
  return { met: value >= rule.threshold, value, counted };
}

/** The period and the hours of the contributions an award rests on. */
export function activityOf(counted: readonly Countable[]): { start: string; end: string; minutes: number } | null {
  if (counted.length === 0) {
    return null;
  }
  let start = counted[0]?.startedOn ?? '';
  let end = start;
  let minutes = 0;
  for (const c of counted) {
    // ISO dates (YYYY-MM-DD) compare as text.
    if (c.startedOn < start) {
      start = c.startedOn;
    }
    const last = c.endedOn ?? c.startedOn;
    if (last > end) {
      end = last;
    }
    minutes += c.minutes ?? 0;
  }
  return { start, end, minutes };
}
