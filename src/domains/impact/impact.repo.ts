import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows, textArray } from '../../db/client.ts';
import { communityIndicators, type FigureSource, impactFigures, impactPlaces } from './impact.schema.ts';

/** The periods a stored figure rolls up to, in SQL: a month counts in its quarter and its year. */
const rollUp = sql`case when length(f.period) = 4 then array[f.period]
  when f.period like '%-T%' then array[f.period, left(f.period, 4)]
  else array[f.period, left(f.period, 4) || '-T' || ((substr(f.period, 6, 2)::int + 2) / 3), left(f.period, 4)] end`;

/** The region a place is counted in now: null when it is left out of public figures. */
const expectedRegion = sql`case when p.id is not null and p.status = 'published' and p.deleted_at is null and ip.figures_public
  then coalesce(p.region_code, '') end`;

export interface PlaceCounting {
  figuresPublic: boolean;
  countedRegion: string | null;
}

/** The place's row (made on its first figure), locked for the rest of the transaction. */
export async function lockPlace(tx: DbOrTx, placeId: string): Promise<PlaceCounting> {
  await tx.execute(sql`insert into impact_places (place_id, figures_public, counted_region)
    select ${placeId}::uuid, true, case when p.status = 'published' and p.deleted_at is null then coalesce(p.region_code, '') end
    from places p where p.id = ${placeId} on conflict do nothing`);
  const rows = await queryRows<PlaceCounting>(
    tx,
    sql`select figures_public as "figuresPublic", counted_region as "countedRegion" from impact_places where place_id = ${placeId} for update`,
  );
  return rows[0] ?? { figuresPublic: true, countedRegion: null };
}

export const figuresPublicOf = async (db: DbOrTx, placeId: string) =>
  (await db.select({ v: impactPlaces.figuresPublic }).from(impactPlaces).where(eq(impactPlaces.placeId, placeId)))[0]?.v ?? true;

export const setFiguresPublic = (tx: DbOrTx, placeId: string, value: boolean) =>
  tx.update(impactPlaces).set({ figuresPublic: value }).where(eq(impactPlaces.placeId, placeId));

export interface FigureRow {
  indicator: string;
  period: string;
  value: number;
  source: FigureSource;
}

/** A place's figures for some years (all indicators, all periods). */
export const figuresOfPlace = (db: DbOrTx, placeId: string, years: readonly number[]) =>
  db
    .select({ indicator: impactFigures.indicator, period: impactFigures.period, value: impactFigures.value, source: impactFigures.source })
    .from(impactFigures)
    .where(and(eq(impactFigures.placeId, placeId), sql`${impactFigures.year} = any(${sql`${`{${years.join(',')}}`}::int[]`})`));

/** Its figures for one period, by indicator. */
export const figuresOfPeriod = async (db: DbOrTx, placeId: string, period: string) =>
  new Map(
    (
      await db
        .select({ indicator: impactFigures.indicator, value: impactFigures.value })
        .from(impactFigures)
        .where(and(eq(impactFigures.placeId, placeId), eq(impactFigures.period, period)))
    ).map((r) => [r.indicator, r.value]),
  );

/** The periods a place already used in a year for some indicators (to refuse a second kind of period). */
export const periodsInYear = (tx: DbOrTx, placeId: string, year: number, indicators: readonly string[]) =>
  queryRows<{ indicator: string; period: string }>(
    tx,
    sql`select indicator, period from impact_figures where place_id = ${placeId} and year = ${year} and indicator = any(${textArray(indicators)})`,
  );

/** Write one figure (null removes it); returns the change to add to the totals. */
export async function writeFigure(
  tx: DbOrTx,
  row: {
    placeId: string;
    indicator: string;
    period: string;
    year: number;
    value: number | null;
    source: FigureSource;
    enteredBy: string | null;
  },
): Promise<{ delta: number; figures: number }> {
  const old = (
    await tx
      .select({ value: impactFigures.value })
      .from(impactFigures)
      .where(and(eq(impactFigures.placeId, row.placeId), eq(impactFigures.indicator, row.indicator), eq(impactFigures.period, row.period)))
  )[0];
  if (row.value === null) {
    if (!old) {
      return { delta: 0, figures: 0 };
    }
    await tx
      .delete(impactFigures)
      .where(and(eq(impactFigures.placeId, row.placeId), eq(impactFigures.indicator, row.indicator), eq(impactFigures.period, row.period)));
    return { delta: -old.value, figures: -1 };
  }
  await tx
    .insert(impactFigures)
    .values({ ...row, value: row.value })
    .onConflictDoUpdate({
      target: [impactFigures.placeId, impactFigures.indicator, impactFigures.period],
      set: { value: row.value, source: row.source, enteredBy: row.enteredBy, updatedAt: new Date() },
    });
  return { delta: row.value - (old?.value ?? 0), figures: old ? 0 : 1 };
}

/** Add a change to a region's totals, for each period the figure rolls up to. */
export async function addToTotals(
  tx: DbOrTx,
  region: string,
  indicator: string,
  periods: readonly string[],
  delta: number,
  figures: number,
) {
  if (delta === 0 && figures === 0) {
    return;
  }
  await tx.execute(sql`insert into impact_totals (region_code, indicator, period, total, figures)
    select ${region}, ${indicator}, p, ${delta}::numeric, ${figures}::int from unnest(${textArray(periods)}) p
    on conflict (region_code, indicator, period) do update
      set total = impact_totals.total + excluded.total, figures = impact_totals.figures + excluded.figures`);
  await tx.execute(sql`delete from impact_totals where region_code = ${region} and indicator = ${indicator} and figures <= 0`);
}

/** Add (sign 1) or take out (sign -1) all of a place's figures from a region's totals. */
async function shiftPlace(tx: DbOrTx, placeId: string, region: string, sign: 1 | -1) {
  await tx.execute(sql`insert into impact_totals (region_code, indicator, period, total, figures)
    select ${region}, f.indicator, r.period, ${sign}::int * sum(f.value), ${sign}::int * count(*)::int
    from impact_figures f cross join lateral unnest(${rollUp}) r(period)
    where f.place_id = ${placeId} group by f.indicator, r.period
    on conflict (region_code, indicator, period) do update
      set total = impact_totals.total + excluded.total, figures = impact_totals.figures + excluded.figures`);
  await tx.execute(sql`delete from impact_totals where region_code = ${region} and figures <= 0`);
}

/** Recount one region's totals from the figures of the places counted in it. */
async function rebuildRegion(tx: DbOrTx, region: string) {
  await tx.execute(sql`delete from impact_totals where region_code = ${region}`);
  await tx.execute(sql`insert into impact_totals (region_code, indicator, period, total, figures)
    select ${region}, f.indicator, r.period, sum(f.value), count(*)::int
    from impact_figures f join impact_places ip on ip.place_id = f.place_id and ip.counted_region = ${region}
    cross join lateral unnest(${rollUp}) r(period)
    group by f.indicator, r.period`);
}

/**
 * Bring the totals in line with the places as they are now: a place published, moved to another
 * region, hidden or removed since its figures were counted. Returns how many places moved.
 */
export async function reconcile(tx: DbOrTx): Promise<number> {
  const moved = await queryRows<{ placeId: string; old: string | null; now: string | null; gone: boolean }>(
    tx,
    sql`select ip.place_id as "placeId", ip.counted_region as old, ${expectedRegion} as now, p.id is null as gone
        from impact_places ip left join places p on p.id = ip.place_id
        where ip.counted_region is distinct from (${expectedRegion})
        for update of ip`,
  );
  const rebuild = new Set<string>();
  for (const m of moved) {
    if (m.gone) {
      // Its figures went with it: recount the region it was in.
      await tx.delete(impactPlaces).where(eq(impactPlaces.placeId, m.placeId));
      if (m.old !== null) {
        rebuild.add(m.old);
      }
      continue;
    }
    if (m.old !== null) {
      await shiftPlace(tx, m.placeId, m.old, -1);
    }
    if (m.now !== null) {
      await shiftPlace(tx, m.placeId, m.now, 1);
    }
    await tx.update(impactPlaces).set({ countedRegion: m.now }).where(eq(impactPlaces.placeId, m.placeId));
  }
  for (const region of rebuild) {
    await rebuildRegion(tx, region);
  }
  return moved.length;
}

/**
 * Recount every total from the figures (after a bulk load, as a repair, and what the tests
 * compare with): each place's counting set in one statement, then the sums in one — no
 * row-by-row shifting, which would leave a bloated table behind on a large network.
 */
export async function rebuildAll(tx: DbOrTx) {
  await tx.execute(sql`insert into impact_places (place_id) select distinct place_id from impact_figures on conflict do nothing`);
  await tx.execute(sql`delete from impact_places ip where not exists (select 1 from places p where p.id = ip.place_id)`);
  await tx.execute(sql`update impact_places ip set counted_region = (${expectedRegion})
    from places p where p.id = ip.place_id and ip.counted_region is distinct from (${expectedRegion})`);
  await tx.execute(sql`delete from impact_totals`);
  await tx.execute(sql`insert into impact_totals (region_code, indicator, period, total, figures)
    select ip.counted_region, f.indicator, r.period, sum(f.value), count(*)::int
    from impact_figures f join impact_places ip on ip.place_id = f.place_id and ip.counted_region is not null
    cross join lateral unnest(${rollUp}) r(period)
    group by 1, 2, 3`);
}

export interface TotalRow {
  indicator: string;
  period: string;
  total: number;
  figures: number;
}

/** Totals for periods of some years, for one region or the whole network (all regions summed). */
export const totals = (db: DbOrTx, years: readonly number[], region?: string) =>
  queryRows<TotalRow>(
    db,
    sql`select indicator, period, sum(total)::float8 as total, sum(figures)::int as figures from impact_totals
        where left(period, 4) = any(${textArray(years.map(String))})${region === undefined ? sql`` : sql` and region_code = ${region}`}
        group by 1, 2`,
  );

/** Totals per region for one period (the network's map and table). */
export const totalsByRegion = (db: DbOrTx, period: string, indicators: readonly string[]) =>
  queryRows<{ region: string; indicator: string; total: number; figures: number }>(
    db,
    sql`select region_code as region, indicator, total::float8 as total, figures from impact_totals
        where period = ${period} and indicator = any(${textArray(indicators)})`,
  );

/** The same sums, counted live for some places (a community's), only those counted in public figures. */
export const totalsOfPlaces = (db: DbOrTx, placeIds: readonly string[], years: readonly number[]) =>
  placeIds.length === 0
    ? Promise.resolve([] as TotalRow[])
    : queryRows<TotalRow>(
        db,
        sql`select f.indicator, r.period, sum(f.value)::float8 as total, count(*)::int as figures
            from impact_figures f join impact_places ip on ip.place_id = f.place_id and ip.counted_region is not null
            cross join lateral unnest(${rollUp}) r(period)
            where f.place_id = any(${sql`${`{${placeIds.join(',')}}`}::uuid[]`}) and f.year = any(${sql`${`{${years.join(',')}}`}::int[]`})
            group by 1, 2`,
      );

/** Of some places, those whose team hid their figures. */
export const hiddenAmong = async (db: DbOrTx, placeIds: readonly string[]) =>
  new Set(
    placeIds.length === 0
      ? []
      : (
          await queryRows<{ id: string }>(
            db,
            sql`select place_id as id from impact_places where not figures_public and place_id = any(${sql`${`{${placeIds.join(',')}}`}::uuid[]`})`,
          )
        ).map((r) => r.id),
  );

/** What the places of a dashboard are: how many, and how many have figures. */
export const countedPlaces = async (db: DbOrTx, region?: string) =>
  (
    await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from impact_places where counted_region is not null${region === undefined ? sql`` : sql` and counted_region = ${region}`}`,
    )
  )[0]?.n ?? 0;

export const insertCommunityIndicator = (db: DbOrTx, row: typeof communityIndicators.$inferInsert) =>
  db
    .insert(communityIndicators)
    .values(row)
    .returning()
    .then((r) => r[0] as typeof communityIndicators.$inferSelect);

export const deleteCommunityIndicator = (db: DbOrTx, communityId: string, id: string) =>
  db
    .delete(communityIndicators)
    .where(and(eq(communityIndicators.id, id), eq(communityIndicators.communityId, communityId)))
    .returning({ id: communityIndicators.id })
    .then((r) => r.length > 0);

/** An indicator's figures and their totals, all gone. */
export async function deleteFiguresOf(tx: DbOrTx, indicator: string) {
  await tx.delete(impactFigures).where(eq(impactFigures.indicator, indicator));
  await tx.execute(sql`delete from impact_totals where indicator = ${indicator}`);
}

export const indicatorsOfCommunity = (db: DbOrTx, communityId: string) =>
  db
    .select({ id: communityIndicators.id, label: communityIndicators.label, unit: communityIndicators.unit })
    .from(communityIndicators)
    .where(eq(communityIndicators.communityId, communityId))
    .orderBy(communityIndicators.createdAt);

/** The indicators a place's communities ask of it, with the community's name. */
export const indicatorsForPlace = (db: DbOrTx, placeId: string) =>
  queryRows<{ id: string; label: string; unit: 'count' | 'hours'; community: string }>(
    db,
    sql`select ci.id, ci.label, ci.unit, c.name as community
        from community_indicators ci join communities c on c.id = ci.community_id
        join community_places cp on cp.community_id = ci.community_id and cp.place_id = ${placeId}
        order by c.name, ci.created_at`,
  );
