import { z } from '@hono/zod-openapi';
import { isoDate } from '../../lib/validation.ts';
import { todayInFrance } from '../recognition/recognition.validation.ts';

/** The period an attestation covers: at most ten years, ending today at the latest. */
export const AttestationInput = z
  .object({ start: isoDate, end: isoDate })
  .strict()
  .superRefine((v, ctx) => {
    if (v.end > todayInFrance() || v.end < '2000-01-01') {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'recognition.v.dateNotPast' });
    } else if (v.end < v.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'recognition.v.endBeforeStart' });
    } else if (Date.parse(v.end) - Date.parse(v.start) > 3653 * 86_400_000) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: 'attestations.v.tooLong' });
    }
  });

/** The school year under way: from 1 September to today. */
export function schoolYearSoFar(today = todayInFrance()): { start: string; end: string } {
  const year = Number(today.slice(0, 4));
  const start = today.slice(5) >= '09-01' ? `${year}-09-01` : `${year - 1}-09-01`;
  return { start, end: today };
}
