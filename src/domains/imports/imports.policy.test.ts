import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../lib/viewer.ts';
import { canImport } from './imports.policy.ts';

const viewer = (role: Viewer['role'], emailVerified = true): Viewer => ({ id: 'u', displayName: 'U', role, emailVerified });

describe('who may import places', () => {
  it('lets the command line and confirmed administrators import, no one else', () => {
    expect(canImport({ system: true })).toBe(true);
    expect(canImport(viewer('admin'))).toBe(true);
    expect(canImport(viewer('admin', false))).toBe(false);
    expect(canImport(viewer('moderator'))).toBe(false);
    expect(canImport(viewer('member'))).toBe(false);
    expect(canImport(null)).toBe(false);
  });
});
