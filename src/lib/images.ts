import { AppError } from './errors.ts';

export interface ProcessedImage {
  full: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

/** What the first bytes say the file is; the name and the declared type are not trusted. */
export function sniffImageType(bytes: Uint8Array): 'jpeg' | 'png' | 'webp' | 'gif' | 'svg' | null {
  const b = bytes;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    return 'jpeg';
  }
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return 'png';
  }
  if (
    b[0] === 0x52 &&
    b[1] === 0x49 &&
    b[2] === 0x46 &&
    b[3] === 0x46 &&
    b[8] === 0x57 &&
    b[9] === 0x45 &&
    b[10] === 0x42 &&
    b[11] === 0x50
  ) {
    return 'webp';
  }
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) {
    return 'gif';
  }
  const head = Buffer.from(b.subarray(0, 256)).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) {
    return 'svg';
  }
  return null;
}

/** Refuse what is too large or is not a JPEG, PNG or WebP by its content. */
function checkPhoto(bytes: Buffer, maxBytes: number): void {
  if (bytes.length > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', {
      message: `file larger than ${maxBytes} bytes`,
      userMessage: 'errors.fileTooLarge',
      details: { maxBytes },
    });
  }
  const type = sniffImageType(bytes);
  if (type !== 'jpeg' && type !== 'png' && type !== 'webp') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      message: `not a JPEG, PNG or WebP image (${type ?? 'unknown content'})`,
      userMessage: 'errors.notAnImage',
    });
  }
}

/** Decode with sharp (loaded on the first upload: libvips weighs ~30 MB that reading pages never needs). */
async function withDecoded<T>(bytes: Buffer, fn: (image: import('sharp').Sharp) => Promise<T>): Promise<T> {
  const { default: sharp } = await import('sharp');
  try {
    return await fn(sharp(bytes, { limitInputPixels: 40_000_000, failOn: 'error' }).rotate());
  } catch (err) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      message: 'image could not be decoded',
      userMessage: 'errors.notAnImage',
      cause: err,
    });
  }
}

/**
 * Accept a JPEG, PNG or WebP photo (a place's, a document's cover or pictures), checked by
 * content; re-encode it to WebP (which drops EXIF and GPS data — photos of children at
 * workshops), at most 1600 px, plus a 480 × 360 thumbnail for cards, cropped around what the
 * picture shows (stored beside it as "…-thumb.webp").
 */
export async function processPhoto(bytes: Buffer, maxBytes: number): Promise<ProcessedImage> {
  checkPhoto(bytes, maxBytes);
  return withDecoded(bytes, async (base) => {
    const { data: full, info } = await base
      .clone()
      .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    const thumb = await base
      .clone()
      .resize({ width: 480, height: 360, fit: 'cover', position: 'attention' })
      .webp({ quality: 72 })
      .toBuffer();
    return { full, thumb, width: info.width, height: info.height };
  });
}

export const AVATAR_SIZE = 256;

/** A portrait for a profile: the same checks, cropped square around the subject, metadata dropped. */
export async function processAvatar(bytes: Buffer, maxBytes: number): Promise<Buffer> {
  checkPhoto(bytes, maxBytes);
  return withDecoded(bytes, (base) =>
    base.resize({ width: AVATAR_SIZE, height: AVATAR_SIZE, fit: 'cover', position: 'attention' }).webp({ quality: 78 }).toBuffer(),
  );
}

/** A badge's picture: the same checks, fitted into 512 × 512 on a transparent square, as PNG (what Open Badges baking needs). */
export async function processBadgeImage(bytes: Buffer, maxBytes: number): Promise<Buffer> {
  checkPhoto(bytes, maxBytes);
  return withDecoded(bytes, (base) =>
    base
      .resize({ width: 512, height: 512, fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png({ compressionLevel: 9 })
      .toBuffer(),
  );
}

/** The thumbnail of a stored image ("abc.webp" → "abc-thumb.webp"). */
export const thumbKeyOf = (key: string) => key.replace(/\.webp$/, '-thumb.webp');

/** A PDF by its content (the "%PDF-" signature), within the size limit. */
export function checkPdf(bytes: Buffer, maxBytes: number): void {
  if (bytes.length > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', {
      message: `file larger than ${maxBytes} bytes`,
      userMessage: 'errors.fileTooLarge',
      details: { maxBytes },
    });
  }
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'not a PDF', userMessage: 'documents.files.notPdf' });
  }
}
