import type { Deps } from './deps.ts';
import type { Locale, Translate } from './lib/i18n.ts';
import type { Viewer } from './lib/viewer.ts';

/** What every request carries through Hono's context. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    viewer: Viewer | null;
    /** Set when the viewer came with a session cookie (not an API token). */
    sessionId: string | null;
    locale: Locale;
    t: Translate;
    csrfToken: string;
    clientIp: string;
    /** i18n key of a one-time message carried across a redirect. */
    flash: string | null;
  };
}
