import { sql } from 'drizzle-orm';
import { maintainDatabase } from '../db/maintenance.ts';
import type { Deps } from '../deps.ts';
import * as accountsRepo from '../domains/accounts/accounts.repo.ts';
import { hashPassword } from '../domains/accounts/passwords.ts';
import { createCall } from '../domains/calls/calls.service.ts';
import { CallFormInput } from '../domains/calls/calls.validation.ts';
import { COMMUNITIES_TOPIC, createCommunity, insertMembershipsBulk, publishPost } from '../domains/communities/communities.service.ts';
import { DOCUMENTS_TOPIC } from '../domains/documents/documents.service.ts';
import { academieOf, communeCentre, getCommune } from '../domains/geo/territories.ts';
import * as peopleRepo from '../domains/people/people.repo.ts';
import * as placesRepo from '../domains/places/places.repo.ts';
import { PLACES_TOPIC, toColumns } from '../domains/places/places.service.ts';
import { indexWordsFromTable } from '../domains/search/search.service.ts';
import { loadReferenceSkills, PEOPLE_TOPIC, SKILLS_TOPIC } from '../domains/skills/skills.service.ts';
import { seedTools, TOOLS_TOPIC } from '../domains/tools/tools.service.ts';
import { randomToken } from '../lib/crypto.ts';
import { slugify } from '../lib/slug.ts';
import type { Viewer } from '../lib/viewer.ts';
import { buildPlace, buildProfile, buildUser, createRng, pick, pickSome } from './factories.ts';
import { SEED_COMMUNITY } from './seed-community.ts';
import { seedDocuments } from './seed-documents.ts';
import { TOWNS } from './towns.ts';

export const SIZES = {
  demo: { places: 48, members: 160, pending: 4, communityMembers: 130, calls: 6, projects: 36, guides: 8 },
  large: { places: 5000, members: 50_000, pending: 50, communityMembers: 400, calls: 0, projects: 20_000, guides: 400 },
} as const;
export type SeedSize = keyof typeof SIZES;

const BATCH = 500;

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
  const skillRows = await deps.db.execute(sql`select id, family from skills where status = 'accepted'`);
  const skills = (skillRows as unknown as { rows: Array<{ id: string; family: string }> }).rows;

  const userRows = Array.from({ length: spec.members }, (_, i) => {
    const u = i === 0 ? { displayName: SEED_COMMUNITY.referent, email: 'benjamin.gentils.referent@example.org' } : buildUser(rng, i + 1);
    return {
      email: u.email,
      displayName: u.displayName,
      passwordHash,
      role: i < Math.max(3, spec.members / 1000) ? ('moderator' as const) : ('member' as const),
      emailVerifiedAt: new Date(now - rng() * 400 * 86_400_000),
    };
  });

  const placeSlugs = new Set<string>();
  const placeRows: Array<Parameters<typeof placesRepo.insertPlacesBulk>[1][number]> = [];
  for (let i = 0; i < spec.places; i++) {
    // The first places take each town in turn, so every region has some.
    const town = i < TOWNS.length ? (TOWNS[i] ?? pick(rng, TOWNS)) : pick(rng, TOWNS);
    const { data } = buildPlace(rng, {}, town);
    let slug = slugify(data.name, 70);
    for (let n = 2; placeSlugs.has(slug); n++) {
      slug = `${slugify(data.name, 70)}-${n}`;
    }
    placeSlugs.add(slug);
    const pending = i >= spec.places - spec.pending;
    const publishedAt = new Date(now - (spec.places - i) * 3_600_000);
    placeRows.push({
      ...(await toColumns(data)),
      slug,
      status: pending ? 'pending' : 'published',
      publishedAt: pending ? null : publishedAt,
    });
  }

  const users = await deps.db.transaction(async (tx) => {
    const created: Array<{ id: string }> = [];
    await inBatches(userRows, async (b) => created.push(...(await accountsRepo.insertUsersBulk(tx, b))));
    const places: Array<{ id: string; slug: string }> = [];
    await inBatches(placeRows, async (b) => places.push(...(await placesRepo.insertPlacesBulk(tx, b))));
    const managers = places.flatMap((p) => pickSome(rng, created, 1, 2).map((u) => ({ placeId: p.id, userId: u.id })));
    await inBatches(managers, (b) => placesRepo.insertManagersBulk(tx, b));

    // Profiles: a town each, skills at a level, some vouches, a place one takes part in.
    const profileSlugs = new Set<string>();
    const profiles: Array<Parameters<typeof peopleRepo.insertProfilesBulk>[1][number]> = [];
    const memberSkills: Array<{ user_id: string; skill_id: string; level: number }> = [];
    const affiliations: Array<{ user_id: string; place_id: string; role: string }> = [];
    created.forEach((u, i) => {
      const p = buildProfile(rng);
      const town = pick(rng, TOWNS);
      const commune = getCommune(town[1]);
      const centre = communeCentre(town[1]);
      let slug = slugify(userRows[i]?.displayName ?? 'membre', 50);
      for (let n = 2; profileSlugs.has(slug); n++) {
        slug = `${slugify(userRows[i]?.displayName ?? 'membre', 50)}-${n}`;
      }
      profileSlugs.add(slug);
      profiles.push({
        userId: u.id,
        slug,
        bio: p.bio,
        networkRoles: p.networkRoles,
        teachingDiscipline: p.teachingDiscipline ?? null,
        teachingLevel: p.teachingLevel ?? null,
        communeInsee: commune?.code ?? null,
        communeName: commune?.name ?? town[0],
        departmentCode: commune?.departmentCode ?? null,
        regionCode: commune?.regionCode ?? null,
        academie: academieOf(commune?.departmentCode) ?? null,
        latitude: centre?.lat ?? town[3],
        longitude: centre?.lng ?? town[4],
        openTo: p.openTo,
        visibility: i === 0 ? { ...p.visibility, bio: 'public', roles: 'public', territory: 'public', skills: 'public' } : p.visibility,
        unsubscribeToken: randomToken(24),
      });
      for (const s of pickSome(rng, skills, p.skillCount, p.skillCount)) {
        memberSkills.push({ user_id: u.id, skill_id: s.id, level: 1 + Math.floor(rng() * 3) });
      }
      if (rng() < 0.4) {
        affiliations.push({
          user_id: u.id,
          place_id: pick(rng, places).id,
          role: pick(rng, ['animation', 'fabmanager', 'enseignement', 'benevole', 'usager']),
        });
      }
    });
    await inBatches(profiles, (b) => peopleRepo.insertProfilesBulk(tx, b));
    await inBatches(memberSkills, (b) =>
      tx.execute(sql`insert into member_skills (user_id, skill_id, level)
        select * from jsonb_to_recordset(${JSON.stringify(b)}::jsonb) as x(user_id uuid, skill_id uuid, level smallint) on conflict do nothing`),
    );
    const vouches = memberSkills
      .filter(() => rng() < 0.3)
      .map((ms) => ({ user_id: ms.user_id, skill_id: ms.skill_id, voucher_id: pick(rng, created).id }))
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
  await publishPost(deps, referent, community.id, {
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

  // Freshly filled tables: statistics for the planner, and (PGlite) the visibility map for index-only scans.
  if (deps.database.kind === 'pglite') {
    await maintainDatabase(deps.database, { everything: true });
  } else {
    await deps.db.execute(sql`analyze`);
  }
  for (const topic of [PLACES_TOPIC, PEOPLE_TOPIC, SKILLS_TOPIC, COMMUNITIES_TOPIC, DOCUMENTS_TOPIC, TOOLS_TOPIC]) {
    await deps.changes.publish(topic);
  }
  return { places: spec.places, members: spec.members };
}

/** True when nothing was ever stored (first start). */
export async function isEmpty(deps: Deps): Promise<boolean> {
  return (await accountsRepo.countUsers(deps.db)) === 0 && (await placesRepo.countPlaces(deps.db)) === 0;
}
