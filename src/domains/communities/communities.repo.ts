import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.ts';
import { communities, communityMembers, communityPlaces } from './communities.schema.ts';

export type CommunityRow = Omit<typeof communities.$inferSelect, 'searchVector'>;

const columns = {
  id: communities.id,
  slug: communities.slug,
  name: communities.name,
  publishedOn: communities.publishedOn,
  scale: communities.scale,
  scaleCode: communities.scaleCode,
  oneLiner: communities.oneLiner,
  objectivesMd: communities.objectivesMd,
  objectivesHtml: communities.objectivesHtml,
  activitiesMd: communities.activitiesMd,
  activitiesHtml: communities.activitiesHtml,
  expertises: communities.expertises,
  domains: communities.domains,
  links: communities.links,
  joinPolicy: communities.joinPolicy,
  createdBy: communities.createdBy,
  createdAt: communities.createdAt,
  updatedAt: communities.updatedAt,
};

export async function insertCommunity(db: DbOrTx, values: typeof communities.$inferInsert): Promise<CommunityRow> {
  const [row] = await db.insert(communities).values(values).returning(columns);
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

export async function updateCommunity(db: DbOrTx, id: string, values: Partial<typeof communities.$inferInsert>): Promise<void> {
  await db
    .update(communities)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(communities.id, id));
}

export async function findCommunityBySlug(db: DbOrTx, slug: string): Promise<CommunityRow | undefined> {
  const [row] = await db.select(columns).from(communities).where(eq(communities.slug, slug)).limit(1);
  return row;
}

export async function findCommunityById(db: DbOrTx, id: string): Promise<CommunityRow | undefined> {
  const [row] = await db.select(columns).from(communities).where(eq(communities.id, id)).limit(1);
  return row;
}

export async function slugExists(db: DbOrTx, slug: string): Promise<boolean> {
  return !!(await findCommunityBySlug(db, slug));
}

export async function listCommunities(db: DbOrTx) {
  return queryRows<CommunityRow & { members: number }>(
    db,
    sql`select c.id, c.slug, c.name, c.scale, c.scale_code as "scaleCode", c.one_liner as "oneLiner", c.expertises, c.domains,
          c.published_on::text as "publishedOn",
          (select count(*)::int from community_members m where m.community_id = c.id and m.status = 'active') as members
        from communities c order by members desc, c.name collate "und-x-icu"`,
  );
}

export async function listMembers(db: DbOrTx, communityId: string, status: 'active' | 'pending') {
  return queryRows<{ userId: string; displayName: string; slug: string; role: 'member' | 'referent'; joinedAt: Date }>(
    db,
    sql`select m.user_id as "userId", u.display_name as "displayName", p.slug, m.role, m.joined_at as "joinedAt"
        from community_members m join users u on u.id = m.user_id join profiles p on p.user_id = m.user_id
        where m.community_id = ${communityId} and m.status = ${status}
        order by (m.role = 'referent') desc, u.display_name collate "und-x-icu"`,
  );
}

export async function countMembers(db: DbOrTx, communityId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from community_members where community_id = ${communityId} and status = 'active'`,
  );
  return Number(row?.n ?? 0);
}

export async function findMembership(db: DbOrTx, communityId: string, userId: string) {
  const [row] = await db
    .select()
    .from(communityMembers)
    .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)))
    .limit(1);
  return row;
}

export async function upsertMembership(db: DbOrTx, values: typeof communityMembers.$inferInsert): Promise<void> {
  await db
    .insert(communityMembers)
    .values(values)
    .onConflictDoUpdate({
      target: [communityMembers.communityId, communityMembers.userId],
      set: { role: values.role, status: values.status },
    });
}

export async function insertMembershipsBulk(db: DbOrTx, rows: Array<typeof communityMembers.$inferInsert>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(communityMembers)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing();
  }
}

export async function deleteMembership(db: DbOrTx, communityId: string, userId: string): Promise<void> {
  await db.delete(communityMembers).where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)));
}

export async function listPlaces(db: DbOrTx, communityId: string) {
  return queryRows<{ id: string; slug: string; name: string; commune: string | null }>(
    db,
    sql`select pl.id, pl.slug, pl.name, pl.commune from community_places cp join places pl on pl.id = cp.place_id
        where cp.community_id = ${communityId} and pl.status = 'published' and pl.deleted_at is null order by pl.name collate "und-x-icu"`,
  );
}

export async function addPlace(db: DbOrTx, communityId: string, placeId: string): Promise<void> {
  await db.insert(communityPlaces).values({ communityId, placeId }).onConflictDoNothing();
}

export async function removePlace(db: DbOrTx, communityId: string, placeId: string): Promise<void> {
  await db.delete(communityPlaces).where(and(eq(communityPlaces.communityId, communityId), eq(communityPlaces.placeId, placeId)));
}

export async function listCommunitiesOf(db: DbOrTx, userId: string) {
  return queryRows<{ slug: string; name: string; role: string; status: string }>(
    db,
    sql`select c.slug, c.name, m.role, m.status from community_members m join communities c on c.id = m.community_id
        where m.user_id = ${userId} order by c.name collate "und-x-icu"`,
  );
}

/** RGPD export: memberships (publications are exported with the publications). */
export async function exportCommunities(db: DbOrTx, userId: string) {
  return {
    memberships: await queryRows(
      db,
      sql`select c.name, m.role, m.status, m.joined_at from community_members m join communities c on c.id = m.community_id where m.user_id = ${userId}`,
    ),
  };
}

/** Communities (all public) for sitemap.xml: how many, then a slice in a stable order. */
export async function sitemapCount(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from communities`);
  return Number(row?.n ?? 0);
}

export async function sitemapSlugs(db: DbOrTx, offset: number, limit: number) {
  return queryRows<{ slug: string; lastmod: Date }>(
    db,
    sql`select slug, updated_at as lastmod from communities order by id offset ${offset} limit ${limit}`,
  );
}
