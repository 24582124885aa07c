import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { registerModerationQueue } from '../moderation/moderation.queues.ts';
import { notifyModerators, notifyUsers, registerNotificationKind, sendMessage } from '../social/social.service.ts';
import * as repo from './documents.comments.repo.ts';
import {
  canComment,
  canDeleteComment,
  canModerateComments,
  canReportComment,
  canSeeComment,
  canSeeDocument,
  REPORTS_TO_HIDE,
} from './documents.policy.ts';
import { findDocumentById } from './documents.repo.ts';
import type { ReportReason } from './documents.schema.ts';
import { DOCUMENTS_TOPIC, type DocumentView, factsOf, pathOf } from './documents.service.ts';

export interface CommentThread {
  comment: repo.CommentRow;
  replies: repo.CommentRow[];
}

/** The comments a viewer may see, threaded (replies under the comment they answer). */
export async function listThreads(deps: Deps, viewer: Viewer | null, documentId: string): Promise<CommentThread[]> {
  return threadsOf(viewer, await repo.listComments(deps.db, documentId));
}

/** The comments the viewer may see, as threads (one level of answers). */
export function threadsOf(viewer: Viewer | null, comments: repo.CommentRow[]): CommentThread[] {
  const rows = comments.filter((c) => canSeeComment(viewer, c));
  const threads = new Map<string, CommentThread>();
  for (const c of rows) {
    if (!c.parentId) {
      threads.set(c.id, { comment: c, replies: [] });
    }
  }
  for (const c of rows) {
    if (c.parentId) {
      threads.get(c.parentId)?.replies.push(c);
    }
  }
  return [...threads.values()];
}

/** Comment a published document, or answer a comment; its team and the person answered hear of it. */
export async function addComment(
  deps: Deps,
  viewer: Viewer | null,
  view: DocumentView,
  input: { body: string; parentId?: string | undefined },
): Promise<string> {
  if (!viewer || !canComment(viewer, view.facts)) {
    throw forbidden('cannot comment');
  }
  const parent = input.parentId ? await repo.findComment(deps.db, input.parentId) : undefined;
  if (input.parentId && (!parent || parent.documentId !== view.doc.id || !canSeeComment(viewer, parent))) {
    throw notFound('comment');
  }
  // Threads have one level: an answer to an answer joins the same thread.
  const parentId = parent ? (parent.parentId ?? parent.id) : null;
  const id = await deps.db.transaction(async (tx) => {
    const row = await repo.insertComment(tx, { documentId: view.doc.id, parentId, authorId: viewer.id, body: input.body });
    const audience = [...view.facts.teamIds, ...(parent?.authorId ? [parent.authorId] : [])];
    await notifyUsers(tx, audience, {
      kind: 'document.comment',
      subjectType: view.doc.kind,
      subjectId: view.doc.id,
      actorId: viewer.id,
      payload: { commentId: row.id },
    });
    return row.id;
  });
  await deps.changes.publish(DOCUMENTS_TOPIC);
  return id;
}

async function loadComment(deps: Deps, viewer: Viewer | null, id: string) {
  const comment = await repo.findComment(deps.db, id);
  const doc = comment && (await findDocumentById(deps.db, comment.documentId));
  if (!comment || !doc || !canSeeComment(viewer, comment)) {
    throw notFound('comment');
  }
  return { comment, doc };
}

/** Its author takes a comment back (answers to it go with it). Returns the document's path. */
export async function deleteComment(deps: Deps, viewer: Viewer | null, id: string): Promise<string> {
  const { comment, doc } = await loadComment(deps, viewer, id);
  if (!canDeleteComment(viewer, comment)) {
    throw forbidden('not the author');
  }
  await repo.deleteComment(deps.db, id);
  await deps.changes.publish(DOCUMENTS_TOPIC);
  return pathOf(doc);
}

/**
 * Report a comment, with a reason. From the third open report on, the comment is hidden until
 * a moderator decides (keep it: it comes back; hide it: it stays hidden, with the reason).
 */
export async function reportComment(
  deps: Deps,
  viewer: Viewer | null,
  id: string,
  input: { reason: ReportReason; note: string },
): Promise<string> {
  const { comment, doc } = await loadComment(deps, viewer, id);
  if (!viewer || !canReportComment(viewer, comment)) {
    throw forbidden('cannot report');
  }
  let hidden = false;
  await deps.db.transaction(async (tx) => {
    const added = await repo.insertReport(tx, { commentId: id, reporterId: viewer.id, reason: input.reason, note: input.note });
    const open = added ? await repo.countOpenReports(tx, id) : 0;
    // The first report puts the comment in the moderators' queue.
    if (open === 1) {
      await notifyModerators(tx, 'comments', { type: 'comment', id, label: doc.title }, viewer.id);
    }
    if (open >= REPORTS_TO_HIDE) {
      await repo.setCommentStatus(tx, id, 'hidden', 'reports');
      hidden = true;
    }
  });
  if (hidden) {
    await deps.changes.publish(DOCUMENTS_TOPIC);
  }
  return pathOf(doc);
}

export async function listReportedComments(deps: Deps, viewer: Viewer | null) {
  if (!canModerateComments(viewer)) {
    throw forbidden('moderators only');
  }
  return repo.listReportedComments(deps.db);
}

/** A moderator's decision on a reported (or any) comment; the reports are closed either way. */
export async function moderateComment(
  deps: Deps,
  viewer: Viewer | null,
  id: string,
  input: { decision: 'hide' | 'keep'; reason?: string | undefined },
): Promise<void> {
  if (!viewer || !canModerateComments(viewer)) {
    throw forbidden('moderators only');
  }
  await loadComment(deps, viewer, id);
  await deps.db.transaction(async (tx) => {
    await repo.setCommentStatus(
      tx,
      id,
      input.decision === 'hide' ? 'hidden' : 'visible',
      input.decision === 'hide' ? (input.reason ?? '') : null,
    );
    await repo.resolveReports(tx, id);
    await recordEvent(tx, { actorId: viewer.id, action: `comment.${input.decision}`, subjectType: 'comment', subjectId: id });
  });
  await deps.changes.publish(DOCUMENTS_TOPIC);
}

/**
 * "Question to the authors": a private message to each member of the document's team (they
 * answer from their messages; nobody's address is shown). Returns how many were written to.
 */
export async function askAuthors(deps: Deps, viewer: Viewer | null, view: DocumentView, question: string, intro: string): Promise<number> {
  if (!viewer?.emailVerified) {
    throw forbidden('confirmed members only');
  }
  const team = view.facts.teamIds.filter((id) => id !== viewer.id);
  if (team.length === 0) {
    throw new AppError('BAD_REQUEST', { message: 'no one else to ask', userMessage: 'documents.question.noOne' });
  }
  for (const id of team) {
    await sendMessage(deps, viewer, id, `${intro}\n\n${question}`);
  }
  return team.length;
}

registerNotificationKind('document.comment', async (deps, n, reader, t) => {
  const doc = await findDocumentById(deps.db, n.subjectId);
  if (!doc) {
    return null;
  }
  const facts = await factsOf(deps.db, doc);
  const comment = n.payload.commentId ? await repo.findComment(deps.db, n.payload.commentId) : undefined;
  if (!canSeeDocument(reader, facts) || !comment || !canSeeComment(reader, comment)) {
    return null;
  }
  return {
    text: t('notifications.documentComment', { actor: n.actorName ?? t('documents.formerMember'), title: doc.title }),
    href: `${pathOf(doc)}#commentaire-${comment.id}`,
  };
});

registerPersonalData('documentComments', repo.exportComments, repo.deleteCommentsOf);

registerModerationQueue({
  key: 'comments',
  path: '/moderation/commentaires',
  titleKey: 'moderation.queue.comments',
  itemKey: 'moderation.item.comments',
  icon: 'flag',
  count: (deps) => repo.countReportedComments(deps.db),
});
