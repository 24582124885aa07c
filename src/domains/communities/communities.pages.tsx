import type { Context, Hono } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { formatDate } from '../../lib/i18n.ts';
import { type FormValues, formString, readForm } from '../../lib/request-body.ts';
import { slugOr404 } from '../../lib/slug.ts';
import { useView } from '../../views/context.ts';
import { FollowButton } from '../../views/facets.tsx';
import { formErrorsFrom, handleForm } from '../../views/form-handler.ts';
import {
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
import { JsonLd } from '../../views/json-ld.tsx';
import { Layout } from '../../views/layout.tsx';
import { redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { renderSections } from '../../views/sections.ts';
import { requireViewer } from '../accounts/guards.ts';
import { DOCUMENTS_TOPIC, type DocumentCard, listLinkedDocuments } from '../documents/documents.service.ts';
import { DocumentCardList } from '../documents/views/document-page.view.tsx';
import { getDepartment, getRegion, listDepartments, listRegions } from '../geo/territories.ts';
import { label, optionsOf } from '../places/places.vocabulary.ts';
import { PEOPLE_TOPIC } from '../skills/skills.service.ts';
import { FOLLOWS_TOPIC, followState } from '../social/social.service.ts';
import { canManageCommunity } from './communities.policy.ts';
import type { CommunityRow } from './communities.repo.ts';
import { communitySections, communitySectionTopics } from './communities.sections.ts';
import * as communities from './communities.service.ts';
import { CommunityFormInput } from './communities.validation.ts';
import { DOMAINS, EXPERTISES, memberCountRange } from './communities.vocabulary.ts';
import './communities.opendata.ts';

type Detail = Awaited<ReturnType<typeof communities.getCommunity>>;

function useScale() {
  const { t } = useView();
  return (c: { scale: string; scaleCode: string | null }) => {
    const where =
      c.scale === 'region' ? getRegion(c.scaleCode)?.name : c.scale === 'departement' ? getDepartment(c.scaleCode)?.name : c.scaleCode;
    return `${t(`communities.scale.${c.scale}`)}${where && c.scale !== 'france' ? ` — ${where}` : ''}`;
  };
}

function MemberCount({ n }: { n: number }) {
  const { t } = useView();
  const range = memberCountRange(n);
  return <>{t(range.key, range.params)}</>;
}

function CommunitiesPage({ list }: { list: Awaited<ReturnType<typeof communities.listCommunities>> }) {
  const { t, viewer } = useView();
  const scale = useScale();
  return (
    <Layout title={t('communities.list.title')} description={t('communities.list.lead')}>
      <h1>{t('communities.list.title')}</h1>
      <p class="lead">{t('communities.list.lead')}</p>
      {viewer && (
        <p>
          <a class="button" href="/communautes/nouvelle">
            {t('communities.new.title')}
          </a>
        </p>
      )}
      <ul class="card-grid">
        {list.map((c) => (
          <li class="card">
            <h2>
              <a href={`/communautes/${c.slug}`}>{c.name}</a>
            </h2>
            <p>{c.oneLiner}</p>
            <p class="muted">
              {scale(c)} · <MemberCount n={c.members} />
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** The community page: the fields of the network's own community page, in its order. */
function CommunityPage(props: {
  detail: Detail;
  follow: { following: boolean; followers: number };
  membership: { role: string; status: string } | null;
  projects: DocumentCard[];
  /** What other domains show here (communities.sections.ts): its agenda. */
  sections: Child[];
}) {
  const { t, locale, viewer, csrfToken } = useView();
  const scale = useScale();
  const { community: c, members, referents, places, referentIds } = props.detail;
  const manager = canManageCommunity(viewer, referentIds);
  return (
    <Layout
      title={c.name}
      description={c.oneLiner}
      head={
        <>
          <link
            rel="alternate"
            type="application/atom+xml"
            title={t('communities.feed', { name: c.name })}
            href={`/communautes/${c.slug}/publications.atom`}
          />
          <JsonLd
            data={{
              '@context': 'https://schema.org',
              '@type': 'Organization',
              '@id': `/communautes/${c.slug}`,
              url: `/communautes/${c.slug}`,
              name: c.name,
              description: c.oneLiner,
              member: places.map((p) => ({ '@type': 'Place', name: p.name, url: `/lieux/${p.slug}` })),
            }}
          />
        </>
      }
    >
      <p class="breadcrumb">
        <a href="/communautes">{t('nav.communities')}</a>
      </p>
      <h1>{c.name}</h1>
      <p class="muted">{t('communities.publishedOn', { date: formatDate(locale, c.publishedOn) })}</p>
      <div class="actions">
        <FollowButton type="community" id={c.id} following={props.follow.following} followers={props.follow.followers} />
        {viewer &&
          (props.membership ? (
            <form method="post" action={`/communautes/${c.slug}/quitter`}>
              <input type="hidden" name="_csrf" value={csrfToken} />
              <span class="muted">
                {props.membership.status === 'pending' ? t('communities.requested') : t('communities.youAreMember')}
              </span>{' '}
              <button type="submit" class="link-button">
                {props.membership.status === 'pending' ? t('communities.cancelRequest') : t('communities.leave')}
              </button>
            </form>
          ) : (
            <form method="post" action={`/communautes/${c.slug}/rejoindre`}>
              <input type="hidden" name="_csrf" value={csrfToken} />
              <button type="submit" class="button">
                {c.joinPolicy === 'open' ? t('communities.join') : t('communities.askToJoin')}
              </button>
            </form>
          ))}
        {manager && (
          <>
            <a class="button button-secondary" href={`/communautes/${c.slug}/modifier`}>
              {t('places.edit.link')}
            </a>
            <a class="button button-secondary" href={`/communautes/${c.slug}/membres`}>
              {t('communities.manageMembers')}
            </a>
            <a class="button button-secondary" href={`/impact/communautes/${c.slug}/indicateurs`}>
              {t('impact.own.manage')}
            </a>
          </>
        )}
        <a class="button button-secondary" href={`/impact/communautes/${c.slug}`}>
          {t('impact.title.place')}
        </a>
      </div>
      <dl class="community-fields">
        <dt>{t('communities.field.scale')}</dt>
        <dd>{scale(c)}</dd>
        <dt>{t('communities.field.members')}</dt>
        <dd>
          <MemberCount n={members.length} />
        </dd>
        <dt>{t('communities.field.referents', { count: referents.length })}</dt>
        <dd>
          {referents.map((r, i) => (
            <>
              {i > 0 && ', '}
              <a href={`/membres/${r.slug}`}>{r.displayName}</a>
            </>
          ))}
        </dd>
        <dt>{t('communities.field.expertises')}</dt>
        <dd>
          <ul class="tags">
            {c.expertises.map((e) => (
              <li>{label(EXPERTISES, e, locale)}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('communities.field.oneLiner')}</dt>
        <dd>{c.oneLiner}</dd>
        <dt>{t('communities.field.objectives')}</dt>
        <dd class="prose">{raw(c.objectivesHtml)}</dd>
        <dt>{t('communities.field.activities')}</dt>
        <dd class="prose">{raw(c.activitiesHtml)}</dd>
        {c.links.length > 0 && (
          <>
            <dt>{t('communities.field.links')}</dt>
            <dd>
              <ul class="plain-list">
                {c.links.map((l) => (
                  <li>
                    <a href={l.url} rel="nofollow noopener">
                      {l.label}
                    </a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>{t('communities.field.domains')}</dt>
        <dd>
          <ul class="plain-list">
            {c.domains.map((d) => (
              <li>{label(DOMAINS, d, locale)}</li>
            ))}
          </ul>
        </dd>
      </dl>
      <div class="card-grid">
        <section class="card" aria-labelledby="membres-communaute">
          <h2 id="membres-communaute">{t('communities.membersTitle', { count: members.length })}</h2>
          <ul class="plain-list columns">
            {members.slice(0, 60).map((m) => (
              <li>
                <a href={`/membres/${m.slug}`}>{m.displayName}</a>
              </li>
            ))}
          </ul>
          {members.length > 60 && <p class="muted">{t('communities.andMore', { count: members.length - 60 })}</p>}
        </section>
        <section class="card" aria-labelledby="lieux-communaute">
          <h2 id="lieux-communaute">{t('communities.placesTitle', { count: places.length })}</h2>
          <ul class="plain-list">
            {places.map((p) => (
              <li>
                <a href={`/lieux/${p.slug}`}>{p.name}</a>
                {p.commune && <span class="muted"> · {p.commune}</span>}
              </li>
            ))}
          </ul>
        </section>
      </div>
      {props.sections}
      {props.projects.length > 0 && (
        <section aria-labelledby="projets-communaute">
          <h2 id="projets-communaute">{t('documents.linkedProjects')}</h2>
          <DocumentCardList items={props.projects} />
        </section>
      )}
    </Layout>
  );
}

function communityValues(c: CommunityRow): FormValues {
  return {
    name: c.name,
    scale: c.scale,
    scaleCode: c.scaleCode ?? '',
    oneLiner: c.oneLiner,
    objectives: c.objectivesMd,
    activities: c.activitiesMd,
    expertises: c.expertises,
    domains: c.domains,
    link1Label: c.links[0]?.label ?? '',
    link1Url: c.links[0]?.url ?? '',
    link2Label: c.links[1]?.label ?? '',
    link2Url: c.links[1]?.url ?? '',
    joinPolicy: c.joinPolicy,
  };
}

function CommunityFormPage({ state, action, title }: { state: FormState; action: string; title: string }) {
  const { t, locale } = useView();
  const labels: Record<string, string> = {
    name: t('communities.field.name'),
    scale: t('communities.field.scale'),
    scaleCode: t('communities.field.scaleCode'),
    oneLiner: t('communities.field.oneLiner'),
    objectives: t('communities.field.objectives'),
    activities: t('communities.field.activities'),
  };
  const territories = [
    { value: '', label: '—' },
    ...listRegions().map((r) => ({ value: r.code, label: `${t('communities.scale.region')} — ${r.name}` })),
    ...listDepartments().map((d) => ({ value: d.code, label: `${d.code} — ${d.name}` })),
  ];
  return (
    <Layout title={title}>
      <div class="form-page">
        <h1>{title}</h1>
        <ErrorSummary state={state} labels={labels} />
        <Form action={action}>
          <TextField name="name" label={labels.name ?? ''} state={state} required maxlength={120} />
          <TextField name="oneLiner" label={labels.oneLiner ?? ''} state={state} required maxlength={300} />
          <div class="field-row">
            <Select
              name="scale"
              label={labels.scale ?? ''}
              options={['france', 'region', 'departement', 'local'].map((s) => ({ value: s, label: t(`communities.scale.${s}`) }))}
              state={state}
            />
            <Select name="scaleCode" label={labels.scaleCode ?? ''} options={territories} state={state} />
          </div>
          <TextArea
            name="objectives"
            label={labels.objectives ?? ''}
            hint={t('places.field.descriptionHint')}
            state={state}
            rows={6}
            maxlength={10000}
          />
          <TextArea name="activities" label={labels.activities ?? ''} state={state} rows={6} maxlength={10000} />
          <CheckboxGroup
            name="expertises"
            legend={t('communities.field.expertises')}
            options={optionsOf(EXPERTISES, locale)}
            state={state}
          />
          <CheckboxGroup name="domains" legend={t('communities.field.domains')} options={optionsOf(DOMAINS, locale)} state={state} />
          <div class="field-row">
            <TextField name="link1Label" label={t('people.edit.linkLabel', { n: 1 })} state={state} maxlength={60} />
            <TextField name="link1Url" type="url" label={t('people.edit.linkUrl', { n: 1 })} state={state} maxlength={500} />
          </div>
          <div class="field-row">
            <TextField name="link2Label" label={t('people.edit.linkLabel', { n: 2 })} state={state} maxlength={60} />
            <TextField name="link2Url" type="url" label={t('people.edit.linkUrl', { n: 2 })} state={state} maxlength={500} />
          </div>
          <Select
            name="joinPolicy"
            label={t('communities.field.joinPolicy')}
            options={[
              { value: 'open', label: t('communities.joinPolicy.open') },
              { value: 'request', label: t('communities.joinPolicy.request') },
            ]}
            state={state}
          />
          <SubmitButton>{t('form.save')}</SubmitButton>
        </Form>
      </div>
    </Layout>
  );
}

function MembersAdminPage({
  detail,
  pending,
  placeForm,
}: {
  detail: Detail;
  pending: Awaited<ReturnType<typeof communities.listJoinRequests>>;
  placeForm: FormState;
}) {
  const { t, csrfToken } = useView();
  const c = detail.community;
  const action = (userId: string, value: string, text: string, variant?: string) => (
    <form method="post" action={`/communautes/${c.slug}/membres/${userId}`} class="inline-form">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <button type="submit" name="action" value={value} class={`button button-small${variant ? ` button-${variant}` : ''}`}>
        {text}
      </button>
    </form>
  );
  return (
    <Layout title={t('communities.manageMembers')}>
      <p class="breadcrumb">
        <a href={`/communautes/${c.slug}`}>← {c.name}</a>
      </p>
      <h1>{t('communities.manageMembers')}</h1>
      <h2>{t('communities.requests', { count: pending.length })}</h2>
      <ul class="plain-list">
        {pending.map((m) => (
          <li>
            <a href={`/membres/${m.slug}`}>{m.displayName}</a>{' '}
            {action(m.userId, 'approve', t('communities.approve', { name: m.displayName }))}
            {action(m.userId, 'remove', t('communities.refuse', { name: m.displayName }), 'secondary')}
          </li>
        ))}
      </ul>
      <h2>{t('communities.membersTitle', { count: detail.members.length })}</h2>
      <ul class="plain-list">
        {detail.members.map((m) => (
          <li>
            <a href={`/membres/${m.slug}`}>{m.displayName}</a> — {t(`communities.role.${m.role}`)}{' '}
            {m.role === 'member'
              ? action(m.userId, 'referent', t('communities.makeReferent', { name: m.displayName }), 'secondary')
              : action(m.userId, 'member', t('communities.makeMember', { name: m.displayName }), 'secondary')}
            {action(m.userId, 'remove', t('communities.remove', { name: m.displayName }), 'secondary')}
          </li>
        ))}
      </ul>
      <h2 id="lieux">{t('communities.placesTitle', { count: detail.places.length })}</h2>
      <ul class="plain-list">
        {detail.places.map((p) => (
          <li>
            <a href={`/lieux/${p.slug}`}>{p.name}</a>{' '}
            <form method="post" action={`/communautes/${c.slug}/lieux/${p.id}/retirer`} class="inline-form">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <button type="submit" class="button button-small button-secondary">
                {t('communities.places.remove', { name: p.name })}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <ErrorSummary state={placeForm} labels={{ lieu: t('communities.places.address') }} />
      <Form action={`/communautes/${c.slug}/lieux`}>
        <TextField
          name="lieu"
          label={t('communities.places.address')}
          hint={t('communities.places.addressHint')}
          state={placeForm}
          required
          maxlength={300}
        />
        <SubmitButton>{t('communities.places.add')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** The community the URL names, or NOT_FOUND. */
const communityOf = (c: Context<AppEnv>) => communities.getCommunity(c.get('deps'), slugOr404(c.req.param('slug'), 'community'));

export function mountCommunityPages(app: Hono<AppEnv>) {
  app.get('/communautes', (c) =>
    renderPublicPage(c, communities.COMMUNITIES_TOPIC, async () => (
      <CommunitiesPage list={await communities.listCommunities(c.get('deps'))} />
    )),
  );

  const renderForm = (
    c: Context<AppEnv>,
    state: FormState,
    action: string,
    title: string,
    status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 = 200,
  ) => renderPage(c, <CommunityFormPage state={state} action={action} title={title} />, status);

  app.get('/communautes/nouvelle', (c) => {
    requireViewer(c);
    return renderForm(c, emptyForm({ scale: 'local', joinPolicy: 'open' }), '/communautes/nouvelle', c.get('t')('communities.new.title'));
  });
  app.post('/communautes/nouvelle', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      CommunityFormInput,
      (state, status) => renderForm(c, state, '/communautes/nouvelle', c.get('t')('communities.new.title'), status),
      async (data) => {
        const created = await communities.createCommunity(c.get('deps'), viewer, data);
        return redirectWithFlash(c, `/communautes/${created.slug}`, 'communities.new.done');
      },
    );
  });

  app.get('/communautes/:slug', async (c) => {
    const deps = c.get('deps');
    const viewer = c.get('viewer');
    const topics = [communities.COMMUNITIES_TOPIC, PEOPLE_TOPIC, FOLLOWS_TOPIC, DOCUMENTS_TOPIC, ...communitySectionTopics()];
    return renderPublicPage(c, topics, async () => {
      const detail = await communityOf(c);
      const [follow, membership, projects, sections] = await Promise.all([
        followState(deps, viewer, 'community', detail.community.id),
        viewer ? communities.findMembership(deps, detail.community.id, viewer.id) : Promise.resolve(undefined),
        listLinkedDocuments(deps, 'community', detail.community.id, 12),
        renderSections(deps.db, communitySections(), detail.community.id, { slug: detail.community.slug, name: detail.community.name }),
      ]);
      return <CommunityPage detail={detail} follow={follow} membership={membership ?? null} projects={projects} sections={sections} />;
    });
  });

  app.get('/communautes/:slug/modifier', async (c) => {
    const viewer = requireViewer(c);
    const detail = await communityOf(c);
    if (!canManageCommunity(viewer, detail.referentIds)) {
      throw new AppError('FORBIDDEN', { message: 'referents only', userMessage: 'errors.forbidden' });
    }
    return renderForm(
      c,
      emptyForm(communityValues(detail.community)),
      `/communautes/${detail.community.slug}/modifier`,
      c.get('t')('communities.edit.title'),
    );
  });
  app.post('/communautes/:slug/modifier', async (c) => {
    const viewer = requireViewer(c);
    const detail = await communityOf(c);
    const { values } = await readForm(c);
    const action = `/communautes/${detail.community.slug}/modifier`;
    return handleForm(
      c,
      values,
      CommunityFormInput,
      (state, status) => renderForm(c, state, action, c.get('t')('communities.edit.title'), status),
      async (data) => {
        await communities.updateCommunity(c.get('deps'), viewer, detail.community.id, data);
        return redirectWithFlash(c, `/communautes/${detail.community.slug}`, 'form.saved');
      },
    );
  });

  app.post('/communautes/:slug/rejoindre', async (c) => {
    const viewer = requireViewer(c);
    const detail = await communityOf(c);
    const status = await communities.joinCommunity(c.get('deps'), viewer, detail.community.id);
    return redirectWithFlash(
      c,
      `/communautes/${detail.community.slug}`,
      status === 'active' ? 'communities.joined' : 'communities.requestSent',
    );
  });
  app.post('/communautes/:slug/quitter', async (c) => {
    const viewer = requireViewer(c);
    const detail = await communityOf(c);
    await communities.leaveCommunity(c.get('deps'), viewer, detail.community.id);
    return redirectWithFlash(c, `/communautes/${detail.community.slug}`, 'communities.left');
  });

  app.get('/communautes/:slug/membres', async (c) => {
    const viewer = requireViewer(c);
    const detail = await communityOf(c);
    const pending = await communities.listJoinRequests(c.get('deps'), viewer, detail.community.id);
    return renderPage(c, <MembersAdminPage detail={detail} pending={pending} placeForm={emptyForm()} />);
  });
  app.post('/communautes/:slug/lieux', async (c) => {
    const viewer = requireViewer(c);
    const detail = await communityOf(c);
    const { values } = await readForm(c);
    try {
      await communities.linkPlaceByAddress(c.get('deps'), viewer, detail.community.id, formString(values, 'lieu'));
      return redirectWithFlash(c, `/communautes/${detail.community.slug}/membres#lieux`, 'communities.places.added');
    } catch (err) {
      if (err instanceof AppError && err.status === 400) {
        const pending = await communities.listJoinRequests(c.get('deps'), viewer, detail.community.id);
        return renderPage(
          c,
          <MembersAdminPage detail={detail} pending={pending} placeForm={{ values, errors: formErrorsFrom(err, c.get('t')) }} />,
          400,
        );
      }
      throw err;
    }
  });
  app.post('/communautes/:slug/lieux/:placeId/retirer', async (c) => {
    const viewer = requireViewer(c);
    const detail = await communityOf(c);
    await readForm(c);
    const placeId = c.req.param('placeId');
    if (!/^[0-9a-f-]{36}$/i.test(placeId)) {
      throw new AppError('NOT_FOUND', { message: 'no such place', userMessage: 'errors.notFound' });
    }
    await communities.linkPlace(c.get('deps'), viewer, detail.community.id, placeId, false);
    return redirectWithFlash(c, `/communautes/${detail.community.slug}/membres#lieux`, 'communities.places.removed');
  });
  app.post('/communautes/:slug/membres/:userId', async (c) => {
    const viewer = requireViewer(c);
    const detail = await communityOf(c);
    const userId = c.req.param('userId');
    const { values } = await readForm(c);
    const action = formString(values, 'action');
    if (!/^[0-9a-f-]{36}$/i.test(userId) || !['approve', 'member', 'referent', 'remove'].includes(action)) {
      throw new AppError('VALIDATION_FAILED', { message: 'invalid action', userMessage: 'errors.validation' });
    }
    await communities.manageMember(c.get('deps'), viewer, detail.community.id, userId, action as 'approve');
    return redirectWithFlash(c, `/communautes/${detail.community.slug}/membres`, 'form.saved');
  });

  // Publishing in the community's name is the publications' form, with the community chosen.
  app.get('/communautes/:slug/publier', async (c) => {
    const detail = await communityOf(c);
    return c.redirect(`/publications/nouvelle?editeur=communaute:${detail.community.slug}`, 303);
  });
}
