import { type PageSection, sectionRegistry } from '../../views/sections.ts';

/** What other domains add to a project's page (the events that use it…) without documents importing them. */
export type DocumentSection<T extends object = object> = PageSection<{ slug: string; title: string; kind: string }, T>;

const registry = sectionRegistry<{ slug: string; title: string; kind: string }>();

export const registerDocumentSection = registry.register;
export const documentSections = registry.all;
export const documentSectionTopics = registry.topics;
