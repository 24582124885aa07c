import type { Child } from 'hono/jsx';
import { ofName } from '../../../lib/french.ts';
import { formatDate } from '../../../lib/i18n.ts';
import { asList } from '../../../lib/request-body.ts';
import { useView } from '../../../views/context.ts';
import { FollowButton } from '../../../views/facets.tsx';
import {
  CheckboxGroup,
  ErrorSummary,
  Form,
  type FormState,
  ImageField,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../views/forms.tsx';
import { Icon } from '../../../views/icons.tsx';
import { Layout } from '../../../views/layout.tsx';
import { label, optionsOf } from '../../places/places.vocabulary.ts';
import type { MemberSkillRow } from '../../skills/skills.repo.ts';
import { familyLabel } from '../../skills/skills.service.ts';
import type { PresentedMember } from '../people.presenter.ts';
import { presentMember } from '../people.presenter.ts';
import type { MemberRow } from '../people.repo.ts';
import type { PROFILE_FIELDS } from '../people.schema.ts';
import { LINK_COUNT } from '../people.validation.ts';
import { NETWORK_ROLES, OPEN_TO, PLACE_ROLES, TEACHING_LEVELS } from '../people.vocabulary.ts';

type Member = Omit<PresentedMember, 'places' | 'skills'> & {
  places: Array<{ slug: string; name: string; commune: string | null; role: string; manager: boolean }> | null;
  skills: MemberSkillRow[] | null;
};

function SkillList({ member }: { member: Member }) {
  const { t, viewer, csrfToken } = useView();
  if (!member.skills) {
    return null;
  }
  return (
    <section aria-labelledby="competences-membre">
      <h2 id="competences-membre">{t('people.field.skills')}</h2>
      {member.skills.length === 0 && <p class="muted">{t('people.noSkills')}</p>}
      <ul class="skill-list">
        {member.skills.map((s) => (
          <li>
            <a href={`/competences/${s.slug}`}>{s.name}</a> — <span>{t(`skills.level.${s.level}`)}</span>{' '}
            <a href={`/membres/${member.slug}/competences/${s.slug}`} class="muted">
              {t('skills.vouch.count', { count: s.vouches })}
            </a>
            {viewer && !member.isSelf && viewer.emailVerified && (
              <form
                method="post"
                action={`/membres/${member.slug}/competences/${s.slug}/${s.vouchedByViewer ? 'retirer-confirmation' : 'confirmer'}`}
                class="inline-form"
              >
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button type="submit" class="button button-small button-secondary">
                  {s.vouchedByViewer ? t('skills.vouch.withdraw') : t('skills.vouch.give')}
                  <span class="visually-hidden"> : {s.name}</span>
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function MemberPage(props: {
  member: Member;
  follow: { following: boolean; followers: number };
  message: FormState;
  /** What other domains show here (people.sections.ts). */
  sections?: Child[];
}) {
  const { t, locale, viewer } = useView();
  const m = props.member;
  return (
    <Layout title={m.displayName}>
      <p class="breadcrumb">
        <a href="/membres">{t('nav.members')}</a>
      </p>
      <div class="member-heading">
        {m.photoUrl && <img src={m.photoUrl} alt="" width={96} height={96} class="avatar" />}
        <h1>{m.displayName}</h1>
      </div>
      {m.roles && m.roles.networkRoles.length > 0 && (
        <p class="subtitle">{m.roles.networkRoles.map((r) => label(NETWORK_ROLES, r, locale)).join(', ')}</p>
      )}
      {m.isSelf && (
        <p class="notice notice-info">
          {t('people.self.note')} <a href="/profil">{t('people.self.edit')}</a> ·{' '}
          <a href="/profil/competences">{t('people.self.skills')}</a> · <a href="/profil/photo">{t('people.photo.link')}</a>
        </p>
      )}
      {!m.isSelf && <FollowButton type="member" id={m.id} following={props.follow.following} followers={props.follow.followers} />}
      <div class="detail-layout">
        <div class="detail-main">
          {m.bio && <p class="pre-line">{m.bio}</p>}
          <SkillList member={m} />
          {props.sections}
          <p>
            <a href={`/membres/${m.slug}/reconnaissance`}>
              {m.isSelf ? t('recognition.record.myTitle') : t('recognition.record.title', { name: m.displayName })}
            </a>
            {' · '}
            <a href={`/membres/${m.slug}/badges`}>
              {m.isSelf ? t('badges.member.myTitle') : t('badges.member.title', { name: m.displayName })}
            </a>
          </p>
          {m.places && m.places.length > 0 && (
            <section>
              <h2>{t('people.field.places')}</h2>
              <ul class="plain-list">
                {m.places.map((p) => (
                  <li>
                    <a href={`/lieux/${p.slug}`}>{p.name}</a> — {label(PLACE_ROLES, p.role, locale)}
                    {p.manager && ` (${t('people.placeTeam')})`}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        <aside class="detail-aside">
          <section class="card">
            <h2>{t('people.about')}</h2>
            <dl class="facts">
              {m.territory && (
                <>
                  <dt>{t('people.field.territory')}</dt>
                  <dd>
                    {m.territory.commune}
                    {m.territory.department && `, ${m.territory.department}`}
                    {m.territory.academie && (
                      <>
                        <br />
                        {t('people.academie', { ofName: ofName(locale, m.territory.academie) })}
                      </>
                    )}
                  </dd>
                </>
              )}
              {m.roles?.teachingDiscipline && (
                <>
                  <dt>{t('people.field.teaching')}</dt>
                  <dd>
                    {m.roles.teachingDiscipline}
                    {m.roles.teachingLevel && ` — ${label(TEACHING_LEVELS, m.roles.teachingLevel, locale)}`}
                  </dd>
                </>
              )}
              {m.openTo && m.openTo.length > 0 && (
                <>
                  <dt>{t('people.field.openTo')}</dt>
                  <dd>{m.openTo.map((o) => label(OPEN_TO, o, locale)).join(', ')}</dd>
                </>
              )}
              <dt>{t('people.memberSince')}</dt>
              <dd>{formatDate(locale, m.memberSince)}</dd>
            </dl>
            {m.links && m.links.length > 0 && (
              <ul class="plain-list">
                {m.links.map((l) => (
                  <li>
                    <a href={l.url} rel="nofollow noopener ugc">
                      {l.label}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {!m.isSelf && (
            <section class="card" aria-labelledby="ecrire-membre">
              <h2 id="ecrire-membre">{t('people.message.title', { name: m.displayName })}</h2>
              {!viewer ? (
                <p>
                  <a href={`/connexion?next=/membres/${m.slug}`}>{t('people.message.signIn')}</a>
                </p>
              ) : (
                <>
                  <p class="hint">{t('people.message.privacy')}</p>
                  <ErrorSummary state={props.message} labels={{ body: t('people.message.body') }} />
                  <Form action={`/membres/${m.slug}/message`}>
                    <TextArea name="body" label={t('people.message.body')} state={props.message} rows={4} required maxlength={5000} />
                    <SubmitButton>{t('people.message.send')}</SubmitButton>
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

export function VouchersPage(props: {
  member: { slug: string; displayName: string; isSelf: boolean };
  skill: { slug: string; name: string };
  vouchers: Array<{ voucherId: string; displayName: string; slug: string | null }>;
}) {
  const { t, viewer, csrfToken } = useView();
  return (
    <Layout title={t('skills.vouch.listTitle', { skill: props.skill.name, name: props.member.displayName })}>
      <p class="breadcrumb">
        <a href={`/membres/${props.member.slug}`}>← {props.member.displayName}</a>
      </p>
      <h1>{t('skills.vouch.listTitle', { skill: props.skill.name, name: props.member.displayName })}</h1>
      {props.vouchers.length === 0 && <p class="muted">{t('skills.vouch.none')}</p>}
      <ul class="plain-list">
        {props.vouchers.map((v) => (
          <li>
            {v.slug ? <a href={`/membres/${v.slug}`}>{v.displayName}</a> : v.displayName}
            {(props.member.isSelf || viewer?.id === v.voucherId) && (
              <form
                method="post"
                action={`/membres/${props.member.slug}/competences/${props.skill.slug}/retirer-confirmation`}
                class="inline-form"
              >
                <input type="hidden" name="_csrf" value={csrfToken} />
                <input type="hidden" name="voucher" value={v.voucherId} />
                <button type="submit" class="button button-small button-secondary">
                  {t('skills.vouch.remove', { name: v.displayName })}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const VIS = ['public', 'members', 'private'] as const;

export function ProfileEditPage({ state }: { state: FormState }) {
  const { t, locale } = useView();
  const visOptions = VIS.map((v) => ({ value: v, label: t(`people.visibility.${v}`) }));
  const vis = (field: (typeof PROFILE_FIELDS)[number]) => (
    <Select
      name={`vis_${field}`}
      label={t('people.visibility.label', { field: t(`people.field.${field}`) })}
      options={visOptions}
      state={state}
    />
  );
  const labels: Record<string, string> = {
    displayName: t('accounts.displayName'),
    bio: t('people.field.bio'),
    commune: t('people.field.commune'),
    postcode: t('places.field.postcode'),
    teachingDiscipline: t('people.field.discipline'),
  };
  return (
    <Layout title={t('people.edit.title')}>
      <div class="form-page">
        <h1>{t('people.edit.title')}</h1>
        <p class="lead">{t('people.edit.lead')}</p>
        <ErrorSummary state={state} labels={labels} />
        <Form action="/profil" class="profile-form">
          <TextField
            name="displayName"
            label={labels.displayName ?? ''}
            hint={t('people.edit.nameHint')}
            state={state}
            required
            maxlength={80}
          />
          <fieldset class="field-group">
            <legend>{t('people.field.bio')}</legend>
            <TextArea name="bio" label={labels.bio ?? ''} hint={t('people.edit.bioHint')} state={state} rows={5} maxlength={1000} />
            {vis('bio')}
          </fieldset>
          <fieldset class="field-group">
            <legend>{t('people.field.roles')}</legend>
            <CheckboxGroup
              name="networkRoles"
              legend={t('people.edit.rolesLegend')}
              options={optionsOf(NETWORK_ROLES, locale)}
              state={state}
            />
            <div class="field-row">
              <TextField
                name="teachingDiscipline"
                label={labels.teachingDiscipline ?? ''}
                hint={t('people.edit.disciplineHint')}
                state={state}
                maxlength={80}
              />
              <Select
                name="teachingLevel"
                label={t('people.field.level')}
                options={[{ value: '', label: '—' }, ...optionsOf(TEACHING_LEVELS, locale)]}
                state={state}
              />
            </div>
            {vis('roles')}
          </fieldset>
          <fieldset class="field-group">
            <legend>{t('people.field.territory')}</legend>
            <p class="hint">{t('people.edit.territoryHint')}</p>
            <div class="field-row">
              <TextField name="commune" label={labels.commune ?? ''} state={state} autocomplete="address-level2" maxlength={100} />
              <TextField
                name="postcode"
                label={labels.postcode ?? ''}
                hint={t('people.edit.postcodeHint')}
                state={state}
                inputmode="numeric"
                maxlength={5}
              />
            </div>
            {vis('territory')}
          </fieldset>
          <fieldset class="field-group">
            <legend>{t('people.field.openTo')}</legend>
            <CheckboxGroup name="openTo" legend={t('people.edit.openToLegend')} options={optionsOf(OPEN_TO, locale)} state={state} />
            {vis('openTo')}
          </fieldset>
          <fieldset class="field-group">
            <legend>{t('people.field.links')}</legend>
            {Array.from({ length: LINK_COUNT }, (_, i) => (
              <div class="field-row">
                <TextField name={`link${i + 1}Label`} label={t('people.edit.linkLabel', { n: i + 1 })} state={state} maxlength={60} />
                <TextField
                  name={`link${i + 1}Url`}
                  type="url"
                  label={t('people.edit.linkUrl', { n: i + 1 })}
                  state={state}
                  maxlength={500}
                />
              </div>
            ))}
            {vis('links')}
          </fieldset>
          <fieldset class="field-group">
            <legend>{t('people.edit.otherVisibility')}</legend>
            {vis('skills')}
            {vis('places')}
            {vis('photo')}
            <p class="hint">
              <a href="/profil/photo">{t('people.photo.change')}</a>
            </p>
          </fieldset>
          <fieldset class="field-group">
            <legend>{t('people.edit.emails')}</legend>
            <Select
              name="digest"
              label={t('people.field.digest')}
              hint={t('people.edit.digestHint')}
              options={['none', 'daily', 'weekly'].map((d) => ({ value: d, label: t(`people.digest.${d}`) }))}
              state={state}
            />
          </fieldset>
          <p class="form-actions">
            <SubmitButton>{t('form.save')}</SubmitButton> <a href="/profil/competences">{t('people.self.skills')}</a>
          </p>
        </Form>
      </div>
    </Layout>
  );
}

interface SkillChoice {
  slug: string;
  name: string;
  family: string;
}

/** Checkboxes for skills, by family (each family folds away; all fit a phone). */
function SkillChoices({ choices, checked }: { choices: SkillChoice[]; checked: Set<string> }) {
  const { t, locale } = useView();
  const families = [...new Set(choices.map((c) => c.family))];
  return (
    <div class="skill-choices">
      {families.map((family) => {
        const inFamily = choices.filter((c) => c.family === family);
        const ticked = inFamily.filter((c) => checked.has(c.slug)).length;
        return (
          <details class="facet" open={ticked > 0}>
            <summary>
              {familyLabel(family, locale)}
              {ticked > 0 && <span class="badge">{ticked}</span>}
            </summary>
            <fieldset>
              <legend class="visually-hidden">{familyLabel(family, locale)}</legend>
              <ul class="checkbox-grid">
                {inFamily.map((c) => (
                  <li>
                    <label class="check">
                      <input type="checkbox" name="skill" value={c.slug} checked={checked.has(c.slug)} /> {c.name}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          </details>
        );
      })}
      {choices.length === 0 && <p class="muted">{t('people.mySkills.allDeclared')}</p>}
    </div>
  );
}

export function MySkillsPage(props: {
  skills: MemberSkillRow[];
  state: FormState;
  choices: SkillChoice[];
  q: string;
  suggestions: SkillChoice[];
}) {
  const { t, csrfToken } = useView();
  const levels = [1, 2, 3].map((l) => ({ value: String(l), label: t(`skills.level.${l}`) }));
  const checked = new Set(asList(props.state.values.skill));
  return (
    <Layout title={t('people.mySkills.title')}>
      <div class="form-page">
        <h1>{t('people.mySkills.title')}</h1>
        <p class="lead">{t('people.mySkills.lead')}</p>
        {props.skills.length > 0 && (
          <section aria-labelledby="mes-competences">
            <h2 id="mes-competences">{t('people.mySkills.declared', { count: props.skills.length })}</h2>
            <ul class="my-skills">
              {props.skills.map((s) => (
                <li id={`competence-${s.slug}`} class="my-skill">
                  <div class="my-skill-name">
                    <a href={`/competences/${s.slug}`}>{s.name}</a>
                    <span class="muted">{t('people.mySkills.vouches', { count: s.vouches })}</span>
                  </div>
                  <form method="post" action={`/profil/competences/${s.slug}/niveau`} class="my-skill-level">
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <label for={`niveau-${s.slug}`} class="visually-hidden">
                      {t('people.mySkills.levelOf', { skill: s.name })}
                    </label>
                    <select id={`niveau-${s.slug}`} name="level">
                      {levels.map((l) => (
                        <option value={l.value} selected={l.value === String(s.level)}>
                          {l.label}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="button button-small button-secondary">
                      {t('people.mySkills.changeLevel')}
                      <span class="visually-hidden"> ({s.name})</span>
                    </button>
                  </form>
                  <form method="post" action={`/profil/competences/${s.slug}/retirer`} class="my-skill-remove">
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <button type="submit" class="button button-small button-secondary">
                      <Icon name="trash" />
                      <span class="visually-hidden">{t('people.mySkills.remove', { skill: s.name })}</span>
                      <span aria-hidden="true">{t('people.mySkills.removeShort')}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section class="card" aria-labelledby="ajouter-competences">
          <h2 id="ajouter-competences">{t('people.mySkills.add')}</h2>
          <form method="get" action="/profil/competences#ajouter-competences" class="skill-finder">
            <label for="chercher-competence">{t('people.mySkills.find')}</label>
            <div class="search-row">
              <input
                type="search"
                id="chercher-competence"
                name="q"
                value={props.q}
                placeholder={t('people.mySkills.findPlaceholder')}
                maxlength={100}
              />
              <button type="submit" class="button button-secondary">
                <Icon name="search" />
                {t('people.mySkills.findSubmit')}
              </button>
            </div>
          </form>
          <ErrorSummary state={props.state} labels={{ skill: t('people.mySkills.choose'), level: t('skills.levelTitle') }} />
          <Form action="/profil/competences">
            {props.q && (
              <fieldset class="suggestions">
                <legend>{t('people.mySkills.suggestionsFor', { q: props.q })}</legend>
                {props.suggestions.length > 0 ? (
                  <ul class="checkbox-grid">
                    {props.suggestions.map((c) => (
                      <li>
                        <label class="check">
                          <input
                            type="checkbox"
                            name="skill"
                            value={c.slug}
                            checked={checked.has(c.slug) || props.suggestions.length === 1}
                          />{' '}
                          {c.name}
                        </label>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">
                    {t('people.mySkills.noSuggestion')} <a href="/competences/proposer">{t('skills.propose.link')}</a>
                  </p>
                )}
              </fieldset>
            )}
            <fieldset class={props.state.errors.skill ? 'field-invalid' : undefined}>
              <legend>{t('people.mySkills.choose')}</legend>
              {props.state.errors.skill && <p class="field-error">{props.state.errors.skill.join(' ')}</p>}
              <SkillChoices choices={props.choices.filter((c) => !props.suggestions.some((s) => s.slug === c.slug))} checked={checked} />
            </fieldset>
            <Select name="level" label={t('skills.levelTitle')} options={levels} state={props.state} required />
            <SubmitButton>{t('people.mySkills.submit')}</SubmitButton>
          </Form>
          <p>
            <a href="/competences">{t('people.mySkills.browse')}</a> · <a href="/competences/proposer">{t('skills.propose.link')}</a>
          </p>
        </section>
      </div>
    </Layout>
  );
}

export function AffiliationForm({ placeSlug, current }: { placeSlug: string; current: string | null }) {
  const { t, locale, csrfToken } = useView();
  return (
    <section class="card" aria-labelledby="participer">
      <h2 id="participer">{t('people.affiliation.title')}</h2>
      <form method="post" action={`/lieux/${placeSlug}/participer`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <label for="champ-role-lieu">{t('people.affiliation.role')}</label>
        <select id="champ-role-lieu" name="role">
          {Object.entries(PLACE_ROLES).map(([value, l]) => (
            <option value={value} selected={value === current}>
              {l[locale]}
            </option>
          ))}
        </select>{' '}
        <button type="submit" class="button button-small">
          {current ? t('people.affiliation.update') : t('people.affiliation.join')}
        </button>
      </form>
      {current && (
        <form method="post" action={`/lieux/${placeSlug}/quitter`}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="link-button">
            {t('people.affiliation.leave')}
          </button>
        </form>
      )}
    </section>
  );
}

export function PhotoPage({ member, state, maxMb }: { member: MemberRow; state: FormState; maxMb: number }) {
  const { t, viewer } = useView();
  const self = presentMember(member, viewer, { places: [], skills: [] });
  return (
    <Layout title={t('people.photo.title')}>
      <div class="form-page">
        <p class="breadcrumb">
          <a href={`/membres/${member.slug}`}>{t('people.photo.back')}</a>
        </p>
        <h1>{t('people.photo.title')}</h1>
        <p class="lead">{t('people.photo.lead', { visibility: t(`people.visibility.${member.visibility.photo}`).toLowerCase() })}</p>
        {self.photoUrl ? (
          <div class="member-heading">
            <img src={self.photoUrl} alt={t('people.photo.current')} width={128} height={128} class="avatar" />
            <Form action="/profil/photo/retirer">
              <SubmitButton variant="secondary">{t('people.photo.remove')}</SubmitButton>
            </Form>
          </div>
        ) : (
          <p class="muted">{t('people.photo.none')}</p>
        )}
        <section class="card">
          <h2>{self.photoUrl ? t('people.photo.replace') : t('people.photo.add')}</h2>
          <ErrorSummary state={state} labels={{ photo: t('people.photo.file') }} />
          <Form action="/profil/photo" multipart>
            <ImageField name="photo" label={t('people.photo.file')} hint={t('people.photo.hint', { max: maxMb })} state={state} />
            <SubmitButton>{t('people.photo.upload')}</SubmitButton>
          </Form>
          <p>
            <a href="/profil">{t('people.photo.visibilityLink')}</a>
          </p>
        </section>
      </div>
    </Layout>
  );
}
