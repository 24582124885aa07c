import type { Child } from 'hono/jsx';
import type { Part } from '../../db/client.ts';

/**
 * What other domains add to a place's page (its events…) without places importing them: each
 * registers a part of the page's one statement and how to show its rows.
 */
export interface PlaceSection<T extends object = object> {
  key: string;
  /** The change-feed topic that makes the cached page stale when this section changes. */
  topic: string;
  part: (placeId: string) => Part<T>;
  render: (rows: T[], place: { slug: string; name: string }) => Child;
}

const sections: PlaceSection[] = [];

export function registerPlaceSection<T extends object>(section: PlaceSection<T>): void {
  sections.push(section as unknown as PlaceSection);
}

export const placeSections = (): readonly PlaceSection[] => sections;
