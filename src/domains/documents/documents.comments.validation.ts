import { z } from '@hono/zod-openapi';
import { optionalText, plainText, UUID_PATTERN } from '../../lib/validation.ts';
import { REPORT_REASONS } from './documents.schema.ts';

/** Comments are plain text, shown escaped with their line breaks. */
export const CommentInput = z
  .object({
    body: plainText({ min: 2, max: 4000 }),
    parentId: z
      .string()
      .regex(UUID_PATTERN, 'v.format')
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  .strict();

export const QuestionInput = z.object({ question: plainText({ min: 10, max: 2000 }) }).strict();

export const ReportInput = z
  .object({
    reason: z.enum(REPORT_REASONS, { message: 'v.choice' }),
    note: optionalText(500),
  })
  .strict();

export const ModerateCommentInput = z
  .object({
    decision: z.enum(['hide', 'keep'], { message: 'v.choice' }),
    reason: optionalText(300),
  })
  .strict();
