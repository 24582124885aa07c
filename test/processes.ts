import { type ChildProcess, spawn } from 'node:child_process';

export interface AppProcess {
  proc: ChildProcess;
  url: string;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** The app as `npm start` runs it (src/main.ts through tsx), answering on `port` once it says so. */
export function startAppProcess(port: number, env: Record<string, string | undefined>): Promise<AppProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Tisserin is listening')) {
        clearInterval(timer);
        resolve({
          proc,
          url: `http://127.0.0.1:${port}`,
          output: () => out,
          async stop() {
            if (proc.exitCode === null) {
              proc.kill('SIGTERM');
            }
            return exited;
          },
        });
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`exited with ${code}: ${out}`));
    });
  });
}

/** A port in 3400–3649 (clear of the ports fetch refuses as unsafe). */
export const randomPort = () => 3400 + Math.floor(Math.random() * 250);

/** A cookie jar for fetch, as a browser would keep one per site. */
export class Jar {
  readonly cookies = new Map<string, string>();

  keep(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return res;
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
