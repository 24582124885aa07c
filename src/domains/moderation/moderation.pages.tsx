import type { Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { formatNumber } from '../../lib/i18n.ts';
import { useView } from '../../views/context.ts';
import { Icon } from '../../views/icons.tsx';
import { Layout } from '../../views/layout.tsx';
import { renderPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { moderationDashboard } from './moderation.service.ts';

type Queues = Awaited<ReturnType<typeof moderationDashboard>>;

/** One card per queue with what waits in it; the empty ones say so. */
function DashboardPage({ queues }: { queues: Queues }) {
  const { t, locale } = useView();
  const total = queues.reduce((n, q) => n + q.waiting, 0);
  return (
    <Layout title={t('moderation.title')}>
      <h1>{t('moderation.title')}</h1>
      <p class="lead">{total > 0 ? t('moderation.waitingTotal', { count: total }) : t('moderation.allClear')}</p>
      <ul class="card-grid queues">
        {queues.map((q) => (
          <li class={`card queue${q.waiting > 0 ? ' queue-busy' : ''}`}>
            <span class="objective-icon" aria-hidden="true">
              <Icon name={q.icon} />
            </span>
            <h2>
              <a href={q.path}>{t(q.titleKey)}</a>
            </h2>
            <p class="queue-count">
              <strong>{formatNumber(locale, q.waiting)}</strong> {t('moderation.waiting', { count: q.waiting })}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function mountModerationPages(app: Hono<AppEnv>) {
  app.get('/moderation', async (c) => {
    const queues = await moderationDashboard(c.get('deps'), requireViewer(c));
    c.header('Cache-Control', 'private, no-store');
    return renderPage(c, <DashboardPage queues={queues} />);
  });
}
