import { formatDate } from '../../../lib/i18n.ts';
import { useView } from '../../../views/context.ts';
import { CheckboxGroup, ErrorSummary, Form, type FormState, ImageField, SubmitButton, TextArea, TextField } from '../../../views/forms.tsx';
import { Layout } from '../../../views/layout.tsx';
import { ConfirmRefusal } from '../../moderation/moderation.views.tsx';
import { TOOL_KINDS } from '../../tools/tools.schema.ts';
import { type PlaceDetail, photoUrls } from '../places.presenter.ts';

function BackLink({ place }: { place: PlaceDetail }) {
  return (
    <p class="breadcrumb">
      <a href={`/lieux/${place.slug}`}>← {place.name}</a>
    </p>
  );
}

export function PlacePhotosPage({ place, state, maxMb }: { place: PlaceDetail; state: FormState; maxMb: number }) {
  const { t } = useView();
  return (
    <Layout title={t('places.photos.title', { name: place.name })}>
      <BackLink place={place} />
      <h1>{t('places.photos.title', { name: place.name })}</h1>
      {place.photos.length > 0 ? (
        <ul class="gallery gallery-manage">
          {place.photos.map((p) => (
            <li>
              <img src={photoUrls(p).thumbUrl} alt={p.altText} width={240} height={180} />
              <Form action={`/lieux/${place.slug}/photos/${p.id}/supprimer`}>
                <SubmitButton variant="secondary">{t('places.photos.remove')}</SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('places.photos.none')}</p>
      )}
      <section class="card">
        <h2>{t('places.photos.add')}</h2>
        <ErrorSummary state={state} labels={{ photo: t('places.photos.file'), alt: t('places.photos.alt') }} />
        <Form action={`/lieux/${place.slug}/photos`} multipart>
          <ImageField name="photo" label={t('places.photos.file')} hint={t('places.photos.hint', { max: maxMb })} state={state} />
          <TextField name="alt" label={t('places.photos.alt')} hint={t('places.photos.altHint')} state={state} maxlength={200} />
          <SubmitButton>{t('places.photos.upload')}</SubmitButton>
        </Form>
      </section>
    </Layout>
  );
}

export function PlaceTeamPage({ place, state }: { place: PlaceDetail; state: FormState }) {
  const { t, viewer } = useView();
  return (
    <Layout title={t('places.team.manageTitle', { name: place.name })}>
      <BackLink place={place} />
      <h1>{t('places.team.manageTitle', { name: place.name })}</h1>
      <ul class="plain-list">
        {place.team.map((m) => (
          <li>
            {m.displayName}
            {m.userId === viewer?.id && ` (${t('places.team.you')})`}
            {place.team.length > 1 && (
              <Form action={`/lieux/${place.slug}/equipe/${m.userId}/retirer`} class="inline-form">
                <SubmitButton variant="secondary">{t('places.team.remove', { name: m.displayName })}</SubmitButton>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <section class="card">
        <h2>{t('places.team.add')}</h2>
        <p class="hint">{t('places.team.addHint')}</p>
        <ErrorSummary state={state} labels={{ email: t('accounts.email') }} />
        <Form action={`/lieux/${place.slug}/equipe`}>
          <TextField name="email" type="email" label={t('accounts.email')} state={state} required autocomplete="off" />
          <SubmitButton>{t('places.team.addSubmit')}</SubmitButton>
        </Form>
      </section>
    </Layout>
  );
}

export function PlaceMessagesPage({
  place,
  messages,
  replyErrors,
}: {
  place: PlaceDetail;
  messages: Array<{ id: string; senderName: string; body: string; createdAt: Date; repliedAt: Date | null }>;
  replyErrors?: { id: string; state: FormState };
}) {
  const { t, locale } = useView();
  return (
    <Layout title={t('places.messages.title', { name: place.name })}>
      <BackLink place={place} />
      <h1>{t('places.messages.title', { name: place.name })}</h1>
      <p class="hint">{t('places.messages.privacy')}</p>
      {messages.length === 0 && <p class="muted">{t('places.messages.none')}</p>}
      {messages.map((m) => {
        const state = replyErrors?.id === m.id ? replyErrors.state : { values: {}, errors: {} };
        return (
          <article class="card message">
            <h2>{t('places.messages.from', { name: m.senderName, date: formatDate(locale, m.createdAt, true) })}</h2>
            <p class="pre-line">{m.body}</p>
            {m.repliedAt && <p class="muted">{t('places.messages.replied', { date: formatDate(locale, m.repliedAt, true) })}</p>}
            <ErrorSummary state={state} labels={{ reply: t('places.messages.reply') }} prefix={`m${m.id}-`} />
            <Form action={`/lieux/${place.slug}/messages/${m.id}/repondre`}>
              <TextArea
                name="reply"
                prefix={`m${m.id}-`}
                label={t('places.messages.reply')}
                state={state}
                rows={4}
                required
                maxlength={5000}
              />
              <SubmitButton>{t('places.messages.send')}</SubmitButton>
            </Form>
          </article>
        );
      })}
    </Layout>
  );
}

export function PlaceDeleteSection({ place }: { place: PlaceDetail }) {
  const { t } = useView();
  return (
    <section class="card card-danger">
      <h2>{t('places.delete.title')}</h2>
      <p>{t('places.delete.lead')}</p>
      <Form action={`/lieux/${place.slug}/supprimer`}>
        <SubmitButton variant="danger">{t('places.delete.submit', { name: place.name })}</SubmitButton>
      </Form>
    </section>
  );
}

/** The places waiting to be published; refusing one asks for a confirmation first. */
export function ModerationPage({
  pending,
  confirmReject,
  note,
}: {
  pending: Array<{ id: string; slug: string; name: string; commune: string | null; createdAt: Date; creatorName: string | null }>;
  /** The place whose refusal is being confirmed, with the note typed. */
  confirmReject?: string;
  note?: string;
}) {
  const { t, locale } = useView();
  return (
    <Layout title={t('moderation.queue.places')}>
      <p class="breadcrumb">
        <a href="/moderation">{t('moderation.title')}</a>
      </p>
      <h1>{t('moderation.queue.places')}</h1>
      {pending.length === 0 ? (
        <p>{t('moderation.empty')}</p>
      ) : (
        <ul class="plain-list">
          {pending.map((p) => {
            const confirming = confirmReject === p.id;
            const state: FormState = { values: confirming ? { note: note ?? '' } : {}, errors: {} };
            return (
              <li class={`card${confirming ? ' card-danger' : ''}`} id={`lieu-${p.id}`}>
                <h2>
                  <a href={`/lieux/${p.slug}`}>{p.name}</a>
                </h2>
                <p class="muted">
                  {t('moderation.proposedBy', {
                    name: p.creatorName ?? t('moderation.formerMember'),
                    date: formatDate(locale, p.createdAt),
                  })}
                  {p.commune && ` · ${p.commune}`}
                </p>
                <Form action={`/moderation/lieux/${p.id}`}>
                  <TextArea name="note" prefix={`p${p.id}-`} label={t('moderation.note')} state={state} rows={2} maxlength={1000} />
                  {confirming ? (
                    <ConfirmRefusal
                      message={t('moderation.confirmReject', { name: p.name })}
                      field="decision"
                      cancelHref="/moderation/lieux"
                    />
                  ) : (
                    <>
                      <SubmitButton name="decision" value="publish">
                        {t('moderation.publish')}
                      </SubmitButton>{' '}
                      <SubmitButton name="decision" value="reject" variant="danger">
                        {t('moderation.reject')}
                      </SubmitButton>
                    </>
                  )}
                </Form>
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}

/** The team ticks the free tools the place uses; the tool pages list the place in return. */
export function PlaceToolsPage(p: { place: PlaceDetail; choices: Array<{ id: string; name: string; kind: string }>; state: FormState }) {
  const { t } = useView();
  return (
    <Layout title={t('tools.place.manageTitle', { name: p.place.name })}>
      <BackLink place={p.place} />
      <h1>{t('tools.place.manageTitle', { name: p.place.name })}</h1>
      <p class="hint">
        {t('tools.place.hint')} <a href="/outils">{t('tools.title')}</a>
      </p>
      <Form action={`/lieux/${p.place.slug}/outils`}>
        {TOOL_KINDS.map((kind) => (
          <CheckboxGroup
            prefix={kind}
            name="tool"
            legend={t(`tools.kind.${kind}`)}
            options={p.choices.filter((c) => c.kind === kind).map((c) => ({ value: c.id, label: c.name }))}
            state={p.state}
          />
        ))}
        <SubmitButton>{t('tools.place.save')}</SubmitButton>
      </Form>
    </Layout>
  );
}
