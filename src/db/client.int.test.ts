import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/template-db.ts';
import { type Database, part, queryRows, readPlannedForValues, readTogether, readWithSettings, textArray, uuidList } from './client.ts';

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

  it('plans a read for its values each time when asked (a range over the last rows of a large table)', async () => {
    await database.db.execute(sql`create table planned_probe as select n as seq, n % 7 as kind from generate_series(1, 20000) n`);
    await database.db.execute(sql`alter table planned_probe add primary key (seq)`);
    await database.db.execute(sql`analyze planned_probe`);
    // Long enough to be kept prepared on the embedded database, where reads are planned once for any values.
    const last = (after: number) =>
      readPlannedForValues<{ seq: number }>(
        database,
        sql`select seq from planned_probe where (seq > ${after} or kind > ${7}) and kind is not null
            and 'une condition qui ne fait que rallonger la requête au-delà de deux cents caractères' <> '' order by seq`,
      );
    expect((await last(19998)).map((r) => r.seq)).toEqual([19999, 20000]);
    expect(await last(20000)).toEqual([]);
    if (database.kind === 'pglite') {
      // A plan for any value of `seq > $1` reads the whole table; one for 19,998 reads its last page.
      const [plans] = await queryRows<{ generic: number; custom: number }>(
        database.db,
        sql`select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where statement like '%from planned_probe where%'`,
      );
      expect(plans).toEqual({ generic: 0, custom: 2 });
    }
  });

  it('binds a list as one value, whatever its length or its characters', async () => {
    const awkward = ['a"b', 'c\\d', 'x,y', '', '{}', 'NULL', 'élève'];
    const [row] = await queryRows<{ values: string[]; n: number }>(
      database.db,
      sql`select ${textArray(awkward)} as values, cardinality(${textArray([])}) as n`,
    );
    expect(row?.values).toEqual(awkward);
    expect(row?.n).toBe(0);
    const a = '8a5a0b6e-3f7c-4d1a-9a3e-2b1c0d9e8f70';
    const b = '0b0e7c3a-5d2f-4e8b-8c1a-7f6e5d4c3b2a';
    const ids = async (list: string[]) =>
      (
        await queryRows<{ id: string }>(
          database.db,
          sql`select id from (values (${a}::uuid), (${b}::uuid)) v(id) where id in (${uuidList(list)}) order by id`,
        )
      ).map((r) => r.id);
    expect(await ids([a, b])).toEqual([b, a]);
    expect(await ids([a, 'pas un identifiant'])).toEqual([a]); // junk dropped, never cast
    expect(await ids([])).toEqual([]);
    // The same text for one id or three: one prepared statement serves every page.
    const text = (list: string[]) => new PgDialect().sqlToQuery(sql`select 1 where 1 in (${uuidList(list)})`).sql;
    expect(text([a])).toBe(text([a, b, a]));
  });
});
