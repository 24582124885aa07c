import type { Deps } from '../../deps.ts';
import { forbidden } from '../../lib/errors.ts';
import { checkPdf, processIllustration, thumbKeyOf } from '../../lib/images.ts';
import type { FormFiles, FormValues } from '../../lib/request-body.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { canEditDocument } from './documents.policy.ts';
import * as repo from './documents.repo.ts';
import type { DocumentView } from './documents.service.ts';
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

async function store(deps: Deps, viewer: Viewer, documentId: string, file: File, as: 'image' | 'pdf') {
  const bytes = Buffer.from(await file.arrayBuffer());
  const max = deps.config.uploadMaxBytes;
  if (as === 'image') {
    const image = await processIllustration(bytes, max);
    const key = await deps.uploads.put(image.bytes, '.webp');
    await deps.uploads.putAs(thumbKeyOf(key), image.thumb);
    await repo.insertFile(deps.db, {
      documentId,
      storageKey: key,
      name: displayName(file.name || 'image'),
      mediaType: 'image/webp',
      bytes: image.bytes.length,
      width: image.width,
      height: image.height,
      uploadedBy: viewer.id,
    });
    return key;
  }
  checkPdf(bytes, max);
  const key = await deps.uploads.put(bytes, '.pdf');
  await repo.insertFile(deps.db, {
    documentId,
    storageKey: key,
    name: displayName(file.name),
    mediaType: 'application/pdf',
    bytes: bytes.length,
    uploadedBy: viewer.id,
  });
  return key;
}

/**
 * Store the files sent with the document form (checked by content, images re-encoded) and add
 * their keys to the form values, so that the save — or the form shown again after an error —
 * refers to them. Files are kept even if the save is then refused: nothing sent is lost.
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
  const documentId = view.doc.id;
  const push = (key: string, value: string) => {
    const current = values[key];
    values[key] = current === undefined ? [value] : Array.isArray(current) ? [...current, value] : [current, value];
  };
  for (const file of files[COVER_INPUT]?.slice(0, 1) ?? []) {
    values.coverKey = await store(deps, viewer, documentId, file, 'image');
  }
  for (let n = 1; n <= MAX_STEPS; n++) {
    for (const file of files[stepInput(n)]?.slice(0, 10) ?? []) {
      push('step_image', `${n}:${await store(deps, viewer, documentId, file, 'image')}`);
    }
  }
  for (const file of files[ATTACHMENT_INPUT]?.slice(0, 10) ?? []) {
    push('attachment', await store(deps, viewer, documentId, file, 'pdf'));
  }
}

export const listDocumentFiles = (deps: Deps, documentId: string) => repo.listFiles(deps.db, documentId);
