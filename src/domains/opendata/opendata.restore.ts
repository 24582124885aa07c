import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { Deps } from '../../deps.ts';
import { processPhoto, thumbKeyOf } from '../../lib/images.ts';
import { restoreAuthors } from '../accounts/accounts.service.ts';
import type { DocumentContent } from '../documents/documents.content.ts';
import type { DocumentKind } from '../documents/documents.schema.ts';
import { restoreDocument } from '../documents/documents.service.ts';
import type { OpeningHours } from '../places/opening-hours.ts';
import { announcePlacesChanged, restorePlacePhotos, restorePlaces } from '../places/places.imports.ts';
import { restorePublications } from '../publications/publications.service.ts';
import { restoreTools } from '../tools/tools.service.ts';

/**
 * `tisserin restore-dump`: an open dump loaded into an empty instance — its places (with their
 * photos), its projects and guides with every revision, their images and their authors' shown
 * names, its publications and tools, each with its original id, address and dates. What a dump
 * does not hold (accounts, teams, comments, private pages) is not invented.
 */

type Row = Record<string, string>;

export interface RestoreCounts {
  places: number;
  photos: number;
  authors: number;
  documents: number;
  revisions: number;
  publications: number;
  tools: number;
}

/** A cell as it was before the dump neutralised it for spreadsheets ("'=…" → "=…"). */
const cell = (v: string | undefined) => (v === undefined || v === '' ? null : /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
const list = (v: string | undefined) => (cell(v) ?? '').split('|').filter(Boolean);
const date = (v: string | undefined) => (cell(v) ? new Date(cell(v) as string) : null);
const num = (v: string | undefined) => (cell(v) === null ? undefined : Number(v));

export async function restoreDump(deps: Deps, file: string, onProgress?: (step: string) => void): Promise<RestoreCounts> {
  const files = unzipSync(new Uint8Array(fs.readFileSync(file)));
  const text = (name: string) => (files[name] ? new TextDecoder().decode(files[name]) : null);
  const manifest = text('datapackage.json');
  if (!manifest) {
    throw new Error('not an open dump: no datapackage.json');
  }
  const table = (name: string): Row[] => {
    const csv = text(`${name}.csv`);
    return csv ? (parse(csv, { columns: true, bom: true, relax_quotes: false }) as Row[]) : [];
  };
  const counts: RestoreCounts = { places: 0, photos: 0, authors: 0, documents: 0, revisions: 0, publications: 0, tools: 0 };

  onProgress?.('outils');
  const toolIds = await deps.db.transaction((tx) =>
    restoreTools(
      tx,
      table('outils').map((r) => ({
        id: r.id ?? '',
        slug: r.slug ?? '',
        name: cell(r.nom) ?? '',
        kind: r.type ?? 'logiciel',
        licence: cell(r.licence) ?? '',
        website: cell(r.site_web),
        repository: cell(r.depot),
        descriptionMd: cell(r.description) ?? '',
        platforms: list(r.plateformes),
      })),
    ),
  );
  counts.tools = toolIds.size;

  onProgress?.('lieux');
  const places = table('lieux');
  for (let i = 0; i < places.length; i += 200) {
    counts.places += await deps.db.transaction((tx) =>
      restorePlaces(
        tx,
        places.slice(i, i + 200).map((r) => ({
          id: r.id ?? '',
          slug: r.slug ?? '',
          updatedAt: date(r.maj_le) ?? new Date(),
          data: {
            name: cell(r.nom) ?? '',
            kinds: list(r.types),
            description: cell(r.description) ?? '',
            address: cell(r.adresse) ?? undefined,
            postcode: cell(r.code_postal) ?? undefined,
            commune: cell(r.commune) ?? undefined,
            inseeCode: cell(r.code_insee) ?? undefined,
            latitude: num(r.latitude),
            longitude: num(r.longitude),
            openingHours: cell(r.horaires_json) ? (JSON.parse(r.horaires_json ?? '') as OpeningHours) : undefined,
            equipment: list(r.equipements),
            services: list(r.services),
            audiences: list(r.publics),
            accessibility: list(r.accessibilite),
            website: cell(r.site_web) ?? undefined,
            pivot: cell(r.pivot) ?? undefined,
            charterText: cell(r.charte) ?? '',
            charterSignedOn: cell(r.charte_signee_le) ?? undefined,
          },
        })),
      ),
    );
  }
  onProgress?.('photos');
  const photos = table('lieux-photos');
  const photoRows: Parameters<typeof restorePlacePhotos>[1] = [];
  for (const [i, p] of photos.entries()) {
    const key = (p.fichier ?? '').replace(/^photos-lieux\//, '');
    const bytes = files[`photos-lieux/${key}`];
    if (!bytes) {
      continue;
    }
    const { thumb } = await processPhoto(Buffer.from(bytes), 50 * 1024 * 1024);
    await deps.uploads.putAs(key, Buffer.from(bytes));
    await deps.uploads.putAs(thumbKeyOf(key), thumb);
    photoRows.push({
      placeId: p.lieu_id ?? '',
      storageKey: key,
      altText: cell(p.texte_alternatif) ?? '',
      width: Number(p.largeur),
      height: Number(p.hauteur),
      position: i,
    });
  }
  await deps.db.transaction((tx) => restorePlacePhotos(tx, photoRows));
  counts.photos = photoRows.length;

  onProgress?.('auteurs');
  const revisions = table('revisions');
  const authors = new Map<string, string>();
  for (const r of revisions) {
    if (r.auteur_id && r.auteur) {
      authors.set(r.auteur_id, r.auteur);
    }
  }
  const documents = table('documents');
  const teams = new Map<string, string[]>();
  for (const d of documents) {
    const team = JSON.parse(d.equipe || '[]') as Array<{ id: string; nom: string }>;
    teams.set(
      d.id ?? '',
      team.map((m) => m.id),
    );
    for (const m of team) {
      authors.set(m.id, m.nom);
    }
  }
  counts.authors = await deps.db.transaction((tx) =>
    restoreAuthors(
      tx,
      [...authors].map(([id, displayName]) => ({ id, displayName })),
    ),
  );

  onProgress?.('documents');
  const byDocument = new Map<string, Row[]>();
  for (const r of revisions) {
    byDocument.set(r.document_id ?? '', [...(byDocument.get(r.document_id ?? '') ?? []), r]);
  }
  for (let i = 0; i < documents.length; i += 100) {
    const batch = documents.slice(i, i + 100);
    // Images first: the document's content may point at them only once they exist.
    const imagesOf = new Map<string, Array<{ key: string; bytes: number; width: number; height: number }>>();
    for (const d of batch) {
      const folder = `textes/${d.type === 'guide' ? 'guides' : 'projets'}/${d.slug}/images/`;
      const images = [];
      for (const name of Object.keys(files).filter((f) => f.startsWith(folder))) {
        const key = name.slice(folder.length);
        const bytes = files[name] as Uint8Array;
        const { thumb, width, height } = await processPhoto(Buffer.from(bytes), 50 * 1024 * 1024);
        await deps.uploads.putAs(key, Buffer.from(bytes));
        await deps.uploads.putAs(thumbKeyOf(key), thumb);
        images.push({ key, bytes: bytes.length, width, height });
      }
      imagesOf.set(d.id ?? '', images);
    }
    await deps.db.transaction(async (tx) => {
      for (const d of batch) {
        const revs = (byDocument.get(d.id ?? '') ?? [])
          .map((r) => ({
            number: Number(r.numero),
            authorId: authors.has(r.auteur_id ?? '') ? (r.auteur_id ?? null) : null,
            summary: cell(r.motif) ?? '',
            restoredFrom: num(r.restaure_de) ?? null,
            createdAt: date(r.cree_le) ?? new Date(),
            content: withToolIds(JSON.parse(r.contenu ?? '{}') as DocumentContent, toolIds),
          }))
          .sort((a, b) => a.number - b.number);
        await restoreDocument(tx, {
          id: d.id ?? '',
          kind: (d.type === 'guide' ? 'guide' : 'project') as DocumentKind,
          slug: d.slug ?? '',
          adaptedFromId: null,
          publishedAt: date(d.publie_le),
          updatedAt: date(d.maj_le) ?? new Date(),
          revisions: revs,
          images: imagesOf.get(d.id ?? '') ?? [],
          teamIds: teams.get(d.id ?? '') ?? [],
        });
        counts.documents++;
        counts.revisions += revs.length;
      }
    });
  }

  onProgress?.('publications');
  counts.publications = await restorePublications(
    deps.db,
    table('publications').map((r) => ({
      id: r.id ?? '',
      slug: r.slug ?? '',
      title: cell(r.titre) ?? '',
      summary: cell(r.resume) ?? '',
      bodyMd: cell(r.texte) ?? '',
      tags: list(r.etiquettes),
      placeId: cell(r.lieu_id),
      publishedAt: date(r.publie_le) ?? new Date(),
      updatedAt: date(r.maj_le) ?? new Date(),
    })),
  );
  await announcePlacesChanged(deps);
  return counts;
}

/** A document's tools, as this instance knows them (its catalogue may give them other ids). */
function withToolIds(content: DocumentContent, ids: Map<string, string>): DocumentContent {
  return { ...content, toolIds: content.toolIds.map((id) => ids.get(id) ?? id) };
}
