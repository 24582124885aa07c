import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, part, queryRows, textArray } from '../../db/client.ts';
import type { RequestStatus } from './services.schema.ts';
import { serviceOffers, serviceRequestMessages, serviceRequests } from './services.schema.ts';
import type { ServiceFilters } from './services.validation.ts';

export type NewOffer = typeof serviceOffers.$inferInsert;

/** An offer with its provider and who answers it (a place's team, a community's referents). */
export interface OfferRow {
  id: string;
  slug: string;
  title: string;
  kind: string;
  descriptionMd: string;
  descriptionHtml: string;
  placeId: string | null;
  communityId: string | null;
  audiences: string[];
  conditions: string | null;
  free: boolean;
  price: string | null;
  duration: string | null;
  contactName: string | null;
  departmentCode: string | null;
  regionCode: string | null;
  status: 'published' | 'hidden';
  moderationNote: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  placeSlug: string | null;
  placeName: string | null;
  placeCommune: string | null;
  placePublic: boolean;
  communitySlug: string | null;
  communityName: string | null;
  teamIds: string[];
}

const offerColumns = sql`o.id, o.slug, o.title, o.kind, o.description_md as "descriptionMd", o.description_html as "descriptionHtml",
  o.place_id as "placeId", o.community_id as "communityId", o.audiences, o.conditions, o.free, o.price, o.duration,
  o.contact_name as "contactName", o.department_code as "departmentCode", o.region_code as "regionCode", o.status,
  o.moderation_note as "moderationNote", o.closed_at as "closedAt", o.created_at as "createdAt", o.updated_at as "updatedAt",
  p.slug as "placeSlug", p.name as "placeName", p.commune as "placeCommune",
  (o.place_id is null or (p.status = 'published' and p.deleted_at is null)) as "placePublic",
  c.slug as "communitySlug", c.name as "communityName",
  case when o.place_id is not null then array(select pm.user_id from place_managers pm where pm.place_id = o.place_id)
       when o.community_id is not null then array(select cm.user_id from community_members cm
                                                   where cm.community_id = o.community_id and cm.role = 'referent' and cm.status = 'active')
       else '{}'::uuid[] end as "teamIds"`;

const offerFrom = sql`service_offers o left join places p on p.id = o.place_id left join communities c on c.id = o.community_id`;

export async function findOffer(db: DbOrTx, ref: { slug: string } | { id: string }): Promise<OfferRow | null> {
  const where = 'slug' in ref ? sql`o.slug = ${ref.slug}` : sql`o.id = ${ref.id}`;
  const [row] = await queryRows<OfferRow>(db, sql`select ${offerColumns} from ${offerFrom} where ${where}`);
  return row ?? null;
}

export async function slugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  const rows = await db.select({ id: serviceOffers.id }).from(serviceOffers).where(eq(serviceOffers.slug, slug)).limit(1);
  return rows.length > 0;
}

export async function insertOffer(db: DbOrTx, row: NewOffer) {
  const [created] = await db.insert(serviceOffers).values(row).returning({ id: serviceOffers.id, slug: serviceOffers.slug });
  return created as { id: string; slug: string };
}

export async function updateOffer(db: DbOrTx, id: string, change: Partial<NewOffer>) {
  await db
    .update(serviceOffers)
    .set({ ...change, updatedAt: new Date() })
    .where(eq(serviceOffers.id, id));
}

/** What the public sees: published, open offers of published places (or of a community, or the network). */
const PUBLIC = sql`o.status = 'published' and o.closed_at is null
  and (o.place_id is null or (p.status = 'published' and p.deleted_at is null))`;

type Facet = 'kind' | 'region' | 'audience';

/** What every count shares: public, the words typed, department, free, place. */
function baseWhere(f: ServiceFilters): SQL {
  const parts: SQL[] = [PUBLIC];
  if (f.q) {
    parts.push(sql`o.search_vector @@ websearch_to_tsquery('fr_unaccent', ${f.q})`);
  }
  if (f.department.length > 0) {
    parts.push(sql`o.department_code = any(${textArray(f.department)})`);
  }
  if (f.free) {
    parts.push(sql`o.free`);
  }
  if (f.place) {
    parts.push(sql`p.slug = ${f.place}`);
  }
  return sql.join(parts, sql` and `);
}

/** The facets' own filters, on the matches already read (`skip`: a facet counts under every filter but its own). */
function facetWhere(f: ServiceFilters, skip?: Facet): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.kind.length > 0 && skip !== 'kind') {
    parts.push(sql`kind = any(${textArray(f.kind)})`);
  }
  if (f.region.length > 0 && skip !== 'region') {
    parts.push(sql`"regionCode" = any(${textArray(f.region)})`);
  }
  if (f.audience.length > 0 && skip !== 'audience') {
    parts.push(sql`audiences && ${textArray(f.audience)}`);
  }
  return sql.join(parts, sql` and `);
}

export type OfferListRow = Pick<
  OfferRow,
  | 'id'
  | 'slug'
  | 'title'
  | 'kind'
  | 'free'
  | 'price'
  | 'duration'
  | 'audiences'
  | 'placeSlug'
  | 'placeName'
  | 'placeCommune'
  | 'communitySlug'
  | 'communityName'
  | 'regionCode'
  | 'departmentCode'
  | 'updatedAt'
> & { excerpt: string };

const listColumns = sql`o.id, o.slug, o.title, o.kind, o.free, o.price, o.duration, o.audiences, p.slug as "placeSlug", p.name as "placeName",
  p.commune as "placeCommune", c.slug as "communitySlug", c.name as "communityName", o.region_code as "regionCode",
  o.department_code as "departmentCode", o.updated_at as "updatedAt", left(o.description_md, 240) as excerpt`;

/**
 * A page of public offers (best match first when words were typed, else newest), the total and
 * the facets: one statement, which reads the matching offers once and counts them in memory.
 */
export async function searchOffers(db: DbOrTx, f: ServiceFilters, page: { limit: number; offset: number }) {
  const rank = f.q ? sql`ts_rank(o.search_vector, websearch_to_tsquery('fr_unaccent', ${f.q}))` : sql`0`;
  const facet = (name: Facet, column: string) =>
    sql`(select coalesce(json_object_agg(v, n), '{}') from (select v, count(*)::int as n from m, lateral unnest(${sql.raw(column)}) v
          where ${facetWhere(f, name)} and v is not null group by v) x)`;
  const [row] = await queryRows<{
    rows: OfferListRow[] | null;
    total: number;
    kind: Record<string, number>;
    region: Record<string, number>;
    audience: Record<string, number>;
  }>(
    db,
    sql`with m as materialized (select ${listColumns}, ${rank} as rank from ${offerFrom} where ${baseWhere(f)})
        select (select json_agg(x) from (select id, slug, title, kind, free, price, duration, audiences, "placeSlug", "placeName", "placeCommune",
                                                "communitySlug", "communityName", "regionCode", "departmentCode", "updatedAt", excerpt
                                           from m where ${facetWhere(f)}
                                          order by ${f.q ? sql`rank desc` : sql`"updatedAt" desc`}, id limit ${page.limit} offset ${page.offset}) x) as rows,
               (select count(*)::int from m where ${facetWhere(f)}) as total,
               ${facet('kind', 'array[kind]')} as kind,
               ${facet('region', 'array["regionCode"]')} as region,
               ${facet('audience', 'audiences')} as audience`,
  );
  return {
    rows: (row?.rows ?? []).map((r) => ({ ...r, updatedAt: new Date(r.updatedAt) })),
    total: row?.total ?? 0,
    facets: { kind: row?.kind ?? {}, region: row?.region ?? {}, audience: row?.audience ?? {} },
  };
}

/** A place's page: its open offers (the part of its one statement). */
export const placeOffersPart = (placeId: string) =>
  part<{ slug: string; title: string; kind: string; free: boolean; price: string | null; duration: string | null }>(
    sql`select slug, title, kind, free, price, duration from service_offers
        where place_id = ${placeId} and status = 'published' and closed_at is null order by title limit 20`,
  );

export const insertRequest = (db: DbOrTx, row: typeof serviceRequests.$inferInsert) =>
  db
    .insert(serviceRequests)
    .values(row)
    .returning()
    .then((r) => r[0] as typeof serviceRequests.$inferSelect);

export const insertMessage = (db: DbOrTx, row: typeof serviceRequestMessages.$inferInsert) => db.insert(serviceRequestMessages).values(row);

export interface RequestRow {
  id: string;
  offerId: string;
  requesterId: string;
  requesterName: string | null;
  status: RequestStatus;
  refusalReason: string | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  offerSlug: string;
  offerTitle: string;
  offerKind: string;
  providerName: string | null;
}

const requestColumns = sql`r.id, r.offer_id as "offerId", r.requester_id as "requesterId", u.display_name as "requesterName", r.status,
  r.refusal_reason as "refusalReason", r.rating, r.rating_comment as "ratingComment", r.rated_at as "ratedAt", r.closed_at as "closedAt",
  r.created_at as "createdAt", r.updated_at as "updatedAt", o.slug as "offerSlug", o.title as "offerTitle", o.kind as "offerKind",
  coalesce(p.name, c.name) as "providerName"`;

const requestFrom = sql`service_requests r join service_offers o on o.id = r.offer_id join users u on u.id = r.requester_id
  left join places p on p.id = o.place_id left join communities c on c.id = o.community_id`;

export async function findRequest(db: DbOrTx, id: string, lock = false): Promise<RequestRow | null> {
  const [row] = await queryRows<RequestRow>(
    db,
    sql`select ${requestColumns} from ${requestFrom} where r.id = ${id} ${lock ? sql`for update of r` : sql``}`,
  );
  return row ?? null;
}

export interface ThreadMessage {
  id: string;
  authorId: string | null;
  authorName: string | null;
  body: string;
  statusChange: RequestStatus | null;
  createdAt: Date;
}

export const listMessages = (db: DbOrTx, requestId: string) =>
  queryRows<ThreadMessage>(
    db,
    sql`select m.id, m.author_id as "authorId", u.display_name as "authorName", m.body, m.status_change as "statusChange", m.created_at as "createdAt"
          from service_request_messages m left join users u on u.id = m.author_id
         where m.request_id = ${requestId} order by m.created_at, m.id`,
  );

/** The requests someone made, newest first. */
export const listRequestsBy = (db: DbOrTx, userId: string, opts: { offerId?: string; limit?: number } = {}) =>
  queryRows<RequestRow>(
    db,
    sql`select ${requestColumns} from ${requestFrom}
         where r.requester_id = ${userId} ${opts.offerId ? sql`and r.offer_id = ${opts.offerId}` : sql``}
         order by r.created_at desc limit ${opts.limit ?? 100}`,
  );

/**
 * A team's queue: requests for the offers of the places it runs and the communities it refers
 * (the network's for moderators), open ones first, oldest first among them.
 */
export const listQueue = (db: DbOrTx, userId: string, moderator: boolean, opts: { open: boolean; offerId?: string; limit?: number }) =>
  queryRows<RequestRow>(
    db,
    sql`select ${requestColumns} from ${requestFrom}
         where (o.place_id in (select place_id from place_managers where user_id = ${userId})
                or o.community_id in (select community_id from community_members where user_id = ${userId} and role = 'referent' and status = 'active')
                ${moderator ? sql`or (o.place_id is null and o.community_id is null)` : sql``})
           ${opts.open ? sql`and r.status in ('received', 'in_progress')` : sql``}
           ${opts.offerId ? sql`and r.offer_id = ${opts.offerId}` : sql``}
         order by (r.status in ('received', 'in_progress')) desc, case when r.status in ('received', 'in_progress') then r.created_at end asc,
                  r.updated_at desc
         limit ${opts.limit ?? 200}`,
  );

/** Move a request on, if it is still in one of `from` (a second answer changes nothing). */
export async function moveRequest(
  db: DbOrTx,
  id: string,
  from: readonly RequestStatus[],
  to: RequestStatus,
  change: { refusalReason?: string | null; answeredBy: string },
): Promise<boolean> {
  const final = to === 'done' || to === 'refused';
  const rows = await db
    .update(serviceRequests)
    .set({
      status: to,
      refusalReason: change.refusalReason ?? null,
      answeredBy: change.answeredBy,
      updatedAt: new Date(),
      ...(final ? { closedAt: new Date() } : {}),
    })
    .where(and(eq(serviceRequests.id, id), inArray(serviceRequests.status, [...from])))
    .returning({ id: serviceRequests.id });
  return rows.length > 0;
}

export async function rateRequest(db: DbOrTx, id: string, requesterId: string, rating: number, comment: string | null): Promise<boolean> {
  const rows = await db
    .update(serviceRequests)
    .set({ rating, ratingComment: comment, ratedAt: new Date() })
    .where(
      and(
        eq(serviceRequests.id, id),
        eq(serviceRequests.requesterId, requesterId),
        eq(serviceRequests.status, 'done'),
        sql`${serviceRequests.rating} is null`,
      ),
    )
    .returning({ id: serviceRequests.id });
  return rows.length > 0;
}

export const touchRequest = (db: DbOrTx, id: string) =>
  db.update(serviceRequests).set({ updatedAt: new Date() }).where(eq(serviceRequests.id, id));

/** Offers someone may answer for: to list in "my requests to answer". */
export const listOffersOfTeam = (db: DbOrTx, userId: string) =>
  queryRows<{ slug: string; title: string; open: number }>(
    db,
    sql`select o.slug, o.title, (select count(*)::int from service_requests r where r.offer_id = o.id and r.status in ('received', 'in_progress')) as open
          from service_offers o
         where o.place_id in (select place_id from place_managers where user_id = ${userId})
            or o.community_id in (select community_id from community_members where user_id = ${userId} and role = 'referent' and status = 'active')
         order by o.title`,
  );

/** For the personal-data export: what someone asked, and what they wrote. */
export const personalData = async (db: DbOrTx, userId: string) => ({
  requests: await listRequestsBy(db, userId, { limit: 10_000 }),
  messages: await queryRows(
    db,
    sql`select request_id as "requestId", body, created_at as "createdAt" from service_request_messages where author_id = ${userId} order by created_at`,
  ),
});

export async function insertOffersBulk(db: DbOrTx, rows: NewOffer[]): Promise<number> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(serviceOffers).values(rows.slice(i, i + 500));
  }
  return rows.length;
}
