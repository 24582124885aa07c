import { readTogether } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { commentsPart } from './documents.comments.repo.ts';
import { threadsOf } from './documents.comments.service.ts';
import { filesPart } from './documents.repo.ts';
import { documentSections } from './documents.sections.ts';
import { type DocumentView, documentExtras, documentPageParts } from './documents.service.ts';

/**
 * What a document's page shows besides the document itself — links, contributors, lineage,
 * attached files, the discussion and what other domains registered (documents.sections.ts) — read in one statement: with the document's own read, a
 * project page costs the database two statements.
 */
export async function documentPageData(deps: Deps, viewer: Viewer | null, view: DocumentView) {
  const added = documentSections();
  const rows = await readTogether(deps.db, {
    ...documentPageParts(view.doc),
    files: filesPart(view.doc.id),
    comments: commentsPart(view.doc.id),
    ...Object.fromEntries(added.map((s) => [`section_${s.key}`, s.part(view.doc.id)])),
  });
  const extra = rows as unknown as Record<string, object[]>;
  const page = { slug: view.doc.slug, title: view.doc.title, kind: view.doc.kind };
  return {
    extras: documentExtras(view, rows),
    files: rows.files,
    threads: threadsOf(viewer, rows.comments),
    sections: added.map((s) => s.render(extra[`section_${s.key}`] ?? [], page)),
  };
}
