import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../lib/viewer.ts';
import {
  type ContributionAccess,
  canEditContribution,
  canReadRecord,
  canReviewContribution,
  canViewContribution,
  canWithdrawContribution,
  reviewerGroup,
} from './recognition.policy.ts';
import { ContributionInput, daysIn, parseHours, ReviewInput, todayInFrance } from './recognition.validation.ts';

const person = (id: string, role: Viewer['role'] = 'member', emailVerified = true): Viewer => ({
  id,
  displayName: id,
  role,
  emailVerified,
});
const teacher = person('teacher');
const manager = person('manager');
const otherManager = person('other-manager');
const coauthor = person('coauthor');
const moderator = person('moderator', 'moderator');
const stranger = person('stranger');

const atPlace: ContributionAccess = {
  memberId: 'teacher',
  status: 'pending',
  placeId: 'place',
  projectId: null,
  placeTeamIds: ['manager'],
  projectTeamIds: [],
};

describe('who confirms a contribution', () => {
  it('at a place: its team — not the author, not another place’s manager, not a moderator', () => {
    expect(reviewerGroup(atPlace)).toBe('place');
    expect(canReviewContribution(manager, atPlace)).toBe(true);
    expect(canReviewContribution(teacher, atPlace)).toBe(false);
    expect(canReviewContribution(otherManager, atPlace)).toBe(false);
    expect(canReviewContribution(moderator, atPlace)).toBe(false);
    expect(canReviewContribution(null, atPlace)).toBe(false);
  });

  it('nobody confirms their own, even as the place’s only manager: then the moderators do', () => {
    const ownPlace = { ...atPlace, placeTeamIds: ['teacher'] };
    expect(reviewerGroup(ownPlace)).toBe('moderators');
    expect(canReviewContribution(teacher, ownPlace)).toBe(false);
    expect(canReviewContribution(moderator, ownPlace)).toBe(true);
    // A moderator's own contribution is confirmed by another moderator.
    expect(canReviewContribution(moderator, { ...ownPlace, memberId: 'moderator', placeTeamIds: ['moderator'] })).toBe(false);
  });

  it('on a project (no place): its other authors; alone on it, the moderators', () => {
    const onProject = { ...atPlace, placeId: null, placeTeamIds: [], projectId: 'p', projectTeamIds: ['teacher', 'coauthor'] };
    expect(reviewerGroup(onProject)).toBe('project');
    expect(canReviewContribution(coauthor, onProject)).toBe(true);
    expect(canReviewContribution(teacher, onProject)).toBe(false);
    expect(canReviewContribution(moderator, onProject)).toBe(false);
    const alone = { ...onProject, projectTeamIds: ['teacher'] };
    expect(reviewerGroup(alone)).toBe('moderators');
    expect(canReviewContribution(moderator, alone)).toBe(true);
    expect(canReviewContribution(stranger, alone)).toBe(false);
  });

  it('at a place and on a project: the place’s team decides', () => {
    const both = { ...atPlace, projectId: 'p', projectTeamIds: ['coauthor'] };
    expect(reviewerGroup(both)).toBe('place');
    expect(canReviewContribution(coauthor, both)).toBe(false);
  });

  it('only while it waits, and only with a confirmed address', () => {
    for (const status of ['confirmed', 'declined', 'changes_requested'] as const) {
      expect(canReviewContribution(manager, { ...atPlace, status })).toBe(false);
    }
    expect(canReviewContribution(person('manager', 'member', false), atPlace)).toBe(false);
  });
});

describe('what its author and others may do', () => {
  it('the author corrects it until answered, withdraws it until confirmed', () => {
    expect(canEditContribution(teacher, atPlace)).toBe(true);
    expect(canEditContribution(teacher, { ...atPlace, status: 'changes_requested' })).toBe(true);
    expect(canEditContribution(teacher, { ...atPlace, status: 'confirmed' })).toBe(false);
    expect(canEditContribution(manager, atPlace)).toBe(false);
    expect(canWithdrawContribution(teacher, { ...atPlace, status: 'declined' })).toBe(true);
    expect(canWithdrawContribution(teacher, { ...atPlace, status: 'confirmed' })).toBe(false);
    expect(canWithdrawContribution(manager, atPlace)).toBe(false);
  });

  it('the record is read as its owner chose; a pending contribution only by its author and reviewers', () => {
    expect(canReadRecord(null, 'teacher', 'public')).toBe(true);
    expect(canReadRecord(null, 'teacher', 'members')).toBe(false);
    expect(canReadRecord(stranger, 'teacher', 'members')).toBe(true);
    expect(canReadRecord(stranger, 'teacher', 'private')).toBe(false);
    expect(canReadRecord(moderator, 'teacher', 'private')).toBe(false);
    expect(canReadRecord(teacher, 'teacher', 'private')).toBe(true);
    expect(canViewContribution(stranger, atPlace, 'public')).toBe(false);
    expect(canViewContribution(manager, atPlace, 'private')).toBe(true);
    expect(canViewContribution(stranger, { ...atPlace, status: 'confirmed' }, 'public')).toBe(true);
    expect(canViewContribution(stranger, { ...atPlace, status: 'confirmed' }, 'private')).toBe(false);
  });
});

describe('reading a contribution’s form', () => {
  it('reads hours as people write them', () => {
    expect(parseHours('2')).toBe(120);
    expect(parseHours('1,5')).toBe(90);
    expect(parseHours('1.25')).toBe(75);
    expect(parseHours('1 h 30')).toBe(90);
    expect(parseHours('1h30')).toBe(90);
    expect(parseHours('3 heures')).toBe(180);
    expect(parseHours('45 min')).toBe(45);
    expect(parseHours('0')).toBe(0);
    expect(parseHours('-2')).toBeNull();
    expect(parseHours('deux')).toBeNull();
    expect(parseHours('1h75')).toBeNull();
  });

  const form = (fields: Record<string, string>) =>
    ContributionInput.safeParse({
      kind: 'animation',
      startedOn: '2026-03-04',
      hours: '2',
      description: 'Atelier robotique avec une classe de 5e.',
      ...fields,
    });
  const errorsOf = (fields: Record<string, string>) => {
    const r = form(fields);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
  };

  it('refuses zero, absurd hours, future dates, a period that ends before it starts', () => {
    expect(form({}).success).toBe(true);
    expect(errorsOf({ hours: '0' })).toEqual({ hours: 'recognition.v.hoursPositive' });
    expect(errorsOf({ hours: '25' })).toEqual({ hours: 'recognition.v.hoursTooMany' });
    expect(errorsOf({ hours: 'beaucoup' })).toEqual({ hours: 'recognition.v.hoursUnreadable' });
    // 25 hours over two days is fine; 49 is not.
    expect(form({ hours: '25', endedOn: '2026-03-05' }).success).toBe(true);
    expect(errorsOf({ hours: '49', endedOn: '2026-03-05' })).toEqual({ hours: 'recognition.v.hoursTooMany' });
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(errorsOf({ startedOn: tomorrow })).toMatchObject({ startedOn: 'recognition.v.dateNotPast' });
    expect(errorsOf({ endedOn: '2026-03-01' })).toEqual({ endedOn: 'recognition.v.endBeforeStart' });
    expect(errorsOf({ startedOn: '2024-01-01', endedOn: '2026-01-01', hours: '100' })).toEqual({ endedOn: 'recognition.v.periodTooLong' });
    expect(errorsOf({ startedOn: '2026-02-30' })).toMatchObject({ startedOn: 'v.date' });
    expect(form({ startedOn: todayInFrance() }).success).toBe(true);
  });

  it('a period of one day is a day; unknown fields are refused', () => {
    const r = form({ endedOn: '2026-03-04' });
    expect(r.success && r.data.endedOn).toBe(null);
    expect(daysIn('2026-03-04', '2026-03-10')).toBe(7);
    expect(form({ extra: 'x' }).success).toBe(false);
  });

  it('asking for a change or declining needs a reason; confirming does not', () => {
    expect(ReviewInput.safeParse({ decision: 'confirm' }).success).toBe(true);
    expect(ReviewInput.safeParse({ decision: 'decline', message: '' }).success).toBe(false);
    expect(ReviewInput.safeParse({ decision: 'request_changes', message: 'Précisez la durée, svp.' }).success).toBe(true);
    expect(ReviewInput.safeParse({ decision: 'approve' }).success).toBe(false);
  });
});
