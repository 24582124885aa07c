// The embedded database in its own thread (see pglite-thread.ts, the other end).
//
// Plain JavaScript on purpose: a worker thread starts without tsx or Vite, from the sources
// (tests, `npm run dev`) as from dist/ (`npm start`, where the build copies this file).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/**
 * Dates, intervals and their arrays come back as text, as Drizzle's PGlite driver asks (it parses
 * them per column itself); JSON too, parsed by the server's thread (a string crosses threads in one
 * copy, where a parsed document is cloned object by object — and this thread is the busier one);
 * every other type with PGlite's own parsers.
 */
const keep = (value) => value;
const PARSERS = {
  [types.JSON]: keep,
  [types.JSONB]: keep,
  [types.TIMESTAMP]: keep,
  [types.TIMESTAMPTZ]: keep,
  [types.INTERVAL]: keep,
  [types.DATE]: keep,
  1231: keep, // numeric[]
  1115: keep, // timestamp[]
  1185: keep, // timestamptz[]
  1187: keep, // interval[]
  1182: keep, // date[]
};

const { dataDir, loadDataDir, postgresqlconf } = workerData;
const extensions = { pg_trgm, unaccent };
const pg = dataDir
  ? await PGlite.create(dataDir, { extensions, postgresqlconf })
  : await PGlite.create({ loadDataDir: loadDataDir ? new Blob([loadDataDir]) : undefined, extensions });

/** Open transactions by id: the handle PGlite gave, and how to end it. */
const open = new Map();
const ROLLBACK = Symbol('rollback');

/** An error as data: its message and the PostgreSQL fields (code, constraint, detail…). */
function errorData(err) {
  const fields = {};
  for (const [key, value] of Object.entries(err ?? {})) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      fields[key] = value;
    }
  }
  return { message: err?.message ?? String(err), name: err?.name ?? 'Error', fields };
}

function reply(id, promise) {
  promise.then(
    (result) => parentPort.postMessage({ id, ok: true, result }),
    (err) => parentPort.postMessage({ id, ok: false, error: errorData(err) }),
  );
}

function target(txId) {
  if (txId === undefined) {
    return pg;
  }
  const entry = open.get(txId);
  if (!entry) {
    throw new Error(`transaction ${txId} is not open`);
  }
  return entry.tx;
}

function begin(id) {
  let ended;
  const done = pg.transaction(
    (tx) =>
      new Promise((resolve, reject) => {
        open.set(id, { tx, resolve, reject, ended: (endId) => (ended = endId) });
        parentPort.postMessage({ id, ok: true, result: id });
      }),
  );
  done.then(
    () => parentPort.postMessage({ id: ended, ok: true }),
    (err) => {
      // Asked to roll back: done as asked. Anything else (BEGIN or COMMIT failed) is an error.
      const message = err === ROLLBACK ? { id: ended, ok: true } : { id: ended ?? id, ok: false, error: errorData(err) };
      parentPort.postMessage(message);
    },
  );
}

function end(id, txId, commit) {
  const entry = open.get(txId);
  if (!entry) {
    parentPort.postMessage({ id, ok: false, error: errorData(new Error(`transaction ${txId} is not open`)) });
    return;
  }
  open.delete(txId);
  entry.ended(id);
  if (commit) {
    entry.resolve();
  } else {
    entry.reject(ROLLBACK);
  }
}

parentPort.on('message', (msg) => {
  const { id, op } = msg;
  try {
    switch (op) {
      case 'query':
        reply(id, target(msg.tx).query(msg.sql, msg.params, { rowMode: msg.rowMode, parsers: PARSERS }));
        break;
      case 'exec':
        reply(id, target(msg.tx).exec(msg.sql, { parsers: PARSERS }));
        break;
      case 'begin':
        begin(id);
        break;
      case 'end':
        end(id, msg.tx, msg.commit);
        break;
      case 'close':
        reply(id, pg.close());
        break;
      default:
        parentPort.postMessage({ id, ok: false, error: errorData(new Error(`unknown operation ${op}`)) });
    }
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: errorData(err) });
  }
});

parentPort.postMessage({ ready: true });
