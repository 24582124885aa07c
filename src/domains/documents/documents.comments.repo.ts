import { and, eq, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, part, queryRows } from '../../db/client.ts';
import { commentReports, documentComments, type ReportReason } from './documents.schema.ts';

export interface CommentRow {
  id: string;
  documentId: string;
  parentId: string | null;
  authorId: string | null;
  authorName: string | null;
  authorSlug: string | null;
  body: string;
  status: 'visible' | 'hidden';
  hiddenReason: string | null;
  createdAt: Date;
}

const selectComments = sql`select c.id, c.document_id as "documentId", c.parent_id as "parentId", c.author_id as "authorId",
    u.display_name as "authorName", p.slug as "authorSlug", c.body, c.status, c.hidden_reason as "hiddenReason", c.created_at as "createdAt"
  from document_comments c left join users u on u.id = c.author_id left join profiles p on p.user_id = c.author_id`;

export async function insertComment(db: DbOrTx, values: typeof documentComments.$inferInsert): Promise<{ id: string }> {
  const [row] = await db.insert(documentComments).values(values).returning({ id: documentComments.id });
  if (!row) {
    throw new Error('comment not inserted');
  }
  return row;
}

export async function findComment(db: DbOrTx, id: string): Promise<CommentRow | undefined> {
  const [row] = await queryRows<CommentRow>(db, sql`${selectComments} where c.id = ${id}`);
  return row;
}

/** A document's comments, oldest first (the page threads them). */
export const commentsPart = (documentId: string, limit = 500) =>
  part<CommentRow>(sql`${selectComments} where c.document_id = ${documentId} order by c.created_at, c.id limit ${limit}`, ['createdAt']);

export async function listComments(db: DbOrTx, documentId: string, limit = 500): Promise<CommentRow[]> {
  return queryRows<CommentRow>(db, commentsPart(documentId, limit).query);
}

export async function deleteComment(db: DbOrTx, id: string): Promise<void> {
  await db.delete(documentComments).where(eq(documentComments.id, id));
}

export async function setCommentStatus(db: DbOrTx, id: string, status: 'visible' | 'hidden', reason: string | null): Promise<void> {
  await db.update(documentComments).set({ status, hiddenReason: reason }).where(eq(documentComments.id, id));
}

/** Record a report; false when this person had already reported the comment. */
export async function insertReport(
  db: DbOrTx,
  values: { commentId: string; reporterId: string; reason: ReportReason; note: string },
): Promise<boolean> {
  const rows = await db.insert(commentReports).values(values).onConflictDoNothing().returning({ id: commentReports.commentId });
  return rows.length > 0;
}

export async function countOpenReports(db: DbOrTx, commentId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from comment_reports where comment_id = ${commentId} and resolved_at is null`,
  );
  return row?.n ?? 0;
}

export async function resolveReports(db: DbOrTx, commentId: string): Promise<void> {
  await db
    .update(commentReports)
    .set({ resolvedAt: new Date() })
    .where(and(eq(commentReports.commentId, commentId), isNull(commentReports.resolvedAt)));
}

export interface ReportedComment extends CommentRow {
  documentKind: 'project' | 'guide';
  documentSlug: string;
  documentTitle: string;
  reports: Array<{ reason: ReportReason; note: string }>;
}

/** Comments with at least one open report: the moderators' queue. */
export async function countReportedComments(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct comment_id)::int as n from comment_reports where resolved_at is null`,
  );
  return row?.n ?? 0;
}

/** The moderation queue: comments with open reports, most reported first. */
export async function listReportedComments(db: DbOrTx): Promise<ReportedComment[]> {
  return queryRows<ReportedComment>(
    db,
    sql`select x.*, d.kind as "documentKind", d.slug as "documentSlug", d.title as "documentTitle", r.reports
        from (${selectComments}) x
        join documents d on d.id = x."documentId"
        join lateral (
          select json_agg(json_build_object('reason', reason, 'note', note) order by created_at) as reports, count(*) as n
          from comment_reports where comment_id = x.id and resolved_at is null
        ) r on r.n > 0
        order by r.n desc, x."createdAt" limit 200`,
  );
}

export async function exportComments(db: DbOrTx, userId: string) {
  return queryRows<{ document: string; body: string; createdAt: Date }>(
    db,
    sql`select d.title as document, c.body, c.created_at as "createdAt"
        from document_comments c join documents d on d.id = c.document_id where c.author_id = ${userId} order by c.created_at`,
  );
}

export async function deleteCommentsOf(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(documentComments).where(eq(documentComments.authorId, userId));
}
