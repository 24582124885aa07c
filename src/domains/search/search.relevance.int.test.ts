import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { seedNetwork } from '../../demo/seed.ts';
import { RELEVANCE_CASES, runRelevance } from './search.relevance.ts';

// The relevance test set (search.relevance.ts) on the demo network: the queries people type,
// with what must come first. Every case must pass, with either search engine (SQL, or the index
// in memory); bench/ prints the pass rate and the MRR.
describe.each(['database', 'memory'])('search relevance on the demo network (SEARCH_ENGINE=%s)', (engine) => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext({ env: { SEARCH_ENGINE: engine } });
    await seedNetwork(ctx.deps, 'demo');
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it(`puts what people look for first, for all ${RELEVANCE_CASES.length} queries of the test set`, async () => {
    expect(RELEVANCE_CASES.length).toBeGreaterThanOrEqual(40);
    const { outcomes, mrr } = await runRelevance(async (path) => {
      const res = await ctx.app.request(path);
      expect(res.status, path).toBe(200);
      return res.json();
    });
    const failed = outcomes
      .filter((o) => !o.passed)
      .map(
        (o) =>
          `[${o.case.on}] “${o.case.q}” — ${o.case.want}: rank ${o.rank ?? '> 20'} (want ≤ ${o.case.within}); top: ${o.top.join(' | ')}`,
      );
    expect(failed).toEqual([]);
    expect(mrr).toBeGreaterThan(0.9);
  });
});
