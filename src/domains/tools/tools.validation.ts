import { z } from '@hono/zod-openapi';
import { plainText, webUrl } from '../../lib/validation.ts';
import { TOOL_KINDS } from './tools.schema.ts';

/** SPDX license identifiers and expressions ("GPL-3.0-or-later", "MIT OR Apache-2.0"), or a LicenseRef- for other terms. */
const SPDX = /^(LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*)$/;

/** A tool added to the catalogue by a member (the catalogue is the network's, like its guides). */
export const ToolFormInput = z
  .object({
    name: plainText({ min: 2, max: 80 }),
    kind: z.enum(TOOL_KINDS, { message: 'v.choice' }),
    licence: plainText({ min: 2, max: 80 }).refine((v) => SPDX.test(v), 'tools.v.spdx'),
    website: webUrl(),
    repository: webUrl(),
    description: plainText({ min: 10, max: 1000 }),
    platforms: plainText({ max: 200 })
      .default('')
      .transform((v) =>
        [
          ...new Set(
            v
              .split(',')
              .map((p) => p.trim())
              .filter(Boolean),
          ),
        ].slice(0, 12),
      ),
  })
  .strict();
export type ToolFormData = z.output<typeof ToolFormInput>;
