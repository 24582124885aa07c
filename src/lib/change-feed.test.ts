import { describe, expect, it } from 'vitest';
import { type ChangeFeed, TopicCache } from './change-feed.ts';

/** The in-process half of a change feed (what PGlite uses). */
function localFeed(): ChangeFeed {
  const listeners = new Map<string, Array<() => void>>();
  return {
    async publish(topic) {
      for (const fn of listeners.get(topic) ?? []) {
        fn();
      }
    },
    subscribe(topic, fn) {
      listeners.set(topic, [...(listeners.get(topic) ?? []), fn]);
    },
    close: async () => {},
  };
}

describe('TopicCache', () => {
  it('keeps the most recently used entries within the entry and byte bounds', async () => {
    const cache = new TopicCache<string>(localFeed(), 'pages', { maxEntries: 10, maxBytes: 30, sizeOf: (v) => v.length });
    let computed = 0;
    const get = (key: string, value: string) =>
      cache.getOrCompute(key, async () => {
        computed++;
        return value;
      });
    await get('a', 'x'.repeat(10));
    await get('b', 'x'.repeat(10));
    await get('a', 'ignored'); // a hit refreshes a
    await get('c', 'x'.repeat(15)); // 35 bytes > 30: the least recently used (b) goes
    expect(computed).toBe(3);
    await get('a', 'x');
    expect(computed).toBe(3);
    await get('b', 'x'.repeat(10));
    expect(computed).toBe(4);
    // Larger than the whole budget: returned, never kept.
    expect(await get('huge', 'x'.repeat(31))).toHaveLength(31);
    await get('huge', 'x'.repeat(31));
    expect(computed).toBe(6);
  });

  it('forgets everything when one of its topics changes, and does not keep a value computed across a change', async () => {
    const feed = localFeed();
    const cache = new TopicCache<number>(feed, ['places', 'people'], 5);
    await cache.getOrCompute('k', async () => 1);
    expect(await cache.getOrCompute('k', async () => 2)).toBe(1);
    await feed.publish('people');
    expect(await cache.getOrCompute('k', async () => 3)).toBe(3);
    const racing = cache.getOrCompute('r', async () => {
      await feed.publish('places');
      return 4;
    });
    expect(await racing).toBe(4);
    expect(await cache.getOrCompute('r', async () => 5)).toBe(5);
  });
});
