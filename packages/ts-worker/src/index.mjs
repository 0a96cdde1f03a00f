/**
 * Loading a TypeScript file as a worker thread's module.
 *
 * A worker thread starts a fresh copy of Node that does not inherit the main
 * thread's loaders. On Node ≥ 22.18 that is fine: Node strips the types of a
 * `.ts` file itself. On Node 20 a `.ts` worker file fails to load, even when
 * the main thread runs under tsx.
 *
 * On Node 20 this helper therefore compiles the worker module (with the
 * TypeScript files it imports) to one plain `.mjs` file with esbuild, the
 * compiler tsx itself uses, and hands that file to the worker. We measured the
 * alternative, a shim that calls tsx's `tsImport` inside each worker: it
 * works, but every new thread then spends ~200 ms loading tsx before its first
 * task, which is most of the gain a pool of two copies can make at 5e6. A
 * compiled file starts like any JavaScript worker (~25 ms).
 *
 * This file is plain JavaScript (its types are in index.d.ts) so that it
 * loads anywhere, including in a worker thread on Node 20 that imports a
 * compiled exercise which in turn imports this package.
 *
 * @example
 * ```ts
 * import { Tinypool } from 'tinypool';
 * import { tsWorker } from '@spellbook/ts-worker';
 *
 * const pool = new Tinypool({ filename: tsWorker(new URL('./prime-worker.ts', import.meta.url)) });
 * ```
 *
 * @module
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readRunSettings } from '@spellbook/catalog/run-contract';
import { buildSync } from 'esbuild';

/** True when this Node strips TypeScript types by itself (Node ≥ 22.18, or earlier 22/23 with the flag). */
export function nodeStripsTypes() {
  return typeof (/** @type {{ typescript?: string | false }} */ (process.features).typescript) === 'string';
}

/** Compiled files already made by this process, by source path. */
/** @type {Map<string, string>} */
const compiled = new Map();

/**
 * Where compiled workers are kept: a cache folder inside the nearest
 * node_modules above the source, so that the packages the worker imports
 * resolve from there exactly as they would from the source file.
 */
/** @param {string} source @returns {string} */
function cacheFolder(source) {
  // The grader's sandbox lets a graded lesson write only in its scratch copy,
  // and names a folder there. The scratch copy sits inside the lesson's own
  // folder, so the compiled file's imports still resolve from the lesson's
  // node_modules.
  const chosen = readRunSettings().workerCache;
  if (chosen) return chosen;
  for (let dir = path.dirname(source); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) {
      return path.join(dir, 'node_modules', '.cache', 'spellbook-ts-workers');
    }
    if (path.dirname(dir) === dir) return path.join(tmpdir(), 'spellbook-ts-workers');
  }
}

/**
 * @param {string} entry
 * @param {{ metafile?: boolean, tsconfig?: string }} [options] - `tsconfig`: the settings
 *   to compile with, for a copy that no longer sits beside its own.
 */
function bundle(entry, { metafile = false, tsconfig } = {}) {
  return buildSync({
    entryPoints: [entry],
    ...(tsconfig ? { tsconfig } : {}),
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    metafile,
    logLevel: 'silent',
  });
}

const SCRIPT = /\.[cm]?[jt]sx?$/;

/** The tsconfig.json esbuild would use for `source`: the nearest one above it. */
/** @param {string} source @returns {string | undefined} */
function nearestTsconfig(source) {
  for (let dir = path.dirname(source); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'tsconfig.json');
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The module at `source` bundled into one file whose every `import.meta`
 * still names the file it was written in. The bundle lives in a cache
 * folder, so without this, `new URL('./other-worker.ts', import.meta.url)`
 * in a module loaded this way would name a file beside the bundle, which does
 * not exist. (esbuild's plugins, which could rewrite each file as it loads,
 * do not run in its synchronous API, and a worker's filename is needed at
 * once.) So where any file in the bundle uses `import.meta`, each of them is
 * copied, with its own URL, path and folder written in, to a scratch tree
 * that mirrors its absolute path, and that copy is bundled instead, with the
 * compiler settings of the tsconfig.json nearest the source.
 * @param {string} source @param {string} folder
 */
function bundleKeepingImportMeta(source, folder) {
  const first = bundle(source, { metafile: true });
  const inputs = Object.keys(first.metafile?.inputs ?? {}).map((input) => path.resolve(input));
  const scripts = inputs.filter((input) => SCRIPT.test(input));
  if (!scripts.some((input) => readFileSync(input, 'utf8').includes('import.meta'))) return first;
  const mirror = path.join(folder, `mirror-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const inMirror = (/** @type {string} */ file) =>
    path.join(mirror, path.resolve(file).replace(/^[A-Za-z]:/, ''));
  try {
    for (const input of inputs) {
      mkdirSync(path.dirname(inMirror(input)), { recursive: true });
      if (!SCRIPT.test(input)) {
        copyFileSync(input, inMirror(input));
        continue;
      }
      const text = readFileSync(input, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(input).href))
        .replaceAll('import.meta.filename', JSON.stringify(input))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(input)));
      writeFileSync(inMirror(input), text);
    }
    return bundle(inMirror(source), { tsconfig: nearestTsconfig(source) });
  } finally {
    rmSync(mirror, { recursive: true, force: true });
  }
}

/** @param {string} source @returns {string} */
function compile(source) {
  const folder = cacheFolder(source);
  const result = bundleKeepingImportMeta(source, folder);
  const code = result.outputFiles[0]?.text ?? '';
  const hash = createHash('sha256').update(source).update(code).digest('hex').slice(0, 16);
  const file = path.join(folder, `${path.basename(source).replace(/\.[^.]+$/, '')}-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(folder, { recursive: true });
    // Written under a temporary name and renamed, so two processes making the
    // same file at once never load half of it.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, `// Compiled by @spellbook/ts-worker from ${source}\n${code}`);
    renameSync(partial, file);
  }
  return file;
}

/**
 * A filename for `new Worker(...)` or Tinypool's `filename` that loads the
 * TypeScript module at `url` in a worker thread on any supported Node.
 *
 * @param {URL | string} url - the worker module: a `file:` URL (usually
 *   `new URL('./worker.ts', import.meta.url)`) or an absolute path.
 * @returns {string} the module's own path where Node strips types natively; otherwise
 *   the path of a compiled `.mjs` copy (made once per process, named by a
 *   hash of its contents).
 * @throws Error when the module does not compile, with esbuild's message.
 */
export function tsWorker(url) {
  const source = url instanceof URL || url.startsWith('file:') ? fileURLToPath(url) : path.resolve(url);
  if (nodeStripsTypes() || !/\.[cm]?tsx?$/.test(source)) return source;
  let file = compiled.get(source);
  if (file === undefined) {
    file = compile(source);
    compiled.set(source, file);
  }
  return file;
}
