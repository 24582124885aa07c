import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeRunBy, projectForm, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { queryRows } from '../../db/client.ts';
import { linkPlace } from '../communities/communities.service.ts';
import * as repo from './impact.repo.ts';

let ctx: TestContext;
let moderator: Awaited<ReturnType<typeof signedInMember>>;
let lyon: Awaited<ReturnType<typeof signedInMember>>;
let rennes: Awaited<ReturnType<typeof signedInMember>>;
let stranger: Awaited<ReturnType<typeof signedInMember>>;
let lyonPlace: string;
let rennesPlace: string;
let secondRennes: string;

const VITRE = { postcode: '35500', commune: 'Vitré', coordinates: '48.1236, -1.2084' };

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice' });
  lyon = await signedInMember(ctx, { displayName: 'Lina Lyon' });
  rennes = await signedInMember(ctx, { displayName: 'Rémi Rennes' });
  stranger = await signedInMember(ctx, { displayName: 'Sam Ailleurs' });
  lyonPlace = await placeRunBy(moderator, lyon, 'Fablab de Villeurbanne');
  rennesPlace = await placeRunBy(moderator, rennes, 'Médialab de Vitré', VITRE);
  secondRennes = await placeRunBy(moderator, rennes, 'Learning lab de Vitré', VITRE);
});
afterAll(async () => {
  await ctx?.close();
});

const LAST_YEAR = new Date().getFullYear() - 1;

async function enter(client: TestClient, slug: string, period: string, fields: Record<string, string>) {
  return client.post(
    `/impact/lieux/${slug}/saisir?periode=${period}`,
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [`f_${k}`, v])),
  );
}

const figureCount = async () =>
  (await queryRows<{ n: number }>(ctx.deps.db, sql`select count(*)::int as n from impact_figures`))[0]?.n ?? 0;

/** The network's totals as stored, and as recounted from every figure: they must agree. */
async function totalsAgree() {
  const stored = await queryRows<{ k: string; total: number; figures: number }>(
    ctx.deps.db,
    sql`select region_code || ' ' || indicator || ' ' || period as k, total::float8 as total, figures from impact_totals order by 1`,
  );
  await ctx.deps.db.transaction((tx) => repo.rebuildAll(tx));
  const rebuilt = await queryRows<{ k: string; total: number; figures: number }>(
    ctx.deps.db,
    sql`select region_code || ' ' || indicator || ' ' || period as k, total::float8 as total, figures from impact_totals order by 1`,
  );
  expect(stored).toEqual(rebuilt);
  return rebuilt;
}

describe('a place’s figures', () => {
  it('are entered by its team in one form, checked field by field, nothing saved on a mistake', async () => {
    const before = await figureCount();
    const bad = await enter(lyon.client, lyonPlace, String(LAST_YEAR), {
      visiteurs: 'beaucoup',
      seances: '-3',
      participants: '12,5',
      partenaires: '4',
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Écrivez un nombre, sans texte');
    expect(html).toContain('Un chiffre ne peut pas être négatif.');
    expect(html).toContain('un nombre entier');
    expect(html).toContain('value="beaucoup"');
    expect(await figureCount()).toBe(before);

    const ok = await enter(lyon.client, lyonPlace, String(LAST_YEAR), {
      visiteurs: '1 250',
      seances: '48',
      participants: '610',
      'public-scolaires': '320',
      'public-familles': '290',
      'heures-ouverture': '3 h 30',
      partenaires: '4',
    });
    expect(ok.status).toBe(303);
    const page = await (await lyon.client.get(`/impact/lieux/${lyonPlace}?annee=${LAST_YEAR}`)).text();
    expect(page).toContain('1\u202f250');
    expect(page).toContain('3,5 h');
    expect(page).toContain('Saisi');
    expect(page).toContain('Participants par public');
  });

  it('are prefilled for the next period from the one before', async () => {
    const form = await (await lyon.client.get(`/impact/lieux/${lyonPlace}/saisir?periode=${LAST_YEAR + 1}`)).text();
    expect(form).toContain(`Prérempli avec les chiffres de l’année ${LAST_YEAR}`);
    expect(form).toMatch(/name="f_visiteurs"[^>]*value="1250"/);
  });

  it('are the team’s own: another member cannot enter them', async () => {
    expect((await enter(stranger.client, lyonPlace, String(LAST_YEAR), { visiteurs: '9' })).status).toBe(403);
    expect((await stranger.client.get(`/impact/lieux/${lyonPlace}/saisir`)).status).toBe(403);
  });

  it('use one kind of period per indicator and year: a month after a year is refused', async () => {
    const res = await enter(lyon.client, lyonPlace, `${LAST_YEAR}-03`, { visiteurs: '100' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`une autre période (${LAST_YEAR})`);
  });
});

describe('importing a table of figures', () => {
  const upload = (client: TestClient, body: string, name = 'chiffres.csv', place?: string) => {
    const form = new FormData();
    form.set('fichier', new File([body], name, { type: 'text/csv' }));
    if (place) {
      form.set('lieu', place);
    }
    return client.post('/impact/import', form);
  };

  it('refuses wrong columns, text, negatives, a period twice and someone else’s place, row by row, saving nothing', async () => {
    const before = await figureCount();
    const columns = await upload(rennes.client, 'nom;annee;nombre\nx;2025;3\n');
    expect(columns.status).toBe(400);
    expect(await columns.text()).toContain('Colonnes manquantes');

    const csv = [
      'lieu;periode;indicateur;valeur',
      `${rennesPlace};${LAST_YEAR}-01;visiteurs;120`,
      `${rennesPlace};${LAST_YEAR}-02;visiteurs;douze`,
      `${rennesPlace};${LAST_YEAR}-03;visiteurs;-4`,
      `${rennesPlace};${LAST_YEAR}-01;visiteurs;130`,
      `${lyonPlace};${LAST_YEAR}-01;visiteurs;5`,
      `${rennesPlace};${LAST_YEAR}-13;visiteurs;5`,
      `${rennesPlace};${LAST_YEAR}-04;licornes;5`,
    ].join('\n');
    const res = await upload(rennes.client, csv);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('6 lignes refusées');
    expect(html).toMatch(/<th scope="row">3<\/th><td>valeur<\/td><td>Écrivez un nombre/);
    expect(html).toMatch(/<th scope="row">4<\/th><td>valeur<\/td><td>Un chiffre ne peut pas être négatif/);
    expect(html).toMatch(/<th scope="row">5<\/th><td>periode<\/td><td>Ce chiffre est déjà dans le fichier \(ligne 2\)/);
    expect(html).toMatch(/<th scope="row">6<\/th><td>lieu<\/td><td>Vous ne faites pas partie de l’équipe/);
    expect(html).toContain(`« ${LAST_YEAR}-13 » n’est pas une période`);
    expect(html).toContain('« licornes » n’est pas un indicateur connu');
    expect(await figureCount()).toBe(before);

    const binary = await upload(rennes.client, 'PK\u0003\u0004\u0000\u0000binaire', 'tableau.csv');
    expect(binary.status).toBe(400);
    expect(await binary.text()).toContain('n’est pas un tableau CSV');
  });

  it('imports a right table, by month, in Windows-1252 with commas, and the totals follow', async () => {
    const rows = ['periode,indicateur,valeur'];
    for (let m = 1; m <= 12; m++) {
      rows.push(`${LAST_YEAR}-${String(m).padStart(2, '0')},visiteurs,${m * 10}`);
    }
    rows.push(`${LAST_YEAR},participants,"1 000"`);
    rows.push(`T2 ${LAST_YEAR},heures-ouverture,"310,5"`);
    const latin1 = Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1');
    const form = new FormData();
    form.set('fichier', new File([latin1], 'export-tableur.csv', { type: 'text/csv' }));
    form.set('lieu', rennesPlace);
    const res = await rennes.client.post('/impact/import', form);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.text()).toContain('14 chiffres importés');
    const page = await (await rennes.client.get(`/impact/lieux/${rennesPlace}?annee=${LAST_YEAR}`)).text();
    expect(page).toContain('780');

    await enter(rennes.client, secondRennes, String(LAST_YEAR), { visiteurs: '20' });
    const rebuilt = await totalsAgree();
    // Brittany (53) holds 780 + 20 visitors; the network adds Villeurbanne's 1,250.
    expect(rebuilt.find((r) => r.k === `53 visiteurs ${LAST_YEAR}`)).toMatchObject({ total: 800, figures: 13 });
    expect(rebuilt.find((r) => r.k === `53 visiteurs ${LAST_YEAR}-T1`)).toMatchObject({ total: 60, figures: 3 });
    const network = await (await new TestClient(ctx).get(`/impact/rapport.csv?annee=${LAST_YEAR}`)).text();
    expect(network).toMatch(/Visiteurs accueillis;visiteurs;Saisi;nombre;[^\n]*2050/);
  });
});

describe('public figures', () => {
  it('roll up: the network equals the sum of its regions, each region the sum of its places', async () => {
    const sums = await queryRows<{ indicator: string; total: number }>(
      ctx.deps.db,
      sql`select f.indicator, sum(f.value)::float8 as total from impact_figures f where f.year = ${LAST_YEAR} group by 1`,
    );
    const network = await repo.totals(ctx.deps.db, [LAST_YEAR]);
    for (const s of sums) {
      expect(network.find((n) => n.indicator === s.indicator && n.period === String(LAST_YEAR))?.total, s.indicator).toBe(s.total);
    }
    const regions = await queryRows<{ indicator: string; total: number }>(
      ctx.deps.db,
      sql`select indicator, sum(total)::float8 as total from impact_totals where period = ${String(LAST_YEAR)} group by 1`,
    );
    expect(regions.map((r) => [r.indicator, r.total]).sort()).toEqual(sums.map((s) => [s.indicator, s.total]).sort());
    const html = await (await new TestClient(ctx).get(`/impact?annee=${LAST_YEAR}`)).text();
    expect(html).toContain('2\u202f050');
  });

  it('leave out a place that hides its figures, and take it back when shown again', async () => {
    expect((await stranger.client.post(`/impact/lieux/${lyonPlace}/visibilite`, { public: '' })).status).toBe(403);
    expect((await lyon.client.post(`/impact/lieux/${lyonPlace}/visibilite`, { public: '' })).status).toBe(303);
    const hidden = await (await new TestClient(ctx).get(`/impact/rapport.csv?annee=${LAST_YEAR}`)).text();
    expect(hidden).toMatch(/Visiteurs accueillis;visiteurs;Saisi;nombre;[^\n]*;800/);
    expect((await new TestClient(ctx).get(`/impact/lieux/${lyonPlace}`)).status).toBe(404);
    expect(await (await lyon.client.get(`/impact/lieux/${lyonPlace}?annee=${LAST_YEAR}`)).text()).toContain('Ces chiffres sont masqués');
    await totalsAgree();
    expect((await lyon.client.post(`/impact/lieux/${lyonPlace}/visibilite`, { public: 'on' })).status).toBe(303);
    expect(await (await new TestClient(ctx).get(`/impact/rapport.csv?annee=${LAST_YEAR}`)).text()).toMatch(/;2050/);
  });

  it('follow a place that moves region or stops being published', async () => {
    const placeId = (await queryRows<{ id: string }>(ctx.deps.db, sql`select id from places where slug = ${secondRennes}`))[0]?.id;
    await ctx.deps.db.execute(sql`update places set status = 'pending' where id = ${placeId}`);
    await ctx.deps.changes.publish('places');
    expect(await (await new TestClient(ctx).get(`/impact/rapport.csv?annee=${LAST_YEAR}`)).text()).toMatch(/;2030/);
    await ctx.deps.db.execute(sql`update places set status = 'published', region_code = '11' where id = ${placeId}`);
    await ctx.deps.changes.publish('places');
    await new TestClient(ctx).get(`/impact/regions/11?annee=${LAST_YEAR}`);
    const rebuilt = await totalsAgree();
    expect(rebuilt.find((r) => r.k === `11 visiteurs ${LAST_YEAR}`)).toMatchObject({ total: 20, figures: 1 });
    expect(rebuilt.find((r) => r.k === `53 visiteurs ${LAST_YEAR}`)).toMatchObject({ total: 780 });
  });

  it('show computed figures equal to what the agenda, recognition and listening hold', async () => {
    const placeId = (await queryRows<{ id: string }>(ctx.deps.db, sql`select id from places where slug = ${rennesPlace}`))[0]?.id as string;
    // A confirmed contribution of 2 h 30 at the place, last year.
    await ctx.deps.db.execute(sql`insert into contributions (member_id, kind, started_on, minutes, place_id, description, status)
      values (${rennes.member.id}, 'animation', ${`${LAST_YEAR}-05-14`}, 150, ${placeId}, 'Atelier robots', 'confirmed'),
             (${rennes.member.id}, 'animation', ${`${LAST_YEAR}-05-15`}, 60, ${placeId}, 'Atelier en attente', 'pending')`);
    const page = await (await rennes.client.get(`/impact/lieux/${rennesPlace}?annee=${LAST_YEAR}`)).text();
    const held = await queryRows<{ n: number; minutes: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n, sum(minutes)::int as minutes from contributions where place_id = ${placeId} and status = 'confirmed' and extract(year from started_on) = ${LAST_YEAR}`,
    );
    expect(held[0]).toEqual({ n: 1, minutes: 150 });
    expect(page).toMatch(
      /<strong>2,5 h<\/strong><span>Heures de contribution reconnues<\/span><span class="tag badge-info">Calculé<\/span>/,
    );
    expect(page).toMatch(/<strong>1<\/strong><span>Contributions confirmées<\/span>/);
  });

  it('show computed figures equal to what the agenda and the documented projects hold', async () => {
    const placeId = (await queryRows<{ id: string }>(ctx.deps.db, sql`select id from places where slug = ${rennesPlace}`))[0]?.id as string;
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const event = await rennes.client.post('/agenda/nouveau', {
      title: 'Atelier robots',
      kind: 'atelier',
      description: 'Des robots à programmer, dès 10 ans.',
      placeSlug: rennesPlace,
      attendanceMode: 'onsite',
      atPlace: 'on',
      firstDate: soon,
      startTime: '14:00',
      endTime: '16:00',
      repeat: 'weekly',
      until: new Date(Date.now() + 24 * 86_400_000).toISOString().slice(0, 10),
      free: 'on',
      registration: 'here',
      capacity: '12',
      reserved: '0',
    });
    expect(event.status, await event.clone().text()).toBe(303);
    // Held already: the fixture moves the first two sessions to the days just gone (the form takes dates to come).
    await ctx.deps.db.execute(sql`update event_sessions s set starts_at = now() - (interval '1 day' * rn), ends_at = now() - (interval '1 day' * rn) + interval '2 hours'
      from (select s2.id, row_number() over (order by s2.starts_at) as rn from event_sessions s2 join events e on e.id = s2.event_id where e.place_id = ${placeId}) o
      where s.id = o.id and o.rn <= 2`);
    const project = await rennes.client.post('/projets/nouveau', projectForm({ title: 'Des robots au médialab', places: [placeId] }));
    expect(project.status, await project.clone().text()).toBe(303);

    const year = new Date().getFullYear();
    const [held] = await queryRows<{ sessions: number; projects: number }>(
      ctx.deps.db,
      sql`select (select count(*)::int from event_sessions s join events e on e.id = s.event_id
                   where e.place_id = ${placeId} and s.status = 'scheduled' and s.starts_at <= now()
                     and extract(year from s.starts_at at time zone 'Europe/Paris') = ${year}) as sessions,
                 (select count(*)::int from document_links l join documents d on d.id = l.document_id
                   where l.target_type = 'place' and l.target_id = ${placeId} and d.kind = 'project' and d.published_at is not null) as projects`,
    );
    const page = await (await rennes.client.get(`/impact/lieux/${rennesPlace}?annee=${year}`)).text();
    // Two sessions held this year (unless the first days of January moved one into last year).
    expect(page).toContain(`<strong>${held?.sessions}</strong><span>Séances de l’agenda tenues</span>`);
    expect(held?.projects).toBe(1);
    expect(page).toContain('<strong>1</strong><span>Projets publiés sur Tisserin</span>');
  });

  it('sum a community’s places, and give a CSV and a one-page PDF for a funder', async () => {
    const res = await rennes.client.post('/communautes/nouvelle', {
      name: 'Lieux de Vitré',
      scale: 'local',
      scaleCode: '',
      oneLiner: 'Les lieux éducatifs de Vitré ensemble.',
      objectives: 'Se retrouver.',
      activities: '',
      expertises: ['numerique'],
      domains: ['jeunesse-sports'],
      joinPolicy: 'open',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const slug = (res.headers.get('location') ?? '').replace('/communautes/', '');
    // Its referent adds the place by pasting its page's address; an unknown one is refused.
    const unknown = await rennes.client.post(`/communautes/${slug}/lieux`, { lieu: 'http://localhost:3000/lieux/nulle-part' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Aucun lieu publié à cette adresse');
    expect((await stranger.client.post(`/communautes/${slug}/lieux`, { lieu: rennesPlace })).status).toBe(403);
    expect((await rennes.client.post(`/communautes/${slug}/lieux`, { lieu: `http://localhost:3000/lieux/${rennesPlace}` })).status).toBe(
      303,
    );
    expect(await (await rennes.client.get(`/communautes/${slug}/membres`)).text()).toContain('Médialab de Vitré');
    const html = await (await new TestClient(ctx).get(`/impact/communautes/${slug}?annee=${LAST_YEAR}`)).text();
    expect(html).toContain('Impact de la communauté Lieux de Vitré');
    expect(html).toContain('780');

    const pdfRes = await new TestClient(ctx).get(`/impact/communautes/${slug}/rapport.pdf?annee=${LAST_YEAR}`);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const { getDocumentProxy, extractText, getMeta } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(await pdfRes.arrayBuffer()));
    expect(pdf.numPages).toBe(1);
    expect((await getMeta(pdf)).info.Language).toBe('fr-FR');
    const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
    expect(text).toContain('Impact de la communauté Lieux de Vitré');
    expect(text).toContain('Visiteurs accueillis : 780 (saisi)');
    expect(text).toContain('Heures de contribution reconnues : 2,5 h (calculé)');
  });

  it('draws the network on a map and in charts, each with a title, a description and its table', async () => {
    const html = await (await new TestClient(ctx).get(`/impact?annee=${LAST_YEAR}`)).text();
    expect(html).toContain('<title id="carte-lieux-titre">Les lieux du réseau par région</title>');
    expect(html).toMatch(/<desc id="carte-lieux-desc">Carte de la France métropolitaine[^<]*Bretagne : 1/);
    expect(html).toContain('<caption>Lieux publiés par région</caption>');
    expect(html).toContain('<title id="reseau-visiteurs-titre">Visiteurs accueillis, par année</title>');
    expect((await new TestClient(ctx).get('/impact/regions/99')).status).toBe(404);
    expect((await new TestClient(ctx).get('/impact?annee=1850')).status).toBe(404);
  });
});

describe('a community’s own indicators', () => {
  it('are defined by its referents, asked in its places’ form, summed on its dashboard, and removed with their figures', async () => {
    const res = await rennes.client.post('/communautes/nouvelle', {
      name: 'Écoles numériques de Vitré',
      scale: 'local',
      scaleCode: '',
      oneLiner: 'Les écoles et leurs lieux numériques.',
      objectives: 'Accueillir des classes.',
      activities: '',
      expertises: ['numerique'],
      domains: ['jeunesse-sports'],
      joinPolicy: 'open',
    });
    const slug = (res.headers.get('location') ?? '').replace('/communautes/', '');
    const community = (await queryRows<{ id: string }>(ctx.deps.db, sql`select id from communities where slug = ${slug}`))[0]?.id as string;
    const placeId = (await queryRows<{ id: string }>(ctx.deps.db, sql`select id from places where slug = ${rennesPlace}`))[0]?.id as string;
    await linkPlace(ctx.deps, rennes.member.viewer, community, placeId, true);

    expect((await stranger.client.get(`/impact/communautes/${slug}/indicateurs`)).status).toBe(403);
    const bad = await rennes.client.post(`/impact/communautes/${slug}/indicateurs`, { label: 'x', unit: 'litres' });
    expect(bad.status).toBe(400);
    expect(
      (await rennes.client.post(`/impact/communautes/${slug}/indicateurs`, { label: 'Heures d’ouverture aux scolaires', unit: 'hours' }))
        .status,
    ).toBe(303);
    const twice = await rennes.client.post(`/impact/communautes/${slug}/indicateurs`, {
      label: 'heures d’ouverture aux scolaires',
      unit: 'hours',
    });
    expect(await twice.text()).toContain('Cet indicateur existe déjà.');

    const form = await (await rennes.client.get(`/impact/lieux/${rennesPlace}/saisir?periode=${LAST_YEAR}`)).text();
    expect(form).toContain('Heures d’ouverture aux scolaires (Écoles numériques de Vitré)');
    const field = /name="(f_c-[0-9a-f-]{36})"/.exec(form)?.[1] as string;
    expect((await rennes.client.post(`/impact/lieux/${rennesPlace}/saisir?periode=${LAST_YEAR}`, { [field]: '120,5' })).status).toBe(303);
    const dashboard = await (await new TestClient(ctx).get(`/impact/communautes/${slug}?annee=${LAST_YEAR}`)).text();
    expect(dashboard).toMatch(/Heures d’ouverture aux scolaires<\/th><td>Saisi<\/td><td>—<\/td><td>—<\/td><td>120,5 h<\/td>/);
    await totalsAgree();

    const id = field.slice('f_c-'.length);
    expect((await rennes.client.post(`/impact/communautes/${slug}/indicateurs/${id}/retirer`)).status).toBe(303);
    const left = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from impact_figures where indicator = ${`c-${id}`}`,
    );
    expect(left[0]?.n).toBe(0);
    await totalsAgree();
  });
});
