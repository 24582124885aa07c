import { and, desc, eq, like, sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeRunBy, projectForm, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { outbox } from '../mail/mail.schema.ts';
import { notifications } from '../social/social.schema.ts';
import { type AgendaFilters, searchAgenda } from './events.agenda.ts';
import { eventSessions } from './events.schema.ts';
import { sendDueReminders } from './events.service.ts';

let ctx: TestContext;
let fabmanager: Awaited<ReturnType<typeof signedInMember>>;
let moderator: Awaited<ReturnType<typeof signedInMember>>;
let placeSlug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice' });
  fabmanager = await signedInMember(ctx, { displayName: 'Fabienne Fabmanager' });
  placeSlug = await placeRunBy(moderator, fabmanager, 'Fablab du collège Agenda');
});
afterAll(async () => {
  await ctx?.close();
});

/** A date `days` from now, as the form sends it. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const eventForm = (overrides: Record<string, string | string[]> = {}) => ({
  title: 'Atelier découpe laser',
  kind: 'atelier',
  description: 'On découpe des porte-clés en bois, à partir de 11 ans.',
  placeSlug,
  attendanceMode: 'onsite',
  atPlace: 'on',
  firstDate: inDays(10),
  startTime: '14:00',
  endTime: '16:00',
  repeat: 'none',
  free: 'on',
  registration: 'here',
  capacity: '3',
  reserved: '1',
  waitlist: 'on',
  ...overrides,
});

/** The details of the event form alone (what the edit form sends). */
const eventFormDetails = (overrides: Record<string, string | string[]> = {}) => {
  const {
    firstDate: _f,
    startTime: _s,
    endTime: _e,
    repeat: _r,
    capacity: _c,
    reserved: _re,
    waitlist: _w,
    ...details
  } = eventForm(overrides);
  return details;
};

async function createEvent(overrides: Record<string, string | string[]> = {}) {
  const res = await fabmanager.client.post('/agenda/nouveau', eventForm(overrides));
  expect(res.status, await res.clone().text()).toBe(303);
  const slug = (res.headers.get('location') ?? '').replace('/agenda/', '');
  const page = await (await fabmanager.client.get(`/agenda/${slug}/gerer`)).text();
  const sessionIds = [...page.matchAll(/\/seances\/([0-9a-f-]{36})\/deplacer/g)].map((m) => m[1] as string);
  return { slug, sessionIds };
}

async function register(
  client: Awaited<ReturnType<typeof signedInMember>>['client'],
  slug: string,
  sessionId: string,
  fields: Record<string, string> = {},
) {
  return client.post(`/agenda/${slug}/seances/${sessionId}/inscription`, fields);
}

async function mailsTo(email: string) {
  return ctx.deps.db.select().from(outbox).where(eq(outbox.toAddress, email)).orderBy(desc(outbox.createdAt));
}

describe('registering to a session', () => {
  it('fills the places offered (capacity minus reserved), then the waiting list, promoted in order when someone cancels', async () => {
    const { slug, sessionIds } = await createEvent();
    const session = sessionIds[0] ?? '';
    const people = await Promise.all([1, 2, 3, 4].map((n) => signedInMember(ctx, { displayName: `Participant ${n}` })));
    const [a, b, c, d] = people as [(typeof people)[number], (typeof people)[number], (typeof people)[number], (typeof people)[number]];
    // 3 places, 1 kept for the organisers: two are offered.
    for (const p of [a, b]) {
      const res = await register(p.client, slug, session);
      expect(res.status).toBe(303);
    }
    expect(await (await a.client.get(`/agenda/${slug}`)).text()).toContain('Vous êtes inscrit·e.');
    const confirmation = (await mailsTo(a.member.email))[0];
    expect(confirmation?.subject).toBe('Inscription confirmée : Atelier découpe laser');
    expect(confirmation?.textBody).toMatch(/\/agenda\/annulation\/[A-Za-z0-9_-]{20,}/);
    // The .ics attached reads in an independent parser as the session, at 14:00 in Paris.
    const attached = confirmation?.attachments?.[0];
    expect(attached?.filename).toBe('evenement.ics');
    const vevent = new ICAL.Component(ICAL.parse(attached?.content ?? '')).getFirstSubcomponent('vevent');
    expect(vevent?.getFirstPropertyValue('summary')).toBe('Atelier découpe laser');
    expect(String(vevent?.getFirstProperty('dtstart')?.getParameter('tzid'))).toBe('Europe/Paris');
    expect(String(vevent?.getFirstPropertyValue('dtstart'))).toMatch(/T14:00:00$/);

    // Full: the next two wait, in order.
    for (const p of [c, d]) {
      expect((await register(p.client, slug, session)).status).toBe(303);
    }
    expect(await (await c.client.get(`/agenda/${slug}`)).text()).toContain('liste d’attente (position 1)');
    expect(await (await d.client.get(`/agenda/${slug}`)).text()).toContain('liste d’attente (position 2)');
    expect((await mailsTo(c.member.email))[0]?.subject).toBe('Liste d’attente : Atelier découpe laser');

    // A cancels through the link of her e-mail (no sign-in): C, first in line, gets the place and is told.
    const link = confirmation?.textBody?.match(/\/agenda\/annulation\/([A-Za-z0-9_-]+)/)?.[1] ?? '';
    const anonymous = new TestClient(ctx);
    expect(await (await anonymous.get(`/agenda/annulation/${link}`)).text()).toContain('Voulez-vous vraiment annuler');
    expect((await anonymous.post(`/agenda/annulation/${link}`, {})).status).toBe(303);
    expect((await mailsTo(c.member.email))[0]?.subject).toBe('Une place s’est libérée : Atelier découpe laser');
    expect(await (await c.client.get(`/agenda/${slug}`)).text()).toContain('Vous êtes inscrit·e.');
    expect(await (await d.client.get(`/agenda/${slug}`)).text()).toContain('liste d’attente (position 1)');
    // A second use of the link says so.
    expect(await (await anonymous.get(`/agenda/annulation/${link}`)).text()).toContain('déjà annulée');

    // The organiser sees names (never addresses) and exports them.
    const manage = await (await fabmanager.client.get(`/agenda/${slug}/gerer`)).text();
    expect(manage).toContain('Participant 2');
    expect(manage).not.toContain(b.member.email);
    const csv = await (await fabmanager.client.get(`/agenda/${slug}/inscrits.csv`)).text();
    expect(csv.split('\n')[0]).toContain('Séance;Nom;Places;Statut');
    expect(csv).toContain('Participant 3');
    expect(csv).not.toContain('@example.org');
  });

  it('gives the last place to exactly one of two people asking at the same instant; the other waits', async () => {
    const { slug, sessionIds } = await createEvent({ title: 'Atelier robotique', capacity: '2', reserved: '1' });
    const session = sessionIds[0] ?? '';
    const [x, y] = await Promise.all([signedInMember(ctx), signedInMember(ctx)]);
    const answers = await Promise.all([register(x.client, slug, session), register(y.client, slug, session)]);
    expect(answers.map((r) => r.status)).toEqual([303, 303]);
    const flashes = answers.map((r) => r.headers.get('location'));
    expect(flashes).toEqual([`/agenda/${slug}`, `/agenda/${slug}`]);
    const statuses = await Promise.all(
      [x, y].map(async (p) =>
        (await (await p.client.get(`/agenda/${slug}`)).text()).includes('Vous êtes inscrit·e.') ? 'confirmed' : 'waiting',
      ),
    );
    expect(statuses.sort()).toEqual(['confirmed', 'waiting']);
  });

  it('refuses a full session without a waiting list, a second registration, and too many guests — with a message', async () => {
    const { slug, sessionIds } = await createEvent({ title: 'Atelier sans attente', capacity: '2', reserved: '0', waitlist: '' });
    const session = sessionIds[0] ?? '';
    const [x, y, z] = await Promise.all([signedInMember(ctx), signedInMember(ctx), signedInMember(ctx)]);
    const tooMany = await register(x.client, slug, session, { guests: '5' });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('La séance n’offre que 2 places en tout');
    expect((await register(x.client, slug, session, { guests: '1' })).status).toBe(303);
    const again = await register(x.client, slug, session);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('déjà inscrit');
    const full = await register(y.client, slug, session);
    expect(full.status).toBe(409);
    expect(await full.text()).toContain('complète et n’a pas de liste d’attente');
    expect(z).toBeTruthy();
  });
});

describe('organisers change their event', () => {
  it('cancelling a session tells its registrants, with a cancelled calendar entry; it stays on the agenda as cancelled', async () => {
    const { slug, sessionIds } = await createEvent({ title: 'Atelier annulé', repeat: 'weekly', until: inDays(30) });
    expect(sessionIds.length).toBe(3);
    const p = await signedInMember(ctx);
    expect((await register(p.client, slug, sessionIds[0] ?? '')).status).toBe(303);
    const res = await fabmanager.client.post(`/agenda/${slug}/seances/${sessionIds[0]}/annuler`, {});
    expect(res.status).toBe(303);
    const mail = (await mailsTo(p.member.email))[0];
    expect(mail?.subject).toBe('Séance annulée : Atelier annulé');
    const vevent = new ICAL.Component(ICAL.parse(mail?.attachments?.[0]?.content ?? '')).getFirstSubcomponent('vevent');
    expect(vevent?.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(Number(vevent?.getFirstPropertyValue('sequence'))).toBeGreaterThan(0);
    const agenda = await (await ctx.app.request('/agenda')).text();
    expect(agenda).toContain('Atelier annulé');
    expect(agenda).toContain('Annulé');
    // Someone else cannot cancel it, nor register to it.
    const other = await signedInMember(ctx);
    expect((await other.client.post(`/agenda/${slug}/seances/${sessionIds[1]}/annuler`, {})).status).toBe(403);
    expect((await register(other.client, slug, sessionIds[0] ?? '')).status).toBe(409);
  });

  it('cancelling the event keeps it, tells registrants, and its .ics answers 410 with a message', async () => {
    const { slug, sessionIds } = await createEvent({ title: 'Portes ouvertes annulées', kind: 'portes-ouvertes' });
    const p = await signedInMember(ctx);
    await register(p.client, slug, sessionIds[0] ?? '');
    expect((await fabmanager.client.get(`/agenda/${slug}/calendrier.ics`)).status).toBe(200);
    expect((await fabmanager.client.post(`/agenda/${slug}/statut`, { status: 'cancelled' })).status).toBe(303);
    expect((await mailsTo(p.member.email))[0]?.subject).toBe('Événement annulé : Portes ouvertes annulées');
    expect(await (await ctx.app.request(`/agenda/${slug}`)).text()).toContain('Cet événement est annulé');
    const ics = await ctx.app.request(`/agenda/${slug}/calendrier.ics`);
    expect(ics.status).toBe(410);
    expect(await ics.text()).toContain('Cet événement est annulé');
    expect((await ctx.app.request('/agenda/nexiste-pas/calendrier.ics')).status).toBe(404);
  });

  it('moving a session to a bigger room promotes the waiting list, and tells registrants of the new time', async () => {
    const { slug, sessionIds } = await createEvent({ title: 'Atelier déplacé', capacity: '2', reserved: '1' });
    const session = sessionIds[0] ?? '';
    const [x, y] = await Promise.all([signedInMember(ctx), signedInMember(ctx)]);
    await register(x.client, slug, session);
    await register(y.client, slug, session);
    const res = await fabmanager.client.post(`/agenda/${slug}/seances/${session}/deplacer`, {
      date: inDays(12),
      startTime: '10:00',
      endTime: '12:00',
      capacity: '4',
      reserved: '1',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    expect((await mailsTo(y.member.email))[0]?.subject).toBe('Une place s’est libérée : Atelier déplacé');
    expect((await mailsTo(x.member.email))[0]?.subject).toBe('Changement d’horaire : Atelier déplacé');
    expect((await mailsTo(x.member.email))[0]?.textBody).toContain('10 h – 12 h');
    // A capacity below those registered is refused, with the form kept.
    const below = await fabmanager.client.post(`/agenda/${slug}/seances/${session}/deplacer`, {
      date: inDays(12),
      startTime: '10:00',
      endTime: '12:00',
      capacity: '2',
      reserved: '1',
    });
    expect(below.status).toBe(400);
    expect(await below.text()).toContain('Plus de personnes sont déjà inscrites');
  });

  it('the day before, registrants get a reminder, once', async () => {
    const { slug, sessionIds } = await createEvent({ title: 'Atelier de demain', firstDate: inDays(3) });
    const p = await signedInMember(ctx);
    await register(p.client, slug, sessionIds[0] ?? '');
    const [session] = await ctx.deps.db
      .select()
      .from(eventSessions)
      .where(eq(eventSessions.id, sessionIds[0] ?? ''));
    const sixHoursBefore = new Date((session?.startsAt.getTime() ?? 0) - 6 * 3_600_000);
    // Two days before: not yet. Six hours before: once, however often the job runs.
    await sendDueReminders(ctx.deps, new Date((session?.startsAt.getTime() ?? 0) - 48 * 3_600_000));
    await sendDueReminders(ctx.deps, sixHoursBefore);
    await sendDueReminders(ctx.deps, sixHoursBefore);
    const reminders = await ctx.deps.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, p.member.email), like(outbox.subject, 'C’est demain%')));
    expect(reminders.length).toBe(1);
  });
});

describe('where events show', () => {
  it('on the page of the place that organises them, as soon as they are published (its cached page is renewed)', async () => {
    await ctx.app.request(`/lieux/${placeSlug}`); // cached for visitors
    await createEvent({ title: 'Visite guidée du fablab', kind: 'visite', firstDate: inDays(2), startTime: '08:00', endTime: '09:00' });
    const page = await (await ctx.app.request(`/lieux/${placeSlug}`)).text();
    expect(page).toContain('Agenda du lieu');
    expect(page).toContain('Visite guidée du fablab');
    expect(page).toContain(`/agenda.ics?lieu=${placeSlug}`);
    const filtered = await (await ctx.app.request(`/agenda?lieu=${placeSlug}&type=visite`)).text();
    expect(filtered).toContain('Visite guidée du fablab');
    expect(filtered).not.toContain('Atelier robotique');
    // The map of what is on places it (its place has coordinates), with the same list for those without JavaScript.
    const map = await (await ctx.app.request(`/agenda/carte?lieu=${placeSlug}&type=visite`)).text();
    expect(map).toContain('data-map="points"');
    expect(map).toContain('1 événement sur la carte');
    expect(map).toMatch(/href="\/agenda\/visite-guidee-du-fablab[^"]*"/);
    expect(await (await ctx.app.request('/agenda/carte?type=visite&region=01')).text()).toContain('Rien à placer sur la carte');
  });

  it('on the pages of the projects its authors link it to, and on the organiser’s page', async () => {
    const created = await fabmanager.client.post('/projets/nouveau', projectForm({ title: 'Une station météo au collège' }));
    expect(created.status, await created.clone().text()).toBe(303);
    const projectPath = (created.headers.get('location') ?? '').split('?')[0] ?? '';
    const projectSlug = projectPath.replace('/projets/', '');
    await ctx.app.request(projectPath); // cached for visitors
    // Someone else's project cannot be linked.
    const other = await signedInMember(ctx, { displayName: 'Olivier Autre' });
    const refused = await other.client.post(
      '/agenda/nouveau',
      eventForm({ placeSlug: '', atPlace: '', commune: 'Rennes', projects: projectSlug }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Seuls les auteurs d’un projet');
    const { slug } = await createEvent({ title: 'Montage de la station météo', projects: projectSlug, firstDate: inDays(1) });
    expect(await (await ctx.app.request(`/agenda/${slug}`)).text()).toContain(`href="${projectPath}"`);
    const project = await (await ctx.app.request(projectPath)).text();
    expect(project).toContain('Événements autour de ce projet');
    expect(project).toContain(`/agenda/${slug}`);
    const result = (await ctx.deps.db.execute(sql`select slug from profiles where user_id = ${fabmanager.member.id}`)) as unknown as {
      rows: Array<{ slug: string }>;
    };
    const [profile] = result.rows;
    const member = await fabmanager.client.get(`/membres/${profile?.slug}`);
    expect(member.status).toBe(200);
    const memberPage = await member.text();
    expect(memberPage).toContain('Événements qu’organise Fabienne Fabmanager');
    expect(memberPage).toContain('Montage de la station météo');
  });

  it('with a photo, checked by content and described; removed on request', async () => {
    const { default: sharp } = await import('sharp');
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#c05020' } })
      .jpeg()
      .toBuffer();
    const withCover = (file: Blob, fields: Record<string, string>) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(eventForm(fields))) {
        form.set(k, String(v));
      }
      form.set('cover', file, 'photo.jpg');
      return form;
    };
    const fake = await fabmanager.client.post(
      '/agenda/nouveau',
      withCover(new Blob(['<svg/>']), { title: 'Atelier à la fausse photo', coverAlt: 'x' }),
    );
    expect(fake.status).toBe(400);
    expect(await fake.text()).toContain('value="Atelier à la fausse photo"');
    const noAlt = await fabmanager.client.post(
      '/agenda/nouveau',
      withCover(new Blob([new Uint8Array(jpeg)]), { title: 'Atelier photo sans description' }),
    );
    expect(noAlt.status).toBe(400);
    expect(await noAlt.text()).toContain('Décrivez la photo en quelques mots.');
    expect((await ctx.app.request('/agenda/atelier-a-la-fausse-photo')).status).toBe(404);

    const res = await fabmanager.client.post(
      '/agenda/nouveau',
      withCover(new Blob([new Uint8Array(jpeg)]), { title: 'Atelier photo de classe', coverAlt: 'Des élèves autour de la découpeuse' }),
    );
    expect(res.status, await res.clone().text()).toBe(303);
    const slug = (res.headers.get('location') ?? '').replace('/agenda/', '');
    const page = await (await ctx.app.request(`/agenda/${slug}`)).text();
    const src = /<img class="event-cover" src="(\/uploads\/[^"]+\.webp)" alt="Des élèves autour de la découpeuse"/.exec(page)?.[1];
    expect(src).toBeTruthy();
    const image = await ctx.app.request(src ?? '');
    expect(image.status).toBe(200);
    expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).format).toBe('webp');
    expect(await (await ctx.app.request(`/agenda?lieu=${placeSlug}`)).text()).toContain(`${(src ?? '').replace('.webp', '-thumb.webp')}`);

    const edit = await fabmanager.client.get(`/agenda/${slug}/modifier`);
    expect(await edit.text()).toContain('Retirer la photo');
    const removed = await fabmanager.client.post(`/agenda/${slug}/modifier`, {
      ...eventFormDetails({ title: 'Atelier photo de classe' }),
      removeCover: 'on',
    });
    expect(removed.status, await removed.clone().text()).toBe(303);
    expect(await (await ctx.app.request(`/agenda/${slug}`)).text()).not.toContain('/uploads/');
    expect((await ctx.app.request(src ?? '')).status).toBe(404);
  });

  it('in the one search while they are to come, and no longer once cancelled', async () => {
    const { slug } = await createEvent({ title: 'Initiation à la brodeuse numérique', kind: 'atelier' });
    const found = await (await ctx.app.request('/recherche?q=brodeuse+num%C3%A9rique')).text();
    expect(found).toContain(`href="/agenda/${slug}"`);
    expect(found).toContain('Événement');
    expect((await fabmanager.client.post(`/agenda/${slug}/statut`, { status: 'cancelled' })).status).toBe(303);
    const gone = await (await ctx.app.request('/recherche?q=brodeuse+num%C3%A9rique')).text();
    expect(gone).not.toContain(`href="/agenda/${slug}"`);
  });
});

describe('bad input', () => {
  it('end before start, a session in the past, capacity 0, a rule of too many sessions: each a clear message, nothing saved', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ endTime: '13:00' }, 'La fin doit venir après le début.'],
      [{ firstDate: inDays(-3) }, 'déjà passée'],
      [{ capacity: '0' }, 'Capacité'],
      [{ capacity: '-4' }, 'Capacité'],
      [{ repeat: 'daily', until: inDays(700) }, 'séances ; un événement en a 200 au plus'],
      [{ repeat: 'weekly', until: '' }, 'donnez la date de fin'],
      [{ except: 'Noël' }, 'Ces dates ne peuvent pas être lues : Noël'],
    ];
    for (const [fields, message] of cases) {
      const title = `Événement refusé ${Math.random().toString(36).slice(2, 8)}`;
      const res = await fabmanager.client.post('/agenda/nouveau', eventForm({ title, ...fields }));
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const html = await res.text();
      expect(html, JSON.stringify(fields)).toContain(message);
      expect(html).toContain(title); // what was typed is kept
      expect(await (await ctx.app.request('/agenda')).text()).not.toContain(title);
    }
  });
});

describe('co-organisers', () => {
  it('are added by address without saying whether it has an account, organise, are named on the page, and leave', async () => {
    const { slug } = await createEvent({ title: 'Atelier à deux voix' });
    const colleague = await signedInMember(ctx, { displayName: 'Corinne Co-organisatrice' });
    expect((await colleague.client.get(`/agenda/${slug}/gerer`)).status).toBe(403);
    const unknown = await fabmanager.client.post(`/agenda/${slug}/organisateurs`, { email: 'personne@example.org' });
    const known = await fabmanager.client.post(`/agenda/${slug}/organisateurs`, { email: colleague.member.email.toUpperCase() });
    // The same answer either way: an address says nothing of who has an account.
    expect([unknown.status, known.status]).toEqual([303, 303]);
    expect(unknown.headers.get('location')).toBe(known.headers.get('location'));
    expect((await fabmanager.client.post(`/agenda/${slug}/organisateurs`, { email: 'pas une adresse' })).status).toBe(400);
    const manage = await colleague.client.get(`/agenda/${slug}/gerer`);
    expect(manage.status).toBe(200);
    expect(await manage.text()).not.toContain(colleague.member.email);
    const told = await ctx.deps.db.select().from(notifications).where(eq(notifications.userId, colleague.member.id));
    expect(told.some((n) => n.kind === 'event.organiser')).toBe(true);
    expect(await (await ctx.app.request(`/agenda/${slug}`)).text()).toContain('Corinne Co-organisatrice');
    // She leaves; the event keeps its author (and its place's team).
    expect((await colleague.client.post(`/agenda/${slug}/organisateurs/${colleague.member.id}/retirer`, {})).status).toBe(303);
    expect((await colleague.client.get(`/agenda/${slug}/gerer`)).status).toBe(403);
  });
});

describe('the agenda’s counts', () => {
  it('match what the database counts, for every filter and facet, and follow a change at once', async () => {
    await createEvent({
      title: 'Formation Arduino pour les enseignants',
      kind: 'formation',
      audiences: ['enseignants'],
      free: '',
      price: '10 €',
    });
    await createEvent({ title: 'Portes ouvertes du fablab', kind: 'portes-ouvertes', audiences: ['tout-public'], ageMin: '6' });
    const none: AgendaFilters = { kind: [], region: [], department: [], audience: [], online: false, free: false };
    const count = async (where: string) =>
      Number(
        (
          (await ctx.deps.db.execute(
            sql.raw(
              `select count(*)::int as n from event_sessions s join events e on e.id = s.event_id where s.ends_at > now() and ${where}`,
            ),
          )) as unknown as { rows: Array<{ n: number }> }
        ).rows[0]?.n,
      );
    const cases: Array<[Partial<AgendaFilters>, string]> = [
      [{}, 'true'],
      [{ kind: ['formation'] }, "e.kind = 'formation'"],
      [{ free: true }, 'e.free'],
      [{ audience: ['enseignants', 'tout-public'] }, "e.audiences && array['enseignants','tout-public']"],
      [{ age: 5 }, '(e.age_min is null or e.age_min <= 5) and (e.age_max is null or e.age_max >= 5)'],
      [{ kind: ['atelier'], free: true }, "e.kind = 'atelier' and e.free"],
    ];
    for (const [filters, where] of cases) {
      const found = await searchAgenda(ctx.deps, { ...none, ...filters }, { from: new Date() }, { limit: 30, offset: 0 });
      expect(found.total, where).toBe(await count(where));
      // A facet counts under every filter but its own.
      const kinds = await ctx.deps.db.execute(
        sql.raw(`select e.kind, count(*)::int as n from event_sessions s join events e on e.id = s.event_id
                  where s.ends_at > now() and ${filters.kind ? where.replace(/e\.kind = '[a-z-]+'( and )?/, '') || 'true' : where} group by e.kind`),
      );
      expect(found.facets.kind, where).toEqual(
        Object.fromEntries((kinds as unknown as { rows: Array<{ kind: string; n: number }> }).rows.map((r) => [r.kind, r.n])),
      );
    }
    // A new event is in the counts at once (the index follows the change feed).
    const before = (await searchAgenda(ctx.deps, { ...none, kind: ['conference'] }, { from: new Date() }, { limit: 30, offset: 0 })).total;
    await createEvent({ title: 'Conférence sur les tiers-lieux', kind: 'conference', registration: 'none' });
    const after = (await searchAgenda(ctx.deps, { ...none, kind: ['conference'] }, { from: new Date() }, { limit: 30, offset: 0 })).total;
    expect(after).toBe(before + 1);
  });
});
