import { isAdmin, type Role, type Viewer } from '../../lib/viewer.ts';

/** Only admins read the outbox (it holds sign-up and reset links when no SMTP is set up). */
export const canReadOutbox = (viewer: Viewer | null): boolean => isAdmin(viewer);

export const canListMembersAsAdmin = (viewer: Viewer | null): boolean => isAdmin(viewer);

/**
 * Admins give and take the moderator and admin roles; nobody changes their own role (an
 * admin cannot lock the site out by demoting themselves).
 */
export const canChangeRole = (viewer: Viewer | null, targetUserId: string, _newRole: Role): boolean =>
  isAdmin(viewer) && viewer?.id !== targetUserId;
