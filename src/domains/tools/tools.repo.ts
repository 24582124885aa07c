import { eq, sql } from 'drizzle-orm';
import { type DbOrTx, part, queryRows, uuidList } from '../../db/client.ts';
import { placeTools, toolNotes, tools } from './tools.schema.ts';

export type ToolRow = Omit<typeof tools.$inferSelect, 'searchVector'>;

const columns = {
  id: tools.id,
  slug: tools.slug,
  name: tools.name,
  kind: tools.kind,
  licence: tools.licence,
  website: tools.website,
  repository: tools.repository,
  descriptionMd: tools.descriptionMd,
  descriptionHtml: tools.descriptionHtml,
  platforms: tools.platforms,
  createdBy: tools.createdBy,
  createdAt: tools.createdAt,
  updatedAt: tools.updatedAt,
};

export async function insertTools(db: DbOrTx, values: Array<typeof tools.$inferInsert>): Promise<void> {
  if (values.length > 0) {
    await db.insert(tools).values(values).onConflictDoNothing();
  }
}

export async function countTools(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from tools`);
  return row?.n ?? 0;
}

export async function findTool(db: DbOrTx, slug: string): Promise<ToolRow | undefined> {
  const [row] = await db.select(columns).from(tools).where(eq(tools.slug, slug)).limit(1);
  return row;
}

export interface ToolCard {
  id: string;
  slug: string;
  name: string;
  kind: string;
  licence: string;
  website: string | null;
  repository: string | null;
  platforms: string[];
  descriptionMd: string;
  places: number;
  projects: number;
}

/** The catalogue, with how many places and published projects use each tool. */
export async function listTools(db: DbOrTx, kind?: string): Promise<ToolCard[]> {
  return queryRows<ToolCard>(
    db,
    sql`select t.id, t.slug, t.name, t.kind, t.licence, t.website, t.repository, t.platforms, t.description_md as "descriptionMd",
          (select count(*)::int from place_tools pt join places p on p.id = pt.place_id
            where pt.tool_id = t.id and p.status = 'published' and p.deleted_at is null) as places,
          (select count(*)::int from document_links l join documents d on d.id = l.document_id
            where l.target_type = 'tool' and l.target_id = t.id and d.published_at is not null and d.deleted_at is null) as projects
        from tools t ${kind ? sql`where t.kind = ${kind}` : sql``}
        order by lower(t.name)`,
  );
}

export async function placesUsing(db: DbOrTx, toolId: string) {
  return queryRows<{ id: string; slug: string; name: string; commune: string | null }>(
    db,
    sql`select p.id, p.slug, p.name, p.commune from place_tools pt join places p on p.id = pt.place_id
        where pt.tool_id = ${toolId} and p.status = 'published' and p.deleted_at is null order by p.name limit 200`,
  );
}

export const toolsOfPlacePart = (placeId: string) =>
  part<{ id: string; slug: string; name: string }>(
    sql`select t.id, t.slug, t.name from place_tools pt join tools t on t.id = pt.tool_id where pt.place_id = ${placeId} order by lower(t.name)`,
  );

export async function toolsOfPlace(db: DbOrTx, placeId: string) {
  return queryRows<{ id: string; slug: string; name: string }>(db, toolsOfPlacePart(placeId).query);
}

/** The tools a place uses become exactly these (unknown ids are dropped by the join). */
export async function replacePlaceTools(db: DbOrTx, placeId: string, toolIds: readonly string[]): Promise<void> {
  await db.delete(placeTools).where(eq(placeTools.placeId, placeId));
  await db.execute(
    sql`insert into place_tools (place_id, tool_id) select ${placeId}, t.id from tools t where t.id in (${uuidList(toolIds)})`,
  );
}

/** Every tool, for the place-side checklist. */
export async function toolChoices(db: DbOrTx) {
  return queryRows<{ id: string; name: string; kind: string }>(db, sql`select id, name, kind from tools order by lower(name)`);
}

export async function insertNote(db: DbOrTx, values: typeof toolNotes.$inferInsert): Promise<void> {
  await db.insert(toolNotes).values(values);
}

export async function listNotes(db: DbOrTx, toolId: string) {
  return queryRows<{ id: string; body: string; createdAt: Date; authorName: string | null; authorSlug: string | null }>(
    db,
    sql`select n.id, n.body, n.created_at as "createdAt", u.display_name as "authorName", p.slug as "authorSlug"
        from tool_notes n left join users u on u.id = n.author_id left join profiles p on p.user_id = n.author_id
        where n.tool_id = ${toolId} order by n.created_at desc limit 100`,
  );
}

export async function exportNotes(db: DbOrTx, userId: string) {
  return queryRows<{ tool: string; body: string; createdAt: Date }>(
    db,
    sql`select t.name as tool, n.body, n.created_at as "createdAt" from tool_notes n join tools t on t.id = n.tool_id where n.author_id = ${userId}`,
  );
}

export async function deleteNotesOf(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(toolNotes).where(eq(toolNotes.authorId, userId));
}

export async function insertTool(db: DbOrTx, values: typeof tools.$inferInsert): Promise<ToolRow> {
  const [row] = await db.insert(tools).values(values).returning(columns);
  if (!row) {
    throw new Error('tool not inserted');
  }
  return row;
}

export async function updateTool(db: DbOrTx, id: string, values: Partial<typeof tools.$inferInsert>): Promise<void> {
  await db
    .update(tools)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(tools.id, id));
}

export async function toolSlugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  return (await queryRows(db, sql`select 1 from tools where slug = ${slug}`)).length > 0;
}

/** The whole catalogue, for the open dump. */
export async function listToolsForDump(db: DbOrTx) {
  return db.select().from(tools).orderBy(tools.slug);
}

/** Tools for sitemap.xml: how many, then a slice in a stable order. */
export async function sitemapCount(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from tools where true`);
  return Number(row?.n ?? 0);
}

export async function sitemapSlugs(db: DbOrTx, offset: number, limit: number) {
  return queryRows<{ slug: string; lastmod: Date }>(
    db,
    sql`select slug, updated_at as lastmod from tools where true order by id offset ${offset} limit ${limit}`,
  );
}

/** Insert a tool unless its slug is taken; the id of the tool of that slug either way. */
export async function insertToolKeepingSlug(db: DbOrTx, values: typeof tools.$inferInsert): Promise<string> {
  const [row] = await db.insert(tools).values(values).onConflictDoNothing().returning({ id: tools.id });
  if (row) {
    return row.id;
  }
  const [existing] = await db.select({ id: tools.id }).from(tools).where(eq(tools.slug, values.slug)).limit(1);
  return existing?.id ?? '';
}
