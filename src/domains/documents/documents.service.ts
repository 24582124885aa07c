import { isDeepStrictEqual } from 'node:util';
import { type DbOrTx, readTogether } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { domainEvent } from '../../lib/events.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import { firstFreeSlug, slugify } from '../../lib/slug.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { understandQuery } from '../search/search.query.ts';
import { indexWords } from '../search/search.service.ts';
import { bodyTextOf, type DocumentContent, licenceOf, type RenderedContent, TEMPLATES } from './documents.content.ts';
import {
  adaptationRefusal,
  canCreateDocument,
  canEditDocument,
  canManageDocument,
  canSeeDocument,
  type DocumentFacts,
} from './documents.policy.ts';
import * as repo from './documents.repo.ts';
import type { DocumentKind, DocumentLinkType } from './documents.schema.ts';

export const DOCUMENTS_TOPIC = 'documents';

/** Where a kind of document is listed ("/projets"), and where one document lives. */
export const listPathOf = (kind: DocumentKind) => (kind === 'project' ? '/projets' : '/guides');
export const pathOf = (doc: { kind: DocumentKind; slug: string }) => `${listPathOf(doc.kind)}/${doc.slug}`;

/** What the policies need to know of a document: its kind, its team, published or not. */
/** What the policies need to know of a document whose team is known. */
function factsFrom(doc: repo.DocumentRow, teamIds: string[]): DocumentFacts & { teamIds: string[] } {
  return { kind: doc.kind, teamIds, published: !!doc.publishedAt, deleted: !!doc.deletedAt };
}

export async function factsOf(db: DbOrTx, doc: repo.DocumentRow): Promise<DocumentFacts & { teamIds: string[] }> {
  return factsFrom(doc, await repo.listTeamIds(db, doc.id));
}

export async function renderContent(kind: DocumentKind, content: DocumentContent): Promise<RenderedContent> {
  const sections: Record<string, string> = {};
  for (const key of TEMPLATES[kind].sections) {
    const text = content.sections[key];
    if (text) {
      sections[key] = await renderMarkdown(text);
    }
  }
  const steps = await Promise.all(content.steps.map((s) => renderMarkdown(s.text)));
  return { sections, steps };
}

/**
 * What a save may reference is checked against the database: links to things that exist, and
 * images among the document's own uploads. Anything else is dropped, not trusted.
 */
async function cleanContent(db: DbOrTx, documentId: string | null, content: DocumentContent): Promise<DocumentContent> {
  const [placeIds, communityIds, skillIds, toolIds] = await Promise.all([
    repo.existingIds(db, 'place', content.placeIds),
    repo.existingIds(db, 'community', content.communityIds),
    repo.existingIds(db, 'skill', content.skillIds),
    repo.existingIds(db, 'tool', content.toolIds),
  ]);
  const wantedKeys = [...content.steps.flatMap((s) => s.images), ...content.attachments, ...(content.coverKey ? [content.coverKey] : [])];
  const ownKeys = new Set(documentId ? (await repo.filesByKeys(db, documentId, wantedKeys)).map((f) => f.storageKey) : []);
  return {
    ...content,
    placeIds,
    communityIds,
    skillIds,
    toolIds,
    coverKey: content.coverKey && ownKeys.has(content.coverKey) ? content.coverKey : null,
    attachments: content.attachments.filter((k) => ownKeys.has(k)),
    steps: content.steps.map((s) => ({ ...s, images: s.images.filter((k) => ownKeys.has(k)) })),
  };
}

/** The row's columns that mirror a content (what lists, facets and search read). */
async function columnsOf(db: DbOrTx, kind: DocumentKind, content: DocumentContent) {
  return {
    title: content.title,
    summary: content.summary,
    status: content.status,
    licence: content.licence,
    levels: content.levels,
    disciplines: content.disciplines,
    audiences: content.audiences,
    regionCodes: await repo.regionCodesOfPlaces(db, content.placeIds),
    coverKey: content.coverKey,
    content,
    rendered: await renderContent(kind, content),
    bodyText: bodyTextOf(kind, content),
  };
}

async function afterWrite(tx: DbOrTx, documentId: string, kind: DocumentKind, content: DocumentContent) {
  await repo.replaceLinks(tx, documentId, [
    ...content.placeIds.map((id) => ({ type: 'place' as const, id })),
    ...content.communityIds.map((id) => ({ type: 'community' as const, id })),
    ...content.skillIds.map((id) => ({ type: 'skill' as const, id })),
    ...content.toolIds.map((id) => ({ type: 'tool' as const, id })),
  ]);
  await indexWords(tx, content.title, content.summary, bodyTextOf(kind, content).slice(0, 20_000));
}

/**
 * A published project's documentation changed (a revision, or its publication): recognition
 * records who documented it. Emitted in the writing transaction.
 */
const projectDocumentedEvent = domainEvent<[deps: Deps, tx: DbOrTx, projectId: string]>();
export const onProjectDocumented = projectDocumentedEvent.on;

async function projectDocumented(deps: Deps, tx: DbOrTx, kind: DocumentKind, projectId: string, published: boolean): Promise<void> {
  if (kind === 'project' && published) {
    await projectDocumentedEvent.emit(deps, tx, projectId);
  }
}

/** Paths under /projets and /guides that are pages, not documents. */
const RESERVED_SLUGS = new Set(['nouveau', 'collections']);

function uniqueSlug(db: DbOrTx, kind: DocumentKind, title: string): Promise<string> {
  return firstFreeSlug(slugify(title, 70), (slug) => repo.slugTaken(db, kind, slug), RESERVED_SLUGS);
}

/** A new project or guide: revision 1, its author in the team; a draft unless `publish`. */
export async function createDocument(
  deps: Deps,
  viewer: Viewer | null,
  kind: DocumentKind,
  input: {
    content: DocumentContent;
    change?: string;
    publish?: boolean;
    adaptedFromId?: string | null;
    /** Records the files sent with the form as the new document's own (cover, step pictures, PDFs). */
    attach?: (tx: DbOrTx, documentId: string) => Promise<void>;
  },
): Promise<repo.DocumentRow> {
  if (!viewer || !canCreateDocument(viewer)) {
    throw forbidden('confirmed members only');
  }
  const doc = await deps.db.transaction(async (tx) => {
    let content = await cleanContent(tx, null, input.content);
    const row = await repo.insertDocument(tx, {
      kind,
      slug: await uniqueSlug(tx, kind, content.title),
      ...(await columnsOf(tx, kind, content)),
      revision: 1,
      adaptedFromId: input.adaptedFromId ?? null,
      createdBy: viewer.id,
      publishedAt: input.publish ? new Date() : null,
    });
    if (input.attach) {
      // Its files exist once it does: then the content may point at them.
      await input.attach(tx, row.id);
      content = await cleanContent(tx, row.id, input.content);
      await repo.updateDocument(tx, row.id, await columnsOf(tx, kind, content));
    }
    await repo.insertRevision(tx, { documentId: row.id, number: 1, authorId: viewer.id, summary: input.change ?? '', content });
    await repo.addTeamMember(tx, row.id, viewer.id);
    await afterWrite(tx, row.id, kind, content);
    await projectDocumented(deps, tx, kind, row.id, !!input.publish);
    await recordEvent(tx, { actorId: viewer.id, action: `${kind}.created`, subjectType: kind, subjectId: row.id });
    return row;
  });
  await deps.changes.publish(DOCUMENTS_TOPIC);
  return doc;
}

export interface DocumentView {
  doc: repo.DocumentRow;
  facts: DocumentFacts & { teamIds: string[] };
  /** The team, read with the document (its page names them). */
  team: repo.TeamMember[];
  canEdit: boolean;
  canManage: boolean;
}

/** A document the viewer may see, or NOT_FOUND (drafts do not exist for others). */
export async function loadDocument(deps: Deps, viewer: Viewer | null, kind: DocumentKind, slug: string): Promise<DocumentView> {
  const found = await repo.findDocumentWithTeam(deps.db, kind, slug);
  if (!found) {
    throw notFound(kind);
  }
  const { team, ...doc } = found;
  const facts = factsFrom(
    doc,
    team.map((m) => m.userId),
  );
  if (!canSeeDocument(viewer, facts)) {
    throw notFound(kind);
  }
  return { doc, facts, team, canEdit: canEditDocument(viewer, facts), canManage: canManageDocument(viewer, facts) };
}

/** The projects a member is in the team of: for other domains' forms (a contribution on a project). */
export const listProjectsOf = (deps: Deps, userId: string) => repo.listProjectsOfMember(deps.db, userId);

/** Published documents that link to a place, community, skill or tool: for other domains' pages. */
export type { DocumentCard } from './documents.repo.ts';
export const listLinkedDocuments = (deps: Deps, type: DocumentLinkType, targetId: string, limit = 24) =>
  repo.listLinkedDocuments(deps.db, type, targetId, limit);
export const linkedDocumentsPart = repo.linkedDocumentsPart;

/** The reads of what a document's page shows around the body (parts of one statement: readTogether). */
export function documentPageParts(doc: repo.DocumentRow) {
  return {
    ...repo.linkedItemsParts(doc.content),
    contributors: repo.contributorsPart(doc.id),
    adaptations: repo.adaptationsPart(doc.id),
    adaptedFrom: repo.adaptedFromPart(doc.adaptedFromId),
  };
}

/** Everything the page shows around the body, from the rows of `documentPageParts`: team, links, contributors, lineage. */
export function documentExtras(view: DocumentView, rows: Awaited<ReturnType<typeof readTogether<ReturnType<typeof documentPageParts>>>>) {
  return {
    team: view.team,
    links: repo.linkedItemsInOrder(view.doc.content, rows),
    contributors: rows.contributors,
    adaptations: rows.adaptations,
    adaptedFrom: rows.adaptedFrom[0],
    licence: licenceOf(view.doc.licence),
  };
}

/** Everything the page shows around the body: team, links, contributors, lineage (one statement). */
export async function documentPage(deps: Deps, view: DocumentView) {
  return documentExtras(view, await readTogether(deps.db, documentPageParts(view.doc)));
}

export class EditConflict extends AppError {
  constructor(
    readonly current: number,
    readonly theirs: DocumentContent,
    readonly mine: DocumentContent,
  ) {
    super('CONFLICT', {
      message: `the document changed since revision was loaded (now ${current})`,
      userMessage: 'documents.conflict.message',
    });
  }
}

/**
 * Save an edit as a new revision. `base` is the revision the editor started from: if someone
 * saved in between, nothing is overwritten — an EditConflict tells them to merge, and what they
 * typed is kept as their draft (a restore has nothing typed to keep). A save that changes
 * nothing makes no revision.
 */
export async function saveDocument(
  deps: Deps,
  viewer: Viewer | null,
  documentId: string,
  input: { content: DocumentContent; change: string; base: number; restoredFrom?: number; publish?: boolean },
): Promise<{ revision: number; changed: boolean }> {
  const result = await deps.db.transaction(async (tx) => {
    // Locked for the rest of the transaction: saves of one document go one at a time.
    const doc = await repo.findDocumentById(tx, documentId, { forUpdate: true });
    if (!doc || doc.deletedAt) {
      throw notFound('document');
    }
    const facts = await factsOf(tx, doc);
    if (!viewer || !canEditDocument(viewer, facts)) {
      throw forbidden('not in the team');
    }
    const content = await cleanContent(tx, documentId, input.content);
    if (input.base !== doc.revision) {
      return { conflict: new EditConflict(doc.revision, doc.content, content) };
    }
    // "Enregistrer et publier" publishes in the same transaction as the save.
    const publish = !!input.publish && !doc.publishedAt && canManageDocument(viewer, facts);
    if (publish) {
      await repo.updateDocument(tx, documentId, { publishedAt: new Date() });
      await recordEvent(tx, { actorId: viewer.id, action: `${doc.kind}.published`, subjectType: doc.kind, subjectId: documentId });
    }
    // Deep equality: jsonb hands keys back in its own order.
    if (isDeepStrictEqual(content, doc.content)) {
      await projectDocumented(deps, tx, doc.kind, documentId, publish);
      return { revision: doc.revision, changed: publish };
    }
    const number = doc.revision + 1;
    await repo.insertRevision(tx, {
      documentId,
      number,
      authorId: viewer.id,
      summary: input.change,
      content,
      restoredFrom: input.restoredFrom ?? null,
    });
    await repo.updateDocument(tx, documentId, { ...(await columnsOf(tx, doc.kind, content)), revision: number });
    await afterWrite(tx, documentId, doc.kind, content);
    await projectDocumented(deps, tx, doc.kind, documentId, publish || !!doc.publishedAt);
    await repo.deleteDraft(tx, documentId, viewer.id);
    return { revision: number, changed: true };
  });
  if (result.conflict) {
    if (viewer && input.restoredFrom === undefined) {
      // Kept outside the refused transaction: what they typed survives the conflict.
      await repo.saveDraft(deps.db, documentId, viewer.id, result.conflict.current, result.conflict.mine);
    }
    throw result.conflict;
  }
  await deps.changes.publish(DOCUMENTS_TOPIC);
  return { revision: result.revision, changed: result.changed };
}

/** Bring an old revision back, as a new revision (history is never rewritten). */
export async function restoreRevision(deps: Deps, viewer: Viewer | null, documentId: string, number: number, base: number) {
  const old = await repo.findRevision(deps.db, documentId, number);
  if (!old) {
    throw notFound('revision');
  }
  return saveDocument(deps, viewer, documentId, { content: old.content, change: '', base, restoredFrom: number });
}

async function requireManager(deps: Deps, viewer: Viewer | null, documentId: string) {
  const doc = await repo.findDocumentById(deps.db, documentId);
  if (!doc) {
    throw notFound('document');
  }
  if (!canManageDocument(viewer, await factsOf(deps.db, doc))) {
    throw forbidden('not in the team');
  }
  return doc;
}

export async function setPublished(deps: Deps, viewer: Viewer | null, documentId: string, published: boolean): Promise<void> {
  const doc = await requireManager(deps, viewer, documentId);
  await deps.db.transaction(async (tx) => {
    await repo.updateDocument(tx, documentId, { publishedAt: published ? (doc.publishedAt ?? new Date()) : null });
    await projectDocumented(deps, tx, doc.kind, documentId, published);
    await recordEvent(tx, {
      actorId: viewer?.id ?? null,
      action: `${doc.kind}.${published ? 'published' : 'unpublished'}`,
      subjectType: doc.kind,
      subjectId: documentId,
    });
  });
  await deps.changes.publish(DOCUMENTS_TOPIC);
}

export async function deleteDocument(deps: Deps, viewer: Viewer | null, documentId: string): Promise<void> {
  const doc = await requireManager(deps, viewer, documentId);
  await deps.db.transaction(async (tx) => {
    await repo.updateDocument(tx, documentId, { deletedAt: new Date() });
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: `${doc.kind}.deleted`, subjectType: doc.kind, subjectId: documentId });
  });
  await deps.changes.publish(DOCUMENTS_TOPIC);
}

/**
 * "Je l'adapte chez moi": a new project, a draft of the adapter's, starting from the current
 * text, for their place, recording where it came from.
 */
export async function adaptDocument(deps: Deps, viewer: Viewer | null, documentId: string, placeId: string | null) {
  const source = await repo.findDocumentById(deps.db, documentId);
  if (source?.kind !== 'project') {
    throw notFound('project');
  }
  const refusal = adaptationRefusal(viewer, await factsOf(deps.db, source), source.licence);
  if (refusal === 'noDerivatives') {
    throw new AppError('FORBIDDEN', { message: 'the licence forbids adaptations', userMessage: 'documents.adapt.noDerivatives' });
  }
  if (refusal) {
    throw forbidden(refusal);
  }
  const content: DocumentContent = {
    // The licence comes along: share-alike ones must, and the others are the author's choice to keep or change.
    ...source.content,
    status: 'idee',
    // Images stay with the original: the adaptation links to them in its text, not as uploads.
    coverKey: null,
    attachments: [],
    steps: source.content.steps.map((s) => ({ ...s, images: [] })),
    placeIds: placeId ? [placeId] : [],
  };
  const adapted = await createDocument(deps, viewer, 'project', {
    content,
    change: `Adapté de « ${source.title} »`,
    adaptedFromId: source.id,
  });
  return adapted;
}

export async function getRevision(deps: Deps, view: DocumentView, number: number) {
  const revision = await repo.findRevision(deps.db, view.doc.id, number);
  if (!revision) {
    throw notFound('revision');
  }
  return revision;
}

/**
 * Published projects or guides and how many there are, newest first or best match first: the
 * words read as the one search reads them (typos corrected, word families), and the filters.
 */
/** How many documents of a kind are published (the network's statistics). */
export const countPublished = (deps: Deps, kind: 'project' | 'guide') => repo.countPublished(deps.db, kind);

export async function searchDocuments(deps: Deps, f: Omit<repo.DocumentFilters, 'tsquery'> & { q?: string }) {
  const { q, ...filters } = f;
  const tsquery = q ? ((await understandQuery(deps, q, { locate: false })).all ?? null) : null;
  return repo.findDocuments(deps.db, { ...filters, tsquery });
}

export const listHistory = (deps: Deps, view: DocumentView) => repo.listRevisions(deps.db, view.doc.id);

/** The viewer's kept text of a document (after a conflict), if any. */
export async function myDraft(deps: Deps, viewer: Viewer | null, documentId: string) {
  return viewer ? repo.findDraft(deps.db, documentId, viewer.id) : undefined;
}

registerPersonalData('documents', repo.exportDocuments, repo.deleteSoleAuthoredDocuments);

/**
 * A document of an open dump, restored with its id, slug, dates and every revision (their
 * authors restored first): its page and history read as on the original site. Links to places,
 * tools, skills or communities the instance does not have are dropped from its content.
 */
export async function restoreDocument(
  tx: DbOrTx,
  doc: {
    id: string;
    kind: DocumentKind;
    slug: string;
    adaptedFromId: string | null;
    publishedAt: Date | null;
    updatedAt: Date;
    revisions: Array<{
      number: number;
      authorId: string | null;
      summary: string;
      restoredFrom: number | null;
      createdAt: Date;
      content: DocumentContent;
    }>;
    /** Its images, already in the upload store under their keys. */
    images: Array<{ key: string; bytes: number; width: number; height: number }>;
    /** Its team's accounts (restored first), in the order they joined. */
    teamIds: string[];
  },
): Promise<void> {
  const last = doc.revisions[doc.revisions.length - 1];
  if (!last) {
    return;
  }
  const first = doc.revisions[0];
  await repo.insertDocument(tx, {
    id: doc.id,
    kind: doc.kind,
    slug: doc.slug,
    ...(await columnsOf(tx, doc.kind, last.content)),
    revision: last.number,
    adaptedFromId: null,
    createdBy: first?.authorId ?? null,
    publishedAt: doc.publishedAt,
    createdAt: first?.createdAt ?? doc.updatedAt,
    updatedAt: doc.updatedAt,
  });
  for (const image of doc.images) {
    await repo.insertFile(tx, {
      documentId: doc.id,
      storageKey: image.key,
      name: image.key,
      mediaType: 'image/webp',
      bytes: image.bytes,
      width: image.width,
      height: image.height,
      createdAt: first?.createdAt,
    });
  }
  // Its files exist now: the content may point at them (and at the places, tools… this instance has).
  const content = await cleanContent(tx, doc.id, last.content);
  await repo.updateDocument(tx, doc.id, await columnsOf(tx, doc.kind, content));
  await repo.setUpdatedAt(tx, doc.id, doc.updatedAt);
  for (const r of doc.revisions) {
    await repo.insertRevision(tx, {
      documentId: doc.id,
      number: r.number,
      authorId: r.authorId,
      summary: r.summary,
      restoredFrom: r.restoredFrom,
      content: r.content,
      createdAt: r.createdAt,
    });
  }
  for (const userId of doc.teamIds) {
    await repo.addTeamMember(tx, doc.id, userId);
  }
  await afterWrite(tx, doc.id, doc.kind, content);
}
