import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gzipFilled, gzipPieces, gzipPiecesSize } from './gzip-pieces.ts';

const HOLE = 'csrf-9fQ2xZ';

describe('a text kept gzipped with holes', () => {
  it('gives, for any text, holes and fill, a gzip that zlib reads back (CRC and length checked) as the filled text', () => {
    const piece = fc.string({ unit: fc.constantFrom('a', 'é', '’', '<', ' ', '\n', '€', '𝄞', 'z'), maxLength: 300 });
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 6 }),
        fc.string({ maxLength: 60 }),
        fc.integer({ min: 0, max: 9 }),
        (pieces, fill, level) => {
          const text = pieces.join(HOLE);
          const gz = gzipFilled(gzipPieces(text, HOLE, level), fill);
          expect(zlib.gunzipSync(gz).toString()).toBe(pieces.join(fill));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is read by the gzip program as well, on a page-sized text whose pieces are longer than a stored block', () => {
    const words = Array.from({ length: 12_000 }, (_, i) => `mot${(i * 7919) % 1009} `).join('');
    const text = `<!doctype html><meta content="${HOLE}">${words}<input value="${HOLE}">fin ${HOLE}`;
    const token = 'T0k3n-pour-ce-visiteur';
    const gz = gzipFilled(gzipPieces(text, HOLE), token);
    const gunzip = spawnSync('gzip', ['-d', '-c'], { input: gz });
    expect(gunzip.status, gunzip.stderr.toString()).toBe(0);
    expect(gunzip.stdout.toString()).toBe(text.replaceAll(HOLE, token));
  });

  it('weighs what its deflate does, far less than the text', () => {
    const text = `<p>${'Un atelier de fabrication numérique au collège. '.repeat(400)}</p>${HOLE}<footer>Tisserin</footer>`;
    const pieces = gzipPieces(text, HOLE);
    expect(gzipPiecesSize(pieces)).toBe(pieces.deflated.length + 24);
    expect(gzipPiecesSize(pieces)).toBeLessThan(Buffer.byteLength(text) / 10);
  });

  it('refuses a fill larger than a stored block', () => {
    expect(() => gzipFilled(gzipPieces(`a${HOLE}b`, HOLE), 'x'.repeat(70_000))).toThrow(RangeError);
  });
});
