// The only client code: progressive enhancement of elements marked data-map.
//  - "clusters": the /carte map, fetching clusters for the visible area from the bbox endpoint;
//  - "point": the small map of one place;
//  - "picker": a map that fills a coordinates field when clicked.
// Without JavaScript (or without tiles) the page still works: lists and fields stay usable.
import L from 'leaflet';

interface ClusterProps {
  cluster: true;
  count: number;
  zoom: number;
}
interface PlaceProps {
  cluster: false;
  slug: string;
  name: string;
  kind: string;
}
interface Feature {
  geometry: { coordinates: [number, number] };
  properties: ClusterProps | PlaceProps;
}

const FRANCE: L.LatLngBoundsExpression = [
  [41.2, -5.5],
  [51.2, 9.8],
];

interface Basemap {
  land: Array<Array<[number, number]>>;
  neighbours: Array<Array<[number, number]>>;
  regions: Array<Array<[number, number]>>;
  departments: Array<Array<[number, number]>>;
  /** [name, longitude, latitude, tier]: 1 for cities of 200,000 people or more, 2 for 50,000, 3 for 20,000. */
  towns: Array<[string, number, number, 1 | 2 | 3]>;
}

let basemapData: Promise<Basemap | null> | undefined;

/** The offline outline of France (its regions, departments and overseas), fetched once. */
function loadBasemap(): Promise<Basemap | null> {
  const url = document.querySelector<HTMLMetaElement>('meta[name="basemap"]')?.content;
  basemapData ??= url
    ? fetch(url)
        .then((r) => (r.ok ? (r.json() as Promise<Basemap>) : null))
        .catch(() => null)
    : Promise.resolve(null);
  return basemapData;
}

const latLngs = (lines: Array<Array<[number, number]>>) => lines.map((l) => l.map(([lng, lat]) => [lat, lng] as [number, number]));

/**
 * When no tile server answers (school networks often block them), draw France's coast, regions
 * and departments under the places, in a pane below the tiles: where tiles do load, they cover it.
 */
async function drawBasemap(map: L.Map, el: HTMLElement): Promise<void> {
  const data = await loadBasemap();
  if (!data) {
    return;
  }
  map.createPane('basemap').style.zIndex = '150';
  const options = { pane: 'basemap', interactive: false };
  L.polygon(latLngs(data.neighbours), { ...options, color: '#b9b6ad', weight: 1, fillColor: '#ecebe6', fillOpacity: 1 }).addTo(map);
  L.polygon(latLngs(data.land), { ...options, color: '#8b8478', weight: 1.2, fillColor: '#f7f3ea', fillOpacity: 1 }).addTo(map);
  L.polyline(latLngs(data.departments), { ...options, color: '#b5aa98', weight: 0.8, dashArray: '3 3' }).addTo(map);
  L.polyline(latLngs(data.regions), { ...options, color: '#7a6d5a', weight: 1.6 }).addTo(map);
  // Town names, the big ones first and the others as one zooms in.
  map.createPane('basemap-labels').style.zIndex = '160';
  const labels = data.towns.map(([name, lng, lat, tier]) => ({
    tier,
    marker: L.marker([lat, lng], {
      pane: 'basemap-labels',
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: `tis-town tis-town-${tier}`, html: escapeHtml(name), iconSize: undefined }),
    }),
  }));
  const showTowns = () => {
    const z = map.getZoom();
    for (const l of labels) {
      const visible = l.tier === 1 ? z >= 5 : l.tier === 2 ? z >= 7 : z >= 8;
      if (visible && !map.hasLayer(l.marker)) {
        l.marker.addTo(map);
      } else if (!visible && map.hasLayer(l.marker)) {
        l.marker.remove();
      }
    }
  };
  map.on('zoomend', showTowns);
  showTowns();
  el.classList.add('map-offline');
  map.attributionControl.addAttribution(el.dataset.basemapAttribution ?? 'Natural Earth');
}

function baseMap(el: HTMLElement, options: L.MapOptions = {}): L.Map {
  el.textContent = '';
  const map = L.map(el, { zoomControl: true, keyboard: true, ...options });
  const tiles = el.dataset.tiles;
  let fallback = false;
  const offline = () => {
    if (!fallback) {
      fallback = true;
      void drawBasemap(map, el);
    }
  };
  if (tiles) {
    let loaded = false;
    L.tileLayer(tiles, { attribution: el.dataset.attribution ?? '', maxZoom: 19 })
      .on('tileload', () => {
        loaded = true;
      })
      .on('tileerror', offline)
      .addTo(map);
    // A blocked server may never answer: after a moment without a single tile, draw the outline.
    setTimeout(() => {
      if (!loaded) {
        offline();
      }
    }, 2500);
  } else {
    offline();
  }
  return map;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function clusterMap(el: HTMLElement) {
  const map = baseMap(el);
  // Around the commune searched ("lat,lng,zoom"), else all of metropolitan France.
  const [lat, lng, zoom] = (el.dataset.center ?? '').split(',').map(Number);
  if (
    lat !== undefined &&
    lng !== undefined &&
    zoom !== undefined &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    Number.isFinite(zoom)
  ) {
    map.setView([lat, lng], zoom);
  } else {
    map.fitBounds(FRANCE);
  }
  const layer = L.layerGroup().addTo(map);
  const query = el.dataset.query ?? '';
  const clusterLabel = el.dataset.clusterLabel ?? '{count}';
  let controller: AbortController | undefined;

  async function refresh() {
    controller?.abort();
    controller = new AbortController();
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((n) => Math.max(-180, Math.min(180, n)).toFixed(4)).join(',');
    const url = `/api/v1/places/bbox?bbox=${bbox}&zoom=${map.getZoom()}${query ? `&${query}` : ''}`;
    try {
      const res = await fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (!res.ok) {
        return;
      }
      const data = (await res.json()) as { features: Feature[] };
      layer.clearLayers();
      for (const f of data.features) {
        const [lng, lat] = f.geometry.coordinates;
        const p = f.properties;
        if (p.cluster) {
          const size = Math.min(60, 28 + Math.log2(p.count) * 4);
          const label = clusterLabel.replace('{count}', String(p.count));
          const marker = L.marker([lat, lng], {
            icon: L.divIcon({ className: 'tis-cluster', html: String(p.count), iconSize: [size, size] }),
            title: label,
            alt: label,
            keyboard: true,
          });
          marker.on('click', () => map.setView([lat, lng], p.zoom));
          marker.addTo(layer);
        } else {
          const marker = L.marker([lat, lng], {
            icon: L.divIcon({ className: 'tis-dot', iconSize: [16, 16] }),
            title: p.name,
            alt: p.name,
            keyboard: true,
          });
          marker.bindPopup(`<a href="/lieux/${encodeURIComponent(p.slug)}">${escapeHtml(p.name)}</a>`);
          marker.addTo(layer);
        }
      }
      el.dataset.loaded = String(data.features.length);
    } catch (err) {
      if ((err as Error).name !== 'AbortError') {
        el.dataset.error = 'fetch';
      }
    }
  }
  map.on('moveend', refresh);
  void refresh();
}

function pointMap(el: HTMLElement) {
  const lat = Number(el.dataset.lat);
  const lng = Number(el.dataset.lng);
  const map = baseMap(el, { scrollWheelZoom: false });
  map.setView([lat, lng], 14);
  L.marker([lat, lng], {
    icon: L.divIcon({ className: 'tis-dot', iconSize: [18, 18] }),
    title: el.dataset.name,
    alt: el.dataset.name,
  }).addTo(map);
}

/** Several points with links (members of a skill): data-points = [[lat, lng, label, href], …]. */
function pointsMap(el: HTMLElement) {
  const points = JSON.parse(el.dataset.points ?? '[]') as Array<[number, number, string, string]>;
  const map = baseMap(el, { scrollWheelZoom: false });
  const icon = L.divIcon({ className: 'tis-dot', iconSize: [14, 14] });
  const markers = points.map(([lat, lng, label, href]) =>
    L.marker([lat, lng], { icon, title: label, alt: label, keyboard: true }).bindPopup(
      `<a href="${encodeURI(href)}">${escapeHtml(label)}</a>`,
    ),
  );
  const group = L.featureGroup(markers).addTo(map);
  if (markers.length > 0) {
    map.fitBounds(group.getBounds().pad(0.2), { maxZoom: 11 });
  } else {
    map.fitBounds(FRANCE);
  }
}

function parsePair(text: string): [number, number] | null {
  const parts = text
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map(Number);
  return parts.length === 2 && parts.every(Number.isFinite) ? [parts[0] as number, parts[1] as number] : null;
}

function pickerMap(el: HTMLElement) {
  const input = document.getElementById(el.dataset.target ?? '') as HTMLInputElement | null;
  if (!input) {
    return;
  }
  const map = baseMap(el, { scrollWheelZoom: false });
  const icon = L.divIcon({ className: 'tis-dot', iconSize: [18, 18] });
  let marker: L.Marker | undefined;
  const place = (lat: number, lng: number, zoom?: number) => {
    const label = el.dataset.markerLabel ?? '';
    marker ??= L.marker([lat, lng], { icon, draggable: true, title: label, alt: label }).addTo(map);
    marker.setLatLng([lat, lng]);
    marker.off('dragend').on('dragend', () => {
      const p = marker?.getLatLng();
      if (p) {
        input.value = `${p.lat.toFixed(6)}, ${p.lng.toFixed(6)}`;
      }
    });
    if (zoom) {
      map.setView([lat, lng], zoom);
    }
  };
  const initial = parsePair(input.value);
  if (initial) {
    place(initial[0], initial[1], 15);
  } else {
    map.fitBounds(FRANCE);
  }
  map.on('click', (e: L.LeafletMouseEvent) => {
    input.value = `${e.latlng.lat.toFixed(6)}, ${e.latlng.lng.toFixed(6)}`;
    place(e.latlng.lat, e.latlng.lng);
  });
  input.addEventListener('change', () => {
    const p = parsePair(input.value);
    if (p) {
      place(p[0], p[1], 15);
    }
  });
}

for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-map]'))) {
  try {
    if (el.dataset.map === 'clusters') {
      clusterMap(el);
    } else if (el.dataset.map === 'point') {
      pointMap(el);
    } else if (el.dataset.map === 'picker') {
      pickerMap(el);
    } else if (el.dataset.map === 'points') {
      pointsMap(el);
    }
  } catch {
    // A map that fails leaves the page's lists and fields as they are.
  }
}
