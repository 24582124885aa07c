import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { safeCell } from '../../lib/csv.ts';
import { forbidden, notFound, validationFailed } from '../../lib/errors.ts';
import type { Translate } from '../../lib/i18n.ts';
import { createBanBatchGeocoder } from '../geo/ban-batch.ts';
import {
  announcePlacesChanged,
  createImportedPlaces,
  listPlacesForMatching,
  placeSlugs,
  type RefreshOutcome,
  refreshImportedPlace,
} from '../places/places.imports.ts';
import type { PlaceData } from '../places/places.validation.ts';
import { PLACE_KINDS } from '../places/places.vocabulary.ts';
import type { PlaceDraft } from './imports.clean.ts';
import { type Mapping, suggestMapping } from './imports.mapping.ts';
import { type Decision, finalAction, planImport } from './imports.plan.ts';
import { type Actor, canImport, isSystem } from './imports.policy.ts';
import { type ReadOptions, readTable, type SourceTable } from './imports.read.ts';
import * as repo from './imports.repo.ts';

/**
 * Bringing a file of places in: upload (the file is kept), mapping, a dry run that writes only
 * its report, then the import, a batch per transaction. A batch that fails leaves its rows to
 * do; running the import again starts after the last committed batch. Re-importing the same
 * source finds its rows through their keys and updates instead of duplicating.
 */

const BATCH = 250;

function check(actor: Actor | null): asserts actor is Actor {
  if (!canImport(actor)) {
    throw forbidden('administrators only');
  }
}

const actorId = (actor: Actor) => (isSystem(actor) ? null : actor.id);

export const draftHash = (d: PlaceDraft) => createHash('sha256').update(JSON.stringify(d)).digest('base64url').slice(0, 22);

export const placeDataOf = (d: PlaceDraft): PlaceData => ({
  ...d,
  equipment: [],
  services: [],
  audiences: [],
  accessibility: [],
  charterText: '',
});

/** Keep the file and read it once, so that a file that cannot be read is refused at once. */
export async function uploadImport(
  deps: Deps,
  actor: Actor | null,
  input: { sourceName: string; fileName: string; bytes: Uint8Array; readOptions: ReadOptions },
): Promise<{ jobId: string; table: SourceTable; mapping: Mapping; defaultKind: string }> {
  check(actor);
  const sourceName = input.sourceName.trim().slice(0, 120);
  if (sourceName.length < 2) {
    throw validationFailed({ source: ['v.required'] }, 'source name needed');
  }
  const table = readTable(input.bytes, { ...input.readOptions, fileName: input.fileName });
  const { jobId, source } = await deps.db.transaction(async (tx) => {
    const source = (await repo.findSourceByName(tx, sourceName)) ?? (await repo.insertSource(tx, sourceName));
    const job = await repo.insertJob(tx, {
      sourceId: source.id,
      fileName: input.fileName.slice(0, 200),
      file: Buffer.from(input.bytes),
      readOptions: input.readOptions,
      createdBy: actorId(actor),
      total: table.rows.length,
    });
    return { jobId: job.id, source };
  });
  // What the mapping page would propose, so that the command line need not read the file again.
  const mapping = suggestMapping(table, { columns: source.columns, mapping: source.mapping });
  return { jobId, table, mapping, defaultKind: source.defaultKind };
}

async function loadJob(deps: Deps, actor: Actor | null, jobId: string) {
  check(actor);
  const job = await repo.findJob(deps.db, jobId);
  if (!job) {
    throw notFound('import');
  }
  const source = await repo.findSource(deps.db, job.sourceId);
  if (!source) {
    throw notFound('import source');
  }
  return { job, source };
}

async function tableOf(deps: Deps, job: repo.JobRow): Promise<SourceTable> {
  const file = await repo.readJobFile(deps.db, job.id);
  if (!file) {
    throw notFound('import file');
  }
  return readTable(file, { ...job.readOptions, fileName: job.fileName });
}

/** The file's columns, its first rows and the mapping to propose (the source's saved one when it fits). */
export async function getImportSetup(deps: Deps, actor: Actor | null, jobId: string) {
  const { job, source } = await loadJob(deps, actor, jobId);
  const table = await tableOf(deps, job);
  const mapping = suggestMapping(table, { columns: source.columns, mapping: source.mapping });
  return { job, source, table, mapping, preview: table.rows.slice(0, 5) };
}

/** The dry run: nothing is written but its report (and the source's mapping, for next time). */
export async function checkImport(deps: Deps, actor: Actor | null, jobId: string, input: { mapping: Mapping; defaultKind: string }) {
  const { job, source } = await loadJob(deps, actor, jobId);
  if (job.status === 'running' || job.status === 'done') {
    throw validationFailed({ job: ['imports.error.alreadyImported'] }, 'import already started');
  }
  if (!(input.defaultKind in PLACE_KINDS)) {
    throw validationFailed({ defaultKind: ['v.choice'] }, 'unknown kind');
  }
  if (input.mapping.name === undefined) {
    throw validationFailed({ name: ['imports.notice.noNameColumn'] }, 'no name column');
  }
  const table = await tableOf(deps, job);
  const [candidates, links] = await Promise.all([listPlacesForMatching(deps.db), repo.linksOf(deps.db, source.id)]);
  const plan = await planImport(
    table,
    input.mapping,
    { defaultKind: input.defaultKind },
    {
      candidates: candidates.map((c) => ({ ref: c.id, ...c })),
      links: new Map([...links].map(([k, v]) => [k, v.placeId])),
      geocoder: deps.config.banUrl ? createBanBatchGeocoder(deps.config.banUrl) : undefined,
    },
  );
  await deps.db.transaction(async (tx) => {
    await repo.replaceRows(tx, job.id, plan.rows);
    await repo.saveSourceMapping(tx, source.id, { columns: table.columns, mapping: input.mapping, defaultKind: input.defaultKind });
    await repo.updateJob(tx, job.id, {
      status: 'checked',
      counts: plan.counts,
      notices: plan.notices,
      total: plan.rows.length,
      done: 0,
      error: null,
    });
  });
  return plan;
}

export async function getImportReport(
  deps: Deps,
  actor: Actor | null,
  jobId: string,
  filter: { status?: string; action?: string; offset?: number; limit?: number } = {},
) {
  const { job, source } = await loadJob(deps, actor, jobId);
  const [rows, matching, outcomes] = await Promise.all([
    repo.listRows(deps.db, job.id, filter),
    repo.countRows(deps.db, job.id, filter),
    job.status === 'running' || job.status === 'done' || job.status === 'failed'
      ? repo.outcomeCounts(deps.db, job.id)
      : Promise.resolve({}),
  ]);
  const slugs = await placeSlugs(
    deps.db,
    rows.flatMap((r) => (r.placeId ? [r.placeId] : [])),
  );
  return {
    job,
    source,
    rows: rows.map((r) => ({ ...r, placeSlug: r.placeId ? (slugs.get(r.placeId) ?? null) : null })),
    matching,
    outcomes: outcomes as Record<string, number>,
  };
}

/** The report as a spreadsheet opens it (`;`, a byte-order mark, formulas neutralised), in the reader's language. */
export async function importReportCsv(deps: Deps, actor: Actor | null, jobId: string, t: Translate): Promise<string> {
  const report = await getImportReport(deps, actor, jobId);
  const rows = report.rows.map((r) => [
    r.line,
    r.draft?.name ?? '',
    r.draft?.commune ?? '',
    t(`imports.status.row.${r.status}`),
    t(`imports.action.${r.action}`),
    r.outcome ? t(`imports.outcome.${r.outcome}`, { count: 1 }) : '',
    [...(r.notes.rejection ? [r.notes.rejection] : []), ...r.notes.warnings, ...r.notes.fixes].map((n) => t(n.key, n.params)).join(' '),
    r.placeSlug ? `${deps.config.publicUrl}/lieux/${r.placeSlug}` : '',
  ]);
  const header = ['ligne', 'nom', 'commune', 'verdict', 'action', 'résultat', 'détail', 'page'];
  return `\uFEFF${stringify([header, ...rows.map((r) => r.map(safeCell))], { delimiter: ';' })}`;
}

export async function listImports(deps: Deps, actor: Actor | null) {
  check(actor);
  const [jobs, sources] = await Promise.all([repo.listJobs(deps.db), repo.listSources(deps.db)]);
  return { jobs, sources };
}

/** A person's choices for probable duplicates (merge, keep both, leave out). */
export async function decideImportRows(
  deps: Deps,
  actor: Actor | null,
  jobId: string,
  decisions: Array<{ line: number; decision: Decision }>,
) {
  const { job } = await loadJob(deps, actor, jobId);
  if (job.status !== 'checked') {
    throw validationFailed({ job: ['imports.error.notChecked'] }, 'not a checked import');
  }
  await repo.setDecisions(deps.db, job.id, decisions);
}

const running = new Set<string>();

/** Start (or resume) the import of a checked file; `wait` runs it to its end before answering. */
export async function startImport(
  deps: Deps,
  actor: Actor | null,
  jobId: string,
  opts: { wait?: boolean; onProgress?: (done: number, total: number) => void } = {},
) {
  const { job } = await loadJob(deps, actor, jobId);
  if (!['checked', 'running', 'failed'].includes(job.status)) {
    throw validationFailed({ job: ['imports.error.notChecked'] }, 'not a checked import');
  }
  const pending = await repo.countPending(deps.db, job.id);
  await repo.updateJob(deps.db, job.id, {
    status: 'running',
    error: null,
    ...(job.status === 'checked' ? { done: 0, total: pending } : {}),
  });
  const run = runImport(deps, job.id, actor && !isSystem(actor) ? actor.id : null, opts.onProgress);
  if (opts.wait) {
    await run;
  } else {
    run.catch((err: unknown) => deps.logger.error({ err: (err as Error).message, job: job.id }, 'import failed'));
  }
}

/** Import the rows still to do, a batch per transaction. Safe to call twice: a job runs once per process. */
export async function runImport(
  deps: Deps,
  jobId: string,
  actor: string | null,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  if (running.has(jobId)) {
    return;
  }
  running.add(jobId);
  try {
    const job = await repo.findJob(deps.db, jobId);
    if (!job) {
      return;
    }
    let after = 0;
    for (;;) {
      const result = await deps.db.transaction(async (tx) => {
        const locked = await repo.lockJob(tx, jobId);
        if (locked?.status !== 'running') {
          return null;
        }
        const rows = await repo.nextPendingRows(tx, jobId, after, BATCH);
        if (rows.length === 0) {
          await repo.updateJob(tx, jobId, { status: 'done', finishedAt: new Date(), file: null });
          return { last: after, done: locked.done, total: locked.total, finished: true };
        }
        await applyBatch(tx, job.sourceId, actor, rows);
        const done = locked.done + rows.length;
        await repo.updateJob(tx, jobId, { done });
        return { last: rows[rows.length - 1]?.line ?? after, done, total: locked.total, finished: false };
      });
      if (!result) {
        return;
      }
      after = result.last;
      await announcePlacesChanged(deps);
      onProgress?.(result.done, result.total);
      if (result.finished) {
        return;
      }
    }
  } catch (err) {
    await repo.updateJob(deps.db, jobId, { status: 'failed', error: (err as Error).message.slice(0, 500) });
    throw err;
  } finally {
    running.delete(jobId);
  }
}

async function applyBatch(tx: DbOrTx, sourceId: string, actor: string | null, rows: repo.ImportRowRecord[]) {
  const links = new Map(
    (
      await repo.findLinks(
        tx,
        sourceId,
        rows.flatMap((r) => (r.sourceKey ? [r.sourceKey] : [])),
      )
    ).map((l) => [l.sourceKey, l]),
  );
  const results: Array<{ line: number; outcome: string; placeId: string | null }> = [];
  const newLinks: Array<{
    sourceId: string;
    sourceKey: string;
    placeId: string;
    mode: 'created' | 'merged';
    draftHash: string;
    importedAt: Date;
  }> = [];
  const toCreate: repo.ImportRowRecord[] = [];
  for (const row of rows) {
    const action = finalAction({ action: row.action, target: row.target ?? undefined }, row.decision ?? undefined);
    if (action === 'skip' || !row.draft || !row.sourceKey) {
      results.push({ line: row.line, outcome: 'skipped', placeId: null });
      continue;
    }
    const hash = draftHash(row.draft);
    const link = links.get(row.sourceKey);
    if (action === 'create' && !link) {
      toCreate.push(row);
      continue;
    }
    // A link written since the dry run (an earlier run of this import) counts as the row's target.
    const target = link?.placeId ?? row.target ?? '';
    if (link && link.draftHash === hash) {
      results.push({ line: row.line, outcome: 'unchanged', placeId: link.placeId });
      continue;
    }
    const mode = link?.mode === 'created' ? ({ kind: 'overwrite', importedAt: link.importedAt } as const) : ({ kind: 'fill' } as const);
    const r = await refreshImportedPlace(tx, actor, target, placeDataOf(row.draft), mode);
    const outcome: Record<RefreshOutcome, string> = {
      updated: action === 'merge' ? 'merged' : 'updated',
      unchanged: 'unchanged',
      'edited-since': 'kept',
      missing: 'missing',
    };
    results.push({ line: row.line, outcome: outcome[r.outcome], placeId: r.outcome === 'missing' ? null : target });
    if (r.outcome === 'updated' || (r.outcome === 'unchanged' && !link)) {
      newLinks.push({
        sourceId,
        sourceKey: row.sourceKey,
        placeId: target,
        mode: link?.mode ?? 'merged',
        draftHash: hash,
        importedAt: r.updatedAt ?? new Date(),
      });
    }
  }
  const created = await createImportedPlaces(
    tx,
    actor,
    toCreate.map((r) => placeDataOf(r.draft as PlaceDraft)),
  );
  created.forEach((p, i) => {
    const row = toCreate[i];
    if (row?.sourceKey && row.draft) {
      results.push({ line: row.line, outcome: 'created', placeId: p.id });
      newLinks.push({
        sourceId,
        sourceKey: row.sourceKey,
        placeId: p.id,
        mode: 'created',
        draftHash: draftHash(row.draft),
        importedAt: p.updatedAt,
      });
    }
  });
  await repo.upsertLinks(tx, newLinks);
  await repo.markApplied(tx, rows[0]?.jobId ?? '', results);
}

/** Imports whose process stopped midway (a crash, a restart) go on where they were. */
export async function resumeStalledImports(deps: Deps): Promise<number> {
  const stalled = await repo.listStalledJobs(deps.db, 60);
  for (const job of stalled) {
    await runImport(deps, job.id, null);
  }
  return stalled.length;
}
