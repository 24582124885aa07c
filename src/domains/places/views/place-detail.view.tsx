import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { formatDms } from '../../../lib/coordinates.ts';
import { formatDate } from '../../../lib/i18n.ts';
import { useView } from '../../../views/context.ts';
import { FollowButton } from '../../../views/facets.tsx';
import { ErrorSummary, Form, type FormState, SubmitButton, TextArea, TextField } from '../../../views/forms.tsx';
import { placeIllustration } from '../../../views/illustration.ts';
import { Layout } from '../../../views/layout.tsx';
import type { DocumentCard } from '../../documents/documents.repo.ts';
import { DocumentCardList } from '../../documents/views/document-page.view.tsx';
import { getDepartment, getRegion } from '../../geo/territories.ts';
import { PLACE_ROLES } from '../../people/people.vocabulary.ts';
import { AffiliationForm } from '../../people/views/member.view.tsx';
import { DAYS, formatDayHours, hasAnyHours } from '../opening-hours.ts';
import { placeJsonLd } from '../places.jsonld.ts';
import { canEditPlace, canReadPlaceMessages } from '../places.policy.ts';
import { type PlaceDetail, photoUrls, placeSubtitle } from '../places.presenter.ts';
import { ACCESSIBILITY, AUDIENCES, EQUIPMENT, label, SERVICES } from '../places.vocabulary.ts';
import type { MapSettings } from './place-map.view.tsx';

function TagList({ title, codes, vocab }: { title: string; codes: string[]; vocab: Record<string, { fr: string; en: string }> }) {
  const { locale } = useView();
  if (codes.length === 0) {
    return null;
  }
  return (
    <section class="tag-section">
      <h2>{title}</h2>
      <ul class="tags">
        {codes.map((c) => (
          <li>{label(vocab, c, locale)}</li>
        ))}
      </ul>
    </section>
  );
}

function OpeningHoursTable({ place }: { place: PlaceDetail }) {
  const { t } = useView();
  const hours = place.openingHours;
  if (!hours || !hasAnyHours(hours)) {
    return null;
  }
  return (
    <section>
      <h2>{t('places.hours.title')}</h2>
      <table class="hours">
        <caption class="visually-hidden">{t('places.hours.title')}</caption>
        <tbody>
          {DAYS.map((d) => (
            <tr>
              <th scope="row">{t(`day.${d}`)}</th>
              <td>{hours.days[d]?.length ? formatDayHours(hours.days[d]).replaceAll('-', ' – ') : t('places.hours.closed')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hours.note && <p class="hint">{hours.note}</p>}
    </section>
  );
}

function ContactForm({ place, state, sent }: { place: PlaceDetail; state: FormState; sent: boolean }) {
  const { t } = useView();
  const labels = { senderName: t('places.contact.name'), senderEmail: t('places.contact.email'), message: t('places.contact.message') };
  return (
    <section aria-labelledby="contact-titre" class="card" id="contact">
      <h2 id="contact-titre">{t('places.contact.title')}</h2>
      {sent ? (
        <p class="notice notice-success" role="status">
          {t('places.contact.sent')}
        </p>
      ) : (
        <>
          <p class="hint">{t('places.contact.privacy')}</p>
          <ErrorSummary state={state} labels={labels} />
          <Form action={`/lieux/${place.slug}/contact`}>
            <TextField name="senderName" label={labels.senderName} state={state} required autocomplete="name" maxlength={80} />
            <TextField name="senderEmail" type="email" label={labels.senderEmail} state={state} required autocomplete="email" />
            <TextArea name="message" label={labels.message} state={state} required rows={5} maxlength={5000} />
            <div class="hp" aria-hidden="true">
              <label for="champ-website">{t('places.contact.honeypot')}</label>
              <input id="champ-website" name="website" type="text" tabindex={-1} autocomplete="off" />
            </div>
            <SubmitButton>{t('places.contact.submit')}</SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}

export function PlaceDetailPage(props: {
  place: PlaceDetail;
  contact: FormState;
  contactSent: boolean;
  map: MapSettings;
  baseUrl: string;
  participants: Array<{ slug: string; displayName: string; role: string }>;
  follow: { following: boolean; followers: number };
  affiliation: string | null;
  tools: Array<{ slug: string; name: string }>;
  projects: DocumentCard[];
  /** What other domains show on the page (its events…). */
  sections: Child[];
}) {
  const { t, locale, viewer } = useView();
  const { place } = props;
  const access = { status: place.status, managerIds: place.managerIds };
  const editable = canEditPlace(viewer, access);
  const department = getDepartment(place.departmentCode);
  const region = getRegion(place.regionCode);
  const hasPoint = place.latitude !== null && place.longitude !== null;
  const jsonLd = JSON.stringify(placeJsonLd(place, props.baseUrl)).replace(/</g, '\\u003c');
  return (
    <Layout
      title={place.name}
      description={place.excerpt || placeSubtitle(place, locale)}
      withMap={hasPoint}
      head={
        <>
          <link rel="canonical" href={`${props.baseUrl}/lieux/${place.slug}`} />
          <script type="application/ld+json">{raw(jsonLd)}</script>
        </>
      }
    >
      {place.status !== 'published' && (
        <p class={`notice ${place.status === 'rejected' ? 'notice-error' : 'notice-info'}`}>
          {t(`places.status.${place.status}`)}
          {place.moderationNote && ` — ${place.moderationNote}`}
        </p>
      )}
      <div class="page-head">
        <p class="breadcrumb">
          <a href="/lieux">{t('nav.places')}</a>
        </p>
        <h1>{place.name}</h1>
        <p class="subtitle">{placeSubtitle(place, locale)}</p>
        {place.status === 'published' && (
          <FollowButton type="place" id={place.id} following={props.follow.following} followers={props.follow.followers} />
        )}
        {editable && (
          <ul class="actions inline-list">
            <li>
              <a class="button button-secondary" href={`/lieux/${place.slug}/modifier`}>
                {t('places.edit.link')}
              </a>
            </li>
            <li>
              <a class="button button-secondary" href={`/lieux/${place.slug}/photos`}>
                {t('places.photos.link')}
              </a>
            </li>
            <li>
              <a class="button button-secondary" href={`/lieux/${place.slug}/equipe`}>
                {t('places.team.link')}
              </a>
            </li>
            <li>
              <a class="button button-secondary" href={`/lieux/${place.slug}/outils`}>
                {t('tools.place.link')}
              </a>
            </li>
            <li>
              <a class="button button-secondary" href={`/impact/lieux/${place.slug}`}>
                {t('impact.title.place')}
              </a>
            </li>
            <li>
              <a class="button button-secondary" href={`/ecoute?lieu=${place.slug}`}>
                {t('listening.overview.title')}
              </a>
            </li>
            <li>
              <a class="button button-secondary" href="/reconnaissance/a-confirmer">
                {t('recognition.queue.title')}
              </a>
            </li>
            {canReadPlaceMessages(viewer, access) && (
              <li>
                <a class="button button-secondary" href={`/lieux/${place.slug}/messages`}>
                  {t('places.messages.link')}
                </a>
              </li>
            )}
          </ul>
        )}
      </div>
      <div class="detail-layout">
        <div class="detail-main">
          {/* The first photo as the place's picture (or a drawing of its kind), the others below. */}
          {place.photos[0] ? (
            <a href={photoUrls(place.photos[0]).url} class="hero-picture">
              <img
                src={photoUrls(place.photos[0]).url}
                alt={place.photos[0].altText}
                width={place.photos[0].width}
                height={place.photos[0].height}
              />
            </a>
          ) : (
            <img class="hero-picture" src={placeIllustration(place.slug, place.kinds)} alt="" width={480} height={360} />
          )}
          {place.photos.length > 1 && (
            <ul class="gallery">
              {place.photos.slice(1).map((p) => (
                <li>
                  <a href={photoUrls(p).url}>
                    <img src={photoUrls(p).thumbUrl} alt={p.altText} width={480} height={360} loading="lazy" decoding="async" />
                  </a>
                </li>
              ))}
            </ul>
          )}
          {place.descriptionHtml ? <div class="prose">{raw(place.descriptionHtml)}</div> : <p class="muted">{t('places.noDescription')}</p>}
          <TagList title={t('places.field.services')} codes={place.services} vocab={SERVICES} />
          <TagList title={t('places.field.equipment')} codes={place.equipment} vocab={EQUIPMENT} />
          <TagList title={t('places.field.audiences')} codes={place.audiences} vocab={AUDIENCES} />
          <TagList title={t('places.field.accessibility')} codes={place.accessibility} vocab={ACCESSIBILITY} />
          {(place.charterText || place.charterSignedOn) && (
            <section>
              <h2>{t('places.charter.title')}</h2>
              {place.charterSignedOn && (
                <p class="charter-signed">{t('places.charter.signedOn', { date: formatDate(locale, place.charterSignedOn) })}</p>
              )}
              {place.charterText && <p class="pre-line">{place.charterText}</p>}
            </section>
          )}
          {props.tools.length > 0 && (
            <section>
              <h2>{t('tools.place.title')}</h2>
              <ul class="tags">
                {props.tools.map((tool) => (
                  <li>
                    <a href={`/outils/${tool.slug}`}>{tool.name}</a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {props.projects.length > 0 && (
            <section>
              <h2>{t('documents.linkedProjects')}</h2>
              <DocumentCardList items={props.projects} />
            </section>
          )}
          {props.sections}
        </div>
        <aside class="detail-aside">
          <section class="card">
            <h2>{t('places.where')}</h2>
            <address>
              {place.address && (
                <>
                  {place.address}
                  <br />
                </>
              )}
              {[place.postcode, place.commune].filter(Boolean).join(' ')}
              {(department || region) && (
                <>
                  <br />
                  {[department?.name, region?.name].filter(Boolean).join(', ')}
                </>
              )}
            </address>
            {hasPoint && (
              <>
                <section
                  class="map map-small"
                  data-map="point"
                  data-lat={String(place.latitude)}
                  data-lng={String(place.longitude)}
                  data-name={place.name}
                  data-tiles={props.map.tileUrl}
                  data-attribution={props.map.tileAttribution}
                  aria-label={t('places.map.pointLabel', { name: place.name })}
                />
                <p class="hint">
                  {formatDms({ lat: place.latitude ?? 0, lng: place.longitude ?? 0 })} ·{' '}
                  <a href={`/carte?q=${encodeURIComponent(place.name)}`}>{t('places.map.seeOnMap')}</a>
                </p>
              </>
            )}
            {place.website && (
              <p>
                <a href={place.website} rel="noopener nofollow">
                  {t('places.website')}
                  <span class="visually-hidden"> ({place.name})</span>
                </a>
              </p>
            )}
          </section>
          <OpeningHoursTable place={place} />
          {place.team.length > 0 && (
            <section>
              <h2>{t('places.team.title')}</h2>
              <ul class="plain-list">
                {place.team.map((m) => (
                  <li>{m.displayName}</li>
                ))}
              </ul>
            </section>
          )}
          {props.participants.length > 0 && (
            <section>
              <h2>{t('places.participants', { count: props.participants.length })}</h2>
              <ul class="plain-list">
                {props.participants.map((p) => (
                  <li>
                    <a href={`/membres/${p.slug}`}>{p.displayName}</a> <span class="muted">· {label(PLACE_ROLES, p.role, locale)}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {viewer?.emailVerified && place.status === 'published' && <AffiliationForm placeSlug={place.slug} current={props.affiliation} />}
          {viewer?.emailVerified && place.status === 'published' && (
            <p>
              <a href={`/reconnaissance/nouvelle?lieu=${place.slug}`}>{t('recognition.new.fromPlace')}</a>
            </p>
          )}
          {place.status === 'published' && <ContactForm place={place} state={props.contact} sent={props.contactSent} />}
        </aside>
      </div>
    </Layout>
  );
}
