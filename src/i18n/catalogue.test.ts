import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { translator } from './index.ts';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : /\.(ts|tsx)$/.test(d.name) && !d.name.includes('.test.') ? [p] : [];
  });
}

describe('message catalogues', () => {
  it('has every key used literally in the code, in French and English', () => {
    const missing: string[] = [];
    for (const file of sourceFiles(path.resolve('src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) {
        const key = m[1] ?? '';
        if (!(key in fr) || !(key in en)) {
          missing.push(`${path.relative('src', file)}: ${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const names = (m: unknown) => [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    for (const key of Object.keys(fr) as Array<keyof typeof fr>) {
      expect(names(en[key]), key).toEqual(names(fr[key]));
    }
  });

  it('formats plurals and numbers for each locale', () => {
    expect(translator('fr')('places.list.count', { count: 0 })).toBe('Aucun lieu trouvé');
    expect(translator('fr')('places.list.count', { count: 1 })).toBe('1 lieu trouvé');
    expect(translator('fr')('places.list.count', { count: 5000 })).toBe('5\u202f000 lieux trouvés');
    expect(translator('en')('places.list.count', { count: 5000 })).toBe('5,000 places found');
  });
});
