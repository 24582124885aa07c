import { stringify } from 'csv-stringify/sync';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { requestIp } from '../../http-env.ts';
import { safeCell } from '../../lib/csv.ts';
import { readForm } from '../../lib/request-body.ts';
import { uuidOr404 } from '../../lib/validation.ts';
import { handleForm } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { privatePage, redirectWithFlash, renderPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import './listening.place-section.tsx';
import { posterPdf, posterSvg } from './listening.poster.ts';
import { questionsAsForm } from './listening.questions.ts';
import * as listening from './listening.service.ts';
import { AnswerEnvelope, NoteInput, PlatformFeedbackInput, QuestionnaireEditInput, QuestionnaireInput } from './listening.validation.ts';
import {
  AnswerPage,
  ListeningOverviewPage,
  PlatformFeedbackPage,
  PlatformFeedbackQueuePage,
  QuestionnaireFormPage,
  ResultsPage,
  ThanksPage,
} from './listening.views.tsx';
import './listening.impact.ts';

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

const questionnaireId = (c: Context<AppEnv>) => uuidOr404(c.req.param('id'), 'questionnaire');
const pageNumber = (c: Context<AppEnv>) => {
  const n = Number(c.req.query('page') ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
};

export function mountListeningPages(app: Hono<AppEnv>) {
  app.get('/ecoute', async (c) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const data = await listening.getOverview(c.get('deps'), viewer);
    const lieu = c.req.query('lieu');
    return renderPage(c, <ListeningOverviewPage data={data} place={data.places.some((p) => p.slug === lieu) ? lieu : undefined} />);
  });

  const renderNew = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const { places } = await listening.getOverview(c.get('deps'), viewer);
    const start = listening.startingPoint(c.req.query('modele'));
    const lieu = c.req.query('lieu');
    const form =
      state ??
      emptyForm({
        place: places.some((p) => p.slug === lieu) ? (lieu as string) : (places[0]?.slug ?? ''),
        title: start.title,
        intro: start.intro,
        ...questionsAsForm(start.questions),
      });
    return renderPage(c, <QuestionnaireFormPage state={form} places={places} action="/ecoute/nouveau" />, status);
  };
  app.get('/ecoute/nouveau', (c) => renderNew(c, null));
  app.post('/ecoute/nouveau', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      QuestionnaireInput,
      (state, status) => renderNew(c, state, status),
      async (data) => {
        const q = await listening.createQuestionnaire(c.get('deps'), viewer, data, values);
        return redirectWithFlash(c, `/ecoute/${q.id}`, 'listening.new.done');
      },
    );
  });

  const renderResults = async (c: Context<AppEnv>, noteForm: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const deps = c.get('deps');
    const data = await listening.getResults(deps, viewer, questionnaireId(c), pageNumber(c));
    const { notes } = await listening.notesOfPlace(deps, viewer, data.place.slug);
    return renderPage(
      c,
      <ResultsPage data={data} notes={notes} noteForm={noteForm ?? emptyForm()} publicUrl={deps.config.publicUrl} />,
      status,
    );
  };
  app.get('/ecoute/:id', (c) => renderResults(c, null));

  const renderEdit = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const data = await listening.getResults(c.get('deps'), viewer, questionnaireId(c));
    const q = data.questionnaire;
    const form =
      state ??
      emptyForm({
        title: q.title,
        intro: q.intro ?? '',
        personalData: q.personalDataPurpose ? 'on' : '',
        purpose: q.personalDataPurpose ?? '',
        ...questionsAsForm(q.questions),
      });
    return renderPage(
      c,
      <QuestionnaireFormPage
        state={form}
        action={`/ecoute/${q.id}/modifier`}
        editing={{ id: q.id, title: q.title, questions: q.questions, locked: !data.canChangeQuestions }}
      />,
      status,
    );
  };
  app.get('/ecoute/:id/modifier', (c) => renderEdit(c, null));
  app.post('/ecoute/:id/modifier', async (c) => {
    const viewer = requireViewer(c);
    const id = questionnaireId(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      QuestionnaireEditInput,
      (state, status) => renderEdit(c, state, status),
      async (data) => {
        await listening.updateQuestionnaire(c.get('deps'), viewer, id, data, values);
        return redirectWithFlash(c, `/ecoute/${id}`, 'listening.edit.done');
      },
    );
  });

  for (const [path, open] of [
    ['ouvrir', true],
    ['fermer', false],
  ] as const) {
    app.post(`/ecoute/:id/${path}`, async (c) => {
      const viewer = requireViewer(c);
      await readForm(c);
      const id = questionnaireId(c);
      await listening.setOpen(c.get('deps'), viewer, id, open);
      return redirectWithFlash(c, `/ecoute/${id}`, open ? 'listening.opened' : 'listening.closed');
    });
  }

  for (const [path, hidden] of [
    ['masquer', true],
    ['afficher', false],
  ] as const) {
    app.post(`/ecoute/:id/reponses/:answerId/${path}`, async (c) => {
      const viewer = requireViewer(c);
      await readForm(c);
      const id = questionnaireId(c);
      await listening.hideTexts(c.get('deps'), viewer, id, uuidOr404(c.req.param('answerId'), 'answer'), hidden);
      return redirectWithFlash(c, `/ecoute/${id}#reponses-ecrites`, hidden ? 'listening.results.hidden' : 'listening.results.shown');
    });
  }

  app.post('/ecoute/:id/notes', async (c) => {
    const viewer = requireViewer(c);
    const id = questionnaireId(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      NoteInput,
      (state, status) => renderResults(c, state, status),
      async (data) => {
        const place = await listening.addNote(c.get('deps'), viewer, id, data);
        return redirectWithFlash(c, `/lieux/${place.slug}#ecoute-du-lieu`, 'listening.note.done');
      },
    );
  });

  app.post('/ecoute/notes/:noteId/retirer', async (c) => {
    const viewer = requireViewer(c);
    await readForm(c);
    const { place, questionnaireId: back } = await listening.removeNote(c.get('deps'), viewer, uuidOr404(c.req.param('noteId'), 'note'));
    return redirectWithFlash(c, back ? `/ecoute/${back}#note` : `/ecoute?lieu=${place.slug}`, 'listening.note.removed');
  });

  app.get('/ecoute/:id/reponses.csv', async (c) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const t = c.get('t');
    const table = await listening.answersTable(c.get('deps'), viewer, questionnaireId(c), t('listening.csv.hidden'));
    // A byte-order mark and semicolons: what a French spreadsheet opens as columns.
    const body = `\uFEFF${stringify([[t('listening.csv.day'), ...table.header].map(safeCell), ...table.rows.map((r) => r.map(safeCell))], { delimiter: ';' })}`;
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="reponses-${table.questionnaire.code}.csv"`,
    });
  });

  const poster = async (c: Context<AppEnv>) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const deps = c.get('deps');
    const { questionnaire, place } = await listening.loadManaged(deps, viewer, questionnaireId(c));
    return {
      input: { placeName: place.name, title: questionnaire.title, url: `${deps.config.publicUrl}/avis/${questionnaire.code}` },
      code: questionnaire.code,
    };
  };
  app.get('/ecoute/:id/affiche.svg', async (c) => {
    const { input, code } = await poster(c);
    c.header('Content-Disposition', `inline; filename="affiche-${code}.svg"`);
    return c.body(await posterSvg(input), 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
  });
  app.get('/ecoute/:id/affiche.pdf', async (c) => {
    const { input, code } = await poster(c);
    c.header('Content-Disposition', `attachment; filename="affiche-${code}.pdf"`);
    return c.body(new Uint8Array(await posterPdf(input)), 200, { 'Content-Type': 'application/pdf' });
  });

  // The public questionnaire: no account; a fresh timing proof each time the form is shown.
  const renderAnswer = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    privatePage(c);
    const deps = c.get('deps');
    const data = await listening.getPublicQuestionnaire(deps, c.req.param('code') ?? '');
    const proof = await listening.answerFormProof(deps, data.questionnaire.id);
    return renderPage(c, <AnswerPage data={data} state={state ?? emptyForm()} proof={proof} />, status);
  };
  app.get('/avis/:code', (c) => renderAnswer(c, null));
  app.post('/avis/:code', async (c) => {
    const code = c.req.param('code');
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      AnswerEnvelope,
      (state, status) => renderAnswer(c, state, status),
      async () => {
        await listening.submitAnswer(c.get('deps'), code, values, { ip: requestIp(c) });
        return c.redirect(`/avis/${code}/merci`, 303);
      },
    );
  });
  app.get('/avis/:code/merci', async (c) => {
    const { place } = await listening.getPublicQuestionnaire(c.get('deps'), c.req.param('code'));
    return renderPage(c, <ThanksPage place={place} />);
  });

  const renderFeedback = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    requireViewer(c);
    privatePage(c);
    const from = c.req.query('depuis') ?? '';
    const form = state ?? emptyForm({ page: /^\/[^\s]{0,299}$/.test(from) ? from : '' });
    return renderPage(c, <PlatformFeedbackPage state={form} sent={c.req.query('envoye') === '1'} />, status);
  };
  app.get('/avis-plateforme', (c) => renderFeedback(c, null));
  app.post('/avis-plateforme', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      PlatformFeedbackInput,
      (state, status) => renderFeedback(c, state, status),
      async (data) => {
        await listening.sendPlatformFeedback(c.get('deps'), viewer, data);
        return c.redirect('/avis-plateforme?envoye=1', 303);
      },
    );
  });

  app.get('/moderation/avis', async (c) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const rows = await listening.readPlatformFeedback(c.get('deps'), viewer);
    return renderPage(c, <PlatformFeedbackQueuePage rows={rows} />);
  });
}
