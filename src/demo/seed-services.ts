import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import type { ServiceKind } from '../domains/services/services.schema.ts';
import { insertOffersBulk } from '../domains/services/services.service.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { slugify } from '../lib/slug.ts';

type Rng = () => number;

const OFFERS: Array<{ kind: ServiceKind; title: string; text: string; duration: string; audiences: string[]; price?: string }> = [
  {
    kind: 'usage-machines',
    title: 'Utiliser la découpeuse laser',
    text: 'Une heure de découpe laser avec un membre de l’équipe : on vérifie le fichier ensemble, puis on découpe. Bois, carton, acrylique.',
    duration: '1 heure',
    audiences: ['enseignants', 'tout-public'],
  },
  {
    kind: 'formation',
    title: 'Formation à l’impression 3D pour les enseignants',
    text: 'Deux demi-journées pour modéliser, trancher et imprimer, et repartir avec une séquence pour sa classe.',
    duration: '2 demi-journées',
    audiences: ['enseignants'],
  },
  {
    kind: 'pret-materiel',
    title: 'Prêt d’une malle de robots',
    text: 'Huit robots programmables, leurs chargeurs et des fiches d’activité, prêtés trois semaines à une école ou un centre de loisirs.',
    duration: '3 semaines',
    audiences: ['elementaire', 'college'],
  },
  {
    kind: 'visite',
    title: 'Visite du lieu pour une classe',
    text: 'Une heure pour découvrir les machines, les projets en cours et les façons de revenir avec ses élèves.',
    duration: '1 heure',
    audiences: ['elementaire', 'college', 'lycee'],
  },
  {
    kind: 'accompagnement',
    title: 'Accompagnement d’un projet de classe',
    text: 'Un animateur suit votre projet de la première idée à la fabrication : trois rendez-vous et des séances à l’atelier.',
    duration: '3 rendez-vous',
    audiences: ['enseignants'],
  },
  {
    kind: 'conseil',
    title: 'Conseil pour monter un fablab scolaire',
    text: 'Choisir ses premières machines, aménager la salle, écrire la charte : un rendez-vous avec l’équipe pour en parler.',
    duration: '1 heure 30',
    audiences: ['enseignants'],
  },
  {
    kind: 'residence',
    title: 'Résidence d’artiste ou de maker',
    text: 'Une semaine d’accès à l’atelier en échange d’un atelier ouvert au public à la fin de la résidence.',
    duration: '1 semaine',
    audiences: ['tout-public'],
    price: 'Gratuit contre un atelier ouvert',
  },
];

/** Service offers for the first published places: a kind each, some paying. */
export async function seedServices(deps: Deps, rng: Rng, count: number): Promise<number> {
  if (count === 0) {
    return 0;
  }
  const places = await queryRows<{
    id: string;
    commune: string | null;
    department: string | null;
    region: string | null;
    creator: string | null;
  }>(
    deps.db,
    sql`select p.id, p.commune, p.department_code as department, p.region_code as region,
          (select m.user_id from place_managers m where m.place_id = p.id limit 1) as creator
        from places p where p.status = 'published' and p.deleted_at is null order by p.created_at desc, p.id limit ${count}`,
  );
  const html = new Map<string, string>();
  for (const o of OFFERS) {
    html.set(o.text, await renderMarkdown(o.text));
  }
  return insertOffersBulk(
    deps.db,
    places.map((p, i) => {
      const o = OFFERS[i % OFFERS.length] ?? (OFFERS[0] as (typeof OFFERS)[number]);
      const paying = !o.price && o.kind === 'usage-machines' && rng() < 0.3;
      return {
        slug: `${slugify(o.title, 60)}-${slugify(p.commune ?? 'lieu', 20)}-${i + 1}`,
        title: o.title,
        kind: o.kind,
        descriptionMd: o.text,
        descriptionHtml: html.get(o.text) ?? '',
        placeId: p.id,
        audiences: o.audiences,
        free: !paying && !o.price,
        price: paying ? '5 € l’heure, matière comprise' : (o.price ?? null),
        duration: o.duration,
        contactName: 'L’équipe du lieu',
        departmentCode: p.department,
        regionCode: p.region,
        createdBy: p.creator,
      };
    }),
  );
}
