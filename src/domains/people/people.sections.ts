import { type PageSection, sectionRegistry } from '../../views/sections.ts';

/** What other domains add to a member's page (their badges, the events they organise…) without people importing them. */
export type MemberSection<T extends object = object> = PageSection<{ slug: string; displayName: string; isSelf: boolean }, T>;

const registry = sectionRegistry<{ slug: string; displayName: string; isSelf: boolean }>();

export const registerMemberSection = registry.register;
export const memberSections = registry.all;
