import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeForm, signedInMember, type TestContext } from './app.ts';
import { assertMatchesSpec, ContractError, checked } from './contract.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('the OpenAPI document', () => {
  it('passes `redocly lint` (recommended rules) with no error and no warning', async () => {
    const spec = await (await ctx.app.request('/api/v1/openapi.json')).text();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      fs.writeFileSync(file, spec);
      const out = execFileSync(path.resolve('node_modules/.bin/redocly'), ['lint', file, '--format=json'], {
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
      const report = JSON.parse(out) as {
        totals: { errors: number; warnings: number };
        problems: Array<{ ruleId: string; message: string }>;
      };
      expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every operation a stable operationId and says what authentication it takes', async () => {
    // Reads of one's own things; every other read is public.
    const SIGNED_IN_READS = new Set([
      'getMe',
      'listMyContributions',
      'getCredential',
      'listEventRegistrations',
      'listServiceRequests',
      'getServiceRequest',
      'listMyQuestionnaires',
      'getQuestionnaireResults',
    ]);
    // Writes nothing, answers anyone: checking a credential someone handed you.
    const PUBLIC_POSTS = new Set(['verifyCredential']);
    const spec = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>>;
    };
    const ops = Object.values(spec.paths).flatMap((p) => Object.entries(p));
    const ids = ops.map(([, o]) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('getProjectRevision');
    for (const [method, op] of ops) {
      expect(op.security, op.operationId).toEqual(
        (method === 'get' && !SIGNED_IN_READS.has(op.operationId ?? '')) || PUBLIC_POSTS.has(op.operationId ?? '')
          ? [{}, { bearerAuth: [] }]
          : [{ bearerAuth: [] }],
      );
    }
  });
});

describe('contract checking of every API answer in the tests', () => {
  const json = (body: unknown, status = 200, type = 'application/json') =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

  it('refuses an undocumented status, a wrong content type and a body that drifts from its schema', async () => {
    await expect(assertMatchesSpec('GET', '/api/v1/tools', json({ code: 'X', message: 'x', requestId: 'r' }, 418))).rejects.toThrow(
      ContractError,
    );
    await expect(
      assertMatchesSpec('GET', '/api/v1/tools', new Response('<p>', { headers: { 'content-type': 'text/html' } })),
    ).rejects.toThrow(/content type text\/html/);
    await expect(assertMatchesSpec('GET', '/api/v1/places/bbox?zoom=3', json({ clusters: 'none' }))).rejects.toThrow(/does not match/);
    await expect(
      assertMatchesSpec('GET', '/api/v1/places/00000000-0000-0000-0000-000000000000', json({ code: 'NOT_FOUND' }, 404)),
    ).rejects.toThrow(/requestId/);
  });

  it('accepts the real answers, and counts them', async () => {
    const before = checked.count;
    expect((await ctx.app.request('/api/v1/tools')).status).toBe(200);
    expect((await ctx.app.request('/api/v1/places?q=fablab')).status).toBe(200);
    expect((await ctx.app.request('/api/v1/places/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect(checked.count).toBe(before + 3);
  });
});

describe('unknown fields in requests', () => {
  it('are refused with 400 and the field named, as the document says (additionalProperties: false)', async () => {
    const { client } = await signedInMember(ctx);
    const project = await client.api('POST', '/api/v1/projects', { title: 'Un robot', licence: 'CC-BY-4.0', couleur: 'rouge' });
    expect(project.status).toBe(400);
    const body = (await project.json()) as { code: string; details: Record<string, unknown> };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(body.details)).toContain('couleur');

    const created = await client.post('/lieux/nouveau', placeForm({ name: 'Fablab aux champs inconnus' }));
    expect(created.status).toBe(303);
    const place = await client.api('POST', '/api/v1/places', { ...placeApiBody(), surprise: true });
    expect(place.status).toBe(400);
    expect(JSON.stringify(await place.json())).toContain('surprise');
  });
});

function placeApiBody() {
  return {
    name: 'Atelier numérique des Lilas',
    kinds: ['fablab'],
    description: 'Un atelier ouvert aux élèves.',
    address: '3 rue des Lilas',
    postcode: '69100',
    commune: 'Villeurbanne',
    latitude: 45.77,
    longitude: 4.89,
  };
}
