import Supercluster from 'supercluster';
import type { Deps } from '../../deps.ts';
import { TopicCache } from '../../lib/change-feed.ts';
import { typoTolerantQuery } from '../search/search.service.ts';
import * as repo from './places.repo.ts';
import { FACETS, type Facet, type PlaceSearch, searchKey } from './places.search-params.ts';
import { PLACES_TOPIC } from './places.service.ts';

export interface PlaceSearchResult {
  cards: repo.PlaceCardRow[];
  total: number;
  facets: Record<Facet, Array<{ value: string; count: number }>>;
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

/** Full-text search with facet counts over published places. */
export function searchPlaces(deps: Deps, search: PlaceSearch): Promise<PlaceSearchResult> {
  return cachesOf(deps).search.getOrCompute(searchKey(search), async () => {
    const tsquery = search.q ? await typoTolerantQuery(deps.db, search.q) : null;
    const [cards, counts] = await Promise.all([repo.findPlaceCards(deps.db, search, tsquery), repo.countFacets(deps.db, search, tsquery)]);
    const facets = Object.fromEntries(FACETS.map((f) => [f, [] as Array<{ value: string; count: number }>])) as PlaceSearchResult['facets'];
    for (const row of counts) {
      facets[row.facet].push({ value: row.value, count: row.count });
    }
    for (const f of FACETS) {
      facets[f].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    }
    return { cards, total: cards[0]?.total ?? 0, facets };
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
    const tsquery = noPage.q ? await typoTolerantQuery(deps.db, noPage.q) : null;
    const points = await repo.findPlacePoints(deps.db, noPage, tsquery);
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
