import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** The server as `npm start` runs it: the dist/ bundle, same flags and environment prefix, its own process. */
export async function startBenchServer(env: NodeJS.ProcessEnv, base: string): Promise<ChildProcess> {
  spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const startWords = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ');
  const isEnv = (w: string) => /^[A-Z_]+=/.test(w);
  const prefix = Object.fromEntries(startWords.filter(isEnv).map((w) => w.split('=') as [string, string]));
  const startFlags = startWords.filter((w) => !isEnv(w)).slice(1);
  const server = spawn(process.execPath, startFlags, { env: { ...env, ...prefix }, stdio: ['ignore', 'pipe', 'inherit'] });
  // Its log lines are read and dropped: a pipe nobody reads would fill up and stall the server.
  server.stdout?.resume();
  await new Promise<void>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    // The server logs at warn: poll instead of waiting for a line.
    const poll = setInterval(() => {
      fetch(`${base}/healthz`).then(
        (r) => {
          if (r.ok) {
            clearInterval(poll);
            resolve();
          }
        },
        () => {},
      );
    }, 200);
  });
  return server;
}

/** CPU time (user + system, every thread) the process has used, in ms. */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of /proc/pid/stat (11 and 12 after the command name), in clock ticks (100 per second).
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
}
