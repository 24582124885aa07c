import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import { slugify } from '../../lib/slug.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { listLinkedDocuments } from '../documents/documents.repo.ts';
import { canEditPlace, type PlaceAccess } from '../places/places.policy.ts';
import { indexWords } from '../search/search.service.ts';
import { TOOL_CATALOGUE } from './tools.catalogue.ts';
import * as repo from './tools.repo.ts';

export const TOOLS_TOPIC = 'tools';

/**
 * Free means usable, studied, changed and shared by anyone: an SPDX licence that is not a
 * "LicenseRef-" (proprietary or custom terms) and has no non-commercial or no-derivatives clause.
 */
export function isFreeLicence(spdx: string): boolean {
  return !spdx.startsWith('LicenseRef-') && !/-(NC|ND)(-|$)/.test(spdx);
}

/** Load the starting catalogue into an empty table (first start, demo data, tests). */
export async function seedTools(db: DbOrTx): Promise<number> {
  if ((await repo.countTools(db)) > 0) {
    return 0;
  }
  const rows = await Promise.all(
    TOOL_CATALOGUE.map(async (t) => ({
      slug: slugify(t.name, 60),
      name: t.name,
      kind: t.kind,
      licence: t.licence,
      website: t.website,
      repository: t.repository ?? null,
      descriptionMd: t.description,
      descriptionHtml: await renderMarkdown(t.description),
      platforms: t.platforms,
    })),
  );
  await repo.insertTools(db, rows);
  await indexWords(db, ...TOOL_CATALOGUE.map((t) => `${t.name} ${t.description}`));
  return rows.length;
}

export const listTools = (deps: Deps, kind?: string) => repo.listTools(deps.db, kind);

export async function getTool(deps: Deps, slug: string) {
  const tool = await repo.findTool(deps.db, slug);
  if (!tool) {
    throw notFound('tool');
  }
  const [places, projects, notes] = await Promise.all([
    repo.placesUsing(deps.db, tool.id),
    listLinkedDocuments(deps.db, 'tool', tool.id, 24),
    repo.listNotes(deps.db, tool.id),
  ]);
  return { tool, free: isFreeLicence(tool.licence), places, projects, notes };
}

/** A member's short experience note ("retour d'usage"). */
export async function addNote(deps: Deps, viewer: Viewer | null, toolId: string, body: string): Promise<void> {
  if (!viewer?.emailVerified) {
    throw forbidden('confirmed members only');
  }
  await repo.insertNote(deps.db, { toolId, authorId: viewer.id, body });
  await deps.changes.publish(TOOLS_TOPIC);
}

/** A place's team lists the tools the place uses (the checklist replaces the previous list). */
export async function setPlaceTools(
  deps: Deps,
  viewer: Viewer | null,
  place: { id: string } & PlaceAccess,
  toolIds: readonly string[],
): Promise<void> {
  if (!canEditPlace(viewer, place)) {
    throw forbidden('place team only');
  }
  await deps.db.transaction((tx) => repo.replacePlaceTools(tx, place.id, toolIds));
  await deps.changes.publish(TOOLS_TOPIC);
}

export const toolsOfPlace = (deps: Deps, placeId: string) => repo.toolsOfPlace(deps.db, placeId);
export const toolChoices = (deps: Deps) => repo.toolChoices(deps.db);

registerPersonalData('toolNotes', repo.exportNotes, repo.deleteNotesOf);
