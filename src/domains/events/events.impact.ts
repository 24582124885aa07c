import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { momentRange, monthInFrance, registerComputedIndicator } from '../impact/impact.computed.ts';

// The agenda's part of a place's impact: sessions held (not cancelled, already begun) and the
// people registered to them (confirmed seats, guests included).
registerComputedIndicator({
  key: 'agenda-seances',
  kind: 'count',
  compute: (db, places, range) =>
    queryRows(
      db,
      sql`select ${monthInFrance(sql`s.starts_at`)} as month, count(*)::int as value, count(*)::int as n
          from event_sessions s join events e on e.id = s.event_id
          where e.place_id in (${places}) and e.status <> 'cancelled' and s.status = 'scheduled' and s.starts_at <= now()
            and ${momentRange(sql`s.starts_at`, range)}
          group by 1`,
    ),
});

registerComputedIndicator({
  key: 'agenda-inscrits',
  kind: 'count',
  compute: (db, places, range) =>
    queryRows(
      db,
      sql`select ${monthInFrance(sql`s.starts_at`)} as month, coalesce(sum(r.seats), 0)::int as value, count(*)::int as n
          from event_registrations r join event_sessions s on s.id = r.session_id join events e on e.id = s.event_id
          where e.place_id in (${places}) and e.status <> 'cancelled' and s.status = 'scheduled' and r.status = 'confirmed'
            and s.starts_at <= now() and ${momentRange(sql`s.starts_at`, range)}
          group by 1`,
    ),
});
