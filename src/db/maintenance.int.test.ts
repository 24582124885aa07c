import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, type TestContext } from '../../test/app.ts';
import { queryRows } from './client.ts';
import { maintainDatabase } from './maintenance.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('database maintenance (autovacuum for the embedded database)', () => {
  it('vacuums and analyzes the tables that changed enough, then has nothing left to do', async () => {
    if (ctx.deps.database.kind !== 'pglite') {
      // PostgreSQL runs its own autovacuum: nothing to do, and nothing is done.
      expect(await maintainDatabase(ctx.deps.database)).toEqual([]);
      return;
    }
    await maintainDatabase(ctx.deps.database, { everything: true });
    for (let i = 0; i < 60; i++) {
      await createMember(ctx);
    }
    const done = await maintainDatabase(ctx.deps.database);
    expect(done).toContain('users');
    expect(done).toContain('profiles');
    const [users] = await queryRows<{ analyzed: boolean; vacuumed: boolean }>(
      ctx.deps.db,
      sql`select last_analyze is not null as analyzed, last_vacuum is not null as vacuumed from pg_stat_user_tables where relname = 'users'`,
    );
    expect(users).toEqual({ analyzed: true, vacuumed: true });
    expect(await maintainDatabase(ctx.deps.database)).toEqual([]);
  });
});
