import { translator } from '../../i18n/index.ts';
import { LICENCE_OUVERTE, registerDumpResource } from '../opendata/opendata.resources.ts';
import { registerSitemapSource } from '../opendata/opendata.sitemap.ts';
import { agendaFeed } from './events.feeds.ts';
import { sitemapCount, sitemapSlugs } from './events.repo.ts';

/** The agenda in the open dump: the network's calendar (iCalendar, RFC 5545), as its feed gives it. */
registerDumpResource({
  kind: 'files',
  name: 'agenda',
  title: 'Agenda du réseau (iCalendar)',
  description: 'Les séances du mois passé et de l’année à venir, au format iCalendar (RFC 5545), comme le flux /agenda.ics.',
  licence: LICENCE_OUVERTE,
  order: 40,
  async *files(deps) {
    const feed = await agendaFeed(
      deps,
      { kind: [], region: [], department: [], audience: [], online: false, free: false },
      translator('fr')('events.feed.name'),
    );
    yield { path: 'agenda.ics', bytes: feed, mediatype: 'text/calendar' };
  },
});

registerSitemapSource({
  name: 'agenda',
  count: (deps) => sitemapCount(deps.db),
  urls: async (deps, offset, limit) =>
    (await sitemapSlugs(deps.db, offset, limit)).map((r) => ({ path: `/agenda/${r.slug}`, lastmod: r.lastmod })),
});
