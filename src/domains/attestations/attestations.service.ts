import { and, desc, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { listMemberBadges } from '../badges/badges.service.ts';
import { getMemberById } from '../people/people.service.ts';
import { summarise } from '../recognition/recognition.presenter.ts';
import { confirmedContributionsOf } from '../recognition/recognition.service.ts';
import { attestationPdf } from './attestations.pdf.ts';
import { type AttestationContent, attestations } from './attestations.schema.ts';

export const attestationUrl = (publicUrl: string, id: string) => `${publicUrl}/attestations/${id}`;

/**
 * Deliver an attestation of one's confirmed contributions over a period (those that overlap it),
 * with the badges one holds: what it says is kept as it is today, behind a random address.
 */
export async function deliverAttestation(
  deps: Deps,
  viewer: Viewer | null,
  period: { start: string; end: string },
): Promise<{ id: string }> {
  if (!viewer?.emailVerified) {
    throw forbidden('confirmed members only');
  }
  const member = await getMemberById(deps, viewer.id);
  const rows = (await confirmedContributionsOf(deps.db, viewer.id))
    .filter((r) => r.startedOn <= period.end && (r.endedOn ?? r.startedOn) >= period.start)
    .sort((a, b) => a.startedOn.localeCompare(b.startedOn));
  const summary = summarise(rows);
  const { awards } = await listMemberBadges(deps, viewer, member.slug);
  const content: AttestationContent = {
    holder: member.displayName,
    network: deps.config.networkName,
    totals: { minutes: summary.totals.minutes, count: summary.totals.count },
    byKind: summary.totals.byKind.map((k) => ({ kind: k.kind, minutes: k.minutes, count: k.count })),
    byPlace: summary.totals.byPlace.map((p) => ({ name: p.name, minutes: p.minutes, count: p.count })),
    contributions: rows.map((r) => ({
      kind: r.kind,
      startedOn: r.startedOn,
      endedOn: r.endedOn,
      minutes: r.minutes,
      place: r.placeName,
      project: r.projectTitle,
      description: r.description,
      confirmedBy: r.reviewerName,
      recordedByTisserin: r.source !== 'member',
    })),
    badges: awards
      .filter((a) => !a.revokedAt && !a.hidden)
      .map((a) => ({
        name: a.badgeName,
        awardedOn: a.awardedAt.toISOString().slice(0, 10),
        verifyUrl: `${deps.config.publicUrl}/badges/verifier/${a.id}`,
      })),
  };
  const created = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(attestations)
      .values({ memberId: viewer.id, periodStart: period.start, periodEnd: period.end, content })
      .returning({ id: attestations.id });
    if (!row) {
      throw new Error('insert returned nothing');
    }
    await recordEvent(tx, { actorId: viewer.id, action: 'attestation.delivered', subjectType: 'attestation', subjectId: row.id });
    return row;
  });
  return created;
}

export async function getAttestation(deps: Deps, id: string) {
  const [row] = await deps.db.select().from(attestations).where(eq(attestations.id, id)).limit(1);
  if (!row) {
    throw notFound('attestation');
  }
  return row;
}

export const listMyAttestations = (deps: Deps, viewer: Viewer) =>
  deps.db
    .select({
      id: attestations.id,
      periodStart: attestations.periodStart,
      periodEnd: attestations.periodEnd,
      createdAt: attestations.createdAt,
    })
    .from(attestations)
    .where(and(eq(attestations.memberId, viewer.id)))
    .orderBy(desc(attestations.createdAt))
    .limit(50);

/** The PDF of an attestation (made again from what it says: the same document each time). */
export async function renderAttestationPdf(deps: Deps, row: Awaited<ReturnType<typeof getAttestation>>): Promise<Buffer> {
  return attestationPdf({
    id: row.id,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    createdAt: row.createdAt,
    content: row.content,
    verifyUrl: attestationUrl(deps.config.publicUrl, row.id),
  });
}

registerPersonalData('attestations', (db, userId) =>
  db
    .select({
      periodStart: attestations.periodStart,
      periodEnd: attestations.periodEnd,
      createdAt: attestations.createdAt,
      content: attestations.content,
    })
    .from(attestations)
    .where(eq(attestations.memberId, userId)),
);
