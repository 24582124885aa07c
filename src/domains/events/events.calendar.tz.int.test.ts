import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeRunBy, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { localParts } from '../../lib/zoned-time.ts';
import { planSessions } from './events.service.ts';

// This file runs twice, under TZ=UTC and TZ=Europe/Paris (vitest.config.ts): the server's own zone
// must never leak into the times written.
let ctx: TestContext;
let organiser: Awaited<ReturnType<typeof signedInMember>>;
let placeSlug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const moderator = await signedInMember(ctx, { role: 'moderator' });
  organiser = await signedInMember(ctx, { displayName: 'Organisatrice Horaires' });
  placeSlug = await placeRunBy(moderator, organiser, `Médiathèque des horaires ${process.env.TZ}`);
});
afterAll(async () => {
  await ctx?.close();
});

/** The VEVENTs of a feed, read by ical.js with the feed's own VTIMEZONEs. */
function readFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(tz);
  }
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe(`calendars, with the process in TZ=${process.env.TZ}`, () => {
  it('runs in the zone it says', () => {
    const january = new Date(2027, 0, 15, 12).getTimezoneOffset();
    expect(january).toBe(process.env.TZ === 'Europe/Paris' ? -60 : 0);
  });

  it('keeps a weekly 14:00 at 14:00 local across the October clock change', () => {
    const sessions = planSessions(
      {
        firstDate: '2026-10-14',
        startTime: '14:00',
        endTime: '16:00',
        repeat: 'weekly',
        until: '2026-11-04',
        skipPublicHolidays: false,
        except: [],
        capacity: null,
        reserved: 0,
        waitlist: true,
      },
      'Europe/Paris',
      new Date('2026-10-01T00:00:00Z'),
    );
    expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-10-14T12:00:00.000Z',
      '2026-10-21T12:00:00.000Z',
      '2026-10-28T13:00:00.000Z', // winter time from 25 October
      '2026-11-04T13:00:00.000Z',
    ]);
  });

  it('writes a weekly workshop across the March clock change at 14:00 Europe/Paris, as ical.js reads it back', async () => {
    const res = await organiser.client.post('/agenda/nouveau', {
      title: 'Atelier du mercredi',
      kind: 'atelier',
      description: 'Chaque mercredi, un atelier de fabrication.',
      placeSlug,
      attendanceMode: 'onsite',
      atPlace: 'on',
      firstDate: '2027-03-17',
      startTime: '14:00',
      endTime: '16:00',
      repeat: 'weekly',
      until: '2027-04-07',
      free: 'on',
      registration: 'here',
      capacity: '12',
      reserved: '2',
      waitlist: 'on',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const slug = (res.headers.get('location') ?? '').replace('/agenda/', '');

    for (const url of [`/agenda.ics?lieu=${placeSlug}`, `/agenda/${slug}/calendrier.ics`]) {
      const feed = await ctx.app.request(url);
      expect(feed.headers.get('content-type')).toContain('text/calendar');
      const text = await feed.text();
      expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Paris');
      const events = readFeed(text).filter((e) => e.summary === 'Atelier du mercredi');
      expect(events.map((e) => e.startDate.toString())).toEqual([
        '2027-03-17T14:00:00',
        '2027-03-24T14:00:00',
        '2027-03-31T14:00:00',
        '2027-04-07T14:00:00',
      ]);
      expect(events.every((e) => e.startDate.zone?.tzid === 'Europe/Paris')).toBe(true);
      // The instants: 13:00 UTC in winter, 12:00 UTC from 28 March.
      expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
        '2027-03-17T13:00:00.000Z',
        '2027-03-24T13:00:00.000Z',
        '2027-03-31T12:00:00.000Z',
        '2027-04-07T12:00:00.000Z',
      ]);
      expect(new Set(events.map((e) => e.uid)).size).toBe(4);
    }
  });

  it('uses the zone of an overseas place, and the personal feed follows one’s registrations behind a secret address', async () => {
    const res = await organiser.client.post('/agenda/nouveau', {
      title: 'Atelier à Saint-Denis de La Réunion',
      kind: 'atelier',
      description: 'Un atelier de robotique pour les collégiens.',
      attendanceMode: 'onsite',
      venueName: 'Collège Bourbon',
      postcode: '97400',
      commune: 'Saint-Denis',
      firstDate: '2027-02-10',
      startTime: '14:00',
      endTime: '16:00',
      repeat: 'none',
      free: 'on',
      registration: 'here',
      waitlist: 'on',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const slug = (res.headers.get('location') ?? '').replace('/agenda/', '');
    const page = await (await ctx.app.request(`/agenda/${slug}`)).text();
    expect(page).toContain('14 h – 16 h (heure de La Réunion)');

    const member = await signedInMember(ctx);
    const sessionId = /\/seances\/([0-9a-f-]{36})\/inscription/.exec(await (await member.client.get(`/agenda/${slug}`)).text())?.[1];
    expect((await member.client.post(`/agenda/${slug}/seances/${sessionId}/inscription`, {})).status).toBe(303);
    const mine = await (await member.client.get('/agenda/mes-inscriptions')).text();
    const feedUrl = /value="(https?:\/\/[^"]+\/agenda\/flux\/[A-Za-z0-9_-]+\.ics)"/.exec(mine)?.[1] ?? '';
    const path = new URL(feedUrl).pathname;
    const anonymous = new TestClient(ctx);
    const feed = await anonymous.get(path);
    expect(feed.status).toBe(200);
    const [event] = readFeed(await feed.text());
    expect(event?.startDate.toString()).toBe('2027-02-10T14:00:00');
    expect(event?.startDate.zone?.tzid).toBe('Indian/Reunion');
    expect(event?.startDate.toJSDate().toISOString()).toBe('2027-02-10T10:00:00.000Z');
    expect(localParts('Indian/Reunion', event?.startDate.toJSDate() ?? new Date()).time).toBe('14:00');

    // A new address: the old one is gone.
    expect((await member.client.post('/agenda/mes-inscriptions/lien', {})).status).toBe(303);
    expect((await anonymous.get(path)).status).toBe(404);
  });
});
