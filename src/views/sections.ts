import type { Child } from 'hono/jsx';
import { type DbOrTx, type Part, readTogether } from '../db/client.ts';

/**
 * A part of another domain's page (a place's events, a member's badges, a community's agenda…)
 * added without that domain importing it: a part of the page's one statement, how to show its
 * rows, and the change-feed topic that makes a cached page stale when the part changes.
 */
export interface PageSection<C, T extends object = object> {
  key: string;
  topic?: string;
  part: (id: string) => Part<T>;
  render: (rows: T[], page: C) => Child;
}

/** A list of sections one kind of page shows; domains register theirs when they load. */
export function sectionRegistry<C>() {
  const sections: PageSection<C>[] = [];
  return {
    register<T extends object>(section: PageSection<C, T>): void {
      sections.push(section as unknown as PageSection<C>);
    },
    all: (): readonly PageSection<C>[] => sections,
    /** Their topics, for the page's cache. */
    topics: (): string[] => sections.flatMap((s) => (s.topic ? [s.topic] : [])),
  };
}

/** Read these sections for one page (one statement; none when nothing is registered) and render them. */
export async function renderSections<C>(db: DbOrTx, sections: readonly PageSection<C>[], id: string, page: C): Promise<Child[]> {
  if (sections.length === 0) {
    return [];
  }
  const rows = (await readTogether(db, Object.fromEntries(sections.map((s) => [s.key, s.part(id)])))) as Record<string, object[]>;
  return sections.map((s) => s.render(rows[s.key] ?? [], page));
}
