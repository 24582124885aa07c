import type { Context, Hono } from 'hono';
import { type AppEnv, requestIp } from '../../http-env.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Translate } from '../../lib/i18n.ts';
import { asList, type FormValues, formString, readForm } from '../../lib/request-body.ts';
import { SLUG_PATTERN } from '../../lib/slug.ts';
import { UUID_PATTERN } from '../../lib/validation.ts';
import { handleForm } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import * as throttle from '../accounts/throttle.service.ts';
import { DOCUMENTS_TOPIC } from '../documents/documents.service.ts';
import { normalizePostcode } from '../geo/territories.ts';
import { viewerCommune } from '../people/people.service.ts';
import { FOLLOWS_TOPIC } from '../social/social.service.ts';
import { setPlaceTools, TOOLS_TOPIC, toolChoices, toolsOfPlace } from '../tools/tools.service.ts';
import { contactPlace, listPlaceMessages, replyToPlaceMessage } from './places.contact.service.ts';
import { placePageData } from './places.page.service.ts';
import { addPlacePhoto, removePlacePhoto } from './places.photos.service.ts';
import { canCreatePlace, canEditPlace } from './places.policy.ts';
import type { PlaceDetail } from './places.presenter.ts';
import { searchPlaces } from './places.search.service.ts';
import { normaliseSearch, PlaceSearchQuery } from './places.search-params.ts';
import { placeSectionTopics } from './places.sections.ts';
import * as places from './places.service.ts';
import { addTeamMember, removeTeamMember } from './places.team.service.ts';
import { ContactInput, ModerationInput, PhotoAltInput, PlaceFormInput, ReplyInput, TeamAddInput } from './places.validation.ts';
import { PlaceDetailPage } from './views/place-detail.view.tsx';
import { PlaceFormPage, placeToFormValues } from './views/place-form.view.tsx';
import { PlaceListPage } from './views/place-list.view.tsx';
import {
  ModerationPage,
  PlaceDeleteSection,
  PlaceMessagesPage,
  PlacePhotosPage,
  PlaceTeamPage,
  PlaceToolsPage,
} from './views/place-manage.view.tsx';
import { PlaceMapPage } from './views/place-map.view.tsx';
import './places.opendata.ts';

function mapSettings(c: Context<AppEnv>) {
  const { config } = c.get('deps');
  return { tileUrl: config.tileUrl, tileAttribution: config.tileAttribution };
}

/** The search a page URL asks for; unknown facet values from stale links are ignored. */
function searchFromQuery(c: Context<AppEnv>) {
  const raw = {
    q: c.req.query('q'),
    kind: c.req.queries('kind'),
    region: c.req.queries('region'),
    department: c.req.queries('department'),
    equipment: c.req.queries('equipment'),
    audience: c.req.queries('audience'),
    pres: c.req.query('pres'),
    km: c.req.query('km'),
    page: c.req.query('page'),
  };
  const parsed = PlaceSearchQuery.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', { message: 'invalid search', userMessage: 'places.badSearch' });
  }
  return normaliseSearch(parsed.data, false).search;
}

async function loadPlace(c: Context<AppEnv>): Promise<PlaceDetail> {
  const slug = c.req.param('slug') ?? '';
  if (!SLUG_PATTERN.test(slug) || slug.length > 100) {
    throw notFound('place');
  }
  return places.getPlaceDetail(c.get('deps'), c.get('viewer'), { slug });
}

function requireEditor(c: Context<AppEnv>, place: PlaceDetail) {
  const viewer = requireViewer(c);
  if (!canEditPlace(viewer, { status: place.status, managerIds: place.managerIds })) {
    throw new AppError('FORBIDDEN', { message: 'not on this place’s team', userMessage: 'errors.forbidden' });
  }
  return viewer;
}

function idParam(c: Context<AppEnv>, name: string): string {
  const id = c.req.param(name) ?? '';
  if (!UUID_PATTERN.test(id)) {
    throw notFound(name);
  }
  return id;
}

/** Form values without the buttons' names, ready for the strict schema. */
function formFields(values: FormValues): FormValues {
  const { _action, ...rest } = values;
  return rest;
}

/** "Find on the map": ask the address API and fill postcode, commune and coordinates in the form. */
async function geocodeForm(c: Context<AppEnv>, values: FormValues, t: Translate): Promise<{ values: FormValues; notice: string }> {
  const { geocoder, db } = c.get('deps');
  if (!geocoder) {
    return { values, notice: t('places.form.geocodeOff') };
  }
  await throttle.enforce(db, `geocode:${throttle.ipKey(requestIp(c))}`, throttle.LIMITS.geocodePerIp);
  const query = [formString(values, 'address'), formString(values, 'postcode'), formString(values, 'commune')].join(' ').trim();
  if (query.length < 3) {
    return { values, notice: t('places.form.geocodeEmpty') };
  }
  try {
    const postcode = normalizePostcode(formString(values, 'postcode')) ?? undefined;
    const [best] = await geocoder.search(query, { postcode, limit: 1 });
    if (!best) {
      return { values, notice: t('places.form.geocodeNone') };
    }
    return {
      values: {
        ...values,
        coordinates: `${best.lat.toFixed(6)}, ${best.lng.toFixed(6)}`,
        postcode: best.postcode ?? formString(values, 'postcode'),
        commune: best.commune ?? formString(values, 'commune'),
      },
      notice: t('places.form.geocodeFound', { label: best.label, score: Math.round(best.score * 100) }),
    };
  } catch (err) {
    c.get('deps').logger.warn({ err: (err as Error).message }, 'geocoding failed');
    return { values, notice: t('places.form.geocodeFailed') };
  }
}

/** The place page with what depends on the viewer: who takes part, following, one's own role there. */
async function placePage(c: Context<AppEnv>, place: PlaceDetail, contact: FormState, contactSent: boolean) {
  const deps = c.get('deps');
  const viewer = c.get('viewer');
  const { place: shown, participants, follow, affiliation, tools, projects, sections } = await placePageData(deps, viewer, place);
  return (
    <PlaceDetailPage
      place={shown}
      contact={contact}
      contactSent={contactSent}
      map={mapSettings(c)}
      baseUrl={deps.config.publicUrl}
      participants={participants}
      sections={sections}
      follow={follow}
      affiliation={affiliation}
      tools={tools}
      projects={projects}
    />
  );
}

export function mountPlacePages(app: Hono<AppEnv>) {
  /** What the "près de" field shows: the search's, or on a first visit the member's own commune. */
  const nearField = async (c: Context<AppEnv>, search: ReturnType<typeof searchFromQuery>) =>
    search.near?.text ?? (new URL(c.req.url).search ? '' : await viewerCommune(c.get('deps'), c.get('viewer')));

  app.get('/lieux', async (c) => {
    const search = searchFromQuery(c);
    return renderPublicPage(c, places.PLACES_TOPIC, async () => (
      <PlaceListPage search={search} result={await searchPlaces(c.get('deps'), search)} near={await nearField(c, search)} />
    ));
  });

  app.get('/carte', async (c) => {
    const search = searchFromQuery(c);
    return renderPublicPage(c, places.PLACES_TOPIC, async () => (
      <PlaceMapPage
        search={search}
        result={await searchPlaces(c.get('deps'), search)}
        map={mapSettings(c)}
        near={await nearField(c, search)}
      />
    ));
  });

  const renderCreate = (
    c: Context<AppEnv>,
    state: FormState,
    status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 = 200,
    notice?: string,
  ) =>
    renderPage(
      c,
      <PlaceFormPage
        mode="create"
        action="/lieux/nouveau"
        state={state}
        canGeocode={!!c.get('deps').geocoder}
        notice={notice}
        map={mapSettings(c)}
        cancelHref="/lieux"
      />,
      status,
    );

  app.get('/lieux/nouveau', (c) => {
    const viewer = requireViewer(c);
    if (!canCreatePlace(viewer)) {
      throw new AppError('FORBIDDEN', { message: 'confirmed account needed', userMessage: 'places.new.needVerified' });
    }
    return renderCreate(c, emptyForm());
  });
  app.post('/lieux/nouveau', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    if (formString(values, '_action') === 'geocode') {
      const found = await geocodeForm(c, formFields(values), c.get('t'));
      return renderCreate(c, emptyForm(found.values), 200, found.notice);
    }
    return handleForm(
      c,
      formFields(values),
      PlaceFormInput,
      (state, status) => renderCreate(c, state, status),
      async (data) => {
        const place = await places.createPlace(c.get('deps'), viewer, data);
        return redirectWithFlash(c, `/lieux/${place.slug}`, place.status === 'published' ? 'places.new.published' : 'places.new.pending');
      },
    );
  });

  // Place pages are about 7 KB gzipped: 3 MB keeps some 420 of them (350 took 6 MB as text; with
  // fewer, a network's most visited places were rendered again and again).
  app.get('/lieux/:slug', (c) =>
    renderPublicPage(
      c,
      [places.PLACES_TOPIC, FOLLOWS_TOPIC, TOOLS_TOPIC, DOCUMENTS_TOPIC, ...placeSectionTopics()],
      async () => placePage(c, await loadPlace(c), emptyForm(), false),
      3_000_000,
    ),
  );

  app.post('/lieux/:slug/contact', async (c) => {
    const place = await loadPlace(c);
    const { values } = await readForm(c);
    const render = async (state: FormState, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429, sent = false) =>
      renderPage(c, await placePage(c, place, state, sent), status);
    return handleForm(c, values, ContactInput, render, async (input) => {
      await contactPlace(c.get('deps'), place.id, input, { ip: requestIp(c) });
      return render(emptyForm(), 200, true);
    });
  });

  const renderEdit = (
    c: Context<AppEnv>,
    place: PlaceDetail,
    state: FormState,
    status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 = 200,
    notice?: string,
  ) =>
    renderPage(
      c,
      <PlaceFormPage
        mode="edit"
        action={`/lieux/${place.slug}/modifier`}
        state={state}
        canGeocode={!!c.get('deps').geocoder}
        notice={notice}
        map={mapSettings(c)}
        cancelHref={`/lieux/${place.slug}`}
        after={<PlaceDeleteSection place={place} />}
      />,
      status,
    );

  app.get('/lieux/:slug/modifier', async (c) => {
    const place = await loadPlace(c);
    requireEditor(c, place);
    return renderEdit(c, place, emptyForm(placeToFormValues(place)));
  });
  app.post('/lieux/:slug/modifier', async (c) => {
    const place = await loadPlace(c);
    const viewer = requireEditor(c, place);
    const { values } = await readForm(c);
    if (formString(values, '_action') === 'geocode') {
      const found = await geocodeForm(c, formFields(values), c.get('t'));
      return renderEdit(c, place, emptyForm(found.values), 200, found.notice);
    }
    return handleForm(
      c,
      formFields(values),
      PlaceFormInput,
      (state, status) => renderEdit(c, place, state, status),
      async (data) => {
        const updated = await places.updatePlace(c.get('deps'), viewer, place.id, data);
        return redirectWithFlash(c, `/lieux/${updated.slug}`, 'form.saved');
      },
    );
  });

  app.post('/lieux/:slug/supprimer', async (c) => {
    const place = await loadPlace(c);
    await places.deletePlace(c.get('deps'), requireViewer(c), place.id);
    return redirectWithFlash(c, '/lieux', 'places.delete.done');
  });

  app.get('/lieux/:slug/photos', async (c) => {
    const place = await loadPlace(c);
    requireEditor(c, place);
    return renderPage(c, <PlacePhotosPage place={place} state={emptyForm()} maxMb={c.get('deps').config.uploadMaxBytes / 1024 / 1024} />);
  });
  app.post('/lieux/:slug/photos', async (c) => {
    const place = await loadPlace(c);
    const viewer = requireEditor(c, place);
    const { values, files } = await readForm(c);
    const maxMb = c.get('deps').config.uploadMaxBytes / 1024 / 1024;
    const render = (state: FormState, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429) =>
      renderPage(c, <PlacePhotosPage place={place} state={state} maxMb={maxMb} />, status);
    return handleForm(c, values, PhotoAltInput, render, async ({ alt }) => {
      const file = files.photo?.[0];
      if (!file) {
        throw new AppError('VALIDATION_FAILED', { message: 'no file', details: { photo: ['places.photos.missing'] } });
      }
      try {
        await addPlacePhoto(c.get('deps'), viewer, place.id, { bytes: Buffer.from(await file.arrayBuffer()), alt });
      } catch (err) {
        if (err instanceof AppError && (err.code === 'UNSUPPORTED_MEDIA_TYPE' || err.code === 'PAYLOAD_TOO_LARGE')) {
          throw new AppError(err.code, { message: err.message, details: { photo: [err.userMessage ?? 'errors.notAnImage'] } });
        }
        throw err;
      }
      return redirectWithFlash(c, `/lieux/${place.slug}/photos`, 'places.photos.added');
    });
  });
  app.post('/lieux/:slug/photos/:photoId/supprimer', async (c) => {
    const place = await loadPlace(c);
    await removePlacePhoto(c.get('deps'), requireViewer(c), place.id, idParam(c, 'photoId'));
    return redirectWithFlash(c, `/lieux/${place.slug}/photos`, 'places.photos.removed');
  });

  app.get('/lieux/:slug/equipe', async (c) => {
    const place = await loadPlace(c);
    requireEditor(c, place);
    return renderPage(c, <PlaceTeamPage place={place} state={emptyForm()} />);
  });
  app.post('/lieux/:slug/equipe', async (c) => {
    const place = await loadPlace(c);
    const viewer = requireEditor(c, place);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      TeamAddInput,
      (state, status) => renderPage(c, <PlaceTeamPage place={place} state={state} />, status),
      async ({ email }) => {
        await addTeamMember(c.get('deps'), viewer, place.id, email);
        return redirectWithFlash(c, `/lieux/${place.slug}/equipe`, 'places.team.added');
      },
    );
  });
  app.post('/lieux/:slug/equipe/:userId/retirer', async (c) => {
    const place = await loadPlace(c);
    await removeTeamMember(c.get('deps'), requireViewer(c), place.id, idParam(c, 'userId'));
    return redirectWithFlash(c, `/lieux/${place.slug}/equipe`, 'places.team.removed');
  });

  app.get('/lieux/:slug/outils', async (c) => {
    const place = await loadPlace(c);
    requireEditor(c, place);
    const deps = c.get('deps');
    const [choices, current] = await Promise.all([toolChoices(deps), toolsOfPlace(deps, place.id)]);
    const state = emptyForm({ tool: current.map((tool) => tool.id) });
    return renderPage(c, <PlaceToolsPage place={place} choices={choices} state={state} />);
  });
  app.post('/lieux/:slug/outils', async (c) => {
    const place = await loadPlace(c);
    const viewer = requireEditor(c, place);
    const { values } = await readForm(c);
    await setPlaceTools(c.get('deps'), viewer, { id: place.id, status: place.status, managerIds: place.managerIds }, asList(values.tool));
    return redirectWithFlash(c, `/lieux/${place.slug}`, 'tools.place.saved');
  });

  app.get('/lieux/:slug/messages', async (c) => {
    const place = await loadPlace(c);
    const messages = await listPlaceMessages(c.get('deps'), requireViewer(c), place.id);
    return renderPage(c, <PlaceMessagesPage place={place} messages={messages} />);
  });
  app.post('/lieux/:slug/messages/:messageId/repondre', async (c) => {
    const place = await loadPlace(c);
    const viewer = requireViewer(c);
    const messageId = idParam(c, 'messageId');
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ReplyInput,
      async (state, status) =>
        renderPage(
          c,
          <PlaceMessagesPage
            place={place}
            messages={await listPlaceMessages(c.get('deps'), viewer, place.id)}
            replyErrors={{ id: messageId, state }}
          />,
          status,
        ),
      async ({ reply }) => {
        await replyToPlaceMessage(c.get('deps'), viewer, place.id, messageId, reply);
        return redirectWithFlash(c, `/lieux/${place.slug}/messages`, 'places.messages.sent');
      },
    );
  });

  app.get('/moderation/lieux', async (c) => {
    const pending = await places.listPendingPlaces(c.get('deps'), requireViewer(c));
    return renderPage(c, <ModerationPage pending={pending} />);
  });
  app.post('/moderation/lieux/:id', async (c) => {
    const viewer = requireViewer(c);
    const id = idParam(c, 'id');
    const { values } = await readForm(c);
    const parsed = ModerationInput.safeParse(values);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', { message: 'invalid decision', userMessage: 'errors.validation' });
    }
    if (parsed.data.decision === 'reject' && !parsed.data.confirm) {
      const pending = await places.listPendingPlaces(c.get('deps'), viewer);
      return renderPage(c, <ModerationPage pending={pending} confirmReject={id} note={parsed.data.note ?? ''} />);
    }
    await places.moderatePlace(c.get('deps'), viewer, id, parsed.data.decision, parsed.data.note);
    return redirectWithFlash(c, '/moderation/lieux', parsed.data.decision === 'publish' ? 'moderation.published' : 'moderation.rejected');
  });
}
