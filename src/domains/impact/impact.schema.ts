import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { communities } from '../communities/communities.schema.ts';
import { places } from '../places/places.schema.ts';

export const FIGURE_SOURCES = ['form', 'csv', 'api'] as const;
export type FigureSource = (typeof FIGURE_SOURCES)[number];

/**
 * One figure a place's team entered: an indicator ("visiteurs", or a community's own "c-<id>")
 * for a period ("2026", "2026-T2", "2026-05"). Numeric, never negative.
 */
export const impactFigures = pgTable(
  'impact_figures',
  {
    id: idColumn(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    indicator: text('indicator').notNull(),
    period: text('period').notNull(),
    year: integer('year').notNull(),
    value: numeric('value', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    source: text('source', { enum: FIGURE_SOURCES }).notNull(),
    enteredBy: uuid('entered_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('impact_figures_key').on(t.placeId, t.indicator, t.period),
    index('impact_figures_year_idx').on(t.year, t.indicator),
    check('impact_figures_value', sql`${t.value} >= 0`),
  ],
);

/**
 * Figures summed by region (and so for the whole network), kept as they are written: a
 * dashboard of 5,000 places reads a few hundred rows. Only places counted in public figures
 * (published, figures not hidden) are in them; `impact_places` records how each place is counted.
 */
export const impactTotals = pgTable(
  'impact_totals',
  {
    /** '' for places without a region. */
    regionCode: text('region_code').notNull(),
    indicator: text('indicator').notNull(),
    period: text('period').notNull(),
    total: numeric('total', { precision: 16, scale: 2, mode: 'number' }).notNull(),
    /** How many figures were summed (to say "from N places"). */
    figures: integer('figures').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.indicator, t.period] })],
);

/**
 * A place's choice to show its figures or not, and how the totals count it now (its region,
 * or null when left out): when the place changes (published, moved, hidden), the totals follow.
 * No foreign key: a place removed for good leaves this row, so its share is taken out of the totals.
 */
export const impactPlaces = pgTable('impact_places', {
  placeId: uuid('place_id').primaryKey(),
  figuresPublic: boolean('figures_public').notNull().default(true),
  countedRegion: text('counted_region'),
});

/** An indicator a community asks of its places ("heures d'ouverture aux scolaires"). */
export const communityIndicators = pgTable(
  'community_indicators',
  {
    id: idColumn(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    unit: text('unit', { enum: ['count', 'hours'] }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('community_indicators_community_idx').on(t.communityId)],
);
