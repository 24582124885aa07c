import { raw } from 'hono/html';
import { formatDate, type Translate } from '../../lib/i18n.ts';
import { useView } from '../../views/context.ts';
import {
  ErrorSummary,
  FileField,
  Form,
  type FormState,
  ImageField,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../views/forms.tsx';
import { Icon } from '../../views/icons.tsx';
import { Layout } from '../../views/layout.tsx';
import { CONTRIBUTION_KINDS } from '../recognition/recognition.schema.ts';
import { RULE_METRICS } from './badges.schema.ts';
import type { AwardRow, BadgeRow, Verdict } from './badges.service.ts';

const imageOf = (slug: string) => `/badges/${slug}/image.png`;

/** "20 heures d’animation d’atelier confirmées à Fablab X" — how a badge is earned, in words. */
export function ruleText(t: Translate, b: Pick<BadgeRow, 'awardMode' | 'ruleMetric' | 'ruleKind' | 'ruleThreshold' | 'placeName'>): string {
  if (b.awardMode !== 'rule' || !b.ruleMetric) {
    return t('badges.byHand', { who: b.placeName ? t('badges.byHand.place', { place: b.placeName }) : t('badges.byHand.network') });
  }
  const kind = b.ruleKind ? `(${t(`recognition.kind.${b.ruleKind}`).toLowerCase()})` : t('badges.rule.anyKind');
  const rule = t(`badges.rule.${b.ruleMetric}`, { threshold: b.ruleThreshold ?? 0, kind });
  return t('badges.byRule', { rule: b.placeName ? `${rule} ${t('badges.rule.atPlace', { place: b.placeName })}` : rule });
}

function BadgeCard({ b }: { b: BadgeRow }) {
  const { t } = useView();
  return (
    <li class="badge-card">
      <img src={imageOf(b.slug)} alt="" width={72} height={72} loading="lazy" />
      <div>
        <h3>
          <a href={`/badges/${b.slug}`}>{b.name}</a>
        </h3>
        <p>{b.description}</p>
        <p class="muted">
          {ruleText(t, b)} · {t('badges.holders', { count: b.holders })}
        </p>
      </div>
    </li>
  );
}

export function BadgeListPage({ badges, canCreate }: { badges: BadgeRow[]; canCreate: boolean }) {
  const { t } = useView();
  const network = badges.filter((b) => !b.placeId);
  const places = badges.filter((b) => b.placeId);
  return (
    <Layout title={t('badges.title')} description={t('badges.lead')}>
      <h1>{t('badges.title')}</h1>
      <p class="lead">{t('badges.lead')}</p>
      <p class="actions">
        {canCreate && (
          <a class="button" href="/badges/nouveau">
            <Icon name="plus" /> {t('badges.new.link')}
          </a>
        )}
        <a class="button button-secondary" href="/badges/verifier">
          <Icon name="shield-check" /> {t('badges.verify.title')}
        </a>
      </p>
      {badges.length === 0 && <p>{t('badges.none')}</p>}
      {network.length > 0 && (
        <section aria-labelledby="reseau">
          <h2 id="reseau">{t('badges.network')}</h2>
          <ul class="badge-list">
            {network.map((b) => (
              <BadgeCard b={b} />
            ))}
          </ul>
        </section>
      )}
      {places.length > 0 && (
        <section aria-labelledby="lieux">
          <h2 id="lieux">{t('badges.ofPlaces')}</h2>
          <ul class="badge-list">
            {places.map((b) => (
              <BadgeCard b={b} />
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

export function NewBadgePage({
  state,
  places,
  network,
  editing,
}: {
  state: FormState;
  places: Array<{ slug: string; name: string }>;
  network: boolean;
  /** Changing an existing badge: its address and name (its place stays). */
  editing?: { slug: string; name: string };
}) {
  const { t } = useView();
  const labels: Record<string, string> = {
    name: t('badges.field.name'),
    description: t('badges.field.description'),
    criteria: t('badges.field.criteria'),
    placeSlug: t('badges.field.place'),
    skills: t('badges.field.skills'),
    awardMode: t('badges.field.awardMode'),
    ruleMetric: t('badges.field.ruleMetric'),
    ruleKind: t('badges.field.ruleKind'),
    ruleThreshold: t('badges.field.ruleThreshold'),
  };
  return (
    <Layout title={editing ? t('badges.edit.title', { name: editing.name }) : t('badges.new.title')}>
      <div class="form-page">
        <p class="breadcrumb">
          {editing ? <a href={`/badges/${editing.slug}`}>{editing.name}</a> : <a href="/badges">{t('badges.title')}</a>}
        </p>
        <h1>{editing ? t('badges.edit.title', { name: editing.name }) : t('badges.new.title')}</h1>
        <p class="lead">{editing ? t('badges.edit.lead') : t('badges.new.lead')}</p>
        <ErrorSummary state={state} labels={labels} />
        <Form action={editing ? `/badges/${editing.slug}/modifier` : '/badges/nouveau'} multipart>
          <TextField name="name" label={labels.name ?? ''} state={state} required maxlength={80} />
          <TextField
            name="description"
            label={labels.description ?? ''}
            hint={t('badges.field.descriptionHint')}
            state={state}
            required
            maxlength={500}
          />
          <TextArea
            name="criteria"
            label={labels.criteria ?? ''}
            hint={t('badges.field.criteriaHint')}
            state={state}
            rows={4}
            required
            maxlength={5000}
          />
          {editing ? (
            <input type="hidden" name="placeSlug" value={String(state.values.placeSlug ?? '')} />
          ) : (
            <Select
              name="placeSlug"
              label={labels.placeSlug ?? ''}
              options={[
                ...(network ? [{ value: '', label: t('badges.field.network') }] : []),
                ...places.map((p) => ({ value: p.slug, label: p.name })),
              ]}
              state={state}
              required
            />
          )}
          <TextField name="skills" label={labels.skills ?? ''} hint={t('badges.field.skillsHint')} state={state} maxlength={300} />
          <ImageField name="image" label={t('badges.field.image')} hint={t('badges.field.imageHint')} state={state} />
          <Select
            name="awardMode"
            label={labels.awardMode ?? ''}
            options={[
              { value: 'manual', label: t('badges.mode.manual') },
              { value: 'rule', label: t('badges.mode.rule') },
            ]}
            state={state}
            required
          />
          <fieldset class="field-group">
            <legend>{t('badges.field.rule')}</legend>
            <p class="hint">{t('badges.field.ruleHint')}</p>
            <Select
              name="ruleMetric"
              label={labels.ruleMetric ?? ''}
              options={[{ value: '', label: '—' }, ...RULE_METRICS.map((m) => ({ value: m, label: t(`badges.metric.${m}`) }))]}
              state={state}
            />
            <Select
              name="ruleKind"
              label={labels.ruleKind ?? ''}
              options={[
                { value: '', label: t('badges.field.anyKind') },
                ...CONTRIBUTION_KINDS.map((k) => ({ value: k, label: t(`recognition.kind.${k}`) })),
              ]}
              state={state}
            />
            <TextField name="ruleThreshold" label={labels.ruleThreshold ?? ''} state={state} inputmode="numeric" maxlength={6} />
          </fieldset>
          <SubmitButton>{editing ? t('badges.edit.submit') : t('badges.new.submit')}</SubmitButton>
        </Form>
      </div>
    </Layout>
  );
}

export function BadgePage(props: { badge: BadgeRow; holders: AwardRow[]; canAward: boolean; award: FormState }) {
  const { t } = useView();
  const b = props.badge;
  return (
    <Layout title={b.name} description={b.description}>
      <p class="breadcrumb">
        <a href="/badges">{t('badges.title')}</a>
      </p>
      <div class="badge-head">
        <img src={imageOf(b.slug)} alt={t('badges.imageAlt', { name: b.name })} width={128} height={128} />
        <div>
          <h1>{b.name}</h1>
          {b.placeSlug && b.placeName && (
            <p class="subtitle">
              {t('badges.placeOf')} <a href={`/lieux/${b.placeSlug}`}>{b.placeName}</a>
            </p>
          )}
        </div>
      </div>
      <p class="lead">{b.description}</p>
      <p class="notice">{ruleText(t, b)}</p>
      <div class="detail-layout">
        <div class="detail-main">
          <h2>{t('badges.criteria')}</h2>
          <div class="prose">{raw(b.criteriaHtml)}</div>
          {b.skills.length > 0 && (
            <>
              <h2>{t('badges.skills')}</h2>
              <ul class="tags">
                {b.skills.map((s) => (
                  <li>
                    <a href={`/competences/${s.slug}`}>{s.name}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>{t('badges.holdersTitle')}</h2>
          <p class="hint">
            {t('badges.holders', { count: b.holders })}. {t('badges.holdersHidden')}
          </p>
          <ul class="inline-list">
            {props.holders.map((a) => (
              <li>
                <a href={`/badges/attributions/${a.id}`}>{a.recipientName}</a>
              </li>
            ))}
          </ul>
        </div>
        <aside class="detail-aside">
          {props.canAward && (
            <p>
              <a class="button button-secondary" href={`/badges/${b.slug}/modifier`}>
                <Icon name="pencil" /> {t('badges.edit.link')}
              </a>
            </p>
          )}
          {props.canAward && (
            <section class="card" aria-labelledby="attribuer">
              <h2 id="attribuer">{t('badges.award.title')}</h2>
              <ErrorSummary state={props.award} labels={{ recipient: t('badges.award.recipient') }} />
              <Form action={`/badges/${b.slug}/attribuer`}>
                <TextField
                  name="recipient"
                  label={t('badges.award.recipient')}
                  hint={t('badges.award.recipientHint')}
                  state={props.award}
                  required
                  maxlength={300}
                />
                <SubmitButton>{t('badges.award.submit')}</SubmitButton>
              </Form>
            </section>
          )}
        </aside>
      </div>
    </Layout>
  );
}

/** The verdict, as a notice with its explanation and what the credential says. */
export function VerdictBlock({ verdict }: { verdict: Verdict }) {
  const { t, locale } = useView();
  const tone = verdict.state === 'valid' ? 'notice-success' : verdict.state === 'status_unknown' ? '' : 'notice-error';
  const s = verdict.summary;
  return (
    <section aria-labelledby="verdict" class="verdict">
      <h2 id="verdict" class="visually-hidden">
        {t('badges.verify.resultTitle')}
      </h2>
      <div class={`notice ${tone}`} role="status">
        <p class="verdict-state">
          <strong>{t(`badges.verify.state.${verdict.state}`)}</strong>
        </p>
        <p>{t(`badges.verify.explain.${verdict.state}`)}</p>
        {verdict.state === 'revoked' && verdict.reason && <p>{t('badges.verify.reason', { reason: verdict.reason })}</p>}
      </div>
      {s && (
        <dl class="facts">
          <dt>{t('badges.verify.badge')}</dt>
          <dd>{s.awardId ? <a href={`/badges/attributions/${s.awardId}`}>{s.name}</a> : s.name}</dd>
          {s.holder && (
            <>
              <dt>{t('badges.verify.holder')}</dt>
              <dd>{s.holder}</dd>
            </>
          )}
          {s.issuer && (
            <>
              <dt>{t('badges.verify.issuer')}</dt>
              <dd>{s.issuer}</dd>
            </>
          )}
          {s.validFrom && !Number.isNaN(Date.parse(s.validFrom)) && (
            <>
              <dt>{t('badges.verify.validFrom')}</dt>
              <dd>{formatDate(locale, s.validFrom)}</dd>
            </>
          )}
          {s.hours && (
            <>
              <dt>{t('badges.verify.hours')}</dt>
              <dd>{s.hours.replace('.', locale === 'fr' ? ',' : '.')}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

export interface EndorsementView {
  id: string;
  endorserName: string;
  endorserSlug: string | null;
  comment: string;
  createdAt: Date;
}

export function AwardPage(props: {
  award: AwardRow;
  verdict: Verdict;
  own: boolean;
  /** Whether the viewer may read the contributions it rests on (their author's record visibility). */
  showEvidence: boolean;
  canRevoke: boolean;
  revoke: FormState;
  endorsements: EndorsementView[];
  canEndorse: boolean;
  endorse: FormState;
}) {
  const { t, locale } = useView();
  const a = props.award;
  const credential = a.credential as {
    credentialSubject?: { result?: Array<{ value?: string }> };
    evidence?: Array<{ id: string; name: string; narrative: string }>;
  };
  return (
    <Layout title={t('badges.award.pageTitle', { badge: a.badgeName, name: a.recipientName ?? t('people.formerMember') })}>
      <p class="breadcrumb">
        {a.recipientSlug ? (
          <a href={`/membres/${a.recipientSlug}/badges`}>{t('badges.member.title', { name: a.recipientName ?? '' })}</a>
        ) : (
          <a href="/badges">{t('badges.title')}</a>
        )}
      </p>
      <div class="badge-head">
        <img src={imageOf(a.badgeSlug)} alt={t('badges.imageAlt', { name: a.badgeName })} width={128} height={128} />
        <div>
          <h1>{a.badgeName}</h1>
          <p class="subtitle">
            {a.recipientName ?? t('people.formerMember')} · {t('badges.award.awardedOn', { date: formatDate(locale, a.awardedAt) })}{' '}
            {a.awarderName ? t('badges.award.awardedBy', { name: a.awarderName }) : t('badges.award.byRule')}
          </p>
        </div>
      </div>
      <VerdictBlock verdict={props.verdict} />
      <p>{a.badgeDescription}</p>
      {props.showEvidence && credential.evidence && credential.evidence.length > 0 && (
        <section aria-labelledby="preuves">
          <h2 id="preuves">{t('badges.award.evidence')}</h2>
          <ul class="compact-list">
            {credential.evidence.map((e) => (
              <li>
                <a href={e.id}>{e.name}</a> <span class="muted">· {e.narrative}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p class="actions">
        <a class="button button-secondary" href={`/badges/verifier/${a.id}`}>
          <Icon name="shield-check" /> {t('badges.award.verifyLink')}
        </a>
        {props.own && (
          <a class="button" href={`/badges/attributions/${a.id}/badge.json`} download>
            <Icon name="download" /> {t('badges.award.download')}
          </a>
        )}
        {props.own && (
          <a class="button button-secondary" href={`/badges/attributions/${a.id}/badge.png`} download>
            <Icon name="photo" /> {t('badges.award.downloadPng')}
          </a>
        )}
      </p>
      <section aria-labelledby="recommandations">
        <h2 id="recommandations">{t('badges.endorse.title')}</h2>
        {props.endorsements.length === 0 && <p class="muted">{t('badges.endorse.none')}</p>}
        {props.endorsements.map((e) => (
          <article class="message">
            <h3>
              {e.endorserSlug ? <a href={`/membres/${e.endorserSlug}`}>{e.endorserName}</a> : e.endorserName}
              <span class="muted"> · {formatDate(locale, e.createdAt)}</span>
            </h3>
            <p class="pre-line">{e.comment}</p>
            <p class="muted">
              <a href={`/badges/recommandations/${e.id}.json`}>{t('badges.endorse.credential')}</a>
            </p>
          </article>
        ))}
        {props.canEndorse && (
          <div class="card">
            <p class="hint">{t('badges.endorse.lead')}</p>
            <ErrorSummary state={props.endorse} labels={{ comment: t('badges.endorse.comment') }} />
            <Form action={`/badges/attributions/${a.id}/recommander`}>
              <TextArea name="comment" label={t('badges.endorse.comment')} state={props.endorse} rows={4} required maxlength={1000} />
              <SubmitButton>{t('badges.endorse.submit')}</SubmitButton>
            </Form>
          </div>
        )}
      </section>
      {props.own && (
        <section class="card">
          {a.hidden && <p>{t('badges.award.hidden')}</p>}
          <Form action={`/badges/attributions/${a.id}/${a.hidden ? 'afficher' : 'masquer'}`}>
            <SubmitButton variant="secondary">{a.hidden ? t('badges.award.show') : t('badges.award.hide')}</SubmitButton>
          </Form>
        </section>
      )}
      {props.canRevoke && (
        <section class="card card-danger" aria-labelledby="revoquer">
          <h2 id="revoquer">{t('badges.revoke.title')}</h2>
          <ErrorSummary state={props.revoke} labels={{ reason: t('badges.revoke.reason') }} />
          <Form action={`/badges/attributions/${a.id}/revoquer`}>
            <TextArea
              name="reason"
              label={t('badges.revoke.reason')}
              hint={t('badges.revoke.reasonHint')}
              state={props.revoke}
              rows={3}
              required
              maxlength={500}
            />
            <SubmitButton variant="danger">{t('badges.revoke.submit')}</SubmitButton>
          </Form>
        </section>
      )}
    </Layout>
  );
}

export function MemberBadgesPage(props: { member: { slug: string; displayName: string }; awards: AwardRow[]; own: boolean }) {
  const { t, locale } = useView();
  const title = props.own ? t('badges.member.myTitle') : t('badges.member.title', { name: props.member.displayName });
  return (
    <Layout title={title}>
      <p class="breadcrumb">
        <a href={`/membres/${props.member.slug}`}>{props.member.displayName}</a>
      </p>
      <h1>{title}</h1>
      {props.awards.length === 0 ? (
        <p>
          {props.own ? (
            <>
              {t('badges.member.noneOwn')} <a href="/reconnaissance/nouvelle">{t('recognition.record.log')}</a>
            </>
          ) : (
            t('badges.member.none', { name: props.member.displayName })
          )}
        </p>
      ) : (
        <ul class="badge-list">
          {props.awards.map((a) => (
            <li class="badge-card">
              <img src={imageOf(a.badgeSlug)} alt="" width={72} height={72} loading="lazy" />
              <div>
                <h2>
                  <a href={`/badges/attributions/${a.id}`}>{a.badgeName}</a>
                </h2>
                <p class="muted">
                  {t('badges.award.awardedOn', { date: formatDate(locale, a.awardedAt) })}
                  {a.revokedAt && ` · ${t('badges.verify.state.revoked')}`}
                  {a.hidden && ` · ${t('badges.award.hidden')}`}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function VerifyPage({ state, verdict }: { state: FormState; verdict: Verdict | null }) {
  const { t } = useView();
  return (
    <Layout title={t('badges.verify.title')} description={t('badges.verify.lead')}>
      <p class="breadcrumb">
        <a href="/badges">{t('badges.title')}</a>
      </p>
      <h1>{t('badges.verify.title')}</h1>
      {verdict && <VerdictBlock verdict={verdict} />}
      <p class="lead">{t('badges.verify.lead')}</p>
      <ErrorSummary state={state} labels={{ credential: t('badges.verify.paste') }} />
      <Form action="/badges/verifier" multipart>
        <TextArea name="credential" label={t('badges.verify.paste')} state={state} rows={8} />
        <FileField name="file" label={t('badges.verify.file')} hint="" state={state} accept=".json,application/json,application/ld+json" />
        <SubmitButton>{t('badges.verify.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** A verification page by address (the attestation's QR code leads here). */
export function VerifyAwardPage({ award, verdict }: { award: AwardRow; verdict: Verdict }) {
  const { t } = useView();
  return (
    <Layout title={`${t('badges.verify.title')} — ${award.badgeName}`}>
      <p class="breadcrumb">
        <a href="/badges/verifier">{t('badges.verify.title')}</a>
      </p>
      <h1>{t('badges.verify.title')}</h1>
      <VerdictBlock verdict={verdict} />
    </Layout>
  );
}

/** The badges shown on a member's page (those valid and not hidden by their holder). */
export function MemberBadgesSection(props: {
  rows: Array<{ id: string; slug: string; name: string }>;
  member: { slug: string; displayName: string; isSelf: boolean };
}) {
  const { t } = useView();
  if (props.rows.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="badges-membre">
      <h2 id="badges-membre">{t('badges.title')}</h2>
      <ul class="member-badges">
        {props.rows.map((b) => (
          <li>
            <a href={`/badges/attributions/${b.id}`}>
              <img src={imageOf(b.slug)} alt="" width={56} height={56} loading="lazy" />
              <span>{b.name}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
