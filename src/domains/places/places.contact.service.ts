import type { Deps } from '../../deps.ts';
import { translator } from '../../i18n/index.ts';
import { sha256 } from '../../lib/crypto.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { getContactsOfUsers } from '../accounts/accounts.service.ts';
import * as throttle from '../accounts/throttle.service.ts';
import { canContactPlace, canReadPlaceMessages } from './places.policy.ts';
import * as repo from './places.repo.ts';

async function placeWithTeam(deps: Deps, placeId: string) {
  const place = await repo.findPlaceById(deps.db, placeId);
  if (!place) {
    throw notFound('place');
  }
  return { place, managerIds: await repo.listManagerIds(deps.db, placeId) };
}

/**
 * A visitor writes to a place. The team gets the message by e-mail and in its inbox; the
 * sender's address is kept only so the team's reply can reach them — nobody sees it.
 */
export async function contactPlace(
  deps: Deps,
  placeId: string,
  input: { senderName: string; senderEmail: string; message: string },
  meta: { ip: string },
): Promise<void> {
  const { place, managerIds } = await placeWithTeam(deps, placeId);
  if (!canContactPlace({ status: place.status, managerIds })) {
    throw notFound('place');
  }
  await throttle.enforce(deps.db, `contact:${sha256(throttle.ipKey(meta.ip))}`, throttle.LIMITS.contactPerIp);
  await repo.insertMessage(deps.db, { placeId, senderName: input.senderName, senderEmail: input.senderEmail, body: input.message });
  for (const member of await getContactsOfUsers(deps, managerIds)) {
    const t = translator(member.locale);
    await deps.mailer.send({
      to: member.email,
      subject: t('mail.placeMessage.subject', { place: place.name }),
      text: t('mail.placeMessage.body', {
        name: member.displayName,
        place: place.name,
        sender: input.senderName,
        message: input.message,
        link: `${deps.config.publicUrl}/lieux/${place.slug}/messages`,
      }),
    });
  }
}

async function requireTeam(deps: Deps, viewer: Viewer | null, placeId: string) {
  const { place, managerIds } = await placeWithTeam(deps, placeId);
  if (!canReadPlaceMessages(viewer, { status: place.status, managerIds })) {
    throw forbidden('team only');
  }
  return place;
}

export async function listPlaceMessages(deps: Deps, viewer: Viewer | null, placeId: string) {
  await requireTeam(deps, viewer, placeId);
  return repo.listMessages(deps.db, placeId);
}

/** The team answers; the answer goes to the sender by e-mail, signed with the member's name. */
export async function replyToPlaceMessage(
  deps: Deps,
  viewer: Viewer | null,
  placeId: string,
  messageId: string,
  reply: string,
): Promise<void> {
  const place = await requireTeam(deps, viewer, placeId);
  const message = await repo.findMessage(deps.db, placeId, messageId);
  if (!message) {
    throw notFound('message');
  }
  const t = translator('fr');
  await deps.mailer.send({
    to: message.senderEmail,
    subject: t('mail.placeReply.subject', { place: place.name }),
    text: t('mail.placeReply.body', {
      sender: message.senderName,
      place: place.name,
      member: viewer?.displayName ?? '',
      reply,
      original: message.body,
    }),
  });
  await repo.markMessageReplied(deps.db, messageId);
}
