import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { formatDate } from '../../../lib/i18n.ts';
import { thumbKeyOf } from '../../../lib/images.ts';
import { useView } from '../../../views/context.ts';
import { Form, SubmitButton } from '../../../views/forms.tsx';
import { documentIllustration } from '../../../views/illustration.ts';
import { Layout } from '../../../views/layout.tsx';
import { label } from '../../places/places.vocabulary.ts';
import {
  BUDGETS,
  DISCIPLINES,
  DOC_AUDIENCES,
  type DocumentContent,
  GUIDE_STATUSES,
  LEVELS,
  PROJECT_STATUSES,
  type RenderedContent,
  TEMPLATES,
} from '../documents.content.ts';
import { attributionLine, jsonLdOf } from '../documents.presenter.ts';
import type { DocumentKind } from '../documents.schema.ts';
import type { DocumentView, documentPage } from '../documents.service.ts';
import { listPathOf, pathOf } from '../documents.service.ts';
import { GuideCollections } from './collections.view.tsx';
import { Discussion, type DiscussionState } from './document-comments.view.tsx';

type PageExtras = Awaited<ReturnType<typeof documentPage>>;

/** Projects and guides as cards: the cover (or a drawing of what the title is about), title, summary. */
export function DocumentCardList({
  items,
  empty,
}: {
  items: Array<{ kind: 'project' | 'guide'; slug: string; title: string; summary: string; coverKey: string | null }>;
  empty?: string;
}) {
  if (items.length === 0) {
    return empty ? <p class="muted">{empty}</p> : null;
  }
  return (
    <ul class="card-grid doc-grid">
      {items.map((d) => (
        <li class="card doc-card">
          <img
            src={d.coverKey ? `/uploads/${thumbKeyOf(d.coverKey)}` : documentIllustration(d.slug, d.title, d.kind)}
            alt=""
            width={480}
            height={360}
            loading="lazy"
            decoding="async"
          />
          <div class="doc-card-body">
            <h3>
              <a href={pathOf(d)}>{d.title}</a>
            </h3>
            {d.summary && <p>{d.summary}</p>}
          </div>
        </li>
      ))}
    </ul>
  );
}

function Facts({ view }: { view: DocumentView }) {
  const { t, locale } = useView();
  const c = view.doc.content;
  const rows: Array<[string, string]> = [];
  if (c.levels.length) {
    rows.push([t('documents.field.levels'), c.levels.map((x) => label(LEVELS, x, locale)).join(', ')]);
  }
  if (c.disciplines.length) {
    rows.push([t('documents.field.disciplines'), c.disciplines.map((x) => label(DISCIPLINES, x, locale)).join(', ')]);
  }
  if (c.audiences.length) {
    rows.push([t('documents.field.audiences'), c.audiences.map((x) => label(DOC_AUDIENCES, x, locale)).join(', ')]);
  }
  if (c.duration) {
    rows.push([t('documents.field.duration'), c.duration]);
  }
  if (c.groupSize) {
    rows.push([t('documents.field.groupSize'), c.groupSize]);
  }
  if (c.budget) {
    rows.push([t('documents.field.budget'), label(BUDGETS, c.budget, locale)]);
  }
  if (c.materials) {
    rows.push([t('documents.field.materials'), c.materials]);
  }
  if (rows.length === 0) {
    return null;
  }
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

/** The written sections and the steps, in the template's order (the page, and old revisions). */
export function Body({ kind, content, rendered }: { kind: DocumentKind; content: DocumentContent; rendered: RenderedContent }) {
  const { t } = useView();
  const template = TEMPLATES[kind];
  const steps = content.steps;
  return (
    <>
      {template.sections.map((key) => (
        <>
          {rendered.sections[key] && (
            <section aria-labelledby={`section-${key}`} class="doc-section">
              <h2 id={`section-${key}`}>{t(`documents.section.${key}`)}</h2>
              <div class="prose">{raw(rendered.sections[key])}</div>
            </section>
          )}
          {key === template.stepsAfter && steps.length > 0 && (
            <section aria-labelledby="section-steps" class="doc-section">
              <h2 id="section-steps">{t('documents.section.steps')}</h2>
              <ol class="steps-view">
                {steps.map((s, i) => (
                  <li id={`etape-${i + 1}`}>
                    <h3>{s.title || t('documents.step.title', { n: i + 1 })}</h3>
                    <div class="prose">{raw(rendered.steps[i] ?? '')}</div>
                    {s.images.length > 0 && (
                      <div class="step-gallery">
                        {s.images.map((key, j) => (
                          <img src={`/uploads/${key}`} alt={t('documents.step.imageAlt', { n: i + 1, m: j + 1 })} loading="lazy" />
                        ))}
                      </div>
                    )}
                  </li>
                ))}
              </ol>
            </section>
          )}
        </>
      ))}
    </>
  );
}

/** "Compétences : Découpe laser, Impression 3D": what a document links to, of one kind. */
function LinkedList({ label, base, items }: { label: string; base: string; items: Array<{ slug: string; name: string }> }) {
  if (items.length === 0) {
    return null;
  }
  return (
    <p>
      {label} :{' '}
      {items.map((s, i) => (
        <>
          {i > 0 && ', '}
          <a href={`${base}/${s.slug}`}>{s.name}</a>
        </>
      ))}
    </p>
  );
}

/** Who made it and where, and what it links to: the side of a document's page. */
function DocLinks({ extras }: { extras: PageExtras }) {
  const { t } = useView();
  return (
    <>
      {(extras.links.places.length > 0 || extras.team.length > 0) && (
        <section aria-labelledby="doc-who">
          <h2 id="doc-who">{t('documents.who')}</h2>
          {extras.links.places.length > 0 && (
            <ul class="inline-list">
              {extras.links.places.map((p) => (
                <li>
                  <a href={`/lieux/${p.slug}`}>{p.name}</a>
                  {p.commune ? ` (${p.commune})` : ''}
                </li>
              ))}
            </ul>
          )}
          <ul class="inline-list">
            {extras.team.map((m) => (
              <li>{m.slug ? <a href={`/membres/${m.slug}`}>{m.displayName}</a> : m.displayName}</li>
            ))}
          </ul>
        </section>
      )}
      {(extras.links.skills.length > 0 || extras.links.tools.length > 0 || extras.links.communities.length > 0) && (
        <section aria-labelledby="doc-links">
          <h2 id="doc-links">{t('documents.linked')}</h2>
          <LinkedList label={t('documents.field.skills')} base="/competences" items={extras.links.skills} />
          <LinkedList label={t('documents.field.tools')} base="/outils" items={extras.links.tools} />
          <LinkedList label={t('documents.field.communities')} base="/communautes" items={extras.links.communities} />
        </section>
      )}
    </>
  );
}

export function DocumentPage({
  view,
  extras,
  files,
  baseUrl,
  discussion,
  collections,
  sections,
}: {
  view: DocumentView;
  extras: PageExtras;
  files: Array<{ storageKey: string; name: string; bytes: number }>;
  baseUrl: string;
  discussion: DiscussionState;
  collections: { of: Array<{ id: string; slug: string; title: string }>; editable: Array<{ id: string; title: string }> };
  /** What other domains show here (documents.sections.ts): the events around a project. */
  sections?: Child[];
}) {
  const { t, locale, viewer } = useView();
  const { doc } = view;
  const path = pathOf(doc);
  const statuses = doc.kind === 'project' ? PROJECT_STATUSES : GUIDE_STATUSES;
  const attribution = attributionLine(doc, extras.contributors, `${baseUrl}${path}`, t);
  const attachments = doc.content.attachments.map((k) => files.find((f) => f.storageKey === k)).filter((f) => !!f);
  return (
    <Layout
      title={doc.title}
      description={doc.summary}
      head={<script type="application/ld+json">{raw(JSON.stringify(jsonLdOf(doc, extras, baseUrl)).replace(/</g, '\\u003c'))}</script>}
    >
      <article class="document" aria-labelledby="doc-title">
        <p class="breadcrumb">
          <a href={listPathOf(doc.kind)}>{t(doc.kind === 'project' ? 'documents.projects.title' : 'documents.guides.title')}</a>
        </p>
        <h1 id="doc-title">{doc.title}</h1>
        <p class="doc-meta">
          {doc.kind === 'project' && <span class={`badge status-${doc.status}`}>{label(statuses, doc.status, locale)}</span>}{' '}
          {!doc.publishedAt && <span class="badge badge-draft">{t('documents.draft')}</span>}{' '}
          <span class="muted">{t('documents.updatedOn', { date: formatDate(locale, doc.updatedAt), n: doc.revision })}</span>
        </p>
        {extras.adaptedFrom && (
          <p class="lineage">
            {t('documents.lineage.adaptedFrom')} <a href={pathOf(extras.adaptedFrom)}>{extras.adaptedFrom.title}</a>
          </p>
        )}
        {doc.summary && <p class="lead">{doc.summary}</p>}

        <nav class="doc-actions" aria-label={t('documents.actions')}>
          <ul>
            {view.canEdit && (
              <li>
                <a class="button" href={`${path}/modifier`}>
                  {t('documents.edit')}
                </a>
              </li>
            )}
            <li>
              <a href={`${path}/historique`}>{t('documents.history.link', { count: doc.revision })}</a>
            </li>
            {doc.kind === 'project' && doc.publishedAt && !extras.licence.noDerivatives && (
              <li>
                <a href={`${path}/adapter`}>{t('documents.adapt.link')}</a>
              </li>
            )}
            <li>
              <a href={`${path}/export.zip`}>{t('documents.export.markdown')}</a>
            </li>
          </ul>
        </nav>
        {view.canManage && !doc.publishedAt && (
          <Form action={`${path}/publier`} class="inline-form">
            <SubmitButton>{t('documents.publish')}</SubmitButton>
          </Form>
        )}

        <div class="doc-layout">
          <aside class="doc-side" aria-label={t('documents.aboutThis')}>
            <img
              class="doc-cover"
              src={doc.coverKey ? `/uploads/${doc.coverKey}` : documentIllustration(doc.slug, doc.title, doc.kind)}
              alt=""
              width={480}
              height={360}
            />
            <Facts view={view} />
            <DocLinks extras={extras} />
          </aside>
          <div class="doc-main">
            <Body kind={doc.kind} content={doc.content} rendered={doc.rendered} />

            {attachments.length > 0 && (
              <section aria-labelledby="doc-files" class="doc-section">
                <h2 id="doc-files">{t('documents.form.attachments')}</h2>
                <ul>
                  {attachments.map((f) => (
                    <li>
                      <a href={`/uploads/${f.storageKey}`} download>
                        {f.name}
                      </a>{' '}
                      <span class="muted">({Math.max(1, Math.round(f.bytes / 1024))} Ko, PDF)</span>
                    </li>
                  ))}
                </ul>
              </section>
            )}

            <section aria-labelledby="doc-licence" class="doc-section licence-box">
              <h2 id="doc-licence">{t('documents.licence.title')}</h2>
              <p>
                {extras.licence.url ? (
                  <a href={extras.licence.url} rel="license">
                    {extras.licence.label}
                  </a>
                ) : (
                  extras.licence.label
                )}
                {extras.licence.free ? ` — ${t('documents.licence.commons')}` : ''}
              </p>
              {!extras.licence.free && <p class="notice notice-warning">{t('documents.licence.notCommons')}</p>}
              <h3>{t('documents.contributors')}</h3>
              <ul class="inline-list">
                {extras.contributors.map((c) => (
                  <li>
                    {c.userId && c.slug ? (
                      <a href={`/membres/${c.slug}`}>{c.displayName}</a>
                    ) : (
                      (c.displayName ?? t('documents.formerMember'))
                    )}{' '}
                    <span class="muted">({t('documents.contributions', { count: c.revisions })})</span>
                  </li>
                ))}
              </ul>
              <label for="attribution">{t('documents.attribution')}</label>
              <textarea id="attribution" readonly rows={3} class="attribution">
                {attribution}
              </textarea>
            </section>

            {extras.adaptations.length > 0 && (
              <section aria-labelledby="doc-adaptations" class="doc-section">
                <h2 id="doc-adaptations">{t('documents.lineage.adaptedBy')}</h2>
                <DocumentCardList items={extras.adaptations} />
              </section>
            )}
            {viewer && view.canManage && doc.publishedAt && (
              <Form action={`${path}/depublier`} class="inline-form">
                <SubmitButton variant="secondary">{t('documents.unpublish')}</SubmitButton>
              </Form>
            )}
            <GuideCollections of={collections.of} editable={collections.editable} guidePath={path} />
            {sections}
            {doc.publishedAt && <Discussion path={path} d={discussion} />}
          </div>
        </div>
      </article>
    </Layout>
  );
}
