import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { readForm } from '../../lib/request-body.ts';
import { SLUG_PATTERN, slugOr404 } from '../../lib/slug.ts';
import { uuidOr404 } from '../../lib/validation.ts';
import { isModerator } from '../../lib/viewer.ts';
import { handleForm } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { privatePage, redirectWithFlash, renderPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { getMemberById } from '../people/people.service.ts';
import { hoursForForm } from './recognition.presenter.ts';
import * as recognition from './recognition.service.ts';
import { ContributionInput, ReviewInput, todayInFrance, VisibilityInput } from './recognition.validation.ts';
import {
  ContributionFormPage,
  ContributionPage,
  RecognitionIntroPage,
  RecordPage,
  ReviewQueuePage,
  RoleTemplatePage,
} from './recognition.views.tsx';
import { findRoleGuide, publishRoleGuide, roleDescriptionContent } from './role-description.ts';
import './recognition.impact.ts';

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

const idOr404 = (id: string | undefined) => uuidOr404(id, 'contribution');

const slugParam = (value: string | undefined) => (value && value.length <= 100 && SLUG_PATTERN.test(value) ? value : undefined);

async function renderContribution(c: Context<AppEnv>, id: string, review: FormState = emptyForm(), status: Status = 200) {
  privatePage(c);
  const page = await recognition.getContributionPage(c.get('deps'), c.get('viewer'), id);
  return renderPage(c, <ContributionPage {...page} review={review} />, status);
}

export function mountRecognitionPages(app: Hono<AppEnv>) {
  // One's own record, or what recognition is (a visitor).
  app.get('/reconnaissance', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) {
      return renderPage(c, <RecognitionIntroPage />);
    }
    const me = await getMemberById(c.get('deps'), viewer.id);
    return c.redirect(`/membres/${me.slug}/reconnaissance`, 303);
  });

  const renderNew = async (c: Context<AppEnv>, state: FormState, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const choices = await recognition.contributionChoices(c.get('deps'), viewer, {
      placeSlug: slugParam(state.values.placeSlug as string | undefined),
      projectSlug: slugParam(state.values.projectSlug as string | undefined),
    });
    return renderPage(c, <ContributionFormPage state={state} choices={choices} action="/reconnaissance/nouvelle" />, status);
  };
  // From a place's or a project's page: ?lieu=… / ?projet=… choose it in the form.
  app.get('/reconnaissance/nouvelle', (c) =>
    renderNew(
      c,
      emptyForm({
        kind: 'animation',
        startedOn: todayInFrance(),
        placeSlug: slugParam(c.req.query('lieu')) ?? '',
        projectSlug: slugParam(c.req.query('projet')) ?? '',
      }),
    ),
  );
  app.post('/reconnaissance/nouvelle', async (c) => {
    const viewer = requireViewer(c);
    const { values, files } = await readForm(c);
    return handleForm(
      c,
      values,
      ContributionInput,
      (state, status) => renderNew(c, state, status),
      async (data) => {
        const deps = c.get('deps');
        const evidenceKey = await recognition.storeEvidence(deps, files.evidenceFile?.[0]);
        try {
          const { id } = await recognition.logContribution(deps, viewer, data, evidenceKey);
          return redirectWithFlash(c, `/reconnaissance/${id}`, 'recognition.new.done');
        } catch (err) {
          await recognition.discardEvidence(deps, evidenceKey);
          throw err;
        }
      },
    );
  });

  app.get('/reconnaissance/a-confirmer', async (c) => {
    const viewer = requireViewer(c);
    privatePage(c);
    return renderPage(c, <ReviewQueuePage rows={await recognition.listReviewQueue(c.get('deps'), viewer)} />);
  });

  app.post('/reconnaissance/visibilite', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    const parsed = VisibilityInput.safeParse(values);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', { message: 'invalid visibility', userMessage: 'errors.validation' });
    }
    await recognition.setMyRecordVisibility(c.get('deps'), viewer, parsed.data.visibility);
    return redirectWithFlash(c, '/reconnaissance', 'recognition.visibility.done');
  });

  // The animator's role description: the network's guide once published, the template before.
  app.get('/reconnaissance/fiche-de-poste', async (c) => {
    const guide = await findRoleGuide(c.get('deps'), c.get('viewer'));
    if (guide) {
      return c.redirect(`/guides/${guide.doc.slug}`, 303);
    }
    return renderPage(c, <RoleTemplatePage content={roleDescriptionContent()} canPublish={isModerator(c.get('viewer'))} />);
  });
  app.post('/reconnaissance/fiche-de-poste', async (c) => {
    const viewer = requireViewer(c);
    await readForm(c);
    const slug = await publishRoleGuide(c.get('deps'), viewer);
    return redirectWithFlash(c, `/guides/${slug}`, 'recognition.role.published');
  });

  app.get('/reconnaissance/:id', (c) => renderContribution(c, idOr404(c.req.param('id'))));

  app.post('/reconnaissance/:id/reponse', async (c) => {
    const viewer = requireViewer(c);
    const id = idOr404(c.req.param('id'));
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ReviewInput,
      (state, status) => renderContribution(c, id, state, status),
      async (review) => {
        await recognition.reviewContribution(c.get('deps'), viewer, id, review);
        const status = review.decision === 'confirm' ? 'confirmed' : review.decision === 'decline' ? 'declined' : 'changes_requested';
        return redirectWithFlash(c, `/reconnaissance/${id}`, `recognition.review.done.${status}`);
      },
    );
  });

  const renderEdit = async (c: Context<AppEnv>, id: string, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const row = await recognition.getOwnContribution(c.get('deps'), viewer, id);
    const form =
      state ??
      emptyForm({
        kind: row.kind,
        startedOn: row.startedOn,
        endedOn: row.endedOn ?? '',
        hours: hoursForForm(row.minutes),
        placeSlug: row.placeSlug ?? '',
        projectSlug: row.projectSlug ?? '',
        description: row.description,
        evidenceUrl: row.evidenceUrl ?? '',
      });
    const choices = await recognition.contributionChoices(c.get('deps'), viewer, {
      placeSlug: slugParam(form.values.placeSlug as string | undefined),
      projectSlug: slugParam(form.values.projectSlug as string | undefined),
    });
    return renderPage(
      c,
      <ContributionFormPage
        state={form}
        choices={choices}
        action={`/reconnaissance/${id}/modifier`}
        editing={{ message: row.status === 'changes_requested' ? row.reviewMessage : null }}
      />,
      status,
    );
  };
  app.get('/reconnaissance/:id/modifier', (c) => renderEdit(c, idOr404(c.req.param('id')), null));
  app.post('/reconnaissance/:id/modifier', async (c) => {
    const viewer = requireViewer(c);
    const id = idOr404(c.req.param('id'));
    const { values, files } = await readForm(c);
    return handleForm(
      c,
      values,
      ContributionInput,
      (state, status) => renderEdit(c, id, state, status),
      async (data) => {
        const deps = c.get('deps');
        const evidenceKey = await recognition.storeEvidence(deps, files.evidenceFile?.[0]);
        try {
          await recognition.updateContribution(deps, viewer, id, data, evidenceKey);
        } catch (err) {
          await recognition.discardEvidence(deps, evidenceKey);
          throw err;
        }
        return redirectWithFlash(c, `/reconnaissance/${id}`, 'recognition.edit.done');
      },
    );
  });

  app.post('/reconnaissance/:id/retirer', async (c) => {
    const viewer = requireViewer(c);
    await readForm(c);
    await recognition.withdrawContribution(c.get('deps'), viewer, idOr404(c.req.param('id')));
    return redirectWithFlash(c, '/reconnaissance', 'recognition.withdraw.done');
  });

  app.get('/membres/:slug/reconnaissance', async (c) => {
    privatePage(c);
    const record = await recognition.getRecord(c.get('deps'), c.get('viewer'), slugOr404(c.req.param('slug'), 'member'));
    return renderPage(c, <RecordPage record={record} signedIn={!!c.get('viewer')} />);
  });
}
