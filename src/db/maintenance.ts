import { sql } from 'drizzle-orm';
import { type Database, queryRows } from './client.ts';

/**
 * PGlite runs no autovacuum. Without it tables keep their dead rows, the planner works from
 * stale statistics (sequential scans over 50,000 members), and index-only scans fall back to
 * the heap because the visibility map is never set. This does autovacuum's job, table by
 * table, with autovacuum's default thresholds. A PostgreSQL server has its own autovacuum.
 */
export async function maintainDatabase(database: Database, opts: { everything?: boolean } = {}): Promise<string[]> {
  if (database.kind !== 'pglite') {
    return [];
  }
  // Counters wait in the backend until flushed; ask for them first (PostgreSQL 15+).
  await database.db.execute(sql`select pg_stat_force_next_flush()`);
  const tables = await queryRows<{ name: string; live: number; dead: number; modified: number; vacuumed: boolean }>(
    database.db,
    sql`select relname as name, n_live_tup::int as live, n_dead_tup::int as dead, n_mod_since_analyze::int as modified,
          (last_vacuum is not null or last_autovacuum is not null) as vacuumed
        from pg_stat_user_tables where schemaname = 'public'`,
  );
  const due = tables.filter(
    (t) =>
      opts.everything ||
      t.dead > 50 + 0.2 * t.live ||
      t.modified > 50 + 0.1 * t.live ||
      // Never vacuumed since it was filled (e.g. counters lost in a crash): once, to set the visibility map.
      (!t.vacuumed && t.live > 1000),
  );
  const pglite = database.pglite;
  for (const t of due) {
    // VACUUM cannot run in a transaction block, hence one statement at a time.
    await pglite?.exec(`vacuum (analyze) "${t.name.replaceAll('"', '""')}"`);
  }
  return due.map((t) => t.name);
}
