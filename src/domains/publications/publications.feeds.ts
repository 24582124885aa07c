import type { PublicationListRow } from './publications.repo.ts';

/**
 * The same list of publications as Atom (RFC 4287), RSS 2.0 and JSON Feed 1.1: readers differ,
 * a network serves all three. Text is escaped once, here; HTML bodies travel as escaped text
 * (Atom `type="html"`, RSS `description`) or as `content_html` (JSON).
 */
export interface FeedInput {
  title: string;
  /** The page the feed belongs to, and the feed's own address (without its extension). */
  home: string;
  self: string;
  base: string;
  rows: PublicationListRow[];
}

const escapeXml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 forbids outright (a pasted control character would break every reader).
    .split('')
    .filter((ch) => {
      const c = ch.charCodeAt(0);
      return c === 0x9 || c === 0xa || c === 0xd || c >= 0x20;
    })
    .join('');

const urlOf = (f: FeedInput, p: PublicationListRow) => `${f.base}/publications/${p.slug}`;
const publisherOf = (p: PublicationListRow) => p.placeName ?? p.communityName ?? p.authorName ?? 'Tisserin';
const coverOf = (f: FeedInput, p: PublicationListRow) => (p.coverKey ? `${f.base}/uploads/${p.coverKey}` : null);
const updatedOf = (f: FeedInput) =>
  (f.rows.reduce<Date | null>((max, p) => (!max || p.updatedAt > max ? p.updatedAt : max), null) ?? new Date(0)).toISOString();

export function atomFeed(f: FeedInput): string {
  const entries = f.rows.map((p) => {
    const cover = coverOf(f, p);
    return `  <entry>
    <id>urn:uuid:${p.id}</id>
    <title type="text">${escapeXml(p.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(urlOf(f, p))}"/>
    <published>${p.publishedAt.toISOString()}</published>
    <updated>${p.updatedAt.toISOString()}</updated>
    <author><name>${escapeXml(publisherOf(p))}</name></author>
${p.tags.map((t) => `    <category term="${escapeXml(t)}"/>`).join('\n')}
${p.summary ? `    <summary type="text">${escapeXml(p.summary)}</summary>\n` : ''}${cover ? `    <link rel="enclosure" type="image/webp" href="${escapeXml(cover)}"/>\n` : ''}    <content type="html">${escapeXml(p.bodyHtml)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <id>${escapeXml(f.home)}</id>
  <title type="text">${escapeXml(f.title)}</title>
  <link rel="alternate" type="text/html" href="${escapeXml(f.home)}"/>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${f.self}.atom`)}"/>
  <updated>${updatedOf(f)}</updated>
  <generator>Tisserin</generator>
${entries.join('\n')}
</feed>
`;
}

export function rssFeed(f: FeedInput): string {
  const items = f.rows.map((p) => {
    const cover = coverOf(f, p);
    return `    <item>
      <title>${escapeXml(p.title)}</title>
      <link>${escapeXml(urlOf(f, p))}</link>
      <guid isPermaLink="false">urn:uuid:${p.id}</guid>
      <pubDate>${p.publishedAt.toUTCString()}</pubDate>
      <dc:creator>${escapeXml(publisherOf(p))}</dc:creator>
${p.tags.map((t) => `      <category>${escapeXml(t)}</category>`).join('\n')}
      <description>${escapeXml(p.summary ? `<p>${escapeXml(p.summary)}</p>${p.bodyHtml}` : p.bodyHtml)}</description>${cover ? `\n      <enclosure url="${escapeXml(cover)}" type="image/webp" length="0"/>` : ''}
    </item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${escapeXml(f.title)}</title>
    <link>${escapeXml(f.home)}</link>
    <description>${escapeXml(f.title)}</description>
    <language>fr</language>
    <atom:link href="${escapeXml(`${f.self}.rss`)}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>${new Date(updatedOf(f)).toUTCString()}</lastBuildDate>
${items.join('\n')}
  </channel>
</rss>
`;
}

export function jsonFeed(f: FeedInput): string {
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: f.title,
      home_page_url: f.home,
      feed_url: `${f.self}.json`,
      language: 'fr',
      items: f.rows.map((p) => {
        const cover = coverOf(f, p);
        return {
          id: `urn:uuid:${p.id}`,
          url: urlOf(f, p),
          title: p.title,
          ...(p.summary ? { summary: p.summary } : {}),
          content_html: p.bodyHtml,
          ...(cover ? { image: cover } : {}),
          date_published: p.publishedAt.toISOString(),
          date_modified: p.updatedAt.toISOString(),
          authors: [{ name: publisherOf(p) }],
          tags: p.tags,
        };
      }),
    },
    null,
    1,
  );
}

export const FEED_TYPES = {
  atom: { render: atomFeed, type: 'application/atom+xml; charset=utf-8' },
  rss: { render: rssFeed, type: 'application/rss+xml; charset=utf-8' },
  json: { render: jsonFeed, type: 'application/feed+json; charset=utf-8' },
} as const;
export type FeedFormat = keyof typeof FEED_TYPES;
