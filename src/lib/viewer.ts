/** Who is making a request, as policies and presenters see them. `null` is a visitor. */
export type Role = 'member' | 'moderator' | 'admin';

export interface Viewer {
  id: string;
  displayName: string;
  role: Role;
  emailVerified: boolean;
  /** The language saved with the account. */
  locale?: 'fr' | 'en';
}

export const isModerator = (v: Viewer | null): boolean => v?.role === 'moderator' || v?.role === 'admin';
export const isAdmin = (v: Viewer | null): boolean => v?.role === 'admin';
