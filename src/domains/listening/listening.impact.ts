import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { dayRange, registerComputedIndicator } from '../impact/impact.computed.ts';

// Listening's part of a place's impact: the average of every rating its visitors gave in its
// questionnaires (1 to 5), by the day they answered.
registerComputedIndicator({
  key: 'ecoute-note',
  kind: 'average',
  compute: (db, places, range) =>
    queryRows(
      db,
      sql`select to_char(a.answered_on, 'YYYY-MM') as month, sum((j.value #>> '{}')::numeric)::float8 as value, count(*)::int as n
          from questionnaires q join questionnaire_answers a on a.questionnaire_id = q.id
          cross join lateral jsonb_each(a.answers) j
          where q.place_id in (${places}) and ${dayRange(sql`a.answered_on`, range)}
            and jsonb_typeof(j.value) = 'number'
            and exists (select 1 from jsonb_array_elements(q.questions) qq where qq->>'id' = j.key and qq->>'kind' = 'rating')
          group by 1`,
    ),
});
