import type { Vocabulary } from '../places/places.vocabulary.ts';
import type { DocumentKind } from './documents.schema.ts';

/**
 * What a revision holds: everything a person edits on a project or a guide. Stored whole in
 * each revision, so that a diff or a restore never depends on another table.
 */
export interface DocumentContent {
  title: string;
  summary: string;
  status: string;
  licence: string;
  /** Markdown per section of the kind's template (missing or empty: not written yet). */
  sections: Record<string, string>;
  /** The numbered steps of "Déroulé": each with its text and the images attached to it. */
  steps: DocumentStep[];
  levels: string[];
  disciplines: string[];
  audiences: string[];
  duration: string;
  groupSize: string;
  materials: string;
  budget: string;
  coverKey: string | null;
  /** Storage keys of attached files (PDF), in the order shown. */
  attachments: string[];
  placeIds: string[];
  communityIds: string[];
  skillIds: string[];
  toolIds: string[];
}

export interface DocumentStep {
  title: string;
  text: string;
  /** Storage keys of images uploaded to this document. */
  images: string[];
}

/** The HTML of a content's Markdown, rendered and sanitised when saved. */
export interface RenderedContent {
  sections: Record<string, string>;
  steps: string[];
}

/**
 * The body templates. A person fills sections in any order; the page shows those written, in
 * this order. "Déroulé" is the steps.
 */
export const TEMPLATES: Record<DocumentKind, { sections: readonly string[]; stepsAfter: string }> = {
  project: { sections: ['contexte', 'objectifs', 'ressources', 'resultats', 'autrement'], stepsAfter: 'objectifs' },
  guide: { sections: ['introduction', 'prerequis', 'ressources'], stepsAfter: 'prerequis' },
};

export const PROJECT_STATUSES = {
  idee: { fr: 'Idée', en: 'Idea' },
  'en-cours': { fr: 'En cours', en: 'In progress' },
  termine: { fr: 'Terminé', en: 'Done' },
  archive: { fr: 'Archivé', en: 'Archived' },
} satisfies Vocabulary;
export const GUIDE_STATUSES = { publie: { fr: 'Publié', en: 'Published' } } satisfies Vocabulary;

export const LEVELS = {
  maternelle: { fr: 'Maternelle (cycle 1)', en: 'Nursery school' },
  elementaire: { fr: 'Élémentaire (cycles 2 et 3)', en: 'Primary school' },
  college: { fr: 'Collège (cycles 3 et 4)', en: 'Lower secondary' },
  lycee: { fr: 'Lycée général et technologique', en: 'Upper secondary' },
  'lycee-pro': { fr: 'Lycée professionnel', en: 'Vocational school' },
  superieur: { fr: 'Enseignement supérieur', en: 'Higher education' },
  'hors-temps-scolaire': { fr: 'Hors temps scolaire', en: 'Out of school time' },
  adultes: { fr: 'Adultes, formation', en: 'Adults, training' },
} satisfies Vocabulary;

export const DISCIPLINES = {
  technologie: { fr: 'Technologie', en: 'Technology' },
  sciences: { fr: 'Sciences (SVT, physique-chimie)', en: 'Science' },
  mathematiques: { fr: 'Mathématiques', en: 'Mathematics' },
  'arts-plastiques': { fr: 'Arts plastiques', en: 'Visual arts' },
  'education-musicale': { fr: 'Éducation musicale', en: 'Music' },
  francais: { fr: 'Français', en: 'French' },
  langues: { fr: 'Langues vivantes', en: 'Modern languages' },
  'histoire-geographie': { fr: 'Histoire-géographie', en: 'History and geography' },
  emc: { fr: 'Enseignement moral et civique', en: 'Civics' },
  eps: { fr: 'EPS', en: 'Physical education' },
  numerique: { fr: 'Numérique, SNT, NSI', en: 'Computing' },
  documentation: { fr: 'Documentation, EMI', en: 'Media and information literacy' },
  ses: { fr: 'Sciences économiques et sociales', en: 'Economics and social sciences' },
  pluridisciplinaire: { fr: 'Pluridisciplinaire', en: 'Cross-disciplinary' },
} satisfies Vocabulary;

export const DOC_AUDIENCES = {
  eleves: { fr: 'Élèves', en: 'Pupils' },
  enseignants: { fr: 'Enseignant·es', en: 'Teachers' },
  jeunes: { fr: 'Jeunes hors école', en: 'Young people' },
  familles: { fr: 'Familles', en: 'Families' },
  seniors: { fr: 'Seniors', en: 'Older people' },
  professionnels: { fr: 'Professionnel·les', en: 'Professionals' },
  'tout-public': { fr: 'Tout public', en: 'Everyone' },
} satisfies Vocabulary;

export const BUDGETS = {
  aucun: { fr: 'Sans budget', en: 'No budget' },
  'moins-100': { fr: 'Moins de 100 €', en: 'Under €100' },
  '100-500': { fr: 'De 100 à 500 €', en: '€100 to €500' },
  '500-2000': { fr: 'De 500 à 2 000 €', en: '€500 to €2,000' },
  'plus-2000': { fr: 'Plus de 2 000 €', en: 'Over €2,000' },
} satisfies Vocabulary;

export interface Licence {
  id: string;
  label: string;
  url: string;
  /** Free licences make a project part of the commons. */
  free: boolean;
  /** The licence forbids derivatives: "adapt this project" is refused. */
  noDerivatives?: boolean;
  /** Adaptations must keep the same licence. */
  shareAlike?: boolean;
}

/** SPDX identifiers. CC BY-SA 4.0 first: the default. */
export const LICENCES: readonly Licence[] = [
  {
    id: 'CC-BY-SA-4.0',
    label: 'CC BY-SA 4.0',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/deed.fr',
    free: true,
    shareAlike: true,
  },
  { id: 'CC-BY-4.0', label: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/deed.fr', free: true },
  { id: 'CC0-1.0', label: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/deed.fr', free: true },
  { id: 'etalab-2.0', label: 'Licence Ouverte / Etalab 2.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/', free: true },
  {
    id: 'CC-BY-NC-SA-4.0',
    label: 'CC BY-NC-SA 4.0',
    url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr',
    free: false,
    shareAlike: true,
  },
  { id: 'CC-BY-NC-4.0', label: 'CC BY-NC 4.0', url: 'https://creativecommons.org/licenses/by-nc/4.0/deed.fr', free: false },
  {
    id: 'CC-BY-ND-4.0',
    label: 'CC BY-ND 4.0',
    url: 'https://creativecommons.org/licenses/by-nd/4.0/deed.fr',
    free: false,
    noDerivatives: true,
  },
  { id: 'LicenseRef-tous-droits-reserves', label: 'Tous droits réservés', url: '', free: false, noDerivatives: true },
];
export const DEFAULT_LICENCE = 'CC-BY-SA-4.0';
export const LICENCE_IDS = LICENCES.map((l) => l.id) as [string, ...string[]];

export function licenceOf(id: string): Licence {
  return LICENCES.find((l) => l.id === id) ?? (LICENCES[0] as Licence);
}

/** An empty content of a kind, with the defaults a new document starts from. */
export function emptyContent(kind: DocumentKind): DocumentContent {
  return {
    title: '',
    summary: '',
    status: kind === 'project' ? 'idee' : 'publie',
    licence: DEFAULT_LICENCE,
    sections: {},
    steps: [],
    levels: [],
    disciplines: [],
    audiences: [],
    duration: '',
    groupSize: '',
    materials: '',
    budget: '',
    coverKey: null,
    attachments: [],
    placeIds: [],
    communityIds: [],
    skillIds: [],
    toolIds: [],
  };
}

/** Steps as one Markdown text (numbered headings): how diffs and exports read "Déroulé". */
export function stepsText(steps: DocumentStep[]): string {
  return steps.map((s, i) => `### ${i + 1}. ${s.title}\n\n${s.text}`.trimEnd()).join('\n\n');
}

/** The content's text fields in page order, as label keys and Markdown: for diffs and exports. */
export function textParts(kind: DocumentKind, content: DocumentContent): Array<{ key: string; text: string }> {
  const template = TEMPLATES[kind];
  const parts: Array<{ key: string; text: string }> = [
    { key: 'title', text: content.title },
    { key: 'summary', text: content.summary },
  ];
  for (const section of template.sections) {
    parts.push({ key: section, text: content.sections[section] ?? '' });
    if (section === template.stepsAfter) {
      parts.push({ key: 'steps', text: stepsText(content.steps) });
    }
  }
  return parts;
}

/** The plain words of the body, for the search index. */
export function bodyTextOf(kind: DocumentKind, content: DocumentContent): string {
  return textParts(kind, content)
    .filter((p) => p.key !== 'title' && p.key !== 'summary')
    .map((p) => p.text)
    .join('\n\n')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/[#*_`>|[\]()~-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
