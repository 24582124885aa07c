import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../lib/viewer.ts';
import { canCreateCommunity, canManageCommunity } from '../communities/communities.policy.ts';
import { canDeclareSkill, canModerateSkills, canRemoveVouch, canVouch } from '../skills/skills.policy.ts';
import { canCloseCall, canPostCall, canReadResponses, canRespond } from './calls.policy.ts';

const viewer = (id: string, role: Viewer['role'], emailVerified = true): Viewer => ({ id, displayName: id, role, emailVerified });
const visitor = null;
const unverified = viewer('new', 'member', false);
const member = viewer('member', 'member');
const poster = viewer('poster', 'member');
const moderator = viewer('moderator', 'moderator');
const admin = viewer('admin', 'admin');
const everyone = [visitor, unverified, member, poster, moderator, admin];

describe('calls for skills, role by role', () => {
  const open = { posterId: 'poster', status: 'open' };
  it('confirmed members post calls', () => {
    expect(everyone.map(canPostCall)).toEqual([false, false, true, true, true, true]);
  });
  it('anyone confirmed but the poster answers an open call; nobody answers a closed one', () => {
    expect(everyone.map((v) => canRespond(v, open))).toEqual([false, false, true, false, true, true]);
    expect(everyone.map((v) => canRespond(v, { ...open, status: 'fulfilled' }))).toEqual([false, false, false, false, false, false]);
  });
  it('the poster closes it, moderators may step in', () => {
    expect(everyone.map((v) => canCloseCall(v, open))).toEqual([false, false, false, true, true, true]);
  });
  it('answers are messages: only the poster reads them all, not even moderators', () => {
    expect(everyone.map((v) => canReadResponses(v, open))).toEqual([false, false, false, true, false, false]);
  });
});

describe('communities, role by role', () => {
  it('confirmed members create them; referents and moderators run them', () => {
    expect(everyone.map(canCreateCommunity)).toEqual([false, false, true, true, true, true]);
    expect(everyone.map((v) => canManageCommunity(v, ['poster']))).toEqual([false, false, false, true, true, true]);
    expect(canManageCommunity(viewer('poster', 'member', false), ['poster'])).toBe(false);
  });
});

describe('skills and vouches, role by role', () => {
  it('confirmed members declare skills; moderators curate the reference', () => {
    expect(everyone.map(canDeclareSkill)).toEqual([false, false, true, true, true, true]);
    expect(everyone.map(canModerateSkills)).toEqual([false, false, false, false, true, true]);
  });
  it('a vouch goes to someone else, for a skill one can see', () => {
    expect(everyone.map((v) => canVouch(v, 'poster', true))).toEqual([false, false, true, false, true, true]);
    expect(canVouch(member, 'poster', false)).toBe(false);
  });
  it('the holder or the voucher removes a vouch, nobody else', () => {
    const vouch = { userId: 'poster', voucherId: 'member' };
    expect(everyone.map((v) => canRemoveVouch(v, vouch))).toEqual([false, false, true, true, false, false]);
  });
});
