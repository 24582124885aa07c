import cluster from 'node:cluster';
import { runProcesses } from './cluster.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { startServer } from './server.ts';

// Boot: config → database (PGlite or PostgreSQL) → migrations → demo data on first start → serve
// (PROCESSES > 1: this process starts that many, each of which boots as here).
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  if (config.processes > 1 && cluster.isPrimary) {
    runProcesses(config.processes, (message) => console.error(message));
    return;
  }
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(3);
    }
    throw err;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.error(`${signal} received: finishing requests in flight, then closing the database…`);
    const force = setTimeout(
      () => {
        console.error('shutdown took longer than 15 s after the drain delay: exiting');
        process.exit(1);
      },
      15_000 + config.shutdownDelaySeconds * 1000,
    );
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
