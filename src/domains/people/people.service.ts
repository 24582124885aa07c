import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { TopicCache } from '../../lib/change-feed.ts';
import { randomToken } from '../../lib/crypto.ts';
import { forbidden, notFound, validationFailed } from '../../lib/errors.ts';
import { processAvatar } from '../../lib/images.ts';
import { registerPersonalData, registerPersonalFiles } from '../../lib/personal-data.ts';
import { slugify } from '../../lib/slug.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { canSee, readableVisibilities, type Visibility } from '../../lib/visibility.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { academieOf, communeCentre, findCommunesByPostcode, resolveCommune, searchCommunes } from '../geo/territories.ts';
import { understandQuery } from '../search/search.query.ts';
import { PEOPLE_TOPIC } from '../skills/skills.service.ts';
import { presentMember } from './people.presenter.ts';
import * as repo from './people.repo.ts';
import { DEFAULT_VISIBILITY, type ProfileData } from './people.validation.ts';

export { PEOPLE_TOPIC };

/** People changed: the directory, and place pages (which list participants), are refreshed. */
async function publishPeopleChange(deps: Deps) {
  await deps.changes.publish(PEOPLE_TOPIC);
  await deps.changes.publish('places');
}
export const MEMBERS_PER_PAGE = 24;

async function uniqueSlug(db: DbOrTx, displayName: string): Promise<string> {
  const base = slugify(displayName, 50) || 'membre';
  for (let n = 1; n < 10_000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await repo.slugTaken(db, candidate))) {
      return candidate;
    }
  }
  return `${base}-${randomToken(4).toLowerCase()}`;
}

/** Every account gets a profile (privacy by default: fields visible to members only). */
export async function createProfileFor(db: DbOrTx, user: { id: string; displayName: string }): Promise<void> {
  await repo.insertProfile(db, {
    userId: user.id,
    slug: await uniqueSlug(db, user.displayName),
    visibility: DEFAULT_VISIBILITY,
    unsubscribeToken: randomToken(24),
  });
  await repo.refreshSearchText(db, user.id);
}

/** Rebuild a member's directory text (after a change of profile or skills), in the caller's transaction. */
export const refreshMemberSearch = (db: DbOrTx, userId: string) => repo.refreshSearchText(db, userId);

/** Find where someone is from what they typed: commune name, with the postcode when the name is ambiguous. */
export function resolveTerritory(input: { commune?: string; postcode?: string }) {
  if (!input.commune && !input.postcode) {
    return null;
  }
  let commune = resolveCommune({ commune: input.commune, postcode: input.postcode });
  if (!commune && input.commune && !input.postcode) {
    const candidates = searchCommunes(input.commune, 20).filter((c) => c.name.toLowerCase() === input.commune?.toLowerCase());
    if (candidates.length === 1) {
      commune = candidates[0];
    } else if (candidates.length > 1) {
      throw validationFailed({ postcode: ['people.territory.ambiguous'] }, 'several communes have this name');
    }
  }
  if (!commune) {
    if (input.postcode && findCommunesByPostcode(input.postcode).length === 0) {
      throw validationFailed({ postcode: ['v.postcodeUnknown'] });
    }
    throw validationFailed({ commune: ['people.territory.unknown'] }, 'commune not found');
  }
  const centre = communeCentre(commune.code);
  return {
    communeInsee: commune.code,
    communeName: commune.name,
    departmentCode: commune.departmentCode,
    regionCode: commune.regionCode,
    academie: academieOf(commune.departmentCode) ?? null,
    latitude: centre?.lat ?? null,
    longitude: centre?.lng ?? null,
  };
}

export async function getMember(deps: Deps, slug: string) {
  const member = await repo.findMemberBySlug(deps.db, slug);
  if (!member?.emailVerified) {
    throw notFound('member');
  }
  return member;
}

export async function getMemberById(deps: Deps, userId: string) {
  const member = await repo.findMemberById(deps.db, userId);
  if (!member) {
    throw notFound('member');
  }
  return member;
}

/** How many people have a confirmed account. */
export const countMembers = (deps: Deps) => repo.countVerifiedMembers(deps.db);

/** The places a member takes part in or runs. */
export const listPlacesOf = (deps: Deps, userId: string) => repo.listMemberPlaces(deps.db, userId);

/** The commune a signed-in person gave in their profile: what "près de…" fields start with. */
export async function viewerCommune(deps: Deps, viewer: Viewer | null): Promise<string> {
  if (!viewer) {
    return '';
  }
  return (await repo.findMemberById(deps.db, viewer.id))?.communeName ?? '';
}

/** A member's page as the viewer may see it: visible fields, their places and skills. */
export async function getMemberView<S>(deps: Deps, viewer: Viewer | null, member: repo.MemberRow, skills: S[]) {
  const places = await repo.listMemberPlaces(deps.db, member.userId);
  return presentMember(member, viewer, { places, skills });
}

/** Save one's own profile (the display name lives on the account). */
export async function updateMyProfile(deps: Deps, viewer: Viewer | null, data: ProfileData): Promise<void> {
  if (!viewer) {
    throw forbidden('sign in');
  }
  const territory = resolveTerritory({ commune: data.commune, postcode: data.postcode });
  await deps.db.transaction(async (tx) => {
    await repo.updateDisplayName(tx, viewer.id, data.displayName);
    await repo.updateProfile(tx, viewer.id, {
      bio: data.bio,
      networkRoles: data.networkRoles,
      teachingDiscipline: data.teachingDiscipline ?? null,
      teachingLevel: data.teachingLevel ?? null,
      openTo: data.openTo,
      links: data.links,
      visibility: data.visibility,
      digest: data.digest,
      ...(territory ?? {
        communeInsee: null,
        communeName: null,
        departmentCode: null,
        regionCode: null,
        academie: null,
        latitude: null,
        longitude: null,
      }),
    });
    await repo.refreshSearchText(tx, viewer.id);
    await recordEvent(tx, { actorId: viewer.id, action: 'profile.updated', subjectType: 'user', subjectId: viewer.id });
  });
  await publishPeopleChange(deps);
}

/** Change one's display name (from the account page): the directory finds the new name at once. */
export async function renameMember(deps: Deps, viewer: Viewer, displayName: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await repo.updateDisplayName(tx, viewer.id, displayName);
    await repo.refreshSearchText(tx, viewer.id);
  });
  await publishPeopleChange(deps);
}

/** "I take part in this place" (with one's role there), or stop. */
export async function affiliate(deps: Deps, viewer: Viewer | null, placeId: string, role: string): Promise<void> {
  if (!viewer?.emailVerified) {
    throw forbidden('confirmed members only');
  }
  await repo.upsertAffiliation(deps.db, viewer.id, placeId, role);
  await publishPeopleChange(deps);
}

export async function leavePlace(deps: Deps, viewer: Viewer | null, placeId: string): Promise<void> {
  if (!viewer) {
    throw forbidden('sign in');
  }
  await repo.deleteAffiliation(deps.db, viewer.id, placeId);
  await publishPeopleChange(deps);
}

export const findAffiliation = (deps: Deps, userId: string, placeId: string) => repo.findAffiliation(deps.db, userId, placeId);
/**
 * Of `userIds`, those whose "places" field `viewer` may see: every list that names someone as
 * being of a place (a team, say) follows the same rule as their profile.
 */
export async function showingTheirPlaces(deps: Deps, viewer: Viewer | null, userIds: readonly string[]): Promise<Set<string>> {
  return teamShown(viewer, await repo.fieldVisibilities(deps.db, userIds, 'places'));
}

export const listPlaceParticipants = (deps: Deps, viewer: Viewer | null, placeId: string) =>
  repo.listPlaceParticipants(deps.db, placeId, readableVisibilities(viewer));

/**
 * The people side of a place's page as parts of one statement (readTogether): who takes part
 * (as the viewer may see them), the viewer's own part, and the visibility of the team's places.
 */
export const placePageParts = (viewer: Viewer | null, placeId: string, teamIds: readonly string[]) => ({
  participants: repo.placeParticipantsPart(placeId, readableVisibilities(viewer)),
  affiliation: repo.affiliationPart(viewer?.id ?? null, placeId),
  teamVisibility: repo.fieldVisibilitiesPart(teamIds, 'places'),
});

/** Of the team, those whose "places" field the viewer may read (the rows of `teamVisibility`). */
export const teamShown = (viewer: Viewer | null, rows: Array<{ userId: string; visibility: Visibility }>): Set<string> =>
  new Set(rows.filter((r) => canSee(viewer, r.userId, r.visibility)).map((r) => r.userId));

export interface MemberSearchResult {
  cards: repo.MemberCardRow[];
  total: number;
  facets: Record<repo.MemberFacet, Array<{ value: string; count: number }>>;
  /** Nobody within the distance: how many match farther away, and the nearest of them. */
  beyond: { total: number; nearest: repo.MemberCardRow[] } | null;
}

const searchCaches = new WeakMap<Deps, TopicCache<MemberSearchResult>>();

/**
 * The directory: full text over what each member lets the viewer see, facets, and distance
 * from a commune. Cached per search and per kind of viewer (visitor or member).
 */
export async function searchMembers(deps: Deps, viewer: Viewer | null, search: repo.MemberSearch): Promise<MemberSearchResult> {
  let cache = searchCaches.get(deps);
  if (!cache) {
    cache = new TopicCache(deps.changes, PEOPLE_TOPIC, 300);
    searchCaches.set(deps, cache);
  }
  const visible = readableVisibilities(viewer);
  const key = JSON.stringify([visible.length, search]);
  return cache.getOrCompute(key, async () => {
    const tsquery = search.q ? ((await understandQuery(deps, search.q, { locate: false })).all ?? null) : null;
    const [cards, counts] = await Promise.all([
      repo.findMemberCards(deps.db, search, visible, tsquery, MEMBERS_PER_PAGE),
      repo.countMemberFacets(deps.db, search, visible, tsquery),
    ]);
    // An empty "près de" search: the same people anywhere, nearest first ("3 can pass it on, the nearest in Vierzon").
    let beyond: MemberSearchResult['beyond'] = null;
    if (search.near && !counts.some((c) => c.facet === 'total' && Number(c.count) > 0)) {
      const anywhere = { ...search, near: { ...search.near, km: 20_000 }, page: 1 };
      const [nearest, all] = await Promise.all([
        repo.findMemberCards(deps.db, anywhere, visible, tsquery, 3),
        repo.countMemberFacets(deps.db, { ...search, near: undefined, page: 1 }, visible, tsquery),
      ]);
      beyond = { total: Number(all.find((c) => c.facet === 'total')?.count ?? 0), nearest };
    }
    const facets: MemberSearchResult['facets'] = { role: [], skill: [], region: [], openTo: [] };
    let total = 0;
    for (const c of counts) {
      if (c.facet === 'total') {
        total = Number(c.count);
      } else if (c.value !== null) {
        facets[c.facet].push({ value: c.value, count: Number(c.count) });
      }
    }
    for (const f of repo.MEMBER_FACETS) {
      facets[f].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    }
    return { cards, total, facets, beyond };
  });
}

/** Turn off notification e-mails from the link in an e-mail (no sign-in needed). */
export async function unsubscribe(deps: Deps, token: string): Promise<boolean> {
  const profile = token.length >= 20 ? await repo.findProfileByUnsubscribeToken(deps.db, token) : undefined;
  if (!profile) {
    return false;
  }
  await repo.updateProfile(deps.db, profile.userId, { digest: 'none' });
  await recordEvent(deps.db, { actorId: profile.userId, action: 'profile.unsubscribed', subjectType: 'user', subjectId: profile.userId });
  return true;
}

export const findProfileByUnsubscribeToken = (deps: Deps, token: string) => repo.findProfileByUnsubscribeToken(deps.db, token);

// ---- portrait --------------------------------------------------------------------------------

/**
 * Set one's portrait: checked by content, cropped square, re-encoded (metadata dropped), stored
 * under a random name. The old file goes once the row points at the new one.
 */
export async function setMyPhoto(deps: Deps, viewer: Viewer | null, bytes: Buffer): Promise<void> {
  if (!viewer) {
    throw forbidden('sign in');
  }
  const image = await processAvatar(bytes, deps.config.uploadMaxBytes);
  const key = await deps.uploads.put(image, '-avatar.webp');
  let previous: string | null;
  try {
    previous = await deps.db.transaction(async (tx) => {
      const old = (await repo.findMemberById(tx, viewer.id))?.photoKey ?? null;
      await repo.updateProfile(tx, viewer.id, { photoKey: key });
      await recordEvent(tx, { actorId: viewer.id, action: 'profile.photo_set', subjectType: 'user', subjectId: viewer.id });
      return old;
    });
  } catch (err) {
    await deps.uploads.remove(key);
    throw err;
  }
  if (previous) {
    await deps.uploads.remove(previous);
  }
  await publishPeopleChange(deps);
}

export async function removeMyPhoto(deps: Deps, viewer: Viewer | null): Promise<void> {
  if (!viewer) {
    throw forbidden('sign in');
  }
  const previous = await deps.db.transaction(async (tx) => {
    const old = (await repo.findMemberById(tx, viewer.id))?.photoKey ?? null;
    await repo.updateProfile(tx, viewer.id, { photoKey: null });
    await recordEvent(tx, { actorId: viewer.id, action: 'profile.photo_removed', subjectType: 'user', subjectId: viewer.id });
    return old;
  });
  if (previous) {
    await deps.uploads.remove(previous);
  }
  await publishPeopleChange(deps);
}

/** The portrait's bytes, only if the viewer may see it (the visibility is checked on every read). */
export async function readMemberPhoto(deps: Deps, viewer: Viewer | null, slug: string) {
  const member = await getMember(deps, slug);
  const key = canSee(viewer, member.userId, member.visibility.photo) ? member.photoKey : null;
  const bytes = key ? await deps.uploads.read(key) : null;
  if (!bytes) {
    throw notFound('photo');
  }
  return { bytes, public: member.visibility.photo === 'public' };
}

registerPersonalData('profile', repo.exportProfile);
registerPersonalFiles('profile', async (db, userId) => {
  const key = (await repo.findMemberById(db, userId))?.photoKey;
  return key ? [key] : [];
});
