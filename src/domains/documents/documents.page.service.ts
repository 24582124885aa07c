import { readTogether } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { commentsPart } from './documents.comments.repo.ts';
import { threadsOf } from './documents.comments.service.ts';
import { filesPart } from './documents.repo.ts';
import { type DocumentView, documentExtras, documentPageParts } from './documents.service.ts';

/**
 * What a document's page shows besides the document itself — links, contributors, lineage,
 * attached files and the discussion — read in one statement: with the document's own read, a
 * project page costs the database two statements.
 */
export async function documentPageData(deps: Deps, viewer: Viewer | null, view: DocumentView) {
  const rows = await readTogether(deps.db, {
    ...documentPageParts(view.doc),
    files: filesPart(view.doc.id),
    comments: commentsPart(view.doc.id),
  });
  return { extras: documentExtras(view, rows), files: rows.files, threads: threadsOf(viewer, rows.comments) };
}
