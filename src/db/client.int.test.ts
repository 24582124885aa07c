import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/template-db.ts';
import { type Database, part, queryRows, readTogether, readWithSettings } from './client.ts';

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
});
afterAll(async () => {
  await drop?.();
});

describe('reads helpers, on the engine the tests run on', () => {
  it('reads several parts in one statement, each in its order, dates as dates', async () => {
    const statements = database.queryCount();
    const rows = await readTogether(database.db, {
      numbers: part<{ n: number }>(sql`select n from generate_series(3, 1, -1) n order by n desc`),
      stamps: part<{ at: Date }>(sql`select timestamptz '2026-12-01 10:00:00+00' as at`, ['at']),
      none: part<{ x: number }>(sql`select 1 as x where false`),
    });
    expect(database.queryCount() - statements).toBe(1);
    expect(rows.numbers).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }]);
    expect(rows.stamps[0]?.at).toEqual(new Date('2026-12-01T10:00:00Z'));
    expect(rows.none).toEqual([]);
  });

  it('plans a read with settings for it alone', async () => {
    const setting = sql`select current_setting('enable_hashjoin') as s, now() as at`;
    const [during] = await readWithSettings<{ s: string; at: Date }>(database, { enable_hashjoin: 'off' }, setting);
    expect(during?.s).toBe('off');
    expect(during?.at).toBeInstanceOf(Date);
    const [after] = await queryRows<{ s: string }>(database.db, sql`select current_setting('enable_hashjoin') as s`);
    expect(after?.s).not.toBe('off');
  });
});
