import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.ts';
import { distanceKm, normalisedText, type Point, withinKm } from '../../db/expressions.ts';
import { users } from '../accounts/accounts.schema.ts';
import { placeManagers, placeMessages, placePhotos, places } from './places.schema.ts';
import { FACETS, type Facet, hasRadius, PER_PAGE, type PlaceSearch } from './places.search-params.ts';

export type PlaceRow = typeof places.$inferSelect;
export type PlaceInsert = typeof places.$inferInsert;
export type PhotoRow = typeof placePhotos.$inferSelect;

/** Columns read for pages and the API (the search columns stay in the database). */
const placeColumns = {
  id: places.id,
  slug: places.slug,
  name: places.name,
  kinds: places.kinds,
  descriptionMd: places.descriptionMd,
  descriptionHtml: places.descriptionHtml,
  excerpt: places.excerpt,
  address: places.address,
  postcode: places.postcode,
  commune: places.commune,
  inseeCode: places.inseeCode,
  departmentCode: places.departmentCode,
  regionCode: places.regionCode,
  latitude: places.latitude,
  longitude: places.longitude,
  openingHours: places.openingHours,
  equipment: places.equipment,
  services: places.services,
  audiences: places.audiences,
  accessibility: places.accessibility,
  website: places.website,
  pivot: places.pivot,
  charterText: places.charterText,
  charterSignedOn: places.charterSignedOn,
  status: places.status,
  moderationNote: places.moderationNote,
  createdBy: places.createdBy,
  publishedAt: places.publishedAt,
  deletedAt: places.deletedAt,
  createdAt: places.createdAt,
  updatedAt: places.updatedAt,
};
export type Place = { [K in keyof typeof placeColumns]: PlaceRow[K] };

export async function findPlaceBySlug(db: DbOrTx, slug: string): Promise<Place | undefined> {
  const [row] = await db
    .select(placeColumns)
    .from(places)
    .where(and(eq(places.slug, slug), isNull(places.deletedAt)))
    .limit(1);
  return row;
}

export async function findPlaceById(db: DbOrTx, id: string): Promise<Place | undefined> {
  const [row] = await db
    .select(placeColumns)
    .from(places)
    .where(and(eq(places.id, id), isNull(places.deletedAt)))
    .limit(1);
  return row;
}

/** For writes: the row locked until the transaction ends, so two edits do not interleave. */
export async function lockPlace(db: DbOrTx, id: string): Promise<Place | undefined> {
  const [row] = await db
    .select(placeColumns)
    .from(places)
    .where(and(eq(places.id, id), isNull(places.deletedAt)))
    .for('update')
    .limit(1);
  return row;
}

export async function slugExists(db: DbOrTx, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: places.id }).from(places).where(eq(places.slug, slug)).limit(1);
  return !!row;
}

export async function insertPlace(db: DbOrTx, values: PlaceInsert): Promise<Place> {
  const [row] = await db.insert(places).values(values).returning(placeColumns);
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

export async function updatePlace(db: DbOrTx, id: string, values: Partial<PlaceInsert>): Promise<Place> {
  const [row] = await db
    .update(places)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(places.id, id))
    .returning(placeColumns);
  if (!row) {
    throw new Error('update returned nothing');
  }
  return row;
}

export async function listManagerIds(db: DbOrTx, placeId: string): Promise<string[]> {
  const rows = await db.select({ userId: placeManagers.userId }).from(placeManagers).where(eq(placeManagers.placeId, placeId));
  return rows.map((r) => r.userId);
}

export async function listTeam(db: DbOrTx, placeId: string) {
  return db
    .select({ userId: users.id, displayName: users.displayName })
    .from(placeManagers)
    .innerJoin(users, eq(users.id, placeManagers.userId))
    .where(eq(placeManagers.placeId, placeId))
    .orderBy(asc(placeManagers.addedAt));
}

export async function addManager(db: DbOrTx, placeId: string, userId: string): Promise<void> {
  await db.insert(placeManagers).values({ placeId, userId }).onConflictDoNothing();
}

export async function removeManager(db: DbOrTx, placeId: string, userId: string): Promise<void> {
  await db.delete(placeManagers).where(and(eq(placeManagers.placeId, placeId), eq(placeManagers.userId, userId)));
}

export async function listPlacesManagedBy(db: DbOrTx, userId: string) {
  return db
    .select({ id: places.id, slug: places.slug, name: places.name, status: places.status })
    .from(placeManagers)
    .innerJoin(places, eq(places.id, placeManagers.placeId))
    .where(and(eq(placeManagers.userId, userId), isNull(places.deletedAt)))
    .orderBy(asc(places.name));
}

export async function listPhotos(db: DbOrTx, placeId: string): Promise<PhotoRow[]> {
  return db
    .select()
    .from(placePhotos)
    .where(eq(placePhotos.placeId, placeId))
    .orderBy(asc(placePhotos.position), asc(placePhotos.createdAt));
}

export async function insertPhoto(db: DbOrTx, values: typeof placePhotos.$inferInsert): Promise<PhotoRow> {
  const [row] = await db.insert(placePhotos).values(values).returning();
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

export async function deletePhoto(db: DbOrTx, placeId: string, photoId: string): Promise<PhotoRow | undefined> {
  const [row] = await db
    .delete(placePhotos)
    .where(and(eq(placePhotos.placeId, placeId), eq(placePhotos.id, photoId)))
    .returning();
  return row;
}

export async function countPhotos(db: DbOrTx, placeId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(placePhotos).where(eq(placePhotos.placeId, placeId));
  return Number(row?.n ?? 0);
}

export async function insertMessage(db: DbOrTx, values: typeof placeMessages.$inferInsert): Promise<void> {
  await db.insert(placeMessages).values(values);
}

export async function listMessages(db: DbOrTx, placeId: string) {
  return db
    .select({
      id: placeMessages.id,
      senderName: placeMessages.senderName,
      body: placeMessages.body,
      createdAt: placeMessages.createdAt,
      repliedAt: placeMessages.repliedAt,
    })
    .from(placeMessages)
    .where(eq(placeMessages.placeId, placeId))
    .orderBy(desc(placeMessages.createdAt))
    .limit(100);
}

export async function findMessage(db: DbOrTx, placeId: string, id: string) {
  const [row] = await db
    .select()
    .from(placeMessages)
    .where(and(eq(placeMessages.placeId, placeId), eq(placeMessages.id, id)))
    .limit(1);
  return row;
}

export async function markMessageReplied(db: DbOrTx, id: string): Promise<void> {
  await db.update(placeMessages).set({ repliedAt: new Date() }).where(eq(placeMessages.id, id));
}

export async function countPendingPlaces(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from places where status = 'pending' and deleted_at is null`,
  );
  return row?.n ?? 0;
}

export async function listPendingPlaces(db: DbOrTx) {
  return db
    .select({
      id: places.id,
      slug: places.slug,
      name: places.name,
      commune: places.commune,
      createdAt: places.createdAt,
      creatorName: users.displayName,
    })
    .from(places)
    .leftJoin(users, eq(users.id, places.createdBy))
    .where(and(eq(places.status, 'pending'), isNull(places.deletedAt)))
    .orderBy(asc(places.createdAt));
}

// ---- search -------------------------------------------------------------------------------

const textArray = (values: string[]): SQL =>
  values.length === 0
    ? sql`'{}'::text[]`
    : sql`array[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`;

/** The SQL condition of one facet's selected values (OR inside a facet). */
function facetCondition(facet: Facet, values: string[]): SQL | undefined {
  if (values.length === 0) {
    return undefined;
  }
  switch (facet) {
    case 'kind':
      return sql`m.kinds && ${textArray(values)}`;
    case 'equipment':
      return sql`m.equipment && ${textArray(values)}`;
    case 'audience':
      return sql`m.audiences && ${textArray(values)}`;
    case 'region':
      return sql`m.region_code = any(${textArray(values)})`;
    case 'department':
      return sql`m.department_code = any(${textArray(values)})`;
  }
}

/** Filters of every facet but `except` (facet counts show what choosing a value would give). */
function filtersExcept(search: PlaceSearch, except?: Facet): SQL {
  const parts = FACETS.filter((f) => f !== except)
    .map((f) => facetCondition(f, search.filters[f]))
    .filter((p): p is SQL => !!p);
  return parts.length > 0 ? sql.join(parts, sql` and `) : sql`true`;
}

/** Where a place search is about: around a commune (within km), or in a department or region. */
export interface PlaceArea {
  kind: 'commune' | 'department' | 'region' | 'point';
  code: string;
  lat: number | null;
  lng: number | null;
  km: number;
}

const distanceFrom = (a: Point) => distanceKm(sql`p.latitude`, sql`p.longitude`, a);

const aroundPoint = (area: PlaceArea | null) =>
  area && hasRadius(area.kind) && area.lat !== null && area.lng !== null ? { lat: area.lat, lng: area.lng, km: area.km } : null;

/**
 * Published places matching a full-text query (French stems, accents ignored; typo
 * corrections and word families already folded into `tsquery` by the search domain), in an
 * area, with a rank in tiers — the exact name 4, the name holds every word 3, the name, commune
 * and kinds do 2, only the description does 1 — so that kinds and names weigh more than
 * boilerplate, and with the distance when the search is around a commune.
 */
function matchedCte(tsquery: string | null, area: PlaceArea | null, exact: string): SQL {
  const query = tsquery ? sql`to_tsquery('fr_unaccent', ${tsquery})` : null;
  const conditions: SQL[] = [];
  if (query) {
    conditions.push(sql`p.search_vector @@ ${query}`);
  }
  const point = aroundPoint(area);
  if (point) {
    conditions.push(withinKm(sql`p.latitude`, sql`p.longitude`, point, point.km));
  } else if (area?.kind === 'department') {
    conditions.push(sql`p.department_code = ${area.code}`);
  } else if (area?.kind === 'region') {
    conditions.push(sql`p.region_code = ${area.code}`);
  }
  const rank = query
    ? sql`case when ${normalisedText(sql`p.name`)} = ${exact} then 4
            when ts_filter(p.search_vector, '{a}') @@ ${query} then 3
            when ts_filter(p.search_vector, '{a,b}') @@ ${query} then 2 else 1 end
          + least(ts_rank(p.search_vector, ${query}), 0.5)`
    : sql`0`;
  return sql`matched as (
    select p.id, p.kinds, p.equipment, p.audiences, p.region_code, p.department_code, ${rank} as rank,
           ${point ? distanceFrom(point) : sql`null::float8`} as distance
    from places p
    where p.status = 'published' and p.deleted_at is null ${conditions.length > 0 ? sql`and ${sql.join(conditions, sql` and `)}` : sql``}
  )`;
}

/** What a place search needs from the search domain: the text query, the area, the query as typed (normalised). */
export interface PlaceQuery {
  tsquery: string | null;
  area: PlaceArea | null;
  exact: string;
}

export interface FacetCount {
  facet: Facet;
  value: string;
  count: number;
}

/** Counts per facet value, each facet ignoring its own selection (disjunctive faceting). */
export async function countFacets(db: DbOrTx, search: PlaceSearch, pq: PlaceQuery): Promise<FacetCount[]> {
  const branch = (facet: Facet, valueExpr: SQL, from: SQL) =>
    sql`select ${facet}::text as facet, ${valueExpr} as value, count(*)::int as count
        from ${from} where ${filtersExcept(search, facet)} and ${valueExpr} is not null group by 2`;
  const rows = await queryRows<FacetCount>(
    db,
    sql`with ${matchedCte(pq.tsquery, pq.area, pq.exact)}
      ${branch('kind', sql`k.v`, sql`matched m cross join lateral unnest(m.kinds) as k(v)`)}
      union all ${branch('equipment', sql`e.v`, sql`matched m cross join lateral unnest(m.equipment) as e(v)`)}
      union all ${branch('audience', sql`a.v`, sql`matched m cross join lateral unnest(m.audiences) as a(v)`)}
      union all ${branch('region', sql`m.region_code`, sql`matched m`)}
      union all ${branch('department', sql`m.department_code`, sql`matched m`)}`,
  );
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export interface PlaceCardRow {
  id: string;
  slug: string;
  name: string;
  kinds: string[];
  commune: string | null;
  department_code: string | null;
  excerpt: string;
  latitude: number | null;
  longitude: number | null;
  thumb_key: string | null;
  /** km from the commune searched around, when there is one. */
  distance: number | null;
  total: number;
}

/** A place card's columns (`p` is the place), its first photo and the given distance. */
const cardColumns = (distance: SQL) =>
  sql`p.id, p.slug, p.name, p.kinds, p.commune, p.department_code, p.excerpt, p.latitude, p.longitude, ${distance} as distance,
      (select ph.storage_key from place_photos ph where ph.place_id = p.id order by ph.position, ph.created_at limit 1) as thumb_key`;

/** One page of matching places, best first (or by name without a query), with the total. */
export async function findPlaceCards(db: DbOrTx, search: PlaceSearch, pq: PlaceQuery, limit = PER_PAGE): Promise<PlaceCardRow[]> {
  // Around a commune, nearest first (the words only choose which places); else the best match.
  const order = aroundPoint(pq.area)
    ? sql`m.distance, m.rank desc, p.name collate "und-x-icu"`
    : pq.tsquery
      ? sql`m.rank desc, p.name collate "und-x-icu"`
      : sql`p.name collate "und-x-icu"`;
  return queryRows<PlaceCardRow>(
    db,
    sql`with ${matchedCte(pq.tsquery, pq.area, pq.exact)}
      select ${cardColumns(sql`m.distance`)}, count(*) over ()::int as total
      from matched m join places p on p.id = m.id
      where ${filtersExcept(search)}
      order by ${order}
      limit ${limit} offset ${(search.page - 1) * limit}`,
  );
}

/**
 * The published places matching the words nearest a point, whatever the distance: what an empty
 * "près de" search offers instead ("the nearest is 80 km away").
 */
export async function findNearestPlaces(db: DbOrTx, search: PlaceSearch, pq: PlaceQuery, limit = 3): Promise<Array<PlaceCardRow>> {
  const point = aroundPoint(pq.area);
  if (!point) {
    return [];
  }
  return queryRows<PlaceCardRow>(
    db,
    sql`with ${matchedCte(pq.tsquery, { ...(pq.area as PlaceArea), km: 20_000 }, pq.exact)}
      select ${cardColumns(sql`m.distance`)}, 0 as total
      from matched m join places p on p.id = m.id
      where ${filtersExcept(search)}
      order by m.distance nulls last
      limit ${limit}`,
  );
}

export interface PlacePointRow {
  slug: string;
  name: string;
  kinds: string[];
  latitude: number;
  longitude: number;
}

/** Every matching place that has coordinates (the map clusters them in memory). */
export async function findPlacePoints(db: DbOrTx, search: PlaceSearch, pq: PlaceQuery): Promise<PlacePointRow[]> {
  return queryRows<PlacePointRow>(
    db,
    sql`with ${matchedCte(pq.tsquery, pq.area, pq.exact)}
      select p.slug, p.name, p.kinds, p.latitude, p.longitude
      from matched m join places p on p.id = m.id
      where ${filtersExcept(search)} and p.latitude is not null and p.longitude is not null`,
  );
}

export type ExportRow = Place & { deleted: boolean };

/**
 * One page of the open-data export: published places (plus tombstones of places changed
 * since `since`), in id order after `afterId` (keyset pagination: exports stream in pages).
 */
export async function listPlacesForExport(db: DbOrTx, opts: { since?: Date; afterId?: string; limit: number }): Promise<ExportRow[]> {
  const conditions = opts.since
    ? sql`p.updated_at >= ${opts.since.toISOString()}::timestamptz and (p.status = 'published' or p.deleted_at is not null)`
    : sql`p.status = 'published' and p.deleted_at is null`;
  const after = opts.afterId ? sql`and p.id > ${opts.afterId}::uuid` : sql``;
  return queryRows<ExportRow>(
    db,
    sql`select p.id, p.slug, p.name, p.kinds, p.excerpt, p.description_md as "descriptionMd", p.address, p.postcode, p.commune,
          p.insee_code as "inseeCode", p.department_code as "departmentCode", p.region_code as "regionCode",
          p.latitude, p.longitude, p.opening_hours as "openingHours", p.equipment, p.services, p.audiences, p.accessibility,
          p.website, p.pivot, p.charter_text as "charterText", p.charter_signed_on::text as "charterSignedOn", p.updated_at as "updatedAt", p.deleted_at as "deletedAt",
          (p.deleted_at is not null) as deleted
        from places p where ${conditions} ${after}
        order by p.id
        limit ${opts.limit}`,
  );
}

export async function listPhotosFor(db: DbOrTx, placeIds: string[]) {
  if (placeIds.length === 0) {
    return [];
  }
  return db.select().from(placePhotos).where(inArray(placePhotos.placeId, placeIds)).orderBy(asc(placePhotos.position));
}

/** Numbers for the home page: published places, regions and departments covered, newest places. */
/** Published places by region (with where they are, on average) and by kind: the network's statistics. */
export async function placeBreakdown(db: DbOrTx) {
  const [byRegion, byKind] = await Promise.all([
    queryRows<{ region: string; places: number; lat: number | null; lng: number | null }>(
      db,
      sql`select coalesce(region_code, '') as region, count(*)::int as places, avg(latitude)::float8 as lat, avg(longitude)::float8 as lng
          from places where status = 'published' and deleted_at is null group by 1 order by 2 desc`,
    ),
    queryRows<{ kind: string; places: number }>(
      db,
      sql`select k as kind, count(*)::int as places from places, unnest(kinds) k
          where status = 'published' and deleted_at is null group by 1 order by 2 desc`,
    ),
  ]);
  return { byRegion, byKind };
}

export async function directoryOverview(db: DbOrTx) {
  const [counts] = await queryRows<{ places: number; regions: number; departments: number }>(
    db,
    sql`select count(*)::int as places, count(distinct region_code)::int as regions, count(distinct department_code)::int as departments
        from places where status = 'published' and deleted_at is null`,
  );
  const latest = await queryRows<PlaceCardRow>(
    db,
    sql`select ${cardColumns(sql`null::float8`)}, 0 as total
        from places p where p.status = 'published' and p.deleted_at is null
        order by p.published_at desc limit 6`,
  );
  return {
    places: Number(counts?.places ?? 0),
    regions: Number(counts?.regions ?? 0),
    departments: Number(counts?.departments ?? 0),
    latest,
  };
}

/** Set-based insert for seeding and imports (one statement per batch). */
export async function insertPlacesBulk(db: DbOrTx, rows: PlaceInsert[]): Promise<Array<{ id: string; slug: string }>> {
  if (rows.length === 0) {
    return [];
  }
  return db.insert(places).values(rows).returning({ id: places.id, slug: places.slug });
}

export async function insertManagersBulk(db: DbOrTx, rows: Array<{ placeId: string; userId: string }>): Promise<void> {
  if (rows.length > 0) {
    await db.insert(placeManagers).values(rows).onConflictDoNothing();
  }
}

/** Places removed from the network: what open-data mirrors need to remove them too. */
export async function listPlaceTombstones(db: DbOrTx) {
  return queryRows<{ id: string; slug: string; deletedAt: Date }>(
    db,
    sql`select id, slug, deleted_at as "deletedAt" from places where deleted_at is not null order by deleted_at`,
  );
}

/** The photos of published places, in the order each page shows them. */
export async function listPublicPhotos(db: DbOrTx) {
  return queryRows<{ placeId: string; storageKey: string; altText: string; width: number; height: number }>(
    db,
    sql`select ph.place_id as "placeId", ph.storage_key as "storageKey", ph.alt_text as "altText", ph.width, ph.height
        from place_photos ph join places p on p.id = ph.place_id
        where p.status = 'published' and p.deleted_at is null
        order by ph.place_id, ph.position`,
  );
}

/** Published places that the national schema can take (its required fields known), and the others. */
export async function countForNationalSchema(db: DbOrTx): Promise<{ included: number; apart: number }> {
  const [row] = await queryRows<{ included: number; apart: number }>(
    db,
    sql`select count(*) filter (where pivot is not null and address is not null and insee_code is not null)::int as included,
               count(*) filter (where pivot is null or address is null or insee_code is null)::int as apart
        from places where status = 'published' and deleted_at is null`,
  );
  return { included: Number(row?.included ?? 0), apart: Number(row?.apart ?? 0) };
}

export async function countPlaces(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(places);
  return Number(row?.n ?? 0);
}

/**
 * A place with its team and photos in one round trip (a page view costs one query, not three).
 * The JSON sub-selects are typed by hand; dates come back as ISO strings and are revived.
 * (The outer table is named in full: drizzle renders `${places.id}` unqualified, which the
 * sub-selects would resolve to their own `id`.)
 */
export async function findPlaceWithTeamAndPhotos(db: DbOrTx, ref: { slug: string } | { id: string }) {
  const [row] = await db
    .select({
      ...placeColumns,
      team: sql<Array<{ userId: string; displayName: string }>>`coalesce((
        select json_agg(json_build_object('userId', u.id, 'displayName', u.display_name) order by pm.added_at)
        from place_managers pm join users u on u.id = pm.user_id where pm.place_id = "places"."id"), '[]'::json)`,
      photos: sql<Array<PhotoRow & { createdAt: string }>>`coalesce((
        select json_agg(json_build_object('id', ph.id, 'placeId', ph.place_id, 'storageKey', ph.storage_key, 'width', ph.width,
          'height', ph.height, 'altText', ph.alt_text, 'position', ph.position, 'uploadedBy', ph.uploaded_by, 'createdAt', ph.created_at)
          order by ph.position, ph.created_at)
        from place_photos ph where ph.place_id = "places"."id"), '[]'::json)`,
    })
    .from(places)
    .where(and('slug' in ref ? eq(places.slug, ref.slug) : eq(places.id, ref.id), isNull(places.deletedAt)))
    .limit(1);
  if (!row) {
    return undefined;
  }
  return { ...row, photos: row.photos.map((p) => ({ ...p, createdAt: new Date(p.createdAt) })) };
}

/** RGPD export: the places one created or is on the team of. */
export async function exportPlaces(db: DbOrTx, userId: string) {
  return {
    team: await queryRows(
      db,
      sql`select pl.name, pl.slug, pm.added_at from place_managers pm join places pl on pl.id = pm.place_id where pm.user_id = ${userId}`,
    ),
    created: await queryRows(db, sql`select name, slug, status, created_at from places where created_by = ${userId}`),
    photosUploaded: await queryRows(
      db,
      sql`select pl.name as place, ph.alt_text, ph.created_at from place_photos ph join places pl on pl.id = ph.place_id where ph.uploaded_by = ${userId}`,
    ),
  };
}

/** Published places for sitemap.xml: how many, then a slice in a stable order. */
export async function sitemapCount(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from places where status = 'published' and deleted_at is null`,
  );
  return Number(row?.n ?? 0);
}

export async function sitemapSlugs(db: DbOrTx, offset: number, limit: number) {
  return queryRows<{ slug: string; lastmod: Date }>(
    db,
    sql`select slug, updated_at as lastmod from places where status = 'published' and deleted_at is null order by id offset ${offset} limit ${limit}`,
  );
}
