import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerpt, plainTextOf, renderMarkdown } from './markdown.ts';

// Known XSS payloads (OWASP cheat sheet, MediaWiki parser tests): Markdown in, nothing executable out.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[clic](javascript:alert(1))',
  '[clic](JaVaScRiPt:alert(1))',
  '[clic](java\tscript:alert(1))',
  '[clic](&#106;avascript:alert(1))',
  '![img](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<style>body{display:none}</style>',
  '"><script>alert(1)</script>',
  '<details open ontoggle=alert(1)>',
  '[a](vbscript:msgbox(1))',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '`<script>alert(1)</script>`',
  '<<script>script>alert(1)<</script>/script>',
];

/** Look at real tags only: escaped text such as `&lt;script&gt;` is harmless. */
async function assertSafe(htmlPromise: Promise<string>) {
  const html = await htmlPromise;
  for (const [, name = '', attrs = ''] of html.matchAll(/<\/?([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    expect(['script', 'iframe', 'style', 'svg', 'math', 'object', 'embed', 'details']).not.toContain(name.toLowerCase());
    expect(attrs).not.toMatch(/\son[a-z]+\s*=/i);
    expect(attrs).not.toMatch(/(href|src)\s*=\s*"?\s*(javascript|vbscript|data):/i);
  }
}

describe('Markdown rendering', () => {
  it('renders ordinary Markdown', async () => {
    expect(await renderMarkdown('Un **fablab** et une [carte](https://example.org).')).toBe(
      '<p>Un <strong>fablab</strong> et une <a href="https://example.org" rel="nofollow ugc noopener">carte</a>.</p>\n',
    );
    expect(await renderMarkdown('# Titre')).toContain('<h2>Titre</h2>');
    expect(await renderMarkdown('- un\n- deux')).toContain('<li>deux</li>');
  });

  it('keeps only same-site images (the CSP would block others)', async () => {
    expect(await renderMarkdown('![plan](/uploads/abc.webp)')).toContain('<img src="/uploads/abc.webp"');
    expect(await renderMarkdown('![pisteur](https://tracker.example/p.gif)')).not.toContain('<img');
  });

  for (const payload of PAYLOADS) {
    it(`neutralises ${JSON.stringify(payload)}`, async () => {
      await assertSafe(renderMarkdown(payload));
    });
  }

  it('never outputs script, event handlers or javascript: URLs, whatever the input (fuzzed)', async () => {
    const pieces = fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '=',
      'script',
      'onerror',
      'javascript:',
      '[',
      ']',
      '(',
      ')',
      '!',
      'img',
      'a href',
      ' ',
      '\n',
      '`',
      '&#',
      'x',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }), async (parts) => {
        await assertSafe(renderMarkdown(parts.join('')));
      }),
      { numRuns: 500 },
    );
  });

  it('makes a plain-text excerpt cut on a word', async () => {
    expect(await excerpt('**Bonjour** à _tous_')).toBe('Bonjour à tous');
    const long = await excerpt('mot '.repeat(100), 50);
    expect(long.length).toBeLessThanOrEqual(51);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('plain text of Markdown (search snippets)', () => {
  it('keeps the words and drops the marks', () => {
    const md = [
      '## Objectifs',
      '',
      'Une **station météo** _connectée_, voir [la doc](https://exemple.fr) et ![schéma](/uploads/x.webp).',
      '',
      '- capteur `BME280` ;',
      '1. câbler',
      '> une citation',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      '---',
      'snake_case_name reste tel quel, 2 * 3 aussi.',
    ].join('\n');
    expect(plainTextOf(md)).toBe(
      'Objectifs Une station météo connectée, voir la doc et schéma. capteur BME280 ; câbler une citation a b 1 2 snake_case_name reste tel quel, 2 * 3 aussi.',
    );
  });
});
