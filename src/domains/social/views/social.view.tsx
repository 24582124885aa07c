import { formatDate } from '../../../lib/i18n.ts';
import { useView } from '../../../views/context.ts';
import { Form, SubmitButton } from '../../../views/forms.tsx';
import { Layout } from '../../../views/layout.tsx';

export function NotificationsPage({
  items,
}: {
  items: Array<{ id: string; text: string; href: string; createdAt: Date; unread: boolean }>;
}) {
  const { t, locale } = useView();
  const unread = items.filter((i) => i.unread).length;
  return (
    <Layout title={t('notifications.title')}>
      <h1>{t('notifications.title')}</h1>
      {unread > 0 && (
        <Form action="/notifications/lues">
          <SubmitButton variant="secondary">{t('notifications.markRead', { count: unread })}</SubmitButton>
        </Form>
      )}
      {items.length === 0 && <p class="muted">{t('notifications.none')}</p>}
      <ul class="notification-list">
        {items.map((n) => (
          <li class={n.unread ? 'unread' : ''}>
            {n.unread && <span class="visually-hidden">{t('notifications.new')} </span>}
            <a href={n.href}>{n.text}</a> <span class="muted">{formatDate(locale, n.createdAt, true)}</span>
          </li>
        ))}
      </ul>
      <p class="hint">
        {t('notifications.emailsHint')} <a href="/profil">{t('people.self.edit')}</a>
      </p>
    </Layout>
  );
}

export function MessagesPage({
  messages,
}: {
  messages: Array<{ id: string; body: string; createdAt: Date; incoming: boolean; otherName: string | null; otherSlug: string | null }>;
}) {
  const { t, locale } = useView();
  return (
    <Layout title={t('social.messages.title')}>
      <h1>{t('social.messages.title')}</h1>
      <p class="hint">{t('social.messages.privacy')}</p>
      {messages.length === 0 && <p class="muted">{t('social.messages.none')}</p>}
      {messages.map((m) => (
        <article class="card message">
          <h2>
            {m.incoming
              ? t('social.messages.from', { name: m.otherName ?? t('people.formerMember'), date: formatDate(locale, m.createdAt, true) })
              : t('social.messages.to', { name: m.otherName ?? t('people.formerMember'), date: formatDate(locale, m.createdAt, true) })}
          </h2>
          <p class="pre-line">{m.body}</p>
          {m.incoming && m.otherSlug && (
            <p>
              <a href={`/membres/${m.otherSlug}#ecrire-membre`}>{t('social.messages.reply', { name: m.otherName ?? '' })}</a>
            </p>
          )}
        </article>
      ))}
    </Layout>
  );
}

export function UnsubscribePage({ token, state }: { token: string; state: 'ask' | 'done' | 'invalid' }) {
  const { t } = useView();
  return (
    <Layout title={t('social.unsubscribe.title')}>
      <div class="narrow">
        <h1>{t('social.unsubscribe.title')}</h1>
        {state === 'ask' && (
          <>
            <p>{t('social.unsubscribe.lead')}</p>
            <Form action="/desabonnement">
              <input type="hidden" name="token" value={token} />
              <SubmitButton>{t('social.unsubscribe.submit')}</SubmitButton>
            </Form>
          </>
        )}
        {state === 'done' && (
          <p class="notice notice-success" role="status">
            {t('social.unsubscribe.done')}
          </p>
        )}
        {state === 'invalid' && <p>{t('social.unsubscribe.invalid')}</p>}
      </div>
    </Layout>
  );
}
