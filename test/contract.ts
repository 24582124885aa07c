import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { API_INFO, createApi } from '../src/domains/api/api.routes.ts';

/**
 * Every answer of the API checked against the OpenAPI document the app serves: the status is
 * one the operation documents, the content type is the documented one, and a JSON body matches
 * the documented schema (JSON Schema 2020-12, by Ajv — not by our own reader). A response that
 * drifts from the spec throws, so the test that received it fails.
 */
const SPEC_ID = 'https://tisserin.localhost/api/v1/openapi.json';
const BASE = '/api/v1';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Spec = { paths: Record<string, Record<string, Operation>> };

let compiled: { spec: Spec; ajv: Ajv2020; routes: Array<{ template: string; pattern: RegExp; literal: number }> } | undefined;

function load() {
  if (!compiled) {
    const spec = JSON.parse(JSON.stringify(createApi().getOpenAPI31Document(API_INFO))) as Spec;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...spec, $id: SPEC_ID });
    const routes = Object.keys(spec.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      // Literal segments win over parameters: /places/bbox before /places/{id}.
      literal: template.replace(/\{[^}]+\}/g, '').length,
    }));
    routes.sort((a, b) => b.literal - a.literal);
    compiled = { spec, ajv, routes };
  }
  return compiled;
}

const validators = new Map<string, ValidateFunction>();
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function validatorFor(ref: string): ValidateFunction {
  let v = validators.get(ref);
  if (!v) {
    v = load().ajv.compile({ $ref: `${SPEC_ID}#/${ref}` });
    validators.set(ref, v);
  }
  return v;
}

export class ContractError extends Error {}

/** How many API responses were checked (the suite asserts it checked some). */
export const checked = { count: 0 };

/** Throw ContractError if `res` (to `method` `url`) is not what the spec documents. */
export async function assertMatchesSpec(method: string, url: string, res: Response): Promise<void> {
  const path = new URL(url, 'http://x').pathname;
  if (!path.startsWith(`${BASE}/`)) {
    return;
  }
  const { spec, routes } = load();
  const route = routes.find((r) => r.pattern.test(path.slice(BASE.length)));
  const operation = route ? spec.paths[route.template]?.[method.toLowerCase()] : undefined;
  const where = `${method} ${path} → ${res.status}`;
  if (!route || !operation) {
    // Not an operation of ours (unknown path, wrong method): still the documented error shape.
    if (res.status >= 400 && res.headers.get('content-type')?.startsWith('application/json')) {
      await checkBody(res, 'components/schemas/Error', where);
    }
    return;
  }
  const status = String(res.status);
  const documented = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
  if (!documented) {
    throw new ContractError(`${where}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
  }
  checked.count++;
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const content = documented.content;
  if (!content) {
    if (res.status !== 204 && res.status !== 304 && (await res.clone().arrayBuffer()).byteLength > 0) {
      throw new ContractError(`${where}: a body where none is documented`);
    }
    return;
  }
  if (!(type in content)) {
    throw new ContractError(`${where}: content type ${type || '(none)'} not documented (${Object.keys(content).join(', ')})`);
  }
  if (type.endsWith('json') && content[type]?.schema) {
    const statusKey = operation.responses[status] ? status : operation.responses[`${status[0]}XX`] ? `${status[0]}XX` : 'default';
    await checkBody(res, pointer('paths', route.template, method.toLowerCase(), 'responses', statusKey, 'content', type, 'schema'), where);
  }
}

async function checkBody(res: Response, ref: string, where: string) {
  const text = await res.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ContractError(`${where}: body is not JSON`);
  }
  const validate = validatorFor(ref);
  if (!validate(body)) {
    const problems = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new ContractError(`${where}: body does not match the spec: ${problems.join('; ')}`);
  }
}
