import zlib from 'node:zlib';

/**
 * A text kept gzipped with holes in it, where something differs for each reader (a visitor's CSRF
 * token in a cached page). Each piece between the holes is deflated on its own and ends on a byte
 * boundary (a sync flush), so a reader's copy is the pieces with their bytes between them in
 * stored blocks, and its CRC-32 is combined from the pieces': nothing is compressed again.
 */
export interface GzipPieces {
  /** The raw deflate of every piece, one after the other; the last one ends the stream. */
  deflated: Buffer;
  /** Three numbers a piece: where its deflate ends in `deflated`, its bytes' CRC-32, and their length. */
  pieces: Uint32Array;
}

/** `text` cut at each `hole`, each piece deflated (at `level`) and summed up. */
export function gzipPieces(text: string, hole: string, level = 6): GzipPieces {
  const pieces = text.split(hole).map((piece) => Buffer.from(piece));
  const last = pieces.length - 1;
  const deflated = pieces.map((bytes, i) =>
    zlib.deflateRawSync(bytes, { level, finishFlush: i < last ? zlib.constants.Z_SYNC_FLUSH : zlib.constants.Z_FINISH }),
  );
  const summary = new Uint32Array(3 * pieces.length);
  let end = 0;
  pieces.forEach((bytes, i) => {
    end += deflated[i]?.length ?? 0;
    summary.set([end, zlib.crc32(bytes), bytes.length], 3 * i);
  });
  return { deflated: Buffer.concat(deflated), pieces: summary };
}

/** What a text kept this way weighs: its deflate and 12 bytes a piece. */
export const gzipPiecesSize = (p: GzipPieces): number => p.deflated.length + 4 * p.pieces.length;

/** gzip header: deflate, no name nor time, operating system unknown. */
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
let zeros = Buffer.alloc(64 * 1024);

/**
 * The CRC-32 of `a` then `b`, from their CRCs (`b`'s bytes are not kept): the register after `a`,
 * run through `length` zero bytes, and `b`'s own CRC, whose start the zeros' CRC cancels.
 */
function crc32Then(crcA: number, crcB: number, length: number): number {
  if (zeros.length < length) {
    zeros = Buffer.alloc(length * 2);
  }
  const run = zeros.subarray(0, length);
  return (zlib.crc32(run, crcA) ^ crcB ^ zlib.crc32(run, 0)) >>> 0;
}

/** The gzip of the text with `fill` in each hole. */
export function gzipFilled(p: GzipPieces, fill: string): Buffer {
  const fillBytes = Buffer.from(fill);
  if (fillBytes.length > 0xffff) {
    throw new RangeError('a hole holds at most 65,535 bytes');
  }
  // A stored block, not the last: BFINAL 0 and BTYPE 00 in one byte (each piece before it ended
  // on a byte boundary), then its length and the length's complement, little-endian.
  const stored = Buffer.alloc(5 + fillBytes.length);
  stored.writeUInt16LE(fillBytes.length, 1);
  stored.writeUInt16LE(~fillBytes.length & 0xffff, 3);
  fillBytes.copy(stored, 5);
  const { pieces, deflated } = p;
  const parts: Buffer[] = [HEADER];
  let crc = 0;
  let size = 0;
  for (let i = 0; i < pieces.length; i += 3) {
    if (i > 0) {
      parts.push(stored);
      crc = zlib.crc32(fillBytes, crc);
      size += fillBytes.length;
    }
    const length = pieces[i + 2] as number;
    parts.push(deflated.subarray(i === 0 ? 0 : pieces[i - 3], pieces[i]));
    crc = i === 0 ? (pieces[1] as number) : crc32Then(crc, pieces[i + 1] as number, length);
    size += length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  parts.push(trailer);
  return Buffer.concat(parts);
}
