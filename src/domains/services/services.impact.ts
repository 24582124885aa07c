import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { momentRange, monthInFrance, registerComputedIndicator } from '../impact/impact.computed.ts';

// Services' part of a place's impact: requests done (the month they were closed) and the
// satisfaction their requesters gave (an average, 1 to 5).
registerComputedIndicator({
  key: 'services-realises',
  kind: 'count',
  compute: (db, places, range) =>
    queryRows(
      db,
      sql`select ${monthInFrance(sql`r.closed_at`)} as month, count(*)::int as value, count(*)::int as n
          from service_requests r join service_offers o on o.id = r.offer_id
          where o.place_id in (${places}) and r.status = 'done' and r.closed_at is not null and ${momentRange(sql`r.closed_at`, range)}
          group by 1`,
    ),
});

registerComputedIndicator({
  key: 'services-satisfaction',
  kind: 'average',
  compute: (db, places, range) =>
    queryRows(
      db,
      sql`select ${monthInFrance(sql`r.rated_at`)} as month, sum(r.rating)::int as value, count(*)::int as n
          from service_requests r join service_offers o on o.id = r.offer_id
          where o.place_id in (${places}) and r.rating is not null and ${momentRange(sql`r.rated_at`, range)}
          group by 1`,
    ),
});
