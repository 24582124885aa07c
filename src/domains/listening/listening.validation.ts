import { z } from '@hono/zod-openapi';
import { formCheckbox, optionalText, plainText } from '../../lib/validation.ts';

/** The fixed part of a questionnaire's form; its question blocks are read by parseQuestionBlocks. */
export const QuestionnaireInput = z.looseObject({
  place: z.string().regex(/^[a-z0-9-]{1,100}$/, 'v.choice'),
  title: plainText({ min: 3, max: 120 }),
  intro: optionalText(600),
  personalData: formCheckbox(),
  purpose: optionalText(600),
});
export const QuestionnaireEditInput = QuestionnaireInput.omit({ place: true });
export type QuestionnaireData = z.output<typeof QuestionnaireEditInput>;

/** The hidden fields of an answer form: the timing proof, the honeypot and consent (when personal data is asked). */
export const AnswerEnvelope = z.looseObject({
  debut: z.string().max(80).optional(),
  site_web: z.string().max(500).optional(),
  consentement: formCheckbox(),
});

export const NoteInput = z.object({
  youSaid: plainText({ min: 5, max: 600 }),
  weDid: plainText({ min: 5, max: 600 }),
});

export const PlatformFeedbackInput = z.object({
  body: plainText({ min: 5, max: 4000 }),
  page: z
    .string()
    .max(300)
    .regex(/^\/[^\s]*$/, 'v.choice')
    .or(z.literal(''))
    .optional(),
});
