import { diffWordsWithSpace } from 'diff';
import type { DocumentContent } from './documents.content.ts';
import { textParts } from './documents.content.ts';
import type { DocumentKind } from './documents.schema.ts';

export interface Change {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export interface PartDiff {
  key: string;
  changes: Change[];
}

export interface FieldChange {
  key: string;
  before: string;
  after: string;
}

/** Fields outside the text, compared as values ("Statut : idée → en cours"). */
const FIELDS = [
  'status',
  'licence',
  'levels',
  'disciplines',
  'audiences',
  'duration',
  'groupSize',
  'materials',
  'budget',
  'coverKey',
  'attachments',
] as const;
const LINK_FIELDS = ['placeIds', 'communityIds', 'skillIds', 'toolIds'] as const;

const asText = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : v == null ? '' : String(v));

/**
 * A readable diff between two revisions: word by word (whitespace and line breaks kept, so
 * Markdown stays readable) for each text part that changed, and before/after for the others.
 * A pathological pair (huge rewrite) falls back to "all removed, all added" rather than
 * spending seconds.
 */
export function diffContents(kind: DocumentKind, before: DocumentContent, after: DocumentContent) {
  const a = textParts(kind, before);
  const b = textParts(kind, after);
  const parts: PartDiff[] = [];
  for (const [i, part] of b.entries()) {
    const old = a[i]?.text ?? '';
    if (old === part.text) {
      continue;
    }
    const changes = diffWordsWithSpace(old, part.text, { timeout: 1000 }) as Change[] | undefined;
    parts.push({
      key: part.key,
      changes: changes ?? [
        { value: old, removed: true },
        { value: part.text, added: true },
      ],
    });
  }
  const fields: FieldChange[] = [];
  for (const key of [...FIELDS, ...LINK_FIELDS]) {
    const x = asText(before[key]);
    const y = asText(after[key]);
    if (x !== y) {
      fields.push({ key, before: x, after: y });
    }
  }
  return { parts, fields };
}
