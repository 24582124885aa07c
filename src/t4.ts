import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { bootstrap } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { queryRows } from './db/client.ts';
import { seedNetwork } from './demo/seed.ts';

const fresh = !fs.existsSync('/tmp/benchdata');
const deps = await bootstrap(loadConfig({ DATA_DIR: '/tmp/benchdata', LOG_LEVEL: 'warn' }), { holder: 'dbg' });
if (fresh) await seedNetwork(deps, 'large');
const explain = async (label: string, q: ReturnType<typeof sql>) => {
  const t = performance.now();
  const rows = await queryRows<Record<string, string>>(deps.db, sql`explain analyze ${q}`);
  console.log(label, (performance.now() - t).toFixed(1), 'ms');
  console.log(rows.map((r) => Object.values(r)[0]).join('\n'));
};
await queryRows(deps.db, sql`analyze`);
await explain('slug', sql`select * from places where slug = 'x' and deleted_at is null`);
await explain(
  'team',
  sql`select u.id, u.display_name from place_managers pm join users u on u.id = pm.user_id where pm.place_id = '00000000-0000-4000-8000-000000000000'`,
);
await explain(
  'search',
  sql`select p.id from places p where p.status='published' and p.deleted_at is null and (p.search_vector @@ plainto_tsquery('fr_unaccent', 'fablab') or tisserin_unaccent('fablab') <% p.search_doc)`,
);
await deps.close();
