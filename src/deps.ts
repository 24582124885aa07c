import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import type { Geocoder } from './domains/geo/geocoder.ts';
import type { Mailer } from './domains/mail/mailer.ts';
import type { ChangeFeed } from './lib/change-feed.ts';
import type { Logger } from './lib/logger.ts';
import type { UploadStore } from './lib/uploads.ts';

/** Everything services need from the outside world, built once at start-up (or per test). */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  logger: Logger;
  mailer: Mailer;
  /** National address API adapter; null when BAN_URL is not set. */
  geocoder: Geocoder | null;
  uploads: UploadStore;
  changes: ChangeFeed;
  /** Disk guard: throws INSUFFICIENT_STORAGE when the data directory's disk is nearly full. */
  assertDiskSpace(): void;
  /** Set when the process is shutting down: /readyz says so, so a load balancer stops sending. */
  lifecycle: { draining: boolean };
}
