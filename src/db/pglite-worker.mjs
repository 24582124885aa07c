// The embedded database in its own thread (see pglite-thread.ts, the other end).
//
// Plain JavaScript on purpose: a worker thread starts without tsx or Vite, from the sources
// (tests, `npm run dev`) as from dist/ (`npm start`, where the build copies this file).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, protocol, types } from '@electric-sql/pglite';
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

// Reads of 200 characters or more (nearly all of a page's, a search's ranking) are kept
// prepared: parsing and analysing a search's 7 KB statement cost 3–5 ms each time, more than
// planning it, and a page's reads together ~0.5 ms. A prepared read is planned once, for any
// values (a generic plan): a project page's one read of ten parts took ~4 ms to plan in this
// WebAssembly build, each time, for a plan of key lookups that never changes with the values
// (long tail, project pages: 186 → 320 req/s, CPU 8.8 → 4.8 ms). PostgreSQL's own choice
// ("auto") kept planning them: a custom plan for a list of one id looks cheaper than the generic
// one's guess of ten. A read whose best plan does depend on its values (the search's ranking)
// asks for custom plans in its settings. The 32 last used are kept: each holds its parsed form
// in the database's memory, which never shrinks (128 cost ~20 MB more peak RSS on the long
// tail, for no measurable speed).
await pg.exec('set plan_cache_mode = force_generic_plan');
const PREPARED_LIMIT = 32;
const prepared = new Map(); // SQL text → { name, types } (least recently used first)
let preparedCount = 0;
const { serialize } = protocol;

function worthPreparing(sql) {
  // A union of parenthesised selects (a search's titles and snippets) is a read too.
  return sql.length >= 200 && /^[\s(]*(select|with)\b/i.test(sql);
}

async function send(message) {
  return (await pg.execProtocol(message, { syncToFs: false })).messages;
}

/** The statement's rows, as PGlite's query would give them (same parsers). */
function resultOf(messages, rowMode) {
  let fields = [];
  const rows = [];
  for (const m of messages) {
    if (m.name === 'rowDescription') {
      fields = m.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    } else if (m.name === 'dataRow') {
      const values = m.fields.map((v, i) => {
        if (v === null) {
          return null;
        }
        const type = fields[i].dataTypeID;
        const parse = PARSERS[type] ?? pg.parsers[type];
        return parse ? parse(v, type) : v;
      });
      rows.push(rowMode === 'array' ? values : Object.fromEntries(values.map((v, i) => [fields[i].name, v])));
    }
  }
  return { rows, fields, affectedRows: 0 };
}

/** One execution through the named statement (prepared first if it is not yet). */
async function executePrepared(sql, params, rowMode) {
  const messages = [];
  try {
    let entry = prepared.get(sql);
    if (entry) {
      prepared.delete(sql);
    } else {
      const name = `tisserin_${++preparedCount}`;
      await send(serialize.parse({ name, text: sql, types: [] }));
      const described = await send(serialize.describe({ type: 'S', name }));
      entry = { name, types: described.find((m) => m.name === 'parameterDescription')?.dataTypeIDs ?? [] };
      if (prepared.size >= PREPARED_LIMIT) {
        const [oldest, old] = prepared.entries().next().value;
        prepared.delete(oldest);
        await send(serialize.close({ type: 'S', name: old.name }));
      }
    }
    prepared.set(sql, entry);
    const values = params.map((v, i) => {
      if (v === null || v === undefined) {
        return null;
      }
      const serializer = pg.serializers[entry.types[i]];
      return serializer ? serializer(v) : v.toString();
    });
    messages.push(...(await send(serialize.bind({ statement: entry.name, values }))));
    messages.push(...(await send(serialize.describe({ type: 'P' }))));
    messages.push(...(await send(serialize.execute({}))));
  } finally {
    await send(serialize.sync());
  }
  return resultOf(messages, rowMode);
}

/**
 * Run a read through a named prepared statement; the caller holds PGlite's transaction lock.
 * A statement whose tables changed shape since it was prepared ("cached plan must not change
 * result type") is prepared again, once.
 */
function runPrepared(sql, params, rowMode) {
  return pg.runExclusive(async () => {
    try {
      return await executePrepared(sql, params, rowMode);
    } catch (err) {
      if (err?.code !== '0A000' || !prepared.has(sql)) {
        throw err;
      }
      const stale = prepared.get(sql);
      prepared.delete(sql);
      await send(serialize.close({ type: 'S', name: stale.name }));
      await send(serialize.sync());
      return executePrepared(sql, params, rowMode);
    }
  });
}

/**
 * A read with planner settings for it alone: settings and read in one transaction, run here
 * in one go — not statement by statement from the server's thread, which would keep the
 * database locked (and idle) between them.
 */
function queryWithSettings(settings, sql, params, rowMode) {
  const names = Object.keys(settings);
  return pg.transaction(async (tx) => {
    await tx.query(
      `select ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
      names.flatMap((n) => [n, settings[n]]),
    );
    return queryIn(tx, sql, params, rowMode);
  });
}

/** A query in an open transaction (`tx`: its lock is held), prepared when it is worth it. */
function queryIn(tx, sql, params, rowMode) {
  return worthPreparing(sql) ? runPrepared(sql, params, rowMode) : tx.query(sql, params, { rowMode, parsers: PARSERS });
}

/** A query outside any transaction (taking PGlite's transaction lock) or in one (`txId`). */
function query(txId, sql, params, rowMode) {
  if (txId !== undefined) {
    return queryIn(target(txId), sql, params, rowMode);
  }
  return worthPreparing(sql)
    ? pg._runExclusiveTransaction(() => runPrepared(sql, params, rowMode))
    : pg.query(sql, params, { rowMode, parsers: PARSERS });
}

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
        reply(
          id,
          msg.settings
            ? queryWithSettings(msg.settings, msg.sql, msg.params, msg.rowMode)
            : query(msg.tx, msg.sql, msg.params, msg.rowMode),
        );
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
