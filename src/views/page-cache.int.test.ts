import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TestClient, type TestContext } from '../../test/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const tokenIn = (html: string) => /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? '';

/** A page as a browser reads it: gunzipped when it came gzipped (zlib checks its CRC and length). */
async function read(client: TestClient, path: string, gzip: boolean) {
  const res = await client.get(path, { 'accept-encoding': gzip ? 'gzip, deflate, br' : 'identity' });
  const body = Buffer.from(await res.arrayBuffer());
  const encoding = res.headers.get('content-encoding');
  return { res, encoding, html: encoding === 'gzip' ? gunzipSync(body).toString() : body.toString() };
}

describe('pages kept for visitors, gzipped', () => {
  it('gives each visitor, from the page kept, their own CSRF token, gzipped or not, and their forms work', async () => {
    const first = new TestClient(ctx, '198.51.100.21');
    const second = new TestClient(ctx, '198.51.100.22');
    // The first visit renders and keeps the page; the others are served from it.
    const pages = [
      await read(first, '/competences', true),
      await read(second, '/competences', true),
      await read(second, '/competences', false),
    ];
    expect(pages.map((p) => p.encoding)).toEqual(['gzip', 'gzip', null]);
    for (const p of pages) {
      expect(p.res.status).toBe(200);
      expect(p.res.headers.get('vary')).toMatch(/Accept-Encoding/);
      expect(p.html).toMatch(/^<!doctype html>/);
      expect(p.html).toContain('</html>');
      expect(p.html).not.toMatch(/csrf-[\w-]{16}"/);
    }
    const [a, b, bPlain] = pages.map((p) => tokenIn(p.html));
    expect(a).not.toBe('');
    expect(b).not.toBe(a);
    expect(bPlain).toBe(b);
    // Every place the token goes holds it (the meta and each form's hidden field).
    expect(pages[1]?.html.split(`value="${b}"`).length).toBeGreaterThan(1);
    expect(pages[1]?.html.replaceAll(b ?? '', a ?? '')).toBe(pages[0]?.html);

    // A form sent with the token of a kept page is accepted: the language switch.
    const form = new URLSearchParams({ _csrf: b ?? '', next: '/competences', locale: 'en' });
    const switched = await second.request('/langue', {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(switched.status).toBe(303);
    const english = await read(second, '/competences', true);
    expect(english.html).toContain('lang="en"');
    expect(tokenIn(english.html)).toBe(b);
  });
});
