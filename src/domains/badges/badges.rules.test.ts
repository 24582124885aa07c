import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../lib/viewer.ts';
import { canAwardBadge, canDefineBadge, canEndorseAward, canHideAward, canRevokeAward } from './badges.policy.ts';
import { activityOf, type Countable, evaluateRule } from './badges.rules.ts';

const c = (over: Partial<Countable>): Countable => ({
  id: Math.random().toString(36).slice(2),
  kind: 'animation',
  minutes: 60,
  placeId: 'fablab',
  projectId: null,
  startedOn: '2026-10-01',
  endedOn: null,
  ...over,
});

describe('badge rules over confirmed contributions', () => {
  it('counts hours of one kind, at the badge’s place only', () => {
    const work = [
      c({ minutes: 120, startedOn: '2026-10-07' }),
      c({ minutes: 90, startedOn: '2026-10-14' }),
      c({ minutes: 600, kind: 'accueil' }),
      c({ minutes: 300, placeId: 'autre-lieu' }),
    ];
    const rule = { metric: 'hours' as const, kind: 'animation' as const, threshold: 3, placeId: 'fablab' };
    expect(evaluateRule(rule, work)).toMatchObject({ met: true, value: 3.5 });
    expect(evaluateRule(rule, work).counted).toHaveLength(2);
    expect(evaluateRule({ ...rule, threshold: 4 }, work).met).toBe(false);
    // A network badge (no place) counts everywhere; any kind when none is named.
    expect(evaluateRule({ ...rule, placeId: null, kind: null, threshold: 18 }, work)).toMatchObject({ met: true, value: 18.5 });
  });

  it('counts contributions, and distinct projects (a project documented twice is one)', () => {
    const docs = [
      c({ kind: 'documentation', minutes: null, projectId: 'p1', placeId: null }),
      c({ kind: 'documentation', minutes: null, projectId: 'p1', placeId: null }),
      c({ kind: 'documentation', minutes: null, projectId: 'p2', placeId: null }),
      c({ kind: 'documentation', minutes: null, projectId: null, placeId: null }),
    ];
    expect(evaluateRule({ metric: 'projects', kind: 'documentation', threshold: 3, placeId: null }, docs)).toMatchObject({
      met: false,
      value: 2,
    });
    expect(evaluateRule({ metric: 'projects', kind: null, threshold: 2, placeId: null }, docs).met).toBe(true);
    expect(evaluateRule({ metric: 'contributions', kind: 'documentation', threshold: 4, placeId: null }, docs)).toMatchObject({
      met: true,
      value: 4,
    });
    // Contributions without hours count nothing towards hours.
    expect(evaluateRule({ metric: 'hours', kind: null, threshold: 1, placeId: null }, docs)).toMatchObject({ met: false, value: 0 });
  });

  it('gives the period and hours of what an award rests on', () => {
    expect(activityOf([])).toBeNull();
    expect(
      activityOf([
        c({ startedOn: '2026-10-14', minutes: 90 }),
        c({ startedOn: '2026-09-16', endedOn: '2026-09-18', minutes: 600 }),
        c({ startedOn: '2026-11-02', minutes: null }),
      ]),
    ).toEqual({ start: '2026-09-16', end: '2026-11-02', minutes: 690 });
  });
});

const person = (id: string, role: Viewer['role'] = 'member', emailVerified = true): Viewer => ({
  id,
  displayName: id,
  role,
  emailVerified,
});

describe('who defines, gives, revokes, endorses and hides badges', () => {
  const placeBadge = { placeId: 'fablab', placeTeamIds: ['manager'] };
  const networkBadge = { placeId: null, placeTeamIds: [] };
  it('a place’s badge is its team’s; the network’s, the moderators’', () => {
    expect(canDefineBadge(person('manager'), placeBadge)).toBe(true);
    expect(canDefineBadge(person('other-manager'), placeBadge)).toBe(false);
    expect(canDefineBadge(person('moderator', 'moderator'), placeBadge)).toBe(false);
    expect(canDefineBadge(person('moderator', 'moderator'), networkBadge)).toBe(true);
    expect(canDefineBadge(person('manager'), networkBadge)).toBe(false);
    expect(canDefineBadge(person('manager', 'member', false), placeBadge)).toBe(false);
  });
  it('never to oneself; revoked once; endorsed by others while valid; hidden by its holder', () => {
    expect(canAwardBadge(person('manager'), placeBadge, 'teacher')).toBe(true);
    expect(canAwardBadge(person('manager'), placeBadge, 'manager')).toBe(false);
    expect(canRevokeAward(person('manager'), placeBadge, { revokedAt: null })).toBe(true);
    expect(canRevokeAward(person('manager'), placeBadge, { revokedAt: new Date() })).toBe(false);
    expect(canRevokeAward(person('other-manager'), placeBadge, { revokedAt: null })).toBe(false);
    expect(canEndorseAward(person('colleague'), { recipientId: 'teacher', revokedAt: null })).toBe(true);
    expect(canEndorseAward(person('teacher'), { recipientId: 'teacher', revokedAt: null })).toBe(false);
    expect(canEndorseAward(person('colleague'), { recipientId: 'teacher', revokedAt: new Date() })).toBe(false);
    expect(canEndorseAward(null, { recipientId: 'teacher', revokedAt: null })).toBe(false);
    expect(canHideAward(person('teacher'), { recipientId: 'teacher' })).toBe(true);
    expect(canHideAward(person('manager'), { recipientId: 'teacher' })).toBe(false);
  });
});
