import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** A built file served under a content-hashed name with a year-long cache. */
export interface Asset {
  body: Uint8Array;
  contentType: string;
}

export interface AssetManifest {
  /** Public URLs by logical name. */
  urls: { css: string; mapJs: string; mapCss: string };
  files: Map<string, Asset>;
}

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ENTRIES = {
  css: { entry: 'views/styles.css', ext: 'css', type: 'text/css; charset=utf-8' },
  mapJs: { entry: 'islands/map.ts', ext: 'js', type: 'text/javascript; charset=utf-8' },
  mapCss: { entry: 'islands/map.css', ext: 'css', type: 'text/css; charset=utf-8' },
} as const;

let building: Promise<AssetManifest> | undefined;

/**
 * Bundle the stylesheet and the islands with esbuild, once per process, in memory: the only
 * client code there is, minified, each under a name that changes with its content.
 */
export function buildAssets(): Promise<AssetManifest> {
  building ??= (async () => {
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
    return { urls, files };
  })();
  return building;
}
