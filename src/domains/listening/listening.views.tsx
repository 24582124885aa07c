import { formatDate } from '../../lib/i18n.ts';
import { BarChart, ChartFigure, ColumnChart } from '../../views/charts.tsx';
import { useView } from '../../views/context.ts';
import {
  Checkbox,
  ErrorSummary,
  Form,
  type FormState,
  fieldValue,
  fieldValues,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../views/forms.tsx';
import { Icon } from '../../views/icons.tsx';
import { Layout } from '../../views/layout.tsx';
import { Pagination } from '../../views/pagination.tsx';
import { EmptyState } from '../../views/search-ui.tsx';
import {
  answerField,
  blockCount,
  isText,
  LONG_MAX,
  MAX_QUESTIONS,
  QUESTION_KINDS,
  type Question,
  SHORT_MAX,
} from './listening.questions.ts';
import type { getOverview, getPublicQuestionnaire, getResults, QuestionResult, readPlatformFeedback } from './listening.service.ts';
import { templateNames } from './listening.service.ts';

type Overview = Awaited<ReturnType<typeof getOverview>>;
type Results = Awaited<ReturnType<typeof getResults>>;
type PublicQuestionnaire = Awaited<ReturnType<typeof getPublicQuestionnaire>>;

const number = (locale: string, n: number, digits = 0) =>
  n.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });

function StatusTag({ status }: { status: 'open' | 'closed' }) {
  const { t } = useView();
  return <span class={`tag ${status === 'open' ? 'badge-success' : 'badge-warning'}`}>{t(`listening.status.${status}`)}</span>;
}

/** The team's page: their questionnaires, and where to start a new one. */
export function ListeningOverviewPage({ data, place }: { data: Overview; place?: string }) {
  const { t, locale } = useView();
  const shown = place ? data.questionnaires.filter((q) => q.place?.slug === place) : data.questionnaires;
  return (
    <Layout title={t('listening.overview.title')}>
      <div class="page-head">
        <h1>{t('listening.overview.title')}</h1>
        <p class="lead">{t('listening.overview.lead')}</p>
      </div>
      {data.places.length === 0 ? (
        <EmptyState
          title={t('listening.overview.noPlace')}
          reason={t('listening.overview.noPlaceWhy')}
          steps={[
            { href: '/lieux/nouveau', label: t('listening.overview.addPlace'), primary: true },
            { href: '/lieux', label: t('nav.places') },
          ]}
        />
      ) : (
        <>
          <section aria-labelledby="nouveau-questionnaire" class="card">
            <h2 id="nouveau-questionnaire">{t('listening.overview.start')}</h2>
            <form method="get" action="/ecoute/nouveau" class="stack">
              <Select
                name="lieu"
                label={t('listening.field.place')}
                required
                state={{ values: { lieu: place ?? data.places[0]?.slug ?? '' }, errors: {} }}
                options={data.places.map((p) => ({ value: p.slug, label: p.name }))}
              />
              <fieldset class="field">
                <legend>{t('listening.overview.template')}</legend>
                {[...templateNames, 'vide'].map((name, i) => (
                  <label class="check">
                    <input type="radio" name="modele" value={name} checked={i === 0} /> {t(`listening.template.${name}`)}
                  </label>
                ))}
              </fieldset>
              <button type="submit" class="button">
                <Icon name="plus" />
                {t('listening.overview.create')}
              </button>
            </form>
          </section>
          <section aria-labelledby="mes-questionnaires">
            <h2 id="mes-questionnaires">{t('listening.overview.list', { count: shown.length })}</h2>
            {shown.length === 0 ? (
              <p class="muted">{t('listening.overview.none')}</p>
            ) : (
              <ul class="request-list">
                {shown.map((q) => (
                  <li>
                    <a href={`/ecoute/${q.id}`}>{q.title}</a> <StatusTag status={q.status} />
                    <p class="muted">
                      {[
                        q.place?.name,
                        t('listening.answers', { count: q.answers }),
                        q.lastAnswerOn ? t('listening.lastAnswer', { date: formatDate(locale, q.lastAnswerOn) }) : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Layout>
  );
}

/** One question of the team's form: what it asks, its kind, its choices, optional or not. */
function QuestionBlock({ i, state }: { i: number; state: FormState }) {
  const { t } = useView();
  const name = (field: string) => `q${i}_${field}`;
  return (
    <fieldset class="question-block">
      <legend>{t('listening.field.question', { n: i + 1 })}</legend>
      <input type="hidden" name={name('id')} value={fieldValue(state, name('id'))} />
      <TextField name={name('label')} label={t('listening.field.label')} state={state} maxlength={200} />
      <Select
        name={name('kind')}
        label={t('listening.field.kind')}
        state={fieldValue(state, name('kind')) ? state : { ...state, values: { ...state.values, [name('kind')]: 'rating' } }}
        required
        options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`listening.kind.${k}`) }))}
      />
      <TextArea
        name={name('options')}
        label={t('listening.field.options')}
        hint={t('listening.field.optionsHint')}
        state={state}
        rows={3}
      />
      <Checkbox name={name('optional')} label={t('listening.field.optional')} state={state} />
    </fieldset>
  );
}

/** The questions, read-only, once answers came in (they can no longer change). */
function LockedQuestions({ questions, state }: { questions: readonly Question[]; state: FormState }) {
  const { t } = useView();
  return (
    <section aria-labelledby="questions-figees">
      <h2 id="questions-figees">{t('listening.form.questions')}</h2>
      <p class="notice notice-info">{t('listening.form.locked')}</p>
      <ol>
        {questions.map((q, i) => (
          <li>
            {q.label} <span class="muted">({t(`listening.kind.${q.kind}`)})</span>
            {(['id', 'label', 'kind', 'options', 'optional'] as const).map((f) => (
              <input type="hidden" name={`q${i}_${f}`} value={fieldValue(state, `q${i}_${f}`)} />
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Create or change a questionnaire; the question blocks work without JavaScript (empty ones are ignored). */
export function QuestionnaireFormPage(props: {
  state: FormState;
  action: string;
  places?: Array<{ slug: string; name: string }>;
  editing?: { id: string; title: string; questions: readonly Question[]; locked: boolean };
}) {
  const { t } = useView();
  const { state, editing } = props;
  const labels: Record<string, string> = {
    place: t('listening.field.place'),
    title: t('listening.field.title'),
    intro: t('listening.field.intro'),
    purpose: t('listening.field.purpose'),
  };
  const blocks = Math.min(MAX_QUESTIONS, Math.max(blockCount(state.values) + 2, 3));
  for (let i = 0; i < blocks; i++) {
    labels[`q${i}_label`] = t('listening.field.questionLabel', { n: i + 1 });
    labels[`q${i}_kind`] = t('listening.field.questionKind', { n: i + 1 });
    labels[`q${i}_options`] = t('listening.field.questionOptions', { n: i + 1 });
  }
  const title = editing ? t('listening.edit.title', { title: editing.title }) : t('listening.new.title');
  return (
    <Layout title={title}>
      <div class="page-head">
        <p class="breadcrumb">
          <a href="/ecoute">{t('listening.overview.title')}</a>
          {editing && (
            <>
              {' › '}
              <a href={`/ecoute/${editing.id}`}>{editing.title}</a>
            </>
          )}
        </p>
        <h1>{title}</h1>
        <p class="lead">{t('listening.new.lead')}</p>
      </div>
      <ErrorSummary state={state} labels={labels} />
      <Form action={props.action} class="stack">
        {props.places && (
          <Select
            name="place"
            label={labels.place ?? ''}
            required
            state={state}
            options={props.places.map((p) => ({ value: p.slug, label: p.name }))}
          />
        )}
        <TextField name="title" label={labels.title ?? ''} state={state} required maxlength={120} />
        <TextArea name="intro" label={labels.intro ?? ''} hint={t('listening.field.introHint')} state={state} rows={3} maxlength={600} />
        {editing?.locked ? (
          <LockedQuestions questions={editing.questions} state={state} />
        ) : (
          <section aria-labelledby="les-questions">
            <h2 id="les-questions">{t('listening.form.questions')}</h2>
            <p class="hint">{t('listening.form.questionsHint')}</p>
            {Array.from({ length: blocks }, (_, i) => (
              <QuestionBlock i={i} state={state} />
            ))}
          </section>
        )}
        <fieldset class="field">
          <legend>{t('listening.form.personalData')}</legend>
          <p class="hint">{t('listening.form.personalDataHint')}</p>
          <Checkbox name="personalData" label={t('listening.field.personalData')} state={state} />
          <TextArea
            name="purpose"
            label={labels.purpose ?? ''}
            hint={t('listening.field.purposeHint')}
            state={state}
            rows={3}
            maxlength={600}
          />
        </fieldset>
        <SubmitButton>{editing ? t('listening.edit.submit') : t('listening.new.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** A question's figures: a bar per choice (or per rating), the same figures as a table, ratings by month. */
function QuestionChart({ r, i }: { r: QuestionResult; i: number }) {
  const { t, locale } = useView();
  const q = r.question;
  const id = `graphique-${q.id}`;
  const isRating = q.kind === 'rating';
  const label = (l: string) => (isRating ? t('listening.results.ratingLabel', { n: l }) : l);
  const describe = r.counts.map((b) => `${label(b.label)} : ${b.n}`).join(', ');
  return (
    <section aria-labelledby={`question-${q.id}`} class="question-result">
      <h3 id={`question-${q.id}`}>{`${i + 1}. ${q.label}`}</h3>
      <p class="muted">
        {t('listening.results.answered', { count: r.answered })}
        {r.average !== null && ` · ${t('listening.results.average', { value: number(locale, r.average, 1) })}`}
        {q.kind === 'multiple' && ` · ${t('listening.results.several')}`}
      </p>
      {isText(q.kind) ? (
        <p>
          <a href="#reponses-ecrites">{t('listening.results.readTexts')}</a>
        </p>
      ) : r.answered === 0 ? null : (
        <ChartFigure
          chart={
            <BarChart
              id={id}
              title={t('listening.results.chartTitle', { question: q.label })}
              description={t('listening.results.chartDesc', { count: r.answered, figures: describe })}
              bars={r.counts.map((b) => ({ label: label(b.label), value: b.n }))}
            />
          }
          caption={t('listening.results.tableCaption', { question: q.label })}
          headers={[isRating ? t('listening.results.rating') : t('listening.results.choice'), t('listening.results.count')]}
          rows={r.counts.map((b) => [label(b.label), number(locale, b.n)])}
        />
      )}
      {isRating && r.monthly.length > 1 && (
        <ChartFigure
          chart={
            <ColumnChart
              id={`${id}-mois`}
              title={t('listening.results.monthlyTitle', { question: q.label })}
              description={r.monthly.map((m) => `${monthName(locale, m.month)} : ${number(locale, m.average, 1)}`).join(', ')}
              bars={r.monthly.map((m) => ({ label: monthName(locale, m.month, true), value: m.average }))}
              max={5}
            />
          }
          caption={t('listening.results.monthlyCaption', { question: q.label })}
          headers={[t('listening.results.month'), t('listening.results.averageHeader')]}
          rows={r.monthly.map((m) => [
            monthName(locale, m.month),
            `${number(locale, m.average, 1)} (${t('listening.answers', { count: m.n })})`,
          ])}
        />
      )}
    </section>
  );
}

const monthName = (locale: string, month: string, short = false) =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString(locale, {
    month: short ? 'short' : 'long',
    year: short ? '2-digit' : 'numeric',
    timeZone: 'UTC',
  });

/** What people wrote, a page at a time; the team hides an abusive answer (and can show it again). */
function WrittenAnswers({ data }: { data: Results }) {
  const { t, locale } = useView();
  const texts = data.questionnaire.questions.filter((q) => isText(q.kind));
  if (texts.length === 0) {
    return null;
  }
  const { rows, total, page, pages } = data.texts;
  return (
    <section aria-labelledby="reponses-ecrites" id="reponses-ecrites">
      <h2>{t('listening.results.texts', { count: total })}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t('listening.results.noTexts')}</p>
      ) : (
        <ul class="written-answers">
          {rows.map((row) => (
            <li class={row.hidden ? 'answer-hidden' : undefined}>
              <p class="muted">{formatDate(locale, row.answeredOn)}</p>
              {row.hidden ? (
                <details>
                  <summary>{t('listening.results.hiddenAnswer')}</summary>
                  <TextsOf texts={texts} row={row.texts} />
                </details>
              ) : (
                <TextsOf texts={texts} row={row.texts} />
              )}
              <Form action={`/ecoute/${data.questionnaire.id}/reponses/${row.id}/${row.hidden ? 'afficher' : 'masquer'}`}>
                <SubmitButton variant="secondary">{row.hidden ? t('listening.results.show') : t('listening.results.hide')}</SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} href={(p) => `/ecoute/${data.questionnaire.id}?page=${p}#reponses-ecrites`} />
    </section>
  );
}

function TextsOf({ texts, row }: { texts: Question[]; row: Record<string, string> }) {
  return (
    <dl>
      {texts
        .filter((q) => row[q.id])
        .map((q) => (
          <>
            <dt>{q.label}</dt>
            <dd class="written-text">{row[q.id]}</dd>
          </>
        ))}
    </dl>
  );
}

export interface NoteListRow {
  id: string;
  youSaid: string;
  weDid: string;
  createdAt: Date;
}

/** "Vous nous avez dit / nous avons fait": the form, and the notes already on the place's page. */
function NotesSection({ data, notes, state }: { data: Results; notes: NoteListRow[]; state: FormState }) {
  const { t, locale } = useView();
  const labels = { youSaid: t('listening.note.youSaid'), weDid: t('listening.note.weDid') };
  return (
    <section aria-labelledby="nous-avons-fait" class="card" id="note">
      <h2 id="nous-avons-fait">{t('listening.note.title')}</h2>
      <p class="hint">{t('listening.note.lead', { place: data.place.name })}</p>
      <ErrorSummary state={state} labels={labels} prefix="note-" />
      <Form action={`/ecoute/${data.questionnaire.id}/notes`}>
        <TextArea
          name="youSaid"
          prefix="note-"
          label={labels.youSaid}
          hint={t('listening.note.youSaidHint')}
          state={state}
          required
          rows={3}
          maxlength={600}
        />
        <TextArea
          name="weDid"
          prefix="note-"
          label={labels.weDid}
          hint={t('listening.note.weDidHint')}
          state={state}
          required
          rows={3}
          maxlength={600}
        />
        <SubmitButton>{t('listening.note.submit')}</SubmitButton>
      </Form>
      {notes.length > 0 && (
        <>
          <h3>{t('listening.note.published', { count: notes.length })}</h3>
          <ul class="request-list">
            {notes.map((n) => (
              <li>
                <p>
                  <strong>{t('listening.note.youSaidShort')}</strong> {n.youSaid}
                </p>
                <p>
                  <strong>{t('listening.note.weDidShort')}</strong> {n.weDid}
                </p>
                <p class="muted">{formatDate(locale, n.createdAt)}</p>
                <Form action={`/ecoute/notes/${n.id}/retirer`}>
                  <SubmitButton variant="secondary">{t('listening.note.remove')}</SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The team's page for one questionnaire: its link and poster, the figures, what people wrote, the note. */
export function ResultsPage({
  data,
  notes,
  noteForm,
  publicUrl,
}: {
  data: Results;
  notes: NoteListRow[];
  noteForm: FormState;
  publicUrl: string;
}) {
  const { t } = useView();
  const q = data.questionnaire;
  const link = `${publicUrl}/avis/${q.code}`;
  return (
    <Layout title={q.title}>
      <div class="page-head">
        <p class="breadcrumb">
          <a href={`/ecoute?lieu=${data.place.slug}`}>{t('listening.overview.title')}</a>
          {' › '}
          <a href={`/lieux/${data.place.slug}`}>{data.place.name}</a>
        </p>
        <h1>{q.title}</h1>
        <p>
          <StatusTag status={q.status} /> <span class="muted">{t('listening.answers', { count: data.total })}</span>
        </p>
      </div>
      <section aria-labelledby="partager" class="card">
        <h2 id="partager">{t('listening.share.title')}</h2>
        <p>{t('listening.share.lead')}</p>
        <p class="public-link">
          <a href={`/avis/${q.code}`}>{link}</a>
        </p>
        <ul class="actions inline-list">
          <li>
            <a class="button" href={`/ecoute/${q.id}/affiche.pdf`}>
              <Icon name="printer" />
              {t('listening.share.posterPdf')}
            </a>
          </li>
          <li>
            <a class="button button-secondary" href={`/ecoute/${q.id}/affiche.svg`}>
              {t('listening.share.posterSvg')}
            </a>
          </li>
          <li>
            <a class="button button-secondary" href={`/ecoute/${q.id}/reponses.csv`}>
              <Icon name="download" />
              {t('listening.share.csv')}
            </a>
          </li>
          <li>
            <a class="button button-secondary" href={`/ecoute/${q.id}/modifier`}>
              <Icon name="pencil" />
              {t('listening.share.edit')}
            </a>
          </li>
          <li>
            <Form action={`/ecoute/${q.id}/${q.status === 'open' ? 'fermer' : 'ouvrir'}`}>
              <SubmitButton variant="secondary">
                {q.status === 'open' ? t('listening.share.close') : t('listening.share.open')}
              </SubmitButton>
            </Form>
          </li>
        </ul>
      </section>
      <section aria-labelledby="resultats">
        <h2 id="resultats">{t('listening.results.title')}</h2>
        {data.total === 0 ? (
          <EmptyState
            title={t('listening.results.none')}
            reason={t('listening.results.noneWhy')}
            steps={[{ href: `/ecoute/${q.id}/affiche.pdf`, label: t('listening.share.posterPdf'), primary: true }]}
          />
        ) : (
          data.results.map((r, i) => <QuestionChart r={r} i={i} />)
        )}
      </section>
      <WrittenAnswers data={data} />
      <NotesSection data={data} notes={notes} state={noteForm} />
    </Layout>
  );
}

/** One question as a visitor answers it. */
function AnswerQuestion({ q, state }: { q: Question; state: FormState }) {
  const { t } = useView();
  const name = answerField(q);
  const errors = state.errors[name] ?? [];
  const errorId = `champ-${name}-erreur`;
  const mark = q.optional ? <span class="optional"> {t('form.optional')}</span> : <span class="required"> {t('form.required')}</span>;
  if (q.kind === 'short' || q.kind === 'long') {
    const Field = q.kind === 'short' ? TextField : TextArea;
    return <Field name={name} label={q.label} state={state} required={!q.optional} maxlength={q.kind === 'short' ? SHORT_MAX : LONG_MAX} />;
  }
  const chosen = new Set(fieldValues(state, name));
  const options = q.kind === 'rating' ? ['1', '2', '3', '4', '5'] : q.options;
  return (
    <fieldset
      class={`field answer-choices${q.kind === 'rating' ? ' rating' : ''}${errors.length ? ' field-invalid' : ''}`}
      id={`champ-${name}`}
      aria-describedby={errors.length ? errorId : undefined}
    >
      <legend>
        {q.label}
        {mark}
      </legend>
      {q.kind === 'rating' && <p class="hint">{t('listening.answer.ratingHint')}</p>}
      {errors.length > 0 && (
        <p class="field-error" id={errorId}>
          {errors.join(' ')}
        </p>
      )}
      <div class={q.kind === 'rating' ? 'rating-scale' : 'checkbox-grid'}>
        {options.map((o) => (
          <label class="check">
            <input type={q.kind === 'multiple' ? 'checkbox' : 'radio'} name={name} value={o} checked={chosen.has(o)} />{' '}
            {q.kind === 'rating' ? (
              <>
                {o}
                <span class="visually-hidden">{` ${t('listening.answer.outOf5')}`}</span>
              </>
            ) : (
              o
            )}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The public form at /avis/<code>: no account, nothing that says who answers. */
export function AnswerPage({ data, state, proof }: { data: PublicQuestionnaire; state: FormState; proof: string }) {
  const { t } = useView();
  const q = data.questionnaire;
  const labels: Record<string, string> = Object.fromEntries(q.questions.map((x) => [answerField(x), x.label]));
  labels.consentement = t('listening.answer.consentLabel');
  return (
    <Layout title={q.title} description={t('listening.answer.description', { place: data.place.name })}>
      <div class="page-head">
        <p class="kicker">
          <a href={`/lieux/${data.place.slug}`}>{data.place.name}</a>
          {data.place.commune && ` · ${data.place.commune}`}
        </p>
        <h1>{q.title}</h1>
        {q.intro && <p class="lead">{q.intro}</p>}
      </div>
      {!data.open ? (
        <EmptyState
          title={t('listening.answer.closedTitle')}
          reason={t('listening.answer.closedWhy')}
          steps={[{ href: `/lieux/${data.place.slug}`, label: t('listening.answer.seePlace', { place: data.place.name }), primary: true }]}
        />
      ) : (
        <>
          <p class="hint">
            <Icon name="lock" />
            {t('listening.answer.anonymous')}
          </p>
          <ErrorSummary state={state} labels={labels} />
          <Form action={`/avis/${q.code}`} class="stack answer-form">
            <input type="hidden" name="debut" value={proof} />
            {q.questions.map((x) => (
              <AnswerQuestion q={x} state={state} />
            ))}
            {q.personalDataPurpose && (
              <fieldset class="field consent">
                <legend>{t('listening.answer.consentTitle')}</legend>
                <p>{t('listening.answer.purpose', { purpose: q.personalDataPurpose })}</p>
                <Checkbox name="consentement" label={labels.consentement} state={state} />
              </fieldset>
            )}
            <div class="hp" aria-hidden="true">
              <label for="champ-site_web">{t('places.contact.honeypot')}</label>
              <input id="champ-site_web" name="site_web" type="text" tabindex={-1} autocomplete="off" />
            </div>
            <SubmitButton>{t('listening.answer.submit')}</SubmitButton>
          </Form>
        </>
      )}
    </Layout>
  );
}

export function ThanksPage({ place }: { place: { slug: string; name: string } }) {
  const { t } = useView();
  return (
    <Layout title={t('listening.thanks.title')}>
      <div class="page-head">
        <h1>{t('listening.thanks.title')}</h1>
        <p class="lead">{t('listening.thanks.lead', { place: place.name })}</p>
      </div>
      <p class="actions">
        <a class="button" href={`/lieux/${place.slug}`}>
          {t('listening.answer.seePlace', { place: place.name })}
        </a>
      </p>
    </Layout>
  );
}

/** What a member thinks of the platform: one text, and the page they came from. */
export function PlatformFeedbackPage({ state, sent }: { state: FormState; sent: boolean }) {
  const { t } = useView();
  const labels = { body: t('listening.feedback.body') };
  return (
    <Layout title={t('listening.feedback.title')}>
      <div class="page-head">
        <h1>{t('listening.feedback.title')}</h1>
        <p class="lead">{t('listening.feedback.lead')}</p>
      </div>
      {sent ? (
        <p class="notice notice-success" role="status">
          {t('listening.feedback.sent')}
        </p>
      ) : (
        <>
          <ErrorSummary state={state} labels={labels} />
          <Form action="/avis-plateforme" class="stack">
            <input type="hidden" name="page" value={fieldValue(state, 'page')} />
            <TextArea
              name="body"
              label={labels.body}
              hint={t('listening.feedback.bodyHint')}
              state={state}
              required
              rows={6}
              maxlength={4000}
            />
            <SubmitButton>{t('listening.feedback.submit')}</SubmitButton>
          </Form>
        </>
      )}
    </Layout>
  );
}

export function PlatformFeedbackQueuePage({ rows }: { rows: Awaited<ReturnType<typeof readPlatformFeedback>> }) {
  const { t, locale } = useView();
  return (
    <Layout title={t('listening.feedback.queue')}>
      <div class="page-head">
        <p class="breadcrumb">
          <a href="/moderation">{t('nav.moderation')}</a>
        </p>
        <h1>{t('listening.feedback.queue')}</h1>
        <p class="lead">{t('listening.feedback.queueLead')}</p>
      </div>
      {rows.length === 0 ? (
        <EmptyState
          title={t('listening.feedback.empty')}
          reason={t('listening.feedback.emptyWhy')}
          steps={[{ href: '/moderation', label: t('nav.moderation') }]}
        />
      ) : (
        <ul class="request-list">
          {rows.map((r) => (
            <li class={r.readAt ? undefined : 'unread'}>
              <p class="muted">
                {[r.author ?? t('listening.feedback.formerMember'), formatDate(locale, r.createdAt), r.page].filter(Boolean).join(' · ')}
                {!r.readAt && (
                  <>
                    {' '}
                    <span class="tag badge-info">{t('listening.feedback.new')}</span>
                  </>
                )}
              </p>
              <p class="written-text">{r.body}</p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
