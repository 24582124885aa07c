import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { formatDate, type Translate } from '../../lib/i18n.ts';
import { useView } from '../../views/context.ts';
import { type FacetGroup, Facets } from '../../views/facets.tsx';
import {
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  Form,
  type FormState,
  fieldValue,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../views/forms.tsx';
import { Icon, type IconName } from '../../views/icons.tsx';
import { illustrationUrl } from '../../views/illustration.ts';
import { Layout } from '../../views/layout.tsx';
import { Pagination } from '../../views/pagination.tsx';
import { ActiveFilters, type Chip, EmptyState, FilterPanel } from '../../views/search-ui.tsx';
import { getRegion, listRegions } from '../geo/territories.ts';
import { AUDIENCES, label as vocabularyLabel } from '../places/places.vocabulary.ts';
import type { OfferListRow, RequestRow } from './services.repo.ts';
import { REQUEST_STATUSES, type RequestStatus, SERVICE_KINDS } from './services.schema.ts';
import type { getRequestsOverview, OfferPageData, RequestPageData } from './services.service.ts';
import { SERVICES_PER_PAGE } from './services.service.ts';
import { type ServiceFilters, servicesQueryString } from './services.validation.ts';

const KIND_ICONS: Record<string, IconName> = {
  formation: 'school',
  accompagnement: 'heart-handshake',
  visite: 'map-pin',
  'pret-materiel': 'hammer',
  residence: 'home-heart',
  conseil: 'message-circle',
  'usage-machines': 'tools',
  autre: 'star',
};

export const serviceIllustration = (slug: string, kind: string) => illustrationUrl(slug, [KIND_ICONS[kind] ?? 'star']);

const STATUS_CLASS: Record<RequestStatus, string> = {
  received: 'badge-info',
  in_progress: 'badge-warning',
  done: 'badge-success',
  refused: 'badge-danger',
};

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  const { t } = useView();
  return <span class={`tag ${STATUS_CLASS[status]}`}>{t(`services.status.${status}`)}</span>;
}

const providerOf = (o: Pick<OfferListRow, 'placeName' | 'placeCommune' | 'communityName'>, t: Translate) =>
  o.placeName ? [o.placeName, o.placeCommune].filter(Boolean).join(', ') : (o.communityName ?? t('services.network'));

const priceOf = (o: { free: boolean; price: string | null }, t: Translate) => (o.free ? t('services.free') : (o.price ?? ''));

function OfferCard({ row }: { row: OfferListRow }) {
  const { t } = useView();
  return (
    <li class="place-card">
      <img src={serviceIllustration(row.slug, row.kind)} alt="" width={160} height={120} loading="lazy" decoding="async" />
      <div class="place-card-body">
        <h3>
          <a href={`/services/${row.slug}`}>{row.title}</a>
        </h3>
        <p class="subtitle">{[t(`services.kind.${row.kind}`), providerOf(row, t)].join(' · ')}</p>
        <p class="tags-line">
          <span class="tag">{priceOf(row, t)}</span>
          {row.duration && <span class="tag">{row.duration}</span>}
        </p>
      </div>
    </li>
  );
}

export interface ServicesResult {
  rows: OfferListRow[];
  total: number;
  facets: Record<'kind' | 'region' | 'audience', Record<string, number>>;
}

function chipsOf(f: ServiceFilters, t: Translate, locale: string): Chip[] {
  const chips: Chip[] = [];
  const without = (change: Partial<ServiceFilters>) => `/services${servicesQueryString({ ...f, ...change })}`;
  if (f.q) {
    chips.push({ label: `« ${f.q} »`, href: without({ q: '' }) });
  }
  for (const v of f.kind) {
    chips.push({ label: t(`services.kind.${v}`), href: without({ kind: f.kind.filter((x) => x !== v) }) });
  }
  for (const v of f.region) {
    chips.push({ label: getRegion(v)?.name ?? v, href: without({ region: f.region.filter((x) => x !== v) }) });
  }
  for (const v of f.department) {
    chips.push({ label: v, href: without({ department: f.department.filter((x) => x !== v) }) });
  }
  for (const v of f.audience) {
    chips.push({
      label: vocabularyLabel(AUDIENCES, v, locale as 'fr'),
      href: without({ audience: f.audience.filter((x) => x !== v) }),
    });
  }
  if (f.free) {
    chips.push({ label: t('services.filter.free'), href: without({ free: false }) });
  }
  if (f.place) {
    chips.push({ label: t('services.filter.placeChip', { place: f.place }), href: without({ place: undefined }) });
  }
  return chips;
}

export function ServicesPage({ filters, result, page }: { filters: ServiceFilters; result: ServicesResult; page: number }) {
  const { t, locale, viewer } = useView();
  const chips = chipsOf(filters, t, locale);
  const pages = Math.max(1, Math.ceil(result.total / SERVICES_PER_PAGE));
  const count = (facet: keyof ServicesResult['facets'], v: string) => result.facets[facet][v] ?? 0;
  const groups: FacetGroup[] = [
    {
      name: 'type',
      legend: t('services.field.kind'),
      open: true,
      options: SERVICE_KINDS.filter((k) => count('kind', k) > 0 || filters.kind.includes(k)).map((k) => ({
        value: k,
        label: t(`services.kind.${k}`),
        count: count('kind', k),
        checked: filters.kind.includes(k),
      })),
    },
    {
      name: 'region',
      legend: t('places.facet.region'),
      options: listRegions()
        .filter((r) => count('region', r.code) > 0 || filters.region.includes(r.code))
        .map((r) => ({ value: r.code, label: r.name, count: count('region', r.code), checked: filters.region.includes(r.code) })),
    },
    {
      name: 'public',
      legend: t('services.field.audiences'),
      options: Object.keys(AUDIENCES)
        .filter((a) => count('audience', a) > 0 || filters.audience.includes(a))
        .map((a) => ({
          value: a,
          label: vocabularyLabel(AUDIENCES, a, locale),
          count: count('audience', a),
          checked: filters.audience.includes(a),
        })),
    },
  ];
  return (
    <Layout title={t('services.list.title')} description={t('services.list.lead')}>
      <div class="page-head">
        <h1>{t('services.list.title')}</h1>
        <p class="lead">{t('services.list.lead')}</p>
        {viewer && (
          <p class="actions">
            <a href="/services/nouveau" class="button">
              <Icon name="plus" />
              {t('services.new.title')}
            </a>
            <a href="/services/demandes" class="button button-secondary">
              {t('services.requests.title')}
            </a>
          </p>
        )}
      </div>
      <form method="get" action="/services" class="search-layout">
        <div class="search-top">
          <search class="search-box">
            <div class="search-fields">
              <div class="search-words">
                <label for="recherche-services">{t('services.list.searchLabel')}</label>
                <input
                  type="search"
                  id="recherche-services"
                  name="q"
                  value={filters.q}
                  placeholder={t('services.list.searchPlaceholder')}
                  maxlength={200}
                />
              </div>
              <button type="submit" class="button search-submit">
                <Icon name="search" />
                {t('places.searchSubmit')}
              </button>
            </div>
          </search>
          <ActiveFilters chips={chips} clearHref="/services" />
        </div>
        <aside class="search-filters" aria-label={t('places.list.filters')}>
          <FilterPanel active={chips.length}>
            <Facets groups={groups} />
            <div class="field field-checkbox">
              <input type="checkbox" id="filtre-gratuit" name="gratuit" value="1" checked={filters.free} />
              <label for="filtre-gratuit">{t('services.filter.free')}</label>
            </div>
            {filters.place && <input type="hidden" name="lieu" value={filters.place} />}
          </FilterPanel>
        </aside>
        <div class="search-main">
          {result.rows.length > 0 ? (
            <>
              <p class="result-count" role="status">
                {t('services.list.count', { count: result.total })}
              </p>
              <ul class="place-list">
                {result.rows.map((row) => (
                  <OfferCard row={row} />
                ))}
              </ul>
            </>
          ) : (
            <EmptyState
              title={t('services.list.count', { count: 0 })}
              reason={chips.length > 0 ? t('services.list.noneFilters') : t('services.list.noneAtAll')}
              steps={[
                ...(chips.length > 0 ? [{ href: '/services', label: t('search.dropFilters'), primary: true }] : []),
                { href: '/lieux', label: t('services.list.seePlaces') },
              ]}
            />
          )}
          <Pagination
            page={page}
            pages={pages}
            href={(p) => `/services${servicesQueryString(filters, { page: p > 1 ? String(p) : undefined })}`}
          />
        </div>
      </form>
    </Layout>
  );
}

function Fact({ label, children }: { label: string; children: Child }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function RequestList({ rows, side }: { rows: RequestRow[]; side: 'mine' | 'team' }) {
  const { t, locale } = useView();
  return (
    <ul class="request-list">
      {rows.map((r) => (
        <li>
          <a href={`/services/demandes/${r.id}`}>
            {side === 'mine' ? r.offerTitle : t('services.requests.from', { name: r.requesterName ?? '' })}
          </a>{' '}
          <RequestStatusBadge status={r.status} />
          <p class="muted">
            {[side === 'team' ? r.offerTitle : r.providerName, t('services.requests.sentOn', { date: formatDate(locale, r.createdAt) })]
              .filter(Boolean)
              .join(' · ')}
            {r.rating !== null && ` · ${t('services.rating.given', { rating: r.rating })}`}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function OfferPage({ page, requestForm, hideForm }: { page: OfferPageData; requestForm: FormState; hideForm?: FormState }) {
  const { t, locale, currentUrl } = useView();
  const { offer } = page;
  const hidden = offer.status === 'hidden';
  return (
    <Layout title={offer.title} description={offer.descriptionMd.slice(0, 160)}>
      <article class="service">
        <header class="page-head">
          <p class="kicker">{t(`services.kind.${offer.kind}`)}</p>
          <h1>{offer.title}</h1>
          {hidden && <p class="notice notice-error">{t('services.hiddenNotice', { note: offer.moderationNote ?? '' })}</p>}
          {offer.closedAt && <p class="notice notice-warning">{t('services.closedNotice')}</p>}
          {!offer.placePublic && <p class="notice notice-warning">{t('services.placeNotPublic')}</p>}
          {page.canEdit && (
            <p class="actions">
              <a href={`/services/${offer.slug}/modifier`} class="button button-secondary">
                <Icon name="pencil" />
                {t('services.edit.title', { title: '' }).trim()}
              </a>
            </p>
          )}
        </header>
        <div class="event-summary">
          <img class="event-cover" src={serviceIllustration(offer.slug, offer.kind)} alt="" width={480} height={360} />
          <dl class="facts">
            <Fact label={t('services.offeredBy')}>
              {offer.placeSlug ? (
                <a href={`/lieux/${offer.placeSlug}`}>{offer.placeName}</a>
              ) : offer.communitySlug ? (
                <a href={`/communautes/${offer.communitySlug}`}>{offer.communityName}</a>
              ) : (
                t('services.network')
              )}
            </Fact>
            {offer.audiences.length > 0 && (
              <Fact label={t('services.field.audiences')}>
                {offer.audiences.map((a) => vocabularyLabel(AUDIENCES, a, locale)).join(', ')}
              </Fact>
            )}
            <Fact label={t('services.field.price')}>{priceOf(offer, t)}</Fact>
            {offer.duration && <Fact label={t('services.field.duration')}>{offer.duration}</Fact>}
            {offer.conditions && <Fact label={t('services.field.conditions')}>{offer.conditions}</Fact>}
            {offer.contactName && <Fact label={t('services.field.contactName')}>{offer.contactName}</Fact>}
          </dl>
        </div>
        <div class="prose">{raw(offer.descriptionHtml)}</div>
        <section aria-labelledby="demander">
          <h2 id="demander">{t('services.request.title')}</h2>
          {page.mine.length > 0 && (
            <>
              <p>{t('services.request.yours', { count: page.mine.length })}</p>
              <RequestList rows={page.mine} side="mine" />
            </>
          )}
          <ErrorSummary state={requestForm} labels={{ message: t('services.request.message') }} />
          {page.canRequest === 'ok' && (
            <Form action={`/services/${offer.slug}/demande`} id="formulaire-demande">
              <TextArea
                name="message"
                label={t('services.request.message')}
                hint={t('services.request.messageHint')}
                state={requestForm}
                required
                rows={5}
                maxlength={4000}
              />
              <SubmitButton>{t('services.request.submit')}</SubmitButton>
            </Form>
          )}
          {page.canRequest === 'signIn' && (
            <p>
              <a href={`/connexion?next=${encodeURIComponent(currentUrl)}`} class="button">
                {t('services.request.signIn')}
              </a>
            </p>
          )}
          {page.canRequest === 'closed' && <p class="muted">{t('services.request.closed')}</p>}
          {page.canRequest === 'ownTeam' && <p class="muted">{t('services.request.ownTeam')}</p>}
        </section>
        {page.team && (
          <section aria-labelledby="demandes-recues">
            <h2 id="demandes-recues">{t('services.team.title', { count: page.requests.length })}</h2>
            {page.requests.length > 0 ? <RequestList rows={page.requests} side="team" /> : <p class="muted">{t('services.team.none')}</p>}
            {page.canEdit && (
              <Form action={`/services/${offer.slug}/${offer.closedAt ? 'rouvrir' : 'retirer'}`}>
                <SubmitButton variant="secondary">{offer.closedAt ? t('services.reopen') : t('services.close')}</SubmitButton>
              </Form>
            )}
          </section>
        )}
        {page.canModerate && (
          <section aria-labelledby="moderation-offre">
            <h2 id="moderation-offre">{t('services.moderation.title')}</h2>
            {hidden ? (
              <Form action={`/services/${offer.slug}/afficher`}>
                <SubmitButton variant="secondary">{t('services.moderation.show')}</SubmitButton>
              </Form>
            ) : (
              <Form action={`/services/${offer.slug}/masquer`}>
                <ErrorSummary
                  state={hideForm ?? { values: {}, errors: {} }}
                  labels={{ note: t('services.moderation.note') }}
                  prefix="moderation-"
                />
                <TextArea
                  name="note"
                  prefix="moderation-"
                  label={t('services.moderation.note')}
                  state={hideForm ?? { values: {}, errors: {} }}
                  rows={2}
                  maxlength={1000}
                />
                <SubmitButton variant="secondary">{t('services.moderation.hide')}</SubmitButton>
              </Form>
            )}
          </section>
        )}
      </article>
    </Layout>
  );
}

export const offerLabels = (t: Translate): Record<string, string> => ({
  provider: t('services.field.provider'),
  title: t('services.field.title'),
  kind: t('services.field.kind'),
  description: t('services.field.description'),
  audiences: t('services.field.audiences'),
  free: t('services.field.free'),
  price: t('services.field.price'),
  duration: t('services.field.duration'),
  conditions: t('services.field.conditions'),
  contactName: t('services.field.contactName'),
});

export function OfferFormPage(p: {
  state: FormState;
  providers: { places: Array<{ slug: string; name: string }>; communities: Array<{ slug: string; name: string }>; network: boolean };
  action: string;
  editing?: { title: string; slug: string };
}) {
  const { t, locale } = useView();
  const labels = offerLabels(t);
  const { state } = p;
  const title = p.editing ? t('services.edit.title', { title: p.editing.title }) : t('services.new.title');
  const providerOptions = [
    ...p.providers.places.map((pl) => ({ value: `lieu:${pl.slug}`, label: pl.name })),
    ...p.providers.communities.map((c) => ({ value: `communaute:${c.slug}`, label: t('services.field.community', { name: c.name }) })),
    ...(p.providers.network ? [{ value: 'reseau', label: t('services.network') }] : []),
  ];
  return (
    <Layout title={title} withEditor>
      <div class="form-page">
        <h1>{title}</h1>
        {!p.editing && <p class="lead">{t('services.new.lead')}</p>}
        {!p.editing && providerOptions.length === 0 ? (
          <>
            <ErrorSummary state={state} labels={labels} />
            <EmptyState
              title={t('services.new.noProvider')}
              reason={t('services.new.noProviderWhy')}
              steps={[
                { href: '/lieux/nouveau', label: t('places.new.title'), primary: true },
                { href: '/services', label: t('services.list.title') },
              ]}
            />
          </>
        ) : (
          <>
            <ErrorSummary state={state} labels={labels} />
            <Form action={p.action}>
              {!p.editing && <Select name="provider" label={labels.provider ?? ''} options={providerOptions} state={state} required />}
              <TextField
                name="title"
                label={labels.title ?? ''}
                hint={t('services.field.titleHint')}
                state={state}
                required
                maxlength={140}
              />
              <Select
                name="kind"
                label={labels.kind ?? ''}
                options={SERVICE_KINDS.map((k) => ({ value: k, label: t(`services.kind.${k}`) }))}
                state={state}
                required
              />
              <TextArea
                name="description"
                label={labels.description ?? ''}
                hint={t('services.field.descriptionHint')}
                state={state}
                required
                rows={6}
                maxlength={10000}
              />
              <CheckboxGroup
                name="audiences"
                legend={labels.audiences ?? ''}
                options={Object.keys(AUDIENCES).map((a) => ({ value: a, label: vocabularyLabel(AUDIENCES, a, locale) }))}
                state={state}
              />
              <Checkbox name="free" label={labels.free ?? ''} state={state} />
              <TextField name="price" label={labels.price ?? ''} hint={t('services.field.priceHint')} state={state} maxlength={200} />
              <TextField
                name="duration"
                label={labels.duration ?? ''}
                hint={t('services.field.durationHint')}
                state={state}
                maxlength={100}
              />
              <TextArea name="conditions" label={labels.conditions ?? ''} state={state} rows={2} maxlength={1000} />
              <TextField
                name="contactName"
                label={labels.contactName ?? ''}
                hint={t('services.field.contactNameHint')}
                state={state}
                maxlength={100}
              />
              <SubmitButton>{p.editing ? t('form.save') : t('services.new.submit')}</SubmitButton>
              {p.editing && (
                <p>
                  <a href={`/services/${p.editing.slug}`}>{t('form.cancel')}</a>
                </p>
              )}
            </Form>
          </>
        )}
      </div>
    </Layout>
  );
}

export function RequestsPage({ data }: { data: Awaited<ReturnType<typeof getRequestsOverview>> }) {
  const { t } = useView();
  const open = data.queue.filter((r) => r.status === 'received' || r.status === 'in_progress');
  const closed = data.queue.filter((r) => r.status === 'done' || r.status === 'refused');
  return (
    <Layout title={t('services.requests.title')}>
      <div class="page-head">
        <h1>{t('services.requests.title')}</h1>
        <p class="lead">{t('services.requests.lead')}</p>
      </div>
      {(data.offers.length > 0 || data.queue.length > 0) && (
        <section aria-labelledby="a-traiter">
          <h2 id="a-traiter">{t('services.requests.toAnswer', { count: open.length })}</h2>
          {open.length > 0 ? <RequestList rows={open} side="team" /> : <p class="muted">{t('services.requests.nothingToAnswer')}</p>}
          {closed.length > 0 && (
            <details>
              <summary>{t('services.requests.answered', { count: closed.length })}</summary>
              <RequestList rows={closed} side="team" />
            </details>
          )}
        </section>
      )}
      <section aria-labelledby="mes-demandes">
        <h2 id="mes-demandes">{t('services.requests.mine', { count: data.mine.length })}</h2>
        {data.mine.length > 0 ? (
          <RequestList rows={data.mine} side="mine" />
        ) : (
          <EmptyState
            title={t('services.requests.noneMine')}
            reason={t('services.requests.noneMineWhy')}
            steps={[{ href: '/services', label: t('services.list.title'), primary: true }]}
          />
        )}
      </section>
    </Layout>
  );
}

export interface RequestForms {
  answer: FormState;
  message: FormState;
  rating: FormState;
}

export function RequestPage({ page, forms }: { page: RequestPageData; forms: RequestForms }) {
  const { t, locale } = useView();
  const { request, offer } = page;
  const labelFor = { status: t('services.answer.status'), reason: t('services.answer.reason'), message: t('services.answer.message') };
  return (
    <Layout title={t('services.request.pageTitle', { title: offer.title })}>
      <div class="page-head">
        <p class="kicker">
          <a href={`/services/${offer.slug}`}>{offer.title}</a>
          {offer.placeName && ` · ${offer.placeName}`}
        </p>
        <h1>{page.isRequester ? t('services.request.yourRequest') : t('services.requests.from', { name: request.requesterName ?? '' })}</h1>
        <p>
          <RequestStatusBadge status={request.status} />{' '}
          <span class="muted">{t('services.requests.sentOn', { date: formatDate(locale, request.createdAt) })}</span>
        </p>
        {request.status === 'refused' && request.refusalReason && (
          <p class="notice notice-warning">{t('services.request.refusedBecause', { reason: request.refusalReason })}</p>
        )}
      </div>
      <ol class="request-steps" aria-label={t('services.request.steps')}>
        {REQUEST_STATUSES.filter((s) => s !== 'refused' || request.status === 'refused')
          .filter((s) => !(s === 'done' && request.status === 'refused'))
          .map((s) => (
            <li aria-current={s === request.status ? 'step' : undefined}>{t(`services.status.${s}`)}</li>
          ))}
      </ol>
      {page.canRate && (
        <section aria-labelledby="satisfaction" class="callout">
          <h2 id="satisfaction">{t('services.rating.title')}</h2>
          <Form action={`/services/demandes/${request.id}/avis`}>
            <ErrorSummary state={forms.rating} labels={{ rating: t('services.rating.question'), comment: t('services.rating.comment') }} />
            <fieldset class={`field rating${forms.rating.errors.rating ? ' field-invalid' : ''}`}>
              <legend>{t('services.rating.question')}</legend>
              {forms.rating.errors.rating?.map((e) => (
                <p class="field-error" id="champ-rating-erreur">
                  {e}
                </p>
              ))}
              <div class="rating-choices">
                {[1, 2, 3, 4, 5].map((n) => (
                  <label class="check">
                    <input
                      type="radio"
                      name="rating"
                      value={String(n)}
                      checked={fieldValue(forms.rating, 'rating') === String(n)}
                      required
                    />{' '}
                    {t(`services.rating.value${n}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            <TextArea name="comment" label={t('services.rating.comment')} state={forms.rating} rows={3} maxlength={2000} />
            <SubmitButton>{t('services.rating.submit')}</SubmitButton>
          </Form>
        </section>
      )}
      {request.rating !== null && (
        <p class="notice">
          {t('services.rating.given', { rating: request.rating })}
          {request.ratingComment && ` — « ${request.ratingComment} »`}
        </p>
      )}
      <section aria-labelledby="echanges">
        <h2 id="echanges">{t('services.thread.title')}</h2>
        <ol class="thread">
          {page.messages.map((m) => (
            <li class={m.authorId === request.requesterId ? 'from-requester' : 'from-team'}>
              <p class="thread-meta">
                <strong>{m.authorName ?? t('services.thread.formerMember')}</strong>{' '}
                <time datetime={m.createdAt.toISOString()}>{formatDate(locale, m.createdAt, true)}</time>
                {m.statusChange && (
                  <>
                    {' '}
                    <RequestStatusBadge status={m.statusChange} />
                  </>
                )}
              </p>
              {m.body && <p class="thread-body">{m.body}</p>}
            </li>
          ))}
        </ol>
        <Form action={`/services/demandes/${request.id}/message`}>
          <ErrorSummary state={forms.message} labels={{ body: t('services.thread.body') }} prefix="message-" />
          <TextArea
            name="body"
            prefix="message-"
            label={t('services.thread.body')}
            state={forms.message}
            required
            rows={3}
            maxlength={4000}
          />
          <SubmitButton variant="secondary">{t('services.thread.send')}</SubmitButton>
        </Form>
      </section>
      {page.team && page.nextStatuses.length > 0 && (
        <section aria-labelledby="repondre">
          <h2 id="repondre">{t('services.answer.title')}</h2>
          <Form action={`/services/demandes/${request.id}/reponse`}>
            <ErrorSummary state={forms.answer} labels={labelFor} prefix="reponse-" />
            <Select
              name="status"
              prefix="reponse-"
              label={labelFor.status}
              options={page.nextStatuses.map((s) => ({ value: s, label: t(`services.status.${s}`) }))}
              state={forms.answer}
              required
            />
            <TextArea
              name="reason"
              prefix="reponse-"
              label={labelFor.reason}
              hint={t('services.answer.reasonHint')}
              state={forms.answer}
              rows={2}
              maxlength={1000}
            />
            <TextArea name="message" prefix="reponse-" label={labelFor.message} state={forms.answer} rows={3} maxlength={4000} />
            <SubmitButton>{t('services.answer.submit')}</SubmitButton>
          </Form>
        </section>
      )}
    </Layout>
  );
}
