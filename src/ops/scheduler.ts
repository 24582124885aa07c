import os from 'node:os';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';

/** A piece of scheduled work: run every `everyMs`, by one process of all those sharing the database. */
export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** This process, as it signs its runs. */
export const RUNNER = `${os.hostname()}:${process.pid}`;

/**
 * Claim the run of `name` that is due: true for exactly one caller per interval, whatever the
 * number of processes asking at once (one UPDATE under the row's lock decides). The first
 * time a job is seen its clock starts, as a timer's would.
 */
export async function claimRun(db: DbOrTx, name: string, everyMs: number): Promise<string | null> {
  await db.execute(sql`insert into scheduled_jobs (name, last_run_at) values (${name}, now()) on conflict (name) do nothing`);
  // The time comes back as text: a JavaScript Date would drop its microseconds.
  const [claimed] = await queryRows<{ at: string }>(
    db,
    sql`update scheduled_jobs set last_run_at = now(), runs = runs + 1
        where name = ${name} and last_run_at <= now() - make_interval(secs => ${everyMs / 1000})
        returning last_run_at::text as at`,
  );
  return claimed?.at ?? null;
}

/**
 * Run `jobs` on their intervals (multiplied by `scale`, which tests shrink). Each process ticks;
 * the database says which one runs a job that is due. Every run is written to job_runs.
 */
export function startScheduler(db: DbOrTx, jobs: Job[], opts: { logger: Logger; scale?: number }): { stop(): Promise<void> } {
  const scale = opts.scale ?? 1;
  const running = new Map<string, Promise<void>>();
  const shortest = Math.min(...jobs.map((j) => j.everyMs * scale));
  const tickMs = Math.max(50, Math.min(30_000, Math.floor(shortest / 4)));
  let stopped = false;

  const runJob = async (job: Job) => {
    // The claim's own time (the database's clock) is the run's start: two runs of a job are
    // never closer than its interval, whichever processes made them.
    const startedAt = await claimRun(db, job.name, job.everyMs * scale);
    if (!startedAt) {
      return;
    }
    let error: string | null = null;
    try {
      await job.run();
    } catch (err) {
      error = (err as Error).message ?? String(err);
      opts.logger.error({ err: error, job: job.name }, 'scheduled job failed');
    }
    await db.execute(
      sql`insert into job_runs (name, runner, started_at, finished_at, error) values (${job.name}, ${RUNNER}, ${startedAt}::timestamptz, now(), ${error})`,
    );
    opts.logger.debug({ job: job.name }, 'scheduled job ran');
  };

  const tick = () => {
    for (const job of jobs) {
      if (stopped || running.has(job.name)) {
        continue;
      }
      const p = runJob(job)
        .catch((err: unknown) => opts.logger.warn({ err: (err as Error).message, job: job.name }, 'could not claim a scheduled job'))
        .finally(() => running.delete(job.name));
      running.set(job.name, p);
    }
  };
  const timer = jobs.length > 0 ? setInterval(tick, tickMs) : undefined;
  timer?.unref();
  return {
    async stop() {
      stopped = true;
      if (timer) {
        clearInterval(timer);
      }
      await Promise.allSettled([...running.values()]);
    },
  };
}

/** Runs older than this are forgotten. */
export async function purgeOldJobRuns(db: DbOrTx): Promise<void> {
  await db.execute(sql`delete from job_runs where started_at < now() - interval '30 days'`);
}
