import type { Deps } from '../../deps.ts';
import { translator } from '../../i18n/index.ts';
import { ICAL_CONTENT_TYPE, renderCalendar } from '../../lib/ical.ts';
import { getContactsOfUsers } from '../accounts/accounts.service.ts';
import { formatSession } from './events.format.ts';
import { toIcalEvent } from './events.ical.ts';
import * as repo from './events.repo.ts';
import type { RegistrationStatus } from './events.schema.ts';

export type RegistrationMail = 'confirmed' | 'waiting' | 'promoted' | 'cancelled';
export type RegistrantsMail = 'moved' | 'sessionCancelled' | 'eventCancelled' | 'eventPostponed' | 'reminder' | 'message';

async function context(deps: Deps, registrationId: string) {
  const registration = await repo.findRegistration(deps.db, { id: registrationId });
  const session = registration ? await repo.findSession(deps.db, registration.sessionId) : undefined;
  const event = session ? await repo.findEvent(deps.db, { id: session.eventId }) : undefined;
  const [contact] = registration ? await getContactsOfUsers(deps, [registration.userId]) : [];
  return registration && session && event && contact ? { registration, session, event, contact } : null;
}

type Context = NonNullable<Awaited<ReturnType<typeof context>>>;

function calendarOf(deps: Deps, c: Context, tentative: boolean): string {
  return renderCalendar({
    name: c.event.title,
    events: [
      toIcalEvent(
        {
          sessionId: c.session.id,
          startsAt: c.session.startsAt,
          endsAt: c.session.endsAt,
          sessionStatus: c.session.status,
          sequence: c.event.sequence + c.session.sequence,
          updatedAt: new Date(Math.max(c.event.updatedAt.getTime(), c.session.updatedAt.getTime())),
          slug: c.event.slug,
          title: c.event.title,
          status: c.registration.status === 'cancelled' ? 'cancelled' : c.event.status,
          timeZone: c.event.timeZone,
          kind: c.event.kind,
          venueName: c.event.venueName,
          address: c.event.address,
          commune: c.event.commune,
          latitude: c.event.latitude,
          longitude: c.event.longitude,
          attendanceMode: c.event.attendanceMode,
          descriptionMd: c.event.descriptionMd,
        },
        deps.config.publicUrl,
        { tentative },
      ),
    ],
  });
}

/**
 * One e-mail about one registration, in the member's language: what, when (in the event's zone),
 * where, the link to the event, the cancel link (every e-mail has it), and the calendar entry
 * (.ics) — a cancelled one when the registration or the session is cancelled.
 */
async function deliver(
  deps: Deps,
  c: Context,
  kind: RegistrationMail | RegistrantsMail,
  extra?: { subject: string; body: string; from: string },
) {
  const t = translator(c.contact.locale);
  const when = formatSession(c.contact.locale, c.session, c.event.timeZone);
  const where =
    c.event.attendanceMode === 'online'
      ? t('events.mail.online')
      : [c.event.venueName, c.event.address, c.event.commune].filter(Boolean).join(', ');
  const link = `${deps.config.publicUrl}/agenda/${c.event.slug}`;
  const cancel = `${deps.config.publicUrl}/agenda/annulation/${c.registration.cancelToken}`;
  const confirmed = c.registration.status === 'confirmed';
  const params = { name: c.contact.displayName, title: c.event.title, when, where, seats: c.registration.seats };
  const lines = [
    extra ? t('events.mail.message.intro', { ...params, from: extra.from }) : t(`events.mail.${kind}.body`, params),
    '',
    ...(extra ? [extra.body, ''] : []),
    `${t('events.mail.when')} ${when}`,
    ...(where ? [`${t('events.mail.where')} ${where}`] : []),
    ...(confirmed && c.event.onlineUrl && kind !== 'cancelled' ? [`${t('events.mail.onlineLink')} ${c.event.onlineUrl}`] : []),
    link,
    '',
    ...(c.registration.status !== 'cancelled' && c.session.status !== 'cancelled' && c.event.status !== 'cancelled'
      ? [t('events.mail.cancelLink', { link: cancel })]
      : []),
  ];
  const withCalendar =
    kind !== 'waiting' &&
    kind !== 'message' &&
    (confirmed || kind === 'cancelled' || kind === 'sessionCancelled' || kind === 'eventCancelled');
  await deps.mailer.send({
    to: c.contact.email,
    subject: extra
      ? t('events.mail.message.subject', { title: c.event.title, subject: extra.subject })
      : t(`events.mail.${kind}.subject`, params),
    text: lines.join('\n'),
    ...(withCalendar
      ? {
          attachments: [
            { filename: 'evenement.ics', contentType: `${ICAL_CONTENT_TYPE}; method=PUBLISH`, content: calendarOf(deps, c, false) },
          ],
        }
      : {}),
  });
}

/** Tell a member what happened to their registration. */
export async function sendRegistrationMail(deps: Deps, registrationId: string, kind: RegistrationMail): Promise<void> {
  const c = await context(deps, registrationId);
  if (c) {
    await deliver(deps, c, kind);
  }
}

/**
 * Write to every registrant of a session (or of the event's sessions to come): a change, a
 * cancellation, a reminder, or the organisers' message. Returns how many e-mails went out.
 */
export async function mailRegistrants(
  deps: Deps,
  eventId: string,
  sessionId: string | null,
  kind: RegistrantsMail,
  statuses: RegistrationStatus[],
  message?: { subject: string; body: string; from: string },
): Promise<number> {
  const now = Date.now();
  const sessions = new Map((await repo.listSessions(deps.db, eventId)).map((s) => [s.id, s]));
  const rows = (await repo.listRegistrants(deps.db, eventId, { sessionId: sessionId ?? undefined, statuses })).filter(
    (r) => sessionId !== null || (sessions.get(r.sessionId)?.endsAt.getTime() ?? 0) > now,
  );
  let sent = 0;
  for (const r of rows) {
    const c = await context(deps, r.id);
    if (c) {
      await deliver(deps, c, kind, message);
      sent++;
    }
  }
  return sent;
}
