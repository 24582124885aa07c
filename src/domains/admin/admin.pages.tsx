import type { Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { formatDate } from '../../lib/i18n.ts';
import { formString, readForm } from '../../lib/request-body.ts';
import { isAdmin, type Role } from '../../lib/viewer.ts';
import { useView } from '../../views/context.ts';
import { Form, SubmitButton } from '../../views/forms.tsx';
import { Layout } from '../../views/layout.tsx';
import { Pagination } from '../../views/pagination.tsx';
import { redirectWithFlash, renderPage } from '../../views/render.tsx';
import { changeRole, listMembersForAdmin } from '../accounts/accounts.service.ts';
import { requireViewer } from '../accounts/guards.ts';
import { listOutbox } from '../mail/outbox.service.ts';

type OutboxRow = Awaited<ReturnType<typeof listOutbox>>[number];

/** Plain text with its web links made clickable; everything else stays escaped text. */
function LinkedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <a href={part}>{part}</a> : part))}</>;
}

function AdminHome() {
  const { t } = useView();
  return (
    <Layout title={t('admin.title')}>
      <h1>{t('admin.title')}</h1>
      <ul class="card-grid">
        <li class="card">
          <h2>
            <a href="/admin/outbox">{t('admin.outbox.title')}</a>
          </h2>
          <p>{t('admin.outbox.lead')}</p>
        </li>
        <li class="card">
          <h2>
            <a href="/admin/membres">{t('admin.members.title')}</a>
          </h2>
          <p>{t('admin.members.lead')}</p>
        </li>
        <li class="card">
          <h2>
            <a href="/admin/import">{t('imports.title')}</a>
          </h2>
          <p>{t('admin.imports.lead')}</p>
        </li>
        <li class="card">
          <h2>
            <a href="/moderation">{t('moderation.title')}</a>
          </h2>
          <p>{t('admin.moderationLead')}</p>
        </li>
      </ul>
    </Layout>
  );
}

function OutboxPage({ mails, mode }: { mails: OutboxRow[]; mode: string }) {
  const { t, locale } = useView();
  return (
    <Layout title={t('admin.outbox.title')}>
      <h1>{t('admin.outbox.title')}</h1>
      <p class="hint">{mode === 'smtp' ? t('admin.outbox.smtp') : t('admin.outbox.noSmtp')}</p>
      {mails.length === 0 && <p>{t('admin.outbox.empty')}</p>}
      {mails.map((m) => (
        <article class="card mail">
          <h2>{m.subject}</h2>
          <p class="muted">
            {t('admin.outbox.meta', {
              to: m.toAddress,
              date: formatDate(locale, m.createdAt, true),
              status: t(`admin.outbox.status.${m.status}`),
            })}
          </p>
          {m.error && <p class="field-error">{m.error}</p>}
          {m.textBody && (
            <pre class="mail-body">
              <LinkedText text={m.textBody} />
            </pre>
          )}
        </article>
      ))}
    </Layout>
  );
}

const ROLES: Role[] = ['member', 'moderator', 'admin'];

function MembersPage({ data, page, q }: { data: Awaited<ReturnType<typeof listMembersForAdmin>>; page: number; q: string }) {
  const { t, locale, viewer } = useView();
  return (
    <Layout title={t('admin.members.title')}>
      <h1>{t('admin.members.title')}</h1>
      <search>
        <form method="get" action="/admin/membres" class="search-row">
          <label for="recherche-membres" class="visually-hidden">
            {t('admin.members.search')}
          </label>
          <input type="search" id="recherche-membres" name="q" value={q} placeholder={t('admin.members.search')} />
          <button type="submit" class="button">
            {t('places.searchSubmit')}
          </button>
        </form>
      </search>
      <table class="data-table stack-table">
        <caption>{t('admin.members.count', { count: data.total })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('accounts.displayName')}</th>
            <th scope="col">{t('admin.members.since')}</th>
            <th scope="col">{t('admin.members.role')}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((u) => (
            <tr>
              <td>
                {u.displayName}
                {!u.emailVerifiedAt && <span class="muted"> ({t('admin.members.unverified')})</span>}
              </td>
              <td data-label={t('admin.members.since')}>{formatDate(locale, u.createdAt)}</td>
              <td data-label={t('admin.members.role')}>
                {u.id === viewer?.id ? (
                  t(`role.${u.role}`)
                ) : (
                  <Form action={`/admin/membres/${u.id}/role`} class="inline-form">
                    <label for={`role-${u.id}`} class="visually-hidden">
                      {t('admin.members.roleOf', { name: u.displayName })}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {ROLES.map((r) => (
                        <option value={r} selected={u.role === r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>{' '}
                    <SubmitButton variant="secondary">{t('form.save')}</SubmitButton>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination
        page={page}
        pages={Math.ceil(data.total / data.perPage)}
        href={(p) => `/admin/membres?page=${p}${q ? `&q=${encodeURIComponent(q)}` : ''}`}
      />
    </Layout>
  );
}

export function mountAdminPages(app: Hono<AppEnv>) {
  app.get('/admin', (c) => {
    if (!isAdmin(requireViewer(c))) {
      throw new AppError('FORBIDDEN', { message: 'admins only', userMessage: 'errors.forbidden' });
    }
    return renderPage(c, <AdminHome />);
  });
  app.get('/admin/outbox', async (c) => {
    const deps = c.get('deps');
    const mails = await listOutbox(deps, requireViewer(c));
    return renderPage(c, <OutboxPage mails={mails} mode={deps.mailer.mode} />);
  });
  app.get('/admin/membres', async (c) => {
    const page = Math.min(Math.max(1, Number(c.req.query('page')) || 1), 10_000);
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const data = await listMembersForAdmin(c.get('deps'), requireViewer(c), { q: q || undefined, page });
    return renderPage(c, <MembersPage data={data} page={page} q={q} />);
  });
  app.post('/admin/membres/:id/role', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    const role = formString(values, 'role') as Role;
    const id = c.req.param('id');
    if (!ROLES.includes(role) || !/^[0-9a-f-]{36}$/i.test(id)) {
      throw new AppError('VALIDATION_FAILED', { message: 'invalid role', userMessage: 'errors.validation' });
    }
    await changeRole(c.get('deps'), viewer, id, role);
    return redirectWithFlash(c, '/admin/membres', 'admin.members.roleChanged');
  });
}
