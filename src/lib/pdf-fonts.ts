import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Atkinson Hyperlegible (SIL OFL), designed for low vision readers: the fonts every PDF embeds,
 * so any reader shows them as printed.
 */
export const PDF_FONTS = {
  regular: require.resolve('@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-latin-400-normal.woff'),
  bold: require.resolve('@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-latin-700-normal.woff'),
};
