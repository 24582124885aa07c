import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { renderPublicPage } from '../../views/render.tsx';
import { COMMUNITIES_TOPIC } from '../communities/communities.service.ts';
import { DOCUMENTS_TOPIC } from '../documents/documents.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';
import { PEOPLE_TOPIC, SKILLS_TOPIC } from '../skills/skills.service.ts';
import { TOOLS_TOPIC } from '../tools/tools.service.ts';
import { searchEverything } from './global-search.service.ts';
import { type GlobalSearch, GlobalSearchQuery, normaliseGlobalSearch } from './search.params.ts';
import { registeredSearchTopics } from './search.service.ts';
import { SearchPage } from './views/search.view.tsx';

/** Every topic a search result can come from: a change to any of them refreshes cached searches. */
export const SEARCH_TOPICS = [DOCUMENTS_TOPIC, PLACES_TOPIC, TOOLS_TOPIC, SKILLS_TOPIC, COMMUNITIES_TOPIC, PEOPLE_TOPIC] as const;
const searchTopics = () => [...SEARCH_TOPICS, ...registeredSearchTopics()];

export function searchFromRequest(c: Context<AppEnv>): GlobalSearch {
  const parsed = GlobalSearchQuery.safeParse({
    q: c.req.query('q'),
    type: c.req.queries('type'),
    level: c.req.queries('level'),
    discipline: c.req.queries('discipline'),
    region: c.req.queries('region'),
    licence: c.req.queries('licence'),
    page: c.req.query('page'),
  });
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', { message: 'invalid search', userMessage: 'places.badSearch' });
  }
  return normaliseGlobalSearch(parsed.data);
}

export function mountSearchPages(app: Hono<AppEnv>) {
  app.get('/recherche', (c) => {
    const search = searchFromRequest(c);
    return renderPublicPage(c, searchTopics(), async () => (
      <SearchPage search={search} result={await searchEverything(c.get('deps'), c.get('viewer'), search)} />
    ));
  });
}
