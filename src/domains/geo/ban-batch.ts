import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * Placing many addresses at once through the national address API's batch protocol
 * (`POST /search/csv/`: a CSV of addresses in, the same CSV with `latitude`, `longitude` and
 * `result_*` columns out). It answers 429 when asked too often: the batch waits as told
 * (Retry-After) and tries again, a few times, before giving up on that batch.
 */

export interface AddressQuery {
  id: string;
  address: string;
  postcode?: string;
  inseeCode?: string;
}

export interface BatchResult {
  lat: number;
  lng: number;
  score: number;
  label: string;
  inseeCode?: string;
}

export interface BatchGeocoder {
  geocode(queries: AddressQuery[]): Promise<Map<string, BatchResult>>;
}

const BATCH = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createBanBatchGeocoder(
  baseUrl: string,
  opts: { timeoutMs?: number; attempts?: number; maxWaitMs?: number } = {},
): BatchGeocoder {
  const attempts = opts.attempts ?? 5;
  const maxWait = opts.maxWaitMs ?? 10_000;
  async function send(queries: AddressQuery[]): Promise<Map<string, BatchResult>> {
    const csv = stringify([
      ['id', 'adresse', 'postcode', 'citycode'],
      ...queries.map((q) => [q.id, q.address, q.postcode ?? '', q.inseeCode ?? '']),
    ]);
    for (let attempt = 1; ; attempt++) {
      const form = new FormData();
      form.append('data', new Blob([csv], { type: 'text/csv' }), 'adresses.csv');
      form.append('columns', 'adresse');
      form.append('postcode', 'postcode');
      form.append('citycode', 'citycode');
      const res = await fetch(`${baseUrl}/search/csv/`, {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
      });
      if (res.status === 429 && attempt < attempts) {
        const retryAfter = Number(res.headers.get('retry-after'));
        await sleep(Math.min(maxWait, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 500 * 2 ** attempt));
        continue;
      }
      if (!res.ok) {
        throw new Error(`address API answered ${res.status}`);
      }
      const rows = parse(await res.text(), { columns: true, skip_empty_lines: true, bom: true }) as Array<Record<string, string>>;
      const out = new Map<string, BatchResult>();
      for (const r of rows) {
        const lat = Number(r.latitude);
        const lng = Number(r.longitude);
        const score = Number(r.result_score);
        if (r.id && r.latitude && r.longitude && Number.isFinite(lat) && Number.isFinite(lng) && Number.isFinite(score)) {
          out.set(r.id, { lat, lng, score, label: r.result_label ?? '', ...(r.result_citycode ? { inseeCode: r.result_citycode } : {}) });
        }
      }
      return out;
    }
  }
  return {
    async geocode(queries) {
      const all = new Map<string, BatchResult>();
      for (let i = 0; i < queries.length; i += BATCH) {
        for (const [k, v] of await send(queries.slice(i, i + BATCH))) {
          all.set(k, v);
        }
      }
      return all;
    },
  };
}
