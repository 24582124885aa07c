import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeRunBy, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';

let ctx: TestContext;
type Signed = Awaited<ReturnType<typeof signedInMember>>;
let moderator: Signed;
let manager: Signed;
let teacher: Signed;
let placeSlug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice Réseau' });
  manager = await signedInMember(ctx, { displayName: 'Dominique Fabmanager' });
  teacher = await signedInMember(ctx, { displayName: 'Camille Prof' });
  placeSlug = await placeRunBy(moderator, manager, 'Fablab du collège Pasteur');
  for (const [day, hours, kind] of [
    ['2026-09-16', '2', 'animation'],
    ['2026-10-07', '1h30', 'animation'],
    ['2026-10-20', '3', 'formation'],
  ] as const) {
    const res = await teacher.client.post('/reconnaissance/nouvelle', {
      kind,
      startedOn: day,
      endedOn: '',
      hours,
      placeSlug,
      projectSlug: '',
      description: 'Atelier de robotique avec une classe de 5e au fablab.',
      evidenceUrl: '',
    });
    const id = /([0-9a-f-]{36})$/.exec(res.headers.get('location') ?? '')?.[1];
    expect((await manager.client.post(`/reconnaissance/${id}/reponse`, { decision: 'confirm' })).status).toBe(303);
  }
  // One more, still waiting: never attested.
  await teacher.client.post('/reconnaissance/nouvelle', {
    kind: 'accueil',
    startedOn: '2026-10-21',
    endedOn: '',
    hours: '4',
    placeSlug,
    projectSlug: '',
    description: 'Accueil des familles aux portes ouvertes.',
    evidenceUrl: '',
  });
});
afterAll(async () => {
  await ctx?.close();
});

describe('an attestation of confirmed contributions', () => {
  it('covers a period, is kept behind a random address, and its PDF is tagged, in French, with its font and a QR code', async () => {
    const form = await (await teacher.client.get('/attestations/nouvelle')).text();
    expect(form).toMatch(/name="start" type="date" value="\d{4}-09-01"/);
    const bad = await teacher.client.post('/attestations/nouvelle', { start: '2026-10-01', end: '2026-09-01' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('La fin de la période doit venir après son début.');
    const future = await teacher.client.post('/attestations/nouvelle', { start: '2026-09-01', end: '2099-01-01' });
    expect(future.status).toBe(400);

    // September and October 2026 but not the training of the 20th: until 2026-10-19.
    const res = await teacher.client.post('/attestations/nouvelle', { start: '2026-09-01', end: '2026-10-19' });
    expect(res.status, await res.clone().text()).toBe(303);
    const path = res.headers.get('location') ?? '';
    expect(path).toMatch(/^\/attestations\/[0-9a-f-]{36}$/);

    // The page anyone with the link reads (the principal who scanned the QR code).
    const visitor = new TestClient(ctx);
    const pageRes = await visitor.get(path);
    expect(pageRes.headers.get('x-robots-tag')).toBe('noindex');
    const page = await pageRes.text();
    expect(page).toContain('Attestation de contributions de Camille Prof');
    expect(page).toContain('2 contributions confirmées, 3 h 30 en tout.');
    expect(page).toContain('confirmée par Dominique Fabmanager');
    expect(page).not.toContain('Formation');
    expect(page).not.toContain('Accueil des familles');

    const pdfRes = await visitor.get(`${path}/attestation.pdf`);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdfRes.arrayBuffer());
    const raw = Buffer.from(bytes).toString('latin1');
    // The font is embedded (a font file in the PDF), not one of the 14 the reader is assumed to have.
    expect(raw).toMatch(/\/FontFile[23]?\b/);

    const { getDocumentProxy, extractText, getMeta } = await import('unpdf');
    const pdf = await getDocumentProxy(bytes);
    const meta = await getMeta(pdf);
    expect(meta.info.Title).toBe('Attestation de contributions — Camille Prof');
    expect(meta.info.Language).toBe('fr-FR');
    expect(await pdf.getMarkInfo()).toMatchObject({ Marked: true });
    const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
    expect(text).toContain('Attestation de contributions');
    expect(text).toContain('Réseau Tisserin atteste que Camille Prof a contribué');
    expect(text).toContain('pour un total de 3 h 30');
    expect(text).toContain('Animation d’atelier : 3 h 30 (2 contributions)');
    expect(text).toContain('confirmée par Dominique Fabmanager');
    expect(text).toContain(`http://localhost:3000${path}`);
    expect(text).not.toContain('Accueil des familles');

    // Its structure: a title, headings, lists, and the QR code as a figure with its text alternative.
    const roles: string[] = [];
    const alts: string[] = [];
    const walk = (node: { role?: string; alt?: string; children?: unknown[] }) => {
      if (node.role) {
        roles.push(node.role);
      }
      if (node.alt) {
        alts.push(node.alt);
      }
      for (const child of node.children ?? []) {
        walk(child as typeof node);
      }
    };
    for (let n = 1; n <= pdf.numPages; n++) {
      walk((await (await pdf.getPage(n)).getStructTree()) as never);
    }
    expect(roles).toContain('H1');
    expect(roles.filter((r) => r === 'H2').length).toBeGreaterThanOrEqual(3);
    expect(roles).toContain('L');
    expect(roles).toContain('LI');
    expect(roles).toContain('Figure');
    expect(alts.join(' ')).toContain(`Code QR menant à la page de vérification de l’attestation : http://localhost:3000${path}`);

    // Listed for its holder; personal data export holds it.
    expect(await (await teacher.client.get('/attestations/nouvelle')).text()).toContain(path);
    expect((await new TestClient(ctx).get('/attestations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
