import type { Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { formString, readForm } from '../../lib/request-body.ts';
import { UUID_PATTERN } from '../../lib/validation.ts';
import { redirectWithFlash, renderPage } from '../../views/render.tsx';
import { safeNextPath } from '../accounts/accounts.validation.ts';
import { requireViewer } from '../accounts/guards.ts';
import { findProfileByUnsubscribeToken, unsubscribe } from '../people/people.service.ts';
import { FOLLOW_TARGETS, type FollowTarget } from './social.schema.ts';
import { follow, listMyMessages, listMyNotifications, markAllRead, unfollow } from './social.service.ts';
import { MessagesPage, NotificationsPage, UnsubscribePage } from './views/social.view.tsx';

export function mountSocialPages(app: Hono<AppEnv>) {
  app.post('/suivre', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    const type = formString(values, 'type') as FollowTarget;
    const id = formString(values, 'id');
    if (!FOLLOW_TARGETS.includes(type) || !UUID_PATTERN.test(id)) {
      throw new AppError('VALIDATION_FAILED', { message: 'invalid follow target', userMessage: 'errors.validation' });
    }
    const stop = formString(values, 'stop') === '1';
    await (stop ? unfollow : follow)(c.get('deps'), viewer, type, id);
    return redirectWithFlash(c, safeNextPath(formString(values, 'next')), stop ? 'social.unfollowed' : 'social.followed');
  });

  app.get('/notifications', async (c) => {
    const viewer = requireViewer(c);
    return renderPage(c, <NotificationsPage items={await listMyNotifications(c.get('deps'), viewer, c.get('t'))} />);
  });
  app.post('/notifications/lues', async (c) => {
    await markAllRead(c.get('deps'), requireViewer(c));
    return redirectWithFlash(c, '/notifications', 'notifications.allRead');
  });

  app.get('/messages', async (c) => {
    const viewer = requireViewer(c);
    return renderPage(c, <MessagesPage messages={await listMyMessages(c.get('deps'), viewer)} />);
  });

  // The link in every notification e-mail: GET shows a button, POST turns e-mails off (no sign-in).
  app.get('/desabonnement', async (c) => {
    const token = c.req.query('token') ?? '';
    c.header('Referrer-Policy', 'no-referrer');
    const known = token.length >= 20 && token.length < 100 && !!(await findProfileByUnsubscribeToken(c.get('deps'), token));
    return renderPage(c, <UnsubscribePage token={token} state={known ? 'ask' : 'invalid'} />, known ? 200 : 404);
  });
  app.post('/desabonnement', async (c) => {
    const { values } = await readForm(c);
    const done = await unsubscribe(c.get('deps'), formString(values, 'token').slice(0, 100));
    return renderPage(c, <UnsubscribePage token="" state={done ? 'done' : 'invalid'} />, done ? 200 : 404);
  });
}
