/**
 * What a questionnaire asks and how an answer is checked: pure functions, no database. The team's
 * form has one block of fields per question (`q0_label`, `q0_kind`…), so it works without
 * JavaScript; an answer's fields are `r_<question id>`.
 */
import type { FormValues } from '../../lib/request-body.ts';

export const QUESTION_KINDS = ['rating', 'single', 'multiple', 'short', 'long'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface Question {
  /** Stable while the questionnaire lives ("q1", "q2"…): answers are stored under it. */
  id: string;
  kind: QuestionKind;
  label: string;
  /** The choices of a single or multiple choice question. */
  options: string[];
  optional: boolean;
}

export type AnswerValue = number | string | string[];

export const MAX_QUESTIONS = 20;
export const MAX_OPTIONS = 12;
export const LABEL_MAX = 200;
export const OPTION_MAX = 100;
export const SHORT_MAX = 200;
export const LONG_MAX = 2000;

export const isChoice = (kind: QuestionKind) => kind === 'single' || kind === 'multiple';
export const isText = (kind: QuestionKind) => kind === 'short' || kind === 'long';

/** The ready-made questionnaires a team starts from. */
export const TEMPLATES = {
  visite: {
    title: 'Votre visite',
    intro: 'Quelques questions, une minute : vos réponses sont anonymes et aident l’équipe à améliorer le lieu.',
    questions: [
      { kind: 'rating', label: 'Dans l’ensemble, comment s’est passée votre visite ?', options: [], optional: false },
      { kind: 'single', label: 'Est-ce votre première visite ?', options: ['Oui', 'Non'], optional: false },
      {
        kind: 'multiple',
        label: 'Qu’est-ce qui vous amène aujourd’hui ?',
        options: ['Utiliser les machines', 'Participer à un atelier', 'Avancer sur un projet', 'Découvrir le lieu', 'Autre chose'],
        optional: true,
      },
      { kind: 'rating', label: 'Avez-vous trouvé l’aide dont vous aviez besoin ?', options: [], optional: false },
      { kind: 'long', label: 'Que pourrions-nous améliorer ?', options: [], optional: true },
    ],
  },
  evenement: {
    title: 'Après l’atelier',
    intro: 'Merci d’être venu ! Dites-nous ce que vous en avez pensé : vos réponses sont anonymes.',
    questions: [
      { kind: 'rating', label: 'Comment avez-vous trouvé cet atelier ?', options: [], optional: false },
      { kind: 'single', label: 'Le niveau était…', options: ['Trop facile', 'Adapté', 'Trop difficile'], optional: false },
      { kind: 'single', label: 'Le recommanderiez-vous à quelqu’un ?', options: ['Oui', 'Peut-être', 'Non'], optional: false },
      { kind: 'short', label: 'Qu’avez-vous appris ?', options: [], optional: true },
      { kind: 'long', label: 'Un mot pour l’équipe ?', options: [], optional: true },
    ],
  },
} as const satisfies Record<
  string,
  { title: string; intro: string; questions: Array<Omit<Question, 'id' | 'options'> & { options: string[] }> }
>;
export type TemplateName = keyof typeof TEMPLATES;
export const isTemplate = (name: string | undefined): name is TemplateName => !!name && Object.hasOwn(TEMPLATES, name);

/** A template's questions with their ids. */
export const templateQuestions = (name: TemplateName): Question[] =>
  TEMPLATES[name].questions.map((q, i) => ({ ...q, options: [...q.options], id: `q${i + 1}` }));

/** Letters and newlines people type, without control characters, trimmed. */
const clean = (s: string) =>
  s
    .replace(/\r\n?/g, '\n')
    .split('')
    .filter((ch) => ch === '\n' || ch.charCodeAt(0) >= 0x20)
    .join('')
    .replace(/\u007f/g, '')
    .trim();
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export type FieldErrors = Record<string, string[]>;

/** The question blocks of the team's form as its values (to fill the form from a questionnaire). */
export function questionsAsForm(questions: readonly Question[]): FormValues {
  const values: FormValues = {};
  questions.forEach((q, i) => {
    values[`q${i}_id`] = q.id;
    values[`q${i}_label`] = q.label;
    values[`q${i}_kind`] = q.kind;
    values[`q${i}_options`] = q.options.join('\n');
    values[`q${i}_optional`] = q.optional ? 'on' : '';
  });
  return values;
}

/** How many question blocks the submitted form has (the highest `qN_label` + 1). */
export function blockCount(values: FormValues): number {
  let n = 0;
  for (const name of Object.keys(values)) {
    const m = /^q(\d{1,2})_label$/.exec(name);
    if (m) {
      n = Math.max(n, Number(m[1]) + 1);
    }
  }
  return Math.min(n, MAX_QUESTIONS + 5);
}

/**
 * The questions of the team's form; blocks left without a label are dropped. Errors are keyed
 * by field name (`q2_options`) with i18n keys. `previous` keeps the ids of questions that exist.
 */
export function parseQuestionBlocks(
  values: FormValues,
  previous: readonly Question[] = [],
): { questions: Question[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const questions: Question[] = [];
  const known = new Set(previous.map((q) => q.id));
  let next = previous.reduce((max, q) => Math.max(max, Number(q.id.slice(1)) || 0), 0) + 1;
  const used = new Set<string>();
  for (let i = 0; i < blockCount(values); i++) {
    const label = clean(one(values[`q${i}_label`]));
    if (!label) {
      continue;
    }
    const kindValue = one(values[`q${i}_kind`]);
    const kind = (QUESTION_KINDS as readonly string[]).includes(kindValue) ? (kindValue as QuestionKind) : null;
    if (!kind) {
      errors[`q${i}_kind`] = ['listening.error.kind'];
      continue;
    }
    if (label.length > LABEL_MAX) {
      errors[`q${i}_label`] = [`listening.error.labelTooLong?max=${LABEL_MAX}`];
    }
    const options = isChoice(kind) ? [...new Set(one(values[`q${i}_options`]).split('\n').map(clean).filter(Boolean))] : [];
    if (isChoice(kind) && (options.length < 2 || options.length > MAX_OPTIONS)) {
      errors[`q${i}_options`] = [`listening.error.options?max=${MAX_OPTIONS}`];
    } else if (options.some((o) => o.length > OPTION_MAX)) {
      errors[`q${i}_options`] = [`listening.error.optionTooLong?max=${OPTION_MAX}`];
    }
    const given = one(values[`q${i}_id`]);
    let id = known.has(given) && !used.has(given) ? given : '';
    if (!id) {
      id = `q${next++}`;
    }
    used.add(id);
    questions.push({ id, kind, label, options, optional: one(values[`q${i}_optional`]) === 'on' });
  }
  if (questions.length === 0 && Object.keys(errors).length === 0) {
    errors.q0_label = ['listening.error.noQuestion'];
  }
  if (questions.length > MAX_QUESTIONS) {
    errors[''] = [`listening.error.tooManyQuestions?max=${MAX_QUESTIONS}`];
  }
  return { questions, errors };
}

/** Field name of a question's answer. */
export const answerField = (q: Pick<Question, 'id'>) => `r_${q.id}`;

/**
 * A visitor's answer, checked against the questions: only known questions and choices are kept,
 * a rating is a whole number from 1 to 5, texts are cut to nothing longer than allowed.
 */
export function parseAnswer(
  questions: readonly Question[],
  values: FormValues,
): { answers: Record<string, AnswerValue>; errors: FieldErrors } {
  const answers: Record<string, AnswerValue> = {};
  const errors: FieldErrors = {};
  for (const q of questions) {
    const field = answerField(q);
    const raw = values[field];
    let value: AnswerValue | null = null;
    if (q.kind === 'rating') {
      const text = one(raw).trim();
      if (text) {
        const n = Number(text);
        if (Number.isInteger(n) && n >= 1 && n <= 5) {
          value = n;
        } else {
          errors[field] = ['listening.error.rating'];
          continue;
        }
      }
    } else if (q.kind === 'single') {
      const text = one(raw);
      if (text) {
        if (!q.options.includes(text)) {
          errors[field] = ['listening.error.choice'];
          continue;
        }
        value = text;
      }
    } else if (q.kind === 'multiple') {
      const chosen = [...new Set(many(raw))];
      if (chosen.some((c) => !q.options.includes(c))) {
        errors[field] = ['listening.error.choice'];
        continue;
      }
      value = chosen.length > 0 ? q.options.filter((o) => chosen.includes(o)) : null;
    } else {
      const text = clean(one(raw));
      const max = q.kind === 'short' ? SHORT_MAX : LONG_MAX;
      if (text.length > max) {
        errors[field] = [`listening.error.textTooLong?max=${max}`];
        continue;
      }
      value = text || null;
    }
    if (value === null) {
      if (!q.optional) {
        errors[field] = ['listening.error.required'];
      }
    } else {
      answers[q.id] = value;
    }
  }
  return { answers, errors };
}

/** The sum and number of an answer's ratings (kept with it, for averages over many answers). */
export function ratingTotals(
  questions: readonly Question[],
  answers: Record<string, AnswerValue>,
): { ratingSum: number; ratingCount: number } {
  let ratingSum = 0;
  let ratingCount = 0;
  for (const q of questions) {
    const v = answers[q.id];
    if (q.kind === 'rating' && typeof v === 'number') {
      ratingSum += v;
      ratingCount += 1;
    }
  }
  return { ratingSum, ratingCount };
}

/**
 * What an answer adds to its questionnaire's tallies: for each question answered, a row '' (it
 * was answered) and one per value counted — a rating, the choice, each of several choices.
 * Written texts are only counted as answered.
 */
export function tallyKeys(
  questions: readonly Question[],
  answers: Record<string, AnswerValue>,
): Array<{ question: string; value: string }> {
  const keys: Array<{ question: string; value: string }> = [];
  for (const q of questions) {
    const v = answers[q.id];
    if (v === undefined) {
      continue;
    }
    keys.push({ question: q.id, value: '' });
    if (q.kind === 'rating' || q.kind === 'single') {
      keys.push({ question: q.id, value: String(v) });
    } else if (q.kind === 'multiple' && Array.isArray(v)) {
      for (const choice of v) {
        keys.push({ question: q.id, value: choice });
      }
    }
  }
  return keys;
}
