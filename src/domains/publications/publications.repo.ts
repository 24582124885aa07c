import { eq, sql } from 'drizzle-orm';
import { type DbOrTx, part, queryRows } from '../../db/client.ts';
import { publications } from './publications.schema.ts';

export type PublicationRow = typeof publications.$inferSelect;

export interface PublicationListRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  bodyHtml: string;
  coverKey: string | null;
  coverAlt: string | null;
  tags: string[];
  status: 'published' | 'hidden';
  publishedAt: Date;
  updatedAt: Date;
  authorName: string | null;
  authorSlug: string | null;
  placeSlug: string | null;
  placeName: string | null;
  communitySlug: string | null;
  communityName: string | null;
}

const listColumns = sql`p.id, p.slug, p.title, p.summary, p.body_html as "bodyHtml", p.cover_key as "coverKey", p.cover_alt as "coverAlt",
  p.tags, p.status, p.published_at as "publishedAt", p.updated_at as "updatedAt",
  u.display_name as "authorName", pr.slug as "authorSlug", pl.slug as "placeSlug", pl.name as "placeName",
  c.slug as "communitySlug", c.name as "communityName"`;
const listJoins = sql`from publications p
  left join users u on u.id = p.author_id left join profiles pr on pr.user_id = p.author_id
  left join places pl on pl.id = p.place_id left join communities c on c.id = p.community_id`;

export const slugTaken = async (db: DbOrTx, slug: string) =>
  (await db.select({ id: publications.id }).from(publications).where(eq(publications.slug, slug))).length > 0;

export const insertPublication = (db: DbOrTx, row: typeof publications.$inferInsert) =>
  db
    .insert(publications)
    .values(row)
    .returning()
    .then((r) => r[0] as PublicationRow);

export const updatePublication = (db: DbOrTx, id: string, set: Partial<typeof publications.$inferInsert>) =>
  db
    .update(publications)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(publications.id, id));

/** One publication with its publisher's team (a place's managers or a community's referents). */
export async function findPublication(db: DbOrTx, ref: { slug: string } | { id: string }) {
  const where = 'slug' in ref ? sql`p.slug = ${ref.slug}` : sql`p.id = ${ref.id}`;
  const rows = await queryRows<
    PublicationListRow & {
      bodyMd: string;
      authorId: string | null;
      placeId: string | null;
      communityId: string | null;
      moderationNote: string | null;
      teamIds: string[];
    }
  >(
    db,
    sql`select ${listColumns}, p.body_md as "bodyMd", p.author_id as "authorId", p.place_id as "placeId", p.community_id as "communityId",
          p.moderation_note as "moderationNote",
          coalesce(
            case when p.place_id is not null then (select array_agg(m.user_id) from place_managers m where m.place_id = p.place_id)
                 when p.community_id is not null then (select array_agg(cm.user_id) from community_members cm
                   where cm.community_id = p.community_id and cm.role = 'referent' and cm.status = 'active') end,
            '{}'::uuid[]) as "teamIds"
        ${listJoins} where ${where}`,
  );
  return rows[0] ?? null;
}

export interface ListScope {
  tag?: string;
  placeId?: string;
  communityId?: string;
}

const scopeWhere = (s: ListScope) =>
  sql`p.status = 'published'${s.tag ? sql` and p.tags @> array[${s.tag}]::text[]` : sql``}${s.placeId ? sql` and p.place_id = ${s.placeId}` : sql``}${s.communityId ? sql` and p.community_id = ${s.communityId}` : sql``}`;

/** Published ones, newest first, a page at a time. */
export const listPublications = (db: DbOrTx, scope: ListScope, limit: number, offset = 0) =>
  queryRows<PublicationListRow>(
    db,
    sql`select ${listColumns} ${listJoins} where ${scopeWhere(scope)} order by p.published_at desc, p.id limit ${limit} offset ${offset}`,
  );

export const countPublications = async (db: DbOrTx, scope: ListScope) =>
  (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from publications p where ${scopeWhere(scope)}`))[0]?.n ?? 0;

/** The most used tags of published ones (the list's filter). */
export const topTags = (db: DbOrTx, limit: number) =>
  queryRows<{ tag: string; n: number }>(
    db,
    sql`select t as tag, count(*)::int as n from publications, unnest(tags) t where status = 'published' group by 1 order by 2 desc, 1 limit ${limit}`,
  );

/** A page section: the latest publications of a place or a community. */
export const latestPart = (column: 'place_id' | 'community_id') => (id: string) =>
  part<{ slug: string; title: string; summary: string; publishedAt: string; authorName: string | null; coverKey: string | null }>(
    sql`select p.slug, p.title, p.summary, to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "publishedAt", u.display_name as "authorName", p.cover_key as "coverKey"
        from publications p left join users u on u.id = p.author_id
        where p.${sql.raw(column)} = ${id} and p.status = 'published' order by p.published_at desc limit 3`,
  );

/** RGPD: what a member wrote. */
export const exportPublications = (db: DbOrTx, userId: string) =>
  queryRows(
    db,
    sql`select slug, title, summary, body_md, tags, published_at from publications where author_id = ${userId} order by published_at`,
  );

/** On deleting an account with its contributions: the publications it wrote in its own name go; those of a place or a community stay, without its name. */
export const removePublicationsOf = async (db: DbOrTx, userId: string) => {
  await db.execute(sql`delete from publications where author_id = ${userId} and place_id is null and community_id is null`);
};

export const coverKeysOf = async (db: DbOrTx, userId: string) =>
  (
    await queryRows<{ key: string }>(
      db,
      sql`select cover_key as key from publications where author_id = ${userId} and place_id is null and community_id is null and cover_key is not null`,
    )
  ).map((r) => r.key);

/** What is published (not hidden), oldest first, for the open dump. */
export async function listPublicationsForDump(db: DbOrTx) {
  return db.select().from(publications).where(eq(publications.status, 'published')).orderBy(publications.publishedAt);
}

/** Publications for sitemap.xml: how many, then a slice in a stable order. */
export async function sitemapCount(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from publications where status = 'published'`);
  return Number(row?.n ?? 0);
}

export async function sitemapSlugs(db: DbOrTx, offset: number, limit: number) {
  return queryRows<{ slug: string; lastmod: Date }>(
    db,
    sql`select slug, updated_at as lastmod from publications where status = 'published' order by id offset ${offset} limit ${limit}`,
  );
}

export async function insertRestoredPublication(db: DbOrTx, values: typeof publications.$inferInsert): Promise<void> {
  await db
    .insert(publications)
    .values({ ...values, placeId: values.placeId ? sql`(select id from places where id = ${values.placeId}::uuid)` : null })
    .onConflictDoNothing();
}
