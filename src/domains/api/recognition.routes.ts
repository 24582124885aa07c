import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http-env.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { errorResponses, jsonResponse, PUBLIC, SIGNED_IN, SlugParam } from '../../lib/openapi.ts';
import { UUID_PATTERN } from '../../lib/validation.ts';
import { requireViewer } from '../accounts/guards.ts';
import * as badges from '../badges/badges.service.ts';
import { MAX_CREDENTIAL_BYTES } from '../badges/badges.validation.ts';
import { apiValidationError } from '../places/places.routes.ts';
import { decimalHours } from '../recognition/recognition.presenter.ts';
import { CONTRIBUTION_KINDS } from '../recognition/recognition.schema.ts';
import * as recognition from '../recognition/recognition.service.ts';
import { ContributionInput, REVIEW_DECISIONS, ReviewInput } from '../recognition/recognition.validation.ts';

const IdParam = z.object({
  id: z
    .string()
    .regex(UUID_PATTERN, 'v.format')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const Contribution = z
  .object({
    id: z.string(),
    url: z.string(),
    kind: z.enum(CONTRIBUTION_KINDS),
    startedOn: z.string(),
    endedOn: z.string().nullable(),
    hours: z.number().nullable(),
    place: z.object({ slug: z.string().nullable(), name: z.string() }).nullable(),
    project: z.object({ slug: z.string().nullable(), title: z.string() }).nullable(),
    description: z.string(),
    evidenceUrl: z.string().nullable(),
    source: z.enum(['member', 'documentation', 'call']),
    status: z.enum(['pending', 'changes_requested', 'confirmed', 'declined']),
    reviewMessage: z.string().nullable(),
    confirmedBy: z.string().nullable(),
  })
  .openapi('Contribution');

const Badge = z
  .object({
    slug: z.string(),
    url: z.string(),
    name: z.string(),
    description: z.string(),
    criteria: z.string().openapi({ description: 'Markdown' }),
    imageUrl: z.string(),
    place: z.object({ slug: z.string().nullable(), name: z.string() }).nullable(),
    awardMode: z.enum(['manual', 'rule']),
    rule: z
      .object({ metric: z.enum(['hours', 'contributions', 'projects']), kind: z.string().nullable(), threshold: z.number() })
      .nullable(),
    skills: z.array(z.object({ slug: z.string(), name: z.string() })),
    holders: z.number(),
  })
  .openapi('BadgeClass', { description: 'A badge (an Open Badges 3.0 Achievement) and how it is earned.' });

const Credential = z.record(z.string(), z.unknown()).openapi('OpenBadgeCredential', {
  description: 'A signed OpenBadgeCredential (Open Badges 3.0, VC Data Model 2.0, Data Integrity proof eddsa-rdfc-2022).',
});

const Verdict = z
  .object({
    state: z.enum([
      'valid',
      'revoked',
      'expired',
      'invalid_signature',
      'other_issuer',
      'status_unknown',
      'not_json',
      'not_credential',
      'too_large',
    ]),
    reason: z.string().optional(),
    summary: z
      .object({
        name: z.string(),
        holder: z.string().nullable(),
        issuer: z.string().nullable(),
        validFrom: z.string().nullable(),
        hours: z.string().nullable(),
        awardId: z.string().nullable(),
      })
      .optional(),
  })
  .openapi('Verdict', {
    description:
      'valid; revoked (with the reason); expired; invalid_signature (changed after signing); other_issuer (not signed by this network); status_unknown (never "valid" when the revocation list could not be read); not_json; not_credential; too_large.',
  });

const contributionJson = (base: string, r: recognition.ContributionRow) => ({
  id: r.id,
  url: `${base}/reconnaissance/${r.id}`,
  kind: r.kind,
  startedOn: r.startedOn,
  endedOn: r.endedOn,
  hours: r.minutes === null ? null : decimalHours(r.minutes),
  place: r.placeName ? { slug: r.placeSlug, name: r.placeName } : null,
  project: r.projectTitle ? { slug: r.projectSlug, title: r.projectTitle } : null,
  description: r.description,
  evidenceUrl: r.evidenceUrl,
  source: r.source,
  status: r.status,
  reviewMessage: r.reviewMessage,
  confirmedBy: r.status === 'confirmed' ? r.reviewerName : null,
});

const badgeJson = (base: string, b: badges.BadgeRow) => ({
  slug: b.slug,
  url: `${base}/badges/${b.slug}`,
  name: b.name,
  description: b.description,
  criteria: b.criteriaMd,
  imageUrl: `${base}/badges/${b.slug}/image.png`,
  place: b.placeName ? { slug: b.placeSlug, name: b.placeName } : null,
  awardMode: b.awardMode,
  rule:
    b.awardMode === 'rule' && b.ruleMetric && b.ruleThreshold
      ? { metric: b.ruleMetric, kind: b.ruleKind, threshold: b.ruleThreshold }
      : null,
  skills: b.skills.map((s) => ({ slug: s.slug, name: s.name })),
  holders: b.holders,
});

/** Recognition in the API: one's contributions and their confirmation, badges, credentials. */
export function mountRecognitionApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/contributions',
      operationId: 'listMyContributions',
      tags: ['Recognition'],
      summary: 'My contributions (every status)',
      security: SIGNED_IN,
      responses: {
        200: jsonResponse(z.object({ items: z.array(Contribution) }), 'My contributions, newest first'),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      c.header('Cache-Control', 'private, no-store');
      const rows = await recognition.listMyContributions(c.get('deps'), viewer);
      return c.json({ items: rows.map((r) => contributionJson(c.get('deps').config.publicUrl, r)) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/contributions',
      operationId: 'logContribution',
      tags: ['Recognition'],
      summary: 'Log a contribution (it waits for someone else to confirm it)',
      description:
        'Confirmed by the place’s team, else the project’s other authors, else the moderators. Hours > 0 and at most 24 a day; dates not in the future.',
      security: SIGNED_IN,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  kind: z.enum(CONTRIBUTION_KINDS),
                  startedOn: z.string().openapi({ format: 'date' }),
                  endedOn: z.string().optional().openapi({ format: 'date' }),
                  hours: z.number(),
                  placeSlug: z.string().optional(),
                  projectSlug: z.string().optional(),
                  description: z.string(),
                  evidenceUrl: z.string().optional(),
                })
                .strict()
                .openapi('ContributionInput'),
            },
          },
        },
      },
      responses: { 201: jsonResponse(Contribution, 'Logged, waiting for confirmation'), ...errorResponses(400, 401, 403, 507) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const body = c.req.valid('json');
      const parsed = ContributionInput.safeParse({ ...body, hours: String(body.hours).replace('.', ','), endedOn: body.endedOn ?? '' });
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid contribution');
      }
      const deps = c.get('deps');
      const { id } = await recognition.logContribution(deps, viewer, parsed.data);
      const page = await recognition.getContributionPage(deps, viewer, id);
      return c.json(contributionJson(deps.config.publicUrl, page.contribution), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/contributions/{id}/review',
      operationId: 'reviewContribution',
      tags: ['Recognition'],
      summary: 'Confirm a contribution, ask for a change or decline it',
      description: 'Only those who confirm it (never its author); a reason is needed to ask for a change or decline.',
      security: SIGNED_IN,
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({ decision: z.enum(REVIEW_DECISIONS), message: z.string().optional() })
                .strict()
                .openapi('ReviewInput'),
            },
          },
        },
      },
      responses: { 200: jsonResponse(Contribution, 'Answered'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { id } = c.req.valid('param');
      const parsed = ReviewInput.safeParse(c.req.valid('json'));
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid review');
      }
      const deps = c.get('deps');
      await recognition.reviewContribution(deps, viewer, id, parsed.data);
      const page = await recognition.getContributionPage(deps, viewer, id);
      return c.json(contributionJson(deps.config.publicUrl, page.contribution), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/badges',
      operationId: 'listBadges',
      tags: ['Badges'],
      summary: 'Every badge of the network and of its places',
      security: PUBLIC,
      responses: { 200: jsonResponse(z.object({ items: z.array(Badge) }), 'The badges'), ...errorResponses(400) },
    }),
    async (c) => {
      const base = c.get('deps').config.publicUrl;
      return c.json({ items: (await badges.listBadges(c.get('deps'))).map((b) => badgeJson(base, b)) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/badges/{slug}',
      operationId: 'getBadge',
      tags: ['Badges'],
      summary: 'A badge and how it is earned',
      security: PUBLIC,
      request: { params: SlugParam },
      responses: { 200: jsonResponse(Badge, 'The badge'), ...errorResponses(400, 404) },
    }),
    async (c) => c.json(badgeJson(c.get('deps').config.publicUrl, await badges.getBadge(c.get('deps'), c.req.valid('param').slug)), 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/credentials',
      operationId: 'issueCredential',
      tags: ['Badges'],
      summary: 'Award a badge by hand: issue its signed OpenBadgeCredential',
      description:
        'Those who manage the badge (moderators for the network’s, the place’s team for a place’s), never to themselves, once per person.',
      security: SIGNED_IN,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  badge: z.string().openapi({ description: 'The badge’s slug' }),
                  recipient: z.string().openapi({ description: 'The member’s slug' }),
                })
                .strict()
                .openapi('IssueInput'),
            },
          },
        },
      },
      responses: {
        201: jsonResponse(z.object({ id: z.string(), verifyUrl: z.string(), credential: Credential }), 'Issued'),
        ...errorResponses(400, 401, 403, 404, 507),
      },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const body = c.req.valid('json');
      const deps = c.get('deps');
      const id = await badges.awardBadge(deps, viewer, body.badge, body.recipient);
      const award = await badges.getAward(deps, id);
      return c.json({ id, verifyUrl: `${deps.config.publicUrl}/badges/verifier/${id}`, credential: award.credential }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/credentials/{id}/revoke',
      operationId: 'revokeCredential',
      tags: ['Badges'],
      summary: 'Revoke an awarded badge, with a reason shown on its verification page',
      security: SIGNED_IN,
      request: {
        params: IdParam,
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ reason: z.string() }).strict().openapi('RevokeInput') } },
        },
      },
      responses: { 200: jsonResponse(Verdict, 'Revoked: the verification now says so'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const trimmed = reason.trim();
      if (trimmed.length < 5 || trimmed.length > 500) {
        throw new AppError('VALIDATION_FAILED', { message: 'a reason of 5 to 500 characters', details: { reason: ['5–500 characters'] } });
      }
      const deps = c.get('deps');
      await badges.revokeAward(deps, viewer, id, trimmed);
      return c.json((await badges.verifyAward(deps, id)).verdict, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/credentials/verify',
      operationId: 'verifyCredential',
      tags: ['Badges'],
      summary: 'Verify a credential: signature, dates, revocation',
      description:
        'Send the credential itself as the body. Anything that is not a credential this network signed gets a verdict, not an error.',
      security: PUBLIC,
      request: { body: { required: true, content: { 'application/json': { schema: Credential } } } },
      responses: { 200: jsonResponse(Verdict, 'The verdict'), ...errorResponses(400, 413) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const deps = c.get('deps');
      const verdict =
        Buffer.byteLength(JSON.stringify(body)) > MAX_CREDENTIAL_BYTES
          ? { state: 'too_large' as const }
          : await badges.verifyCredentialValue(deps, body);
      return c.json(verdict, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/members/{slug}/credentials',
      operationId: 'getMemberCredentials',
      tags: ['Badges'],
      summary: 'A member’s badges, as Open Badges 3.0’s GetOpenBadgeCredentialsResponse',
      description:
        'The valid badges its holder shows (a holder may hide any), to those who may read their record of contributions (public, members or private, as they chose): a credential tells what it rests on.',
      security: PUBLIC,
      request: { params: SlugParam },
      responses: {
        200: jsonResponse(z.object({ credential: z.array(Credential) }).openapi('GetOpenBadgeCredentialsResponse'), 'The credentials'),
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const viewer = c.get('viewer');
      const { member, awards } = await badges.listMemberBadges(deps, null, c.req.valid('param').slug);
      const readable = (viewer && viewer.id === member.id) || (await recognition.canReadRecordOf(deps, viewer, member.id));
      c.header('Cache-Control', 'private, no-store');
      return c.json({ credential: readable ? awards.filter((a) => !a.hidden && !a.revokedAt).map((a) => a.credential) : [] }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/credentials/{id}',
      operationId: 'getCredential',
      tags: ['Badges'],
      summary: 'One of my credentials (its holder only)',
      security: SIGNED_IN,
      request: { params: IdParam },
      responses: { 200: jsonResponse(Credential, 'The signed credential'), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const award = await badges.getAward(c.get('deps'), c.req.valid('param').id);
      if (award.recipientId !== viewer.id) {
        throw notFound('credential');
      }
      c.header('Cache-Control', 'private, no-store');
      return c.json(award.credential, 200);
    },
  );
}
