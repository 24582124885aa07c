import { stringify } from 'csv-stringify/sync';
import { safeCell } from '../../lib/csv.ts';
import type { Translate } from '../../lib/i18n.ts';
import type { ComputedFigure, EnteredSeries } from './impact.service.ts';

const number = (locale: string, n: number | null) =>
  n === null ? '' : locale === 'fr' ? String(Math.round(n * 100) / 100).replace('.', ',') : String(Math.round(n * 100) / 100);

/**
 * A dashboard as a table: one row per indicator, whether it was entered or computed, its unit,
 * then a column per year (computed figures for the chosen year only).
 */
export function reportTable(
  t: Translate,
  locale: string,
  d: { entered: EnteredSeries[]; computed: ComputedFigure[]; years: number[]; year: number },
) {
  const label = (key: string, own?: string) => (key.startsWith('c-') ? (own ?? key) : t(`impact.indicator.${key}`));
  const header = [t('impact.csv.indicator'), t('impact.csv.key'), t('impact.csv.source'), t('impact.csv.unit'), ...d.years.map(String)];
  const rows = [
    ...d.entered.map((s) => [
      label(s.key, s.label),
      s.key,
      t('impact.source.entered'),
      t(`impact.unit.${s.unit}`),
      ...d.years.map((y) => number(locale, s.years.find((x) => x.year === y)?.total ?? null)),
    ]),
    ...d.computed.map((c) => [
      label(c.key),
      c.key,
      t('impact.source.computed'),
      t(`impact.unit.${c.kind}`),
      ...d.years.map((y) => number(locale, c.years.find((x) => x.year === y)?.total ?? null)),
    ]),
  ];
  return { header, rows };
}

/** The table as a CSV a French spreadsheet opens (byte-order mark, semicolons), formulas neutralised. */
export const reportCsv = (table: { header: string[]; rows: string[][] }) =>
  `\uFEFF${stringify([table.header.map(safeCell), ...table.rows.map((r) => r.map(safeCell))], { delimiter: ';' })}`;
