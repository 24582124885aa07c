import type { Deps } from '../../deps.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { getMemberById, listPlacesOf } from '../people/people.service.ts';
import { listMemberSkills } from '../skills/skills.service.ts';
import { listFollowing } from '../social/social.service.ts';

export type WelcomeStep = 'profile' | 'skills' | 'places' | 'follow';

export interface WelcomeItem {
  step: WelcomeStep;
  done: boolean;
  href: string;
}

/**
 * What a new member does first, and what is done already: say who one is and where (roles, a
 * commune, a few words), the skills one has, the places one takes part in, places to follow
 * near one's commune. The list disappears once all four are done.
 */
export async function welcomeChecklist(deps: Deps, viewer: Viewer): Promise<WelcomeItem[]> {
  const [member, skills, places, following] = await Promise.all([
    getMemberById(deps, viewer.id),
    listMemberSkills(deps, viewer.id, viewer),
    listPlacesOf(deps, viewer.id),
    listFollowing(deps, viewer),
  ]);
  const near = member.communeName ? `?pres=${encodeURIComponent(member.communeName)}&km=30` : '';
  return [
    { step: 'profile', done: Boolean(member.bio.trim() && member.communeName && member.networkRoles.length > 0), href: '/profil' },
    { step: 'skills', done: skills.length > 0, href: '/profil/competences' },
    { step: 'places', done: places.length > 0, href: `/lieux${near}` },
    { step: 'follow', done: following.some((f) => f.targetType === 'place'), href: `/lieux${near}` },
  ];
}

export const isWelcomeDone = (items: WelcomeItem[]) => items.every((i) => i.done);
