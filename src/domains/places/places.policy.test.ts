import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../lib/viewer.ts';
import {
  canContactPlace,
  canCreatePlace,
  canDeletePlace,
  canEditPlace,
  canManageTeam,
  canModeratePlaces,
  canReadPlaceMessages,
  canViewPlace,
  publishesDirectly,
} from './places.policy.ts';

const viewer = (id: string, role: Viewer['role'], emailVerified = true): Viewer => ({ id, displayName: id, role, emailVerified });
const visitor = null;
const member = viewer('member', 'member');
const unverified = viewer('new', 'member', false);
const manager = viewer('manager', 'member');
const moderator = viewer('moderator', 'moderator');
const admin = viewer('admin', 'admin');
const published = { status: 'published' as const, managerIds: ['manager'] };
const pending = { status: 'pending' as const, managerIds: ['manager'] };

describe('place policies, role by role', () => {
  it('creating a place needs a confirmed account', () => {
    expect([visitor, unverified, member, manager, moderator, admin].map(canCreatePlace)).toEqual([false, false, true, true, true, true]);
  });

  it('only moderators and admins publish without moderation', () => {
    expect([visitor, member, manager, moderator, admin].map(publishesDirectly)).toEqual([false, false, false, true, true]);
  });

  it('published places are public; pending ones only for their team and moderators', () => {
    expect([visitor, member, manager, moderator, admin].map((v) => canViewPlace(v, published))).toEqual([true, true, true, true, true]);
    expect([visitor, member, manager, moderator, admin].map((v) => canViewPlace(v, pending))).toEqual([false, false, true, true, true]);
  });

  it('the team and moderators edit, delete and manage the team', () => {
    for (const fn of [canEditPlace, canDeletePlace, canManageTeam]) {
      expect([visitor, member, manager, moderator, admin].map((v) => fn(v, published))).toEqual([false, false, true, true, true]);
    }
  });

  it('an unconfirmed team member cannot edit', () => {
    expect(canEditPlace(viewer('manager', 'member', false), published)).toBe(false);
  });

  it('moderation belongs to moderators and admins', () => {
    expect([visitor, member, manager, moderator, admin].map(canModeratePlaces)).toEqual([false, false, false, true, true]);
  });

  it('messages from the contact form are for the team only (not even moderators)', () => {
    expect([visitor, member, manager, moderator, admin].map((v) => canReadPlaceMessages(v, published))).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
  });

  it('anyone may write to a published place, nobody to a pending one', () => {
    expect(canContactPlace(published)).toBe(true);
    expect(canContactPlace(pending)).toBe(false);
  });
});
