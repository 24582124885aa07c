import type { Deps } from '../../deps.ts';
import { translator } from '../../i18n/index.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { findMemberByEmail } from '../accounts/accounts.service.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { showingTheirPlaces } from '../people/people.service.ts';
import { canManageTeam } from './places.policy.ts';
import type { PlaceDetail } from './places.presenter.ts';
import * as repo from './places.repo.ts';
import { PLACES_TOPIC } from './places.service.ts';

async function requireTeamManager(deps: Deps, viewer: Viewer | null, placeId: string) {
  const place = await repo.findPlaceById(deps.db, placeId);
  if (!place) {
    throw notFound('place');
  }
  const managerIds = await repo.listManagerIds(deps.db, placeId);
  if (!canManageTeam(viewer, { status: place.status, managerIds })) {
    throw forbidden('team only');
  }
  return { place, managerIds };
}

/**
 * Add a member to the team by their e-mail address. The answer does not say whether an
 * account exists; the member is told by e-mail when added.
 */
export async function addTeamMember(deps: Deps, viewer: Viewer | null, placeId: string, email: string): Promise<void> {
  const { place } = await requireTeamManager(deps, viewer, placeId);
  const member = await findMemberByEmail(deps, email);
  if (!member) {
    return;
  }
  await deps.db.transaction(async (tx) => {
    await repo.addManager(tx, placeId, member.id);
    await recordEvent(tx, {
      actorId: viewer?.id ?? null,
      action: 'place.manager_added',
      subjectType: 'place',
      subjectId: placeId,
      payload: { userId: member.id },
    });
  });
  const t = translator(member.locale);
  await deps.mailer.send({
    to: member.email,
    subject: t('mail.teamAdded.subject', { place: place.name }),
    text: t('mail.teamAdded.body', {
      name: member.displayName,
      place: place.name,
      by: viewer?.displayName ?? '',
      link: `${deps.config.publicUrl}/lieux/${place.slug}`,
    }),
  });
  await deps.changes.publish(PLACES_TOPIC);
}

/** Remove someone from the team; the last member cannot leave (a place always has a team). */
export async function removeTeamMember(deps: Deps, viewer: Viewer | null, placeId: string, userId: string): Promise<void> {
  const { managerIds } = await requireTeamManager(deps, viewer, placeId);
  if (!managerIds.includes(userId)) {
    throw notFound('team member');
  }
  if (managerIds.length === 1) {
    throw new AppError('CONFLICT', { message: 'a place keeps at least one team member', userMessage: 'places.team.lastMember' });
  }
  await deps.db.transaction(async (tx) => {
    await repo.removeManager(tx, placeId, userId);
    await recordEvent(tx, {
      actorId: viewer?.id ?? null,
      action: 'place.manager_removed',
      subjectType: 'place',
      subjectId: placeId,
      payload: { userId },
    });
  });
  await deps.changes.publish(PLACES_TOPIC);
}

/**
 * The place as `viewer` may see it named: its team lists only those whose "places" field the
 * viewer may read on their profile (the team's own page, /equipe, still lists everyone).
 */
export async function withVisibleTeam<P extends Pick<PlaceDetail, 'team'>>(deps: Deps, viewer: Viewer | null, place: P): Promise<P> {
  return withTeamShown(
    place,
    await showingTheirPlaces(
      deps,
      viewer,
      place.team.map((m) => m.userId),
    ),
  );
}

/** The place with only these members of its team (those the viewer may see named). */
export const withTeamShown = <P extends Pick<PlaceDetail, 'team'>>(place: P, shown: ReadonlySet<string>): P => ({
  ...place,
  team: place.team.filter((m) => shown.has(m.userId)),
});
