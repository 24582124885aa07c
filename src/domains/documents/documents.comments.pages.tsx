import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { formatDate } from '../../lib/i18n.ts';
import { readForm } from '../../lib/request-body.ts';
import { UUID_PATTERN } from '../../lib/validation.ts';
import { useView } from '../../views/context.ts';
import { emptyForm, Form, SubmitButton, TextField } from '../../views/forms.tsx';
import { Layout } from '../../views/layout.tsx';
import { redirectWithFlash, renderPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import type { ReportedComment } from './documents.comments.repo.ts';
import * as comments from './documents.comments.service.ts';
import { ModerateCommentInput, ReportInput } from './documents.comments.validation.ts';
import { pathOf } from './documents.service.ts';

function commentId(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!UUID_PATTERN.test(id)) {
    throw notFound('comment');
  }
  return id;
}

function ReportedCommentsPage({ reported }: { reported: ReportedComment[] }) {
  const { t, locale } = useView();
  return (
    <Layout title={t('documents.moderation.title')}>
      <p class="breadcrumb">
        <a href="/moderation">{t('moderation.title')}</a>
      </p>
      <h1>{t('documents.moderation.title')}</h1>
      {reported.length === 0 && <p>{t('documents.moderation.empty')}</p>}
      <ul class="plain-list">
        {reported.map((r) => (
          <li class="card">
            <h2>
              <a href={`${pathOf({ kind: r.documentKind, slug: r.documentSlug })}#commentaire-${r.id}`}>{r.documentTitle}</a>
            </h2>
            <p class="muted">
              {r.authorName ?? t('documents.formerMember')} · {formatDate(locale, r.createdAt)}
              {r.status === 'hidden' && ` · ${t('documents.moderation.hiddenNow')}`}
            </p>
            <blockquote class="pre-line">{r.body}</blockquote>
            <h3>{t('documents.moderation.reports', { count: r.reports.length })}</h3>
            <ul>
              {r.reports.map((rep) => (
                <li>
                  {t(`documents.comments.reason.${rep.reason}`)}
                  {rep.note && ` — ${rep.note}`}
                </li>
              ))}
            </ul>
            <Form action={`/moderation/commentaires/${r.id}`}>
              <TextField
                name="reason"
                prefix={`m${r.id.slice(0, 8)}`}
                label={t('documents.moderation.reason')}
                state={emptyForm()}
                maxlength={300}
              />
              <SubmitButton name="decision" value="hide" variant="danger">
                {t('documents.moderation.hide')}
              </SubmitButton>{' '}
              <SubmitButton name="decision" value="keep" variant="secondary">
                {t('documents.moderation.keep')}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** Comment actions that do not depend on the document's kind: delete, report, moderate. */
export function mountCommentPages(app: Hono<AppEnv>) {
  app.post('/commentaires/:id/supprimer', async (c) => {
    const path = await comments.deleteComment(c.get('deps'), requireViewer(c), commentId(c));
    return redirectWithFlash(c, `${path}#discussion`, 'documents.comments.deleted');
  });

  app.post('/commentaires/:id/signaler', async (c) => {
    const viewer = requireViewer(c);
    const id = commentId(c);
    const { values } = await readForm(c);
    const parsed = ReportInput.safeParse(values);
    if (!parsed.success) {
      throw new AppError('BAD_REQUEST', { message: 'invalid report', userMessage: 'documents.comments.badReport' });
    }
    const path = await comments.reportComment(c.get('deps'), viewer, id, { reason: parsed.data.reason, note: parsed.data.note ?? '' });
    return redirectWithFlash(c, `${path}#commentaire-${id}`, 'documents.comments.reported');
  });

  app.get('/moderation/commentaires', async (c) => {
    const reported = await comments.listReportedComments(c.get('deps'), requireViewer(c));
    return renderPage(c, <ReportedCommentsPage reported={reported} />);
  });

  app.post('/moderation/commentaires/:id', async (c) => {
    const viewer = requireViewer(c);
    const id = commentId(c);
    const { values } = await readForm(c);
    const parsed = ModerateCommentInput.safeParse(values);
    if (!parsed.success) {
      throw new AppError('BAD_REQUEST', { message: 'invalid decision', userMessage: 'errors.badRequest' });
    }
    await comments.moderateComment(c.get('deps'), viewer, id, parsed.data);
    return redirectWithFlash(c, '/moderation/commentaires', 'documents.moderation.done');
  });
}
