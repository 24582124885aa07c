import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http-env.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { formatDate, formatNumber } from '../../lib/i18n.ts';
import { readForm } from '../../lib/request-body.ts';
import { slugOr404 } from '../../lib/slug.ts';
import { plainText } from '../../lib/validation.ts';
import { useView } from '../../views/context.ts';
import { FollowButton } from '../../views/facets.tsx';
import { handleForm } from '../../views/form-handler.ts';
import { ErrorSummary, emptyForm, Form, type FormState, Select, SubmitButton, TextArea, TextField } from '../../views/forms.tsx';
import { Layout } from '../../views/layout.tsx';
import { redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { DOCUMENTS_TOPIC, type DocumentCard, listLinkedDocuments } from '../documents/documents.service.ts';
import { DocumentCardList } from '../documents/views/document-page.view.tsx';
import { ConfirmRefusal } from '../moderation/moderation.views.tsx';
import { PLACES_TOPIC } from '../places/places.service.ts';
import { FOLLOWS_TOPIC, followState } from '../social/social.service.ts';
import { SKILL_FAMILIES } from './skills.reference.ts';
import type { HolderRow } from './skills.repo.ts';
import * as skills from './skills.service.ts';

const FAMILY_CODES = Object.keys(SKILL_FAMILIES) as [keyof typeof SKILL_FAMILIES, ...Array<keyof typeof SKILL_FAMILIES>];
const ProposeInput = z
  .object({
    name: plainText({ min: 2, max: 80 }),
    family: z.enum(FAMILY_CODES, { message: 'v.choice' }),
    description: plainText({ max: 300 }).default(''),
  })
  .strict();
const ModerateInput = z
  .object({
    action: z.enum(['accept', 'reject', 'merge'], { message: 'v.choice' }),
    intoSlug: z.string().max(100).optional(),
    /** A refusal is confirmed in a second step. */
    confirm: z.literal('1').optional(),
  })
  .strict();

type SkillList = Awaited<ReturnType<typeof skills.listSkills>>;

function SkillsPage({ list, q, found }: { list: SkillList; q: string; found: Array<{ slug: string; name: string }> | null }) {
  const { t, locale } = useView();
  return (
    <Layout title={t('skills.list.title')} description={t('skills.list.lead')}>
      <h1>{t('skills.list.title')}</h1>
      <p class="lead">{t('skills.list.lead')}</p>
      <search>
        <form method="get" action="/competences" class="search-box">
          <label for="recherche-competences">{t('skills.list.searchLabel')}</label>
          <div class="search-row">
            <input type="search" id="recherche-competences" name="q" value={q} placeholder={t('skills.list.placeholder')} maxlength={100} />
            <button type="submit" class="button">
              {t('places.searchSubmit')}
            </button>
          </div>
        </form>
      </search>
      {found && (
        <section aria-labelledby="resultats-competences">
          <h2 id="resultats-competences">{t('skills.list.results', { count: found.length })}</h2>
          <ul class="tags">
            {found.map((s) => (
              <li>
                <a href={`/competences/${s.slug}`}>{s.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div class="card-grid families">
        {Object.entries(SKILL_FAMILIES).map(([family, names]) => (
          <section class="card" aria-labelledby={`famille-${family}`}>
            <h2 id={`famille-${family}`}>{names[locale]}</h2>
            <ul class="plain-list">
              {list
                .filter((s) => s.family === family)
                .map((s) => (
                  <li>
                    <a href={`/competences/${s.slug}`}>{s.name}</a> <span class="muted">{t('skills.holders', { count: s.holders })}</span>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
      <p>
        <a href="/competences/proposer">{t('skills.propose.link')}</a>
      </p>
    </Layout>
  );
}

function SkillPage(props: {
  skill: { id: string; slug: string; name: string; family: string; description: string; synonyms: string[] };
  holders: HolderRow[];
  places: Array<{ slug: string; name: string; commune: string | null; holders: number }>;
  follow: { following: boolean; followers: number };
  tileUrl: string;
  tileAttribution: string;
  projects: DocumentCard[];
}) {
  const { t, locale } = useView();
  const { skill } = props;
  const located = props.holders.filter((h) => h.latitude !== null && h.longitude !== null);
  const points = JSON.stringify(located.map((h) => [h.latitude, h.longitude, h.displayName, `/membres/${h.slug}`]));
  return (
    <Layout title={skill.name} description={skill.description} withMap={located.length > 0}>
      <p class="breadcrumb">
        <a href="/competences">{t('nav.skills')}</a> · {skills.familyLabel(skill.family, locale)}
      </p>
      <h1>{skill.name}</h1>
      {skill.description && <p class="lead">{skill.description}</p>}
      {skill.synonyms.length > 0 && <p class="muted">{t('skills.synonyms', { list: skill.synonyms.join(', ') })}</p>}
      <FollowButton type="skill" id={skill.id} following={props.follow.following} followers={props.follow.followers} />
      <p>
        <a href={`/appels?competence=${skill.slug}`}>{t('skills.callsNeeding')}</a> ·{' '}
        <a href={`/membres?skill=${skill.slug}`}>{t('skills.searchHolders')}</a>
      </p>
      <div class="detail-layout">
        <section aria-labelledby="qui">
          <h2 id="qui">{t('skills.who', { count: props.holders.length })}</h2>
          {[3, 2, 1].map((level) => {
            const list = props.holders.filter((h) => h.level === level);
            return list.length === 0 ? null : (
              <>
                <h3>{t(`skills.level.${level}`)}</h3>
                <ul class="plain-list">
                  {list.map((h) => (
                    <li>
                      <a href={`/membres/${h.slug}`}>{h.displayName}</a>
                      {h.communeName && <span class="muted"> · {h.communeName}</span>}
                      {h.vouches > 0 && <span class="muted"> · {t('skills.vouch.count', { count: h.vouches })}</span>}
                    </li>
                  ))}
                </ul>
              </>
            );
          })}
          {props.holders.length === 0 && <p class="muted">{t('skills.nobody')}</p>}
        </section>
        <aside>
          {located.length > 0 && (
            <section aria-labelledby="ou">
              <h2 id="ou">{t('skills.where')}</h2>
              <section
                class="map map-small"
                data-map="points"
                data-points={points}
                data-tiles={props.tileUrl}
                data-attribution={props.tileAttribution}
                aria-label={t('skills.mapLabel', { skill: skill.name })}
              />
              <p class="hint">{t('skills.mapHint', { count: formatNumber(locale, located.length) })}</p>
            </section>
          )}
          {props.places.length > 0 && (
            <section>
              <h2>{t('skills.places')}</h2>
              <ul class="plain-list">
                {props.places.map((p) => (
                  <li>
                    <a href={`/lieux/${p.slug}`}>{p.name}</a>
                    {p.commune && <span class="muted"> · {p.commune}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
      {props.projects.length > 0 && (
        <section aria-labelledby="projets-competence">
          <h2 id="projets-competence">{t('documents.linkedProjects')}</h2>
          <DocumentCardList items={props.projects} />
        </section>
      )}
    </Layout>
  );
}

function ProposePage({ state }: { state: FormState }) {
  const { t, locale } = useView();
  const labels = { name: t('skills.propose.name'), family: t('skills.propose.family'), description: t('skills.propose.description') };
  return (
    <Layout title={t('skills.propose.title')}>
      <div class="narrow">
        <h1>{t('skills.propose.title')}</h1>
        <p>{t('skills.propose.lead')}</p>
        <ErrorSummary state={state} labels={labels} />
        <Form action="/competences/proposer">
          <TextField name="name" label={labels.name} state={state} required maxlength={80} />
          <Select
            name="family"
            label={labels.family}
            options={Object.entries(SKILL_FAMILIES).map(([value, l]) => ({ value, label: l[locale] }))}
            state={state}
          />
          <TextArea name="description" label={labels.description} state={state} rows={3} maxlength={300} />
          <SubmitButton>{t('skills.propose.submit')}</SubmitButton>
        </Form>
      </div>
    </Layout>
  );
}

/**
 * Proposed skills: who proposed each and when; accept it, merge it into a skill chosen from the
 * list (its name becomes a synonym), or refuse it — after a confirmation.
 */
function SkillModerationPage({
  proposed,
  targets,
  confirmReject,
}: {
  proposed: Awaited<ReturnType<typeof skills.listProposedSkills>>;
  targets: Array<{ slug: string; name: string }>;
  confirmReject?: string;
}) {
  const { t, locale } = useView();
  return (
    <Layout title={t('skills.moderate.title')}>
      <p class="breadcrumb">
        <a href="/moderation">{t('moderation.title')}</a>
      </p>
      <h1>{t('skills.moderate.title')}</h1>
      {proposed.length === 0 && <p>{t('skills.moderate.empty')}</p>}
      <ul class="plain-list">
        {proposed.map((s) => (
          <li class={`card${confirmReject === s.id ? ' card-danger' : ''}`} id={`competence-${s.id}`}>
            <h2>{s.name}</h2>
            <p class="muted">
              {skills.familyLabel(s.family, locale)} ·{' '}
              {t('moderation.proposedBy', {
                name: s.proposerName ?? t('moderation.formerMember'),
                date: formatDate(locale, s.createdAt),
              })}
            </p>
            {s.description && <p>{s.description}</p>}
            {confirmReject === s.id ? (
              <Form action={`/moderation/competences/${s.id}`}>
                <ConfirmRefusal
                  message={t('skills.moderate.confirmReject', { name: s.name })}
                  field="action"
                  cancelHref="/moderation/competences"
                />
              </Form>
            ) : (
              <Form action={`/moderation/competences/${s.id}`}>
                <div class="field">
                  <label for={`s${s.id}-intoSlug`}>{t('skills.moderate.into')}</label>
                  <p class="hint">{t('skills.moderate.intoHint')}</p>
                  <select id={`s${s.id}-intoSlug`} name="intoSlug">
                    <option value="">{t('skills.moderate.chooseTarget')}</option>
                    {targets.map((x) => (
                      <option value={x.slug}>{x.name}</option>
                    ))}
                  </select>
                </div>
                <div class="actions">
                  <SubmitButton name="action" value="accept">
                    {t('skills.moderate.accept')}
                  </SubmitButton>
                  <SubmitButton name="action" value="merge" variant="secondary">
                    {t('skills.moderate.merge')}
                  </SubmitButton>
                  <SubmitButton name="action" value="reject" variant="danger">
                    {t('skills.moderate.reject')}
                  </SubmitButton>
                </div>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function mountSkillPages(app: Hono<AppEnv>) {
  app.get('/competences', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const deps = c.get('deps');
    return renderPublicPage(c, [skills.SKILLS_TOPIC, skills.PEOPLE_TOPIC], async () => (
      <SkillsPage list={await skills.listSkills(deps)} q={q} found={q ? await skills.searchSkills(deps, q) : null} />
    ));
  });
  app.get('/competences/proposer', (c) => {
    requireViewer(c);
    return renderPage(c, <ProposePage state={emptyForm()} />);
  });
  app.post('/competences/proposer', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ProposeInput,
      (state, status) => renderPage(c, <ProposePage state={state} />, status),
      async (input) => {
        await skills.proposeSkill(c.get('deps'), viewer, input);
        return redirectWithFlash(c, '/competences', 'skills.propose.done');
      },
    );
  });
  app.get('/competences/:slug', async (c) => {
    const deps = c.get('deps');
    const { skill, redirectTo } = await skills.getSkill(deps, slugOr404(c.req.param('slug'), 'skill'));
    if (redirectTo) {
      return c.redirect(`/competences/${redirectTo}`, 301);
    }
    if (skill.status !== 'accepted') {
      throw notFound('skill');
    }
    const viewer = c.get('viewer');
    return renderPublicPage(c, [skills.SKILLS_TOPIC, skills.PEOPLE_TOPIC, PLACES_TOPIC, FOLLOWS_TOPIC, DOCUMENTS_TOPIC], async () => {
      const [{ holders, places }, follow, projects] = await Promise.all([
        skills.getSkillPage(deps, viewer, skill.id),
        followState(deps, viewer, 'skill', skill.id),
        listLinkedDocuments(deps, 'skill', skill.id, 12),
      ]);
      return (
        <SkillPage
          skill={skill}
          holders={holders}
          places={places}
          follow={follow}
          tileUrl={deps.config.tileUrl}
          tileAttribution={deps.config.tileAttribution}
          projects={projects}
        />
      );
    });
  });
  const renderSkillQueue = async (c: Context<AppEnv>, confirmReject?: string) => {
    const deps = c.get('deps');
    const [proposed, list] = await Promise.all([skills.listProposedSkills(deps, requireViewer(c)), skills.listSkills(deps)]);
    return renderPage(c, <SkillModerationPage proposed={proposed} targets={list} confirmReject={confirmReject} />);
  };
  app.get('/moderation/competences', (c) => renderSkillQueue(c));
  app.post('/moderation/competences/:id', async (c) => {
    const viewer = requireViewer(c);
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/i.test(id)) {
      throw notFound('skill');
    }
    const { values } = await readForm(c);
    const parsed = ModerateInput.safeParse(values);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', { message: 'invalid decision', userMessage: 'errors.validation' });
    }
    const d = parsed.data;
    if (d.action === 'reject' && !d.confirm) {
      return renderSkillQueue(c, id);
    }
    await skills.moderateSkill(
      c.get('deps'),
      viewer,
      id,
      d.action === 'merge' ? { action: 'merge', intoSlug: d.intoSlug ?? '' } : { action: d.action },
    );
    return redirectWithFlash(c, '/moderation/competences', 'skills.moderate.done');
  });
}
