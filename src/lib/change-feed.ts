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

/** A bounded map that forgets everything when its topic changes. */
export class TopicCache<V> {
  private readonly entries = new Map<string, V>();
  /** Bumped on each change, so a value computed across a change is not kept. */
  private generation = 0;
  constructor(
    feed: ChangeFeed,
    topics: string | readonly string[],
    private readonly maxEntries = 500,
  ) {
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
      return hit;
    }
    const generation = this.generation;
    const value = await compute();
    if (generation !== this.generation) {
      return value;
    }
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) {
        this.entries.delete(oldest);
      }
    }
    return value;
  }

  clear() {
    this.generation++;
    this.entries.clear();
  }
}
