import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { queryWithLists, readForm } from '../../lib/request-body.ts';
import { slugOr404 } from '../../lib/slug.ts';
import { uuidOr404 } from '../../lib/validation.ts';
import { handleForm } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { privatePage, redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { COMMUNITIES_TOPIC } from '../communities/communities.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';
import './services.place-section.tsx';
import * as services from './services.service.ts';
import {
  AnswerInput,
  HideInput,
  normaliseServices,
  OfferEditInput,
  OfferInput,
  RatingInput,
  RequestInput,
  ServicesQuery,
  ThreadMessageInput,
} from './services.validation.ts';
import { OfferFormPage, OfferPage, type RequestForms, RequestPage, RequestsPage, ServicesPage } from './services.views.tsx';
import './services.impact.ts';

/** What the public pages of /services come from: a change to one renews them. */
const SERVICE_TOPICS = [services.SERVICES_TOPIC, PLACES_TOPIC, COMMUNITIES_TOPIC];

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

const offerSlug = (c: Context<AppEnv>) => slugOr404(c.req.param('slug'), 'service');
const requestId = (c: Context<AppEnv>) => uuidOr404(c.req.param('id'), 'request');

/** The filters of /services from the query string. */
function serviceFilters(c: Context<AppEnv>) {
  const parsed = ServicesQuery.safeParse(queryWithLists(c, ['type', 'region', 'departement', 'public']));
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', { message: 'invalid service filters', userMessage: 'services.badFilters' });
  }
  return { filters: normaliseServices(parsed.data), page: parsed.data.page ?? 1 };
}

const formOfOffer = (o: services.OfferPageData['offer']): FormState =>
  emptyForm({
    title: o.title,
    kind: o.kind,
    description: o.descriptionMd,
    audiences: o.audiences,
    free: o.free ? 'on' : '',
    price: o.price ?? '',
    duration: o.duration ?? '',
    conditions: o.conditions ?? '',
    contactName: o.contactName ?? '',
  });

export function mountServicePages(app: Hono<AppEnv>) {
  app.get('/services', (c) => {
    const { filters, page } = serviceFilters(c);
    return renderPublicPage(c, SERVICE_TOPICS, async () => (
      <ServicesPage filters={filters} result={await services.searchOffers(c.get('deps'), filters, page)} page={page} />
    ));
  });

  const renderNew = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const providers = await services.providersFor(c.get('deps'), viewer);
    const lieu = c.req.query('lieu');
    const first = lieu && providers.places.some((p) => p.slug === lieu) ? `lieu:${lieu}` : undefined;
    const form = state ?? emptyForm({ provider: first ?? '', kind: 'usage-machines', free: 'on' });
    return renderPage(c, <OfferFormPage state={form} providers={providers} action="/services/nouveau" />, status);
  };
  app.get('/services/nouveau', (c) => renderNew(c, null));
  app.post('/services/nouveau', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      OfferInput,
      (state, status) => renderNew(c, state, status),
      async (data) => {
        const offer = await services.createOffer(c.get('deps'), viewer, data);
        return redirectWithFlash(c, `/services/${offer.slug}`, 'services.new.done');
      },
    );
  });

  app.get('/services/demandes', async (c) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const data = await services.getRequestsOverview(c.get('deps'), viewer);
    return renderPage(c, <RequestsPage data={data} />);
  });

  const renderRequest = async (c: Context<AppEnv>, forms: Partial<RequestForms> = {}, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const page = await services.getRequestPage(c.get('deps'), viewer, requestId(c));
    return renderPage(
      c,
      <RequestPage
        page={page}
        forms={{
          answer: forms.answer ?? emptyForm({ status: page.nextStatuses[0] ?? '' }),
          message: forms.message ?? emptyForm(),
          rating: forms.rating ?? emptyForm(),
        }}
      />,
      status,
    );
  };
  app.get('/services/demandes/:id', (c) => renderRequest(c));
  app.post('/services/demandes/:id/reponse', async (c) => {
    const viewer = requireViewer(c);
    const id = requestId(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      AnswerInput,
      (state, status) => renderRequest(c, { answer: state }, status),
      async (data) => {
        await services.answerRequest(c.get('deps'), viewer, id, data);
        return redirectWithFlash(c, `/services/demandes/${id}`, 'services.answer.done');
      },
    );
  });
  app.post('/services/demandes/:id/message', async (c) => {
    const viewer = requireViewer(c);
    const id = requestId(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ThreadMessageInput,
      (state, status) => renderRequest(c, { message: state }, status),
      async (data) => {
        await services.writeInThread(c.get('deps'), viewer, id, data.body);
        return redirectWithFlash(c, `/services/demandes/${id}#echanges`, 'services.thread.sent');
      },
    );
  });
  app.post('/services/demandes/:id/avis', async (c) => {
    const viewer = requireViewer(c);
    const id = requestId(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      RatingInput,
      (state, status) => renderRequest(c, { rating: state }, status),
      async (data) => {
        await services.rateRequest(c.get('deps'), viewer, id, data.rating, data.comment);
        return redirectWithFlash(c, `/services/demandes/${id}`, 'services.rating.done');
      },
    );
  });

  const renderOffer = async (c: Context<AppEnv>, forms: { request?: FormState; hide?: FormState } = {}, status: Status = 200) => {
    const viewer = c.get('viewer');
    if (viewer) {
      privatePage(c);
    } else if (status === 200 && !forms.request && !forms.hide) {
      // Visitors all see the same page: kept until an offer, a place or a community changes.
      return renderPublicPage(c, SERVICE_TOPICS, async () => (
        <OfferPage page={await services.getOfferPage(c.get('deps'), null, offerSlug(c))} requestForm={emptyForm()} />
      ));
    }
    const page = await services.getOfferPage(c.get('deps'), viewer, offerSlug(c));
    return renderPage(c, <OfferPage page={page} requestForm={forms.request ?? emptyForm()} hideForm={forms.hide} />, status);
  };
  app.get('/services/:slug', (c) => renderOffer(c));
  app.post('/services/:slug/demande', async (c) => {
    const viewer = requireViewer(c);
    const slug = offerSlug(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      RequestInput,
      (state, status) => renderOffer(c, { request: state }, status),
      async (data) => {
        const request = await services.requestService(c.get('deps'), viewer, slug, data.message);
        return redirectWithFlash(c, `/services/demandes/${request.id}`, 'services.request.done');
      },
    );
  });

  const renderEdit = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const page = await services.getOfferPage(c.get('deps'), viewer, offerSlug(c));
    if (!page.canEdit) {
      throw new AppError('FORBIDDEN', { message: 'its team only', userMessage: 'errors.forbidden' });
    }
    return renderPage(
      c,
      <OfferFormPage
        state={state ?? formOfOffer(page.offer)}
        providers={{ places: [], communities: [], network: false }}
        action={`/services/${page.offer.slug}/modifier`}
        editing={{ title: page.offer.title, slug: page.offer.slug }}
      />,
      status,
    );
  };
  app.get('/services/:slug/modifier', (c) => renderEdit(c, null));
  app.post('/services/:slug/modifier', async (c) => {
    const viewer = requireViewer(c);
    const slug = offerSlug(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      OfferEditInput,
      (state, status) => renderEdit(c, state, status),
      async (data) => {
        await services.updateOffer(c.get('deps'), viewer, slug, data);
        return redirectWithFlash(c, `/services/${slug}`, 'services.edit.done');
      },
    );
  });

  for (const [path, open] of [
    ['retirer', false],
    ['rouvrir', true],
  ] as const) {
    app.post(`/services/:slug/${path}`, async (c) => {
      const viewer = requireViewer(c);
      await readForm(c);
      const slug = offerSlug(c);
      await services.setOfferOpen(c.get('deps'), viewer, slug, open);
      return redirectWithFlash(c, `/services/${slug}`, open ? 'services.reopened.done' : 'services.closed.done');
    });
  }

  app.post('/services/:slug/masquer', async (c) => {
    const viewer = requireViewer(c);
    const slug = offerSlug(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      HideInput,
      (state, status) => renderOffer(c, { hide: state }, status),
      async (data) => {
        await services.moderateOffer(c.get('deps'), viewer, slug, { note: data.note });
        return redirectWithFlash(c, `/services/${slug}`, 'services.moderation.hidden');
      },
    );
  });
  app.post('/services/:slug/afficher', async (c) => {
    const viewer = requireViewer(c);
    await readForm(c);
    const slug = offerSlug(c);
    await services.moderateOffer(c.get('deps'), viewer, slug, null);
    return redirectWithFlash(c, `/services/${slug}`, 'services.moderation.shown');
  });
}
