import fs from 'node:fs';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { sql } from 'drizzle-orm';
import extractChunks from 'png-chunks-extract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, placeRunBy, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { bitAt, verifyEddsaRdfc2022 } from '../../../test/oracles/vc-verifier.ts';
import { queryRows } from '../../db/client.ts';
import { exportPersonalData } from '../../lib/personal-data.ts';
import { loadReferenceSkills } from '../skills/skills.service.ts';
import { issuerFor, signCredential } from './credentials.ts';

let ctx: TestContext;
type Signed = Awaited<ReturnType<typeof signedInMember>>;
let moderator: Signed;
let manager: Signed;
let otherManager: Signed;
let teacher: Signed;
let placeSlug: string;
let otherPlaceSlug: string;

const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const schema = (name: string) => JSON.parse(fs.readFileSync(`test/fixtures/openbadges/${name}.schema.json`, 'utf8'));
const validateAchievementCredential = ajv.compile(schema('ob_v3p0_achievementcredential'));
const validateEndorsementCredential = ajv.compile(schema('ob_v3p0_endorsementcredential'));

const badgeForm = (fields: Record<string, string>) => ({
  name: 'Animatrice confirmée',
  description: 'Reconnaît une animatrice qui a mené des ateliers confirmés dans le réseau.',
  criteria: 'Avoir animé **4 heures** d’ateliers, confirmées par les lieux.',
  placeSlug: '',
  skills: '',
  awardMode: 'rule',
  ruleMetric: 'hours',
  ruleKind: 'animation',
  ruleThreshold: '4',
  ...fields,
});

async function logAndConfirm(hours: string, day: string): Promise<void> {
  const res = await teacher.client.post('/reconnaissance/nouvelle', {
    kind: 'animation',
    startedOn: day,
    endedOn: '',
    hours,
    placeSlug,
    projectSlug: '',
    description: 'Atelier de robotique avec une classe de 5e au fablab.',
    evidenceUrl: '',
  });
  expect(res.status, await res.clone().text()).toBe(303);
  const id = /([0-9a-f-]{36})$/.exec(res.headers.get('location') ?? '')?.[1];
  expect((await manager.client.post(`/reconnaissance/${id}/reponse`, { decision: 'confirm' })).status).toBe(303);
}

async function awardsOf(userId: string) {
  return queryRows<{ id: string; credential: Record<string, unknown>; statusIndex: number; slug: string }>(
    ctx.deps.db,
    sql`select a.id, a.credential, a.status_index as "statusIndex", b.slug from badge_awards a join badge_classes b on b.id = a.class_id
        where a.recipient_id = ${userId} order by a.awarded_at`,
  );
}

const text = async (res: Response | Promise<Response>) => (await res).text();

/** The parts of a signed OpenBadgeCredential the tests read. */
interface CredentialJson extends Record<string, unknown> {
  '@context': string[];
  type: string[];
  issuer: { id: string };
  proof: Array<{ cryptosuite: string }>;
  credentialSubject: {
    result: Array<{ value: string }>;
    activityStartDate: string;
    activityEndDate: string;
    source: { name: string };
    achievement: { alignment: Array<{ targetName: string }> };
  };
  evidence: Array<{ narrative: string }>;
  credentialStatus: Record<string, unknown>;
}
interface StatusListJson extends Record<string, unknown> {
  type: string[];
  credentialSubject: { encodedList: string };
}

beforeAll(async () => {
  ctx = await createTestContext();
  await loadReferenceSkills(ctx.deps);
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice Réseau' });
  manager = await signedInMember(ctx, { displayName: 'Dominique Fabmanager' });
  otherManager = await signedInMember(ctx, { displayName: 'Eli Autre Lieu' });
  teacher = await signedInMember(ctx, { displayName: 'Camille Prof' });
  placeSlug = await placeRunBy(moderator, manager, 'Fablab du collège Pasteur');
  otherPlaceSlug = await placeRunBy(moderator, otherManager, 'Médiathèque des Tilleuls');
});
afterAll(async () => {
  await ctx?.close();
});

describe('the issuer', () => {
  it('has a key from the first start, in the data directory, readable by its owner only; its DID document has the public key only', async () => {
    const res = await new TestClient(ctx).get('/.well-known/did.json');
    expect(res.status).toBe(200);
    const did = (await res.json()) as {
      id: string;
      verificationMethod: Array<{ publicKeyMultibase: string; secretKeyMultibase?: string }>;
    };
    expect(did.id).toBe('did:web:localhost%3A3000');
    expect(did.verificationMethod[0]?.publicKeyMultibase).toMatch(/^z6Mk/);
    expect(JSON.stringify(did)).not.toContain('secretKey');
    const stat = fs.statSync(ctx.deps.config.issuerKeyFile);
    expect(stat.mode & 0o077).toBe(0);
  });
});

describe('defining badges', () => {
  it('moderators define the network’s, a place’s team their place’s; nobody else', async () => {
    expect((await teacher.client.post('/badges/nouveau', badgeForm({ name: 'Badge pirate' }))).status).toBe(403);
    expect((await otherManager.client.post('/badges/nouveau', badgeForm({ name: 'Badge du voisin', placeSlug }))).status).toBe(403);
    const bad = await moderator.client.post('/badges/nouveau', badgeForm({ ruleThreshold: '0' }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Un nombre entier entre 1 et 5 000.');
    const created = await moderator.client.post('/badges/nouveau', badgeForm({ skills: 'Découpe laser' }));
    expect(created.status, await created.clone().text()).toBe(303);
    expect(created.headers.get('location')).toBe('/badges/animatrice-confirmee');
    const placeBadge = await manager.client.post(
      '/badges/nouveau',
      badgeForm({ name: 'Pilier du fablab', placeSlug, awardMode: 'manual', ruleMetric: '', ruleKind: '', ruleThreshold: '' }),
    );
    expect(placeBadge.status, await placeBadge.clone().text()).toBe(303);
    // Changed by those who manage it only; the form starts from what it says.
    expect((await otherManager.client.get('/badges/pilier-du-fablab/modifier')).status).toBe(403);
    expect(await text(manager.client.get('/badges/pilier-du-fablab/modifier'))).toContain('value="Pilier du fablab"');
    const changed = await manager.client.post(
      '/badges/pilier-du-fablab/modifier',
      badgeForm({
        name: 'Pilier du fablab',
        description: 'Reconnaît une personne qui fait vivre le fablab toute l’année.',
        placeSlug,
        awardMode: 'manual',
        ruleMetric: '',
        ruleKind: '',
        ruleThreshold: '',
      }),
    );
    expect(changed.status, await changed.clone().text()).toBe(303);
    expect(
      (await moderator.client.post('/badges/pilier-du-fablab/modifier', badgeForm({ name: 'Détourné', placeSlug, awardMode: 'manual' })))
        .status,
    ).toBe(403);
    expect(await text(new TestClient(ctx).get('/badges/pilier-du-fablab'))).toContain('qui fait vivre le fablab toute l’année');

    const page = await text(new TestClient(ctx).get('/badges'));
    expect(page).toContain('Animatrice confirmée');
    expect(page).toContain('Attribué automatiquement : 4 heures (animation d’atelier) confirmées');
    expect(page).toContain('Pilier du fablab');
    // A badge with its own picture: fitted into a 512 × 512 PNG; a text file is refused and nothing is created.
    const { default: sharp } = await import('sharp');
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#2050a0' } })
      .jpeg()
      .toBuffer();
    const withImage = (file: Blob, name: string) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(badgeForm({ name, awardMode: 'manual', ruleMetric: '', ruleKind: '', ruleThreshold: '' }))) {
        form.set(k, v);
      }
      form.set('image', file, 'badge.jpg');
      return form;
    };
    expect((await moderator.client.post('/badges/nouveau', withImage(new Blob(['<svg/>']), 'Badge au faux fichier'))).status).toBe(415);
    expect((await new TestClient(ctx).get('/badges/badge-au-faux-fichier')).status).toBe(404);
    const pictured = await moderator.client.post('/badges/nouveau', withImage(new Blob([new Uint8Array(jpeg)]), 'Badge illustré'));
    expect(pictured.status, await pictured.clone().text()).toBe(303);
    const own = Buffer.from(await (await new TestClient(ctx).get('/badges/badge-illustre/image.png')).arrayBuffer());
    const meta = await sharp(own).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);

    const image = await new TestClient(ctx).get('/badges/animatrice-confirmee/image.png');
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });
});

describe('a rule awards a signed Open Badge when contributions are confirmed', () => {
  it('issues a credential that the 1EdTech schema accepts and an independent verifier checks', async () => {
    await logAndConfirm('2', '2026-10-07');
    expect(await awardsOf(teacher.member.id)).toEqual([]);
    await logAndConfirm('2h30', '2026-10-14');
    const [award] = await awardsOf(teacher.member.id);
    expect(award?.slug).toBe('animatrice-confirmee');
    expect(await text(teacher.client.get('/notifications'))).toContain('Vous avez reçu le badge « Animatrice confirmée »');

    const credential = award?.credential as CredentialJson;
    expect(validateAchievementCredential(credential), JSON.stringify(validateAchievementCredential.errors)).toBe(true);
    expect(credential['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.issuer.id).toBe('did:web:localhost%3A3000');
    expect(credential.proof).toHaveLength(1);
    expect(credential.proof[0]?.cryptosuite).toBe('eddsa-rdfc-2022');
    expect(credential.credentialSubject.result[0]?.value).toBe('4.5');
    expect(credential.credentialSubject.activityStartDate).toBe('2026-10-07T00:00:00Z');
    expect(credential.credentialSubject.activityEndDate).toBe('2026-10-14T23:59:59Z');
    expect(credential.evidence).toHaveLength(2);
    expect(credential.evidence[0]?.narrative).toContain('confirmée par Dominique Fabmanager');
    expect(credential.credentialSubject.source.name).toBe('Réseau Tisserin');
    expect(credential.credentialSubject.achievement.alignment[0]?.targetName).toBe('Découpe laser');
    expect(credential.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    expect(JSON.stringify(credential)).not.toContain('@example.org');

    const did = (await (await new TestClient(ctx).get('/.well-known/did.json')).json()) as {
      verificationMethod: Array<{ publicKeyMultibase: string }>;
    };
    const publicKey = did.verificationMethod[0]?.publicKeyMultibase ?? '';
    expect(await verifyEddsaRdfc2022(credential, publicKey)).toBe(true);
    // One character of its hours changed: the proof no longer holds.
    const tampered = structuredClone(credential);
    const hours = tampered.credentialSubject.result[0];
    if (hours) {
      hours.value = '5.5';
    }
    expect(await verifyEddsaRdfc2022(tampered, publicKey)).toBe(false);

    // The verification pages.
    const visitor = new TestClient(ctx);
    const byAddress = await text(visitor.get(`/badges/verifier/${award?.id}`));
    expect(byAddress).toContain('Valide');
    expect(byAddress).toContain('Camille Prof');
    const pasted = await text(visitor.post('/badges/verifier', { credential: JSON.stringify(credential) }));
    expect(pasted).toContain('<strong>Valide</strong>');
    const forged = await text(visitor.post('/badges/verifier', { credential: JSON.stringify(tampered) }));
    expect(forged).toContain('<strong>Signature invalide</strong>');
    // What the holder downloads is what was signed.
    const download = await teacher.client.get(`/badges/attributions/${award?.id}/badge.json`);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(await download.json()).toEqual(credential);
    expect((await manager.client.get(`/badges/attributions/${award?.id}/badge.json`)).status).toBe(404);
    // The baked PNG carries the same credential in an iTXt chunk "openbadgecredential" (read by png-chunks-extract).
    const png = Buffer.from(await (await teacher.client.get(`/badges/attributions/${award?.id}/badge.png`)).arrayBuffer());
    const chunks = extractChunks(new Uint8Array(png)) as Array<{ name: string; data: Uint8Array }>;
    expect(chunks[0]?.name).toBe('IHDR');
    expect(chunks.at(-1)?.name).toBe('IEND');
    const itxt = chunks.filter((ch) => ch.name === 'iTXt').map((ch) => Buffer.from(ch.data));
    expect(itxt).toHaveLength(1);
    const [keyword, rest] = [itxt[0]?.subarray(0, 19).toString('latin1'), itxt[0]?.subarray(19) ?? Buffer.alloc(0)];
    expect(keyword).toBe('openbadgecredential');
    expect([...rest.subarray(0, 5)]).toEqual([0, 0, 0, 0, 0]);
    expect(JSON.parse(rest.subarray(5).toString('utf8'))).toEqual(credential);
    expect((await manager.client.get(`/badges/attributions/${award?.id}/badge.png`)).status).toBe(404);
  });

  it('a rule badge created later goes at once to those who already meet it', async () => {
    const made = await moderator.client.post(
      '/badges/nouveau',
      badgeForm({
        name: 'Deux ateliers',
        description: 'Deux ateliers animés et confirmés dans le réseau.',
        ruleMetric: 'contributions',
        ruleThreshold: '2',
      }),
    );
    expect(made.status, await made.clone().text()).toBe(303);
    expect((await awardsOf(teacher.member.id)).map((a) => a.slug)).toContain('deux-ateliers');
    expect((await awardsOf(manager.member.id)).map((a) => a.slug)).not.toContain('deux-ateliers');
  });

  it('never twice while held; its holder may hide it from their page', async () => {
    await logAndConfirm('3', '2026-10-21');
    expect((await awardsOf(teacher.member.id)).filter((a) => a.slug === 'animatrice-confirmee')).toHaveLength(1);
    const [award] = await awardsOf(teacher.member.id);
    expect(await text(otherManager.client.get('/membres/camille-prof/badges'))).toContain('Animatrice confirmée');
    expect((await otherManager.client.post(`/badges/attributions/${award?.id}/masquer`)).status).toBe(403);
    // What it rests on shows as its holder shows their record: members by default, not visitors.
    const awardPage = (client: TestClient) => text(client.get(`/badges/attributions/${award?.id}`));
    expect(await awardPage(otherManager.client)).toContain('Ce sur quoi il repose');
    expect(await awardPage(new TestClient(ctx))).not.toContain('Ce sur quoi il repose');
    expect(await awardPage(new TestClient(ctx))).toContain('<strong>Valide</strong>');

    // Shown on the member's page itself, read in the page's one statement.
    expect(await text(otherManager.client.get('/membres/camille-prof'))).toContain(`/badges/attributions/${award?.id}`);
    expect((await teacher.client.post(`/badges/attributions/${award?.id}/masquer`)).status).toBe(303);
    expect(await text(otherManager.client.get('/membres/camille-prof/badges'))).not.toContain(`/badges/attributions/${award?.id}`);
    expect(await text(otherManager.client.get('/membres/camille-prof'))).not.toContain(`/badges/attributions/${award?.id}`);
    expect(await text(teacher.client.get('/membres/camille-prof/badges'))).toContain('Animatrice confirmée');
    expect((await teacher.client.post(`/badges/attributions/${award?.id}/afficher`)).status).toBe(303);
  });
});

describe('endorsements', () => {
  it('a member endorses a badge someone earned: a signed EndorsementCredential, shown with who and why', async () => {
    const [award] = await awardsOf(teacher.member.id);
    expect(
      (await teacher.client.post(`/badges/attributions/${award?.id}/recommander`, { comment: 'Je me recommande moi-même.' })).status,
    ).toBe(403);
    const short = await otherManager.client.post(`/badges/attributions/${award?.id}/recommander`, { comment: 'Top' });
    expect(short.status).toBe(400);
    const done = await otherManager.client.post(`/badges/attributions/${award?.id}/recommander`, {
      comment: 'J’ai vu Camille animer l’atelier robotique : les élèves sont repartis avec un robot qui marche.',
    });
    expect(done.status).toBe(303);
    expect(
      (await otherManager.client.post(`/badges/attributions/${award?.id}/recommander`, { comment: 'Encore une fois, bravo à elle !' }))
        .status,
    ).toBe(400);
    const page = await text(new TestClient(ctx).get(`/badges/attributions/${award?.id}`));
    expect(page).toContain('Eli Autre Lieu');
    expect(page).toContain('les élèves sont repartis avec un robot qui marche');
    expect(await text(teacher.client.get('/notifications'))).toContain('Eli Autre Lieu a recommandé votre badge « Animatrice confirmée »');
    const id = /\/badges\/recommandations\/([0-9a-f-]{36})\.json/.exec(page)?.[1];
    const endorsement = (await (await new TestClient(ctx).get(`/badges/recommandations/${id}.json`)).json()) as Record<string, unknown> & {
      type: string[];
      credentialSubject: { id: string; endorsementComment: string };
    };
    expect(validateEndorsementCredential(endorsement), JSON.stringify(validateEndorsementCredential.errors)).toBe(true);
    expect(endorsement.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect(endorsement.credentialSubject.id).toBe(`http://localhost:3000/badges/attributions/${award?.id}`);
    const did = (await (await new TestClient(ctx).get('/.well-known/did.json')).json()) as {
      verificationMethod: Array<{ publicKeyMultibase: string }>;
    };
    expect(await verifyEddsaRdfc2022(endorsement, did.verificationMethod[0]?.publicKeyMultibase ?? '')).toBe(true);
    expect(await text(new TestClient(ctx).post('/badges/verifier', { credential: JSON.stringify(endorsement) }))).toContain(
      '<strong>Valide</strong>',
    );
  });
});

describe('badges given by hand, revoked with a reason', () => {
  it('the place’s team gives its badge (never to themselves, once); revoking shows on verification and in the signed list', async () => {
    expect((await manager.client.post('/badges/pilier-du-fablab/attribuer', { recipient: 'dominique-fabmanager' })).status).toBe(403);
    expect((await otherManager.client.post('/badges/pilier-du-fablab/attribuer', { recipient: 'camille-prof' })).status).toBe(403);
    const unknown = await manager.client.post('/badges/pilier-du-fablab/attribuer', { recipient: 'personne-inconnue' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Aucun membre à cette adresse');
    const given = await manager.client.post('/badges/pilier-du-fablab/attribuer', {
      recipient: 'http://localhost:3000/membres/camille-prof',
    });
    expect(given.status, await given.clone().text()).toBe(303);
    expect((await manager.client.post('/badges/pilier-du-fablab/attribuer', { recipient: 'camille-prof' })).status).toBe(400);
    const award = (await awardsOf(teacher.member.id)).find((a) => a.slug === 'pilier-du-fablab');
    expect(validateAchievementCredential(award?.credential), JSON.stringify(validateAchievementCredential.errors)).toBe(true);
    expect((award?.credential as CredentialJson | undefined)?.credentialSubject.source.name).toBe('Dominique Fabmanager');

    expect(
      (await otherManager.client.post(`/badges/attributions/${award?.id}/revoquer`, { reason: 'Je ne suis pas de ce lieu.' })).status,
    ).toBe(403);
    const noReason = await manager.client.post(`/badges/attributions/${award?.id}/revoquer`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(
      (await manager.client.post(`/badges/attributions/${award?.id}/revoquer`, { reason: 'Attribué par erreur à la mauvaise personne.' }))
        .status,
    ).toBe(303);
    const page = await text(new TestClient(ctx).get(`/badges/verifier/${award?.id}`));
    expect(page).toContain('<strong>Révoqué</strong>');
    expect(page).toContain('Raison : Attribué par erreur à la mauvaise personne.');
    const pasted = await text(new TestClient(ctx).post('/badges/verifier', { credential: JSON.stringify(award?.credential) }));
    expect(pasted).toContain('<strong>Révoqué</strong>');
    expect(await text(teacher.client.get('/notifications'))).toContain('Votre badge « Pilier du fablab » a été révoqué');

    // The revocation list, signed, says so at the award's index — and only there among the teacher's.
    const list = (await (await new TestClient(ctx).get('/badges/statut/1')).json()) as StatusListJson;
    const did = (await (await new TestClient(ctx).get('/.well-known/did.json')).json()) as {
      verificationMethod: Array<{ publicKeyMultibase: string }>;
    };
    expect(await verifyEddsaRdfc2022(list, did.verificationMethod[0]?.publicKeyMultibase ?? '')).toBe(true);
    expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(bitAt(list.credentialSubject.encodedList, award?.statusIndex ?? -1)).toBe(true);
    const valid = (await awardsOf(teacher.member.id)).find((a) => a.slug === 'animatrice-confirmee');
    expect(bitAt(list.credentialSubject.encodedList, valid?.statusIndex ?? -1)).toBe(false);
    expect(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url').length).toBeGreaterThan(20);
  });
});

describe('what the verification page says of bad input', () => {
  it('junk, 5 MB, another key or nothing: a verdict, never an error', async () => {
    const visitor = new TestClient(ctx);
    const cases: Array<[string, string]> = [
      ['ceci n’est pas du JSON', 'Ce n’est pas un fichier JSON'],
      ['{"hello": "world"}', 'Ce n’est pas un badge'],
      ['[1, 2, 3]', 'Ce n’est pas un badge'],
      ['x'.repeat(5 * 1024 * 1024), 'Fichier trop gros'],
    ];
    for (const [input, verdict] of cases) {
      const res = await visitor.post('/badges/verifier', { credential: input });
      expect(res.status, verdict).toBe(200);
      expect(await res.text()).toContain(`<strong>${verdict}</strong>`);
    }
    expect((await visitor.post('/badges/verifier', { credential: '' })).status).toBe(400);

    // Signed by another instance's key.
    const { ensureIssuerKey } = await import('./issuer-key.ts');
    const otherKey = await ensureIssuerKey(`${ctx.deps.config.dataDir}/other-instance-key.json`);
    const [award] = await awardsOf(teacher.member.id);
    const { proof: _proof, ...unsigned } = (award?.credential ?? {}) as Record<string, unknown>;
    const foreign = await signCredential(issuerFor('https://autre-reseau.example.org', otherKey), {
      ...unsigned,
      issuer: { id: 'did:web:autre-reseau.example.org', type: ['Profile'], name: 'Autre réseau' },
    });
    const res = await visitor.post('/badges/verifier', { credential: JSON.stringify(foreign) });
    expect(await res.text()).toContain('<strong>Signé par une autre clé</strong>');

    // Our own key, but past its validity date.
    const { issuerOf } = await import('./badges.service.ts');
    const expired = await signCredential(await issuerOf(ctx.deps), {
      ...unsigned,
      validUntil: '2026-01-31T00:00:00Z',
      validFrom: '2025-09-01T00:00:00Z',
    });
    expect(await text(visitor.post('/badges/verifier', { credential: JSON.stringify(expired) }))).toContain('<strong>Expiré</strong>');

    // A file sent instead of pasted text.
    const form = new FormData();
    form.set('file', new Blob([JSON.stringify(award?.credential)], { type: 'application/json' }), 'badge.json');
    const uploaded = await visitor.post('/badges/verifier', form);
    expect(await uploaded.text()).toContain('<strong>Valide</strong>');
  });
});

describe('personal data', () => {
  it('the export holds one’s badges; deleting one’s account revokes them', async () => {
    const mine = (await exportPersonalData(ctx.deps.db, teacher.member.id)).badges as unknown[];
    // Animatrice confirmée, Deux ateliers, and Pilier du fablab (revoked, still held as such).
    expect(mine.length).toBe(3);
    const leaving = await createMember(ctx, { displayName: 'Gaby Partante' });
    const given = await manager.client.post('/badges/pilier-du-fablab/attribuer', { recipient: 'gaby-partante' });
    expect(given.status).toBe(303);
    const [award] = await awardsOf(leaving.id);
    const { removeContributions } = await import('../../lib/personal-data.ts');
    await ctx.deps.db.transaction(async (tx) => {
      await removeContributions(tx, leaving.id);
      await tx.execute(sql`delete from users where id = ${leaving.id}`);
    });
    const page = await text(new TestClient(ctx).get(`/badges/verifier/${award?.id}`));
    expect(page).toContain('<strong>Révoqué</strong>');
    expect(otherPlaceSlug).toBeTruthy();
  });
});
