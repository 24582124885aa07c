import type { Database } from '../db/client.ts';
import type { Logger } from './logger.ts';

const CHANNEL = 'tisserin_changes';

/**
 * Tells every process that some data changed ("places"), so caches drop what they hold.
 * PGlite has one process by construction; on PostgreSQL the news travels by LISTEN/NOTIFY.
 */
export interface ChangeFeed {
  publish(topic: string): Promise<void>;
  subscribe(topic: string, onChange: () => void): void;
  close(): Promise<void>;
}

export async function createChangeFeed(database: Database, logger: Logger): Promise<ChangeFeed> {
  const listeners = new Map<string, Array<() => void>>();
  const fire = (topic: string) => {
    for (const fn of listeners.get(topic) ?? []) {
      fn();
    }
  };
  let close = async () => {};
  const pool = database.pool;
  if (pool) {
    const client = await pool.connect();
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) {
        fire(msg.payload);
      }
    });
    client.on('error', (err) => logger.warn({ err: err.message }, 'change feed connection lost'));
    await client.query(`LISTEN ${CHANNEL}`);
    close = async () => {
      client.release(true);
    };
  }
  return {
    async publish(topic) {
      fire(topic);
      if (pool) {
        await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, topic]);
      }
    },
    subscribe(topic, onChange) {
      listeners.set(topic, [...(listeners.get(topic) ?? []), onChange]);
    },
    close: () => close(),
  };
}

/**
 * A bounded map (least recently used out) that forgets everything when one of its topics
 * changes. Bounded by entries, and by an estimate of bytes when `sizeOf` is given.
 */
export class TopicCache<V> {
  private readonly entries = new Map<string, { value: V; size: number }>();
  private bytes = 0;
  /** Bumped on each change, so a value computed across a change is not kept. */
  private generation = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly sizeOf: ((value: V) => number) | undefined;

  constructor(
    feed: ChangeFeed,
    topics: string | readonly string[],
    limits: number | { maxEntries: number; maxBytes: number; sizeOf: (value: V) => number } = 500,
  ) {
    this.maxEntries = typeof limits === 'number' ? limits : limits.maxEntries;
    this.maxBytes = typeof limits === 'number' ? Number.POSITIVE_INFINITY : limits.maxBytes;
    this.sizeOf = typeof limits === 'number' ? undefined : limits.sizeOf;
    for (const topic of typeof topics === 'string' ? [topics] : topics) {
      feed.subscribe(topic, () => this.clear());
    }
  }

  async getOrCompute(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Refresh recency: Map keeps insertion order, so the oldest entry is first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const generation = this.generation;
    const value = await compute();
    if (generation !== this.generation) {
      return value;
    }
    const size = this.sizeOf?.(value) ?? 0;
    if (size > this.maxBytes) {
      return value;
    }
    this.entries.set(key, { value, size });
    this.bytes += size;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.bytes -= this.entries.get(oldest)?.size ?? 0;
      this.entries.delete(oldest);
    }
    return value;
  }

  clear() {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
  }
}
