import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createDiskUploadStore } from '../src/lib/uploads.ts';
import { createDatabaseUploadStore, moveUploadsToDatabase } from '../src/ops/database-uploads.ts';
import { claimRun, startScheduler } from '../src/ops/scheduler.ts';
import { createTestContext, type TestContext } from './app.ts';

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await createTestContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-ops-'));
});
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('scheduled work', () => {
  it('is claimed by exactly one of many callers per interval', async () => {
    const db = ctx.deps.db;
    expect(await claimRun(db, 'digest-test', 60_000)).toBeNull(); // first sight: the clock starts
    await db.execute(sql`update scheduled_jobs set last_run_at = now() - interval '2 minutes' where name = 'digest-test'`);
    const claims = await Promise.all(Array.from({ length: 20 }, () => claimRun(db, 'digest-test', 60_000)));
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    expect(await claimRun(db, 'digest-test', 60_000)).toBeNull();
  });

  it('runs each job on its interval and records every run', async () => {
    let runs = 0;
    let failures = 0;
    const scheduler = startScheduler(
      ctx.deps.db,
      [
        {
          name: 'tick-test',
          everyMs: 200,
          run: async () => {
            runs++;
          },
        },
        {
          name: 'failing-test',
          everyMs: 200,
          run: async () => {
            failures++;
            throw new Error('boom');
          },
        },
      ],
      { logger: createLogger('silent') },
    );
    while (runs < 2 || failures < 1) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await scheduler.stop();
    const rows = await queryRows<{ name: string; error: string | null }>(
      ctx.deps.db,
      sql`select name, error from job_runs where name in ('tick-test', 'failing-test') order by started_at`,
    );
    expect(rows.filter((r) => r.name === 'tick-test').length).toBe(runs);
    expect(rows.filter((r) => r.name === 'failing-test').map((r) => r.error)).toEqual(Array(failures).fill('boom'));
  });
});

describe('uploads kept in the database', () => {
  it('stores, reads, lists and removes files, and still reads those left on disk', async () => {
    const disk = createDiskUploadStore(dir);
    const old = await disk.put(Buffer.from('an old photo'), '.jpg');
    const store = createDatabaseUploadStore(ctx.deps.db, disk);
    const key = await store.put(Buffer.from([0, 1, 2, 255]), '.webp');
    expect((await store.read(key))?.equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(fs.existsSync(path.join(dir, key))).toBe(false);
    expect((await store.read(old))?.toString()).toBe('an old photo');
    expect(new Set(await store.list())).toEqual(new Set([key, old]));
    await store.remove(key);
    expect(await store.read(key)).toBeNull();
    expect(await store.read('../../etc/passwd')).toBeNull();
  });

  it('takes in the files of the disk store (the migration path), and can be run again', async () => {
    const disk = createDiskUploadStore(dir);
    const key = await disk.put(Buffer.from('une photo du fablab'), '.webp');
    const first = await moveUploadsToDatabase(ctx.deps.db, disk);
    expect(first.moved).toBeGreaterThanOrEqual(1);
    expect(await disk.list()).toEqual([]);
    expect((await createDatabaseUploadStore(ctx.deps.db).read(key))?.toString()).toBe('une photo du fablab');
    expect((await moveUploadsToDatabase(ctx.deps.db, disk)).moved).toBe(0);
  });
});

describe('readiness', () => {
  it('says ready with the database up and migrations applied, and draining during a shutdown', async () => {
    const ready = await ctx.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    ctx.deps.lifecycle.draining = true;
    try {
      expect((await ctx.app.request('/readyz')).status).toBe(503);
      expect((await ctx.app.request('/healthz')).status).toBe(200);
    } finally {
      ctx.deps.lifecycle.draining = false;
    }
  });
});

describe('metrics', () => {
  // What @hono/node-server passes for a connection from the machine itself, or from elsewhere.
  const from = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: 'IPv4' } } });
  const queries = async () => {
    const res = await ctx.app.request('/metrics', {}, from('127.0.0.1'));
    expect(res.status).toBe(200);
    return Number(/^tisserin_db_queries_total (\d+)$/m.exec(await res.text())?.[1]);
  };

  it('answers the machine itself, with the statements each page cost, and nobody else', async () => {
    const before = await queries();
    expect((await ctx.app.request('/lieux')).status).toBe(200);
    const after = await queries();
    expect(after).toBeGreaterThan(before);
    expect((await ctx.app.request('/metrics', {}, from('203.0.113.7'))).status).toBe(403);
    expect((await ctx.app.request('/metrics', { headers: { 'x-forwarded-for': '203.0.113.7' } }, from('127.0.0.1'))).status).toBe(403);
  });
});
