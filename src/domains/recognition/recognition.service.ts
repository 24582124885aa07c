import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound, nullIfNotFound, validationFailed } from '../../lib/errors.ts';
import { domainEvent } from '../../lib/events.ts';
import { checkPdf, processPhoto, sniffImageType } from '../../lib/images.ts';
import { registerPersonalData, registerPersonalFiles } from '../../lib/personal-data.ts';
import { isModerator, type Viewer } from '../../lib/viewer.ts';
import type { Visibility } from '../../lib/visibility.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { onCallFulfilled } from '../calls/calls.service.ts';
import { listProjectsOf, loadDocument, onProjectDocumented } from '../documents/documents.service.ts';
import { registerModerationQueue } from '../moderation/moderation.queues.ts';
import { getMember, listPlacesOf } from '../people/people.service.ts';
import { getPlaceDetail } from '../places/places.service.ts';
import { notifyModerators, notifyUsers, registerNotificationKind } from '../social/social.service.ts';
import {
  type ContributionAccess,
  canEditContribution,
  canLogContribution,
  canReadRecord,
  canReviewContribution,
  canViewContribution,
  canWithdrawContribution,
  isReviewerOf,
  reviewerGroup,
} from './recognition.policy.ts';
import { summarise } from './recognition.presenter.ts';
import * as repo from './recognition.repo.ts';
import type { ContributionData, ReviewDecision } from './recognition.validation.ts';

export const RECOGNITION_TOPIC = 'recognition';

/** Members' contributions were confirmed — by a person, or recorded as such by the platform: badges evaluate their rules. */
const contributionsConfirmedEvent = domainEvent<[deps: Deps, tx: DbOrTx, memberIds: readonly string[]]>();
export const onContributionsConfirmed = contributionsConfirmedEvent.on;

async function contributionsConfirmed(deps: Deps, tx: DbOrTx, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length > 0) {
    await contributionsConfirmedEvent.emit(deps, tx, memberIds);
  }
}

/** One's own contributions, every status, newest first. */
export const listMyContributions = (deps: Deps, viewer: Viewer) => repo.listContributionsOf(deps.db, viewer.id);

/** A member's confirmed contributions, read in the caller's transaction (what badge rules count). */
export const confirmedContributionsOf = async (tx: DbOrTx, memberId: string) =>
  (await repo.listContributionsOf(tx, memberId)).filter((r) => r.status === 'confirmed');
export type { ContributionRow } from './recognition.repo.ts';

const accessOf = (c: repo.ContributionRow): ContributionAccess => ({
  memberId: c.memberId,
  status: c.status,
  placeId: c.placeId,
  projectId: c.projectId,
  placeTeamIds: c.placeTeamIds,
  projectTeamIds: c.projectTeamIds,
});

/**
 * The places and projects a member may attach a contribution to: theirs, those they already
 * logged contributions at, and the one they came from (?lieu=, ?projet=).
 */
export async function contributionChoices(deps: Deps, viewer: Viewer, also: { placeSlug?: string; projectSlug?: string } = {}) {
  const recent = await repo.recentTargetsOf(deps.db, viewer.id);
  const places = uniqueBySlug([...(await listPlacesOf(deps, viewer.id)).map((p) => ({ slug: p.slug, name: p.name })), ...recent.places]);
  if (also.placeSlug && !places.some((p) => p.slug === also.placeSlug)) {
    const place = await findPlace(deps, viewer, also.placeSlug);
    if (place) {
      places.unshift({ slug: place.slug, name: place.name });
    }
  }
  const projects = uniqueBySlug([
    ...(await listProjectsOf(deps, viewer.id)).map((p) => ({ slug: p.slug, title: p.title })),
    ...recent.projects,
  ]);
  if (also.projectSlug && !projects.some((p) => p.slug === also.projectSlug)) {
    const project = await findProject(deps, viewer, also.projectSlug);
    if (project) {
      projects.unshift({ slug: project.doc.slug, title: project.doc.title });
    }
  }
  return { places, projects };
}

const uniqueBySlug = <T extends { slug: string }>(list: T[]): T[] => [...new Map(list.map((item) => [item.slug, item])).values()];

async function findPlace(deps: Deps, viewer: Viewer, slug: string) {
  const place = await nullIfNotFound(getPlaceDetail(deps, viewer, { slug }));
  return place?.status === 'published' ? place : null;
}

const findProject = (deps: Deps, viewer: Viewer, slug: string) => nullIfNotFound(loadDocument(deps, viewer, 'project', slug));

/** The place and project named in a form, as ids; an unknown one is the form's error, not a 404. */
async function resolveTargets(deps: Deps, viewer: Viewer, data: ContributionData) {
  const place = data.placeSlug ? await findPlace(deps, viewer, data.placeSlug) : null;
  if (data.placeSlug && !place) {
    throw validationFailed({ placeSlug: ['recognition.v.unknownPlace'] }, 'unknown place');
  }
  const project = data.projectSlug ? await findProject(deps, viewer, data.projectSlug) : null;
  if (data.projectSlug && !project) {
    throw validationFailed({ projectSlug: ['recognition.v.unknownProject'] }, 'unknown project');
  }
  return { placeId: place?.id ?? null, documentId: project?.doc.id ?? null };
}

const columnsOf = (data: ContributionData, targets: { placeId: string | null; documentId: string | null }) => ({
  kind: data.kind,
  startedOn: data.startedOn,
  endedOn: data.endedOn,
  minutes: data.minutes,
  placeId: targets.placeId,
  documentId: targets.documentId,
  description: data.description,
  evidenceUrl: data.evidenceUrl ?? null,
});

/**
 * A trace sent with a contribution, checked by its content: a photo (re-encoded to WebP, which
 * drops EXIF and GPS data) or a PDF. Stored under a random name before the contribution is
 * written; `discardEvidence` removes it when the write is refused.
 */
export async function storeEvidence(deps: Deps, file: File | undefined): Promise<string | undefined> {
  if (!file) {
    return undefined;
  }
  const bytes = Buffer.from(await file.arrayBuffer());
  const type = sniffImageType(bytes);
  if (type === 'jpeg' || type === 'png' || type === 'webp') {
    const image = await processPhoto(bytes, deps.config.uploadMaxBytes);
    return deps.uploads.put(image.full, '.webp');
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    checkPdf(bytes, deps.config.uploadMaxBytes);
    return deps.uploads.put(bytes, '.pdf');
  }
  throw validationFailed({ evidenceFile: ['recognition.v.evidenceFile'] }, 'neither a photo nor a PDF');
}

export async function discardEvidence(deps: Deps, key: string | undefined): Promise<void> {
  if (key) {
    await deps.uploads.remove(key);
  }
}

/** Tell those who confirm it that a contribution waits for them (in the caller's transaction). */
async function askReviewers(tx: DbOrTx, id: string, actorId: string): Promise<void> {
  const row = await repo.findContribution(tx, id);
  if (!row) {
    return;
  }
  const access = accessOf(row);
  const group = reviewerGroup(access);
  if (group === 'moderators') {
    await notifyModerators(tx, 'contributions', { type: 'contribution', id, label: row.memberName }, actorId);
    return;
  }
  const team = group === 'place' ? access.placeTeamIds : access.projectTeamIds;
  await notifyUsers(tx, team, { kind: 'contribution.submitted', subjectType: 'contribution', subjectId: id, actorId });
}

/** Log a contribution: it waits for someone else to confirm it, who is told. */
export async function logContribution(
  deps: Deps,
  viewer: Viewer | null,
  data: ContributionData,
  evidenceKey?: string,
): Promise<{ id: string }> {
  if (!viewer || !canLogContribution(viewer)) {
    throw forbidden('confirmed members only');
  }
  const targets = await resolveTargets(deps, viewer, data);
  const created = await deps.db.transaction(async (tx) => {
    const row = await repo.insertContribution(tx, {
      ...columnsOf(data, targets),
      memberId: viewer.id,
      source: 'member',
      evidenceKey: evidenceKey ?? null,
    });
    await askReviewers(tx, row.id, viewer.id);
    await recordEvent(tx, { actorId: viewer.id, action: 'contribution.logged', subjectType: 'contribution', subjectId: row.id });
    return row;
  });
  await deps.changes.publish(RECOGNITION_TOPIC);
  return created;
}

async function loadFor(deps: Deps | { db: DbOrTx }, id: string, opts: { forUpdate?: boolean } = {}) {
  const row = await repo.findContribution(deps.db, id, opts);
  if (!row) {
    throw notFound('contribution');
  }
  return row;
}

/** Its author corrects it: it waits to be confirmed again, and those who confirm it are told. */
export async function updateContribution(
  deps: Deps,
  viewer: Viewer | null,
  id: string,
  data: ContributionData,
  evidenceKey?: string,
): Promise<void> {
  const row = await loadFor(deps, id);
  if (!viewer || !canEditContribution(viewer, row)) {
    throw forbidden('only its author, before it is answered');
  }
  const targets = await resolveTargets(deps, viewer, data);
  await deps.db.transaction(async (tx) => {
    const current = await loadFor({ db: tx }, id, { forUpdate: true });
    if (!canEditContribution(viewer, current)) {
      throw forbidden('answered meanwhile');
    }
    await repo.updateContribution(tx, id, { ...columnsOf(data, targets), status: 'pending', ...(evidenceKey ? { evidenceKey } : {}) });
    await askReviewers(tx, id, viewer.id);
    await recordEvent(tx, { actorId: viewer.id, action: 'contribution.updated', subjectType: 'contribution', subjectId: id });
  });
  if (evidenceKey && row.evidenceKey && row.evidenceKey !== evidenceKey) {
    await discardEvidence(deps, row.evidenceKey);
  }
  await deps.changes.publish(RECOGNITION_TOPIC);
}

/** Its author withdraws a contribution nobody confirmed. */
export async function withdrawContribution(deps: Deps, viewer: Viewer | null, id: string): Promise<void> {
  const evidenceKey = await deps.db.transaction(async (tx) => {
    const row = await loadFor({ db: tx }, id, { forUpdate: true });
    if (!viewer || !canWithdrawContribution(viewer, row)) {
      throw forbidden('only its author, before it is confirmed');
    }
    await repo.deleteContribution(tx, id);
    await recordEvent(tx, { actorId: viewer.id, action: 'contribution.withdrawn', subjectType: 'contribution', subjectId: id });
    return row.evidenceKey;
  });
  // The file goes once the row is gone (a refused withdrawal keeps both).
  await discardEvidence(deps, evidenceKey ?? undefined);
  await deps.changes.publish(RECOGNITION_TOPIC);
}

const STATUS_OF: Record<ReviewDecision, 'confirmed' | 'changes_requested' | 'declined'> = {
  confirm: 'confirmed',
  request_changes: 'changes_requested',
  decline: 'declined',
};

/** Confirm, ask for a change or decline — only those who confirm it, never its author; its author is told. */
export async function reviewContribution(
  deps: Deps,
  viewer: Viewer | null,
  id: string,
  review: { decision: ReviewDecision; message: string },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await loadFor({ db: tx }, id, { forUpdate: true });
    if (!viewer || !canReviewContribution(viewer, accessOf(row))) {
      throw row.status !== 'pending' && isReviewerOf(viewer, accessOf(row))
        ? new AppError('CONFLICT', { message: 'already answered', userMessage: 'recognition.review.alreadyAnswered' })
        : forbidden('not one of those who confirm it');
    }
    const status = STATUS_OF[review.decision];
    await repo.updateContribution(tx, id, {
      status,
      reviewerId: viewer.id,
      reviewedAt: new Date(),
      reviewMessage: review.message || null,
    });
    await notifyUsers(tx, [row.memberId], {
      kind: `contribution.${status}`,
      subjectType: 'contribution',
      subjectId: id,
      actorId: viewer.id,
    });
    if (status === 'confirmed') {
      await contributionsConfirmed(deps, tx, [row.memberId]);
    }
    await recordEvent(tx, { actorId: viewer.id, action: `contribution.${status}`, subjectType: 'contribution', subjectId: id });
  });
  await deps.changes.publish(RECOGNITION_TOPIC);
}

/** One contribution's page, with what the viewer may do on it. */
export async function getContributionPage(deps: Deps, viewer: Viewer | null, id: string) {
  const row = await loadFor(deps, id);
  const access = accessOf(row);
  if (!canViewContribution(viewer, access, await repo.recordVisibility(deps.db, row.memberId))) {
    throw notFound('contribution');
  }
  return {
    contribution: row,
    reviewers: reviewerGroup(access),
    canEdit: canEditContribution(viewer, row),
    canWithdraw: canWithdrawContribution(viewer, row),
    canReview: canReviewContribution(viewer, access),
  };
}

/** A contribution its author is about to correct (the form starts from what is saved). */
export async function getOwnContribution(deps: Deps, viewer: Viewer, id: string) {
  const row = await loadFor(deps, id);
  if (!canEditContribution(viewer, row)) {
    throw forbidden('only its author, before it is answered');
  }
  return row;
}

/**
 * A member's record as the viewer may read it: totals of what was confirmed (by kind, place,
 * year), the timeline, what waits. Others never see what was declined or sent back.
 */
/** May the viewer read this member's contributions (as the member chose for their record)? */
export async function canReadRecordOf(deps: Deps, viewer: Viewer | null, memberId: string): Promise<boolean> {
  return canReadRecord(viewer, memberId, await repo.recordVisibility(deps.db, memberId));
}

export async function getRecord(deps: Deps, viewer: Viewer | null, slug: string) {
  const member = await getMember(deps, slug);
  const visibility = await repo.recordVisibility(deps.db, member.userId);
  const own = !!viewer && viewer.id === member.userId;
  const base = { member: { id: member.userId, slug: member.slug, displayName: member.displayName }, visibility, own };
  if (!canReadRecord(viewer, member.userId, visibility)) {
    return { ...base, hidden: true as const };
  }
  const rows = (await repo.listContributionsOf(deps.db, member.userId)).filter(
    (r) => own || r.status === 'confirmed' || r.status === 'pending',
  );
  return { ...base, hidden: false as const, ...summarise(rows) };
}

export async function setMyRecordVisibility(deps: Deps, viewer: Viewer | null, visibility: Visibility): Promise<void> {
  if (!viewer) {
    throw forbidden('members only');
  }
  await repo.setRecordVisibility(deps.db, viewer.id, visibility);
  await deps.changes.publish(RECOGNITION_TOPIC);
}

/** What waits for the viewer's answer: their places' contributions, their projects', and (moderators) the rest. */
export async function listReviewQueue(deps: Deps, viewer: Viewer | null) {
  if (!viewer) {
    throw forbidden('members only');
  }
  const rows = await repo.listPendingFor(deps.db, viewer.id, isModerator(viewer));
  return rows.filter((r) => canReviewContribution(viewer, accessOf(r))).map((r) => ({ ...r, reviewers: reviewerGroup(accessOf(r)) }));
}

const countForModerators = async (deps: Deps) => {
  const [row] = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from contributions c where c.status = 'pending'
        and not exists (select 1 from place_managers pm where pm.place_id = c.place_id and pm.user_id <> c.member_id)
        and not (c.place_id is null and exists (select 1 from document_members dm where dm.document_id = c.document_id and dm.user_id <> c.member_id))`,
  );
  return row?.n ?? 0;
};

registerModerationQueue({
  key: 'contributions',
  path: '/reconnaissance/a-confirmer',
  titleKey: 'recognition.queue.moderation',
  itemKey: 'recognition.queue.item',
  icon: 'certificate',
  count: countForModerators,
});

registerPersonalData('recognition', repo.exportRecognition);
registerPersonalFiles('recognition', repo.evidenceKeysOf);

// Recorded by the platform (marked so on every page): who documented a published project — its
// public history is the proof — and who met a call for skills, as its poster said on closing it.
onProjectDocumented(async (deps, tx, projectId) => contributionsConfirmed(deps, tx, await repo.recordDocumentation(tx, projectId)));
onCallFulfilled(async (deps, tx, call, helperIds) => {
  await repo.recordCallHelp(tx, call, helperIds);
  await contributionsConfirmed(deps, tx, helperIds);
});

// "Camille a déclaré une contribution à confirmer" — for those who confirm it, while it waits.
registerNotificationKind('contribution.submitted', async (deps, n, reader, t) => {
  const row = await repo.findContribution(deps.db, n.subjectId);
  return row && isReviewerOf(reader, accessOf(row))
    ? { text: t('recognition.notify.submitted', { name: row.memberName }), href: `/reconnaissance/${row.id}` }
    : null;
});
for (const status of ['confirmed', 'changes_requested', 'declined'] as const) {
  registerNotificationKind(`contribution.${status}`, async (deps, n, reader, t) => {
    const row = await repo.findContribution(deps.db, n.subjectId);
    return row && row.memberId === reader.id
      ? { text: t(`recognition.notify.${status}`, { actor: n.actorName ?? t('people.formerMember') }), href: `/reconnaissance/${row.id}` }
      : null;
  });
}
