import { useView } from '../../../views/context.ts';
import { ErrorSummary, Form, type FormState, SubmitButton, TextArea, TextField } from '../../../views/forms.tsx';
import { Layout } from '../../../views/layout.tsx';
import type { CollectionRow } from '../documents.collections.repo.ts';
import type { DocumentCard } from '../documents.repo.ts';
import { pathOf } from '../documents.service.ts';

export const COLLECTIONS_PATH = '/guides/collections';

export function CollectionListPage({ list }: { list: Array<{ slug: string; title: string; description: string; guides: number }> }) {
  const { t, viewer } = useView();
  return (
    <Layout title={t('collections.title')} description={t('collections.lead')}>
      <p class="breadcrumb">
        <a href="/guides">{t('documents.guides.title')}</a>
      </p>
      <h1>{t('collections.title')}</h1>
      <p class="lead">{t('collections.lead')}</p>
      {viewer?.emailVerified && (
        <p>
          <a class="button" href={`${COLLECTIONS_PATH}/nouvelle`}>
            {t('collections.new')}
          </a>
        </p>
      )}
      {list.length === 0 ? (
        <p class="muted">{t('collections.none')}</p>
      ) : (
        <ul class="card-grid">
          {list.map((c) => (
            <li class="card">
              <h2>
                <a href={`${COLLECTIONS_PATH}/${c.slug}`}>{c.title}</a>
              </h2>
              {c.description && <p>{c.description}</p>}
              <p class="muted">{t('collections.count', { count: c.guides })}</p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function CollectionPage(p: { collection: CollectionRow; guides: Array<DocumentCard & { position: number }>; canEdit: boolean }) {
  const { t } = useView();
  const base = `${COLLECTIONS_PATH}/${p.collection.slug}`;
  return (
    <Layout title={p.collection.title} description={p.collection.description}>
      <p class="breadcrumb">
        <a href={COLLECTIONS_PATH}>{t('collections.title')}</a>
      </p>
      <h1>{p.collection.title}</h1>
      {p.collection.description && <p class="lead pre-line">{p.collection.description}</p>}
      {p.canEdit && (
        <p>
          <a class="button button-secondary" href={`${base}/modifier`}>
            {t('collections.edit')}
          </a>
        </p>
      )}
      {p.guides.length === 0 ? (
        <p class="muted">{p.canEdit ? t('collections.emptyCurator') : t('collections.empty')}</p>
      ) : (
        <ol class="collection-guides">
          {p.guides.map((g, i) => (
            <li>
              <h2>
                <a href={pathOf(g)}>{g.title}</a>
              </h2>
              {g.summary && <p>{g.summary}</p>}
              {p.canEdit && (
                <div class="inline-list">
                  {i > 0 && (
                    <Form action={`${base}/guides/${g.id}/monter`} class="inline-form">
                      <SubmitButton variant="secondary">{t('collections.up', { title: g.title })}</SubmitButton>
                    </Form>
                  )}
                  {i < p.guides.length - 1 && (
                    <Form action={`${base}/guides/${g.id}/descendre`} class="inline-form">
                      <SubmitButton variant="secondary">{t('collections.down', { title: g.title })}</SubmitButton>
                    </Form>
                  )}
                  <Form action={`${base}/guides/${g.id}/retirer`} class="inline-form">
                    <SubmitButton variant="secondary">{t('collections.remove', { title: g.title })}</SubmitButton>
                  </Form>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}

export function CollectionFormPage({ action, state, title }: { action: string; state: FormState; title: string }) {
  const { t } = useView();
  const labels = { title: t('collections.field.title'), description: t('collections.field.description') };
  return (
    <Layout title={title}>
      <p class="breadcrumb">
        <a href={COLLECTIONS_PATH}>{t('collections.title')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary state={state} labels={labels} />
      <Form action={action}>
        <TextField name="title" label={labels.title} state={state} required maxlength={120} />
        <TextArea
          name="description"
          label={labels.description}
          hint={t('collections.field.descriptionHint')}
          state={state}
          rows={4}
          maxlength={1000}
        />
        <SubmitButton>{t('collections.save')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** On a guide's page: the collections it is in, and (for curators) a form to add it to one. */
export function GuideCollections(p: {
  of: Array<{ id: string; slug: string; title: string }>;
  editable: Array<{ id: string; title: string }>;
  guidePath: string;
}) {
  const { t } = useView();
  const choices = p.editable.filter((e) => !p.of.some((o) => o.id === e.id));
  if (p.of.length === 0 && choices.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="doc-collections" class="doc-section">
      <h2 id="doc-collections">{t('collections.inCollections')}</h2>
      {p.of.length > 0 && (
        <ul class="inline-list">
          {p.of.map((c) => (
            <li>
              <a href={`${COLLECTIONS_PATH}/${c.slug}`}>{c.title}</a>
            </li>
          ))}
        </ul>
      )}
      {choices.length > 0 && (
        <Form action={`${p.guidePath}/collections`} class="inline-form">
          <label for="collectionId">{t('collections.addTo')}</label>{' '}
          <select id="collectionId" name="collectionId">
            {choices.map((c) => (
              <option value={c.id}>{c.title}</option>
            ))}
          </select>{' '}
          <SubmitButton variant="secondary">{t('collections.add')}</SubmitButton>
        </Form>
      )}
    </section>
  );
}
