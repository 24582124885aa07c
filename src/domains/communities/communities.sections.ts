import { type PageSection, sectionRegistry } from '../../views/sections.ts';

/** What other domains add to a community's page (its agenda…) without communities importing them. */
export type CommunitySection<T extends object = object> = PageSection<{ slug: string; name: string }, T>;

const registry = sectionRegistry<{ slug: string; name: string }>();

export const registerCommunitySection = registry.register;
export const communitySections = registry.all;
export const communitySectionTopics = registry.topics;
