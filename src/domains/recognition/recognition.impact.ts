import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { dayRange, registerComputedIndicator } from '../impact/impact.computed.ts';

// Recognition's part of a place's impact: contributions confirmed there, and their hours.
registerComputedIndicator({
  key: 'contributions',
  kind: 'count',
  compute: (db, places, range) =>
    queryRows(
      db,
      sql`select to_char(c.started_on, 'YYYY-MM') as month, count(*)::int as value, count(*)::int as n
          from contributions c
          where c.place_id in (${places}) and c.status = 'confirmed' and ${dayRange(sql`c.started_on`, range)}
          group by 1`,
    ),
});

registerComputedIndicator({
  key: 'contributions-heures',
  kind: 'hours',
  compute: (db, places, range) =>
    queryRows(
      db,
      sql`select to_char(c.started_on, 'YYYY-MM') as month, round(coalesce(sum(c.minutes), 0) / 60.0, 2)::float8 as value, count(*)::int as n
          from contributions c
          where c.place_id in (${places}) and c.status = 'confirmed' and c.minutes is not null and ${dayRange(sql`c.started_on`, range)}
          group by 1`,
    ),
});
