import type MarkdownIt from 'markdown-it';
import type sanitizeHtml from 'sanitize-html';

interface Renderer {
  md: InstanceType<typeof MarkdownIt>;
  sanitize: typeof sanitizeHtml;
  options: sanitizeHtml.IOptions;
}

let loading: Promise<Renderer> | undefined;

/** markdown-it and sanitize-html (with postcss) weigh ~30 MB: loaded on the first write that needs them. */
function renderer(): Promise<Renderer> {
  loading ??= (async () => {
    const [{ default: MarkdownItClass }, { default: sanitize }] = await Promise.all([import('markdown-it'), import('sanitize-html')]);
    // Raw HTML in the source is shown as text (html: false); the sanitiser is a second wall.
    const md = new MarkdownItClass({ html: false, linkify: true, typographer: false, breaks: false });
    const options: sanitizeHtml.IOptions = {
      allowedTags: [
        'p',
        'br',
        'hr',
        'h2',
        'h3',
        'h4',
        'h5',
        'h6',
        'strong',
        'em',
        's',
        'code',
        'pre',
        'blockquote',
        'ul',
        'ol',
        'li',
        'a',
        'img',
        'table',
        'thead',
        'tbody',
        'tr',
        'th',
        'td',
      ],
      allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], ol: ['start'], th: ['align'], td: ['align'] },
      allowedSchemes: ['http', 'https', 'mailto'],
      allowedSchemesByTag: { img: [] },
      allowProtocolRelative: false,
      // Headings start at h2: the page's h1 is the item's title.
      transformTags: {
        h1: 'h2',
        a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
      },
      // Only same-site images: the CSP would block the others anyway.
      exclusiveFilter: (frame) => frame.tag === 'img' && !/^\/(?!\/)/.test(frame.attribs.src ?? ''),
    };
    return { md, sanitize, options };
  })();
  return loading;
}

/** Markdown → HTML that is safe to insert as is. */
export async function renderMarkdown(source: string): Promise<string> {
  const r = await renderer();
  return r.sanitize(r.md.render(source), r.options);
}

/** The first words of a Markdown text as plain text, cut on a word boundary. */
export async function excerpt(source: string, max = 220): Promise<string> {
  const r = await renderer();
  const text = r
    .sanitize(r.md.render(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) {
    return text;
  }
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 30)).trimEnd()}…`;
}

/**
 * Markdown as the words a person reads, without its marks (headings, lists, emphasis, links,
 * images, code, tables, HTML): for search snippets, where rendering each hit would cost more
 * than the search. Not for display as HTML: the result is text, escaped by the view.
 */
export function plainTextOf(md: string): string {
  return md
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]{0,3}>[ \t]?/gm, '')
    .replace(/^[ \t]*([-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/^[ \t]*([-*_][ \t]*){3,}$/gm, ' ')
    .replace(/^[ \t]*\|?([ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$/gm, ' ')
    .replace(/\|/g, ' ')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
    .replace(/~~([^~]*)~~/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
