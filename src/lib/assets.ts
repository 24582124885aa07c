import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project-root.ts';

/** A built file served under a content-hashed name with a year-long cache. */
export interface Asset {
  body: Uint8Array;
  contentType: string;
}

export interface AssetManifest {
  /** Public URLs by logical name. */
  urls: { css: string; mapJs: string; mapCss: string; suggestJs: string; editorJs: string; basemap: string };
  files: Map<string, Asset>;
}

const SRC = path.join(projectRoot(), 'src');

const ENTRIES = {
  css: { entry: 'views/styles.css', ext: 'css', type: 'text/css; charset=utf-8' },
  mapJs: { entry: 'islands/map.ts', ext: 'js', type: 'text/javascript; charset=utf-8' },
  mapCss: { entry: 'islands/map.css', ext: 'css', type: 'text/css; charset=utf-8' },
  suggestJs: { entry: 'islands/suggest.ts', ext: 'js', type: 'text/javascript; charset=utf-8' },
  editorJs: { entry: 'islands/editor.ts', ext: 'js', type: 'text/javascript; charset=utf-8' },
} as const;

/** Data files served as they are (not bundled): the map's offline base map. */
const COPIES = {
  basemap: { entry: 'islands/data/france-basemap.json', ext: 'json', type: 'application/json' },
} as const;

// Set to true by scripts/build.mjs in the dist/ bundle, where the assets are already built.
declare const __PREBUILT_ASSETS__: boolean | undefined;

let building: Promise<AssetManifest> | undefined;

/** Assets written by scripts/build.mjs next to the server bundle. */
function loadPrebuilt(): AssetManifest {
  const dir = path.join(projectRoot(), 'dist', 'assets');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<
    keyof AssetManifest['urls'],
    { file: string; type: string }
  >;
  const files = new Map<string, Asset>();
  const urls = {} as AssetManifest['urls'];
  for (const [name, entry] of Object.entries(manifest) as Array<[keyof AssetManifest['urls'], { file: string; type: string }]>) {
    files.set(entry.file, { body: new Uint8Array(fs.readFileSync(path.join(dir, entry.file))), contentType: entry.type });
    urls[name] = `/assets/${entry.file}`;
  }
  return { urls, files };
}

/**
 * Bundle the stylesheet and the islands with esbuild, once per process, in memory: the only
 * client code there is, minified, each under a name that changes with its content.
 */
export function buildAssets(): Promise<AssetManifest> {
  if (typeof __PREBUILT_ASSETS__ !== 'undefined' && __PREBUILT_ASSETS__) {
    building ??= Promise.resolve(loadPrebuilt());
    return building;
  }
  building ??= (async () => {
    const esbuild = await import('esbuild');
    const files = new Map<string, Asset>();
    const urls = {} as AssetManifest['urls'];
    for (const [name, spec] of Object.entries(ENTRIES) as Array<[keyof typeof ENTRIES, (typeof ENTRIES)[keyof typeof ENTRIES]]>) {
      const result = await esbuild.build({
        entryPoints: [path.join(SRC, spec.entry)],
        bundle: true,
        minify: true,
        write: false,
        format: 'esm',
        target: 'es2020',
        loader: { '.png': 'dataurl', '.svg': 'dataurl' },
        outdir: 'out',
        legalComments: 'none',
        logLevel: 'silent',
      });
      const out = result.outputFiles.find((f) => f.path.endsWith(`.${spec.ext}`));
      if (!out) {
        throw new Error(`asset ${spec.entry} produced no .${spec.ext}`);
      }
      const hash = createHash('sha256').update(out.contents).digest('hex').slice(0, 12);
      const file = `${name.toLowerCase()}.${hash}.${spec.ext}`;
      files.set(file, { body: out.contents, contentType: spec.type });
      urls[name] = `/assets/${file}`;
    }
    for (const [name, spec] of Object.entries(COPIES) as Array<[keyof typeof COPIES, (typeof COPIES)[keyof typeof COPIES]]>) {
      const body = new Uint8Array(fs.readFileSync(path.join(SRC, spec.entry)));
      const file = `${name.toLowerCase()}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${spec.ext}`;
      files.set(file, { body, contentType: spec.type });
      urls[name] = `/assets/${file}`;
    }
    await esbuild.stop(); // the service process is not needed once the assets are in memory
    return { urls, files };
  })();
  return building;
}
