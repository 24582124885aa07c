import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteThread } from './pglite-thread.ts';

describe('PGlite in its own thread', () => {
  let pg: PgliteThread;
  beforeAll(async () => {
    pg = await PgliteThread.open({});
    await pg.exec('create table t (id int primary key, label text not null, at timestamptz default now())');
  });
  afterAll(async () => {
    await pg.close();
  });

  it('answers queries with rows, fields and dates left as text (as Drizzle expects)', async () => {
    await pg.query('insert into t (id, label) values ($1, $2), ($3, $4)', [1, 'un', 2, 'deux']);
    const result = await pg.query('select id, label, at from t order by id', []);
    expect(result.rows).toHaveLength(2);
    expect(result.rows[0]).toMatchObject({ id: 1, label: 'un' });
    expect(typeof (result.rows[0] as { at: unknown }).at).toBe('string');
    expect(result.fields.map((f) => f.name)).toEqual(['id', 'label', 'at']);
    const arrays = await pg.query('select id, label from t order by id', [], { rowMode: 'array' });
    expect(arrays.rows).toEqual([
      [1, 'un'],
      [2, 'deux'],
    ]);
  });

  it('answers JSON and JSONB as values, in either row mode', async () => {
    const sql = `select '{"a": [1, "deux"]}'::jsonb as b, '[null]'::json as j, 'texte' as t`;
    expect((await pg.query(sql, [])).rows).toEqual([{ b: { a: [1, 'deux'] }, j: [null], t: 'texte' }]);
    expect((await pg.query(sql, [], { rowMode: 'array' })).rows).toEqual([[{ a: [1, 'deux'] }, [null], 'texte']]);
  });

  it('passes PostgreSQL errors with their code and constraint', async () => {
    const err = await pg.query('insert into t (id, label) values (1, $1)', ['encore']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: '23505', constraint: 't_pkey' });
  });

  it('commits a transaction that succeeds and rolls back one that throws, rethrowing its error', async () => {
    await pg.transaction(async (tx) => {
      await tx.query('insert into t (id, label) values (10, $1)', ['dix']);
    });
    const thrown = new Error('stop');
    await expect(
      pg.transaction(async (tx) => {
        await tx.query('insert into t (id, label) values (11, $1)', ['onze']);
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    const ids = (await pg.query('select id from t where id >= 10 order by id', [])).rows;
    expect(ids).toEqual([{ id: 10 }]);
  });

  it('lets no other query see or interleave with an open transaction', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inTx = pg.transaction(async (tx) => {
      await tx.query('update t set label = $1 where id = 1', ['changé']);
      order.push('tx updated');
      await gate;
      order.push('tx ends');
    });
    // Wait until the transaction holds the database, then ask from outside it.
    while (order.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const outside = pg.query('select label from t where id = 1', []).then((r) => {
      order.push('outside read');
      return r.rows[0];
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await inTx;
    expect(await outside).toEqual({ label: 'changé' });
    expect(order).toEqual(['tx updated', 'tx ends', 'outside read']);
  });

  // Reads of 200 characters or more run through named prepared statements (parsed once).
  const long = (extra = '') =>
    `select id, label, $1::int * 2 as twice, length(label)${extra} as letters from t where id >= $2 and label is not null and label <> 'personne ne porte ce nom, et cette condition rallonge la requête' order by id`;

  it('prepares long reads once and runs them again with other values, in a transaction or not', async () => {
    expect((await pg.query(long(), [21, 1])).rows[0]).toMatchObject({ id: 1, twice: 42 });
    expect((await pg.query(long(), [5, 2])).rows.map((r) => (r as { id: number }).id)).toEqual([2, 10]);
    expect((await pg.query(long(), [5, 2], { rowMode: 'array' })).rows[0]).toEqual([2, 'deux', 10, 4]);
    const kept = await pg.query(`select count(*)::int as n from pg_prepared_statements where statement like '%personne ne porte%'`, []);
    expect(kept.rows).toEqual([{ n: 1 }]); // prepared once, run three times
    await pg.transaction(async (tx) => {
      await tx.query('insert into t (id, label) values (3, $1)', ['trois']);
      expect((await tx.query(long(), [1, 3])).rows).toEqual([{ id: 3, label: 'trois', twice: 2, letters: 5 }, expect.anything()]);
    });
    const err = await pg.query(long(' + 0 * (1 / ($1::int - 7))'), [7, 1]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '22012' }); // division by zero, with its PostgreSQL code
    expect((await pg.query(long(), [2, 10])).rows).toHaveLength(1); // and the session goes on
  });

  it('prepares a long union of parenthesised reads like any long read', async () => {
    const sql = `(select id, label from t where id = $1 and label <> 'une union de lectures entre parenthèses, assez longue pour être préparée')
      union all (select id, label from t where id = $2 and label <> 'la seconde moitié de cette union')`;
    expect((await pg.query(sql, [1, 2])).rows).toHaveLength(2);
    expect((await pg.query(sql, [2, 10])).rows).toEqual([
      { id: 2, label: 'deux' },
      { id: 10, label: 'dix' },
    ]);
    const kept = await pg.query(`select count(*)::int as n from pg_prepared_statements where statement like '%une union de lectures%'`, []);
    expect(kept.rows).toEqual([{ n: 1 }]);
  });

  it('plans a prepared read once, and a read asking for custom plans each time', async () => {
    const sql = `select id, label from t where id = $1 and label <> 'une condition qui ne sert qu’à rallonger la requête au-delà de deux cents caractères, pour qu’elle soit préparée puis planifiée une seule fois par le moteur'`;
    for (const id of [1, 2, 1, 2]) {
      await pg.query(sql, [id]);
    }
    await pg.query(sql, [1], { settings: { plan_cache_mode: 'force_custom_plan' } });
    const [plans] = (
      await pg.query(
        `select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where statement like '%planifiée une seule fois%'`,
        [],
      )
    ).rows;
    expect(plans).toEqual({ generic: 4, custom: 1 });
  });

  it('prepares a long read again when its table changed shape', async () => {
    const sql = `select * from t where id = $1 and label <> 'une condition qui ne fait que rallonger la requête au-delà de deux cents caractères, pour être préparée une fois pour toutes'`;
    expect(Object.keys((await pg.query(sql, [1])).rows[0] as object)).toEqual(['id', 'label', 'at']);
    await pg.exec('alter table t add column note text');
    expect(Object.keys((await pg.query(sql, [1])).rows[0] as object)).toEqual(['id', 'label', 'at', 'note']);
  });

  it('moves its write epoch for every statement that may write and every transaction end, not for reads', async () => {
    await pg.exec('create table epoch_probe (n int)');
    const e0 = pg.writeEpoch();
    await pg.query('select 1');
    await pg.query('  SELECT count(*) from epoch_probe');
    // A search's titles and snippets: a union of parenthesised reads.
    await pg.query('(select n from epoch_probe) union all ( select 2)');
    expect(pg.writeEpoch()).toBe(e0);
    await pg.query('insert into epoch_probe values (1)');
    expect(pg.writeEpoch()).toBe(e0 + 1);
    await pg.query('with x as (insert into epoch_probe values (2) returning n) select * from x');
    expect(pg.writeEpoch()).toBe(e0 + 2);
    await pg.transaction(async (tx) => {
      await tx.query('select 1');
    });
    // A transaction's end counts even if it only read: what it wrote becomes visible then.
    expect(pg.writeEpoch()).toBe(e0 + 3);
  });

  it('runs a read with planner settings for it alone', async () => {
    const setting = `select current_setting('enable_seqscan') as s`;
    expect((await pg.query(setting, [], { settings: { enable_seqscan: 'off' } })).rows).toEqual([{ s: 'off' }]);
    expect((await pg.query(setting, [])).rows).toEqual([{ s: 'on' }]);
  });

  it('runs statements that cannot run in a transaction block (VACUUM)', async () => {
    await expect(pg.exec('vacuum (analyze) t')).resolves.toBeDefined();
  });

  it('says once when the thread dies, and fails every call after', async () => {
    const failures: Error[] = [];
    const other = await PgliteThread.open({ onFailure: (err) => failures.push(err) });
    await (other as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(other.query('select 1', [])).rejects.toThrow(/database thread stopped/);
    expect(failures).toHaveLength(1);
    await other.close();
    expect(failures).toHaveLength(1);
  });

  it('refuses every call once closed, which is no failure', async () => {
    const failures: Error[] = [];
    const other = await PgliteThread.open({ onFailure: (err) => failures.push(err) });
    await other.close();
    await expect(other.query('select 1', [])).rejects.toThrow(/closed/);
    expect(failures).toEqual([]);
  });
});
