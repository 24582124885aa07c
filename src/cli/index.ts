import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { bootstrap } from '../bootstrap.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { isEmpty, type SeedSize, SIZES, seedNetwork } from '../demo/seed.ts';
import { createAdmin } from '../domains/accounts/accounts.service.ts';
import { placesCsv, placesGeoJson } from '../domains/places/places.export.ts';
import { runSocialChores } from '../domains/social/social.service.ts';
import { randomToken } from '../lib/crypto.ts';
import { createLogger } from '../lib/logger.ts';
import { createDiskUploadStore } from '../lib/uploads.ts';
import { restoreBackup, writeBackup } from '../ops/backup.ts';
import { moveUploadsToDatabase } from '../ops/database-uploads.ts';
import { importCommand } from './import.ts';

const HELP = `Usage: npx tisserin <command> [options]

Commands:
  migrate                         apply database migrations
  seed [--size demo|large] [--force]
                                  load a generated network (demo: 52 places, 160 members,
                                  6 calls; large: 5,000 places, 50,000 members); refuses a
                                  non-empty database unless --force
  create-admin --email E [--name N] [--password P]
                                  create an administrator (or promote an existing account);
                                  without --password one is generated and printed
  import FILE --source NAME [--kind K] [--dry-run] [--report OUT.csv]
         [--encoding auto|utf-8|windows-1252] [--header auto|yes|no] [--separator ';'|','|tab|'|']
         [--map field=column ...] [--duplicates skip|new|merge]
                                  import places from a CSV, JSON or GeoJSON file: columns
                                  suggested (or the source's saved mapping), rows cleaned and
                                  checked against the places there; --dry-run writes only the
                                  report. The same file again updates instead of duplicating.
  dump [--out FILE]               write the open dump (ZIP with datapackage.json) now, as the
                                  server does every night; --out copies it there too
  restore-dump FILE               load an open dump (from /donnees or \`dump\`) into an empty
                                  instance: places, projects and guides with their history,
                                  images and authors' names, publications, tools
  export [--out DIR]              write the open data (places.geojson, places.csv) to DIR
  backup [--out FILE]             write a full backup (database and uploads)
  restore FILE [--force]          replace everything with a backup (same Tisserin version)
  digest                          send the notification digests that are due now (the server
                                  does this by itself every quarter hour)
  uploads-to-database             move the files stored in DATA_DIR/uploads into the database
                                  (after switching to UPLOAD_STORE=database; can be run again)

Environment: DATA_DIR, DATABASE_URL… (see README). With the embedded database, the server must
be stopped first: one process at a time may open the data directory.`;

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      size: { type: 'string', default: 'demo' },
      force: { type: 'boolean', default: false },
      email: { type: 'string' },
      name: { type: 'string', default: 'Administration' },
      password: { type: 'string' },
      out: { type: 'string' },
      source: { type: 'string' },
      kind: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      report: { type: 'string' },
      encoding: { type: 'string', default: 'auto' },
      header: { type: 'string', default: 'auto' },
      separator: { type: 'string', default: 'auto' },
      map: { type: 'string', multiple: true },
      duplicates: { type: 'string', default: 'skip' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, arg] = positionals;
  if (!command || values.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  if (
    ![
      'migrate',
      'seed',
      'create-admin',
      'import',
      'dump',
      'restore-dump',
      'export',
      'backup',
      'restore',
      'digest',
      'uploads-to-database',
    ].includes(command)
  ) {
    console.error(`Unknown command "${command}".\n\n${HELP}`);
    return 2;
  }
  const deps = await bootstrap(config, { holder: `cli ${command}`, logger });
  try {
    switch (command) {
      case 'migrate':
        console.log(`Database up to date (${deps.database.kind}).`);
        return 0;
      case 'seed': {
        if (!(values.size in SIZES)) {
          console.error(`--size must be one of: ${Object.keys(SIZES).join(', ')}`);
          return 2;
        }
        if (!values.force && !(await isEmpty(deps))) {
          console.error('The database is not empty; use --force to add a generated network anyway.');
          return 1;
        }
        const started = Date.now();
        const counts = await seedNetwork(deps, values.size as SeedSize, values.force ? Date.now() % 100_000 : undefined);
        console.log(`Seeded ${counts.places} places and ${counts.members} members in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        return 0;
      }
      case 'create-admin': {
        if (!values.email) {
          console.error('--email is required');
          return 2;
        }
        const password = values.password ?? randomToken(15);
        const result = await createAdmin(deps, { email: values.email, displayName: values.name ?? 'Administration', password });
        console.log(
          result === 'created'
            ? `Administrator created: ${values.email}${values.password ? '' : ` / password: ${password}`}`
            : `${values.email} is now an administrator.`,
        );
        return 0;
      }
      case 'import':
        return await importCommand(deps, arg, values);
      case 'dump': {
        await import('../app.tsx'); // the domains register what goes into the dump
        const { writeDump, dumpDir, DUMP_FILE } = await import('../domains/opendata/opendata.dump.ts');
        const info = await writeDump(deps);
        const file = path.join(dumpDir(deps), DUMP_FILE);
        if (values.out) {
          fs.copyFileSync(file, path.resolve(values.out));
        }
        console.log(
          `Open dump written: ${values.out ? path.resolve(values.out) : file} (${(info.bytes / 1_048_576).toFixed(1)} MiB, ${info.resources.length} resources, ${info.seconds} s).`,
        );
        return 0;
      }
      case 'restore-dump': {
        if (!arg || !fs.existsSync(arg)) {
          console.error('restore-dump needs the path of an open dump (tisserin-donnees.zip)');
          return 2;
        }
        if (!(await isEmpty(deps))) {
          console.error('The instance is not empty: an open dump is loaded into an empty one (a fresh DATA_DIR or database).');
          return 1;
        }
        await import('../app.tsx');
        const { restoreDump } = await import('../domains/opendata/opendata.restore.ts');
        const started = Date.now();
        const r = await restoreDump(deps, path.resolve(arg), (step) => process.stderr.write(`… ${step}\n`));
        console.log(
          `Restored in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.places} places (${r.photos} photos), ${r.documents} projects and guides (${r.revisions} revisions, ${r.authors} authors), ${r.publications} publications, ${r.tools} tools.`,
        );
        return 0;
      }
      case 'export': {
        const dir = path.resolve(values.out ?? path.join(config.dataDir, 'export'));
        fs.mkdirSync(dir, { recursive: true });
        await pipeline(Readable.from(placesGeoJson(deps)), fs.createWriteStream(path.join(dir, 'places.geojson')));
        await pipeline(Readable.from(placesCsv(deps)), fs.createWriteStream(path.join(dir, 'places.csv')));
        console.log(`Open data written to ${dir} (places.geojson, places.csv).`);
        return 0;
      }
      case 'backup': {
        const file = path.resolve(
          values.out ?? path.join(config.dataDir, 'backups', `tisserin-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl.gz`),
        );
        const r = await writeBackup(deps, file);
        console.log(
          `Backup written: ${file} (${r.tables} tables, ${r.rows} rows, ${r.uploads} files, ${(r.bytes / 1024).toFixed(0)} KiB).`,
        );
        return 0;
      }
      case 'restore': {
        if (!arg || !fs.existsSync(arg)) {
          console.error('restore needs the path of a backup file');
          return 2;
        }
        if (!values.force && !(await isEmpty(deps))) {
          console.error('The database is not empty: restoring replaces everything in it. Run again with --force to do so.');
          return 1;
        }
        const r = await restoreBackup(deps, path.resolve(arg));
        console.log(`Restored ${r.rows} rows and ${r.uploads} files from ${arg}.`);
        return 0;
      }
      case 'uploads-to-database': {
        const r = await moveUploadsToDatabase(deps.db, createDiskUploadStore(path.join(config.dataDir, 'uploads')));
        console.log(`${r.moved} file(s) moved into the database (${(r.bytes / 1048576).toFixed(1)} MiB).`);
        return 0;
      }
      case 'digest': {
        const sent = await runSocialChores(deps);
        console.log(`${sent} digest e-mail(s) sent (mail: ${deps.mailer.mode}).`);
        return 0;
      }
    }
    return 2;
  } finally {
    await deps.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof DataDirLockedError || err instanceof ConfigError) {
      console.error(err.message);
      process.exit(3);
    }
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
