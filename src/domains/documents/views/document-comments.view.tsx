import { formatDate } from '../../../lib/i18n.ts';
import { useView } from '../../../views/context.ts';
import { ErrorSummary, emptyForm, Form, type FormState, Select, SubmitButton, TextArea } from '../../../views/forms.tsx';
import type { CommentRow } from '../documents.comments.repo.ts';
import type { CommentThread } from '../documents.comments.service.ts';
import { canDeleteComment, canReportComment } from '../documents.policy.ts';
import { REPORT_REASONS } from '../documents.schema.ts';

/** What the discussion section needs besides the comments: forms with what was typed. */
export interface DiscussionState {
  threads: CommentThread[];
  canComment: boolean;
  canAsk: boolean;
  comment?: FormState;
  /** The thread whose reply form holds an error (shown open, with the text typed). */
  replyTo?: string;
  question?: FormState;
}

function Comment({ c }: { c: CommentRow }) {
  const { t, locale, viewer } = useView();
  return (
    <article
      class={`comment${c.status === 'hidden' ? ' comment-hidden' : ''}`}
      id={`commentaire-${c.id}`}
      aria-label={t('documents.comments.by', { name: c.authorName ?? t('documents.formerMember') })}
    >
      <p class="comment-meta">
        {c.authorName ? c.authorSlug ? <a href={`/membres/${c.authorSlug}`}>{c.authorName}</a> : c.authorName : t('documents.formerMember')}{' '}
        <span class="muted">· {formatDate(locale, c.createdAt)}</span>
      </p>
      {c.status === 'hidden' && (
        <p class="notice notice-warning">
          {t(c.hiddenReason === 'reports' ? 'documents.comments.hiddenByReports' : 'documents.comments.hidden')}
          {c.hiddenReason && c.hiddenReason !== 'reports' && ` — ${c.hiddenReason}`}
        </p>
      )}
      <p class="pre-line">{c.body}</p>
      <div class="comment-actions">
        {canDeleteComment(viewer, c) && (
          <Form action={`/commentaires/${c.id}/supprimer`} class="inline-form">
            <SubmitButton variant="secondary">{t('documents.comments.delete')}</SubmitButton>
          </Form>
        )}
        {canReportComment(viewer, c) && (
          <details class="report">
            <summary>{t('documents.comments.report')}</summary>
            <Form action={`/commentaires/${c.id}/signaler`}>
              <Select
                prefix={`r${c.id.slice(0, 8)}`}
                name="reason"
                label={t('documents.comments.reportReason')}
                options={REPORT_REASONS.map((r) => ({ value: r, label: t(`documents.comments.reason.${r}`) }))}
                state={emptyForm()}
                required
              />
              <TextArea
                prefix={`r${c.id.slice(0, 8)}`}
                name="note"
                label={t('documents.comments.reportNote')}
                state={emptyForm()}
                rows={2}
                maxlength={500}
              />
              <SubmitButton variant="secondary">{t('documents.comments.reportSubmit')}</SubmitButton>
            </Form>
          </details>
        )}
      </div>
    </article>
  );
}

export function Discussion({ path, d }: { path: string; d: DiscussionState }) {
  const { t, viewer } = useView();
  const comment = d.comment && !d.replyTo ? d.comment : emptyForm();
  return (
    <section aria-labelledby="doc-discussion" class="doc-section discussion" id="discussion">
      <h2 id="doc-discussion">{t('documents.comments.title', { count: d.threads.length })}</h2>
      {d.threads.length === 0 && <p class="muted">{t('documents.comments.none')}</p>}
      <ol class="threads">
        {d.threads.map(({ comment: c, replies }) => (
          <li>
            <Comment c={c} />
            {replies.length > 0 && (
              <ol class="replies">
                {replies.map((r) => (
                  <li>
                    <Comment c={r} />
                  </li>
                ))}
              </ol>
            )}
            {d.canComment && (
              <details class="reply" open={d.replyTo === c.id}>
                <summary>{t('documents.comments.reply')}</summary>
                <Form action={`${path}/commentaires`}>
                  <input type="hidden" name="parentId" value={c.id} />
                  {d.replyTo === c.id && d.comment && (
                    <ErrorSummary state={d.comment} labels={{ body: t('documents.comments.replyBody') }} prefix={`re${c.id.slice(0, 8)}`} />
                  )}
                  <TextArea
                    prefix={`re${c.id.slice(0, 8)}`}
                    name="body"
                    label={t('documents.comments.replyBody')}
                    state={d.replyTo === c.id && d.comment ? d.comment : emptyForm()}
                    rows={3}
                    required
                    maxlength={4000}
                  />
                  <SubmitButton>{t('documents.comments.replySubmit')}</SubmitButton>
                </Form>
              </details>
            )}
          </li>
        ))}
      </ol>
      {d.canComment ? (
        <Form action={`${path}/commentaires`} id="nouveau-commentaire">
          <ErrorSummary state={comment} labels={{ body: t('documents.comments.body') }} prefix="c" />
          <TextArea
            prefix="c"
            name="body"
            label={t('documents.comments.body')}
            hint={t('documents.comments.hint')}
            state={comment}
            rows={4}
            required
            maxlength={4000}
          />
          <SubmitButton>{t('documents.comments.submit')}</SubmitButton>
        </Form>
      ) : (
        !viewer && (
          <p>
            <a href={`/connexion?next=${encodeURIComponent(`${path}#discussion`)}`}>{t('documents.comments.signIn')}</a>
          </p>
        )
      )}
      {d.canAsk && (
        <details class="question" open={!!d.question && Object.keys(d.question.errors).length > 0} id="question">
          <summary>{t('documents.question.title')}</summary>
          <p class="hint">{t('documents.question.hint')}</p>
          <Form action={`${path}/question`}>
            {d.question && <ErrorSummary state={d.question} labels={{ question: t('documents.question.body') }} prefix="q" />}
            <TextArea
              prefix="q"
              name="question"
              label={t('documents.question.body')}
              state={d.question ?? emptyForm()}
              rows={4}
              required
              maxlength={2000}
            />
            <SubmitButton>{t('documents.question.submit')}</SubmitButton>
          </Form>
        </details>
      )}
    </section>
  );
}
