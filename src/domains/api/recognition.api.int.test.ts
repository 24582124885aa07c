import fs from 'node:fs';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeRunBy, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';

let ctx: TestContext;
type Signed = Awaited<ReturnType<typeof signedInMember>>;
let moderator: Signed;
let manager: Signed;
let teacher: Signed;
let placeSlug: string;

const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const validateResponse = ajv.compile(
  JSON.parse(fs.readFileSync('test/fixtures/openbadges/ob_v3p0_getopenbadgecredentialsresponse.schema.json', 'utf8')),
);

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice Réseau' });
  manager = await signedInMember(ctx, { displayName: 'Dominique Fabmanager' });
  teacher = await signedInMember(ctx, { displayName: 'Camille Prof' });
  placeSlug = await placeRunBy(moderator, manager, 'Fablab du collège Pasteur');
});
afterAll(async () => {
  await ctx?.close();
});

describe('recognition in the API', () => {
  it('logs, confirms, issues, verifies and revokes; the member’s credentials come as GetOpenBadgeCredentialsResponse', async () => {
    const bad = await teacher.client.api('POST', '/api/v1/contributions', {
      kind: 'animation',
      startedOn: '2099-01-01',
      hours: 30,
      description: 'Atelier de robotique avec une classe.',
    });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { code: string; details: Record<string, string[]> };
    expect(badBody.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(badBody.details)).toEqual(expect.arrayContaining(['startedOn']));
    expect(
      (
        await teacher.client.api('POST', '/api/v1/contributions', {
          kind: 'animation',
          startedOn: '2026-10-07',
          hours: 0,
          description: 'Atelier de robotique.',
        })
      ).status,
    ).toBe(400);

    const logged = await teacher.client.api('POST', '/api/v1/contributions', {
      kind: 'animation',
      startedOn: '2026-10-07',
      hours: 2.5,
      placeSlug,
      description: 'Atelier de robotique avec une classe de 5e.',
    });
    expect(logged.status, await logged.clone().text()).toBe(201);
    const contribution = (await logged.json()) as { id: string; status: string; hours: number; place: { name: string } };
    expect(contribution).toMatchObject({ status: 'pending', hours: 2.5, place: { name: 'Fablab du collège Pasteur' } });

    expect((await teacher.client.api('POST', `/api/v1/contributions/${contribution.id}/review`, { decision: 'confirm' })).status).toBe(403);
    expect((await manager.client.api('POST', `/api/v1/contributions/${contribution.id}/review`, { decision: 'decline' })).status).toBe(400);
    const confirmed = await manager.client.api('POST', `/api/v1/contributions/${contribution.id}/review`, { decision: 'confirm' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ status: 'confirmed', confirmedBy: 'Dominique Fabmanager' });
    const mine = (await (await teacher.client.api('GET', '/api/v1/contributions')).json()) as {
      items: Array<{ id: string; status: string }>;
    };
    expect(mine.items).toEqual([expect.objectContaining({ id: contribution.id, status: 'confirmed' })]);

    // A badge of the place, given through the API by its team.
    const made = await manager.client.post('/badges/nouveau', {
      name: 'Pilier du fablab',
      description: 'Reconnaît une personne qui fait vivre le fablab.',
      criteria: 'Avoir animé des ateliers au fablab toute l’année.',
      placeSlug,
      skills: '',
      awardMode: 'manual',
      ruleMetric: '',
      ruleKind: '',
      ruleThreshold: '',
    });
    expect(made.status).toBe(303);
    const list = (await (await new TestClient(ctx).api('GET', '/api/v1/badges')).json()) as {
      items: Array<{ slug: string; place: { name: string } }>;
    };
    expect(list.items).toEqual([
      expect.objectContaining({ slug: 'pilier-du-fablab', place: expect.objectContaining({ name: 'Fablab du collège Pasteur' }) }),
    ]);
    expect((await teacher.client.api('POST', '/api/v1/credentials', { badge: 'pilier-du-fablab', recipient: 'camille-prof' })).status).toBe(
      403,
    );
    const issued = await manager.client.api('POST', '/api/v1/credentials', { badge: 'pilier-du-fablab', recipient: 'camille-prof' });
    expect(issued.status, await issued.clone().text()).toBe(201);
    const { id, credential } = (await issued.json()) as { id: string; credential: Record<string, unknown> };

    const visitor = new TestClient(ctx);
    expect(await (await visitor.api('POST', '/api/v1/credentials/verify', credential)).json()).toMatchObject({ state: 'valid' });
    expect(await (await visitor.api('POST', '/api/v1/credentials/verify', { hello: 'world' })).json()).toEqual({ state: 'not_credential' });
    const tampered = { ...credential, name: 'Pilier du fablab (modifié)' };
    expect(await (await visitor.api('POST', '/api/v1/credentials/verify', tampered)).json()).toMatchObject({ state: 'invalid_signature' });

    // As the holder shows their record: members by default (a credential tells what it rests on).
    const hidden = await (await visitor.api('GET', '/api/v1/members/camille-prof/credentials')).json();
    expect(validateResponse(hidden), JSON.stringify(validateResponse.errors)).toBe(true);
    expect((hidden as { credential: unknown[] }).credential).toEqual([]);
    const shown = await (await manager.client.api('GET', '/api/v1/members/camille-prof/credentials')).json();
    expect(validateResponse(shown), JSON.stringify(validateResponse.errors)).toBe(true);
    expect((shown as { credential: unknown[] }).credential).toEqual([credential]);
    expect((await teacher.client.post('/reconnaissance/visibilite', { visibility: 'public' })).status).toBe(303);
    expect(
      ((await (await visitor.api('GET', '/api/v1/members/camille-prof/credentials')).json()) as { credential: unknown[] }).credential,
    ).toEqual([credential]);
    expect((await visitor.api('GET', `/api/v1/credentials/${id}`)).status).toBe(401);
    expect(await (await teacher.client.api('GET', `/api/v1/credentials/${id}`)).json()).toEqual(credential);

    expect((await teacher.client.api('POST', `/api/v1/credentials/${id}/revoke`, { reason: 'Je veux le révoquer.' })).status).toBe(403);
    const revoked = await manager.client.api('POST', `/api/v1/credentials/${id}/revoke`, { reason: 'Attribué par erreur.' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ state: 'revoked', reason: 'Attribué par erreur.' });
    expect(await (await visitor.api('POST', '/api/v1/credentials/verify', credential)).json()).toMatchObject({ state: 'revoked' });
    expect(
      ((await (await visitor.api('GET', '/api/v1/members/camille-prof/credentials')).json()) as { credential: unknown[] }).credential,
    ).toEqual([]);
  });
});
