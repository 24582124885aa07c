import { parse } from 'csv-parse/sync';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound, validationFailed } from '../../lib/errors.ts';
import type { FormValues } from '../../lib/request-body.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { getCommunity } from '../communities/communities.service.ts';
import { getRegion } from '../geo/territories.ts';
import { getPlaceDetail, listMyPlaces, PLACES_TOPIC } from '../places/places.service.ts';
import { type ComputedKind, computedIndicators, placesOf, type Scope } from './impact.computed.ts';
import {
  CORE_INDICATORS,
  communityIndicatorKey,
  coreIndicator,
  daysOf,
  type IndicatorDef,
  monthsOf,
  type Period,
  parseFigure,
  parsePeriod,
  previousPeriod,
  rollUpPeriods,
  type Unit,
} from './impact.indicators.ts';
import { canDefineIndicators, canEnterFigures, canSeePlaceFigures } from './impact.policy.ts';
import * as repo from './impact.repo.ts';
import type { FigureSource } from './impact.schema.ts';

/** Published when figures, or whether a place shows them, change. */
export const IMPACT_TOPIC = 'impact';
/** The years a dashboard shows: this one and the two before. */
export const YEARS_SHOWN = 3;

export const currentYear = () => new Date().getFullYear();

/** Recount every regional total from the figures (after a bulk load, or to repair). */
export async function rebuildTotals(deps: Deps): Promise<void> {
  await deps.db.transaction((tx) => repo.rebuildAll(tx));
  await deps.changes.publish(IMPACT_TOPIC);
}

/** Whether the totals may lag behind the places (one of them changed since they were last checked), per instance. */
const stale = new WeakMap<Deps, { dirty: boolean }>();

/**
 * Bring the regional totals in line with the places (published, moved, hidden, removed) when a
 * place changed since the last check: a cheap comparison, then only the places that moved.
 */
export async function ensureCounted(deps: Deps): Promise<void> {
  let state = stale.get(deps);
  if (!state) {
    const s = { dirty: true };
    state = s;
    stale.set(deps, s);
    for (const topic of [PLACES_TOPIC, IMPACT_TOPIC]) {
      deps.changes.subscribe(topic, () => {
        s.dirty = true;
      });
    }
  }
  if (!state.dirty) {
    return;
  }
  state.dirty = false;
  try {
    await deps.db.transaction((tx) => repo.reconcile(tx));
  } catch (err) {
    state.dirty = true;
    throw err;
  }
}

interface IndicatorInfo {
  key: string;
  label: string;
  unit: Unit;
  group: IndicatorDef['group'] | 'community';
  community?: string;
}

/** The indicators a place fills in: the network's common core, then those of its communities. */
async function indicatorsFor(deps: Deps, placeId: string): Promise<IndicatorInfo[]> {
  const own = await repo.indicatorsForPlace(deps.db, placeId);
  return [
    ...CORE_INDICATORS.map((d) => ({ ...d })),
    ...own.map((c) => ({
      key: communityIndicatorKey(c.id),
      label: c.label,
      unit: c.unit,
      group: 'community' as const,
      community: c.community,
    })),
  ];
}

function periodOr400(text: string | undefined, fallback?: Period): Period {
  const p = text ? parsePeriod(text) : (fallback ?? null);
  if (!p) {
    throw validationFailed({ periode: ['impact.error.period'] }, 'invalid period');
  }
  return p;
}

/** Field name of an indicator in the entry form. */
export const figureField = (key: string) => `f_${key}`;

/**
 * The entry form of a place for a period: its indicators, what was entered, or else what was
 * entered for the period before (marked as such, so the team only corrects what changed).
 */
export async function getEntryForm(deps: Deps, viewer: Viewer, slug: string, periodText: string | undefined) {
  const place = await getPlaceDetail(deps, viewer, { slug: slug });
  if (!canEnterFigures(viewer, place.managerIds)) {
    throw forbidden('its team only');
  }
  const period = periodOr400(periodText, parsePeriod(String(currentYear() - 1)) ?? undefined);
  const [indicators, current] = await Promise.all([indicatorsFor(deps, place.id), repo.figuresOfPeriod(deps.db, place.id, period.text)]);
  let values = current;
  let prefilledFrom: Period | null = null;
  if (current.size === 0) {
    const before = previousPeriod(period);
    const previous = await repo.figuresOfPeriod(deps.db, place.id, before.text);
    if (previous.size > 0) {
      values = previous;
      prefilledFrom = before;
    }
  }
  const computed = await computeFor(deps, { placeIds: [place.id] }, period);
  return { place: { id: place.id, slug: place.slug, name: place.name }, period, indicators, values, prefilledFrom, computed };
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

interface Entry {
  placeId: string;
  indicator: string;
  unit: Unit;
  period: Period;
  value: number | null;
}

/**
 * Write entries, all or none: a period of another kind already used that year for the same
 * indicator is refused (a figure would be counted twice); the regional totals follow in the
 * same transaction.
 */
async function writeEntries(
  deps: Deps,
  viewer: Viewer,
  entries: Entry[],
  source: FigureSource,
  rowOf: (e: Entry) => { row: number; field: string },
) {
  const errors: RowError[] = [];
  await deps.db.transaction(async (tx) => {
    const byPlace = new Map<string, Entry[]>();
    for (const e of entries) {
      byPlace.set(e.placeId, [...(byPlace.get(e.placeId) ?? []), e]);
    }
    for (const [placeId, list] of byPlace) {
      const counting = await repo.lockPlace(tx, placeId);
      for (const year of new Set(list.map((e) => e.period.year))) {
        const inYear = list.filter((e) => e.period.year === year);
        const used = await repo.periodsInYear(
          tx,
          placeId,
          year,
          inYear.map((e) => e.indicator),
        );
        for (const e of inYear) {
          const other = used.find((u) => u.indicator === e.indicator && parsePeriod(u.period)?.kind !== e.period.kind);
          const twice = inYear.find((x) => x !== e && x.indicator === e.indicator && x.period.kind !== e.period.kind && x.value !== null);
          if ((other || twice) && e.value !== null) {
            errors.push({ ...rowOf(e), message: `impact.error.mixedPeriods?period=${other?.period ?? twice?.period.text ?? ''}` });
          }
        }
      }
      if (errors.length > 0) {
        continue;
      }
      for (const e of list) {
        const change = await repo.writeFigure(tx, {
          placeId,
          indicator: e.indicator,
          period: e.period.text,
          year: e.period.year,
          value: e.value,
          source,
          enteredBy: viewer.id,
        });
        if (counting.countedRegion !== null) {
          await repo.addToTotals(tx, counting.countedRegion, e.indicator, rollUpPeriods(e.period), change.delta, change.figures);
        }
      }
      await recordEvent(tx, {
        actorId: viewer.id,
        action: 'impact.figures-entered',
        subjectType: 'place',
        subjectId: placeId,
        payload: { source, figures: list.length },
      });
    }
    if (errors.length > 0) {
      // Nothing half-saved: the whole batch is refused with its reasons.
      throw new AppError('VALIDATION_FAILED', {
        message: 'figures refused',
        userMessage: 'impact.error.refused',
        details: { rows: errors },
      });
    }
  });
  await deps.changes.publish(IMPACT_TOPIC);
}

/** The entry form sent: every indicator's field checked, then all written or none. */
export async function saveFigures(deps: Deps, viewer: Viewer, slug: string, periodText: string | undefined, values: FormValues) {
  const place = await getPlaceDetail(deps, viewer, { slug: slug });
  if (!canEnterFigures(viewer, place.managerIds)) {
    throw forbidden('its team only');
  }
  const period = periodOr400(periodText);
  const indicators = await indicatorsFor(deps, place.id);
  const fieldErrors: Record<string, string[]> = {};
  const entries: Entry[] = [];
  for (const ind of indicators) {
    const raw = values[figureField(ind.key)];
    const text = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
    if (text === '') {
      entries.push({ placeId: place.id, indicator: ind.key, unit: ind.unit, period, value: null });
      continue;
    }
    const parsed = parseFigure(text, ind.unit);
    if ('error' in parsed) {
      fieldErrors[figureField(ind.key)] = [`impact.error.${parsed.error}`];
      continue;
    }
    entries.push({ placeId: place.id, indicator: ind.key, unit: ind.unit, period, value: parsed.value });
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw validationFailed(fieldErrors, 'invalid figures');
  }
  try {
    await writeEntries(deps, viewer, entries, 'form', (e) => ({ row: 0, field: figureField(e.indicator) }));
  } catch (err) {
    // On the form, a refused figure shows next to its field.
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED' && Array.isArray((err.details as { rows?: RowError[] })?.rows)) {
      const rows = (err.details as { rows: RowError[] }).rows;
      throw validationFailed(Object.fromEntries(rows.map((r) => [r.field, [r.message]])), 'figures refused');
    }
    throw err;
  }
  return { place, period };
}

/** Columns of an import file, as people name them. */
const COLUMNS: Record<string, 'place' | 'period' | 'indicator' | 'value'> = {
  lieu: 'place',
  place: 'place',
  periode: 'period',
  période: 'period',
  period: 'period',
  indicateur: 'indicator',
  indicator: 'indicator',
  valeur: 'value',
  value: 'value',
  nombre: 'value',
};

export const MAX_IMPORT_ROWS = 5000;

/**
 * A CSV of figures (`lieu;periode;indicateur;valeur`, comma or semicolon, the place column
 * optional when importing for one place): every row checked, a message per row, and nothing
 * written unless every row is right.
 */
export async function importFigures(deps: Deps, viewer: Viewer, text: string, defaultPlace?: string) {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch {
    throw validationFailed({ fichier: ['impact.error.csvUnreadable'] }, 'unreadable CSV');
  }
  const header = (records[0] ?? []).map((h) => COLUMNS[h.toLowerCase().replace(/[^a-zéè]/g, '')] ?? null);
  const missing = (['period', 'indicator', 'value'] as const).filter((c) => !header.includes(c));
  if (!header.includes('place') && !defaultPlace) {
    missing.unshift('place' as never);
  }
  if (missing.length > 0 || records.length < 2) {
    throw validationFailed(
      { fichier: [records.length < 2 ? 'impact.error.csvEmpty' : `impact.error.csvColumns?missing=${missing.join(', ')}`] },
      'wrong columns',
    );
  }
  if (records.length - 1 > MAX_IMPORT_ROWS) {
    throw validationFailed({ fichier: [`impact.error.csvTooLong?max=${MAX_IMPORT_ROWS}`] }, 'too many rows');
  }
  const col = (row: string[], name: 'place' | 'period' | 'indicator' | 'value') => {
    const i = header.indexOf(name);
    return i >= 0 ? (row[i] ?? '').trim() : '';
  };
  // The places named, each checked once: managed by the viewer, or every row of it refused.
  const mine = new Map((await listMyPlaces(deps, viewer)).map((p) => [p.slug, p]));
  const communityLabels = new Map<string, Map<string, { key: string; unit: Unit }>>();
  const errors: RowError[] = [];
  const entries: Array<Entry & { row: number }> = [];
  const seen = new Map<string, number>();
  for (const [i, row] of records.slice(1).entries()) {
    const rowNumber = i + 2;
    const slug = col(row, 'place') || defaultPlace || '';
    const place = mine.get(slug);
    if (!place || !canEnterFigures(viewer, [viewer.id])) {
      errors.push({ row: rowNumber, field: 'lieu', message: `impact.error.notYourPlace?place=${slug}` });
      continue;
    }
    const period = parsePeriod(col(row, 'period'));
    if (!period) {
      errors.push({ row: rowNumber, field: 'periode', message: `impact.error.periodValue?value=${col(row, 'period')}` });
      continue;
    }
    let own = communityLabels.get(place.id);
    if (!own) {
      own = new Map(
        (await repo.indicatorsForPlace(deps.db, place.id)).map((c) => [
          c.label.toLowerCase(),
          { key: communityIndicatorKey(c.id), unit: c.unit },
        ]),
      );
      communityLabels.set(place.id, own);
    }
    const name = col(row, 'indicator');
    const def = coreIndicator(name.toLowerCase()) ?? own.get(name.toLowerCase());
    if (!def) {
      errors.push({ row: rowNumber, field: 'indicateur', message: `impact.error.unknownIndicator?value=${name}` });
      continue;
    }
    const parsed = parseFigure(col(row, 'value'), def.unit);
    if ('error' in parsed) {
      errors.push({ row: rowNumber, field: 'valeur', message: `impact.error.${parsed.error}` });
      continue;
    }
    const key = `${place.id} ${def.key} ${period.text}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({ row: rowNumber, field: 'periode', message: `impact.error.twice?row=${earlier}` });
      continue;
    }
    seen.set(key, rowNumber);
    entries.push({ row: rowNumber, placeId: place.id, indicator: def.key, unit: def.unit, period, value: parsed.value });
  }
  if (errors.length > 0) {
    throw new AppError('VALIDATION_FAILED', { message: 'figures refused', userMessage: 'impact.error.refused', details: { rows: errors } });
  }
  await writeEntries(deps, viewer, entries, 'csv', (e) => ({ row: (e as Entry & { row: number }).row, field: 'periode' }));
  return { rows: entries.length, places: new Set(entries.map((e) => e.placeId)).size };
}

/** A place's choice to leave its figures out of public dashboards (its team still sees them). */
export async function setFiguresPublic(deps: Deps, viewer: Viewer, slug: string, value: boolean) {
  const place = await getPlaceDetail(deps, viewer, { slug: slug });
  if (!canEnterFigures(viewer, place.managerIds)) {
    throw forbidden('its team only');
  }
  await deps.db.transaction(async (tx) => {
    await repo.lockPlace(tx, place.id);
    await repo.setFiguresPublic(tx, place.id, value);
    await repo.reconcile(tx);
    await recordEvent(tx, {
      actorId: viewer.id,
      action: value ? 'impact.figures-shown' : 'impact.figures-hidden',
      subjectType: 'place',
      subjectId: place.id,
    });
  });
  await deps.changes.publish(IMPACT_TOPIC);
}

export interface ComputedFigure {
  key: string;
  kind: ComputedKind;
  /** Per month of the period ("2026-05"), and the period's total (or average). */
  months: Array<{ month: string; value: number; n: number }>;
  total: number | null;
  n: number;
  /** The total (or average) of each year asked for, to set beside the entered figures. */
  years: Array<{ year: number; total: number | null }>;
}

const summed = (kind: ComputedKind, rows: Array<{ value: number; n: number }>) => {
  const value = rows.reduce((s, m) => s + m.value, 0);
  const n = rows.reduce((s, m) => s + m.n, 0);
  return { total: kind === 'average' ? (n > 0 ? value / n : null) : value, n };
};

/**
 * What the platform knows for some places over a period, indicator by indicator; with `years`,
 * each of those years too (one read per indicator over the whole span).
 */
export async function computeFor(deps: Deps, scope: Scope, period: Period, years: readonly number[] = []): Promise<ComputedFigure[]> {
  const first = Math.min(period.year, ...years);
  const range = { from: first === period.year ? daysOf(period).from : `${first}-01-01`, to: daysOf(period).to };
  if (years.length > 0) {
    range.to = `${Math.max(period.year, ...years)}-12-31`;
  }
  const places = placesOf(scope);
  return Promise.all(
    computedIndicators().map(async (c) => {
      const rows = await c.compute(deps.db, places, range);
      const months = monthsOf(period).map((month) => {
        const r = rows.find((x) => x.month === month);
        return { month, value: r?.value ?? 0, n: r?.n ?? 0 };
      });
      return {
        key: c.key,
        kind: c.kind,
        months,
        ...summed(c.kind, months),
        years: years.map((y) => ({
          year: y,
          total: summed(
            c.kind,
            rows.filter((r) => r.month.startsWith(`${y}-`)),
          ).total,
        })),
      };
    }),
  );
}

export interface EnteredSeries {
  key: string;
  label: string;
  unit: Unit;
  /** The year's total for each year shown (null: nothing entered). */
  years: Array<{ year: number; total: number | null; figures: number }>;
  /** The chosen year's months, when figures were entered by month. */
  months: Array<{ month: string; total: number }>;
}

function seriesOf(
  rows: repo.TotalRow[],
  indicators: Array<{ key: string; label: string; unit: Unit }>,
  years: number[],
  year: number,
): EnteredSeries[] {
  return indicators.map((ind) => {
    const mine = rows.filter((r) => r.indicator === ind.key);
    return {
      ...ind,
      years: years.map((y) => {
        const r = mine.find((x) => x.period === String(y));
        return { year: y, total: r ? r.total : null, figures: r?.figures ?? 0 };
      }),
      months: mine
        .filter((r) => /^\d{4}-\d{2}$/.test(r.period) && r.period.startsWith(`${year}-`))
        .sort((a, b) => a.period.localeCompare(b.period))
        .map((r) => ({ month: r.period, total: r.total })),
    };
  });
}

const yearsUpTo = (year: number) => Array.from({ length: YEARS_SHOWN }, (_, i) => year - YEARS_SHOWN + 1 + i);

function yearOr404(raw: string | undefined): number {
  const year = raw ? Number(raw) : currentYear();
  if (!Number.isInteger(year) || year < 2000 || year > currentYear() + 1) {
    throw notFound('year');
  }
  return year;
}

/** A place's dashboard: entered figures (the team's, or public ones) and computed ones, for a year. */
export async function getPlaceDashboard(deps: Deps, viewer: Viewer | null, slug: string, yearText?: string) {
  const place = await getPlaceDetail(deps, viewer, { slug: slug });
  const figuresPublic = await repo.figuresPublicOf(deps.db, place.id);
  const team = canEnterFigures(viewer, place.managerIds);
  if (!canSeePlaceFigures(viewer, { status: place.status, managerIds: place.managerIds, figuresPublic })) {
    throw notFound('figures');
  }
  const year = yearOr404(yearText);
  const years = yearsUpTo(year);
  const [indicators, figures] = await Promise.all([indicatorsFor(deps, place.id), repo.figuresOfPlace(deps.db, place.id, years)]);
  // The place's own sums, rolled up as the totals are.
  const sums = new Map<string, repo.TotalRow>();
  for (const f of figures) {
    const p = parsePeriod(f.period);
    for (const period of p ? rollUpPeriods(p) : []) {
      const key = `${f.indicator} ${period}`;
      const row = sums.get(key) ?? { indicator: f.indicator, period, total: 0, figures: 0 };
      row.total += f.value;
      row.figures += 1;
      sums.set(key, row);
    }
  }
  const period = parsePeriod(String(year)) as Period;
  return {
    place: { slug: place.slug, name: place.name, id: place.id },
    year,
    years,
    team,
    figuresPublic,
    entered: seriesOf([...sums.values()], indicators, years, year).filter((s) => s.years.some((y) => y.total !== null)),
    indicators,
    computed: await computeFor(deps, { placeIds: [place.id] }, period, years),
    sources: new Map(figures.map((f) => [`${f.indicator} ${f.period}`, f.source])),
  };
}

/** The network's (or a region's) dashboard: the regional totals, and computed figures for its public places. */
export async function getAreaDashboard(deps: Deps, area: { region?: string }, yearText?: string) {
  if (area.region !== undefined && !getRegion(area.region)) {
    throw notFound('region');
  }
  await ensureCounted(deps);
  const year = yearOr404(yearText);
  const years = yearsUpTo(year);
  const [rows, places, byRegion] = await Promise.all([
    repo.totals(deps.db, years, area.region),
    repo.countedPlaces(deps.db, area.region),
    area.region === undefined ? repo.totalsByRegion(deps.db, String(year), ['visiteurs', 'participants', 'seances']) : Promise.resolve([]),
  ]);
  const scope: Scope = area.region === undefined ? { network: true } : { region: area.region };
  return {
    year,
    years,
    region: area.region === undefined ? null : (getRegion(area.region) ?? null),
    placesWithFigures: places,
    entered: seriesOf(rows, [...CORE_INDICATORS], years, year).filter((s) => s.years.some((y) => y.total !== null)),
    byRegion,
    computed: await computeFor(deps, scope, parsePeriod(String(year)) as Period, years),
  };
}

/** A community's dashboard: its places' figures summed live (public ones only), with its own indicators. */
export async function getCommunityDashboard(deps: Deps, slug: string, yearText?: string) {
  await ensureCounted(deps);
  const { community, places } = await getCommunity(deps, slug);
  const year = yearOr404(yearText);
  const years = yearsUpTo(year);
  const placeIds = places.map((p) => p.id);
  const own = await repo.indicatorsOfCommunity(deps.db, community.id);
  const rows = await repo.totalsOfPlaces(deps.db, placeIds, years);
  const indicators = [...CORE_INDICATORS, ...own.map((c) => ({ key: communityIndicatorKey(c.id), label: c.label, unit: c.unit }))];
  return {
    community: { id: community.id, slug: community.slug, name: community.name },
    year,
    years,
    places: places.length,
    entered: seriesOf(rows, indicators, years, year).filter((s) => s.years.some((y) => y.total !== null)),
    own,
    computed: await computeFor(deps, { placeIds: await publicPlaceIds(deps, placeIds) }, parsePeriod(String(year)) as Period, years),
  };
}

/** Of some places, those counted in public figures (published, figures shown). */
async function publicPlaceIds(deps: Deps, ids: string[]) {
  const hidden = await repo.hiddenAmong(deps.db, ids);
  return ids.filter((id) => !hidden.has(id));
}

/** A community's own indicators, for its referents to manage. */
export async function getCommunityIndicators(deps: Deps, viewer: Viewer, slug: string) {
  const { community, referentIds } = await getCommunity(deps, slug);
  if (!canDefineIndicators(viewer, referentIds)) {
    throw forbidden('referents only');
  }
  return {
    community: { id: community.id, slug: community.slug, name: community.name },
    indicators: await repo.indicatorsOfCommunity(deps.db, community.id),
  };
}

export const MAX_COMMUNITY_INDICATORS = 20;

/** A referent asks the community's places for one more figure ("heures d'ouverture aux scolaires"). */
export async function defineCommunityIndicator(deps: Deps, viewer: Viewer, slug: string, input: { label: string; unit: Unit }) {
  const { community, indicators } = await getCommunityIndicators(deps, viewer, slug);
  if (indicators.some((i) => i.label.toLowerCase() === input.label.toLowerCase())) {
    throw validationFailed({ label: ['impact.error.indicatorExists'] }, 'indicator exists');
  }
  if (indicators.length >= MAX_COMMUNITY_INDICATORS) {
    throw validationFailed({ label: [`impact.error.tooManyIndicators?max=${MAX_COMMUNITY_INDICATORS}`] }, 'too many indicators');
  }
  if (coreIndicator(input.label.toLowerCase())) {
    throw validationFailed({ label: ['impact.error.indicatorExists'] }, 'a core indicator');
  }
  await deps.db.transaction(async (tx) => {
    const row = await repo.insertCommunityIndicator(tx, {
      communityId: community.id,
      label: input.label,
      unit: input.unit,
      createdBy: viewer.id,
    });
    await recordEvent(tx, {
      actorId: viewer.id,
      action: 'impact.indicator-defined',
      subjectType: 'community',
      subjectId: community.id,
      payload: { indicator: row.id },
    });
  });
  await deps.changes.publish(IMPACT_TOPIC);
}

/** Removed, its figures go with it (they were only asked by this community). */
export async function removeCommunityIndicator(deps: Deps, viewer: Viewer, slug: string, id: string) {
  const { community } = await getCommunityIndicators(deps, viewer, slug);
  await deps.db.transaction(async (tx) => {
    if (!(await repo.deleteCommunityIndicator(tx, community.id, id))) {
      throw notFound('indicator');
    }
    await repo.deleteFiguresOf(tx, communityIndicatorKey(id));
    await recordEvent(tx, { actorId: viewer.id, action: 'impact.indicator-removed', subjectType: 'community', subjectId: community.id });
  });
  await deps.changes.publish(IMPACT_TOPIC);
}
