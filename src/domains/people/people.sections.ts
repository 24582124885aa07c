import type { Child } from 'hono/jsx';
import type { Part } from '../../db/client.ts';

/**
 * What other domains add to a member's page (their badges…) without people importing them:
 * each registers a part of the page's one statement and how to show its rows.
 */
export interface MemberSection<T extends object = object> {
  key: string;
  part: (userId: string) => Part<T>;
  render: (rows: T[], member: { slug: string; displayName: string; isSelf: boolean }) => Child;
}

const sections: MemberSection[] = [];

export function registerMemberSection<T extends object>(section: MemberSection<T>): void {
  sections.push(section as unknown as MemberSection);
}

export const memberSections = (): readonly MemberSection[] => sections;
