import type { Viewer } from '../../lib/viewer.ts';
import { canSee } from '../../lib/visibility.ts';
import { getDepartment, getRegion } from '../geo/territories.ts';
import type { MemberRow } from './people.repo.ts';

/**
 * A member as `viewer` may see them: the display name always; every other field only at the
 * visibility its owner chose. Never the e-mail address, never more than the commune.
 */
export function presentMember<S, P>(member: MemberRow, viewer: Viewer | null, extra: { places: P[]; skills: S[] }) {
  const see = (field: keyof MemberRow['visibility']) => canSee(viewer, member.userId, member.visibility[field]);
  const isSelf = viewer?.id === member.userId;
  return {
    id: member.userId,
    slug: member.slug,
    displayName: member.displayName,
    isSelf,
    bio: see('bio') ? member.bio : null,
    // Served through the member's page (visibility checked on every read), never by its storage key.
    photoUrl: see('photo') && member.photoKey ? `/membres/${member.slug}/photo?v=${member.photoKey.slice(0, 10)}` : null,
    roles: see('roles')
      ? { networkRoles: member.networkRoles, teachingDiscipline: member.teachingDiscipline, teachingLevel: member.teachingLevel }
      : null,
    territory:
      see('territory') && member.communeName
        ? {
            commune: member.communeName,
            department: getDepartment(member.departmentCode)?.name ?? null,
            region: getRegion(member.regionCode)?.name ?? null,
            academie: member.academie,
          }
        : null,
    places: see('places') ? extra.places : null,
    skills: see('skills') ? extra.skills : null,
    openTo: see('openTo') ? member.openTo : null,
    links: see('links') ? member.links : null,
    memberSince: member.createdAt,
    ...(isSelf ? { visibility: member.visibility, digest: member.digest } : {}),
  };
}

export type PresentedMember = ReturnType<typeof presentMember>;
