import { zipSync } from 'fflate';
import type { Deps } from '../../deps.ts';
import type { Translate } from '../../lib/i18n.ts';
import { toMarkdown } from './documents.presenter.ts';
import type { Contributor, DocumentRow } from './documents.repo.ts';

/**
 * A document as a Markdown file with its images next to it (README.md + images/), zipped:
 * what someone needs to republish it elsewhere under its licence.
 */
export async function exportZip(deps: Deps, doc: DocumentRow, contributors: Contributor[], url: string, t: Translate): Promise<Uint8Array> {
  const keys = new Set<string>();
  const imagePath = (key: string) => {
    keys.add(key);
    return `images/${key}`;
  };
  const markdown = toMarkdown(doc, contributors, url, t, imagePath);
  const files: Record<string, Uint8Array> = { 'README.md': new TextEncoder().encode(markdown) };
  for (const key of keys) {
    const bytes = await deps.uploads.read(key);
    if (bytes) {
      // WebP is already compressed: stored as is.
      files[`images/${key}`] = new Uint8Array(bytes);
    }
  }
  return zipSync(files, { level: 6, mtime: doc.updatedAt });
}
