import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { momentRange, monthInFrance, registerComputedIndicator } from '../impact/impact.computed.ts';

// The commons' part of a place's impact: projects linked to it, published in the period.
registerComputedIndicator({
  key: 'projets-publies',
  kind: 'count',
  compute: (db, places, range) =>
    queryRows(
      db,
      sql`select ${monthInFrance(sql`d.published_at`)} as month, count(distinct d.id)::int as value, count(distinct d.id)::int as n
          from document_links l join documents d on d.id = l.document_id
          where l.target_type = 'place' and l.target_id in (${places}) and d.kind = 'project'
            and d.published_at is not null and d.deleted_at is null and ${momentRange(sql`d.published_at`, range)}
          group by 1`,
    ),
});
