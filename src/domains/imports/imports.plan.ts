import type { BatchGeocoder } from '../geo/ban-batch.ts';
import { type CleanOptions, type CleanRow, cleanRow, type Note, placeAtCommuneCentre } from './imports.clean.ts';
import { bestMatch, type Candidate, CandidateIndex, MAYBE_SAME, SAME_PLACE } from './imports.dedup.ts';
import type { Mapping } from './imports.mapping.ts';
import type { SourceTable } from './imports.read.ts';

/**
 * The dry run: every row cleaned, placed, compared with the places already there and with the
 * rows above it, and given an action. Nothing is written; the same plan is what the import
 * then carries out, row by row.
 */

export type Action = 'create' | 'update' | 'merge' | 'decide' | 'skip';
/** What a person chose for a row the importer could not decide (a probable duplicate). */
export type Decision = 'merge' | 'new' | 'skip';

export interface PlanRow extends CleanRow {
  action: Action;
  /** The place (id) or the earlier row (`line:N`) it is, or may be, the same as. */
  target?: string;
  targetName?: string;
  score?: number;
}

export interface PlanCounts {
  rows: number;
  ok: number;
  fixed: number;
  attention: number;
  rejected: number;
  create: number;
  update: number;
  merge: number;
  decide: number;
}

export interface Plan {
  rows: PlanRow[];
  counts: PlanCounts;
  notices: Note[];
}

export interface PlanContext {
  /** Places already in the network (not deleted). */
  candidates: Candidate[];
  /** Source keys already imported from this source → place id. */
  links: Map<string, string>;
  geocoder?: BatchGeocoder;
}

/** Geocoded points below this score are not trusted: the row goes to its commune's centre. */
const MIN_GEOCODE_SCORE = 0.5;

async function geocodeUnplaced(rows: CleanRow[], geocoder: BatchGeocoder, notices: Note[]): Promise<void> {
  const wanted = rows.filter((r) => r.unplaced && r.draft?.address);
  if (wanted.length === 0) {
    return;
  }
  let results: Awaited<ReturnType<BatchGeocoder['geocode']>>;
  try {
    results = await geocoder.geocode(
      wanted.map((r) => ({
        id: String(r.line),
        address: `${r.draft?.address ?? ''} ${r.draft?.postcode ?? ''} ${r.draft?.commune ?? ''}`.trim(),
        postcode: r.draft?.postcode,
        inseeCode: r.draft?.inseeCode,
      })),
    );
  } catch (err) {
    notices.push({ key: 'imports.notice.geocoderFailed', params: { error: (err as Error).message.slice(0, 120) } });
    return;
  }
  for (const r of wanted) {
    const found = results.get(String(r.line));
    if (!found || !r.draft) {
      continue;
    }
    if (found.score >= MIN_GEOCODE_SCORE && (!r.draft.inseeCode || !found.inseeCode || found.inseeCode === r.draft.inseeCode)) {
      r.draft.latitude = Math.round(found.lat * 1e6) / 1e6;
      r.draft.longitude = Math.round(found.lng * 1e6) / 1e6;
      r.unplaced = false;
      r.fixes.push({ key: 'imports.fix.geocoded', params: { score: found.score.toFixed(2) } });
      if (r.status === 'ok') {
        r.status = 'fixed';
      }
    } else {
      r.warnings.push({ key: 'imports.warn.geocodeWeak', params: { score: found.score.toFixed(2), label: found.label.slice(0, 80) } });
      r.status = 'attention';
    }
  }
}

export function countPlan(rows: PlanRow[]): PlanCounts {
  const counts: PlanCounts = { rows: rows.length, ok: 0, fixed: 0, attention: 0, rejected: 0, create: 0, update: 0, merge: 0, decide: 0 };
  for (const r of rows) {
    counts[r.status]++;
    if (r.action !== 'skip') {
      counts[r.action]++;
    }
  }
  return counts;
}

export async function planImport(table: SourceTable, mapping: Mapping, options: CleanOptions, ctx: PlanContext): Promise<Plan> {
  const notices: Note[] = [];
  if (table.windows1252Lines > 0) {
    notices.push({ key: 'imports.notice.mixedEncodings', params: { count: table.windows1252Lines } });
  }
  if (mapping.name === undefined) {
    notices.push({ key: 'imports.notice.noNameColumn' });
  }
  const cleaned = table.rows.map((r) => cleanRow(r, mapping, options));
  if (ctx.geocoder) {
    await geocodeUnplaced(cleaned, ctx.geocoder, notices);
  }
  const approximate = new Set<number>();
  for (const r of cleaned) {
    if (r.unplaced) {
      approximate.add(r.line);
      placeAtCommuneCentre(r);
    }
  }

  const existing = new CandidateIndex();
  const names = new Map<string, string>();
  for (const c of ctx.candidates) {
    existing.add(c);
    names.set(c.ref, c.name);
  }
  const earlier = new CandidateIndex();
  const keysSeen = new Map<string, number>();
  const rows: PlanRow[] = cleaned.map((r): PlanRow => {
    if (r.status === 'rejected' || !r.draft || !r.sourceKey) {
      return { ...r, action: 'skip' };
    }
    const draft = { ...r.draft, approximate: approximate.has(r.line) };
    const repeated = keysSeen.get(r.sourceKey);
    if (repeated !== undefined) {
      return { ...r, status: 'rejected', rejection: { key: 'imports.reject.sameKey', params: { line: repeated } }, action: 'skip' };
    }
    keysSeen.set(r.sourceKey, r.line);
    const self: Candidate = { ref: `line:${r.line}`, ...draft };
    const linked = ctx.links.get(r.sourceKey);
    if (linked) {
      earlier.add(self);
      return { ...r, action: 'update', target: linked, targetName: names.get(linked) };
    }
    const inFile = bestMatch(draft, earlier.near(draft));
    if (inFile && inFile.score >= SAME_PLACE) {
      return {
        ...r,
        status: 'rejected',
        rejection: { key: 'imports.reject.duplicateInFile', params: { line: inFile.ref.slice(5) } },
        action: 'skip',
        target: inFile.ref,
        score: inFile.score,
      };
    }
    earlier.add(self);
    const there = bestMatch(draft, existing.near(draft));
    if (there && there.score >= SAME_PLACE) {
      return {
        ...r,
        status: r.status === 'ok' ? 'fixed' : r.status,
        fixes: [...r.fixes, { key: 'imports.fix.merged', params: { name: names.get(there.ref) ?? '' } }],
        action: 'merge',
        target: there.ref,
        targetName: names.get(there.ref),
        score: there.score,
      };
    }
    const maybe = there ?? inFile;
    if (maybe && maybe.score >= MAYBE_SAME) {
      const fromFile = maybe.ref.startsWith('line:');
      return {
        ...r,
        status: 'attention',
        warnings: [
          ...r.warnings,
          fromFile
            ? { key: 'imports.warn.maybeSameInFile', params: { line: maybe.ref.slice(5), score: Math.round(maybe.score * 100) } }
            : { key: 'imports.warn.maybeSame', params: { name: names.get(maybe.ref) ?? '', score: Math.round(maybe.score * 100) } },
        ],
        action: 'decide',
        target: maybe.ref,
        targetName: fromFile ? undefined : names.get(maybe.ref),
        score: maybe.score,
      };
    }
    return { ...r, action: 'create' };
  });
  return { rows, counts: countPlan(rows), notices };
}

/** What a row becomes once a person's decisions are applied (a row to decide without one is left out). */
export function finalAction(
  row: Pick<PlanRow, 'action' | 'target'>,
  decision: Decision | undefined,
): 'create' | 'update' | 'merge' | 'skip' {
  if (row.action !== 'decide') {
    return row.action;
  }
  if (decision === 'new') {
    return 'create';
  }
  // Merging into an earlier row of the same file means keeping that row only.
  return decision === 'merge' && row.target && !row.target.startsWith('line:') ? 'merge' : 'skip';
}
