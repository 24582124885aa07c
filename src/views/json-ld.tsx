import { raw } from 'hono/html';

/** schema.org data for search engines, in the page's head: JSON with "<" escaped so it cannot end the script. */
export function JsonLd({ data }: { data: Record<string, unknown> }) {
  return <script type="application/ld+json">{raw(JSON.stringify(data).replace(/</g, '\\u003c'))}</script>;
}
