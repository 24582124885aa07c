import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { runMigrations } from './db/migrate.ts';
import type { Deps } from './deps.ts';
import { ensureIssuerKey } from './domains/badges/issuer-key.ts';
import { createBanGeocoder } from './domains/geo/geocoder.ts';
import { createMailer } from './domains/mail/mailer.ts';
import { createChangeFeed } from './lib/change-feed.ts';
import { createDiskGuard, freeBytesOrNull } from './lib/disk.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { createUploadStore } from './ops/database-uploads.ts';

/**
 * Open the database (PGlite holds the data-directory lock), apply migrations and build every
 * dependency the app and the CLI need. `close()` releases all of it.
 */
export async function bootstrap(
  config: Config,
  opts: { holder: string; logger?: Logger; loadDataDir?: Blob } = { holder: 'server' },
): Promise<Deps & { close(): Promise<void> }> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const assertDiskSpace = createDiskGuard(config.dataDir, config.minFreeDiskBytes);
  // Below MIN_FREE_DISK_MB the site still starts, to be read and signed in to; writes that
  // would grow the data are refused (507) until space is freed.
  const free = freeBytesOrNull(config.dataDir);
  if (free !== null && free < config.minFreeDiskBytes) {
    logger.warn(
      { freeMb: Math.floor(free / 1048576), minFreeMb: Math.round(config.minFreeDiskBytes / 1048576) },
      'little free disk space: reading and signing in work, writes that add data are refused until space is freed',
    );
  }
  const database = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    holder: opts.holder,
    loadDataDir: opts.loadDataDir,
  });
  try {
    await runMigrations(database);
    // The Open Badges signing key exists from the first start (and is backed up with the data).
    await ensureIssuerKey(config.issuerKeyFile);
    const changes = await createChangeFeed(database, logger);
    const deps: Deps = {
      config,
      database,
      db: database.db,
      logger,
      mailer: createMailer({ db: database.db, logger, smtpUrl: config.smtpUrl, from: config.mailFrom }),
      geocoder: config.banUrl ? createBanGeocoder(config.banUrl) : null,
      uploads: createUploadStore(config.uploadStore, database, path.join(config.dataDir, 'uploads')),
      changes,
      assertDiskSpace,
      lifecycle: { draining: false },
    };
    return {
      ...deps,
      async close() {
        await changes.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
