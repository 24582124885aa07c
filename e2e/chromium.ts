import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

/** Which Chromium the browser tests drive, and how to start it. */
export interface ChromiumChoice {
  executablePath: string;
  /** Extra environment for the browser process (the npm Chromium's own libraries). */
  env: Record<string, string>;
  source: 'CHROMIUM_PATH' | 'system' | 'npm';
}

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * `CHROMIUM_PATH` when set; else Debian's Chromium when installed (what `.ci/run` installs);
 * else the headless Chromium shipped inside the `@sparticuz/chromium` npm package, unpacked into
 * the temporary directory (~1 s, once), with the few libraries it needs that a bare machine
 * lacks (NSS, NSPR, expat) taken from the same package. `CHROMIUM_PATH=npm` forces the latter,
 * to try on a machine that has a system Chromium what a bare machine gets.
 */
export async function findChromium(): Promise<ChromiumChoice> {
  const wanted = process.env.CHROMIUM_PATH;
  if (wanted && wanted !== 'npm') {
    return { executablePath: wanted, env: {}, source: 'CHROMIUM_PATH' };
  }
  if (wanted !== 'npm') {
    const system = SYSTEM_CANDIDATES.find((p) => isExecutable(p));
    if (system) {
      return { executablePath: system, env: {}, source: 'system' };
    }
  }
  const { default: Chromium } = await import('@sparticuz/chromium');
  const executablePath = await Chromium.executablePath();
  const libRoot = path.join(os.tmpdir(), 'al2023');
  const libDir = path.join(libRoot, 'lib');
  if (!fs.existsSync(path.join(libDir, 'libnss3.so'))) {
    fs.mkdirSync(libRoot, { recursive: true });
    const binDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..', 'bin');
    const archive = brotliDecompressSync(fs.readFileSync(path.join(binDir, 'al2023.tar.br')));
    const untar = spawnSync('tar', ['-x', '-C', libRoot], { input: archive });
    if (untar.status !== 0) {
      throw new Error(`could not unpack the npm Chromium's libraries: ${untar.stderr}`);
    }
  }
  const ld = [libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { executablePath, env: { LD_LIBRARY_PATH: ld, FONTCONFIG_PATH: path.join(os.tmpdir(), 'fonts') }, source: 'npm' };
}
