import type { Child } from 'hono/jsx';
import type { Translate } from '../../lib/i18n.ts';
import { BarChart, ChartFigure, ColumnChart } from '../../views/charts.tsx';
import { useView } from '../../views/context.ts';
import { ErrorSummary, FileField, Form, type FormState, Select, SubmitButton, TextField } from '../../views/forms.tsx';
import { FranceDiscMap } from '../../views/france-map.tsx';
import { Icon } from '../../views/icons.tsx';
import { Layout } from '../../views/layout.tsx';
import { EmptyState } from '../../views/search-ui.tsx';
import { AGE_BANDS, AUDIENCE_BANDS, CORE_GROUPS, type Period } from './impact.indicators.ts';
import type { ComputedFigure, EnteredSeries, getEntryForm, RowError } from './impact.service.ts';
import { figureField } from './impact.service.ts';

const fmt = (locale: string, n: number, digits = 0) => n.toLocaleString(locale, { maximumFractionDigits: digits });

/** An indicator's name: the catalogue's for the network's and computed ones, the community's own label otherwise. */
export const indicatorLabel = (t: Translate, s: { key: string; label?: string }) =>
  s.key.startsWith('c-') ? (s.label ?? s.key) : t(`impact.indicator.${s.key}`);

/** A figure with its unit, an average out of 5 for averages. */
export function figureText(t: Translate, locale: string, value: number | null, unit: 'count' | 'hours' | 'average'): string {
  if (value === null) {
    return '—';
  }
  if (unit === 'hours') {
    return t('impact.hours', { value: fmt(locale, value, 1) });
  }
  if (unit === 'average') {
    return t('impact.outOf5', { value: fmt(locale, value, 1) });
  }
  return fmt(locale, value);
}

function SourceTag({ computed }: { computed: boolean }) {
  const { t } = useView();
  return (
    <span class={`tag ${computed ? 'badge-info' : 'badge-success'}`}>
      {computed ? t('impact.source.computed') : t('impact.source.entered')}
    </span>
  );
}

function YearLinks({ year, years, href }: { year: number; years: number[]; href: (y: number) => string }) {
  const { t } = useView();
  return (
    <nav aria-label={t('impact.years')} class="year-links">
      <ul class="inline-list">
        {years.map((y) => (
          <li>{y === year ? <span aria-current="page">{y}</span> : <a href={href(y)}>{y}</a>}</li>
        ))}
      </ul>
    </nav>
  );
}

/** The year's main figures as cards, each saying whether it was entered or computed. */
function KeyFigures({ entered, computed, year }: { entered: EnteredSeries[]; computed: ComputedFigure[]; year: number }) {
  const { t, locale } = useView();
  const main = entered.filter((s) => !s.key.startsWith('public-') && !s.key.startsWith('age-'));
  return (
    <ul class="key-figures">
      {main.map((s) => (
        <li>
          <strong>{figureText(t, locale, s.years.find((y) => y.year === year)?.total ?? null, s.unit)}</strong>
          <span>{indicatorLabel(t, s)}</span>
          <SourceTag computed={false} />
        </li>
      ))}
      {computed
        .filter((c) => c.total !== null && (c.kind === 'average' || c.total > 0))
        .map((c) => (
          <li>
            <strong>{figureText(t, locale, c.total, c.kind)}</strong>
            <span>{t(`impact.indicator.${c.key}`)}</span>
            <SourceTag computed />
          </li>
        ))}
    </ul>
  );
}

/** A breakdown (participants by public, by age) as bars with its table. */
function Breakdown({
  id,
  title,
  entered,
  bands,
  year,
  prefix,
  header,
}: {
  header: string;
  id: string;
  title: string;
  entered: EnteredSeries[];
  bands: ReadonlyArray<readonly [string, string]>;
  year: number;
  prefix: string;
}) {
  const { t, locale } = useView();
  const rows = bands.map(([k]) => {
    const s = entered.find((e) => e.key === `${prefix}${k}`);
    return { label: t(`impact.indicator.${prefix}${k}`), value: s?.years.find((y) => y.year === year)?.total ?? 0 };
  });
  if (rows.every((r) => r.value === 0)) {
    return null;
  }
  return (
    <section aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{title}</h3>
      <ChartFigure
        chart={
          <BarChart id={id} title={title} description={rows.map((r) => `${r.label} : ${fmt(locale, r.value)}`).join(', ')} bars={rows} />
        }
        caption={t('impact.tableOf', { title })}
        headers={[header, t('impact.table.people')]}
        rows={rows.map((r) => [r.label, fmt(locale, r.value)])}
      />
    </section>
  );
}

/** Every figure of the years shown, indicator by indicator: the table a researcher reuses (also as CSV). */
function FullTable({ entered, computed, years }: { entered: EnteredSeries[]; computed: ComputedFigure[]; years: number[] }) {
  const { t, locale } = useView();
  return (
    <section class="table-scroll" tabindex={0} aria-label={t('impact.table.caption')}>
      <table class="chart-table figures-table">
        <caption>{t('impact.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('impact.table.indicator')}</th>
            <th scope="col">{t('impact.table.source')}</th>
            {years.map((y) => (
              <th scope="col">{y}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entered.map((s) => (
            <tr>
              <th scope="row">{indicatorLabel(t, s)}</th>
              <td>{t('impact.source.entered')}</td>
              {years.map((y) => (
                <td>{figureText(t, locale, s.years.find((x) => x.year === y)?.total ?? null, s.unit)}</td>
              ))}
            </tr>
          ))}
          {computed.map((c) => (
            <tr>
              <th scope="row">{t(`impact.indicator.${c.key}`)}</th>
              <td>{t('impact.source.computed')}</td>
              {years.map((y) => (
                <td>{figureText(t, locale, c.years.find((x) => x.year === y)?.total ?? null, c.kind)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const monthShort = (locale: string, month: string) =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString(locale, { month: 'short', timeZone: 'UTC' });

/** The charts and table of a dashboard: key figures, three years, publics and ages, the agenda by month. */
export function DashboardBody(props: { entered: EnteredSeries[]; computed: ComputedFigure[]; years: number[]; year: number; id: string }) {
  const { t, locale } = useView();
  const { entered, computed, years, year, id } = props;
  const visitors = entered.find((s) => s.key === 'visiteurs');
  const sessions = computed.find((c) => c.key === 'agenda-seances');
  if (entered.length === 0 && computed.every((c) => !c.total)) {
    return null;
  }
  return (
    <>
      <section aria-labelledby={`${id}-chiffres`}>
        <h2 id={`${id}-chiffres`}>{t('impact.keyFigures', { year: String(year) })}</h2>
        <KeyFigures entered={entered} computed={computed} year={year} />
      </section>
      {visitors && (
        <section aria-labelledby={`${id}-visiteurs-h`}>
          <h3 id={`${id}-visiteurs-h`}>{t('impact.chart.visitorsYears')}</h3>
          <ChartFigure
            chart={
              <ColumnChart
                id={`${id}-visiteurs`}
                title={t('impact.chart.visitorsYears')}
                description={visitors.years.map((y) => `${y.year} : ${figureText(t, locale, y.total, 'count')}`).join(', ')}
                bars={visitors.years.map((y) => ({ label: String(y.year), value: y.total ?? 0 }))}
                max={Math.max(1, ...visitors.years.map((y) => y.total ?? 0))}
                digits={0}
              />
            }
            caption={t('impact.tableOf', { title: t('impact.chart.visitorsYears') })}
            headers={[t('impact.table.year'), t('impact.indicator.visiteurs')]}
            rows={visitors.years.map((y) => [String(y.year), figureText(t, locale, y.total, 'count')])}
          />
        </section>
      )}
      <Breakdown
        id={`${id}-publics`}
        title={t('impact.chart.publics', { year: String(year) })}
        entered={entered}
        bands={AUDIENCE_BANDS}
        year={year}
        prefix="public-"
        header={t('impact.table.band')}
      />
      <Breakdown
        id={`${id}-ages`}
        title={t('impact.chart.ages', { year: String(year) })}
        entered={entered}
        bands={AGE_BANDS}
        year={year}
        prefix="age-"
        header={t('impact.table.age')}
      />
      {sessions && sessions.n > 0 && (
        <section aria-labelledby={`${id}-agenda-h`}>
          <h3 id={`${id}-agenda-h`}>{t('impact.chart.sessionsMonths', { year: String(year) })}</h3>
          <ChartFigure
            chart={
              <ColumnChart
                id={`${id}-agenda`}
                title={t('impact.chart.sessionsMonths', { year: String(year) })}
                description={sessions.months.map((m) => `${monthShort(locale, m.month)} : ${m.value}`).join(', ')}
                bars={sessions.months.map((m) => ({ label: monthShort(locale, m.month), value: m.value }))}
                max={Math.max(1, ...sessions.months.map((m) => m.value))}
                digits={0}
              />
            }
            caption={t('impact.tableOf', { title: t('impact.chart.sessionsMonths', { year: String(year) }) })}
            headers={[t('impact.table.month'), t('impact.indicator.agenda-seances')]}
            rows={sessions.months.map((m) => [monthShort(locale, m.month), fmt(locale, m.value)])}
          />
        </section>
      )}
      <section aria-labelledby={`${id}-tableau`}>
        <h2 id={`${id}-tableau`}>{t('impact.table.title')}</h2>
        <FullTable entered={entered} computed={computed} years={years} />
      </section>
    </>
  );
}

function Downloads({ csv, pdf }: { csv: string; pdf?: string }) {
  const { t } = useView();
  return (
    <ul class="actions inline-list">
      <li>
        <a class="button button-secondary" href={csv}>
          <Icon name="download" />
          {t('impact.download.csv')}
        </a>
      </li>
      {pdf && (
        <li>
          <a class="button button-secondary" href={pdf}>
            <Icon name="file-text" />
            {t('impact.download.pdf')}
          </a>
        </li>
      )}
    </ul>
  );
}

type PlaceDashboardData = {
  place: { slug: string; name: string };
  year: number;
  years: number[];
  team: boolean;
  figuresPublic: boolean;
  entered: EnteredSeries[];
  computed: ComputedFigure[];
};

export function PlaceDashboardPage({ data }: { data: PlaceDashboardData }) {
  const { t } = useView();
  const base = `/impact/lieux/${data.place.slug}`;
  const title = t('impact.place.title', { place: data.place.name });
  const empty = data.entered.length === 0 && data.computed.every((c) => !c.total);
  return (
    <Layout title={title}>
      <div class="page-head">
        <p class="breadcrumb">
          <a href="/impact">{t('impact.title')}</a> › <a href={`/lieux/${data.place.slug}`}>{data.place.name}</a>
        </p>
        <h1>{title}</h1>
        <YearLinks
          year={data.year}
          years={[...data.years, ...(data.years.includes(new Date().getFullYear()) ? [] : [new Date().getFullYear()])]}
          href={(y) => `${base}?annee=${y}`}
        />
        {data.team && (
          <>
            <p class={`notice ${data.figuresPublic ? 'notice-info' : 'notice-warning'}`}>
              {data.figuresPublic ? t('impact.place.public') : t('impact.place.hidden')}
            </p>
            <ul class="actions inline-list">
              <li>
                <a class="button" href={`${base}/saisir?periode=${data.year}`}>
                  <Icon name="pencil" />
                  {t('impact.place.enter', { year: String(data.year) })}
                </a>
              </li>
              <li>
                <a class="button button-secondary" href={`/impact/import?lieu=${data.place.slug}`}>
                  {t('impact.import.link')}
                </a>
              </li>
              <li>
                <Form action={`${base}/visibilite`}>
                  <input type="hidden" name="public" value={data.figuresPublic ? '' : 'on'} />
                  <SubmitButton variant="secondary">{data.figuresPublic ? t('impact.place.hide') : t('impact.place.show')}</SubmitButton>
                </Form>
              </li>
            </ul>
          </>
        )}
        <Downloads csv={`${base}/rapport.csv?annee=${data.year}`} pdf={`${base}/rapport.pdf?annee=${data.year}`} />
      </div>
      {empty ? (
        <EmptyState
          title={t('impact.place.empty', { year: String(data.year) })}
          reason={data.team ? t('impact.place.emptyTeam') : t('impact.place.emptyWhy')}
          steps={
            data.team
              ? [
                  {
                    href: `${base}/saisir?periode=${data.year}`,
                    label: t('impact.place.enter', { year: String(data.year) }),
                    primary: true,
                  },
                ]
              : [{ href: `/lieux/${data.place.slug}`, label: data.place.name }]
          }
        />
      ) : (
        <DashboardBody entered={data.entered} computed={data.computed} years={data.years} year={data.year} id="lieu" />
      )}
    </Layout>
  );
}

type EntryForm = Awaited<ReturnType<typeof getEntryForm>>;

const periodLabel = (t: Translate, locale: string, p: Period) =>
  p.kind === 'year'
    ? t('impact.period.year', { year: String(p.year) })
    : p.kind === 'quarter'
      ? t('impact.period.quarter', { n: p.index, year: String(p.year) })
      : new Date(Date.UTC(p.year, p.index - 1, 15)).toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });

export function EntryFormPage({ form, state }: { form: EntryForm; state: FormState }) {
  const { t, locale } = useView();
  const base = `/impact/lieux/${form.place.slug}`;
  const period = periodLabel(t, locale, form.period);
  const labels: Record<string, string> = Object.fromEntries(form.indicators.map((i) => [figureField(i.key), indicatorLabel(t, i)]));
  const groups = [...CORE_GROUPS, 'community' as const];
  return (
    <Layout title={t('impact.entry.title', { place: form.place.name, period })}>
      <div class="page-head">
        <p class="breadcrumb">
          <a href={base}>{t('impact.place.title', { place: form.place.name })}</a>
        </p>
        <h1>{t('impact.entry.heading', { period })}</h1>
        <p class="lead">{t('impact.entry.lead')}</p>
        <form method="get" action={`${base}/saisir`} class="period-picker">
          <label for="champ-periode">{t('impact.entry.period')}</label>
          <input id="champ-periode" name="periode" value={form.period.text} inputmode="text" aria-describedby="champ-periode-aide" />
          <button type="submit" class="button button-secondary">
            {t('impact.entry.change')}
          </button>
          <p class="hint" id="champ-periode-aide">
            {t('impact.entry.periodHint')}
          </p>
        </form>
      </div>
      {form.prefilledFrom && (
        <p class="notice notice-info">{t('impact.entry.prefilled', { period: periodLabel(t, locale, form.prefilledFrom) })}</p>
      )}
      <ErrorSummary state={state} labels={labels} />
      <Form action={`${base}/saisir?periode=${form.period.text}`} class="stack figures-form">
        {groups.map((g) => {
          const list = form.indicators.filter((i) => i.group === g);
          if (list.length === 0) {
            return null;
          }
          return (
            <fieldset class="field figures-group">
              <legend>{t(`impact.group.${g}`)}</legend>
              {g === 'audience' || g === 'age' ? <p class="hint">{t('impact.entry.bandsHint')}</p> : null}
              {list.map((i) => (
                <TextField
                  name={figureField(i.key)}
                  label={i.community ? `${i.label} (${i.community})` : indicatorLabel(t, i)}
                  state={state}
                  inputmode={i.unit === 'hours' ? 'text' : 'numeric'}
                  hint={i.unit === 'hours' ? t('impact.entry.hoursHint') : undefined}
                  maxlength={20}
                />
              ))}
            </fieldset>
          );
        })}
        <SubmitButton>{t('impact.entry.submit')}</SubmitButton>
      </Form>
      <section aria-labelledby="deja-connu">
        <h2 id="deja-connu">{t('impact.entry.computed')}</h2>
        <p class="hint">{t('impact.entry.computedLead')}</p>
        <ul class="key-figures">
          {form.computed.map((c) => (
            <li>
              <strong>{figureText(t, locale, c.total, c.kind)}</strong>
              <span>{t(`impact.indicator.${c.key}`)}</span>
              <SourceTag computed />
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

/** The import page: the file, its expected columns, and each refused row with its reason. */
export function ImportPage({
  state,
  rows,
  done,
  place,
}: {
  state: FormState;
  rows: RowError[];
  done: { rows: number; places: number } | null;
  place?: string;
}) {
  const { t } = useView();
  return (
    <Layout title={t('impact.import.title')}>
      <div class="page-head">
        <p class="breadcrumb">
          <a href="/impact">{t('impact.title')}</a>
        </p>
        <h1>{t('impact.import.title')}</h1>
        <p class="lead">{t('impact.import.lead')}</p>
      </div>
      {done && (
        <p class="notice notice-success" role="status">
          {t('impact.import.done', { count: done.rows, places: done.places })}
        </p>
      )}
      <ErrorSummary state={state} labels={{ fichier: t('impact.import.file') }} />
      {rows.length > 0 && (
        <section aria-labelledby="lignes-refusees" class="card">
          <h2 id="lignes-refusees">{t('impact.import.refused', { count: rows.length })}</h2>
          <p>{t('impact.import.nothingSaved')}</p>
          <section class="table-scroll" tabindex={0} aria-label={t('impact.import.refusedCaption')}>
            <table class="chart-table">
              <caption>{t('impact.import.refusedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('impact.import.row')}</th>
                  <th scope="col">{t('impact.import.column')}</th>
                  <th scope="col">{t('impact.import.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, 200).map((r) => (
                  <tr>
                    <th scope="row">{r.row}</th>
                    <td>{r.field}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </section>
      )}
      <Form action="/impact/import" multipart class="stack">
        {place && <input type="hidden" name="lieu" value={place} />}
        <FileField name="fichier" label={t('impact.import.file')} hint={t('impact.import.fileHint')} state={state} accept=".csv,text/csv" />
        <SubmitButton>{t('impact.import.submit')}</SubmitButton>
      </Form>
      <section aria-labelledby="format">
        <h2 id="format">{t('impact.import.format')}</h2>
        <pre
          class="code-sample"
          tabindex={0}
        >{`lieu;periode;indicateur;valeur\n${place ?? 'fablab-de-vitre'};2025;visiteurs;1250\n${place ?? 'fablab-de-vitre'};2025-T1;heures-ouverture;310,5\n${place ?? 'fablab-de-vitre'};2025-03;participants;86`}</pre>
        <p class="hint">{t('impact.import.formatHint')}</p>
      </section>
    </Layout>
  );
}

export interface AreaData {
  year: number;
  years: number[];
  entered: EnteredSeries[];
  computed: ComputedFigure[];
  placesWithFigures: number;
}

export interface NetworkStats {
  places: number;
  members: number;
  projects: number;
  byRegion: Array<{ region: string; name: string; places: number; lat: number | null; lng: number | null }>;
  byKind: Array<{ kind: string; label: string; places: number }>;
}

/** The network's public statistics page, its figures on a map and in charts, then the indicators of its places. */
export function NetworkPage({ stats, data }: { stats: NetworkStats; data: AreaData }) {
  const { t, locale } = useView();
  const hours = data.computed.find((c) => c.key === 'contributions-heures');
  const sessions = data.computed.find((c) => c.key === 'agenda-seances');
  const placesDesc = stats.byRegion.map((r) => `${r.name} : ${fmt(locale, r.places)}`).join(', ');
  return (
    <Layout title={t('impact.title')} description={t('impact.lead')}>
      <div class="page-head">
        <h1>{t('impact.title')}</h1>
        <p class="lead">{t('impact.lead')}</p>
        <YearLinks year={data.year} years={data.years} href={(y) => `/impact?annee=${y}`} />
      </div>
      <section aria-labelledby="reseau">
        <h2 id="reseau">{t('impact.network.title')}</h2>
        <ul class="key-figures">
          <li>
            <strong>{fmt(locale, stats.places)}</strong>
            <span>{t('impact.network.places')}</span>
          </li>
          <li>
            <strong>{fmt(locale, stats.members)}</strong>
            <span>{t('impact.network.members')}</span>
          </li>
          <li>
            <strong>{fmt(locale, stats.projects)}</strong>
            <span>{t('impact.network.projects')}</span>
          </li>
          <li>
            <strong>{fmt(locale, sessions?.total ?? 0)}</strong>
            <span>{t('impact.network.sessions', { year: String(data.year) })}</span>
            <SourceTag computed />
          </li>
          <li>
            <strong>{figureText(t, locale, hours?.total ?? 0, 'hours')}</strong>
            <span>{t('impact.network.hours', { year: String(data.year) })}</span>
            <SourceTag computed />
          </li>
        </ul>
        <div class="chart-figure">
          <FranceDiscMap
            id="carte-lieux"
            title={t('impact.network.mapTitle')}
            description={t('impact.network.mapDesc', { figures: placesDesc })}
            discs={stats.byRegion
              .filter((r) => r.lat !== null && r.lng !== null)
              .map((r) => ({ label: r.name, value: r.places, lat: r.lat as number, lng: r.lng as number }))}
          />
          <section class="table-scroll" tabindex={0} aria-label={t('impact.network.byRegion')}>
            <table class="chart-table">
              <caption>{t('impact.network.byRegion')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('impact.table.region')}</th>
                  <th scope="col">{t('impact.network.placesShort')}</th>
                </tr>
              </thead>
              <tbody>
                {stats.byRegion.map((r) => (
                  <tr>
                    <th scope="row">{r.region ? <a href={`/impact/regions/${r.region}?annee=${data.year}`}>{r.name}</a> : r.name}</th>
                    <td>{fmt(locale, r.places)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
        <h3 id="par-type">{t('impact.network.byKind')}</h3>
        <ChartFigure
          chart={
            <BarChart
              id="lieux-par-type"
              title={t('impact.network.byKind')}
              description={stats.byKind.map((k) => `${k.label} : ${fmt(locale, k.places)}`).join(', ')}
              bars={stats.byKind.map((k) => ({ label: k.label, value: k.places }))}
            />
          }
          caption={t('impact.tableOf', { title: t('impact.network.byKind') })}
          headers={[t('impact.table.kind'), t('impact.network.placesShort')]}
          rows={stats.byKind.map((k) => [k.label, fmt(locale, k.places)])}
        />
      </section>
      <section aria-labelledby="indicateurs">
        <h2 id="indicateurs">{t('impact.network.indicators', { year: String(data.year) })}</h2>
        <p>{t('impact.network.indicatorsLead', { count: data.placesWithFigures })}</p>
        <Downloads csv={`/impact/rapport.csv?annee=${data.year}`} pdf={`/impact/rapport.pdf?annee=${data.year}`} />
        <DashboardBody entered={data.entered} computed={data.computed} years={data.years} year={data.year} id="reseau" />
      </section>
    </Layout>
  );
}

/** A region's or a community's dashboard. */
export function AreaPage({
  title,
  kicker,
  data,
  base,
  pdf,
  extra,
}: {
  title: string;
  kicker: { href: string; label: string };
  data: AreaData;
  base: string;
  pdf: boolean;
  extra?: Child;
}) {
  const { t } = useView();
  const empty = data.entered.length === 0 && data.computed.every((c) => !c.total);
  return (
    <Layout title={title}>
      <div class="page-head">
        <p class="breadcrumb">
          <a href="/impact">{t('impact.title')}</a> › <a href={kicker.href}>{kicker.label}</a>
        </p>
        <h1>{title}</h1>
        <YearLinks year={data.year} years={data.years} href={(y) => `${base}?annee=${y}`} />
        <p>{t('impact.network.indicatorsLead', { count: data.placesWithFigures })}</p>
        <Downloads csv={`${base}/rapport.csv?annee=${data.year}`} pdf={pdf ? `${base}/rapport.pdf?annee=${data.year}` : undefined} />
      </div>
      {extra}
      {empty ? (
        <EmptyState
          title={t('impact.area.empty', { year: String(data.year) })}
          reason={t('impact.area.emptyWhy')}
          steps={[{ href: '/impact', label: t('impact.title'), primary: true }]}
        />
      ) : (
        <DashboardBody entered={data.entered} computed={data.computed} years={data.years} year={data.year} id="zone" />
      )}
    </Layout>
  );
}

/** A community's referents: the indicators it asks of its places, and one more. */
export function CommunityIndicatorsPage({
  community,
  indicators,
  state,
}: {
  community: { slug: string; name: string };
  indicators: Array<{ id: string; label: string; unit: 'count' | 'hours' }>;
  state: FormState;
}) {
  const { t } = useView();
  const base = `/impact/communautes/${community.slug}/indicateurs`;
  const labels = { label: t('impact.own.label'), unit: t('impact.own.unit') };
  return (
    <Layout title={t('impact.own.title', { community: community.name })}>
      <div class="page-head">
        <p class="breadcrumb">
          <a href={`/communautes/${community.slug}`}>{community.name}</a> ›{' '}
          <a href={`/impact/communautes/${community.slug}`}>{t('impact.title.place')}</a>
        </p>
        <h1>{t('impact.own.title', { community: community.name })}</h1>
        <p class="lead">{t('impact.own.lead')}</p>
      </div>
      {indicators.length === 0 ? (
        <p class="muted">{t('impact.own.none')}</p>
      ) : (
        <ul class="request-list">
          {indicators.map((i) => (
            <li>
              <strong>{i.label}</strong> <span class="muted">({t(`impact.unit.${i.unit}`)})</span>
              <Form action={`${base}/${i.id}/retirer`}>
                <SubmitButton variant="secondary">{t('impact.own.remove')}</SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="nouvel-indicateur" class="card">
        <h2 id="nouvel-indicateur">{t('impact.own.add')}</h2>
        <ErrorSummary state={state} labels={labels} />
        <Form action={base} class="stack">
          <TextField name="label" label={labels.label} hint={t('impact.own.labelHint')} state={state} required maxlength={80} />
          <Select
            name="unit"
            label={labels.unit}
            required
            state={state}
            options={[
              { value: 'count', label: t('impact.unit.count') },
              { value: 'hours', label: t('impact.unit.hours') },
            ]}
          />
          <SubmitButton>{t('impact.own.submit')}</SubmitButton>
        </Form>
      </section>
    </Layout>
  );
}
