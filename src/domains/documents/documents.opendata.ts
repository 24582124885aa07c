import { translator } from '../../i18n/index.ts';
import { registerDumpResource } from '../opendata/opendata.resources.ts';
import { registerSitemapSource } from '../opendata/opendata.sitemap.ts';
import { licenceOf } from './documents.content.ts';
import { toMarkdown } from './documents.presenter.ts';
import * as repo from './documents.repo.ts';
import { pathOf } from './documents.service.ts';

/**
 * The commons in the open dump: every published project and guide, its whole history (each
 * revision's full content, its author as the site shows them, its date), each as Markdown with
 * its images, and the documents removed since. Each keeps its own licence.
 */

const licenceOfDocument = {
  name: 'per-document',
  path: 'https://creativecommons.org/licenses/',
  title: 'La licence de chaque document (colonne licence)',
};

registerDumpResource({
  kind: 'table',
  name: 'documents',
  title: 'Projets et guides',
  description:
    'Les projets documentés et les guides publiés, dans leur dernière version. Le contenu complet de chaque version est dans revisions.',
  licence: licenceOfDocument,
  order: 20,
  primaryKey: ['id'],
  fields: [
    { name: 'id', type: 'string', format: 'uuid', constraints: { required: true, unique: true } },
    { name: 'type', type: 'string', constraints: { required: true } },
    { name: 'slug', type: 'string', constraints: { required: true } },
    { name: 'titre', type: 'string', constraints: { required: true } },
    { name: 'resume', type: 'string' },
    { name: 'licence', type: 'string', constraints: { required: true } },
    { name: 'niveaux', type: 'string' },
    { name: 'disciplines', type: 'string' },
    { name: 'publics', type: 'string' },
    { name: 'revision', type: 'integer', constraints: { required: true } },
    { name: 'equipe', type: 'array', description: 'Les membres de l’équipe tels que la page les montre : [{"id", "nom"}]' },
    { name: 'adapte_de', type: 'string', format: 'uuid' },
    { name: 'publie_le', type: 'datetime' },
    { name: 'maj_le', type: 'datetime' },
    { name: 'url', type: 'string', format: 'uri' },
  ],
  async *rows(deps) {
    for await (const d of repo.publishedDocumentPages(deps.db)) {
      yield [
        d.id,
        d.kind,
        d.slug,
        d.title,
        d.summary,
        d.licence,
        d.levels.join('|'),
        d.disciplines.join('|'),
        d.audiences.join('|'),
        d.revision,
        d.team,
        d.adaptedFromId,
        d.publishedAt,
        d.updatedAt,
        `${deps.config.publicUrl}${pathOf(d)}`,
      ];
    }
  },
});

registerDumpResource({
  kind: 'table',
  name: 'revisions',
  title: 'Historique complet des projets et guides',
  description:
    'Chaque enregistrement de chaque document publié : son numéro, son auteur tel que le site le montre (un compte supprimé ne laisse pas de nom), son motif, son contenu entier (JSON).',
  licence: licenceOfDocument,
  order: 21,
  primaryKey: ['document_id', 'numero'],
  fields: [
    { name: 'document_id', type: 'string', format: 'uuid', constraints: { required: true } },
    { name: 'numero', type: 'integer', constraints: { required: true } },
    { name: 'auteur_id', type: 'string', format: 'uuid' },
    { name: 'auteur', type: 'string' },
    { name: 'motif', type: 'string' },
    { name: 'restaure_de', type: 'integer' },
    { name: 'cree_le', type: 'datetime', constraints: { required: true } },
    { name: 'contenu', type: 'object', constraints: { required: true } },
  ],
  async *rows(deps) {
    for await (const r of repo.publishedRevisionPages(deps.db)) {
      yield [r.documentId, r.number, r.authorId, r.authorName, r.summary, r.restoredFrom, r.createdAt, r.content];
    }
  },
});

registerDumpResource({
  kind: 'table',
  name: 'documents-supprimes',
  title: 'Projets et guides supprimés (pierres tombales)',
  description: 'Les documents retirés : qui republie les données peut les retirer à son tour.',
  licence: licenceOfDocument,
  order: 22,
  fields: [
    { name: 'id', type: 'string', format: 'uuid', constraints: { required: true } },
    { name: 'type', type: 'string' },
    { name: 'slug', type: 'string' },
    { name: 'supprime_le', type: 'datetime' },
  ],
  async *rows(deps) {
    for (const t of await repo.listDocumentTombstones(deps.db)) {
      yield [t.id, t.kind, t.slug, t.deletedAt];
    }
  },
});

registerDumpResource({
  kind: 'files',
  name: 'textes',
  title: 'Projets et guides en Markdown, avec leurs images',
  description: 'Un dossier par document (projets/<slug>, guides/<slug>) : README.md, sa licence et ses auteurs en tête, et ses images.',
  licence: licenceOfDocument,
  order: 23,
  async *files(deps) {
    const t = translator('fr');
    for await (const page of repo.publishedDocumentRowPages(deps.db)) {
      const contributors = await repo.listContributorsOf(
        deps.db,
        page.map((d) => d.id),
      );
      for (const doc of page) {
        const folder = `${doc.kind === 'project' ? 'projets' : 'guides'}/${doc.slug}`;
        const keys = new Set<string>();
        const markdown = toMarkdown(doc, contributors.get(doc.id) ?? [], `${deps.config.publicUrl}${pathOf(doc)}`, t, (key) => {
          keys.add(key);
          return `images/${key}`;
        });
        yield {
          path: `${folder}/README.md`,
          bytes: `${markdown}\n\nLicence : ${licenceOf(doc.licence).label}\n`,
          mediatype: 'text/markdown',
        };
        for (const key of keys) {
          const bytes = await deps.uploads.read(key);
          if (bytes) {
            yield { path: `${folder}/images/${key}`, bytes: new Uint8Array(bytes), mediatype: 'image/webp' };
          }
        }
      }
    }
  },
});

for (const [name, kind] of [
  ['projets', 'project'],
  ['guides', 'guide'],
] as const) {
  registerSitemapSource({
    name,
    count: (deps) => repo.sitemapCount(deps.db, kind),
    urls: async (deps, offset, limit) =>
      (await repo.sitemapSlugs(deps.db, kind, offset, limit)).map((r) => ({ path: pathOf({ kind, slug: r.slug }), lastmod: r.lastmod })),
  });
}
