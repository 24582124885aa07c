import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../lib/viewer.ts';
import { canChangeRole, canListMembersAsAdmin, canReadOutbox } from './accounts.policy.ts';

const v = (id: string, role: Viewer['role']): Viewer => ({ id, displayName: id, role, emailVerified: true });

describe('account policies', () => {
  const roles = [null, v('m', 'member'), v('mod', 'moderator'), v('a', 'admin')];

  it('only admins read the outbox and list members', () => {
    expect(roles.map(canReadOutbox)).toEqual([false, false, false, true]);
    expect(roles.map(canListMembersAsAdmin)).toEqual([false, false, false, true]);
  });

  it('only admins change roles, and never their own', () => {
    expect(roles.map((r) => canChangeRole(r, 'someone', 'moderator'))).toEqual([false, false, false, true]);
    expect(canChangeRole(v('a', 'admin'), 'a', 'member')).toBe(false);
  });
});
