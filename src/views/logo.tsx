import { raw } from 'hono/html';

/**
 * Tisserin's mark: a woven nest (the tisserin, a weaver bird, weaves many nests into one
 * colony). Decorative next to the word "Tisserin", which names the link.
 */
export const LOGO_SVG =
  '<svg class="logo" viewBox="0 0 40 40" aria-hidden="true" focusable="false">' +
  '<circle cx="20" cy="20" r="20" fill="#8a3b12"/>' +
  '<g fill="none" stroke-linecap="round" stroke-width="2.6">' +
  '<path d="M9.5 17.5c6.5 3.2 14.5 3.2 21 0" stroke="#f6d8b8"/>' +
  '<path d="M10.5 23.2c6 3 13 3 19 0" stroke="#f6d8b8"/>' +
  '<path d="M13 28.6c4.6 2.2 9.4 2.2 14 0" stroke="#f6d8b8"/>' +
  '<path d="M14.5 15.5c-1.6 5.2-.6 10.4 2.4 15" stroke="#e9a66b"/>' +
  '<path d="M25.5 15.5c1.6 5.2.6 10.4-2.4 15" stroke="#e9a66b"/>' +
  '<path d="M20 16.4v15.8" stroke="#e9a66b"/>' +
  '</g>' +
  '<path d="M21.5 7.2c2.6-.2 4.6 1.2 5.2 3.3l2.6.6-2.5 1.1c-.4 2.2-2.4 3.6-5.1 3.6-3 0-5.4-1.6-6.4-4 2.3.7 4.3.4 5.5-.8-.6-1.4-.2-3.1.7-3.8z" fill="#fbe9d7"/>' +
  '</svg>';

export function Logo() {
  return raw(LOGO_SVG);
}

/** The same mark as a data: URL, for the favicon. */
export const FAVICON = `data:image/svg+xml,${encodeURIComponent(LOGO_SVG.replace(' class="logo"', ' xmlns="http://www.w3.org/2000/svg"').replace(' aria-hidden="true" focusable="false"', ''))}`;
