import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { forbidden } from '../../lib/errors.ts';
import { checkPdf, processPhoto, thumbKeyOf } from '../../lib/images.ts';
import type { FormFiles, FormValues } from '../../lib/request-body.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { canEditDocument } from './documents.policy.ts';
import * as repo from './documents.repo.ts';
import { type DocumentView, saveDocument } from './documents.service.ts';
import { MAX_STEPS } from './documents.validation.ts';

/** The file inputs of the document form: a cover, images per step, attached PDFs. */
export const COVER_INPUT = 'cover_upload';
export const ATTACHMENT_INPUT = 'attachment_upload';
export const stepInput = (n: number) => `step_upload_${n}`;

/** Clean the uploaded name for display ("Fiche élève (v2).pdf"); it is never used as a path. */
function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return (
    base
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\u007f<>"]/g, '')
      .trim()
      .slice(0, 120) || 'document.pdf'
  );
}

/** An upload checked, re-encoded and stored on disk, not yet recorded as a document's file. */
export interface PreparedFile {
  key: string;
  name: string;
  mediaType: string;
  bytes: number;
  width?: number;
  height?: number;
  /** Where the form put it: the cover, a step's pictures, or the attachments. */
  slot: { kind: 'cover' } | { kind: 'step'; n: number } | { kind: 'attachment' };
}

/** An image checked, re-encoded and stored with its thumbnail. */
async function prepareImage(deps: Deps, bytes: Buffer, name: string, slot: PreparedFile['slot']): Promise<PreparedFile> {
  const image = await processPhoto(bytes, deps.config.uploadMaxBytes);
  const key = await deps.uploads.put(image.full, '.webp');
  await deps.uploads.putAs(thumbKeyOf(key), image.thumb);
  return { key, name, mediaType: 'image/webp', bytes: image.full.length, width: image.width, height: image.height, slot };
}

async function prepare(deps: Deps, file: File, slot: PreparedFile['slot']): Promise<PreparedFile> {
  const bytes = Buffer.from(await file.arrayBuffer());
  if (slot.kind !== 'attachment') {
    return prepareImage(deps, bytes, displayName(file.name || 'image'), slot);
  }
  const max = deps.config.uploadMaxBytes;
  checkPdf(bytes, max);
  const key = await deps.uploads.put(bytes, '.pdf');
  return { key, name: displayName(file.name), mediaType: 'application/pdf', bytes: bytes.length, slot };
}

/**
 * Check, re-encode and store the files sent with the document form (a cover, pictures per
 * step, PDFs): content checked, metadata dropped, random names. Nothing is recorded yet.
 */
export async function prepareUploads(deps: Deps, files: FormFiles): Promise<PreparedFile[]> {
  const out: PreparedFile[] = [];
  for (const file of files[COVER_INPUT]?.slice(0, 1) ?? []) {
    out.push(await prepare(deps, file, { kind: 'cover' }));
  }
  for (let n = 1; n <= MAX_STEPS; n++) {
    for (const file of files[stepInput(n)]?.slice(0, 10) ?? []) {
      out.push(await prepare(deps, file, { kind: 'step', n }));
    }
  }
  for (const file of files[ATTACHMENT_INPUT]?.slice(0, 10) ?? []) {
    out.push(await prepare(deps, file, { kind: 'attachment' }));
  }
  return out;
}

/** Remove prepared files that will not be recorded (the form they came with was refused). */
export async function discardUploads(deps: Deps, prepared: PreparedFile[]): Promise<void> {
  for (const f of prepared) {
    await deps.uploads.remove(f.key);
    if (f.mediaType.startsWith('image/')) {
      await deps.uploads.remove(thumbKeyOf(f.key));
    }
  }
}

/** Record prepared files as a document's own (in the transaction that saves the document). */
export async function recordUploads(db: DbOrTx, documentId: string, uploadedBy: string, prepared: PreparedFile[]): Promise<void> {
  for (const f of prepared) {
    await repo.insertFile(db, {
      documentId,
      storageKey: f.key,
      name: f.name,
      mediaType: f.mediaType,
      bytes: f.bytes,
      width: f.width ?? null,
      height: f.height ?? null,
      uploadedBy,
    });
  }
}

/** Put prepared files where the form meant them: the cover, each step's pictures, the attachments. */
export function addUploadsToValues(values: FormValues, prepared: PreparedFile[]): void {
  const push = (key: string, value: string) => {
    const current = values[key];
    values[key] = current === undefined ? [value] : Array.isArray(current) ? [...current, value] : [current, value];
  };
  for (const f of prepared) {
    if (f.slot.kind === 'cover') {
      values.coverKey = f.key;
    } else if (f.slot.kind === 'step') {
      push('step_image', `${f.slot.n}:${f.key}`);
    } else {
      push('attachment', f.key);
    }
  }
}

/**
 * Store the files sent with the form of an existing document (checked by content, images
 * re-encoded) and add their keys to the form values, so that the save — or the form shown again
 * after an error — refers to them. Files are kept even if the save is then refused: nothing
 * sent is lost.
 */
export async function acceptFormFiles(
  deps: Deps,
  viewer: Viewer | null,
  view: DocumentView,
  values: FormValues,
  files: FormFiles,
): Promise<void> {
  if (Object.keys(files).length === 0) {
    return;
  }
  if (!viewer || !canEditDocument(viewer, view.facts)) {
    throw forbidden('not in the team');
  }
  const prepared = await prepareUploads(deps, files);
  await recordUploads(deps.db, view.doc.id, viewer.id, prepared);
  addUploadsToValues(values, prepared);
}

/**
 * Give a document a cover picture from bytes (an image checked and re-encoded like an upload):
 * recorded as its file, then saved as a new revision with that cover.
 */
export async function setCover(deps: Deps, viewer: Viewer, view: DocumentView, bytes: Buffer, name: string, change: string): Promise<void> {
  if (!canEditDocument(viewer, view.facts)) {
    throw forbidden('not in the team');
  }
  const file = await prepareImage(deps, bytes, name, { kind: 'cover' });
  await recordUploads(deps.db, view.doc.id, viewer.id, [file]);
  await saveDocument(deps, viewer, view.doc.id, { content: { ...view.doc.content, coverKey: file.key }, change, base: view.doc.revision });
}

export const listDocumentFiles = (deps: Deps, documentId: string) => repo.listFiles(deps.db, documentId);
