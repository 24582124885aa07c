import { formatDate } from '../../lib/i18n.ts';
import { useView } from '../../views/context.ts';
import { ErrorSummary, FileField, Form, type FormState, Select, SubmitButton, TextField } from '../../views/forms.tsx';
import { Layout } from '../../views/layout.tsx';
import { Pagination } from '../../views/pagination.tsx';
import { optionsOf, PLACE_KINDS } from '../places/places.vocabulary.ts';
import type { Note } from './imports.clean.ts';
import { isPersonalCell, isPersonalColumn, type Mapping, TARGET_FIELDS } from './imports.mapping.ts';
import type { PlanCounts } from './imports.plan.ts';
import type { SourceRow, SourceTable } from './imports.read.ts';
import type { ImportRowRecord, JobRow } from './imports.repo.ts';

type Job = JobRow & { sourceName?: string };

function Breadcrumb() {
  const { t } = useView();
  return (
    <p class="breadcrumb">
      <a href="/admin">{t('admin.title')}</a> › <a href="/admin/import">{t('imports.title')}</a>
    </p>
  );
}

/** The list of imports and the form to bring a new file. */
export function ImportsHome({ jobs, sources, state }: { jobs: Job[]; sources: Array<{ name: string }>; state: FormState }) {
  const { t, locale } = useView();
  return (
    <Layout title={t('imports.title')}>
      <div class="page-head">
        <p class="breadcrumb">
          <a href="/admin">{t('admin.title')}</a>
        </p>
        <h1>{t('imports.title')}</h1>
        <p class="lead">{t('imports.lead')}</p>
      </div>
      <ErrorSummary state={state} labels={{ fichier: t('imports.field.file'), source: t('imports.field.source') }} />
      <Form action="/admin/import" multipart class="stack card">
        <h2>{t('imports.new')}</h2>
        <TextField
          name="source"
          label={t('imports.field.source')}
          hint={t('imports.field.sourceHint')}
          state={state}
          required
          maxlength={120}
        />
        {sources.length > 0 && (
          <p class="hint">
            {t('imports.knownSources')} {sources.map((s) => s.name).join(' · ')}
          </p>
        )}
        <FileField
          name="fichier"
          label={t('imports.field.file')}
          hint={t('imports.field.fileHint')}
          state={state}
          accept=".csv,.tsv,.txt,.json,.geojson,text/csv,application/json,application/geo+json"
        />
        <details>
          <summary>{t('imports.readOptions')}</summary>
          <Select
            name="encodage"
            label={t('imports.field.encoding')}
            state={state}
            options={[
              { value: 'auto', label: t('imports.encoding.auto') },
              { value: 'utf-8', label: 'UTF-8' },
              { value: 'windows-1252', label: 'Windows-1252 (Excel)' },
            ]}
          />
          <Select
            name="entete"
            label={t('imports.field.header')}
            state={state}
            options={[
              { value: 'auto', label: t('imports.header.auto') },
              { value: 'yes', label: t('imports.header.yes') },
              { value: 'no', label: t('imports.header.no') },
            ]}
          />
          <Select
            name="separateur"
            label={t('imports.field.separator')}
            state={state}
            options={[
              { value: 'auto', label: t('imports.separator.auto') },
              { value: ';', label: t('imports.separator.semicolon') },
              { value: ',', label: t('imports.separator.comma') },
              { value: 'tab', label: t('imports.separator.tab') },
              { value: '|', label: t('imports.separator.pipe') },
            ]}
          />
        </details>
        <SubmitButton>{t('imports.upload')}</SubmitButton>
      </Form>
      <section aria-labelledby="imports-recents">
        <h2 id="imports-recents">{t('imports.recent')}</h2>
        {jobs.length === 0 ? (
          <p>{t('imports.none')}</p>
        ) : (
          <ul class="stack-list">
            {jobs.map((j) => (
              <li>
                <a href={`/admin/import/${j.id}`}>{j.fileName}</a> — {j.sourceName} · {t(`imports.status.${j.status}`)} ·{' '}
                {formatDate(locale, j.createdAt)}
                {j.counts && <> · {t('imports.rows', { count: j.counts.rows })}</>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

function PreviewTable({ table, rows }: { table: SourceTable; rows: SourceRow[] }) {
  const { t } = useView();
  return (
    <section class="table-scroll" tabindex={0} aria-label={t('imports.preview')}>
      <table class="chart-table preview-table">
        <caption>{t('imports.preview')}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              {r.cells.map((cell, i) => (
                <td>{isPersonalColumn(table.columns[i] ?? '') || isPersonalCell(cell) ? '•••' : cell.slice(0, 80)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Step 2: which column is what, seen on the first rows; then the dry run. */
export function MappingPage({
  job,
  sourceName,
  table,
  preview,
  mapping,
  defaultKind,
  state,
}: {
  job: Job;
  sourceName: string;
  table: SourceTable;
  preview: SourceRow[];
  mapping: Mapping;
  defaultKind: string;
  state: FormState;
}) {
  const { t, locale } = useView();
  const columnOptions = [{ value: '', label: t('imports.notImported') }, ...table.columns.map((c, i) => ({ value: String(i), label: c }))];
  const personal = table.columns.filter(isPersonalColumn);
  const values = {
    ...Object.fromEntries(TARGET_FIELDS.map((f) => [f, mapping[f] === undefined ? '' : String(mapping[f])])),
    typeParDefaut: defaultKind,
  };
  const mergedState: FormState = { values: { ...values, ...state.values }, errors: state.errors };
  return (
    <Layout title={t('imports.mapping.title', { file: job.fileName })}>
      <div class="page-head">
        <Breadcrumb />
        <h1>{t('imports.mapping.title', { file: job.fileName })}</h1>
        <p class="lead">
          {t('imports.mapping.read', {
            rows: table.rows.length,
            columns: table.columns.length,
            format: table.format.toUpperCase(),
            encoding: table.encoding,
          })}{' '}
          {table.format === 'csv' &&
            t(table.header ? 'imports.mapping.withHeader' : 'imports.mapping.noHeader', {
              separator: table.separator === '\t' ? t('imports.separator.tab') : `« ${table.separator} »`,
            })}
        </p>
        <p>{t('imports.mapping.source', { source: sourceName })}</p>
      </div>
      <PreviewTable table={table} rows={preview} />
      {personal.length > 0 && <p class="hint">{t('imports.mapping.personal', { columns: personal.join(', ') })}</p>}
      <ErrorSummary state={mergedState} labels={{ name: t('imports.target.name'), typeParDefaut: t('imports.field.defaultKind') }} />
      <Form action={`/admin/import/${job.id}/verifier`} class="stack">
        <fieldset class="field-group">
          <legend>{t('imports.mapping.legend')}</legend>
          <p class="hint">{t('imports.mapping.hint')}</p>
          {TARGET_FIELDS.map((f) => (
            <Select name={f} label={t(`imports.target.${f}`)} options={columnOptions} state={mergedState} required={f === 'name'} />
          ))}
        </fieldset>
        <Select
          name="typeParDefaut"
          label={t('imports.field.defaultKind')}
          hint={t('imports.field.defaultKindHint')}
          options={optionsOf(PLACE_KINDS, locale as 'fr')}
          state={mergedState}
          required
        />
        <SubmitButton>{t('imports.check')}</SubmitButton>
      </Form>
    </Layout>
  );
}

const STATUSES = ['ok', 'fixed', 'attention', 'rejected'] as const;

function noteText(t: (k: string, p?: Record<string, string | number>) => string, notes: Note[]) {
  return notes.map((n) => t(n.key, n.params)).join(' ');
}

/** Step 3: the dry run's report, the decisions, and the button that imports. */
export function ReportPage({
  job,
  sourceName,
  counts,
  notices,
  rows,
  filter,
  page,
  pages,
  outcomes,
}: {
  job: Job;
  sourceName: string;
  counts: PlanCounts;
  notices: Note[];
  rows: Array<ImportRowRecord & { placeSlug: string | null }>;
  filter: string;
  page: number;
  pages: number;
  outcomes: Record<string, number>;
}) {
  const { t } = useView();
  const toImport = counts.create + counts.update + counts.merge;
  const decide = rows.filter((r) => r.action === 'decide');
  const checked = job.status === 'checked';
  const base = `/admin/import/${job.id}/rapport`;
  return (
    <Layout title={t('imports.report.title', { file: job.fileName })}>
      <div class="page-head">
        <Breadcrumb />
        <h1>{t('imports.report.title', { file: job.fileName })}</h1>
        <p class="lead">{t(checked ? 'imports.report.dryRun' : `imports.report.status.${job.status}`, { source: sourceName })}</p>
      </div>
      {notices.map((n) => (
        <p class="notice" role="status">
          {t(n.key, n.params)}
        </p>
      ))}
      <ul class="card-grid import-counts">
        {STATUSES.map((s) => (
          <li class="card">
            <a href={`${base}?statut=${s}`}>
              <strong>{counts[s]}</strong> {t(`imports.count.${s}`, { count: counts[s] })}
            </a>
          </li>
        ))}
      </ul>
      <p>
        {t('imports.report.actions', { create: counts.create, update: counts.update, merge: counts.merge, decide: counts.decide })}{' '}
        <a href={`/admin/import/${job.id}/rapport.csv`} download>
          {t('imports.report.csv')}
        </a>
      </p>
      {Object.keys(outcomes).length > 0 && (
        <p role="status">
          {Object.entries(outcomes)
            .map(([o, n]) => t(`imports.outcome.${o}`, { count: n }))
            .join(' · ')}
        </p>
      )}
      {checked && (
        <Form action={`/admin/import/${job.id}/importer`} class="stack card">
          <p>{t('imports.report.ready', { count: toImport })}</p>
          <SubmitButton>{t('imports.run', { count: toImport })}</SubmitButton>
          <p class="hint">
            <a href={`/admin/import/${job.id}`}>{t('imports.report.changeMapping')}</a>
          </p>
        </Form>
      )}
      <nav aria-label={t('imports.report.filter')} class="filter-links">
        <a href={base} aria-current={filter === '' ? 'page' : undefined}>
          {t('imports.report.all')}
        </a>{' '}
        {STATUSES.map((s) => (
          <>
            <a href={`${base}?statut=${s}`} aria-current={filter === s ? 'page' : undefined}>
              {t(`imports.status.row.${s}`)}
            </a>{' '}
          </>
        ))}
        <a href={`${base}?action=decide`} aria-current={filter === 'decide' ? 'page' : undefined}>
          {t('imports.report.toDecide')}
        </a>
      </nav>
      {rows.length === 0 ? (
        <p>{t('imports.report.noRow')}</p>
      ) : (
        <Form action={`/admin/import/${job.id}/decisions`} class="stack">
          <h2 id="lignes">{t('imports.report.rows')}</h2>
          <ol class="import-rows" aria-labelledby="lignes">
            {rows.map((r) => (
              <li class={`import-row import-row-${r.status}`}>
                <p class="import-row-head">
                  <span class="import-row-line">{t('imports.report.lineN', { line: r.line })}</span>{' '}
                  <strong>{r.placeSlug ? <a href={`/lieux/${r.placeSlug}`}>{r.draft?.name}</a> : (r.draft?.name ?? '—')}</strong>
                  {r.draft?.commune && <> · {r.draft.commune}</>}
                </p>
                <p>
                  <span class={`verdict verdict-${r.status}`}>{t(`imports.status.row.${r.status}`)}</span>
                  {r.outcome && <> · {t(`imports.outcome.${r.outcome}`, { count: 1 })}</>}
                  {r.action !== 'skip' && !r.outcome && <> · {t(`imports.action.${r.action}`)}</>}
                </p>
                <p class="hint">
                  {noteText(t, [...(r.notes.rejection ? [r.notes.rejection] : []), ...r.notes.warnings, ...r.notes.fixes])}
                </p>
                {r.action === 'decide' && checked && (
                  <fieldset class="decision">
                    <legend>{t('imports.decide.legend', { line: r.line })}</legend>
                    {(['skip', 'new', ...(r.target?.startsWith('line:') ? [] : ['merge'])] as const).map((d) => (
                      <label>
                        <input type="radio" name={`decision_${r.line}`} value={d} checked={(r.decision ?? 'skip') === d} />{' '}
                        {t(`imports.decide.${d}`)}
                      </label>
                    ))}
                  </fieldset>
                )}
              </li>
            ))}
          </ol>
          {decide.length > 0 && checked && <SubmitButton variant="secondary">{t('imports.decide.save')}</SubmitButton>}
        </Form>
      )}
      <Pagination
        page={page}
        pages={pages}
        href={(p) => `${base}?${filter ? (filter === 'decide' ? 'action=decide&' : `statut=${filter}&`) : ''}page=${p}`}
      />
    </Layout>
  );
}

/** Step 4: the import running (the page refreshes by itself, no script needed), then its outcome. */
export function ProgressPage({ job, outcomes }: { job: Job; outcomes: Record<string, number> }) {
  const { t } = useView();
  const running = job.status === 'running';
  const percent = job.total > 0 ? Math.round((100 * job.done) / job.total) : 100;
  return (
    <Layout
      title={t('imports.progress.title', { file: job.fileName })}
      head={running ? <meta http-equiv="refresh" content="2" /> : undefined}
    >
      <div class="page-head">
        <Breadcrumb />
        <h1>{t('imports.progress.title', { file: job.fileName })}</h1>
      </div>
      <p role="status">
        <label for="avancement">
          {t(`imports.progress.${job.status === 'done' ? 'done' : job.status === 'failed' ? 'failed' : 'running'}`, {
            done: job.done,
            total: job.total,
          })}
        </label>
      </p>
      <progress id="avancement" max={job.total || 1} value={job.done}>
        {percent} %
      </progress>
      {job.status === 'failed' && (
        <Form action={`/admin/import/${job.id}/importer`} class="stack">
          <p class="notice">{t('imports.progress.failedWhy', { error: job.error ?? '' })}</p>
          <SubmitButton>{t('imports.progress.resume')}</SubmitButton>
        </Form>
      )}
      {Object.keys(outcomes).length > 0 && (
        <ul>
          {Object.entries(outcomes).map(([o, n]) => (
            <li>{t(`imports.outcome.${o}`, { count: n })}</li>
          ))}
        </ul>
      )}
      <p>
        <a href={`/admin/import/${job.id}/rapport`}>{t('imports.progress.report')}</a> · <a href="/lieux">{t('imports.progress.places')}</a>
      </p>
    </Layout>
  );
}
