import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../../deps.ts';
import { safeCell } from '../../lib/csv.ts';
import { toOsmOpeningHours } from './opening-hours.ts';
import { exportRows } from './places.export.ts';
import type { ExportRow } from './places.repo.ts';
import * as repo from './places.repo.ts';

/**
 * The places in the national open-data schema of "lieux de médiation numérique" (Table Schema
 * v1.0.2, schema.data.gouv.fr), where its fields and ours overlap. Its required fields are all
 * known, or the place is listed apart with what it lacks: nothing is invented (a SIRET above all).
 * Contact fields (telephone, courriels) stay empty: a place is reached through its form.
 */

export const NATIONAL_FIELDS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;

/** Our services → the schema's allowed values; services without an honest equivalent are left out. */
const SERVICES: Record<string, string> = {
  'mediation-numerique': 'Maîtrise des outils numériques du quotidien',
  'acces-libre': 'Accès internet et matériel informatique',
  'pret-materiel': 'Accès internet et matériel informatique',
  ateliers: 'Loisirs et créations numériques',
  formations: 'Compréhension du monde numérique',
  'accueil-classes': 'Parentalité et éducation avec le numérique',
};

const AUDIENCES: Record<string, string> = {
  college: 'Jeunes',
  lycee: 'Jeunes',
  jeunes: 'Jeunes',
  etudiants: 'Étudiants',
  familles: 'Familles et/ou enfants',
  maternelle: 'Familles et/ou enfants',
  elementaire: 'Familles et/ou enfants',
  seniors: 'Seniors',
};

/** Kinds → the structure typologies of data.inclusion (TIERS_LIEUX, BIB, CS…). */
const TYPOLOGIES: Record<string, string> = {
  fablab: 'TIERS_LIEUX',
  makerspace: 'TIERS_LIEUX',
  'living-lab': 'TIERS_LIEUX',
  'learning-lab': 'TIERS_LIEUX',
  associatif: 'TIERS_LIEUX',
  'tiers-lieu-scolaire': 'TIERS_LIEUX',
  mediatheque: 'BIB',
  'centre-social': 'CS',
};

const joined = (codes: string[], table: Record<string, string>) =>
  [...new Set(codes.flatMap((c) => (table[c] ? [table[c]] : [])))].join('|');

/** What a published place lacks to enter the national schema (empty: it enters). */
export function missingForNational(p: Pick<ExportRow, 'pivot' | 'address' | 'inseeCode' | 'postcode' | 'commune'>): string[] {
  return [...(p.pivot ? [] : ['pivot']), ...(p.address ? [] : ['adresse']), ...(p.inseeCode && p.postcode && p.commune ? [] : ['commune'])];
}

export function nationalRow(p: ExportRow, source: string): Record<(typeof NATIONAL_FIELDS)[number], string | number> {
  const resume = p.excerpt.length > 280 ? `${p.excerpt.slice(0, 279).replace(/\s+\S*$/, '')}…` : p.excerpt;
  return {
    id: p.id,
    pivot: p.pivot ?? '',
    nom: p.name,
    commune: p.commune ?? '',
    code_postal: p.postcode ?? '',
    code_insee: p.inseeCode ?? '',
    adresse: p.address ?? '',
    complement_adresse: '',
    latitude: p.latitude ?? '',
    longitude: p.longitude ?? '',
    typologie: joined(p.kinds, TYPOLOGIES),
    telephone: '',
    courriels: '',
    site_web: p.website ?? '',
    horaires: toOsmOpeningHours(p.openingHours),
    presentation_resume: resume,
    presentation_detail: p.descriptionMd,
    source,
    itinerance: 'Fixe',
    structure_parente: '',
    date_maj: new Date(p.updatedAt).toISOString().slice(0, 10),
    services: joined(p.services, SERVICES),
    publics_specifiquement_adresses: joined(p.audiences, AUDIENCES),
    prise_en_charge_specifique: '',
    frais_a_charge: '',
    dispositif_programmes_nationaux: '',
    formations_labels: '',
    autres_formations_labels: '',
    modalites_acces: '',
    modalites_accompagnement: '',
    fiche_acces_libre: '',
    prise_rdv: '',
  };
}

/** The national-schema CSV of the published places that have its required fields, as text chunks. */
export async function* nationalSchemaCsv(deps: Deps): AsyncGenerator<string> {
  const source = `Tisserin (${deps.config.publicUrl})`;
  yield stringify([[...NATIONAL_FIELDS]]);
  for await (const p of exportRows(deps)) {
    if (missingForNational(p).length === 0) {
      const row = nationalRow(p, source);
      yield stringify([NATIONAL_FIELDS.map((f) => safeCell(row[f]))]);
    }
  }
}

/** The published places left out of the national export, and what each lacks. */
export async function* placesOutsideNationalCsv(deps: Deps): AsyncGenerator<string> {
  yield stringify([['id', 'nom', 'commune', 'manque', 'url']]);
  for await (const p of exportRows(deps)) {
    const missing = missingForNational(p);
    if (missing.length > 0) {
      yield stringify([[p.id, p.name, p.commune ?? '', missing.join('|'), `${deps.config.publicUrl}/lieux/${p.slug}`].map(safeCell)]);
    }
  }
}

export const countForNationalSchema = (deps: Deps) => repo.countForNationalSchema(deps.db);
