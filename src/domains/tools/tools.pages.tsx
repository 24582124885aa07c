import { z } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../http-env.ts';
import { forbidden } from '../../lib/errors.ts';
import { formatDate } from '../../lib/i18n.ts';
import { licenceName } from '../../lib/licences.ts';
import { readForm } from '../../lib/request-body.ts';
import { slugOr404 } from '../../lib/slug.ts';
import { plainText } from '../../lib/validation.ts';
import { useView } from '../../views/context.ts';
import { handleForm } from '../../views/form-handler.ts';
import { ErrorSummary, emptyForm, Form, type FormState, Select, SubmitButton, TextArea, TextField } from '../../views/forms.tsx';
import { JsonLd } from '../../views/json-ld.tsx';
import { Layout } from '../../views/layout.tsx';
import { redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { DOCUMENTS_TOPIC } from '../documents/documents.service.ts';
import { DocumentCardList } from '../documents/views/document-page.view.tsx';
import { PLACES_TOPIC } from '../places/places.service.ts';
import { PEOPLE_TOPIC } from '../skills/skills.service.ts';
import { TOOL_KINDS } from './tools.schema.ts';
import * as tools from './tools.service.ts';
import { ToolFormInput } from './tools.validation.ts';
import './tools.opendata.ts';

const NoteInput = z.object({ body: plainText({ min: 10, max: 1000 }) }).strict();

/** How the catalogue's platform codes read (members type theirs as they like: kept as typed). */
const PLATFORM_NAMES: Record<string, string> = {
  android: 'Android',
  ios: 'iOS',
  linux: 'Linux',
  macos: 'macOS',
  windows: 'Windows',
  web: 'Web',
  serveur: 'Serveur',
  materiel: 'Matériel',
  methode: 'Méthode',
};
const platformName = (p: string) => PLATFORM_NAMES[p] ?? p;

function LicenceBadge({ licence }: { licence: string }) {
  const { t, locale } = useView();
  const free = tools.isFreeLicence(licence);
  return (
    <span class={free ? 'badge badge-free' : 'badge badge-draft'}>
      {licenceName(licence, locale)} · {t(free ? 'tools.free' : 'tools.notFree')}
    </span>
  );
}

function ToolsPage({ list, kind }: { list: Awaited<ReturnType<typeof tools.listTools>>; kind?: string }) {
  const { t, viewer } = useView();
  return (
    <Layout title={t('tools.title')} description={t('tools.lead')}>
      <h1>{t('tools.title')}</h1>
      <p class="lead">{t('tools.lead')}</p>
      {viewer?.emailVerified && (
        <p>
          <a class="button" href="/outils/nouveau">
            {t('tools.new')}
          </a>
        </p>
      )}
      <nav aria-label={t('tools.kinds')}>
        <ul class="inline-list">
          <li>{kind ? <a href="/outils">{t('tools.all')}</a> : <strong aria-current="page">{t('tools.all')}</strong>}</li>
          {TOOL_KINDS.map((k) => (
            <li>
              {kind === k ? (
                <strong aria-current="page">{t(`tools.kind.${k}`)}</strong>
              ) : (
                <a href={`/outils?type=${k}`}>{t(`tools.kind.${k}`)}</a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <ul class="card-grid">
        {list.map((tool) => (
          <li class="card">
            <h2>
              <a href={`/outils/${tool.slug}`}>{tool.name}</a>
            </h2>
            <p>{tool.descriptionMd}</p>
            <p>
              <LicenceBadge licence={tool.licence} />
            </p>
            <p class="muted">
              {t('tools.usagePlaces', { count: tool.places })}, {t('tools.usageProjects', { count: tool.projects })}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function ToolPage({ detail, state }: { detail: Awaited<ReturnType<typeof tools.getTool>>; state: FormState }) {
  const { t, locale, viewer } = useView();
  const { tool } = detail;
  return (
    <Layout
      title={tool.name}
      description={tool.descriptionMd}
      head={
        <JsonLd
          data={{
            '@context': 'https://schema.org',
            '@type': { logiciel: 'SoftwareApplication', materiel: 'Product', methode: 'CreativeWork' }[tool.kind],
            '@id': `/outils/${tool.slug}`,
            url: `/outils/${tool.slug}`,
            name: tool.name,
            description: tool.descriptionMd.slice(0, 300),
            license: `https://spdx.org/licenses/${tool.licence}.html`,
            ...(tool.website ? { sameAs: tool.website } : {}),
            ...(tool.kind === 'logiciel' && tool.platforms.length > 0 ? { operatingSystem: tool.platforms.join(', ') } : {}),
          }}
        />
      }
    >
      <p class="breadcrumb">
        <a href="/outils">{t('tools.title')}</a>
      </p>
      <h1>{tool.name}</h1>
      <p>
        {t(`tools.kind.${tool.kind}`)} · <LicenceBadge licence={tool.licence} />
      </p>
      {tools.canEditTool(viewer, tool) && (
        <p>
          <a class="button button-secondary" href={`/outils/${tool.slug}/modifier`}>
            {t('tools.edit')}
          </a>
        </p>
      )}
      {tool.platforms.length > 0 && (
        <p>
          {t('tools.field.platforms')} : {tool.platforms.map(platformName).join(', ')}
        </p>
      )}
      {!detail.free && <p class="notice notice-warning">{t('tools.notFreeExplain')}</p>}
      <div class="prose">{raw(tool.descriptionHtml)}</div>
      <ul class="inline-list">
        {tool.website && (
          <li>
            <a href={tool.website} rel="nofollow noopener">
              {t('tools.website')}
            </a>
          </li>
        )}
        {tool.repository && (
          <li>
            <a href={tool.repository} rel="nofollow noopener">
              {t('tools.repository')}
            </a>
          </li>
        )}
      </ul>
      <section aria-labelledby="tool-places">
        <h2 id="tool-places">{t('tools.places', { count: detail.places.length })}</h2>
        <ul class="inline-list">
          {detail.places.map((p) => (
            <li>
              <a href={`/lieux/${p.slug}`}>{p.name}</a>
              {p.commune ? ` (${p.commune})` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="tool-projects">
        <h2 id="tool-projects">{t('tools.projects')}</h2>
        <DocumentCardList items={detail.projects} empty={t('tools.noProjects')} />
      </section>
      <section aria-labelledby="tool-notes">
        <h2 id="tool-notes">{t('tools.notes')}</h2>
        {detail.notes.length === 0 && <p class="muted">{t('tools.noNotes')}</p>}
        <ul class="notes">
          {detail.notes.map((n) => (
            <li>
              <p>{n.body}</p>
              <p class="muted">
                {n.authorName ? (
                  n.authorSlug ? (
                    <a href={`/membres/${n.authorSlug}`}>{n.authorName}</a>
                  ) : (
                    n.authorName
                  )
                ) : (
                  t('documents.formerMember')
                )}{' '}
                · {formatDate(locale, n.createdAt)}
              </p>
            </li>
          ))}
        </ul>
        {viewer ? (
          <>
            <ErrorSummary state={state} labels={{ body: t('tools.noteBody') }} />
            <Form action={`/outils/${tool.slug}/retours`}>
              <TextArea
                name="body"
                label={t('tools.noteBody')}
                hint={t('tools.noteHint')}
                state={state}
                rows={4}
                required
                maxlength={1000}
              />
              <SubmitButton>{t('tools.noteSubmit')}</SubmitButton>
            </Form>
          </>
        ) : (
          <p>
            <a href={`/connexion?next=/outils/${tool.slug}`}>{t('tools.signInToNote')}</a>
          </p>
        )}
      </section>
    </Layout>
  );
}

function ToolFormPage({ action, state, title }: { action: string; state: FormState; title: string }) {
  const { t } = useView();
  const labels = {
    name: t('tools.field.name'),
    kind: t('tools.field.kind'),
    licence: t('tools.field.licence'),
    website: t('tools.website'),
    repository: t('tools.repository'),
    description: t('tools.field.description'),
    platforms: t('tools.field.platforms'),
  };
  return (
    <Layout title={title}>
      <p class="breadcrumb">
        <a href="/outils">{t('tools.title')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary state={state} labels={labels} />
      <Form action={action}>
        <TextField name="name" label={labels.name} state={state} required maxlength={80} />
        <Select
          name="kind"
          label={labels.kind}
          options={TOOL_KINDS.map((k) => ({ value: k, label: t(`tools.kind.${k}`) }))}
          state={state}
          required
        />
        <TextField name="licence" label={labels.licence} hint={t('tools.field.licenceHint')} state={state} required maxlength={80} />
        <TextField name="website" type="url" label={labels.website} state={state} maxlength={500} />
        <TextField name="repository" type="url" label={labels.repository} state={state} maxlength={500} />
        <TextArea
          name="description"
          label={labels.description}
          hint={t('tools.field.descriptionHint')}
          state={state}
          rows={4}
          required
          maxlength={1000}
        />
        <TextField name="platforms" label={labels.platforms} hint={t('tools.field.platformsHint')} state={state} maxlength={200} />
        <SubmitButton>{t('form.save')}</SubmitButton>
      </Form>
    </Layout>
  );
}

const toolToForm = (tool: {
  name: string;
  kind: string;
  licence: string;
  website: string | null;
  repository: string | null;
  descriptionMd: string;
  platforms: string[];
}) =>
  emptyForm({
    name: tool.name,
    kind: tool.kind,
    licence: tool.licence,
    website: tool.website ?? '',
    repository: tool.repository ?? '',
    description: tool.descriptionMd,
    platforms: tool.platforms.join(', '),
  });

export function mountToolPages(app: Hono<AppEnv>) {
  app.get('/outils/nouveau', (c) => {
    requireViewer(c);
    return renderPage(c, <ToolFormPage action="/outils/nouveau" state={emptyForm({ kind: 'logiciel' })} title={c.get('t')('tools.new')} />);
  });
  app.post('/outils/nouveau', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ToolFormInput,
      async (state, status) =>
        renderPage(c, <ToolFormPage action="/outils/nouveau" state={state} title={c.get('t')('tools.new')} />, status),
      async (data) => {
        const tool = await tools.addTool(c.get('deps'), viewer, data);
        return redirectWithFlash(c, `/outils/${tool.slug}`, 'tools.added');
      },
    );
  });
  app.get('/outils/:slug/modifier', async (c) => {
    const viewer = requireViewer(c);
    const { tool } = await tools.getTool(c.get('deps'), slugOr404(c.req.param('slug'), 'tool'));
    if (!tools.canEditTool(viewer, tool)) {
      throw forbidden('not the tool’s author');
    }
    return renderPage(c, <ToolFormPage action={`/outils/${tool.slug}/modifier`} state={toolToForm(tool)} title={tool.name} />);
  });
  app.post('/outils/:slug/modifier', async (c) => {
    const viewer = requireViewer(c);
    const { tool } = await tools.getTool(c.get('deps'), slugOr404(c.req.param('slug'), 'tool'));
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ToolFormInput,
      async (state, status) =>
        renderPage(c, <ToolFormPage action={`/outils/${tool.slug}/modifier`} state={state} title={tool.name} />, status),
      async (data) => {
        await tools.editTool(c.get('deps'), viewer, tool, data);
        return redirectWithFlash(c, `/outils/${tool.slug}`, 'form.saved');
      },
    );
  });

  app.get('/outils', (c) => {
    const type = c.req.query('type');
    const kind = TOOL_KINDS.find((k) => k === type);
    return renderPublicPage(c, [tools.TOOLS_TOPIC, DOCUMENTS_TOPIC, PLACES_TOPIC], async () => (
      <ToolsPage list={await tools.listTools(c.get('deps'), kind)} kind={kind} />
    ));
  });
  app.get('/outils/:slug', (c) => {
    const slug = slugOr404(c.req.param('slug'), 'tool');
    return renderPublicPage(c, [tools.TOOLS_TOPIC, DOCUMENTS_TOPIC, PLACES_TOPIC, PEOPLE_TOPIC], async () => (
      <ToolPage detail={await tools.getTool(c.get('deps'), slug)} state={emptyForm()} />
    ));
  });
  app.post('/outils/:slug/retours', async (c) => {
    const viewer = requireViewer(c);
    const deps = c.get('deps');
    const detail = await tools.getTool(deps, slugOr404(c.req.param('slug'), 'tool'));
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      NoteInput,
      async (state, status) => renderPage(c, <ToolPage detail={detail} state={state} />, status),
      async (data) => {
        await tools.addNote(deps, viewer, detail.tool.id, data.body);
        return redirectWithFlash(c, `/outils/${detail.tool.slug}#tool-notes`, 'tools.noteAdded');
      },
    );
  });
}
