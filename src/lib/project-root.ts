import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The project's directory (where package.json is), found from this file's location, so paths
 * to migrations and sources hold both when run from src/ (tsx) and from the dist/ bundle.
 */
export function projectRoot(): string {
  if (!root) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'migrations'))) {
      const parent = path.dirname(dir);
      if (parent === dir) {
        throw new Error('Tisserin project directory not found');
      }
      dir = parent;
    }
    root = dir;
  }
  return root;
}
