import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { errorResponses, jsonResponse, PUBLIC, SIGNED_IN, SlugParam } from '../../lib/openapi.ts';
import { UUID_PATTERN } from '../../lib/validation.ts';
import { requireViewer } from '../accounts/guards.ts';
import { computedIndicators } from '../impact/impact.computed.ts';
import { CORE_INDICATORS } from '../impact/impact.indicators.ts';
import * as impact from '../impact/impact.service.ts';
import { QUESTION_KINDS, type Question, questionsAsForm } from '../listening/listening.questions.ts';
import * as listening from '../listening/listening.service.ts';
import { QuestionnaireInput } from '../listening/listening.validation.ts';
import { apiValidationError } from '../places/places.routes.ts';

const QuestionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(QUESTION_KINDS),
    label: z.string(),
    options: z.array(z.string()),
    optional: z.boolean(),
  })
  .openapi('Question');

const Questionnaire = z
  .object({
    code: z.string().openapi({ description: 'The public code: answered at /avis/<code>, without an account' }),
    url: z.string(),
    title: z.string(),
    intro: z.string().nullable(),
    place: z.object({ slug: z.string(), name: z.string() }),
    open: z.boolean(),
    personalDataPurpose: z
      .string()
      .nullable()
      .openapi({ description: 'Why personal data is asked (answering then asks consent); null when none is' }),
    questions: z.array(QuestionSchema),
  })
  .openapi('Questionnaire');

const QuestionnaireSummary = z
  .object({
    id: z.string(),
    code: z.string(),
    title: z.string(),
    place: z.object({ slug: z.string(), name: z.string() }).nullable(),
    open: z.boolean(),
    answers: z.number().int(),
    lastAnswerOn: z.string().nullable().openapi({ format: 'date' }),
  })
  .openapi('QuestionnaireSummary');

const QuestionnaireResults = z
  .object({
    id: z.string(),
    code: z.string(),
    title: z.string(),
    answers: z.number().int(),
    questions: z.array(
      z.object({
        question: QuestionSchema,
        answered: z.number().int(),
        counts: z.array(z.object({ label: z.string(), n: z.number().int() })).openapi({ description: 'Per choice, or per rating 1–5' }),
        average: z.number().nullable(),
        monthly: z.array(z.object({ month: z.string(), average: z.number(), n: z.number().int() })),
      }),
    ),
  })
  .openapi('QuestionnaireResults');

const CodeParam = z.object({
  code: z
    .string()
    .regex(/^[a-z0-9]{6}$/, 'v.format')
    .openapi({ param: { name: 'code', in: 'path' } }),
});
const IdParam = z.object({
  id: z
    .string()
    .regex(UUID_PATTERN, 'v.format')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const YearQuery = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, 'v.format')
    .optional()
    .openapi({ description: 'This year by default' }),
});

const Series = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.enum(['count', 'hours']),
  years: z.array(z.object({ year: z.number().int(), total: z.number().nullable(), figures: z.number().int() })),
  months: z
    .array(z.object({ month: z.string(), total: z.number() }))
    .openapi({ description: 'The chosen year’s months, when figures were entered by month' }),
});
const Computed = z.object({
  key: z.string(),
  kind: z.enum(['count', 'hours', 'average']),
  total: z.number().nullable(),
  n: z.number().int(),
  months: z.array(z.object({ month: z.string(), value: z.number(), n: z.number().int() })),
  years: z.array(z.object({ year: z.number().int(), total: z.number().nullable() })),
});
const Dashboard = z
  .object({
    year: z.number().int(),
    years: z.array(z.number().int()),
    places: z.number().int().optional().openapi({ description: 'Places whose entered figures are summed' }),
    entered: z
      .array(Series)
      .openapi({ description: 'Figures the places’ teams entered (summed for a region or the network: public places only)' }),
    computed: z
      .array(Computed)
      .openapi({ description: 'What the platform computes from the agenda, recognition, projects, services and questionnaires' }),
  })
  .openapi('ImpactDashboard');

const questionnaireJson = (
  base: string,
  { questionnaire: q, place, open }: Awaited<ReturnType<typeof listening.getPublicQuestionnaire>>,
) => ({
  code: q.code,
  url: `${base}/avis/${q.code}`,
  title: q.title,
  intro: q.intro,
  place: { slug: place.slug, name: place.name },
  open,
  personalDataPurpose: q.personalDataPurpose,
  questions: q.questions,
});

const seriesJson = (s: impact.EnteredSeries) => ({ key: s.key, label: s.label, unit: s.unit, years: s.years, months: s.months });

/** Questionnaires (definitions, results only aggregated) and impact indicators in the API. */
export function mountImpactApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/questionnaires/{code}',
      operationId: 'getQuestionnaire',
      tags: ['Listening'],
      summary: 'A questionnaire as visitors answer it (its definition; answers are never listed)',
      security: PUBLIC,
      request: { params: CodeParam },
      responses: { 200: jsonResponse(Questionnaire, 'The questionnaire'), ...errorResponses(404) },
    }),
    async (c) => {
      const deps = c.get('deps');
      return c.json(questionnaireJson(deps.config.publicUrl, await listening.getPublicQuestionnaire(deps, c.req.valid('param').code)), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/questionnaires',
      operationId: 'listMyQuestionnaires',
      tags: ['Listening'],
      summary: 'The questionnaires of the places one’s team runs',
      security: SIGNED_IN,
      responses: { 200: jsonResponse(z.object({ items: z.array(QuestionnaireSummary) }), 'Newest first'), ...errorResponses(401) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      c.header('Cache-Control', 'private, no-store');
      const data = await listening.getOverview(c.get('deps'), viewer);
      return c.json(
        {
          items: data.questionnaires.map((q) => ({
            id: q.id,
            code: q.code,
            title: q.title,
            place: q.place ? { slug: q.place.slug, name: q.place.name } : null,
            open: q.status === 'open',
            answers: q.answers,
            lastAnswerOn: q.lastAnswerOn,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/questionnaires/{id}/results',
      operationId: 'getQuestionnaireResults',
      tags: ['Listening'],
      summary:
        'Its results, aggregated: per question the counts per choice or rating, the average and the average by month (its team only)',
      security: SIGNED_IN,
      request: { params: IdParam },
      responses: { 200: jsonResponse(QuestionnaireResults, 'Aggregated results'), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      c.header('Cache-Control', 'private, no-store');
      const r = await listening.getResults(c.get('deps'), viewer, c.req.valid('param').id);
      return c.json(
        {
          id: r.questionnaire.id,
          code: r.questionnaire.code,
          title: r.questionnaire.title,
          answers: r.total,
          questions: r.results.map((x) => ({
            question: x.question,
            answered: x.answered,
            counts: x.counts,
            average: x.average,
            monthly: x.monthly,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/questionnaires',
      operationId: 'createQuestionnaire',
      tags: ['Listening'],
      summary: 'Open a questionnaire for a place one’s team runs',
      security: SIGNED_IN,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  place: z.string().openapi({ description: 'The place’s slug' }),
                  title: z.string(),
                  intro: z.string().optional(),
                  personalDataPurpose: z
                    .string()
                    .optional()
                    .openapi({ description: 'When questions ask for personal data: why (answering then asks consent)' }),
                  questions: z
                    .array(
                      z
                        .object({
                          kind: z.enum(QUESTION_KINDS),
                          label: z.string(),
                          options: z.array(z.string()).optional(),
                          optional: z.boolean().optional(),
                        })
                        .strict(),
                    )
                    .max(40),
                })
                .strict()
                .openapi('QuestionnaireInput'),
            },
          },
        },
      },
      responses: { 201: jsonResponse(Questionnaire, 'Opened'), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const body = c.req.valid('json');
      const blocks = questionsAsForm(
        body.questions.map(
          (q, i): Question => ({ id: `q${i + 1}`, kind: q.kind, label: q.label, options: q.options ?? [], optional: q.optional ?? false }),
        ),
      );
      // The ids are given by the service: the blocks go in without them.
      for (const key of Object.keys(blocks)) {
        if (key.endsWith('_id')) {
          delete blocks[key];
        }
      }
      const values = {
        ...blocks,
        place: body.place,
        title: body.title,
        intro: body.intro ?? '',
        personalData: body.personalDataPurpose ? 'on' : '',
        purpose: body.personalDataPurpose ?? '',
      };
      const parsed = QuestionnaireInput.safeParse(values);
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid questionnaire');
      }
      const deps = c.get('deps');
      const created = await listening.createQuestionnaire(deps, viewer, parsed.data, values);
      return c.json(questionnaireJson(deps.config.publicUrl, await listening.getPublicQuestionnaire(deps, created.code)), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/indicators',
      operationId: 'listIndicators',
      tags: ['Impact'],
      summary: 'The network’s common core (entered by places) and the indicators the platform computes',
      security: PUBLIC,
      responses: {
        200: jsonResponse(
          z.object({
            entered: z.array(z.object({ key: z.string(), label: z.string(), unit: z.enum(['count', 'hours']), group: z.string() })),
            computed: z.array(z.object({ key: z.string(), kind: z.enum(['count', 'hours', 'average']) })),
          }),
          'Indicator definitions',
        ),
        ...errorResponses(400),
      },
    }),
    (c) =>
      c.json(
        {
          entered: CORE_INDICATORS.map((d) => ({ key: d.key, label: d.label, unit: d.unit, group: d.group })),
          computed: computedIndicators().map((d) => ({ key: d.key, kind: d.kind })),
        },
        200,
      ),
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/indicators/network',
      operationId: 'getNetworkIndicators',
      tags: ['Impact'],
      summary: 'The network’s figures for a year and the two before (public places only)',
      security: PUBLIC,
      request: { query: YearQuery },
      responses: { 200: jsonResponse(Dashboard, 'The network'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const d = await impact.getAreaDashboard(c.get('deps'), {}, c.req.valid('query').year);
      return c.json(
        { year: d.year, years: d.years, places: d.placesWithFigures, entered: d.entered.map(seriesJson), computed: d.computed },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/indicators/regions/{code}',
      operationId: 'getRegionIndicators',
      tags: ['Impact'],
      summary: 'A region’s figures (INSEE region code), public places only',
      security: PUBLIC,
      request: {
        params: z.object({
          code: z
            .string()
            .regex(/^\d{2}$/, 'v.format')
            .openapi({ param: { name: 'code', in: 'path' } }),
        }),
        query: YearQuery,
      },
      responses: { 200: jsonResponse(Dashboard, 'The region'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const d = await impact.getAreaDashboard(c.get('deps'), { region: c.req.valid('param').code }, c.req.valid('query').year);
      return c.json(
        { year: d.year, years: d.years, places: d.placesWithFigures, entered: d.entered.map(seriesJson), computed: d.computed },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/indicators/places/{slug}',
      operationId: 'getPlaceIndicators',
      tags: ['Impact'],
      summary: 'A place’s figures: public unless its team hid them (its team always sees them)',
      security: PUBLIC,
      request: { params: SlugParam, query: YearQuery },
      responses: { 200: jsonResponse(Dashboard, 'The place'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const d = await impact.getPlaceDashboard(c.get('deps'), c.get('viewer'), c.req.valid('param').slug, c.req.valid('query').year);
      if (d.team) {
        c.header('Cache-Control', 'private, no-store');
      }
      return c.json({ year: d.year, years: d.years, entered: d.entered.map(seriesJson), computed: d.computed }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/indicators/places/{slug}/{period}',
      operationId: 'putPlaceIndicators',
      tags: ['Impact'],
      summary: 'Write one’s own place’s figures for a period ("2025", "2025-T2", "2025-05"): all or none; null removes a figure',
      security: SIGNED_IN,
      request: {
        params: SlugParam.extend({
          period: z
            .string()
            .max(20)
            .openapi({ param: { name: 'period', in: 'path' } }),
        }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  figures: z.record(z.string(), z.number().nullable()).openapi({ description: 'Indicator key → value (never negative)' }),
                })
                .strict()
                .openapi('FiguresInput'),
            },
          },
        },
      },
      responses: {
        200: jsonResponse(z.object({ period: z.string(), saved: z.number().int() }), 'Saved'),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { slug, period } = c.req.valid('param');
      const { figures } = c.req.valid('json');
      const values: Record<string, string> = {};
      for (const [key, value] of Object.entries(figures)) {
        values[impact.figureField(key)] = value === null ? '' : String(value);
      }
      const deps = c.get('deps');
      const form = await impact.getEntryForm(deps, viewer, slug, period);
      const known = new Set(form.indicators.map((i) => i.key));
      const unknown = Object.keys(figures).filter((k) => !known.has(k));
      if (unknown.length > 0) {
        throw new AppError('VALIDATION_FAILED', { message: `unknown indicators: ${unknown.join(', ')}`, details: { figures: unknown } });
      }
      // Figures not named keep their value: the form's values for this period are the starting point.
      const current = Object.fromEntries(
        form.indicators.map((i) => [
          impact.figureField(i.key),
          form.prefilledFrom ? '' : form.values.has(i.key) ? String(form.values.get(i.key)) : '',
        ]),
      );
      await impact.saveFigures(deps, viewer, slug, period, { ...current, ...values });
      return c.json({ period: form.period.text, saved: Object.values(figures).filter((v) => v !== null).length }, 200);
    },
  );
}
