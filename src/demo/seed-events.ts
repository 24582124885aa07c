import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { insertEventsBulk, insertSessionsBulk } from '../domains/events/events.service.ts';
import { timeZoneOfDepartment } from '../domains/events/events.validation.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { slugify } from '../lib/slug.ts';
import { addDays, weekday, zonedToUtc } from '../lib/zoned-time.ts';

type Rng = () => number;

/** A weekly event's run: twenty Wednesdays (half the events are weekly: about 56,000 sessions for 4,950 events). */
const WEEKS = 20;

const EVENTS: Array<{
  kind: 'atelier' | 'formation' | 'portes-ouvertes' | 'rencontre-reseau' | 'conference' | 'visite';
  title: string;
  text: string;
  ages?: [number, number | null];
  audiences: string[];
}> = [
  {
    kind: 'atelier',
    title: 'Atelier découpe laser : porte-clés en bois',
    text: 'On dessine, on prépare le fichier et on découpe un porte-clés. Aucune connaissance demandée.',
    ages: [11, 15],
    audiences: ['college'],
  },
  {
    kind: 'atelier',
    title: 'Initiation à l’impression 3D',
    text: 'Modéliser une pièce simple dans Tinkercad et la voir s’imprimer.',
    ages: [10, null],
    audiences: ['tout-public'],
  },
  {
    kind: 'atelier',
    title: 'Robotique du mercredi',
    text: 'Programmer un petit robot avec Scratch, par équipes de deux.',
    ages: [8, 12],
    audiences: ['elementaire', 'college'],
  },
  {
    kind: 'atelier',
    title: 'Réparer son vélo',
    text: 'Un atelier d’autoréparation : on vient avec son vélo, on repart en sachant régler ses freins.',
    audiences: ['tout-public'],
  },
  {
    kind: 'atelier',
    title: 'Podcast en classe : enregistrer sa première émission',
    text: 'Micro, écriture, montage avec Audacity : une émission de dix minutes en deux heures.',
    ages: [12, 18],
    audiences: ['college', 'lycee'],
  },
  {
    kind: 'formation',
    title: 'Former les enseignants à la découpe laser',
    text: 'Deux demi-journées pour être autonome avec la machine et en sécurité avec une classe.',
    audiences: ['enseignants'],
  },
  {
    kind: 'formation',
    title: 'Animer un atelier numérique avec des familles',
    text: 'Méthodes et outils pour accueillir parents et enfants ensemble.',
    audiences: ['professionnels'],
  },
  {
    kind: 'portes-ouvertes',
    title: 'Portes ouvertes du fablab',
    text: 'Venez voir les machines tourner et rencontrer l’équipe.',
    audiences: ['tout-public', 'familles'],
  },
  {
    kind: 'rencontre-reseau',
    title: 'Rencontre des tiers-lieux éducatifs du département',
    text: 'Un après-midi pour partager nos projets et nos difficultés.',
    audiences: ['professionnels', 'enseignants'],
  },
  {
    kind: 'conference',
    title: 'Les tiers-lieux éducatifs, pour quoi faire ?',
    text: 'Une table ronde avec des animateurs, des enseignants et des élèves.',
    audiences: ['tout-public'],
  },
  {
    kind: 'visite',
    title: 'Visite du learning lab',
    text: 'Une visite guidée des espaces et des usages, pour les équipes qui en préparent un.',
    audiences: ['enseignants', 'professionnels'],
  },
];

/**
 * Events for the places of the seeded network: half of them weekly (twenty Wednesdays),
 * the others once, spread over the year to come. `sessions` is about how many sessions in all.
 */
export async function seedEvents(deps: Deps, rng: Rng, count: number, now = new Date()): Promise<number> {
  if (count === 0) {
    return 0;
  }
  const places = await queryRows<{
    id: string;
    name: string;
    address: string | null;
    postcode: string | null;
    commune: string | null;
    insee: string | null;
    department: string | null;
    region: string | null;
    lat: number | null;
    lng: number | null;
    creator: string | null;
  }>(
    deps.db,
    sql`select p.id, p.name, p.address, p.postcode, p.commune, p.insee_code as insee, p.department_code as department, p.region_code as region,
          p.latitude as lat, p.longitude as lng, (select m.user_id from place_managers m where m.place_id = p.id limit 1) as creator
        from places p where p.status = 'published' and p.deleted_at is null order by p.created_at, p.id limit ${count}`,
  );
  const html = new Map<string, string>();
  for (const e of EVENTS) {
    html.set(e.text, await renderMarkdown(e.text));
  }
  const today = now.toISOString().slice(0, 10);
  const rows = places.map((p, i) => {
    const spec = EVENTS[i % EVENTS.length] ?? EVENTS[0];
    if (!spec) {
      throw new Error('no event');
    }
    return {
      spec,
      weekly: i % 2 === 0 || spec.title.startsWith('Robotique'),
      values: {
        slug: `${slugify(spec.title, 60)}-${slugify(p.commune ?? 'lieu', 20)}-${i + 1}`,
        title: spec.title,
        descriptionMd: spec.text,
        descriptionHtml: html.get(spec.text) ?? '',
        kind: spec.kind,
        placeId: p.id,
        createdBy: p.creator,
        attendanceMode: 'onsite' as const,
        venueName: p.name,
        address: p.address,
        postcode: p.postcode,
        commune: p.commune,
        inseeCode: p.insee,
        departmentCode: p.department,
        regionCode: p.region,
        latitude: p.lat,
        longitude: p.lng,
        timeZone: timeZoneOfDepartment(p.department),
        audiences: spec.audiences,
        ageMin: spec.ages?.[0] ?? null,
        ageMax: spec.ages?.[1] ?? null,
        free: rng() < 0.8,
        price: null as string | null,
        registration: 'here' as const,
      },
    };
  });
  for (const r of rows) {
    if (!r.values.free) {
      r.values.price = '5 € ; 2 € pour les moins de 18 ans';
    }
  }
  const inserted = await insertEventsBulk(
    deps.db,
    rows.map((r) => r.values),
  );
  const sessions = inserted.flatMap((event, i) => {
    const r = rows[i];
    if (!r) {
      return [];
    }
    const day = addDays(today, 2 + Math.floor(rng() * (r.weekly ? 200 : 300)));
    // Weekly ones on Wednesdays, when schools are off in the afternoon.
    const first = r.weekly ? addDays(day, (3 - weekday(day) + 7) % 7) : day;
    const times = r.spec.kind === 'formation' ? ['09:00', '17:00'] : rng() < 0.7 ? ['14:00', '16:00'] : ['18:00', '20:00'];
    const dates = r.weekly ? Array.from({ length: WEEKS }, (_, w) => addDays(first, 7 * w)) : [first];
    const capacity =
      r.spec.kind === 'conference' || r.spec.kind === 'portes-ouvertes' ? null : ([8, 10, 12, 16][Math.floor(rng() * 4)] ?? 12);
    return dates.map((d) => ({
      eventId: event.id,
      startsAt: zonedToUtc(d, times[0] ?? '14:00', r.values.timeZone),
      endsAt: zonedToUtc(d, times[1] ?? '16:00', r.values.timeZone),
      capacity,
      reserved: capacity && capacity > 10 ? 2 : 0,
    }));
  });
  await insertSessionsBulk(deps.db, sessions);
  return sessions.length;
}
