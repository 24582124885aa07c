import Supercluster from 'supercluster';
import type { Deps } from '../../deps.ts';
import { TopicCache } from '../../lib/change-feed.ts';
import { type Location, locateQuery } from '../geo/locate.ts';
import { understandQuery } from '../search/search.query.ts';
import * as repo from './places.repo.ts';
import { DEFAULT_KM, FACETS, type Facet, type PlaceSearch, searchKey } from './places.search-params.ts';
import { PLACES_TOPIC } from './places.service.ts';

export interface PlaceSearchResult {
  cards: repo.PlaceCardRow[];
  total: number;
  facets: Record<Facet, Array<{ value: string; count: number }>>;
  /** Where the search is about: the "près de" commune, or a place named in the words. */
  /** Where the search is about: a commune, department or region read from words, or a point given as such (the API). */
  location: ((Omit<Location, 'kind'> & { kind: Location['kind'] | 'point' }) & { km: number; fromQuery: boolean }) | null;
  /** The "près de" text named no commune we know. */
  nearUnknown: boolean;
  /** The words left once the place named in them is taken out ("fablab Rennes" → "fablab"). */
  words: string;
  /** No place held every word: these hold some of them. */
  partial: boolean;
  /** Nothing within the distance: the nearest matching places beyond it. */
  nearest: repo.PlaceCardRow[];
}

/**
 * Read a place search: the words (families and typos folded in), and where it is about — the
 * "près de" commune with its distance, else a commune, department or region the words name.
 */
async function placeQuery(
  deps: Deps,
  search: PlaceSearch,
  locate = true,
): Promise<{ pq: repo.PlaceQuery; any: string | null; location: PlaceSearchResult['location']; nearUnknown: boolean; words: string }> {
  const u = search.q ? await understandQuery(deps, search.q, { locate: locate && !search.near }) : null;
  let location: PlaceSearchResult['location'] = null;
  let nearUnknown = false;
  if (search.near?.point) {
    const { lat, lng } = search.near.point;
    location = { kind: 'point', code: '', name: search.near.text, lat, lng, km: search.near.km, fromQuery: false };
  } else if (search.near) {
    const found = locateQuery(search.near.text).location;
    if (found) {
      location = { ...found, km: search.near.km, fromQuery: false };
    } else {
      nearUnknown = true;
    }
  } else if (u?.location) {
    location = { ...u.location, km: DEFAULT_KM, fromQuery: true };
  }
  const area: repo.PlaceArea | null = location
    ? { kind: location.kind, code: location.code, lat: location.lat ?? null, lng: location.lng ?? null, km: location.km }
    : null;
  return {
    pq: { tsquery: u?.all ?? null, area, exact: u?.exact ?? '' },
    any: u?.any ?? null,
    location,
    nearUnknown,
    words: u?.words.join(' ') ?? '',
  };
}

interface PointProps {
  slug: string;
  name: string;
  kind: string;
}

interface PlaceCaches {
  search: TopicCache<PlaceSearchResult>;
  clusters: TopicCache<Supercluster<PointProps>>;
}

const caches = new WeakMap<Deps, PlaceCaches>();

/** Results are cached per search until a place changes (every process is told; see ChangeFeed). */
function cachesOf(deps: Deps): PlaceCaches {
  let c = caches.get(deps);
  if (!c) {
    c = {
      search: new TopicCache(deps.changes, PLACES_TOPIC, 300),
      clusters: new TopicCache(deps.changes, PLACES_TOPIC, 30),
    };
    caches.set(deps, c);
  }
  return c;
}

/**
 * Search published places with facet counts: every word required, else any of them (and the
 * page says so); around a commune nearest first, and when none is near, the nearest beyond.
 */
export function searchPlaces(deps: Deps, search: PlaceSearch): Promise<PlaceSearchResult> {
  return cachesOf(deps).search.getOrCompute(searchKey(search), async () => {
    const run = (pq: repo.PlaceQuery) => Promise.all([repo.findPlaceCards(deps.db, search, pq), repo.countFacets(deps.db, search, pq)]);
    let read = await placeQuery(deps, search);
    let pq = read.pq;
    let [cards, counts] = await run(pq);
    if (cards.length === 0 && read.location?.fromQuery) {
      // The words that looked like a place may belong to a name ("Fablab du collège Olympe 35400"):
      // every word, wherever it is, before settling for some of them around that place.
      const asWords = await placeQuery(deps, search, false);
      const found = await run(asWords.pq);
      if (found[0].length > 0) {
        read = asWords;
        pq = asWords.pq;
        [cards, counts] = found;
      }
    }
    let partial = false;
    if (cards.length === 0 && read.any) {
      const some = { ...read.pq, tsquery: read.any };
      [cards, counts] = await run(some);
      partial = cards.length > 0;
      if (partial) {
        pq = some;
      }
    }
    const nearest = cards.length === 0 ? await repo.findNearestPlaces(deps.db, search, pq) : [];
    const facets = Object.fromEntries(FACETS.map((f) => [f, [] as Array<{ value: string; count: number }>])) as PlaceSearchResult['facets'];
    for (const row of counts) {
      facets[row.facet].push({ value: row.value, count: row.count });
    }
    for (const f of FACETS) {
      facets[f].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    }
    const { location, nearUnknown, words } = read;
    return { cards, total: cards[0]?.total ?? 0, facets, location, nearUnknown, words, partial, nearest };
  });
}

export type BBox = [west: number, south: number, east: number, north: number];

export interface MapFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { cluster: true; count: number; zoom: number } | { cluster: false; slug: string; name: string; kind: string };
}

/**
 * What the map shows inside a bounding box at a zoom level: clusters where places are dense,
 * single places elsewhere. The index of all matching places is built once per search.
 */
export async function mapFeatures(
  deps: Deps,
  search: PlaceSearch,
  bbox: BBox,
  zoom: number,
): Promise<{ features: MapFeature[]; total: number }> {
  const noPage = { ...search, page: 1 };
  const index = await cachesOf(deps).clusters.getOrCompute(searchKey(noPage), async () => {
    const { pq } = await placeQuery(deps, noPage);
    const points = await repo.findPlacePoints(deps.db, noPage, pq);
    const sc = new Supercluster<PointProps>({ radius: 60, maxZoom: 16, minPoints: 3 });
    sc.load(
      points.map((p) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [p.longitude, p.latitude] },
        properties: { slug: p.slug, name: p.name, kind: p.kinds[0] ?? '' },
      })),
    );
    return sc;
  });
  const z = Math.max(0, Math.min(16, Math.round(zoom)));
  const round = (n: number) => Math.round(n * 1e5) / 1e5;
  const features: MapFeature[] = index.getClusters(bbox, z).map((f) => {
    const [lng, lat] = f.geometry.coordinates as [number, number];
    const props = f.properties as PointProps & { cluster?: boolean; cluster_id?: number; point_count?: number };
    const geometry = { type: 'Point' as const, coordinates: [round(lng), round(lat)] as [number, number] };
    if (props.cluster && props.cluster_id !== undefined) {
      return {
        type: 'Feature',
        geometry,
        properties: { cluster: true, count: props.point_count ?? 0, zoom: Math.min(index.getClusterExpansionZoom(props.cluster_id), 17) },
      };
    }
    return { type: 'Feature', geometry, properties: { cluster: false, slug: props.slug, name: props.name, kind: props.kind } };
  });
  const total = features.reduce((n, f) => n + (f.properties.cluster ? f.properties.count : 1), 0);
  return { features, total };
}

const overviews = new WeakMap<Deps, TopicCache<Awaited<ReturnType<typeof repo.directoryOverview>>>>();

/** Home page figures, cached until a place changes. */
export function getDirectoryOverview(deps: Deps) {
  let cache = overviews.get(deps);
  if (!cache) {
    cache = new TopicCache(deps.changes, PLACES_TOPIC, 1);
    overviews.set(deps, cache);
  }
  return cache.getOrCompute('overview', () => repo.directoryOverview(deps.db));
}

const breakdowns = new WeakMap<Deps, TopicCache<Awaited<ReturnType<typeof repo.placeBreakdown>>>>();

/** Published places by region and by kind (the network's statistics), cached until a place changes. */
export function getPlaceBreakdown(deps: Deps) {
  let cache = breakdowns.get(deps);
  if (!cache) {
    cache = new TopicCache(deps.changes, PLACES_TOPIC, 1);
    breakdowns.set(deps, cache);
  }
  return cache.getOrCompute('breakdown', () => repo.placeBreakdown(deps.db));
}
