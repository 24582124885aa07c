import type { Deps } from '../../deps.ts';

/**
 * What each domain gives to the network's open dump: tables (a CSV and its Table Schema) and
 * files (Markdown, images, calendars). Domains register their own resources; the dump only
 * writes them out. Only public things go in: published, not hidden, no e-mail, no home.
 */

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'object' | 'array';

export interface TableField {
  name: string;
  type: FieldType;
  description?: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean; pattern?: string; maxLength?: number };
}

export type Cell = string | number | boolean | null | undefined | Date | object;

export interface TableResource {
  kind: 'table';
  /** Lower case, digits, "-": the Data Package resource name; the file is `<name>.csv`. */
  name: string;
  title: string;
  description: string;
  /** SPDX id or a name and its address. */
  licence: { name: string; path: string; title: string };
  fields: TableField[];
  primaryKey?: string[];
  /** A whole Table Schema to use instead of the one made from `fields` (the national schema). */
  schema?: object | string;
  rows(deps: Deps): AsyncIterable<Cell[]>;
  /** Ordering among resources (lower first). */
  order: number;
}

export interface FileResource {
  kind: 'files';
  name: string;
  title: string;
  description: string;
  licence: { name: string; path: string; title: string };
  /** Files under the archive's `<name>/` folder (or at its root when `root`). */
  files(deps: Deps): AsyncIterable<{ path: string; bytes: Uint8Array | string; mediatype: string }>;
  order: number;
}

export type DumpResource = TableResource | FileResource;

export const LICENCE_OUVERTE = {
  name: 'etalab-2.0',
  path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
  title: 'Licence Ouverte / Open Licence 2.0',
};

const resources = new Map<string, DumpResource>();

export function registerDumpResource(resource: DumpResource): void {
  resources.set(resource.name, resource);
}

export const dumpResources = (): DumpResource[] =>
  [...resources.values()].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
