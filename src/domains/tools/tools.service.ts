import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import { slugify } from '../../lib/slug.ts';
import { isModerator, type Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { listLinkedDocuments } from '../documents/documents.service.ts';
import { canEditPlace, type PlaceAccess } from '../places/places.policy.ts';
import { indexWords } from '../search/search.service.ts';
import { TOOL_CATALOGUE } from './tools.catalogue.ts';
import * as repo from './tools.repo.ts';
import type { TOOL_KINDS } from './tools.schema.ts';
import type { ToolFormData } from './tools.validation.ts';

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

/** Confirmed members add tools; the member who added one and moderators correct it. */
export const canAddTool = (viewer: Viewer | null): boolean => !!viewer?.emailVerified;
export const canEditTool = (viewer: Viewer | null, tool: { createdBy: string | null }): boolean =>
  !!viewer?.emailVerified && (viewer.id === tool.createdBy || isModerator(viewer));

function toolColumns(data: ToolFormData, descriptionHtml: string) {
  return {
    name: data.name,
    kind: data.kind,
    licence: data.licence,
    website: data.website || null,
    repository: data.repository || null,
    descriptionMd: data.description,
    descriptionHtml,
    platforms: data.platforms,
  };
}

export async function addTool(deps: Deps, viewer: Viewer | null, data: ToolFormData): Promise<repo.ToolRow> {
  if (!viewer || !canAddTool(viewer)) {
    throw forbidden('confirmed members only');
  }
  const html = await renderMarkdown(data.description);
  const tool = await deps.db.transaction(async (tx) => {
    const base = slugify(data.name, 60);
    let slug = base;
    for (let n = 2; slug === 'nouveau' || (await repo.toolSlugTaken(tx, slug)); n++) {
      slug = `${base}-${n}`;
    }
    const row = await repo.insertTool(tx, { ...toolColumns(data, html), slug, createdBy: viewer.id });
    await indexWords(tx, data.name, data.description);
    await recordEvent(tx, { actorId: viewer.id, action: 'tool.created', subjectType: 'tool', subjectId: row.id });
    return row;
  });
  await deps.changes.publish(TOOLS_TOPIC);
  return tool;
}

export async function editTool(deps: Deps, viewer: Viewer | null, tool: repo.ToolRow, data: ToolFormData): Promise<void> {
  if (!canEditTool(viewer, tool)) {
    throw forbidden('not the tool’s author');
  }
  const html = await renderMarkdown(data.description);
  await deps.db.transaction(async (tx) => {
    await repo.updateTool(tx, tool.id, toolColumns(data, html));
    await indexWords(tx, data.name, data.description);
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: 'tool.updated', subjectType: 'tool', subjectId: tool.id });
  });
  await deps.changes.publish(TOOLS_TOPIC);
}

export async function getTool(deps: Deps, slug: string) {
  const tool = await repo.findTool(deps.db, slug);
  if (!tool) {
    throw notFound('tool');
  }
  const [places, projects, notes] = await Promise.all([
    repo.placesUsing(deps.db, tool.id),
    listLinkedDocuments(deps, 'tool', tool.id, 24),
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
export const toolsOfPlacePart = repo.toolsOfPlacePart;
export const toolChoices = (deps: Deps) => repo.toolChoices(deps.db);

registerPersonalData('toolNotes', repo.exportNotes, repo.deleteNotesOf);

/**
 * Tools of an open dump. The catalogue may be there already (the server loads it at start):
 * a tool of the same slug stays as it is; the dump's id is mapped to it.
 */
export async function restoreTools(
  db: DbOrTx,
  list: Array<{
    id: string;
    slug: string;
    name: string;
    kind: string;
    licence: string;
    website: string | null;
    repository: string | null;
    descriptionMd: string;
    platforms: string[];
  }>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const t of list) {
    ids.set(
      t.id,
      await repo.insertToolKeepingSlug(db, {
        ...t,
        kind: t.kind as (typeof TOOL_KINDS)[number],
        descriptionHtml: await renderMarkdown(t.descriptionMd),
      }),
    );
  }
  return ids;
}
