import type { Translate } from '../../lib/i18n.ts';
import { licenceOf, TEMPLATES } from './documents.content.ts';
import type { Contributor, DocumentRow } from './documents.repo.ts';
import type { documentPage } from './documents.service.ts';
import { pathOf } from './documents.service.ts';

type Extras = Awaited<ReturnType<typeof documentPage>>;

/** Contributors' names, departed members counted once as "ancien membre". */
export function contributorNames(contributors: Contributor[], t: Translate): string[] {
  const names = contributors.filter((c) => c.userId && c.displayName).map((c) => c.displayName as string);
  if (contributors.some((c) => !c.userId || !c.displayName)) {
    names.push(t('documents.formerMember'));
  }
  return names;
}

/** The line to copy when reusing the work: TASL (title, author, source, licence). */
export function attributionLine(
  doc: Pick<DocumentRow, 'title' | 'licence'>,
  contributors: Contributor[],
  url: string,
  t: Translate,
): string {
  const licence = licenceOf(doc.licence);
  return t('documents.attributionLine', {
    title: doc.title,
    authors: contributorNames(contributors, t).join(', '),
    url,
    licence: licence.url ? `${licence.label} (${licence.url})` : licence.label,
  });
}

/** schema.org: a project is a CreativeWork; its steps make it a HowTo. */
export function jsonLdOf(doc: DocumentRow, extras: Extras, baseUrl: string) {
  const url = `${baseUrl}${pathOf(doc)}`;
  const licence = licenceOf(doc.licence);
  const steps = doc.content.steps;
  return {
    '@context': 'https://schema.org',
    '@type': steps.length > 0 ? 'HowTo' : 'CreativeWork',
    name: doc.title,
    description: doc.summary || undefined,
    url,
    inLanguage: 'fr',
    license: licence.url || undefined,
    dateModified: doc.updatedAt.toISOString(),
    datePublished: doc.publishedAt?.toISOString(),
    image: doc.coverKey ? `${baseUrl}/uploads/${doc.coverKey}` : undefined,
    author: extras.contributors.filter((c) => c.userId && c.displayName).map((c) => ({ '@type': 'Person', name: c.displayName })),
    isBasedOn: extras.adaptedFrom ? `${baseUrl}${pathOf(extras.adaptedFrom)}` : undefined,
    educationalLevel: doc.levels.length > 0 ? doc.levels : undefined,
    locationCreated: extras.links.places.map((p) => ({ '@type': 'Place', name: p.name, url: `${baseUrl}/lieux/${p.slug}` })),
    step:
      steps.length > 0
        ? steps.map((s, i) => ({
            '@type': 'HowToStep',
            position: i + 1,
            name: s.title || undefined,
            // The page carries the whole text; the structured data, its beginning.
            text: s.text.length > 300 ? `${s.text.slice(0, 299)}…` : s.text,
            url: `${url}#etape-${i + 1}`,
            image: s.images.map((k) => `${baseUrl}/uploads/${k}`),
          }))
        : undefined,
  };
}

/** A document as Markdown, for the export (images referenced as files next to it). */
export function toMarkdown(
  doc: DocumentRow,
  contributors: Contributor[],
  url: string,
  t: Translate,
  imagePath: (key: string) => string,
): string {
  const c = doc.content;
  const out: string[] = [`# ${c.title}`, ''];
  if (c.summary) {
    out.push(c.summary, '');
  }
  if (c.coverKey) {
    out.push(`![](${imagePath(c.coverKey)})`, '');
  }
  const template = TEMPLATES[doc.kind];
  const rewrite = (md: string) => md.replace(/\(\/uploads\/([A-Za-z0-9_-]+\.webp)\)/g, (_m, key: string) => `(${imagePath(key)})`);
  for (const key of template.sections) {
    const text = c.sections[key];
    if (text) {
      out.push(`## ${t(`documents.section.${key}`)}`, '', rewrite(text), '');
    }
    if (key === template.stepsAfter && c.steps.length > 0) {
      out.push(`## ${t('documents.section.steps')}`, '');
      c.steps.forEach((s, i) => {
        out.push(`### ${i + 1}. ${s.title || t('documents.step.title', { n: i + 1 })}`, '', rewrite(s.text), '');
        for (const key of s.images) {
          out.push(`![${t('documents.step.imageAlt', { n: i + 1, m: s.images.indexOf(key) + 1 })}](${imagePath(key)})`, '');
        }
      });
    }
  }
  out.push('---', '', attributionLine(doc, contributors, url, t), '');
  return out.join('\n');
}
