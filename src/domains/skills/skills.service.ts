import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { TopicCache } from '../../lib/change-feed.ts';
import { AppError, forbidden, notFound, validationFailed } from '../../lib/errors.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import { slugify } from '../../lib/slug.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { canSee, readableVisibilities } from '../../lib/visibility.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { registerModerationQueue } from '../moderation/moderation.queues.ts';
import { understandQuery } from '../search/search.query.ts';
import { indexWords } from '../search/search.service.ts';
import { notifyModerators, notifyUsers, registerNotificationKind } from '../social/social.service.ts';
import { canDeclareSkill, canModerateSkills, canProposeSkill, canRemoveVouch, canVouch } from './skills.policy.ts';
import { REFERENCE_SKILLS, SKILL_FAMILIES, type SkillFamily } from './skills.reference.ts';
import * as repo from './skills.repo.ts';

export const SKILLS_TOPIC = 'skills';
/** People's skills changed (declarations, vouches): profiles and the directory are affected. */
export const PEOPLE_TOPIC = 'people';

const listCaches = new WeakMap<Deps, TopicCache<Awaited<ReturnType<typeof repo.listSkills>>>>();

/** The accepted skills with their number of holders, cached until skills or declarations change. */
export function listSkills(deps: Deps) {
  let cache = listCaches.get(deps);
  if (!cache) {
    cache = new TopicCache(deps.changes, SKILLS_TOPIC, 1);
    deps.changes.subscribe(PEOPLE_TOPIC, () => cache?.clear());
    listCaches.set(deps, cache);
  }
  return cache.getOrCompute('all', () => repo.listSkills(deps.db));
}

export async function getSkill(deps: Deps, slug: string) {
  const skill = await repo.findSkillBySlug(deps.db, slug);
  if (!skill || skill.status === 'rejected') {
    throw notFound('skill');
  }
  if (skill.status === 'merged' && skill.mergedInto) {
    const into = await repo.findSkillById(deps.db, skill.mergedInto);
    if (into) {
      return { skill, redirectTo: into.slug };
    }
  }
  return { skill, redirectTo: null };
}

/** A skill page: who has it (as far as the viewer may see), where, and the places around it. */
export async function getSkillPage(deps: Deps, viewer: Viewer | null, skillId: string) {
  const visible = readableVisibilities(viewer);
  const [holders, places] = await Promise.all([
    repo.listSkillHolders(deps.db, skillId, visible),
    repo.listSkillPlaces(deps.db, skillId, visible),
  ]);
  return { holders, places };
}

/** Typed names → skills (exact name, synonym, then full text); unknown ones are reported. */
export async function resolveSkillNames(deps: Deps, text: string) {
  const terms = [
    ...new Set(
      text
        .split(/[,;\n]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ].slice(0, 12);
  const found = await repo.findSkillsByTerms(deps.db, terms);
  return {
    skills: found.filter((f) => f.skill).map((f) => f.skill as repo.SkillRow),
    unknown: found.filter((f) => !f.skill).map((f) => f.term),
  };
}

/** Accepted skills chosen from a list, by their slugs (unknown slugs are left out). */
export async function getSkillsBySlugs(deps: Deps, slugs: string[]) {
  if (slugs.length === 0) {
    return [];
  }
  const wanted = new Set(slugs);
  return (await listSkills(deps)).filter((s) => wanted.has(s.slug));
}

export async function searchSkills(deps: Deps, q: string) {
  const tsquery = (await understandQuery(deps, q, { locate: false })).all;
  return tsquery ? repo.searchSkills(deps.db, tsquery) : [];
}

/** A member proposes a skill missing from the reference; moderators accept, merge or reject it. */
export async function proposeSkill(deps: Deps, viewer: Viewer | null, input: { name: string; family: SkillFamily; description: string }) {
  if (!canProposeSkill(viewer)) {
    throw forbidden('confirmed members only');
  }
  const existing = await repo.findSkillsByTerms(deps.db, [input.name]);
  const match = existing[0]?.skill;
  if (match && match.name.toLowerCase() === input.name.toLowerCase()) {
    throw validationFailed({ name: ['skills.propose.exists'] });
  }
  let slug = slugify(input.name, 60);
  for (let n = 2; await repo.findSkillBySlug(deps.db, slug); n++) {
    slug = `${slugify(input.name, 60)}-${n}`;
  }
  const skill = await deps.db.transaction(async (tx) => {
    const row = await repo.insertSkill(tx, { ...input, slug, status: 'proposed', proposedBy: viewer?.id });
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: 'skill.proposed', subjectType: 'skill', subjectId: row.id });
    await notifyModerators(tx, 'skills', { type: 'skill', id: row.id, label: row.name }, viewer?.id ?? null);
    return row;
  });
  await deps.changes.publish(SKILLS_TOPIC);
  return skill;
}

export async function listProposedSkills(deps: Deps, viewer: Viewer | null) {
  if (!canModerateSkills(viewer)) {
    throw forbidden('moderators only');
  }
  return repo.listProposedSkills(deps.db);
}

/** Accept or reject a proposed skill, or merge it into an existing one (its name becomes a synonym). */
export async function moderateSkill(
  deps: Deps,
  viewer: Viewer | null,
  id: string,
  decision: { action: 'accept' | 'reject' } | { action: 'merge'; intoSlug: string },
) {
  if (!canModerateSkills(viewer)) {
    throw forbidden('moderators only');
  }
  const skill = await repo.findSkillById(deps.db, id);
  if (!skill) {
    throw notFound('skill');
  }
  await deps.db.transaction(async (tx) => {
    if (decision.action === 'merge') {
      const into = await repo.findSkillBySlug(tx, decision.intoSlug);
      if (into?.status !== 'accepted' || into.id === skill.id) {
        throw validationFailed({ intoSlug: ['skills.moderate.badTarget'] });
      }
      await repo.moveSkillUsage(tx, skill.id, into.id);
      await repo.updateSkill(tx, into.id, { synonyms: [...new Set([...into.synonyms, skill.name, ...skill.synonyms])] });
      await repo.updateSkill(tx, skill.id, { status: 'merged', mergedInto: into.id });
      await indexWords(tx, skill.name);
    } else {
      await repo.updateSkill(tx, skill.id, { status: decision.action === 'accept' ? 'accepted' : 'rejected' });
      if (decision.action === 'accept') {
        await indexWords(tx, skill.name, ...skill.synonyms, skill.description);
      }
    }
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: `skill.${decision.action}`, subjectType: 'skill', subjectId: skill.id });
  });
  await deps.changes.publish(SKILLS_TOPIC);
  await deps.changes.publish(PEOPLE_TOPIC);
}

/** Declare (or change the level of) one's own skill; `onChange` runs in the same transaction (the directory's search text). */
export async function declareSkill(
  deps: Deps,
  viewer: Viewer | null,
  skillId: string,
  level: 1 | 2 | 3,
  onChange: (tx: DbOrTx) => Promise<void>,
) {
  if (!viewer || !canDeclareSkill(viewer)) {
    throw forbidden('confirmed members only');
  }
  const skill = await repo.findSkillById(deps.db, skillId);
  if (skill?.status !== 'accepted') {
    throw notFound('skill');
  }
  await deps.db.transaction(async (tx) => {
    await repo.upsertMemberSkill(tx, viewer.id, skillId, level);
    await onChange(tx);
  });
  await deps.changes.publish(PEOPLE_TOPIC);
  return skill;
}

export async function removeDeclaredSkill(deps: Deps, viewer: Viewer | null, skillId: string, onChange: (tx: DbOrTx) => Promise<void>) {
  if (!viewer) {
    throw forbidden('sign in');
  }
  await deps.db.transaction(async (tx) => {
    await repo.deleteMemberSkill(tx, viewer.id, skillId);
    await onChange(tx);
  });
  await deps.changes.publish(PEOPLE_TOPIC);
}

/**
 * Vouch for a member's skill. The skill must be declared and visible to the voucher; one
 * vouch per voucher; never one's own.
 */
export async function vouch(
  deps: Deps,
  viewer: Viewer | null,
  holder: { userId: string; skillsVisibility: 'public' | 'members' | 'private' },
  skillId: string,
) {
  const visible = canSee(viewer, holder.userId, holder.skillsVisibility);
  if (!canVouch(viewer, holder.userId, visible) || !viewer) {
    throw viewer?.id === holder.userId
      ? new AppError('FORBIDDEN', { message: 'cannot vouch for oneself', userMessage: 'skills.vouch.self' })
      : forbidden('cannot vouch');
  }
  if (!(await repo.findMemberSkill(deps.db, holder.userId, skillId))) {
    throw notFound('declared skill');
  }
  await deps.db.transaction(async (tx) => {
    await repo.insertVouch(tx, { userId: holder.userId, skillId, voucherId: viewer.id });
    await notifyUsers(tx, [holder.userId], { kind: 'skill.vouched', subjectType: 'skill', subjectId: skillId, actorId: viewer.id });
    await recordEvent(tx, {
      actorId: viewer.id,
      action: 'skill.vouched',
      subjectType: 'user',
      subjectId: holder.userId,
      payload: { skillId },
    });
  });
  await deps.changes.publish(PEOPLE_TOPIC);
}

/** Withdraw a vouch one gave, or remove a vouch one received. */
export async function removeVouch(deps: Deps, viewer: Viewer | null, vouchRef: { userId: string; skillId: string; voucherId: string }) {
  if (!canRemoveVouch(viewer, vouchRef)) {
    throw forbidden('not your vouch');
  }
  if (!(await repo.deleteVouch(deps.db, vouchRef))) {
    throw notFound('vouch');
  }
  await recordEvent(deps.db, {
    actorId: viewer?.id ?? null,
    action: 'skill.vouch_removed',
    subjectType: 'user',
    subjectId: vouchRef.userId,
  });
  await deps.changes.publish(PEOPLE_TOPIC);
}

export const listMemberSkills = (deps: Deps, userId: string, viewer: Viewer | null) =>
  repo.listMemberSkills(deps.db, userId, viewer?.id ?? null);
export const memberSkillsPart = (userId: string, viewer: Viewer | null) => repo.memberSkillsPart(userId, viewer?.id ?? null);
export const listVouchers = (deps: Deps, userId: string, skillId: string) => repo.listVouchers(deps.db, userId, skillId);

/** A fresh install, demo data or not, starts with the curated reference; later starts leave skills alone. */
export async function loadReferenceSkillsIfEmpty(deps: Deps): Promise<void> {
  if (!(await repo.hasSkills(deps.db))) {
    await loadReferenceSkills(deps);
  }
}

/** Load the curated reference (first start, seeds); skills already present are left alone. */
export async function loadReferenceSkills(deps: Deps) {
  const existing = new Set((await repo.listSkills(deps.db)).map((s) => s.slug));
  const rows = REFERENCE_SKILLS.filter((s) => !existing.has(slugify(s.name, 60))).map((s) => ({
    ...s,
    slug: slugify(s.name, 60),
    status: 'accepted' as const,
  }));
  const created = await deps.db.transaction(async (tx) => {
    const inserted = await repo.insertSkillsBulk(tx, rows);
    await indexWords(tx, ...rows.flatMap((r) => [r.name, ...r.synonyms, r.description]));
    return inserted;
  });
  await deps.changes.publish(SKILLS_TOPIC);
  return created;
}

export const familyLabel = (family: string, locale: 'fr' | 'en') => SKILL_FAMILIES[family as SkillFamily]?.[locale] ?? family;

registerNotificationKind('skill.vouched', async (deps, n, _reader, t) => {
  const skill = await repo.findSkillById(deps.db, n.subjectId);
  return skill
    ? {
        text: t('notifications.vouched', { actor: n.actorName ?? t('people.formerMember'), skill: skill.name }),
        href: '/profil/competences',
      }
    : null;
});

/** "X declared skill Y": shown only while X's skills are visible to the reader. */
registerNotificationKind('member.skill', async (deps, n, reader, t) => {
  const [skill, visibility] = await Promise.all([
    repo.findSkillById(deps.db, n.subjectId),
    n.actorId ? repo.skillsVisibilityOf(deps.db, n.actorId) : undefined,
  ]);
  if (!skill || !n.actorId || !visibility || !canSee(reader, n.actorId, visibility.visibility)) {
    return null;
  }
  return { text: t('notifications.memberSkill', { actor: n.actorName ?? '', skill: skill.name }), href: `/membres/${visibility.slug}` };
});

registerPersonalData('skills', repo.exportSkills);

registerModerationQueue({
  key: 'skills',
  path: '/moderation/competences',
  titleKey: 'moderation.queue.skills',
  itemKey: 'moderation.item.skills',
  icon: 'star',
  count: (deps) => repo.countProposedSkills(deps.db),
});
