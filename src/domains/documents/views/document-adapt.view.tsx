import { useView } from '../../../views/context.ts';
import { ErrorSummary, Form, type FormState, Select, SubmitButton } from '../../../views/forms.tsx';
import { Layout } from '../../../views/layout.tsx';
import { licenceOf } from '../documents.content.ts';
import type { DocumentView } from '../documents.service.ts';
import { pathOf } from '../documents.service.ts';
import type { Choice } from './document-form.view.tsx';

/** "Je l'adapte chez moi": pick the place, get a draft of one's own that remembers its origin. */
export function AdaptPage({ view, places, state }: { view: DocumentView; places: Choice[]; state: FormState }) {
  const { t } = useView();
  const { doc } = view;
  const licence = licenceOf(doc.licence);
  return (
    <Layout title={t('documents.adapt.title', { title: doc.title })}>
      <p class="breadcrumb">
        <a href={pathOf(doc)}>{doc.title}</a>
      </p>
      <h1>{t('documents.adapt.title', { title: doc.title })}</h1>
      <p>{t('documents.adapt.explain')}</p>
      {licence.shareAlike && <p class="notice">{t('documents.adapt.shareAlike', { licence: licence.label })}</p>}
      <ErrorSummary state={state} labels={{ place: t('documents.adapt.place') }} />
      <Form action={`${pathOf(doc)}/adapter`}>
        <Select
          name="place"
          label={t('documents.adapt.place')}
          hint={places.length === 0 ? t('documents.adapt.noPlace') : undefined}
          options={[{ value: '', label: t('documents.adapt.noPlaceOption') }, ...places]}
          state={state}
        />
        <SubmitButton>{t('documents.adapt.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}
