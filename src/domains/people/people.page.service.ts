import { readTogether } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { memberSkillsPart } from '../skills/skills.service.ts';
import { followStateOf, followStatePart } from '../social/social.service.ts';
import { presentMember } from './people.presenter.ts';
import { type MemberRow, memberPlacesPart } from './people.repo.ts';
import { memberSections } from './people.sections.ts';

/**
 * What a member's page shows besides the profile — skills with their vouches, places, followers —
 * and what other domains registered (people.sections.ts) — in one statement: with the profile's
 * own read, the page costs the database two statements.
 */
export async function memberPageData(deps: Deps, viewer: Viewer | null, member: MemberRow) {
  const sections = memberSections();
  const rows = await readTogether(deps.db, {
    skills: memberSkillsPart(member.userId, viewer),
    places: memberPlacesPart(member.userId),
    follow: followStatePart(viewer, 'member', member.userId),
    ...Object.fromEntries(sections.map((s) => [`section_${s.key}`, s.part(member.userId)])),
  });
  const who = { slug: member.slug, displayName: member.displayName, isSelf: !!viewer && viewer.id === member.userId };
  const extra = rows as unknown as Record<string, object[]>;
  return {
    member: presentMember(member, viewer, { places: rows.places, skills: rows.skills }),
    follow: followStateOf(rows.follow),
    sections: sections.map((s) => s.render(extra[`section_${s.key}`] ?? [], who)),
  };
}
