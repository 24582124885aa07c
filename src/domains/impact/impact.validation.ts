import { z } from '@hono/zod-openapi';
import { plainText } from '../../lib/validation.ts';

/** A community's own indicator: what it counts, and in what. */
export const CommunityIndicatorInput = z.object({
  label: plainText({ min: 3, max: 80 }),
  unit: z.enum(['count', 'hours'], { message: 'v.choice' }),
});
