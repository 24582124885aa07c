import { sql } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import { rebuildTotals } from '../domains/impact/impact.service.ts';

/**
 * Three years of figures for every published place, as teams would have entered them: visitors,
 * sessions, participants and opening hours month by month, participants by public and by age
 * once a year (the common core). Values vary by place and month, from a hash, so a seed gives
 * the same network; the current year stops at last month. Written in a few statements, then
 * the regional totals are counted once.
 */
export async function seedImpact(deps: Deps, years: number): Promise<void> {
  if (years === 0) {
    return;
  }
  const now = new Date();
  const first = now.getFullYear() - years + 1;
  const lastMonth = `${now.getFullYear()}-${String(now.getMonth()).padStart(2, '0')}`;
  // Monthly figures, a summer dip in July and August.
  await deps.db.execute(sql`insert into impact_figures (place_id, indicator, period, year, value, source)
    select p.id, i.indicator, to_char(m, 'YYYY-MM'), extract(year from m)::int,
      round(i.base * (0.6 + (abs(hashtext(p.slug || i.indicator || to_char(m, 'YYYY-MM'))) % 80) / 100.0)
        * case when extract(month from m) in (7, 8) then 0.4 else 1 end * i.scale) / i.scale,
      'form'
    from places p
    cross join (values ('visiteurs', 160, 1), ('seances', 12, 1), ('participants', 110, 1), ('heures-ouverture', 95, 2)) i(indicator, base, scale)
    cross join generate_series(make_date(${first}::int, 1, 1), make_date(${now.getFullYear()}::int, 12, 1), interval '1 month') m
    where p.status = 'published' and p.deleted_at is null and to_char(m, 'YYYY-MM') <= ${lastMonth}
    on conflict do nothing`);
  // Yearly breakdowns by public and by age (complete years only).
  await deps.db.execute(sql`insert into impact_figures (place_id, indicator, period, year, value, source)
    select p.id, b.indicator, y::text, y, (abs(hashtext(p.slug || b.indicator || y::text)) % 200) * b.weight, 'csv'
    from places p
    cross join (values ('public-scolaires', 3), ('public-enseignants', 1), ('public-jeunes', 2), ('public-familles', 2), ('public-adultes', 1),
                       ('age-moins-11', 2), ('age-11-17', 3), ('age-18-25', 1), ('age-26-64', 2), ('age-65-plus', 1),
                       ('partenaires', 0), ('projets-demarres', 0)) b(indicator, weight)
    cross join generate_series(${first}::int, ${now.getFullYear() - 1}::int) y
    where p.status = 'published' and p.deleted_at is null
    on conflict do nothing`);
  await deps.db.execute(sql`update impact_figures set value = 2 + (abs(hashtext(place_id::text || period)) % 9)
    where indicator in ('partenaires', 'projets-demarres') and value = 0`);
  await rebuildTotals(deps);
}
