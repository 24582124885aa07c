import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { errorResponses, jsonResponse, PUBLIC, queryList, SIGNED_IN, SlugParam } from '../../lib/openapi.ts';
import { requireViewer } from '../accounts/guards.ts';
import * as calls from '../calls/calls.service.ts';
import { CallFormInput } from '../calls/calls.validation.ts';
import * as communities from '../communities/communities.service.ts';
import { memberCountRange } from '../communities/communities.vocabulary.ts';
import { MEMBER_FACETS, type MemberFacet } from '../people/people.repo.ts';
import * as people from '../people/people.service.ts';
import { listMyPlaces } from '../places/places.service.ts';
import { listPublications } from '../publications/publications.service.ts';
import * as skills from '../skills/skills.service.ts';

const MemberPublic = z
  .object({
    slug: z.string(),
    displayName: z.string(),
    url: z.string(),
    bio: z.string().nullable(),
    photoUrl: z.string().nullable(),
    roles: z.array(z.string()).nullable(),
    commune: z.string().nullable(),
    region: z.string().nullable(),
    skills: z.array(z.object({ slug: z.string(), name: z.string(), level: z.number(), vouches: z.number() })).nullable(),
    openTo: z.array(z.string()).nullable(),
  })
  .openapi('MemberPublic', { description: 'Only the fields the member made public; null where they did not.' });

/** People, skills, communities and calls in the API: public information only, as a visitor sees it. */
export function mountCommunityApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/members',
      operationId: 'searchMembers',
      security: PUBLIC,
      tags: ['Members'],
      summary: 'Search members (public fields only)',
      request: {
        query: z.object({
          q: z.string().max(200).optional(),
          role: queryList,
          skill: queryList,
          region: queryList,
          openTo: queryList,
          transmit: z
            .enum(['true', 'false'])
            .optional()
            .openapi({ description: 'Only members who can pass on the skills asked for (by `skill`, else by the words of `q`)' }),
          page: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: {
        200: jsonResponse(z.object({ items: z.array(MemberPublic.partial()), total: z.number(), page: z.number() }), 'A page of members'),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const search = {
        q: (query.q ?? '').trim(),
        filters: Object.fromEntries(MEMBER_FACETS.map((f) => [f, query[f]])) as Record<MemberFacet, string[]>,
        page: query.page ?? 1,
        ...(query.transmit === 'true' ? { transmit: true } : {}),
      };
      const result = await people.searchMembers(c.get('deps'), null, search);
      const base = c.get('deps').config.publicUrl;
      return c.json(
        {
          items: result.cards.map((m) => ({
            slug: m.slug,
            displayName: m.displayName,
            url: `${base}/membres/${m.slug}`,
            photoUrl: m.photoVersion ? `${base}/membres/${m.slug}/photo?v=${m.photoVersion}` : null,
            roles: m.networkRoles,
            commune: m.communeName,
          })),
          total: result.total,
          page: search.page,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/members/{slug}',
      operationId: 'getMember',
      security: PUBLIC,
      tags: ['Members'],
      summary: 'A member (public fields only)',
      request: { params: SlugParam },
      responses: { 200: jsonResponse(MemberPublic, 'The member'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { slug } = c.req.valid('param');
      const member = await people.getMember(deps, slug);
      const memberSkills = await skills.listMemberSkills(deps, member.userId, null);
      const view = await people.getMemberView(deps, null, member, memberSkills);
      return c.json(
        {
          slug: view.slug,
          displayName: view.displayName,
          url: `${deps.config.publicUrl}/membres/${view.slug}`,
          bio: view.bio,
          photoUrl: view.photoUrl ? `${deps.config.publicUrl}${view.photoUrl}` : null,
          roles: view.roles?.networkRoles ?? null,
          commune: view.territory?.commune ?? null,
          region: view.territory?.region ?? null,
          skills: view.skills ? memberSkills.map((s) => ({ slug: s.slug, name: s.name, level: s.level, vouches: s.vouches })) : null,
          openTo: view.openTo,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/skills',
      operationId: 'listSkills',
      security: PUBLIC,
      tags: ['Skills'],
      summary: 'The skills reference, with synonyms and number of holders',
      responses: {
        200: jsonResponse(
          z.array(z.object({ slug: z.string(), name: z.string(), family: z.string(), synonyms: z.array(z.string()), holders: z.number() })),
          'Every accepted skill',
        ),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const list = await skills.listSkills(c.get('deps'));
      return c.json(
        list.map((s) => ({ slug: s.slug, name: s.name, family: s.family, synonyms: s.synonyms, holders: s.holders })),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/skills/{slug}',
      operationId: 'getSkill',
      security: PUBLIC,
      tags: ['Skills'],
      summary: 'A skill: who practises it (public profiles) and where',
      request: { params: SlugParam },
      responses: {
        200: jsonResponse(
          z.object({
            slug: z.string(),
            name: z.string(),
            description: z.string(),
            synonyms: z.array(z.string()),
            holders: z.array(
              z.object({
                slug: z.string(),
                displayName: z.string(),
                level: z.number(),
                vouches: z.number(),
                commune: z.string().nullable(),
              }),
            ),
            places: z.array(z.object({ slug: z.string(), name: z.string() })),
          }),
          'The skill',
        ),
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { skill } = await skills.getSkill(deps, c.req.valid('param').slug);
      const page = await skills.getSkillPage(deps, null, skill.id);
      return c.json(
        {
          slug: skill.slug,
          name: skill.name,
          description: skill.description,
          synonyms: skill.synonyms,
          holders: page.holders.map((h) => ({
            slug: h.slug,
            displayName: h.displayName,
            level: h.level,
            vouches: h.vouches,
            commune: h.communeName,
          })),
          places: page.places.map((p) => ({ slug: p.slug, name: p.name })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/communities',
      operationId: 'listCommunities',
      security: PUBLIC,
      tags: ['Communities'],
      summary: 'Communities, with their member count as a range',
      responses: {
        200: jsonResponse(
          z.array(z.object({ slug: z.string(), name: z.string(), oneLiner: z.string(), scale: z.string(), members: z.number() })),
          'Communities',
        ),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const list = await communities.listCommunities(c.get('deps'));
      return c.json(
        list.map((m) => ({ slug: m.slug, name: m.name, oneLiner: m.oneLiner, scale: m.scale, members: m.members })),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/communities/{slug}',
      operationId: 'getCommunity',
      security: PUBLIC,
      tags: ['Communities'],
      summary: 'A community, field for field',
      request: { params: SlugParam },
      responses: { 200: jsonResponse(z.record(z.string(), z.unknown()), 'The community'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const d = await communities.getCommunity(c.get('deps'), c.req.valid('param').slug);
      const { rows: publications } = await listPublications(c.get('deps'), { kind: 'community', slug: d.community.slug });
      const range = memberCountRange(d.members.length);
      const k = d.community;
      return c.json(
        {
          slug: k.slug,
          name: k.name,
          publishedOn: k.publishedOn,
          scale: k.scale,
          scaleCode: k.scaleCode,
          members: d.members.length,
          membersRange: c.get('t')(range.key, range.params),
          referents: d.referents.map((r) => ({ slug: r.slug, displayName: r.displayName })),
          expertises: k.expertises,
          oneLiner: k.oneLiner,
          objectives: k.objectivesMd,
          activities: k.activitiesMd,
          domains: k.domains,
          links: k.links,
          places: d.places.map((p) => ({ slug: p.slug, name: p.name })),
          publications: publications.map((p) => ({ title: p.title, slug: p.slug, publishedAt: p.publishedAt.toISOString() })),
        },
        200,
      );
    },
  );

  const CallSummary = z.object({
    slug: z.string(),
    title: z.string(),
    status: z.string(),
    commune: z.string().nullable(),
    remote: z.boolean(),
    skills: z.array(z.string()),
    deadline: z.string().nullable(),
  });

  api.openapi(
    createRoute({
      method: 'get',
      path: '/calls',
      operationId: 'listCalls',
      security: PUBLIC,
      tags: ['Calls'],
      summary: 'Calls for skills',
      request: {
        query: z.object({
          status: z.enum(['open', 'fulfilled', 'closed']).optional(),
          skill: z
            .string()
            .regex(/^[a-z0-9-]+$/)
            .max(100)
            .optional(),
          page: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: { 200: jsonResponse(z.object({ items: z.array(CallSummary), total: z.number() }), 'Calls'), ...errorResponses(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { rows, total } = await calls.listCalls(c.get('deps'), { status: q.status ?? 'open', skillSlug: q.skill, page: q.page ?? 1 });
      return c.json(
        {
          items: rows.map((r) => ({
            slug: r.slug,
            title: r.title,
            status: r.status,
            commune: r.communeName,
            remote: r.remote,
            skills: r.skills,
            deadline: r.deadline,
          })),
          total,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/calls/{slug}',
      operationId: 'getCall',
      security: PUBLIC,
      tags: ['Calls'],
      summary: 'A call, with its best-matched members (public profiles)',
      request: { params: SlugParam },
      responses: { 200: jsonResponse(z.record(z.string(), z.unknown()), 'The call'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const page = await calls.getCallPage(c.get('deps'), null, c.req.valid('param').slug);
      const k = page.call;
      return c.json(
        {
          slug: k.slug,
          title: k.title,
          description: k.descriptionMd,
          status: k.status,
          commune: k.communeName,
          radiusKm: k.radiusKm,
          remote: k.remote,
          onSite: k.onSite,
          deadline: k.deadline,
          skills: page.skills.map((s) => ({ slug: s.slug, name: s.name })),
          matches: page.matches.map((m) => ({
            slug: m.slug,
            displayName: m.displayName,
            matched: m.matched,
            vouches: m.vouches,
            distanceKm: m.distanceKm,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/calls',
      operationId: 'createCall',
      tags: ['Calls'],
      summary: 'Post a call for skills',
      description: 'Skills by name or synonym, comma-separated. Matching members are notified.',
      security: SIGNED_IN,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  title: z.string(),
                  description: z.string(),
                  skills: z.string(),
                  commune: z.string().optional(),
                  postcode: z.string().optional(),
                  radiusKm: z.enum(['10', '25', '50', '100', '200']).optional(),
                  remote: z.boolean().optional(),
                  onSite: z.boolean().optional(),
                  deadline: z.string().optional(),
                })
                .strict()
                .openapi('CallInput'),
            },
          },
        },
      },
      responses: {
        201: jsonResponse(z.object({ slug: z.string(), matched: z.number() }), 'Created'),
        ...errorResponses(400, 401, 403, 507),
      },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const body = c.req.valid('json');
      const parsed = CallFormInput.safeParse({
        ...body,
        remote: body.remote ? 'on' : undefined,
        onSite: body.onSite === false ? undefined : 'on',
      });
      if (!parsed.success) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'invalid call',
          details: { '': parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
        });
      }
      const mine = (await listMyPlaces(c.get('deps'), viewer)).map((p) => p.slug);
      const { call, matched } = await calls.createCall(c.get('deps'), viewer, parsed.data, mine);
      return c.json({ slug: call.slug, matched }, 201);
    },
  );
}
