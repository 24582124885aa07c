import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { asList, type FormValues, formString, readForm } from '../../lib/request-body.ts';
import { slugOr404 } from '../../lib/slug.ts';
import { positiveInt, UUID_PATTERN } from '../../lib/validation.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { formErrorsFrom, handleForm } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { COMMUNITIES_TOPIC } from '../communities/communities.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';
import { PEOPLE_TOPIC, SKILLS_TOPIC } from '../skills/skills.service.ts';
import * as collections from './documents.collections.service.ts';
import * as comments from './documents.comments.service.ts';
import { CommentInput, QuestionInput } from './documents.comments.validation.ts';
import { emptyContent, TEMPLATES } from './documents.content.ts';
import { diffContents } from './documents.diff.ts';
import { exportZip } from './documents.export.ts';
import {
  acceptFormFiles,
  addUploadsToValues,
  discardUploads,
  listDocumentFiles,
  prepareUploads,
  recordUploads,
} from './documents.files.service.ts';
import { documentPageData } from './documents.page.service.ts';
import { canComment } from './documents.policy.ts';
import * as repo from './documents.repo.ts';
import type { DocumentKind } from './documents.schema.ts';
import { documentSectionTopics } from './documents.sections.ts';
import * as documents from './documents.service.ts';
import { contentToForm, formSchemaFor } from './documents.validation.ts';
import { AdaptPage } from './views/document-adapt.view.tsx';
import type { DiscussionState } from './views/document-comments.view.tsx';
import { type Choice, DocumentFormPage, type DocumentFormProps } from './views/document-form.view.tsx';
import { ConflictNotice, DiffPage, HistoryPage, RevisionPage } from './views/document-history.view.tsx';
import { DocumentListPage } from './views/document-list.view.tsx';
import { DocumentPage } from './views/document-page.view.tsx';
import './documents.impact.ts';
import './documents.opendata.ts';

const PAGE_TOPICS = [documents.DOCUMENTS_TOPIC, PEOPLE_TOPIC, PLACES_TOPIC, SKILLS_TOPIC, COMMUNITIES_TOPIC];
const PAGE_SIZE = 20;

async function choicesFor(c: Context<AppEnv>, viewer: Viewer, values: FormValues) {
  const raw = await repo.linkChoices(c.get('deps').db, viewer.id, {
    placeIds: asList(values.places),
    communityIds: asList(values.communities),
  });
  const toChoices = (rows: Array<{ id: string; name: string }>): Choice[] => rows.map((r) => ({ value: r.id, label: r.name }));
  return {
    places: toChoices(raw.places),
    communities: toChoices(raw.communities),
    skills: toChoices(raw.skills),
    tools: toChoices(raw.tools),
  };
}

/** Each section and step rendered, for the "Aperçu" button (the same renderer as the saved page). */
async function previewOf(kind: DocumentKind, values: FormValues) {
  const text = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');
  const sections: Record<string, string> = {};
  for (const key of TEMPLATES[kind].sections) {
    sections[key] = await renderMarkdown(text(values[`section_${key}`]));
  }
  return { sections, steps: await Promise.all(asList(values.step_text).map((s) => renderMarkdown(s))) };
}

/**
 * "Ajouter une étape" and "Aperçu" show the form again with what was typed (and, for the
 * preview, each text rendered); any other intent is a save: null.
 */
async function redisplayIntent(
  kind: DocumentKind,
  intent: string,
  values: FormValues,
  again: (state: FormState, status?: number, extra?: Partial<DocumentFormProps>) => Promise<Response>,
): Promise<Response | null> {
  if (intent === 'add-step') {
    return again(emptyForm(values));
  }
  if (intent === 'preview') {
    return again(emptyForm(values), 200, { preview: await previewOf(kind, values) });
  }
  return null;
}

export function mountDocumentPages(app: Hono<AppEnv>, kind: DocumentKind) {
  const base = documents.listPathOf(kind);
  const schema = formSchemaFor(kind);

  const load = (c: Context<AppEnv>) => documents.loadDocument(c.get('deps'), c.get('viewer'), kind, slugOr404(c.req.param('slug'), kind));

  async function renderForm(
    c: Context<AppEnv>,
    opts: {
      state: FormState;
      action: string;
      title: string;
      documentId?: string;
      isDraft: boolean;
      status?: number;
      extra?: Partial<DocumentFormProps>;
    },
  ) {
    const viewer = requireViewer(c);
    const files = opts.documentId ? await listDocumentFiles(c.get('deps'), opts.documentId) : [];
    return renderPage(
      c,
      <DocumentFormPage
        kind={kind}
        title={opts.title}
        action={opts.action}
        state={opts.state}
        isDraft={opts.isDraft}
        files={files}
        choices={await choicesFor(c, viewer, opts.state.values)}
        {...opts.extra}
      />,
      (opts.status ?? 200) as 200,
    );
  }

  app.get(base, async (c) => {
    const deps = c.get('deps');
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const level = c.req.query('niveau') || undefined;
    const discipline = c.req.query('discipline') || undefined;
    const status = c.req.query('etat') || undefined;
    const page = Math.max(1, Math.min(500, Number(c.req.query('page')) || 1));
    return renderPublicPage(c, [documents.DOCUMENTS_TOPIC], async () => {
      const result = await documents.searchDocuments(deps, {
        kind,
        q,
        level,
        discipline,
        status,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      return <DocumentListPage kind={kind} result={result} filters={{ q, level, discipline, status }} page={page} pageSize={PAGE_SIZE} />;
    });
  });

  app.get(`${base}/nouveau`, async (c) => {
    const viewer = requireViewer(c);
    const t = c.get('t');
    // A project is linked from the start to the place its author runs (when there is one).
    const mine = kind === 'project' ? (await choicesFor(c, viewer, {})).places : [];
    const content = { ...emptyContent(kind), placeIds: mine.length === 1 && mine[0] ? [mine[0].value] : [] };
    return renderForm(c, {
      state: emptyForm(contentToForm(kind, content, 0)),
      action: `${base}/nouveau`,
      title: t(`documents.${kind}.new`),
      isDraft: true,
    });
  });

  app.post(`${base}/nouveau`, async (c) => {
    const viewer = requireViewer(c);
    const deps = c.get('deps');
    const t = c.get('t');
    const { values, files } = await readForm(c);
    const intent = formString(values, 'intent');
    delete values.intent;
    const again = (state: FormState, status = 200, extra?: Partial<DocumentFormProps>) =>
      renderForm(c, { state, action: `${base}/nouveau`, title: t(`documents.${kind}.new`), isDraft: true, status, extra });
    const redisplay = await redisplayIntent(kind, intent, values, again);
    if (redisplay) {
      return redisplay;
    }
    // The cover and the steps' pictures can come with the very first save: checked and stored
    // first, recorded as the new document's own in the transaction that creates it.
    let prepared: Awaited<ReturnType<typeof prepareUploads>> = [];
    try {
      prepared = Object.keys(files).length > 0 ? await prepareUploads(deps, files) : [];
    } catch (err) {
      // A file that is not what it claims: said next to the form, with everything typed kept.
      if (err instanceof AppError && err.status < 500) {
        return again({ values, errors: formErrorsFrom(err, t) }, err.status);
      }
      throw err;
    }
    const withFiles = { ...values };
    addUploadsToValues(withFiles, prepared);
    return handleForm(
      c,
      withFiles,
      schema,
      async (state, status) => {
        // Refused: the pictures were not kept (a file field cannot be filled again by the page).
        await discardUploads(deps, prepared);
        return again({ ...state, values }, status, prepared.length > 0 ? { filesLost: true } : undefined);
      },
      async (data) => {
        const doc = await documents.createDocument(deps, viewer, kind, {
          ...data,
          publish: intent === 'publish',
          attach: prepared.length > 0 ? (tx, documentId) => recordUploads(tx, documentId, viewer.id, prepared) : undefined,
        });
        return redirectWithFlash(c, documents.pathOf(doc), intent === 'publish' ? 'documents.published' : 'documents.draftSaved');
      },
    );
  });

  /** The page with its discussion; `forms` carries what was typed in a comment or question form. */
  async function documentPageOf(c: Context<AppEnv>, view: documents.DocumentView, forms: Partial<DiscussionState> = {}) {
    const deps = c.get('deps');
    const viewer = c.get('viewer');
    const isGuide = view.doc.kind === 'guide';
    const [{ extras, files, threads, sections }, inCollections, editable] = await Promise.all([
      documentPageData(deps, viewer, view),
      isGuide ? collections.collectionsOfDocument(deps, view.doc.id) : Promise.resolve([]),
      isGuide && viewer?.emailVerified && view.doc.publishedAt ? collections.editableCollections(deps, viewer) : Promise.resolve([]),
    ]);
    const discussion: DiscussionState = {
      threads,
      canComment: canComment(viewer, view.facts),
      canAsk: !!viewer?.emailVerified && view.facts.teamIds.some((id) => id !== viewer.id),
      ...forms,
    };
    return (
      <DocumentPage
        view={view}
        extras={extras}
        files={files}
        baseUrl={deps.config.publicUrl}
        discussion={discussion}
        collections={{ of: inCollections, editable }}
        sections={sections}
      />
    );
  }

  // Project pages are about 7 KB gzipped: 3 MB keeps some 420 of them (300 took 6 MB as text; at
  // 200, a third were rendered again and again).
  app.get(`${base}/:slug`, (c) =>
    renderPublicPage(c, [...PAGE_TOPICS, ...documentSectionTopics()], async () => documentPageOf(c, await load(c)), 3_000_000),
  );

  app.post(`${base}/:slug/commentaires`, async (c) => {
    const viewer = requireViewer(c);
    const view = await load(c);
    const { values } = await readForm(c);
    const replyTo = formString(values, 'parentId') || undefined;
    return handleForm(
      c,
      values,
      CommentInput,
      async (state, status) => renderPage(c, await documentPageOf(c, view, { comment: state, ...(replyTo ? { replyTo } : {}) }), status),
      async (data) => {
        const id = await comments.addComment(c.get('deps'), viewer, view, data);
        return redirectWithFlash(c, `${documents.pathOf(view.doc)}#commentaire-${id}`, 'documents.comments.added');
      },
    );
  });

  if (kind === 'guide') {
    app.post(`${base}/:slug/collections`, async (c) => {
      const viewer = requireViewer(c);
      const view = await load(c);
      const { values } = await readForm(c);
      const collectionId = formString(values, 'collectionId');
      if (!UUID_PATTERN.test(collectionId)) {
        throw notFound('collection');
      }
      await collections.addGuide(c.get('deps'), viewer, collectionId, view.doc.id);
      return redirectWithFlash(c, `${documents.pathOf(view.doc)}#doc-collections`, 'collections.added');
    });
  }

  app.post(`${base}/:slug/question`, async (c) => {
    const viewer = requireViewer(c);
    const view = await load(c);
    const { values } = await readForm(c);
    const t = c.get('t');
    return handleForm(
      c,
      values,
      QuestionInput,
      async (state, status) => renderPage(c, await documentPageOf(c, view, { question: state }), status),
      async (data) => {
        const intro = t('documents.question.intro', {
          title: view.doc.title,
          url: `${c.get('deps').config.publicUrl}${documents.pathOf(view.doc)}`,
        });
        await comments.askAuthors(c.get('deps'), viewer, view, data.question, intro);
        return redirectWithFlash(c, documents.pathOf(view.doc), 'documents.question.sent');
      },
    );
  });

  app.get(`${base}/:slug/export.zip`, async (c) => {
    const deps = c.get('deps');
    const view = await load(c);
    const extras = await documents.documentPage(deps, view);
    const zip = await exportZip(deps, view.doc, extras.contributors, `${deps.config.publicUrl}${documents.pathOf(view.doc)}`, c.get('t'));
    c.header('Content-Type', 'application/zip');
    c.header('Content-Disposition', `attachment; filename="${view.doc.slug}.zip"`);
    return c.body(new Uint8Array(zip));
  });

  app.get(`${base}/:slug/modifier`, async (c) => {
    const deps = c.get('deps');
    const viewer = requireViewer(c);
    const view = await load(c);
    if (!view.canEdit) {
      throw new AppError('FORBIDDEN', { message: 'not in the team', userMessage: 'documents.notEditor' });
    }
    const t = c.get('t');
    // Text kept from an earlier conflict comes back first: nothing typed is lost.
    const draft = await documents.myDraft(deps, viewer, view.doc.id);
    const values = draft ? contentToForm(kind, draft.content, view.doc.revision) : contentToForm(kind, view.doc.content, view.doc.revision);
    const conflict =
      draft && draft.baseRevision !== view.doc.revision ? (
        <ConflictNotice current={view.doc.revision} byOthers={diffContents(kind, view.doc.content, draft.content)} />
      ) : draft ? (
        <p class="notice">{t('documents.draftRestored')}</p>
      ) : null;
    return renderForm(c, {
      state: emptyForm(values),
      action: `${documents.pathOf(view.doc)}/modifier`,
      title: t('documents.editTitle', { title: view.doc.title }),
      documentId: view.doc.id,
      isDraft: !view.doc.publishedAt,
      extra: { conflict },
    });
  });

  app.post(`${base}/:slug/modifier`, async (c) => {
    const deps = c.get('deps');
    const viewer = requireViewer(c);
    const t = c.get('t');
    const view = await load(c);
    const path = documents.pathOf(view.doc);
    const { values, files } = await readForm(c);
    const intent = formString(values, 'intent');
    delete values.intent;
    const again = (state: FormState, status = 200, extra?: Partial<DocumentFormProps>) =>
      renderForm(c, {
        state,
        action: `${path}/modifier`,
        title: t('documents.editTitle', { title: view.doc.title }),
        documentId: view.doc.id,
        isDraft: !view.doc.publishedAt,
        status,
        extra,
      });
    try {
      await acceptFormFiles(deps, viewer, view, values, files);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) {
        return again({ values, errors: formErrorsFrom(err, t) }, err.status);
      }
      throw err;
    }
    const redisplay = await redisplayIntent(kind, intent, values, again);
    if (redisplay) {
      return redisplay;
    }
    return handleForm(
      c,
      values,
      schema,
      (state, status) => again(state, status),
      async (data) => {
        try {
          const saved = await documents.saveDocument(deps, viewer, view.doc.id, { ...data, publish: intent === 'publish' });
          return redirectWithFlash(c, path, saved.changed ? 'documents.saved' : 'documents.unchanged');
        } catch (err) {
          if (err instanceof documents.EditConflict) {
            // Their text in the form, based on the revision that won; the other text shown above it.
            return again(emptyForm(contentToForm(kind, err.mine, err.current)), 409, {
              conflict: <ConflictNotice current={err.current} byOthers={diffContents(kind, err.theirs, err.mine)} />,
            });
          }
          throw err;
        }
      },
    );
  });

  app.get(`${base}/:slug/historique`, async (c) => {
    const view = await load(c);
    return renderPage(c, <HistoryPage view={view} revisions={await documents.listHistory(c.get('deps'), view)} />);
  });

  app.get(`${base}/:slug/comparer`, async (c) => {
    const deps = c.get('deps');
    const view = await load(c);
    const to = positiveInt(c.req.query('a')) ?? view.doc.revision;
    const from = positiveInt(c.req.query('de')) ?? Math.max(1, to - 1);
    const [a, b] = await Promise.all([
      documents.getRevision(deps, view, Math.min(from, to)),
      documents.getRevision(deps, view, Math.max(from, to)),
    ]);
    return renderPage(c, <DiffPage view={view} from={a} to={b} diff={diffContents(kind, a.content, b.content)} />);
  });

  app.get(`${base}/:slug/versions/:n`, async (c) => {
    const view = await load(c);
    const n = positiveInt(c.req.param('n'));
    if (n === null) {
      throw notFound('revision');
    }
    const revision = await documents.getRevision(c.get('deps'), view, n);
    const rendered = await documents.renderContent(kind, revision.content);
    return renderPage(
      c,
      <RevisionPage view={view} number={n} createdAt={revision.createdAt} content={revision.content} rendered={rendered} />,
    );
  });

  app.post(`${base}/:slug/restaurer`, async (c) => {
    const viewer = requireViewer(c);
    const view = await load(c);
    const { values } = await readForm(c);
    const number = positiveInt(formString(values, 'numero'));
    const baseRevision = positiveInt(formString(values, 'base')) ?? 0;
    if (number === null) {
      throw notFound('revision');
    }
    try {
      await documents.restoreRevision(c.get('deps'), viewer, view.doc.id, number, baseRevision);
    } catch (err) {
      if (err instanceof documents.EditConflict) {
        // Someone saved meanwhile: their text is the current one; nothing was restored.
        return redirectWithFlash(c, `${documents.pathOf(view.doc)}/historique`, 'documents.restoreConflict');
      }
      throw err;
    }
    return redirectWithFlash(c, documents.pathOf(view.doc), 'documents.restored');
  });

  app.post(`${base}/:slug/publier`, async (c) => {
    const view = await load(c);
    await documents.setPublished(c.get('deps'), requireViewer(c), view.doc.id, true);
    return redirectWithFlash(c, documents.pathOf(view.doc), 'documents.published');
  });

  app.post(`${base}/:slug/depublier`, async (c) => {
    const view = await load(c);
    await documents.setPublished(c.get('deps'), requireViewer(c), view.doc.id, false);
    return redirectWithFlash(c, documents.pathOf(view.doc), 'documents.unpublished');
  });

  if (kind === 'project') {
    app.get(`${base}/:slug/adapter`, async (c) => {
      const viewer = requireViewer(c);
      const view = await load(c);
      const choices = await choicesFor(c, viewer, {});
      return renderPage(c, <AdaptPage view={view} places={choices.places} state={emptyForm()} />);
    });
    app.post(`${base}/:slug/adapter`, async (c) => {
      const viewer = requireViewer(c);
      const view = await load(c);
      const { values } = await readForm(c);
      const placeId = formString(values, 'place') || null;
      try {
        const adapted = await documents.adaptDocument(c.get('deps'), viewer, view.doc.id, placeId);
        return redirectWithFlash(c, `${documents.pathOf(adapted)}/modifier`, 'documents.adapt.done');
      } catch (err) {
        if (err instanceof AppError && err.status < 500) {
          const choices = await choicesFor(c, viewer, {});
          return renderPage(
            c,
            <AdaptPage view={view} places={choices.places} state={{ values, errors: formErrorsFrom(err, c.get('t')) }} />,
            err.status as 403,
          );
        }
        throw err;
      }
    });
  }
}
