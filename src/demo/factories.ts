/**
 * Factories for realistic French network data, shared by the tests and the demo / benchmark
 * seed. Deterministic: the same seed gives the same network.
 */
import type { OpeningHours } from '../domains/places/opening-hours.ts';
import type { PlaceData } from '../domains/places/places.validation.ts';
import { TOWNS, type Town } from './towns.ts';

export type Rng = () => number;

/** mulberry32: a small, fast, seedable PRNG. */
export function createRng(seed = 42): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;

export function pickSome<T>(rng: Rng, list: readonly T[], min: number, max: number): T[] {
  const n = min + Math.floor(rng() * (max - min + 1));
  const copy = [...list];
  const out: T[] = [];
  while (out.length < n && copy.length > 0) {
    out.push(copy.splice(Math.floor(rng() * copy.length), 1)[0] as T);
  }
  return out;
}

const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Manon',
  'Chloé',
  'Inès',
  'Sarah',
  'Louise',
  'Jeanne',
  'Emma',
  'Alice',
  'Zoé',
  'Nadia',
  'Fatou',
  'Aïcha',
  'Élodie',
  'Sophie',
  'Claire',
  'Hélène',
  'Mathilde',
  'Juliette',
  'Thomas',
  'Lucas',
  'Hugo',
  'Julien',
  'Nicolas',
  'Mehdi',
  'Karim',
  'Yann',
  'Mathieu',
  'Antoine',
  'Baptiste',
  'Romain',
  'Olivier',
  'Benoît',
  'Sébastien',
  'Maxime',
  'Théo',
  'Samir',
  'Loïc',
  'Gaëlle',
  'Anaïs',
  'Rémi',
  'Noémie',
];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Le Gall',
  'Benali',
  'Nguyen',
  'Diallo',
  'Traoré',
  'Kerhervé',
  'Ollivier',
  'Chevalier',
  'Gauthier',
  'Perrin',
];
const SCHOOL_PATRONS = [
  'Jean Moulin',
  'Victor Hugo',
  'Marie Curie',
  'Jules Ferry',
  'Louise Michel',
  'Simone Veil',
  'Jean Jaurès',
  'Olympe de Gouges',
  'Aimé Césaire',
  'George Sand',
  'Condorcet',
  'Camille Claudel',
  'Paul Langevin',
  'Jacques Prévert',
  'Albert Camus',
  'Colette',
  'Germaine Tillion',
  'Pierre Mendès France',
  'Rosa Parks',
  'Lucie Aubrac',
  'Gisèle Halimi',
  'Joséphine Baker',
  'Alan Turing',
  'Ada Lovelace',
];
const LIBRARY_NAMES = [
  'Émile Zola',
  'Louise Labé',
  'Marguerite Duras',
  'Boris Vian',
  'Nelson Mandela',
  'François Mitterrand',
  'Jean de La Fontaine',
  'Les Capucins',
  'La Canopée',
  'L’Alpha',
];
const THIRD_PLACE_NAMES = [
  'La Fabrique',
  'L’Établi',
  'La Ruche',
  'Le Bocal',
  'La Coopérative',
  'Le Hangar',
  'La Forge',
  'L’Atelier commun',
  'La Bricothèque',
  'Le Tiers-Temps',
  'La Trame',
  'Le Métier',
];

interface KindProfile {
  kind: string;
  names: (rng: Rng, town: string) => string;
  equipment: string[];
  services: string[];
  audiences: string[];
  extraKinds: string[];
}

const PROFILES: KindProfile[] = [
  {
    kind: 'fablab',
    names: (rng, town) =>
      `${pick(rng, ['Fablab du collège', 'Fablab du lycée', 'FabLab du lycée professionnel'])} ${pick(rng, SCHOOL_PATRONS)}${rng() < 0.3 ? ` de ${town}` : ''}`,
    equipment: [
      'imprimante-3d',
      'decoupe-laser',
      'decoupe-vinyle',
      'electronique',
      'robotique',
      'fraiseuse-cnc',
      'brodeuse',
      'ordinateurs',
      'scanner-3d',
    ],
    services: ['ateliers', 'accueil-classes', 'accompagnement-projets', 'formations', 'acces-libre'],
    audiences: ['college', 'lycee', 'enseignants', 'familles'],
    extraKinds: ['tiers-lieu-scolaire', 'makerspace'],
  },
  {
    kind: 'learning-lab',
    names: (rng, town) =>
      `${pick(rng, ['Learning lab', 'Learning Center', 'Lab pédagogique'])} ${pick(rng, ['de l’université de', 'de l’INSPÉ de', 'du campus de'])} ${town}`,
    equipment: ['ordinateurs', 'tablettes', 'studio-video', 'realite-virtuelle', 'imprimante-3d', 'studio-son'],
    services: ['formations', 'accompagnement-projets', 'evenements', 'coworking', 'pret-materiel'],
    audiences: ['etudiants', 'enseignants', 'professionnels'],
    extraKinds: ['campus'],
  },
  {
    kind: 'cdi',
    names: (rng) =>
      `${pick(rng, ['CDI', '3C', 'Centre de connaissances et de culture'])} du ${pick(rng, ['collège', 'lycée'])} ${pick(rng, SCHOOL_PATRONS)}`,
    equipment: ['ordinateurs', 'tablettes', 'imprimante-3d', 'robotique', 'studio-son'],
    services: ['accueil-classes', 'ateliers', 'pret-materiel', 'accompagnement-projets'],
    audiences: ['college', 'lycee', 'enseignants'],
    extraKinds: ['tiers-lieu-scolaire'],
  },
  {
    kind: 'mediatheque',
    names: (rng, town) => `Médiathèque ${pick(rng, LIBRARY_NAMES)} — ${town}`,
    equipment: ['ordinateurs', 'tablettes', 'imprimante-3d', 'studio-son', 'realite-virtuelle', 'machine-a-coudre', 'decoupe-vinyle'],
    services: ['mediation-numerique', 'ateliers', 'acces-libre', 'evenements', 'accueil-classes', 'repair-cafe'],
    audiences: ['tout-public', 'familles', 'seniors', 'elementaire', 'jeunes'],
    extraKinds: ['makerspace', 'espace-numerique'],
  },
  {
    kind: 'espace-jeunes',
    names: (rng, town) =>
      `${pick(rng, ['Espace jeunes', 'Point information jeunesse', 'Maison des jeunes'])} ${pick(rng, ['du centre', 'des Quartiers Nord', 'de la Gare', 'Bellevue', 'des Provinces'])} — ${town}`,
    equipment: ['ordinateurs', 'studio-video', 'studio-son', 'robotique', 'imprimante-3d', 'presse-sublimation'],
    services: ['ateliers', 'accompagnement-projets', 'evenements', 'acces-libre'],
    audiences: ['jeunes', 'college', 'lycee'],
    extraKinds: ['centre-social'],
  },
  {
    kind: 'associatif',
    names: (rng, town) => `${pick(rng, THIRD_PLACE_NAMES)}${rng() < 0.5 ? ` — ${town}` : ''}`,
    equipment: ['outillage-bois', 'imprimante-3d', 'decoupe-laser', 'machine-a-coudre', 'electronique', 'fraiseuse-cnc'],
    services: ['repair-cafe', 'ateliers', 'coworking', 'location-espace', 'residences', 'evenements', 'acces-libre'],
    audiences: ['tout-public', 'familles', 'professionnels', 'jeunes'],
    extraKinds: ['makerspace', 'living-lab'],
  },
];

const ACTIVITIES = [
  'des ateliers de découpe laser pour fabriquer le mobilier de la classe',
  'un club robotique le mercredi après-midi',
  'la réalisation d’un podcast de l’établissement',
  'l’impression 3D de pièces de rechange pour le quartier',
  'un repair café mensuel avec les parents',
  'la documentation des projets sur le wiki du réseau',
  'des permanences de médiation numérique',
  'un atelier de couture et de broderie numérique',
  'des défis de programmation avec Scratch',
  'la création de jeux de société en bois',
  'un projet de station météo connectée',
  'des formations à la modélisation avec FreeCAD',
];

function description(rng: Rng, name: string, town: string): string {
  const acts = pickSome(rng, ACTIVITIES, 3, 5);
  return [
    `${name} accueille élèves, enseignants et habitants de ${town} pour apprendre en fabriquant.`,
    '',
    'On y trouve notamment :',
    '',
    ...acts.map((a) => `- ${a} ;`),
    '',
    `L’équipe d’animation accompagne chaque projet, de l’idée à la **documentation** partagée avec le réseau. ${
      rng() < 0.5
        ? 'Les outils utilisés sont libres, pour que chacun puisse refaire chez soi.'
        : 'Les créneaux en accès libre sont ouverts à tous, sur inscription.'
    }`,
  ].join('\n');
}

function openingHours(rng: Rng, kind: string): OpeningHours {
  const school = kind === 'fablab' || kind === 'cdi';
  const morning: [string, string] = [pick(rng, ['08:30', '09:00', '10:00']), '12:00'];
  const afternoon: [string, string] = [pick(rng, ['13:30', '14:00']), pick(rng, ['17:00', '17:30', '18:00', '19:00'])];
  const day = (): Array<[string, string]> => (rng() < 0.8 ? [morning, afternoon] : [afternoon]);
  const days: OpeningHours['days'] = { mo: day(), tu: day(), th: day(), fr: day() };
  days.we = school ? [morning] : day();
  if (!school && rng() < 0.6) {
    days.sa = [['10:00', pick(rng, ['13:00', '17:00'])]];
  }
  return { days, ...(school ? { note: 'Fermé pendant les vacances scolaires.' } : {}) };
}

export interface PlaceSeed {
  data: PlaceData;
  town: Town;
}

/** A realistic place in `town` (or a town picked at random), with coordinates near its centre. */
export function buildPlace(rng: Rng, overrides: Partial<PlaceData> = {}, town: Town = pick(rng, TOWNS)): PlaceSeed {
  const profile = pick(rng, PROFILES);
  const [townName, inseeCode, postcode, lat, lng] = town;
  const name = profile.names(rng, townName);
  const jitter = () => (rng() - 0.5) * 0.08;
  const year = 2019 + Math.floor(rng() * 7);
  const data: PlaceData = {
    name,
    kinds: [profile.kind, ...(rng() < 0.4 ? [pick(rng, profile.extraKinds)] : [])],
    description: description(rng, name, townName),
    address: `${1 + Math.floor(rng() * 120)} ${pick(rng, ['rue', 'avenue', 'boulevard', 'place', 'allée'])} ${pick(rng, SCHOOL_PATRONS)}`,
    postcode,
    commune: townName,
    inseeCode,
    latitude: Math.round((lat + jitter()) * 1e6) / 1e6,
    longitude: Math.round((lng + jitter()) * 1e6) / 1e6,
    openingHours: openingHours(rng, profile.kind),
    equipment: pickSome(rng, profile.equipment, 2, 5),
    services: pickSome(rng, profile.services, 2, 4),
    audiences: pickSome(rng, profile.audiences, 1, 3),
    accessibility: pickSome(rng, ['pmr', 'transports-communs', 'boucle-magnetique', 'falc', 'parking'], 1, 3),
    website: `https://${name
      .normalize('NFD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
      .slice(0, 40)}.example.org`,
    charterText:
      'Nous accueillons chacun et chacune sans condition, nous partageons ce que nous apprenons, nous utilisons et produisons des ressources libres, et nous décidons ensemble de la vie du lieu.',
    charterSignedOn: `${year}-${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rng() * 28)).padStart(2, '0')}`,
    ...overrides,
  };
  return { data, town };
}

export interface UserSeed {
  displayName: string;
  email: string;
}

/** A member with a French name; e-mails use the reserved example.org domain. */
export function buildUser(rng: Rng, n: number, overrides: Partial<UserSeed> = {}): UserSeed {
  const first = pick(rng, FIRST_NAMES);
  const last = pick(rng, LAST_NAMES);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z.]+/g, '')
    .toLowerCase();
  return { displayName: `${first} ${last}`, email: `${local}.${n}@example.org`, ...overrides };
}

const BIOS = [
  'J’anime un fablab scolaire et j’aime voir les élèves passer de l’idée à l’objet.',
  'Professeure de technologie, je monte des projets entre le collège et la médiathèque voisine.',
  'Fabmanager depuis cinq ans, je documente tout ce que nous faisons pour que d’autres le refassent.',
  'Médiateur numérique, j’accompagne familles et seniors, et je lance des ateliers de réparation.',
  'Chercheuse en sciences de l’éducation, je m’intéresse à ce que les tiers-lieux changent dans l’école.',
  'Animatrice d’un espace jeunes, on y fait du son, de la vidéo et beaucoup de bricolage.',
  'Concierge d’un tiers-lieu associatif : j’accueille, je mets en relation, j’organise.',
  'Documentaliste, j’ai transformé notre CDI en 3C avec imprimante 3D et studio podcast.',
];

const ROLE_SETS: string[][] = [
  ['animateur'],
  ['fabmanager'],
  ['enseignant'],
  ['enseignant', 'animateur'],
  ['mediateur'],
  ['concierge'],
  ['facilitateur'],
  ['chercheur'],
  ['partenaire'],
  ['fabmanager', 'facilitateur'],
];

export interface ProfileSeed {
  bio: string;
  networkRoles: string[];
  teachingDiscipline?: string;
  teachingLevel?: string;
  openTo: string[];
  visibility: Record<'bio' | 'photo' | 'roles' | 'territory' | 'places' | 'skills' | 'openTo' | 'links', 'public' | 'members' | 'private'>;
  skillCount: number;
}

/** A member's profile: roles, a short bio, open-to flags, visibilities (most public or members-only). */
export function buildProfile(rng: Rng): ProfileSeed {
  const roles = pick(rng, ROLE_SETS);
  const level = (): 'public' | 'members' | 'private' => {
    const r = rng();
    return r < 0.55 ? 'public' : r < 0.92 ? 'members' : 'private';
  };
  const teacher = roles.includes('enseignant');
  return {
    bio: pick(rng, BIOS),
    networkRoles: roles,
    teachingDiscipline: teacher
      ? pick(rng, ['Technologie', 'Arts plastiques', 'Documentation', 'Physique-chimie', 'Mathématiques', 'Lettres'])
      : undefined,
    teachingLevel: teacher ? pick(rng, ['college', 'lycee', 'lycee-pro', 'elementaire']) : undefined,
    openTo: pickSome(rng, ['mentorat', 'visites', 'interventions', 'questions'], 0, 3),
    visibility: {
      bio: level(),
      photo: level(),
      roles: level(),
      territory: level(),
      places: level(),
      skills: level(),
      openTo: level(),
      links: level(),
    },
    skillCount: 1 + Math.floor(rng() * 5),
  };
}
