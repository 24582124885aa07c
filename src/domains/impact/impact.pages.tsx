import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { translator } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { readForm } from '../../lib/request-body.ts';
import { slugOr404 } from '../../lib/slug.ts';
import { uuidOr404 } from '../../lib/validation.ts';
import { formErrorsFrom, handleForm, translateDetails } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { privatePage, redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { COMMUNITIES_TOPIC } from '../communities/communities.service.ts';
import { countPublished, DOCUMENTS_TOPIC } from '../documents/documents.service.ts';
import { AGENDA_CLOCK_TOPIC, EVENTS_TOPIC, REGISTRATIONS_TOPIC } from '../events/events.service.ts';
import { getRegion, listRegions } from '../geo/territories.ts';
import { LISTENING_TOPIC } from '../listening/listening.service.ts';
import { countMembers } from '../people/people.service.ts';
import { getPlaceBreakdown } from '../places/places.search.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';
import { PLACE_KINDS, label as vocabularyLabel } from '../places/places.vocabulary.ts';
import { RECOGNITION_TOPIC } from '../recognition/recognition.service.ts';
import { SERVICES_TOPIC } from '../services/services.service.ts';
import { PEOPLE_TOPIC } from '../skills/skills.service.ts';
import { reportPdf } from './impact.pdf.ts';
import { reportCsv, reportTable } from './impact.report.ts';
import * as impact from './impact.service.ts';
import { CommunityIndicatorInput } from './impact.validation.ts';
import { AreaPage, CommunityIndicatorsPage, EntryFormPage, ImportPage, NetworkPage, PlaceDashboardPage } from './impact.views.tsx';

/** What the public dashboards are computed from: a change to one renews them. */
const IMPACT_TOPICS = [
  impact.IMPACT_TOPIC,
  PLACES_TOPIC,
  PEOPLE_TOPIC,
  EVENTS_TOPIC,
  REGISTRATIONS_TOPIC,
  AGENDA_CLOCK_TOPIC,
  DOCUMENTS_TOPIC,
  RECOGNITION_TOPIC,
  SERVICES_TOPIC,
  LISTENING_TOPIC,
  COMMUNITIES_TOPIC,
];

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

/** Reports for funders are in French whatever the page's language. */
const fr = translator('fr');

/** The largest CSV of figures accepted (5,000 rows fit in far less). */
const MAX_IMPORT_BYTES = 2_000_000;

const placeSlug = (c: Context<AppEnv>) => slugOr404(c.req.param('slug'), 'place');

const labelOf = (t: (k: string) => string) => (key: string, own?: string) =>
  key.startsWith('c-') ? (own ?? key) : t(`impact.indicator.${key}`);

function sendCsv(c: Context<AppEnv>, name: string, data: Parameters<typeof reportTable>[2]) {
  const body = reportCsv(reportTable(c.get('t'), c.get('locale'), data));
  return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` });
}

async function sendPdf(
  c: Context<AppEnv>,
  name: string,
  input: Omit<Parameters<typeof reportPdf>[0], 'labelOf' | 'url'> & { path: string },
) {
  const pdf = await reportPdf({ ...input, url: `${c.get('deps').config.publicUrl}${input.path}`, labelOf: labelOf(fr) });
  c.header('Content-Disposition', `attachment; filename="${name}.pdf"`);
  return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf' });
}

/** Text of an uploaded CSV: UTF-8 (with or without its mark), else Windows-1252; a binary file is refused. */
function csvText(bytes: Uint8Array): string {
  if (bytes.includes(0)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'binary file',
      userMessage: 'impact.error.csvBinary',
      details: { fichier: ['impact.error.csvBinary'] },
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export function mountImpactPages(app: Hono<AppEnv>) {
  const networkData = async (c: Context<AppEnv>) => {
    const deps = c.get('deps');
    const [data, breakdown, members, projects] = await Promise.all([
      impact.getAreaDashboard(deps, {}, c.req.query('annee')),
      getPlaceBreakdown(deps),
      countMembers(deps),
      countPublished(deps, 'project'),
    ]);
    const locale = c.get('locale');
    const stats = {
      places: breakdown.byRegion.reduce((n, r) => n + r.places, 0),
      members,
      projects,
      byRegion: breakdown.byRegion.map((r) => ({ ...r, name: getRegion(r.region)?.name ?? c.get('t')('impact.noRegion') })),
      byKind: breakdown.byKind.map((k) => ({ ...k, label: vocabularyLabel(PLACE_KINDS, k.kind, locale as 'fr') })),
    };
    return { data, stats };
  };

  app.get('/impact', (c) =>
    renderPublicPage(c, IMPACT_TOPICS, async () => {
      const { data, stats } = await networkData(c);
      return <NetworkPage data={data} stats={stats} />;
    }),
  );
  app.get('/impact/rapport.csv', async (c) => {
    const data = await impact.getAreaDashboard(c.get('deps'), {}, c.req.query('annee'));
    return sendCsv(c, `impact-reseau-${data.year}`, data);
  });
  app.get('/impact/rapport.pdf', async (c) => {
    const data = await impact.getAreaDashboard(c.get('deps'), {}, c.req.query('annee'));
    return sendPdf(c, `impact-reseau-${data.year}`, {
      ...data,
      title: fr('impact.pdf.networkTitle', { year: String(data.year) }),
      subtitle: fr('impact.pdf.subtitle', { count: data.placesWithFigures, year: String(data.year) }),
      path: `/impact?annee=${data.year}`,
    });
  });

  const regionCode = (c: Context<AppEnv>) => {
    const code = c.req.param('code') ?? '';
    if (!listRegions().some((r) => r.code === code)) {
      throw new AppError('NOT_FOUND', { message: 'unknown region', userMessage: 'errors.notFound' });
    }
    return code;
  };
  app.get('/impact/regions/:code', (c) =>
    renderPublicPage(c, IMPACT_TOPICS, async () => {
      const code = regionCode(c);
      const data = await impact.getAreaDashboard(c.get('deps'), { region: code }, c.req.query('annee'));
      const name = data.region?.name ?? code;
      return (
        <AreaPage
          title={c.get('t')('impact.region.title', { region: name })}
          kicker={{ href: `/lieux?region=${code}`, label: name }}
          data={data}
          base={`/impact/regions/${code}`}
          pdf
        />
      );
    }),
  );
  app.get('/impact/regions/:code/rapport.csv', async (c) => {
    const code = regionCode(c);
    const data = await impact.getAreaDashboard(c.get('deps'), { region: code }, c.req.query('annee'));
    return sendCsv(c, `impact-region-${code}-${data.year}`, data);
  });
  app.get('/impact/regions/:code/rapport.pdf', async (c) => {
    const code = regionCode(c);
    const data = await impact.getAreaDashboard(c.get('deps'), { region: code }, c.req.query('annee'));
    return sendPdf(c, `impact-region-${code}-${data.year}`, {
      ...data,
      title: fr('impact.region.title', { region: data.region?.name ?? code }),
      subtitle: fr('impact.pdf.subtitle', { count: data.placesWithFigures, year: String(data.year) }),
      path: `/impact/regions/${code}?annee=${data.year}`,
    });
  });

  const communityData = async (c: Context<AppEnv>) => {
    const d = await impact.getCommunityDashboard(c.get('deps'), slugOr404(c.req.param('slug'), 'community'), c.req.query('annee'));
    return { ...d, placesWithFigures: d.places };
  };
  app.get('/impact/communautes/:slug', (c) =>
    renderPublicPage(c, IMPACT_TOPICS, async () => {
      const data = await communityData(c);
      return (
        <AreaPage
          title={c.get('t')('impact.community.title', { community: data.community.name })}
          kicker={{ href: `/communautes/${data.community.slug}`, label: data.community.name }}
          data={data}
          base={`/impact/communautes/${data.community.slug}`}
          pdf
        />
      );
    }),
  );
  app.get('/impact/communautes/:slug/rapport.csv', async (c) => {
    const data = await communityData(c);
    return sendCsv(c, `impact-${data.community.slug}-${data.year}`, data);
  });
  app.get('/impact/communautes/:slug/rapport.pdf', async (c) => {
    const data = await communityData(c);
    return sendPdf(c, `impact-${data.community.slug}-${data.year}`, {
      ...data,
      title: fr('impact.community.title', { community: data.community.name }),
      subtitle: fr('impact.pdf.subtitle', { count: data.places, year: String(data.year) }),
      path: `/impact/communautes/${data.community.slug}?annee=${data.year}`,
    });
  });

  // A place's dashboard: public when its figures are, always for its team (never cached for them).
  app.get('/impact/lieux/:slug', async (c) => {
    const viewer = c.get('viewer');
    if (viewer) {
      privatePage(c);
      const data = await impact.getPlaceDashboard(c.get('deps'), viewer, placeSlug(c), c.req.query('annee'));
      return renderPage(c, <PlaceDashboardPage data={data} />);
    }
    return renderPublicPage(c, IMPACT_TOPICS, async () => (
      <PlaceDashboardPage data={await impact.getPlaceDashboard(c.get('deps'), null, placeSlug(c), c.req.query('annee'))} />
    ));
  });
  app.get('/impact/lieux/:slug/rapport.csv', async (c) => {
    const data = await impact.getPlaceDashboard(c.get('deps'), c.get('viewer'), placeSlug(c), c.req.query('annee'));
    if (data.team) {
      privatePage(c);
    }
    return sendCsv(c, `impact-${data.place.slug}-${data.year}`, data);
  });
  app.get('/impact/lieux/:slug/rapport.pdf', async (c) => {
    const data = await impact.getPlaceDashboard(c.get('deps'), c.get('viewer'), placeSlug(c), c.req.query('annee'));
    if (data.team) {
      privatePage(c);
    }
    return sendPdf(c, `impact-${data.place.slug}-${data.year}`, {
      ...data,
      title: fr('impact.place.title', { place: data.place.name }),
      subtitle: fr('impact.pdf.placeSubtitle', { year: String(data.year) }),
      path: `/impact/lieux/${data.place.slug}?annee=${data.year}`,
    });
  });

  const renderEntry = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const form = await impact.getEntryForm(c.get('deps'), viewer, placeSlug(c), c.req.query('periode'));
    const values = Object.fromEntries(
      form.indicators.map((i) => [
        impact.figureField(i.key),
        form.values.has(i.key) ? String(form.values.get(i.key)).replace('.', ',') : '',
      ]),
    );
    return renderPage(c, <EntryFormPage form={form} state={state ?? emptyForm(values)} />, status);
  };
  app.get('/impact/lieux/:slug/saisir', (c) => renderEntry(c, null));
  app.post('/impact/lieux/:slug/saisir', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    try {
      const { place, period } = await impact.saveFigures(c.get('deps'), viewer, placeSlug(c), c.req.query('periode'), values);
      return redirectWithFlash(c, `/impact/lieux/${place.slug}?annee=${period.year}`, 'impact.entry.done');
    } catch (err) {
      if (err instanceof AppError && err.status < 500) {
        return renderEntry(c, { values, errors: formErrorsFrom(err, c.get('t')) }, err.status as Status);
      }
      throw err;
    }
  });
  app.post('/impact/lieux/:slug/visibilite', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    const slug = placeSlug(c);
    const visible = values.public === 'on';
    await impact.setFiguresPublic(c.get('deps'), viewer, slug, visible);
    return redirectWithFlash(c, `/impact/lieux/${slug}`, visible ? 'impact.place.shown' : 'impact.place.hiddenDone');
  });

  const renderImport = (
    c: Context<AppEnv>,
    state: FormState,
    rows: impact.RowError[] = [],
    done: { rows: number; places: number } | null = null,
    status: Status = 200,
  ) => {
    privatePage(c);
    const lieu = c.req.query('lieu') ?? (typeof state.values.lieu === 'string' ? state.values.lieu : undefined);
    return renderPage(
      c,
      <ImportPage state={state} rows={rows} done={done} place={lieu && /^[a-z0-9-]{1,100}$/.test(lieu) ? lieu : undefined} />,
      status,
    );
  };
  app.get('/impact/import', (c) => {
    requireViewer(c);
    return renderImport(c, emptyForm());
  });
  app.post('/impact/import', async (c) => {
    const viewer = requireViewer(c);
    const { values, files } = await readForm(c);
    const t = c.get('t');
    const file = files.fichier?.[0];
    try {
      if (!file) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'no file',
          userMessage: 'impact.error.csvEmpty',
          details: { fichier: ['impact.error.csvEmpty'] },
        });
      }
      if (file.size > MAX_IMPORT_BYTES) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'file too large',
          details: { fichier: [`impact.error.csvTooLarge?max=${MAX_IMPORT_BYTES / 1_000_000}`] },
        });
      }
      const text = csvText(new Uint8Array(await file.arrayBuffer()));
      const lieu = typeof values.lieu === 'string' && values.lieu ? values.lieu : undefined;
      const done = await impact.importFigures(c.get('deps'), viewer, text, lieu);
      return renderImport(c, emptyForm(values), [], done);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) {
        const rows = (err.details as { rows?: impact.RowError[] } | undefined)?.rows;
        if (rows) {
          const translated = rows.map((r) => ({ ...r, message: translateDetails({ m: [r.message] }, t).m?.[0] ?? r.message }));
          return renderImport(c, { values, errors: { '': [t('impact.error.refused')] } }, translated, null, 400);
        }
        return renderImport(c, { values, errors: formErrorsFrom(err, t) }, [], null, err.status as Status);
      }
      throw err;
    }
  });

  const communitySlug = (c: Context<AppEnv>) => slugOr404(c.req.param('slug'), 'community');
  const renderOwn = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const data = await impact.getCommunityIndicators(c.get('deps'), viewer, communitySlug(c));
    return renderPage(
      c,
      <CommunityIndicatorsPage community={data.community} indicators={data.indicators} state={state ?? emptyForm({ unit: 'count' })} />,
      status,
    );
  };
  app.get('/impact/communautes/:slug/indicateurs', (c) => renderOwn(c, null));
  app.post('/impact/communautes/:slug/indicateurs', async (c) => {
    const viewer = requireViewer(c);
    const slug = communitySlug(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      CommunityIndicatorInput,
      (state, status) => renderOwn(c, state, status),
      async (data) => {
        await impact.defineCommunityIndicator(c.get('deps'), viewer, slug, data);
        return redirectWithFlash(c, `/impact/communautes/${slug}/indicateurs`, 'impact.own.done');
      },
    );
  });
  app.post('/impact/communautes/:slug/indicateurs/:id/retirer', async (c) => {
    const viewer = requireViewer(c);
    await readForm(c);
    const slug = communitySlug(c);
    await impact.removeCommunityIndicator(c.get('deps'), viewer, slug, uuidOr404(c.req.param('id'), 'indicator'));
    return redirectWithFlash(c, `/impact/communautes/${slug}/indicateurs`, 'impact.own.removed');
  });
}
