import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.tsx';
import { bootstrap } from './bootstrap.ts';
import type { Config } from './config.ts';
import { maintainDatabase } from './db/maintenance.ts';
import { FIRST_START_LOCK, withStartupLock } from './db/migrate.ts';
import { isEmpty, seedNetwork } from './demo/seed.ts';
import { createAdmin } from './domains/accounts/accounts.service.ts';
import { purgeExpired } from './domains/accounts/throttle.service.ts';
import { sendDueReminders } from './domains/events/events.service.ts';
import { resumeStalledImports } from './domains/imports/imports.service.ts';
import { writeDump } from './domains/opendata/opendata.dump.ts';
import { pruneSearchChanges, searchIndex } from './domains/search/search.index.sync.ts';
import { loadReferenceSkillsIfEmpty } from './domains/skills/skills.service.ts';
import { runSocialChores } from './domains/social/social.service.ts';
import { seedTools } from './domains/tools/tools.service.ts';
import { buildAssets } from './lib/assets.ts';
import { randomToken } from './lib/crypto.ts';
import { createLogger } from './lib/logger.ts';
import { backupJob } from './ops/backup-schedule.ts';
import { type Job, purgeOldJobRuns, startScheduler } from './ops/scheduler.ts';

export interface RunningServer {
  url: string;
  /** Stop accepting connections, finish requests in flight, close the database. */
  close(): Promise<void>;
}

/** Boot everything and listen. Used by `npm start` and by the browser tests. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const deps = await bootstrap(config, { holder: 'server', logger });
  try {
    // Two processes starting at once on one PostgreSQL: one loads, the other then finds it done.
    await withStartupLock(deps.database, FIRST_START_LOCK, async () => {
      if (config.demoData && (await isEmpty(deps))) {
        const started = Date.now();
        const counts = await seedNetwork(deps, 'demo');
        const password = `${randomToken(12)}`;
        await createAdmin(deps, { email: 'admin@tisserin.localhost', displayName: 'Administration', password });
        logger.info({ ...counts, ms: Date.now() - started }, 'demo network loaded (first start)');
        logger.info(`demo admin: admin@tisserin.localhost / ${password} (change it on /compte, or run: npx tisserin create-admin)`);
      }
      await loadReferenceSkillsIfEmpty(deps);
      await seedTools(deps.db);
      // PGlite has no autovacuum: catch up on what changed since the last round (usually nothing).
      await maintainDatabase(deps.database);
    });
    await buildAssets();
  } catch (err) {
    await deps.close();
    throw err;
  }
  const app = createApp(deps);
  const inFlight = new Set<Promise<unknown>>();
  const server = serve({
    fetch: (req, env) => {
      const p = Promise.resolve(app.fetch(req, env));
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      return p;
    },
    port: config.port,
    hostname: config.host,
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  // Scheduled work: each process ticks, the database decides which one runs what is due.
  const jobs: Job[] = [
    {
      name: 'purge-expired',
      everyMs: 10 * 60_000,
      run: async () => {
        await purgeExpired(deps.db);
        await purgeOldJobRuns(deps.db);
        await pruneSearchChanges(deps.db);
      },
    },
    // Digests are due per member (daily or weekly since their last one): look every quarter hour.
    { name: 'social-chores', everyMs: 15 * 60_000, run: () => runSocialChores(deps) },
    // The day-before reminders of the agenda's sessions.
    { name: 'event-reminders', everyMs: 15 * 60_000, run: () => sendDueReminders(deps) },
    // The open dump, every night (and on demand from /donnees).
    { name: 'open-dump', everyMs: 24 * 3_600_000, run: () => writeDump(deps) },
    // An import whose process stopped midway (a restart, a crash) goes on where it was.
    { name: 'imports-resume', everyMs: 60_000, run: () => resumeStalledImports(deps) },
    // PGlite has no autovacuum: vacuum and analyze the tables that changed enough, every hour.
    ...(deps.database.kind === 'pglite'
      ? [{ name: 'database-maintenance', everyMs: 3_600_000, run: () => maintainDatabase(deps.database) }]
      : []),
    ...[backupJob(deps, logger)].filter((j): j is Job => j !== null),
  ];
  const scheduler = startScheduler(deps.db, jobs, { logger, scale: config.scheduleScale });
  // The search index in memory (unless SEARCH_ENGINE=database) is built now, page by page, rather than by the first search.
  if (config.searchEngine === 'memory') {
    void searchIndex(deps).catch((err) => logger.warn({ err }, 'search index build failed'));
  }
  logger.info({ url, database: deps.database.kind, dataDir: config.dataDir, mail: deps.mailer.mode }, 'Tisserin is listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        deps.lifecycle.draining = true;
        await scheduler.stop();
        if (config.shutdownDelaySeconds > 0) {
          logger.info({ seconds: config.shutdownDelaySeconds }, 'draining: /readyz answers 503, still serving');
          await new Promise((resolve) => setTimeout(resolve, config.shutdownDelaySeconds * 1000));
        }
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections?.();
        });
        await Promise.allSettled([...inFlight]);
        await deps.close();
        logger.info('stopped cleanly');
      })();
      return closing;
    },
  };
}
