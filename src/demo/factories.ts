/**
 * Factories for realistic French network data, shared by the tests and the demo / benchmark
 * seed. Deterministic: the same seed gives the same network.
 */

import type { OpeningHours } from '../domains/places/opening-hours.ts';
import type { PlaceData } from '../domains/places/places.validation.ts';
import { aName, deName } from '../lib/french.ts';
import type { Rng } from '../lib/random.ts';
import { TOWNS, type Town } from './towns.ts';

export { createRng } from '../lib/random.ts';
export type { Rng };

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

export type Gender = 'f' | 'm';

/** First names with the grammatical gender their owner's bio is written in. */
const FIRST_NAMES: ReadonlyArray<readonly [string, Gender]> = [
  ['Camille', 'f'],
  ['Léa', 'f'],
  ['Manon', 'f'],
  ['Chloé', 'f'],
  ['Inès', 'f'],
  ['Sarah', 'f'],
  ['Louise', 'f'],
  ['Jeanne', 'f'],
  ['Emma', 'f'],
  ['Alice', 'f'],
  ['Zoé', 'f'],
  ['Nadia', 'f'],
  ['Fatou', 'f'],
  ['Aïcha', 'f'],
  ['Élodie', 'f'],
  ['Sophie', 'f'],
  ['Claire', 'f'],
  ['Hélène', 'f'],
  ['Mathilde', 'f'],
  ['Juliette', 'f'],
  ['Gaëlle', 'f'],
  ['Anaïs', 'f'],
  ['Noémie', 'f'],
  ['Marion', 'f'],
  ['Lina', 'f'],
  ['Soizic', 'f'],
  ['Thomas', 'm'],
  ['Lucas', 'm'],
  ['Hugo', 'm'],
  ['Julien', 'm'],
  ['Nicolas', 'm'],
  ['Mehdi', 'm'],
  ['Karim', 'm'],
  ['Yann', 'm'],
  ['Mathieu', 'm'],
  ['Antoine', 'm'],
  ['Baptiste', 'm'],
  ['Romain', 'm'],
  ['Olivier', 'm'],
  ['Benoît', 'm'],
  ['Sébastien', 'm'],
  ['Maxime', 'm'],
  ['Théo', 'm'],
  ['Samir', 'm'],
  ['Loïc', 'm'],
  ['Rémi', 'm'],
  ['Erwan', 'm'],
  ['Moussa', 'm'],
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

/** An activity a place runs, and the machine it needs (so a description and the equipment agree). */
type Activity = readonly [text: string, equipment: string | null];

interface KindProfile {
  kind: string;
  names: (rng: Rng, town: string) => string;
  equipment: string[];
  services: string[];
  audiences: string[];
  extraKinds: string[];
  /** Opening sentences: {name}, {town}, {year}. */
  intros: string[];
  activities: Activity[];
  /** Closing sentences: how to come, who to ask. */
  closings: string[];
}

const PROFILES: KindProfile[] = [
  {
    kind: 'fablab',
    names: (rng, town) =>
      `${pick(rng, ['Fablab du collège', 'Fablab du lycée', 'FabLab du lycée professionnel'])} ${pick(rng, SCHOOL_PATRONS)}${rng() < 0.3 ? ` ${deName(town)}` : ''}`,
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
    intros: [
      'Installé depuis {year} dans une ancienne salle de technologie, {le}{name} accueille les classes de l’établissement et, le mercredi, celles des écoles voisines.',
      '{Le}{name} est né en {year} d’un projet porté par deux enseignants et l’agent de laboratoire, avec l’aide de la région pour les premières machines.',
      'Au cœur de l’établissement, {le}{name} est ouvert aux élèves sur les temps de classe, pendant la pause méridienne et en club.',
      '{Le}{name} sert de fablab à tout le bassin {deTown} : les collèges et écoles du secteur y réservent des créneaux depuis {year}.',
    ],
    activities: [
      ['un club robotique qui prépare les rencontres académiques', 'robotique'],
      ['la fabrication du mobilier de la salle par les élèves de seconde', 'decoupe-laser'],
      ['des pièces de rechange imprimées pour le matériel du lycée', 'imprimante-3d'],
      ['des badges lumineux soudés par les 4e', 'electronique'],
      ['des autocollants et flocages pour l’association sportive', 'decoupe-vinyle'],
      ['l’usinage des pièces du projet de mini-entreprise', 'fraiseuse-cnc'],
      ['des écussons brodés pour la fête de fin d’année', 'brodeuse'],
      ['un atelier de numérisation des objets du musée de la ville', 'scanner-3d'],
    ],
    closings: [
      'Les enseignants d’autres établissements peuvent réserver un créneau en écrivant à l’équipe.',
      'Chaque projet est documenté par les élèves eux-mêmes avant d’être partagé avec le réseau.',
      'Une fois par trimestre, les familles sont invitées à une après-midi portes ouvertes.',
    ],
  },
  {
    kind: 'learning-lab',
    names: (rng, town) =>
      `${pick(rng, ['Learning lab', 'Learning Center', 'Lab pédagogique'])} ${pick(rng, ['de l’université', 'de l’INSPÉ', 'du campus'])} ${deName(town)}`,
    equipment: ['ordinateurs', 'tablettes', 'studio-video', 'realite-virtuelle', 'imprimante-3d', 'studio-son'],
    services: ['formations', 'accompagnement-projets', 'evenements', 'coworking', 'pret-materiel'],
    audiences: ['etudiants', 'enseignants', 'professionnels'],
    extraKinds: ['campus'],
    intros: [
      '{Le}{name} est un espace modulable où étudiants et enseignants expérimentent d’autres façons d’apprendre depuis {year}.',
      'Ouvert en {year}, {le}{name} accompagne les équipes pédagogiques qui veulent transformer leurs cours.',
      'Tables mobiles, murs inscriptibles et studio : {le}{name} se réserve pour un cours, un atelier ou une soutenance.',
    ],
    activities: [
      ['des capsules vidéo tournées par les enseignants pour leurs cours hybrides', 'studio-video'],
      ['des ateliers de design thinking avec les étudiants de master', null],
      ['l’essai de casques de réalité virtuelle en formation des enseignants', 'realite-virtuelle'],
      ['un podcast étudiant sur la recherche en éducation', 'studio-son'],
      ['le prêt de tablettes pour les stages en établissement', 'tablettes'],
      ['des prototypes imprimés pour les projets d’ingénierie pédagogique', 'imprimante-3d'],
    ],
    closings: [
      'Les réservations se font sur le site de l’université ; l’équipe conseille chaque projet.',
      'Des rencontres « midi pédagogiques » y ont lieu chaque mois.',
      'Les ressources produites sont publiées sous licence libre.',
    ],
  },
  {
    kind: 'cdi',
    names: (rng) =>
      `${pick(rng, ['CDI', '3C', 'Centre de connaissances et de culture'])} du ${pick(rng, ['collège', 'lycée'])} ${pick(rng, SCHOOL_PATRONS)}`,
    equipment: ['ordinateurs', 'tablettes', 'imprimante-3d', 'robotique', 'studio-son'],
    services: ['accueil-classes', 'ateliers', 'pret-materiel', 'accompagnement-projets'],
    audiences: ['college', 'lycee', 'enseignants'],
    extraKinds: ['tiers-lieu-scolaire'],
    intros: [
      'Depuis {year}, la professeure documentaliste a fait {du}{name} un lieu pour lire, chercher et fabriquer.',
      '{Le}{name} mêle fonds documentaire, espace de travail en groupe et petit coin fabrication.',
      'Depuis {year}, {le}{name} accueille les élèves toute la journée, avec ou sans leur classe.',
    ],
    activities: [
      ['une webradio animée par les élèves délégués', 'studio-son'],
      ['des ateliers d’éducation aux médias autour de l’information en ligne', 'ordinateurs'],
      ['un club lecture qui imprime en 3D les objets des romans lus', 'imprimante-3d'],
      ['des robots programmés pour raconter des histoires aux CP de l’école voisine', 'robotique'],
      ['des exposés préparés sur tablettes en demi-groupes', 'tablettes'],
    ],
    closings: [
      'Le lieu est ouvert aux parents lors des réunions de rentrée.',
      'Les projets sont construits avec les enseignants de toutes les disciplines.',
      'Un règlement écrit avec les élèves fixe l’usage des machines.',
    ],
  },
  {
    kind: 'mediatheque',
    names: (rng) => `Médiathèque ${pick(rng, LIBRARY_NAMES)}`,
    equipment: ['ordinateurs', 'tablettes', 'imprimante-3d', 'studio-son', 'realite-virtuelle', 'machine-a-coudre', 'decoupe-vinyle'],
    services: ['mediation-numerique', 'ateliers', 'acces-libre', 'evenements', 'accueil-classes', 'repair-cafe'],
    audiences: ['tout-public', 'familles', 'seniors', 'elementaire', 'jeunes'],
    extraKinds: ['makerspace', 'espace-numerique'],
    intros: [
      '{Le}{name} a ouvert son makerspace en {year}, au rez-de-chaussée, à côté de l’espace jeunesse.',
      'Prêter des livres, mais aussi des outils et des savoir-faire : c’est le pari {du}{name} depuis {year}.',
      'À {le}{name}, l’équipe de bibliothécaires anime un espace de fabrication ouvert à tous les âges.',
    ],
    activities: [
      ['un repair café le premier samedi du mois', null],
      ['des permanences d’aide aux démarches en ligne', 'ordinateurs'],
      ['des ateliers couture et upcycling avec les familles', 'machine-a-coudre'],
      ['la découverte de la réalité virtuelle pendant les vacances', 'realite-virtuelle'],
      ['l’enregistrement de lectures à voix haute par les ados', 'studio-son'],
      ['des objets imprimés en 3D pour les publics malvoyants', 'imprimante-3d'],
      ['des ateliers tablettes pour les seniors', 'tablettes'],
    ],
    closings: [
      'L’accès est gratuit avec la carte de la médiathèque ; certains ateliers sont sur inscription.',
      'Les classes des écoles de la ville y viennent sur réservation.',
      'Le programme du trimestre est affiché à l’accueil et publié sur le site de la ville.',
    ],
  },
  {
    kind: 'espace-jeunes',
    names: (rng) =>
      `${pick(rng, ['Espace jeunes', 'Point information jeunesse', 'Maison des jeunes'])} ${pick(rng, ['du centre', 'des Quartiers Nord', 'de la Gare', 'Bellevue', 'des Provinces'])}`,
    equipment: ['ordinateurs', 'studio-video', 'studio-son', 'robotique', 'imprimante-3d', 'presse-sublimation'],
    services: ['ateliers', 'accompagnement-projets', 'evenements', 'acces-libre'],
    audiences: ['jeunes', 'college', 'lycee'],
    extraKinds: ['centre-social'],
    intros: [
      '{Le}{name} accueille les 11-25 ans après les cours, le mercredi et pendant les vacances depuis {year}.',
      'Géré par la ville depuis {year}, {le}{name} est un lieu où les jeunes montent leurs propres projets.',
      'Dans {le}{name}, les animateurs accompagnent les projets des jeunes, du premier essai à la diffusion.',
    ],
    activities: [
      ['un studio où les jeunes enregistrent leurs morceaux', 'studio-son'],
      ['des clips tournés sur fond vert', 'studio-video'],
      ['des tee-shirts personnalisés pour les événements du quartier', 'presse-sublimation'],
      ['un tournoi de robots entre maisons de quartier', 'robotique'],
      ['l’aide aux CV et aux candidatures en ligne', 'ordinateurs'],
    ],
    closings: [
      'L’adhésion annuelle est de quelques euros, et gratuite pour les boursiers.',
      'Les horaires s’allongent pendant les vacances scolaires.',
      'Les parents peuvent rencontrer l’équipe sur rendez-vous.',
    ],
  },
  {
    kind: 'associatif',
    names: (rng) => pick(rng, THIRD_PLACE_NAMES),
    equipment: ['outillage-bois', 'imprimante-3d', 'decoupe-laser', 'machine-a-coudre', 'electronique', 'fraiseuse-cnc'],
    services: ['repair-cafe', 'ateliers', 'coworking', 'location-espace', 'residences', 'evenements', 'acces-libre'],
    audiences: ['tout-public', 'familles', 'professionnels', 'jeunes'],
    extraKinds: ['makerspace', 'living-lab'],
    intros: [
      '{name} est un tiers-lieu associatif ouvert en {year} dans une ancienne friche {deTown}.',
      'Atelier partagé, café et salle de réunion : {name} est géré par ses adhérents depuis {year}.',
      'Depuis {year}, {name} rassemble bricoleurs, artisans, enseignants et habitants autour d’ateliers ouverts.',
    ],
    activities: [
      ['un atelier bois où chacun peut venir construire son projet', 'outillage-bois'],
      ['des résidences d’artistes qui ouvrent leur travail aux écoles', null],
      ['la découpe laser de signalétique pour les associations du quartier', 'decoupe-laser'],
      ['un atelier de réparation d’électroménager', 'electronique'],
      ['des chantiers couture pour habiller les spectacles de l’école de musique', 'machine-a-coudre'],
      ['des formations à la fabrication numérique pour les demandeurs d’emploi', 'imprimante-3d'],
      ['du mobilier usiné pour les jardins partagés', 'fraiseuse-cnc'],
    ],
    closings: [
      'L’adhésion est à prix libre ; l’accès aux machines demande une courte formation.',
      'Une assemblée ouverte décide chaque mois des projets accueillis.',
      'Le café associatif est ouvert à tous pendant les horaires d’atelier.',
    ],
  },
];

/** The kinds of place a demo member of each role takes part in. */
export const KINDS_FOR_ROLE: Record<string, readonly string[]> = {
  fabmanager: ['fablab', 'associatif', 'learning-lab'],
  animateur: ['espace-jeunes', 'mediatheque', 'associatif'],
  concierge: ['associatif'],
  mediateur: ['mediatheque', 'espace-jeunes'],
  facilitateur: ['learning-lab', 'associatif'],
  enseignant: ['fablab', 'cdi'],
  chercheur: ['learning-lab'],
  partenaire: [],
};

const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

/** The article a place's name takes in a sentence: "le Fablab…", "la Médiathèque…", "l’Espace jeunes…". */
export function articleFor(name: string): string {
  if (/^(Le |La |Les |L’)/.test(name)) {
    return '';
  }
  if (/^(Maison|Médiathèque)\b/.test(name)) {
    return 'la ';
  }
  return /^[AEIOUYÉÈÊÀH]/i.test(name) ? 'l’' : 'le ';
}

function description(rng: Rng, profile: KindProfile, name: string, town: string, year: number, activities: readonly Activity[]): string {
  const le = articleFor(name);
  const du = le === 'le ' ? 'du ' : `de ${le}`;
  const vars = { name, town, deTown: deName(town), year: String(year), le, du, Le: le.charAt(0).toUpperCase() + le.slice(1) };
  return [
    fill(pick(rng, profile.intros), vars),
    '',
    pick(rng, ['On y trouve notamment :', 'Au programme cette année :', 'Quelques projets en cours :', 'Ce qui s’y passe :']),
    '',
    ...activities.map((a, i) => `- ${a[0]}${i === activities.length - 1 ? '.' : ' ;'}`),
    '',
    pick(rng, profile.closings),
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
export function buildPlace(rng: Rng, overrides: Partial<PlaceData> = {}, town: Town = pick(rng, TOWNS), kind?: string): PlaceSeed {
  const profile = PROFILES.find((p) => p.kind === kind) ?? pick(rng, PROFILES);
  const [townName, inseeCode, postcode, lat, lng] = town;
  const name = profile.names(rng, townName);
  const jitter = () => (rng() - 0.5) * 0.08;
  const year = 2016 + Math.floor(rng() * 9);
  const activities = pickSome(rng, profile.activities, 3, 4);
  const equipment = [...new Set([...activities.flatMap((a) => (a[1] ? [a[1]] : [])), ...pickSome(rng, profile.equipment, 1, 2)])];
  const data: PlaceData = {
    name,
    kinds: [profile.kind, ...(rng() < 0.4 ? [pick(rng, profile.extraKinds)] : [])],
    description: description(rng, profile, name, townName, year, activities),
    address: `${1 + Math.floor(rng() * 120)} ${pick(rng, ['rue', 'avenue', 'boulevard', 'place', 'allée'])} ${pick(rng, SCHOOL_PATRONS)}`,
    postcode,
    commune: townName,
    inseeCode,
    latitude: Math.round((lat + jitter()) * 1e6) / 1e6,
    longitude: Math.round((lng + jitter()) * 1e6) / 1e6,
    openingHours: openingHours(rng, profile.kind),
    equipment,
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
    charterSignedOn: `${Math.max(year, 2021)}-${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rng() * 28)).padStart(2, '0')}`,
    ...overrides,
  };
  return { data, town };
}

export interface UserSeed {
  displayName: string;
  email: string;
  gender: Gender;
}

/** A member with a French name; e-mails use the reserved example.org domain. */
export function buildUser(rng: Rng, n: number, overrides: Partial<UserSeed> = {}): UserSeed {
  const [first, gender] = pick(rng, FIRST_NAMES);
  const last = pick(rng, LAST_NAMES);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z.]+/g, '')
    .toLowerCase();
  return { displayName: `${first} ${last}`, email: `${local}.${n}@example.org`, gender, ...overrides };
}

/** "du Fablab…", "de la Médiathèque…", "de l’Espace jeunes…", "du Bocal", "de La Fabrique". */
export function ofPlace(name: string): string {
  // A name with its own article ("Le Bocal", "La Fabrique") contracts as a town's does.
  if (/^(Le |Les |La |L’)/.test(name)) {
    return deName(name);
  }
  const le = articleFor(name);
  return le === 'le ' ? `du ${name}` : `de ${le}${name}`;
}

/** "au Fablab…", "à la Médiathèque…", "à l’Espace jeunes…", "au Bocal", "à La Fabrique". */
export function atPlace(name: string): string {
  if (/^(Le |Les |La |L’)/.test(name)) {
    return aName(name);
  }
  const le = articleFor(name);
  return le === 'le ' ? `au ${name}` : `à ${le}${name}`;
}

/** The school a school place belongs to: "Fablab du collège Jean Moulin" → "collège Jean Moulin". */
export function schoolOf(placeName: string): { school: string; level: 'college' | 'lycee' | 'lycee-pro' } | null {
  const m = /(collège|lycée professionnel|lycée) ([^—]+?)(?: de [A-ZÉ][^—]*)?(?: —.*)?$/.exec(placeName);
  if (!m?.[1] || !m[2]) {
    return null;
  }
  const level = m[1] === 'collège' ? 'college' : m[1] === 'lycée' ? 'lycee' : 'lycee-pro';
  return { school: `${m[1]} ${m[2].trim()}`, level };
}

/** A place a persona takes part in: its name, town and first kind. */
export interface PersonaPlace {
  name: string;
  town: string;
  kind: string;
}

export interface Persona {
  bio: string;
  networkRoles: string[];
  teachingDiscipline?: string;
  teachingLevel?: string;
  openTo: string[];
  visibility: Record<'bio' | 'photo' | 'roles' | 'territory' | 'places' | 'skills' | 'openTo' | 'links', 'public' | 'members' | 'private'>;
  /** Skill names from the reference, with a level (3 = can pass it on). */
  skills: Array<[string, 1 | 2 | 3]>;
  /** The role in the place one takes part in, when there is one. */
  placeRole?: string;
}

const g = (gender: Gender, f: string, m: string) => (gender === 'f' ? f : m);

const DISCIPLINES: ReadonlyArray<readonly [label: string, withArticle: string, skills: string[]]> = [
  ['technologie', 'la technologie', ['Programmation', 'Robotique', 'Impression 3D', 'Pédagogie de projet']],
  ['arts plastiques', 'les arts plastiques', ['Graphisme', 'Découpe laser', 'Broderie numérique', 'Photographie']],
  ['physique-chimie', 'la physique-chimie', ['Arduino et microcontrôleurs', 'Électronique', 'Pédagogie de projet']],
  ['mathématiques', 'les mathématiques', ['Programmation', 'Programmation par blocs', 'Robotique']],
  ['lettres', 'les lettres', ['Son et podcast', 'Éducation aux médias', 'Vidéo']],
  [
    'sciences de la vie et de la Terre',
    'les sciences de la vie et de la Terre',
    ['Arduino et microcontrôleurs', 'Pédagogie de projet', 'Photographie'],
  ],
];

const EXTRA_SKILLS: Record<string, string[]> = {
  fabmanager: [
    'Fraisage numérique',
    'Électronique',
    'Arduino et microcontrôleurs',
    'Documentation',
    'Réparation',
    'Travail du bois',
    'Découpe vinyle',
  ],
  animateur: ['Son et podcast', 'Vidéo', 'Jeu vidéo et création numérique', 'Couture', 'Réparation', 'Photographie'],
  concierge: ['Montage de partenariats', 'Aménagement d’espace', 'Modèle économique', 'Réparation'],
  mediateur: ['Logiciels libres', 'Réparation', 'Éducation aux médias', 'Programmation par blocs'],
  facilitateur: ['Écoute des usagers', 'Gestion de projet', 'Montage de partenariats', 'Documentation'],
  chercheur: ['Documentation', 'Pédagogie active', 'Propriété intellectuelle et licences libres'],
  partenaire: ['Gestion de projet', 'Mesure d’impact'],
};
const CORE_SKILLS: Record<string, string[]> = {
  fabmanager: ['Gestion de fablab', 'Découpe laser', 'Impression 3D', 'Modélisation 3D'],
  animateur: ['Animation de communauté', 'Accueil des publics', 'Pédagogie active'],
  concierge: ['Accueil des publics', 'Animation de communauté', 'Gestion de projet'],
  mediateur: ['Médiation numérique', 'Accueil des publics', 'Inclusion et accessibilité'],
  facilitateur: ['Facilitation', 'Design thinking', 'Pédagogie de projet'],
  chercheur: ['Recherche', 'Mesure d’impact', 'Écoute des usagers'],
  partenaire: ['Recherche de financements', 'Montage de partenariats', 'Modèle économique'],
};

/** The role someone running a place of this kind has in the network. */
export function staffRoleFor(kind: string, rng: Rng): string {
  switch (kind) {
    case 'fablab':
      return rng() < 0.5 ? 'fabmanager' : 'enseignant';
    case 'learning-lab':
      return 'facilitateur';
    case 'cdi':
      return 'enseignant';
    case 'mediatheque':
      return 'mediateur';
    case 'espace-jeunes':
      return 'animateur';
    default:
      return rng() < 0.5 ? 'concierge' : 'fabmanager';
  }
}

/** A member's other roles, given their main one. */
function rolesFor(main: string, rng: Rng): string[] {
  if (main === 'enseignant' && rng() < 0.3) {
    return ['enseignant', 'animateur'];
  }
  if (main === 'fabmanager' && rng() < 0.25) {
    return ['fabmanager', 'facilitateur'];
  }
  return [main];
}

/**
 * A member whose roles, bio, skills and place agree: a documentalist runs a CDI, a technology
 * teacher works with their school's fablab, a fabmanager runs the machines they can teach.
 */
export function buildPersona(rng: Rng, gender: Gender, main: string, place: PersonaPlace | null, town: string): Persona {
  const roles = rolesFor(main, rng);
  const since = 2016 + Math.floor(rng() * 9);
  const skills = new Map<string, 1 | 2 | 3>();
  const add = (names: readonly string[], min: 1 | 2 | 3, max: 1 | 2 | 3) => {
    for (const n of names) {
      if (!skills.has(n)) {
        skills.set(n, (min + Math.floor(rng() * (max - min + 1))) as 1 | 2 | 3);
      }
    }
  };
  let bio: string;
  let teachingDiscipline: string | undefined;
  let teachingLevel: string | undefined;
  let placeRole: string | undefined;
  switch (main) {
    case 'enseignant': {
      const school = place ? schoolOf(place.name) : null;
      if (place?.kind === 'cdi' && school) {
        teachingDiscipline = 'Documentation';
        teachingLevel = school.level;
        bio = pick(rng, [
          `${g(gender, 'Professeure documentaliste', 'Professeur documentaliste')} au ${school.school} (${town}), j’ai ouvert le CDI aux projets de fabrication en ${since}.`,
          `Au ${school.school} ${deName(town)}, j’anime le CDI : webradio, éducation aux médias et un petit coin fabrication.`,
        ]);
        add(['Éducation aux médias', 'Documentation'], 2, 3);
        add(pickSome(rng, ['Son et podcast', 'Impression 3D', 'Accompagnement de classes'], 1, 2), 1, 2);
      } else if (school) {
        const [discipline, withArticle, dSkills] = pick(rng, DISCIPLINES);
        teachingDiscipline = discipline.charAt(0).toUpperCase() + discipline.slice(1);
        teachingLevel = school.level;
        bio = pick(rng, [
          `${g(gender, 'Professeure', 'Professeur')} ${deName(discipline)} au ${school.school} (${town}), je monte des projets avec le fablab de l’établissement.`,
          `J’enseigne ${withArticle} au ${school.school} ${deName(town)} et je coordonne le fablab depuis ${since}.`,
        ]);
        add(dSkills.slice(0, 2), 2, 3);
        add(pickSome(rng, dSkills.slice(2), 0, 2), 1, 2);
        add(['Accompagnement de classes'], 2, 3);
      } else {
        teachingDiscipline = 'Enseignement polyvalent';
        teachingLevel = 'elementaire';
        bio = `${g(gender, 'Professeure', 'Professeur')} des écoles ${aName(town)}, je cherche des lieux et des idées pour initier mes élèves de CM1-CM2 à la programmation.`;
        add(['Programmation par blocs', 'Accompagnement de classes'], 1, 2);
        add(pickSome(rng, ['Robotique', 'Pédagogie de projet', 'Éducation aux médias'], 1, 1), 1, 2);
      }
      placeRole = place ? 'enseignement' : undefined;
      break;
    }
    case 'fabmanager':
      bio = place
        ? pick(rng, [
            `Fabmanager ${ofPlace(place.name)} depuis ${since}, j’accompagne les projets des élèves et des enseignants, de l’idée à l’objet.`,
            `Je fais tourner les machines ${ofPlace(place.name)} et je forme les enseignants qui veulent s’en servir avec leurs classes.`,
            `Fabmanager ${atPlace(place.name)}, je documente tout ce que nous faisons pour que d’autres lieux puissent le refaire.`,
          ])
        : `Fabmanager indépendant${g(gender, 'e', '')} ${aName(town)}, j’interviens dans les écoles et les médiathèques qui ouvrent un atelier.`;
      placeRole = 'fabmanager';
      break;
    case 'animateur':
      bio = place
        ? pick(rng, [
            `${g(gender, 'Animatrice', 'Animateur')} ${atPlace(place.name)}, j’organise les ateliers du mercredi et des vacances.`,
            `J’anime les ateliers ${ofPlace(place.name)} : son, vidéo, bricolage, et beaucoup d’écoute.`,
          ])
        : `${g(gender, 'Animatrice', 'Animateur')} jeunesse ${aName(town)}, je monte des ateliers numériques itinérants.`;
      placeRole = 'animation';
      break;
    case 'concierge':
      bio = place
        ? `Concierge ${ofPlace(place.name)} : j’accueille, je mets en relation les adhérents et j’organise la vie du lieu.`
        : `Concierge de tiers-lieu ${aName(town)} : j’accueille, je mets en relation, j’organise.`;
      placeRole = 'animation';
      break;
    case 'mediateur':
      bio = place
        ? pick(rng, [
            `${g(gender, 'Médiatrice', 'Médiateur')} numérique ${atPlace(place.name)}, j’accompagne familles et seniors et je lance des ateliers de réparation.`,
            `${g(gender, 'Bibliothécaire', 'Bibliothécaire')} ${atPlace(place.name)}, j’anime le makerspace et les permanences numériques.`,
          ])
        : `${g(gender, 'Médiatrice', 'Médiateur')} numérique ${aName(town)}, j’interviens dans les centres sociaux du département.`;
      placeRole = 'animation';
      break;
    case 'facilitateur':
      bio = place
        ? `${g(gender, 'Facilitatrice', 'Facilitateur')} ${atPlace(place.name)} : j’anime des ateliers de co-construction entre enseignants, étudiants et partenaires.`
        : `${g(gender, 'Facilitatrice', 'Facilitateur')} ${aName(town)}, j’aide écoles, collectivités et tiers-lieux à construire leurs projets ensemble.`;
      placeRole = 'animation';
      break;
    case 'chercheur':
      bio = `${g(gender, 'Chercheuse', 'Chercheur')} en sciences de l’éducation ${aName(town)}, j’étudie ce que les tiers-lieux changent dans l’école.`;
      placeRole = place ? 'usager' : undefined;
      break;
    default:
      bio = pick(rng, [
        `${g(gender, 'Chargée', 'Chargé')} de mission éducation à la ville ${deName(town)}, je soutiens les tiers-lieux éducatifs du territoire.`,
        `Je représente une fondation qui finance des projets de fabrication numérique à l’école, près ${deName(town)}.`,
      ]);
      placeRole = undefined;
  }
  if (main !== 'enseignant') {
    add(CORE_SKILLS[main] ?? [], 2, 3);
    add(pickSome(rng, EXTRA_SKILLS[main] ?? [], 0, 2), 1, 2);
  }
  if (roles.includes('animateur') && main === 'enseignant') {
    add(['Animation de communauté'], 1, 2);
  }
  if (roles.includes('facilitateur') && main !== 'facilitateur') {
    add(['Facilitation'], 1, 2);
  }
  const level = (): 'public' | 'members' | 'private' => {
    const r = rng();
    return r < 0.55 ? 'public' : r < 0.92 ? 'members' : 'private';
  };
  return {
    bio,
    networkRoles: roles,
    teachingDiscipline,
    teachingLevel,
    openTo: pickSome(rng, ['mentorat', 'visites', 'interventions', 'questions'], 0, 3).filter((o) => o !== 'visites' || place),
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
    skills: [...skills],
    placeRole: place ? placeRole : undefined,
  };
}

/** Main roles of members who do not run a place, roughly as often as in the network. */
export const OTHER_ROLES = [
  'enseignant',
  'enseignant',
  'enseignant',
  'animateur',
  'mediateur',
  'fabmanager',
  'facilitateur',
  'chercheur',
  'partenaire',
  'concierge',
];
