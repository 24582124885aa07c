import { and, asc, count, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, textArray } from '../../db/client.ts';
import type { PlanRow } from './imports.plan.ts';
import { importJobs, importLinks, importRows, importSources } from './imports.schema.ts';

export type SourceRow = typeof importSources.$inferSelect;
export type JobRow = Omit<typeof importJobs.$inferSelect, 'file'>;
export type ImportRowRecord = typeof importRows.$inferSelect;

const jobColumns = {
  id: importJobs.id,
  sourceId: importJobs.sourceId,
  fileName: importJobs.fileName,
  readOptions: importJobs.readOptions,
  status: importJobs.status,
  counts: importJobs.counts,
  notices: importJobs.notices,
  total: importJobs.total,
  done: importJobs.done,
  error: importJobs.error,
  createdBy: importJobs.createdBy,
  finishedAt: importJobs.finishedAt,
  createdAt: importJobs.createdAt,
  updatedAt: importJobs.updatedAt,
};

export async function findSourceByName(db: DbOrTx, name: string): Promise<SourceRow | undefined> {
  const [row] = await db.select().from(importSources).where(sql`lower(${importSources.name}) = lower(${name})`).limit(1);
  return row;
}

export async function findSource(db: DbOrTx, id: string): Promise<SourceRow | undefined> {
  const [row] = await db.select().from(importSources).where(eq(importSources.id, id)).limit(1);
  return row;
}

export async function insertSource(db: DbOrTx, name: string): Promise<SourceRow> {
  const [row] = await db.insert(importSources).values({ name }).onConflictDoNothing().returning();
  return row ?? ((await findSourceByName(db, name)) as SourceRow);
}

export async function saveSourceMapping(db: DbOrTx, id: string, values: Pick<SourceRow, 'columns' | 'mapping' | 'defaultKind'>) {
  await db
    .update(importSources)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(importSources.id, id));
}

export async function listSources(db: DbOrTx) {
  return db.select({ id: importSources.id, name: importSources.name }).from(importSources).orderBy(asc(importSources.name));
}

export async function insertJob(db: DbOrTx, values: typeof importJobs.$inferInsert): Promise<JobRow> {
  const [row] = await db.insert(importJobs).values(values).returning(jobColumns);
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

export async function findJob(db: DbOrTx, id: string): Promise<JobRow | undefined> {
  const [row] = await db.select(jobColumns).from(importJobs).where(eq(importJobs.id, id)).limit(1);
  return row;
}

export async function lockJob(db: DbOrTx, id: string): Promise<JobRow | undefined> {
  const [row] = await db.select(jobColumns).from(importJobs).where(eq(importJobs.id, id)).for('update').limit(1);
  return row;
}

export async function readJobFile(db: DbOrTx, id: string): Promise<Buffer | null> {
  const [row] = await db.select({ file: importJobs.file }).from(importJobs).where(eq(importJobs.id, id)).limit(1);
  return row?.file ?? null;
}

export async function updateJob(db: DbOrTx, id: string, values: Partial<typeof importJobs.$inferInsert>) {
  await db
    .update(importJobs)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(importJobs.id, id));
}

export async function listJobs(db: DbOrTx, limit = 30) {
  return db
    .select({ ...jobColumns, sourceName: importSources.name })
    .from(importJobs)
    .innerJoin(importSources, eq(importSources.id, importJobs.sourceId))
    .orderBy(desc(importJobs.createdAt))
    .limit(limit);
}

/** Jobs left running by a process that stopped (no progress for a while). */
export async function listStalledJobs(db: DbOrTx, idleSeconds: number) {
  return db
    .select({ id: importJobs.id })
    .from(importJobs)
    .where(and(eq(importJobs.status, 'running'), sql`${importJobs.updatedAt} < now() - make_interval(secs => ${idleSeconds})`));
}

/** A new dry run replaces the rows of the previous one. */
export async function replaceRows(db: DbOrTx, jobId: string, rows: PlanRow[]) {
  await db.delete(importRows).where(eq(importRows.jobId, jobId));
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(importRows).values(
      rows.slice(i, i + 500).map((r) => ({
        jobId,
        line: r.line,
        status: r.status,
        action: r.action,
        target: r.target ?? null,
        targetName: r.targetName ?? null,
        score: r.score ?? null,
        sourceKey: r.sourceKey ?? null,
        draft: r.draft ?? null,
        notes: { fixes: r.fixes, warnings: r.warnings, ...(r.rejection ? { rejection: r.rejection } : {}) },
      })),
    );
  }
}

export async function listRows(
  db: DbOrTx,
  jobId: string,
  opts: { status?: string; action?: string; offset?: number; limit?: number } = {},
) {
  return db
    .select()
    .from(importRows)
    .where(
      and(
        eq(importRows.jobId, jobId),
        opts.status ? eq(importRows.status, opts.status as ImportRowRecord['status']) : undefined,
        opts.action ? eq(importRows.action, opts.action as ImportRowRecord['action']) : undefined,
      ),
    )
    .orderBy(asc(importRows.line))
    .offset(opts.offset ?? 0)
    .limit(opts.limit ?? 100_000);
}

export async function countRows(db: DbOrTx, jobId: string, opts: { status?: string; action?: string } = {}): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(importRows)
    .where(
      and(
        eq(importRows.jobId, jobId),
        opts.status ? eq(importRows.status, opts.status as ImportRowRecord['status']) : undefined,
        opts.action ? eq(importRows.action, opts.action as ImportRowRecord['action']) : undefined,
      ),
    );
  return Number(row?.n ?? 0);
}

/** A person's decisions, all in one statement (the command line may bring thousands). */
export async function setDecisions(db: DbOrTx, jobId: string, decisions: Array<{ line: number; decision: 'merge' | 'new' | 'skip' }>) {
  if (decisions.length === 0) {
    return;
  }
  await db.execute(sql`
    update import_rows r set decision = v.decision
    from (select unnest(${textArray(decisions.map((d) => String(d.line)))})::int as line,
                 unnest(${textArray(decisions.map((d) => d.decision))}) as decision) v
    where r.job_id = ${jobId} and r.line = v.line and r.action = 'decide'`);
}

export async function nextPendingRows(db: DbOrTx, jobId: string, afterLine: number, limit: number) {
  return db
    .select()
    .from(importRows)
    .where(and(eq(importRows.jobId, jobId), isNull(importRows.appliedAt), gt(importRows.line, afterLine)))
    .orderBy(asc(importRows.line))
    .limit(limit);
}

export async function markApplied(db: DbOrTx, jobId: string, results: Array<{ line: number; outcome: string; placeId: string | null }>) {
  if (results.length === 0) {
    return;
  }
  await db.execute(sql`
    update import_rows r set applied_at = now(), outcome = v.outcome, place_id = v.place_id
    from (select unnest(${textArray(results.map((r) => String(r.line)))})::int as line,
                 unnest(${textArray(results.map((r) => r.outcome))}) as outcome,
                 nullif(unnest(${textArray(results.map((r) => r.placeId ?? ''))}), '')::uuid as place_id) v
    where r.job_id = ${jobId} and r.line = v.line`);
}

export async function countPending(db: DbOrTx, jobId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(importRows)
    .where(and(eq(importRows.jobId, jobId), isNull(importRows.appliedAt)));
  return Number(row?.n ?? 0);
}

export async function outcomeCounts(db: DbOrTx, jobId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ outcome: importRows.outcome, n: count() })
    .from(importRows)
    .where(eq(importRows.jobId, jobId))
    .groupBy(importRows.outcome);
  return Object.fromEntries(rows.map((r) => [r.outcome ?? 'pending', Number(r.n)]));
}

export async function linksOf(
  db: DbOrTx,
  sourceId: string,
): Promise<Map<string, { placeId: string; mode: 'created' | 'merged'; draftHash: string; importedAt: Date }>> {
  const rows = await db.select().from(importLinks).where(eq(importLinks.sourceId, sourceId));
  return new Map(rows.map((r) => [r.sourceKey, r]));
}

export async function findLinks(db: DbOrTx, sourceId: string, keys: string[]) {
  if (keys.length === 0) {
    return [];
  }
  return db
    .select()
    .from(importLinks)
    .where(and(eq(importLinks.sourceId, sourceId), inArray(importLinks.sourceKey, keys)));
}

export async function upsertLinks(db: DbOrTx, rows: Array<typeof importLinks.$inferInsert>) {
  if (rows.length === 0) {
    return;
  }
  await db
    .insert(importLinks)
    .values(rows)
    .onConflictDoUpdate({
      target: [importLinks.sourceId, importLinks.sourceKey],
      set: {
        placeId: sql`excluded.place_id`,
        mode: sql`excluded.mode`,
        draftHash: sql`excluded.draft_hash`,
        importedAt: sql`excluded.imported_at`,
      },
    });
}
