import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

/** Another process holding the lock until killed. */
function holder(dir: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('${path.resolve('src/db/data-dir-lock.ts')}').then(m => { m.acquireDataDirLock(${JSON.stringify(dir)}, 'server'); console.log('held'); setInterval(() => {}, 1000); })`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise<typeof child>((resolve) => child.stdout.once('data', () => resolve(child)));
}

describe('data directory lock', () => {
  it('refuses a second process while the first one lives, naming it', async () => {
    const dir = tmp();
    const child = await holder(dir);
    try {
      expect(() => acquireDataDirLock(dir, 'cli backup')).toThrow(DataDirLockedError);
      try {
        acquireDataDirLock(dir, 'cli backup');
      } catch (err) {
        expect((err as Error).message).toContain(String(child.pid));
        expect((err as Error).message).toContain('server');
      }
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that died (kill -9)', async () => {
    const dir = tmp();
    const child = await holder(dir);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const lock = acquireDataDirLock(dir, 'server');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'tisserin.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(path.join(dir, 'tisserin.lock'))).toBe(false);
  });
});
