import type { Child } from 'hono/jsx';
import { formatDate, type Locale, type Translate } from '../../lib/i18n.ts';
import type { Visibility } from '../../lib/visibility.ts';
import { useView } from '../../views/context.ts';
import { ErrorSummary, FileField, Form, type FormState, Select, SubmitButton, TextArea, TextField } from '../../views/forms.tsx';
import { Icon } from '../../views/icons.tsx';
import { Layout } from '../../views/layout.tsx';
import type { ReviewerGroup } from './recognition.policy.ts';
import { formatHours, type summarise } from './recognition.presenter.ts';
import { CONTRIBUTION_KINDS } from './recognition.schema.ts';
import type { ContributionRow } from './recognition.service.ts';
import type { roleDescriptionContent } from './role-description.ts';

/** "Animation d’atelier du 12 novembre 2026" or "Formation, du 2 au 6 juin 2025". */
export function contributionTitle(t: Translate, locale: Locale, c: Pick<ContributionRow, 'kind' | 'startedOn' | 'endedOn'>): string {
  const kind = t(`recognition.kind.${c.kind}`);
  return c.endedOn
    ? t('recognition.detail.titlePeriod', { kind, start: formatDate(locale, c.startedOn), end: formatDate(locale, c.endedOn) })
    : t('recognition.detail.title', { kind, date: formatDate(locale, c.startedOn) });
}

const formLabels = (t: Translate): Record<string, string> => ({
  kind: t('recognition.field.kind'),
  startedOn: t('recognition.field.startedOn'),
  endedOn: t('recognition.field.endedOn'),
  hours: t('recognition.field.hours'),
  placeSlug: t('recognition.field.place'),
  projectSlug: t('recognition.field.project'),
  description: t('recognition.field.description'),
  evidenceUrl: t('recognition.field.evidenceUrl'),
  evidenceFile: t('recognition.field.evidenceFile'),
});

export interface Choices {
  places: Array<{ slug: string; name: string }>;
  projects: Array<{ slug: string; title: string }>;
}

/** Log a contribution, or correct one (the same fields). */
export function ContributionFormPage(props: { state: FormState; choices: Choices; action: string; editing?: { message: string | null } }) {
  const { t } = useView();
  const labels = formLabels(t);
  const title = props.editing ? t('recognition.edit.title') : t('recognition.new.title');
  return (
    <Layout title={title}>
      <div class="form-page">
        <p class="breadcrumb">
          <a href="/reconnaissance">{t('recognition.title')}</a>
        </p>
        <h1>{title}</h1>
        <p class="lead">{t('recognition.new.lead')}</p>
        {props.editing?.message && (
          <div class="notice">
            <p>
              <strong>{t('recognition.detail.reviewMessage')} :</strong> <span class="pre-line">{props.editing.message}</span>
            </p>
          </div>
        )}
        <ErrorSummary state={props.state} labels={labels} />
        <Form action={props.action} multipart>
          <Select
            name="kind"
            label={labels.kind ?? ''}
            options={CONTRIBUTION_KINDS.map((k) => ({ value: k, label: t(`recognition.kind.${k}`) }))}
            state={props.state}
            required
          />
          <div class="field-row">
            <TextField name="startedOn" type="date" label={labels.startedOn ?? ''} state={props.state} required />
            <TextField
              name="endedOn"
              type="date"
              label={labels.endedOn ?? ''}
              hint={t('recognition.field.endedOnHint')}
              state={props.state}
            />
          </div>
          <TextField
            name="hours"
            label={labels.hours ?? ''}
            hint={t('recognition.field.hoursHint')}
            state={props.state}
            inputmode="decimal"
            maxlength={20}
            required
          />
          <Select
            name="placeSlug"
            label={labels.placeSlug ?? ''}
            hint={t('recognition.field.placeHint')}
            options={[
              { value: '', label: t('recognition.field.noPlace') },
              ...props.choices.places.map((p) => ({ value: p.slug, label: p.name })),
            ]}
            state={props.state}
          />
          <Select
            name="projectSlug"
            label={labels.projectSlug ?? ''}
            hint={t('recognition.field.projectHint')}
            options={[
              { value: '', label: t('recognition.field.noProject') },
              ...props.choices.projects.map((p) => ({ value: p.slug, label: p.title })),
            ]}
            state={props.state}
          />
          <TextArea
            name="description"
            label={labels.description ?? ''}
            hint={t('recognition.field.descriptionHint')}
            state={props.state}
            rows={5}
            maxlength={3000}
            required
          />
          <TextField
            name="evidenceUrl"
            type="url"
            label={labels.evidenceUrl ?? ''}
            hint={t('recognition.field.evidenceUrlHint')}
            state={props.state}
            inputmode="url"
            maxlength={500}
          />
          <FileField
            name="evidenceFile"
            label={labels.evidenceFile ?? ''}
            hint={t('recognition.field.evidenceFileHint')}
            state={props.state}
            accept="image/jpeg,image/png,image/webp,application/pdf"
            optional
          />
          <SubmitButton>{props.editing ? t('recognition.edit.submit') : t('recognition.new.submit')}</SubmitButton>
        </Form>
      </div>
    </Layout>
  );
}

function StatusNotice({ status }: { status: ContributionRow['status'] }) {
  const { t } = useView();
  const tone = status === 'confirmed' ? 'notice-success' : status === 'declined' ? 'notice-error' : '';
  return <p class={`notice ${tone}`}>{t(`recognition.status.${status}`)}</p>;
}

export function ContributionPage(props: {
  contribution: ContributionRow;
  reviewers: ReviewerGroup;
  canEdit: boolean;
  canWithdraw: boolean;
  canReview: boolean;
  review: FormState;
}) {
  const { t, locale } = useView();
  const c = props.contribution;
  const title = contributionTitle(t, locale, c);
  const reviewer = c.reviewerSlug ? (
    <a href={`/membres/${c.reviewerSlug}`}>{c.reviewerName}</a>
  ) : (
    (c.reviewerName ?? t('people.formerMember'))
  );
  return (
    <Layout title={title}>
      <p class="breadcrumb">
        {c.memberSlug ? (
          <a href={`/membres/${c.memberSlug}/reconnaissance`}>{t('recognition.detail.back', { name: c.memberName })}</a>
        ) : (
          <a href="/reconnaissance">{t('recognition.title')}</a>
        )}
      </p>
      <h1>{title}</h1>
      <StatusNotice status={c.status} />
      <p class="subtitle">
        {t('recognition.detail.by', { name: c.memberName })}
        {c.source !== 'member' && ` · ${t(`recognition.source.${c.source}`)}`}
      </p>
      <div class="detail-layout">
        <div class="detail-main">
          <p class="pre-line">{c.description}</p>
          <dl class="facts">
            <dt>{t('recognition.detail.duration')}</dt>
            <dd>{c.minutes === null ? t('recognition.detail.noDuration') : formatHours(locale, c.minutes)}</dd>
            {c.placeName && (
              <>
                <dt>{t('recognition.detail.where')}</dt>
                <dd>{c.placeSlug ? <a href={`/lieux/${c.placeSlug}`}>{c.placeName}</a> : c.placeName}</dd>
              </>
            )}
            {c.projectTitle && (
              <>
                <dt>{t('recognition.detail.project')}</dt>
                <dd>{c.projectSlug ? <a href={`/projets/${c.projectSlug}`}>{c.projectTitle}</a> : c.projectTitle}</dd>
              </>
            )}
            {c.evidenceKey && (
              <>
                <dt>{t('recognition.detail.evidenceFile')}</dt>
                <dd>
                  {c.evidenceKey.endsWith('.webp') ? (
                    <a href={`/uploads/${c.evidenceKey}`}>
                      <img
                        src={`/uploads/${c.evidenceKey}`}
                        alt={t('recognition.detail.evidencePhoto')}
                        class="evidence-photo"
                        loading="lazy"
                      />
                    </a>
                  ) : (
                    <a href={`/uploads/${c.evidenceKey}`}>{t('recognition.detail.evidencePdf')}</a>
                  )}
                </dd>
              </>
            )}
            {c.evidenceUrl && (
              <>
                <dt>{t('recognition.detail.evidence')}</dt>
                <dd class="break-anywhere">
                  <a href={c.evidenceUrl} rel="nofollow noopener">
                    {c.evidenceUrl}
                  </a>
                </dd>
              </>
            )}
          </dl>
          {c.reviewedAt && c.status !== 'pending' && (
            <section class="card">
              <p>
                {c.status === 'confirmed' && <Icon name="circle-check" />}{' '}
                {c.status === 'confirmed' ? t('recognition.detail.confirmedBy') : t('recognition.detail.answeredBy')} {reviewer}
                {` · ${formatDate(locale, c.reviewedAt)}`}
              </p>
              {c.reviewMessage && <p class="pre-line">{c.reviewMessage}</p>}
            </section>
          )}
        </div>
        <aside class="detail-aside">
          {c.status === 'pending' && <p class="hint">{t(`recognition.reviewers.${props.reviewers}`)}</p>}
          {props.canReview && (
            <section class="card" aria-labelledby="reponse">
              <h2 id="reponse">{t('recognition.review.title')}</h2>
              <p class="hint">{t('recognition.review.lead')}</p>
              <ErrorSummary
                state={props.review}
                labels={{ message: t('recognition.review.message'), decision: t('recognition.review.title') }}
              />
              <Form action={`/reconnaissance/${c.id}/reponse`}>
                <TextArea
                  name="message"
                  label={t('recognition.review.message')}
                  hint={t('recognition.review.messageHint')}
                  state={props.review}
                  rows={3}
                  maxlength={2000}
                />
                <div class="actions">
                  <SubmitButton name="decision" value="confirm">
                    {t('recognition.review.confirm')}
                  </SubmitButton>
                  <SubmitButton name="decision" value="request_changes" variant="secondary">
                    {t('recognition.review.requestChanges')}
                  </SubmitButton>
                  <SubmitButton name="decision" value="decline" variant="danger">
                    {t('recognition.review.decline')}
                  </SubmitButton>
                </div>
              </Form>
            </section>
          )}
          {(props.canEdit || props.canWithdraw) && (
            <section class="card">
              {props.canEdit && (
                <p>
                  <a class="button" href={`/reconnaissance/${c.id}/modifier`}>
                    <Icon name="pencil" /> {t('recognition.edit.title')}
                  </a>
                </p>
              )}
              {props.canWithdraw && (
                <Form action={`/reconnaissance/${c.id}/retirer`}>
                  <SubmitButton variant="danger">{t('recognition.withdraw.submit')}</SubmitButton>
                </Form>
              )}
            </section>
          )}
        </aside>
      </div>
    </Layout>
  );
}

function ContributionList({ rows, showMember }: { rows: ContributionRow[]; showMember?: boolean }) {
  const { t, locale } = useView();
  return (
    <ul class="compact-list contribution-list">
      {rows.map((c) => (
        <li>
          <a href={`/reconnaissance/${c.id}`}>{contributionTitle(t, locale, c)}</a>
          <span class="muted">
            {[
              showMember ? c.memberName : null,
              c.minutes === null ? null : formatHours(locale, c.minutes),
              c.placeName,
              c.projectTitle,
              c.status === 'confirmed' ? null : t(`recognition.status.${c.status}`),
            ]
              .filter(Boolean)
              .map((s) => ` · ${s}`)
              .join('')}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ReviewQueuePage({ rows }: { rows: Array<ContributionRow & { reviewers: ReviewerGroup }> }) {
  const { t } = useView();
  return (
    <Layout title={t('recognition.queue.title')}>
      <p class="breadcrumb">
        <a href="/reconnaissance">{t('recognition.title')}</a>
      </p>
      <h1>{t('recognition.queue.title')}</h1>
      <p class="lead">{t('recognition.queue.lead')}</p>
      <p class="result-count" role="status">
        {t('recognition.queue.count', { count: rows.length })}
      </p>
      {rows.length === 0 ? <p>{t('recognition.queue.empty')}</p> : <ContributionList rows={rows} showMember />}
    </Layout>
  );
}

type Summary = ReturnType<typeof summarise>;
type RecordView = {
  member: { id: string; slug: string; displayName: string };
  visibility: Visibility;
  own: boolean;
} & ({ hidden: true } | ({ hidden: false } & Summary));

function TotalsTable(props: { caption: string; rows: Array<{ label: Child; minutes: number; count: number }> }) {
  const { t, locale } = useView();
  return (
    <table class="data-table totals-table">
      <caption>{props.caption}</caption>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td>{r.minutes > 0 ? formatHours(locale, r.minutes) : '—'}</td>
            <td class="muted">{t('recognition.record.countShort', { count: r.count })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RecordPage({ record, signedIn }: { record: RecordView; signedIn: boolean }) {
  const { t, locale } = useView();
  const name = record.member.displayName;
  const title = record.own ? t('recognition.record.myTitle') : t('recognition.record.title', { name });
  return (
    <Layout title={title}>
      <p class="breadcrumb">
        <a href={`/membres/${record.member.slug}`}>{name}</a>
      </p>
      <h1>{title}</h1>
      {record.hidden ? (
        <p class="notice">
          {record.visibility === 'members' && !signedIn ? (
            <>
              {t('recognition.record.hiddenMembers')}{' '}
              <a href={`/connexion?next=/membres/${record.member.slug}/reconnaissance`}>{t('nav.signIn')}</a>
            </>
          ) : (
            t('recognition.record.hidden', { name })
          )}
        </p>
      ) : (
        <>
          <p class="lead">{t('recognition.record.lead', { name })}</p>
          {record.own && (
            <p class="actions">
              <a class="button" href="/reconnaissance/nouvelle">
                <Icon name="plus" /> {t('recognition.record.log')}
              </a>
              <a class="button button-secondary" href="/reconnaissance/a-confirmer">
                {t('recognition.record.queueLink')}
              </a>
              <a class="button button-secondary" href={`/membres/${record.member.slug}/badges`}>
                {t('badges.member.myTitle')}
              </a>
              <a class="button button-secondary" href="/attestations/nouvelle">
                {t('attestations.new.link')}
              </a>
            </p>
          )}
          {record.own && (
            <p>
              <a href="/reconnaissance/fiche-de-poste">{t('recognition.role.link')}</a>
            </p>
          )}
          <section aria-labelledby="total">
            <h2 id="total">{t('recognition.record.total')}</h2>
            <p class="record-total">
              {record.totals.minutes > 0 || record.totals.count === 0
                ? t('recognition.record.totalLine', { count: record.totals.count, hours: formatHours(locale, record.totals.minutes) })
                : t('recognition.record.countShort', { count: record.totals.count })}
            </p>
            {record.totals.count === 0 && (
              <p>{record.own ? t('recognition.record.emptyOwn') : t('recognition.record.emptyOther', { name })}</p>
            )}
            {record.totals.count > 0 && (
              <div class="totals-grid">
                <TotalsTable
                  caption={t('recognition.record.byKind')}
                  rows={record.totals.byKind.map((k) => ({ ...k, label: t(`recognition.kind.${k.kind}`) }))}
                />
                {record.totals.byPlace.length > 0 && (
                  <TotalsTable
                    caption={t('recognition.record.byPlace')}
                    rows={record.totals.byPlace.map((p) => ({
                      ...p,
                      label: p.slug ? <a href={`/lieux/${p.slug}`}>{p.name}</a> : p.name,
                    }))}
                  />
                )}
                <TotalsTable caption={t('recognition.record.byYear')} rows={record.totals.byYear.map((y) => ({ ...y, label: y.year }))} />
              </div>
            )}
          </section>
          {record.confirmed.length > 0 && (
            <section aria-labelledby="confirmees">
              <h2 id="confirmees">{t('recognition.record.timeline')}</h2>
              <ContributionList rows={record.confirmed} />
            </section>
          )}
          {record.waiting.length > 0 && (
            <section aria-labelledby="en-attente">
              <h2 id="en-attente">{t('recognition.record.waiting')}</h2>
              <p class="hint">{t('recognition.record.waitingNote')}</p>
              <ContributionList rows={record.waiting} />
            </section>
          )}
          {record.own && record.answered.length > 0 && (
            <section aria-labelledby="a-reprendre">
              <h2 id="a-reprendre">{t('recognition.record.answered')}</h2>
              <p class="hint">{t('recognition.record.answeredNote')}</p>
              <ContributionList rows={record.answered} />
            </section>
          )}
        </>
      )}
      {record.own && (
        <section class="card" aria-labelledby="visibilite">
          <h2 id="visibilite">{t('recognition.visibility.title')}</h2>
          <Form action="/reconnaissance/visibilite" class="inline-form">
            <Select
              name="visibility"
              label={t('recognition.visibility.label')}
              options={(['public', 'members', 'private'] as const).map((v) => ({ value: v, label: t(`recognition.visibility.${v}`) }))}
              state={{ values: { visibility: record.visibility }, errors: {} }}
              required
            />
            <SubmitButton variant="secondary">{t('recognition.visibility.submit')}</SubmitButton>
          </Form>
        </section>
      )}
    </Layout>
  );
}

/** /reconnaissance for a visitor: what it is, and the way in. */
export function RecognitionIntroPage() {
  const { t } = useView();
  return (
    <Layout title={t('recognition.title')} description={t('recognition.intro.lead')}>
      <h1>{t('recognition.title')}</h1>
      <p class="lead">{t('recognition.intro.lead')}</p>
      <p>
        <a class="button" href="/connexion?next=/reconnaissance/nouvelle">
          {t('recognition.intro.signIn')}
        </a>
      </p>
      <p>
        <a href="/reconnaissance/fiche-de-poste">{t('recognition.role.link')}</a> · <a href="/badges">{t('badges.title')}</a> ·{' '}
        <a href="/badges/verifier">{t('badges.verify.title')}</a>
      </p>
    </Layout>
  );
}

/** The role description before the network publishes it as a guide: the template, and the way to publish it. */
export function RoleTemplatePage({ content, canPublish }: { content: ReturnType<typeof roleDescriptionContent>; canPublish: boolean }) {
  const { t } = useView();
  return (
    <Layout title={content.title} description={content.summary}>
      <p class="breadcrumb">
        <a href="/reconnaissance">{t('recognition.title')}</a>
      </p>
      <h1>{content.title}</h1>
      <p class="lead">{content.summary}</p>
      <p class="notice">{t('recognition.role.notYet')}</p>
      {canPublish && (
        <Form action="/reconnaissance/fiche-de-poste">
          <SubmitButton>{t('recognition.role.publish')}</SubmitButton>
        </Form>
      )}
      <p class="pre-line">{content.sections.introduction}</p>
      <h2>{t('recognition.role.missions')}</h2>
      <ol>
        {content.steps.map((s) => (
          <li>
            <strong>{s.title}</strong> — {s.text}
          </li>
        ))}
      </ol>
      <h2>{t('recognition.role.skills')}</h2>
      <p class="pre-line">{content.sections.prerequis}</p>
    </Layout>
  );
}
