import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { formatDate } from '../../lib/i18n.ts';
import { readForm } from '../../lib/request-body.ts';
import { uuidOr404 } from '../../lib/validation.ts';
import { useView } from '../../views/context.ts';
import { handleForm } from '../../views/form-handler.ts';
import { ErrorSummary, emptyForm, Form, type FormState, SubmitButton, TextField } from '../../views/forms.tsx';
import { Icon } from '../../views/icons.tsx';
import { Layout } from '../../views/layout.tsx';
import { renderPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { formatHours } from '../recognition/recognition.presenter.ts';
import type { AttestationContent } from './attestations.schema.ts';
import * as service from './attestations.service.ts';
import { AttestationInput, schoolYearSoFar } from './attestations.validation.ts';

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

function NewAttestationPage({
  state,
  mine,
}: {
  state: FormState;
  mine: Array<{ id: string; periodStart: string; periodEnd: string; createdAt: Date }>;
}) {
  const { t, locale } = useView();
  const labels = { start: t('attestations.field.start'), end: t('attestations.field.end') };
  return (
    <Layout title={t('attestations.new.title')}>
      <div class="form-page">
        <p class="breadcrumb">
          <a href="/reconnaissance">{t('recognition.title')}</a>
        </p>
        <h1>{t('attestations.new.title')}</h1>
        <p class="lead">{t('attestations.new.lead')}</p>
        <ErrorSummary state={state} labels={labels} />
        <Form action="/attestations/nouvelle">
          <div class="field-row">
            <TextField name="start" type="date" label={labels.start} state={state} required />
            <TextField name="end" type="date" label={labels.end} state={state} required />
          </div>
          <SubmitButton>{t('attestations.new.submit')}</SubmitButton>
        </Form>
        {mine.length > 0 && (
          <section aria-labelledby="mes-attestations">
            <h2 id="mes-attestations">{t('attestations.mine')}</h2>
            <ul class="compact-list">
              {mine.map((a) => (
                <li>
                  <a href={`/attestations/${a.id}`}>
                    {t('attestations.mineItem', {
                      start: formatDate(locale, a.periodStart),
                      end: formatDate(locale, a.periodEnd),
                      date: formatDate(locale, a.createdAt),
                    })}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </Layout>
  );
}

function AttestationPage({
  id,
  content,
  periodStart,
  periodEnd,
  createdAt,
}: {
  id: string;
  content: AttestationContent;
  periodStart: string;
  periodEnd: string;
  createdAt: Date;
}) {
  const { t, locale } = useView();
  const hours = (m: number) => (m > 0 ? formatHours(locale, m) : '—');
  return (
    <Layout title={t('attestations.page.title', { name: content.holder })} head={<meta name="robots" content="noindex" />}>
      <h1>{t('attestations.page.title', { name: content.holder })}</h1>
      <p class="lead">
        {t('attestations.page.lead', {
          network: content.network,
          name: content.holder,
          start: formatDate(locale, periodStart),
          end: formatDate(locale, periodEnd),
        })}
      </p>
      <p class="record-total">{t('attestations.page.total', { count: content.totals.count, hours: hours(content.totals.minutes) })}</p>
      <p class="hint">
        {t('attestations.page.delivered', { date: formatDate(locale, createdAt) })} {t('attestations.page.how')}
      </p>
      <p>
        <a class="button" href={`/attestations/${id}/attestation.pdf`}>
          <Icon name="download" /> {t('attestations.page.download')}
        </a>
      </p>
      {content.byKind.length > 0 && (
        <div class="totals-grid">
          <table class="data-table totals-table">
            <caption>{t('attestations.page.byKind')}</caption>
            <tbody>
              {content.byKind.map((k) => (
                <tr>
                  <th scope="row">{t(`recognition.kind.${k.kind}`)}</th>
                  <td>{hours(k.minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {content.byPlace.length > 0 && (
            <table class="data-table totals-table">
              <caption>{t('attestations.page.byPlace')}</caption>
              <tbody>
                {content.byPlace.map((p) => (
                  <tr>
                    <th scope="row">{p.name}</th>
                    <td>{hours(p.minutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {content.contributions.length > 0 && (
        <section aria-labelledby="contributions">
          <h2 id="contributions">{t('attestations.page.contributions')}</h2>
          <ul class="compact-list">
            {content.contributions.map((x) => (
              <li>
                {x.endedOn ? `${formatDate(locale, x.startedOn)} – ${formatDate(locale, x.endedOn)}` : formatDate(locale, x.startedOn)} ·{' '}
                {t(`recognition.kind.${x.kind}`)}
                <span class="muted">
                  {[
                    x.minutes ? formatHours(locale, x.minutes) : null,
                    x.place,
                    x.project,
                    x.confirmedBy
                      ? t('attestations.page.confirmedBy', { name: x.confirmedBy })
                      : x.recordedByTisserin
                        ? t('attestations.page.recorded')
                        : null,
                  ]
                    .filter(Boolean)
                    .map((s) => ` · ${s}`)
                    .join('')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {content.badges.length > 0 && (
        <section aria-labelledby="badges">
          <h2 id="badges">{t('attestations.page.badges')}</h2>
          <ul class="compact-list">
            {content.badges.map((b) => (
              <li>
                <a href={b.verifyUrl}>{b.name}</a> <span class="muted">· {formatDate(locale, b.awardedOn)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

const idOr404 = (id: string | undefined) => uuidOr404(id, 'attestation');

export function mountAttestationPages(app: Hono<AppEnv>) {
  const renderNew = async (c: Context<AppEnv>, state: FormState, status: Status = 200) => {
    const viewer = requireViewer(c);
    c.header('Cache-Control', 'private, no-store');
    return renderPage(c, <NewAttestationPage state={state} mine={await service.listMyAttestations(c.get('deps'), viewer)} />, status);
  };
  app.get('/attestations/nouvelle', (c) => renderNew(c, emptyForm(schoolYearSoFar())));
  app.post('/attestations/nouvelle', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      AttestationInput,
      (state, status) => renderNew(c, state, status),
      async (period) => {
        const { id } = await service.deliverAttestation(c.get('deps'), viewer, period);
        return c.redirect(`/attestations/${id}`, 303);
      },
    );
  });
  // Public to whoever holds the document or its link (the address is random), never indexed.
  app.get('/attestations/:id', async (c) => {
    const row = await service.getAttestation(c.get('deps'), idOr404(c.req.param('id')));
    c.header('Cache-Control', 'private, no-store');
    c.header('X-Robots-Tag', 'noindex');
    return renderPage(c, <AttestationPage {...row} />);
  });
  app.get('/attestations/:id/attestation.pdf', async (c) => {
    const deps = c.get('deps');
    const row = await service.getAttestation(deps, idOr404(c.req.param('id')));
    const pdf = await service.renderAttestationPdf(deps, row);
    c.header('Cache-Control', 'private, no-store');
    c.header('X-Robots-Tag', 'noindex');
    c.header('Content-Disposition', `attachment; filename="attestation-${row.periodStart}-${row.periodEnd}.pdf"`);
    return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf' });
  });
}
