import { and, inArray, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { slugify } from '../../lib/slug.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { indexWords } from '../search/search.service.ts';
import * as repo from './places.repo.ts';
import { placePhotos, places } from './places.schema.ts';
import { PLACES_TOPIC, toColumns, toPlaceData } from './places.service.ts';
import type { PlaceData } from './places.validation.ts';

/**
 * The places domain's side of imports: writing many places in the caller's transaction (one
 * per batch), and reading what duplicates are compared with. The import domain decides what to
 * write; the rules of a place (its territory, its rendered description, its slug) stay here.
 */

/** What a row is compared with to find duplicates: every place not deleted, in a few columns. */
export async function listPlacesForMatching(db: DbOrTx) {
  return queryRows<{
    id: string;
    name: string;
    kinds: string[];
    address: string | null;
    inseeCode: string | null;
    latitude: number | null;
    longitude: number | null;
  }>(db, sql`select id, name, kinds, address, insee_code as "inseeCode", latitude, longitude from places where deleted_at is null`);
}

/** Free slugs for a batch, with as few reads as the batch allows (one, usually). */
async function freeSlugs(tx: DbOrTx, rows: Array<{ name: string; commune: string | null | undefined }>): Promise<string[]> {
  const options = rows.map((r) => {
    const base = slugify(r.name, 70);
    return [base, ...(r.commune ? [slugify(`${r.name} ${r.commune}`, 80)] : []), ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${base}-${n}`)];
  });
  const taken = new Set(
    (
      await tx
        .select({ slug: places.slug })
        .from(places)
        .where(inArray(places.slug, [...new Set(options.flat())]))
    ).map((r) => r.slug),
  );
  const out: string[] = [];
  for (const list of options) {
    let slug = list.find((s) => !taken.has(s));
    for (let n = 10; !slug; n++) {
      const candidate = `${list[0]}-${n}`;
      if (!taken.has(candidate) && !(await repo.slugExists(tx, candidate))) {
        slug = candidate;
      }
    }
    taken.add(slug);
    out.push(slug);
  }
  return out;
}

/** Create places, published at once (an administrator imports them), with no team yet. */
export async function createImportedPlaces(
  tx: DbOrTx,
  actorId: string | null,
  list: PlaceData[],
): Promise<Array<{ id: string; slug: string; updatedAt: Date }>> {
  if (list.length === 0) {
    return [];
  }
  const columns = await Promise.all(list.map((d) => toColumns(d)));
  const slugs = await freeSlugs(
    tx,
    columns.map((c) => ({ name: c.name, commune: c.commune })),
  );
  const now = new Date();
  const created = await tx
    .insert(places)
    .values(
      columns.map((c, i) => ({
        ...c,
        slug: slugs[i] ?? '',
        status: 'published' as const,
        publishedAt: now,
        createdBy: actorId,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: places.id, slug: places.slug, updatedAt: places.updatedAt });
  await indexWords(tx, ...columns.flatMap((c) => [c.name, c.commune ?? '', c.searchKeywords ?? '', c.descriptionMd ?? '']));
  await recordEvent(tx, { actorId, action: 'places.imported', subjectType: 'place', payload: { count: created.length } });
  return created;
}

export type RefreshOutcome = 'updated' | 'unchanged' | 'edited-since' | 'missing';

const FIELDS = [
  'name',
  'kinds',
  'description',
  'address',
  'postcode',
  'commune',
  'inseeCode',
  'latitude',
  'longitude',
  'website',
  'pivot',
] as const;

/**
 * Write an import's values onto a place. `overwrite`: the place came from this source and nobody
 * changed it since `importedAt` (else it is left as its team wrote it). `fill`: a place someone
 * made is only completed — its empty fields take the source's values, nothing else changes.
 */
export async function refreshImportedPlace(
  tx: DbOrTx,
  actorId: string | null,
  id: string,
  incoming: PlaceData,
  mode: { kind: 'overwrite'; importedAt: Date } | { kind: 'fill' },
): Promise<{ outcome: RefreshOutcome; updatedAt?: Date }> {
  const current = await repo.lockPlace(tx, id);
  if (!current) {
    return { outcome: 'missing' };
  }
  if (mode.kind === 'overwrite' && current.updatedAt.getTime() > mode.importedAt.getTime()) {
    return { outcome: 'edited-since' };
  }
  const data = toPlaceData(current);
  const next: PlaceData = { ...data };
  const empty = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  for (const f of FIELDS) {
    const value = incoming[f];
    if (empty(value)) {
      continue;
    }
    if (mode.kind === 'overwrite' || empty(data[f])) {
      (next as unknown as Record<string, unknown>)[f] = value;
    }
  }
  // The territory comes as a whole: a commune without its postcode (or the reverse) is not written.
  if (mode.kind === 'fill' && data.inseeCode) {
    next.postcode = data.postcode;
    next.commune = data.commune;
    next.inseeCode = data.inseeCode;
  }
  if (mode.kind === 'fill' && data.latitude !== undefined) {
    next.latitude = data.latitude;
    next.longitude = data.longitude;
  }
  if (FIELDS.every((f) => JSON.stringify(next[f]) === JSON.stringify(data[f]))) {
    return { outcome: 'unchanged' };
  }
  const columns = await toColumns(next);
  const updated = await repo.updatePlace(tx, id, columns);
  await indexWords(tx, columns.name, columns.commune ?? '', columns.searchKeywords ?? '', columns.descriptionMd ?? '');
  await recordEvent(tx, {
    actorId,
    action: 'place.updated',
    subjectType: 'place',
    subjectId: id,
    payload: { by: 'import', mode: mode.kind },
  });
  return { outcome: 'updated', updatedAt: updated.updatedAt };
}

/** The addresses of these places' pages (deleted ones left out). */
export async function placeSlugs(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db
    .select({ id: places.id, slug: places.slug })
    .from(places)
    .where(and(inArray(places.id, ids), isNull(places.deletedAt)));
  return new Map(rows.map((r) => [r.id, r.slug]));
}

/** After a batch is committed: caches of place pages, maps and lists start again. */
export const announcePlacesChanged = (deps: Deps) => deps.changes.publish(PLACES_TOPIC);

/** Places of an open dump, restored with their ids, addresses and dates (published, with no team). */
export async function restorePlaces(
  tx: DbOrTx,
  list: Array<{ id: string; slug: string; data: PlaceData; updatedAt: Date }>,
): Promise<number> {
  if (list.length === 0) {
    return 0;
  }
  // One statement for the batch, and its words indexed once (as createImportedPlaces does).
  const columns = await Promise.all(list.map((p) => toColumns(p.data)));
  await tx
    .insert(places)
    .values(
      list.map((p, i) => ({
        ...(columns[i] as (typeof columns)[number]),
        id: p.id,
        slug: p.slug,
        status: 'published' as const,
        publishedAt: p.updatedAt,
        createdAt: p.updatedAt,
        updatedAt: p.updatedAt,
      })),
    )
    .onConflictDoNothing();
  await indexWords(tx, ...columns.flatMap((c) => [c.name, c.commune ?? '', c.searchKeywords ?? '', c.descriptionMd ?? '']));
  return list.length;
}

/** A restored place's photos (already in the upload store), in their order. */
export async function restorePlacePhotos(
  tx: DbOrTx,
  list: Array<{ placeId: string; storageKey: string; altText: string; width: number; height: number; position: number }>,
): Promise<void> {
  if (list.length > 0) {
    await tx.insert(placePhotos).values(list).onConflictDoNothing();
  }
}
