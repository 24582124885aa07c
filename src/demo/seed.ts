import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import { maintainDatabase } from '../db/maintenance.ts';
import type { Deps } from '../deps.ts';
import * as accountsRepo from '../domains/accounts/accounts.repo.ts';
import { hashPassword } from '../domains/accounts/passwords.ts';
import { createCall } from '../domains/calls/calls.service.ts';
import { CallFormInput } from '../domains/calls/calls.validation.ts';
import { COMMUNITIES_TOPIC, createCommunity, insertMembershipsBulk } from '../domains/communities/communities.service.ts';
import { addComment, reportComment } from '../domains/documents/documents.comments.service.ts';
import { setCover } from '../domains/documents/documents.files.service.ts';
import { DOCUMENTS_TOPIC, loadDocument } from '../domains/documents/documents.service.ts';
import { EVENTS_TOPIC } from '../domains/events/events.service.ts';
import { academieOf, communeCentre, getCommune } from '../domains/geo/territories.ts';
import { LISTENING_TOPIC } from '../domains/listening/listening.service.ts';
import * as peopleRepo from '../domains/people/people.repo.ts';
import { addPlacePhoto } from '../domains/places/places.photos.service.ts';
import * as placesRepo from '../domains/places/places.repo.ts';
import { PLACES_TOPIC, toColumns } from '../domains/places/places.service.ts';
import { createPublication } from '../domains/publications/publications.service.ts';
import { indexWordsFromTable } from '../domains/search/search.service.ts';
import { loadReferenceSkills, PEOPLE_TOPIC, proposeSkill, SKILLS_TOPIC } from '../domains/skills/skills.service.ts';
import { seedTools, TOOLS_TOPIC } from '../domains/tools/tools.service.ts';
import { randomToken } from '../lib/crypto.ts';
import { slugify } from '../lib/slug.ts';
import type { Viewer } from '../lib/viewer.ts';
import { documentIcon } from '../views/illustration.ts';
import {
  buildPersona,
  buildPlace,
  buildUser,
  createRng,
  KINDS_FOR_ROLE,
  OTHER_ROLES,
  pick,
  pickSome,
  schoolOf,
  staffRoleFor,
  type UserSeed,
} from './factories.ts';
import { PLACE_OBJECTS, workshopScene } from './pictures.ts';
import { SEED_COMMUNITY } from './seed-community.ts';
import { seedDocuments } from './seed-documents.ts';
import { seedEvents } from './seed-events.ts';
import { seedImpact } from './seed-impact.ts';
import { seedListening } from './seed-listening.ts';
import { seedServices } from './seed-services.ts';
import { TOWNS, type Town } from './towns.ts';

export const SIZES = {
  demo: {
    places: 52,
    members: 160,
    pending: 4,
    communityMembers: 130,
    calls: 6,
    projects: 36,
    guides: 8,
    events: 40,
    services: 30,
    listening: { places: 12, answers: 40 },
    impactYears: 3,
  },
  // 4,950 events, half of them weekly for twenty weeks: about 56,000 sessions.
  large: {
    places: 5000,
    members: 50_000,
    pending: 50,
    communityMembers: 400,
    calls: 0,
    projects: 20_000,
    guides: 400,
    events: 4950,
    services: 2000,
    listening: { places: 1000, answers: 20 },
    impactYears: 3,
  },
} as const;
export type SeedSize = keyof typeof SIZES;

const BATCH = 500;

/** The network's first meeting: members joined from then on. */
const NETWORK_START = Date.UTC(2021, 2, 1);

/** Towns whose place is of a given kind: Brittany, which has a community of school fablabs, has fablabs. */
const DEMO_KINDS: Record<string, string> = { Rennes: 'fablab', Vannes: 'fablab', Quimper: 'mediatheque' };

/** The first places cover every kind, so the demo shows each. */
const PLACE_KIND_ORDER = ['fablab', 'mediatheque', 'cdi', 'espace-jeunes', 'associatif', 'learning-lab'];

const SEED_COMMUNITY_REFERENT_BIO =
  'Référent de la communauté des tiers-lieux éducatifs : je relie les lieux, les personnes et les projets du réseau, partout en France.';

async function inBatches<T>(items: T[], fn: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    await fn(items.slice(i, i + BATCH));
  }
}

const DEMO_CALLS = [
  {
    title: 'Besoin d’aide pour lancer un club robotique',
    skills: 'Robotique, Programmation par blocs',
    description:
      'Notre collège ouvre un club le mercredi : nous cherchons quelqu’un pour former deux enseignants et animer les premières séances.',
  },
  {
    title: 'Former l’équipe à la découpe laser',
    skills: 'laser',
    description: 'Nous venons d’acquérir une découpeuse laser : qui peut former l’équipe d’animation à son usage en sécurité ?',
  },
  {
    title: 'Monter un dossier de financement régional',
    skills: 'Recherche de financements, Montage de partenariats',
    description: 'Nous préparons un dossier pour l’appel à projets régional « tiers-lieux » et cherchons un regard expérimenté.',
  },
  {
    title: 'Documenter nos projets sur le wiki du réseau',
    skills: 'Documentation',
    description: 'Nous voulons apprendre à documenter nos ateliers pour que d’autres lieux puissent les refaire.',
  },
  {
    title: 'Atelier podcast avec des lycéens',
    skills: 'Son et podcast',
    description: 'Une classe de seconde veut produire un podcast sur son quartier : nous cherchons un intervenant pour trois séances.',
  },
  {
    title: 'Mesurer l’impact de notre tiers-lieu',
    skills: 'Mesure d’impact, Écoute des usagers',
    description: 'Nos financeurs demandent des indicateurs : qui peut nous aider à construire un questionnaire et un tableau de bord ?',
  },
];

/**
 * Fill an empty database with a realistic network: the skills reference; members with
 * profiles, skills and vouches (a few moderators); places over every region with their teams;
 * the network's own community (the seed page, field for field) and two regional ones; a few
 * calls for skills; documented projects and guides in collections. Demo members get random passwords nobody knows; `tisserin create-admin`
 * makes an account to sign in with.
 */
export async function seedNetwork(deps: Deps, size: SeedSize, seed = 2021): Promise<{ places: number; members: number }> {
  const spec = SIZES[size];
  const rng = createRng(seed);
  const passwordHash = await hashPassword(randomToken());
  const now = Date.now();
  await loadReferenceSkills(deps);
  await seedTools(deps.db);
  const skillIds = new Map(
    (await queryRows<{ id: string; name: string }>(deps.db, sql`select id, name from skills where status = 'accepted'`)).map((s) => [
      s.name,
      s.id,
    ]),
  );

  // Places first (their town and kind decide who runs them), published over the network's life.
  const publishedCount = spec.places - spec.pending;
  const span = now - 3 * 86_400_000 - NETWORK_START;
  const placeSlugs = new Set<string>();
  const placeSeeds: Array<{ name: string; town: Town; kind: string; publishedAt: Date | null }> = [];
  const placeRows: Array<Parameters<typeof placesRepo.insertPlacesBulk>[1][number]> = [];
  for (let i = 0; i < spec.places; i++) {
    // The first places take each town in turn, so every region has some, and each kind in turn;
    // the places waiting for moderation come last, from towns not yet in the network.
    const town = i < TOWNS.length ? (TOWNS[i] ?? pick(rng, TOWNS)) : pick(rng, TOWNS);
    const kind = DEMO_KINDS[town[0]] ?? (i < 12 ? PLACE_KIND_ORDER[i % PLACE_KIND_ORDER.length] : undefined);
    let { data } = buildPlace(rng, {}, town, kind);
    // Names are unique in a network people read: draw again, or say which town.
    for (let tries = 0; tries < 5 && placeSeeds.some((p) => p.name === data.name); tries++) {
      data = buildPlace(rng, {}, town, kind).data;
    }
    if (placeSeeds.some((p) => p.name === data.name)) {
      data = { ...data, name: `${data.name} — ${town[0]}` };
    }
    let slug = slugify(data.name, 70);
    for (let n = 2; placeSlugs.has(slug); n++) {
      slug = `${slugify(data.name, 70)}-${n}`;
    }
    placeSlugs.add(slug);
    const pending = i >= publishedCount;
    const publishedAt = pending
      ? null
      : new Date(NETWORK_START + 30 * 86_400_000 + ((i + 1) / (publishedCount + 1)) * (span - 30 * 86_400_000));
    placeSeeds.push({ name: data.name, town, kind: data.kinds[0] ?? 'associatif', publishedAt });
    placeRows.push({
      ...(await toColumns(data)),
      slug,
      status: pending ? 'pending' : 'published',
      publishedAt,
      createdAt: publishedAt ?? new Date(now - (spec.places - i) * 2 * 86_400_000),
    });
  }

  // People: someone runs each place (the referent and two of them moderate); the others are
  // teachers, facilitators, researchers… who take part in a place of their town, or not.
  const schoolPlaces = placeSeeds.map((p, i) => ({ ...p, i })).filter((p) => p.publishedAt && schoolOf(p.name));
  const published = placeSeeds.map((p, i) => ({ ...p, i })).filter((p) => p.publishedAt);
  const takenNames = new Set<string>();
  const members: Array<{ user: UserSeed; main: string; placeIndex: number | null; town: Town; joined: Date; staff: boolean }> = [];
  for (let i = 0; i < spec.members; i++) {
    if (i === 0) {
      const town = TOWNS.find((t) => t[0] === 'Paris') ?? pick(rng, TOWNS);
      members.push({
        user: { displayName: SEED_COMMUNITY.referent, email: 'benjamin.gentils.referent@example.org', gender: 'm' },
        main: 'facilitateur',
        placeIndex: null,
        town,
        joined: new Date(NETWORK_START),
        staff: false,
      });
      continue;
    }
    let user = buildUser(rng, i + 1);
    for (let tries = 0; tries < 10 && takenNames.has(user.displayName); tries++) {
      user = buildUser(rng, i + 1);
    }
    takenNames.add(user.displayName);
    const staffOf = i - 1 < published.length ? published[i - 1] : undefined;
    if (staffOf) {
      const joined = new Date((staffOf.publishedAt?.getTime() ?? now) - (2 + rng() * 20) * 86_400_000);
      members.push({ user, main: staffRoleFor(staffOf.kind, rng), placeIndex: staffOf.i, town: staffOf.town, joined, staff: true });
      continue;
    }
    const main = pick(rng, OTHER_ROLES);
    const kinds = KINDS_FOR_ROLE[main] ?? [];
    const candidates = main === 'enseignant' ? schoolPlaces : published.filter((p) => kinds.includes(p.kind));
    const place = candidates.length > 0 && rng() < (main === 'enseignant' ? 0.6 : 0.45) ? pick(rng, candidates) : null;
    const town = place ? place.town : pick(rng, TOWNS);
    const joined = new Date(NETWORK_START + rng() ** 0.7 * span);
    members.push({ user, main, placeIndex: place?.i ?? null, town, joined, staff: false });
  }
  const userRows = members.map((m, i) => ({
    email: m.user.email,
    displayName: m.user.displayName,
    passwordHash,
    role: i < Math.max(3, spec.members / 1000) ? ('moderator' as const) : ('member' as const),
    emailVerifiedAt: new Date(m.joined.getTime() + 600_000),
    createdAt: m.joined,
  }));

  const users = await deps.db.transaction(async (tx) => {
    const created: Array<{ id: string }> = [];
    await inBatches(userRows, async (b) => created.push(...(await accountsRepo.insertUsersBulk(tx, b))));
    // A pending place was proposed by someone of its town.
    placeRows.forEach((row, i) => {
      const town = placeSeeds[i]?.town[1];
      const proposer = members.findIndex((m, k) => k > 0 && (m.placeIndex === i || m.town[1] === town));
      row.createdBy = created[proposer > 0 ? proposer : 1 + (i % Math.max(1, created.length - 1))]?.id;
    });
    const places: Array<{ id: string; slug: string }> = [];
    await inBatches(placeRows, async (b) => places.push(...(await placesRepo.insertPlacesBulk(tx, b))));
    // The team of a place: the person who runs it, and sometimes a second member of its staff.
    const managers = members.flatMap((m, i) => {
      const place = m.placeIndex === null ? undefined : places[m.placeIndex];
      const userId = created[i]?.id;
      if (!place || !userId || !placeSeeds[m.placeIndex ?? 0]?.publishedAt) {
        return [];
      }
      return m.staff || (['fabmanager', 'animateur', 'concierge', 'mediateur'].includes(m.main) && rng() < 0.3)
        ? [{ placeId: place.id, userId }]
        : [];
    });
    await inBatches(managers, (b) => placesRepo.insertManagersBulk(tx, b));

    // Profiles: a commune (the place's one when they take part in a place), skills at a level, vouches.
    const profileSlugs = new Set<string>();
    const profiles: Array<Parameters<typeof peopleRepo.insertProfilesBulk>[1][number]> = [];
    const memberSkills: Array<{ user_id: string; skill_id: string; level: number }> = [];
    const affiliations: Array<{ user_id: string; place_id: string; role: string }> = [];
    created.forEach((u, i) => {
      const m = members[i];
      if (!m) {
        return;
      }
      const placeSeed = m.placeIndex === null ? null : placeSeeds[m.placeIndex];
      const persona = buildPersona(
        rng,
        m.user.gender,
        m.main,
        placeSeed ? { name: placeSeed.name, town: placeSeed.town[0], kind: placeSeed.kind } : null,
        m.town[0],
      );
      const commune = getCommune(m.town[1]);
      const centre = communeCentre(m.town[1]);
      let slug = slugify(m.user.displayName, 50);
      for (let n = 2; profileSlugs.has(slug); n++) {
        slug = `${slugify(m.user.displayName, 50)}-${n}`;
      }
      profileSlugs.add(slug);
      profiles.push({
        userId: u.id,
        slug,
        bio: i === 0 ? SEED_COMMUNITY_REFERENT_BIO : persona.bio,
        networkRoles: persona.networkRoles,
        teachingDiscipline: persona.teachingDiscipline ?? null,
        teachingLevel: persona.teachingLevel ?? null,
        communeInsee: commune?.code ?? null,
        communeName: commune?.name ?? m.town[0],
        departmentCode: commune?.departmentCode ?? null,
        regionCode: commune?.regionCode ?? null,
        academie: academieOf(commune?.departmentCode) ?? null,
        latitude: centre?.lat ?? m.town[3],
        longitude: centre?.lng ?? m.town[4],
        openTo: persona.openTo,
        visibility:
          i === 0 || m.staff
            ? { ...persona.visibility, bio: 'public', roles: 'public', territory: 'public', skills: 'public', places: 'public' }
            : persona.visibility,
        unsubscribeToken: randomToken(24),
        createdAt: m.joined,
        updatedAt: m.joined,
      });
      for (const [name, level] of persona.skills) {
        const skillId = skillIds.get(name);
        if (skillId) {
          memberSkills.push({ user_id: u.id, skill_id: skillId, level });
        }
      }
      const place = m.placeIndex === null ? undefined : places[m.placeIndex];
      if (place && persona.placeRole && placeSeed?.publishedAt) {
        affiliations.push({ user_id: u.id, place_id: place.id, role: persona.placeRole });
      }
    });
    await inBatches(profiles, (b) => peopleRepo.insertProfilesBulk(tx, b));
    await inBatches(memberSkills, (b) =>
      tx.execute(sql`insert into member_skills (user_id, skill_id, level)
        select * from jsonb_to_recordset(${JSON.stringify(b)}::jsonb) as x(user_id uuid, skill_id uuid, level smallint) on conflict do nothing`),
    );
    // Vouches come from people who know each other: the same place, or the same town.
    const byTown = new Map<string, string[]>();
    members.forEach((m, i) => {
      const id = created[i]?.id;
      if (id) {
        byTown.set(m.town[1], [...(byTown.get(m.town[1]) ?? []), id]);
      }
    });
    const townOf = new Map(members.map((m, i) => [created[i]?.id ?? '', m.town[1]]));
    const vouches = memberSkills
      .filter((ms) => ms.level >= 2 && rng() < 0.35)
      .map((ms) => ({
        user_id: ms.user_id,
        skill_id: ms.skill_id,
        voucher_id: pick(rng, byTown.get(townOf.get(ms.user_id) ?? '') ?? created.map((c) => c.id)),
      }))
      .filter((v) => v.voucher_id !== v.user_id);
    await inBatches(vouches, (b) =>
      tx.execute(sql`insert into skill_vouches (user_id, skill_id, voucher_id)
        select * from jsonb_to_recordset(${JSON.stringify(b)}::jsonb) as x(user_id uuid, skill_id uuid, voucher_id uuid) on conflict do nothing`),
    );
    await inBatches(affiliations, (b) =>
      tx.execute(sql`insert into place_affiliations (user_id, place_id, role)
        select * from jsonb_to_recordset(${JSON.stringify(b)}::jsonb) as x(user_id uuid, place_id uuid, role text) on conflict do nothing`),
    );
    await peopleRepo.refreshSearchText(tx, null);
    await indexWordsFromTable(tx, 'places', "name || ' ' || coalesce(commune, '') || ' ' || search_keywords || ' ' || description_md");
    await indexWordsFromTable(tx, 'profile_search', 'members_text');
    return { created, places };
  });

  // The network's own community, field for field, and two regional ones.
  const referent: Viewer = { id: users.created[0]?.id ?? '', displayName: SEED_COMMUNITY.referent, role: 'moderator', emailVerified: true };
  const community = await createCommunity(
    deps,
    referent,
    { ...SEED_COMMUNITY, scaleCode: undefined, joinPolicy: 'open' },
    SEED_COMMUNITY.publishedOn,
  );
  const communityMembers = users.created
    .slice(1, spec.communityMembers + 1)
    .map((u) => ({ communityId: community.id, userId: u.id, role: 'member' as const, status: 'active' as const }));
  await insertMembershipsBulk(deps.db, communityMembers);
  await deps.db.execute(sql`insert into community_places (community_id, place_id)
    select ${community.id}, id from places where status = 'published' order by published_at desc limit 30 on conflict do nothing`);
  await createPublication(deps, referent, {
    publisher: `communaute:${community.slug}`,
    tags: 'réseau, tiers-lieux éducatifs',
    summary: undefined,
    coverAlt: undefined,
    title: 'Le réseau des tiers-lieux éducatifs se structure',
    body: 'Un an après nos premières rencontres, la communauté se dote d’une plateforme pour **mailler** compétences, projets et lieux, et **documenter** ensemble. [Lire le récit du 110 bis](https://medium.com/@lab110bis/le-r%C3%A9seau-des-tiers-lieux-%C3%A9ducatifs-se-structure-le-110-bis-y-contribue-b39d73afee41).',
  });
  for (const [name, regionCode, oneLiner] of [
    ['Fablabs scolaires de Bretagne', '53', 'Les fablabs des collèges et lycées bretons partagent machines, projets et formations.'],
    [
      'Médiathèques makers d’Auvergne-Rhône-Alpes',
      '84',
      'Les médiathèques qui ouvrent un makerspace s’entraident, de l’idée à l’animation.',
    ],
  ] as const) {
    const founder: Viewer = { id: pick(rng, users.created).id, displayName: '', role: 'member', emailVerified: true };
    const c = await createCommunity(deps, founder, {
      name,
      scale: 'region',
      scaleCode: regionCode,
      oneLiner,
      objectives: 'Se rencontrer chaque trimestre, documenter nos projets et mutualiser nos outils libres.',
      activities: 'Rencontres, formations entre pairs, prêt de matériel.',
      expertises: ['co-construction', 'numerique'],
      domains: ['education-superieur-culture', 'jeunesse-sports'],
      links: [],
      joinPolicy: regionCode === '53' ? 'open' : 'request',
    });
    await insertMembershipsBulk(
      deps.db,
      pickSome(rng, users.created, 15, 40)
        .filter((u) => u.id !== founder.id)
        .map((u) => ({ communityId: c.id, userId: u.id, role: 'member' as const, status: 'active' as const })),
    );
  }

  // A few calls for skills, posted as members would (matching members are notified).
  for (let i = 0; i < spec.calls; i++) {
    const spec_ = DEMO_CALLS[i % DEMO_CALLS.length];
    const town = pick(rng, TOWNS);
    const poster: Viewer = { id: pick(rng, users.created).id, displayName: '', role: 'member', emailVerified: true };
    const data = CallFormInput.parse({
      title: spec_?.title,
      description: spec_?.description,
      skills: spec_?.skills,
      commune: town[0],
      postcode: town[2],
      radiusKm: '100',
      onSite: 'on',
      remote: i % 2 === 0 ? 'on' : undefined,
    });
    await createCall(deps, poster, data, []);
  }

  // The tools each place uses: a few of the catalogue's, chosen by a hash so a seed gives the same network.
  await deps.db.execute(sql`insert into place_tools (place_id, tool_id)
    select p.id, t.id from places p cross join tools t
     where p.status = 'published' and abs(hashtext(p.slug || t.slug)) % 9 = 0 on conflict do nothing`);

  // Documented projects and guides, written by members over the last two years.
  await seedDocuments(
    deps,
    rng,
    users.created.slice(1, Math.max(40, spec.members / 10)).map((u) => u.id),
    {
      projects: spec.projects,
      guides: spec.guides,
    },
  );

  // The agenda: an event at most per published place, over the year to come.
  await seedEvents(deps, rng, spec.events);
  // Service offers: machine use, training, loans… of the most recently listed places.
  await seedServices(deps, rng, spec.services);
  // News of a few places, written by their teams.
  await seedPlaceNews(deps);
  // Listening to users: "Votre visite" questionnaires answered over the past year, and notes.
  await seedListening(deps, rng, spec.listening);
  // Impact: three years of the common core, as the places' teams entered it.
  await seedImpact(deps, spec.impactYears);

  if (size === 'demo') {
    await seedConversations(deps, rng);
    await seedPictures(deps, rng);
  }

  // Freshly filled tables: statistics for the planner, and (PGlite) the visibility map for index-only scans.
  if (deps.database.kind === 'pglite') {
    await maintainDatabase(deps.database, { everything: true });
  } else {
    await deps.db.execute(sql`analyze`);
  }
  for (const topic of [
    PLACES_TOPIC,
    PEOPLE_TOPIC,
    SKILLS_TOPIC,
    COMMUNITIES_TOPIC,
    DOCUMENTS_TOPIC,
    TOOLS_TOPIC,
    EVENTS_TOPIC,
    LISTENING_TOPIC,
  ]) {
    await deps.changes.publish(topic);
  }
  return { places: spec.places, members: spec.members };
}

const DEMO_COMMENTS = [
  'Merci pour ce pas-à-pas ! Nous l’avons refait avec une classe de 4e, la partie sur la sécurité nous a beaucoup servi.',
  'Combien de temps faut-il prévoir pour la préparation des fichiers avant la première séance ?',
  'Très clair. Une astuce : faire tester le montage par un autre groupe avant de fixer quoi que ce soit.',
  'Nous cherchons à adapter ce projet pour des élèves d’ULIS : avez-vous des fiches simplifiées ?',
  'Bravo pour la documentation des erreurs, c’est ce qui manque le plus souvent.',
  'Le lien vers les ressources ne fonctionne plus chez moi, pouvez-vous le vérifier ?',
];
const DEMO_ANSWERS = [
  'Comptez une bonne heure la première fois, puis vingt minutes quand on a pris le pli.',
  'Oui, nous avons une version avec pictogrammes : je l’ajoute dans les ressources.',
  'Merci pour le retour, c’est corrigé.',
];

/**
 * A network that lives: members comment on a few projects and the team answers, one comment
 * reported once (a moderator sees it waiting), and a skill proposed by a member.
 */
const PLACE_NEWS = [
  {
    title: 'Portes ouvertes : venez découvrir la découpeuse laser',
    summary: 'Samedi, l’équipe montre les machines aux familles et aux enseignants du quartier.',
    body: 'Nous ouvrons nos portes **samedi de 14 h à 18 h**. Au programme : démonstrations de découpe laser, impression 3D et un atelier de soudure pour les plus grands.\n\nEntrée libre, sans inscription.',
    tags: 'portes ouvertes, découpe laser, familles',
  },
  {
    title: 'Nos élèves de 4e ont construit une station météo',
    summary: 'Six semaines de projet, des capteurs, un écran et beaucoup de soudure.',
    body: 'Le projet est documenté pas à pas sur Tisserin : **liste du matériel**, schémas et programme. Merci aux élèves et à leur professeure de technologie !',
    tags: 'robotique, collège, arduino',
  },
  {
    title: 'Un nouveau créneau le mercredi pour les familles',
    summary: 'Vous nous l’avez demandé dans le questionnaire : le lieu ouvre désormais jusqu’à 19 h le mercredi.',
    body: 'Les réponses à notre questionnaire « Votre visite » ont été claires : le mercredi, nous fermions trop tôt. C’est changé à partir de ce mois-ci.',
    tags: 'familles, horaires',
  },
];

/** A few places' news, written by a member of their team. */
async function seedPlaceNews(deps: Deps): Promise<void> {
  const teams = await queryRows<{ slug: string; userId: string; name: string }>(
    deps.db,
    sql`select p.slug, u.id as "userId", u.display_name as name from places p
        join lateral (select m.user_id from place_managers m where m.place_id = p.id limit 1) m on true
        join users u on u.id = m.user_id
        where p.status = 'published' order by p.published_at desc limit ${PLACE_NEWS.length}`,
  );
  for (const [i, team] of teams.entries()) {
    const news = PLACE_NEWS[i];
    if (!news) {
      break;
    }
    const author: Viewer = { id: team.userId, displayName: team.name, role: 'member', emailVerified: true };
    await createPublication(deps, author, { publisher: `lieu:${team.slug}`, coverAlt: undefined, ...news });
  }
}

async function seedConversations(deps: Deps, rng: () => number): Promise<void> {
  const docs = await queryRows<{ slug: string; author: string }>(
    deps.db,
    sql`select slug, created_by as author from documents where kind = 'project' and published_at is not null order by published_at desc limit 6`,
  );
  const people = await queryRows<{ id: string; name: string }>(
    deps.db,
    sql`select id, display_name as name from users where role = 'member' order by created_at limit 60`,
  );
  const asViewer = (p: { id: string; name: string }): Viewer => ({ id: p.id, displayName: p.name, role: 'member', emailVerified: true });
  let reported = false;
  for (const [i, doc] of docs.entries()) {
    const view = await loadDocument(deps, null, 'project', doc.slug);
    const commenter = pick(
      rng,
      people.filter((p) => p.id !== doc.author),
    );
    if (!commenter) {
      continue;
    }
    const commentId = await addComment(deps, asViewer(commenter), view, { body: DEMO_COMMENTS[i % DEMO_COMMENTS.length] ?? '' });
    const author = people.find((p) => p.id === doc.author) ?? { id: doc.author, name: '' };
    if (i % 2 === 0) {
      await addComment(deps, asViewer(author), view, { body: DEMO_ANSWERS[(i / 2) % DEMO_ANSWERS.length] ?? '', parentId: commentId });
    }
    if (!reported) {
      const spam = pick(
        rng,
        people.filter((p) => p.id !== doc.author && p.id !== commenter.id),
      );
      if (spam) {
        const spamId = await addComment(deps, asViewer(spam), view, {
          body: 'Je vends une imprimante 3D d’occasion en très bon état, écrivez-moi en privé pour le prix !',
        });
        await reportComment(deps, asViewer(author), spamId, { reason: 'off-topic', note: 'Petite annonce sans rapport avec le projet.' });
        reported = true;
      }
    }
  }
  const proposer = people[7];
  if (proposer) {
    await proposeSkill(deps, asViewer(proposer), {
      name: 'Sérigraphie',
      family: 'medias',
      description: 'Imprimer des affiches et des tee-shirts à l’écran de soie, avec des encres à l’eau.',
    });
  }
}

/**
 * A few pictures, as members would add them: a photo for one place in four (by its team) and a
 * cover for one project in four (by its author) — generated workshop drawings, through the same
 * checks and re-encoding as any upload.
 */
async function seedPictures(deps: Deps, rng: () => number): Promise<void> {
  const { default: sharp } = await import('sharp');
  const render = async (svg: string) => sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
  const places = await queryRows<{ id: string; name: string; kind: string; managerId: string; managerName: string }>(
    deps.db,
    sql`select p.id, p.name, p.kinds[1] as kind, u.id as "managerId", u.display_name as "managerName"
          from places p join lateral (select user_id from place_managers where place_id = p.id limit 1) m on true
          join users u on u.id = m.user_id
         where p.status = 'published' order by p.published_at desc`,
  );
  for (const [i, p] of places.entries()) {
    const objects = PLACE_OBJECTS[p.kind];
    if (i % 4 !== 0 || !objects) {
      continue;
    }
    const team: Viewer = { id: p.managerId, displayName: p.managerName, role: 'member', emailVerified: true };
    await addPlacePhoto(deps, team, p.id, { bytes: await render(workshopScene(rng, objects)), alt: `L’atelier de ${p.name}` });
  }
  const docs = await queryRows<{ slug: string; author: string; authorName: string }>(
    deps.db,
    sql`select d.slug, d.created_by as author, u.display_name as "authorName" from documents d join users u on u.id = d.created_by
         where d.kind = 'project' and d.published_at is not null order by d.published_at desc`,
  );
  for (const [i, d] of docs.entries()) {
    if (i % 4 !== 1) {
      continue;
    }
    const author: Viewer = { id: d.author, displayName: d.authorName, role: 'member', emailVerified: true };
    const view = await loadDocument(deps, author, 'project', d.slug);
    const svg = workshopScene(rng, [documentIcon(view.doc.title), 'bulb', 'users']);
    await setCover(deps, author, view, await render(svg), 'couverture.jpg', 'Photo de couverture');
  }
}

/** True when nothing was ever stored (first start). */
export async function isEmpty(deps: Deps): Promise<boolean> {
  return (await accountsRepo.countUsers(deps.db)) === 0 && (await placesRepo.countPlaces(deps.db)) === 0;
}
