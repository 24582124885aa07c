import { eq } from 'drizzle-orm';
import type { Deps } from '../src/deps.ts';
import { users } from '../src/domains/accounts/accounts.schema.ts';
import { hashPassword } from '../src/domains/accounts/passwords.ts';
import { createProfileFor, refreshMemberSearch, updateMyProfile } from '../src/domains/people/people.service.ts';
import { createPlace, moderatePlace } from '../src/domains/places/places.service.ts';
import { declareSkill, resolveSkillNames } from '../src/domains/skills/skills.service.ts';
import type { Viewer } from '../src/lib/viewer.ts';

/**
 * People already in the network when the browser journeys start, made through the services
 * the pages use: a fabmanager near Rennes who can pass on laser cutting and runs a fablab,
 * and one in Brest (too far for a 50 km search from Rennes).
 */
export const FABMANAGER = {
  displayName: 'Fanny Fabmanager',
  email: 'fanny.fabmanager@example.org',
  password: 'la découpeuse laser chauffe à Vitré',
  commune: 'Vitré',
  postcode: '35500',
  place: 'Fablab du lycée de Vitré',
};
export const FAR_FABMANAGER = { displayName: 'Félix Finistère', commune: 'Brest', postcode: '29200' };
/** A teacher who runs workshops at Fanny's fablab (and logs them for recognition). */
export const TEACHER = {
  displayName: 'Tiphaine Enseignante',
  email: 'tiphaine.enseignante@example.org',
  password: 'mes élèves de 4e soudent des capteurs',
  commune: 'Vitré',
  postcode: '35500',
  bio: 'Professeure de technologie au collège : j’anime des ateliers au fablab le mercredi.',
  role: 'enseignant',
};

/** Parents who bring their children to the fablab's workshops (each registers a family). */
export const PARENTS = [
  { displayName: 'Paul Parent', email: 'paul.parent@example.org', password: 'mes enfants adorent le fablab' },
  { displayName: 'Pauline Parente', email: 'pauline.parente@example.org', password: 'trois enfants et un robot' },
];

const PUBLIC = {
  bio: 'public',
  photo: 'public',
  roles: 'public',
  territory: 'public',
  places: 'public',
  skills: 'public',
  openTo: 'public',
  links: 'public',
} as const;

async function member(
  deps: Deps,
  p: { displayName: string; email: string; password: string; commune: string; postcode: string; bio?: string; role?: string },
) {
  const [row] = await deps.db
    .insert(users)
    .values({ email: p.email, displayName: p.displayName, passwordHash: await hashPassword(p.password), emailVerifiedAt: new Date() })
    .returning();
  if (!row) {
    throw new Error('persona not created');
  }
  await createProfileFor(deps.db, row);
  const viewer: Viewer = { id: row.id, displayName: row.displayName, role: 'member', emailVerified: true };
  await updateMyProfile(deps, viewer, {
    displayName: p.displayName,
    bio: p.bio ?? 'Fabmanager : j’accompagne les projets des élèves et des enseignants.',
    networkRoles: [p.role ?? 'fabmanager'],
    commune: p.commune,
    postcode: p.postcode,
    openTo: ['mentorat', 'visites'],
    links: [],
    visibility: PUBLIC,
    digest: 'weekly',
  });
  const { skills } = await resolveSkillNames(deps, 'Découpe laser, Impression 3D');
  for (const skill of skills) {
    await declareSkill(deps, viewer, skill.id, 3, (tx) => refreshMemberSearch(tx, viewer.id));
  }
  return viewer;
}

export async function addPersonas(deps: Deps, adminEmail: string): Promise<void> {
  const fanny = await member(deps, FABMANAGER);
  const place = await createPlace(deps, fanny, {
    name: FABMANAGER.place,
    kinds: ['fablab'],
    description: 'Le fablab du lycée, ouvert aux collèges du pays de Vitré.',
    postcode: FABMANAGER.postcode,
    commune: FABMANAGER.commune,
    latitude: 48.1236,
    longitude: -1.2089,
    equipment: ['decoupe-laser', 'imprimante-3d'],
    services: ['ateliers'],
    audiences: ['lycee'],
    accessibility: [],
    charterText: '',
  });
  const [admin] = await deps.db.select().from(users).where(eq(users.email, adminEmail));
  if (!admin) {
    throw new Error('create the admin first');
  }
  await moderatePlace(deps, { id: admin.id, displayName: admin.displayName, role: 'admin', emailVerified: true }, place.id, 'publish');
  await member(deps, { ...FAR_FABMANAGER, email: 'felix.finistere@example.org', password: 'loin de Rennes, à Brest' });
  await member(deps, TEACHER);
  for (const parent of PARENTS) {
    await member(deps, { ...parent, commune: 'Vitré', postcode: '35500' });
  }
}
