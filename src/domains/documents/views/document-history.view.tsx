import { formatDate } from '../../../lib/i18n.ts';
import { useView } from '../../../views/context.ts';
import { Form, SubmitButton } from '../../../views/forms.tsx';
import { Layout } from '../../../views/layout.tsx';
import type { DocumentContent, RenderedContent } from '../documents.content.ts';
import type { Change, diffContents } from '../documents.diff.ts';
import type { RevisionSummary } from '../documents.repo.ts';
import type { DocumentView } from '../documents.service.ts';
import { pathOf } from '../documents.service.ts';
import { Body } from './document-page.view.tsx';

function Author({ r }: { r: Pick<RevisionSummary, 'authorName' | 'authorSlug'> }) {
  const { t } = useView();
  if (!r.authorName) {
    return <>{t('documents.formerMember')}</>;
  }
  return r.authorSlug ? <a href={`/membres/${r.authorSlug}`}>{r.authorName}</a> : r.authorName;
}

/** Every revision, newest first, with a form to compare any two and a button to restore one. */
export function HistoryPage({ view, revisions }: { view: DocumentView; revisions: RevisionSummary[] }) {
  const { t, locale } = useView();
  const { doc } = view;
  const path = pathOf(doc);
  const latest = revisions[0]?.number ?? doc.revision;
  return (
    <Layout title={t('documents.history.title', { title: doc.title })}>
      <p class="breadcrumb">
        <a href={path}>{doc.title}</a>
      </p>
      <h1>{t('documents.history.title', { title: doc.title })}</h1>
      <form method="get" action={`${path}/comparer`} class="history-form">
        <table class="history stack-table">
          <caption class="visually-hidden">{t('documents.history.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('documents.history.from')}</th>
              <th scope="col">{t('documents.history.to')}</th>
              <th scope="col">{t('documents.history.revision')}</th>
              <th scope="col">{t('documents.history.author')}</th>
              <th scope="col">{t('documents.history.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r, i) => (
              <tr>
                <td data-label={t('documents.history.from')}>
                  <input
                    type="radio"
                    name="de"
                    value={String(r.number)}
                    checked={i === 1 || (revisions.length === 1 && i === 0)}
                    aria-label={t('documents.history.fromN', { n: r.number })}
                  />
                </td>
                <td data-label={t('documents.history.to')}>
                  <input
                    type="radio"
                    name="a"
                    value={String(r.number)}
                    checked={i === 0}
                    aria-label={t('documents.history.toN', { n: r.number })}
                  />
                </td>
                <th scope="row">
                  <a href={`${path}/versions/${r.number}`}>{t('documents.history.n', { n: r.number })}</a>
                  <br />
                  <span class="muted">{formatDate(locale, r.createdAt, true)}</span>
                </th>
                <td data-label={t('documents.history.author')}>
                  <Author r={r} />
                </td>
                <td data-label={t('documents.history.summary')}>
                  {r.restoredFrom ? t('documents.history.restored', { n: r.restoredFrom }) : r.summary || <span class="muted">—</span>}
                  {r.number === latest && <span class="badge">{t('documents.history.current')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {revisions.length > 1 && <SubmitButton>{t('documents.history.compare')}</SubmitButton>}
      </form>
    </Layout>
  );
}

function Changes({ changes }: { changes: Change[] }) {
  const { t } = useView();
  return (
    <pre class="diff">
      {changes.map((c) =>
        c.added ? (
          <ins>
            <span class="visually-hidden">[{t('documents.diff.added')} </span>
            {c.value}
            <span class="visually-hidden">]</span>
          </ins>
        ) : c.removed ? (
          <del>
            <span class="visually-hidden">[{t('documents.diff.removed')} </span>
            {c.value}
            <span class="visually-hidden">]</span>
          </del>
        ) : (
          c.value
        ),
      )}
    </pre>
  );
}

export function partLabel(key: string, t: ReturnType<typeof useView>['t']): string {
  return key === 'title' ? t('documents.field.title') : key === 'summary' ? t('documents.field.summary') : t(`documents.section.${key}`);
}

/** The changes between two revisions, word by word; a button restores the older one. */
export function DiffPage(p: {
  view: DocumentView;
  from: { number: number; createdAt: Date };
  to: { number: number; createdAt: Date };
  diff: ReturnType<typeof diffContents>;
}) {
  const { t, locale } = useView();
  const { doc } = p.view;
  const path = pathOf(doc);
  return (
    <Layout title={t('documents.diff.title', { from: p.from.number, to: p.to.number })}>
      <p class="breadcrumb">
        <a href={path}>{doc.title}</a> · <a href={`${path}/historique`}>{t('documents.history.short')}</a>
      </p>
      <h1>{t('documents.diff.title', { from: p.from.number, to: p.to.number })}</h1>
      <p class="muted">
        {formatDate(locale, p.from.createdAt, true)} → {formatDate(locale, p.to.createdAt, true)}
      </p>
      <p class="diff-legend">
        <ins>{t('documents.diff.addedLegend')}</ins> <del>{t('documents.diff.removedLegend')}</del>
      </p>
      {p.diff.parts.length === 0 && p.diff.fields.length === 0 && <p>{t('documents.diff.none')}</p>}
      {p.diff.parts.map((part) => (
        <section class="diff-part" aria-label={partLabel(part.key, t)}>
          <h2>{partLabel(part.key, t)}</h2>
          <Changes changes={part.changes} />
        </section>
      ))}
      {p.diff.fields.length > 0 && (
        <section class="diff-part">
          <h2>{t('documents.diff.otherFields')}</h2>
          <dl class="facts">
            {p.diff.fields.map((f) => (
              <>
                <dt>{t(`documents.diffField.${f.key}`)}</dt>
                <dd>
                  <del>{f.before || '—'}</del> → <ins>{f.after || '—'}</ins>
                </dd>
              </>
            ))}
          </dl>
        </section>
      )}
      {p.view.canEdit && p.from.number !== doc.revision && (
        <Form action={`${path}/restaurer`} class="inline-form">
          <input type="hidden" name="numero" value={String(p.from.number)} />
          <input type="hidden" name="base" value={String(doc.revision)} />
          <SubmitButton variant="secondary">{t('documents.restore', { n: p.from.number })}</SubmitButton>
        </Form>
      )}
    </Layout>
  );
}

/** An old revision, rendered as it was (read-only), with restore for editors. */
export function RevisionPage(p: {
  view: DocumentView;
  number: number;
  createdAt: Date;
  content: DocumentContent;
  rendered: RenderedContent;
}) {
  const { t, locale } = useView();
  const { doc } = p.view;
  const path = pathOf(doc);
  return (
    <Layout title={t('documents.revision.title', { title: p.content.title, n: p.number })}>
      <p class="breadcrumb">
        <a href={path}>{doc.title}</a> · <a href={`${path}/historique`}>{t('documents.history.short')}</a>
      </p>
      <p class="notice notice-warning">
        {t('documents.revision.old', { n: p.number, date: formatDate(locale, p.createdAt, true), current: doc.revision })}
      </p>
      <h1>{p.content.title}</h1>
      {p.content.summary && <p class="lead">{p.content.summary}</p>}
      <Body kind={doc.kind} content={p.content} rendered={p.rendered} />
      {p.view.canEdit && p.number !== doc.revision && (
        <Form action={`${path}/restaurer`} class="inline-form">
          <input type="hidden" name="numero" value={String(p.number)} />
          <input type="hidden" name="base" value={String(doc.revision)} />
          <SubmitButton variant="secondary">{t('documents.restore', { n: p.number })}</SubmitButton>
        </Form>
      )}
    </Layout>
  );
}

/** Above the form after a conflicting save: what changed meanwhile, against what they typed. */
export function ConflictNotice(p: { current: number; byOthers: ReturnType<typeof diffContents> }) {
  const { t } = useView();
  return (
    <section class="notice notice-warning conflict" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t('documents.conflict.title')}</h2>
      <p>{t('documents.conflict.explain', { n: p.current })}</p>
      <details open>
        <summary>{t('documents.conflict.theirs')}</summary>
        {p.byOthers.parts.map((part) => (
          <div class="diff-part">
            <h3>{partLabel(part.key, t)}</h3>
            <Changes changes={part.changes} />
          </div>
        ))}
        {p.byOthers.parts.length === 0 && <p>{t('documents.conflict.onlyFields')}</p>}
      </details>
      <p>{t('documents.conflict.next')}</p>
    </section>
  );
}
