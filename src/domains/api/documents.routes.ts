import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { translator } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { errorResponses, jsonResponse, PUBLIC, SIGNED_IN, SlugParam } from '../../lib/openapi.ts';
import type { FormValues } from '../../lib/request-body.ts';
import { MAX_INT32, toFieldErrors } from '../../lib/validation.ts';
import { requireViewer } from '../accounts/guards.ts';
import { type DocumentContent, licenceOf, TEMPLATES } from '../documents/documents.content.ts';
import { attributionLine } from '../documents/documents.presenter.ts';
import type { DocumentKind } from '../documents/documents.schema.ts';
import * as documents from '../documents/documents.service.ts';
import { contentToForm, formSchemaFor } from '../documents/documents.validation.ts';
import * as tools from '../tools/tools.service.ts';

const Step = z.object({ title: z.string(), text: z.string().openapi({ description: 'Markdown' }), images: z.array(z.string()) });

const DocumentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['project', 'guide']),
    slug: z.string(),
    url: z.string(),
    title: z.string(),
    summary: z.string(),
    status: z.string(),
    draft: z.boolean(),
    licence: z.object({ id: z.string(), label: z.string(), url: z.string(), free: z.boolean() }),
    sections: z.record(z.string(), z.string()).openapi({ description: 'Markdown of each template section, by key' }),
    steps: z.array(Step).openapi({ description: 'The numbered steps of "Déroulé"; image URLs' }),
    levels: z.array(z.string()),
    disciplines: z.array(z.string()),
    audiences: z.array(z.string()),
    duration: z.string(),
    groupSize: z.string(),
    materials: z.string(),
    budget: z.string(),
    coverUrl: z.string().nullable(),
    attachments: z.array(z.string()),
    placeIds: z.array(z.string()),
    communityIds: z.array(z.string()),
    skillIds: z.array(z.string()),
    toolIds: z.array(z.string()),
    revision: z.number().openapi({ description: 'The current revision: send it back as baseRevision when you update' }),
    adaptedFrom: z.object({ slug: z.string(), url: z.string() }).nullable(),
    contributors: z.array(z.object({ displayName: z.string(), url: z.string().nullable(), revisions: z.number() })),
    attribution: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Document');

const DocumentCardSchema = z
  .object({
    slug: z.string(),
    url: z.string(),
    title: z.string(),
    summary: z.string(),
    status: z.string(),
    licence: z.string(),
    levels: z.array(z.string()),
    updatedAt: z.string(),
  })
  .openapi('DocumentCard');

const RevisionSummarySchema = z
  .object({
    number: z.number(),
    author: z.string().nullable().openapi({ description: 'Display name; null for a former member' }),
    summary: z.string(),
    restoredFrom: z.number().nullable(),
    createdAt: z.string(),
  })
  .openapi('RevisionSummary');

const DocumentInput = z
  .object({
    title: z.string(),
    summary: z.string().optional(),
    status: z.string().optional(),
    licence: z.string().openapi({ example: 'CC-BY-SA-4.0' }),
    sections: z.record(z.string(), z.string()).optional(),
    steps: z
      .array(z.object({ title: z.string(), text: z.string() }).strict())
      .max(40)
      .optional(),
    levels: z.array(z.string()).optional(),
    disciplines: z.array(z.string()).optional(),
    audiences: z.array(z.string()).optional(),
    duration: z.string().optional(),
    groupSize: z.string().optional(),
    materials: z.string().optional(),
    budget: z.string().optional(),
    placeIds: z.array(z.string()).optional(),
    communityIds: z.array(z.string()).optional(),
    skillIds: z.array(z.string()).optional(),
    toolIds: z.array(z.string()).optional(),
    change: z.string().optional().openapi({ description: 'Why this save, shown in the history' }),
    publish: z.boolean().optional(),
  })
  .strict()
  .openapi('DocumentInput', {
    description:
      'Checked by the same rules as the web form; a field not listed here is refused (400). Images and PDFs are uploaded from the web page; on update, those already attached are kept.',
  });

const DocumentUpdate = DocumentInput.extend({
  baseRevision: z
    .number()
    .int()
    .min(1)
    .max(MAX_INT32)
    .openapi({ description: 'The revision you started from: a later save by someone else answers 409' }),
})
  .strict()
  .openapi('DocumentUpdate');

type Input = z.infer<typeof DocumentInput>;

/** JSON → the web form's values, validated by the form's own schema (one set of rules). */
function contentFromInput(kind: DocumentKind, input: Input, kept: DocumentContent | null, base: number) {
  const values: FormValues = {
    ...(kept ? contentToForm(kind, kept, base) : {}),
    title: input.title,
    summary: input.summary ?? '',
    licence: input.licence,
    step_title: (input.steps ?? []).map((s) => s.title),
    step_text: (input.steps ?? []).map((s) => s.text),
    levels: input.levels ?? [],
    disciplines: input.disciplines ?? [],
    audiences: input.audiences ?? [],
    duration: input.duration ?? '',
    groupSize: input.groupSize ?? '',
    materials: input.materials ?? '',
    budget: input.budget ?? '',
    places: input.placeIds ?? [],
    communities: input.communityIds ?? [],
    skills: input.skillIds ?? [],
    tools: input.toolIds ?? [],
    change: input.change ?? '',
    base: String(base),
  };
  if (input.status) {
    values.status = input.status;
  }
  // Step images follow their step by position when the steps are sent again.
  if (kept && input.steps) {
    values.step_image = kept.steps.slice(0, input.steps.length).flatMap((s, i) => s.images.map((k) => `${i + 1}:${k}`));
  }
  for (const key of TEMPLATES[kind].sections) {
    values[`section_${key}`] = input.sections?.[key] ?? '';
  }
  const unknown = Object.keys(input.sections ?? {}).filter((k) => !TEMPLATES[kind].sections.includes(k));
  const parsed = formSchemaFor(kind).safeParse(values);
  if (!parsed.success || unknown.length > 0) {
    const details = parsed.success ? {} : toFieldErrors(parsed.error, translator('en'));
    throw new AppError('VALIDATION_FAILED', {
      message: 'invalid document',
      details: { ...details, ...(unknown.length > 0 ? { sections: [`unknown sections: ${unknown.join(', ')}`] } : {}) },
    });
  }
  return parsed.data.content;
}

async function present(c: Context<AppEnv>, view: documents.DocumentView) {
  const deps = c.get('deps');
  const base = deps.config.publicUrl;
  const { doc } = view;
  const extras = await documents.documentPage(deps, view);
  const licence = licenceOf(doc.licence);
  const content = doc.content;
  const upload = (key: string) => `${base}/uploads/${key}`;
  return {
    id: doc.id,
    kind: doc.kind,
    slug: doc.slug,
    url: `${base}${documents.pathOf(doc)}`,
    title: doc.title,
    summary: doc.summary,
    status: doc.status,
    draft: !doc.publishedAt,
    licence: { id: licence.id, label: licence.label, url: licence.url, free: licence.free },
    sections: content.sections,
    steps: content.steps.map((s) => ({ title: s.title, text: s.text, images: s.images.map(upload) })),
    levels: content.levels,
    disciplines: content.disciplines,
    audiences: content.audiences,
    duration: content.duration,
    groupSize: content.groupSize,
    materials: content.materials,
    budget: content.budget,
    coverUrl: content.coverKey ? upload(content.coverKey) : null,
    attachments: content.attachments.map(upload),
    placeIds: content.placeIds,
    communityIds: content.communityIds,
    skillIds: content.skillIds,
    toolIds: content.toolIds,
    revision: doc.revision,
    adaptedFrom: extras.adaptedFrom ? { slug: extras.adaptedFrom.slug, url: `${base}${documents.pathOf(extras.adaptedFrom)}` } : null,
    contributors: extras.contributors.map((p) => ({
      displayName: p.displayName ?? c.get('t')('documents.formerMember'),
      url: p.slug ? `${base}/membres/${p.slug}` : null,
      revisions: p.revisions,
    })),
    attribution: attributionLine(doc, extras.contributors, `${base}${documents.pathOf(doc)}`, c.get('t')),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

function mountKind(api: OpenAPIHono<AppEnv>, kind: DocumentKind) {
  const plural = kind === 'project' ? 'projects' : 'guides';
  const tag = kind === 'project' ? 'Projects' : 'Guides';
  // Stable operation ids, for generated clients: listProjects, getProjectRevision, updateGuide…
  const Kind = kind === 'project' ? 'Project' : 'Guide';
  const Kinds = tag;
  const load = (c: Context<AppEnv>, slug: string) => documents.loadDocument(c.get('deps'), c.get('viewer'), kind, slug);

  api.openapi(
    createRoute({
      method: 'get',
      path: `/${plural}`,
      operationId: `list${Kinds}`,
      security: PUBLIC,
      tags: [tag],
      summary: `Published ${plural}, newest first (or by relevance with q)`,
      request: {
        query: z.object({
          q: z.string().max(200).optional(),
          level: z.string().max(40).optional(),
          discipline: z.string().max(40).optional(),
          page: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: {
        200: jsonResponse(z.object({ items: z.array(DocumentCardSchema), total: z.number(), page: z.number() }), 'A page'),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const q = c.req.valid('query');
      const page = q.page ?? 1;
      const result = await documents.searchDocuments(deps, {
        kind,
        q: q.q,
        ...(q.level ? { level: q.level } : {}),
        ...(q.discipline ? { discipline: q.discipline } : {}),
        limit: 20,
        offset: (page - 1) * 20,
      });
      const base = deps.config.publicUrl;
      return c.json(
        {
          items: result.items.map((d) => ({
            slug: d.slug,
            url: `${base}${documents.pathOf(d)}`,
            title: d.title,
            summary: d.summary,
            status: d.status,
            licence: d.licence,
            levels: d.levels,
            updatedAt: new Date(d.updatedAt).toISOString(),
          })),
          total: result.total,
          page,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: `/${plural}/{slug}`,
      operationId: `get${Kind}`,
      security: PUBLIC,
      tags: [tag],
      summary: `One ${kind}: its current revision, licence, contributors and attribution`,
      request: { params: SlugParam },
      responses: { 200: jsonResponse(DocumentSchema, 'The document'), ...errorResponses(400, 404) },
    }),
    async (c) => c.json(await present(c, await load(c, c.req.valid('param').slug)), 200),
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: `/${plural}/{slug}/revisions`,
      operationId: `list${Kind}Revisions`,
      security: PUBLIC,
      tags: [tag],
      summary: 'The history: every revision, newest first',
      request: { params: SlugParam },
      responses: { 200: jsonResponse(z.object({ items: z.array(RevisionSummarySchema) }), 'Revisions'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const view = await load(c, c.req.valid('param').slug);
      const revisions = await documents.listHistory(c.get('deps'), view);
      return c.json(
        {
          items: revisions.map((r) => ({
            number: r.number,
            author: r.authorName,
            summary: r.summary,
            restoredFrom: r.restoredFrom,
            createdAt: new Date(r.createdAt).toISOString(),
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: `/${plural}/{slug}/revisions/{number}`,
      operationId: `get${Kind}Revision`,
      security: PUBLIC,
      tags: [tag],
      summary: 'One revision, whole, as it was saved',
      request: {
        params: SlugParam.extend({
          number: z.coerce
            .number()
            .int()
            .min(1)
            .max(MAX_INT32)
            .openapi({ param: { name: 'number', in: 'path' } }),
        }),
      },
      responses: {
        200: jsonResponse(
          z.object({ number: z.number(), createdAt: z.string(), content: z.record(z.string(), z.unknown()) }),
          'The revision',
        ),
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const { slug, number } = c.req.valid('param');
      const view = await load(c, slug);
      const revision = await documents.getRevision(c.get('deps'), view, number);
      const { coverKey: _cover, ...content } = revision.content;
      return c.json({ number: revision.number, createdAt: new Date(revision.createdAt).toISOString(), content }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: `/${plural}`,
      operationId: `create${Kind}`,
      tags: [tag],
      summary: `Write a new ${kind} (revision 1; a draft unless publish is true)`,
      security: SIGNED_IN,
      request: { body: { required: true, content: { 'application/json': { schema: DocumentInput } } } },
      responses: { 201: jsonResponse(DocumentSchema, 'Created'), ...errorResponses(400, 401, 403, 415, 507) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const input = c.req.valid('json');
      const content = contentFromInput(kind, input, null, 0);
      const created = await documents.createDocument(c.get('deps'), viewer, kind, {
        content,
        change: input.change ?? '',
        publish: input.publish === true,
      });
      c.header('Location', `/api/v1/${plural}/${created.slug}`);
      return c.json(await present(c, await load(c, created.slug)), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: `/${plural}/{slug}`,
      operationId: `update${Kind}`,
      tags: [tag],
      summary: 'Save a new revision',
      description:
        'The whole text, as a new revision. If someone saved after baseRevision, nothing is written: 409 CONFLICT with the current revision in details; fetch it, merge, and send again.',
      security: SIGNED_IN,
      request: { params: SlugParam, body: { required: true, content: { 'application/json': { schema: DocumentUpdate } } } },
      responses: { 200: jsonResponse(DocumentSchema, 'Saved'), ...errorResponses(400, 401, 403, 404, 409, 415, 507) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const view = await load(c, c.req.valid('param').slug);
      const input = c.req.valid('json');
      const content = contentFromInput(kind, input, view.doc.content, input.baseRevision);
      try {
        await documents.saveDocument(c.get('deps'), viewer, view.doc.id, {
          content,
          change: input.change ?? '',
          base: input.baseRevision,
          ...(input.publish ? { publish: true } : {}),
        });
      } catch (err) {
        if (err instanceof documents.EditConflict) {
          throw new AppError('CONFLICT', { message: err.message, details: { currentRevision: err.current } });
        }
        throw err;
      }
      return c.json(await present(c, await load(c, view.doc.slug)), 200);
    },
  );
}

const ToolSchema = z
  .object({
    slug: z.string(),
    url: z.string(),
    name: z.string(),
    kind: z.string(),
    licence: z.string().openapi({ description: 'SPDX identifier' }),
    free: z.boolean(),
    website: z.string().nullable(),
    repository: z.string().nullable(),
    description: z.string(),
    platforms: z.array(z.string()),
  })
  .openapi('Tool');

/** Projects (with their revisions), guides and the tools catalogue in the API. */
export function mountDocumentApi(api: OpenAPIHono<AppEnv>) {
  mountKind(api, 'project');
  mountKind(api, 'guide');

  api.openapi(
    createRoute({
      method: 'post',
      path: '/markdown/preview',
      operationId: 'previewMarkdown',
      tags: ['Projects', 'Guides'],
      summary: 'Render Markdown as the pages will show it (sanitised HTML): the editor’s live preview',
      security: SIGNED_IN,
      request: {
        body: { required: true, content: { 'application/json': { schema: z.object({ text: z.string().max(50_000) }).strict() } } },
      },
      responses: { 200: jsonResponse(z.object({ html: z.string() }), 'The HTML'), ...errorResponses(400, 401, 415) },
    }),
    async (c) => {
      requireViewer(c);
      return c.json({ html: await renderMarkdown(c.req.valid('json').text) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/tools',
      operationId: 'listTools',
      security: PUBLIC,
      tags: ['Tools'],
      summary: 'The catalogue of free tools, with how many places and projects use each',
      responses: {
        200: jsonResponse(z.object({ items: z.array(ToolSchema.extend({ places: z.number(), projects: z.number() })) }), 'The catalogue'),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const base = c.get('deps').config.publicUrl;
      const list = await tools.listTools(c.get('deps'));
      return c.json(
        {
          items: list.map((t) => ({
            slug: t.slug,
            url: `${base}/outils/${t.slug}`,
            name: t.name,
            kind: t.kind,
            licence: t.licence,
            free: tools.isFreeLicence(t.licence),
            website: t.website,
            repository: t.repository,
            description: t.descriptionMd,
            platforms: t.platforms,
            places: t.places,
            projects: t.projects,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/tools/{slug}',
      operationId: 'getTool',
      security: PUBLIC,
      tags: ['Tools'],
      summary: 'One tool, the places and published projects that use it',
      request: { params: SlugParam },
      responses: {
        200: jsonResponse(
          ToolSchema.extend({
            places: z.array(z.object({ slug: z.string(), name: z.string(), url: z.string() })),
            projects: z.array(z.object({ slug: z.string(), title: z.string(), url: z.string() })),
          }),
          'The tool',
        ),
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const base = c.get('deps').config.publicUrl;
      const detail = await tools.getTool(c.get('deps'), c.req.valid('param').slug);
      const t = detail.tool;
      return c.json(
        {
          slug: t.slug,
          url: `${base}/outils/${t.slug}`,
          name: t.name,
          kind: t.kind,
          licence: t.licence,
          free: detail.free,
          website: t.website,
          repository: t.repository,
          description: t.descriptionMd,
          platforms: t.platforms,
          places: detail.places.map((p) => ({ slug: p.slug, name: p.name, url: `${base}/lieux/${p.slug}` })),
          projects: detail.projects.map((d) => ({ slug: d.slug, title: d.title, url: `${base}${documents.pathOf(d)}` })),
        },
        200,
      );
    },
  );
}
