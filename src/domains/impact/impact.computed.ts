import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, uuidList } from '../../db/client.ts';

/**
 * What the platform already knows, counted for a set of places and a period: the agenda's
 * sessions, recognition's contributions, documented projects, service requests, questionnaires.
 * Each domain registers its own figures here (impact never reads their tables), and impact shows
 * them beside the figures a team entered, marked "calculé".
 */
export type ComputedKind = 'count' | 'hours' | 'average';

export interface MonthFigure {
  /** "2026-05" (the month in France). */
  month: string;
  /** A count or hours; for an average, the sum of the values averaged. */
  value: number;
  /** How many items were counted (for an average, what `value` is divided by). */
  n: number;
}

export interface ComputedIndicator {
  key: string;
  kind: ComputedKind;
  /** The places it is counted for: a statement giving one column of place ids. */
  compute(db: DbOrTx, places: SQL, range: { from: string; to: string }): Promise<MonthFigure[]>;
}

const computed = new Map<string, ComputedIndicator>();

export function registerComputedIndicator(indicator: ComputedIndicator): void {
  computed.set(indicator.key, indicator);
}

export const computedIndicators = (): ComputedIndicator[] => [...computed.values()];

/** The month of a timestamp column in France, as text: what providers group by. */
export const monthInFrance = (column: SQL) => sql`to_char(${column} at time zone 'Europe/Paris', 'YYYY-MM')`;

/** The months from `from` to `to` (days, inclusive) as a bound range for a date column. */
export const dayRange = (column: SQL, range: { from: string; to: string }) =>
  sql`${column} between ${range.from}::date and ${range.to}::date`;

/** A timestamp column within the days of a range, in France. */
export const momentRange = (column: SQL, range: { from: string; to: string }) =>
  sql`${column} >= (${range.from}::date::timestamp at time zone 'Europe/Paris') and ${column} < ((${range.to}::date + 1)::timestamp at time zone 'Europe/Paris')`;

/** Which places a dashboard counts. */
export type Scope = { placeIds: readonly string[] } | { region: string } | { network: true };

/**
 * The places of a scope as a statement. Public roll-ups (a region, the network) count only
 * published places whose team has not hidden its figures; a list of places is taken as given
 * (the caller has checked who may see them).
 */
export function placesOf(scope: Scope): SQL {
  if ('placeIds' in scope) {
    return uuidList(scope.placeIds);
  }
  const region = !('region' in scope)
    ? sql``
    : scope.region === ''
      ? sql` and p.region_code is null`
      : sql` and p.region_code = ${scope.region}`;
  return sql`select p.id from places p
    where p.status = 'published' and p.deleted_at is null${region}
      and not exists (select 1 from impact_places ip where ip.place_id = p.id and not ip.figures_public)`;
}
