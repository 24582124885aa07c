import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import type { AnswerValue } from '../domains/listening/listening.questions.ts';
import { importQuestionnaire } from '../domains/listening/listening.service.ts';
import { dayInFrance } from '../lib/i18n.ts';

type Rng = () => number;

const REASONS = ['Utiliser les machines', 'Participer à un atelier', 'Avancer sur un projet', 'Découvrir le lieu', 'Autre chose'];
const IDEAS = [
  'Plus de créneaux le mercredi après-midi.',
  'Un atelier couture pour les ados ?',
  'L’accueil était super, merci à l’équipe !',
  'Difficile de trouver l’entrée la première fois.',
  'Des tutoriels affichés à côté des machines.',
  'Ouvrir pendant les vacances scolaires.',
  'Le wifi ne marchait pas bien.',
];
const NOTES = [
  {
    youSaid: 'Les horaires du mercredi ne conviennent pas aux familles.',
    weDid: 'Le lieu ouvre désormais le mercredi jusqu’à 19 h.',
  },
  {
    youSaid: 'On ne trouve pas l’entrée la première fois.',
    weDid: 'Un panneau est posé au portail et le plan d’accès est sur notre page.',
  },
  {
    youSaid: 'Vous aimeriez des fiches à côté des machines.',
    weDid: 'Chaque machine a maintenant sa fiche plastifiée, avec un code QR vers le tutoriel.',
  },
];

/** A rating that leans to the good side, as visitors' ratings do. */
const rating = (rng: Rng) => {
  const r = rng();
  return r < 0.05 ? 1 : r < 0.12 ? 2 : r < 0.3 ? 3 : r < 0.65 ? 4 : 5;
};

/** One visitor's answer to the "Votre visite" template. */
function visitAnswer(rng: Rng): Record<string, AnswerValue> {
  const a: Record<string, AnswerValue> = { q1: rating(rng), q2: rng() < 0.3 ? 'Oui' : 'Non', q4: rating(rng) };
  if (rng() < 0.8) {
    a.q3 = REASONS.filter(() => rng() < 0.35);
    if ((a.q3 as string[]).length === 0) {
      delete a.q3;
    }
  }
  if (rng() < 0.25) {
    a.q5 = IDEAS[Math.floor(rng() * IDEAS.length)] as string;
  }
  return a;
}

/**
 * "Votre visite" questionnaires for the most recently listed places, answered over the past
 * year (`answers` each on average), a "nous avons fait" note on every other one.
 */
export async function seedListening(deps: Deps, rng: Rng, spec: { places: number; answers: number }): Promise<number> {
  if (spec.places === 0) {
    return 0;
  }
  const places = await queryRows<{ id: string; creator: string | null }>(
    deps.db,
    sql`select p.id, (select m.user_id from place_managers m where m.place_id = p.id limit 1) as creator
        from places p where p.status = 'published' and p.deleted_at is null order by p.created_at desc, p.id limit ${spec.places}`,
  );
  const now = Date.now();
  for (const [i, place] of places.entries()) {
    const count = Math.round(spec.answers * (0.5 + rng()));
    const answers = Array.from({ length: count }, () => ({
      answeredOn: dayInFrance(new Date(now - Math.floor(rng() * 365) * 86_400_000)),
      answers: visitAnswer(rng),
    })).sort((a, b) => a.answeredOn.localeCompare(b.answeredOn));
    await importQuestionnaire(deps, {
      placeId: place.id,
      createdBy: place.creator,
      template: 'visite',
      createdAt: new Date(now - 370 * 86_400_000),
      answers,
      note: i % 2 === 0 ? NOTES[(i / 2) % NOTES.length] : undefined,
    });
  }
  return places.length;
}
