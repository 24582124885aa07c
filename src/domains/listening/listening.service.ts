import { randomInt } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound, validationFailed } from '../../lib/errors.ts';
import { dayInFrance } from '../../lib/i18n.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import type { FormValues } from '../../lib/request-body.ts';
import type { Viewer } from '../../lib/viewer.ts';
import * as throttle from '../accounts/throttle.service.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { issuerOf } from '../badges/badges.service.ts';
import { registerModerationQueue } from '../moderation/moderation.queues.ts';
import { getPlaceDetail, listMyPlaces } from '../places/places.service.ts';
import { notifyModerators } from '../social/social.service.ts';
import { canAnswer, canChangeQuestions, canManageListening, canReadPlatformFeedback, canSendPlatformFeedback } from './listening.policy.ts';
import {
  type AnswerValue,
  isTemplate,
  isText,
  parseAnswer,
  parseQuestionBlocks,
  type Question,
  ratingTotals,
  TEMPLATES,
  type TemplateName,
  tallyKeys,
  templateQuestions,
} from './listening.questions.ts';
import * as repo from './listening.repo.ts';
import { checkTiming, timingProof } from './listening.timing.ts';
import type { QuestionnaireData } from './listening.validation.ts';

/** The tallies some answers add, summed by question, value and month. */
function talliesOf(
  questions: readonly Question[],
  answers: Array<{ answeredOn: string; answers: Record<string, AnswerValue> }>,
): repo.Tally[] {
  const byKey = new Map<string, repo.Tally>();
  for (const a of answers) {
    const month = a.answeredOn.slice(0, 7);
    for (const k of tallyKeys(questions, a.answers)) {
      const key = `${k.question}\u0000${k.value}\u0000${month}`;
      const row = byKey.get(key) ?? { ...k, month, n: 0 };
      row.n += 1;
      byKey.set(key, row);
    }
  }
  return [...byKey.values()];
}

/** Published when what a place's page shows of its listening (notes, open questionnaires) changes. */
export const LISTENING_TOPIC = 'listening';

/** Answers from one network address: a class answering together on the school's Wi-Fi passes, a flood does not. */
export const ANSWERS_PER_ADDRESS: throttle.Limit = { max: 40, windowSeconds: 600 };
export const FEEDBACK_PER_ACCOUNT: throttle.Limit = { max: 10, windowSeconds: 3600 };
export const TEXTS_PER_PAGE = 30;

/** The public code of a questionnaire: six characters that cannot be misread on a poster (no i, l, o, 0, 1). */
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const newCode = () => Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
export const CODE_PATTERN = /^[a-hjkmnp-z2-9]{6}$/;

async function freeCode(deps: Deps): Promise<string> {
  for (;;) {
    const code = newCode();
    if (!(await repo.codeTaken(deps.db, code))) {
      return code;
    }
  }
}

/** A place the viewer manages, by its slug; refused otherwise (as a field error when it comes from a form). */
async function managedPlace(deps: Deps, viewer: Viewer, slug: string) {
  const place = await getPlaceDetail(deps, viewer, { slug }).catch(() => null);
  if (!place || !canManageListening(viewer, place.managerIds)) {
    throw validationFailed({ place: ['listening.notYourPlace'] }, 'only its team runs a place’s questionnaires');
  }
  return place;
}

/** A questionnaire with its place, for its team (or a moderator); 404 for anyone else. */
export async function loadManaged(deps: Deps, viewer: Viewer | null, id: string) {
  const questionnaire = await repo.findQuestionnaire(deps.db, { id });
  if (!questionnaire || !viewer) {
    throw notFound('questionnaire');
  }
  const place = await getPlaceDetail(deps, viewer, { id: questionnaire.placeId }).catch(() => null);
  if (!place || !canManageListening(viewer, place.managerIds)) {
    throw notFound('questionnaire');
  }
  return { questionnaire, place };
}

/** The places the viewer may open a questionnaire for, and what they already have. */
export async function getOverview(deps: Deps, viewer: Viewer) {
  const places = (await listMyPlaces(deps, viewer)).filter((p) => p.status !== 'rejected');
  const list = await repo.listForPlaces(
    deps.db,
    places.map((p) => p.id),
  );
  const names = new Map(places.map((p) => [p.id, p]));
  return {
    places: places.map((p) => ({ slug: p.slug, name: p.name })),
    questionnaires: list.map((q) => ({ ...q, place: names.get(q.placeId) ?? null })),
  };
}

/** What the new questionnaire form starts with: a template's questions, or one empty question. */
export function startingPoint(template: string | undefined): { title: string; intro: string; questions: Question[] } {
  if (isTemplate(template)) {
    return { title: TEMPLATES[template].title, intro: TEMPLATES[template].intro, questions: templateQuestions(template) };
  }
  return { title: '', intro: '', questions: [] };
}

function checkedQuestionnaire(data: QuestionnaireData, values: FormValues, previous: readonly Question[] = []) {
  const { questions, errors } = parseQuestionBlocks(values, previous);
  if (data.personalData === 'on' && !data.purpose) {
    errors.purpose = ['listening.error.purposeNeeded'];
  }
  if (Object.keys(errors).length > 0) {
    throw validationFailed(errors, 'invalid questionnaire');
  }
  return {
    title: data.title,
    intro: data.intro ?? null,
    questions,
    personalDataPurpose: data.personalData === 'on' ? (data.purpose ?? null) : null,
  };
}

export async function createQuestionnaire(deps: Deps, viewer: Viewer, data: QuestionnaireData & { place: string }, values: FormValues) {
  const place = await managedPlace(deps, viewer, data.place);
  const columns = checkedQuestionnaire(data, values);
  const code = await freeCode(deps);
  const row = await deps.db.transaction(async (tx) => {
    const q = await repo.insertQuestionnaire(tx, { ...columns, code, placeId: place.id, createdBy: viewer.id });
    await recordEvent(tx, { actorId: viewer.id, action: 'questionnaire.created', subjectType: 'questionnaire', subjectId: q.id });
    return q;
  });
  await deps.changes.publish(LISTENING_TOPIC);
  return row;
}

export async function updateQuestionnaire(deps: Deps, viewer: Viewer, id: string, data: QuestionnaireData, values: FormValues) {
  const { questionnaire } = await loadManaged(deps, viewer, id);
  await deps.db.transaction(async (tx) => {
    const answers = await repo.answerCount(tx, id);
    const columns = checkedQuestionnaire(data, values, questionnaire.questions);
    // Once answered, the questions stay as they were (see canChangeQuestions); the rest changes.
    const questions = canChangeQuestions(answers) ? columns.questions : questionnaire.questions;
    await repo.updateQuestionnaire(tx, id, { ...columns, questions });
    await recordEvent(tx, { actorId: viewer.id, action: 'questionnaire.updated', subjectType: 'questionnaire', subjectId: id });
  });
  await deps.changes.publish(LISTENING_TOPIC);
}

export async function setOpen(deps: Deps, viewer: Viewer, id: string, open: boolean) {
  await loadManaged(deps, viewer, id);
  await deps.db.transaction(async (tx) => {
    await repo.updateQuestionnaire(tx, id, { status: open ? 'open' : 'closed' });
    await recordEvent(tx, {
      actorId: viewer.id,
      action: open ? 'questionnaire.opened' : 'questionnaire.closed',
      subjectType: 'questionnaire',
      subjectId: id,
    });
  });
  await deps.changes.publish(LISTENING_TOPIC);
}

export interface QuestionResult {
  question: Question;
  /** How many answers gave this question a value. */
  answered: number;
  /** Per choice (in the question's order) or per rating 1–5. */
  counts: Array<{ label: string; n: number }>;
  /** Ratings: the average, and by month. */
  average: number | null;
  monthly: Array<{ month: string; average: number; n: number }>;
}

/** Per question and value, and per month, from the tallies kept as answers came. */
function summarise(questions: readonly Question[], rows: repo.Tally[]): QuestionResult[] {
  const sum = (qid: string, value: string) => rows.reduce((n, r) => (r.question === qid && r.value === value ? n + r.n : n), 0);
  return questions.map((q) => {
    const answered = sum(q.id, '');
    if (isText(q.kind)) {
      return { question: q, answered, counts: [], average: null, monthly: [] };
    }
    const labels = q.kind === 'rating' ? ['1', '2', '3', '4', '5'] : q.options;
    const bars = labels.map((label) => ({ label, n: sum(q.id, label) }));
    if (q.kind !== 'rating') {
      return { question: q, answered, counts: bars, average: null, monthly: [] };
    }
    const byMonth = new Map<string, { total: number; n: number }>();
    for (const r of rows) {
      if (r.question === q.id && r.value !== '') {
        const m = byMonth.get(r.month) ?? { total: 0, n: 0 };
        m.total += Number(r.value) * r.n;
        m.n += r.n;
        byMonth.set(r.month, m);
      }
    }
    return {
      question: q,
      answered,
      counts: bars,
      average: answered > 0 ? bars.reduce((s, b) => s + Number(b.label) * b.n, 0) / answered : null,
      monthly: [...byMonth]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, m]) => ({ month, average: Math.round((m.total / m.n) * 100) / 100, n: m.n })),
    };
  });
}

/** What the team reads: each question's distribution, ratings by month, written answers a page at a time. */
export async function getResults(deps: Deps, viewer: Viewer, id: string, textPage = 1) {
  const { questionnaire, place } = await loadManaged(deps, viewer, id);
  const qs = questionnaire.questions;
  const texts = qs.filter((q) => isText(q.kind)).map((q) => q.id);
  const [total, rows, textRows, textTotal] = await Promise.all([
    repo.answerCount(deps.db, id),
    repo.tallies(deps.db, id),
    repo.textAnswers(deps.db, id, texts, TEXTS_PER_PAGE, (textPage - 1) * TEXTS_PER_PAGE),
    repo.countTextAnswers(deps.db, id, texts),
  ]);
  return {
    questionnaire,
    place: { slug: place.slug, name: place.name },
    total,
    results: summarise(qs, rows),
    texts: { rows: textRows, total: textTotal, page: textPage, pages: Math.max(1, Math.ceil(textTotal / TEXTS_PER_PAGE)) },
    canChangeQuestions: canChangeQuestions(total),
  };
}

export async function hideTexts(deps: Deps, viewer: Viewer, id: string, answerId: string, hidden: boolean) {
  await loadManaged(deps, viewer, id);
  const done = await deps.db.transaction(async (tx) => {
    const found = await repo.setTextsHidden(tx, id, answerId, hidden);
    if (found) {
      await recordEvent(tx, {
        actorId: viewer.id,
        action: hidden ? 'answer.hidden' : 'answer.shown',
        subjectType: 'questionnaire',
        subjectId: id,
      });
    }
    return found;
  });
  if (!done) {
    throw notFound('answer');
  }
}

/** Every answer as rows for a spreadsheet: the day, then one column per question (hidden texts left out). */
export async function answersTable(deps: Deps, viewer: Viewer, id: string, hiddenLabel: string) {
  const { questionnaire } = await loadManaged(deps, viewer, id);
  const qs = questionnaire.questions;
  const rows = (await repo.allAnswers(deps.db, id)).map((a) => [
    a.answeredOn,
    ...qs.map((q) => {
      const v: AnswerValue | undefined = a.answers[q.id];
      if (v === undefined) {
        return '';
      }
      if (isText(q.kind) && a.textsHiddenAt) {
        return hiddenLabel;
      }
      return Array.isArray(v) ? v.join(' | ') : String(v);
    }),
  ]);
  return { questionnaire, header: qs.map((q) => q.label), rows };
}

/** An open questionnaire at its public link, with its place; 404 when the code is unknown or the place not public. */
export async function getPublicQuestionnaire(deps: Deps, code: string) {
  if (!CODE_PATTERN.test(code)) {
    throw notFound('questionnaire');
  }
  const questionnaire = await repo.findQuestionnaire(deps.db, { code });
  if (!questionnaire) {
    throw notFound('questionnaire');
  }
  const place = await getPlaceDetail(deps, null, { id: questionnaire.placeId }).catch(() => null);
  if (!place || canAnswer(questionnaire, place) === 'unavailable') {
    throw notFound('questionnaire');
  }
  return {
    questionnaire,
    place: { slug: place.slug, name: place.name, commune: place.commune },
    open: canAnswer(questionnaire, place) === 'ok',
  };
}

const timingSecret = async (deps: Deps) => (await issuerOf(deps)).key.secretKeyMultibase;

/** The signed moment the answer form was shown (see listening.timing.ts). */
export const answerFormProof = async (deps: Deps, questionnaireId: string, now?: number) =>
  timingProof(await timingSecret(deps), questionnaireId, now);

const refused = (userMessage: string, message: string, code: 'CONFLICT' | 'VALIDATION_FAILED' = 'VALIDATION_FAILED') =>
  new AppError(code, { message, userMessage });

/**
 * Store one anonymous answer. Refused: a closed questionnaire; the honeypot filled; a form sent
 * back faster than one can read it; too many answers from one address. Only the questionnaire,
 * the day and the values are written — nothing that leads to who answered.
 */
export async function submitAnswer(deps: Deps, code: string, values: FormValues, meta: { ip: string; now?: number }) {
  const { questionnaire, open } = await getPublicQuestionnaire(deps, code);
  if (!open) {
    throw refused('listening.answer.closed', 'questionnaire closed', 'CONFLICT');
  }
  const one = (name: string) => {
    const v = values[name];
    return (Array.isArray(v) ? v[0] : v) ?? '';
  };
  if (one('site_web').trim() !== '') {
    throw refused('listening.answer.refused', 'honeypot filled');
  }
  const timing = checkTiming(await timingSecret(deps), questionnaire.id, one('debut'), meta.now);
  if (timing === 'tooFast' || timing === 'invalid') {
    throw refused('listening.answer.tooFast', `timing ${timing}`);
  }
  if (timing === 'stale') {
    throw refused('listening.answer.stale', 'form too old');
  }
  const { answers, errors } = parseAnswer(questionnaire.questions, values);
  if (questionnaire.personalDataPurpose && one('consentement') !== 'on') {
    errors.consentement = ['listening.error.consent'];
  }
  if (Object.keys(errors).length > 0) {
    throw validationFailed(errors, 'invalid answer');
  }
  await throttle.enforce(deps.db, throttle.addressKey('answer', meta.ip), ANSWERS_PER_ADDRESS, 'listening.answer.flood');
  const day = dayInFrance(meta.now === undefined ? new Date() : new Date(meta.now));
  await deps.db.transaction(async (tx) => {
    await repo.insertAnswer(tx, questionnaire.id, day, answers, ratingTotals(questionnaire.questions, answers));
    await repo.addTallies(tx, questionnaire.id, talliesOf(questionnaire.questions, [{ answeredOn: day, answers }]));
  });
}

/** A "vous nous avez dit / nous avons fait" note, written from a questionnaire's results; it shows on the place's page. */
export async function addNote(deps: Deps, viewer: Viewer, questionnaireId: string, input: { youSaid: string; weDid: string }) {
  const { questionnaire, place } = await loadManaged(deps, viewer, questionnaireId);
  await deps.db.transaction(async (tx) => {
    const note = await repo.insertNote(tx, {
      placeId: place.id,
      questionnaireId: questionnaire.id,
      youSaid: input.youSaid,
      weDid: input.weDid,
      createdBy: viewer.id,
    });
    await recordEvent(tx, {
      actorId: viewer.id,
      action: 'listening-note.published',
      subjectType: 'place',
      subjectId: place.id,
      payload: { note: note.id },
    });
  });
  await deps.changes.publish(LISTENING_TOPIC);
  return { slug: place.slug, name: place.name };
}

export async function removeNote(deps: Deps, viewer: Viewer, noteId: string) {
  const note = await repo.findNote(deps.db, noteId);
  const place = note ? await getPlaceDetail(deps, viewer, { id: note.placeId }).catch(() => null) : null;
  if (!note || !place || !canManageListening(viewer, place.managerIds)) {
    throw notFound('note');
  }
  await deps.db.transaction(async (tx) => {
    await repo.deleteNote(tx, noteId);
    await recordEvent(tx, { actorId: viewer.id, action: 'listening-note.removed', subjectType: 'place', subjectId: place.id });
  });
  await deps.changes.publish(LISTENING_TOPIC);
  return { place: { slug: place.slug, name: place.name }, questionnaireId: note.questionnaireId };
}

/** A place's notes, for its team's page. */
export async function notesOfPlace(deps: Deps, viewer: Viewer, placeSlug: string) {
  const place = await getPlaceDetail(deps, viewer, { slug: placeSlug });
  if (!canManageListening(viewer, place.managerIds)) {
    throw forbidden('its team only');
  }
  return { place: { slug: place.slug, name: place.name }, notes: await repo.notesOfPlace(deps.db, place.id) };
}

export async function sendPlatformFeedback(deps: Deps, viewer: Viewer | null, input: { body: string; page?: string }) {
  if (!viewer || !canSendPlatformFeedback(viewer)) {
    throw forbidden('members only');
  }
  await throttle.enforce(deps.db, `platform-feedback:${viewer.id}`, FEEDBACK_PER_ACCOUNT);
  await deps.db.transaction(async (tx) => {
    const row = await repo.insertPlatformFeedback(tx, { userId: viewer.id, body: input.body, page: input.page || null });
    await notifyModerators(tx, 'platform-feedback', { type: 'platform_feedback', id: row.id, label: input.body }, viewer.id);
  });
}

/** What members said of the platform, newest first; reading it marks it read. */
export async function readPlatformFeedback(deps: Deps, viewer: Viewer | null) {
  if (!canReadPlatformFeedback(viewer)) {
    throw forbidden('moderators only');
  }
  const rows = await repo.listPlatformFeedback(deps.db, 200);
  await repo.markPlatformFeedbackRead(deps.db);
  return rows;
}

export const templateNames = Object.keys(TEMPLATES) as TemplateName[];

/**
 * A questionnaire with answers already given, written at once (the demo network and the bench):
 * the same rows a place's team and its visitors would have made, in one transaction.
 */
export async function importQuestionnaire(
  deps: Deps,
  input: {
    placeId: string;
    createdBy: string | null;
    template: TemplateName;
    createdAt: Date;
    answers: Array<{ answeredOn: string; answers: Record<string, AnswerValue> }>;
    note?: { youSaid: string; weDid: string };
  },
) {
  const code = await freeCode(deps);
  const t = TEMPLATES[input.template];
  await deps.db.transaction(async (tx) => {
    const q = await repo.insertQuestionnaire(tx, {
      code,
      placeId: input.placeId,
      title: t.title,
      intro: t.intro,
      questions: templateQuestions(input.template),
      createdBy: input.createdBy,
      createdAt: input.createdAt,
      updatedAt: input.createdAt,
    });
    const rows = input.answers.map((a) => ({ ...a, ...ratingTotals(q.questions, a.answers) }));
    for (let i = 0; i < rows.length; i += 1000) {
      await repo.insertAnswers(tx, q.id, rows.slice(i, i + 1000));
    }
    await repo.addTallies(tx, q.id, talliesOf(q.questions, input.answers));
    if (input.note) {
      await repo.insertNote(tx, { placeId: input.placeId, questionnaireId: q.id, createdBy: input.createdBy, ...input.note });
    }
  });
  return code;
}

registerPersonalData('listening', repo.exportListening, repo.removePlatformFeedback);

registerModerationQueue({
  key: 'platform-feedback',
  path: '/moderation/avis',
  titleKey: 'listening.feedback.queue',
  itemKey: 'listening.feedback.item',
  icon: 'message-circle',
  count: (deps) => repo.unreadPlatformFeedback(deps.db),
});
