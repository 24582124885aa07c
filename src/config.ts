import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Boolean env var: "1", "true", "yes", "on" are true; "0", "false", "no", "off" are false. */
const envBool = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'yes', 'on'].includes(v)));

const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal('').transform(() => undefined));

const EnvSchema = z.object({
  // TCP port the web server listens on (0: any free port).
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Interface to bind; use 0.0.0.0 to accept connections from other machines.
  HOST: z.string().min(1).default('127.0.0.1'),
  // Where the embedded database (PGlite), uploads and backups live.
  DATA_DIR: z.string().min(1).default('./data'),
  // postgres://… — use a PostgreSQL server instead of the embedded database.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // The address people reach the site at; used in e-mails, feeds and cookies (https → Secure cookies).
  PUBLIC_URL: optionalUrl,
  // smtp(s)://user:pass@host:port — send e-mail through this server; unset: e-mails go to the outbox (/admin/outbox).
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Sender of every e-mail.
  MAIL_FROM: z.string().min(3).default('Tisserin <ne-pas-repondre@tisserin.localhost>'),
  // Base URL of the national address API (BAN), e.g. https://api-adresse.data.gouv.fr ; unset: no geocoding.
  BAN_URL: optionalUrl,
  // Map tile URL template; the map still lists places when tiles cannot load.
  TILE_URL: z.string().min(1).default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  // Attribution shown on the map for the tiles above.
  TILE_ATTRIBUTION: z.string().default('© les contributeurs d’OpenStreetMap'),
  // Load the demo network on first start when the database is empty.
  DEMO_DATA: envBool(true),
  // Behind your own reverse proxies: how many of them append to X-Forwarded-For ("true" = 1,
  // "false" or 0 = none, the socket's address is the client's).
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = (v ?? 'false').trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(text)) {
        return 1;
      }
      if (['', '0', 'false', 'no', 'off'].includes(text)) {
        return 0;
      }
      if (/^\d{1,2}$/.test(text)) {
        return Number(text);
      }
      ctx.addIssue({ code: 'custom', message: 'must be true, false or a number of proxies (0–99)' });
      return z.NEVER;
    }),
  // Where uploaded files live: "disk" (DATA_DIR/uploads) or "database" (shared by every process
  // and machine). Unset: the database with DATABASE_URL, the disk with the embedded database.
  UPLOAD_STORE: z.enum(['disk', 'database']).optional(),
  // The network's name, as it signs its Open Badges and attestations.
  NETWORK_NAME: z.string().trim().min(2).max(120).default('Réseau Tisserin'),
  // The instance's signing key for Open Badges (Ed25519), created at first start. Default:
  // DATA_DIR/issuer-key.json. Several processes or machines must share one file.
  ISSUER_KEY_FILE: z.string().min(1).optional(),
  // Largest accepted upload, in megabytes.
  UPLOAD_MAX_MB: z.coerce.number().positive().max(100).default(8),
  // Refuse writes when the data directory's disk has less free space than this (megabytes).
  MIN_FREE_DISK_MB: z.coerce.number().min(0).default(200),
  // Embedded database only: take a backup into DATA_DIR/backups every N hours (0 = never).
  BACKUP_INTERVAL_HOURS: z.coerce.number().min(0).default(24),
  // How many scheduled backups to keep.
  BACKUP_KEEP: z.coerce.number().int().min(1).default(7),
  // After SIGTERM, keep serving this many seconds while /readyz answers "draining", so a load
  // balancer stops sending first; then finish the requests in flight and stop.
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(120).default(0),
  // With DATABASE_URL: how many app processes serve (a number, or "auto": one per core). The
  // embedded database belongs to one process (it runs in that process's second thread).
  PROCESSES: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(64)])
    .default(1)
    .transform((v) => (v === 'auto' ? Math.max(1, os.availableParallelism()) : v)),
  // Where the one search ranks: "memory" (an index held by each app process, kept equal to the
  // tables: twice the searches per second, ~50 MB more memory) or "database" (SQL ranking).
  SEARCH_ENGINE: z.enum(['database', 'memory']).default('memory'),
  // Multiplies the interval of every scheduled job (digests, purges, backups); tests shrink it.
  SCHEDULE_SCALE: z.coerce.number().positive().max(100).default(1),
  // Bearer token for GET /metrics (Prometheus); unset: /metrics answers only on the loopback interface.
  METRICS_TOKEN: z
    .string()
    .min(16)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // pino log level.
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // "production" turns on __Host- cookies and HSTS when PUBLIC_URL is https.
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  banUrl: string | undefined;
  tileUrl: string;
  tileAttribution: string;
  demoData: boolean;
  /** How many reverse proxies of ours append to X-Forwarded-For (0: trust none). */
  trustProxyHops: number;
  uploadStore: 'disk' | 'database' | undefined;
  uploadMaxBytes: number;
  networkName: string;
  /** The Open Badges signing key (Ed25519, JSON): never served, backed up with the data. */
  issuerKeyFile: string;
  minFreeDiskBytes: number;
  backupIntervalHours: number;
  backupKeep: number;
  scheduleScale: number;
  shutdownDelaySeconds: number;
  /** App processes (several only on a PostgreSQL server). */
  processes: number;
  /** Where the one search ranks (search.repo.ts in SQL, or search.index.ts in memory). */
  searchEngine: Env['SEARCH_ENGINE'];
  metricsToken: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  env: Env['NODE_ENV'];
  /** Cookies get Secure and the __Host- prefix when the public URL is https. */
  secureCookies: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parse environment variables once; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.PROCESSES > 1 && !e.DATABASE_URL) {
    throw new ConfigError([
      `PROCESSES: ${e.PROCESSES} processus demandés, mais la base intégrée (PGlite) n’en sert qu’un — elle occupe déjà son propre fil d’exécution. Plusieurs processus demandent DATABASE_URL (un serveur PostgreSQL).`,
    ]);
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    banUrl: e.BAN_URL?.replace(/\/$/, ''),
    tileUrl: e.TILE_URL,
    tileAttribution: e.TILE_ATTRIBUTION,
    demoData: e.DEMO_DATA,
    trustProxyHops: e.TRUST_PROXY,
    uploadStore: e.UPLOAD_STORE,
    uploadMaxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
    networkName: e.NETWORK_NAME,
    issuerKeyFile: path.resolve(e.ISSUER_KEY_FILE ?? path.join(e.DATA_DIR, 'issuer-key.json')),
    minFreeDiskBytes: Math.round(e.MIN_FREE_DISK_MB * 1024 * 1024),
    backupIntervalHours: e.BACKUP_INTERVAL_HOURS,
    backupKeep: e.BACKUP_KEEP,
    scheduleScale: e.SCHEDULE_SCALE,
    shutdownDelaySeconds: e.SHUTDOWN_DELAY_SECONDS,
    processes: e.PROCESSES,
    searchEngine: e.SEARCH_ENGINE,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    env: e.NODE_ENV,
    secureCookies: publicUrl.startsWith('https://'),
  };
}
