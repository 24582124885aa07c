import cluster from 'node:cluster';

/**
 * Several app processes on one port (node:cluster: the first process hands connections to the
 * others in turn). Each is a whole server: sessions, caches (kept coherent by LISTEN/NOTIFY),
 * scheduled jobs (claimed in the database) and sign-in limits (counted in the database) already
 * work across processes. This process only starts them, starts a new one when one dies, and
 * passes SIGTERM on: each drains and stops; this one exits when they all have.
 */
export function runProcesses(count: number, log: (message: string) => void): void {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) {
    fork();
  }
  log(`Tisserin: ${count} processus sur la même base PostgreSQL`);
  let restartsThisMinute = 0;
  setInterval(() => {
    restartsThisMinute = 0;
  }, 60_000).unref();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        process.exit(0);
      }
      return;
    }
    log(`process ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    // A process that dies at once (bad configuration, database unreachable) would be restarted
    // forever: past ten in a minute, stop and let the supervisor report it.
    restartsThisMinute += 1;
    if (restartsThisMinute > 10) {
      log('processes keep stopping: giving up');
      process.exit(1);
    }
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) {
      worker?.process.kill(signal);
    }
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
