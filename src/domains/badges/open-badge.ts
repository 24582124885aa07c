import { decimalHours } from '../recognition/recognition.presenter.ts';
import { type Issuer, OB_CONTEXT, VC_CONTEXT } from './credentials.ts';

/** Where things live under the instance's address (ids in credentials are URLs a person can open). */
export const badgeUrls = (publicUrl: string) => ({
  badge: (slug: string) => `${publicUrl}/badges/${slug}`,
  image: (slug: string) => `${publicUrl}/badges/${slug}/image.png`,
  award: (id: string) => `${publicUrl}/badges/attributions/${id}`,
  verify: (id: string) => `${publicUrl}/badges/verifier/${id}`,
  statusList: () => `${publicUrl}/badges/statut/1`,
  skill: (slug: string) => `${publicUrl}/competences/${slug}`,
  place: (slug: string) => `${publicUrl}/lieux/${slug}`,
  member: (slug: string) => `${publicUrl}/membres/${slug}`,
  contribution: (id: string) => `${publicUrl}/reconnaissance/${id}`,
});

export interface AwardFacts {
  id: string;
  awardedAt: Date;
  statusIndex: number;
  badge: {
    slug: string;
    name: string;
    description: string;
    criteriaMd: string;
    skills: Array<{ slug: string; name: string }>;
    place: { slug: string; name: string } | null;
  };
  recipient: { displayName: string; slug: string };
  /** What the award rests on: the confirmed contributions counted (none for a badge given by hand). */
  evidence: Array<{ id: string; name: string; narrative: string }>;
  /** The period and hours of that work, when there is some. */
  activity: { start: string; end: string; minutes: number } | null;
  /** Who assessed it: the person who gave it, else the place (its rule), else the network. */
  source: { id: string; name: string; url?: string };
  /** The network's name, as the issuer's. */
  networkName: string;
}

const dayStart = (day: string) => `${day}T00:00:00Z`;
const dayEnd = (day: string) => `${day}T23:59:59Z`;
const seconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/**
 * An OpenBadgeCredential (Open Badges 3.0, VC Data Model 2.0), before signing. Only terms the
 * OB 3.0.3 and VC 2.0 contexts define: hours go in `result` (described by the achievement's
 * `resultDescription`), the period in `activityStartDate`/`activityEndDate`, the work in
 * `evidence`, who assessed it in `source`.
 */
export function openBadgeCredential(publicUrl: string, issuer: Issuer, a: AwardFacts) {
  const urls = badgeUrls(publicUrl);
  const achievementId = urls.badge(a.badge.slug);
  const hoursId = `${achievementId}#heures`;
  const creator = a.badge.place
    ? { id: urls.place(a.badge.place.slug), type: ['Profile'], name: a.badge.place.name, url: urls.place(a.badge.place.slug) }
    : { id: issuer.did, type: ['Profile'], name: a.networkName, url: publicUrl };
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: urls.award(a.id),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer.did, type: ['Profile'], name: a.networkName, url: publicUrl },
    validFrom: seconds(a.awardedAt),
    name: a.badge.name,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: a.recipient.displayName, identityType: 'name', hashed: false }],
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        achievementType: 'Badge',
        name: a.badge.name,
        description: a.badge.description,
        criteria: { id: `${achievementId}#criteres`, narrative: a.badge.criteriaMd },
        image: { id: urls.image(a.badge.slug), type: 'Image', caption: a.badge.name },
        creator,
        ...(a.badge.skills.length > 0
          ? {
              tag: a.badge.skills.map((s) => s.name),
              alignment: a.badge.skills.map((s) => ({ type: ['Alignment'], targetName: s.name, targetUrl: urls.skill(s.slug) })),
            }
          : {}),
        ...(a.activity
          ? {
              resultDescription: [
                { id: hoursId, type: ['ResultDescription'], name: 'Heures de contribution confirmées', resultType: 'ext:Hours' },
              ],
            }
          : {}),
      },
      ...(a.activity
        ? {
            activityStartDate: dayStart(a.activity.start),
            activityEndDate: dayEnd(a.activity.end),
            result: [{ type: ['Result'], resultDescription: hoursId, value: String(decimalHours(a.activity.minutes)) }],
          }
        : {}),
      source: { id: a.source.id, type: ['Profile'], name: a.source.name, ...(a.source.url ? { url: a.source.url } : {}) },
    },
    ...(a.evidence.length > 0
      ? { evidence: a.evidence.map((e) => ({ id: e.id, type: ['Evidence'], name: e.name, narrative: e.narrative })) }
      : {}),
    credentialStatus: {
      id: `${urls.statusList()}#${a.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(a.statusIndex),
      statusListCredential: urls.statusList(),
    },
  };
}

/**
 * An EndorsementCredential (Open Badges 3.0): a member vouches, in their words, for a badge
 * someone earned. The instance signs it (members hold no keys), naming who endorses.
 */
export function endorsementCredential(
  publicUrl: string,
  issuer: Issuer,
  e: {
    id: string;
    createdAt: Date;
    awardId: string;
    badgeName: string;
    holderName: string;
    endorserName: string;
    comment: string;
    networkName: string;
  },
) {
  const urls = badgeUrls(publicUrl);
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: `${publicUrl}/badges/recommandations/${e.id}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    issuer: { id: issuer.did, type: ['Profile'], name: e.networkName, url: publicUrl },
    validFrom: seconds(e.createdAt),
    name: `Recommandation de ${e.endorserName}`,
    description: `${e.endorserName} recommande le badge « ${e.badgeName} » obtenu par ${e.holderName}.`,
    credentialSubject: { id: urls.award(e.awardId), type: ['EndorsementSubject'], endorsementComment: e.comment },
  };
}
