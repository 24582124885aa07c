import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { formString, readForm } from '../../lib/request-body.ts';
import { positiveInt, uuidOr404 } from '../../lib/validation.ts';
import { formErrorsFrom } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { privatePage, redirectWithFlash, renderPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { type Mapping, mappingFrom, TARGET_FIELDS } from './imports.mapping.ts';
import type { Decision } from './imports.plan.ts';
import { canImport } from './imports.policy.ts';
import { ImportFileError, type ReadOptions } from './imports.read.ts';
import * as imports from './imports.service.ts';
import { ImportsHome, MappingPage, ProgressPage, ReportPage } from './imports.views.tsx';

const PER_PAGE = 50;

function admin(c: Context<AppEnv>) {
  const viewer = requireViewer(c);
  if (!canImport(viewer)) {
    throw new AppError('FORBIDDEN', { message: 'administrators only', userMessage: 'errors.forbidden' });
  }
  privatePage(c);
  return viewer;
}

const jobId = (c: Context<AppEnv>) => uuidOr404(c.req.param('id'), 'import');

function readOptionsFrom(values: Record<string, string | string[]>): ReadOptions {
  const pick = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const v = formString(values, key);
    return (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
  };
  const separator = formString(values, 'separateur');
  return {
    encoding: pick('encodage', ['auto', 'utf-8', 'windows-1252'] as const) ?? 'auto',
    header: pick('entete', ['auto', 'yes', 'no'] as const) ?? 'auto',
    separator: separator === 'tab' ? '\t' : (pick('separateur', ['auto', ';', ',', '|'] as const) ?? 'auto'),
  };
}

/** A file the reader refused, as a form error on the file field. */
function fileError(c: Context<AppEnv>, err: ImportFileError): FormState['errors'] {
  return { fichier: [c.get('t')(err.key, err.params)] };
}

export function mountImportPages(app: Hono<AppEnv>) {
  const home = async (c: Context<AppEnv>, state: FormState, status: ContentfulStatusCode = 200) => {
    const viewer = admin(c);
    const { jobs, sources } = await imports.listImports(c.get('deps'), viewer);
    return renderPage(c, <ImportsHome jobs={jobs} sources={sources} state={state} />, status);
  };

  app.get('/admin/import', (c) => home(c, emptyForm({ encodage: 'auto', entete: 'auto', separateur: 'auto' })));

  app.post('/admin/import', async (c) => {
    const viewer = admin(c);
    const { values, files } = await readForm(c);
    const file = files.fichier?.[0];
    if (!file) {
      return home(c, { values, errors: { fichier: [c.get('t')('imports.file.none')] } }, 400);
    }
    try {
      const { jobId } = await imports.uploadImport(c.get('deps'), viewer, {
        sourceName: formString(values, 'source'),
        fileName: file.name || 'fichier',
        bytes: new Uint8Array(await file.arrayBuffer()),
        readOptions: readOptionsFrom(values),
      });
      return c.redirect(`/admin/import/${jobId}`, 303);
    } catch (err) {
      if (err instanceof ImportFileError) {
        return home(c, { values, errors: fileError(c, err) }, 422);
      }
      if (err instanceof AppError && err.status < 500) {
        return home(c, { values, errors: formErrorsFrom(err, c.get('t')) }, err.status as ContentfulStatusCode);
      }
      throw err;
    }
  });

  const mappingPage = async (c: Context<AppEnv>, state: FormState, status: ContentfulStatusCode = 200, chosen?: Mapping) => {
    const viewer = admin(c);
    const setup = await imports.getImportSetup(c.get('deps'), viewer, jobId(c));
    if (setup.job.status === 'running' || setup.job.status === 'done' || setup.job.status === 'failed') {
      return c.redirect(`/admin/import/${setup.job.id}/progression`, 303);
    }
    return renderPage(
      c,
      <MappingPage
        job={setup.job}
        sourceName={setup.source.name}
        table={setup.table}
        preview={setup.preview}
        mapping={chosen ?? setup.mapping}
        defaultKind={setup.source.defaultKind}
        state={state}
      />,
      status,
    );
  };

  app.get('/admin/import/:id', (c) => mappingPage(c, emptyForm()));

  app.post('/admin/import/:id/verifier', async (c) => {
    const viewer = admin(c);
    const { values } = await readForm(c);
    const setup = await imports.getImportSetup(c.get('deps'), viewer, jobId(c));
    const mapping = mappingFrom(Object.fromEntries(TARGET_FIELDS.map((f) => [f, formString(values, f)])), setup.table.columns.length);
    try {
      await imports.checkImport(c.get('deps'), viewer, setup.job.id, { mapping, defaultKind: formString(values, 'typeParDefaut') });
    } catch (err) {
      if (err instanceof AppError && err.status < 500) {
        return mappingPage(c, { values, errors: formErrorsFrom(err, c.get('t')) }, err.status as ContentfulStatusCode, mapping);
      }
      throw err;
    }
    return c.redirect(`/admin/import/${setup.job.id}/rapport`, 303);
  });

  app.get('/admin/import/:id/rapport', async (c) => {
    const viewer = admin(c);
    const statut = c.req.query('statut') ?? '';
    const action = c.req.query('action') === 'decide' ? 'decide' : undefined;
    const status = ['ok', 'fixed', 'attention', 'rejected'].includes(statut) ? statut : undefined;
    const page = positiveInt(c.req.query('page')) ?? 1;
    const report = await imports.getImportReport(c.get('deps'), viewer, jobId(c), {
      status,
      action,
      offset: (page - 1) * PER_PAGE,
      limit: PER_PAGE,
    });
    if (!report.job.counts) {
      return c.redirect(`/admin/import/${report.job.id}`, 303);
    }
    return renderPage(
      c,
      <ReportPage
        job={report.job}
        sourceName={report.source.name}
        counts={report.job.counts}
        notices={report.job.notices}
        rows={report.rows}
        filter={action ?? status ?? ''}
        page={page}
        pages={Math.max(1, Math.ceil(report.matching / PER_PAGE))}
        outcomes={report.outcomes}
      />,
    );
  });

  app.get('/admin/import/:id/rapport.csv', async (c) => {
    const viewer = admin(c);
    const id = jobId(c);
    const body = await imports.importReportCsv(c.get('deps'), viewer, id, c.get('t'));
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="import-${id.slice(0, 8)}-rapport.csv"`,
    });
  });

  app.post('/admin/import/:id/decisions', async (c) => {
    const viewer = admin(c);
    const { values } = await readForm(c);
    const decisions: Array<{ line: number; decision: Decision }> = [];
    for (const [key, value] of Object.entries(values)) {
      const line = /^decision_(\d{1,7})$/.exec(key)?.[1];
      if (line && (value === 'merge' || value === 'new' || value === 'skip')) {
        decisions.push({ line: Number(line), decision: value });
      }
    }
    await imports.decideImportRows(c.get('deps'), viewer, jobId(c), decisions);
    return redirectWithFlash(c, `/admin/import/${jobId(c)}/rapport?action=decide`, 'imports.decide.saved');
  });

  app.post('/admin/import/:id/importer', async (c) => {
    const viewer = admin(c);
    await imports.startImport(c.get('deps'), viewer, jobId(c));
    return c.redirect(`/admin/import/${jobId(c)}/progression`, 303);
  });

  app.get('/admin/import/:id/progression', async (c) => {
    const viewer = admin(c);
    const report = await imports.getImportReport(c.get('deps'), viewer, jobId(c), { limit: 0 });
    return renderPage(c, <ProgressPage job={report.job} outcomes={report.outcomes} />);
  });
}
