import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../lib/viewer.ts';
import { adaptationRefusal, canEditDocument, canManageDocument, canSeeDocument, type DocumentFacts } from './documents.policy.ts';

const member = (id: string, extra: Partial<Viewer> = {}): Viewer => ({
  id,
  displayName: id,
  role: 'member',
  emailVerified: true,
  ...extra,
});
const project = (extra: Partial<DocumentFacts> = {}): DocumentFacts => ({
  kind: 'project',
  teamIds: ['ann'],
  published: true,
  deleted: false,
  ...extra,
});

describe('document policies', () => {
  it('shows drafts only to the team and moderators; deleted documents to nobody', () => {
    const draft = project({ published: false });
    expect(canSeeDocument(null, draft)).toBe(false);
    expect(canSeeDocument(member('bob'), draft)).toBe(false);
    expect(canSeeDocument(member('ann'), draft)).toBe(true);
    expect(canSeeDocument(member('mod', { role: 'moderator' }), draft)).toBe(true);
    expect(canSeeDocument(null, project())).toBe(true);
    expect(canSeeDocument(member('ann'), project({ deleted: true }))).toBe(false);
  });

  it('lets the team edit a project, any confirmed member a published guide, nobody unconfirmed', () => {
    expect(canEditDocument(member('ann'), project())).toBe(true);
    expect(canEditDocument(member('bob'), project())).toBe(false);
    expect(canEditDocument(member('bob'), project({ kind: 'guide' }))).toBe(true);
    expect(canEditDocument(member('bob'), project({ kind: 'guide', published: false }))).toBe(false);
    expect(canEditDocument(member('ann', { emailVerified: false }), project())).toBe(false);
    expect(canManageDocument(member('bob'), project({ kind: 'guide' }))).toBe(false);
  });

  it('refuses adapting under a no-derivatives licence or before publication', () => {
    expect(adaptationRefusal(member('bob'), project(), 'CC-BY-SA-4.0')).toBeNull();
    expect(adaptationRefusal(member('bob'), project(), 'CC-BY-ND-4.0')).toBe('noDerivatives');
    expect(adaptationRefusal(member('bob'), project(), 'LicenseRef-tous-droits-reserves')).toBe('noDerivatives');
    expect(adaptationRefusal(member('bob'), project({ published: false }), 'CC0-1.0')).toBe('notPublished');
    expect(adaptationRefusal(null, project(), 'CC0-1.0')).toBe('signIn');
  });
});
