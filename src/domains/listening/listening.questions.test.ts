import { describe, expect, it } from 'vitest';
import { wrap } from './listening.poster.ts';
import { parseAnswer, parseQuestionBlocks, type Question, questionsAsForm, templateQuestions } from './listening.questions.ts';
import { checkTiming, MAX_HOURS, MIN_SECONDS, timingProof } from './listening.timing.ts';

describe('the team’s question blocks', () => {
  it('read back what questionsAsForm wrote', () => {
    const qs = templateQuestions('evenement');
    expect(parseQuestionBlocks(questionsAsForm(qs), qs)).toEqual({ questions: qs, errors: {} });
  });

  it('drop empty blocks, trim and de-duplicate choices, and give new questions fresh ids', () => {
    const previous: Question[] = [{ id: 'q3', kind: 'rating', label: 'Note', options: [], optional: false }];
    const { questions, errors } = parseQuestionBlocks(
      {
        q0_id: 'q3',
        q0_label: '  Note  ',
        q0_kind: 'rating',
        q1_label: '',
        q1_kind: 'short',
        q2_label: 'Quel jour ?',
        q2_kind: 'multiple',
        q2_options: 'Mercredi\r\n  Samedi \n\nMercredi\n',
        q2_optional: 'on',
        q3_id: 'q3',
        q3_label: 'Copie',
        q3_kind: 'long',
      },
      previous,
    );
    expect(errors).toEqual({});
    expect(questions).toEqual([
      { id: 'q3', kind: 'rating', label: 'Note', options: [], optional: false },
      { id: 'q4', kind: 'multiple', label: 'Quel jour ?', options: ['Mercredi', 'Samedi'], optional: true },
      // An id already used in this form is not reused: a copy gets its own.
      { id: 'q5', kind: 'long', label: 'Copie', options: [], optional: false },
    ]);
  });

  it('say what is wrong, per field', () => {
    expect(parseQuestionBlocks({}).errors).toEqual({ q0_label: ['listening.error.noQuestion'] });
    const { errors } = parseQuestionBlocks({ q0_label: 'A', q0_kind: 'single', q0_options: 'Seul', q1_label: 'B', q1_kind: 'curseur' });
    expect(errors).toEqual({ q0_options: ['listening.error.options?max=12'], q1_kind: ['listening.error.kind'] });
  });
});

describe('an answer', () => {
  const qs = templateQuestions('visite');
  it('keeps only known choices, in the questionnaire’s order, and ratings as numbers', () => {
    const { answers, errors } = parseAnswer(qs, {
      r_q1: '4',
      r_q2: 'Non',
      r_q3: ['Découvrir le lieu', 'Utiliser les machines', 'Découvrir le lieu'],
      r_q4: '5',
      r_q5: '  Rien à redire\u0007  ',
      r_zz: 'ignored',
    });
    expect(errors).toEqual({});
    expect(answers).toEqual({ q1: 4, q2: 'Non', q3: ['Utiliser les machines', 'Découvrir le lieu'], q4: 5, q5: 'Rien à redire' });
  });

  it('refuses ratings out of range, unknown choices and missing required answers; optional ones may stay empty', () => {
    const { answers, errors } = parseAnswer(qs, { r_q1: '4.5', r_q2: 'Peut-être', r_q3: ['Danser'], r_q4: '' });
    expect(answers).toEqual({});
    expect(errors).toEqual({
      r_q1: ['listening.error.rating'],
      r_q2: ['listening.error.choice'],
      r_q3: ['listening.error.choice'],
      r_q4: ['listening.error.required'],
    });
    expect(parseAnswer(qs, { r_q1: '1', r_q2: 'Oui', r_q4: '2' }).errors).toEqual({});
  });

  it('refuses a text longer than allowed', () => {
    expect(parseAnswer(qs, { r_q1: '1', r_q2: 'Oui', r_q4: '2', r_q5: 'x'.repeat(2001) }).errors).toEqual({
      r_q5: ['listening.error.textTooLong?max=2000'],
    });
  });
});

describe('the timing proof', () => {
  const secret = 'z-secret-de-test';
  const t0 = 1_780_000_000_000;
  it('lets through a form answered in a human time, and only for its questionnaire', () => {
    const proof = timingProof(secret, 'q-1', t0);
    expect(checkTiming(secret, 'q-1', proof, t0 + 30_000)).toBe('ok');
    expect(checkTiming(secret, 'q-2', proof, t0 + 30_000)).toBe('invalid');
    expect(checkTiming('autre-secret', 'q-1', proof, t0 + 30_000)).toBe('invalid');
  });
  it('refuses a form sent back too fast, too late, or a proof from the future', () => {
    const proof = timingProof(secret, 'q-1', t0);
    expect(checkTiming(secret, 'q-1', proof, t0 + MIN_SECONDS * 1000 - 1)).toBe('tooFast');
    expect(checkTiming(secret, 'q-1', proof, t0 + MAX_HOURS * 3600_000 + 1)).toBe('stale');
    expect(checkTiming(secret, 'q-1', proof, t0 - 120_000)).toBe('invalid');
    expect(checkTiming(secret, 'q-1', 'n’importe quoi', t0)).toBe('invalid');
  });
});

describe('poster lines', () => {
  it('wrap words without cutting them', () => {
    expect(wrap('Fablab de la médiathèque François Mitterrand', 20)).toEqual(['Fablab de la', 'médiathèque François', 'Mitterrand']);
  });
});
