import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { TopicCache } from '../../lib/change-feed.ts';
import { forbidden, notFound, nullIfNotFound, validationFailed } from '../../lib/errors.ts';
import { formatDate } from '../../lib/i18n.ts';
import { processBadgeImage } from '../../lib/images.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import { firstFreeSlug, slugify } from '../../lib/slug.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { getMember, getMemberById } from '../people/people.service.ts';
import { getPlaceDetail } from '../places/places.service.ts';
import { formatHours } from '../recognition/recognition.presenter.ts';
import { canReadRecordOf, confirmedContributionsOf, onContributionsConfirmed } from '../recognition/recognition.service.ts';
import { resolveSkillNames } from '../skills/skills.service.ts';
import { notifyUsers, registerNotificationKind } from '../social/social.service.ts';
import { type BadgeAccess, canAwardBadge, canDefineBadge, canEndorseAward, canHideAward, canRevokeAward } from './badges.policy.ts';
import * as repo from './badges.repo.ts';
import { activityOf, evaluateRule } from './badges.rules.ts';
import { STATUS_LIST_SIZE } from './badges.schema.ts';
import type { BadgeData } from './badges.validation.ts';
import { encodeStatusList, type Issuer, issuerFor, proofHolds, signCredential, VC_CONTEXT } from './credentials.ts';
import { didDocument, ensureIssuerKey, type IssuerKey } from './issuer-key.ts';
import { type AwardFacts, badgeUrls, endorsementCredential, openBadgeCredential } from './open-badge.ts';

export const BADGES_TOPIC = 'badges';
export type { AwardRow, BadgeRow } from './badges.repo.ts';
export const memberBadgesPart = repo.memberBadgesPart;

const keys = new Map<string, Promise<IssuerKey>>();
/** The instance's issuer (its DID and key), the key read once per key file. */
export async function issuerOf(deps: Pick<Deps, 'config'>): Promise<Issuer> {
  const file = deps.config.issuerKeyFile;
  let key = keys.get(file);
  if (!key) {
    key = ensureIssuerKey(file);
    keys.set(file, key);
    key.catch(() => keys.delete(file));
  }
  return issuerFor(deps.config.publicUrl, await key);
}

export async function didDocumentOf(deps: Pick<Deps, 'config'>) {
  const issuer = await issuerOf(deps);
  return didDocument(issuer.did, issuer.key.publicKeyMultibase);
}

const accessOf = (b: { placeId: string | null; placeTeamIds: readonly string[] }): BadgeAccess => ({
  placeId: b.placeId,
  placeTeamIds: b.placeTeamIds,
});

/** Define a badge: the network's (moderators) or a place's (its team). */
/** A picture sent with a badge's form, checked by content and stored as a 512 × 512 PNG; its key. */
export async function storeBadgeImage(deps: Deps, file: File | undefined): Promise<string | undefined> {
  if (!file) {
    return undefined;
  }
  const png = await processBadgeImage(Buffer.from(await file.arrayBuffer()), deps.config.uploadMaxBytes);
  return deps.uploads.put(png, '.png');
}

export async function createBadge(deps: Deps, viewer: Viewer | null, data: BadgeData, imageKey?: string): Promise<{ slug: string }> {
  const place = data.placeSlug ? await nullIfNotFound(getPlaceDetail(deps, viewer, { slug: data.placeSlug })) : null;
  if (data.placeSlug && !place) {
    throw validationFailed({ placeSlug: ['badges.v.unknownPlace'] }, 'unknown place');
  }
  if (!canDefineBadge(viewer, { placeId: place?.id ?? null, placeTeamIds: place?.managerIds ?? [] }) || !viewer) {
    throw forbidden(place ? 'the place’s team only' : 'moderators only');
  }
  const { skills, unknown } = data.skills.trim() ? await resolveSkillNames(deps, data.skills) : { skills: [], unknown: [] };
  if (unknown.length > 0) {
    throw validationFailed({ skills: ['badges.v.unknownSkills'] }, 'unknown skills');
  }
  const criteriaHtml = await renderMarkdown(data.criteria);
  const created = await deps.db.transaction(async (tx) => {
    const slug = await firstFreeSlug(
      slugify(data.name, 60),
      (s) => repo.slugTaken(tx, s),
      new Set(['nouveau', 'verifier', 'statut', 'attributions']),
    );
    const row = await repo.insertBadge(
      tx,
      {
        slug,
        name: data.name,
        description: data.description,
        criteriaMd: data.criteria,
        criteriaHtml,
        placeId: place?.id ?? null,
        imageKey: imageKey ?? null,
        awardMode: data.awardMode,
        ruleMetric: data.rule?.metric ?? null,
        ruleKind: data.rule?.kind ?? null,
        ruleThreshold: data.rule?.threshold ?? null,
        createdBy: viewer.id,
      },
      skills.map((s) => s.id),
    );
    await recordEvent(tx, { actorId: viewer.id, action: 'badge.created', subjectType: 'badge', subjectId: row.id });
    return row;
  });
  await awardToThoseWhoQualify(deps, created.slug);
  await deps.changes.publish(BADGES_TOPIC);
  return created;
}

/**
 * A rule badge, new or changed, goes at once to those whose confirmed work already meets it:
 * each member evaluated in a transaction of their own (an award and its credential together).
 */
async function awardToThoseWhoQualify(deps: Deps, slug: string): Promise<void> {
  const badge = await repo.findBadgeBySlug(deps.db, slug);
  if (badge?.awardMode !== 'rule') {
    return;
  }
  for (const memberId of await repo.ruleCandidates(deps.db, badge)) {
    await deps.db.transaction((tx) => evaluateRules(tx, deps, [memberId]));
  }
}

/**
 * Change a badge (those who manage it): what it says, its skills, its picture, how it is earned.
 * Credentials already issued keep what they said when signed; the badge's place does not change.
 */
export async function updateBadge(deps: Deps, viewer: Viewer | null, slug: string, data: BadgeData, imageKey?: string): Promise<void> {
  const badge = await getBadge(deps, slug);
  if (!viewer || !canDefineBadge(viewer, accessOf(badge))) {
    throw forbidden('those who manage this badge');
  }
  const { skills, unknown } = data.skills.trim() ? await resolveSkillNames(deps, data.skills) : { skills: [], unknown: [] };
  if (unknown.length > 0) {
    throw validationFailed({ skills: ['badges.v.unknownSkills'] }, 'unknown skills');
  }
  const criteriaHtml = await renderMarkdown(data.criteria);
  await deps.db.transaction(async (tx) => {
    await repo.updateBadge(
      tx,
      badge.id,
      {
        name: data.name,
        description: data.description,
        criteriaMd: data.criteria,
        criteriaHtml,
        ...(imageKey ? { imageKey } : {}),
        awardMode: data.awardMode,
        ruleMetric: data.rule?.metric ?? null,
        ruleKind: data.rule?.kind ?? null,
        ruleThreshold: data.rule?.threshold ?? null,
      },
      skills.map((s) => s.id),
    );
    await recordEvent(tx, { actorId: viewer.id, action: 'badge.updated', subjectType: 'badge', subjectId: badge.id });
  });
  if (imageKey && badge.imageKey) {
    await deps.uploads.remove(badge.imageKey);
  }
  await awardToThoseWhoQualify(deps, slug);
  await deps.changes.publish(BADGES_TOPIC);
}

/** The form's values for a badge being changed. */
export const badgeFormValues = (b: repo.BadgeRow) => ({
  name: b.name,
  description: b.description,
  criteria: b.criteriaMd,
  placeSlug: b.placeSlug ?? '',
  skills: b.skills.map((s) => s.name).join(', '),
  awardMode: b.awardMode,
  ruleMetric: b.ruleMetric ?? '',
  ruleKind: b.ruleKind ?? '',
  ruleThreshold: b.ruleThreshold ? String(b.ruleThreshold) : '',
});

export async function getBadge(deps: Deps, slug: string) {
  const badge = await repo.findBadgeBySlug(deps.db, slug);
  if (!badge) {
    throw notFound('badge');
  }
  return badge;
}

export const listBadges = (deps: Deps) => repo.listBadges(deps.db);

/** A badge's page: the badge, those who hold it (not those who hid it), what the viewer may do. */
export async function getBadgePage(deps: Deps, viewer: Viewer | null, slug: string) {
  const badge = await getBadge(deps, slug);
  const awards = (await repo.listAwardsOfBadge(deps.db, badge.id)).filter((a) => !a.revokedAt && !a.hidden && a.recipientSlug);
  return { badge, holders: awards, canAward: canDefineBadge(viewer, accessOf(badge)) };
}

interface Recipient {
  id: string;
  displayName: string;
  slug: string;
}

/**
 * Award a badge: a signed OpenBadgeCredential and a place in the revocation list, written in
 * the caller's transaction (all of it or nothing). The recipient is told.
 */
async function issueAward(
  tx: DbOrTx,
  deps: Deps,
  badge: repo.BadgeRow,
  recipient: Recipient,
  how: Pick<AwardFacts, 'evidence' | 'activity' | 'source'> & { awardedBy: string | null },
): Promise<string> {
  const issuer = await issuerOf(deps);
  const id = randomUUID();
  const awardedAt = new Date();
  const statusIndex = await repo.freeStatusIndex(tx);
  const credential = await signCredential(
    issuer,
    openBadgeCredential(deps.config.publicUrl, issuer, {
      id,
      awardedAt,
      statusIndex,
      badge: {
        slug: badge.slug,
        name: badge.name,
        description: badge.description,
        criteriaMd: badge.criteriaMd,
        skills: badge.skills,
        place: badge.placeSlug && badge.placeName ? { slug: badge.placeSlug, name: badge.placeName } : null,
      },
      recipient: { displayName: recipient.displayName, slug: recipient.slug },
      evidence: how.evidence,
      activity: how.activity,
      source: how.source,
      networkName: deps.config.networkName,
    }),
  );
  await repo.insertAward(tx, {
    id,
    classId: badge.id,
    recipientId: recipient.id,
    awardedBy: how.awardedBy,
    awardedAt,
    statusIndex,
    credential,
  });
  await notifyUsers(tx, [recipient.id], { kind: 'badge.awarded', subjectType: 'badge_award', subjectId: id, actorId: how.awardedBy });
  await recordEvent(tx, {
    actorId: how.awardedBy,
    action: 'badge.awarded',
    subjectType: 'badge_award',
    subjectId: id,
    payload: { badge: badge.slug },
  });
  return id;
}

/** Give a badge by hand (those who manage it; never to oneself; once per person). */
export async function awardBadge(deps: Deps, viewer: Viewer | null, slug: string, recipientSlug: string): Promise<string> {
  const badge = await getBadge(deps, slug);
  let member: Awaited<ReturnType<typeof getMember>>;
  try {
    member = await getMember(deps, recipientSlug);
  } catch {
    throw validationFailed({ recipient: ['badges.v.unknownMember'] }, 'unknown member');
  }
  if (!viewer || !canAwardBadge(viewer, accessOf(badge), member.userId)) {
    throw forbidden('those who manage this badge, never to themselves');
  }
  // Read before the transaction: the embedded database has one connection, held by it.
  const awarder = await getMemberById(deps, viewer.id);
  const id = await deps.db.transaction(async (tx) => {
    if (await repo.hasActiveAward(tx, badge.id, member.userId)) {
      throw validationFailed({ recipient: ['badges.v.alreadyHolds'] }, 'already holds it');
    }
    return issueAward(
      tx,
      deps,
      badge,
      { id: member.userId, displayName: member.displayName, slug: member.slug },
      {
        awardedBy: viewer.id,
        evidence: [],
        activity: null,
        source: { id: badgeUrls(deps.config.publicUrl).member(awarder.slug), name: awarder.displayName },
      },
    );
  });
  await deps.changes.publish(BADGES_TOPIC);
  return id;
}

/**
 * Rules over confirmed contributions, evaluated in the confirming transaction: every rule badge
 * a member now meets and does not hold is awarded, its evidence the contributions it counted.
 */
async function evaluateRules(tx: DbOrTx, deps: Deps, memberIds: readonly string[]): Promise<void> {
  const urls = badgeUrls(deps.config.publicUrl);
  for (const memberId of new Set(memberIds)) {
    const badges = await repo.listRuleBadgesFor(tx, memberId);
    if (badges.length === 0) {
      continue;
    }
    const confirmed = await confirmedContributionsOf(tx, memberId);
    const first = confirmed[0];
    if (!first?.memberSlug) {
      continue;
    }
    const recipient = { id: memberId, displayName: first.memberName, slug: first.memberSlug };
    for (const badge of badges) {
      if (!badge.ruleMetric || !badge.ruleThreshold || (await repo.hasActiveAward(tx, badge.id, memberId))) {
        continue;
      }
      const result = evaluateRule(
        { metric: badge.ruleMetric, kind: badge.ruleKind, threshold: badge.ruleThreshold, placeId: badge.placeId },
        confirmed,
      );
      if (!result.met) {
        continue;
      }
      await issueAward(tx, deps, badge, recipient, {
        awardedBy: null,
        evidence: result.counted.slice(0, 50).map((c) => ({
          id: urls.contribution(c.id),
          name: c.description.slice(0, 120),
          narrative: [
            c.endedOn ? `Du ${formatDate('fr', c.startedOn)} au ${formatDate('fr', c.endedOn)}` : `Le ${formatDate('fr', c.startedOn)}`,
            c.minutes ? formatHours('fr', c.minutes) : null,
            c.placeName,
            c.projectTitle,
            c.reviewerName ? `confirmée par ${c.reviewerName}` : c.source !== 'member' ? 'enregistrée par Tisserin' : null,
          ]
            .filter(Boolean)
            .join(' · '),
        })),
        activity: activityOf(result.counted),
        source:
          badge.placeSlug && badge.placeName
            ? { id: urls.place(badge.placeSlug), name: badge.placeName, url: urls.place(badge.placeSlug) }
            : { id: (await issuerOf(deps)).did, name: deps.config.networkName, url: deps.config.publicUrl },
      });
    }
  }
}

/** One award as its pages show it. */
export async function getAward(deps: Deps, id: string) {
  const award = await repo.findAward(deps.db, id);
  if (!award) {
    throw notFound('award');
  }
  return award;
}

/** An award and what its verification says (the page a QR code or a link opens). */
export async function verifyAward(deps: Deps, id: string) {
  const award = await getAward(deps, id);
  return { award, verdict: await verifyStored(deps, award) };
}

export async function getAwardPage(deps: Deps, viewer: Viewer | null, id: string) {
  const award = await getAward(deps, id);
  const access = accessOf({ placeId: award.badgePlaceId, placeTeamIds: award.placeTeamIds });
  const endorsements = await repo.listEndorsements(deps.db, id);
  const own = !!viewer && viewer.id === award.recipientId;
  return {
    award,
    verdict: await verifyStored(deps, award),
    own,
    // The contributions a badge rests on are shown as their author shows their record.
    showEvidence: own || (!!award.recipientId && (await canReadRecordOf(deps, viewer, award.recipientId))),
    canRevoke: canRevokeAward(viewer, access, award),
    endorsements,
    canEndorse: canEndorseAward(viewer, award) && !endorsements.some((e) => e.endorserId === viewer?.id),
  };
}

/** A member endorses a badge someone earned: an EndorsementCredential, signed; the holder is told. */
export async function endorseAward(deps: Deps, viewer: Viewer | null, id: string, comment: string): Promise<void> {
  const award = await getAward(deps, id);
  if (!viewer || !canEndorseAward(viewer, award) || !award.recipientId) {
    throw forbidden('a confirmed member other than its holder, while it is valid');
  }
  const issuer = await issuerOf(deps);
  const recipientId = award.recipientId;
  await deps.db.transaction(async (tx) => {
    if (await repo.hasEndorsed(tx, id, viewer.id)) {
      throw validationFailed({ comment: ['badges.v.alreadyEndorsed'] }, 'already endorsed');
    }
    const endorsementId = randomUUID();
    const createdAt = new Date();
    const credential = await signCredential(
      issuer,
      endorsementCredential(deps.config.publicUrl, issuer, {
        id: endorsementId,
        createdAt,
        awardId: id,
        badgeName: award.badgeName,
        holderName: award.recipientName ?? '',
        endorserName: viewer.displayName,
        comment,
        networkName: deps.config.networkName,
      }),
    );
    await repo.insertEndorsement(tx, { id: endorsementId, awardId: id, endorserId: viewer.id, comment, credential, createdAt });
    await notifyUsers(tx, [recipientId], { kind: 'badge.endorsed', subjectType: 'badge_award', subjectId: id, actorId: viewer.id });
    await recordEvent(tx, { actorId: viewer.id, action: 'badge.endorsed', subjectType: 'badge_award', subjectId: id });
  });
  await deps.changes.publish(BADGES_TOPIC);
}

/** An endorsement's signed credential (public: its words were written to be shown). */
export async function getEndorsementCredential(deps: Deps, id: string) {
  const credential = await repo.findEndorsementCredential(deps.db, id);
  if (!credential) {
    throw notFound('endorsement');
  }
  return credential;
}

/** Revoke an award, with a reason the verification page shows; its holder is told. */
export async function revokeAward(deps: Deps, viewer: Viewer | null, id: string, reason: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const award = await repo.findAward(tx, id, { forUpdate: true });
    if (!award) {
      throw notFound('award');
    }
    if (!viewer || !canRevokeAward(viewer, accessOf({ placeId: award.badgePlaceId, placeTeamIds: award.placeTeamIds }), award)) {
      throw forbidden('those who manage this badge');
    }
    await repo.updateAward(tx, id, { revokedAt: new Date(), revokedBy: viewer.id, revokedReason: reason });
    if (award.recipientId) {
      await notifyUsers(tx, [award.recipientId], { kind: 'badge.revoked', subjectType: 'badge_award', subjectId: id, actorId: viewer.id });
    }
    await recordEvent(tx, { actorId: viewer.id, action: 'badge.revoked', subjectType: 'badge_award', subjectId: id, payload: { reason } });
  });
  await deps.changes.publish(BADGES_TOPIC);
}

/** Its holder hides an award from their page, or shows it again. */
export async function setAwardHidden(deps: Deps, viewer: Viewer | null, id: string, hidden: boolean): Promise<void> {
  const award = await getAward(deps, id);
  if (!canHideAward(viewer, award)) {
    throw forbidden('its holder only');
  }
  await repo.updateAward(deps.db, id, { hidden });
  await deps.changes.publish(BADGES_TOPIC);
}

/** A member's badges as the viewer may see them: all for themselves, the shown and valid ones for others. */
export async function listMemberBadges(deps: Deps, viewer: Viewer | null, slug: string) {
  const member = await getMember(deps, slug);
  const own = !!viewer && viewer.id === member.userId;
  const awards = (await repo.listAwardsOf(deps.db, member.userId)).filter((a) => own || (!a.hidden && !a.revokedAt));
  return { member: { id: member.userId, slug: member.slug, displayName: member.displayName }, awards, own };
}

// ---------------------------------------------------------------------------------------------
// Verification

export type VerdictState =
  | 'valid'
  | 'revoked'
  | 'expired'
  | 'invalid_signature'
  | 'other_issuer'
  | 'status_unknown'
  | 'not_json'
  | 'not_credential'
  | 'too_large';

export interface Verdict {
  state: VerdictState;
  /** Why it was revoked, or what failed. */
  reason?: string;
  /** What the credential says (shown beside the verdict). */
  summary?: {
    name: string;
    holder: string | null;
    issuer: string | null;
    validFrom: string | null;
    hours: string | null;
    awardId: string | null;
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function summaryOf(c: Record<string, unknown>, publicUrl: string): Verdict['summary'] {
  const subject = isObject(c.credentialSubject) ? c.credentialSubject : {};
  const identifier = Array.isArray(subject.identifier)
    ? subject.identifier.find((i) => isObject(i) && i.identityType === 'name' && i.hashed === false)
    : null;
  const result = Array.isArray(subject.result) ? subject.result.find((r) => isObject(r) && typeof r.value === 'string') : null;
  const issuer = isObject(c.issuer) ? c.issuer.name : null;
  const id =
    typeof c.id === 'string' && c.id.startsWith(`${publicUrl}/badges/attributions/`)
      ? c.id.slice(`${publicUrl}/badges/attributions/`.length)
      : null;
  return {
    name: typeof c.name === 'string' ? c.name : '',
    holder: isObject(identifier) && typeof identifier.identityHash === 'string' ? identifier.identityHash : null,
    issuer: typeof issuer === 'string' ? issuer : null,
    validFrom: typeof c.validFrom === 'string' ? c.validFrom : null,
    hours: isObject(result) ? String(result.value) : null,
    awardId: id && /^[0-9a-f-]{36}$/.test(id) ? id : null,
  };
}

/**
 * What a credential is worth: its proof (our key only — contexts and keys are never fetched),
 * its dates, then its status read from our own revocation list. Never "valid" when the status
 * could not be read: a signature library calls a revoked credential "verified".
 */
export async function verifyCredentialValue(deps: Deps, value: unknown): Promise<Verdict> {
  const proofs = isObject(value) ? (Array.isArray(value.proof) ? value.proof : [value.proof]) : [];
  if (
    !isObject(value) ||
    !Array.isArray(value.type) ||
    !value.type.includes('VerifiableCredential') ||
    !proofs.every(isObject) ||
    proofs.length === 0
  ) {
    return { state: 'not_credential' };
  }
  const summary = summaryOf(value, deps.config.publicUrl);
  const issuer = await issuerOf(deps);
  const foreign = proofs.find((p) => isObject(p) && p.verificationMethod !== issuer.keyId);
  if (foreign) {
    return { state: 'other_issuer', summary, reason: String((foreign as Record<string, unknown>).verificationMethod ?? '').slice(0, 200) };
  }
  const proof = await proofHolds(issuer, value);
  if (!proof.ok) {
    return { state: 'invalid_signature', summary };
  }
  if (typeof value.validUntil === 'string' && Date.parse(value.validUntil) < Date.now()) {
    return { state: 'expired', summary };
  }
  const status = value.credentialStatus;
  if (status === undefined) {
    return { state: 'valid', summary };
  }
  const ownList = badgeUrls(deps.config.publicUrl).statusList();
  if (!isObject(status) || status.statusListCredential !== ownList || status.statusPurpose !== 'revocation') {
    return { state: 'status_unknown', summary };
  }
  const index = Number(status.statusListIndex);
  const entry = Number.isInteger(index) && index >= 0 && index < STATUS_LIST_SIZE ? await repo.statusAt(deps.db, index) : undefined;
  if (!entry) {
    return { state: 'status_unknown', summary };
  }
  return entry.revokedAt ? { state: 'revoked', summary, reason: entry.revokedReason ?? '' } : { state: 'valid', summary };
}

const verifyStored = (deps: Deps, award: repo.AwardRow) => verifyCredentialValue(deps, award.credential);

/** A credential pasted or uploaded by anyone: junk, 5 MB or another issuer's get a verdict, never an error. */
export async function verifyCredentialText(deps: Deps, text: string): Promise<Verdict> {
  if (Buffer.byteLength(text) > 256 * 1024) {
    return { state: 'too_large' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { state: 'not_json' };
  }
  return verifyCredentialValue(deps, value);
}

// ---------------------------------------------------------------------------------------------
// The revocation list, signed, rebuilt when an award is revoked.

const statusLists = new WeakMap<Deps, TopicCache<Record<string, unknown>>>();
export async function statusListCredential(deps: Deps): Promise<Record<string, unknown>> {
  let cache = statusLists.get(deps);
  if (!cache) {
    cache = new TopicCache<Record<string, unknown>>(deps.changes, BADGES_TOPIC, 1);
    statusLists.set(deps, cache);
  }
  return cache.getOrCompute('list', async () => {
    const issuer = await issuerOf(deps);
    const id = badgeUrls(deps.config.publicUrl).statusList();
    return signCredential(issuer, {
      '@context': [VC_CONTEXT],
      id,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: issuer.did,
      validFrom: `${new Date().toISOString().slice(0, 19)}Z`,
      credentialSubject: {
        id: `${id}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: await encodeStatusList(STATUS_LIST_SIZE, await repo.revokedIndexes(deps.db)),
      },
    });
  });
}

// ---------------------------------------------------------------------------------------------

registerPersonalData('badges', repo.exportAwards, repo.revokeAwardsOf);
registerPersonalData('endorsements', repo.exportEndorsements);

onContributionsConfirmed((deps, tx, memberIds) => evaluateRules(tx, deps, memberIds));

async function awardLink(deps: Deps, id: string) {
  const award = await repo.findAward(deps.db, id);
  return award ? { name: award.badgeName, href: `/badges/attributions/${award.id}`, recipientId: award.recipientId } : null;
}
registerNotificationKind('badge.awarded', async (deps, n, reader, t) => {
  const a = await awardLink(deps, n.subjectId);
  return a && a.recipientId === reader.id ? { text: t('badges.notify.awarded', { name: a.name }), href: a.href } : null;
});
registerNotificationKind('badge.endorsed', async (deps, n, reader, t) => {
  const a = await awardLink(deps, n.subjectId);
  return a && a.recipientId === reader.id
    ? { text: t('badges.notify.endorsed', { name: a.name, actor: n.actorName ?? t('people.formerMember') }), href: a.href }
    : null;
});
registerNotificationKind('badge.revoked', async (deps, n, reader, t) => {
  const a = await awardLink(deps, n.subjectId);
  return a && a.recipientId === reader.id ? { text: t('badges.notify.revoked', { name: a.name }), href: a.href } : null;
});
