import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { dayRange, registerComputedIndicator } from '../impact/impact.computed.ts';

// Listening's part of a place's impact: the average of every rating its visitors gave in its
// questionnaires (1 to 5), by the day they answered — from each answer's ratings, summed when
// it was written.
registerComputedIndicator({
  key: 'ecoute-note',
  kind: 'average',
  compute: (db, places, range) =>
    queryRows(
      db,
      sql`select to_char(a.answered_on, 'YYYY-MM') as month, sum(a.rating_sum)::float8 as value, sum(a.rating_count)::int as n
          from questionnaire_answers a
          where a.questionnaire_id in (select q.id from questionnaires q where q.place_id in (${places}))
            and ${dayRange(sql`a.answered_on`, range)} and a.rating_count > 0
          group by 1`,
    ),
});
