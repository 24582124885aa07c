import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { formatDate } from '../../lib/i18n.ts';
import { isAdmin } from '../../lib/viewer.ts';
import { useView } from '../../views/context.ts';
import { Form, SubmitButton } from '../../views/forms.tsx';
import { Layout } from '../../views/layout.tsx';
import { redirectWithFlash, renderPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { toWebStream } from '../places/places.export.ts';
import { countForNationalSchema, nationalSchemaCsv, placesOutsideNationalCsv } from '../places/places.national.ts';
import { DUMP_FILE, type DumpInfo, dumpDir, dumpRunning, latestDump, writeDump } from './opendata.dump.ts';

/** "1,2 Mo", "840 ko": sizes as people read them. */
function size(bytes: number, locale: string): string {
  const fmt = (n: number) => n.toLocaleString(locale, { maximumFractionDigits: 1 });
  return bytes >= 1_000_000 ? `${fmt(bytes / 1_000_000)} Mo` : `${fmt(Math.max(1, Math.round(bytes / 1000)))} ko`;
}

interface LiveExport {
  title: string;
  href: string;
  format: string;
  licence: string;
  note?: string;
}

function OpenDataPage({
  dump,
  national,
  isAdminViewer,
  running,
}: {
  dump: DumpInfo | null;
  national: { included: number; apart: number };
  isAdminViewer: boolean;
  running: boolean;
}) {
  const { t, locale } = useView();
  const lo = t('opendata.licence.lo');
  const live: LiveExport[] = [
    { title: t('opendata.live.placesGeojson'), href: '/api/v1/places.geojson', format: 'GeoJSON (RFC 7946)', licence: lo },
    { title: t('opendata.live.placesCsv'), href: '/api/v1/places.csv', format: 'CSV', licence: lo },
    { title: t('opendata.live.placesJson'), href: '/api/v1/places', format: 'JSON (API)', licence: lo },
    {
      title: t('opendata.live.national'),
      href: '/donnees/lieux-mediation-numerique.csv',
      format: 'CSV',
      licence: lo,
      note: t('opendata.live.nationalNote', { included: national.included, apart: national.apart }),
    },
    { title: t('opendata.live.nationalApart'), href: '/donnees/lieux-hors-format-national.csv', format: 'CSV', licence: lo },
    { title: t('opendata.live.agenda'), href: '/agenda.ics', format: 'iCalendar (RFC 5545)', licence: lo },
    {
      title: t('opendata.live.publications'),
      href: '/publications.atom',
      format: 'Atom (RFC 4287)',
      licence: lo,
      note: t('opendata.live.feedsNote'),
    },
    { title: t('opendata.live.tools'), href: '/api/v1/tools', format: 'JSON (API)', licence: lo },
    { title: t('opendata.live.documents'), href: '/api/v1/projects', format: 'JSON (API)', licence: t('opendata.licence.perDocument') },
  ];
  return (
    <Layout title={t('opendata.title')} description={t('opendata.lead')}>
      <div class="page-head">
        <h1>{t('opendata.title')}</h1>
        <p class="lead">{t('opendata.lead')}</p>
      </div>
      <section aria-labelledby="archive" class="card stack">
        <h2 id="archive">{t('opendata.dump.title')}</h2>
        <p>{t('opendata.dump.lead')}</p>
        {dump ? (
          <>
            <p>
              <a class="button" href={`/donnees/${DUMP_FILE}`} download>
                {t('opendata.dump.download', { size: size(dump.bytes, locale) })}
              </a>
            </p>
            <p class="hint">{t('opendata.dump.made', { date: formatDate(locale, dump.createdAt, true) })}</p>
            <h3>{t('opendata.dump.contents')}</h3>
            <ul class="dump-contents">
              {dump.resources.map((r) => (
                <li>
                  <code>{r.path}</code> — {r.title}
                  {r.rows !== undefined && <> ({t(r.format === 'csv' ? 'opendata.rows' : 'opendata.files', { count: r.rows })})</>}
                  <span class="hint">
                    {' '}
                    · {size(r.bytes, locale)} · {r.licence}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('opendata.dump.none')}</p>
        )}
        {isAdminViewer && (
          <Form action="/donnees/generer">
            <SubmitButton variant="secondary">{t(running ? 'opendata.dump.running' : 'opendata.dump.generate')}</SubmitButton>
          </Form>
        )}
      </section>
      <section aria-labelledby="flux">
        <h2 id="flux">{t('opendata.live.title')}</h2>
        <p>{t('opendata.live.lead')}</p>
        <ul class="stack-list">
          {live.map((e) => (
            <li>
              <a href={e.href}>{e.title}</a> — {e.format} · {e.licence}
              {e.note && <span class="hint"> · {e.note}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="vie-privee">
        <h2 id="vie-privee">{t('opendata.privacy.title')}</h2>
        <p>{t('opendata.privacy.text')}</p>
      </section>
    </Layout>
  );
}

function csvDownload(c: Context<AppEnv>, chunks: AsyncGenerator<string>, name: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `inline; filename="${name}"`);
  c.header('Cache-Control', 'public, max-age=300');
  return c.body(toWebStream(chunks));
}

export function mountOpenDataPages(app: Hono<AppEnv>) {
  app.get('/donnees', async (c) => {
    const deps = c.get('deps');
    const viewer = c.get('viewer');
    return renderPage(
      c,
      <OpenDataPage
        dump={latestDump(deps)}
        national={await countForNationalSchema(deps)}
        isAdminViewer={isAdmin(viewer)}
        running={dumpRunning()}
      />,
    );
  });

  app.get('/donnees/lieux-mediation-numerique.csv', (c) =>
    csvDownload(c, nationalSchemaCsv(c.get('deps')), 'lieux-mediation-numerique.csv'),
  );
  app.get('/donnees/lieux-hors-format-national.csv', (c) =>
    csvDownload(c, placesOutsideNationalCsv(c.get('deps')), 'lieux-hors-format-national.csv'),
  );

  app.get(`/donnees/${DUMP_FILE}`, (c) => {
    const file = path.join(dumpDir(c.get('deps')), DUMP_FILE);
    if (!fs.existsSync(file)) {
      throw new AppError('NOT_FOUND', { message: 'no dump yet', userMessage: 'opendata.dump.none' });
    }
    c.header('Content-Type', 'application/zip');
    c.header('Content-Length', String(fs.statSync(file).size));
    c.header('Content-Disposition', `attachment; filename="${DUMP_FILE}"`);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(Readable.toWeb(fs.createReadStream(file)) as ReadableStream);
  });

  app.post('/donnees/generer', (c) => {
    const viewer = requireViewer(c);
    if (!isAdmin(viewer)) {
      throw new AppError('FORBIDDEN', { message: 'administrators only', userMessage: 'errors.forbidden' });
    }
    const deps = c.get('deps');
    writeDump(deps).catch((err: unknown) => deps.logger.error({ err: (err as Error).message }, 'open dump failed'));
    return redirectWithFlash(c, '/donnees', 'opendata.dump.started');
  });
}
