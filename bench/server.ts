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
  // One search first: with SEARCH_ENGINE=memory it waits for the index to be built (the server
  // builds it in the background at start), which must not be measured as page views.
  await (await fetch(`${base}/api/v1/search?q=atelier`)).arrayBuffer();
  return server;
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), or null once gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Every process: pid, parent pid and command name (as ps would list them). */
function processes(): Array<{ pid: number; ppid: number; comm: string }> {
  const list: Array<{ pid: number; ppid: number; comm: string }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (/^\d+$/.test(entry)) {
      const fields = statFields(Number(entry));
      const comm = fs.existsSync(`/proc/${entry}/comm`) ? fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() : '';
      if (fields) {
        list.push({ pid: Number(entry), ppid: Number(fields[1]), comm });
      }
    }
  }
  return list;
}

/** `pid` and every process below it (PROCESSES > 1: the app processes the first one started). */
export function processTree(pid: number): number[] {
  const all = processes();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    tree.push(...all.filter((p) => p.ppid === tree[i]).map((p) => p.pid));
  }
  return tree;
}

/** The PostgreSQL server's processes (its CPU counts with the app's in PostgreSQL mode). */
export function postgresProcesses(): number[] {
  return processes()
    .filter((p) => p.comm === 'postgres')
    .map((p) => p.pid);
}

/**
 * CPU time (user + system, every thread) of these processes, in ms, with that of their children
 * that have ended (an app process replaced, a PostgreSQL backend that closed).
 */
export function cpuMs(pids: number | number[]): number {
  let ticks = 0;
  for (const pid of Array.isArray(pids) ? pids : [pids]) {
    const f = statFields(pid);
    // utime, stime, cutime, cstime: fields 14–17 of /proc/pid/stat (11–14 after the command name), in ticks of 10 ms.
    ticks += f ? Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) : 0;
  }
  return ticks * 10;
}

/** Peak resident memory of these processes, summed (an upper bound: shared pages count in each). */
export function peakRssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return kb / 1024;
}

/**
 * The environment of a bench server on a network seeded by `npm run bench`: BENCH_DATA_DIR, and
 * BENCH_DATABASE_URL to serve the same data from a PostgreSQL server (PROCESSES passes through).
 */
export function benchEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    BACKUP_INTERVAL_HOURS: '0',
  };
}

/** Whose CPU counts: the server's processes and, with a PostgreSQL server, the database's. */
export const serverAndDatabase = (server: ChildProcess, env: NodeJS.ProcessEnv) => () => [
  ...processTree(server.pid ?? 0),
  ...(env.DATABASE_URL ? postgresProcesses() : []),
];
