import type { Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { useView } from '../../views/context.ts';
import { Layout } from '../../views/layout.tsx';
import { renderPage } from '../../views/render.tsx';

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: { type?: string } }>;
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
}

interface OpenApiDoc {
  info: { title: string; description?: string; version: string };
  paths?: Record<string, Record<string, Operation>>;
}

const refName = (ref?: string) => ref?.split('/').pop();

function ApiDocsPage({ doc }: { doc: OpenApiDoc }) {
  const { t, locale } = useView();
  /** A translated text when the catalogue has one, else the document's own (English). */
  const tr = (key: string, fallback: string | undefined) => {
    const text = t(key);
    return text === key || locale === 'en' ? (fallback ?? '') : text;
  };
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  const tags = [...new Set(operations.flatMap((o) => o.op.tags ?? ['Other']))];
  return (
    <Layout title={t('api.title')} description={t('api.intro')}>
      <h1>{t('api.title')}</h1>
      <p class="lead">{t('api.lead')}</p>
      <p>
        <a href="/api/v1/openapi.json">{t('api.spec')}</a> · {t('api.version', { version: doc.info.version })}
      </p>
      <p>{t('api.intro')}</p>
      <p>{t('api.auth')}</p>
      <h2>{t('api.versioning')}</h2>
      <p>{t('api.versioningText', { version: doc.info.version })}</p>
      <ul>
        {(['compatible', 'strict', 'ids', 'deprecation', 'contract'] as const).map((k) => (
          <li>{t(`api.policy.${k}`)}</li>
        ))}
      </ul>
      <h2>{t('api.example')}</h2>
      <pre tabindex={0}>
        <code>
          {
            'curl "http://localhost:3000/api/v1/places?q=fablab&region=84"\ncurl -H "Authorization: Bearer tis_…" -H "Content-Type: application/json" \\\n  -d \'{"name":"Fablab du collège","kinds":["fablab"],"postcode":"69100","commune":"Villeurbanne"}\' \\\n  http://localhost:3000/api/v1/places'
          }
        </code>
      </pre>
      <h2>{t('api.clientExample')}</h2>
      <p>{t('api.clientExampleText')}</p>
      <pre tabindex={0}>
        <code>
          {
            "import { tisserin } from './client.ts';\n\nconst network = tisserin('https://tisserin.example.org');\nconst places = await network.placesNear(48.1173, -1.6778, 30);\nconst history = await network.projectRevisions('une-station-meteo-au-college');"
          }
        </code>
      </pre>
      <nav aria-label={t('api.toc')}>
        <ul class="inline-list">
          {tags.map((tag) => (
            <li>
              <a href={`#tag-${tag.toLowerCase().replace(/\W+/g, '-')}`}>{tr(`api.tag.${tag}`, tag)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section aria-labelledby={`tag-${tag.toLowerCase().replace(/\W+/g, '-')}`}>
          <h2 id={`tag-${tag.toLowerCase().replace(/\W+/g, '-')}`}>{tr(`api.tag.${tag}`, tag)}</h2>
          {operations
            .filter((o) => (o.op.tags ?? ['Other']).includes(tag))
            .map(({ path, method, op }) => (
              <article class="card api-op">
                <h3>
                  <span class={`method method-${method.toLowerCase()}`}>{method}</span> <code>{`/api/v1${path}`}</code>
                </h3>
                {op.summary && <p>{tr(`api.op.${method} ${path}`, op.summary)}</p>}
                {op.description && locale === 'en' && <p class="hint">{op.description}</p>}
                {op.parameters && op.parameters.length > 0 && (
                  <table class="stack-table">
                    <caption>{t('api.parameters')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('api.name')}</th>
                        <th scope="col">{t('api.in')}</th>
                        <th scope="col">{t('api.description')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {op.parameters.map((p) => (
                        <tr>
                          <td>
                            <code>{p.name}</code>
                            {p.required ? ' *' : ''}
                          </td>
                          <td data-label={t('api.in')}>{p.in}</td>
                          <td data-label={t('api.description')}>{tr(`api.param.${p.name}`, p.description ?? p.schema?.type ?? '')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                {op.requestBody?.content && (
                  <p>
                    {t('api.body')}{' '}
                    {Object.entries(op.requestBody.content).map(([type, c]) => (
                      <code>{`${type}${refName(c.schema?.$ref) ? ` (${refName(c.schema?.$ref)})` : ''}`}</code>
                    ))}
                  </p>
                )}
                <p class="hint">
                  {t('api.responses')}{' '}
                  {Object.entries(op.responses ?? {})
                    .map(([code, r]) => `${code} ${r.description ?? ''}`)
                    .join(' · ')}
                </p>
              </article>
            ))}
        </section>
      ))}
    </Layout>
  );
}

/** A readable page generated from the OpenAPI document (no JavaScript, no external viewer). */
export function mountApiDocsPage(app: Hono<AppEnv>, getDoc: () => unknown) {
  app.get('/api', (c) => renderPage(c, <ApiDocsPage doc={getDoc() as OpenApiDoc} />));
}
