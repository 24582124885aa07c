import type { Deps } from '../../deps.ts';
import { translator } from '../../i18n/index.ts';
import { ICAL_CONTENT_TYPE, renderCalendar } from '../../lib/ical.ts';
import { getContactsOfUsers } from '../accounts/accounts.service.ts';
import { formatSession } from './events.format.ts';
import { sessionForCalendar, toIcalEvent } from './events.ical.ts';
import * as repo from './events.repo.ts';
import type { RegistrationStatus } from './events.schema.ts';

export type RegistrationMail = 'confirmed' | 'waiting' | 'promoted' | 'cancelled';
export type RegistrantsMail = 'moved' | 'sessionCancelled' | 'eventCancelled' | 'eventPostponed' | 'reminder' | 'message';

/** What one e-mail is about: a registration, its session and event, and how to reach its member. */
interface MailSubject {
  registration: repo.RegistrationRow;
  session: repo.SessionWithCounts;
  event: repo.EventDetailRow;
  contact: Awaited<ReturnType<typeof getContactsOfUsers>>[number];
}

/** The session as an .ics: cancelled when the registration is. */
function calendarOf(deps: Deps, c: MailSubject): string {
  const status = c.registration.status === 'cancelled' ? 'cancelled' : c.event.status;
  return renderCalendar({
    name: c.event.title,
    events: [toIcalEvent(sessionForCalendar({ ...c.event, status }, c.session), deps.config.publicUrl)],
  });
}

/**
 * One e-mail about one registration, in the member's language: what, when (in the event's zone),
 * where, the link to the event, the cancel link (every e-mail has it), and the calendar entry
 * (.ics) — a cancelled one when the registration or the session is cancelled.
 */
async function deliver(
  deps: Deps,
  c: MailSubject,
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
          attachments: [{ filename: 'evenement.ics', contentType: `${ICAL_CONTENT_TYPE}; method=PUBLISH`, content: calendarOf(deps, c) }],
        }
      : {}),
  });
}

/** Tell a member what happened to their registration. */
export async function sendRegistrationMail(deps: Deps, registrationId: string, kind: RegistrationMail): Promise<void> {
  const registration = await repo.findRegistration(deps.db, { id: registrationId });
  const session = registration && (await repo.findSession(deps.db, registration.sessionId));
  const event = session && (await repo.findEvent(deps.db, { id: session.eventId }));
  const [contact] = event && registration ? await getContactsOfUsers(deps, [registration.userId]) : [];
  if (registration && session && event && contact) {
    await deliver(deps, { registration, session, event, contact }, kind);
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
  const event = await repo.findEvent(deps.db, { id: eventId });
  if (!event) {
    return 0;
  }
  const now = Date.now();
  const sessions = new Map((await repo.listSessions(deps.db, eventId)).map((s) => [s.id, s]));
  const rows = (await repo.listRegistrations(deps.db, eventId, { sessionId: sessionId ?? undefined, statuses })).filter(
    (r) => sessionId !== null || (sessions.get(r.sessionId)?.endsAt.getTime() ?? 0) > now,
  );
  const contacts = new Map((await getContactsOfUsers(deps, [...new Set(rows.map((r) => r.userId))])).map((c) => [c.userId, c]));
  let sent = 0;
  for (const registration of rows) {
    const session = sessions.get(registration.sessionId);
    const contact = contacts.get(registration.userId);
    if (session && contact) {
      await deliver(deps, { registration, session, event, contact }, kind, message);
      sent++;
    }
  }
  return sent;
}
