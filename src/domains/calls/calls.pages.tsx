import type { Context, Hono } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { formatDate, formatNumber } from '../../lib/i18n.ts';
import { readForm } from '../../lib/request-body.ts';
import { SLUG_PATTERN, slugOr404 } from '../../lib/slug.ts';
import { hasForbiddenChars } from '../../lib/validation.ts';
import { useView } from '../../views/context.ts';
import { FollowButton } from '../../views/facets.tsx';
import { handleForm } from '../../views/form-handler.ts';
import {
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  emptyForm,
  Form,
  type FormState,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../views/forms.tsx';
import { Icon } from '../../views/icons.tsx';
import { Layout } from '../../views/layout.tsx';
import { Pagination } from '../../views/pagination.tsx';
import { redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { listMyPlaces } from '../places/places.service.ts';
import { PEOPLE_TOPIC } from '../skills/skills.service.ts';
import { FOLLOWS_TOPIC, followState } from '../social/social.service.ts';
import * as calls from './calls.service.ts';
import { CallFormInput, CloseInput, RADII, ResponseInput } from './calls.validation.ts';

type CallList = Awaited<ReturnType<typeof calls.listCalls>>;
type CallPage = Awaited<ReturnType<typeof calls.getCallPage>>;

function CallsPage({ list, status, skill, page }: { list: CallList; status: string; skill?: string; page: number }) {
  const { t, locale, viewer } = useView();
  const href = (p: number) => `/appels?statut=${status}${skill ? `&competence=${skill}` : ''}${p > 1 ? `&page=${p}` : ''}`;
  return (
    <Layout title={t('calls.list.title')} description={t('calls.list.lead')}>
      <h1>{t('calls.list.title')}</h1>
      <p class="lead">{t('calls.list.lead')}</p>
      <p class="actions">
        {viewer && (
          <a class="button" href="/appels/nouveau">
            {t('calls.new.title')}
          </a>
        )}
      </p>
      <nav aria-label={t('calls.list.statusNav')}>
        <ul class="inline-list">
          {(['open', 'fulfilled', 'closed'] as const).map((s) => (
            <li>
              <a href={`/appels?statut=${s}${skill ? `&competence=${skill}` : ''}`} aria-current={s === status ? 'page' : undefined}>
                {t(`calls.status.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="result-count" role="status">
        {t('calls.list.count', { count: list.total })}
      </p>
      <ul class="place-list">
        {list.rows.map((call) => (
          <li class="place-card call-card">
            <span class="objective-icon" aria-hidden="true">
              <Icon name="speakerphone" />
            </span>
            <div>
              <h2>
                <a href={`/appels/${call.slug}`}>{call.title}</a>
              </h2>
              <p class="subtitle">
                {[
                  call.communeName,
                  call.remote ? t('calls.remote') : null,
                  call.deadline ? t('calls.until', { date: formatDate(locale, call.deadline) }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              <ul class="tags">
                {call.skills.map((s) => (
                  <li>{s}</li>
                ))}
              </ul>
            </div>
          </li>
        ))}
      </ul>
      <Pagination page={page} pages={Math.max(1, Math.ceil(list.total / calls.CALLS_PER_PAGE))} href={href} />
    </Layout>
  );
}

function NewCallPage({ state, places }: { state: FormState; places: Array<{ slug: string; name: string }> }) {
  const { t } = useView();
  const labels: Record<string, string> = {
    title: t('calls.field.title'),
    description: t('calls.field.description'),
    skills: t('calls.field.skills'),
    placeSlug: t('calls.field.place'),
    commune: t('people.field.commune'),
    postcode: t('places.field.postcode'),
    radiusKm: t('calls.field.radius'),
    onSite: t('calls.field.onSite'),
    deadline: t('calls.field.deadline'),
  };
  return (
    <Layout title={t('calls.new.title')}>
      <div class="form-page">
        <h1>{t('calls.new.title')}</h1>
        <p class="lead">{t('calls.new.lead')}</p>
        <ErrorSummary state={state} labels={labels} />
        <Form action="/appels/nouveau">
          <TextField name="title" label={labels.title ?? ''} hint={t('calls.field.titleHint')} state={state} required maxlength={140} />
          <TextArea
            name="description"
            label={labels.description ?? ''}
            hint={t('calls.field.descriptionHint')}
            state={state}
            required
            rows={6}
            maxlength={10000}
          />
          <TextField name="skills" label={labels.skills ?? ''} hint={t('calls.field.skillsHint')} state={state} required maxlength={300} />
          {places.length > 0 && (
            <Select
              name="placeSlug"
              label={labels.placeSlug ?? ''}
              options={[{ value: '', label: t('calls.field.noPlace') }, ...places.map((p) => ({ value: p.slug, label: p.name }))]}
              state={state}
            />
          )}
          <fieldset class="field-group">
            <legend>{t('calls.field.where')}</legend>
            <p class="hint">{t('calls.field.whereHint')}</p>
            <div class="field-row">
              <TextField name="commune" label={labels.commune ?? ''} state={state} maxlength={100} />
              <TextField name="postcode" label={labels.postcode ?? ''} state={state} inputmode="numeric" maxlength={5} />
            </div>
            <Select
              name="radiusKm"
              label={labels.radiusKm ?? ''}
              options={RADII.map((r) => ({ value: r, label: t('people.near.km', { km: Number(r) }) }))}
              state={state}
            />
            <Checkbox name="onSite" label={labels.onSite ?? ''} state={state} />
            <Checkbox name="remote" label={t('calls.field.remote')} state={state} />
          </fieldset>
          <TextField name="deadline" type="date" label={labels.deadline ?? ''} state={state} />
          <SubmitButton>{t('calls.new.submit')}</SubmitButton>
        </Form>
      </div>
    </Layout>
  );
}

function CallDetailPage(props: { page: CallPage; follow: { following: boolean; followers: number }; response: FormState }) {
  const { t, locale, viewer } = useView();
  const { call, skills, matches, matchCount, responses } = props.page;
  const isPoster = !!viewer && viewer.id === call.posterId;
  // Those who answered, once each: the poster may say who met the need when closing it as fulfilled.
  const helpers = [
    ...new Map(
      responses.flatMap((r) => ('responderId' in r && r.responderId ? [[r.responderId, r.responderName ?? '']] : [])) as Array<
        [string, string]
      >,
    ),
  ].map(([value, label]) => ({ value, label }));
  return (
    <Layout title={call.title}>
      <p class="breadcrumb">
        <a href="/appels">{t('nav.calls')}</a>
      </p>
      <h1>{call.title}</h1>
      <p class={`notice ${call.status === 'open' ? 'notice-info' : 'notice-success'}`}>{t(`calls.status.${call.status}`)}</p>
      <p class="subtitle">
        {t('calls.postedBy', { name: call.posterName ?? t('people.formerMember'), date: formatDate(locale, call.createdAt) })}
        {call.placeSlug && (
          <>
            {' · '}
            <a href={`/lieux/${call.placeSlug}`}>{call.placeName}</a>
          </>
        )}
      </p>
      <FollowButton type="call" id={call.id} following={props.follow.following} followers={props.follow.followers} />
      <div class="detail-layout">
        <div class="detail-main">
          <div class="prose">{raw(call.descriptionHtml)}</div>
          <section aria-labelledby="meilleurs">
            <h2 id="meilleurs">{t('calls.matches.title')}</h2>
            <p class="hint">{t('calls.matches.lead', { count: matchCount })}</p>
            {matches.length === 0 && <p class="muted">{t('calls.matches.none')}</p>}
            <ol class="match-list">
              {matches.map((m) => (
                <li>
                  <a href={`/membres/${m.slug}`}>{m.displayName}</a> —{' '}
                  <span>
                    {m.matched.map((s) => `${s.name} (${t(`skills.level.${s.level}`)})`).join(', ')}
                    {m.vouches > 0 && ` · ${t('skills.vouch.count', { count: m.vouches })}`}
                    {m.distanceKm !== null && ` · ${t('people.near.at', { km: formatNumber(locale, m.distanceKm) })}`}
                  </span>
                </li>
              ))}
            </ol>
          </section>
        </div>
        <aside class="detail-aside">
          <section class="card">
            <h2>{t('calls.details')}</h2>
            <dl class="facts">
              <dt>{t('calls.field.skills')}</dt>
              <dd>
                <ul class="tags">
                  {skills.map((s) => (
                    <li>
                      <a href={`/competences/${s.slug}`}>{s.name}</a>
                    </li>
                  ))}
                </ul>
              </dd>
              <dt>{t('calls.field.where')}</dt>
              <dd>
                {[
                  call.onSite && call.communeName ? t('calls.around', { commune: call.communeName, km: call.radiusKm }) : null,
                  call.remote ? t('calls.remote') : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </dd>
              {call.deadline && (
                <>
                  <dt>{t('calls.field.deadline')}</dt>
                  <dd>{formatDate(locale, call.deadline)}</dd>
                </>
              )}
            </dl>
          </section>
          {isPoster && call.status === 'open' && (
            <section class="card">
              <h2>{t('calls.close.title')}</h2>
              <Form action={`/appels/${call.slug}/clore`}>
                {helpers.length > 0 && (
                  <CheckboxGroup
                    name="helpers"
                    legend={t('calls.close.helpers')}
                    hint={t('calls.close.helpersHint')}
                    options={helpers}
                    state={emptyForm()}
                  />
                )}
                <SubmitButton name="outcome" value="fulfilled">
                  {t('calls.close.fulfilled')}
                </SubmitButton>{' '}
                <SubmitButton name="outcome" value="closed" variant="secondary">
                  {t('calls.close.closed')}
                </SubmitButton>
              </Form>
            </section>
          )}
          {(isPoster || responses.length > 0) && (
            <section class="card" aria-labelledby="reponses">
              <h2 id="reponses">{isPoster ? t('calls.responses.title', { count: responses.length }) : t('calls.responses.yours')}</h2>
              {responses.map((r) => (
                <article class="message">
                  <h3>
                    {r.responderSlug ? (
                      <a href={`/membres/${r.responderSlug}`}>{r.responderName}</a>
                    ) : (
                      (r.responderName ?? t('people.formerMember'))
                    )}
                    <span class="muted"> · {formatDate(locale, r.createdAt, true)}</span>
                  </h3>
                  <p class="pre-line">{r.body}</p>
                </article>
              ))}
            </section>
          )}
          {call.status === 'open' && !isPoster && (
            <section class="card" aria-labelledby="repondre">
              <h2 id="repondre">{t('calls.respond.title')}</h2>
              {!viewer ? (
                <p>
                  <a href={`/connexion?next=/appels/${call.slug}`}>{t('calls.respond.signIn')}</a>
                </p>
              ) : (
                <>
                  <p class="hint">{t('calls.respond.hint')}</p>
                  <ErrorSummary state={props.response} labels={{ body: t('calls.respond.body') }} />
                  <Form action={`/appels/${call.slug}/repondre`}>
                    <TextArea name="body" label={t('calls.respond.body')} state={props.response} rows={4} required maxlength={5000} />
                    <SubmitButton>{t('calls.respond.submit')}</SubmitButton>
                  </Form>
                </>
              )}
            </section>
          )}
        </aside>
      </div>
    </Layout>
  );
}

async function renderCall(
  c: Context<AppEnv>,
  slug: string,
  response: FormState = emptyForm(),
  status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 = 200,
) {
  if (c.get('viewer')) {
    c.header('Cache-Control', 'private, no-store');
  }
  return renderPage(c, await callView(c, slug, response), status);
}

async function callView(c: Context<AppEnv>, slug: string, response: FormState = emptyForm()) {
  const deps = c.get('deps');
  const viewer = c.get('viewer');
  const page = await calls.getCallPage(deps, viewer, slug);
  const follow = await followState(deps, viewer, 'call', page.call.id);
  return <CallDetailPage page={page} follow={follow} response={response} />;
}

export function mountCallPages(app: Hono<AppEnv>) {
  app.get('/appels', async (c) => {
    const statusParam = c.req.query('statut');
    const status = statusParam === 'fulfilled' || statusParam === 'closed' ? statusParam : 'open';
    const skill = c.req.query('competence');
    const skillSlug = skill && SLUG_PATTERN.test(skill) ? skill : undefined;
    const page = Math.min(Math.max(1, Number(c.req.query('page')) || 1), 500);
    return renderPublicPage(c, calls.CALLS_TOPIC, async () => (
      <CallsPage list={await calls.listCalls(c.get('deps'), { status, skillSlug, page })} status={status} skill={skillSlug} page={page} />
    ));
  });

  const renderNew = async (c: Context<AppEnv>, state: FormState, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 = 200) => {
    const viewer = requireViewer(c);
    const places = await listMyPlaces(c.get('deps'), viewer);
    return renderPage(c, <NewCallPage state={state} places={places} />, status);
  };
  // "Post a call" from an empty search arrives with what was looked for and where (?competences=…&commune=…).
  app.get('/appels/nouveau', (c) => {
    const given = (key: string) => {
      const v = (c.req.query(key) ?? '').slice(0, 200);
      return hasForbiddenChars(v) ? '' : v;
    };
    return renderNew(c, emptyForm({ radiusKm: '50', onSite: 'on', skills: given('competences'), commune: given('commune') }));
  });
  app.post('/appels/nouveau', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      CallFormInput,
      (state, status) => renderNew(c, state, status),
      async (data) => {
        const mine = (await listMyPlaces(c.get('deps'), viewer)).map((p) => p.slug);
        const { call } = await calls.createCall(c.get('deps'), viewer, data, mine);
        return redirectWithFlash(c, `/appels/${call.slug}`, 'calls.new.done');
      },
    );
  });

  app.get('/appels/:slug', (c) =>
    c.get('viewer')
      ? renderCall(c, slugOr404(c.req.param('slug'), 'call'))
      : renderPublicPage(c, [calls.CALLS_TOPIC, PEOPLE_TOPIC, FOLLOWS_TOPIC], () => callView(c, slugOr404(c.req.param('slug'), 'call'))),
  );
  app.post('/appels/:slug/repondre', async (c) => {
    const viewer = requireViewer(c);
    const slug = slugOr404(c.req.param('slug'), 'call');
    const call = await calls.getCall(c.get('deps'), slug);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ResponseInput,
      (state, status) => renderCall(c, slug, state, status),
      async ({ body }) => {
        await calls.respondToCall(c.get('deps'), viewer, call.id, body);
        return redirectWithFlash(c, `/appels/${call.slug}`, 'calls.respond.sent');
      },
    );
  });
  app.post('/appels/:slug/clore', async (c) => {
    const viewer = requireViewer(c);
    const call = await calls.getCall(c.get('deps'), slugOr404(c.req.param('slug'), 'call'));
    const { values } = await readForm(c);
    const parsed = CloseInput.safeParse(values);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', { message: 'invalid outcome', userMessage: 'errors.validation' });
    }
    await calls.closeCall(c.get('deps'), viewer, call.id, parsed.data.outcome, parsed.data.helpers);
    return redirectWithFlash(c, `/appels/${call.slug}`, `calls.close.done.${parsed.data.outcome}`);
  });
}
