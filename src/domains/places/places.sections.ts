import { type PageSection, sectionRegistry } from '../../views/sections.ts';

/** What other domains add to a place's page (its events, its offers…) without places importing them. */
export type PlaceSection<T extends object = object> = PageSection<{ slug: string; name: string }, T>;

const registry = sectionRegistry<{ slug: string; name: string }>();

export const registerPlaceSection = registry.register;
export const placeSections = registry.all;
export const placeSectionTopics = registry.topics;
