import { crc32 } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The keyword Open Badges 3.0 baking uses for the credential in a PNG's iTXt chunk. */
export const BAKING_KEYWORD = 'openbadgecredential';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * "Bake" a credential into a badge's PNG (Open Badges 3.0 §5.3): an uncompressed iTXt chunk,
 * keyword `openbadgecredential`, no language, whose text is the credential's JSON, placed before
 * IEND. Any chunk already carrying a credential is dropped first.
 */
export function bakePng(png: Buffer, credentialJson: string): Buffer {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new Error('not a PNG');
  }
  const parts: Buffer[] = [PNG_SIGNATURE];
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const whole = png.subarray(offset, offset + 12 + length);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IEND') {
      const text = Buffer.concat([
        Buffer.from(BAKING_KEYWORD, 'latin1'),
        Buffer.from([0, 0, 0, 0, 0]), // end of keyword, not compressed, method 0, no language, no translated keyword
        Buffer.from(credentialJson, 'utf8'),
      ]);
      parts.push(chunk('iTXt', text), whole);
      return Buffer.concat(parts);
    }
    const baked = type === 'iTXt' && data.subarray(0, BAKING_KEYWORD.length + 1).equals(Buffer.from(`${BAKING_KEYWORD}\0`, 'latin1'));
    if (!baked) {
      parts.push(whole);
    }
    offset += 12 + length;
  }
  throw new Error('PNG without IEND');
}
